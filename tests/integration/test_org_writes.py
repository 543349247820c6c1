"""Responsibilities, absences and job contacts against the real server: who may write,
versioned edits, refusals with stable codes, and an audit row for every change."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import uuid6

from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import Org, World

BACKENDS = BOTH_BACKENDS


def new_id() -> str:
    return str(uuid6.uuid7())


def audit_rows(world: World, prefix: str) -> list[tuple[Any, ...]]:
    engine = make_sync_engine(world.config.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.audit_event.c.actor, t.audit_event.c.action,
                      t.audit_event.c.target_id, t.audit_event.c.detail)
            .where(t.audit_event.c.action.like(prefix + "%")).order_by(t.audit_event.c.id))
        found = [tuple(r) for r in rows]
    engine.dispose()
    return found


async def signed_in(make_api, name: str) -> Api:
    client: Api = make_api()
    await client.login(name)
    return client


def duty(org: Org, **changes: Any) -> dict[str, Any]:
    return {"title": "Inventur Lager Nord", "description": "Jährlich im Dezember",
            "keywords": ["Inventur"], "owner_position_id": org.team_lead, **changes}


async def frida_sees(frida: Api, record_id: str) -> list[str]:
    """The synonyms of a responsibility as the feed brings it to a colleague."""
    changes, _ = await frida.whole_feed()
    bodies = [c["body"] for c in changes if c["id"] == record_id]
    assert len(bodies) == 1
    return list(bodies[0]["synonyms"])


class TestResponsibilities:
    async def test_the_holder_creates_one_everyone_sees_it_a_colleague_cannot_change_it(
        self, org: Org, world: World, make_api
    ) -> None:
        carol, frida = await signed_in(make_api, "carol"), await signed_in(make_api, "frida")
        record_id = new_id()
        status, created = await carol.call("PUT", f"/api/v1/responsibilities/{record_id}",
                                           json=duty(org))
        assert status == 200 and created["version"] == 1
        changes, _ = await frida.whole_feed()
        seen = [c["body"] for c in changes if c["id"] == record_id]
        assert seen == [created]
        status, answer = await frida.call(
            "PUT", f"/api/v1/responsibilities/{record_id}", json=duty(org, title="Meins"),
            headers={"If-Match": "1"})
        assert (status, answer["error"]) == (403, "not_allowed")
        status, answer = await frida.call("DELETE", f"/api/v1/responsibilities/{record_id}")
        assert (status, answer["error"]) == (403, "not_allowed")
        status, answer = await frida.call("PUT", f"/api/v1/responsibilities/{new_id()}",
                                          json=duty(org))
        assert (status, answer["error"]) == (403, "not_allowed")

    async def test_leads_above_and_an_admin_edit_with_the_version(
        self, org: Org, make_api
    ) -> None:
        url = f"/api/v1/responsibilities/{org.duties[0]}"
        for version, name in enumerate(("bob", "dirk", "alice"), start=1):
            client = await signed_in(make_api, name)
            status, answer = await client.call("PUT", url, json=duty(org, title=name),
                                               headers={"If-Match": str(version)})
            assert status == 200 and answer["version"] == version + 1, answer
        gina = await signed_in(make_api, "gina")  # in the team, but not its lead
        status, answer = await gina.call("PUT", url, json=duty(org, title="Gina"),
                                         headers={"If-Match": "4"})
        assert (status, answer["error"]) == (403, "not_allowed")

    async def test_an_edit_needs_the_current_version(
        self, org: Org, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        url = f"/api/v1/responsibilities/{org.duties[0]}"
        status, answer = await carol.call("PUT", url, json=duty(org))
        assert (status, answer["error"]) == (428, "version_required")
        assert answer["current"]["title"] == "Urlaubsplanung"
        assert (await carol.call("PUT", url, json=duty(org), headers={"If-Match": "1"}))[0] == 200
        status, answer = await carol.call("PUT", url, json=duty(org, title="Alt"),
                                          headers={"If-Match": "1"})
        assert (status, answer["error"]) == (409, "version_conflict")
        assert answer["current"]["version"] == 2
        # The same content again is a replay, not a conflict.
        status, answer = await carol.call("PUT", url, json=duty(org))
        assert status == 200 and answer["version"] == 2

    async def test_unknown_positions_and_reversed_dates_are_refused(
        self, org: Org, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        url = f"/api/v1/responsibilities/{new_id()}"
        for body in (duty(org, owner_position_id=new_id()),
                     duty(org, deputy_position_id=new_id())):
            status, answer = await carol.call("PUT", url, json=body)
            assert (status, answer["error"]) == (404, "position_not_found")
        status, answer = await carol.call("PUT", url, json=duty(
            org, valid_from="2026-05-01", valid_to="2026-04-30"))
        assert (status, answer["error"]) == (400, "invalid_dates")
        status, answer = await carol.call("PUT", url, json=duty(
            org, valid_from="2026-05-01", valid_to="2026-05-01", deputy_position_id=org.clerk))
        assert status == 200 and answer["deputy_position_id"] == org.clerk

    async def test_dates_outside_2000_to_2100_are_refused(
        self, org: Org, world: World, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        url = f"/api/v1/responsibilities/{new_id()}"
        for dates in ({"valid_from": "1900-01-01"}, {"valid_to": "2101-01-01"},
                      {"valid_from": "0202-05-01", "valid_to": "2026-05-01"}):
            status, answer = await carol.call("PUT", url, json=duty(org, **dates))
            assert (status, answer["error"]) == (400, "invalid_dates"), dates
        assert audit_rows(world, "responsibility.") == []
        status, answer = await carol.call("PUT", url, json=duty(
            org, valid_from="2000-01-01", valid_to="2100-12-31"))
        assert status == 200 and answer["valid_to"] == "2100-12-31"

    async def test_moving_to_another_position_needs_the_right_on_both(
        self, org: Org, make_api
    ) -> None:
        url = f"/api/v1/responsibilities/{org.duties[1]}"
        moved = duty(org, owner_position_id=org.buyer)
        carol = await signed_in(make_api, "carol")
        status, answer = await carol.call("PUT", url, json=moved, headers={"If-Match": "1"})
        assert (status, answer["error"]) == (403, "not_allowed")
        dirk = await signed_in(make_api, "dirk")  # leads the company: both seats
        status, answer = await dirk.call("PUT", url, json=moved, headers={"If-Match": "1"})
        assert status == 200 and answer["owner_position_id"] == org.buyer

    async def test_synonyms_are_kept_seen_by_everyone_and_changed_with_the_version(
        self, org: Org, make_api
    ) -> None:
        carol, frida = await signed_in(make_api, "carol"), await signed_in(make_api, "frida")
        record_id = new_id()
        url = f"/api/v1/responsibilities/{record_id}"
        status, created = await carol.call("PUT", url, json=duty(
            org, synonyms=["Bestandsaufnahme", "Zählung"]))
        assert status == 200 and created["synonyms"] == ["Bestandsaufnahme", "Zählung"]
        assert await frida_sees(frida, record_id) == ["Bestandsaufnahme", "Zählung"]
        status, answer = await carol.call("PUT", url, json=duty(org, synonyms=["Zählung"]))
        assert (status, answer["error"]) == (428, "version_required")
        status, edited = await carol.call("PUT", url, json=duty(org, synonyms=["Zählung"]),
                                          headers={"If-Match": "1"})
        assert status == 200 and (edited["version"], edited["synonyms"]) == (2, ["Zählung"])
        assert await frida_sees(frida, record_id) == ["Zählung"]
        # Without the field the synonyms are none (the field is optional).
        status, cleared = await carol.call("PUT", url, json=duty(org),
                                           headers={"If-Match": "2"})
        assert status == 200 and cleared["synonyms"] == []

    async def test_bad_synonyms_are_refused_with_a_stable_code_and_nothing_is_written(
        self, org: Org, world: World, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        record_id = new_id()
        url = f"/api/v1/responsibilities/{record_id}"
        for synonyms, where in ((["x"] * 31, "length <= 30"), (["y" * 81], "length <= 80"),
                                ([""], "length >= 1"), ("Zählung", "array")):
            status, answer = await carol.call("PUT", url, json=duty(org, synonyms=synonyms))
            assert (status, answer["error"]) == (400, "invalid_body"), synonyms
            assert "synonyms" in answer["message"] and where in answer["message"], answer
        status, answer = await carol.call("PUT", url, json=duty(org, synonyms=["Zählung", " \t"]))
        assert (status, answer["error"]) == (400, "blank_synonym")
        assert "`$.synonyms[1]`" in answer["message"]
        status, answer = await carol.call("PUT", url, json=duty(
            org, synonyms=["Zählung", "Inventur\x1b[31m"]))
        assert (status, answer["error"]) == (400, "control_character")
        assert "`$.synonyms[1]`" in answer["message"]
        assert audit_rows(world, "responsibility.") == []
        changes, _ = await carol.whole_feed()
        assert record_id not in {c["id"] for c in changes}
        at_the_limits = [f"Wort {n}" for n in range(29)] + ["ü" * 80]
        status, answer = await carol.call("PUT", url, json=duty(org, synonyms=at_the_limits))
        assert status == 200 and len(answer["synonyms"]) == 30

    async def test_delete_leaves_a_tombstone_and_every_change_is_audited(
        self, org: Org, world: World, make_api
    ) -> None:
        carol = await signed_in(make_api, "carol")
        record_id = new_id()
        url = f"/api/v1/responsibilities/{record_id}"
        await carol.call("PUT", url, json=duty(org))
        assert (await carol.call("DELETE", url))[0] == 204
        assert (await carol.call("DELETE", url))[0] == 204  # again: nothing to do
        changes, _ = await carol.whole_feed()
        assert [(c["op"], c["body"]) for c in changes if c["id"] == record_id] == [
            ("delete", None)]
        status, answer = await carol.call("PUT", url, json=duty(org))
        assert (status, answer["error"]) == (410, "deleted")
        rows = audit_rows(world, "responsibility.")
        assert [(actor, action, target) for actor, action, target, _ in rows] == [
            ("carol", "responsibility.put", record_id),
            ("carol", "responsibility.delete", record_id)]
        assert "Inventur" not in repr(rows)  # no free text in the trail


class TestAbsence:
    async def test_holder_and_lead_mark_an_absence_a_colleague_cannot(
        self, org: Org, world: World, make_api
    ) -> None:
        gina, frida = await signed_in(make_api, "gina"), await signed_in(make_api, "frida")
        url = f"/api/v1/positions/{org.clerk}/absence"
        away = {"absent_from": "2026-07-01", "absent_to": "2026-07-21"}
        status, answer = await frida.call("PUT", url, json=away)
        assert (status, answer["error"]) == (403, "not_allowed")
        status, position = await gina.call("PUT", url, json=away)
        assert status == 200 and position["absent_to"] == "2026-07-21"
        assert position["holder_id"] == org.gina and position["version"] == 2
        changes, _ = await frida.whole_feed()
        assert [c["body"]["absent_from"] for c in changes if c["id"] == org.clerk] == [
            "2026-07-01"]
        carol = await signed_in(make_api, "carol")  # leads Gina's team
        status, position = await carol.call("PUT", url, json={})
        assert status == 200 and position["absent_from"] is None
        status, answer = await gina.call("PUT", url, json={
            "absent_from": "2026-07-21", "absent_to": "2026-07-01"})
        assert (status, answer["error"]) == (400, "invalid_dates")
        status, answer = await gina.call("PUT", f"/api/v1/positions/{new_id()}/absence",
                                         json=away)
        assert (status, answer["error"]) == (404, "position_not_found")
        assert [(a, b) for a, b, _, _ in audit_rows(world, "position.")] == [
            ("gina", "position.absence"), ("carol", "position.absence")]

    async def test_an_absence_outside_2000_to_2100_is_refused(
        self, org: Org, world: World, make_api
    ) -> None:
        gina = await signed_in(make_api, "gina")
        url = f"/api/v1/positions/{org.clerk}/absence"
        for away in ({"absent_from": "1900-01-01", "absent_to": "2026-07-01"},
                     {"absent_from": "2026-07-01", "absent_to": "9999-12-31"}):
            status, answer = await gina.call("PUT", url, json=away)
            assert (status, answer["error"]) == (400, "invalid_dates"), away
        changes, _ = await gina.whole_feed()
        [position] = [c["body"] for c in changes if c["id"] == org.clerk]
        assert (position["absent_from"], position["absent_to"]) == (None, None)
        assert audit_rows(world, "position.") == []


class TestJobConnections:
    async def test_the_holder_keeps_the_jobs_contacts_for_everyone_to_see(
        self, org: Org, world: World, make_api
    ) -> None:
        gina, frida = await signed_in(make_api, "gina"), await signed_in(make_api, "frida")
        record_id = new_id()
        url = f"/api/v1/job-connections/{record_id}"
        body = {"from_position_id": org.clerk, "to_position_id": org.buyer,
                "note": "Bestellungen über 5.000 € gegenzeichnen"}
        status, created = await gina.call("PUT", url, json=body)
        assert status == 200
        assert (created["connection_kind"], created["from_id"], created["to_id"]) == (
            "job", org.clerk, org.buyer)
        changes, _ = await frida.whole_feed()
        assert [c["body"]["note"] for c in changes if c["id"] == record_id] == [body["note"]]
        status, answer = await frida.call("PUT", url, json={**body, "note": "meins"})
        assert (status, answer["error"]) == (403, "not_allowed")
        status, edited = await gina.call("PUT", url, json={**body, "note": "ab 10.000 €"})
        assert status == 200 and edited["version"] == 2
        status, answer = await gina.call("PUT", url, json={**body, "to_position_id": org.ceo})
        assert (status, answer["error"]) == (400, "target_immutable")
        assert (await frida.call("DELETE", url))[1]["error"] == "not_allowed"
        assert (await gina.call("DELETE", url))[0] == 204
        assert [a for _, a, _, _ in audit_rows(world, "job_connection.")] == [
            "job_connection.put", "job_connection.put", "job_connection.delete"]

    async def test_refusals(self, org: Org, world: World,
                            make_api) -> None:
        gina = await signed_in(make_api, "gina")
        url = f"/api/v1/job-connections/{new_id()}"
        status, answer = await gina.call("PUT", url, json={
            "from_position_id": org.clerk, "to_position_id": org.clerk})
        assert (status, answer["error"]) == (400, "self_connection")
        status, answer = await gina.call("PUT", url, json={
            "from_position_id": org.clerk, "to_position_id": new_id()})
        assert (status, answer["error"]) == (404, "position_not_found")
        # A personal connection is not a job contact.
        personal = new_id()
        await gina.call("PUT", f"/api/v1/connections/{personal}",
                        json={"to_person_id": world.bob})
        status, answer = await gina.call(
            "PUT", f"/api/v1/job-connections/{personal}",
            json={"from_position_id": org.clerk, "to_position_id": org.buyer})
        assert (status, answer["error"]) == (403, "not_allowed")
