"""packaging/nginx/kontor-cluster.conf: nginx as the load balancer before several serve
processes on one PostgreSQL database. Checked by nginx itself, then real requests and a
WebSocket through a real nginx to two real `kontor-server serve` processes, with the
third upstream down."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import uuid6
from aiohttp import ClientSession, TCPConnector, WSMsgType

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.certificates import CertificateAuthority
from tests.integration.federation_support import wait_for
from tests.integration.multiproc_support import cluster, open_space
from tests.integration.test_nginx_proxy import (
    Proxy,
    _wait_for_port,
    nginx_binary,
    site_configuration,
)
from tests.ports import free_port
from tests.postgres_support import Postgres

REPO = Path(__file__).parents[2]
CLUSTER_FILE = REPO / "packaging" / "nginx" / "kontor-cluster.conf"
UPSTREAMS = ("127.0.0.1:8471", "127.0.0.1:8472", "127.0.0.1:8473")


def cluster_configuration(directory: Path, upstreams: list[int], https: int, http: int,
                          cert: Path, key: Path) -> Path:
    """The shipped file with test ports and paths, inside a main nginx.conf."""
    return site_configuration(
        directory, CLUSTER_FILE.read_text(encoding="utf-8"),
        [(old, f"127.0.0.1:{port}") for old, port in zip(UPSTREAMS, upstreams, strict=True)],
        https, http, cert, key)


@pytest.fixture(scope="module")
def company_ca() -> CertificateAuthority:
    return CertificateAuthority.create("Firma Muster Root CA")


@pytest.fixture
def run_nginx(company_ca: CertificateAuthority, tmp_path: Path) -> Iterator[
        tuple[list[int], Proxy]]:
    """nginx before three upstream ports (the test starts what listens there)."""
    directory = tmp_path / "nginx"
    directory.mkdir()
    cert, key = company_ca.issue_server(directory)
    upstreams = [free_port() for _ in UPSTREAMS]
    https, http = free_port(), free_port()
    main = cluster_configuration(directory, upstreams, https, http, cert, key)
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(directory), "-e", str(directory / "error.log"),
         "-c", str(main)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(https, process, directory / "error.log")
        yield upstreams, Proxy(https, http, company_ca.write_bundle(tmp_path / "ca.pem"))
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_nginx_accepts_the_shipped_load_balancer(tmp_path: Path,
                                                 company_ca: CertificateAuthority) -> None:
    cert, key = company_ca.issue_server(tmp_path)
    main = cluster_configuration(tmp_path, [free_port() for _ in UPSTREAMS], free_port(),
                                 free_port(), cert, key)
    done = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-e",
                           str(tmp_path / "error.log"), "-c", str(main)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


async def test_requests_and_a_wake_up_pass_through_to_two_processes(
        run_nginx: tuple[list[int], Proxy], tmp_path: Path, postgres: Postgres) -> None:
    upstreams, proxy = run_nginx
    with postgres.database() as url:
        # the third upstream stays down: nginx passes over it
        async with cluster(tmp_path, url, 2, ports=upstreams[:2]) as group:
            space = open_space(group.site)
            async with ClientSession(connector=TCPConnector(ssl=proxy.ssl)) as http:
                async with http.post(proxy.url("/api/v1/login"), json={
                        "username": DEMO_USER, "password": DEMO_PASSWORD,
                        "device_name": "nginx"}) as r:
                    assert r.status == 200, await r.text()
                    auth = {"Authorization": f"Bearer {(await r.json())['token']}"}
                async with http.post(proxy.url(f"/api/v1/spaces/{space}/join"),
                                     headers=auth) as r:
                    assert r.status == 200, await r.text()
                async with http.ws_connect(proxy.url("/api/v1/events"), headers=auth) as ws:
                    head = (await ws.receive_json(timeout=10))["seq"]
                    for number in range(6):  # spread over both processes
                        async with http.put(proxy.url(f"/api/v1/posts/{uuid6.uuid7()}"),
                                            headers=auth, json={
                                                "space_id": space,
                                                "text": f"über nginx {number}"}) as r:
                            assert r.status == 200, await r.text()
                        woke = await ws.receive(timeout=10)
                        assert woke.type == WSMsgType.TEXT and woke.json()["seq"] > head
                        head = woke.json()["seq"]
                async with http.get(proxy.url("/healthz")) as r:
                    assert r.status == 200 and (await r.json())["status"] == "ok"
            await wait_for(lambda: any('"GET /api/v1/events" 101' in group.log(i)
                                       for i in range(2)),
                           what="the closed socket's line in the access log")
            logs = [group.log(index) for index in range(2)]
    # least_conn: the open WebSocket counts against its process, so the writes went to
    # the other one, and its wake-ups crossed processes on their way back through nginx.
    sockets = [i for i in range(2) if '"GET /api/v1/events" 101' in logs[i]]
    writes = [i for i in range(2) if '"PUT /api/v1/posts/' in logs[i]]
    assert len(sockets) == 1 and writes == [1 - sockets[0]], (sockets, writes)
