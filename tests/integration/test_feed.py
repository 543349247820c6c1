"""The changes feed: exact paging, opaque cursors, bounded pages."""

from __future__ import annotations

import uuid6

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS


async def write_post(api: Api, space_id: str, text: str) -> dict:
    post_id = str(uuid6.uuid7())
    status, body = await api.call("PUT", f"/api/v1/posts/{post_id}",
                                  json={"space_id": space_id, "text": text})
    assert status == 200, body
    return body


class TestFeedPaging:
    async def test_every_change_once_in_order_with_writes_between_pages(
        self, api: Api, world: World
    ) -> None:
        await api.login("alice")
        for i in range(25):
            await write_post(api, world.open_space, f"Vorab {i}")
        seen: list[dict] = []
        cursor = ""
        written_during: list[dict] = []
        while True:
            page = await api.feed(cursor, limit=7)
            seen.extend(page["changes"])
            cursor = page["cursor"]
            if len(written_during) < 6:  # writes land between pages
                written_during.append(await write_post(api, world.open_space, "zwischendurch"))
                continue
            if not page["more"]:
                break
        seqs = [c["seq"] for c in seen]
        assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
        keys = [(c["kind"], c["id"], c["body"]["version"]) for c in seen]
        assert len(keys) == len(set(keys))
        post_ids = {c["id"] for c in seen if c["kind"] == "post"}
        assert {p["id"] for p in written_during} <= post_ids
        assert len(post_ids) == 31
        # A fresh client paging everything in one go ends with the same visible set.
        fresh, _ = await api.whole_feed(limit=1000)
        assert {(c["kind"], c["id"]) for c in fresh} == {(c["kind"], c["id"]) for c in seen}

    async def test_an_edit_moves_the_record_to_the_end_of_the_feed(
        self, api: Api, world: World
    ) -> None:
        await api.login("alice")
        post = await write_post(api, world.open_space, "erste Fassung")
        _, cursor = await api.whole_feed()
        status, edited = await api.call(
            "PUT", f"/api/v1/posts/{post['id']}",
            json={"space_id": world.open_space, "text": "zweite Fassung"},
            headers={"If-Match": "1"})
        assert status == 200 and edited["version"] == 2
        page = await api.feed(cursor)
        assert [(c["id"], c["body"]["text"]) for c in page["changes"]] == [
            (post["id"], "zweite Fassung")]
        everything, _ = await api.whole_feed()
        assert sum(1 for c in everything if c["id"] == post["id"]) == 1

    async def test_a_delete_leaves_a_tombstone(self, api: Api, world: World) -> None:
        await api.login("alice")
        post = await write_post(api, world.open_space, "gleich weg")
        _, cursor = await api.whole_feed()
        status, _ = await api.call("DELETE", f"/api/v1/posts/{post['id']}")
        assert status == 204
        page = await api.feed(cursor)
        assert [(c["kind"], c["id"], c["op"], c["body"]) for c in page["changes"]] == [
            ("post", post["id"], "delete", None)]

    async def test_cursor_errors_have_stable_codes(self, api: Api) -> None:
        await api.login("bob")
        status, body = await api.call("GET", "/api/v1/sync?since=%%%nonsense")
        assert status == 400 and body["error"] == "bad_cursor"
        from server_stub.services.feed import encode_cursor
        status, body = await api.call("GET", f"/api/v1/sync?since={encode_cursor('x', 1)}")
        assert status == 400 and body["error"] == "unknown_cursor"
        page = await api.feed()
        future = page["cursor"]
        epoch_and_seq = __import__("base64").urlsafe_b64decode(future + "==").decode()
        epoch = epoch_and_seq.split(".")[0]
        status, body = await api.call("GET", f"/api/v1/sync?since={encode_cursor(epoch, 10**9)}")
        assert status == 400 and body["error"] == "unknown_cursor"

    async def test_limit_is_bounded(self, api: Api, world: World) -> None:
        await api.login("alice")
        status, body = await api.call("GET", "/api/v1/sync?limit=0")
        assert status == 400 and body["error"] == "invalid_limit"
        status, body = await api.call("GET", "/api/v1/sync?limit=abc")
        assert status == 400 and body["error"] == "invalid_limit"
        for i in range(3):
            await write_post(api, world.open_space, f"p{i}")
        page = await api.feed(limit=100000)  # clamped to 1000, all fit
        assert page["more"] is False
        page = await api.feed(limit=2)
        assert len(page["changes"]) == 2 and page["more"] is True
