""" "Who handles X?": responsibilities found by search, with the person to ask today.

A responsibility belongs to a position, so the answer survives a change of holder. If
the holder is away today (the position's absent_from/absent_to) or the position is
vacant, the deputy is the one to ask; ask_deputy says so and `ask` names that person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.cache.fold import query_tokens
from sync.cache.read.people import get_person, get_position, get_responsibility
from sync.cache.read.posts import get_post
from sync.cache.read.search import search
from sync.protocol import Person, Position, Post, Responsibility

if TYPE_CHECKING:
    from sync.cache.db import Cache


@dataclass(frozen=True, slots=True)
class WhoAnswer:
    responsibility: Responsibility
    owner_position: Position | None
    holder: Person | None
    deputy_position: Position | None
    deputy_holder: Person | None
    howto_post: Post | None
    holder_absent: bool
    ask_deputy: bool

    @property
    def ask(self) -> Person | None:
        """The person to contact today (None when nobody holds either position)."""
        return self.deputy_holder if self.ask_deputy else self.holder


def is_absent(position: Position, today: dt.date) -> bool:
    if position.absent_from is None or position.absent_from > today:
        return False
    return position.absent_to is None or position.absent_to >= today


def _in_force(responsibility: Responsibility, today: dt.date) -> bool:
    if responsibility.valid_from is not None and responsibility.valid_from > today:
        return False
    return responsibility.valid_to is None or responsibility.valid_to >= today


def answer_for(cache: Cache, responsibility: Responsibility, today: dt.date) -> WhoAnswer:
    owner = get_position(cache, responsibility.owner_position_id)
    holder = get_person(cache, owner.holder_id) if owner and owner.holder_id else None
    deputy_id = responsibility.deputy_position_id or (owner.deputy_position_id if owner else None)
    deputy = get_position(cache, deputy_id) if deputy_id else None
    deputy_holder = get_person(cache, deputy.holder_id) if deputy and deputy.holder_id else None
    howto = get_post(cache, responsibility.howto_post_id) if responsibility.howto_post_id else None
    absent = owner is not None and is_absent(owner, today)
    return WhoAnswer(
        responsibility=responsibility,
        owner_position=owner,
        holder=holder,
        deputy_position=deputy,
        deputy_holder=deputy_holder,
        howto_post=howto,
        holder_absent=absent,
        ask_deputy=deputy_holder is not None and (absent or holder is None),
    )


def who_is_responsible(
    cache: Cache, topic: str, *, today: dt.date | None = None, limit: int = 10
) -> list[WhoAnswer]:
    """Best matching responsibilities in force today, each with whom to ask.

    People describe a problem, not a title: "Laptop kaputt" must find IT-Support
    though nothing mentions "kaputt". So any word may match; a responsibility that
    matches more of the words comes first, and among equals the better match (the
    search's rank, summed over the words: a title beats a description)."""
    today = today or dt.date.today()
    words = list(dict.fromkeys(query_tokens(topic)))
    matched: dict[str, list[float]] = {}
    for word in words:
        for hit in search(cache, word, kinds={"responsibility"}, limit=4 * limit):
            matched.setdefault(hit.id, []).append(hit.rank)
    ranked = sorted(matched.items(), key=lambda item: (-len(item[1]), sum(item[1]), item[0]))
    answers: list[WhoAnswer] = []
    for responsibility_id, _ranks in ranked:
        responsibility = get_responsibility(cache, responsibility_id)
        if responsibility is not None and _in_force(responsibility, today):
            answers.append(answer_for(cache, responsibility, today))
            if len(answers) == limit:
                break
    return answers
