"""A TCP proxy under the test's control: it delays, stalls and cuts connections.

It stands between a client and a server (or between two sites) on loopback, so the
tests see what a flaky network does to the real sync engine and the real federation
pull: a cut mid-page, a connection that hangs without an answer, bytes that come late.
Not a mock of either side: both ends are the real thing, only the wire misbehaves.
"""

from __future__ import annotations

import asyncio
import contextlib


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.delay = 0.0  # seconds each chunk is held before it is passed on
        self.stalled = False  # accept, pass nothing on: a connection that hangs
        self.refusing = False  # close every new connection at once
        self.cut_after = 0  # > 0: cut a connection once this many bytes came back
        self.connections = 0  # accepted so far
        self.cuts = 0  # connections cut by cut()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FaultProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def cut(self) -> int:
        """Close every open connection at once, both ways, mid-whatever; how many."""
        cut = 0
        for writer in list(self._writers):
            if not writer.is_closing():
                writer.transport.abort()
                cut += 1
        self._writers.clear()
        self.cuts += cut
        return cut

    def heal(self) -> None:
        self.delay, self.stalled, self.refusing, self.cut_after = 0.0, False, False, 0

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.refusing:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer),
                             self._pipe(up_reader, writer, answer=True),
                             return_exceptions=True)
        for end in (writer, up_writer):
            self._writers.discard(end)
            end.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    answer: bool = False) -> None:
        passed = 0
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                if answer and self.cut_after:
                    data = data[:max(0, self.cut_after - passed)]
                    if not data:
                        self.cuts += 1
                        writer.transport.abort()
                        return
                passed += len(data)
                while self.stalled and not writer.is_closing():
                    await asyncio.sleep(0.02)
                if self.delay:
                    await asyncio.sleep(self.delay)
                if writer.is_closing():
                    return
                writer.write(data)
                await writer.drain()
        if not writer.is_closing():
            writer.transport.abort()
