"""Bad input gets a JSON error with a stable code; nothing else leaves the server."""

from __future__ import annotations

import uuid6

from sync.protocol import MAX_SHORT, MAX_TEXT
from tests.integration.conftest import Api
from tests.integration.world import World


class TestLimits:
    async def test_body_over_the_cap_is_413(self, api: Api, world: World) -> None:
        await api.login("alice")
        huge = "x" * (300 * 1024)
        status, body = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                      json={"space_id": world.open_space, "text": huge})
        assert status == 413 and body["error"] == "body_too_large"

    async def test_field_over_its_cap_names_the_field(self, api: Api, world: World) -> None:
        await api.login("alice")
        status, body = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                      json={"space_id": world.open_space,
                                            "text": "x" * (MAX_TEXT + 1)})
        assert status == 400 and body["error"] == "invalid_body" and "text" in body["message"]
        status, body = await api.call("PATCH", "/api/v1/me", json={"room": "r" * (MAX_SHORT + 1)})
        assert status == 400 and "room" in body["message"]

    async def test_non_json_is_refused(self, api: Api, world: World) -> None:
        await api.login("alice")
        status, body = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}", data=b"text=hi",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 415 and body["error"] == "unsupported_media_type"
        status, body = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}", data=b"{nope",
                                      headers={"Content-Type": "application/json"})
        assert status == 400 and body["error"] == "malformed_json"

    async def test_unknown_route_and_method_are_json(self, api: Api) -> None:
        status, body = await api.call("GET", "/api/v1/nothing-here")
        assert status in (401, 404) and set(body) == {"error", "message"}
        status, body = await api.call("GET", "/nothing")
        assert status == 404 and body == {"error": "not_found", "message": "Not Found"}
        status, body = await api.call("DELETE", "/api/v1/info")
        assert status == 405 and body["error"] == "method_not_allowed"

    async def test_public_endpoints(self, api: Api) -> None:
        assert await api.call("GET", "/healthz") == (200, {"status": "ok"})
        status, body = await api.call("GET", "/api/v1/info")
        assert status == 200 and body["server_name"] == "test.local"
        assert body["protocol_version"] == 1
