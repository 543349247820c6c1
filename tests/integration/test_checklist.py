"""Onboarding checklists against the real server: the lead keeps the list, everyone
ticks their own items, and nobody else sees the ticks."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import uuid6

from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from tests.integration.conftest import Api
from tests.integration.world import Org, World


def new_id() -> str:
    return str(uuid6.uuid7())


async def signed_in(make_api, name: str) -> Api:
    client: Api = make_api()
    await client.login(name)
    return client


def item(org: Org, **changes: Any) -> dict[str, Any]:
    return {"org_unit_id": org.team, "title": "Zugang zum Warenwirtschaftssystem",
            "description": "Bei der IT beantragen", "rank": 1, **changes}


def audit_trail(world: World) -> list[tuple[str, str, str]]:
    engine = make_sync_engine(world.config.db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.audit_event.c.actor, t.audit_event.c.action,
                                      t.audit_event.c.target_id)
                            .where(t.audit_event.c.action.like("checklist%"))
                            .order_by(t.audit_event.c.id)).all()
    engine.dispose()
    return [(r.actor, r.action, r.target_id) for r in rows]


def ids_of(changes: list[dict[str, Any]], kind: str) -> dict[str, str]:
    return {c["id"]: c["op"] for c in changes if c["kind"] == kind}


class TestItems:
    async def test_the_unit_lead_keeps_the_list_and_everyone_sees_it(
        self, org: Org, make_api
    ) -> None:
        carol, gina = await signed_in(make_api, "carol"), await signed_in(make_api, "gina")
        item_id = new_id()
        url = f"/api/v1/checklist-items/{item_id}"
        status, created = await carol.call("PUT", url, json=item(org))
        assert status == 200 and created["rank"] == 1
        assert await carol.call("PUT", url, json=item(org)) == (200, created)
        frida = await signed_in(make_api, "frida")
        changes, _ = await frida.whole_feed()
        assert ids_of(changes, "checklist_item") == {item_id: "put"}
        status, answer = await gina.call("PUT", url, json=item(org, title="Kaffee"))
        assert (status, answer["error"]) == (403, "not_allowed")
        status, answer = await gina.call("PUT", f"/api/v1/checklist-items/{new_id()}",
                                         json=item(org))
        assert (status, answer["error"]) == (403, "not_allowed")
        dirk = await signed_in(make_api, "dirk")  # leads the company above the team
        status, edited = await dirk.call("PUT", url, json=item(org, rank=0))
        assert status == 200 and edited["version"] == 2
        status, answer = await carol.call("PUT", f"/api/v1/checklist-items/{new_id()}",
                                          json=item(org, org_unit_id=org.purchasing))
        assert (status, answer["error"]) == (403, "not_allowed")
        status, answer = await carol.call("PUT", f"/api/v1/checklist-items/{new_id()}",
                                          json=item(org, org_unit_id=new_id()))
        assert (status, answer["error"]) == (404, "unit_not_found")
        assert (await gina.call("DELETE", url))[1]["error"] == "not_allowed"


class TestChecks:
    async def test_a_tick_is_private_and_ticking_twice_keeps_one(
        self, org: Org, world: World, make_api
    ) -> None:
        carol, gina = await signed_in(make_api, "carol"), await signed_in(make_api, "gina")
        item_id = new_id()
        await carol.call("PUT", f"/api/v1/checklist-items/{item_id}", json=item(org))
        check_id = new_id()
        status, check = await gina.call("PUT", f"/api/v1/checklist-checks/{check_id}",
                                        json={"item_id": item_id})
        assert status == 200 and check["person_id"] == org.gina and check["done_at"] > 0
        # A second tick from another device (another id) answers the first one.
        status, again = await gina.call("PUT", f"/api/v1/checklist-checks/{new_id()}",
                                        json={"item_id": item_id})
        assert status == 200 and again == check
        changes, _ = await gina.whole_feed()
        assert ids_of(changes, "checklist_check") == {check_id: "put"}
        for other in (carol, await signed_in(make_api, "frida")):
            changes, _ = await other.whole_feed()
            assert ids_of(changes, "checklist_check") == {}
        # Carol cannot see Gina's tick: removing it answers as for an unused id and
        # leaves it in place.
        status, _ = await carol.call("DELETE", f"/api/v1/checklist-checks/{check_id}")
        assert status == 204
        changes, _ = await gina.whole_feed()
        assert ids_of(changes, "checklist_check") == {check_id: "put"}
        status, answer = await gina.call("PUT", f"/api/v1/checklist-checks/{new_id()}",
                                         json={"item_id": new_id()})
        assert (status, answer["error"]) == (404, "item_not_found")
        _, cursor = await gina.whole_feed()
        assert (await gina.call("DELETE", f"/api/v1/checklist-checks/{check_id}"))[0] == 204
        changes, _ = await gina.whole_feed_since(cursor)
        assert ids_of(changes, "checklist_check") == {check_id: "delete"}
        status, answer = await gina.call("PUT", f"/api/v1/checklist-checks/{check_id}",
                                         json={"item_id": item_id})
        assert (status, answer["error"]) == (410, "deleted")

    async def test_removing_an_item_removes_the_ticks_from_their_owners(
        self, org: Org, world: World, make_api
    ) -> None:
        carol, gina = await signed_in(make_api, "carol"), await signed_in(make_api, "gina")
        item_id, check_id = new_id(), new_id()
        await carol.call("PUT", f"/api/v1/checklist-items/{item_id}", json=item(org))
        await gina.call("PUT", f"/api/v1/checklist-checks/{check_id}", json={"item_id": item_id})
        _, cursor = await gina.whole_feed()
        assert (await carol.call("DELETE", f"/api/v1/checklist-items/{item_id}"))[0] == 204
        changes, _ = await gina.whole_feed_since(cursor)
        assert ids_of(changes, "checklist_item") == {item_id: "delete"}
        assert ids_of(changes, "checklist_check") == {check_id: "delete"}
        assert audit_trail(world) == [
            ("carol", "checklist_item.put", item_id), ("gina", "checklist_check.put", check_id),
            ("carol", "checklist_item.delete", item_id)]
