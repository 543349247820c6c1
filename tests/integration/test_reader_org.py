"""Org chart queries on a cache synced from a real demo-company server (once per module).

Half-synced data (dangling parents, cycles) is built from records directly in
tests/unit/sync/test_reader_org.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.cache.fold import fold
from sync.cache.read import org as reader_org
from sync.cache.read.org import Seat
from sync.cache.write.state import get_sync_state, store_account
from sync.client import KontorClient
from sync.engine import SyncEngine
from sync.protocol import OrgUnit
from tests.integration.sync_support import demo_config, start_server

DEMO_DAY = dt.date(2025, 11, 24)  # the demo company's creation date (demo_config's clock)
COMPANY = "Kontor Maschinenbau GmbH"


async def _sync_demo(data: Path, cache: Cache) -> None:
    server = await start_server(demo_config(data))
    try:
        url = str(server.make_url("")).rstrip("/")
        async with KontorClient(url) as client:
            answer = await client.login(DEMO_USER, DEMO_PASSWORD, "pytest")
        store_account(cache, server_url=url, server_name=answer.server_name,
                      username=answer.username, person_id=answer.person_id,
                      device_id=answer.device_id, device_token=answer.token)
        client = KontorClient(url, answer.token)
        try:
            await SyncEngine(cache, client, wipe=lambda: None).sync_once()
        finally:
            await client.close()
    finally:
        await server.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    """The demo user's cache after a full sync; the server is gone afterwards."""
    base = tmp_path_factory.mktemp("org")
    cache = Cache.open(base / "cache.db", secrets.token_bytes(32))
    asyncio.run(_sync_demo(base / "server", cache))
    yield cache
    cache.close()


@pytest.fixture(scope="module")
def jana(demo: Cache) -> Seat:
    person_id = get_sync_state(demo).person_id
    assert person_id is not None
    (seat,) = [s for s in reader_org.find_org(demo, "Jana Schröder", today=DEMO_DAY)
               if isinstance(s, Seat) and s.holder is not None and s.holder.id == person_id]
    return seat


def names(units: list[OrgUnit]) -> list[str]:
    return [u.name for u in units]


class TestUnitTree:
    def test_the_company_is_the_only_root_and_its_sites_below(self, demo: Cache) -> None:
        (root,) = reader_org.unit_children(demo, None)
        assert root.name == COMPANY and root.unit_kind == "company"
        sites = reader_org.unit_children(demo, root.id)
        assert names(sites) == sorted(names(sites))
        assert {"Standort München", "Standort Hamburg", "Standort Stuttgart"} <= set(names(sites))
        assert all(u.unit_kind == "site" and u.parent_id == root.id for u in sites)

    def test_only_units_with_sub_units_can_be_expanded(self, demo: Cache, jana: Seat) -> None:
        team = jana.position.org_unit_id
        department = reader_org.unit_path(demo, team)[-2]
        assert reader_org.units_with_children(demo, [team, department.id]) == {department.id}

    def test_the_path_runs_from_the_company_down_to_the_team(
        self, demo: Cache, jana: Seat
    ) -> None:
        path = reader_org.unit_path(demo, jana.position.org_unit_id)
        assert [u.unit_kind for u in path] == ["company", "site", "department", "team"]
        assert path[0].name == COMPANY
        assert path[1].name == "Standort München"
        assert path[-1].id == jana.position.org_unit_id
        assert reader_org.unit_path(demo, "01900000-0000-7000-8000-000000000000") == []


class TestSeats:
    def test_the_lead_comes_first_then_seats_by_title(self, demo: Cache, jana: Seat) -> None:
        team = jana.position.org_unit_id
        seats = reader_org.unit_seats(demo, team, DEMO_DAY)
        assert seats[0].position.id == jana.position.id
        assert seats[0].holder is not None and seats[0].holder.display_name == "Jana Schröder"
        titles = [s.position.title for s in seats[1:]]
        assert titles == sorted(titles, key=fold)
        lead = reader_org.lead_seat(demo, team, DEMO_DAY)
        assert lead is not None and lead.position.id == jana.position.id

    def test_the_demo_team_shows_its_vacancy(self, demo: Cache, jana: Seat) -> None:
        seats = reader_org.unit_seats(demo, jana.position.org_unit_id, DEMO_DAY)
        vacant = [s for s in seats if s.vacant]
        assert vacant and all(s.holder is None and not s.absent for s in vacant)
        # The team lead covers the vacancy.
        deputy = reader_org.deputy_seat(demo, vacant[0], DEMO_DAY)
        assert deputy is not None and deputy.position.id == jana.position.id

    def test_absent_holders_are_marked_only_while_away(self, demo: Cache) -> None:
        rows = demo.conn.execute(
            "SELECT id, org_unit_id FROM position WHERE absent_from <= ? AND absent_to >= ?"
            " AND holder_id IS NOT NULL",
            (DEMO_DAY.isoformat(), DEMO_DAY.isoformat())).fetchall()
        assert rows, "the demo marks some positions absent around its creation day"
        position_id, unit_id = rows[0]
        seats = reader_org.unit_seats(demo, unit_id, DEMO_DAY)
        assert {s.position.id for s in seats if s.absent} == {
            r[0] for r in rows if r[1] == unit_id}
        later = reader_org.seat_of(demo, position_id, DEMO_DAY + dt.timedelta(days=60))
        assert later is not None and later.holder is not None and not later.absent


