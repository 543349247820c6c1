"""Handover and onboarding reads over a real cache, filled by a real sync of the demo company."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync import writes
from sync.cache.db import Cache
from sync.cache.read import handover as rh
from sync.cache.read import start as rs
from sync.cache.read.handover import manageable_positions
from sync.cache.read.lead import (
    LeadOverview,
    find_manageable_positions,
    lead_overview,
    own_unit_positions,
    scheduled_handovers_led_by,
    unowned_responsibilities,
)
from sync.cache.read.notify import contact_notices
from sync.cache.read.org import lead_seat, unit_children, unit_path
from sync.cache.read.people import (
    get_org_unit,
    get_people,
    get_person,
    get_position_of,
    list_people,
    positions_of,
    responsibilities_of,
)
from sync.cache.read.posts import list_spaces
from sync.cache.write import outbox
from sync.cache.write import state as cache_state
from sync.cache.write.apply import apply_page
from sync.client import KontorClient
from sync.engine import SyncEngine
from sync.protocol import (
    ChecklistCheck,
    ChecklistItem,
    Handover,
    HandoverWrite,
    ResponsibilityWrite,
)
from sync.writes import WriteError
from tests.integration.sync_support import demo_config, start_server
from tests.unit.sync import factories as f

DEMO_NOW_MS = 1_764_000_000_000  # the creation time demo_config gives the company
TODAY = dt.datetime.fromtimestamp(DEMO_NOW_MS / 1000, dt.UTC).date()


@dataclass(frozen=True)
class Synced:
    path: Path
    key: bytes
    me: str  # jana.schroeder's person id


async def _sync_demo(data: Path, cache_path: Path, key: bytes) -> str:
    config = demo_config(data, people=300)
    server = await start_server(config)
    url = f"http://127.0.0.1:{config.port}"
    cache = Cache.open(cache_path, key)
    try:
        async with KontorClient(url) as client:
            answer = await client.login(DEMO_USER, DEMO_PASSWORD, "pytest")
        cache_state.store_account(
            cache, server_url=url, server_name=answer.server_name, username=answer.username,
            person_id=answer.person_id, device_id=answer.device_id, device_token=answer.token)
        client = KontorClient(url, answer.token)
        try:
            await SyncEngine(cache, client, wipe=lambda: None).sync_once()
        finally:
            await client.close()
    finally:
        cache.close()
        await server.close()
    assert answer.person_id is not None
    return answer.person_id


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Synced:
    base = tmp_path_factory.mktemp("handover")
    key = secrets.token_bytes(32)
    me = asyncio.run(_sync_demo(base / "server", base / "cache.db", key))
    return Synced(base / "cache.db", key, me)


@pytest.fixture
def cache(synced: Synced, tmp_path: Path) -> Iterator[Cache]:
    """A private writable copy of the synced cache, so a test may apply its own pages."""
    path = tmp_path / "cache.db"
    shutil.copy(synced.path, path)
    opened = Cache.open(path, synced.key)
    yield opened
    opened.close()


def _done_handovers(cache: Cache) -> list[Handover]:
    rows = cache.conn.execute(
        "SELECT body FROM handover WHERE state = 'done' ORDER BY date DESC, id").fetchall()
    return [msgspec.json.decode(row[0], type=Handover) for row in rows]


def _company_lead(cache: Cache) -> str:
    """The holder of the top unit's lead position: they lead every position there is."""
    [root] = unit_children(cache, None)
    seat = lead_seat(cache, root.id)
    assert seat is not None and seat.holder is not None
    return seat.holder.id


def _new_hire(cache: Cache, me: str) -> str:
    """The person whose spell in jana's unit started most recently."""
    unit = get_position_of(cache, me)
    assert unit is not None
    starts = []
    for person in list_people(cache, org_unit_id=unit.org_unit_id):
        for position in positions_of(cache, person.id):
            starts += [(s.start, person.id) for s in position.history
                       if s.person_id == person.id and s.end is None]
    return max(starts)[1]


