"""kontorctl duty, absence and job-contact: the organisation's everyday edits from a terminal.

Each change goes through the outbox like a post and is sent at once (sending.py says
what became of it: sent, queued or refused). The lists read the local cache only and
mark what the signed-in person may change, with the same rule the server applies
(sync/cache/read/rights.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import msgspec

from sync import protocol as p
from sync.cache.read.handover import job_contacts
from sync.cache.read.org import find_units, unit_seats
from sync.cache.read.people import (
    get_org_unit,
    get_person,
    get_position,
    get_responsibility,
    positions_of,
    responsibilities_of,
)
from sync.cache.read.rights import (
    editable_positions,
    get_job_connection,
    may_edit_position,
    responsibilities_of_positions,
)
from sync.cache.write import outbox
from sync.kontorctl.cached import after_read
from sync.kontorctl.positions import OrgReadout
from sync.kontorctl.sending import send_now
from sync.protocol import paths
from sync.session import NotSignedIn, ProfileSession
from sync.writes import (
    WriteError,
    queue_absence,
    queue_job_connection,
    queue_job_connection_delete,
    queue_responsibility,
    queue_responsibility_delete,
)


class DutyLine(msgspec.Struct, frozen=True):
    id: str
    title: str
    position_id: str
    position: str
    holder: str
    unit_id: str
    unit: str
    deputy_position_id: str | None
    keywords: list[str]
    synonyms: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    version: int
    may_edit: bool


class ContactLine(msgspec.Struct, frozen=True):
    id: str
    from_position_id: str
    from_position: str
    to_position_id: str
    to_position: str
    holder: str  # of the other end, seen from the listed position
    note: str
    may_edit: bool


class _Me:
    """The signed-in person, their admin flag, and names resolved from the command line."""

    def __init__(self, session: ProfileSession) -> None:
        state = session.state()
        if not state.person_id:
            if state.logged_in:
                raise WriteError("This account is not a person of the company directory, "
                                 "so it holds and leads no position.")
            raise NotSignedIn()
        self.session = session
        self.cache = session.cache
        self.id = state.person_id
        self.admin = state.is_admin
        self.names = OrgReadout(self.cache, self.id)

    def position(self, text: str | None) -> str:
        """The named position, or the one position this person holds."""
        if text:
            return self.names.position_id(text)
        held = positions_of(self.cache, self.id)
        if len(held) == 1:
            return held[0].id
        if not held:
            raise WriteError("You hold no position: name one with --position.")
        listed = "; ".join(f"{x.title} {x.id}" for x in held)
        raise WriteError(f"You hold several positions ({listed}): choose one with --position.")

    def unit(self, text: str) -> str:
        if p.is_uuid(text):
            return text
        found = find_units(self.cache, text, limit=5)
        if len(found) != 1:
            listed = "; ".join(f"{u.name} {u.id}" for u in found) or "none"
            raise WriteError(f"Name one unit (matches for {text!r}: {listed}).")
        return found[0].id

    def duty_line(self, r: p.Responsibility) -> DutyLine:
        owner = get_position(self.cache, r.owner_position_id)
        holder = get_person(self.cache, owner.holder_id) if owner and owner.holder_id \
            else None
        unit = get_org_unit(self.cache, owner.org_unit_id) if owner else None
        return DutyLine(
            r.id, r.title, r.owner_position_id, owner.title if owner else "",
            holder.display_name if holder else "", unit.id if unit else "",
            unit.name if unit else "", r.deputy_position_id, r.keywords, r.synonyms,
            r.valid_from, r.valid_to, r.version,
            may_edit_position(self.cache, self.id, r.owner_position_id,
                                     is_admin=self.admin))


def _print_json(value: Any) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")


def _show(session: ProfileSession, args: argparse.Namespace, rows: list[Any],
          line: Callable[[Any], str]) -> int:
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(line(row))
        if not rows:
            print("nothing found")
    return after_read(session)


# -- duties (responsibilities) ---------------------------------------------------------


def _keywords(text: str | None) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


def _duty_text(d: DutyLine) -> str:
    edit = "" if d.may_edit else "  (read only)"
    return f"{d.title}  [{d.position} — {d.holder or 'vacant'}]  v{d.version}  {d.id}{edit}"


def cmd_duty_list(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    if args.mine:
        found = responsibilities_of(me.cache, me.id)
    elif args.unit:
        seats = unit_seats(me.cache, me.unit(args.unit))
        found = responsibilities_of_positions(me.cache, [s.position.id for s in seats])
    else:
        positions = editable_positions(me.cache, me.id, is_admin=me.admin)
        found = responsibilities_of_positions(me.cache, [x.id for x in positions])
    return _show(session, args, [me.duty_line(r) for r in found], _duty_text)


def cmd_duty_add(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    write = p.ResponsibilityWrite(
        title=args.title, description=args.description or "",
        keywords=_keywords(args.keywords), synonyms=_keywords(args.synonyms),
        owner_position_id=me.position(args.position),
        deputy_position_id=me.names.position_id(args.deputy) if args.deputy else None,
        valid_from=args.valid_from, valid_to=args.valid_to)
    item = queue_responsibility(me.cache, write)
    return send_now(session, args, item.id, item.id, "duty")


def _edit_version(cache: Any, duty: p.Responsibility) -> int:
    """The If-Match for an edit made now: the cached version, plus one for each edit of
    the same duty still waiting in the outbox (the server raises it once for each)."""
    path = paths.RESPONSIBILITY.format(id=duty.id)
    waiting = sum(1 for i in outbox.all_items(cache)
                  if i.path == path and i.method == "PUT" and i.id != duty.id
                  and i.state == "pending")
    return duty.version + waiting


def cmd_duty_edit(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    duty = get_responsibility(me.cache, args.id)
    if duty is None:
        raise WriteError(f"No duty {args.id} in the local cache (kontorctl sync fetches it).")
    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.description is not None:
        changes["description"] = args.description
    if args.keywords is not None:
        changes["keywords"] = _keywords(args.keywords)
    if args.synonyms is not None:
        changes["synonyms"] = _keywords(args.synonyms)
    if args.position is not None:
        changes["owner_position_id"] = me.names.position_id(args.position)
    if args.deputy is not None:
        changes["deputy_position_id"] = me.names.position_id(args.deputy) if args.deputy \
            else None
    if args.valid_from is not None:
        changes["valid_from"] = args.valid_from
    if args.valid_to is not None:
        changes["valid_to"] = args.valid_to
    if not changes:
        raise WriteError("Nothing to change: give --title, --description, --keywords, "
                         "--synonyms, --position, --deputy, --from or --to.")
    fields = {name: getattr(duty, name) for name in p.ResponsibilityWrite.__struct_fields__}
    write = p.ResponsibilityWrite(**{**fields, **changes})
    item = queue_responsibility(me.cache, write, record_id=duty.id,
                                version=_edit_version(me.cache, duty))
    return send_now(session, args, item.id, duty.id, "duty")


def cmd_duty_rm(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    item = queue_responsibility_delete(me.cache, args.id)
    return send_now(session, args, item.id, args.id, "deletion")


# -- absences -------------------------------------------------------------------------------


def cmd_absence_set(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    position = me.position(args.position)
    item = queue_absence(me.cache, position, args.absent_from, args.absent_to)
    return send_now(session, args, item.id, position, "absence")


def cmd_absence_clear(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    position = me.position(args.position)
    item = queue_absence(me.cache, position, None, None)
    return send_now(session, args, item.id, position, "absence")


# -- job contacts ---------------------------------------------------------------------------


def _contact_text(c: ContactLine) -> str:
    edit = "" if c.may_edit else "  (read only)"
    note = f": {c.note}" if c.note else ""
    return (f"{c.from_position} -> {c.to_position} ({c.holder or 'vacant'}){note}  "
            f"{c.id}{edit}")


def cmd_contact_list(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    if args.position:
        positions = [me.names.position_id(args.position)]
    else:
        positions = [x.id for x in positions_of(me.cache, me.id)]
    rows = []
    for position_id in positions:
        here = get_position(me.cache, position_id)
        title = here.title if here else ""
        for k in job_contacts(me.cache, position_id):
            c = k.connection
            outgoing = c.from_id == position_id
            rows.append(ContactLine(
                c.id, c.from_id, title if outgoing else k.position.title, c.to_id,
                k.position.title if outgoing else title,
                k.holder.display_name if k.holder else "", c.note,
                may_edit_position(me.cache, me.id, c.from_id, is_admin=me.admin)))
    return _show(session, args, rows, _contact_text)


def cmd_contact_add(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    item = queue_job_connection(me.cache, me.position(args.from_position),
                                me.names.position_id(args.to), args.note or "")
    return send_now(session, args, item.id, item.id, "job contact")


def cmd_contact_note(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    found = get_job_connection(me.cache, args.id)
    if found is None:
        raise WriteError(f"No job contact {args.id} in the local cache "
                         "(kontorctl job-contact list shows them).")
    item = queue_job_connection(me.cache, found.from_id, found.to_id, args.text,
                                record_id=found.id)
    return send_now(session, args, item.id, found.id, "job contact")


def cmd_contact_rm(session: ProfileSession, args: argparse.Namespace) -> int:
    me = _Me(session)
    item = queue_job_connection_delete(me.cache, args.id)
    return send_now(session, args, item.id, args.id, "deletion")


# -- the parsers ----------------------------------------------------------------------------


def _group(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
           help: str) -> Callable[..., argparse.ArgumentParser]:
    group = sub.add_parser(name, help=help)
    actions = group.add_subparsers(dest="action", required=True)

    def action(verb: str, func: Callable[..., int], help: str) -> argparse.ArgumentParser:
        cmd = actions.add_parser(verb, help=help)
        cmd.set_defaults(func=func)
        cmd.add_argument("--json", action="store_true")
        return cmd
    return action


_POSITION = "position id, title or holder name (default: your own)"


def _duty_fields(cmd: argparse.ArgumentParser, *, adding: bool) -> None:
    cmd.add_argument("--title", required=adding)
    cmd.add_argument("--description")
    cmd.add_argument("--keywords", help="what it covers, shown in listings; comma separated")
    cmd.add_argument("--synonyms", help="other words `who` finds it by, never shown as its "
                     "description; comma separated" + ("" if adding else " ('' for none)"))
    cmd.add_argument("--position", help=f"owner {_POSITION}" if adding
                     else "move it to this position (needs the right on both)")
    cmd.add_argument("--deputy", help="deputy position" + ("" if adding else " ('' for none)"))
    cmd.add_argument("--from", dest="valid_from", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    cmd.add_argument("--to", dest="valid_to", type=dt.date.fromisoformat, help="YYYY-MM-DD")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the duty, absence and job-contact commands to kontorctl's parser."""
    duty = _group(sub, "duty", "the duties (responsibilities) of positions")
    listing = duty("list", cmd_duty_list, "duties you may edit (or --mine, --unit)")
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--mine", action="store_true", help="of the positions you hold")
    which.add_argument("--unit", help="of the positions of one unit (id or name)")
    _duty_fields(duty("add", cmd_duty_add, "add a duty to a position"), adding=True)
    edit = duty("edit", cmd_duty_edit, "change a duty (only the fields given)")
    edit.add_argument("id")
    _duty_fields(edit, adding=False)
    duty("rm", cmd_duty_rm, "delete a duty").add_argument("id")

    absence = _group(sub, "absence", "mark a position's holder away, or back")
    away = absence("set", cmd_absence_set, "away from..to: their deputy is asked meanwhile")
    away.add_argument("--from", dest="absent_from", required=True,
                      type=dt.date.fromisoformat, help="YYYY-MM-DD")
    away.add_argument("--to", dest="absent_to", required=True, type=dt.date.fromisoformat,
                      help="YYYY-MM-DD")
    away.add_argument("--position", help=_POSITION)
    absence("clear", cmd_absence_clear, "back again").add_argument("--position", help=_POSITION)

    contact = _group(sub, "job-contact", "contacts that belong to a job, not to a person")
    contact("list", cmd_contact_list, "the job contacts of your positions (or one)"
            ).add_argument("--position", help=_POSITION)
    add = contact("add", cmd_contact_add, "add a contact from a position to another")
    add.add_argument("--to", required=True, help="the contact's position: id, title or name")
    add.add_argument("--from", dest="from_position", help=_POSITION)
    add.add_argument("--note", default="", help="what to ask them about")
    note = contact("note", cmd_contact_note, "replace the note of a job contact")
    note.add_argument("id")
    note.add_argument("text")
    contact("rm", cmd_contact_rm, "remove a job contact").add_argument("id")
