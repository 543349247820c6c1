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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KONTOR_PASSPHRASE", "screenshots-only")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QListWidget, QTabBar  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def pump(app: QApplication, rounds: int = 30) -> None:
    """Let the app work for rounds x 10 ms (never a hot processEvents() loop: see
    desktop/qt.py)."""
    from desktop.qt import run_event_loop_for

    run_event_loop_for(rounds * 10)


def click_rail(rail: QListWidget, name: str) -> None:
    """Open a screen as a person does: a click on its item in the navigation rail."""
    item = next(rail.item(i) for i in range(rail.count())
                if rail.item(i).data(Qt.ItemDataRole.UserRole) == name)
    QTest.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rail.visualItemRect(item).center())


def click_tab(tabs: QTabBar, index: int) -> None:
    QTest.mouseClick(tabs, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     tabs.tabRect(index).center())


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
            click_rail(window.rail, name)
            pump(app)
            if name == "who":
                QTest.keyClicks(window.views["who"].topic, "Reisekosten")  # type: ignore[attr-defined]
                pump(app)
            window.grab().save(str(OUT / f"{name}.png"))
            print(f"wrote {OUT / (name + '.png')}")
        click_rail(window.rail, "who")
        click_tab(window.views["who"].mode, 1)  # type: ignore[attr-defined]
        pump(app)
        window.grab().save(str(OUT / "register.png"))
        print(f"wrote {OUT / 'register.png'}")
        click_rail(window.rail, "start")
        lead = window.views["start"].lead  # type: ignore[attr-defined]
        QTest.mouseClick(lead.handover_button, Qt.MouseButton.LeftButton)
        wizard = lead.wizard
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
