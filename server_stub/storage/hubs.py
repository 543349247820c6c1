"""What the hub analysis reads (interactions over a window) and how its results are kept.

The reads answer plain tuples, not records: at 100,000 people the analysis reads
millions of rows and needs only a few columns of each. The results are kept twice: the
full computation in server_meta (server-only, never sent) and the published records,
one run at a time (docs/hubs.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.feed import get_meta, set_meta
from server_stub.storage.feed_lock import lock_feed
from server_stub.storage.records import Scope, get_one, iter_chunks, to_row
from sync import protocol as p

RESULT_KEY = "hubs_result"  # server_meta: the last computation, JSON (hubs/result.py)
COMMUNITY_MANAGER = "community_manager"
HUB_RUN_ID = "0190f0e0-0000-7000-8000-00000000b0b0"  # the one hub_run record's fixed id


@dataclass(frozen=True, slots=True)
class OrgShape:
    """Units (id -> parent, name) and each active person's unit."""

    unit_parent: dict[str, str | None]
    unit_name: dict[str, str]
    person_unit: dict[str, str]


def org_shape(conn: sa.Connection) -> OrgShape:
    units = conn.execute(sa.select(t.org_unit.c.id, t.org_unit.c.parent_id, t.org_unit.c.name))
    unit_parent: dict[str, str | None] = {}
    unit_name: dict[str, str] = {}
    for unit_id, parent_id, name in units:
        unit_parent[unit_id] = parent_id
        unit_name[unit_id] = name
    active = sa.select(t.person.c.id).where(t.person.c.status == "active")
    person_unit: dict[str, str] = {}
    # A person holding several positions counts in the unit of the first (by position id).
    rows = conn.execute(
        sa.select(t.position.c.holder_id, t.position.c.org_unit_id)
        .where(t.position.c.holder_id.in_(active)).order_by(t.position.c.id.desc()))
    for holder_id, unit_id in rows:
        person_unit[holder_id] = unit_id
    return OrgShape(unit_parent, unit_name, person_unit)


def consenting_people(conn: sa.Connection) -> set[str]:
    return set(conn.execute(sa.select(t.person.c.id).where(t.person.c.show_as_hub.is_(True)))
               .scalars())


def comments_since(conn: sa.Connection, since: int) -> Iterator[tuple[str, str, str, str, str]]:
    """(commenter, post author, post id, post kind, post text's question mark "?"/"")
    of every comment written since `since`."""
    question = sa.case((t.post.c.text.contains("?"), "?"), else_="")
    rows = conn.execute(
        sa.select(t.comment.c.author_id, t.post.c.author_id, t.post.c.id, t.post.c.post_kind,
                  question)
        .select_from(t.comment.join(t.post, t.post.c.id == t.comment.c.post_id))
        .where(t.comment.c.created_at >= since))
    for row in rows:
        yield row[0], row[1], row[2], row[3], row[4]


def mentions_since(conn: sa.Connection, since: int) -> Iterator[tuple[str, list[str]]]:
    """(writer, mentioned ids) of posts and comments with mentions written since `since`."""
    for table in (t.post, t.comment):
        rows = conn.execute(
            sa.select(table.c.author_id, table.c.mentions)
            .where(table.c.created_at >= since, sa.func.json_array_length(table.c.mentions) > 0))
        for author_id, mentions in rows:
            yield author_id, list(mentions)


def reactions_since(conn: sa.Connection, since: int) -> Iterator[tuple[str, str]]:
    """(reacting person, author of the post or comment) of reactions since `since`."""
    for table in (t.post, t.comment):
        rows = conn.execute(
            sa.select(t.reaction.c.person_id, table.c.author_id)
            .select_from(t.reaction.join(table, table.c.id == t.reaction.c.target_id))
            .where(t.reaction.c.updated_at >= since))
        yield from rows


def job_connections(conn: sa.Connection) -> Iterator[tuple[str, str]]:
    """(holder, holder) of every job connection between two filled positions."""
    a = t.position.alias("a")
    b = t.position.alias("b")
    rows = conn.execute(
        sa.select(a.c.holder_id, b.c.holder_id)
        .select_from(t.connection.join(a, a.c.id == t.connection.c.from_id)
                     .join(b, b.c.id == t.connection.c.to_id))
        .where(t.connection.c.connection_kind == "job", a.c.holder_id.is_not(None),
               b.c.holder_id.is_not(None)))
    yield from rows


def personal_connections(conn: sa.Connection) -> Iterator[tuple[str, str]]:
    rows = conn.execute(sa.select(t.connection.c.from_id, t.connection.c.to_id)
                        .where(t.connection.c.connection_kind == "personal"))
    yield from rows


def howto_owners(conn: sa.Connection) -> Iterator[tuple[str, str]]:
    """(how-to post id, holder of the owning position) of duties that link a how-to."""
    rows = conn.execute(
        sa.select(t.responsibility.c.howto_post_id, t.position.c.holder_id)
        .select_from(t.responsibility.join(
            t.position, t.position.c.id == t.responsibility.c.owner_position_id))
        .where(t.responsibility.c.howto_post_id.is_not(None),
               t.position.c.holder_id.is_not(None)))
    yield from rows


def open_spaces(conn: sa.Connection) -> list[str]:
    """Spaces everyone on this site may read: only these are named to community managers."""
    return list(conn.execute(sa.select(t.space.c.id).where(t.space.c.visibility != "members"))
                .scalars())


