"""Ports for the servers the tests start, and start again on the same address.

A port the kernel hands out for bind(("127.0.0.1", 0)) lies in its ephemeral range,
where every outgoing connection and every other port-0 server of the machine also
draws. With the suite on several workers, a port found free here could be taken by
another worker's server before ours binds it, or while a killed server of ours is
started again on its old address (seen: the kill-9 test's server came back to a port
another worker's server then held, and the test waited for writes that went nowhere).
So each pytest-xdist worker draws from a block of its own below the ephemeral range,
which nothing else on the machine hands out, and the tests of one worker run one
after another.
"""

from __future__ import annotations

import os
import random
import socket
from pathlib import Path

BASE, BLOCK, BLOCKS = 20_000, 1_200, 10  # 20000-31999, below Linux's 32768-60999


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _worker_index() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = name.removeprefix("gw")
    return int(number) % BLOCKS if number.isdigit() else 0


_handed_out: set[int] = set()


def free_port() -> int:
    """A port nothing listens on, from this worker's own block, and never one this
    process handed out before: two calls in a row (nginx's http and https) get two
    ports even though neither is bound yet."""
    start = BASE + _worker_index() * BLOCK
    end = min(start + BLOCK, max(_ephemeral_start(), start + 1))
    if len(_handed_out) >= (end - start) // 2:
        _handed_out.clear()  # a long run: the oldest tests are long over
    for _ in range(500):
        port = random.randrange(start, end)
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # in use, or not yet released by a server that just stopped
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port between {start} and {end}")
