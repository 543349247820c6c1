"""What needs a community manager's attention, in words: a question waiting for an
answer, a space gone quiet, a how-to nobody has edited for long. Shared by the Hubs and
Community screens, which may not import each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.qt import QCoreApplication
from sync.cache.read.people import get_record
from sync.protocol import HubAttention, Post, Space

if TYPE_CHECKING:
    from sync.cache.db import Cache

CONTEXT = "HubAttention"
DAY_MS = 86_400_000


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def first_line(post: Post | None) -> str:
    return post.text.splitlines()[0][:80] if post and post.text else "…"


def attention_text(cache: Cache, item: HubAttention, now: int) -> str:
    days = str(max(0, (now - item.since) // DAY_MS))
    if item.attention_kind == "unanswered_question":
        post = get_record(cache, "post", Post, item.target_id)
        return _tr("Unanswered for %1 days: %2").replace("%1", days).replace(
            "%2", first_line(post))
    if item.attention_kind == "outdated_howto":
        post = get_record(cache, "post", Post, item.target_id)
        return _tr("Not edited for %1 days: %2").replace("%1", days).replace(
            "%2", first_line(post))
    space = get_record(cache, "space", Space, item.target_id)
    return _tr("Quiet for %1 days: %2").replace("%1", days).replace(
        "%2", space.name if space else "…")
