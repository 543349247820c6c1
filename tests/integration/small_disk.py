"""A small file system of its own for disk-full tests: a tmpfs the test mounts.

Mounting needs root (or password-less sudo), as the package tests do; without either
the test fails with a sentence saying so rather than pretending a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _privileged(*argv: str) -> None:
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise RuntimeError("disk-full tests mount a tmpfs: run them as root or with sudo")
        prefix = ["sudo", "-n"]
    subprocess.run([*prefix, *argv], check=True, capture_output=True)


@contextlib.contextmanager
def small_disk(where: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of the given size mounted at `where`, owned by the current user."""
    where.mkdir(parents=True, exist_ok=True)
    _privileged("mount", "-t", "tmpfs", "-o",
                f"size={megabytes}m,mode=0700,uid={os.getuid()},gid={os.getgid()}",
                "tmpfs", str(where))
    try:
        yield where
    finally:
        _privileged("umount", "-l", str(where))


def fill(disk: Path, leave_bytes: int, name: str = "filler.bin") -> Path:
    """Fill the disk with one file until only about leave_bytes stay free (a second
    name tops up a disk filled before: the same name would first free its space)."""
    filler = disk / name
    free = shutil.disk_usage(disk).free
    with filler.open("wb", buffering=0) as out:
        remaining = max(0, free - leave_bytes)
        chunk = b"\0" * (1 << 20)
        while remaining > 0:
            try:
                written = out.write(chunk[:remaining])
            except OSError as error:  # the app wrote meanwhile: the disk is full all the same
                if error.errno != errno.ENOSPC:
                    raise
                break
            if not written:
                break
            remaining -= written
    return filler
