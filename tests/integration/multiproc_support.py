"""One site served by several `kontor-server serve` processes over one PostgreSQL
database, as behind a load balancer (docs/admin.md, "Several serve processes")."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests import processes
from tests.integration.federation_support import Site, make_site, serve_subprocess, wait_for
from tests.ports import free_port


@dataclass
class Cluster:
    site: Site
    settings: dict[str, object]
    ports: list[int] = field(default_factory=list)
    running: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    async def start(self, index: int) -> None:
        port = self.ports[index]
        self.running[port] = serve_subprocess(self.site, port, self.settings)
        await wait_for(lambda: answers(self.url(index)), timeout=60,
                       what=f"the server on port {port} to listen")

    def kill(self, index: int) -> None:
        """SIGKILL: the process gets no chance to hand anything over."""
        process = self.running.pop(self.ports[index])
        processes.kill_group(process.pid)
        process.wait()

    def stop(self, index: int) -> int:
        """SIGTERM, as systemd stops a unit; returns the exit code."""
        return processes.stop(self.running.pop(self.ports[index]))

    def log(self, index: int) -> str:
        path = self.site.config.data_path.parent / (
            f"{self.site.name}.{self.ports[index]}.serve.log")
        return path.read_text("utf-8", errors="replace")


async def answers(url: str) -> bool:
    with contextlib.suppress(aiohttp.ClientError, OSError):
        async with aiohttp.ClientSession() as http, http.get(f"{url}/api/v1/info") as r:
            return r.status == 200
    return False


@contextlib.asynccontextmanager
async def cluster(root: Path, database_url: str, count: int,
                  settings: dict[str, object] | None = None, people: int = 60,
                  ports: list[int] | None = None) -> AsyncIterator[Cluster]:
    """count serve processes of one demo site on database_url (on ports, or free
    ones), all listening."""
    site = make_site(root, "multi.test", people, 11, database_url=database_url)
    group = Cluster(site, settings or {}, ports or [free_port() for _ in range(count)])
    try:
        for index in range(count):
            await group.start(index)
        yield group
    finally:
        for process in group.running.values():
            processes.reap(process)


async def sign_in(http: aiohttp.ClientSession, url: str,
                  username: str = DEMO_USER) -> dict[str, str]:
    """The bearer header of a new device of username, signed in through url."""
    async with http.post(f"{url}/api/v1/login", json={
            "username": username, "password": DEMO_PASSWORD, "device_name": "pytest"}) as r:
        assert r.status == 200, await r.text()
        body: dict[str, Any] = await r.json()
    return {"Authorization": f"Bearer {body['token']}"}


async def post(http: aiohttp.ClientSession, url: str, headers: dict[str, str],
               post_id: str, space: str, text: str) -> None:
    async with http.put(f"{url}/api/v1/posts/{post_id}", headers=headers,
                        json={"space_id": space, "text": text}) as r:
        assert r.status == 200, await r.text()


def open_space(site: Site) -> str:
    return next(s.id for s in site.company.spaces
                if s.visibility == "company" and s.space_kind != "announcements")
