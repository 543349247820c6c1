"""The OpenAPI document against the real server: same routes, and every answer fits it.

Every request below goes to a real server over a real SQLite file. Each answer is
checked against the document: its status must be documented for that operation and
its body must validate against the documented schema ($refs resolved with a
referencing Registry). At the end, every documented (operation, status) pair except
500 and 503 must have been seen, so the document neither lacks nor invents answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
import uuid6
from aiohttp.test_utils import TestServer
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from server_stub.openapi.document import openapi_document
from server_stub.routes.metrics import METRICS_PATH
from server_stub.services.auth import hash_password
from server_stub.storage import accounts as acc
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync import protocol as p
from tests.integration.conftest import Api
from tests.integration.federation_support import (
    ELSEWHERE,
    add_foreign_records,
    listed_signer,
    move_home,
)
from tests.integration.photo_support import bomb_png, jpeg
from tests.integration.world import PASSWORD, Org, World

DOC_URI = "urn:kontor:openapi"
DOC: dict[str, Any] = json.loads(openapi_document())
REGISTRY = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(DOC))
METHODS = ("get", "put", "post", "delete", "patch")
UNTESTABLE = {"500", "503"}  # an internal error and a lost database are not provoked here
BIG = "x" * (300 * 1024)  # over the server's default max_body_bytes (256 KiB)


def pointer(*parts: str) -> str:
    return "".join("/" + quote(part.replace("~", "~0").replace("/", "~1")) for part in parts)


def schema_validator(*parts: str) -> Draft202012Validator:
    """A validator for the schema at a place in the document, resolving its $refs there."""
    return Draft202012Validator(
        {"$ref": DOC_URI + "#" + pointer(*parts)}, registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def operations() -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for path, item in DOC["paths"].items()
            for method, op in item.items() if method in METHODS}


def new_id() -> str:
    return str(uuid6.uuid7())


class Checked:
    """Sends one request and checks the answer against the document."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str]] = set()

    def validate(self, method: str, template: str, status: int, body: Any) -> None:
        op = DOC["paths"][template][method]
        assert str(status) in op["responses"], (
            f"{method.upper()} {template} answered {status}, which is not documented: {body!r}")
        response = op["responses"][str(status)]
        if "content" not in response:
            assert body in (b"", None), f"{method} {template} {status}: undocumented body"
        elif "application/json" not in response["content"]:
            assert isinstance(body, bytes) and body, f"{method} {template} {status}: no body"
        else:
            assert not isinstance(body, bytes), f"{method} {template} {status}: not JSON"
            errors = [
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in schema_validator("paths", template, method, "responses", str(status),
                                          "content", "application/json", "schema"
                                          ).iter_errors(body)
            ]
            assert not errors, f"{method.upper()} {template} {status}: {errors[:5]}"
        self.seen.add((method, template, str(status)))

    async def __call__(self, client: Api, method: str, template: str, status: int,
                       *ids: str, query: str = "", code: str | None = None,
                       json: Any = None, data: Any = None,
                       headers: dict[str, str] | None = None) -> Any:
        names = re.findall(r"{(\w+)}", template)
        assert len(names) == len(ids), template
        path = template
        for name, value in zip(names, ids, strict=True):
            path = path.replace("{" + name + "}", value)
        actual, body = await client.call(method.upper(), path + query, json=json, data=data,
                                          headers=headers)
        assert actual == status, (method, path, actual, body)
        self.validate(method, template, actual, body)
        if code is not None:
            assert body["error"] == code, body
        return body


def add_account(world: World, username: str, person_id: str | None, disabled: bool) -> None:
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        acc.add_account(conn, acc.Account(new_id(), username, hash_password(PASSWORD),
                                          person_id, False, disabled, p.now_ms()))
    engine.dispose()


@pytest.fixture
def check() -> Checked:
    return Checked()


