"""Handovers against the real server: who may, what passes, all or nothing, one page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub import appkeys as k
from server_stub.app import apply_due_handovers, create_app
from server_stub.services import handover as handover_service
from server_stub.storage import records
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.records import EVERYONE
from sync import protocol as p
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.federation_support import move_home
from tests.integration.world import Org, World, build_org, build_world

BACKENDS = BOTH_BACKENDS

TODAY = dt.date.today()


def new_id() -> str:
    return str(uuid6.uuid7())


def query(world: World, statement: Any) -> list[Any]:
    engine = make_sync_engine(world.config.db_url)
    with engine.connect() as conn:
        rows = list(conn.execute(statement))
    engine.dispose()
    return rows


def stored(world: World, kind: str, record_id: str) -> Any:
    engine = make_sync_engine(world.config.db_url)
    with engine.connect() as conn:
        record = records.get_record(conn, kind, record_id)
    engine.dispose()
    return record


def memberships(world: World, space_id: str) -> dict[str, str]:
    table = t.membership
    rows = query(world, sa.select(table.c.person_id, table.c.role)
                 .where(table.c.space_id == space_id))
    return {r.person_id: r.role for r in rows}


def audit_actions(world: World) -> list[tuple[str, str, str]]:
    rows = query(world, sa.select(t.audit_event.c.actor, t.audit_event.c.action,
                                  t.audit_event.c.target_id)
                 .where(t.audit_event.c.action.like("handover.%"))
                 .order_by(t.audit_event.c.id))
    return [tuple(r) for r in rows]


async def signed_in(make_api, name: str) -> Api:
    client: Api = make_api()
    await client.login(name)
    return client


def handover_body(org: Org, to: str, day: dt.date = TODAY, note: str = "") -> dict[str, Any]:
    return {"position_id": org.team_lead, "to_person_id": to, "date": day.isoformat(),
            "note": note}


def by_kind(changes: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in changes if c["kind"] == kind}


def write(world: World, kind: str, record: Any) -> None:
    """Put one record straight into the server's database (the org's shape for a test)."""
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        records.put_record(conn, kind, record, EVERYONE)
    engine.dispose()


def base(record_id: str) -> dict[str, Any]:
    return {"id": record_id, "origin": "test.local", "version": 1, "updated_at": p.now_ms()}


def seat(world: World, title: str, unit: str, holder: str) -> str:
    """A held position without reports_to (its holder reports to the unit's lead)."""
    position_id = new_id()
    write(world, "position", p.Position(
        **base(position_id), title=title, org_unit_id=unit, holder_id=holder,
        history=[p.HolderSpell(person_id=holder, start=dt.date(2021, 3, 1))]))
    return position_id


def person(world: World, given: str, manager_id: str) -> str:
    person_id = new_id()
    write(world, "person", p.Person(**base(person_id), given_name=given, family_name="Test",
                                    manager_id=manager_id))
    return person_id


def unit(world: World, name: str, parent: str, lead: str | None) -> str:
    unit_id = new_id()
    write(world, "org_unit", p.OrgUnit(**base(unit_id), name=name, unit_kind="team",
                                       parent_id=parent, lead_position_id=lead))
    return unit_id


class TestWhoMayHandOver:
    async def test_the_holder_and_a_colleague_cannot_but_a_lead_above_can(
        self, org: Org, world: World, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        frida = await signed_in(make_api, "frida")
        dirk = await signed_in(make_api, "dirk")
        body = handover_body(org, org.emil)
        status, answer = await carol.call("PUT", f"/api/v1/handovers/{new_id()}", json=body)
        assert status == 403 and answer["error"] == "not_allowed"
        status, answer = await frida.call("PUT", f"/api/v1/handovers/{new_id()}", json=body)
        assert status == 403 and answer["error"] == "not_allowed"
        assert stored(world, "position", org.team_lead).holder_id == world.carol
        # Dirk leads the company, two units above the team.
        status, answer = await dirk.call("PUT", f"/api/v1/handovers/{new_id()}", json=body)
        assert status == 200 and answer["state"] == "done"
        assert stored(world, "position", org.team_lead).holder_id == org.emil

    async def test_refusals_name_what_is_wrong(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        url = f"/api/v1/handovers/{new_id()}"
        status, answer = await bob.call("PUT", url, json=handover_body(org, world.carol))
        assert (status, answer["error"]) == (400, "same_holder")
        status, answer = await bob.call("PUT", url, json=handover_body(org, new_id()))
        assert (status, answer["error"]) == (404, "person_not_found")
        status, answer = await bob.call("PUT", url, json={
            **handover_body(org, org.emil), "position_id": new_id()})
        assert (status, answer["error"]) == (404, "position_not_found")
        engine = make_sync_engine(world.config.db_url)
        with engine.begin() as conn:  # Frida has left the company
            conn.execute(sa.update(t.person).where(t.person.c.id == org.frida)
                         .values(status="left"))
        engine.dispose()
        status, answer = await bob.call("PUT", url, json=handover_body(org, org.frida))
        assert (status, answer["error"]) == (400, "inactive_person")
        assert audit_actions(world) == []


class TestWhoLearnsOfAHandover:
    async def test_someone_who_may_not_hand_over_learns_nothing_of_an_existing_one(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        frida = await signed_in(make_api, "frida")
        url, body = f"/api/v1/handovers/{new_id()}", handover_body(
            org, org.emil, TODAY + dt.timedelta(days=10), note="Übergabe im Juni")
        assert (await bob.call("PUT", url, json=body))[0] == 200
        for attempt in (body, {**body, "note": "anders"}):
            status, answer = await frida.call("PUT", url, json=attempt)
            assert (status, answer["error"]) == (403, "not_allowed")
            assert "current" not in answer and "Juni" not in repr(answer)
        # Bob's replay still gets the same answer.
        status, answer = await bob.call("PUT", url, json=body)
        assert status == 200 and answer["state"] == "scheduled"

    async def test_a_position_of_another_site_is_handed_over_there(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        move_home(world.config, "position", org.team_lead)
        for day in (TODAY, TODAY + dt.timedelta(days=10)):
            status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}",
                                            json=handover_body(org, org.emil, day))
            assert (status, answer["error"]) == (409, "foreign_record")
        assert stored(world, "position", org.team_lead).holder_id == world.carol
        assert query(world, sa.select(t.handover)) == []
        assert audit_actions(world) == []


class TestDates:
    async def test_a_date_far_back_or_far_ahead_is_refused(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        for day in (dt.date(1900, 1, 1), TODAY - dt.timedelta(days=367),
                    TODAY + dt.timedelta(days=5 * 366 + 1)):
            status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}",
                                            json=handover_body(org, org.emil, day))
            assert (status, answer["error"]) == (400, "invalid_dates"), day
        position = stored(world, "position", org.team_lead)
        assert position.holder_id == world.carol and len(position.history) == 1
        assert audit_actions(world) == []
        status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}", json=(
            handover_body(org, org.emil, TODAY + dt.timedelta(days=4 * 365))))
        assert status == 200 and answer["state"] == "scheduled"

    async def test_a_date_before_the_holder_took_the_seat_is_refused(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        await bob.call("PUT", f"/api/v1/handovers/{new_id()}", json=handover_body(org, org.emil))
        status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}", json=(
            handover_body(org, org.gina, TODAY - dt.timedelta(days=1))))
        assert (status, answer["error"]) == (400, "invalid_dates")
        position = stored(world, "position", org.team_lead)
        assert position.holder_id == org.emil
        assert [(s.person_id, s.start, s.end) for s in position.history] == [
            (world.carol, dt.date(2020, 1, 1), TODAY), (org.emil, TODAY, None)]


