"""A company-wide record never links to a members-only post.

A responsibility is seen by everyone; its how-to may not be a post only some can
read. Carol leads Team Nord and has a members-only space for the team leads with a
post in it, and a company-wide team space; Bob leads sales above her (he may edit
her duties) but is no member of her leads' space.
"""

from __future__ import annotations

from typing import Any

import uuid6

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import Org, World

BACKENDS = BOTH_BACKENDS


def new_id() -> str:
    return str(uuid6.uuid7())


async def _signed_in(make_api: Any, name: str) -> Api:
    client: Api = make_api()
    await client.login(name)
    return client


def _duty(org: Org, howto: str | None) -> dict[str, Any]:
    return {"title": "Budget", "owner_position_id": org.team_lead, "howto_post_id": howto}


async def test_a_howto_must_be_readable_by_the_company(make_api: Any, world: World,
                                                       org: Org) -> None:
    carol, bob = await _signed_in(make_api, "carol"), await _signed_in(make_api, "bob")
    duty = f"/api/v1/responsibilities/{new_id()}"
    status, answer = await carol.call("PUT", duty, json=_duty(org, org.lead_post))
    assert (status, answer["error"]) == (400, "howto_not_public")
    assert "members-only space" in answer["message"]
    # Bob cannot see the leads' post: for him it does not exist, like an unused id.
    hidden = await bob.call("PUT", duty, json=_duty(org, org.lead_post))
    missing = await bob.call("PUT", duty, json=_duty(org, new_id()))
    assert hidden == missing == (404, {"error": "howto_not_found",
                                       "message": "There is no such how-to post."})
    status, post = await carol.call("PUT", f"/api/v1/posts/{new_id()}", json={
        "space_id": org.team_space, "text": "So geht Budget", "post_kind": "howto"})
    assert status == 200
    status, created = await carol.call("PUT", duty, json=_duty(org, post["id"]))
    assert status == 200 and created["howto_post_id"] == post["id"]
    # An edit may not point it at the leads' post either; the stored link stays.
    status, answer = await carol.call("PUT", duty, json=_duty(org, org.lead_post),
                                      headers={"If-Match": "1"})
    assert (status, answer["error"]) == (400, "howto_not_public")
    changes, _ = await bob.whole_feed()
    assert [c["body"]["howto_post_id"] for c in changes
            if c["id"] == created["id"]] == [post["id"]]
