"""kontorctl reset and logout --wipe, typed as the README writes them, on a real profile
against a real server: starting afresh keeps what the user wrote, and both work when
the key is gone."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.integration.damage_support import posts_on_server
from tests.integration.sync_support import (
    cache_records,
    kontorctl,
    server_view,
    start_server,
)
from tests.integration.test_first_sign_in import active_devices
from tests.integration.test_kontorctl import open_cache
from tests.integration.test_kontorctl_readme import readme_commands

README_SAYS = readme_commands()
FORGOTTEN = {"KONTOR_PASSPHRASE": "a passphrase nobody set"}


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


async def sign_in(profile: Path, config: ServerConfig) -> None:
    code, _, err = await kontorctl(profile, "login", url(config), DEMO_USER,
                                   "--password-stdin", stdin=DEMO_PASSWORD + "\n")
    assert code == 0, err


async def post_offline(profile: Path) -> str:
    cache = open_cache(profile)
    me = dict(cache.conn.execute("SELECT key, value FROM account").fetchall())["person_id"]
    space = cache.conn.execute(
        "SELECT space_id FROM membership WHERE person_id = ? LIMIT 1", (me,)).fetchone()[0]
    cache.close()
    code, _, err = await kontorctl(profile, "post", space, "Vor dem Neuanfang geschrieben")
    assert code == 3 and "outbox" in err
    code, out, _ = await kontorctl(profile, "outbox", "--json")
    [item] = json.loads(out)
    return str(item["id"])


async def test_reset_downloads_the_copy_again_and_keeps_posts_and_sign_in(
    config: ServerConfig, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    server = await start_server(config)
    await sign_in(profile, config)
    await server.close()
    item = await post_offline(profile)
    server = await start_server(config)
    try:
        code, out, err = await kontorctl(profile, *README_SAYS["reset"])
        assert code == 0, err
        assert "Your unsent posts and your sign-in were kept" in out
        assert posts_on_server(config, (item,)) == {item: 1}  # the sync that followed
        code, out, _ = await kontorctl(profile, "status", "--json")
        assert json.loads(out)["signed_in"]
        cache = open_cache(profile)
        try:
            assert cache_records(cache) == await server_view(server)
        finally:
            cache.close()
    finally:
        await server.close()


async def test_reset_with_a_forgotten_passphrase_keeps_the_store_aside(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    await sign_in(profile, config)
    code, out, err = await kontorctl(profile, *README_SAYS["reset"], env_extra=FORGOTTEN)
    assert code == 0, err
    assert "Please sign in again" in out
    [aside] = profile.glob("store.db.broken-*")
    assert aside.name in out
    code, out, _ = await kontorctl(profile, "status", "--json", env_extra=FORGOTTEN)
    assert code == 0 and not json.loads(out)["signed_in"]  # the new key opens the new files
    await sign_in_with(profile, config, FORGOTTEN)


async def sign_in_with(profile: Path, config: ServerConfig, env: dict[str, str]) -> None:
    code, _, err = await kontorctl(profile, "login", url(config), DEMO_USER,
                                   "--password-stdin", "--no-sync",
                                   stdin=DEMO_PASSWORD + "\n", env_extra=env)
    assert code == 0, err


async def test_logout_wipe_works_without_the_key(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    await sign_in(profile, config)
    code, out, err = await kontorctl(profile, *README_SAYS["logout"], env_extra=FORGOTTEN)
    assert code == 0, err
    assert "wiped the local cache" in out
    assert "the server was not told" in err and "kontor-server device revoke" in err
    left = sorted(p.name for p in profile.iterdir())
    assert left == ["profile.json"]  # no cache, no store, no key record
    assert "key_source" not in (profile / "profile.json").read_text()


async def test_logout_wipe_with_the_key_signs_out_on_the_server_too(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    before = active_devices(config)
    await sign_in(profile, config)
    assert active_devices(config) == before + 1
    code, out, err = await kontorctl(profile, *README_SAYS["logout"])
    assert code == 0, err
    assert out.strip() == "signed out and wiped the local cache"
    assert active_devices(config) == before
    assert sorted(p.name for p in profile.iterdir()) == ["profile.json"]
