"""Onboarding checklists: the unit lead keeps the items, each person ticks their own.

Items are company-visible (a newcomer's list is the items of their unit and the units
above). A check is seen by the person who ticked it alone.
"""

from __future__ import annotations

import msgspec

from server_stub.errors import ApiError
from server_stub.services import audit, org_rules
from server_stub.services.context import WriteContext, WriteResult, encoder, require_local
from server_stub.storage import organisation, records
from server_stub.storage.records import EVERYONE, Scope
from sync import protocol as p


def put_item(ctx: WriteContext, record_id: str, body: p.ChecklistItemWrite) -> WriteResult:
    org_rules.get_unit(ctx, body.org_unit_id)
    existing = records.get_record(ctx.conn, "checklist_item", record_id)
    fields = {name: getattr(body, name) for name in body.__struct_fields__}
    if isinstance(existing, p.ChecklistItem):
        require_local(ctx, existing)
        org_rules.require_unit_lead(ctx, existing.org_unit_id)
        if all(getattr(existing, k) == v for k, v in fields.items()):
            return WriteResult(200, encoder.encode(existing))
        if existing.org_unit_id != body.org_unit_id:
            org_rules.require_unit_lead(ctx, body.org_unit_id)  # the right on both units
        item = msgspec.structs.replace(existing, **fields, version=existing.version + 1,
                                       updated_at=ctx.now)
    else:
        if records.is_tombstone(ctx.conn, "checklist_item", record_id):
            raise ApiError(410, "deleted", "This checklist item was deleted.")
        org_rules.require_unit_lead(ctx, body.org_unit_id)
        item = p.ChecklistItem(id=record_id, origin=ctx.server_name, version=1,
                               updated_at=ctx.now, **fields)
    ctx.put("checklist_item", item, EVERYONE)
    audit.record(ctx, "checklist_item.put", "checklist_item", record_id,
                 org_unit_id=item.org_unit_id, version=item.version)
    return WriteResult(200, encoder.encode(item))


def delete_item(ctx: WriteContext, record_id: str) -> None:
    """Remove an item and everyone's ticks on it (each from its person's own scope)."""
    existing = records.get_record(ctx.conn, "checklist_item", record_id)
    if not isinstance(existing, p.ChecklistItem):
        return
    require_local(ctx, existing)
    org_rules.require_unit_lead(ctx, existing.org_unit_id)
    for check in organisation.checks_of_item(ctx.conn, record_id):
        ctx.delete("checklist_check", check.id, Scope("person", check.person_id))
    ctx.delete("checklist_item", record_id, EVERYONE)
    audit.record(ctx, "checklist_item.delete", "checklist_item", record_id,
                 org_unit_id=existing.org_unit_id)


def put_check(ctx: WriteContext, record_id: str, body: p.ChecklistCheckWrite) -> WriteResult:
    """Tick an item for the caller; ticking it again answers the existing check."""
    existing = records.get_record(ctx.conn, "checklist_check", record_id)
    if isinstance(existing, p.ChecklistCheck):
        if existing.person_id != ctx.person_id:
            # Only its person sees a check; to anyone else the id is taken by nothing
            # they can know about (services/posts.py: _hidden).
            raise ApiError(404, "not_found", "There is no such checklist check.")
        if existing.item_id != body.item_id:
            raise ApiError(400, "target_immutable", "A check cannot move to another item.")
        return WriteResult(200, encoder.encode(existing))
    if records.is_tombstone(ctx.conn, "checklist_check", record_id):
        raise ApiError(410, "deleted", "This check was removed; tick the item anew.")
    if not isinstance(records.get_record(ctx.conn, "checklist_item", body.item_id),
                      p.ChecklistItem):
        raise ApiError(404, "item_not_found", "There is no such checklist item.")
    same_item = organisation.check_of(ctx.conn, body.item_id, ctx.person_id)
    if same_item is not None:
        return WriteResult(200, encoder.encode(same_item))
    check = p.ChecklistCheck(id=record_id, origin=ctx.server_name, version=1,
                             updated_at=ctx.now, item_id=body.item_id,
                             person_id=ctx.person_id, done_at=ctx.now)
    ctx.put("checklist_check", check, Scope("person", ctx.person_id))
    audit.record(ctx, "checklist_check.put", "checklist_check", record_id,
                 item_id=body.item_id)
    return WriteResult(200, encoder.encode(check))


def delete_check(ctx: WriteContext, record_id: str) -> None:
    existing = records.get_record(ctx.conn, "checklist_check", record_id)
    if not isinstance(existing, p.ChecklistCheck) or existing.person_id != ctx.person_id:
        return  # as for an id never used (only its person sees a check)
    ctx.delete("checklist_check", record_id, Scope("person", existing.person_id))
    audit.record(ctx, "checklist_check.delete", "checklist_check", record_id,
                 item_id=existing.item_id)
