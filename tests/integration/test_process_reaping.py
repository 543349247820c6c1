"""A `kontor-server serve` a test started never outlives the test run (tests/processes.py),
however the run ends: an exception that ends pytest, or pytest killed outright.

Each case starts a stand-in for the test run (a Python process) that starts a real
server through tests/processes.py, waits until it listens, tells its pid and then
dies; the test waits for the server to be gone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RUN = """
import os, signal, subprocess, sys
sys.path.insert(0, {repo!r})
from tests import processes

server = processes.start(
    [sys.executable, "-m", "server_stub.cli", "serve", {data!r}, "--host", "127.0.0.1",
     "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = server.stdout.readline()
assert line.startswith("listening on"), line
print(server.pid, flush=True)
if sys.argv[1] == "raise":
    raise RuntimeError("a test run that ends in an error")
os.kill(os.getpid(), signal.SIGKILL)
"""


def running(pid: int) -> bool:
    """Alive and not a zombie (a zombie uses no CPU; its parent is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pid: int, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "server_stub.cli", "init", str(data),
                    "--server-name", "reap.test"], cwd=REPO, check=True, capture_output=True)
    return data


@pytest.mark.parametrize(("how", "exit_code"), [("raise", 1), ("kill", -9)])
def test_the_server_dies_with_the_test_run(data_dir: Path, how: str, exit_code: int) -> None:
    run = subprocess.Popen([sys.executable, "-c", RUN.format(repo=str(REPO),
                                                             data=str(data_dir)), how],
                           cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    out, err = run.communicate(timeout=60)
    assert run.returncode == exit_code, err
    server = int(out.split()[0])
    try:
        assert wait_gone(server), f"kontor-server serve ({server}) outlived the test run"
    finally:
        if running(server):
            os.kill(server, 9)
