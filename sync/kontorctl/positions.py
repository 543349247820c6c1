"""What kontorctl shows of jobs: handovers, a position's digest, the start page, and
which position or person a name on the command line means.

Read from the local cache only, for the signed-in person; readout.py holds the
directory reads (people, who, search) these build on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.handover import (
    handover_digest,
    handovers_for,
    handovers_of_position,
    manageable_positions,
)
from sync.cache.read.org import Seat, find_org
from sync.cache.read.people import get_person, get_position, positions_of
from sync.cache.read.start import start_here
from sync.kontorctl.readout import name_of, resolve_person
from sync.writes import WriteError


class HandoverLine(msgspec.Struct, frozen=True):
    id: str
    position_id: str
    position: str
    date: str
    state: str
    from_person: str
    to_person: str
    note: str


class ContactLine(msgspec.Struct, frozen=True):
    position: str
    holder: str
    note: str


class DigestCard(msgspec.Struct, frozen=True):
    position_id: str
    position: str
    holder: str
    predecessor: str
    handover: HandoverLine | None
    contacts: list[ContactLine]
    responsibilities: list[str]
    spaces: list[str]
    howtos: list[str]


class MeetLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    reason: str
    detail: str


class StepLine(msgspec.Struct, frozen=True):
    title: str
    done: bool


class StartCard(msgspec.Struct, frozen=True):
    name: str
    positions: list[str]
    unit: str
    lead: str
    team: list[str]
    to_meet: list[MeetLine]
    responsibilities: list[str]
    howtos: list[str]
    checklist: list[StepLine]
    done: int
    total: int


def _first_line(post: p.Post) -> str:
    return post.text.split("\n", 1)[0]


class OrgReadout:
    """The organisation commands of kontorctl, for the signed-in person `me`."""

    def __init__(self, cache: Cache, me: str) -> None:
        self.cache = cache
        self.me = me

    def _personname_of(self, person_id: str | None) -> str:
        return name_of(get_person(self.cache, person_id)) if person_id else ""

    def handover_line(self, h: p.Handover) -> HandoverLine:
        position = get_position(self.cache, h.position_id)
        return HandoverLine(h.id, h.position_id, position.title if position else "",
                            h.date.isoformat(), h.state, self._personname_of(h.from_person_id),
                            self._personname_of(h.to_person_id), h.note)

    def handovers(self, position_id: str | None) -> list[HandoverLine]:
        """Of one position; else those to me and of the positions I hold or lead."""
        if position_id:
            found = handovers_of_position(self.cache, position_id)
        else:
            positions = [*positions_of(self.cache, self.me),
                         *manageable_positions(self.cache, self.me)]
            by_id = {h.id: h for h in handovers_for(self.cache, self.me)}
            for position in positions:
                by_id.update((h.id, h) for h in
                             handovers_of_position(self.cache, position.id))
            found = sorted(by_id.values(), key=lambda h: (h.date, h.updated_at, h.id),
                           reverse=True)
        return [self.handover_line(h) for h in found]

    def digest(self, position_id: str | None) -> DigestCard | None:
        """Of one position; by default of the position of my newest handover (or my own)."""
        if position_id is None:
            mine = handovers_for(self.cache, self.me)
            held = positions_of(self.cache, self.me)
            position_id = mine[0].position_id if mine else held[0].id if held else None
        found = handover_digest(self.cache, position_id) if position_id else None
        if found is None:
            return None
        return DigestCard(
            position_id=found.position.id, position=found.position.title,
            holder=self._personname_of(found.position.holder_id),
            predecessor=name_of(found.predecessor),
            handover=self.handover_line(found.handover) if found.handover else None,
            contacts=[ContactLine(c.position.title, name_of(c.holder) or "(vacant)", c.note)
                      for c in found.contacts],
            responsibilities=[r.title for r in found.responsibilities],
            spaces=[s.name for s in found.spaces],
            howtos=[_first_line(h) for h in found.howtos],
        )

    def start(self) -> StartCard:
        s = start_here(self.cache, self.me)
        done, total = s.progress
        return StartCard(
            name=s.person.display_name, positions=[x.title for x in s.positions],
            unit=s.unit.name if s.unit else "", lead=name_of(s.lead),
            team=[x.display_name for x in s.team],
            to_meet=[MeetLine(m.person.id, m.person.display_name, m.reason, m.detail)
                     for m in s.to_meet],
            responsibilities=[r.title for r in s.responsibilities],
            howtos=[_first_line(h) for h in s.howtos],
            checklist=[StepLine(e.item.title, e.done) for e in s.checklist],
            done=done, total=total,
        )

    # -- naming things on the command line ------------------------------------------------

    def position_id(self, text: str) -> str:
        """An id, or a title or holder name that names one position (mine to lead first)."""
        if p.is_uuid(text):
            return text
        seats = [s for s in find_org(self.cache, text, limit=50)
                 if isinstance(s, Seat)]
        managed = {x.id for x in manageable_positions(self.cache, self.me)}
        candidates = [s for s in seats if s.position.id in managed] or seats
        if len(candidates) == 1:
            return candidates[0].position.id
        if not candidates:
            raise WriteError(f"No position matches {text!r}.")
        listed = "; ".join(f"{s.position.title} ({name_of(s.holder) or 'vacant'}) {s.position.id}"
                           for s in candidates[:5])
        raise WriteError(f"Several positions match {text!r}: {listed}. Use the id.")

    def person_id(self, text: str) -> str:
        return resolve_person(self.cache, text)

    def lines(self, result: Any) -> Iterator[str]:
        if result is None or result == []:
            yield "nothing found"
        elif isinstance(result, list):
            for h in result:
                yield (f"{h.date}  {h.state:<9} {h.position:<36} {h.from_person or '-'} -> "
                       f"{h.to_person}  {h.id}")
        elif isinstance(result, DigestCard):
            yield from _digest_lines(result)
        elif isinstance(result, StartCard):
            yield from _start_lines(result)


def _digest_lines(card: DigestCard) -> Iterator[str]:
    yield f"{card.position} — {card.holder or '(vacant)'}"
    if card.handover:
        h = card.handover
        yield f"  handover       {h.date} {h.state}: {h.from_person or '-'} -> {h.to_person}"
        if h.note:
            yield f"  note           {h.note}"
    elif card.predecessor:
        yield f"  before         {card.predecessor}"
    for c in card.contacts:
        yield f"  contact        {c.holder} [{c.position}]" + (f": {c.note}" if c.note else "")
    for label, values in (("responsible for", card.responsibilities), ("space", card.spaces),
                          ("how-to", card.howtos)):
        for value in values:
            yield f"  {label:<14} {value}"


def _start_lines(card: StartCard) -> Iterator[str]:
    yield f"{card.name}: {', '.join(card.positions) or 'no position'} in {card.unit or '-'}"
    if card.lead:
        yield f"  lead           {card.lead}"
    yield f"  team           {len(card.team)} people"
    for m in card.to_meet:
        yield f"  meet           {m.name} ({m.reason}): {m.detail}"
    for title in card.responsibilities:
        yield f"  responsible    {title}"
    for title in card.howtos:
        yield f"  how-to         {title}"
    yield f"  checklist      {card.done}/{card.total} done"
    for step in card.checklist:
        yield f"    [{'x' if step.done else ' '}] {step.title}"
