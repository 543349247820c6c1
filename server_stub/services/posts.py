"""Posts, comments and reactions: create with the client's id, edit with a version.

Rules: only members write in a space; only the author edits; a repeated create with
the same content is answered with the stored record, so an outbox can retry blindly
after a dropped connection without making duplicates.
"""

from __future__ import annotations

import msgspec

from server_stub.errors import ApiError
from server_stub.services import spaces
from server_stub.services.context import WriteContext, WriteResult, encoder, require_local
from server_stub.storage import records
from server_stub.storage import spaces as space_store
from server_stub.storage.records import THIS_SITE, space_scope
from sync import protocol as p


def _check_version(record: p.Record, if_match: int | None, same: bool) -> bool:
    """True if the write changes nothing (a replay); raises on a stale or missing version.

    Same content wins over the version check: an edit whose answer was lost and that is
    sent again must not turn into a conflict with itself.
    """
    if same:
        return True
    version = record.version
    if if_match is None:
        raise ApiError(
            428, "version_required",
            "Editing needs the version you edit (If-Match header).",
            current=encoder.encode(record),
        )
    if if_match != version:
        raise ApiError(
            409, "version_conflict",
            f"This was changed meanwhile (now version {version}).",
            current=encoder.encode(record),
        )
    return False


def _hidden(kind: str) -> ApiError:
    """The answer for a record the caller may not see: the one for a missing record.

    DELETE answers exactly as for an id never used. A PUT of a never used id would
    create the record, which a used id cannot; it answers 404 not_found, which says
    only that the id is taken, never where, by whom or since when.
    """
    return ApiError(404, "not_found", f"There is no such {kind}.")


def _require_author(ctx: WriteContext, author_id: str) -> None:
    if author_id != ctx.caller.person_id:
        raise ApiError(403, "not_author", "Only the author can change this.")


def put_post(ctx: WriteContext, post_id: str, body: p.PostWrite, if_match: int | None) -> (
    WriteResult
):
    existing = records.get_record(ctx.conn, "post", post_id)
    space = spaces.get_space(ctx, body.space_id)
    spaces.require_reader(ctx, space)
    if isinstance(existing, p.Post) and not spaces.may_see(ctx, existing.space_id):
        raise _hidden("post")
    if isinstance(existing, p.Post):
        require_local(ctx, existing)
        _require_author(ctx, existing.author_id)
        if existing.space_id != body.space_id:
            raise ApiError(400, "space_immutable", "A post cannot move to another space.")
        same = (existing.text, existing.post_kind, existing.mentions) == (
            body.text, body.post_kind, body.mentions)
        if _check_version(existing, if_match, same):
            return WriteResult(200, encoder.encode(existing))
        spaces.require_writer(ctx, space)
        post = msgspec.structs.replace(
            existing, text=body.text, post_kind=body.post_kind, mentions=body.mentions,
            version=existing.version + 1, updated_at=ctx.now, edited_at=ctx.now,
        )
    else:
        if records.is_tombstone(ctx.conn, "post", post_id):
            raise ApiError(410, "deleted", "This post was deleted.")
        spaces.require_writer(ctx, space)
        post = p.Post(
            id=post_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
            space_id=space.id, author_id=ctx.person_id, post_kind=body.post_kind,
            text=body.text, mentions=body.mentions, created_at=ctx.now,
        )
    ctx.put("post", post, space_scope(space.visibility, space.id))
    return WriteResult(200, encoder.encode(post))


def _deletable(ctx: WriteContext, kind: str, record_id: str) -> p.Post | p.Comment | None:
    """The post or comment the caller may delete; None if it is deleted already."""
    existing = records.get_record(ctx.conn, kind, record_id)
    if not isinstance(existing, p.Post | p.Comment):
        if records.is_tombstone(ctx.conn, kind, record_id):
            return None
        raise _hidden(kind)
    if not spaces.may_see(ctx, existing.space_id):
        raise _hidden(kind)
    require_local(ctx, existing)
    if existing.author_id != ctx.caller.person_id and not spaces.is_moderator(
        ctx, existing.space_id
    ):
        raise ApiError(403, "not_author", "Only the author or a moderator can delete this.")
    return existing


def delete_post(ctx: WriteContext, post_id: str, if_match: int | None) -> None:
    existing = _deletable(ctx, "post", post_id)
    if existing is None:
        return
    if if_match is not None and if_match != existing.version:
        raise ApiError(409, "version_conflict", "This was changed meanwhile.",
                       current=encoder.encode(existing))
    space = spaces.get_space(ctx, existing.space_id)
    scope = space_scope(space.visibility, space.id)
    for comment in space_store.comments_of_post(ctx.conn, post_id):
        _delete_reactions(ctx, comment.id, scope)
        ctx.delete("comment", comment.id, _home_scope(ctx, comment, scope))
    _delete_reactions(ctx, post_id, scope)
    ctx.delete("post", post_id, scope)


