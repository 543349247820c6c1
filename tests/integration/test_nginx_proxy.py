"""packaging/nginx/kontor.conf as IT installs it: checked by nginx itself, then real
requests and a WebSocket through a real nginx to a real server.

nginx comes from Debian's package (scripts/ensure-server-tools.sh). The test changes
only what must differ on a test machine: ports, certificate paths, the upstream port.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import ClientSession, TCPConnector, WSMsgType
from aiohttp.test_utils import TestServer

from tests.certificates import CertificateAuthority
from tests.integration.sync_support import free_port
from tests.integration.world import PASSWORD, World, uid

REPO = Path(__file__).parents[2]
SITE_FILE = REPO / "packaging" / "nginx" / "kontor.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    assert found, "nginx is missing: run scripts/ensure-server-tools.sh"
    return found


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"packaging/nginx/kontor.conf no longer has {old!r}"
    return text.replace(old, new)


def site_configuration(directory: Path, site: str, upstreams: list[tuple[str, str]],
                       https: int, http: int, cert: Path, key: Path) -> Path:
    """A shipped site file with test ports and paths (upstreams: what to put where the
    file names its servers), inside a main nginx.conf."""
    for old, new in (*upstreams,
                     ("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;"),
                     ("listen [::]:443 ssl;", ""),
                     ("listen 80;", f"listen 127.0.0.1:{http};"),
                     ("listen [::]:80;", ""),
                     ("/etc/ssl/kontor/fullchain.pem", str(cert)),
                     ("/etc/ssl/kontor/privkey.pem", str(key))):
        site = _replace(site, old, new)
    (directory / "kontor.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {directory}/{kind}_temp;"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = directory / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\ndaemon off;\npid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    access_log off;\n{temp}\n    include {directory}/kontor.conf;\n}}\n",
        encoding="utf-8")
    return main


def proxy_configuration(directory: Path, upstream: int, https: int, http: int,
                        cert: Path, key: Path) -> Path:
    """The shipped site file before one server."""
    return site_configuration(directory, SITE_FILE.read_text(encoding="utf-8"),
                              [("127.0.0.1:8470", f"127.0.0.1:{upstream}")],
                              https, http, cert, key)


@pytest.fixture(scope="module")
def company_ca() -> CertificateAuthority:
    return CertificateAuthority.create("Firma Muster Root CA")


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace") if log.exists() else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not start listening")


class Proxy:
    def __init__(self, https: int, http: int, ca: Path) -> None:
        self.https, self.http = https, http
        self.ssl = ssl.create_default_context(cafile=str(ca))

    def url(self, path: str) -> str:
        return f"https://localhost:{self.https}{path}"


@pytest.fixture
def nginx(server: TestServer, company_ca: CertificateAuthority,
          tmp_path: Path) -> Iterator[Proxy]:
    directory = tmp_path / "nginx"
    directory.mkdir()
    cert, key = company_ca.issue_server(directory)
    https, http = free_port(), free_port()
    assert server.port is not None
    main = proxy_configuration(directory, server.port, https, http, cert, key)
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(directory), "-e", str(directory / "error.log"),
         "-c", str(main)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(https, process, directory / "error.log")
        yield Proxy(https, http, company_ca.write_bundle(tmp_path / "ca.pem"))
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_nginx_accepts_the_shipped_configuration(tmp_path: Path,
                                                 company_ca: CertificateAuthority) -> None:
    cert, key = company_ca.issue_server(tmp_path)
    main = proxy_configuration(tmp_path, free_port(), free_port(), free_port(), cert, key)
    done = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-e",
                           str(tmp_path / "error.log"), "-c", str(main)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


class TestThroughNginx:
    async def test_sign_in_a_write_and_the_live_wake_up_pass(
        self, nginx: Proxy, world: World
    ) -> None:
        async with ClientSession(connector=TCPConnector(ssl=nginx.ssl)) as http:
            async with http.post(nginx.url("/api/v1/login"), json={
                    "username": "alice", "password": PASSWORD, "device_name": "nginx"}) as r:
                assert r.status == 200, await r.text()
                token = (await r.json())["token"]
            auth = {"Authorization": f"Bearer {token}"}
            async with http.ws_connect(nginx.url("/api/v1/events"), headers=auth) as ws:
                first = await ws.receive(timeout=10)
                assert first.type == WSMsgType.TEXT
                head = first.json()["seq"]
                async with http.put(nginx.url(f"/api/v1/posts/{uid()}"), headers=auth, json={
                        "space_id": world.open_space, "text": "über nginx"}) as r:
                    assert r.status == 200, await r.text()
                woke = await ws.receive(timeout=10)
                assert woke.type == WSMsgType.TEXT and woke.json()["seq"] > head

    async def test_a_body_over_the_servers_limit_gets_the_servers_answer(
        self, nginx: Proxy, world: World
    ) -> None:
        async with ClientSession(connector=TCPConnector(ssl=nginx.ssl)) as http:
            async with http.post(nginx.url("/api/v1/login"), json={
                    "username": "alice", "password": PASSWORD, "device_name": "nginx"}) as r:
                token = (await r.json())["token"]
            async with http.put(nginx.url(f"/api/v1/posts/{uid()}"),
                                headers={"Authorization": f"Bearer {token}"},
                                json={"space_id": world.open_space,
                                      "text": "x" * (270 * 1024)}) as r:
                assert r.status == 413
                assert (await r.json())["error"] == "body_too_large"

    async def test_plain_http_is_sent_to_https(self, nginx: Proxy) -> None:
        async with ClientSession() as http:
            async with http.get(f"http://localhost:{nginx.http}/api/v1/info",
                                allow_redirects=False) as r:
                assert r.status == 301
                assert r.headers["Location"].startswith("https://localhost")
