"""`make demo` and `make demo-sites` as a newcomer runs them: the real scripts, real
servers, stopped the way a person stops them (Ctrl+C or SIGTERM to the script)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import processes
from tests.integration.federation_support import free_port

REPO = Path(__file__).parents[2]
VENV = Path(sys.executable).parent.parent  # the scripts take the venv, as make gives it
ENV = {k: v for k, v in os.environ.items()
       if not k.startswith("KONTOR_") and k not in ("DISPLAY", "WAYLAND_DISPLAY")}


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def port_free(port: int) -> bool:
    """Nothing answers there, and a new server could listen there (as servers do, with
    SO_REUSEADDR: closed connections of the old one may linger in TIME_WAIT)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
        return True


def servers_under(root: Path) -> list[int]:
    """Pids of `kontor-server serve` processes whose data directory lies under root."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and any(a.startswith(str(root).encode()) for a in args):
            found.append(int(entry.name))
    return found


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def script_runner() -> Iterator[list[subprocess.Popen[str]]]:
    """Started scripts, each in its own process group, so nothing outlives a failed test."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        processes.reap(proc)  # the whole group: servers the script left behind too


def start(runner: list[subprocess.Popen[str]], script: str,
          env: dict[str, str]) -> subprocess.Popen[str]:
    proc = processes.start(["bash", f"scripts/{script}"], cwd=REPO, env={**ENV, **env},
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    runner.append(proc)
    return proc


class TestDemoSites:
    def test_sigterm_to_the_script_stops_both_servers(
        self, tmp_path: Path, script_runner: list[subprocess.Popen[str]]
    ) -> None:
        muc, ham = free_port(), free_port()
        proc = start(script_runner, "demo-sites.sh", {
            "VENV": str(VENV), "DEMO_SITES_DIR": str(tmp_path / "sites"), "DEMO_PEOPLE": "50",
            "MUC_PORT": str(muc), "HAM_PORT": str(ham)})
        wait_until(lambda: healthy(muc) and healthy(ham), 180, "both demo sites")
        assert len(servers_under(tmp_path)) == 2
        proc.send_signal(signal.SIGTERM)  # to the script only, not to its process group
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        wait_until(lambda: not servers_under(tmp_path), 10, "both servers to end")
        assert port_free(muc) and port_free(ham)
        assert "sign in as jana.schroeder" in out


class TestDemoWithoutDisplay:
    def test_the_server_keeps_serving_and_says_the_app_needs_a_display(
        self, tmp_path: Path, script_runner: list[subprocess.Popen[str]]
    ) -> None:
        port = free_port()
        proc = start(script_runner, "demo.sh", {
            "VENV": str(VENV), "DEMO_DIR": str(tmp_path / "demo"), "DEMO_PEOPLE": "50",
            "DEMO_PORT": str(port)})
        wait_until(lambda: healthy(port), 180, "the demo server")
        time.sleep(2)  # an app would have started by now
        assert proc.poll() is None and healthy(port)  # still serving
        assert not (tmp_path / "demo" / "desktop-profile").exists()  # no app started
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            raise AssertionError("the script did not end after Ctrl+C:\n" + process_states(
                proc.pid)) from None
        assert proc.returncode == 0, out
        assert f"runs at http://127.0.0.1:{port}" in out
        assert "No display found, and the desktop app needs one" in out
        wait_until(lambda: not servers_under(tmp_path), 10, "the server to end")
        assert port_free(port)


def process_states(group: int) -> str:
    """Each process of the group: its command, state and signal masks (blocked and
    ignored signals are inherited, and a shell cannot trap one ignored at its start)."""
    lines = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if os.getpgid(int(status.parent.name)) != group:
                continue
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
            command = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ValueError):
            continue
        lines.append(f"{status.parent.name} {fields.get('State', '').strip()} "
                     f"blocked {fields.get('SigBlk', '').strip()} "
                     f"ignored {fields.get('SigIgn', '').strip()}: {command.decode()[:120]}")
    return "\n".join(lines) or "(no process left in the group)"


class TestQtLibraries:
    def test_set_up_leaves_the_xcb_platform_ready_for_a_desktop(self) -> None:
        """`make demo` on a Linux desktop uses Qt's xcb platform: its libraries must be
        there even when set-up ran without a display."""
        done = subprocess.run(["bash", "scripts/ensure-qt-libs.sh", sys.executable, "--check"],
                              cwd=REPO, env=ENV, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
