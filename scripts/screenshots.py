"""Photograph every screen into docs/screenshots/, in a real window: light and dark,
German and English, at 1280x800 and 1920x1080.

The same path as tests/desktop/test_real_window.py: a demo company on a real server,
the app started as `make demo` starts it on a virtual X display of its own (Xvfb, the
xcb platform) at the size asked for, the window made as large as the screen (xdotool,
as a person maximises it), every screen opened by a click on its item in the
navigation rail and photographed with ImageMagick's `import`; what each screen shows
is checked from the app's KONTOR_SCREEN_DUMP lines before the picture is taken.

The README's pictures (docs/screenshots/<screen>.png) are the light English ones at
1280x800; every other combination goes to docs/screenshots/<scheme>-<language>-<size>/.
The before-*.png pictures are the app as it looked before its visual language and are
kept for comparison. The handover wizard (handover-wizard.png, README combination only)
is opened the way a lead opens it: a click on "Hand over a position…" at the top of
Start here, then the picture once its window is up; mentions-completion.png (README
combination too) is the Feed with "@Ma" typed into the compose box. Needs Xvfb,
xdotool and ImageMagick (scripts/setup.sh installs them).

Run: .venv/bin/python scripts/screenshots.py [--schemes light,dark] [--languages en,de]
     [--sizes 1280x800,1920x1080]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.desktop.real_window import EXPECTED, SIZES, DesktopApp, VirtualScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
RAIL = ("start", "feed", "people", "who", "org", "hubs", "community", "spaces", "me")
README = ("light", "en", (1280, 800))  # the combination the README shows


def folder(scheme: str, language: str, size: tuple[int, int]) -> Path:
    if (scheme, language, size) == README:
        return OUT
    return OUT / f"{scheme}-{language}-{size[0]}x{size[1]}"


def mention_list(app: DesktopApp, screen: VirtualScreen) -> None:
    """The Feed with "@Ma" typed into the compose box: the list of colleagues it may
    mean, open under the caret (it has no dump line of its own, so a moment for the
    list to show after the last key)."""
    app.open("feed", EXPECTED["feed"])
    app.click("New post" if app.language == "en" else "Neuer Beitrag")
    screen.type("Kommt jemand mit zum Sommerfest? @Ma")
    time.sleep(1.0)


def photograph(url: str, work: Path, scheme: str, language: str,
               size: tuple[int, int]) -> None:
    """Every screen of one combination, each checked before it is taken."""
    out = folder(scheme, language, size)
    out.mkdir(parents=True, exist_ok=True)
    home = work / f"app-{scheme}-{language}-{size[0]}"
    home.mkdir()
    screen = VirtualScreen(size=size).start()
    app = DesktopApp(screen, url, home, language=language, appearance=scheme)
    app.start()

    def shoot(name: str) -> None:
        screen.screenshot(out / f"{name}.png")
        print(f"wrote {out / (name + '.png')}")

    try:
        first = app.showing("start", EXPECTED["start"], timeout=120)
        assert first["scheme"] == scheme, first["scheme"]
        app.fill_screen()
        topic = "Topic" if language == "en" else "Thema"
        for name in RAIL:
            app.open(name, EXPECTED[name])
            if name == "who":  # a question, as a person asks it
                app.click(topic)
                screen.type("Reisekosten")
                app.open("org", EXPECTED["org"])  # back again: the answer is shown
                app.open("who", lambda s: s["answers"] > 0)
            shoot(name)
        app.open("who", lambda s: s["answers"] > 0)
        app.click("tab:Register")  # the same word in German
        app.open("org", EXPECTED["org"])
        app.open("who", lambda s: s["mode"] == "register")
        shoot("register")
        if (scheme, language, size) == README:
            app.open("start", EXPECTED["start"])
            app.click("Hand over a position")
            screen.focus("Hand over a position")  # waits until the wizard's window is up
            shoot("handover-wizard")
            screen.keys("Escape")
            mention_list(app, screen)
            shoot("mentions-completion")
            screen.keys("Escape")
    finally:
        app.stop()
        screen.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--languages", default="en,de")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    args = parser.parse_args(argv)
    missing = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]
    if missing:
        print(f"missing: {', '.join(missing)} (run scripts/setup.sh)", file=sys.stderr)
        return 1
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
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
    try:
        for scheme, language, size in itertools.product(
                args.schemes.split(","), args.languages.split(","), sizes):
            photograph(url, work, scheme, language, (size[0], size[1]))
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
