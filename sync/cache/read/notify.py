"""What deserves a notification: posts and comments that mention someone, comments on
their posts, and job contacts of theirs that changed hands, newer than the last time
they were told.

Kept apart from the feed readers because it answers a different question ("what is new
for me?") and runs once after every sync, so it must stay cheap: posts are found
through their created_at index; comments have no such index, so only the few that are
newer than `since_ms` are looked into (their post found by id, their JSON body read).
Own writing never notifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sync.cache.read.handover import contact_updates

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


@dataclass(frozen=True, slots=True)
class ContactNotice:
    """A job contact of theirs has a new holder: whom to talk to now, for which job.

    text is the plain sentence ("X is now your contact for Y (successor of Z)"); the
    ids let a desktop build its own words and open the position or the person.
    """

    kind: Literal["contact"]
    handover_id: str
    position_id: str  # the counterpart's position, which changed hands
    successor_id: str
    my_position_id: str
    text: str
    at: int  # updated_at of the handover (when it was applied), ms


def contact_sentence(successor: str, position: str, predecessor: str) -> str:
    base = f"{successor or 'Someone new'} is now your contact for {position}"
    return f"{base} (successor of {predecessor})" if predecessor else base


def contact_notices(
    cache: Cache, person_id: str, since_ms: int, *, today: dt.date | None = None,
    limit: int = 50,
) -> list[ContactNotice]:
    """Handovers of positions this person's jobs work with, applied after since_ms and
    dated within the last 30 days, newest first: one per handover and own position."""
    notices = [
        ContactNotice(
            kind="contact",
            handover_id=u.handover.id,
            position_id=u.position.id,
            successor_id=u.handover.to_person_id,
            my_position_id=u.my_position.id,
            text=contact_sentence(u.successor.display_name if u.successor else "",
                                  u.position.title,
                                  u.predecessor.display_name if u.predecessor else ""),
            at=u.handover.updated_at,
        )
        for u in contact_updates(cache, person_id, today)
        if u.handover.updated_at > since_ms
    ]
    notices.sort(key=lambda n: n.at, reverse=True)
    return notices[:limit]
