"""What deserves a notification: posts and comments that mention someone, and comments
on their posts, newer than the last time they were told.

Kept apart from the feed readers because it answers a different question ("what is new
for me?") and runs once after every sync, so it must stay cheap: posts are found
through their created_at index; comments have no such index, so only the few that are
newer than `since_ms` are looked into (their post found by id, their JSON body read).
Own writing never notifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sync.cache.db import Cache

NoticeKind = Literal["mention", "reply"]

EXCERPT_CHARS = 120


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing to tell the person about.

    kind: "mention" (a post or comment names them) or "reply" (a comment on one of
    their posts that does not name them). post_id is the post to open either way.
    """

    kind: NoticeKind
    post_id: str
    author_id: str
    text_excerpt: str
    at: int  # created_at of the post or comment, ms


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line, short enough for a desktop notification."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_QUERY = """
SELECT 'mention', p.id, p.author_id, json_extract(p.body, '$.text'), p.created_at
FROM post p
WHERE p.created_at > :since AND p.author_id != :me
  AND EXISTS (SELECT 1 FROM json_each(p.body, '$.mentions') WHERE value = :me)
UNION ALL
SELECT CASE WHEN EXISTS (SELECT 1 FROM json_each(c.body, '$.mentions') WHERE value = :me)
            THEN 'mention' ELSE 'reply' END,
       c.post_id, c.author_id, json_extract(c.body, '$.text'), c.created_at
FROM comment c
WHERE c.created_at > :since AND c.author_id != :me
  AND (EXISTS (SELECT 1 FROM json_each(c.body, '$.mentions') WHERE value = :me)
       OR EXISTS (SELECT 1 FROM post mine WHERE mine.id = c.post_id AND mine.author_id = :me))
ORDER BY 5 DESC, 2 DESC
LIMIT :limit
"""


def mentions_and_replies(
    cache: Cache, person_id: str, since_ms: int, *, limit: int = 50
) -> list[Notice]:
    """Mentions of person_id and comments on their posts after since_ms, newest first.

    A comment on their post that also mentions them counts once, as a mention. The
    limit keeps a return from a long holiday from flooding the tray.
    """
    rows = cache.conn.execute(
        _QUERY, {"me": person_id, "since": since_ms, "limit": limit}
    ).fetchall()
    return [
        Notice(
            kind=kind,
            post_id=post_id,
            author_id=author_id,
            text_excerpt=excerpt(text or ""),
            at=int(at),
        )
        for kind, post_id, author_id, text, at in rows
    ]
