"""A real server in a background thread, for tests that call it synchronously.

Hypothesis drives plain functions, not coroutines; these tests therefore talk to a
server that runs its own event loop in a thread, over raw http.client requests (so a
header value can be any bytes the HTTP grammar lets through).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from server_stub.app import create_app
from server_stub.config import ServerConfig
from server_stub.http_errors import KontorRunner


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Running:
    port: int

    def request(self, method: str, path: str, headers: dict[str, str | bytes] | None = None,
                body: bytes | None = None, token: str | None = None) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            sent = dict(headers or {})
            if token is not None:
                sent.setdefault("Authorization", f"Bearer {token}")
            if body is not None:
                sent.setdefault("Content-Type", "application/json")
            sent["Content-Length"] = str(len(body or b""))
            for name, value in sent.items():
                conn.putheader(name, value)
            conn.endheaders(body)
            response = conn.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            conn.close()

    def call(self, method: str, path: str, json_body: Any = None, token: str | None = None,
             headers: dict[str, str | bytes] | None = None) -> Answer:
        body = None if json_body is None else json.dumps(json_body).encode()
        return self.request(method, path, headers, body, token)

    def login(self, username: str, password: str) -> str:
        answer = self.call("POST", "/api/v1/login", {
            "username": username, "password": password, "device_name": "pytest"})
        assert answer.status == 200, answer.body
        token: str = answer.json()["token"]
        return token


@contextmanager
def serving(config: ServerConfig) -> Iterator[Running]:
    """The app on 127.0.0.1 (a free port) in a thread, until the block ends."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, Any] = {}

    async def start() -> None:
        runner = KontorRunner(create_app(config), handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        holder["runner"] = runner
        holder["port"] = runner.addresses[0][1]

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(start())
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting test
            holder["error"] = exc
        started.set()
        if "error" not in holder:
            loop.run_forever()

    thread = threading.Thread(target=run, name="kontor test server", daemon=True)
    thread.start()
    started.wait(60)
    if "error" in holder:
        raise holder["error"]
    try:
        yield Running(holder["port"])
    finally:
        asyncio.run_coroutine_threadsafe(holder["runner"].cleanup(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(60)
        loop.close()
