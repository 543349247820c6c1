"""What a caller may not see answers exactly as what does not exist.

Carol is in neither the members-only space nor anyone's personal list. For every route
that names a record, asking about one of those hidden records must give her the same
status, code and body as asking about an id nobody ever used: otherwise she learns that
a secret project, a post in it or a colleague's private note exists.
"""

from __future__ import annotations

from typing import Any

import uuid6

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS


def new_id() -> str:
    return str(uuid6.uuid7())


async def _signed_in(make_api: Any, name: str) -> Api:
    client: Api = make_api()
    await client.login(name)
    return client


async def _ok(client: Api, method: str, path: str, body: Any) -> dict[str, Any]:
    status, answer = await client.call(method, path, json=body)
    assert status == 200, answer
    result: dict[str, Any] = answer
    return result


async def test_hidden_records_answer_as_missing_ones(make_api: Any, world: World) -> None:
    alice, bob, carol = [await _signed_in(make_api, name)
                         for name in ("alice", "bob", "carol")]
    secret = world.closed_space
    post = await _ok(bob, "PUT", f"/api/v1/posts/{new_id()}",
                     {"space_id": secret, "text": "Geheim"})
    comment = await _ok(alice, "PUT", f"/api/v1/comments/{new_id()}",
                        {"post_id": post["id"], "text": "Ja"})
    reaction = await _ok(alice, "PUT", f"/api/v1/reactions/{new_id()}",
                         {"target_id": post["id"], "emoji": "👍"})
    note = await _ok(alice, "PUT", f"/api/v1/connections/{new_id()}",
                     {"to_person_id": world.bob, "note": "privat"})

    cases: list[tuple[str, str, str, Any]] = [
        # (method, path with {hidden}, the hidden id, body with {hidden} as a value)
        ("DELETE", "/api/v1/posts/{}", post["id"], None),
        ("DELETE", "/api/v1/comments/{}", comment["id"], None),
        ("DELETE", "/api/v1/reactions/{}", reaction["id"], None),
        ("DELETE", "/api/v1/connections/{}", note["id"], None),
        ("POST", "/api/v1/spaces/{}/join", secret, None),
        ("POST", "/api/v1/spaces/{}/leave", secret, None),
        ("PUT", "/api/v1/spaces/{}/members/" + world.carol, secret, {"role": "member"}),
        ("DELETE", "/api/v1/spaces/{}/members/" + world.carol, secret, None),
        ("DELETE", "/api/v1/spaces/{}/members/" + world.bob, secret, None),
        ("PUT", "/api/v1/posts/" + new_id(), secret, {"space_id": "{}", "text": "x"}),
        ("PUT", "/api/v1/comments/" + new_id(), post["id"], {"post_id": "{}", "text": "x"}),
        ("PUT", "/api/v1/reactions/" + new_id(), post["id"],
         {"target_id": "{}", "emoji": "👍"}),
        ("PUT", "/api/v1/reactions/" + new_id(), comment["id"],
         {"target_id": "{}", "emoji": "👍"}),
    ]
    for method, path, hidden, body in cases:
        answers = []
        for target in (hidden, new_id()):
            filled = None if body is None else {
                key: target if value == "{}" else value for key, value in body.items()}
            answers.append(await carol.call(method, path.format(target), json=filled))
        assert answers[0] == answers[1], (method, path, answers)
        assert answers[0][0] in (204, 404), (method, path, answers)


async def test_a_taken_hidden_id_tells_nothing_about_its_record(make_api: Any,
                                                                world: World) -> None:
    """A PUT of an id never used creates; one taken by a hidden record cannot, and says
    only 404 not_found: the same for a post of any space, author or version."""
    bob, carol = [await _signed_in(make_api, name) for name in ("bob", "carol")]
    post = await _ok(bob, "PUT", f"/api/v1/posts/{new_id()}",
                     {"space_id": world.closed_space, "text": "Geheim"})
    for if_match in (None, "1", "7"):
        status, answer = await carol.call(
            "PUT", f"/api/v1/posts/{post['id']}",
            json={"space_id": world.open_space, "text": "x"},
            headers={"If-Match": if_match} if if_match else None)
        assert (status, answer) == (404, {"error": "not_found",
                                          "message": "There is no such post."})
    status, answer = await bob.call("GET", "/api/v1/sync")
    assert post["id"] in {change["id"] for change in answer["changes"]}
    assert [c["body"]["text"] for c in answer["changes"] if c["id"] == post["id"]] == [
        "Geheim"]
