"""Photograph the main screens for the README into docs/screenshots/, in a real window.

The same path as tests/desktop/test_real_window.py: a demo company on a real server,
the app started as `make demo` starts it on a virtual X display of its own (Xvfb, the
xcb platform), every screen opened by a click on its item in the navigation rail
(xdotool) and photographed with ImageMagick's `import`; what each screen shows is
checked from the app's KONTOR_SCREEN_DUMP lines before the picture is taken.
The handover wizard (handover-wizard.png) is opened the way a lead opens it: a click on
"Hand over a position…" at the top of Start here, then the picture once its window is up.
Needs Xvfb, xdotool and ImageMagick (scripts/setup.sh installs them).
Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.desktop.real_window import EXPECTED, DesktopApp, VirtualScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
RAIL = ("start", "feed", "people", "who", "org", "hubs", "community", "spaces", "me")


def main() -> int:
    missing = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]
    if missing:
        print(f"missing: {', '.join(missing)} (run scripts/setup.sh)", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="kontor-shots-"))
    data = work / "server"
    subprocess.run([sys.executable, "-m", "server_stub.cli", "init", str(data), "--demo",
                    "--people", "300", "--server-name", "muenchen.kontor.local"], check=True,
                   stdout=subprocess.DEVNULL, cwd=ROOT)
    subprocess.run([sys.executable, "-m", "server_stub.cli", "hubs", "compute", str(data)],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # as make demo does
    server = subprocess.Popen([sys.executable, "-m", "server_stub.cli", "serve", str(data),
                               "--port", "0"], stdout=subprocess.PIPE, text=True,
                              stderr=subprocess.DEVNULL, cwd=ROOT)
    assert server.stdout is not None
    url = server.stdout.readline().split()[-1]
    screen = VirtualScreen().start()
    app = DesktopApp(screen, url, work / "app",
                     language=os.environ.get("KONTOR_LANGUAGE", "en"))
    (work / "app").mkdir()
    app.start()
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        screen.screenshot(OUT / f"{name}.png")
        print(f"wrote {OUT / (name + '.png')}")

    try:
        app.showing("start", EXPECTED["start"], timeout=120)
        for name in RAIL:
            app.open(name, EXPECTED[name])
            if name == "who":  # a question, as a person asks it
                app.click("Topic")
                screen.type("Reisekosten")
                app.open("org", EXPECTED["org"])  # back again: the answer is shown
                app.open("who", lambda s: s["answers"] > 0)
            shoot(name)
        app.open("who", lambda s: s["answers"] > 0)
        app.click("tab:Register")
        app.open("org", EXPECTED["org"])
        app.open("who", lambda s: s["mode"] == "register")
        shoot("register")
        app.open("start", EXPECTED["start"])
        app.click("Hand over a position")
        screen.focus("Hand over a position")  # waits until the wizard's window is shown
        shoot("handover-wizard")
        screen.keys("Escape")
    finally:
        app.stop()
        screen.stop()
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
