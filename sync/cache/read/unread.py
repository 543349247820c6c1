"""What is new in a space since the user last read it.

The reading marker (the newest post time seen, per space) is not kept here: it is a
fact about this user's reading on this computer, kept by the desktop in its settings,
so a wiped or re-synced cache does not make everything unread again. These are the
two questions the marker asks of the cache; neither reads a post's body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.cache.db import Cache

#: counts stop here; a list shows "99+"
UNREAD_CAP = 99


def newest_post_at(cache: Cache, space_id: str) -> int | None:
    """Time (ms) of the newest post in the space as the space shows it, unsent own
    posts included: opening the space marks everything up to it read."""
    row = cache.conn.execute(
        """
        SELECT max(at) FROM (
          SELECT max(created_at) AS at FROM post WHERE space_id = :space
          UNION ALL
          SELECT max(created_at) FROM outbox
          WHERE kind = 'post' AND json_extract(CAST(body AS TEXT), '$.space_id') = :space
        )
        """,
        {"space": space_id},
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def count_unread(cache: Cache, space_id: str, me: str | None, since: int,
                 cap: int = UNREAD_CAP) -> int:
    """Posts others wrote in the space after `since` (ms), counted up to `cap`.

    Own posts and unsent ones are never unread. The (space_id, created_at) index makes
    a space with nothing new one index probe, and the cap bounds a busy one.
    """
    row = cache.conn.execute(
        """
        SELECT count(*) FROM (
          SELECT 1 FROM post
          WHERE space_id = ? AND created_at > ? AND author_id IS NOT ?
          LIMIT ?
        )
        """,
        (space_id, since, me, cap),
    ).fetchone()
    return int(row[0])