def _home_scope(ctx: WriteContext, record: msgspec.Struct, scope: records.Scope) -> (
    records.Scope
):
    """A peer's comment or reaction under a deleted post goes here, but not back home."""
    return scope if getattr(record, "origin", None) == ctx.server_name else THIS_SITE


def _delete_reactions(ctx: WriteContext, target_id: str, scope: records.Scope) -> None:
    for reaction in space_store.reactions_on(ctx.conn, target_id):
        ctx.delete("reaction", reaction.id, _home_scope(ctx, reaction, scope))


def put_comment(
    ctx: WriteContext, comment_id: str, body: p.CommentWrite, if_match: int | None
) -> WriteResult:
    post = records.get_record(ctx.conn, "post", body.post_id)
    if not isinstance(post, p.Post) or not spaces.may_see(ctx, post.space_id):
        raise ApiError(404, "post_not_found", "There is no such post.")
    space = spaces.get_space(ctx, post.space_id)
    spaces.require_reader(ctx, space)
    existing = records.get_record(ctx.conn, "comment", comment_id)
    if isinstance(existing, p.Comment) and not spaces.may_see(ctx, existing.space_id):
        raise _hidden("comment")
    if isinstance(existing, p.Comment):
        require_local(ctx, existing)
        _require_author(ctx, existing.author_id)
        if existing.post_id != body.post_id:
            raise ApiError(400, "post_immutable", "A comment cannot move to another post.")
        same = (existing.text, existing.mentions) == (body.text, body.mentions)
        if _check_version(existing, if_match, same):
            return WriteResult(200, encoder.encode(existing))
        comment = msgspec.structs.replace(
            existing, text=body.text, mentions=body.mentions,
            version=existing.version + 1, updated_at=ctx.now,
        )
    else:
        if records.is_tombstone(ctx.conn, "comment", comment_id):
            raise ApiError(410, "deleted", "This comment was deleted.")
        spaces.require_commenter(ctx, space)
        comment = p.Comment(
            id=comment_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
            post_id=post.id, space_id=space.id, author_id=ctx.person_id,
            text=body.text, mentions=body.mentions, created_at=ctx.now,
        )
    ctx.put("comment", comment, space_scope(space.visibility, space.id))
    return WriteResult(200, encoder.encode(comment))


def delete_comment(ctx: WriteContext, comment_id: str) -> None:
    existing = _deletable(ctx, "comment", comment_id)
    if existing is None:
        return
    space = spaces.get_space(ctx, existing.space_id)
    scope = space_scope(space.visibility, space.id)
    _delete_reactions(ctx, comment_id, scope)
    ctx.delete("comment", comment_id, scope)


def put_reaction(ctx: WriteContext, reaction_id: str, body: p.ReactionWrite) -> WriteResult:
    existing = records.get_record(ctx.conn, "reaction", reaction_id)
    if isinstance(existing, p.Reaction) and not spaces.may_see(ctx, existing.space_id):
        raise _hidden("reaction")
    if isinstance(existing, p.Reaction):
        if existing.person_id != ctx.caller.person_id:
            raise ApiError(403, "not_author", "Only the author can change this.")
        if (existing.target_id, existing.emoji) == (body.target_id, body.emoji):
            return WriteResult(200, encoder.encode(existing))
        raise ApiError(409, "reaction_immutable", "A reaction cannot change; delete it instead.",
                       current=encoder.encode(existing))
    target = records.get_record(ctx.conn, "post", body.target_id) or records.get_record(
        ctx.conn, "comment", body.target_id)
    if not isinstance(target, p.Post | p.Comment) or not spaces.may_see(ctx, target.space_id):
        raise ApiError(404, "target_not_found", "There is no such post or comment.")
    space = spaces.get_space(ctx, target.space_id)
    spaces.require_reader(ctx, space)
    spaces.require_commenter(ctx, space)
    reaction = p.Reaction(
        id=reaction_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
        target_id=target.id, space_id=space.id, person_id=ctx.person_id, emoji=body.emoji,
    )
    ctx.put("reaction", reaction, space_scope(space.visibility, space.id))
    return WriteResult(200, encoder.encode(reaction))


def delete_reaction(ctx: WriteContext, reaction_id: str) -> None:
    existing = records.get_record(ctx.conn, "reaction", reaction_id)
    if not isinstance(existing, p.Reaction) or not spaces.may_see(ctx, existing.space_id):
        return  # as for an id never used: nothing to remove
    require_local(ctx, existing)
    if existing.person_id != ctx.caller.person_id:
        raise ApiError(403, "not_author", "Only the author can remove this reaction.")
    space = spaces.get_space(ctx, existing.space_id)
    ctx.delete("reaction", reaction_id, space_scope(space.visibility, space.id))
