"""Rights read from a real cache, synced from a real demo server, agree with the server.

The server's answer is taken from a real PUT /api/v1/positions/{id}/absence that repeats
the position's current absence: 200 means allowed (and changes nothing), 403 refused.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.cache.read.handover import count_manageable_positions
from sync.cache.read.lead import leads_anything
from sync.cache.read.org import unit_children, unit_seats
from sync.cache.read.people import (
    get_org_unit,
    get_person,
    get_position,
    get_position_of,
    list_org_units,
)
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
from sync.protocol import AbsenceWrite, LoginResponse, Position
from tests.integration.sync_support import demo_config, start_server


@dataclass(frozen=True)
class Case:
    person_id: str
    position_id: str
    status: int  # what the server answered that person for that position


@dataclass(frozen=True)
class World:
    path: Path
    key: bytes
    me: str  # jana.schroeder, lead of a team
    admin: LoginResponse
    cases: dict[str, Case]
    sample: list[Case]


def _username(cache: Cache, person_id: str) -> str:
    person = get_person(cache, person_id)
    assert person is not None
    return person.email.split("@")[0]


def _held(cache: Cache, unit_id: str) -> list[Position]:
    return [s.position for s in unit_seats(cache, unit_id) if s.holder is not None]


def _plan(cache: Cache, me: str, admin_id: str) -> tuple[dict[str, tuple[str, str]], list]:
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


async def _ask(url: str, username: str, position: Position) -> int:
    """A real absence PUT that repeats the current absence: the server's yes or no."""
    async with KontorClient(url) as anon:
        login = await anon.login(username, DEMO_PASSWORD, "pytest rights")
    body = msgspec.json.encode(
        AbsenceWrite(absent_from=position.absent_from, absent_to=position.absent_to))
    async with KontorClient(url, login.token) as client:
        try:
            answer = await client.request("PUT", f"/api/v1/positions/{position.id}/absence", body)
        except Refused as exc:
            return exc.status
        return answer.status


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
        asked: dict[tuple[str, str], int] = {}
        for person_id, position_id in [*roles.values(), *sample]:
            if (person_id, position_id) not in asked:
                position = get_position(cache, position_id)
                assert position is not None
                asked[(person_id, position_id)] = await _ask(
                    url, _username(cache, person_id), position)
    finally:
        cache.close()
        await server.close()
    assert answer.person_id is not None
    return World(
        cache_path, key, answer.person_id, admin,
        {name: Case(*pair, asked[pair]) for name, pair in roles.items()},
        [Case(*pair, asked[pair]) for pair in sample])


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
