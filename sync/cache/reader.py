"""Read-only queries of the cache for the desktop app and kontorctl: one import point.

The queries live in one module per job (people and organisation, posts, who handles
what, search, sync state); this module gathers them so callers write
`reader.list_people(cache, ...)` without knowing the split. Every function takes the
Cache of the calling thread (the GUI thread's read-only one, or the writer) and never
writes.
"""

from __future__ import annotations

from sync.cache.reader_people import (
    connections_of,
    count_people,
    get_org_unit,
    get_people,
    get_person,
    get_position,
    get_position_of,
    get_responsibility,
    list_org_units,
    list_people,
    list_sites,
    positions_of,
    reports_of,
    responsibilities_of,
)
from sync.cache.reader_posts import (
    CommentItem,
    PostItem,
    comments_of,
    get_comment,
    get_post,
    get_space,
    list_posts,
    list_spaces,
    memberships_of,
    reactions_of,
)
from sync.cache.reader_who import WhoAnswer, who_is_responsible
from sync.cache.search import SearchHit, search
from sync.cache.state import SyncState, get_sync_state

__all__ = [
    "CommentItem",
    "PostItem",
    "SearchHit",
    "SyncState",
    "WhoAnswer",
    "comments_of",
    "connections_of",
    "count_people",
    "get_comment",
    "get_org_unit",
    "get_people",
    "get_person",
    "get_position",
    "get_position_of",
    "get_post",
    "get_responsibility",
    "get_space",
    "get_sync_state",
    "list_org_units",
    "list_people",
    "list_posts",
    "list_sites",
    "list_spaces",
    "memberships_of",
    "positions_of",
    "reactions_of",
    "reports_of",
    "responsibilities_of",
    "search",
    "who_is_responsible",
]
