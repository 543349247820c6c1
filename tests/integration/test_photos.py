"""Profile photos on the real server: what is refused and why, what is kept (a fresh
square JPEG without metadata), who may fetch it, and how the person record says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
import uuid6
from PIL import Image

from server_stub.storage import records
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.records import Scope
from sync import protocol as p
from tests.integration.conftest import Api
from tests.integration.photo_support import bomb_png, decoded, jpeg, png, rgb, webp
from tests.integration.world import World

ME_PHOTO = "/api/v1/me/photo"


def photo_path(person_id: str) -> str:
    return f"/api/v1/people/{person_id}/photo"


async def upload(api: Api, data: bytes, content_type: str = "image/jpeg") -> tuple[int, Any]:
    return await api.call("PUT", ME_PHOTO, data=data, headers={"Content-Type": content_type})


async def test_a_jpeg_becomes_a_square_256_px_photo_without_its_gps_position(
        api: Api, world: World) -> None:
    await api.login("alice")
    original = jpeg(800, 600, gps=True)
    assert decoded(original).getexif().get_ifd(0x8825), "the upload must carry GPS to strip"
    status, person = await upload(api, original)
    assert status == 200, person
    assert person["photo"] and len(person["photo"]) == 32
    status, image = await api.call("GET", photo_path(world.alice))
    assert status == 200
    kept = decoded(image)
    assert kept.format == "JPEG" and kept.size == (256, 256)
    assert not kept.getexif() and "exif" not in kept.info and "icc_profile" not in kept.info
    # the white disc of the 800x600 picture stays in the middle of the centre square
    assert min(rgb(kept, 128, 128)) > 240
    status, thumb = await api.call("GET", photo_path(world.alice) + "?size=64")
    assert status == 200 and decoded(thumb).size == (64, 64)


async def test_png_with_transparency_and_webp_are_accepted(api: Api, world: World) -> None:
    await api.login("bob")
    status, person = await upload(api, png(), "image/png")
    assert status == 200, person
    first = person["photo"]
    status, person = await upload(api, webp(), "image/webp")
    assert status == 200 and person["photo"] != first
    status, image = await api.call("GET", photo_path(world.bob))
    assert status == 200
    corner = rgb(decoded(image), 5, 5)  # seagreen, give or take the JPEG's error
    assert max(abs(a - b) for a, b in zip(corner, (46, 139, 87), strict=True)) < 8


async def test_what_is_not_a_photo_is_refused_with_a_stable_code(api: Api) -> None:
    await api.login("alice")
    whole = jpeg()
    cases = [
        (b"%PDF-1.7 not a picture at all", 422, "not_an_image"),
        (b"", 422, "not_an_image"),
        (whole[: len(whole) // 2], 422, "not_an_image"),  # a truncated JPEG
        (bomb_png(), 422, "photo_too_many_pixels"),
        (jpeg(9000, 5000), 422, "photo_too_many_pixels"),  # 45 megapixels, a real photo
    ]
    for data, status, code in cases:
        got, body = await upload(api, data)
        assert (got, body["error"]) == (status, code), (data[:20], body)
        assert body["message"]
    status, me = await api.call("GET", "/api/v1/me")
    assert me["photo"] is None, "nothing refused may become the photo"


async def test_too_many_bytes_are_refused_before_they_are_read(api: Api) -> None:
    await api.login("alice")
    big = b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024)
    status, body = await upload(api, big)
    assert (status, body["error"]) == (413, "photo_too_large")

    async def chunks():  # no Content-Length: the cap holds while the body streams in
        for _ in range(6):
            yield b"\x00" * (1024 * 1024)

    status, body = await upload(api, chunks())
    assert (status, body["error"]) == (413, "photo_too_large")


async def test_the_person_record_changes_only_when_the_photo_does(api: Api, world: World) -> None:
    await api.login("alice")
    _, first = await upload(api, jpeg(colour="navy"))
    _, again = await upload(api, jpeg(colour="navy"))
    assert again["version"] == first["version"], "the same photo again is no change"
    changes, _ = await api.whole_feed()
    mine = [c for c in changes if c["kind"] == "person" and c["id"] == world.alice]
    assert mine[-1]["body"]["photo"] == first["photo"]
    status, removed = await api.call("DELETE", ME_PHOTO)
    assert status == 200 and removed["photo"] is None
    assert removed["version"] == first["version"] + 1
    status, body = await api.call("GET", photo_path(world.alice))
    assert (status, body["error"]) == (404, "no_photo")
    status, again = await api.call("DELETE", ME_PHOTO)
    assert status == 200 and again["version"] == removed["version"]


async def test_etag_lets_a_client_skip_a_photo_it_has(api: Api, world: World) -> None:
    await api.login("alice")
    _, person = await upload(api, jpeg())
    async with api.session.get(api.url(photo_path(world.alice)), headers=api.headers()) as r:
        assert r.headers["ETag"] == f'"{person["photo"]}"'
        assert "private" in r.headers["Cache-Control"]
    async with api.session.get(api.url(photo_path(world.alice)), headers=api.headers(
            {"If-None-Match": f'"{person["photo"]}"'})) as r:
        assert r.status == 304 and await r.read() == b""


async def test_only_who_may_see_the_person_gets_the_photo(
        api: Api, make_api: Callable[[], Api], world: World) -> None:
    await api.login("bob")
    await upload(api, jpeg())
    outsider = make_api()
    status, body = await outsider.call("GET", photo_path(world.bob))
    assert (status, body["error"]) == (401, "unauthorized")
    # A person whose record only Carol may see (a record scoped to her): Alice is told
    # there is no such person, exactly as for an id never used.
    hidden = str(uuid6.uuid7())
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        records.put_record(conn, "person", p.Person(
            id=hidden, origin="test.local", version=1, updated_at=p.now_ms(),
            given_name="Hanna", family_name="Verborgen"), Scope("person", world.carol))
        conn.execute(sa.text(
            "INSERT INTO person_photo (person_id, digest, image, thumb, updated_at) "
            "SELECT :hidden, digest, image, thumb, updated_at FROM person_photo "
            "WHERE person_id = :bob"), {"hidden": hidden, "bob": world.bob})
    engine.dispose()
    alice = make_api()
    await alice.login("alice")
    for person_id in (hidden, str(uuid6.uuid7())):
        status, body = await alice.call("GET", photo_path(person_id))
        assert (status, body["error"]) == (404, "person_not_found")
    carol = make_api()
    await carol.login("carol")
    status, image = await carol.call("GET", photo_path(hidden))
    assert status == 200 and decoded(image).size == (256, 256)
    status, image = await alice.call("GET", photo_path(world.bob))
    assert status == 200 and isinstance(decoded(image), Image.Image)
    status, body = await alice.call("GET", photo_path(world.bob) + "?size=1024")
    assert (status, body["error"]) == (400, "invalid_parameter")
