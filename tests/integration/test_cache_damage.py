"""Damage to the client's files: what the user wrote and the sign-in survive it.

Real SQLCipher files of a profile that synced the demo company from a real server and
then wrote three posts offline; each round damages one of its two files (cache.db, the
replica; store.db, outbox and sign-in) as a crash, a full disk or a bad sector would,
then opens the profile and syncs. Figures: docs/reliability.md (Client).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from sync.cache.db import marker_path
from sync.cache.write import outbox
from sync.session import ProfileSession
from tests.integration.damage_support import (
    DAMAGES,
    Template,
    build_template,
    open_session,
    posts_on_server,
)
from tests.integration.sync_support import cache_records, server_view, start_server


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """No OS keyring here: the key comes from the profile's passphrase."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        return build_template(tmp_path_factory.mktemp("damage"))
    finally:
        keyring.set_keyring(previous)


def pages_ok(session: ProfileSession) -> bool:
    conn = session.cache.conn
    return (conn.execute("PRAGMA main.cipher_integrity_check").fetchall() == []
            and conn.execute("PRAGMA store.cipher_integrity_check").fetchall() == []
            and session.cache.integrity_problems() == [])


async def sync(session: ProfileSession) -> None:
    client = session.client()
    try:
        await session.engine(client).sync_once()
    finally:
        await client.close()


class TestReplicaCutShort:
    async def test_every_unsent_post_and_the_sign_in_survive(
        self, template: Template, tmp_path: Path
    ) -> None:
        """The last 4 KiB of the replica cut off: it is moved aside and rebuilt, the
        three posts written offline reach the server, nobody is signed out."""
        config, profile = template.copy(tmp_path)
        replica = profile / "cache.db"
        size = replica.stat().st_size
        assert size > 3_000_000  # the size of the reported case (about 3.5 MB)
        replica.write_bytes(replica.read_bytes()[:-4096])

        session = open_session(profile)
        assert [i.id for i in outbox.pending(session.cache)] == list(template.post_ids)
        [note] = session.recovery.done
        assert note.part == "replica" and note.moved_to is not None and note.moved_to.exists()
        assert "your unsent posts and your sign-in are not affected" in session.recovery.message
        assert session.state().logged_in
        server = await start_server(config)
        try:
            await sync(session)
            assert posts_on_server(config, template.post_ids) == dict.fromkeys(
                template.post_ids, 1)
            assert outbox.all_items(session.cache) == []
            assert cache_records(session.cache) == await server_view(server)
        finally:
            session.close()
            await server.close()