class TestDocument:
    def test_is_openapi_3_1_with_valid_schemas_and_refs(self) -> None:
        assert isinstance(DOC, dict) and DOC["openapi"] == "3.1.0"
        assert DOC["info"]["title"] and DOC["info"]["version"]
        assert DOC["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
        for schema in DOC["components"]["schemas"].values():
            Draft202012Validator.check_schema(schema)
        refs = re.findall(r'"\$ref":\s*"([^"]+)"', json.dumps(DOC))
        assert refs
        for ref in set(refs):
            assert ref.startswith("#/components/schemas/"), ref
            assert ref.rsplit("/", 1)[1] in DOC["components"]["schemas"], ref
        op_ids = [op["operationId"] for op in operations().values()]
        assert len(op_ids) == len(set(op_ids))
        for (method, path), op in operations().items():
            declared = {q["name"] for q in op.get("parameters", []) if q["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), (method, path)
            assert op["responses"], (method, path)
            for status, response in op["responses"].items():
                assert re.fullmatch(r"[1-5]\d\d", status) and response["description"]
            if op.get("security") != []:  # signed-in operations say how a bad token ends
                assert "401" in op["responses"], (method, path)

    def test_is_cached_bytes(self) -> None:
        assert openapi_document() is openapi_document()

    def test_feed_bodies_are_keyed_by_kind(self) -> None:
        change = schema_validator("components", "schemas", "Change")
        post = {"id": new_id(), "origin": "x", "version": 1, "updated_at": 1,
                "space_id": new_id(), "author_id": new_id(), "text": "hi", "created_at": 1}
        assert change.is_valid({"seq": 1, "kind": "post", "id": post["id"], "op": "put",
                                "body": post})
        assert change.is_valid({"seq": 2, "kind": "post", "id": post["id"], "op": "delete",
                                "body": None})
        assert not change.is_valid({"seq": 1, "kind": "person", "id": post["id"], "op": "put",
                                    "body": post})
        assert not change.is_valid({"seq": 1, "kind": "post", "id": post["id"], "op": "put",
                                    "body": None})


class TestRoutes:
    async def test_every_route_is_documented_and_nothing_else(self, server: TestServer) -> None:
        registered = {
            (route.method.lower(), route.resource.canonical)
            for route in server.app.router.routes()
            if route.method != "HEAD" and route.resource is not None
        }
        assert ("get", "/healthz") in registered and ("put", "/api/v1/posts/{id}") in registered
        # /metrics is IT's monitoring (docs/admin.md), Prometheus text, not the client API.
        assert ("get", METRICS_PATH) in registered
        assert registered - {("get", METRICS_PATH)} == set(operations())


class TestAnswersMatchTheDocument:
    async def test_every_documented_answer_happens_and_fits(
        self, api: Api, make_api, world: World, org: Org,
        check: Checked,
    ) -> None:
        ghost_person = new_id()
        add_account(world, "nobody", None, False)
        add_account(world, "ghost", ghost_person, False)
        add_account(world, "dora", world.carol, True)
        alice, bob, carol, nobody, ghost, anon = (make_api() for _ in range(6))
        gina, frida = make_api(), make_api()

        # Public endpoints and signing in (all sign-ins before any failure: the slow-down
        # is per address too).
        assert await check(anon, "get", "/healthz", 200) == {"status": "ok"}
        await check(anon, "get", "/api/v1/info", 200)
        assert await check(anon, "get", "/api/v1/openapi.json", 200) == DOC
        for client, name in ((alice, "alice"), (bob, "bob"), (carol, "carol"),
                             (nobody, "nobody"), (ghost, "ghost"), (gina, "gina"),
                             (frida, "frida")):
            answer = await check(anon, "post", "/api/v1/login", 200,
                                 json={"username": name, "password": PASSWORD})
            client.token = answer["token"]
        login = "/api/v1/login"
        await check(anon, "post", login, 400, json={"username": "alice"}, code="invalid_body")
        await check(anon, "post", login, 400, data=b"{", code="malformed_json",
                    headers={"Content-Type": "application/json"})
        await check(anon, "post", login, 415, data=b"username=alice",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        await check(anon, "post", login, 413, json={"username": "alice", "password": BIG})
        await check(anon, "post", login, 403, code="account_disabled",
                    json={"username": "dora", "password": PASSWORD})

        # Every signed-in operation refuses a missing and a wrong token.
        stranger = make_api()
        stranger.token = "x" * 43
        for (method, template), op in operations().items():
            if op.get("security") == []:
                continue
            ids = [new_id() for _ in re.findall(r"{(\w+)}", template)]
            for client in (anon, stranger):
                await check(client, method, template, 401, *ids, code="unauthorized",
                            json={} if "requestBody" in op else None)

        # The feed.
        page = await check(alice, "get", "/api/v1/sync", 200, query="?limit=2&count=1")
        assert len(page["changes"]) == 2 and page["more"] and page["remaining"] > 0
        remaining, cursor = page["remaining"], page["cursor"]
        page = await check(alice, "get", "/api/v1/sync", 200, query=f"?since={cursor}&count=1")
        assert len(page["changes"]) == remaining and not page["more"]
        assert page["remaining"] == 0
        assert "remaining" not in await check(alice, "get", "/api/v1/sync", 200)
        await check(alice, "get", "/api/v1/sync", 400, query="?limit=0", code="invalid_limit")
        await check(alice, "get", "/api/v1/sync", 400, query="?since=garbage", code="bad_cursor")
        await check(alice, "get", "/api/v1/events", 400, code="bad_request")

        # Posts.
        posts = "/api/v1/posts/{id}"
        post, other = new_id(), new_id()
        body = {"space_id": world.open_space, "text": "Kantine zu"}
        first = await check(alice, "put", posts, 200, post, json=body)
        assert await check(alice, "put", posts, 200, post, json=body) == first
        await check(alice, "put", posts, 200, other, json=body)
        edit = {**body, "text": "Kantine offen"}
        await check(alice, "put", posts, 428, post, json=edit, code="version_required")
        assert (await check(alice, "put", posts, 200, post, json=edit,
                            headers={"If-Match": "1"}))["version"] == 2
        stale = await check(alice, "put", posts, 409, post, json={**edit, "text": "v3"},
                            headers={"If-Match": '"1"'}, code="version_conflict")
        assert stale["current"]["version"] == 2
        await check(alice, "put", posts, 400, "not-a-uuid", json=body, code="invalid_id")
        await check(alice, "put", posts, 400, "5a7dd0a9-1c0f-4d9a-9f4e-2b6b6f1d9c3e", json=body,
                    code="invalid_id")  # a UUIDv4: ids are UUIDv7
        await check(alice, "put", posts, 400, post, json={**body, "space_id": world.closed_space},
                    headers={"If-Match": "2"}, code="space_immutable")
        await check(alice, "put", posts, 400, post, json=edit, headers={"If-Match": "two"},
                    code="invalid_if_match")
        await check(alice, "put", posts, 400, new_id(), json={**body, "text": ""},
                    code="invalid_body")
        await check(alice, "put", posts, 413, new_id(), json={**body, "text": BIG})
        await check(alice, "put", posts, 415, new_id(), data=b"text",
                    headers={"Content-Type": "text/plain"})
        await check(bob, "put", posts, 403, post, json={**edit, "text": "Bob"},
                    headers={"If-Match": "2"}, code="not_author")
        await check(bob, "put", posts, 403, new_id(),
                    json={"space_id": world.announcements, "text": "Hallo"},
                    code="moderators_only")
        await check(nobody, "put", posts, 403, new_id(), json=body, code="no_person")
        await check(carol, "put", posts, 404, new_id(),
                    json={"space_id": world.closed_space, "text": "?"}, code="space_not_found")
        await check(alice, "delete", posts, 409, other, headers={"If-Match": "7"},
                    code="version_conflict")
        await check(alice, "delete", posts, 400, other, headers={"If-Match": "x"},
                    code="invalid_if_match")
        await check(alice, "delete", posts, 400, "nope", code="invalid_id")
        await check(bob, "delete", posts, 403, other, code="not_author")
        await check(alice, "delete", posts, 404, new_id(), code="not_found")
        await check(alice, "delete", posts, 204, other, headers={"If-Match": "1"})
        await check(alice, "delete", posts, 204, other)  # deleting again changes nothing
        await check(alice, "put", posts, 410, other, json=body, code="deleted")

        # Comments.
        comments = "/api/v1/comments/{id}"
        comment, gone = new_id(), new_id()
        text = {"post_id": post, "text": "Schade"}
        await check(bob, "put", comments, 200, comment, json=text)
        await check(bob, "put", comments, 200, gone, json=text)
        await check(bob, "put", comments, 428, comment, json={**text, "text": "Gut"},
                    code="version_required")
        await check(bob, "put", comments, 200, comment, json={**text, "text": "Gut"},
                    headers={"If-Match": "1"})
        await check(bob, "put", comments, 409, comment, json={**text, "text": "Sehr gut"},
                    headers={"If-Match": "1"}, code="version_conflict")
        await check(bob, "put", comments, 400, "x", json=text, code="invalid_id")
        await check(bob, "put", comments, 400, comment, json={"post_id": post},
                    code="invalid_body")
        await check(bob, "put", comments, 413, new_id(), json={**text, "text": BIG})
        await check(bob, "put", comments, 415, new_id(), data=b"text",
                    headers={"Content-Type": "text/plain"})
        await check(carol, "put", comments, 403, comment, json={**text, "text": "Carol"},
                    headers={"If-Match": "2"}, code="not_author")
        await check(bob, "put", comments, 404, new_id(), json={**text, "post_id": new_id()},
                    code="post_not_found")
        await check(carol, "delete", comments, 403, comment, code="not_author")
        await check(bob, "delete", comments, 400, "x", code="invalid_id")
        await check(bob, "delete", comments, 404, new_id(), code="not_found")
        await check(bob, "delete", comments, 204, gone)
        await check(bob, "put", comments, 410, gone, json=text, code="deleted")

        # Reactions.
        reactions = "/api/v1/reactions/{id}"
        reaction = new_id()
        like = {"target_id": post, "emoji": "👍"}
        first = await check(carol, "put", reactions, 200, reaction, json=like)
        assert await check(carol, "put", reactions, 200, reaction, json=like) == first
        await check(carol, "put", reactions, 200, new_id(), json={**like, "target_id": comment})
        conflict = await check(carol, "put", reactions, 409, reaction,
                               json={**like, "emoji": "🎉"}, code="reaction_immutable")
        assert conflict["current"]["emoji"] == "👍"
        await check(carol, "put", reactions, 400, "x", json=like, code="invalid_id")
        await check(carol, "put", reactions, 400, new_id(), json={**like, "emoji": ""},
                    code="invalid_body")
        await check(carol, "put", reactions, 413, new_id(), json={**like, "emoji": BIG})
        await check(carol, "put", reactions, 415, new_id(), data=b"x",
                    headers={"Content-Type": "text/plain"})
        await check(bob, "put", reactions, 403, reaction, json=like, code="not_author")
        await check(carol, "put", reactions, 404, new_id(), json={**like, "target_id": new_id()},
                    code="target_not_found")
        await check(bob, "delete", reactions, 403, reaction, code="not_author")
        await check(carol, "delete", reactions, 400, "x", code="invalid_id")
        await check(carol, "delete", reactions, 204, reaction)
        await check(carol, "delete", reactions, 204, new_id())  # unknown: nothing to do

        # Own profile.
        me = "/api/v1/me"
        assert (await check(alice, "get", me, 200))["id"] == world.alice
        await check(nobody, "get", me, 403, code="no_person")
        await check(ghost, "get", me, 404, code="person_not_found")
        assert (await check(alice, "patch", me, 200, json={"room": "3.14"}))["room"] == "3.14"
        await check(alice, "patch", me, 400, json={"salary": 1}, code="invalid_body")
        await check(alice, "patch", me, 413, json={"about": BIG})
        await check(alice, "patch", me, 415, data=b"room=1",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        await check(nobody, "patch", me, 403, json={"room": "1"}, code="no_person")
        await check(ghost, "patch", me, 404, json={"room": "1"}, code="person_not_found")

        # Profile photos: the body is the image itself.
        my_photo, photo = "/api/v1/me/photo", "/api/v1/people/{id}/photo"
        as_jpeg = {"Content-Type": "image/jpeg"}
        with_photo = await check(alice, "put", my_photo, 200, data=jpeg(), headers=as_jpeg)
        await check(alice, "put", my_photo, 413, data=b"\0" * (6 << 20), headers=as_jpeg,
                    code="photo_too_large")
        await check(alice, "put", my_photo, 422, data=b"GIF89a", headers=as_jpeg,
                    code="not_an_image")
        await check(alice, "put", my_photo, 422, data=bomb_png(), headers=as_jpeg,
                    code="photo_too_many_pixels")
        await check(nobody, "put", my_photo, 403, data=jpeg(), headers=as_jpeg, code="no_person")
        await check(ghost, "put", my_photo, 404, data=jpeg(), headers=as_jpeg,
                    code="person_not_found")
        await check(bob, "get", photo, 200, world.alice)
        await check(bob, "get", photo, 200, world.alice, query="?size=64")
        await check(bob, "get", photo, 304, world.alice,
                    headers={"If-None-Match": f'"{with_photo["photo"]}"'})
        await check(bob, "get", photo, 400, world.alice, query="?size=9", code="invalid_parameter")
        await check(bob, "get", photo, 400, "x", code="invalid_id")
        await check(bob, "get", photo, 404, new_id(), code="person_not_found")
        await check(bob, "get", photo, 404, world.bob, code="no_photo")
        await check(anon, "get", photo, 401, world.alice, code="unauthorized")
        assert (await check(alice, "delete", my_photo, 200))["photo"] is None
        await check(nobody, "delete", my_photo, 403, code="no_person")
        await check(ghost, "delete", my_photo, 404, code="person_not_found")

        # Personal connections.
        connections = "/api/v1/connections/{id}"
        link = new_id()
        to_bob = {"to_person_id": world.bob, "note": "SAP"}
        await check(alice, "put", connections, 200, link, json=to_bob)
        await check(alice, "put", connections, 200, link, json={**to_bob, "note": "SAP, HR"})
        await check(alice, "put", connections, 400, link, json={"to_person_id": world.carol},
                    code="target_immutable")
        await check(alice, "put", connections, 400, new_id(),
                    json={"to_person_id": world.alice}, code="self_connection")
        await check(alice, "put", connections, 400, "x", json=to_bob, code="invalid_id")
        await check(alice, "put", connections, 413, new_id(), json={**to_bob, "note": BIG})
        await check(alice, "put", connections, 415, new_id(), data=b"x",
                    headers={"Content-Type": "text/plain"})
        # Another's personal connection is one Bob cannot see: as if the id were unused
        # (taken, for a PUT); a job connection is public, and not his.
        await check(bob, "put", connections, 404, link, json={"to_person_id": world.carol},
                    code="not_found")
        await check(bob, "put", connections, 403, org.contact,
                    json={"to_person_id": world.carol}, code="not_owner")
        await check(nobody, "put", connections, 403, new_id(), json=to_bob, code="no_person")
        await check(alice, "put", connections, 404, new_id(), json={"to_person_id": new_id()},
                    code="person_not_found")
        await check(bob, "delete", connections, 204, link)  # nothing he can see: a no-op
        await check(bob, "delete", connections, 403, org.contact, code="not_owner")
        await check(alice, "delete", connections, 400, "x", code="invalid_id")
        await check(alice, "delete", connections, 204, link)

        # Spaces and members.
        join, leave = "/api/v1/spaces/{id}/join", "/api/v1/spaces/{id}/leave"
        members = "/api/v1/spaces/{id}/members/{person_id}"
        joined = await check(carol, "post", join, 200, world.announcements)
        assert joined["person_id"] == world.carol
        await check(bob, "post", join, 403, world.closed_space, code="invite_only")
        await check(carol, "post", join, 404, world.closed_space, code="space_not_found")
        await check(carol, "post", join, 404, new_id(), code="space_not_found")
        await check(carol, "post", join, 400, "x", code="invalid_id")
        await check(ghost, "post", join, 404, world.open_space, code="person_not_found")
        await check(carol, "post", leave, 204, world.announcements)
        await check(carol, "post", leave, 400, "x", code="invalid_id")
        await check(carol, "post", leave, 404, new_id(), code="space_not_found")
        await check(nobody, "post", leave, 403, world.open_space, code="no_person")
        closed = world.closed_space
        added = await check(alice, "put", members, 200, closed, world.carol,
                            json={"role": "member"})
        assert added["space_id"] == closed
        await check(alice, "put", members, 400, closed, "x", json={}, code="invalid_id")
        await check(alice, "put", members, 400, closed, world.carol, json={"role": "boss"},
                    code="invalid_body")
        await check(alice, "put", members, 413, closed, world.carol, json={"role": BIG})
        await check(alice, "put", members, 415, closed, world.carol, data=b"x",
                    headers={"Content-Type": "text/plain"})
        await check(bob, "put", members, 403, closed, world.carol, json={},
                    code="moderators_only")
        await check(alice, "put", members, 404, closed, new_id(), json={},
                    code="person_not_found")
        await check(alice, "put", members, 404, new_id(), world.carol, json={},
                    code="space_not_found")
        await check(bob, "delete", members, 403, closed, world.carol, code="moderators_only")
        await check(alice, "delete", members, 400, "x", world.carol, code="invalid_id")
        await check(alice, "delete", members, 404, new_id(), world.carol,
                    code="space_not_found")
        await check(alice, "delete", members, 204, closed, world.carol)

        await organisation_answers(check, world, org, People(bob, carol, gina, frida, nobody))

        # Every page of everything written above fits the feed's schema, for every caller.
        for client in (alice, bob, carol, nobody):
            cursor, more = "", True
            while more:
                page = await check(client, "get", "/api/v1/sync", 200,
                                   query=f"?since={cursor}&limit=7")
                cursor, more = page["cursor"], page["more"]

        # Live wake-ups: the first message and a wake-up after a write fit WakeUp.
        wake_up = schema_validator("paths", "/api/v1/events", "get", "responses", "101",
                                   "x-websocket-message")
        async with bob.session.ws_connect(bob.url("/api/v1/events"),
                                          headers=bob.headers()) as ws:
            hello = await ws.receive_json(timeout=5)
            wake_up.validate(hello)
            await check(alice, "put", posts, 200, new_id(), json=body)
            woke = await ws.receive_json(timeout=5)
            wake_up.validate(woke)
            assert woke["seq"] > hello["seq"]
            check.seen.add(("get", "/api/v1/events", "101"))
            crowd = [await bob.session.ws_connect(bob.url("/api/v1/events"),
                                                 headers=bob.headers()) for _ in range(3)]
            await check(bob, "get", "/api/v1/events", 429, code="too_many_connections",
                        headers={"Upgrade": "websocket"})
            for extra in crowd:
                await extra.close()

        # Another site's records change only there; peers pull with signed requests.
        foreign = add_foreign_records(world.config, world.open_space, world.alice)
        await check(alice, "put", posts, 409, foreign.post, code="foreign_record",
                    headers={"If-Match": "1"}, json={"space_id": world.open_space, "text": "x"})
        await check(alice, "delete", posts, 409, foreign.post, code="foreign_record")
        await check(alice, "put", comments, 409, foreign.comment, code="foreign_record",
                    headers={"If-Match": "1"}, json={"post_id": foreign.post, "text": "x"})
        await check(alice, "delete", comments, 409, foreign.comment, code="foreign_record")
        await check(alice, "delete", reactions, 409, foreign.reaction, code="foreign_record")
        move_home(world.config, "person", world.carol)
        await check(carol, "patch", me, 409, code="foreign_record", json={"about": "x"})
        await check(carol, "put", my_photo, 409, data=jpeg(), headers=as_jpeg,
                    code="foreign_record")
        await check(carol, "delete", my_photo, 409, code="foreign_record")
        engine = make_sync_engine(world.config.db_url)
        with engine.begin() as conn:  # a photo kept by Carol's home site, not here
            conn.execute(sa.update(t.person).where(t.person.c.id == world.carol)
                         .values(photo="c" * 32))
        engine.dispose()
        await check(alice, "get", photo, 404, world.carol, code="photo_elsewhere")
        changes, sign = "/federation/v1/changes", listed_signer(world.config)
        page = await check(anon, "get", changes, 200, query="?since=&limit=2",
                           headers=sign("since=&limit=2"))
        assert len(page["changes"]) == 2 and page["more"] and page["remaining"] > 0
        await check(anon, "get", changes, 400, query="?since=Zm9v", code="bad_cursor",
                    headers=sign("since=Zm9v"))
        await check(anon, "get", changes, 401, code="signature_required")
        sites = await check(alice, "get", "/api/v1/sites", 200)
        assert sites["server_name"] == world.config.server_name
        assert [peer["name"] for peer in sites["peers"]] == [ELSEWHERE]

        # Signing out, then failed sign-ins until the slow-down answers 429.
        await check(nobody, "post", "/api/v1/logout", 204)
        await check(nobody, "get", me, 401, code="unauthorized")
        for _ in range(5):
            await check(anon, "post", login, 401, code="invalid_credentials",
                        json={"username": "bob", "password": "wrong password"})
        await check(anon, "post", login, 429, code="too_many_attempts",
                    json={"username": "bob", "password": PASSWORD})

        documented = {(method, template, status)
                      for (method, template), op in operations().items()
                      for status in op["responses"] if status not in UNTESTABLE}
        assert documented - check.seen == set()
        for client in (alice, bob, carol, nobody, ghost, anon, stranger, gina, frida):
            await client.session.close()


TEXT = {"Content-Type": "text/plain"}


@dataclass(frozen=True)
class People:
    """The signed-in clients the organisation's answers need (tests/integration/world.py:
    Bob leads sales, Carol its Team Nord, Gina is the team's clerk, Frida a buyer)."""

    bob: Api
    carol: Api
    gina: Api
    frida: Api
    nobody: Api


def person_left(world: World, person_id: str) -> None:
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        conn.execute(sa.update(t.person).where(t.person.c.id == person_id)
                     .values(status="left"))
    engine.dispose()


async def organisation_answers(check: Checked, world: World, org: Org, who: People) -> None:
    """Every documented answer of the organisation's writes."""
    carol, gina, frida, nobody = who.carol, who.gina, who.frida, who.nobody

    # Responsibilities: Gina holds the clerk seat, Frida does not.
    duties = "/api/v1/responsibilities/{id}"
    duty = {"title": "Inventur", "owner_position_id": org.clerk}
    rid, gone = new_id(), new_id()
    first = await check(gina, "put", duties, 200, rid, json=duty)
    assert await check(gina, "put", duties, 200, rid, json=duty) == first
    edit = {**duty, "title": "Inventur Lager"}
    await check(gina, "put", duties, 428, rid, json=edit, code="version_required")
    await check(gina, "put", duties, 200, rid, json=edit, headers={"If-Match": "1"})
    await check(gina, "put", duties, 409, rid, json=duty, headers={"If-Match": "1"},
                code="version_conflict")
    await check(gina, "put", duties, 400, rid, json=duty, headers={"If-Match": "x"},
                code="invalid_if_match")
    await check(gina, "put", duties, 400, "x", json=duty, code="invalid_id")
    await check(gina, "put", duties, 400, new_id(), code="invalid_dates", json={
        **duty, "valid_from": "2026-02-01", "valid_to": "2026-01-01"})
    await check(gina, "put", duties, 400, new_id(), json={"title": "x"}, code="invalid_body")
    await check(gina, "put", duties, 413, new_id(), json={**duty, "description": BIG})
    await check(gina, "put", duties, 415, new_id(), data=b"x", headers=TEXT)
    await check(frida, "put", duties, 403, new_id(), json=duty, code="not_allowed")
    await check(gina, "put", duties, 404, new_id(), code="position_not_found",
                json={**duty, "owner_position_id": new_id()})
    await check(gina, "put", duties, 200, gone, json=duty)
    await check(frida, "delete", duties, 403, gone, code="not_allowed")
    await check(gina, "delete", duties, 400, "x", code="invalid_id")
    await check(gina, "delete", duties, 204, gone)
    await check(gina, "put", duties, 410, gone, json=duty, code="deleted")
    move_home(world.config, "responsibility", rid)
    await check(gina, "put", duties, 409, rid, json=duty, headers={"If-Match": "2"},
                code="foreign_record")
    await check(gina, "delete", duties, 409, rid, code="foreign_record")

    # Absence.
    absence = "/api/v1/positions/{id}/absence"
    away = {"absent_from": "2026-07-01", "absent_to": "2026-07-21"}
    marked = await check(gina, "put", absence, 200, org.clerk, json=away)
    assert marked["absent_to"] == "2026-07-21"
    await check(gina, "put", absence, 400, org.clerk, code="invalid_dates",
                json={"absent_from": "2026-07-21", "absent_to": "2026-07-01"})
    await check(gina, "put", absence, 400, "x", json=away, code="invalid_id")
    await check(gina, "put", absence, 400, org.clerk, json={"absent_from": "bald"},
                code="invalid_body")
    await check(gina, "put", absence, 413, org.clerk, json={"absent_from": BIG})
    await check(gina, "put", absence, 415, org.clerk, data=b"x", headers=TEXT)
    await check(frida, "put", absence, 403, org.clerk, json=away, code="not_allowed")
    await check(gina, "put", absence, 404, new_id(), json=away, code="position_not_found")
    move_home(world.config, "position", org.buyer)
    await check(frida, "put", absence, 409, org.buyer, json=away, code="foreign_record")

    # Job contacts.
    jobs = "/api/v1/job-connections/{id}"
    link = {"from_position_id": org.clerk, "to_position_id": org.buyer, "note": "Bestellungen"}
    jid = new_id()
    await check(gina, "put", jobs, 200, jid, json=link)
    await check(gina, "put", jobs, 200, jid, json={**link, "note": "ab 5.000 €"})
    await check(gina, "put", jobs, 400, jid, json={**link, "to_position_id": org.ceo},
                code="target_immutable")
    await check(gina, "put", jobs, 400, new_id(), json={**link, "to_position_id": org.clerk},
                code="self_connection")
    await check(gina, "put", jobs, 400, "x", json=link, code="invalid_id")
    await check(gina, "put", jobs, 400, new_id(), json={"note": "x"}, code="invalid_body")
    await check(gina, "put", jobs, 413, new_id(), json={**link, "note": BIG})
    await check(gina, "put", jobs, 415, new_id(), data=b"x", headers=TEXT)
    await check(frida, "put", jobs, 403, new_id(), json=link, code="not_allowed")
    await check(gina, "put", jobs, 404, new_id(), json={**link, "to_position_id": new_id()},
                code="position_not_found")
    await check(frida, "delete", jobs, 403, jid, code="not_allowed")
    await check(gina, "delete", jobs, 400, "x", code="invalid_id")
    await check(gina, "delete", jobs, 204, jid)
    await check(gina, "put", jobs, 410, jid, json=link, code="deleted")
    move_home(world.config, "connection", org.contact)
    theirs = {"from_position_id": org.team_lead, "to_position_id": org.buyer, "note": "x"}
    await check(carol, "put", jobs, 409, org.contact, json=theirs, code="foreign_record")
    await check(carol, "delete", jobs, 409, org.contact, code="foreign_record")

    # Checklist items (Carol leads the team) and checks (each person their own).
    items, checks = "/api/v1/checklist-items/{id}", "/api/v1/checklist-checks/{id}"
    entry = {"org_unit_id": org.team, "title": "Zugang beantragen", "rank": 1}
    iid, removed = new_id(), new_id()
    await check(carol, "put", items, 200, iid, json=entry)
    await check(carol, "put", items, 400, "x", json=entry, code="invalid_id")
    await check(carol, "put", items, 400, new_id(), json={"title": "x"}, code="invalid_body")
    await check(carol, "put", items, 413, new_id(), json={**entry, "description": BIG})
    await check(carol, "put", items, 415, new_id(), data=b"x", headers=TEXT)
    await check(gina, "put", items, 403, new_id(), json=entry, code="not_allowed")
    await check(carol, "put", items, 404, new_id(), json={**entry, "org_unit_id": new_id()},
                code="unit_not_found")
    await check(carol, "put", items, 200, removed, json=entry)
    await check(gina, "delete", items, 403, removed, code="not_allowed")
    await check(carol, "delete", items, 400, "x", code="invalid_id")
    await check(carol, "delete", items, 204, removed)
    await check(carol, "put", items, 410, removed, json=entry, code="deleted")
    cid = new_id()
    tick = await check(gina, "put", checks, 200, cid, json={"item_id": iid})
    assert await check(gina, "put", checks, 200, new_id(), json={"item_id": iid}) == tick
    await check(gina, "put", checks, 400, cid, json={"item_id": removed},
                code="target_immutable")
    await check(gina, "put", checks, 400, "x", json={"item_id": iid}, code="invalid_id")
    await check(gina, "put", checks, 400, new_id(), json={}, code="invalid_body")
    await check(gina, "put", checks, 413, new_id(), json={"item_id": BIG})
    await check(gina, "put", checks, 415, new_id(), data=b"x", headers=TEXT)
    await check(carol, "put", checks, 404, cid, json={"item_id": iid}, code="not_found")
    await check(nobody, "put", checks, 403, new_id(), json={"item_id": iid}, code="no_person")
    await check(gina, "put", checks, 404, new_id(), json={"item_id": new_id()},
                code="item_not_found")
    await check(carol, "delete", checks, 204, cid)  # Gina's tick: Carol cannot see it
    await check(nobody, "delete", checks, 403, cid, code="no_person")
    await check(gina, "delete", checks, 400, "x", code="invalid_id")
    await check(gina, "delete", checks, 204, cid)
    await check(gina, "put", checks, 410, cid, json={"item_id": iid}, code="deleted")
    move_home(world.config, "checklist_item", iid)
    await check(carol, "put", items, 409, iid, json={**entry, "rank": 2}, code="foreign_record")
    await check(carol, "delete", items, 409, iid, code="foreign_record")

    # Handovers: Carol leads Gina's seat; the holder herself may not hand it over.
    handovers = "/api/v1/handovers/{id}"
    today = dt.date.today()
    plan = {"position_id": org.clerk, "to_person_id": org.emil,
            "date": (today + dt.timedelta(days=30)).isoformat()}
    hid = new_id()
    scheduled = await check(carol, "put", handovers, 200, hid, json=plan)
    assert scheduled["state"] == "scheduled"
    assert await check(carol, "put", handovers, 200, hid, json=plan) == scheduled
    await check(carol, "put", handovers, 409, hid, json={**plan, "note": "x"},
                code="handover_immutable")
    await check(carol, "put", handovers, 409, new_id(), json=plan, code="handover_pending")
    await check(carol, "put", handovers, 400, new_id(), json={**plan, "to_person_id": org.gina},
                code="same_holder")
    person_left(world, org.frida)
    await check(carol, "put", handovers, 400, new_id(), code="inactive_person",
                json={**plan, "to_person_id": org.frida})
    await check(carol, "put", handovers, 400, "x", json=plan, code="invalid_id")
    await check(carol, "put", handovers, 400, new_id(), json={"position_id": org.clerk},
                code="invalid_body")
    await check(carol, "put", handovers, 413, new_id(), json={**plan, "note": BIG})
    await check(carol, "put", handovers, 415, new_id(), data=b"x", headers=TEXT)
    await check(gina, "put", handovers, 403, new_id(), json=plan, code="not_allowed")
    await check(carol, "put", handovers, 404, new_id(), code="position_not_found",
                json={**plan, "position_id": new_id()})
    await check(carol, "put", handovers, 404, new_id(), code="person_not_found",
                json={**plan, "to_person_id": new_id()})
    await check(gina, "delete", handovers, 403, hid, code="not_allowed")
    await check(carol, "delete", handovers, 400, "x", code="invalid_id")
    await check(carol, "delete", handovers, 404, new_id(), code="not_found")
    await check(carol, "delete", handovers, 204, hid)
    done = await check(carol, "put", handovers, 200, new_id(),
                       json={**plan, "date": today.isoformat()})
    assert done["state"] == "done" and done["from_person_id"] == org.gina
    await check(carol, "delete", handovers, 409, done["id"], code="handover_done")
    later = new_id()
    await check(carol, "put", handovers, 200, later, json={**plan, "to_person_id": org.dirk})
    move_home(world.config, "handover", later)
    await check(carol, "delete", handovers, 409, later, code="foreign_record")
    move_home(world.config, "position", org.team_lead)  # Bob leads Carol's seat
    await check(who.bob, "put", handovers, 409, new_id(), code="foreign_record", json={
        **plan, "position_id": org.team_lead})


def documented_codes() -> set[str]:
    codes: set[str] = set()
    for op in operations().values():
        for response in op["responses"].values():
            for part in response.get("content", {}).get("application/json", {}).get(
                    "schema", {}).get("allOf", []):
                codes.update(part.get("properties", {}).get("error", {}).get("enum", []))
    return codes


def raised_codes() -> set[str]:
    """Every literal error code the server's code raises."""
    pattern = re.compile(r'\b(?:ApiError|CursorError|AuthError)\(\s*(?:\d+,\s*)?"(\w+)"')
    root = Path(__file__).parents[2] / "server_stub"
    return {code for path in root.rglob("*.py")
            for code in pattern.findall(path.read_text(encoding="utf-8"))}


def test_every_raised_error_code_is_documented() -> None:
    raised = raised_codes()
    assert {"version_conflict", "bad_cursor", "device_revoked"} <= raised
    assert raised - documented_codes() == set()


def test_protocol_doc_explains_every_error_code() -> None:
    text = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")
    missing = sorted(code for code in documented_codes() | raised_codes()
                     if f"`{code}`" not in text)
    assert not missing, missing
