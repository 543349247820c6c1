"""Photos reach the client: kontorctl sets and removes one's own, the sync engine fetches
the photos of changed people into the encrypted cache once per digest, and they are
there with the server gone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from sync.cache.read.photos import photo_count, photo_of, photos_wanted
from sync.engine import PhotosArrived
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.conftest import Api
from tests.integration.photo_support import decoded, jpeg, rgb
from tests.integration.sync_support import kontorctl
from tests.integration.world import PASSWORD, World


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


async def set_photo(api: Api, colour: str) -> str:
    status, person = await api.call("PUT", "/api/v1/me/photo", data=jpeg(colour=colour))
    assert status == 200, person
    return str(person["photo"])


class TestEngine:
    async def test_photos_arrive_after_the_records_and_only_once_per_digest(
            self, server: TestServer, api: Api, world: World,
            psession: ProfileSession) -> None:
        await api.login("bob")
        await set_photo(api, "navy")
        await psession.login(str(server.make_url("")), "alice", PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        arrived: list[list[str]] = []
        engine.subscribe(lambda e: arrived.append(e.person_ids)
                         if isinstance(e, PhotosArrived) else None)
        await engine.sync_once()
        assert photos_wanted(psession.cache, 10) == [(world.bob, _digest(psession, world.bob))]
        assert photo_of(psession.cache, world.bob) is None  # records first, photos after
        assert await engine.fetch_photos() == 1 and arrived == [[world.bob]]
        image = photo_of(psession.cache, world.bob)
        assert image is not None and decoded(image).size == (256, 256)
        assert max(rgb(decoded(image), 3, 3)) < 140  # navy, not an initials drawing
        assert await engine.fetch_photos() == 0, "a photo the cache holds is not fetched again"

        await set_photo(api, "darkorange")  # a new photo: a new digest in the record
        await engine.sync_once()
        assert photo_of(psession.cache, world.bob) is None, "the old photo is not his any more"
        assert await engine.fetch_photos() == 1
        assert rgb(decoded(photo_of(psession.cache, world.bob) or b""), 3, 3)[0] > 200

        status, _ = await api.call("DELETE", "/api/v1/me/photo")
        assert status == 200
        await engine.sync_once()
        assert photo_of(psession.cache, world.bob) is None
        assert psession.cache.conn.execute("SELECT count(*) FROM person_photo").fetchone()[0] == 0
        await client.close()

    async def test_the_running_engine_fetches_photos_in_the_background(
            self, server: TestServer, api: Api, world: World,
            psession: ProfileSession) -> None:
        await psession.login(str(server.make_url("")), "alice", PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        got = asyncio.Event()
        engine.subscribe(lambda e: got.set() if isinstance(e, PhotosArrived) else None)
        stop = asyncio.Event()
        running = asyncio.ensure_future(engine.run(stop))
        await api.login("carol")
        await set_photo(api, "olive")  # while Alice's app is online: a wake-up brings it
        await asyncio.wait_for(got.wait(), 20)
        assert photo_of(psession.cache, world.carol) is not None
        assert photo_count(psession.cache) == (1, 1)
        stop.set()
        await asyncio.wait_for(running, 20)
        await client.close()


def _digest(session: ProfileSession, person_id: str) -> str:
    row = session.cache.conn.execute(
        "SELECT json_extract(body, '$.photo') FROM person WHERE id = ?", (person_id,)).fetchone()
    return str(row[0])


class TestKontorctl:
    async def test_set_and_remove_the_own_photo_and_see_it_offline(
            self, server: TestServer, world: World, tmp_path: Path) -> None:
        profile = tmp_path / "ctl"
        code, _, err = await kontorctl(profile, "login", str(server.make_url("")), "alice",
                                       "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, err
        photo = tmp_path / "me.jpg"
        photo.write_bytes(jpeg(1200, 900, gps=True))
        code, out, err = await kontorctl(profile, "me", "photo", "set", str(photo))
        assert code == 0, err
        assert out.startswith("photo set (version ")
        code, out, err = await kontorctl(profile, "status", "--json")
        assert code == 0 and '"people_with_photo": 1' in out, out
        not_a_photo = tmp_path / "cv.pdf"
        not_a_photo.write_bytes(b"%PDF-1.4 a CV")
        code, out, err = await kontorctl(profile, "me", "photo", "set", str(not_a_photo))
        assert code == 1 and "not_an_image" in err
        await server.close()
        code, out, err = await kontorctl(profile, "status", "--json")
        assert code == 0 and '"photos_here": 1' in out, out  # in the cache, server gone
        code, _, err = await kontorctl(profile, "me", "photo", "remove")
        assert code == 3 and "needs the server" in err
