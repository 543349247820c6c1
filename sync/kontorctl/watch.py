"""What `kontorctl sync --watch` prints as changes arrive: one line per batch the cache
took (the counts per kind), then the first line of each new post in it.

A catch-up after a long time away brings hundreds of posts in one batch; their lines
would bury the counts, so a batch with more than MAX_POST_LINES new posts shows the
counts only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator

from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.people import get_person
from sync.cache.read.posts import get_space
from sync.engine import Applied, EngineEvent

MAX_POST_LINES = 5
_PLURAL = {"person": "people", "org_unit": "org units", "checklist_item": "checklist items",
           "checklist_check": "checklist ticks", "space_access": "access changes",
           "responsibility": "responsibilities"}


def _count(kind: str, n: int) -> str:
    if n == 1:
        return f"1 {kind.replace('_', ' ')}"
    return f"{n} {_PLURAL.get(kind, kind.replace('_', ' ') + 's')}"


def arrival_lines(cache: Cache, applied: Applied, now: dt.datetime | None = None
                  ) -> Iterator[str]:
    changes = applied.changes
    kinds = Counter(c.kind for c in changes)
    at = (now or dt.datetime.now()).strftime("%H:%M:%S")
    listed = ", ".join(_count(kind, n) for kind, n in kinds.most_common())
    yield f"{at}  {len(changes)} change{'s' if len(changes) != 1 else ''}: {listed}"
    posts = [c.record for c in changes if c.kind == "post" and c.op == "put"
             and isinstance(c.record, p.Post) and c.record.version == 1]
    if len(posts) > MAX_POST_LINES:
        return
    for post in posts:
        author = get_person(cache, post.author_id)
        space = get_space(cache, post.space_id)
        who = author.display_name if author else "someone"
        where = f" in {space.name}" if space else ""
        yield f"    {who}{where}: {post.text.split(chr(10), 1)[0]}"


def printer(cache: Cache, out: Callable[[str], None]) -> Callable[[EngineEvent], None]:
    """An engine listener that prints every applied batch through out."""
    def listen(event: EngineEvent) -> None:
        if isinstance(event, Applied):
            for line in arrival_lines(cache, event):
                out(line)
    return listen
