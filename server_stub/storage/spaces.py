"""Queries of spaces and what is written in them: memberships, comments, reactions.

Each answers with the wire types, inside the caller's transaction.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.records import from_row, get_one, get_typed
from sync import protocol as p


def get_space(conn: sa.Connection, space_id: str) -> p.Space | None:
    return get_one(conn, "space", p.Space, space_id)


# Every write into a space asks this (built once: it runs on the hot path).
_MEMBERSHIP = sa.select(t.membership).where(
    t.membership.c.space_id == sa.bindparam("b_space"),
    t.membership.c.person_id == sa.bindparam("b_person"))


def get_membership(conn: sa.Connection, space_id: str, person_id: str) -> p.Membership | None:
    """A person's membership of a space (there is at most one), None if not a member."""
    row = conn.execute(_MEMBERSHIP, {"b_space": space_id, "b_person": person_id}).first()
    return None if row is None else from_row(row, p.Membership)


def spaces_of_position(conn: sa.Connection, position_id: str) -> list[p.Space]:
    """The spaces that belong to a position and pass with it to its next holder."""
    return get_typed(conn, "space", p.Space, t.space.c.position_id == position_id)


def comments_of_post(conn: sa.Connection, post_id: str) -> list[p.Comment]:
    return get_typed(conn, "comment", p.Comment, t.comment.c.post_id == post_id)


def reactions_on(conn: sa.Connection, target_id: str) -> list[p.Reaction]:
    """The reactions to a post or a comment."""
    return get_typed(conn, "reaction", p.Reaction, t.reaction.c.target_id == target_id)
