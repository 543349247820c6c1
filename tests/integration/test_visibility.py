"""Members-only spaces: a non-member's feed never holds a byte of them."""

from __future__ import annotations

import json

import uuid6

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS

SECRET_POST = "Streng vertraulich: Übernahme der Firma Beispiel"
SECRET_COMMENT = "Kommentar nur für Mitglieder"


async def fill_closed_space(alice: Api, world: World) -> dict[str, str]:
    post_id, comment_id, reaction_id = (str(uuid6.uuid7()) for _ in range(3))
    status, _ = await alice.call("PUT", f"/api/v1/posts/{post_id}",
                                 json={"space_id": world.closed_space, "text": SECRET_POST})
    assert status == 200
    status, _ = await alice.call("PUT", f"/api/v1/comments/{comment_id}",
                                 json={"post_id": post_id, "text": SECRET_COMMENT})
    assert status == 200
    status, _ = await alice.call("PUT", f"/api/v1/reactions/{reaction_id}",
                                 json={"target_id": post_id, "emoji": "🤫"})
    assert status == 200
    return {"post": post_id, "comment": comment_id, "reaction": reaction_id}


def raw(changes: list[dict]) -> str:
    return json.dumps(changes, ensure_ascii=False)


class TestVisibility:
    async def test_non_member_sees_nothing_of_a_members_only_space(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        ids = await fill_closed_space(api, world)
        carol = make_api()
        await carol.login("carol")
        changes, _ = await carol.whole_feed()
        text = raw(changes)
        for needle in (SECRET_POST, SECRET_COMMENT, "🤫", world.closed_space, *ids.values()):
            assert needle not in text
        bob = make_api()
        await bob.login("bob")
        bob_changes, _ = await bob.whole_feed()
        assert SECRET_POST in raw(bob_changes) and SECRET_COMMENT in raw(bob_changes)
        for client in (carol, bob):
            await client.session.close()

    async def test_non_member_cannot_write_or_read_by_id(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        ids = await fill_closed_space(api, world)
        carol = make_api()
        await carol.login("carol")
        status, body = await carol.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                        json={"space_id": world.closed_space, "text": "hallo"})
        assert status == 404 and body["error"] == "space_not_found"
        status, body = await carol.call("PUT", f"/api/v1/comments/{uuid6.uuid7()}",
                                        json={"post_id": ids["post"], "text": "hallo"})
        assert status == 404
        await carol.session.close()

    async def test_losing_membership_sends_a_purge_and_hides_later_posts(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        await fill_closed_space(api, world)
        bob = make_api()
        await bob.login("bob")
        _, cursor = await bob.whole_feed()
        status, _ = await api.call("DELETE", f"/api/v1/spaces/{world.closed_space}/members/"
                                   f"{world.bob}")
        assert status == 204
        later = str(uuid6.uuid7())
        await api.call("PUT", f"/api/v1/posts/{later}",
                       json={"space_id": world.closed_space, "text": "Nach Bobs Abschied"})
        page = await bob.feed(cursor)
        purge = [c for c in page["changes"] if c["kind"] == "space_access"]
        assert purge and purge[0]["op"] == "delete"
        assert purge[0]["body"]["space_id"] == world.closed_space
        assert "Nach Bobs Abschied" not in raw(page["changes"])
        everything, _ = await bob.whole_feed()
        assert SECRET_POST not in raw(everything) and later not in raw(everything)
        await bob.session.close()

    async def test_a_new_member_receives_the_space_history(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        ids = await fill_closed_space(api, world)
        carol = make_api()
        await carol.login("carol")
        _, cursor = await carol.whole_feed()
        status, _ = await api.call("PUT", f"/api/v1/spaces/{world.closed_space}/members/"
                                   f"{world.carol}", json={"role": "member"})
        assert status == 200
        page = await carol.feed(cursor)
        got = {c["id"] for c in page["changes"]}
        assert {ids["post"], ids["comment"], ids["reaction"], world.closed_space} <= got
        await carol.session.close()

    async def test_personal_connections_are_private(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        status, _ = await api.call("PUT", f"/api/v1/connections/{uuid6.uuid7()}",
                                   json={"to_person_id": world.bob, "note": "kennt SAP gut"})
        assert status == 200
        bob = make_api()
        await bob.login("bob")
        changes, _ = await bob.whole_feed()
        assert "kennt SAP gut" not in raw(changes)
        mine, _ = await api.whole_feed()
        assert "kennt SAP gut" in raw(mine)
        await bob.session.close()
