"""The serve lock: a running server holds it, so a restore cannot swap its database.

An advisory lock (flock) on DATA_DIR/kontor.lock: the kernel drops it when the process
ends, however it ends, so a crash never leaves a stale lock behind.

On PostgreSQL several serve processes may share one data directory (docs/admin.md,
"Several serve processes"): each holds the lock shared, and a restore, which needs it
alone, still finds it taken while any of them runs.
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
def hold(data_dir: Path, shared: bool = False) -> Iterator[None]:
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataDirBusy(
                f"a Kontor server (or a restore) is running on {data_dir}; stop it first"
            ) from None
        yield
    finally:
        os.close(fd)