class TestOneFileProfile:
    async def test_outbox_and_sign_in_move_into_the_store_on_first_open(
        self, template: Template, tmp_path: Path
    ) -> None:
        """A profile of the earlier layout (one file: outbox and account in cache.db,
        format 2) opens as before, its items and token now in the store."""
        config, profile = template.copy(tmp_path)
        make_one_file_profile(profile)
        assert not (profile / "store.db").exists()

        session = open_session(profile)
        assert not session.recovery
        tables = {r[0] for r in session.cache.conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'")}
        assert "outbox" not in tables
        assert [i.id for i in outbox.pending(session.cache)] == list(template.post_ids)
        assert session.state().logged_in
        stored = session.cache.conn.execute(
            "SELECT count(*) FROM store.outbox").fetchone()[0]
        assert stored == 3
        server = await start_server(config)
        try:
            await sync(session)
            assert posts_on_server(config, template.post_ids) == dict.fromkeys(
                template.post_ids, 1)
        finally:
            session.close()
            await server.close()


def make_one_file_profile(profile: Path) -> None:
    """Rewrite a profile into the layout Kontor wrote before the store (format 2):
    outbox table and account keys in cache.db, no store.db."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from sync.cache.migrations import MIGRATIONS
    from sync.cache.migrations.step1 import STEP_1
    from sync.cache.migrations.step4 import STEP_4
    from sync.cache.migrations.store import ACCOUNT_KEYS, OUTBOX_COLUMNS

    session = open_session(profile)
    key = session.keystore.get_or_create()
    session.close()
    conn = sqlcipher.connect(str(profile / "cache.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("ATTACH DATABASE ? AS store KEY ?",
                 (str(profile / "store.db"), f"x'{key.hex()}'"))
    start = STEP_1.index("CREATE TABLE outbox")
    outbox_ddl = STEP_1[start:STEP_1.index(");", start) + 2].replace(
        "CREATE TABLE outbox", "CREATE TABLE main.outbox")
    keys = ", ".join(f"'{k}'" for k in ACCOUNT_KEYS)
    conn.execute("BEGIN")
    conn.execute(outbox_ddl)
    conn.execute(f"INSERT INTO main.outbox ({OUTBOX_COLUMNS}) "
                 f"SELECT {OUTBOX_COLUMNS} FROM store.outbox")
    conn.execute(f"INSERT INTO main.sync_state SELECT key, value FROM store.account "
                 f"WHERE key IN ({keys})")
    conn.execute("DELETE FROM main.sync_state WHERE key = 'store_id'")
    conn.execute("DROP TABLE main.outbox_copy")
    conn.execute("DROP TABLE main.account_copy")
    # The steps after the store (4 on) are undone, to run again: their triggers, indexes
    # and tables (a virtual table a step drops and makes again needs nothing).
    made = [found for script in MIGRATIONS[MIGRATIONS.index(STEP_4):]
            for found in re.findall(r"CREATE (TRIGGER|INDEX|TABLE) (\w+)", script)]
    for kind in ("TRIGGER", "INDEX", "TABLE"):
        for name in (name for made_kind, name in made if made_kind == kind):
            conn.execute(f"DROP {kind} IF EXISTS main.{name}")
    conn.execute("PRAGMA main.user_version = 2")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE store")
    conn.close()
    for name in ("store.db", "store.db-wal", "store.db-shm"):
        (profile / name).unlink(missing_ok=True)


def gone_pid() -> int:
    """The id of a process that has ended (as a writer that crashed)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


ROUNDS = [(part, name) for part in ("cache.db", "store.db") for name in DAMAGES]


@pytest.mark.parametrize(("part", "damage"), ROUNDS, ids=[f"{p}-{d}" for p, d in ROUNDS])
async def test_damage_round(template: Template, tmp_path: Path, part: str, damage: str,
                            ) -> None:
    """One round: damage one file after a run that did not close cleanly, open, sync.

    The replica: rebuilt, posts and sign-in untouched. The store: salvaged from what
    of it can be read and from the replica's copy. Either way every post reaches the
    server exactly once, nobody signs in again, the files end intact and the replica
    equals what the server shows.
    """
    config, profile = template.copy(tmp_path)
    DAMAGES[damage](profile / part)
    marker_path(profile / "cache.db", gone_pid()).touch()  # that run did not close cleanly

    session = open_session(profile)
    kept = [i.id for i in outbox.pending(session.cache)]
    notes = session.recovery.done
    assert notes, "the damage went unnoticed"
    expected = "replica" if part == "cache.db" else "store"
    assert [n.part for n in notes] == [expected]
    assert kept == list(template.post_ids)  # all of them, in their order
    assert session.state().logged_in
    if part == "store.db":
        assert "3 unsent item(s) were kept and will be sent" in notes[0].message
    server = await start_server(config)
    try:
        await sync(session)
        assert posts_on_server(config, template.post_ids) == dict.fromkeys(
            template.post_ids, 1)
        assert cache_records(session.cache) == await server_view(server)
        assert pages_ok(session)
    finally:
        session.close()
        await server.close()




async def test_both_files_damaged_says_plainly_what_is_lost(
    template: Template, tmp_path: Path
) -> None:
    """The store's first page and the replica both gone: nothing is left to salvage
    from, and the message says so (posts not readable, sign in again); the damaged
    files are kept aside."""
    config, profile = template.copy(tmp_path)
    DAMAGES["zero-header"](profile / "store.db")
    DAMAGES["cut-4k"](profile / "cache.db")

    session = open_session(profile)
    try:
        assert outbox.all_items(session.cache) == []
        assert not session.state().logged_in
        message = session.recovery.message
        assert "None of the unsent items could be read" in message
        assert "please sign in again" in message
        assert all(n.moved_to is not None and n.moved_to.exists()
                   for n in session.recovery.done)
    finally:
        session.close()