class TestApplyingAtOnce:
    async def test_the_successor_takes_the_seat_its_spaces_and_its_reports(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        emil = await signed_in(make_api, "emil")
        carol = await signed_in(make_api, "carol")
        _, carol_cursor = await carol.whole_feed()
        _, emil_cursor = await emil.whole_feed()
        assert org.lead_post not in {c["id"] for c in (await emil.whole_feed())[0]}
        handover_id = new_id()
        status, done = await bob.call("PUT", f"/api/v1/handovers/{handover_id}",
                                      json=handover_body(org, org.emil, note="Viel Erfolg"))
        assert status == 200, done
        assert done["state"] == "done" and done["from_person_id"] == world.carol
        assert set(done["transferred"]) == {*org.duties, org.contact, org.lead_space,
                                            org.team_space}

        position = stored(world, "position", org.team_lead)
        assert position.holder_id == org.emil
        assert [(s.person_id, s.start, s.end) for s in position.history] == [
            (world.carol, dt.date(2020, 1, 1), TODAY), (org.emil, TODAY, None)]
        assert stored(world, "person", org.gina).manager_id == org.emil
        assert stored(world, "person", org.emil).manager_id == world.bob
        # Responsibilities and the job contact stay with the position.
        assert stored(world, "responsibility", org.duties[0]).owner_position_id == org.team_lead
        assert stored(world, "connection", org.contact).from_id == org.team_lead
        assert memberships(world, org.lead_space) == {org.emil: "moderator"}
        assert memberships(world, org.team_space) == {org.emil: "moderator"}

        # Carol's clients purge the members-only space; Emil's receive what it holds.
        changes, _ = await carol.whole_feed_since(carol_cursor)
        assert {(c["kind"], c["op"], (c["body"] or {}).get("space_id")) for c in changes
                if c["kind"] == "space_access"} == {("space_access", "delete", org.lead_space)}
        changes, _ = await emil.whole_feed_since(emil_cursor)
        assert org.lead_post in by_kind(changes, "post")
        assert by_kind(changes, "handover")[handover_id]["body"]["state"] == "done"
        assert audit_actions(world) == [("bob", "handover.put", handover_id),
                                        ("bob", "handover.apply", handover_id)]

    async def test_a_new_unit_lead_becomes_the_manager_of_those_without_a_reports_to(
        self, org: Org, world: World, make_api
    ) -> None:
        # In Team Nord without reports_to: Alice; a project below it whose lead seat is
        # vacant, with Hanna; a warehouse below it led by Ida, with Jonas.
        seat(world, "Werkstudentin", org.team, world.alice)
        write(world, "person", msgspec.structs.replace(
            stored(world, "person", world.alice), manager_id=world.carol, version=2))
        hanna = person(world, "Hanna", world.carol)
        ida = person(world, "Ida", world.carol)
        vacant = new_id()
        project = unit(world, "Projekt Nord", org.team, lead=vacant)
        write(world, "position", p.Position(
            **base(vacant), title="Projektleitung", org_unit_id=project))
        seat(world, "Projektassistenz", project, hanna)
        lead_seat = new_id()
        warehouse = unit(world, "Lager Nord", org.team, lead=lead_seat)
        write(world, "position", p.Position(
            **base(lead_seat), title="Leitung Lager", org_unit_id=warehouse, holder_id=ida))
        jonas = person(world, "Jonas", ida)
        seat(world, "Lagerist", warehouse, jonas)

        bob = await signed_in(make_api, "bob")
        status, done = await bob.call("PUT", f"/api/v1/handovers/{new_id()}",
                                      json=handover_body(org, org.emil))
        assert status == 200 and done["state"] == "done"
        managers = {name: stored(world, "person", pid).manager_id for name, pid in (
            ("alice", world.alice), ("hanna", hanna), ("ida", ida), ("jonas", jonas),
            ("gina", org.gina))}
        assert managers == {"alice": org.emil, "hanna": org.emil, "ida": org.emil,
                            "jonas": ida, "gina": org.emil}
        grouped = {(r.kind, r.record_id) for r in query(
            world, sa.select(t.change.c.kind, t.change.c.record_id)
            .where(t.change.c.grp == done["id"]))}
        assert {("person", world.alice), ("person", hanna), ("person", ida)} <= grouped

    async def test_the_same_put_again_gets_the_same_answer_and_changes_nothing(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        url, body = f"/api/v1/handovers/{new_id()}", handover_body(org, org.emil)
        first = await bob.call("PUT", url, json=body)
        _, cursor = await bob.whole_feed()
        again = await bob.call("PUT", url, json=body)
        assert first == again and first[0] == 200
        assert (await bob.whole_feed_since(cursor))[0] == []
        status, answer = await bob.call("PUT", url, json={**body, "note": "anders"})
        assert status == 409 and answer["error"] == "handover_immutable"
        assert answer["current"] == first[1]
        assert len(audit_actions(world)) == 2

    async def test_rows_of_a_company_visible_position_are_exported(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        handover_id = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{handover_id}", json=handover_body(org, org.emil))
        rows = query(world, sa.select(t.change.c.kind, t.change.c.record_id, t.change.c.export)
                     .where(t.change.c.grp == handover_id))
        export = {(r.kind, r.record_id): r.export for r in rows}
        assert export[("handover", handover_id)] and export[("position", org.team_lead)]
        assert export[("person", org.gina)] and export[("person", org.emil)]
        lead_space_rows = [r for r in rows if r.kind == "membership"
                           and not r.export]
        assert lead_space_rows, "the members-only space's memberships stay here"
        assert not export[("space_access", records.space_access_id(org.lead_space,
                                                                    world.carol))]


class TestOnePage:
    async def test_a_client_paging_with_limit_1_gets_the_whole_handover_in_one_page(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        watchers = {name: await signed_in(make_api, name) for name in ("emil", "carol", "frida")}
        cursors = {name: (await c.whole_feed())[1] for name, c in watchers.items()}
        handover_id = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{handover_id}", json=handover_body(org, org.emil))
        grouped = {(r.kind, r.record_id) for r in query(
            world, sa.select(t.change.c.kind, t.change.c.record_id)
            .where(t.change.c.grp == handover_id))}
        assert {("handover", handover_id), ("position", org.team_lead),
                ("person", org.gina)} <= grouped
        for name, client in watchers.items():
            cursor, pages = cursors[name], []
            while True:
                page = await client.feed(cursor, limit=1)
                pages.append({(c["kind"], c["id"]) for c in page["changes"]})
                cursor = page["cursor"]
                if not page["more"]:
                    break
            holding = [keys for keys in pages if keys & grouped]
            assert len(holding) == 1, (name, holding)
            assert ("handover", handover_id) in holding[0]
            assert ("position", org.team_lead) in holding[0]
            assert ("person", org.gina) in holding[0]
        # Carol's page holds her loss of the members-only space with the rest.
        carol_marker = ("space_access", records.space_access_id(org.lead_space, world.carol))
        assert carol_marker in grouped


    async def test_the_group_holds_only_the_handovers_own_rows(
        self, org: Org, world: World, make_api,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A row some other writer puts in the feed while the handover is applied (here:
        in the same transaction, outside the handover's context) is not part of it."""
        bob = await signed_in(make_api, "bob")
        transfer = handover_service.transfer_membership

        def meanwhile(ctx: Any, *args: Any) -> None:
            dirk = records.get_one(ctx.conn, "person", p.Person, org.dirk)
            assert dirk is not None
            records.put_record(ctx.conn, "person", msgspec.structs.replace(
                dirk, about="Urlaub bis Montag", version=2), EVERYONE)
            transfer(ctx, *args)

        monkeypatch.setattr(handover_service, "transfer_membership", meanwhile)
        handover_id = new_id()
        status, _ = await bob.call("PUT", f"/api/v1/handovers/{handover_id}",
                                   json=handover_body(org, org.emil))
        assert status == 200
        rows = {(r.kind, r.record_id): r.grp for r in query(
            world, sa.select(t.change.c.kind, t.change.c.record_id, t.change.c.grp))}
        assert rows[("person", org.dirk)] is None
        assert rows[("handover", handover_id)] == handover_id
        assert rows[("position", org.team_lead)] == handover_id


class TestScheduled:
    async def test_scheduled_then_pending_then_cancelled(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        carol = await signed_in(make_api, "carol")
        later = TODAY + dt.timedelta(days=10)
        first = new_id()
        status, answer = await bob.call("PUT", f"/api/v1/handovers/{first}",
                                        json=handover_body(org, org.emil, later))
        assert status == 200 and answer["state"] == "scheduled"
        assert answer["from_person_id"] == world.carol
        assert stored(world, "position", org.team_lead).holder_id == world.carol
        status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}",
                                        json=handover_body(org, org.gina, later))
        assert status == 409 and answer["error"] == "handover_pending"
        assert answer["current"]["id"] == first
        status, answer = await carol.call("DELETE", f"/api/v1/handovers/{first}")
        assert status == 403 and answer["error"] == "not_allowed"
        assert (await bob.call("DELETE", f"/api/v1/handovers/{first}"))[0] == 204
        assert (await bob.call("DELETE", f"/api/v1/handovers/{first}"))[0] == 204
        changes, _ = await carol.whole_feed()
        assert by_kind(changes, "handover")[first]["body"]["state"] == "cancelled"
        status, answer = await bob.call("PUT", f"/api/v1/handovers/{new_id()}",
                                        json=handover_body(org, org.gina, later))
        assert status == 200 and answer["state"] == "scheduled"
        status, answer = await bob.call("DELETE", f"/api/v1/handovers/{new_id()}")
        assert status == 404 and answer["error"] == "not_found"
        assert [a for _, a, _ in audit_actions(world)] == [
            "handover.put", "handover.cancel", "handover.put"]

    async def test_a_done_handover_cannot_be_cancelled(
        self, org: Org, world: World, make_api
    ) -> None:
        bob = await signed_in(make_api, "bob")
        done = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{done}", json=handover_body(org, org.emil))
        status, answer = await bob.call("DELETE", f"/api/v1/handovers/{done}")
        assert status == 409 and answer["error"] == "handover_done"
        assert stored(world, "handover", done).state == "done"

    async def test_the_server_applies_it_when_its_day_comes(
        self, org: Org, world: World, server: TestServer,
        make_api,
    ) -> None:
        bob = await signed_in(make_api, "bob")
        emil = await signed_in(make_api, "emil")
        day = TODAY + dt.timedelta(days=5)
        handover_id = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{handover_id}",
                       json=handover_body(org, org.emil, day))
        _, cursor = await emil.whole_feed()
        assert await apply_due_handovers(server.app, day - dt.timedelta(days=1)) == 0
        assert stored(world, "position", org.team_lead).holder_id == world.carol
        async with server.app[k.WRITE_LOCK]:
            applied = await server.app[k.DATABASE].write(handover_service.apply_due,
                                                         world.config.server_name, day)
        assert [h.id for h in applied] == [handover_id]
        position = stored(world, "position", org.team_lead)
        assert position.holder_id == org.emil and position.history[-1].start == day
        changes, _ = await emil.whole_feed_since(cursor)
        assert by_kind(changes, "handover")[handover_id]["body"]["state"] == "done"
        assert org.lead_post in by_kind(changes, "post")
        assert audit_actions(world) == [("bob", "handover.put", handover_id),
                                        ("kontor-server", "handover.apply", handover_id)]

        # Applying again finds nothing due.
        async with server.app[k.WRITE_LOCK]:
            assert await server.app[k.DATABASE].write(handover_service.apply_due,
                                                      world.config.server_name, day) == []

    async def test_a_successor_who_left_meanwhile_cancels_it(
        self, org: Org, world: World, server: TestServer,
        make_api,
    ) -> None:
        bob = await signed_in(make_api, "bob")
        day = TODAY + dt.timedelta(days=3)
        handover_id = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{handover_id}",
                       json=handover_body(org, org.emil, day))
        engine = make_sync_engine(world.config.db_url)
        with engine.begin() as conn:
            conn.execute(sa.update(t.person).where(t.person.c.id == org.emil)
                         .values(status="left"))
        engine.dispose()
        assert await apply_due_handovers(server.app, day) == 1
        assert stored(world, "handover", handover_id).state == "cancelled"
        assert stored(world, "position", org.team_lead).holder_id == world.carol
        assert memberships(world, org.lead_space) == {world.carol: "moderator"}


    async def test_one_that_keeps_failing_is_logged_once_and_tried_less_often(
        self, org: Org, world: World, server: TestServer,
        make_api, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        bob = await signed_in(make_api, "bob")
        day = TODAY + dt.timedelta(days=3)
        handover_id = new_id()
        await bob.call("PUT", f"/api/v1/handovers/{handover_id}",
                       json=handover_body(org, org.emil, day))
        tries: list[str] = []

        def broken(ctx: Any, due_id: str) -> None:
            tries.append(due_id)
            raise RuntimeError("a bug")

        monkeypatch.setattr(handover_service, "apply_scheduled", broken)
        failures = handover_service.FailedHandovers(60)
        # Checks at these seconds: tried at once, then after 60, 120, 240 s.
        for second in (0, 30, 60, 100, 180, 400, 420):
            assert await apply_due_handovers(server.app, day, failures, now=second) == 0
        assert len(tries) == 4
        errors = [r for r in caplog.records if r.levelname == "ERROR"]
        assert len(errors) == 1 and handover_id in errors[0].getMessage()
        assert stored(world, "handover", handover_id).state == "scheduled"
        monkeypatch.undo()  # fixed: the next due try applies it
        assert await apply_due_handovers(server.app, day, failures, now=899) == 0
        assert await apply_due_handovers(server.app, day, failures, now=900) == 1
        assert stored(world, "handover", handover_id).state == "done"


async def test_a_handover_due_today_is_applied_by_the_running_server(
    tmp_path: Any,
) -> None:
    world = build_world(tmp_path / "data")
    org = build_org(world)
    handover_id = new_id()
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        records.put_record(conn, "handover", p.Handover(
            id=handover_id, origin=world.config.server_name, version=1,
            updated_at=p.now_ms(), position_id=org.team_lead, from_person_id=world.carol,
            to_person_id=org.emil, date=TODAY, state="scheduled"), EVERYONE)
    engine.dispose()
    server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        async with ClientSession() as session:
            emil = Api(server, session)
            await emil.login("emil")
            async with session.ws_connect(emil.url("/api/v1/events"),
                                          headers=emil.headers()) as ws:
                await ws.receive_json(timeout=10)
                state = None
                while state != "done":
                    changes, _ = await emil.whole_feed()
                    state = by_kind(changes, "handover")[handover_id]["body"]["state"]
                    if state != "done":
                        await ws.receive_json(timeout=30)
        assert stored(world, "position", org.team_lead).holder_id == org.emil
    finally:
        await server.close()


class TestAllOrNothing:
    async def test_a_failure_in_the_middle_leaves_nothing_changed(
        self, org: Org, world: World, make_api,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        bob = await signed_in(make_api, "bob")
        head = query(world, sa.select(sa.func.max(t.change.c.seq)))[0][0]
        before = (stored(world, "position", org.team_lead),
                  stored(world, "person", org.gina), memberships(world, org.lead_space))

        def broken(*args: Any) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(handover_service, "transfer_membership", broken)
        url, body = f"/api/v1/handovers/{new_id()}", handover_body(org, org.emil)
        status, answer = await bob.call("PUT", url, json=body)
        assert status == 500 and answer["error"] == "internal_error"
        assert (stored(world, "position", org.team_lead),
                stored(world, "person", org.gina), memberships(world, org.lead_space)) == before
        assert query(world, sa.select(t.change).where(t.change.c.seq > head)) == []
        assert audit_actions(world) == []
        monkeypatch.undo()
        status, answer = await bob.call("PUT", url, json=body)
        assert status == 200 and answer["state"] == "done"

