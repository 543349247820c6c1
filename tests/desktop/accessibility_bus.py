"""A private D-Bus session with the AT-SPI accessibility bus, as a Linux desktop session
has one: a session bus of our own (dbus-daemon, nothing on it can be auto-started) and
at-spi2-core's bus launcher on it, which starts the accessibility bus and its registry.

An app started with `env()` finds the accessibility bus the way it does on a desktop:
Qt asks the session bus for org.a11y.Bus and connects to the address it gives
(QT_LINUX_ACCESSIBILITY_ALWAYS_ON: Qt exposes its tree even with no screen reader
announced). A screen reader, here tests/desktop/accessible_tree.py, asks the same.

Needs dbus-daemon and at-spi2-core (scripts/setup.sh installs them on Debian/Ubuntu).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.desktop.real_window import wait_for

# Where Debian, Ubuntu and Fedora put at-spi2-core's launcher (it is not on PATH).
LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher",
             "/usr/lib/at-spi-bus-launcher")
INSTALL = ("install dbus-daemon and at-spi2-core (`make setup` does on Debian and Ubuntu: "
           "apt-get install dbus at-spi2-core)")

# No <servicedir>: nothing is started on demand, only what this session starts itself.
BUS_CONFIG = """<busconfig><type>session</type><listen>unix:path={socket}</listen>
<auth>EXTERNAL</auth><policy context="default">
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>
"""


def launcher() -> str | None:
    return next((path for path in LAUNCHERS if os.access(path, os.X_OK)), None)


def missing_tools() -> str:
    """A sentence saying what to install, or "" when everything is there."""
    missing = [name for name, found in (("dbus-daemon", shutil.which("dbus-daemon")),
                                        ("at-spi-bus-launcher", launcher())) if not found]
    return f"{' and '.join(missing)} not found: {INSTALL}" if missing else ""


@dataclass
class AccessibilitySession:
    """The session bus and the accessibility bus; stop() ends both and what they started."""

    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="a11y-")))
    session_address: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> AccessibilitySession:
        problem = missing_tools()
        assert not problem, problem
        run = self.directory / "run"
        run.mkdir(mode=0o700)
        config = self.directory / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=run / "bus"), encoding="utf-8")
        address_file = self.directory / "address"
        with address_file.open("wb") as out:
            self.processes.append(subprocess.Popen(
                ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
                 "--print-address=1"], stdout=out, stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL))
        self.session_address = wait_for(
            "the session bus", lambda: address_file.read_text().strip().splitlines()[0]
            if address_file.read_text().strip() else "", 10)
        # The launcher makes the accessibility bus (its own dbus-daemon, its socket in
        # XDG_RUNTIME_DIR) and, at once, the registry on it that lists the applications.
        self.processes.append(subprocess.Popen(
            [str(launcher()), "--launch-immediately", "--a11y=1"],
            env={**self._base_env(), "XDG_RUNTIME_DIR": str(run)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL))
        return self

    def _base_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if key not in ("DISPLAY", "WAYLAND_DISPLAY", "AT_SPI_BUS_ADDRESS")}
        env["DBUS_SESSION_BUS_ADDRESS"] = self.session_address
        return env

    def env(self) -> dict[str, str]:
        """What an app in this session is started with."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.session_address,
                "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                "XDG_RUNTIME_DIR": str(self.directory / "run")}

    def stop(self) -> None:
        for process in reversed(self.processes):  # the launcher first: it ends its bus
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.processes.clear()
        shutil.rmtree(self.directory, ignore_errors=True)
