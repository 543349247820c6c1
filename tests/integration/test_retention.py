"""Retention: old posts and comments leave the server and every cache that held them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig, load_config
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.read.posts import comments_of, get_post, list_posts, reactions_of
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.conftest import BOTH_BACKENDS
from tests.integration.privacy_support import add_settings, admin, admin_json
from tests.integration.sync_support import start_server

BACKENDS = BOTH_BACKENDS


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


def _spaces_with_threads(config: ServerConfig) -> tuple[str, str, list[str], str]:
    """Two company spaces the demo user reads, the first with a post that has comments
    and reactions: (its name, the other's id, the first's post ids, that post)."""
    engine = make_sync_engine(config.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.space.c.id, t.space.c.name, sa.func.count(t.post.c.id))
            .join(t.post, t.post.c.space_id == t.space.c.id)
            .where(t.space.c.visibility == "company")
            .group_by(t.space.c.id).order_by(sa.func.count(t.post.c.id).desc())).all()
        howtos = set(conn.execute(sa.select(t.responsibility.c.howto_post_id)).scalars())
        first, other = rows[0], rows[1]
        posts = [pid for pid in conn.execute(sa.select(t.post.c.id).where(
            t.post.c.space_id == first.id)).scalars() if pid not in howtos]
        threaded = conn.execute(
            sa.select(t.post.c.id).join(t.comment, t.comment.c.post_id == t.post.c.id)
            .join(t.reaction, t.reaction.c.target_id == t.post.c.id)
            .where(t.post.c.id.in_(posts)).limit(1)).scalar()
    engine.dispose()
    assert threaded is not None, "the demo company should have a post with replies"
    return first.name, other.id, posts, threaded


class TestRetentionRun:
    async def test_old_posts_leave_the_cache_and_other_spaces_keep_theirs(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        name, other_space, posts, threaded = _spaces_with_threads(config)
        await psession.login(f"http://127.0.0.1:{config.port}", DEMO_USER, DEMO_PASSWORD,
                             "pytest")
        client = psession.client()
        engine = psession.engine(client)
        await engine.sync_once()
        cache = psession.cache
        assert get_post(cache, threaded) is not None
        comment_ids = [c.comment.id for c in comments_of(cache, threaded)]
        assert comment_ids and reactions_of(cache, threaded)
        kept_before = [i.post.id for i in list_posts(cache, other_space)]
        assert kept_before

        add_settings(config.data_path, f'\n[[server.retention]]\nspaces = ["{name}"]\n'
                                       "max_age_days = 30\n")
        dry = await admin_json("retention", "run", str(config.data_path), "--dry-run")
        assert dry["dry_run"] and dry["posts"] == len(posts) and dry["comments"] > 0
        await engine.sync_once()
        assert get_post(cache, threaded) is not None  # a dry run changes nothing

        done = await admin_json("retention", "run", str(config.data_path))
        assert (done["posts"], done["comments"], done["reactions"]) == (
            dry["posts"], dry["comments"], dry["reactions"])
        await engine.sync_once()
        await client.close()
        assert all(get_post(cache, pid) is None for pid in posts)
        assert comments_of(cache, threaded) == [] and reactions_of(cache, threaded) == []
        assert cache.conn.execute(
            f"SELECT count(*) FROM comment WHERE id IN ({','.join('?' * len(comment_ids))})",
            comment_ids).fetchone()[0] == 0
        assert [i.post.id for i in list_posts(cache, other_space)] == kept_before

        engine_db = make_sync_engine(config.db_url)
        with engine_db.connect() as conn:
            entry = conn.execute(sa.select(t.audit_event).where(
                t.audit_event.c.action == "retention.run")).one()
        engine_db.dispose()
        assert entry.actor == "cli"
        assert entry.detail["posts"] == len(posts)
        assert set(entry.detail) <= {"posts", "comments", "reactions", "kept_howtos",
                                     "spaces", "unknown_spaces"}

    async def test_a_space_name_the_rules_do_not_know_is_reported(
        self, config: ServerConfig
    ) -> None:
        add_settings(config.data_path, '\n[[server.retention]]\nspaces = ["Nirgendwo"]\n'
                                       "max_age_days = 30\n")
        done = await admin_json("retention", "run", str(config.data_path))
        assert done["unknown_spaces"] == ["Nirgendwo"] and done["posts"] == 0

    async def test_without_rules_nothing_is_removed_and_the_admin_is_told(
        self, config: ServerConfig
    ) -> None:
        done = await admin("retention", "run", str(config.data_path))
        assert done.returncode == 0, done.stderr
        assert "nothing is removed" in done.stderr


class TestWhileServing:
    async def test_the_server_applies_the_rules_by_itself(
        self, config: ServerConfig, psession: ProfileSession
    ) -> None:
        name, other_space, posts, threaded = _spaces_with_threads(config)
        url = f"http://127.0.0.1:{config.port}"
        server = await start_server(config)  # no rules yet: the cache fills
        try:
            await psession.login(url, DEMO_USER, DEMO_PASSWORD, "pytest")
            client = psession.client()
            await psession.engine(client).sync_once()
            await client.close()
        finally:
            await server.close()
        assert get_post(psession.cache, threaded) is not None

        add_settings(config.data_path, f'\n[[server.retention]]\nspaces = ["{name}"]\n'
                                       "max_age_days = 30\n")
        serving = load_config(config.data_path, {"port": config.port})
        assert serving.retention[0].spaces == [name]
        server = await start_server(serving)
        try:
            client = psession.client()
            engine = psession.engine(client)
            deadline = time.monotonic() + 30
            await engine.sync_once()
            while get_post(psession.cache, threaded) is not None:
                assert time.monotonic() < deadline, "the server never applied retention"
                await asyncio.sleep(0.2)
                await engine.sync_once()
            await client.close()
        finally:
            await server.close()
        assert all(get_post(psession.cache, pid) is None for pid in posts)
        assert list_posts(psession.cache, other_space)
