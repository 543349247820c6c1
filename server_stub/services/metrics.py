"""The figures /metrics shows (Prometheus), kept per app; routes/metrics.py serves them.

Each app has its own registry (tests run several servers in one process). What a
request costs is counted by a middleware, by route pattern ("/api/v1/posts/{id}"),
never by the path itself, so the series stay few and no record id or name appears.
What lives in the database (the feed head, each peer's pull status) is read when
/metrics is asked for.

/metrics is never public by default: it is served on a listener of its own
(metrics_listen, e.g. 127.0.0.1:9470) and/or on the main listener behind a bearer
token (metrics_token); with neither set the main listener answers 404.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, Literal

import sqlalchemy as sa
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)

from server_stub.storage import feed as feed_store
from server_stub.storage import peers

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LAG_BUCKETS = (0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)
_LOCK_BUCKETS = (0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("kontor_http_requests", "HTTP requests answered",
                                ("route", "method", "status"), registry=r)
        self.latency = Histogram("kontor_http_request_duration_seconds",
                                 "Time to answer an HTTP request (not the live socket)",
                                 ("route", "method"), buckets=_LATENCY_BUCKETS, registry=r)
        self.websockets = Gauge("kontor_live_websockets", "Open live wake-up sockets",
                                registry=r)
        self.feed_head = Gauge("kontor_feed_head", "Newest sequence number of the feed",
                               registry=r)
        self.client_lag = Histogram("kontor_client_feed_lag_changes",
                                    "How far behind the feed head a client's pull started "
                                    "(sequence numbers; a cache syncing afresh is the long tail)",
                                    buckets=_LAG_BUCKETS, registry=r)
        self.lock_wait = Histogram("kontor_write_lock_wait_seconds",
                                   "Time a write waited for the write lock",
                                   buckets=_LOCK_BUCKETS, registry=r)
        self.login_failures = Counter("kontor_login_failures",
                                      "Sign-ins refused (wrong name or password, throttled)",
                                      registry=r)
        self.peer_up = Gauge("kontor_federation_peer_up",
                             "1 if the last pull from the peer succeeded, else 0",
                             ("peer",), registry=r)
        self.peer_last_success = Gauge("kontor_federation_peer_last_success_timestamp_seconds",
                                       "When a pull from the peer last succeeded",
                                       ("peer",), registry=r)
        self.peer_behind = Gauge("kontor_federation_peer_changes_behind",
                                 "Changes the peer had that were not pulled yet",
                                 ("peer",), registry=r)
        # The labelled series of each route, looked up once: labels() takes a lock and
        # builds a key on every call, a few per cent of a small request's CPU.
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[tuple[str, str], Any] = {}

    def answered(self, route: str, method: str, status: int, seconds: float | None) -> None:
        """One request answered; seconds None: not timed (the live socket)."""
        counted = self._counted.get((route, method, status))
        if counted is None:
            counted = self._counted[(route, method, status)] = self.requests.labels(
                route, method, str(status))
        counted.inc()
        if seconds is not None:
            timed = self._timed.get((route, method))
            if timed is None:
                timed = self._timed[(route, method)] = self.latency.labels(route, method)
            timed.observe(seconds)


class TimedLock(asyncio.Lock):
    """The write lock, timing how long each acquirer waited for it."""

    def __init__(self, observe: Callable[[float], None]) -> None:
        super().__init__()
        self._observe = observe

    async def acquire(self) -> Literal[True]:
        started = time.perf_counter()
        await super().acquire()
        self._observe(time.perf_counter() - started)
        return True


def database_figures_txn(conn: sa.Connection) -> tuple[int, list[peers.Peer]]:
    """The feed head and every peer with its pull status, read when /metrics is asked."""
    return feed_store.max_seq(conn), peers.list_peers(conn)


def set_peer_figures(metrics: Metrics, listed: list[peers.Peer]) -> None:
    for gauge in (metrics.peer_up, metrics.peer_last_success, metrics.peer_behind):
        gauge.clear()  # a removed peer leaves no series behind
    for peer in listed:
        failing = peer.last_error_at is not None and (
            peer.last_success_at is None or peer.last_error_at > peer.last_success_at)
        metrics.peer_up.labels(peer.name).set(
            0 if failing or peer.last_success_at is None else 1)
        if peer.last_success_at is not None:
            metrics.peer_last_success.labels(peer.name).set(peer.last_success_at / 1000)
        if peer.behind is not None:
            metrics.peer_behind.labels(peer.name).set(peer.behind)
