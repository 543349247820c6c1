"""Compute and publish: one function for kontor-server hubs compute and the nightly task.

The computation reads in one transaction and publishes in another, so the server's
write lock is held only while the records are replaced, not while networkx works.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa

from server_stub.hubs import community
from server_stub.hubs import publish as pub
from server_stub.hubs.compute import Attention, Result, Settings, compute
from server_stub.hubs.inputs import DAY_MS, read_inputs
from server_stub.storage import community as community_store
from server_stub.storage import hubs as store

UNANSWERED_AFTER_DAYS = 2
QUIET_AFTER_DAYS = 21
OUTDATED_AFTER_DAYS = 180  # a how-to a duty links to, not edited for half a year
MAX_ATTENTION = 500  # per kind, newest first


@dataclass(frozen=True, slots=True)
class RunTimes:
    read_s: float
    compute_s: float


def attention(conn: sa.Connection, now: int, window_days: int) -> list[Attention]:
    spaces = store.open_spaces(conn)
    since = now - window_days * DAY_MS
    questions = store.unanswered_questions(conn, since, now - UNANSWERED_AFTER_DAYS * DAY_MS,
                                           spaces)
    questions.sort(key=lambda q: -q[2])
    found = [Attention(kind="unanswered_question", target_id=post, space_id=space, since=at)
             for post, space, at in questions[:MAX_ATTENTION]]
    last = store.last_activity_per_space(conn)
    quiet = [(s, last[s]) for s in spaces
             if s in last and since <= last[s] < now - QUIET_AFTER_DAYS * DAY_MS]
    quiet.sort(key=lambda q: -q[1])
    found.extend(Attention(kind="quiet_space", target_id=s, space_id=s, since=at)
                 for s, at in quiet[:MAX_ATTENTION])
    outdated = community_store.outdated_howtos(conn, now - OUTDATED_AFTER_DAYS * DAY_MS, spaces)
    outdated.sort(key=lambda h: (h[2], h[0]))  # the longest untouched first
    found.extend(Attention(kind="outdated_howto", target_id=post, space_id=space, since=at)
                 for post, space, at in outdated[:MAX_ATTENTION])
    return found


def compute_result(engine: sa.Engine, settings: Settings, window_days: int,
                   now: int) -> tuple[Result, RunTimes]:
    started = time.perf_counter()
    with engine.connect() as conn:
        inputs = read_inputs(conn, now, window_days)
        items = attention(conn, now, window_days)
        sites = community_store.sites(conn)
        events = list(community_store.activity_since(conn, community.first_week_ms(now)))
    read_done = time.perf_counter()
    result = compute(inputs, settings, now, window_days)
    weekly = community.adoption(inputs.person_unit, inputs.unit_parent, sites, events, now,
                                settings.min_group)
    result = msgspec.structs.replace(result, attention=items, adoption=weekly)
    return result, RunTimes(read_done - started, time.perf_counter() - read_done)


def store_and_publish(conn: sa.Connection, result: Result, origin: str, now: int) -> int:
    """In the caller's write transaction: keep the result, publish it; returns the seq."""
    store.save_result(conn, msgspec.json.encode(result).decode())
    return pub.publish(conn, result, origin, now)
