"""What stands between a desk and the Kontor server in a company, made small for tests:
a TLS terminator (as nginx or Caddy in front of the plain-HTTP server, docs/admin.md)
and a forward proxy (the company's web proxy), both real sockets on 127.0.0.1 that pass
the bytes on unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from pathlib import Path


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class _Relay:
    """A listening socket whose connections are relayed somewhere; closes them all."""

    def __init__(self) -> None:
        self.server: asyncio.Server | None = None
        self.port = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def _listen(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0, ssl=ssl_context)
        self.port = self.server.sockets[0].getsockname()[1]

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.ensure_future(self._handle(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    @staticmethod
    async def _join(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    host: str, port: int) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self.server.wait_closed()
            self.server = None


class TlsTerminator(_Relay):
    """HTTPS on its own port, plain HTTP (and WebSockets) to the server behind it."""

    def __init__(self, backend_port: int, cert: Path, key: Path) -> None:
        super().__init__()
        self.backend_port = backend_port
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)

    async def start(self) -> TlsTerminator:
        await self._listen(self.context)
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self._join(reader, writer, "127.0.0.1", self.backend_port)


class ForwardProxy(_Relay):
    """An HTTP proxy that records every request line it is sent: CONNECT host:port for
    HTTPS (then a tunnel), or a plain request with an absolute URL, which it refuses."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    async def start(self) -> ForwardProxy:
        await self._listen()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        self.requests.append(request_line)
        method, target, _ = request_line.split(" ", 2)
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        host, port = target.rsplit(":", 1)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await self._join(reader, writer, host.strip("[]"), int(port))
