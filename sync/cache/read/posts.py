"""Read queries about spaces, posts, comments and reactions, unsent ones included.

A post or comment written offline waits in the outbox; the feed and the comment list
show it right away with its pending_state ("pending" or "failed"), built from the
request body, so the user sees what they wrote before the server has it. Once the
server's version arrives through the feed, that one is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from sync.cache.read.people import decode_rows, get_record, positions_of
from sync.protocol import (
    Comment,
    CommentWrite,
    Membership,
    Post,
    PostWrite,
    Reaction,
    Space,
    rules,
)

if TYPE_CHECKING:
    from sync.cache.db import Cache

PendingState = Literal["pending", "failed"]

# A record shown from the outbox has not been stored by the server: version 0 and
# origin "" mark it (the server never sends either).
LOCAL_VERSION = 0


@dataclass(frozen=True, slots=True)
class PostItem:
    post: Post
    pending_state: PendingState | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CommentItem:
    comment: Comment
    pending_state: PendingState | None = None
    error: str | None = None


_post_decoder = msgspec.json.Decoder(Post)
_comment_decoder = msgspec.json.Decoder(Comment)
_post_write_decoder = msgspec.json.Decoder(PostWrite)
_comment_write_decoder = msgspec.json.Decoder(CommentWrite)
_membership_decoder = msgspec.json.Decoder(Membership)


def _own_person_id(cache: Cache) -> str:
    row = cache.conn.execute("SELECT value FROM account WHERE key = 'person_id'").fetchone()
    return "" if row is None or row[0] is None else str(row[0])


def list_spaces(cache: Cache) -> list[Space]:
    rows = cache.conn.execute("SELECT body FROM space ORDER BY name, id").fetchall()
    return decode_rows(rows, Space)


def get_space(cache: Cache, space_id: str) -> Space | None:
    return get_record(cache, "space", Space, space_id)


def memberships_of(cache: Cache, person_id: str) -> list[Membership]:
    """The spaces a person belongs to (and as what): where they may post."""
    rows = cache.conn.execute(
        "SELECT body FROM membership WHERE person_id = ? ORDER BY space_id", (person_id,)
    ).fetchall()
    return decode_rows(rows, Membership)


def role_in_space(cache: Cache, space_id: str, person_id: str) -> str | None:
    """The person's membership role in the space, None if they are no member."""
    row = cache.conn.execute(
        "SELECT body FROM membership WHERE space_id = ? AND person_id = ?", (space_id, person_id)
    ).fetchone()
    return None if row is None else _membership_decoder.decode(row[0]).role


def postable_spaces(cache: Cache, person_id: str | None) -> list[Space]:
    """The spaces where the server will take a post from this person, by name: the rule
    of sync/protocol/rules.may_post_in (members; moderators in announcement spaces)."""
    if not person_id:
        return []
    roles = {m.space_id: m.role for m in memberships_of(cache, person_id)}
    return [s for s in list_spaces(cache) if rules.may_post_in(s, roles.get(s.id))]


def default_space(cache: Cache, person_id: str | None, reading: str | None = None) -> Space | None:
    """Where a new post goes unless the user picks another space: the space they were
    reading, else their team's space, else the first one they may post in."""
    allowed = postable_spaces(cache, person_id)
    chosen = next((s for s in allowed if s.id == reading), None)
    if chosen is None and person_id:
        units = {position.org_unit_id for position in positions_of(cache, person_id)}
        chosen = next((s for s in allowed if s.org_unit_id is not None
                       and s.org_unit_id in units), None)
    return chosen or (allowed[0] if allowed else None)


def discussable_space_ids(cache: Cache, person_id: str | None) -> set[str]:
    """Ids of the spaces where this person may comment and react: the rule of
    sync/protocol/rules.may_discuss_in (members; everyone on open announcements)."""
    roles = {m.space_id: m.role for m in memberships_of(cache, person_id)} if person_id else {}
    return {s.id for s in list_spaces(cache) if rules.may_discuss_in(s, roles.get(s.id))}


