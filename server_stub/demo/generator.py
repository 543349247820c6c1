"""A deterministic demo company: a German Mittelstand firm from 50 to 100,000 people.

Same arguments, same company, down to every id: demos, screenshots, benchmarks and bug
reports can all refer to "jana.schroeder on seed 1". Ids are UUIDv7-shaped but drawn from
a Random seeded with seed and server name, so two demo companies that federate do not
share ids; with shared_ids the server name and the clock stay out of the ids, so every
site of one company split over several servers (split.py) mints the same ones. The work
is a handful of linear passes over plain lists, so 100,000 people take seconds, not
minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import msgspec

from server_stub.demo import content as ct
from server_stub.demo import names as nm
from server_stub.demo import photos as demo_photos
from server_stub.demo.events import plan_events
from server_stub.demo.model import DAY_MS, IdMint, Org, Slot, Unit
from server_stub.demo.onboarding import build_checklists
from server_stub.demo.social import build_social
from sync import protocol as p

DEMO_PASSWORD = "kontor-demo"  # noqa: S105 - published on purpose; demo data only
DEMO_USER = "jana.schroeder"
MIN_PEOPLE = 50
# The time the ids of a split company carry for "now" (2026-01-01), whenever a site's
# server is set up: the sites' servers must agree on every id they refer to.
COMPANY_CLOCK_MS = 1_767_225_600_000


@dataclass(frozen=True)
class DemoCompany:
    people: list[p.Person]
    org_units: list[p.OrgUnit]
    positions: list[p.Position]
    responsibilities: list[p.Responsibility]
    connections: list[p.Connection]
    spaces: list[p.Space]
    memberships: list[p.Membership]
    posts: list[p.Post]
    comments: list[p.Comment]
    reactions: list[p.Reaction]
    handovers: list[p.Handover]
    checklist_items: list[p.ChecklistItem]
    checklist_checks: list[p.ChecklistCheck]
    usernames: dict[str, str]
    admin_person_id: str
    # The IT administrator of each site (site name -> person id); the company's admin is
    # München's. A site's own server makes its administrator an admin account.
    site_admins: dict[str, str] = field(default_factory=dict)
    # Every space's visibility, also those of other sites: a post written here in a space
    # of another site is scoped by that space's visibility (load.py).
    space_visibility: dict[str, str] = field(default_factory=dict)


def split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split: the parts always add up to total exactly."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    by_fraction = sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])
    for i in by_fraction[: total - sum(parts)]:
        parts[i] += 1
    return parts


def site_count(people: int) -> int:
    """How many sites a company of this head count has, unless told otherwise."""
    return 1 if people < 150 else min(len(nm.SITES), 3 + people // 10_000)


def _plan(people: int, rng: random.Random,
          n_sites: int) -> list[list[tuple[nm.Department, list[int]]]]:
    """Head counts per site, department and team; the leads are counted in."""
    site_heads = split(people - 1 - n_sites, [s.weight for s in nm.SITES[:n_sites]])
    plan = []
    for s, heads in enumerate(site_heads):
        depts = [d for d in nm.DEPARTMENTS if d.site_indices is None or s in d.site_indices]
        while True:
            sizes = split(heads, [d.weight for d in depts])
            small = [i for i, size in enumerate(sizes) if size < (4 if s == 0 else 8)
                     and not (s == 0 and depts[i].key in ("vertrieb", "it"))]
            if not small or len(depts) == 1:
                break
            del depts[min(small, key=lambda i: sizes[i])]
        site_plan = []
        for dept, size in zip(depts, sizes, strict=True):
            teams = max(1, round((size - 1) / 11))
            site_plan.append((dept, split(size - 1, [rng.uniform(0.7, 1.3) for _ in range(teams)])))
        plan.append(site_plan)
    return plan


def _build_structure(org: Org, people: int, n_sites: int) -> tuple[int, int]:
    """Units and positions; returns the demo user's and the admin's slot."""
    rng, units, slots = org.rng, org.units, org.slots
    base = org.now - 90 * DAY_MS

    def unit(name: str, kind: p.UnitKind, parent: int | None, site: int, dept: str = "") -> int:
        units.append(Unit(org.ids.at(base), name, kind, parent, site, dept))
        return len(units) - 1

    def slot(title: str, u: int, lead: bool, reports_to: int | None, vacant: bool = False) -> int:
        slots.append(Slot(org.ids.at(base), title, u, lead, reports_to, vacant))
        units[u].slots.append(len(slots) - 1)
        if lead:
            units[u].lead = len(slots) - 1
        return len(slots) - 1

    company = unit(nm.COMPANY_NAME, "company", None, 0)
    ceo = slot("Geschäftsführung", company, True, None)
    demo_slot = admin_slot = -1
    for s, site_plan in enumerate(_plan(people, rng, n_sites)):
        site = nm.SITES[s]
        site_unit = unit(f"Standort {site.name}", "site", company, s)
        site_lead = slot(f"Standortleitung {site.name}", site_unit, True, ceo)
        for dept, team_sizes in site_plan:
            d_unit = unit(f"{dept.name} {site.name}", "department", site_unit, s, dept.key)
            head = slot(f"Leitung {dept.name} {site.name}", d_unit, True, site_lead)
            for t, size in enumerate(team_sizes):
                rounds, base_index = divmod(t, len(dept.teams))
                name = dept.teams[base_index] + (f" {rounds + 1}" if rounds else "")
                t_unit = unit(name, "team", d_unit, s, dept.key)
                lead = slot(f"Teamleitung {name}", t_unit, True, head)
                members = [slot(rng.choice(dept.titles), t_unit, False, lead)
                           for _ in range(size - 1)]
                for i, m in enumerate(members):
                    slots[m].deputy = members[(i + 1) % len(members)] if len(members) > 1 else lead
                slots[lead].deputy = members[0] if members else None
                demo_team = s == 0 and t == 0 and dept.key == "vertrieb"
                if rng.random() < 0.3 or demo_team:  # a vacancy, covered by the team lead
                    vacancy = slot(rng.choice(dept.titles), t_unit, False, lead, vacant=True)
                    slots[vacancy].deputy = lead
                if demo_team:
                    demo_slot = lead
                if t == 0 and dept.key == "it":
                    org.site_admin_slots[s] = members[0] if members else lead
                    if s == 0:
                        admin_slot = org.site_admin_slots[s]
                        slots[admin_slot].title = "Systemadministrator/in"
            slots[head].deputy = units[d_unit + 1].lead
        slots[site_lead].deputy = units[site_unit + 1].lead
    slots[ceo].deputy = units[1].lead
    return demo_slot, admin_slot


def _assign_people(org: Org, demo_slot: int, admin_slot: int) -> None:
    rng = org.rng
    reserved = {(nm.DEMO_GIVEN, nm.DEMO_FAMILY), (nm.ADMIN_GIVEN, nm.ADMIN_FAMILY)}
    base = org.now - 90 * DAY_MS
    for index, s in enumerate(org.slots):
        if s.vacant:
            continue
        if index == demo_slot:
            given, family = nm.DEMO_GIVEN, nm.DEMO_FAMILY
        elif index == admin_slot:
            given, family = nm.ADMIN_GIVEN, nm.ADMIN_FAMILY
        else:
            while True:  # the demo and admin names stay unique, so their log-ins stay fixed
                pool = nm.GIVEN_FEMALE if rng.random() < 0.45 else nm.GIVEN_MALE
                given, family = rng.choice(pool), rng.choice(nm.FAMILY_NAMES)
                if (given, family) not in reserved:
                    break
        s.holder = len(org.person_ids)
        org.person_ids.append(org.ids.at(base))
        org.names.append((given, family))
        org.person_slot.append(index)
        org.person_site.append(org.units[s.unit].site)
    demo, admin = org.slots[demo_slot].holder, org.slots[admin_slot].holder
    assert demo is not None and admin is not None  # neither seat is ever a vacancy
    org.demo, org.admin = demo, admin


def _people(org: Org, hired: list[dt.date], usernames: list[str]) -> list[p.Person]:
    rng, slots, units = org.rng, org.slots, org.units
    out: list[p.Person] = []
    extension = [100] * len(nm.SITES)
    for index, pid in enumerate(org.person_ids):
        s = slots[org.person_slot[index]]
        unit, site_index = units[s.unit], org.person_site[index]
        site = nm.SITES[site_index]
        dept = nm.DEPARTMENT_BY_KEY.get(unit.dept)
        extension[site_index] += 1
        office = f"+49 {site.area_code} {site.exchange}-{extension[site_index]}"
        phones = [p.Phone("Büro", office)]
        if s.lead or rng.random() < 0.25:
            mobile = f"+49 1{rng.randint(51, 79)} {rng.randint(1_000_000, 9_999_999)}"
            phones.append(p.Phone("Mobil", mobile))
        building = dept.building if dept else "Gebäude A"
        if building == "Halle":
            hall = rng.randint(1, 6)
            building, room = f"Halle {hall}", f"H{hall}.{rng.randint(1, 40):02d}"
        else:
            room = f"{building[-1]}{rng.randint(0, 4)}.{rng.randint(1, 40):02d}"
        languages = ["Deutsch"]
        if rng.random() < 0.7:
            languages += rng.sample(nm.LANGUAGES, rng.randint(1, 2))
        skills = rng.sample(dept.skills, rng.randint(1, 3)) if dept else ["Führung"]
        if rng.random() < 0.4:
            skills.append(rng.choice(nm.GENERAL_SKILLS))
        manager = slots[s.reports_to].holder if s.reports_to is not None else None
        given, family = org.names[index]
        out.append(p.Person(
            id=pid, origin=org.origin, version=1, updated_at=org.now,
            given_name=given, family_name=family, email=f"{usernames[index]}@{nm.EMAIL_DOMAIN}",
            phones=phones, site=site.name, building=building, room=room,
            languages=languages, skills=sorted(set(skills)),
            about=ct.about_text(rng.choice(nm.PREVIOUS_EMPLOYERS), rng.choice(nm.HOBBIES),
                                hired[index].year),
            manager_id=org.person_ids[manager] if manager is not None else None,
        ))
    return out


def generate_company(
    people: int = 300, seed: int = 1, server_name: str = "kontor.local", now_ms: int | None = None,
    sites: int | None = None, shared_ids: bool = False,
) -> DemoCompany:
    """now_ms defaults to the clock; pass it (and keep the rest) to get the same company.

    sites: how many sites (default: site_count(people)). shared_ids: ids independent of
    server name and clock, for a company whose sites are split over servers (split.py).
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"a demo company needs at least {MIN_PEOPLE} people")
    n_sites = site_count(people) if sites is None else sites
    if not 1 <= n_sites <= len(nm.SITES):
        raise ValueError(f"a demo company has 1 to {len(nm.SITES)} sites")
    now = p.now_ms() if now_ms is None else now_ms
    rng = random.Random(seed)
    today = dt.datetime.fromtimestamp(now / 1000, dt.UTC).date()
    namespace = f"company:{people}:{n_sites}" if shared_ids else server_name
    aside = random.Random(f"kontor-demo-aside:{seed}:{namespace}")
    ids = IdMint(seed, namespace, COMPANY_CLOCK_MS - now if shared_ids else 0)
    org = Org(rng, ids, server_name, now, today, aside)
    demo_slot, admin_slot = _build_structure(org, people, n_sites)
    _assign_people(org, demo_slot, admin_slot)
    hired = [org.today - dt.timedelta(days=rng.randint(60, 30 * 365)) for _ in org.person_ids]
    plan_events(org, hired, demo_slot, admin_slot)
    # The demo user and the admin claim their log-ins first; everyone else in order.
    first = [org.demo, org.admin]
    first += [i for i in range(len(org.names)) if i not in (org.demo, org.admin)]
    folded = nm.make_usernames([org.names[i] for i in first])
    usernames = [""] * len(first)
    for i, name in zip(first, folded, strict=True):
        usernames[i] = name
    persons = _people(org, hired, usernames)
    # A third of the company agreed to be named as an information hub (docs/hubs.md), so
    # the demo's Hubs screen names some; the demo user has not, and can try it on Me.
    persons = [msgspec.structs.replace(person, show_as_hub=True)
               if i % 3 == 1 and i != org.demo else person
               for i, person in enumerate(persons)]
    # A share of the company has a photo (demo/photos.py); the demo user has none yet,
    # so setting one on Me is there to try.
    persons = [msgspec.structs.replace(person, photo=demo_photos.photo_for(person.id).digest)
               if i != org.demo and demo_photos.has_photo(person.id) else person
               for i, person in enumerate(persons)]
    social = build_social(org)
    checklists = build_checklists(org)
    positions = [_position(org, s) for s in org.slots]
    return DemoCompany(
        people=persons, org_units=[_org_unit(org, u) for u in org.units], positions=positions,
        responsibilities=social.responsibilities, connections=social.connections,
        spaces=social.spaces, memberships=social.memberships, posts=social.posts,
        comments=social.comments, reactions=social.reactions, handovers=social.handovers,
        checklist_items=checklists.items, checklist_checks=checklists.checks,
        usernames=dict(zip(org.person_ids, usernames, strict=True)),
        admin_person_id=org.person_ids[org.admin],
        site_admins={nm.SITES[s].name: org.person_ids[holder]
                     for s, slot in sorted(org.site_admin_slots.items())
                     if (holder := org.slots[slot].holder) is not None},
        space_visibility={space.id: space.visibility for space in social.spaces},
    )


def _org_unit(org: Org, u: Unit) -> p.OrgUnit:
    return p.OrgUnit(
        id=u.id, origin=org.origin, version=1, updated_at=org.now, name=u.name,
        unit_kind=u.kind,
        parent_id=org.units[u.parent].id if u.parent is not None else None,
        site=nm.SITES[u.site].name if u.kind != "company" else "",
        lead_position_id=org.slots[u.lead].id if u.lead >= 0 else None,
    )


def _position(org: Org, s: Slot) -> p.Position:
    slots = org.slots
    return p.Position(
        id=s.id, origin=org.origin, version=1, updated_at=org.now, title=s.title,
        org_unit_id=org.units[s.unit].id,
        holder_id=org.person_ids[s.holder] if s.holder is not None else None,
        deputy_position_id=slots[s.deputy].id if s.deputy is not None else None,
        reports_to_id=slots[s.reports_to].id if s.reports_to is not None else None,
        absent_from=s.absent[0] if s.absent else None,
        absent_to=s.absent[1] if s.absent else None,
        history=s.history or [],
    )
