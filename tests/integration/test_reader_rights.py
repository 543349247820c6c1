"""Rights read from a real cache, synced from a real demo server, agree with the server.

Both sides apply sync/protocol/rules.py; this runs one table of questions through both.
The server is asked with real requests that change nothing or nothing that matters:

- edit a position: a PUT of its absence that repeats the current one (200 or 403);
- hand a position on: a handover dated beyond what the server takes (400 invalid_dates
  once the rights let it that far, 403 before);
- lead a unit: a new checklist item of the unit (200 or 403);
- post in a space: a new post in it (200, or 403/404).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import msgspec
import pytest

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.cache.read.handover import count_manageable_positions
from sync.cache.read.lead import leads_anything
from sync.cache.read.org import org_lookup, unit_children, unit_seats
from sync.cache.read.people import (
    get_org_unit,
    get_person,
    get_position,
    get_position_of,
    list_org_units,
)
from sync.cache.read.posts import list_spaces, postable_spaces
from sync.cache.read.rights import (
    editable_positions,
    find_editable_positions,
    get_job_connection,
    is_admin,
    leads_of_position,
    may_edit_job_connection,
    may_edit_position,
    may_edit_responsibility,
    may_lead_unit,
    responsibilities_of_positions,
)
from sync.cache.write import state as cache_state
from sync.client import KontorClient, Refused
from sync.engine import SyncEngine
from sync.protocol import (
    AbsenceWrite,
    ChecklistItemWrite,
    HandoverWrite,
    LoginResponse,
    Position,
    PostWrite,
    paths,
    rules,
)
from sync.writes import new_id
from tests.integration.sync_support import demo_config, start_server


@dataclass(frozen=True)
class Case:
    person_id: str
    position_id: str
    status: int  # what the server answered that person for that position


Question = Literal["edit", "hand_over", "lead_unit", "post"]


@dataclass(frozen=True)
class Asked:
    """One question put to the server: may this person do this to that record?"""

    question: Question
    person_id: str
    target_id: str  # a position, a unit or a space
    allowed: bool  # the server's answer


@dataclass(frozen=True)
class World:
    path: Path
    key: bytes
    me: str  # jana.schroeder, lead of a team
    admin: LoginResponse
    cases: dict[str, Case]
    sample: list[Case]
    table: list[Asked]


def _username(cache: Cache, person_id: str) -> str:
    person = get_person(cache, person_id)
    assert person is not None
    return person.email.split("@")[0]


def _held(cache: Cache, unit_id: str) -> list[Position]:
    return [s.position for s in unit_seats(cache, unit_id) if s.holder is not None]


def _plan(cache: Cache, me: str, admin_id: str) -> tuple[dict[str, tuple[str, str]],
                                                         list[tuple[str, str]]]:
    """Who to ask about which position: named roles, and a spread sample for jana."""
    mine = get_position_of(cache, me)
    assert mine is not None
    team = get_org_unit(cache, mine.org_unit_id)
    assert team is not None and team.lead_position_id == mine.id and team.parent_id
    department = get_org_unit(cache, team.parent_id)
    assert department is not None and department.lead_position_id
    dept_lead = get_position(cache, department.lead_position_id)
    assert dept_lead is not None and dept_lead.holder_id
    members = [p for p in _held(cache, team.id) if p.id != mine.id]
    assert len(members) >= 2, "jana's team has at least two members"
    a, b = members[0], members[1]
    assert a.holder_id and b.holder_id
    other_teams = [u for u in list_org_units(cache)
                   if u.unit_kind == "team" and u.id != team.id
                   and all(p.holder_id != admin_id for p in _held(cache, u.id))]
    foreign = next(p for u in other_teams for p in _held(cache, u.id)
                   if p.id != u.lead_position_id)
    roles = {
        "holder": (a.holder_id, a.id),
        "lead": (me, a.id),
        "colleague": (b.holder_id, a.id),
        "member_on_own_lead": (a.holder_id, mine.id),
        "lead_on_own_seat": (me, mine.id),
        "department_lead": (dept_lead.holder_id, mine.id),
        "other_team": (me, foreign.id),
        "admin": (admin_id, foreign.id),
    }
    rows = cache.conn.execute("SELECT id FROM position ORDER BY id").fetchall()
    everyone = [str(r[0]) for r in rows]
    spread = everyone[:: max(1, len(everyone) // 6)][:6] + [p.id for p in members[:2]]
    sample = [(me, pid) for pid in spread] + [(dept_lead.holder_id, pid) for pid in spread[:3]]
    return roles, sample


class Server:
    """The demo server, asked as whoever the table names (each signs in once)."""

    def __init__(self, url: str, cache: Cache, admin_id: str) -> None:
        self.url, self.cache, self.admin_id = url, cache, admin_id
        self.tokens: dict[str, str] = {}
        # successors for the handover probe: anyone active but the position's holder
        self.everyone = [str(r[0]) for r in cache.conn.execute(
            "SELECT id FROM person WHERE status = 'active' ORDER BY id LIMIT 3")]

    async def status(self, person_id: str, method: str, path: str,
                     body: msgspec.Struct) -> tuple[int, str]:
        username = _username(self.cache, person_id)
        if username not in self.tokens:
            async with KontorClient(self.url) as anon:
                login = await anon.login(username, DEMO_PASSWORD, "pytest rights")
            self.tokens[username] = login.token
        async with KontorClient(self.url, self.tokens[username]) as client:
            try:
                answer = await client.request(method, path, msgspec.json.encode(body))
            except Refused as exc:
                return exc.status, exc.code
            return answer.status, ""

    async def may_edit(self, person_id: str, position: Position) -> int:
        """A real absence PUT that repeats the current absence: 200 changes nothing."""
        body = AbsenceWrite(absent_from=position.absent_from, absent_to=position.absent_to)
        status, _ = await self.status(person_id, "PUT",
                                      paths.ABSENCE.format(id=position.id), body)
        return status

    async def may_hand_over(self, person_id: str, position: Position) -> bool:
        """The rights come before the date: too late a date is refused only then."""
        successor = next(x for x in (self.admin_id, person_id, *self.everyone)
                         if x != position.holder_id)
        too_late = dt.date.today() + dt.timedelta(days=366 * 10)
        body = HandoverWrite(position_id=position.id, to_person_id=successor, date=too_late)
        status, code = await self.status(person_id, "PUT",
                                         paths.HANDOVER.format(id=new_id()), body)
        assert (status, code) in ((400, "invalid_dates"), (403, "not_allowed")), code
        return status == 400

    async def may_lead_unit(self, person_id: str, unit_id: str) -> bool:
        body = ChecklistItemWrite(org_unit_id=unit_id, title="Probe")
        status, code = await self.status(person_id, "PUT",
                                         paths.CHECKLIST_ITEM.format(id=new_id()), body)
        assert status in (200, 403), code
        return status == 200

    async def may_post(self, person_id: str, space_id: str) -> bool:
        body = PostWrite(space_id=space_id, text="Probe")
        status, code = await self.status(person_id, "PUT", paths.POST.format(id=new_id()), body)
        assert status in (200, 403, 404), code
        return status == 200


async def _build(data: Path, cache_path: Path, key: bytes) -> World:
    config = demo_config(data, people=300)
    server = await start_server(config)
    url = f"http://127.0.0.1:{config.port}"
    cache = Cache.open(cache_path, key)
    try:
        async with KontorClient(url) as client:
            answer = await client.login(DEMO_USER, DEMO_PASSWORD, "pytest")
            admin = await _find_admin(client, cache, url, answer)
        roles, sample = _plan(cache, answer.person_id or "", admin.person_id or "")
        ask = Server(url, cache, admin.person_id or "")
        asked: dict[tuple[str, str], int] = {}
        for person_id, position_id in [*roles.values(), *sample]:
            if (person_id, position_id) not in asked:
                position = get_position(cache, position_id)
                assert position is not None
                asked[(person_id, position_id)] = await ask.may_edit(person_id, position)
        table = await _ask_table(ask, cache, roles)
    finally:
        cache.close()
        await server.close()
    assert answer.person_id is not None
    return World(
        cache_path, key, answer.person_id, admin,
        {name: Case(*pair, asked[pair]) for name, pair in roles.items()},
        [Case(*pair, asked[pair]) for pair in sample], table)


async def _ask_table(ask: Server, cache: Cache, roles: dict[str, tuple[str, str]]) -> list[Asked]:
    """Every named role about every position of the roles, their units and a spread of
    spaces: the same questions the client asks of its cache."""
    people = sorted({person for person, _ in roles.values()})
    positions = [get_position(cache, pid) for pid in sorted({pid for _, pid in roles.values()})]
    units = sorted({x.org_unit_id for x in positions if x is not None})
    spaces = [s.id for s in list_spaces(cache)]
    table: list[Asked] = []
    for person in people:
        for position in positions:
            assert position is not None
            table.append(Asked("edit", person, position.id,
                               await ask.may_edit(person, position) == 200))
            table.append(Asked("hand_over", person, position.id,
                               await ask.may_hand_over(person, position)))
        for unit_id in units:
            table.append(Asked("lead_unit", person, unit_id,
                               await ask.may_lead_unit(person, unit_id)))
    for person in (roles["lead"][0], roles["holder"][0], ask.admin_id):
        for space_id in spaces[:: max(1, len(spaces) // 12)]:
            table.append(Asked("post", person, space_id, await ask.may_post(person, space_id)))
    return table


async def _find_admin(
    client: KontorClient, cache: Cache, url: str, answer: LoginResponse
) -> LoginResponse:
    """Store jana's account, sync, and log in as the demo's admin (found by title)."""
    cache_state.store_account(
        cache, server_url=url, server_name=answer.server_name, username=answer.username,
        person_id=answer.person_id, device_id=answer.device_id, device_token=answer.token,
        is_admin=answer.is_admin)
    async with KontorClient(url, answer.token) as authed:
        await SyncEngine(cache, authed, wipe=lambda: None).sync_once()
    row = cache.conn.execute(
        "SELECT holder_id FROM position WHERE title = 'Systemadministrator/in'").fetchone()
    assert row is not None
    return await client.login(_username(cache, str(row[0])), DEMO_PASSWORD, "pytest admin")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    base = tmp_path_factory.mktemp("rights")
    key = secrets.token_bytes(32)
    return asyncio.run(_build(base / "server", base / "cache.db", key))


@pytest.fixture
def cache(world: World) -> Iterator[Cache]:
    opened = Cache.open(world.path, world.key, readonly=True)
    yield opened
    opened.close()


def _cache_says(cache: Cache, case: Case, *, is_admin: bool = False) -> bool:
    return may_edit_position(cache, case.person_id, case.position_id, is_admin=is_admin)


class TestMayEditPosition:
    def test_the_holder_may(self, cache: Cache, world: World) -> None:
        case = world.cases["holder"]
        assert case.status == 200
        assert _cache_says(cache, case)

    def test_the_lead_above_may(self, cache: Cache, world: World) -> None:
        case = world.cases["lead"]
        assert case.status == 200
        assert _cache_says(cache, case)

    def test_a_team_colleague_may_not(self, cache: Cache, world: World) -> None:
        case = world.cases["colleague"]
        assert case.status == 403
        assert not _cache_says(cache, case)

    def test_a_team_member_may_not_edit_their_leads_seat(
            self, cache: Cache, world: World) -> None:
        case = world.cases["member_on_own_lead"]
        assert case.status == 403
        assert not _cache_says(cache, case)

    def test_a_team_lead_is_not_their_own_lead(self, cache: Cache, world: World) -> None:
        own = world.cases["lead_on_own_seat"]
        position = get_position(cache, own.position_id)
        assert position is not None
        leads = leads_of_position(cache, position)
        assert world.me not in leads
        assert leads[0] == world.cases["department_lead"].person_id
        # they still may as its holder; the department lead may as the lead above
        assert own.status == 200 and _cache_says(cache, own)
        dept = world.cases["department_lead"]
        assert dept.status == 200 and _cache_says(cache, dept)

    def test_a_lead_may_not_edit_another_team(self, cache: Cache, world: World) -> None:
        case = world.cases["other_team"]
        assert case.status == 403
        assert not _cache_says(cache, case)

    def test_an_admin_may_edit_any_position(self, cache: Cache, world: World) -> None:
        case = world.cases["admin"]
        assert case.status == 200
        assert _cache_says(cache, case, is_admin=True)
        assert not _cache_says(cache, case), "without the flag the admin is no lead there"

    def test_a_sample_agrees_with_the_server(self, cache: Cache, world: World) -> None:
        statuses = {c.status for c in world.sample}
        assert statuses == {200, 403}, "the sample holds both answers"
        for case in world.sample:
            assert _cache_says(cache, case) == (case.status == 200), case

    def test_an_unknown_position_is_nobodys(self, cache: Cache, world: World) -> None:
        unknown = "01900000-0000-7000-8000-000000000000"
        assert not may_edit_position(cache, world.me, unknown, is_admin=True)


class TestUnitsAndLists:
    def test_a_lead_leads_their_unit_and_the_ones_above_lead_it_too(
            self, cache: Cache, world: World) -> None:
        mine = get_position(cache, world.cases["lead_on_own_seat"].position_id)
        assert mine is not None
        team = mine.org_unit_id
        assert may_lead_unit(cache, world.me, team)
        assert may_lead_unit(cache, world.cases["department_lead"].person_id, team)
        assert not may_lead_unit(cache, world.cases["colleague"].person_id, team)
        parent = get_org_unit(cache, team)
        assert parent is not None and parent.parent_id
        assert not may_lead_unit(cache, world.me, parent.parent_id)
        assert may_lead_unit(cache, world.admin.person_id, parent.parent_id,
                                    is_admin=True)

    def test_editable_positions_are_own_first_then_the_team(
            self, cache: Cache, world: World) -> None:
        editable = editable_positions(cache, world.me)
        own = world.cases["lead_on_own_seat"].position_id
        assert editable[0].id == own
        ids = [p.id for p in editable]
        assert world.cases["lead"].position_id in ids
        assert world.cases["other_team"].position_id not in ids
        assert len(ids) == len(set(ids))
        assert all(may_edit_position(cache, world.me, pid) for pid in ids)

    def test_a_member_edits_only_their_own_position(self, cache: Cache, world: World) -> None:
        holder = world.cases["holder"]
        editable = editable_positions(cache, holder.person_id)
        assert [p.id for p in editable] == [holder.position_id]

    def test_an_admin_may_edit_every_position_own_first(
            self, cache: Cache, world: World) -> None:
        admin = world.admin.person_id
        assert admin is not None
        editable = editable_positions(cache, admin, is_admin=True)
        count = cache.conn.execute("SELECT count(*) FROM position").fetchone()[0]
        assert len(editable) == count
        assert editable[0].holder_id == admin


def _company_lead(cache: Cache) -> str:
    (company,) = unit_children(cache, None)
    assert company.lead_position_id
    lead = get_position(cache, company.lead_position_id)
    assert lead is not None and lead.holder_id
    return lead.holder_id


def _holder_name(cache: Cache, position_id: str) -> str:
    position = get_position(cache, position_id)
    assert position is not None and position.holder_id
    holder = get_person(cache, position.holder_id)
    assert holder is not None
    return f"{holder.given_name} {holder.family_name}"


class TestFindingEditablePositions:
    def test_a_lead_gets_own_first_then_the_team_each_editable(
            self, cache: Cache, world: World) -> None:
        found = find_editable_positions(cache, world.me, "")
        assert found[0].id == world.cases["lead_on_own_seat"].position_id
        assert world.cases["lead"].position_id in [p.id for p in found]
        assert all(may_edit_position(cache, world.me, p.id) for p in found)
        other = world.cases["other_team"].position_id
        assert find_editable_positions(cache, world.me, _holder_name(cache, other)) == []

    def test_a_company_lead_gets_a_bounded_list_and_finds_anyone_by_name(
            self, cache: Cache, world: World) -> None:
        boss = _company_lead(cache)
        assert count_manageable_positions(cache, boss) > 20
        nearest = find_editable_positions(cache, boss, "", limit=20)
        assert len(nearest) == 20
        assert nearest[0].holder_id == boss  # their own seat first
        far = world.cases["holder"].position_id  # a member of a team far below
        assert far not in [p.id for p in nearest]
        found = find_editable_positions(cache, boss, _holder_name(cache, far), limit=20)
        assert far in [p.id for p in found]

    def test_an_admin_finds_any_position_by_typing_and_is_never_listed_all(
            self, cache: Cache, world: World) -> None:
        admin = world.admin.person_id
        assert admin is not None
        listed = find_editable_positions(cache, admin, "", is_admin=True)
        assert listed and listed[0].holder_id == admin and len(listed) <= 50
        other = world.cases["other_team"].position_id
        name = _holder_name(cache, other)
        found = find_editable_positions(cache, admin, name, is_admin=True)
        assert other in [p.id for p in found]
        assert other not in [p.id for p in find_editable_positions(cache, admin, name)]

    def test_own_positions_are_matched_by_title_and_unit_too(
            self, cache: Cache, world: World) -> None:
        own = get_position(cache, world.cases["lead_on_own_seat"].position_id)
        assert own is not None
        unit = get_org_unit(cache, own.org_unit_id)
        assert unit is not None
        for text in (own.title, unit.name):
            assert find_editable_positions(cache, world.me, text)[0].id == own.id

    def test_leads_anything_answers_without_listing(self, cache: Cache, world: World) -> None:
        assert leads_anything(cache, world.me)
        assert leads_anything(cache, _company_lead(cache))
        assert not leads_anything(cache, world.cases["holder"].person_id)


class TestAdminFlag:
    def test_the_flag_comes_from_the_login(self, cache: Cache, world: World) -> None:
        assert not is_admin(cache), "jana is no admin"
        assert world.admin.is_admin

    def test_an_admin_login_is_kept_and_forgotten_at_logout(self, tmp_path: Path) -> None:
        fresh = Cache.open(tmp_path / "c.db", secrets.token_bytes(32))
        try:
            assert not is_admin(fresh), "unknown means no"
            cache_state.store_account(
                fresh, server_url="http://127.0.0.1:1", server_name="x", username="a",
                person_id=None, device_id="d", device_token="t", is_admin=True)
            assert is_admin(fresh)
            cache_state.forget_account(fresh)
            assert not is_admin(fresh)
        finally:
            fresh.close()


class TestDutiesAndJobContacts:
    def test_a_duty_is_edited_by_whoever_may_edit_its_owner(
            self, cache: Cache, world: World) -> None:
        team = [world.cases[n].position_id for n in ("holder", "colleague", "lead_on_own_seat")]
        duties = responsibilities_of_positions(cache, team)
        assert duties, "jana's team owns duties"
        assert [d.title.casefold() for d in duties] == sorted(d.title.casefold() for d in duties)
        for duty in duties:
            owner = get_position(cache, duty.owner_position_id)
            assert owner is not None and owner.holder_id
            assert may_edit_responsibility(cache, owner.holder_id, duty.id)
            assert may_edit_responsibility(cache, world.me, duty.id)
            other = world.cases["other_team"].position_id
            stranger = get_position(cache, other)
            assert stranger is not None
            assert not may_edit_responsibility(cache, stranger.holder_id, duty.id)

    def test_a_job_contact_belongs_to_its_from_position(
            self, cache: Cache, world: World) -> None:
        rows = cache.conn.execute(
            "SELECT id, connection_kind FROM connection ORDER BY id").fetchall()
        personal = next(str(r[0]) for r in rows if r[1] == "personal")
        assert get_job_connection(cache, personal) is None
        jobs = [c for r in rows if r[1] == "job"
                if (c := get_job_connection(cache, str(r[0]))) is not None]
        ends = [(c, get_position(cache, c.from_id), get_position(cache, c.to_id))
                for c in jobs]
        job, start, end = next(
            (c, a, b) for c, a, b in ends if a and b and a.holder_id and b.holder_id
            and not may_edit_position(cache, b.holder_id, a.id))
        assert may_edit_job_connection(cache, start.holder_id, job.id)
        assert not may_edit_job_connection(cache, end.holder_id, job.id), \
            "the other end does not own the contact"
        assert may_edit_job_connection(cache, end.holder_id, job.id, is_admin=True)


def _cache_answers(cache: Cache, asked: Asked, admin_id: str) -> bool:
    """The client's answer to the same question, from its cache (the readers the
    desktop and kontorctl use; handing over has no reader, so the rule itself)."""
    admin = asked.person_id == admin_id
    if asked.question == "edit":
        return may_edit_position(cache, asked.person_id, asked.target_id, is_admin=admin)
    if asked.question == "hand_over":
        position = get_position(cache, asked.target_id)
        assert position is not None
        return rules.may_hand_over(org_lookup(cache), asked.person_id, position,
                                   is_admin=admin)
    if asked.question == "lead_unit":
        return may_lead_unit(cache, asked.person_id, asked.target_id, is_admin=admin)
    return asked.target_id in {s.id for s in postable_spaces(cache, asked.person_id)}


class TestBothSidesAgree:
    @pytest.mark.parametrize("question", ["edit", "hand_over", "lead_unit", "post"])
    def test_the_cache_answers_as_the_server_did(
            self, cache: Cache, world: World, question: Question) -> None:
        asked = [a for a in world.table if a.question == question]
        assert {a.allowed for a in asked} == {True, False}, "the table holds both answers"
        admin_id = world.admin.person_id or ""
        wrong = [a for a in asked if _cache_answers(cache, a, admin_id) != a.allowed]
        assert wrong == []
