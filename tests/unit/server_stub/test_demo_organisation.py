"""The demo company's organisation content: what the org, handover and "start here"
screens show on first sign-in must really be there, for any seed and size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from server_stub.demo.generator import DEMO_USER, DemoCompany, generate_company
from server_stub.demo.load import load_company
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine, migrate, sqlite_url
from sync import protocol as p

NOW = 1_790_000_000_000  # 2026-09-21
TODAY = dt.date(2026, 9, 21)


@dataclass(frozen=True)
class Jana:
    """The demo user's seat and team, looked up the way a client would."""

    company: DemoCompany
    person: p.Person
    position: p.Position
    team: list[p.Position]

    def job_contacts(self, position_id: str) -> list[tuple[p.Connection, str]]:
        """(connection, the other end) for every job link touching position_id."""
        out = []
        for c in self.company.connections:
            if c.connection_kind == "job" and position_id in (c.from_id, c.to_id):
                out.append((c, c.to_id if c.from_id == position_id else c.from_id))
        return out


def _jana(company: DemoCompany) -> Jana:
    person_id = next(pid for pid, u in company.usernames.items() if u == DEMO_USER)
    person = next(x for x in company.people if x.id == person_id)
    position = next(x for x in company.positions if x.holder_id == person_id)
    team = [x for x in company.positions if x.org_unit_id == position.org_unit_id]
    return Jana(company, person, position, team)


@pytest.fixture(scope="module", params=[(1, 300), (2, 50), (3, 1200), (9, 150)],
                ids=lambda v: f"seed{v[0]}-{v[1]}people")
def jana(request: pytest.FixtureRequest) -> Jana:
    seed, people = request.param
    return _jana(generate_company(people, seed=seed, server_name="muc.kontor.local",
                                  now_ms=NOW))


def _new_hire(jana: Jana) -> tuple[p.Position, p.Handover]:
    ids = {x.id: x for x in jana.team}
    hire = next(h for h in jana.company.handovers if h.position_id in ids
                and h.from_person_id is None and h.state == "done")
    return ids[hire.position_id], hire


class TestHistory:
    def test_nobody_holds_two_positions_on_the_same_day(self, jana: Jana) -> None:
        spells: dict[str, list[tuple[dt.date, dt.date]]] = {}
        for pos in jana.company.positions:
            for s in pos.history:
                spells.setdefault(s.person_id, []).append((s.start, s.end or dt.date.max))
        for ranges in spells.values():
            ranges.sort()
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in
                       zip(ranges, ranges[1:], strict=False))

    def test_done_handovers_are_written_into_the_history(self, jana: Jana) -> None:
        positions = {x.id: x for x in jana.company.positions}
        for h in jana.company.handovers:
            if h.state != "done":
                continue
            history = positions[h.position_id].history
            assert p.HolderSpell(h.to_person_id, h.date) == history[-1]
            if h.from_person_id:
                assert any(s.person_id == h.from_person_id and s.end == h.date
                           for s in history)


