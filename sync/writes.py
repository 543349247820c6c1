"""Local writes: each becomes an outbox item with its final, client-made UUIDv7 id.

The item is stored before anything is sent, so a crash, a closed laptop or a dead
network never loses it; the engine sends items in order and removes each only after
the server's answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, cast

import msgspec
import uuid6

from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.handover import get_handover, rows_of, scheduled_handover
from sync.cache.read.people import get_person, get_position
from sync.cache.read.posts import get_space, list_spaces, role_in_space
from sync.cache.write import outbox
from sync.cache.write.outbox import OutboxItem
from sync.cache.write.state import get_sync_state
from sync.protocol import paths, rules


class WriteError(Exception):
    """The write cannot even be queued (unknown space, empty text)."""


def new_id() -> str:
    return str(uuid6.uuid7())


def _enqueue(cache: Cache, record_id: str, kind: str, method: str, path: str,
             body: msgspec.Struct | None, if_match: int | None = None) -> OutboxItem:
    payload = msgspec.json.encode(body) if body is not None else b""
    item = OutboxItem.new(id=record_id, kind=kind, method=method, path=path, body=payload,
                          if_match=if_match)
    return outbox.enqueue(cache, item)


def queue_post(cache: Cache, space_id: str, text: str, post_kind: p.PostKind = "post",
               mentions: list[str] | None = None) -> OutboxItem:
    text = text.strip()
    if not text:
        raise WriteError("A post needs some text.")
    if not p.is_uuid(space_id):
        space_id = _space_by_name(cache, space_id)
    try:
        body = p.PostWrite(space_id=space_id, text=text, post_kind=post_kind,
                           mentions=mentions or [])
        msgspec.json.decode(msgspec.json.encode(body), type=p.PostWrite)  # checks the caps
    except msgspec.ValidationError as exc:
        raise WriteError(f"The post cannot be sent: {exc}") from None
    post_id = new_id()
    return _enqueue(cache, post_id, "post", "PUT", paths.POST.format(id=post_id), body)


def queue_post_edit(cache: Cache, post: p.Post, text: str) -> OutboxItem:
    """Edits and deletes get an item id of their own: the post's id may still be waiting
    as its creation, and each operation must be removed on its own answer."""
    body = p.PostWrite(space_id=post.space_id, text=text.strip(), post_kind=post.post_kind,
                       mentions=post.mentions)
    return _enqueue(cache, new_id(), "post_edit", "PUT", paths.POST.format(id=post.id), body,
                    if_match=post.version)


def queue_post_delete(cache: Cache, post_id: str) -> OutboxItem:
    return _enqueue(cache, new_id(), "delete_post", "DELETE", paths.POST.format(id=post_id),
                    None)


_POST_REFUSED = {
    "not_a_member": "You are not a member of {name}; join it first.",
    "moderators_only": "Only the moderators of {name} post announcements there.",
}


def require_postable(cache: Cache, space: str) -> p.Space:
    """The space (by id or name) if its rule (sync/protocol/rules.post_refusal) lets the
    signed-in person post there, as far as the cache knows; else a WriteError that says
    why, so a post the server would refuse is never queued."""
    space_id = space if p.is_uuid(space) else _space_by_name(cache, space)
    found = get_space(cache, space_id)
    if found is None:
        raise WriteError(f"No space {space!r} is known here; sync first or check the id.")
    me = get_sync_state(cache).person_id
    if me is None:
        raise WriteError("This account has no person in the directory, so it cannot post.")
    refusal = rules.post_refusal(found, role_in_space(cache, found.id, me))
    if refusal is not None:
        raise WriteError(_POST_REFUSED[refusal].format(name=found.name))
    return found


def queue_comment(cache: Cache, post_id: str, text: str,
                  mentions: list[str] | None = None) -> OutboxItem:
    text = text.strip()
    if not text:
        raise WriteError("A comment needs some text.")
    comment_id = new_id()
    body = p.CommentWrite(post_id=post_id, text=text, mentions=mentions or [])
    return _enqueue(cache, comment_id, "comment", "PUT", paths.COMMENT.format(id=comment_id), body)


def queue_reaction(cache: Cache, target_id: str, emoji: str) -> OutboxItem:
    reaction_id = new_id()
    body = p.ReactionWrite(target_id=target_id, emoji=emoji)
    return _enqueue(cache, reaction_id, "reaction", "PUT", paths.REACTION.format(id=reaction_id),
                    body)


def queue_profile(cache: Cache, person_id: str, update: p.ProfileUpdate) -> OutboxItem:
    return _enqueue(cache, new_id(), "profile", "PATCH", paths.ME, update)


def queue_connection(cache: Cache, to_person_id: str, note: str) -> OutboxItem:
    connection_id = new_id()
    body = p.ConnectionWrite(to_person_id=to_person_id, note=note)
    return _enqueue(cache, connection_id, "connection", "PUT",
                    paths.CONNECTION.format(id=connection_id), body)


def _space_by_name(cache: Cache, name: str) -> str:
    wanted = name.strip().casefold()
    matches = [s for s in list_spaces(cache) if s.name.casefold() == wanted]
    if len(matches) != 1:
        raise WriteError(f"No single space is called {name!r}; use its id.")
    return matches[0].id


def queue_connection_delete(cache: Cache, connection_id: str) -> OutboxItem:
    """The item gets its own id: the connection's id may still wait as its creation."""
    return _enqueue(cache, new_id(), "delete_connection", "DELETE",
                    paths.CONNECTION.format(id=connection_id), None)