class TestChains:
    def test_a_team_lead_reports_up_to_the_management(self, demo: Cache, jana: Seat) -> None:
        chain = reader_org.chain_up(demo, jana.position.id, DEMO_DAY)
        assert [s.position.title for s in chain][1:] == [
            "Leitung Vertrieb München", "Standortleitung München", "Geschäftsführung"]
        assert chain[0].position.id == jana.position.id
        assert chain[-1].position.reports_to_id is None

    def test_direct_reports_are_the_team_members(self, demo: Cache, jana: Seat) -> None:
        reports = reader_org.reports_down(demo, jana.position.id, DEMO_DAY)
        team_seats = reader_org.unit_seats(demo, jana.position.org_unit_id, DEMO_DAY)
        assert {s.position.id for s in reports} == {s.position.id for s in team_seats[1:]}
        assert any(s.vacant for s in reports)

    def test_the_top_reports_to_nobody_and_leads_the_sites(self, demo: Cache) -> None:
        (root,) = reader_org.unit_children(demo, None)
        top = reader_org.lead_seat(demo, root.id, DEMO_DAY)
        assert top is not None
        assert [s.position.id for s in reader_org.chain_up(demo, top.position.id)] == [
            top.position.id]
        below = {s.position.title for s in reader_org.reports_down(demo, top.position.id)}
        assert {"Standortleitung München", "Standortleitung Hamburg"} <= below


class TestVacancies:
    def test_a_unit_counts_the_vacancies_of_its_sub_units(
        self, demo: Cache, jana: Seat
    ) -> None:
        team = jana.position.org_unit_id
        site = reader_org.unit_path(demo, team)[1]
        in_team = reader_org.vacancies(demo, team)
        in_site = reader_org.vacancies(demo, site.id)
        everywhere = reader_org.vacancies(demo, None)
        assert in_team and all(s.position.org_unit_id == team for s in in_team)
        assert {s.position.id for s in in_team} < {s.position.id for s in in_site}
        assert {s.position.id for s in in_site} < {s.position.id for s in everywhere}
        assert all(s.vacant for s in everywhere)


class TestFindOrg:
    @pytest.mark.parametrize("typed", ["Schröder", "Schroeder", "schroder", "jana schr"])
    def test_the_holder_is_found_however_the_umlaut_is_typed(
        self, demo: Cache, jana: Seat, typed: str
    ) -> None:
        found = reader_org.find_org(demo, typed)
        assert jana.position.id in {s.position.id for s in found if isinstance(s, Seat)}

    def test_units_come_first_and_match_word_starts(self, demo: Cache) -> None:
        found = reader_org.find_org(demo, "vertrieb münch")
        assert isinstance(found[0], OrgUnit) and found[0].name == "Vertrieb München"
        assert reader_org.find_org(demo, "standort muenchen")[0].name == (  # type: ignore[union-attr]
            "Standort München")

    def test_positions_are_found_by_title(self, demo: Cache) -> None:
        found = reader_org.find_org(demo, "Geschäftsführung")
        seats = [s for s in found if isinstance(s, Seat)]
        assert seats[0].position.title == "Geschäftsführung"

    def test_nothing_typed_finds_nothing(self, demo: Cache) -> None:
        assert reader_org.find_org(demo, "  -- ") == []
        assert reader_org.find_org(demo, "Zzyzxqq") == []

    def test_the_limit_holds(self, demo: Cache) -> None:
        assert len(reader_org.find_org(demo, "Leitung", limit=5)) == 5