class TestHandoverDigest:
    def test_a_finished_handover_gives_contacts_with_notes(self, cache: Cache) -> None:
        with_contacts = [h for h in _done_handovers(cache)
                         if rh.job_contacts(cache, h.position_id)]
        assert with_contacts, "the demo has a finished handover of a position with contacts"
        handover = with_contacts[0]
        digest = rh.handover_digest(cache, handover.position_id)
        assert digest is not None
        assert digest.handover == handover
        assert digest.position.holder_id == handover.to_person_id
        if handover.from_person_id:
            assert digest.predecessor is not None
            assert digest.predecessor.id == handover.from_person_id
        for contact in digest.contacts:
            assert contact.connection.connection_kind == "job"
            ends = {contact.connection.from_id, contact.connection.to_id}
            assert ends == {handover.position_id, contact.position.id}
            assert contact.note == contact.connection.note and contact.note
            assert contact.holder is None or contact.holder.id == contact.position.holder_id

    def test_duties_spaces_and_howtos_of_a_position(self, cache: Cache) -> None:
        owned = cache.conn.execute(
            "SELECT owner_position_id FROM responsibility WHERE howto_post_id IS NOT NULL "
            "AND howto_post_id IN (SELECT id FROM post) LIMIT 1").fetchone()[0]
        digest = rh.handover_digest(cache, owned)
        assert digest is not None
        assert digest.responsibilities
        assert {r.owner_position_id for r in digest.responsibilities} == {owned}
        linked = {r.howto_post_id for r in digest.responsibilities if r.howto_post_id}
        assert linked & {h.id for h in digest.howtos}
        assert all(h.post_kind == "howto" for h in digest.howtos)
        lead = cache.conn.execute(
            "SELECT position_id FROM space WHERE position_id IS NOT NULL LIMIT 1").fetchone()[0]
        tied = rh.handover_digest(cache, lead)
        assert tied is not None and tied.spaces
        assert all(s.position_id == lead for s in tied.spaces)

    def test_unknown_position_has_no_digest(self, cache: Cache) -> None:
        assert rh.handover_digest(cache, f.new_id()) is None
        with pytest.raises(LookupError, match="is not in the local cache"):
            rh.handover_preview(cache, f.new_id())

    def test_preview_names_the_current_holder_as_the_one_before(
        self, cache: Cache, synced: Synced
    ) -> None:
        mine = get_position_of(cache, synced.me)
        assert mine is not None
        preview = rh.handover_preview(cache, mine.id)
        assert preview.handover is None
        assert preview.predecessor is not None and preview.predecessor.id == synced.me
        assert [s.id for s in preview.spaces] == [
            s.id for s in list_spaces(cache) if s.position_id == mine.id]


class TestHandoverLists:
    def test_of_position_and_for_person_are_newest_first(self, cache: Cache) -> None:
        handover = _done_handovers(cache)[0]
        older = msgspec.structs.replace(  # an older, cancelled one of the same position
            handover, id=f.new_id(), date=handover.date - dt.timedelta(days=400),
            state="cancelled")
        apply_page(cache, f.puts(older), "local")
        listed = rh.handovers_of_position(cache, handover.position_id)
        assert [h.id for h in listed][:2] == [handover.id, older.id]
        mine = rh.handovers_for(cache, handover.to_person_id)
        assert [h.date for h in mine] == sorted((h.date for h in mine), reverse=True)
        assert handover.id in {h.id for h in mine}
        assert all(h.to_person_id == handover.to_person_id for h in mine)
        # A cancelled one never stands for the position's last handover.
        digest = rh.handover_digest(cache, handover.position_id)
        assert digest is not None and digest.handover == handover


