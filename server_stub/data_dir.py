"""The data directory is the server's alone: 0700, and every file in it 0600.

It holds the database (every post, every private note, the password hashes), the
signing key and the configuration. `kontor-server` runs with umask 077 and creates
each file with an explicit mode; `serve` refuses to start over a directory that other
users of the machine could read, naming the path and the command that fixes it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # any right for the group or for others


class DataDirError(Exception):
    """The data directory is open to other users; the message says which path and the fix."""


def make_private_dir(data_dir: Path) -> None:
    """Create the directory (or take an existing one) and make it 0700."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(data_dir, DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty 0600 file unless it exists (an existing file keeps its mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def write_private_text(path: Path, text: str) -> None:
    """Write a new 0600 text file; refuses to overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def check_private(data_dir: Path) -> None:
    """Raise DataDirError when the directory or anything in it is open to other users."""
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    if mode & _OTHERS:
        raise DataDirError(
            f"the data directory {data_dir} is open to other users (mode {mode:04o}); "
            f"make it the server's alone with: chmod 700 {data_dir}")
    for path in sorted(data_dir.rglob("*")):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & _OTHERS:
            fix = "chmod 700" if stat.S_ISDIR(info.st_mode) else "chmod 600"
            raise DataDirError(
                f"{path} in the data directory is open to other users (mode {mode:04o}); "
                f"fix it with: {fix} {path} (or for all: chmod -R go-rwx {data_dir})")
