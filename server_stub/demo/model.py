"""The demo company while it is being built: the shared model of the demo's passes.

The generator lays out units, seats and people (Org); events.py, onboarding.py,
social.py and social_posts.py each add their part to it and to Social. Keeping the
model here lets each pass import it without importing the others.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sync import protocol as p

DAY_MS = 86_400_000


@dataclass(slots=True)
class Event:
    kind: str  # rotation, hire, retire
    slot: int
    old: int | None
    new: int
    date: dt.date
    state: p.HandoverState


class IdMint:
    """UUIDv7 layout (48-bit ms, version 7, variant 10) with a counter right after the time.

    The counter makes ids unique by construction and ascending per timestamp, which keeps
    bulk inserts into the primary-key B-trees append-only and fast. `shift` moves the
    time the ids carry: the sites of one split company mint on a shared company clock
    (split.COMPANY_CLOCK_MS), so servers set up minutes or days apart agree on every id.
    """

    def __init__(self, seed: int, namespace: str, shift: int = 0) -> None:
        self._rng = random.Random(f"kontor-demo-ids:{seed}:{namespace}")
        self._counter = 0
        self._shift = shift

    def at(self, ms: int) -> str:
        self._counter += 1
        counter, noise = self._counter, self._rng.getrandbits(42)
        ms += self._shift
        value = (
            ((ms & 0xFFFF_FFFF_FFFF) << 80) | (0x7 << 76) | ((counter >> 20 & 0xFFF) << 64)
            | (0b10 << 62) | ((counter & 0xFFFFF) << 42) | noise
        )
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(slots=True)
class Unit:
    id: str
    name: str
    kind: p.UnitKind
    parent: int | None
    site: int
    dept: str = ""
    lead: int = -1
    slots: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Slot:
    """A position under construction; frozen into a protocol Position at the end."""

    id: str
    title: str
    unit: int
    lead: bool
    reports_to: int | None
    vacant: bool = False
    holder: int | None = None
    deputy: int | None = None
    history: list[p.HolderSpell] | None = None
    absent: tuple[dt.date, dt.date] | None = None


@dataclass
class Org:
    """Everything the social pass needs to know about the structure."""

    rng: random.Random
    ids: IdMint
    origin: str
    now: int
    today: dt.date
    aside: random.Random  # draws for the demo user's extras, apart from everyone's stream
    units: list[Unit] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)
    person_slot: list[int] = field(default_factory=list)
    person_site: list[int] = field(default_factory=list)
    demo: int = -1
    admin: int = -1
    site_admin_slots: dict[int, int] = field(default_factory=dict)  # site -> its IT seat
    events: list[Event] = field(default_factory=list)
    demo_hire: int = -1  # the new hire's slot in the demo user's team
    counterpart: int = -1  # a job contact of the demo user's whose seat changed hands

    def name(self, person: int) -> str:
        given, family = self.names[person]
        return f"{given} {family}"


@dataclass
class Social:
    spaces: list[p.Space] = field(default_factory=list)
    memberships: list[p.Membership] = field(default_factory=list)
    connections: list[p.Connection] = field(default_factory=list)
    responsibilities: list[p.Responsibility] = field(default_factory=list)
    posts: list[p.Post] = field(default_factory=list)
    comments: list[p.Comment] = field(default_factory=list)
    reactions: list[p.Reaction] = field(default_factory=list)
    handovers: list[p.Handover] = field(default_factory=list)