class TestManageablePositions:
    def test_a_team_lead_manages_her_team_but_not_herself(
        self, cache: Cache, synced: Synced
    ) -> None:
        mine = get_position_of(cache, synced.me)
        assert mine is not None
        managed = rh.manageable_positions(cache, synced.me)
        team = [p for p in managed if p.org_unit_id == mine.org_unit_id]
        assert team and mine.id not in {p.id for p in managed}
        held_by_team = {p.holder_id for p in team if p.holder_id}
        assert {p.id for p in list_people(cache, org_unit_id=mine.org_unit_id)} == (
            held_by_team | {synced.me})

    def test_a_team_member_manages_nothing(self, cache: Cache, synced: Synced) -> None:
        assert rh.manageable_positions(cache, _new_hire(cache, synced.me)) == []

    def test_a_company_lead_finds_positions_by_holder_unit_and_title(
        self, cache: Cache, synced: Synced
    ) -> None:
        boss = _company_lead(cache)
        jana = get_position_of(cache, synced.me)
        person = get_person(cache, synced.me)
        unit = get_org_unit(cache, jana.org_unit_id) if jana else None
        assert jana is not None and person is not None and unit is not None
        assert "ö" in person.family_name  # the demo lead is a Schröder
        for typed in (person.family_name, "schroder", "SCHROEDER " + person.given_name[:2]):
            found = find_manageable_positions(cache, boss, typed)
            assert jana.id in {p.id for p in found}, typed
            assert all(p.holder_id != boss for p in found)
        by_unit = find_manageable_positions(cache, boss, unit.name, limit=500)
        in_unit = {p.id for p in rh.manageable_positions(cache, boss)
                   if p.org_unit_id == unit.id}
        assert in_unit <= {p.id for p in by_unit}
        by_title = find_manageable_positions(cache, boss, jana.title)
        assert all(set(jana.title.lower().split()) <= set(p.title.lower().split())
                   or p.org_unit_id != jana.org_unit_id for p in by_title)
        assert len(find_manageable_positions(cache, boss, "", limit=7)) == 7
        # A team member finds nothing to hand over, however much matches.
        assert find_manageable_positions(cache, _new_hire(cache, synced.me), "") == []
        assert find_manageable_positions(cache, _new_hire(cache, synced.me), "a") == []

    def test_a_team_lead_finds_her_people_by_any_spelling(
        self, cache: Cache, synced: Synced
    ) -> None:
        team = [p for p in manageable_positions(cache, synced.me) if p.holder_id]
        people = get_people(cache, [p.holder_id for p in team if p.holder_id])
        position = team[0]
        holder = people[position.holder_id or ""]
        spelled = holder.family_name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        for typed in (holder.family_name.upper(), spelled, f"{holder.given_name[:3]} "
                      f"{holder.family_name[:2]}", position.title.split()[0][:4]):
            found = find_manageable_positions(cache, synced.me, typed)
            assert position.id in {p.id for p in found}, typed
            assert {p.id for p in found} <= {
                p.id for p in manageable_positions(cache, synced.me)}
        assert find_manageable_positions(cache, synced.me, "zzzz") == []
        assert find_manageable_positions(cache, synced.me, holder.family_name, 0) == []

    def test_without_text_the_own_unit_comes_first(self, cache: Cache, synced: Synced) -> None:
        jana = get_position_of(cache, synced.me)
        assert jana is not None
        department = unit_path(cache, jana.org_unit_id)[-2]  # the unit above her team
        seat = lead_seat(cache, department.id)
        assert seat is not None and seat.holder is not None
        boss = seat.holder.id
        own = own_unit_positions(cache, boss)
        managed = rh.manageable_positions(cache, boss)
        boss_units = {p.org_unit_id for p in positions_of(cache, boss)}
        assert {p.id for p in own} == {p.id for p in managed if p.org_unit_id in boss_units}
        assert len(managed) > len(own) + 3
        listed = find_manageable_positions(cache, boss, "", limit=len(own) + 3)
        assert listed[:len(own)] == own
        assert all(p.org_unit_id not in boss_units for p in listed[len(own):])
        assert jana.id in {p.id for p in managed} - {p.id for p in own}

    def test_scheduled_handovers_of_led_positions_in_one_list(
        self, cache: Cache, synced: Synced
    ) -> None:
        boss = _company_lead(cache)
        hire = _new_hire(cache, synced.me)
        team = [p for p in rh.manageable_positions(cache, synced.me) if p.holder_id]
        elsewhere = next(p for p in rh.manageable_positions(cache, boss)
                         if p.holder_id and p.id not in {t.id for t in team}
                         and p.holder_id != synced.me)
        later = f.handover(team[0].id, synced.me, date=TODAY + dt.timedelta(days=40))
        sooner = f.handover(elsewhere.id, hire, date=TODAY + dt.timedelta(days=9))
        dropped = f.handover(team[1].id, hire, date=TODAY + dt.timedelta(days=3),
                             state="cancelled")
        apply_page(cache, f.puts(later, sooner, dropped), "local")
        assert scheduled_handovers_led_by(cache, boss) == [sooner, later]
        assert scheduled_handovers_led_by(cache, synced.me) == [later]
        assert scheduled_handovers_led_by(cache, hire) == []


    def test_the_lead_overview_agrees_with_the_single_queries(
        self, cache: Cache, synced: Synced
    ) -> None:
        boss = _company_lead(cache)
        hire = _new_hire(cache, synced.me)
        team = [p for p in rh.manageable_positions(cache, synced.me) if p.holder_id]
        vacated = f.bump(team[0], holder_id=None)
        orphan = f.responsibility("Angebotsfreigabe Großkunden", team[0].id)
        soon = f.handover(team[1].id, hire, date=TODAY + dt.timedelta(days=9))
        apply_page(cache, f.puts(vacated, orphan, soon), "local")
        jana = get_position_of(cache, synced.me)
        assert jana is not None
        department = unit_path(cache, jana.org_unit_id)[-2]
        department_lead = lead_seat(cache, department.id)
        assert department_lead is not None and department_lead.holder is not None
        for person in (boss, synced.me, department_lead.holder.id, hire):
            overview = lead_overview(cache, person, TODAY)
            own = own_unit_positions(cache, person)
            assert overview.own_unit_positions == own
            assert overview.more_count == rh.count_manageable_positions(cache, person) - len(own)
            assert overview.scheduled == scheduled_handovers_led_by(cache, person)
            assert overview.unowned == unowned_responsibilities(cache, person, TODAY)
        overview = lead_overview(cache, synced.me, TODAY)
        assert soon in overview.scheduled
        assert orphan.id in {u.responsibility.id for u in overview.unowned}
        assert lead_overview(cache, hire, TODAY) == LeadOverview([], 0, [], [])

    def test_a_unit_led_twice_over_counts_once(self, cache: Cache, synced: Synced) -> None:
        """A department lead who also stands in as lead of a team below it."""
        jana = get_position_of(cache, synced.me)
        assert jana is not None
        department = unit_path(cache, jana.org_unit_id)[-2]
        seat = lead_seat(cache, department.id)
        assert seat is not None and seat.holder is not None
        boss = seat.holder.id
        before = rh.manageable_positions(cache, boss)
        apply_page(cache, f.puts(f.bump(jana, holder_id=boss)), "local")
        managed = rh.manageable_positions(cache, boss)
        assert len(managed) == len({p.id for p in managed}) == len(before) - 1
        assert rh.count_manageable_positions(cache, boss) == len(managed)
        overview = lead_overview(cache, boss, TODAY)
        assert overview.more_count + len(overview.own_unit_positions) == len(managed)