def unanswered_questions(conn: sa.Connection, since: int, before: int,
                         spaces: Sequence[str]) -> list[tuple[str, str, int]]:
    """(post, space, created_at) of questions written in [since, before) in these spaces
    that nobody but their author has commented on."""
    answered = sa.select(t.comment.c.id).where(
        t.comment.c.post_id == t.post.c.id, t.comment.c.author_id != t.post.c.author_id)
    found: list[tuple[str, str, int]] = []
    for chunk in iter_chunks(spaces, 500):
        rows = conn.execute(
            sa.select(t.post.c.id, t.post.c.space_id, t.post.c.created_at)
            .where(t.post.c.space_id.in_(chunk), t.post.c.created_at >= since,
                   t.post.c.created_at < before, t.post.c.text.contains("?"),
                   ~sa.exists(answered)))
        found.extend((r[0], r[1], r[2]) for r in rows)
    return found


def last_activity_per_space(conn: sa.Connection) -> dict[str, int]:
    """Space -> the newest post or comment time in it."""
    last: dict[str, int] = {}
    for table in (t.post, t.comment):
        rows = conn.execute(sa.select(table.c.space_id, sa.func.max(table.c.created_at))
                            .group_by(table.c.space_id))
        for space_id, at in rows:
            last[space_id] = max(last.get(space_id, 0), int(at))
    return last


def people_with_role(conn: sa.Connection, role: str) -> list[str]:
    return list(conn.execute(sa.select(t.person_role.c.person_id)
                             .where(t.person_role.c.role == role)
                             .order_by(t.person_role.c.person_id)).scalars())


def has_role(conn: sa.Connection, person_id: str, role: str) -> bool:
    return conn.execute(sa.select(t.person_role.c.person_id).where(
        t.person_role.c.person_id == person_id, t.person_role.c.role == role)).first() is not None


def grant_role(conn: sa.Connection, person_id: str, role: str, now: int) -> bool:
    """True if granted now, False if the person had it already."""
    if has_role(conn, person_id, role):
        return False
    conn.execute(sa.insert(t.person_role).values(person_id=person_id, role=role, granted_at=now))
    return True


def revoke_role(conn: sa.Connection, person_id: str, role: str) -> bool:
    result = conn.execute(sa.delete(t.person_role).where(
        t.person_role.c.person_id == person_id, t.person_role.c.role == role))
    return bool(result.rowcount)


def unit_leads(conn: sa.Connection) -> dict[str, str]:
    """Unit -> the person holding its lead position (units without one are left out)."""
    rows = conn.execute(
        sa.select(t.org_unit.c.id, t.position.c.holder_id)
        .select_from(t.org_unit.join(t.position,
                                     t.position.c.id == t.org_unit.c.lead_position_id))
        .where(t.position.c.holder_id.is_not(None)))
    return {unit_id: holder for unit_id, holder in rows}


def load_result(conn: sa.Connection) -> str | None:
    return get_meta(conn, RESULT_KEY)


def save_result(conn: sa.Connection, encoded: str) -> None:
    set_meta(conn, RESULT_KEY, encoded)


def replace_published(conn: sa.Connection, rows: Sequence[tuple[str, p.Record, Scope]],
                      run: p.HubRun, kinds: Sequence[str] = t.HUB_KINDS) -> int:
    """Drop the previous run's records of `kinds` and their feed rows, write this run's,
    the run marker last; returns the marker's seq.

    The previous rows leave the feed without tombstones: a client drops every hub
    record whose run is not the current hub_run's (sync/cache/write/apply.py), so a
    record that a reader may no longer see disappears from them too, which a tombstone
    in a scope they cannot read would not achieve.
    """
    lock_feed(conn)
    for kind in kinds:
        table = t.RECORD_TABLES[kind]
        old = list(conn.execute(sa.select(table.c.id)).scalars())
        for chunk in iter_chunks(old, 500):
            conn.execute(sa.delete(t.change).where(t.change.c.kind == kind,
                                                   t.change.c.record_id.in_(chunk)))
        conn.execute(sa.delete(table))
    encoder = msgspec.json.Encoder()
    by_kind: dict[str, list[tuple[p.Record, Scope]]] = {}
    for kind, record, scope in rows:
        by_kind.setdefault(kind, []).append((record, scope))
    for kind, items in by_kind.items():
        table = t.RECORD_TABLES[kind]
        for chunk in iter_chunks(items, 1000):
            conn.execute(sa.insert(table), [to_row(r) for r, _ in chunk])
            conn.execute(sa.insert(t.change), [
                {"kind": kind, "record_id": r.id, "op": "put", "scope": s.name,
                 "scope_id": s.scope_id, "body": encoder.encode(r), "export": False}
                for r, s in chunk])
    conn.execute(sa.delete(t.hub_run))
    conn.execute(sa.delete(t.change).where(t.change.c.kind == "hub_run"))
    conn.execute(sa.insert(t.hub_run).values(**to_row(run)))
    result = conn.execute(sa.insert(t.change).values(
        kind="hub_run", record_id=run.id, op="put", scope="all", scope_id=None,
        body=encoder.encode(run), export=False))
    seq = result.inserted_primary_key
    assert seq is not None
    return int(seq[0])


def current_run(conn: sa.Connection) -> p.HubRun | None:
    return get_one(conn, "hub_run", p.HubRun, HUB_RUN_ID)
