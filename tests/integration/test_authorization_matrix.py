"""Every operation of the OpenAPI document, asked by everyone who should learn nothing.

Callers: nobody (no token), a revoked device, a disabled account, the same two again
with a token used a moment before it stopped working (so the server has it in its
caller cache, and each row's own transaction must refuse it), and Carol, a colleague
outside Bob's members-only space and without Alice's private note. Each row says how
the operation reaches a hidden record (or that it has none to reach). For every row
and caller: no hidden text in the answer; the five without valid credentials get
their 401; Carol gets, for a hidden record, exactly the answer an
unused id gets. A route added without a row fails the first test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
import uuid6

from server_stub.openapi.routes import ROUTES
from server_stub.services.auth import create_device_txn
from server_stub.storage import accounts as acc
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import Org, World

BACKENDS = BOTH_BACKENDS

SECRETS = ("GEHEIM-BEITRAG", "GEHEIM-KOMMENTAR", "GEHEIM-NOTIZ", "Geheimprojekt")


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # {space} {post} {comment} {reaction} {connection}: the hidden records
    body: Any = None
    hidden: bool = False  # the path or body names a hidden record
    public: bool = False


H = "{hidden}"
ROWS: dict[str, Row] = {
    "healthz": Row("GET", "/healthz", public=True),
    "info": Row("GET", "/api/v1/info", public=True),
    "openapi": Row("GET", "/api/v1/openapi.json", public=True),
    "login": Row("POST", "/api/v1/login", {"username": "bob", "password": "falsch",
                                           "device_name": "x"}, public=True),
    "federation_changes": Row("GET", "/federation/v1/changes", public=True),
    "sites": Row("GET", "/api/v1/sites"),
    "sync": Row("GET", "/api/v1/sync?limit=1000"),
    "events": Row("GET", "/api/v1/events"),
    "put_post": Row("PUT", "/api/v1/posts/{fresh}", {"space_id": "{space}", "text": "x"},
                    hidden=True),
    "delete_post": Row("DELETE", "/api/v1/posts/{post}", hidden=True),
    "put_comment": Row("PUT", "/api/v1/comments/{fresh}", {"post_id": "{post}", "text": "x"},
                       hidden=True),
    "delete_comment": Row("DELETE", "/api/v1/comments/{comment}", hidden=True),
    "put_reaction": Row("PUT", "/api/v1/reactions/{fresh}",
                        {"target_id": "{comment}", "emoji": "👍"}, hidden=True),
    "delete_reaction": Row("DELETE", "/api/v1/reactions/{reaction}", hidden=True),
    "get_me": Row("GET", "/api/v1/me"),
    "patch_me": Row("PATCH", "/api/v1/me", {}),
    "put_my_photo": Row("PUT", "/api/v1/me/photo"),  # no body: not an image
    "delete_my_photo": Row("DELETE", "/api/v1/me/photo"),
    "get_person_photo": Row("GET", "/api/v1/people/{bob}/photo"),
    "put_connection": Row("PUT", "/api/v1/connections/{fresh}", {"to_person_id": "{bob}"}),
    "delete_connection": Row("DELETE", "/api/v1/connections/{connection}", hidden=True),
    "join_space": Row("POST", "/api/v1/spaces/{space}/join", hidden=True),
    "leave_space": Row("POST", "/api/v1/spaces/{space}/leave", hidden=True),
    "put_member": Row("PUT", "/api/v1/spaces/{space}/members/{carol}", {"role": "member"},
                      hidden=True),
    "delete_member": Row("DELETE", "/api/v1/spaces/{space}/members/{bob}", hidden=True),
    "put_responsibility": Row("PUT", "/api/v1/responsibilities/{fresh}", {
        "title": "x", "owner_position_id": "{team_lead}", "howto_post_id": "{post}"},
        hidden=True),
    "delete_responsibility": Row("DELETE", "/api/v1/responsibilities/{fresh}"),
    "put_absence": Row("PUT", "/api/v1/positions/{team_lead}/absence", {}),
    "put_job_connection": Row("PUT", "/api/v1/job-connections/{fresh}", {}),
    "delete_job_connection": Row("DELETE", "/api/v1/job-connections/{fresh}"),
    "put_handover": Row("PUT", "/api/v1/handovers/{fresh}", {}),
    "cancel_handover": Row("DELETE", "/api/v1/handovers/{fresh}"),
    "put_checklist_item": Row("PUT", "/api/v1/checklist-items/{fresh}", {}),
    "delete_checklist_item": Row("DELETE", "/api/v1/checklist-items/{fresh}"),
    "put_checklist_check": Row("PUT", "/api/v1/checklist-checks/{fresh}", {}),
    "delete_checklist_check": Row("DELETE", "/api/v1/checklist-checks/{fresh}"),
    "logout": Row("POST", "/api/v1/logout"),  # last: it ends the caller's token
}
HIDDEN_NAMES = ("space", "post", "comment", "reaction", "connection")


def test_every_operation_has_a_row() -> None:
    assert {route.op_id for route in ROUTES} == set(ROWS)
    assert {r.op_id for r in ROUTES if r.public} == {k for k, r in ROWS.items() if r.public}


def _fill(template: Any, values: dict[str, str]) -> Any:
    text = json.dumps(template)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    assert not re.search(r"\{\w+\}", text), text
    return json.loads(text)


async def _ask(client: Api, row: Row, values: dict[str, str]) -> tuple[int, Any]:
    values = {**values, "fresh": str(uuid6.uuid7())}
    return await client.call(row.method, _fill(row.path, values),
                             json=_fill(row.body, values) if row.body is not None else None)


async def _signed_in(make_api: Any, name: str) -> tuple[Api, str]:
    client: Api = make_api()
    answer = await client.login(name)
    return client, answer["device_id"]


def _set(world: World, work: Any) -> Any:
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        result = work(conn)
    engine.dispose()
    return result


@pytest.mark.timeout(600)
async def test_nobody_learns_what_is_hidden(make_api: Any, world: World, org: Org) -> None:
    (alice, _), (bob, _), (carol, _) = [await _signed_in(make_api, n)
                                        for n in ("alice", "bob", "carol")]
    (emil, _), (frida, frida_device) = [await _signed_in(make_api, n)
                                        for n in ("emil", "frida")]
    nobody: Api = make_api()

    def disable_emil(conn: Any, disabled: bool = True) -> None:
        account = acc.get_account_by_username(conn, "emil")
        assert account is not None
        acc.set_disabled(conn, account.id, disabled)

    _set(world, disable_emil)
    _set(world, lambda conn: acc.revoke_device(conn, frida_device, 1))

    def new_device(conn: Any, username: str) -> tuple[str, str]:
        """A device signed in without the password check (which takes its time)."""
        if username == "emil":
            disable_emil(conn, False)
        account = acc.get_account_by_username(conn, username)
        assert account is not None
        return create_device_txn(conn, account, "matrix", now_ms())

    async def refused_after_use() -> tuple[Api, Api]:
        """A device of Frida and one of Emil that worked a moment ago (so the server
        knows them) and stopped: Frida's revoked, Emil's account disabled."""
        (frida_token, device), (emil_token, _) = [
            _set(world, lambda conn, n=n: new_device(conn, n)) for n in ("frida", "emil")]
        revoked, disabled = make_api(), make_api()
        revoked.token, disabled.token = frida_token, emil_token
        for client in (revoked, disabled):
            assert (await client.call("GET", "/api/v1/me"))[0] == 200
        _set(world, lambda conn: acc.revoke_device(conn, device, 1))
        _set(world, disable_emil)
        return revoked, disabled

    async def made(client: Api, path: str, body: Any) -> str:
        status, answer = await client.call("PUT", path.format(uuid6.uuid7()), json=body)
        assert status == 200, answer
        record_id: str = answer["id"]
        return record_id

    hidden = {"space": world.closed_space}
    hidden["post"] = await made(bob, "/api/v1/posts/{}", {
        "space_id": world.closed_space, "text": "GEHEIM-BEITRAG"})
    hidden["comment"] = await made(alice, "/api/v1/comments/{}", {
        "post_id": hidden["post"], "text": "GEHEIM-KOMMENTAR"})
    hidden["reaction"] = await made(alice, "/api/v1/reactions/{}", {
        "target_id": hidden["comment"], "emoji": "🔒"})
    hidden["connection"] = await made(alice, "/api/v1/connections/{}", {
        "to_person_id": world.bob, "note": "GEHEIM-NOTIZ"})
    people = {"bob": world.bob, "carol": world.carol, "team_lead": org.team_lead}

    def unused() -> dict[str, str]:
        return {name: str(uuid6.uuid7()) for name in HIDDEN_NAMES}

    asked = 0
    for op_id, row in ROWS.items():
        revoked_after_use, disabled_after_use = await refused_after_use()
        refused = {"nobody": (nobody, "unauthorized"), "revoked": (frida, "device_revoked"),
                   "disabled": (emil, "account_disabled"),
                   "revoked after use": (revoked_after_use, "device_revoked"),
                   "disabled after use": (disabled_after_use, "account_disabled")}
        for who, (client, code) in refused.items():
            status, answer = await _ask(client, row, {**people, **hidden})
            asked += 1
            assert not any(s in json.dumps(answer, default=str) for s in SECRETS), (op_id, who)
            if not row.public:
                assert (status, answer["error"]) == (401, code), (op_id, who, answer)
        if op_id == "logout":
            carol, _ = await _signed_in(make_api, "carol")  # not the token of the rows
        seen = await _ask(carol, row, {**people, **hidden})
        asked += 1
        assert not any(s in json.dumps(seen, default=str) for s in SECRETS), (op_id, seen)
        if row.hidden:
            assert seen == await _ask(carol, row, {**people, **unused()}), op_id
            asked += 1
    # Nothing Carol asked changed what Bob and Alice see of their records.
    changes, _ = await bob.whole_feed()
    texts = {c["id"]: c["body"].get("text") or c["body"].get("note")
             for c in changes if c["op"] == "put"}
    assert texts[hidden["post"]] == "GEHEIM-BEITRAG"
    assert texts[hidden["comment"]] == "GEHEIM-KOMMENTAR"
    changes, _ = await alice.whole_feed()
    assert {c["id"] for c in changes} >= {hidden["reaction"], hidden["connection"]}
    assert asked == len(ROWS) * 6 + sum(r.hidden for r in ROWS.values())