def queue_reaction_delete(cache: Cache, reaction_id: str) -> OutboxItem:
    """Taking a reaction back; its own item id, as the reaction may still be waiting."""
    return _enqueue(cache, new_id(), "delete_reaction", "DELETE",
                    paths.REACTION.format(id=reaction_id), None)


# -- the organisation: duties, absences, job contacts, handovers, checklists -----------


def _checked(body: msgspec.Struct, what: str) -> msgspec.Struct:
    """The body as the server will decode it: caps and required fields checked here."""
    try:
        return msgspec.json.decode(msgspec.json.encode(body), type=type(body))
    except msgspec.ValidationError as exc:
        raise WriteError(f"The {what} cannot be sent: {exc}") from None


def _uuid(value: str, what: str) -> str:
    if not p.is_uuid(value):
        raise WriteError(f"{what} is not a record id: {value!r}.")
    return value


def _dates_in_order(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise WriteError(f"The {what} ends ({end}) before it starts ({start}).")


def _create_or_edit(record_id: str | None) -> tuple[str, str, bool]:
    """(record id, outbox item id, is an edit): an edit gets an item id of its own, since
    the record's creation may still be waiting under the record's id."""
    if record_id is None:
        minted = new_id()
        return minted, minted, False
    return _uuid(record_id, "The record"), new_id(), True


def tidy_synonyms(words: list[str]) -> list[str]:
    """Synonyms as they are sent: trimmed, blanks left out (the server refuses them),
    each word once however it is capitalised, in the order given."""
    seen: set[str] = set()
    tidy = []
    for word in (w.strip() for w in words):
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            tidy.append(word)
    return tidy


def queue_responsibility(cache: Cache, write: p.ResponsibilityWrite, *,
                         record_id: str | None = None,
                         version: int | None = None) -> OutboxItem:
    """Create a duty (record_id None: a new id is made) or edit one at `version`."""
    if not write.title.strip():
        raise WriteError("A responsibility needs a title.")
    _dates_in_order(write.valid_from, write.valid_to, "responsibility")
    body = _checked(msgspec.structs.replace(write, title=write.title.strip(),
                                            synonyms=tidy_synonyms(write.synonyms)),
                    "responsibility")
    if version is not None and record_id is None:
        raise WriteError("An edit names the responsibility it changes.")
    rid, item_id, edit = _create_or_edit(record_id)
    return _enqueue(cache, item_id, "responsibility_edit" if edit else "responsibility", "PUT",
                    paths.RESPONSIBILITY.format(id=rid), body, if_match=version)


def queue_responsibility_delete(cache: Cache, responsibility_id: str) -> OutboxItem:
    rid = _uuid(responsibility_id, "The responsibility")
    return _enqueue(cache, new_id(), "delete_responsibility", "DELETE",
                    paths.RESPONSIBILITY.format(id=rid), None)


def queue_absence(cache: Cache, position_id: str, absent_from: dt.date | None,
                  absent_to: dt.date | None) -> OutboxItem:
    """Mark the holder of a position away (both None: back again)."""
    if absent_from is None and absent_to is not None:
        raise WriteError("An absence needs its first day.")
    _dates_in_order(absent_from, absent_to, "absence")
    body = p.AbsenceWrite(absent_from=absent_from, absent_to=absent_to)
    pid = _uuid(position_id, "The position")
    return _enqueue(cache, new_id(), "absence", "PUT", paths.ABSENCE.format(id=pid),
                    body)


def queue_job_connection(cache: Cache, from_position_id: str, to_position_id: str, note: str,
                         *, record_id: str | None = None) -> OutboxItem:
    """A contact that belongs to the job: it stays with the position when its holder goes."""
    if from_position_id == to_position_id:
        raise WriteError("A job contact links two different positions.")
    body = _checked(p.JobConnectionWrite(
        from_position_id=_uuid(from_position_id, "The position"),
        to_position_id=_uuid(to_position_id, "The contact's position"),
        note=note.strip()), "job contact")
    rid, item_id, edit = _create_or_edit(record_id)
    return _enqueue(cache, item_id, "job_connection_edit" if edit else "job_connection", "PUT",
                    paths.JOB_CONNECTION.format(id=rid), body)


def queue_job_connection_delete(cache: Cache, connection_id: str) -> OutboxItem:
    cid = _uuid(connection_id, "The job contact")
    return _enqueue(cache, new_id(), "delete_job_connection", "DELETE",
                    paths.JOB_CONNECTION.format(id=cid), None)


def queue_handover(cache: Cache, position_id: str, to_person_id: str, date: dt.date,
                   note: str) -> OutboxItem:
    """Hand a position to a successor on `date` (today or earlier: at once).

    What the cache knows is checked first, so the obvious mistakes are told at once
    instead of coming back from the server as a failed item.
    """
    position = get_position(cache, _uuid(position_id, "The position"))
    if position is None:
        raise WriteError("That position is not known here; sync first or check the id.")
    successor = get_person(cache, _uuid(to_person_id, "The successor"))
    if successor is not None and successor.status != "active":
        raise WriteError(f"{successor.display_name} has left the company.")
    if position.holder_id == to_person_id:
        raise WriteError(f"{position.title} is already held by that person.")
    waiting = scheduled_handover(cache, position.id)
    if waiting is not None:
        raise WriteError(f"A handover of {position.title} is already scheduled for "
                         f"{waiting.date}; cancel it first.")
    body = _checked(p.HandoverWrite(position_id=position.id, to_person_id=to_person_id,
                                    date=date, note=note.strip()), "handover")
    handover_id = new_id()
    return _enqueue(cache, handover_id, "handover", "PUT", paths.HANDOVER.format(id=handover_id),
                    body)


def queue_handover_cancel(cache: Cache, handover_id: str) -> OutboxItem:
    """Cancel a scheduled handover; a done one cannot be taken back."""
    hid = _uuid(handover_id, "The handover")
    known = get_handover(cache, hid)
    if known is not None and known.state != "scheduled":
        raise WriteError(f"This handover is {known.state} and can no longer be cancelled.")
    return _enqueue(cache, new_id(), "cancel_handover", "DELETE", paths.HANDOVER.format(id=hid),
                    None)


def queue_checklist_item(cache: Cache, write: p.ChecklistItemWrite, *,
                         record_id: str | None = None) -> OutboxItem:
    if not write.title.strip():
        raise WriteError("A checklist item needs a title.")
    body = _checked(msgspec.structs.replace(write, title=write.title.strip()),
                    "checklist item")
    rid, item_id, edit = _create_or_edit(record_id)
    return _enqueue(cache, item_id, "checklist_item_edit" if edit else "checklist_item", "PUT",
                    paths.CHECKLIST_ITEM.format(id=rid), body)


def queue_checklist_item_delete(cache: Cache, item_id: str) -> OutboxItem:
    iid = _uuid(item_id, "The checklist item")
    return _enqueue(cache, new_id(), "delete_checklist_item", "DELETE",
                    paths.CHECKLIST_ITEM.format(id=iid), None)


def queue_check(cache: Cache, item_id: str) -> OutboxItem:
    """Tick an item of one's own checklist; the outbox item's id is the new check's id."""
    body = p.ChecklistCheckWrite(item_id=_uuid(item_id, "The checklist item"))
    check_id = new_id()
    return _enqueue(cache, check_id, "check", "PUT", paths.CHECKLIST_CHECK.format(id=check_id),
                    body)


def queue_uncheck(cache: Cache, check_id: str) -> OutboxItem:
    cid = _uuid(check_id, "The check")
    return _enqueue(cache, new_id(), "uncheck", "DELETE", paths.CHECKLIST_CHECK.format(id=cid),
                    None)



def _waiting_checks(cache: Cache) -> list[tuple[OutboxItem, str]]:
    """Ticks and unticks still in the outbox (pending or failed), with what each names:
    the item id for a tick, the check id for an untick."""
    out = []
    for item in outbox.all_items(cache):
        if item.kind == "check":
            out.append((item, msgspec.json.decode(item.body, type=p.ChecklistCheckWrite).item_id))
        elif item.kind == "uncheck":
            out.append((item, item.path.rsplit("/", 1)[-1]))
    return out


def toggle_check(cache: Cache, item_id: str, checked: bool) -> OutboxItem | None:
    """Tick (checked) or untick an item of one's own checklist, decided on what the
    cache and the outbox hold now, not on what a screen showed a moment ago.

    Run it where writes run, in outbox order. Unticking deletes every check of (item,
    me) the cache knows, whatever its id (another device may have ticked first), and
    every tick still in the outbox: that one is discarded and, as it may be on its way
    already, its id is deleted too (the server answers 204 for an id it never made).
    Ticking queues a tick unless one is in force already. Only appending keeps this
    right while a sync is sending: nothing that may be in flight is relied on.
    Returns the last item queued, or None when nothing needed sending.
    """
    iid = _uuid(item_id, "The checklist item")
    me = get_sync_state(cache).person_id
    known = [c.id for c in rows_of(cache, "SELECT body FROM checklist_check WHERE item_id = ?",
                                   (iid,), p.ChecklistCheck) if me is None or c.person_id == me]
    waiting = _waiting_checks(cache)
    # A refused tick or untick is in force nowhere: it is dropped here, so ticking again
    # sends a tick anew instead of waiting for the refused one to be discarded by hand.
    for item, target in waiting:
        if item.state == "failed" and (target == iid or target in known):
            with contextlib.suppress(outbox.OutboxItemMissing):
                outbox.discard(cache, item.id)
    waiting = [(item, target) for item, target in waiting if item.state != "failed"]
    unticked = {target for item, target in waiting if item.kind == "uncheck"}
    ticks = [item for item, target in waiting if item.kind == "check" and target == iid]
    live = [cid for cid in [*known, *(t.id for t in ticks)] if cid not in unticked]
    if checked:
        return None if live else queue_check(cache, iid)
    for tick in ticks:
        with contextlib.suppress(outbox.OutboxItemMissing):
            outbox.discard(cache, tick.id)
    queued = None
    for check_id in live:
        queued = queue_uncheck(cache, check_id)
    return queued


class _InOneTransaction:
    """The cache as seen from inside a transaction already open: the outbox functions,
    each of which opens a transaction of its own, then run in this one, so several of
    them commit, or roll back, together."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        yield self.conn


def replace_failed(cache: Cache, item_id: str,
                   queue: Callable[[Cache], OutboxItem]) -> OutboxItem:
    """Queue a change in place of a refused outbox item ("Edit again"), in one transaction.

    The refused item goes only together with its replacement being stored: a write that
    cannot be queued (WriteError) leaves it where it was, text and reason, and a crash in
    between loses neither. An item already gone (discarded or sent meanwhile) is no reason
    to refuse; one retried meanwhile may be on its way, so it is left alone and the
    replacement refused.
    """
    with cache.transaction() as conn:
        joined = cast(Cache, _InOneTransaction(conn))
        refused = outbox.get_item(joined, item_id)
        if refused is not None and refused.state != "failed":
            raise WriteError("The refused change is being sent again; wait for its answer.")
        item = queue(joined)
        if refused is not None:
            outbox.discard(joined, item_id)
        return item
