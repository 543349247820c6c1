"""What the Community figures read: who wrote, commented or reacted when, the sites, and
the how-tos that duties link to.

Like the hub reads these answer plain tuples; the people in them never leave the server:
hubs/community.py turns them into weekly figures of groups of at least min_group people.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.records import iter_chunks


def activity_since(conn: sa.Connection, since: int) -> Iterator[tuple[str, int, str]]:
    """(person, time, "post"/"answer"/"reaction") of every post, comment and reaction
    since `since` (a reaction's last change counts: it carries no creation time)."""
    for table, kind in ((t.post, "post"), (t.comment, "answer")):
        rows = conn.execute(sa.select(table.c.author_id, table.c.created_at)
                            .where(table.c.created_at >= since))
        for person, at in rows:
            yield person, int(at), kind
    rows = conn.execute(sa.select(t.reaction.c.person_id, t.reaction.c.updated_at)
                        .where(t.reaction.c.updated_at >= since))
    for person, at in rows:
        yield person, int(at), "reaction"


def sites(conn: sa.Connection) -> list[str]:
    """The units that are sites."""
    return list(conn.execute(sa.select(t.org_unit.c.id).where(t.org_unit.c.unit_kind == "site")
                             .order_by(t.org_unit.c.id)).scalars())


def outdated_howtos(conn: sa.Connection, before: int, spaces: Sequence[str]
                    ) -> list[tuple[str, str, int]]:
    """(post, space, last edit) of how-tos linked from a duty, in these spaces, whose last
    edit (or creation, never edited) is older than `before`."""
    last_edit = sa.func.coalesce(t.post.c.edited_at, t.post.c.created_at)
    linked = sa.select(t.responsibility.c.howto_post_id).where(
        t.responsibility.c.howto_post_id.is_not(None))
    found: list[tuple[str, str, int]] = []
    for chunk in iter_chunks(spaces, 500):
        rows = conn.execute(
            sa.select(t.post.c.id, t.post.c.space_id, last_edit)
            .where(t.post.c.space_id.in_(chunk), t.post.c.id.in_(linked), last_edit < before))
        found.extend((r[0], r[1], int(r[2])) for r in rows)
    return found
