"""The app in a real X window, driven as a person drives it: its own Xvfb display, the
app started as `make demo` starts it (python -m desktop.demo, a real server), clicks
and keys sent by xdotool, screenshots by ImageMagick's `import`.

What the window shows is read from KONTOR_SCREEN_DUMP (desktop/diagnostics.py), the
app's own diagnostic line per screen shown. Used by tests/desktop/test_real_window.py
and scripts/screenshots.py; needs Xvfb, xdotool and ImageMagick (scripts/setup.sh).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool", "import")
SIZE = (1280, 800)
SIZES = ((1280, 800), (1920, 1080))  # a common laptop, a common office monitor


def wait_for(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll for a condition the app or X will make true (a file, a line)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError(f"waited {timeout:.0f} s for {what}")


@dataclass
class VirtualScreen:
    number: int = 0  # chosen by Xvfb itself at start (-displayfd): parallel runs never collide
    size: tuple[int, int] = SIZE
    process: subprocess.Popen[bytes] | None = None

    @property
    def display(self) -> str:
        return f":{self.number}"

    def start(self) -> VirtualScreen:
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0",
             f"{self.size[0]}x{self.size[1]}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end) as announced:
            line = announced.readline().strip()  # Xvfb writes its number once it listens
        if not line:
            raise RuntimeError("Xvfb did not start (no display number announced)")
        self.number = int(line)
        wait_for("Xvfb", lambda: Path(f"/tmp/.X11-unix/X{self.number}").exists(), 10)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def run(self, *command: str) -> None:
        subprocess.run(command, check=True, env={**os.environ, "DISPLAY": self.display},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def click(self, x: int, y: int) -> None:
        self.run("xdotool", "mousemove", "--sync", str(x), str(y), "click", "1")

    def focus(self, title: str) -> None:
        """Give a window the keyboard (there is no window manager to do it on a click)."""
        self.run("xdotool", "search", "--sync", "--onlyvisible", "--name", title,
                 "windowfocus", "--sync", "%1")

    def fill(self, title: str) -> None:
        """Make the window as large as the screen, as a person maximises it (Xvfb has
        no window manager to do it)."""
        self.run("xdotool", "search", "--sync", "--onlyvisible", "--name", title,
                 "windowmove", "--sync", "%1", "0", "0",
                 "windowsize", "--sync", "%1", str(self.size[0]), str(self.size[1]))

    def keys(self, *keys: str) -> None:
        self.run("xdotool", "key", "--delay", "50", *keys)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "20", text)

    def screenshot(self, out: Path) -> Path:
        self.run("import", "-window", "root", str(out))
        return out


@dataclass
class DesktopApp:
    """python -m desktop.demo URL PROFILE USER, as scripts/demo.sh runs it."""

    screen: VirtualScreen
    url: str
    home: Path  # the profile, the user's settings and the dump live here
    user: str = "jana.schroeder"
    language: str = "en"
    appearance: str = "light"  # light | dark | system (desktop/style.py)
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. an accessibility bus
    process: subprocess.Popen[bytes] | None = None

    @property
    def dump(self) -> Path:
        return self.home / "screens.jsonl"

    def start(self) -> DesktopApp:
        config = self.home / "config"
        (config / "Kontor").mkdir(parents=True, exist_ok=True)
        (config / "Kontor" / "Kontor.conf").write_text(
            f"[General]\nlanguage={self.language}\nappearance={self.appearance}\n",
            encoding="utf-8")
        env = {**os.environ, "DISPLAY": self.screen.display, "QT_QPA_PLATFORM": "xcb",
               "XDG_CONFIG_HOME": str(config),
               "KONTOR_MANAGED_CONFIG": str(self.home / "no-managed.ini"),
               # No OS keyring here: the cache key comes from the demo's passphrase,
               # as `make demo` does on a bare Linux session.
               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
               "KONTOR_PASSPHRASE": "real-window-test",
               "KONTOR_SCREEN_DUMP": str(self.dump), **self.extra_env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desktop.demo", self.url, str(self.home / "profile"),
             self.user], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            self.process = None

    def lines(self) -> list[dict[str, Any]]:
        if not self.dump.exists():
            return []
        text = self.dump.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.endswith("}")]

    def showing(self, screen: str, check: Callable[[dict[str, Any]], bool],
                timeout: float = 60.0) -> dict[str, Any]:
        """Wait until the window's latest line is `screen` showing what check wants."""
        def latest() -> dict[str, Any] | None:
            if self.process is not None and self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"the app ended ({self.process.returncode}): {err[-2000:]}")
            lines = self.lines()
            last = lines[-1] if lines else None
            if last and last["screen"] == screen and last["visible"] and check(last["shows"]):
                return last
            return None

        found: dict[str, Any] = wait_for(f"{screen} to show its data", latest, timeout)
        return found

    def fill_screen(self) -> dict[str, Any]:
        """The window as large as the screen, once it has said so in a dump line."""
        self.screen.fill("Kontor")
        width, height = self.screen.size

        def filled() -> dict[str, Any] | None:
            lines = self.lines()
            last = lines[-1] if lines else None
            return last if last and last["window"][2:] == [width, height] else None

        found: dict[str, Any] = wait_for("the window to fill the screen", filled, 20)
        return found

    def click(self, control: str) -> None:
        """Click a named control of the current screen (a button, a field, "tab:Name")."""
        lines = self.lines()
        assert lines, "the window has not shown itself yet"
        x, y = lines[-1]["controls"][control]
        self.screen.click(x, y)

    def open(self, screen: str, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Click the screen's item in the navigation rail, where the window says it is."""
        lines = self.lines()
        assert lines, "the window has not shown itself yet"
        x, y = lines[-1]["rail"][screen]
        self.screen.click(x, y)
        return self.showing(screen, check)


# What each screen holds once the demo company is in the cache, from its dump line.
EXPECTED: dict[str, Callable[[dict[str, Any]], bool]] = {
    "start": lambda s: (s["greeting"].startswith(("Good", "Hello", "Guten", "Hallo"))
                        and "team" in s["sections"]),
    "feed": lambda s: s["posts"] > 0 and s["cards"] > 0 and s["post_in"] != "",
    "people": lambda s: s["people"] > 0 and s["card"] != "",
    "who": lambda s: s["hint"] != "",
    "org": lambda s: s["units"] > 0 and s["seats"] > 0 and s["heading"] != "",
    "spaces": lambda s: s["spaces"] > 0,
    "hubs": lambda s: s["units"] > 0 and s["rows"] > 0,
    # the demo user is the demo's community manager
    "community": lambda s: s["series"] == 3 and s["units"] > 0 and s["groups"] > 1,
    "me": lambda s: s["name"] != "" and s["connections"] > 0,
}
