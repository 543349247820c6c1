"""Removing posts and comments without a request: their reactions and a post's comments
go with them, each as a tombstone that every cache that held it follows."""

from __future__ import annotations

from dataclasses import dataclass

from server_stub.services.context import WriteContext
from server_stub.storage import spaces as space_store
from server_stub.storage.records import THIS_SITE, Scope, space_scope
from sync import protocol as p


@dataclass
class Removed:
    """How many records went, by kind: the audit entry's counts (never content)."""

    posts: int = 0
    comments: int = 0
    reactions: int = 0

    def add(self, other: Removed) -> None:
        self.posts += other.posts
        self.comments += other.comments
        self.reactions += other.reactions

    def counts(self) -> dict[str, int]:
        return {"posts": self.posts, "comments": self.comments, "reactions": self.reactions}


def _scope(ctx: WriteContext, space_id: str) -> Scope:
    space = space_store.get_space(ctx.conn, space_id)
    return THIS_SITE if space is None else space_scope(space.visibility, space.id)


def _home(ctx: WriteContext, record: p.Record, scope: Scope) -> Scope:
    """A peer's record goes from here but is never sent back home (services/posts.py)."""
    return scope if record.origin == ctx.server_name else THIS_SITE


def _reactions(ctx: WriteContext, target_id: str, scope: Scope, removed: Removed) -> None:
    for reaction in space_store.reactions_on(ctx.conn, target_id):
        ctx.delete("reaction", reaction.id, _home(ctx, reaction, scope))
        removed.reactions += 1


def remove_post(ctx: WriteContext, post: p.Post) -> Removed:
    removed = Removed(posts=1)
    scope = _scope(ctx, post.space_id)
    for comment in space_store.comments_of_post(ctx.conn, post.id):
        _reactions(ctx, comment.id, scope, removed)
        ctx.delete("comment", comment.id, _home(ctx, comment, scope))
        removed.comments += 1
    _reactions(ctx, post.id, scope, removed)
    ctx.delete("post", post.id, scope)
    return removed


def remove_comment(ctx: WriteContext, comment: p.Comment) -> Removed:
    removed = Removed(comments=1)
    scope = _scope(ctx, comment.space_id)
    _reactions(ctx, comment.id, scope, removed)
    ctx.delete("comment", comment.id, _home(ctx, comment, scope))
    return removed


def remove_reaction(ctx: WriteContext, reaction: p.Reaction) -> None:
    ctx.delete("reaction", reaction.id, _home(ctx, reaction, _scope(ctx, reaction.space_id)))
