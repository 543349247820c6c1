"""The records of the company network as they cross the wire, one Struct per kind.

Every record carries id, origin, version and updated_at; the server encodes with these
types and the client decodes every body with them before anything reaches its cache.
Times are integer milliseconds since the epoch (UTC); calendar dates are ISO dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from sync.protocol.fields import (
    MAX_MENTIONS,
    AboutText,
    LongText,
    Millis,
    NoteText,
    Phone,
    PhotoDigest,
    RecordId,
    ShortText,
    Synonyms,
    Tags,
)

Kind = Literal[
    "person",
    "org_unit",
    "position",
    "responsibility",
    "connection",
    "space",
    "membership",
    "post",
    "comment",
    "reaction",
    "handover",
    "checklist_item",
    "checklist_check",
    "space_access",
    "hub_run",
    "hub",
    "hub_unit",
    "hub_attention",
    "hub_adoption",
]
Op = Literal["put", "delete"]
# Named where code outside the Structs builds or checks one (writers, the demo, services).
UnitKind = Literal["company", "site", "department", "team"]
SpaceKind = Literal["team", "topic", "site", "announcements"]
Visibility = Literal["company", "site", "members"]
MemberRole = Literal["member", "moderator"]
PostKind = Literal["post", "howto", "announcement"]
HandoverState = Literal["scheduled", "done", "cancelled"]


class Record(msgspec.Struct, frozen=True, kw_only=True):
    """Fields every record carries, wherever it was born."""

    id: RecordId
    origin: ShortText
    version: Annotated[int, msgspec.Meta(ge=1)]
    updated_at: Millis


class Person(Record, frozen=True, kw_only=True):
    given_name: ShortText
    family_name: ShortText
    email: ShortText = ""
    phones: list[Phone] = []
    site: ShortText = ""
    building: ShortText = ""
    room: ShortText = ""
    # The photo's version: the digest of the image at paths.PERSON_PHOTO (None: none).
    photo: PhotoDigest | None = None
    languages: Tags = []
    skills: Tags = []
    about: AboutText = ""
    manager_id: RecordId | None = None
    status: Literal["active", "left"] = "active"
    # Consent (docs/hubs.md): only with this set may the hub results name the person.
    show_as_hub: bool = False

    @property
    def anonymised(self) -> bool:
        """The marker of an anonymised leaver (docs/privacy.md): left, both names empty.
        Clients show former_colleague_label() in their own language instead."""
        return self.status == "left" and not self.given_name and not self.family_name

    @property
    def display_name(self) -> str:
        if self.anonymised:
            return _FORMER_COLLEAGUE[0]
        return f"{self.given_name} {self.family_name}"


# What an anonymised person is called; the desktop sets its translation at start.
_FORMER_COLLEAGUE = ["Former colleague"]


def set_former_colleague_label(text: str) -> None:
    _FORMER_COLLEAGUE[0] = text


def former_colleague_label() -> str:
    return _FORMER_COLLEAGUE[0]


class OrgUnit(Record, frozen=True, kw_only=True):
    name: ShortText
    unit_kind: UnitKind
    parent_id: RecordId | None = None
    site: ShortText = ""
    lead_position_id: RecordId | None = None


class HolderSpell(msgspec.Struct, frozen=True):
    person_id: RecordId
    start: dt.date
    end: dt.date | None = None


class Position(Record, frozen=True, kw_only=True):
    title: ShortText
    org_unit_id: RecordId
    holder_id: RecordId | None = None
    deputy_position_id: RecordId | None = None
    reports_to_id: RecordId | None = None
    absent_from: dt.date | None = None
    absent_to: dt.date | None = None
    history: list[HolderSpell] = []


class Responsibility(Record, frozen=True, kw_only=True):
    title: ShortText
    description: LongText = ""
    keywords: Tags = []
    synonyms: Synonyms = []
    owner_position_id: RecordId
    deputy_position_id: RecordId | None = None
    howto_post_id: RecordId | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class Connection(Record, frozen=True, kw_only=True):
    """personal: person to person, private to its owner; job: position to position."""

    connection_kind: Literal["personal", "job"]
    from_id: RecordId
    to_id: RecordId
    note: NoteText = ""


class Space(Record, frozen=True, kw_only=True):
    name: ShortText
    description: NoteText = ""
    space_kind: SpaceKind
    visibility: Visibility
    org_unit_id: RecordId | None = None
    position_id: RecordId | None = None


class Membership(Record, frozen=True, kw_only=True):
    space_id: RecordId
    person_id: RecordId
    role: MemberRole = "member"


class Post(Record, frozen=True, kw_only=True):
    space_id: RecordId
    author_id: RecordId
    post_kind: PostKind = "post"
    text: LongText
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []
    pinned: bool = False
    created_at: Millis
    edited_at: Millis | None = None


class Comment(Record, frozen=True, kw_only=True):
    post_id: RecordId
    space_id: RecordId
    author_id: RecordId
    text: LongText
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []
    created_at: Millis


class Reaction(Record, frozen=True, kw_only=True):
    target_id: RecordId
    space_id: RecordId
    person_id: RecordId
    emoji: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]


class Handover(Record, frozen=True, kw_only=True):
    position_id: RecordId
    from_person_id: RecordId | None = None
    to_person_id: RecordId
    date: dt.date
    note: LongText = ""
    state: HandoverState = "scheduled"
    transferred: list[RecordId] = []


class ChecklistItem(Record, frozen=True, kw_only=True):
    """One step of a unit's onboarding checklist, kept by the unit lead."""

    org_unit_id: RecordId
    title: ShortText
    description: NoteText = ""
    rank: int = 0  # order within the unit's list, smallest first


