"""Records and feed changes for cache tests, built from the protocol Structs directly."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import msgspec
import uuid6

from sync import protocol as p

_seq = itertools.count(1)
T0 = 1_764_000_000_000


def new_id() -> str:
    return str(uuid6.uuid7())


def _base(kw: dict[str, Any]) -> dict[str, Any]:
    return {"id": new_id(), "origin": "test", "version": 1, "updated_at": T0, **kw}


def person(given_name: str = "Anna", family_name: str = "Schmidt", **kw: Any) -> p.Person:
    return p.Person(**_base({"given_name": given_name, "family_name": family_name, **kw}))


def org_unit(name: str = "Einkauf", **kw: Any) -> p.OrgUnit:
    return p.OrgUnit(**_base({"name": name, "unit_kind": "department", **kw}))


def position(title: str, org_unit_id: str, **kw: Any) -> p.Position:
    return p.Position(**_base({"title": title, "org_unit_id": org_unit_id, **kw}))


def responsibility(title: str, owner_position_id: str, **kw: Any) -> p.Responsibility:
    return p.Responsibility(**_base({"title": title, "owner_position_id": owner_position_id, **kw}))


def space(name: str = "Team Einkauf", **kw: Any) -> p.Space:
    return p.Space(**_base({"name": name, "space_kind": "team", "visibility": "members", **kw}))


def membership(space_id: str, person_id: str, **kw: Any) -> p.Membership:
    return p.Membership(**_base({"space_id": space_id, "person_id": person_id, **kw}))


def post(space_id: str, author_id: str, text: str, created_at: int = T0, **kw: Any) -> p.Post:
    return p.Post(
        **_base(
            {
                "space_id": space_id,
                "author_id": author_id,
                "text": text,
                "created_at": created_at,
                **kw,
            }
        )
    )


def comment(post: p.Post, author_id: str, text: str, created_at: int = T0, **kw: Any) -> p.Comment:
    return p.Comment(
        **_base(
            {
                "post_id": post.id,
                "space_id": post.space_id,
                "author_id": author_id,
                "text": text,
                "created_at": created_at,
                **kw,
            }
        )
    )


def reaction(target_id: str, space_id: str, person_id: str, emoji: str = "👍") -> p.Reaction:
    return p.Reaction(
        **_base(
            {"target_id": target_id, "space_id": space_id, "person_id": person_id, "emoji": emoji}
        )
    )


def connection(from_id: str, to_id: str, kind: str = "personal", **kw: Any) -> p.Connection:
    return p.Connection(
        **_base({"connection_kind": kind, "from_id": from_id, "to_id": to_id, **kw})
    )


def handover(position_id: str, to_person_id: str, **kw: Any) -> p.Handover:
    return p.Handover(
        **_base(
            {
                "position_id": position_id,
                "to_person_id": to_person_id,
                "date": dt.date(2026, 1, 1),
                **kw,
            }
        )
    )


KIND_OF: dict[type[msgspec.Struct], str] = {t: k for k, t in p.RECORD_TYPES.items()}


def put(record: p.Record) -> p.DecodedChange:
    kind = KIND_OF[type(record)]
    return p.DecodedChange(next(_seq), kind, record.id, "put", record)


def puts(*records: p.Record) -> list[p.DecodedChange]:
    return [put(r) for r in records]


def delete(kind: str, record_id: str) -> p.DecodedChange:
    return p.DecodedChange(next(_seq), kind, record_id, "delete", None)


def lose_space(space_id: str) -> p.DecodedChange:
    return p.DecodedChange(
        next(_seq), "space_access", space_id, "delete", p.SpaceAccess(space_id=space_id)
    )


def bump(record: Any, **changes: Any) -> Any:
    """The next version of a record, as its origin would send it."""
    return msgspec.structs.replace(record, version=record.version + 1, **changes)
