"""The demo's conversation: posts in the spaces, comments under them, reactions to both.

social.py builds the company's spaces, memberships, connections, responsibilities and
handovers; PostWriting is the part of that builder (social._Builder) that fills the
spaces with talk, kept apart because it is the larger half and changes for other
reasons (tone, volume) than the structure does. It reads the rooms the builder made
and draws from the same random generator in the same order, so the demo stays the same
for the same seed. Posts grow with the square root of the head count (capped at
MAX_POSTS) so a large demo is not swamped; the demo user always finds recent posts of
her own, mentions of her and welcome posts for new hires.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from server_stub.demo import content as ct
from server_stub.demo import names as nm
from server_stub.demo.model import DAY_MS, Org, Social
from sync import protocol as p

HOUR_MS = 3_600_000
MAX_POSTS = 5000


@dataclass(slots=True)
class Room:
    """A space with the people who may write in it (authors) and read it (audience)."""

    id: str
    theme: str
    site: str  # "" where the writer's own site fits better (topics, announcements)
    label: str
    authors: list[int]
    audience: list[int]


@dataclass(slots=True)
class PostSpec:
    created: int
    room: int
    author: int
    text: str
    mentions: list[int]
    kind: p.PostKind = "post"
    pinned: bool = False
    duty: int = -1


class PostWriting:
    """Posts, comments and reactions; mixed into social._Builder, whose state it reads."""

    org: Org
    rng: random.Random
    out: Social
    rooms: list[Room]
    everyone: list[int]
    team_room: dict[int, int]
    announcements: int
    site_room: list[int]
    topic_rooms: list[int]
    members_rooms: list[int]
    phoenix: int

    def build_posts(self, howtos: list[PostSpec]) -> dict[int, str]:
        """All posts in creation order; returns the how-to post id of each duty that has one."""
        org, rng = self.org, self.rng
        total = min(MAX_POSTS, max(100, int(20 * math.sqrt(len(self.everyone)))))
        specs = list(howtos)
        demo_room = self.team_room[org.slots[org.person_slot[org.demo]].unit]

        def recent() -> int:
            return org.now - rng.randint(HOUR_MS, 14 * DAY_MS)

        for room in (demo_room, demo_room, demo_room, self.phoenix, self.topic_rooms[0]):
            specs.append(self.post(room, org.demo, recent()))
        for mate in [x for x in self.rooms[demo_room].authors if x != org.demo][:2]:
            specs.append(self.post(demo_room, mate, recent(), mention=org.demo))
        for event in [e for e in org.events if e.kind == "hire"][:20]:
            unit = org.slots[event.slot].unit
            lead = org.slots[org.units[unit].lead].holder
            if unit in self.team_room and lead is not None:
                created = (event.date.toordinal() - org.today.toordinal()) * DAY_MS
                specs.append(PostSpec(
                    org.now + created + 2 * HOUR_MS, self.team_room[unit], lead,
                    ct.welcome_text(org.name(event.new), org.units[unit].name), [event.new]))
        team_rooms = list(self.team_room.values())
        while len(specs) < total:
            r = rng.random()
            room = (self.announcements if r < 0.06 else rng.choice(self.site_room) if r < 0.2
                    else rng.choice(team_rooms) if r < 0.72 else rng.choice(self.topic_rooms)
                    if r < 0.92 else rng.choice(self.members_rooms))
            authors = self.rooms[room].authors
            if authors:
                specs.append(self.post(room, rng.choice(authors),
                                       org.now - rng.randint(HOUR_MS, 60 * DAY_MS)))
        specs.sort(key=lambda s: s.created)
        howto_ids: dict[int, str] = {}
        for spec in specs:
            post_id = org.ids.at(spec.created)
            edited = (min(org.now, spec.created + rng.randint(60_000, 2 * HOUR_MS))
                      if rng.random() < 0.08 else None)
            posted_in = self.rooms[spec.room]
            self.out.posts.append(p.Post(
                id=post_id, origin=org.origin, version=1, updated_at=edited or spec.created,
                space_id=posted_in.id, author_id=org.person_ids[spec.author],
                post_kind=spec.kind,
                text=spec.text, mentions=[org.person_ids[m] for m in spec.mentions],
                pinned=spec.pinned, created_at=spec.created, edited_at=edited))
            if spec.duty >= 0:
                howto_ids[spec.duty] = post_id
            self.react(post_id, posted_in, spec.created)
        self.build_comments(specs)
        return howto_ids

    def post(self, room_index: int, author: int, created: int,
             mention: int | None = None) -> PostSpec:
        rng, room = self.rng, self.rooms[room_index]
        text = ct.post_text(rng, room.theme, self.site_of(room, author), room.label)
        if mention is None and rng.random() < 0.15:
            mention = rng.choice(room.audience)
        mentions = []
        if mention is not None and mention != author:
            text = f"{text} {ct.mention_phrase(rng, self.org.name(mention))}"
            mentions = [mention]
        kind: p.PostKind = "announcement" if room_index == self.announcements else "post"
        return PostSpec(created, room_index, author, text, mentions, kind)

    def site_of(self, room: Room, writer: int) -> str:
        return room.site or nm.SITES[self.org.person_site[writer]].name

    def build_comments(self, specs: list[PostSpec]) -> None:
        org, rng = self.org, self.rng
        pending: list[tuple[int, int, int, str, list[int]]] = []
        for index, spec in enumerate(specs):
            room = self.rooms[spec.room]
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
                author = rng.choice(room.audience)
                created = min(org.now - 60_000, spec.created + rng.randint(300_000, 2 * DAY_MS))
                if created <= spec.created:
                    continue
                text, mentions = ct.comment_text(rng, self.site_of(room, author)), []
                if author != spec.author and rng.random() < 0.12:
                    text, mentions = f"@{org.name(spec.author)} {text}", [spec.author]
                pending.append((created, index, author, text, mentions))
        pending.sort(key=lambda c: c[0])
        for created, index, author, text, mentions in pending:
            room = self.rooms[specs[index].room]
            comment_id = org.ids.at(created)
            self.out.comments.append(p.Comment(
                id=comment_id, origin=org.origin, version=1, updated_at=created,
                post_id=self.out.posts[index].id, space_id=room.id,
                author_id=org.person_ids[author], text=text,
                mentions=[org.person_ids[m] for m in mentions], created_at=created))
            if rng.random() < 0.25:
                self.react(comment_id, room, created, (1, 1, 2))

    def react(self, target_id: str, room: Room, created: int,
              counts: tuple[int, ...] = (0, 1, 2, 3, 4, 6, 9)) -> None:
        org, rng = self.org, self.rng
        k = min(rng.choice(counts), len(room.audience))
        for person in rng.sample(room.audience, k):
            at = min(org.now, created + rng.randint(60_000, 3 * DAY_MS))
            self.out.reactions.append(p.Reaction(
                id=org.ids.at(at), origin=org.origin, version=1, updated_at=at,
                target_id=target_id, space_id=room.id, person_id=org.person_ids[person],
                emoji=rng.choice(ct.EMOJI)))