class ChecklistCheck(Record, frozen=True, kw_only=True):
    """One person ticked one checklist item; only that person sees it."""

    item_id: RecordId
    person_id: RecordId
    done_at: Millis


class SpaceAccess(msgspec.Struct, frozen=True, kw_only=True):
    """Body-less marker: op=delete means "you lost this space, purge what you hold of it"."""

    space_id: RecordId


# Information hubs (docs/hubs.md): results of the server's nightly analysis, never the
# activity behind them. One hub_run names the current result set; a client keeps only the
# hub, hub_unit and hub_attention records of that run and drops the others.
HubReasonKind = Literal[
    "answers_units",  # answers questions from people in `count` other units
    "only_job_connection",  # the only job connection between the two `units`
    "connects_units",  # in regular contact with `count` units (`units`: the strongest)
    "bridge",  # on many of the shortest ways between otherwise distant colleagues
    "howto_units",  # keeps a how-to of a duty that `count` units use
]
HubRole = Literal["hub", "bridge"]
AttentionKind = Literal["unanswered_question", "quiet_space", "outdated_howto"]
AdoptionGroup = Literal["company", "unit", "site"]


class HubReason(msgspec.Struct, frozen=True, kw_only=True):
    kind: HubReasonKind
    count: Annotated[int, msgspec.Meta(ge=0)] = 0
    units: Annotated[list[RecordId], msgspec.Meta(max_length=20)] = []


class HubRun(Record, frozen=True, kw_only=True):
    """The current result set; the record id is fixed. run_id names the current hub
    records, map_run_id the current unit map and attention list: a change of consent
    publishes the hubs again (a new run_id) and leaves the map as it is."""

    run_id: RecordId
    map_run_id: RecordId
    computed_at: Millis
    window_days: Annotated[int, msgspec.Meta(ge=1)]
    min_group: Annotated[int, msgspec.Meta(ge=1)]


class Hub(Record, frozen=True, kw_only=True):
    """A person who keeps information moving. person_id only with their consent; without
    it the record says "a colleague in unit_id" and reaches only who may see that unit."""

    run_id: RecordId
    person_id: RecordId | None = None
    unit_id: RecordId
    role: HubRole = "hub"
    reasons: Annotated[list[HubReason], msgspec.Meta(max_length=10)] = []


class HubLink(msgspec.Struct, frozen=True, kw_only=True):
    unit_id: RecordId
    strength: Annotated[int, msgspec.Meta(ge=1, le=5)]  # 1 weak .. 5 strongest, a banded figure


class HubUnit(Record, frozen=True, kw_only=True):
    """One unit of the unit map (at least min_group people): its links and gaps."""

    run_id: RecordId
    unit_id: RecordId
    links: Annotated[list[HubLink], msgspec.Meta(max_length=20)] = []
    cut_off_from: Annotated[list[RecordId], msgspec.Meta(max_length=20)] = []
    cut_off_count: Annotated[int, msgspec.Meta(ge=0)] = 0  # all of them; the list: 20
    isolated: bool = False


class HubAttention(Record, frozen=True, kw_only=True):
    """For community managers: a question waiting for an answer, a space gone quiet, a
    how-to linked from a duty that nobody has edited for long (since: its last edit)."""

    run_id: RecordId
    attention_kind: AttentionKind
    target_id: RecordId  # the post or the space
    space_id: RecordId
    since: Millis


class AdoptionWeek(msgspec.Struct, frozen=True, kw_only=True):
    """One week of a group's use of the network: figures of the group, never of a person."""

    week: dt.date  # the Monday that starts it
    active: Annotated[int, msgspec.Meta(ge=0)] = 0  # people who wrote, commented or reacted
    posts: Annotated[int, msgspec.Meta(ge=0)] = 0
    answers: Annotated[int, msgspec.Meta(ge=0)] = 0  # comments, answers among them


class HubAdoption(Record, frozen=True, kw_only=True):
    """For community managers: the weekly use of the network by the whole company, by a
    unit or by a site; only for groups of at least min_group people."""

    run_id: RecordId
    group_kind: AdoptionGroup
    unit_id: RecordId | None = None  # the unit or site; None for the company
    weeks: Annotated[list[AdoptionWeek], msgspec.Meta(max_length=53)] = []


RECORD_TYPES: dict[str, type[msgspec.Struct]] = {
    "person": Person,
    "org_unit": OrgUnit,
    "position": Position,
    "responsibility": Responsibility,
    "connection": Connection,
    "space": Space,
    "membership": Membership,
    "post": Post,
    "comment": Comment,
    "reaction": Reaction,
    "handover": Handover,
    "checklist_item": ChecklistItem,
    "checklist_check": ChecklistCheck,
    "space_access": SpaceAccess,
    "hub_run": HubRun,
    "hub": Hub,
    "hub_unit": HubUnit,
    "hub_attention": HubAttention,
    "hub_adoption": HubAdoption,
}