class TestStartHere:
    def test_the_new_hire_sees_team_people_and_howtos(self, cache: Cache, synced: Synced) -> None:
        hire = _new_hire(cache, synced.me)
        start = rs.start_here(cache, hire, TODAY)
        assert rs.is_new(cache, hire, TODAY, days=14)
        assert not rs.is_new(cache, synced.me, TODAY)
        assert start.person.id == hire and start.positions
        assert start.lead is not None and start.lead.id == synced.me
        assert synced.me in {p.id for p in start.team} and hire not in {p.id for p in start.team}
        meet = [m.person.id for m in start.to_meet]
        assert 0 < len(meet) <= rs.MAX_TO_MEET and len(set(meet)) == len(meet)
        assert hire not in meet
        assert start.to_meet[0].reason == "lead" and start.to_meet[0].person.id == synced.me
        assert {m.reason for m in start.to_meet} <= {"lead", "job_contact", "team"}
        assert all(m.detail for m in start.to_meet)
        assert start.howtos and all(h.post_kind == "howto" for h in start.howtos)
        assert [d.position.id for d in start.digests] == [p.id for p in start.positions]
        assert start.digests[0].handover is not None
        assert start.digests[0].handover.to_person_id == hire

    def test_a_successor_meets_the_contacts_of_the_job(self, cache: Cache) -> None:
        handover = next(h for h in _done_handovers(cache)
                        if any(c.holder for c in rh.job_contacts(cache, h.position_id)))
        start = rs.start_here(cache, handover.to_person_id, TODAY)
        contacts = [m for m in start.to_meet if m.reason == "job_contact"]
        assert contacts
        notes = {c.note for d in start.digests for c in d.contacts}
        assert all(m.detail in notes for m in contacts)
        owned = responsibilities_of(cache, handover.to_person_id)
        assert {r.id for r in start.responsibilities} == {r.id for r in owned}

    def test_checklist_of_the_unit_and_above_with_own_ticks(
        self, cache: Cache, synced: Synced
    ) -> None:
        hire = _new_hire(cache, synced.me)
        before = rs.start_here(cache, hire, TODAY)
        unit = before.unit
        assert unit is not None and unit.parent_id is not None
        team_item = _item(unit.id, "Teamrunde kennenlernen", 1)
        dept_item = _item(unit.parent_id, "Arbeitsschutz-Unterweisung", 5)
        elsewhere = _item(f.new_id(), "Gilt woanders", 0)
        tick = ChecklistCheck(id=f.new_id(), origin="t", version=1, updated_at=f.T0,
                              item_id=team_item.id, person_id=hire, done_at=f.T0)
        apply_page(cache, f.puts(team_item, dept_item, elsewhere, tick), "local")
        after = rs.start_here(cache, hire, TODAY)
        ids = [e.item.id for e in after.checklist]
        assert set(ids) == {e.item.id for e in before.checklist} | {team_item.id, dept_item.id}
        depth = {u.id: n for n, u in enumerate(unit_path(cache, unit.id))}
        depths = [depth[e.item.org_unit_id] for e in after.checklist]
        assert depths == sorted(depths)  # the company's items first, the team's last
        done = {e.item.id: e.done for e in after.checklist}
        assert done[team_item.id] and not done[dept_item.id]
        assert after.progress == (before.progress[0] + 1, before.progress[1] + 2)
        lead = rs.start_here(cache, synced.me, TODAY)
        assert not {e.item.id: e.done for e in lead.checklist}[team_item.id]  # ticks are own


