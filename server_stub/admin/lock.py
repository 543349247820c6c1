"""The serve lock: a running server holds it, so a restore cannot swap its database.

An advisory lock (flock) on DATA_DIR/kontor.lock: the kernel drops it when the process
ends, however it ends, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = "kontor.lock"


class DataDirBusy(Exception):
    """Another process (a running server, another restore) holds the data directory."""


@contextlib.contextmanager
def hold(data_dir: Path) -> Iterator[None]:
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataDirBusy(
                f"a Kontor server (or a restore) is running on {data_dir}; stop it first"
            ) from None
        yield
    finally:
        os.close(fd)
