"""A throw-away Debian 12 root to install the .deb into, as on a freshly set-up desk.

The root comes from packaging/linux/debian-root.sh (debootstrap once, then a pristine
copy from ~/.cache/kontor/). /proc, /dev and the X server's socket are bind-mounted so
apt, dpkg and the installed app work inside; apt's downloads are kept in the same cache
between runs. Every mount is undone on leaving, also after a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("KONTOR_CACHE", Path.home() / ".cache" / "kontor"))
USER_ID = 1500  # the desk's user, "jana"
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
           "LANG": "C.UTF-8"}


@dataclass
class DebianRoot:
    path: Path
    mounts: list[Path] = field(default_factory=list)

    def mount(self, *args: str, target: str) -> None:
        where = self.path / target
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *args, str(where)], check=True)
        self.mounts.append(where)

    def run(self, *command: str, user: bool = False, env: dict[str, str] | None = None,
            stdin: str | None = None, timeout: float = 600,
            ) -> subprocess.CompletedProcess[str]:
        """Run a command inside the root (as the desk's user with user=True), with only
        the environment given: nothing of this machine's leaks in."""
        return subprocess.run(self.command(*command, user=user, env=env), input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)

    def command(self, *command: str, user: bool = False,
                env: dict[str, str] | None = None) -> list[str]:
        base = dict(APT_ENV)
        if user:
            base.update(HOME="/home/jana", USER="jana", XDG_RUNTIME_DIR="/tmp/runtime-jana")
        spec = [f"--userspec={USER_ID}:{USER_ID}"] if user else []
        pairs = [f"{key}={value}" for key, value in {**base, **(env or {})}.items()]
        return ["chroot", *spec, str(self.path), "/usr/bin/env", "-i", *pairs, *command]

    def apt(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("apt-get", "-y", "-o", "Dpkg::Use-Pty=0", *args)

    def file(self, path: str) -> Path:
        return self.path / path.lstrip("/")

    def close(self) -> None:
        for where in reversed(self.mounts):
            if subprocess.run(["umount", str(where)], capture_output=True).returncode:
                subprocess.run(["umount", "-l", str(where)], check=True)
        self.mounts.clear()


@contextmanager
def debian_root(path: Path) -> Iterator[DebianRoot]:
    subprocess.run(["bash", str(REPO / "packaging" / "linux" / "debian-root.sh"), str(path)],
                   check=True, timeout=1200)
    root = DebianRoot(path)
    x_sockets = Path("/tmp/.X11-unix")
    x_sockets.mkdir(mode=0o1777, exist_ok=True)
    archives = CACHE / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    try:
        root.mount("-t", "proc", "proc", target="proc")
        root.mount("--bind", "/dev", target="dev")
        root.mount("--bind", "/dev/pts", target="dev/pts")
        root.mount("--bind", "/tmp/.X11-unix", target="tmp/.X11-unix")
        root.mount("--bind", str(archives), target="var/cache/apt/archives")
        # Keep the downloaded packages for the next run (apt deletes them by default).
        root.file("/etc/apt/apt.conf.d/99keep-debs").write_text(
            'Binary::apt::APT::Keep-Downloaded-Packages "true";\n')
        done = root.apt("update")
        assert done.returncode == 0, done.stdout + done.stderr
        done = root.run("useradd", "--create-home", "--uid", str(USER_ID), "--user-group",
                        "jana")
        assert done.returncode == 0, done.stderr
        runtime = root.file("/tmp/runtime-jana")
        runtime.mkdir(mode=0o700)
        os.chown(runtime, USER_ID, USER_ID)
        yield root
    finally:
        root.close()
        # Never delete through a mount that is still there (it could be the host's /dev).
        mounted = Path("/proc/mounts").read_text()
        if f" {path.resolve()}/" not in mounted:
            shutil.rmtree(path, ignore_errors=True)
