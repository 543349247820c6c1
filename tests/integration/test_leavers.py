"""Leavers are anonymised after the agreed period; export and erasure on request.

A world server runs in this process; the directory import and the privacy commands run
as an admin runs them, in their own processes; Bob's real SQLCipher cache syncs.
"""

from __future__ import annotations

import asyncio
import json
import stat
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.config import load_config, write_config_file
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.read.people import get_person
from sync.cache.read.posts import comments_of, get_post, reactions_of
from sync.client import AuthFailed
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.conftest import Api
from tests.integration.privacy_support import add_settings, admin, admin_json
from tests.integration.sync_support import free_port, start_server
from tests.integration.world import PASSWORD, World, uid

DANA_PASSWORD = "Danas Passwort 4"


def _directory(with_dana: bool) -> dict[str, Any]:
    people: list[dict[str, Any]] = [{"key": "E-2", "given_name": "Erik", "family_name": "Lund",
               "email": "erik@example.test"}]
    if with_dana:
        people.append({"key": "E-1", "given_name": "Dana", "family_name": "Roth",
                       "email": "dana.roth@example.test", "site": "München",
                       "phones": [{"label": "Büro", "number": "+49 89 1234"}],
                       "skills": ["Zoll"], "username": "dana"})
    return {
        "units": [{"key": "U-1", "name": "Firma", "kind": "company", "parent": None,
                   "lead": "P-2"}],
        "positions": [
            {"key": "P-1", "title": "Zollexpertin", "unit": "U-1",
             "holder": "E-1" if with_dana else None, "deputy": None, "reports_to": "P-2"},
            {"key": "P-2", "title": "Leitung", "unit": "U-1", "holder": "E-2",
             "deputy": None, "reports_to": None}],
        "people": people,
    }


@dataclass
class Site:
    world: World
    server: TestServer
    data_dir: Path
    dana: str  # person ids
    dana_post: str  # Dana's post in the open space, with Bob's reply
    bob_reply: str

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def db(self) -> sa.Engine:
        return make_sync_engine(self.world.config.db_url)


async def _import(data_dir: Path, tmp_path: Path, with_dana: bool, *flags: str) -> None:
    path = tmp_path / f"directory-{with_dana}.json"
    path.write_text(json.dumps(_directory(with_dana)), encoding="utf-8")
    done = await admin("import", str(data_dir), str(path), *flags)
    assert done.returncode == 0, done.stderr


async def _as(api: Api, username: str, password: str = PASSWORD) -> Api:
    await api.login(username, password)
    return api


