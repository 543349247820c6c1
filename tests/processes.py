"""Processes the tests start (`kontor-server serve`, a demo script) never outlive them.

A test that fails, a fixture whose teardown never runs, pytest stopped by an error or
killed outright: none of it may leave a server behind spinning on its own. Every
process started here
- runs in a process group of its own, and is stopped as a group (a script's servers
  with it);
- is killed (the whole group) when the test run ends, however it ends in Python
  (atexit), and when its Popen object is collected (a finaliser);
- starts with Ctrl+C (SIGINT) and SIGQUIT at their defaults, however the tests were
  started;
- on Linux, is killed by the kernel when the thread that started it dies, even by
  SIGKILL (PR_SET_PDEATHSIG), so start a process from the thread that outlives it
  (the test's own thread, as every fixture does).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import weakref
from collections.abc import Sequence
from typing import Any

_PR_SET_PDEATHSIG = 1
_running: dict[int, subprocess.Popen[Any]] = {}


def _as_from_a_terminal() -> None:  # runs in the child, between fork and exec
    """Ctrl+C and Ctrl+\\ at their defaults, as a terminal starts a program: a test run
    started in the background (`make test &`) ignores both, every child inherits that,
    and a shell cannot trap a signal that was ignored when it started."""
    for number in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def kill_group(pid: int) -> None:
    """SIGKILL to the process group a process of ours leads (gone already: nothing)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def start(argv: Sequence[str], **popen: Any) -> subprocess.Popen[Any]:
    """subprocess.Popen(argv, **popen), in a group of its own that dies with the tests."""
    process: subprocess.Popen[Any] = subprocess.Popen(
        list(argv), start_new_session=True, preexec_fn=_as_from_a_terminal, **popen)
    _running[process.pid] = process
    weakref.finalize(process, kill_group, process.pid)
    return process


def stop(process: subprocess.Popen[Any], timeout: float = 10.0) -> int:
    """SIGTERM to the process, SIGKILL to its group if it has not ended in time (and to
    whatever of the group is left either way); returns its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    return reap(process)


def reap(process: subprocess.Popen[Any]) -> int:
    """Kill what is left of the process's group and wait for the process."""
    kill_group(process.pid)
    code = process.wait()
    _running.pop(process.pid, None)
    return code


@atexit.register
def _reap_all() -> None:
    for process in list(_running.values()):
        kill_group(process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