def _item(unit_id: str, title: str, rank: int) -> ChecklistItem:
    return ChecklistItem(id=f.new_id(), origin="t", version=1, updated_at=f.T0,
                         org_unit_id=unit_id, title=title, rank=rank)


class TestContactUpdates:
    def test_the_counterpart_hears_of_the_successor(self, cache: Cache) -> None:
        for handover in _done_handovers(cache):
            held = [c for c in rh.job_contacts(cache, handover.position_id)
                    if c.holder and c.holder.id != handover.to_person_id]
            if held:
                break
        else:
            raise AssertionError("the demo has no finished handover with a held counterpart")
        counterpart = held[0]
        assert counterpart.holder is not None
        days = (TODAY - handover.date).days + 1
        updates = rh.contact_updates(cache, counterpart.holder.id, TODAY, days=days)
        update = next(u for u in updates if u.handover.id == handover.id)
        assert update.position.id == handover.position_id
        assert update.successor is not None and update.successor.id == handover.to_person_id
        if handover.from_person_id:
            assert update.predecessor is not None
            assert update.predecessor.id == handover.from_person_id
        assert update.my_position.id == counterpart.position.id
        # My note on the contact if the link is mine; the other side's note is not mine.
        mine = counterpart.connection.from_id == counterpart.position.id
        assert update.note == (counterpart.connection.note if mine else "")
        older = rh.contact_updates(cache, counterpart.holder.id, TODAY,
                                   days=(TODAY - handover.date).days - 1)
        assert handover.id not in {u.handover.id for u in older}
        # The successor is not told about their own new job.
        assert handover.id not in {u.handover.id for u in
                                   rh.contact_updates(cache, handover.to_person_id, TODAY, 999)}


class TestContactNotices:
    def test_a_changed_counterpart_is_told_once(self, cache: Cache, synced: Synced) -> None:
        updates = rh.contact_updates(cache, synced.me, TODAY)
        assert updates, "the demo gives jana a counterpart whose seat changed hands"
        notices = contact_notices(cache, synced.me, 0, today=TODAY)
        assert {n.handover_id for n in notices} == {u.handover.id for u in updates}
        update = next(u for u in updates if u.handover.id == notices[0].handover_id)
        assert update.successor is not None
        assert notices[0].text.startswith(
            f"{update.successor.display_name} is now your contact for {update.position.title}")
        if update.predecessor is not None:
            assert notices[0].text.endswith(f"(successor of {update.predecessor.display_name})")
        assert contact_notices(cache, synced.me, max(n.at for n in notices), today=TODAY) == []


class TestUnownedResponsibilities:
    def test_a_vacant_position_without_deputy_is_flagged_for_its_lead(
        self, cache: Cache, synced: Synced
    ) -> None:
        before = {u.responsibility.id for u in
                  unowned_responsibilities(cache, synced.me, TODAY)}
        position = next(p for p in rh.manageable_positions(cache, synced.me)
                        if p.holder_id is not None)
        vacated = f.bump(position, holder_id=None)
        orphan = f.responsibility("Angebotsfreigabe Großkunden", position.id)
        covered_by = get_position_of(cache, synced.me)
        assert covered_by is not None
        covered = f.responsibility("Rabattfreigabe", position.id,
                                   deputy_position_id=covered_by.id)
        expired = f.responsibility("Altvertrag", position.id,
                                   valid_to=TODAY - dt.timedelta(days=1))
        held = f.responsibility("Preisliste", covered_by.id)
        apply_page(cache, f.puts(vacated, orphan, covered, expired, held), "local")
        flagged = unowned_responsibilities(cache, synced.me, TODAY)
        assert {u.responsibility.id for u in flagged} == before | {orphan.id}
        mine = next(u for u in flagged if u.responsibility.id == orphan.id)
        assert mine.position.id == position.id and mine.position.holder_id is None
        assert mine.unit is not None and mine.unit.id == position.org_unit_id
        assert all(u.position.holder_id is None for u in flagged)
        assert unowned_responsibilities(cache, _new_hire(cache, synced.me), TODAY) == []


