"""The .deb installed as IT would: on a clean Debian 12, with apt, then upgraded,
removed and purged, with IT's own managed.ini in /etc the whole time.

Each step checks what IT checks: the dependencies resolve from Debian's archive, every
library of the bundle is found, kontorctl signs in to a live server and finds people,
the desktop app opens a signed-in window on an X display, an unattended upgrade asks
nothing and keeps /etc/xdg/kontor/managed.ini byte for byte, and removing the package
removes its files and nothing of IT's or the user's.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.package.conftest import OUT, REPO, record
from tests.package.debian_root import DebianRoot, debian_root

pytestmark = pytest.mark.package

PASSPHRASE = "Kontor auf diesem Rechner"
DEMO_USER, DEMO_PASSWORD = "jana.schroeder", "kontor-demo"
IT_MANAGED_INI = (b"; edited by IT, 2026-11-30 (ticket 4711)\n[kontor]\n"
                  b"server_url = https://kontor.muenchen.example.com\n"
                  b"server_url_locked = true\nlanguage   = de\n")
GLIBC_FLOOR = (2, 35)  # the Depends says libc6 (>= 2.35)


def version_of(upstream_revision: int) -> str:
    text = (REPO / "pyproject.toml").read_text()
    upstream = re.search(r'^version = "(.+)"', text, re.M).group(1)  # type: ignore[union-attr]
    return f"{upstream}-{upstream_revision}"


@pytest.fixture(scope="module")
def debs(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The package and a newer build of it (the next package revision)."""
    out = tmp_path_factory.mktemp("debs")
    made = {}
    for name, revision in (("first", 1), ("newer", 2)):
        version = version_of(revision)
        subprocess.run(["bash", str(REPO / "packaging" / "linux" / "build-deb.sh"),
                        str(bundle), str(out)], check=True, timeout=600,
                       stdout=subprocess.DEVNULL,
                       env={**os.environ, "VERSION": version, "DEB_COMPRESS": "zstd"})
        made[name] = out / f"kontor_{version}_amd64.deb"
    record(".deb size (zstd, as tested)", f"{made['first'].stat().st_size >> 20} MiB")
    return made


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DebianRoot]:
    started = time.monotonic()
    with debian_root(tmp_path_factory.mktemp("desk") / "root") as made:
        record("clean Debian 12 root ready", f"{time.monotonic() - started:.0f} s")
        yield made


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live Kontor server from the checkout with the demo company, on loopback."""
    data = tmp_path_factory.mktemp("server") / "data"
    cli = [sys.executable, "-m", "server_stub.cli"]
    subprocess.run([*cli, "init", str(data), "--demo"], check=True, cwd=REPO,
                   capture_output=True, timeout=300)
    process = subprocess.Popen([*cli, "serve", str(data), "--port", "0"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        prefix = "listening on http://127.0.0.1:"
        assert first.startswith(prefix), first
        yield f"http://127.0.0.1:{int(first.removeprefix(prefix))}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """An X server for the installed app (the socket is mounted into the root)."""
    number = next(n for n in range(57, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


def installed_version(root: DebianRoot) -> str:
    done = root.run("dpkg-query", "-W", "-f", "${db:Status-Abbrev}${Version}", "kontor")
    return done.stdout.strip() if done.returncode == 0 else ""


def x_windows(display: str, name: str) -> list[str]:
    done = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                          capture_output=True, text=True, env={**os.environ, "DISPLAY": display})
    return done.stdout.split()


def copy_into(root: DebianRoot, deb: Path) -> str:
    inside = f"/tmp/{deb.name}"
    root.file(inside).write_bytes(deb.read_bytes())
    return inside


class TestDebContents:
    def test_its_desktop_entry_and_appstream_metadata_are_valid(
            self, debs: dict[str, Path], tmp_path: Path) -> None:
        subprocess.run(["dpkg-deb", "-x", str(debs["first"]), str(tmp_path)], check=True)
        entry = tmp_path / "usr/share/applications/de.kontor.Kontor.desktop"
        done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                              text=True)
        assert done.returncode == 0 and done.stdout == "", done.stdout
        metainfo = tmp_path / "usr/share/metainfo/de.kontor.Kontor.metainfo.xml"
        done = subprocess.run(["appstreamcli", "validate", "--no-net", "--pedantic",
                               str(metainfo)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout

    def test_its_changelog_names_the_version(self, debs: dict[str, Path],
                                             tmp_path: Path) -> None:
        subprocess.run(["dpkg-deb", "-x", str(debs["newer"]), str(tmp_path)], check=True)
        changelog = tmp_path / "usr/share/doc/kontor/changelog.Debian.gz"
        assert gzip.decompress(changelog.read_bytes()).decode().startswith(
            f"kontor ({version_of(2)}) ")


class TestDebOnACleanDebian12:
    def test_apt_installs_it_with_its_dependencies(self, root: DebianRoot,
                                                   debs: dict[str, Path]) -> None:
        started = time.monotonic()
        done = root.apt("install", copy_into(root, debs["first"]))
        record("apt-get install on a clean Debian 12 (with dependencies)",
               f"{time.monotonic() - started:.0f} s")
        assert done.returncode == 0, done.stdout + done.stderr
        assert installed_version(root) == f"ii {version_of(1)}"
        assert os.readlink(root.file("/usr/bin/kontor")) == "/opt/kontor/kontor"
        assert os.readlink(root.file("/usr/bin/kontorctl")) == "/opt/kontor/kontorctl"
        for shipped in ("/usr/share/applications/de.kontor.Kontor.desktop",
                        "/usr/share/icons/hicolor/scalable/apps/de.kontor.Kontor.svg",
                        "/usr/share/metainfo/de.kontor.Kontor.metainfo.xml",
                        "/usr/share/doc/kontor/copyright",
                        "/usr/share/doc/kontor/changelog.Debian.gz",
                        "/usr/share/doc/kontor/examples/managed.ini"):
            assert root.file(shipped).is_file(), shipped
        files = root.run("dpkg", "-L", "kontor").stdout.split()
        assert not [path for path in files if path.startswith("/etc")]
        conffiles = root.run("dpkg-query", "-W", "-f", "${Conffiles}", "kontor")
        assert conffiles.stdout.strip() == ""
        assert "/opt/kontor/_internal/server_stub" not in files
        installed = root.run("du", "-sm", "/opt/kontor").stdout.split()[0]
        record("installed size (du -sm /opt/kontor)", f"{installed} MiB")
        assert int(installed) <= 170  # Qt, plus numpy/pyqtgraph (Community) and Pillow

    def test_every_library_of_the_bundle_is_found(self, root: DebianRoot) -> None:
        done = root.run("sh", "-c", "find /opt/kontor -type f \\( -name '*.so*' -o -perm -u+x \\)"
                        " -exec ldd {} + 2>&1")
        missing = sorted({line.strip() for line in done.stdout.splitlines()
                          if "not found" in line})
        assert missing == []

    def test_the_bundle_needs_no_newer_glibc_than_it_depends_on(self, bundle: Path) -> None:
        versions = set()
        for path in bundle.rglob("*"):
            if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
                symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True,
                                         text=True).stdout
                versions |= {tuple(map(int, v.split(".")))
                             for v in re.findall(r"GLIBC_(\d+\.\d+)", symbols)}
        floor = max(versions)
        record("glibc floor (highest GLIBC_ symbol)", ".".join(map(str, floor)))
        assert floor <= GLIBC_FLOOR

    def test_kontorctl_signs_in_syncs_and_finds_people(self, root: DebianRoot,
                                                       server: str) -> None:
        env = {"KONTOR_PASSPHRASE": PASSPHRASE}
        login = root.run("kontorctl", "login", server, DEMO_USER, "--password-stdin",
                         user=True, env=env, stdin=DEMO_PASSWORD + "\n")
        assert login.returncode == 0, login.stdout + login.stderr
        sync = root.run("kontorctl", "sync", user=True, env=env)
        assert sync.returncode == 0, sync.stdout + sync.stderr
        people = root.run("kontorctl", "people", "Müller", user=True, env=env)
        assert people.returncode == 0, people.stderr
        assert "Müller" in people.stdout
        mueller = root.run("kontorctl", "people", "Mueller", user=True, env=env)
        assert mueller.stdout == people.stdout
        profile = root.file("/home/jana/.local/share/kontor/profiles/default")
        assert (profile / "cache.db").is_file()

    def test_the_desktop_app_opens_signed_in(self, root: DebianRoot, display: str) -> None:
        started = time.monotonic()
        app = subprocess.Popen(
            root.command("/usr/bin/kontor", user=True, env={
                "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                "KONTOR_PASSPHRASE": PASSPHRASE}),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        try:
            while not x_windows(display, "^Kontor$"):
                assert app.poll() is None, app.communicate()[0]
                assert time.monotonic() - started < 60, "no Kontor window within 60 s"
                time.sleep(0.1)
            record("installed app: launch to signed-in window",
                   f"{time.monotonic() - started:.1f} s")
            time.sleep(3)  # let the first screen draw its rows before looking
            assert x_windows(display, "Sign in") == []
            assert app.poll() is None
            shot = OUT / "installed-app.png"
            subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                           check=True, timeout=30)
            tree = subprocess.run(["xwininfo", "-display", display, "-root", "-tree"],
                                  capture_output=True, text=True, check=True).stdout
            assert '"Kontor"' in tree
        finally:
            app.terminate()
            output = app.communicate(timeout=30)[0]
        assert "Traceback" not in output, output

    def test_an_unattended_upgrade_asks_nothing_and_keeps_it_s_managed_ini(
            self, root: DebianRoot, debs: dict[str, Path]) -> None:
        managed = root.file("/etc/xdg/kontor/managed.ini")
        managed.parent.mkdir(parents=True, exist_ok=True)
        managed.write_bytes(IT_MANAGED_INI)
        done = root.apt("install", copy_into(root, debs["newer"]))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Configuration file" not in done.stdout + done.stderr
        assert installed_version(root) == f"ii {version_of(2)}"
        assert managed.read_bytes() == IT_MANAGED_INI

    def test_the_installed_kontorctl_holds_to_it_s_managed_ini(
            self, root: DebianRoot, server: str) -> None:
        """IT's file (written for the upgrade above) locks the server to München: the
        profile signed in to the test server is refused, in one line, before any request."""
        done = root.run("kontorctl", "sync", user=True, env={"KONTOR_PASSPHRASE": PASSPHRASE})
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert done.stderr == (
            f"kontorctl: this profile uses {server}. Your IT department has set Kontor to "
            f"use https://kontor.muenchen.example.com only, not {server}. Sign in to another "
            "server (kontorctl login URL USERNAME) or sign out (kontorctl logout).\n")

    def test_remove_takes_its_files_and_leaves_it_s_and_the_user_s(
            self, root: DebianRoot) -> None:
        done = root.apt("remove", "kontor")
        assert done.returncode == 0, done.stdout + done.stderr
        # Without conffiles nothing is left for a purge: dpkg forgets the package.
        assert installed_version(root) == ""
        for gone in ("/opt/kontor", "/usr/bin/kontor", "/usr/bin/kontorctl",
                     "/usr/share/applications/de.kontor.Kontor.desktop"):
            assert not os.path.lexists(root.file(gone)), gone
        assert root.file("/etc/xdg/kontor/managed.ini").read_bytes() == IT_MANAGED_INI
        # The user's encrypted profile stays: offboarding removes it (docs/deploy.md).
        assert root.file("/home/jana/.local/share/kontor/profiles/default/cache.db").is_file()

    def test_purge_of_an_installed_package_leaves_nothing_of_it(
            self, root: DebianRoot, debs: dict[str, Path]) -> None:
        done = root.apt("install", copy_into(root, debs["newer"]))
        assert done.returncode == 0, done.stdout + done.stderr
        done = root.apt("purge", "kontor")
        assert done.returncode == 0, done.stdout + done.stderr
        assert installed_version(root) == ""
        assert not root.file("/opt/kontor").exists()
        assert not root.file("/usr/share/doc/kontor").exists()
        assert root.file("/etc/xdg/kontor/managed.ini").read_bytes() == IT_MANAGED_INI
