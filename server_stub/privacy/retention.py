"""Retention: posts and comments older than a configured age, in the spaces the rules
name, are removed (docs/privacy.md, "How long").

A post goes with its whole thread (its comments and reactions), so nothing outlives the
post it belongs to; an old comment under a younger post goes on its own. Age counts from
creation. A post that a responsibility links as its how-to is kept and counted: it
documents a job rather than a conversation; it goes once no responsibility links it.
Only this site's own records are removed: a peer's posts follow their home's rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from server_stub.config import RetentionRule
from server_stub.privacy.content import Removed, remove_comment, remove_post
from server_stub.services import audit
from server_stub.services.context import WriteContext
from server_stub.storage import records
from server_stub.storage import tables as t
from sync import protocol as p

DAY_MS = 86_400_000
ALL_SPACES = "*"
BATCH = 500  # records removed per transaction while serving, so requests get their turn


@dataclass
class RetentionResult:
    removed: Removed = field(default_factory=Removed)
    kept_howtos: int = 0
    spaces: int = 0  # spaces the rules cover
    unknown: list[str] = field(default_factory=list)  # names in the rules no space has
    more: bool = False  # the batch was full: run again

    def summary(self) -> dict[str, object]:
        return {**self.removed.counts(), "kept_howtos": self.kept_howtos,
                "spaces": self.spaces, "unknown_spaces": self.unknown}


def covered_spaces(conn: sa.Connection, rules: Sequence[RetentionRule]) -> tuple[
        dict[str, int], list[str]]:
    """Each covered space's maximum age in days (the shortest rule that names it), and
    the names in the rules that match no space."""
    spaces = conn.execute(sa.select(t.space.c.id, t.space.c.name)).all()
    ages: dict[str, int] = {}
    unknown: list[str] = []
    for rule in rules:
        for name in rule.spaces:
            hits = [sid for sid, sname in spaces
                    if name in (ALL_SPACES, sid) or sname.casefold() == name.casefold()]
            if not hits:
                unknown.append(name)
            for sid in hits:
                ages[sid] = min(ages.get(sid, rule.max_age_days), rule.max_age_days)
    return ages, sorted(set(unknown))


def _howto_ids(conn: sa.Connection) -> set[str]:
    rows = conn.execute(sa.select(t.responsibility.c.howto_post_id)
                        .where(t.responsibility.c.howto_post_id.is_not(None)))
    return {r[0] for r in rows}


def _by_age(ages: dict[str, int]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    for sid, days in ages.items():
        groups.setdefault(days, []).append(sid)
    return groups


def run_retention(ctx: WriteContext, rules: Sequence[RetentionRule],
                  batch: int | None = None) -> RetentionResult:
    """Remove what is past its age in this transaction (up to batch posts and comments)
    and write one audit entry with the counts."""
    ages, unknown = covered_spaces(ctx.conn, rules)
    result = RetentionResult(spaces=len(ages), unknown=unknown)
    howtos = _howto_ids(ctx.conn)
    budget = batch if batch is not None else -1
    for days, space_ids in sorted(_by_age(ages).items()):
        cutoff = ctx.now - days * DAY_MS
        for chunk in records.iter_chunks(space_ids, 500):
            old = records.get_typed(ctx.conn, "post", p.Post, sa.and_(
                t.post.c.space_id.in_(chunk), t.post.c.created_at < cutoff,
                t.post.c.origin == ctx.server_name))
            for post in old:
                if post.id in howtos:
                    result.kept_howtos += 1
                    continue
                if budget == 0:
                    result.more = True
                    break
                result.removed.add(remove_post(ctx, post))
                budget -= 1
            comments = records.get_typed(ctx.conn, "comment", p.Comment, sa.and_(
                t.comment.c.space_id.in_(chunk), t.comment.c.created_at < cutoff,
                t.comment.c.origin == ctx.server_name))
            for comment in comments:
                if budget == 0:
                    result.more = True
                    break
                result.removed.add(remove_comment(ctx, comment))
                budget -= 1
    if result.removed.posts or result.removed.comments:
        audit.record(ctx, "retention.run", "space", "", **result.summary())
    return result
