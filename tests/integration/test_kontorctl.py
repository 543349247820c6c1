"""kontorctl as a user runs it: a subprocess against a real server and a real profile."""

from __future__ import annotations

import asyncio
import json
import random
import signal
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.keys import KeyStore
from sync.profile import open_profile
from tests.integration.sync_support import (
    KONTORCTL,
    cache_records,
    demo_config,
    kontorctl_env,
    server_view,
    start_server,
)


async def run(profile: Path, *args: str, stdin: str = "", env: dict | None = None,
              timeout: float = 60) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env or kontorctl_env(profile))
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout)
    return proc.returncode or 0, out.decode(), err.decode()


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> ServerConfig:
    """A larger demo than the shared one (tests/integration/conftest.py)."""
    return demo_config(tmp_path_factory.mktemp("ctl") / "data", people=400)


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


def open_cache(profile: Path) -> Cache:
    import os

    os.environ["KONTOR_PASSPHRASE"] = kontorctl_env(profile)["KONTOR_PASSPHRASE"]
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    prof = open_profile(profile)
    key = KeyStore(prof.dir, prof.id, lambda: os.environ["KONTOR_PASSPHRASE"]).get()
    assert key is not None
    return Cache.open(prof.cache_path, key, readonly=True)


class TestKontorctl:
    async def test_login_then_reads_work_offline(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        code, out, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                   stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        assert "signed in" in out
        code, out, _ = await run(profile, "status", "--json")
        status = json.loads(out)
        assert code == 0 and status["signed_in"] and status["people"] == 400
        await live.close()  # offline from here on
        code, out, _ = await run(profile, "people", "--json")
        people = json.loads(out)
        assert code == 0 and len(people) == 50
        surname = people[0]["name"].split()[-1]
        code, out, _ = await run(profile, "people", surname, "--json")
        assert code == 0 and all(surname in p["name"] for p in json.loads(out))
        code, out, _ = await run(profile, "person", people[0]["id"], "--json")
        assert code == 0 and json.loads(out)["person"]["id"] == people[0]["id"]
        code, out, _ = await run(profile, "who", "Reisekosten", "--json")
        answers = json.loads(out)
        assert code == 0 and answers and "Reise" in answers[0]["responsibility"]
        code, out, _ = await run(profile, "search", surname)
        assert code == 0 and surname in out
        code, _, err = await run(profile, "sync")
        assert code == 3 and "cannot be reached" in err

    async def test_post_offline_is_queued_and_sent_later(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        profile = tmp_path / "p"
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        await server.close()
        _, out, _ = await run(profile, "spaces", "--json")
        cache = open_cache(profile)
        me = dict(cache.conn.execute("SELECT key, value FROM account").fetchall())["person_id"]
        space = cache.conn.execute(
            "SELECT space_id FROM membership WHERE person_id = ? LIMIT 1", (me,)).fetchone()[0]
        cache.close()
        code, out, err = await run(profile, "post", space, "Geschrieben im Zug ohne Netz")
        assert code == 3 and "outbox" in err
        code, out, _ = await run(profile, "outbox", "--json")
        [item] = json.loads(out)
        assert item["state"] == "pending"
        server = await start_server(config)
        code, _, err = await run(profile, "sync")
        assert code == 0, err
        code, out, _ = await run(profile, "outbox", "--json")
        assert json.loads(out) == []
        view = await server_view(server)
        assert view[("post", item["id"])]["text"] == "Geschrieben im Zug ohne Netz"
        await server.close()

    async def test_a_post_the_server_would_refuse_is_refused_at_once(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        """Not a member, or an announcement without being a moderator: exit 1 with the
        reason, and nothing waits in the outbox to fail later."""
        profile = tmp_path / "p"
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        cache = open_cache(profile)
        me = dict(cache.conn.execute("SELECT key, value FROM account").fetchall())["person_id"]
        stranger = cache.conn.execute(
            "SELECT id, name FROM space WHERE space_kind != 'announcements' AND id NOT IN"
            " (SELECT space_id FROM membership WHERE person_id = ?) LIMIT 1", (me,)).fetchone()
        news = cache.conn.execute(
            "SELECT id, name FROM space WHERE space_kind = 'announcements' AND id NOT IN"
            " (SELECT space_id FROM membership WHERE person_id = ? AND role = 'moderator')"
            " LIMIT 1", (me,)).fetchone()
        cache.close()
        assert stranger is not None and news is not None
        code, _, err = await run(profile, "post", stranger[0], "Hallo Fremde")
        assert code == 1 and f"not a member of {stranger[1]}" in err
        code, _, err = await run(profile, "post", news[1], "Wichtige Nachricht")
        assert code == 1 and f"moderators of {news[1]}" in err
        code, out, _ = await run(profile, "outbox", "--json")
        assert json.loads(out) == []

    async def test_sigkill_during_initial_sync_then_resume_is_exact(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        env = kontorctl_env(profile) | {"KONTOR_SYNC_PAGE_LIMIT": "25"}
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 "--no-sync", stdin=DEMO_PASSWORD + "\n", env=env)
        assert code == 0, err
        rng = random.Random(11)
        killed = 0
        partial = []
        for _ in range(5):
            proc = await asyncio.create_subprocess_exec(
                *KONTORCTL, "sync", "-q", env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            # Kill soon after this run committed something: mid-sync, not at start-up.
            wal = profile / "cache.db-wal"
            before = wal.stat().st_size if wal.exists() else 0
            for _ in range(300):
                if proc.returncode is not None or (wal.exists() and wal.stat().st_size != before):
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(rng.uniform(0.0, 0.4))
            if proc.returncode is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            await proc.wait()
            if (profile / "cache.db").exists():
                cache = open_cache(profile)
                partial.append(len(cache_records(cache)))
                cache.close()
        code, _, err = await run(profile, "sync", "-q", env=env)
        assert code == 0, err
        assert killed >= 1
        cache = open_cache(profile)
        held = cache_records(cache)
        cache.close()
        expected = await server_view(live)
        assert held.keys() == expected.keys()
        assert all(held[k] == v for k, v in expected.items())
        assert any(0 < n < len(expected) for n in partial), partial  # killed mid-sync

    async def test_exit_codes(self, config: ServerConfig, tmp_path: Path) -> None:
        profile = tmp_path / "p"
        code, _, err = await run(profile, "sync")
        assert code == 2 and "not signed in" in err
        code, _, _ = await run(profile, "no-such-command")
        assert code == 1
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 stdin="x\n")
        assert code == 3  # nothing listens on that port
        server = await start_server(config)
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 stdin="wrong password\n")
        assert code == 2 and "wrong" in err
        await server.close()

    async def test_damaged_cache_is_moved_aside_and_rebuilt(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 "-q", stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        cache_file = profile / "cache.db"
        cache_file.write_bytes(b"this is not a database" * 500)
        code, out, err = await run(profile, "status", "--json")
        assert code == 0
        assert "moved aside" in err.lower() or "damaged" in err.lower()
        assert list(profile.glob("cache.db.broken-*"))
        code, _, err = await run(profile, "logout", "--wipe")
        assert code == 0 and not cache_file.exists()


class TestWatch:
    async def test_sync_watch_follows_live_changes_and_stops_cleanly(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        """A post written by someone else reaches the watching profile without a new run."""
        import uuid6
        from aiohttp import ClientSession

        from tests.integration.conftest import Api

        profile = tmp_path / "p"
        code, _, err = await run(profile, "login", url(config), DEMO_USER, "--password-stdin",
                                 "--no-sync", stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        watcher = await asyncio.create_subprocess_exec(
            *KONTORCTL, "sync", "--watch", "-q", env=kontorctl_env(profile),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            for _ in range(300):  # the watcher's first sync has finished
                if (profile / "cache.db").exists():
                    cache = open_cache(profile)
                    synced = cache.conn.execute(
                        "SELECT value FROM sync_state WHERE key = 'last_sync_at'").fetchone()
                    cache.close()
                    if synced:
                        break
                await asyncio.sleep(0.1)
            async with ClientSession() as http:
                author = Api(live, http)
                me = await author.login(DEMO_USER, DEMO_PASSWORD)
                changes, _ = await author.whole_feed(limit=1000)
                space = next(c["body"]["space_id"] for c in changes if c["kind"] == "membership"
                             and c["body"]["person_id"] == me["person_id"])
                text = "Live: die Kantine hat heute länger offen"
                post_id = str(uuid6.uuid7())
                status, _ = await author.call("PUT", f"/api/v1/posts/{post_id}",
                                              json={"space_id": space, "text": text})
                assert status == 200
            for _ in range(300):
                if (profile / "cache.db").exists():
                    cache = open_cache(profile)
                    found = cache.conn.execute(
                        "SELECT count(*) FROM post WHERE id = ?", (post_id,)).fetchone()[0]
                    cache.close()
                    if found:
                        break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("the watching profile never received the post")
        finally:
            watcher.send_signal(signal.SIGTERM)
            _, err_bytes = await asyncio.wait_for(watcher.communicate(), 20)
        assert watcher.returncode == 0, err_bytes.decode()
