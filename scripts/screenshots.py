"""Render the main screens offscreen into docs/screenshots/ for the README.

Starts a real server on a demo company, signs a fresh profile in, syncs, opens the app
offscreen and grabs each screen. Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KONTOR_PASSPHRASE", "screenshots-only")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def pump(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)  # never a hot processEvents() loop: PySide6 leaks None refs


def main() -> int:
    from desktop.app import Kontor
    from desktop.i18n import install_translations
    from desktop.settings import AppSettings
    from sync.session import ProfileSession

    work = Path(tempfile.mkdtemp(prefix="kontor-shots-"))
    data = work / "server"
    subprocess.run([sys.executable, "-m", "server_stub.cli", "init", str(data), "--demo",
                    "--people", "300", "--server-name", "muenchen.kontor.local"], check=True,
                   stdout=subprocess.DEVNULL)
    server = subprocess.Popen([sys.executable, "-m", "server_stub.cli", "serve", str(data),
                               "--port", "0"], stdout=subprocess.PIPE, text=True,
                              stderr=subprocess.DEVNULL)
    assert server.stdout is not None
    url = server.stdout.readline().split()[-1]
    try:
        async def sign_in() -> None:
            session = ProfileSession.open(work / "profile")
            await session.login(url, "jana.schroeder", "kontor-demo", "screenshots")
            client = session.client()
            await session.engine(client).sync_once()
            await client.close()
            session.close()

        asyncio.run(sign_in())
        app = QApplication(sys.argv[:1])
        install_translations(app, os.environ.get("KONTOR_LANGUAGE", "en"))
        os.environ["KONTOR_MANAGED_CONFIG"] = str(work / "none.ini")
        settings = AppSettings.load(QSettings(str(work / "user.ini"), QSettings.Format.IniFormat))
        kontor = Kontor(work / "profile", settings, interactive=False)
        kontor.start()
        while kontor.window is None:
            pump(app, 1)
        window = kontor.window
        window.resize(1280, 800)
        window.show()
        OUT.mkdir(parents=True, exist_ok=True)
        for name in ("start", "feed", "people", "who", "org", "spaces", "me"):
            window.show_screen(name)
            pump(app)
            if name == "who":
                window.views["who"].show_topic("Reisekosten")  # type: ignore[attr-defined]
                pump(app)
            window.grab().save(str(OUT / f"{name}.png"))
            print(f"wrote {OUT / (name + '.png')}")
        window.show_screen("who")
        window.views["who"].mode.setCurrentIndex(1)  # type: ignore[attr-defined]
        pump(app)
        window.grab().save(str(OUT / "register.png"))
        print(f"wrote {OUT / 'register.png'}")
        wizard = window.views["start"].lead.open_wizard()  # type: ignore[attr-defined]
        wizard.resize(760, 560)
        pump(app)
        wizard.grab().save(str(OUT / "handover-wizard.png"))
        print(f"wrote {OUT / 'handover-wizard.png'}")
        wizard.reject()
        kontor.stop()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