@pytest.fixture
async def site(world: World, server: TestServer, tmp_path: Path) -> AsyncIterator[Site]:
    data_dir = world.config.data_path
    write_config_file(data_dir, world.config.server_name)  # the admin's commands agree
    done = await admin("user", "add", str(data_dir), "dana", "--password-stdin",
                       stdin=DANA_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    await _import(data_dir, tmp_path, True)
    async with ClientSession() as http:
        dana_api = await _as(Api(server, http), "dana", DANA_PASSWORD)
        dana = (await dana_api.call("GET", "/api/v1/me"))[1]["id"]
        status, _ = await dana_api.call("POST", f"/api/v1/spaces/{world.open_space}/join")
        assert status == 200
        post_id = uid()
        status, body = await dana_api.call("PUT", f"/api/v1/posts/{post_id}", json={
            "space_id": world.open_space, "text": "Zollpapiere liegen bei mir"})
        assert status == 200, body
        bob = await _as(Api(server, http), "bob")
        reply = uid()
        status, body = await bob.call("PUT", f"/api/v1/comments/{reply}", json={
            "post_id": post_id, "text": "Danke!"})
        assert status == 200, body
        alice = await _as(Api(server, http), "alice")
        status, body = await alice.call("PUT", f"/api/v1/connections/{uid()}", json={
            "to_person_id": dana, "note": "weiß alles über Zoll"})
        assert status == 200, body
    yield Site(world, server, data_dir, dana, post_id, reply)


@pytest.fixture
def bob_cache(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "bob")
    yield opened
    opened.close()


async def _sync(session: ProfileSession) -> None:
    client = session.client()
    try:
        await session.engine(client).sync_once()
    finally:
        await client.close()


class TestLeavers:
    async def test_a_leaver_is_anonymised_after_the_period_in_every_cache(
        self, site: Site, bob_cache: ProfileSession, tmp_path: Path, fake_keyring: FakeKeyring
    ) -> None:
        await bob_cache.login(site.url, "bob", PASSWORD, "pytest")
        await _sync(bob_cache)
        before = get_person(bob_cache.cache, site.dana)
        assert before is not None and before.display_name == "Dana Roth"
        dana_session = ProfileSession.open(tmp_path / "dana")
        await dana_session.login(site.url, "dana", DANA_PASSWORD, "pytest")

        await _import(site.data_dir, tmp_path, False, "--prune")
        add_settings(site.data_dir, "anonymise_leavers_after_days = 30\n")
        early = await admin_json("retention", "run", str(site.data_dir))
        assert early["people_anonymised"] == 0  # she left today
        await _sync(bob_cache)
        left = get_person(bob_cache.cache, site.dana)
        assert left is not None and left.status == "left"
        assert left.display_name == "Dana Roth"

        done = await admin("people", "left", str(site.data_dir), "dana.roth@example.test",
                           "--on", "2020-01-31")
        assert done.returncode == 0, done.stderr
        due = await admin_json("people", "anonymise", str(site.data_dir), "--due")
        assert due["people_anonymised"] == 1
        await _sync(bob_cache)
        gone = get_person(bob_cache.cache, site.dana)
        assert gone is not None and gone.anonymised
        assert gone.display_name == "Former colleague"
        assert (gone.email, gone.phones, gone.skills, gone.site, gone.photo, gone.about) == (
            "", [], [], "", None, "")
        post = get_post(bob_cache.cache, site.dana_post)
        assert post is not None and post.author_id == site.dana  # the post stays
        assert [c.comment.id for c in comments_of(bob_cache.cache, site.dana_post)] == [
            site.bob_reply]
        engine = site.db()
        with engine.connect() as conn:
            history = conn.execute(sa.select(t.position.c.history, t.position.c.holder_id)
                                   .where(t.position.c.title == "Zollexpertin")).one()
            personal = conn.execute(sa.select(sa.func.count()).select_from(t.connection)
                                    .where(t.connection.c.to_id == site.dana)).scalar()
            entry = conn.execute(sa.select(t.audit_event).where(
                t.audit_event.c.action == "person.anonymise")).one()
        engine.dispose()
        assert history.holder_id is None
        assert [s["person_id"] for s in history.history] == [site.dana]
        assert history.history[0]["end"] is not None
        assert personal == 0
        assert entry.target_id == site.dana
        assert entry.detail["devices_signed_out"] == 2  # the fixture's API and her app
        assert "Dana" not in json.dumps(entry.detail)
        with pytest.raises(AuthFailed, match="revoked|disabled|signed out|sign in"):
            await _sync(dana_session)
        dana_session.close()

    async def test_the_server_anonymises_due_leavers_by_itself(
        self, site: Site, bob_cache: ProfileSession, tmp_path: Path
    ) -> None:
        await _import(site.data_dir, tmp_path, False, "--prune")
        config = load_config(site.data_dir, {
            "server_name": site.world.config.server_name, "port": free_port(),
            "anonymise_leavers_after_days": 0, "retention_interval_seconds": 0.2})
        second = await start_server(config)  # beside the fixture's, as after a restart
        try:
            await bob_cache.login(f"http://127.0.0.1:{config.port}", "bob", PASSWORD,
                                  "pytest")
            deadline = time.monotonic() + 30
            while True:
                await _sync(bob_cache)
                person = get_person(bob_cache.cache, site.dana)
                if person is not None and person.anonymised:
                    break
                assert time.monotonic() < deadline, "the server never anonymised her"
                await asyncio.sleep(0.2)
        finally:
            await second.close()
        assert person.display_name == "Former colleague"
        assert get_post(bob_cache.cache, site.dana_post) is not None

    async def test_a_leaver_is_kept_while_no_period_is_set(
        self, site: Site, tmp_path: Path
    ) -> None:
        await _import(site.data_dir, tmp_path, False, "--prune")
        done = await admin_json("retention", "run", str(site.data_dir))
        assert done["people_anonymised"] == 0
        refused = await admin("people", "anonymise", str(site.data_dir), "--due")
        assert refused.returncode == 1
        assert "anonymise_leavers_after_days is not set" in refused.stderr


class TestExport:
    async def test_one_persons_data_in_a_private_file(self, site: Site, tmp_path: Path) -> None:
        out = tmp_path / "dana.json"
        done = await admin("export-person", str(site.data_dir), "E-1", str(out))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["format"] == "kontor-person-export" and data["format_version"] == 1
        assert data["person"]["id"] == site.dana
        assert data["person"]["email"] == "dana.roth@example.test"
        assert [p["id"] for p in data["posts"]] == [site.dana_post]
        assert data["comments"] == []  # Bob's reply is Bob's
        assert [h["title"] for h in data["positions_held"]] == ["Zollexpertin"]
        assert data["positions_held"][0]["holds_now"] is True
        assert [a["username"] for a in data["accounts"]] == ["dana"]
        assert len(data["devices"]) == 1 and data["consents"] == {"show_as_hub": False}
        assert data["personal_connections"] == []  # Alice's note about her is Alice's
        assert any(e["action"] == "session.login" or e["actor"] == "dana"
                   for e in data["audit"])
        text = out.read_text(encoding="utf-8")
        assert "$argon2" not in text and "token" not in text
        again = await admin("export-person", str(site.data_dir), "E-1", str(out))
        assert again.returncode == 1 and "never overwrites" in again.stderr

    async def test_an_unknown_person_is_named_in_the_error(
        self, site: Site, tmp_path: Path
    ) -> None:
        done = await admin("export-person", str(site.data_dir), "nobody@example.test",
                           str(tmp_path / "x.json"))
        assert done.returncode == 1
        assert "no person matches 'nobody@example.test'" in done.stderr
        assert not (tmp_path / "x.json").exists()


class TestErasure:
    async def test_erasure_removes_what_they_wrote_and_keeps_others_replies(
        self, site: Site, bob_cache: ProfileSession
    ) -> None:
        async with ClientSession() as http:
            dana = await _as(Api(site.server, http), "dana", DANA_PASSWORD)
            alone = uid()
            status, _ = await dana.call("PUT", f"/api/v1/posts/{alone}", json={
                "space_id": site.world.open_space, "text": "Niemand antwortet hier"})
            assert status == 200
            alice = await _as(Api(site.server, http), "alice")
            alices = uid()
            status, _ = await alice.call("PUT", f"/api/v1/posts/{alices}", json={
                "space_id": site.world.open_space, "text": "Wer kennt sich mit Zoll aus?"})
            assert status == 200
            hers = uid()
            status, _ = await dana.call("PUT", f"/api/v1/comments/{hers}", json={
                "post_id": alices, "text": "Ich!"})
            assert status == 200
            status, _ = await dana.call("PUT", f"/api/v1/reactions/{uid()}", json={
                "target_id": alices, "emoji": "👍"})
            assert status == 200
        await bob_cache.login(site.url, "bob", PASSWORD, "pytest")
        await _sync(bob_cache)
        assert get_post(bob_cache.cache, alone) is not None
        assert reactions_of(bob_cache.cache, alices)

        refused = await admin("erase-person", str(site.data_dir), "dana")
        assert refused.returncode == 1 and "--confirm" in refused.stderr
        done = await admin_json("erase-person", str(site.data_dir), "dana", "--confirm")
        assert (done["posts"], done["comments"], done["reactions"], done["posts_kept"],
                done["accounts_deleted"]) == (1, 1, 1, 1, 1)
        await _sync(bob_cache)
        cache = bob_cache.cache
        assert get_post(cache, alone) is None
        assert get_post(cache, alices) is not None
        assert comments_of(cache, alices) == [] and reactions_of(cache, alices) == []
        kept = get_post(cache, site.dana_post)  # Bob replied: kept, author anonymised
        assert kept is not None
        person = get_person(cache, site.dana)
        assert person is not None and person.display_name == "Former colleague"
        async with ClientSession() as http:
            async with http.post(f"{site.url}/api/v1/login", json={
                    "username": "dana", "password": DANA_PASSWORD,
                    "device_name": "x"}) as answer:
                assert answer.status == 401
        engine = site.db()
        with engine.connect() as conn:
            keys = conn.execute(sa.select(t.import_key.c.key).where(
                t.import_key.c.record_id == site.dana)).all()
            actors = set(conn.execute(sa.select(t.audit_event.c.actor)).scalars())
        engine.dispose()
        assert keys == [] and "dana" not in actors
