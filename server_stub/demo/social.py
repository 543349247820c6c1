"""The life inside the demo company: spaces, who is in them, what is posted, who knows whom.

Built on top of the finished structure (model.Org), so every author is a member where
membership matters, every mention names a real person and every responsibility points
at a position that exists. Volumes grow with the square root of the head count where
they would otherwise swamp a large demo (posts), and linearly where each person needs
their own (memberships, personal connections). The posts, comments and reactions are
written by social_posts.PostWriting, a part of the builder here.
"""

from __future__ import annotations

from typing import TypedDict

from server_stub.demo import content as ct
from server_stub.demo import names as nm
from server_stub.demo.demo_user import demo_job_links, demo_team_duties
from server_stub.demo.model import DAY_MS, Org, Social
from server_stub.demo.social_posts import PostSpec, PostWriting, Room
from sync import protocol as p


class _Common(TypedDict):
    origin: str
    version: int
    updated_at: int


class _Builder(PostWriting):
    def __init__(self, org: Org) -> None:
        self.org, self.rng, self.out = org, org.rng, Social()
        self.base = org.now - 90 * DAY_MS
        self.rooms: list[Room] = []
        n = len(org.person_ids)
        self.everyone = list(range(n))
        self.site_people: list[list[int]] = [[] for _ in nm.SITES]
        for person in self.everyone:
            self.site_people[org.person_site[person]].append(person)
        self.team_people: dict[int, list[int]] = {}
        self.children: dict[int, list[int]] = {}
        self.dept_unit: dict[tuple[int, str], int] = {}
        for index, unit in enumerate(org.units):
            if unit.parent is not None:
                self.children.setdefault(unit.parent, []).append(index)
            if unit.kind == "department":
                self.dept_unit[(unit.site, unit.dept)] = index
            if unit.kind == "team":
                self.team_people[index] = self.holders(unit.slots)
        self.leads = self.holders([i for i, s in enumerate(org.slots) if s.lead])
        self.team_room: dict[int, int] = {}

    def holders(self, slot_indices: list[int]) -> list[int]:
        slots = self.org.slots
        return [h for i in slot_indices if (h := slots[i].holder) is not None]

    def record(self) -> _Common:
        return {"origin": self.org.origin, "version": 1, "updated_at": self.org.now}

    # --- spaces and memberships ---------------------------------------------------

    def space(self, name: str, kind: p.SpaceKind, visibility: p.Visibility, theme: str,
              site: str, members: list[int], moderator: int | None, description: str = "",
              unit: int | None = None, authors: list[int] | None = None,
              label: str = "") -> int:
        org = self.org
        space_id = org.ids.at(self.base)
        self.out.spaces.append(p.Space(
            id=space_id, **self.record(), name=name, description=description,
            space_kind=kind, visibility=visibility,
            org_unit_id=org.units[unit].id if unit is not None else None,
            position_id=org.slots[org.units[unit].lead].id if unit is not None else None,
        ))
        for person in members:
            self.out.memberships.append(p.Membership(
                id=org.ids.at(self.base), **self.record(), space_id=space_id,
                person_id=org.person_ids[person],
                role="moderator" if person == moderator else "member",
            ))
        self.rooms.append(Room(space_id, theme, site, label or name, authors or members,
                                self.everyone if not members else members))
        return len(self.rooms) - 1

    def build_spaces(self) -> None:
        org, rng = self.org, self.rng
        self.announcements = self.space(
            "Ankündigungen", "announcements", "company", "announcements", "", [], None,
            "Neuigkeiten der Geschäftsführung für alle", 0, self.leads)
        self.site_room: list[int] = []
        for index, unit in enumerate(org.units):
            if unit.kind == "site":
                site = nm.SITES[unit.site].name
                self.site_room.append(self.space(
                    f"Standort {site}", "site", "site", "site", site,
                    self.site_people[unit.site], org.slots[unit.lead].holder,
                    f"Alles rund um den Standort {site}", index))
        for index, members in self.team_people.items():
            unit = org.units[index]
            visibility: p.Visibility = "members" if rng.random() < 0.1 else "company"
            if index == org.slots[org.person_slot[org.demo]].unit:
                # The demo user's team room holds the how-tos of the team's duties, which
                # the whole company reads (a duty's how-to is never members-only).
                visibility = "company"
            site = nm.SITES[unit.site].name
            self.team_room[index] = self.space(
                f"{unit.name} ({site})", "team", visibility, "team", site, members,
                org.slots[unit.lead].holder, f"Teamraum {unit.name} in {site}", index,
                label=unit.name)
        self.topic_rooms: list[int] = []
        joined: list[list[int]] = [[] for _ in nm.TOPIC_SPACES]
        for person in self.everyone:
            for t, (_name, _desc, share) in enumerate(nm.TOPIC_SPACES):
                if rng.random() < share or (person == org.demo and t < 2):
                    joined[t].append(person)
        for (name, description, _share), members in zip(nm.TOPIC_SPACES, joined, strict=True):
            moderator = members[0] if members else None
            self.topic_rooms.append(self.space(
                name, "topic", "company", name, "", members, moderator, description))
        others = [x for x in rng.sample(self.site_people[0], min(12, len(self.site_people[0])))
                  if x != org.demo]
        phoenix, leaders = nm.MEMBERS_SPACES
        self.phoenix = self.space(
            phoenix[0], "topic", "members", "members", "", [org.demo, *others[:11]], org.demo,
            phoenix[1])
        self.members_rooms = [self.phoenix, self.space(
            leaders[0], "topic", "members", "members", "", self.leads, self.leads[0],
            leaders[1])]

    # --- connections ----------------------------------------------------------------

    def build_connections(self) -> None:
        org, rng = self.org, self.rng
        n = len(self.everyone)
        for person in self.everyone:
            unit_index = org.slots[org.person_slot[person]].unit
            site_pool = self.site_people[org.person_site[person]]
            team = self.team_people.get(unit_index, site_pool)
            chosen: list[int] = []
            count = rng.choice((1, 2, 2, 3)) + (8 if person == org.demo else 0)
            for _ in range(count):
                r = rng.random()
                other = (rng.choice(team) if r < 0.55 else rng.choice(site_pool) if r < 0.85
                         else rng.randrange(n))
                if other == person or other in chosen:
                    continue
                chosen.append(other)
                note = ""
                if rng.random() < 0.4:
                    skill = rng.choice(nm.GENERAL_SKILLS)
                    note = ct.personal_note(rng, nm.SITES[org.person_site[other]].name, skill)
                self.out.connections.append(p.Connection(
                    id=org.ids.at(self.base), **self.record(), connection_kind="personal",
                    from_id=org.person_ids[person], to_id=org.person_ids[other], note=note))
        self.job_links: dict[int, list[str]] = {}
        self.job_pairs: list[tuple[int, int]] = []
        for unit in org.units:
            if unit.kind not in ("team", "department"):
                continue
            dept = nm.DEPARTMENT_BY_KEY[unit.dept]
            partners = rng.sample(dept.partners, min(2, len(dept.partners)))
            for key in partners if unit.kind == "team" else partners[:1]:
                target = self.dept_unit.get((unit.site, key), self.dept_unit.get((0, key)))
                if target is None:
                    continue
                if unit.kind == "team":
                    target = rng.choice(self.children[target])
                self.job(unit.lead, org.units[target].lead, dept.name,
                         nm.DEPARTMENT_BY_KEY[key].name)
                if unit.kind == "team" and rng.random() < 0.5:
                    mine = [s for s in unit.slots if not org.slots[s].lead]
                    theirs = [s for s in org.units[target].slots if not org.slots[s].lead]
                    if mine and theirs:
                        self.job(rng.choice(mine), rng.choice(theirs), dept.name,
                                 nm.DEPARTMENT_BY_KEY[key].name)
        for a, b in demo_job_links(org, self.job_pairs):
            self.job(a, b, *(nm.DEPARTMENT_BY_KEY[org.units[org.slots[x].unit].dept].name
                             for x in (a, b)))

    def job(self, a: int, b: int, a_name: str, b_name: str) -> None:
        org = self.org
        conn_id = org.ids.at(self.base)
        self.out.connections.append(p.Connection(
            id=conn_id, **self.record(), connection_kind="job", from_id=org.slots[a].id,
            to_id=org.slots[b].id, note=ct.job_note(self.rng, a_name, b_name)))
        self.job_links.setdefault(a, []).append(conn_id)
        self.job_pairs.append((a, b))

    # --- responsibilities -------------------------------------------------------------

    def build_duties(self) -> list[PostSpec]:
        """Owners are chosen here; the records wait for their how-to posts' ids."""
        org, rng = self.org, self.rng
        self.duties: list[tuple[ct.DutyTemplate, str, int]] = []
        howtos: list[PostSpec] = []
        for duty in ct.DUTIES:
            if duty.scope == "department":
                places = [(org.units[i].site, f"{duty.title} {org.units[i].name}", i)
                          for i in self.dept_unit.values()]
            elif duty.scope == "site":
                places = [(s, f"{duty.title} {nm.SITES[s].name}", -1)
                          for s in range(len(self.site_room))]
            else:
                places = [(0, duty.title, -1)]
            for site, title, dept in places:
                if dept < 0:
                    dept = self.dept_unit.get((site, duty.department),
                                              self.dept_unit.get((0, duty.department),
                                                                 self.dept_unit[(0, "it")]))
                owner = self.pick_owner(dept)
                self.duties.append((duty, title, owner))
                if not duty.howto:
                    continue
                deputy = org.slots[owner].deputy
                contact = org.slots[owner].holder
                if contact is None and deputy is not None:
                    contact = org.slots[deputy].holder
                author = contact if contact is not None else self.leads[0]
                room = self.announcements if duty.scope == "company" else self.site_room[site]
                place = "alle Standorte" if duty.scope == "company" else nm.SITES[site].name
                contact_name = org.name(contact) if contact is not None else None
                text = ct.howto_text(duty, place, contact_name)
                age = rng.randint(45 * DAY_MS, 60 * DAY_MS)
                if len(self.duties) % 4 == 0:  # some nobody has touched for a year
                    age += 330 * DAY_MS
                howtos.append(PostSpec(
                    org.now - age, room, author, text,
                    [contact] if contact is not None else [], "howto",
                    duty.scope == "company" or site == 0, len(self.duties) - 1))
        demo_room = self.team_room[org.slots[org.person_slot[org.demo]].unit]
        for duty, owner in demo_team_duties(org):
            self.duties.append((duty, duty.title, owner))
            if duty.howto:
                text = ct.howto_text(duty, self.rooms[demo_room].label, org.name(org.demo))
                howtos.append(PostSpec(org.now - 20 * DAY_MS, demo_room, org.demo, text,
                                        [org.demo], "howto", True, len(self.duties) - 1))
        return howtos

    def pick_owner(self, dept: int) -> int:
        org, rng = self.org, self.rng
        team = org.units[rng.choice(self.children[dept])]
        filled = [s for s in team.slots if not org.slots[s].lead
                  and org.slots[s].holder is not None]
        return rng.choice(filled) if filled else team.lead

    def finish_duties(self, howto_ids: dict[int, str]) -> None:
        org = self.org
        self.owned: dict[int, list[str]] = {}
        for index, (duty, title, owner) in enumerate(self.duties):
            duty_id = org.ids.at(self.base)
            deputy = org.slots[owner].deputy
            if duty.scope == "team" and org.slots[owner].holder is None:
                deputy = None  # nobody covers it: the lead sees it needs an owner
            self.out.responsibilities.append(p.Responsibility(
                id=duty_id, **self.record(), title=title, description=duty.description,
                keywords=list(duty.keywords), synonyms=list(duty.synonyms),
                owner_position_id=org.slots[owner].id,
                deputy_position_id=org.slots[deputy].id if deputy is not None else None,
                howto_post_id=howto_ids.get(index)))
            self.owned.setdefault(owner, []).append(duty_id)

    # --- handovers ----------------------------------------------------------------------

    def build_handovers(self) -> None:
        """What moves with a position: its responsibilities, job contacts and team space."""
        org = self.org
        for event in org.events:
            slot = org.slots[event.slot]
            transferred = self.owned.get(event.slot, []) + self.job_links.get(event.slot, [])
            if slot.lead and slot.unit in self.team_room:
                transferred.append(self.rooms[self.team_room[slot.unit]].id)
            old = org.name(event.old) if event.old is not None else ""
            self.out.handovers.append(p.Handover(
                id=org.ids.at(self.base), **self.record(), position_id=slot.id,
                from_person_id=org.person_ids[event.old] if event.old is not None else None,
                to_person_id=org.person_ids[event.new], date=event.date,
                note=ct.handover_note(event.kind, old, org.name(event.new)),
                state=event.state,
                transferred=transferred))


def build_social(org: Org) -> Social:
    builder = _Builder(org)
    builder.build_spaces()
    builder.build_connections()
    howtos = builder.build_duties()
    builder.finish_duties(builder.build_posts(howtos))
    builder.build_handovers()
    return builder.out