class TestChecklists:
    def test_every_team_has_its_own_onboarding_list(self, jana: Jana) -> None:
        company = jana.company
        kinds = {u.id: u.unit_kind for u in company.org_units}
        lists: dict[str, list[p.ChecklistItem]] = {}
        for item in company.checklist_items:
            lists.setdefault(item.org_unit_id, []).append(item)
        assert set(lists) == {uid for uid, kind in kinds.items() if kind == "team"}
        for items in lists.values():
            assert 5 <= len(items) <= 8
            assert len({i.rank for i in items}) == len({i.title for i in items}) == len(items)
            first = min(items, key=lambda i: i.rank)
            assert first.title == "Zugang zu SAP beantragen" and first.description
        mine = [i.title for i in lists[jana.position.org_unit_id]]
        assert "Sicherheitsunterweisung" in mine

    def test_new_hires_have_ticked_their_first_steps_only(self, jana: Jana) -> None:
        company = jana.company
        items = {i.id: i for i in company.checklist_items}
        unit_of = {x.holder_id: x.org_unit_id for x in company.positions if x.holder_id}
        hires = {h.to_person_id: h.date for h in company.handovers
                 if h.state == "done" and h.from_person_id is None}
        checks: dict[str, list[p.ChecklistCheck]] = {}
        for check in company.checklist_checks:
            checks.setdefault(check.person_id, []).append(check)
        assert set(checks) == set(hires)
        for person_id, ticked in checks.items():
            unit = unit_of[person_id]
            listed = sorted((i for i in company.checklist_items if i.org_unit_id == unit),
                            key=lambda i: i.rank)
            done = [items[c.item_id] for c in ticked]
            assert 2 <= len(done) <= len(listed) - 2
            assert done == listed[: len(done)]  # from the top, nothing skipped
            start = dt.datetime.combine(hires[person_id], dt.time(), dt.UTC).timestamp() * 1000
            assert all(start < c.done_at < NOW for c in ticked)
        _position, hire = _new_hire(jana)
        assert hire.to_person_id in checks

    def test_a_check_reaches_only_its_person(self, tmp_path: Path) -> None:
        company = generate_company(60, seed=4, server_name="muc.kontor.local", now_ms=NOW)
        engine = make_sync_engine(sqlite_url(tmp_path))
        migrate(engine)
        with engine.begin() as conn:
            load_company(conn, company, "not-a-real-hash", NOW)
        check, item = company.checklist_checks[0], company.checklist_items[0]
        with engine.connect() as conn:
            def scope(record_id: str) -> tuple[str, str | None]:
                row = conn.execute(sa.select(t.change.c.scope, t.change.c.scope_id)
                                   .where(t.change.c.record_id == record_id)).one()
                return row.scope, row.scope_id

            assert scope(check.id) == ("person", check.person_id)
            assert scope(item.id)[0] != "person"
        engine.dispose()


class TestDemoUser:
    def test_a_job_contact_of_hers_changed_hands_this_month(self, jana: Jana) -> None:
        contacts = {other for _c, other in jana.job_contacts(jana.position.id)}
        positions = {x.id: x for x in jana.company.positions}
        updates = [h for h in jana.company.handovers
                   if h.state == "done" and h.from_person_id and h.position_id in contacts
                   and dt.timedelta(0) < TODAY - h.date <= dt.timedelta(days=30)]
        assert updates
        for h in updates:
            assert positions[h.position_id].holder_id == h.to_person_id
            assert h.from_person_id in {x.holder_id for x in jana.company.positions}

    def test_her_seat_has_several_job_contacts_with_notes(self, jana: Jana) -> None:
        contacts = jana.job_contacts(jana.position.id)
        assert len({other for _c, other in contacts}) >= 3
        assert all(c.note for c, _other in contacts)

    def test_a_team_duty_has_its_howto_pinned_in_the_team_room(self, jana: Jana) -> None:
        company, team = jana.company, {x.id for x in jana.team}
        posts = {x.id: x for x in company.posts}
        room = next(s for s in company.spaces if s.space_kind == "team"
                    and s.org_unit_id == jana.position.org_unit_id)
        linked = [posts[r.howto_post_id] for r in company.responsibilities
                  if r.owner_position_id in team and r.howto_post_id]
        assert any(x.pinned and x.post_kind == "howto" and x.space_id == room.id
                   for x in linked)

    def test_a_duty_in_her_team_needs_an_owner(self, jana: Jana) -> None:
        vacant = {x.id for x in jana.team if x.holder_id is None}
        unowned = [r for r in jana.company.responsibilities
                   if r.owner_position_id in vacant and r.deputy_position_id is None]
        assert [r.title for r in unowned] == ["Messeplanung Vertrieb"]

    def test_her_new_hire_starts_with_people_and_a_duty(self, jana: Jana) -> None:
        position, hire = _new_hire(jana)
        assert position.holder_id == hire.to_person_id
        assert [s.person_id for s in position.history] == [hire.to_person_id]
        assert dt.timedelta(days=1) <= TODAY - hire.date <= dt.timedelta(days=13)
        assert len(jana.job_contacts(position.id)) >= 2
        duties = {r.id for r in jana.company.responsibilities
                  if r.owner_position_id == position.id and r.howto_post_id}
        assert duties and duties <= set(hire.transferred)
