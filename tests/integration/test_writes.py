"""Writes with client-made ids: idempotent creates, versioned edits, who may write."""

from __future__ import annotations

import uuid

import uuid6

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS


def new_id() -> str:
    return str(uuid6.uuid7())


class TestPosts:
    async def test_same_put_again_is_a_no_op_with_the_same_answer(
        self, api: Api, world: World
    ) -> None:
        await api.login("alice")
        post_id = new_id()
        body = {"space_id": world.open_space, "text": "Kantine hat heute zu"}
        first = await api.call("PUT", f"/api/v1/posts/{post_id}", json=body)
        again = await api.call("PUT", f"/api/v1/posts/{post_id}", json=body)
        assert first == again and first[0] == 200
        changes, _ = await api.whole_feed()
        assert [c["id"] for c in changes].count(post_id) == 1

    async def test_stale_edit_gets_409_with_the_current_record(
        self, api: Api, world: World
    ) -> None:
        await api.login("alice")
        post_id = new_id()
        await api.call("PUT", f"/api/v1/posts/{post_id}",
                       json={"space_id": world.open_space, "text": "v1"})
        status, body = await api.call("PUT", f"/api/v1/posts/{post_id}",
                                      json={"space_id": world.open_space, "text": "v2"},
                                      headers={"If-Match": "1"})
        assert status == 200 and body["version"] == 2
        status, body = await api.call("PUT", f"/api/v1/posts/{post_id}",
                                      json={"space_id": world.open_space, "text": "v3"},
                                      headers={"If-Match": "1"})
        assert status == 409 and body["error"] == "version_conflict"
        assert body["current"]["text"] == "v2" and body["current"]["version"] == 2

    async def test_edit_without_version_is_refused(self, api: Api, world: World) -> None:
        await api.login("alice")
        post_id = new_id()
        await api.call("PUT", f"/api/v1/posts/{post_id}",
                       json={"space_id": world.open_space, "text": "v1"})
        status, body = await api.call("PUT", f"/api/v1/posts/{post_id}",
                                      json={"space_id": world.open_space, "text": "anders"})
        assert status == 428 and body["error"] == "version_required"

    async def test_only_the_author_edits(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        post_id = new_id()
        await api.call("PUT", f"/api/v1/posts/{post_id}",
                       json={"space_id": world.open_space, "text": "von Alice"})
        bob = make_api()
        await bob.login("bob")
        status, body = await bob.call("PUT", f"/api/v1/posts/{post_id}",
                                      json={"space_id": world.open_space, "text": "von Bob"},
                                      headers={"If-Match": "1"})
        assert status == 403 and body["error"] == "not_author"
        status, body = await bob.call("DELETE", f"/api/v1/posts/{post_id}")
        assert status == 403
        await bob.session.close()

    async def test_only_members_write_and_only_moderators_announce(
        self, api: Api, make_api, world: World
    ) -> None:
        bob = make_api()
        await bob.login("bob")
        status, body = await bob.call("PUT", f"/api/v1/posts/{new_id()}",
                                      json={"space_id": world.announcements, "text": "Hallo"})
        assert status == 403 and body["error"] == "moderators_only"
        await api.login("alice")
        status, _ = await api.call("PUT", f"/api/v1/posts/{new_id()}",
                                   json={"space_id": world.announcements, "text": "Betriebsfest"})
        assert status == 200
        await bob.session.close()

    async def test_ids_must_be_uuid7(self, api: Api, world: World) -> None:
        await api.login("alice")
        status, body = await api.call("PUT", f"/api/v1/posts/{uuid.uuid4()}",
                                      json={"space_id": world.open_space, "text": "x"})
        assert status == 400 and body["error"] == "invalid_id"

    async def test_delete_removes_comments_and_reactions_too(
        self, api: Api, world: World
    ) -> None:
        await api.login("alice")
        post_id, comment_id, reaction_id = new_id(), new_id(), new_id()
        await api.call("PUT", f"/api/v1/posts/{post_id}",
                       json={"space_id": world.open_space, "text": "mit Anhang"})
        await api.call("PUT", f"/api/v1/comments/{comment_id}",
                       json={"post_id": post_id, "text": "Danke!"})
        await api.call("PUT", f"/api/v1/reactions/{reaction_id}",
                       json={"target_id": comment_id, "emoji": "👍"})
        assert (await api.call("DELETE", f"/api/v1/posts/{post_id}"))[0] == 204
        assert (await api.call("DELETE", f"/api/v1/posts/{post_id}"))[0] == 204  # idempotent
        changes, _ = await api.whole_feed()
        ops = {c["id"]: c["op"] for c in changes}
        assert ops[post_id] == ops[comment_id] == ops[reaction_id] == "delete"


class TestProfileAndConnections:
    async def test_profile_edit_reaches_everyone(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        status, body = await api.call("PATCH", "/api/v1/me", json={
            "about": "Einkauf, Rahmenverträge", "skills": ["SAP MM", "Verhandlung"],
            "room": "B2.14", "languages": ["de", "en"],
            "phones": [{"label": "Büro", "number": "+49 89 1234"}]})
        assert status == 200 and body["version"] == 2 and body["room"] == "B2.14"
        bob = make_api()
        await bob.login("bob")
        changes, _ = await bob.whole_feed()
        alice = next(c["body"] for c in changes if c["id"] == world.alice)
        assert alice["skills"] == ["SAP MM", "Verhandlung"]
        await bob.session.close()

    async def test_unknown_profile_field_is_refused(self, api: Api) -> None:
        await api.login("alice")
        status, body = await api.call("PATCH", "/api/v1/me", json={"is_admin": True})
        assert status == 400 and body["error"] == "invalid_body"
