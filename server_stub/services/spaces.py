"""Spaces and membership: who may read and who may write where."""

from __future__ import annotations

import uuid

from server_stub.errors import ApiError
from server_stub.services.context import ReadContext, WriteContext
from server_stub.storage import records
from server_stub.storage import spaces as space_store
from server_stub.storage.records import Scope, space_scope
from sync import protocol as p
from sync.protocol import rules


def get_space(ctx: ReadContext, space_id: str) -> p.Space:
    space = space_store.get_space(ctx.conn, space_id)
    if space is None:
        raise ApiError(404, "space_not_found", "There is no such space.")
    return space


def membership_of(ctx: ReadContext, space_id: str, person_id: str) -> p.Membership | None:
    return space_store.get_membership(ctx.conn, space_id, person_id)


def _role(ctx: ReadContext, space: p.Space) -> str | None:
    member = membership_of(ctx, space.id, ctx.person_id)
    return None if member is None else member.role


_POST_REFUSED = {
    "moderators_only": "Only moderators post announcements here.",
    "not_a_member": "Only members of this space can write in it.",
}


def require_writer(ctx: ReadContext, space: p.Space) -> None:
    """Posting needs sync/protocol/rules.post_refusal to find no reason against it."""
    refusal = rules.post_refusal(space, _role(ctx, space))
    if refusal is not None:
        raise ApiError(403, refusal, _POST_REFUSED[refusal])


def require_commenter(ctx: ReadContext, space: p.Space) -> None:
    """Comments and reactions: sync/protocol/rules.may_discuss_in."""
    if not rules.may_discuss_in(space, _role(ctx, space)):
        raise ApiError(403, "not_a_member", "Only members of this space can comment here.")


def require_reader(ctx: ReadContext, space: p.Space) -> None:
    if space.visibility == "members" and membership_of(ctx, space.id, ctx.person_id) is None:
        raise ApiError(404, "space_not_found", "There is no such space.")


def may_see(ctx: ReadContext, space_id: str) -> bool:
    """Whether the caller may know the space and what is in it: a members-only space
    and its records are, to anyone else, records that do not exist (admins moderate
    every space and so see them)."""
    space = space_store.get_space(ctx.conn, space_id)
    if space is None:
        return False
    if space.visibility != "members" or ctx.caller.is_admin:
        return True
    person_id = ctx.caller.person_id
    return person_id is not None and membership_of(ctx, space.id, person_id) is not None


def get_visible_space(ctx: ReadContext, space_id: str) -> p.Space:
    """The space, or 404 space_not_found alike when it is missing or hidden from the
    caller, so that nobody learns a members-only space exists by asking."""
    if not may_see(ctx, space_id):
        raise ApiError(404, "space_not_found", "There is no such space.")
    return get_space(ctx, space_id)


def is_moderator(ctx: ReadContext, space_id: str) -> bool:
    member = membership_of(ctx, space_id, ctx.person_id) if ctx.caller.person_id else None
    return ctx.caller.is_admin or (member is not None and member.role == "moderator")


def membership_id(space_id: str, person_id: str) -> str:
    """A person's membership of a space has one id, whoever makes it (a join, a
    moderator, a handover), so all of them find the same seat."""
    return str(uuid.uuid5(uuid.UUID(space_id), "member:" + person_id))


def add_member(ctx: WriteContext, space: p.Space, person_id: str,
               role: p.MemberRole) -> p.Membership:
    if records.get_one(ctx.conn, "person", p.Person, person_id) is None:
        raise ApiError(404, "person_not_found", "There is no such person.")
    existing = membership_of(ctx, space.id, person_id)
    if existing is not None and existing.role == role:
        return existing
    membership = p.Membership(
        id=existing.id if existing else membership_id(space.id, person_id),
        origin=ctx.server_name,
        version=existing.version + 1 if existing else 1,
        updated_at=ctx.now,
        space_id=space.id, person_id=person_id,
        role=role,
    )
    scope = space_scope(space.visibility, space.id)
    ctx.put("membership", membership, scope)
    if existing is None and space.visibility == "members":
        # The new member's client must receive what the space already holds.
        ctx.note(records.resequence_space(ctx.conn, space.id), scope)
    return membership


def remove_member(ctx: WriteContext, space: p.Space, person_id: str) -> None:
    existing = membership_of(ctx, space.id, person_id)
    if existing is None:
        return
    ctx.delete("membership", existing.id, space_scope(space.visibility, space.id))
    if space.visibility == "members":
        seq = records.revoke_space_access(ctx.conn, space.id, person_id)
        ctx.note(seq, Scope("person", person_id))


def join(ctx: WriteContext, space_id: str) -> p.Membership:
    space = get_visible_space(ctx, space_id)
    if space.visibility == "members":
        raise ApiError(403, "invite_only", "This space is for invited members only.")
    return add_member(ctx, space, ctx.person_id, "member")


def leave(ctx: WriteContext, space_id: str) -> None:
    space = get_visible_space(ctx, space_id)
    remove_member(ctx, space, ctx.person_id)


def set_member(ctx: WriteContext, space_id: str, person_id: str,
               role: p.MemberRole) -> p.Membership:
    space = get_visible_space(ctx, space_id)
    if not is_moderator(ctx, space_id):
        raise ApiError(403, "moderators_only", "Only moderators manage members of this space.")
    return add_member(ctx, space, person_id, role)


def drop_member(ctx: WriteContext, space_id: str, person_id: str) -> None:
    space = get_visible_space(ctx, space_id)
    if person_id != ctx.caller.person_id and not is_moderator(ctx, space_id):
        raise ApiError(403, "moderators_only", "Only moderators manage members of this space.")
    remove_member(ctx, space, person_id)