def get_post(cache: Cache, post_id: str) -> Post | None:
    return get_record(cache, "post", Post, post_id)


def get_comment(cache: Cache, comment_id: str) -> Comment | None:
    """A stored comment (global search opens the post it belongs to)."""
    return get_record(cache, "comment", Comment, comment_id)


def _pending_post(row: Any, author_id: str) -> PostItem | None:
    _, item_id, body, state, error, created_at = row
    try:
        write = _post_write_decoder.decode(body)
    except msgspec.DecodeError:
        return None  # an outbox body we cannot show; it is still sent
    post = Post(
        id=item_id,
        origin="",
        version=LOCAL_VERSION,
        updated_at=created_at,
        space_id=write.space_id,
        author_id=author_id,
        post_kind=write.post_kind,
        text=write.text,
        mentions=write.mentions,
        created_at=created_at,
    )
    return PostItem(post, state, error)


def list_posts(
    cache: Cache, space_id: str | None = None, offset: int = 0, limit: int = 50
) -> list[PostItem]:
    """Newest first, in one space or all; unsent posts from the outbox are included."""
    post_where = "WHERE space_id = :space" if space_id else ""
    outbox_space = "AND json_extract(CAST(body AS TEXT), '$.space_id') = :space" if space_id else ""
    rows = cache.conn.execute(
        f"""
        SELECT created_at, id, body, NULL, NULL, created_at FROM post {post_where}
        UNION ALL
        SELECT created_at, id, CAST(body AS TEXT), state, error, created_at FROM outbox
        WHERE kind = 'post' AND id NOT IN (SELECT id FROM post) {outbox_space}
        ORDER BY 1 DESC, 2 DESC LIMIT :limit OFFSET :offset
        """,
        {"space": space_id, "limit": limit, "offset": offset},
    ).fetchall()
    author = _own_person_id(cache) if any(r[3] is not None for r in rows) else ""
    items: list[PostItem] = []
    for row in rows:
        if row[3] is None:
            items.append(PostItem(_post_decoder.decode(row[2])))
        else:
            pending = _pending_post(row, author)
            if pending is not None:
                items.append(pending)
    return items


def _pending_comment(row: Any, author_id: str, space_id: str) -> CommentItem | None:
    _, item_id, body, state, error = row
    try:
        write = _comment_write_decoder.decode(body)
    except msgspec.DecodeError:
        return None
    comment = Comment(
        id=item_id,
        origin="",
        version=LOCAL_VERSION,
        updated_at=row[0],
        post_id=write.post_id,
        space_id=space_id,
        author_id=author_id,
        text=write.text,
        mentions=write.mentions,
        created_at=row[0],
    )
    return CommentItem(comment, state, error)


def comments_of(cache: Cache, post_id: str) -> list[CommentItem]:
    """Oldest first, like a conversation; unsent comments come last, as written."""
    rows = cache.conn.execute(
        """
        SELECT created_at, id, body, NULL, NULL FROM comment WHERE post_id = :post
        UNION ALL
        SELECT created_at, id, CAST(body AS TEXT), state, error FROM outbox
        WHERE kind = 'comment' AND id NOT IN (SELECT id FROM comment)
          AND json_extract(CAST(body AS TEXT), '$.post_id') = :post
        ORDER BY 1, 2
        """,
        {"post": post_id},
    ).fetchall()
    items: list[CommentItem] = []
    author = ""
    space_id = ""
    if any(r[3] is not None for r in rows):
        author = _own_person_id(cache)
        post = get_post(cache, post_id)
        space_id = post.space_id if post is not None else ""
    for row in rows:
        if row[3] is None:
            items.append(CommentItem(_comment_decoder.decode(row[2])))
        else:
            pending = _pending_comment(row, author, space_id)
            if pending is not None:
                items.append(pending)
    return items


def reactions_of(cache: Cache, target_id: str) -> list[Reaction]:
    rows = cache.conn.execute(
        "SELECT body FROM reaction WHERE target_id = ? ORDER BY updated_at, id", (target_id,)
    ).fetchall()
    return decode_rows(rows, Reaction)
