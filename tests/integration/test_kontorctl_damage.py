"""Damage kontorctl meets while it runs: a page of the replica that fails its check when a
read needs it. The read says so (exit 4) and leaves the marker; the next sync checks
every page, sets the replica aside and downloads it again; the sign-in stays."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from sync.cache.db import PAGE_SIZE, stale_markers
from tests.integration.sync_support import cache_records, kontorctl, server_view
from tests.integration.test_kontorctl import open_cache
from tests.integration.test_kontorctl_reset import sign_in


async def test_a_damaged_page_met_by_a_read_is_set_aside_by_the_next_sync(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    await sign_in(profile, config)
    cache = open_cache(profile)
    root = cache.conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
    cache.close()
    assert stale_markers(profile / "cache.db") == []  # kontorctl closed cleanly
    with (profile / "cache.db").open("r+b") as fh:  # the people table's first page
        fh.seek((root - 1) * PAGE_SIZE + 100)
        fh.write(bytes(200))

    code, out, err = await kontorctl(profile, "people", "--json")
    assert code == 4 and out == ""
    assert "damaged" in err and "kontorctl reset" in err
    assert len(stale_markers(profile / "cache.db")) == 1  # the next run checks

    code, _, err = await kontorctl(profile, "sync", "-q")
    assert code == 0, err
    assert stale_markers(profile / "cache.db") == []
    assert "kontorctl: The local file cache.db is damaged" in err
    assert "your unsent posts and your sign-in are not affected" in err
    assert len(list(profile.glob("cache.db.broken-*"))) == 1
    code, out, _ = await kontorctl(profile, "people", "--json")
    assert code == 0 and len(json.loads(out)) == 50
    code, out, _ = await kontorctl(profile, "status", "--json")
    assert json.loads(out)["signed_in"]
    cache = open_cache(profile)
    try:
        assert cache_records(cache) == await server_view(live)
    finally:
        cache.close()