class TestOrgWrites:
    """Writes are checked against the cache before they are queued; nothing bad waits."""

    def test_handover_mistakes_are_told_at_once(self, cache: Cache, synced: Synced) -> None:
        hire = _new_hire(cache, synced.me)
        hire_position = get_position_of(cache, hire)
        assert hire_position is not None
        day = TODAY + dt.timedelta(days=30)
        with pytest.raises(WriteError, match="already held"):
            writes.queue_handover(cache, hire_position.id, hire, day, "")
        with pytest.raises(WriteError, match="not known"):
            writes.queue_handover(cache, f.new_id(), synced.me, day, "")
        with pytest.raises(WriteError, match="record id"):
            writes.queue_handover(cache, hire_position.id, "jana", day, "")
        waiting = msgspec.structs.replace(
            _done_handovers(cache)[0], id=f.new_id(), date=day, state="scheduled")
        apply_page(cache, f.puts(waiting), "local")
        scheduled = (waiting.position_id, waiting.id)
        with pytest.raises(WriteError, match="already scheduled"):
            writes.queue_handover(cache, scheduled[0], synced.me, day, "")
        done = _done_handovers(cache)[0]
        with pytest.raises(WriteError, match="done"):
            writes.queue_handover_cancel(cache, done.id)
        assert outbox.all_items(cache) == []
        item = writes.queue_handover(cache, hire_position.id, synced.me, day, "  Übergabe  ")
        assert (item.method, item.path) == ("PUT", f"/api/v1/handovers/{item.id}")
        body = msgspec.json.decode(item.body, type=HandoverWrite)
        assert (body.position_id, body.to_person_id, body.date, body.note) == (
            hire_position.id, synced.me, day, "Übergabe")
        cancel = writes.queue_handover_cancel(cache, scheduled[1])
        assert (cancel.method, cancel.path) == ("DELETE", f"/api/v1/handovers/{scheduled[1]}")

    def test_bad_bodies_are_refused_before_queuing(self, cache: Cache, synced: Synced) -> None:
        mine = get_position_of(cache, synced.me)
        assert mine is not None
        later, earlier = TODAY, TODAY - dt.timedelta(days=1)
        with pytest.raises(WriteError, match="ends"):
            writes.queue_responsibility(cache, ResponsibilityWrite(
                title="Messe", owner_position_id=mine.id, valid_from=later, valid_to=earlier))
        with pytest.raises(WriteError, match="title"):
            writes.queue_responsibility(cache, ResponsibilityWrite(
                title="   ", owner_position_id=mine.id))
        with pytest.raises(WriteError, match="ends"):
            writes.queue_absence(cache, mine.id, later, earlier)
        with pytest.raises(WriteError, match="different positions"):
            writes.queue_job_connection(cache, mine.id, mine.id, "")
        with pytest.raises(WriteError, match="cannot be sent"):
            writes.queue_job_connection(cache, mine.id, f.new_id(), "x" * 5000)
        assert outbox.all_items(cache) == []

    def test_create_and_edit_of_a_duty(self, cache: Cache, synced: Synced) -> None:
        mine = get_position_of(cache, synced.me)
        assert mine is not None
        write = ResponsibilityWrite(title="Messeplanung", owner_position_id=mine.id)
        created = writes.queue_responsibility(cache, write)
        assert created.path == f"/api/v1/responsibilities/{created.id}"
        assert created.if_match is None
        edited = writes.queue_responsibility(cache, write, record_id=created.id, version=1)
        assert edited.id != created.id and edited.if_match == 1
        assert edited.path == created.path
        check = writes.queue_check(cache, f.new_id())
        assert check.path == f"/api/v1/checklist-checks/{check.id}"
        assert [i.kind for i in outbox.pending(cache)] == [
            "responsibility", "responsibility_edit", "check"]
