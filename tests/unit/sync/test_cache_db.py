"""Opening the SQLCipher cache: encryption at rest, key checks, refusal and recovery."""

from __future__ import annotations

import re
import secrets
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.db import (
    PAGE_SIZE,
    Cache,
    CacheCorruptError,
    CacheError,
    CacheIOError,
    CacheKeyError,
    CacheMissingError,
    CacheTooNewError,
    marker_path,
    stale_markers,
    wipe,
)
from sync.cache.migrations import CURRENT_VERSION
from sync.cache.read.people import get_person
from sync.cache.read.posts import list_posts
from sync.cache.recovery import open_or_recover
from sync.cache.write import outbox
from sync.cache.write.apply import apply_page
from sync.cache.write.outbox import OutboxItem
from sync.protocol import Person
from tests.unit.sync import factories as f

SECRET_NAME = "Jürgen Müllerschön"
SECRET_TEXT = "Quartalsbericht Vertraulich Zebrafink"


def _fill(cache: Cache, people: int = 0) -> Person:
    """A person and a post with recognisable text, plus filler people."""
    secret = f.person("Jürgen", "Müllerschön", about="Mag den Zebrafink")
    space = f.space()
    changes = f.puts(secret, space, f.post(space.id, secret.id, SECRET_TEXT))
    changes += f.puts(
        *(f.person(f"Filler{i}", f"Person{i}", about="x" * 200) for i in range(people))
    )
    apply_page(cache, changes, "cursor-1")
    return secret


def _needles() -> list[bytes]:
    words = [
        "Müllerschön",
        "Mullerschon",
        "mullerschon",
        "Quartalsbericht",
        "quartalsbericht",
        "Zebrafink",
        "zebrafink",
    ]
    return [w.encode("utf-8") for w in words] + [w.encode("utf-16-le") for w in words[:3]]


def _files_with_plaintext(directory: Path) -> list[str]:
    found = []
    for file in directory.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            found += [f"{file.name}: {n!r}" for n in _needles() if n in data]
    return found


def _outbox_item(text: str = "offline geschrieben") -> OutboxItem:
    item_id = f.new_id()
    return OutboxItem.new(
        id=item_id,
        kind="post",
        method="PUT",
        path=f"/api/v1/posts/{item_id}",
        body=f'{{"space_id": "{f.new_id()}", "text": "{text}"}}'.encode(),
    )


def _half_pages(data: bytes) -> bytes:
    return data[: (len(data) // PAGE_SIZE // 2) * PAGE_SIZE]


class TestOpen:
    def test_new_cache_is_migrated_and_configured(self, cache: Cache) -> None:
        conn = cache.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY

    def test_file_is_owner_only(self, cache: Cache) -> None:
        assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600

    def test_key_must_be_32_bytes(self, cache_path: Path) -> None:
        with pytest.raises(ValueError, match="must be 32 bytes"):
            Cache.open(cache_path, b"short")

    def test_reopen_with_the_same_key(self, cache_path: Path, key: bytes) -> None:
        with Cache.open(cache_path, key) as cache:
            secret = _fill(cache)
        with Cache.open(cache_path, key) as cache:
            assert get_person(cache, secret.id) == secret

    def test_wrong_key_is_reported_in_plain_words(self, cache_path: Path, key: bytes) -> None:
        Cache.open(cache_path, key).close()
        with pytest.raises(CacheKeyError, match="cannot be opened with its key") as info:
            Cache.open(cache_path, secrets.token_bytes(32))
        assert "key" in info.value.user_message

    def test_unopenable_place_is_an_environment_error(self, tmp_path: Path, key: bytes) -> None:
        with pytest.raises(CacheIOError, match="cannot be opened") as info:
            Cache.open(tmp_path / "no" / "such" / "dir" / "cache.db", key)
        assert "cannot be opened" in info.value.user_message

    def test_transaction_rolls_back_and_does_not_nest(self, cache: Cache) -> None:
        with (pytest.raises(ZeroDivisionError, match="division by zero"),
              cache.transaction() as conn):
            conn.execute("INSERT INTO sync_state VALUES ('cursor', 'x')")
            _ = 1 / 0
        assert cache.conn.execute("SELECT count(*) FROM sync_state").fetchone()[0] == 0
        with (pytest.raises(RuntimeError, match="do not nest"),
              cache.transaction(), cache.transaction()):
            pass


class TestEncryptionAtRest:
    def test_no_plaintext_while_open_and_after_close(self, tmp_path: Path, key: bytes) -> None:
        cache = Cache.open(tmp_path / "cache.db", key)
        _fill(cache, people=300)
        assert Path(f"{cache.path}-wal").stat().st_size > 0
        assert _files_with_plaintext(tmp_path) == []
        cache.close()
        assert _files_with_plaintext(tmp_path) == []

    def test_stdlib_sqlite_cannot_read_it_but_the_key_can(
        self, cache_path: Path, key: bytes
    ) -> None:
        with Cache.open(cache_path, key) as cache:
            secret = _fill(cache)
        plain = sqlite3.connect(cache_path)
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
        plain.close()
        with Cache.open(cache_path, key, readonly=True) as cache:
            assert get_person(cache, secret.id) == secret


class TestReaders:
    def test_reader_sees_writes_from_another_thread(self, cache: Cache, key: bytes) -> None:
        reader = Cache.open(cache.path, key, readonly=True)
        errors: list[BaseException] = []

        def write() -> None:
            try:
                with Cache.open(cache.path, key) as writer:
                    _fill(writer)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=write)
        thread.start()
        thread.join()
        assert errors == []
        assert reader.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        reader.close()

    def test_reader_cannot_write(self, cache: Cache, key: bytes) -> None:
        with Cache.open(cache.path, key, readonly=True) as reader:
            with pytest.raises(sqlcipher.OperationalError, match="readonly database"):
                reader.conn.execute("INSERT INTO sync_state VALUES ('cursor', 'x')")

    def test_reader_never_creates_or_migrates(self, tmp_path: Path, key: bytes) -> None:
        with pytest.raises(CacheMissingError, match="no local cache at"):
            Cache.open(tmp_path / "missing.db", key, readonly=True)
        assert not (tmp_path / "missing.db").exists()
        for name in ("bare.db", "bare.store.db"):
            bare = sqlcipher.connect(str(tmp_path / name))
            bare.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            bare.execute("CREATE TABLE t (x)")
            bare.commit()
            bare.close()
        with pytest.raises(CacheError, match="not prepared"):
            Cache.open(tmp_path / "bare.db", key, readonly=True)


class TestTooNew:
    def test_newer_file_is_refused_and_left_alone(self, cache_path: Path, key: bytes) -> None:
        with Cache.open(cache_path, key) as cache:
            cache.conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
        before = cache_path.read_bytes()
        for opener in (
            lambda: Cache.open(cache_path, key),
            lambda: open_or_recover(cache_path, key),
        ):
            with pytest.raises(CacheTooNewError, match="newer version of Kontor") as info:
                opener()
            assert "newer version of Kontor" in info.value.user_message
        with pytest.raises(CacheTooNewError, match="newer version of Kontor"):
            Cache.open(cache_path, key, readonly=True)
        assert cache_path.read_bytes() == before
        assert list(cache_path.parent.glob("*.broken-*")) == []


class TestOpenOrRecover:
    def test_healthy_file_opens_without_recovery(self, cache_path: Path, key: bytes) -> None:
        cache, found = open_or_recover(cache_path, key)
        recovery = found.done[0] if found else None
        cache.close()
        assert recovery is None

    def test_wrong_key_moves_the_file_aside(self, cache_path: Path, key: bytes) -> None:
        with Cache.open(cache_path, key) as cache:
            _fill(cache)
            outbox.enqueue(cache, _outbox_item())
        old = cache_path.read_bytes()
        new_key = secrets.token_bytes(32)
        cache, found = open_or_recover(cache_path, new_key)
        recovery = found.done[0] if found else None
        assert recovery is not None and recovery.moved_to is not None
        assert [r.part for r in found.done] == ["replica", "store"]  # one key, both files
        assert re.fullmatch(r"cache\.db\.broken-\d{8}T\d{6}", recovery.moved_to.name)
        assert recovery.moved_to.read_bytes() == old  # kept, never deleted
        assert "cannot be opened with its key" in recovery.reason
        assert recovery.outbox_carried == 0  # unreadable without the old key: honest zero
        assert recovery.moved_to.name in recovery.message
        assert cache.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0
        _fill(cache)
        cache.close()
        with Cache.open(cache_path, new_key):
            pass

    @pytest.mark.parametrize(
        ("damage", "words"),
        [
            (lambda p: p.write_bytes(b"garbage " * 2000), "damaged"),
            (lambda p: p.write_bytes(p.read_bytes()[: PAGE_SIZE * 3 + 1000]), "damaged"),
            (lambda p: p.write_bytes(p.read_bytes()[: PAGE_SIZE * 4]), "damaged"),
            (lambda p: p.write_bytes(_half_pages(p.read_bytes())), "damaged"),
        ],
        ids=["garbage", "truncated-mid-page", "cut-in-schema", "cut-after-schema"],
    )
    def test_damaged_file_is_moved_aside(self, cache_path: Path, key: bytes, damage, words) -> None:
        with Cache.open(cache_path, key) as cache:
            _fill(cache, people=200)
        damage(cache_path)
        cache, found = open_or_recover(cache_path, key)
        recovery = found.done[0] if found else None
        with cache:
            assert recovery is not None and recovery.moved_to is not None
            assert words in recovery.reason
            assert recovery.moved_to.exists()
            assert cache.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION

    def test_plain_sqlite_file_is_named_as_such(self, cache_path: Path, key: bytes) -> None:
        plain = sqlite3.connect(cache_path)
        plain.execute("CREATE TABLE t (x)")
        plain.commit()
        plain.close()
        with pytest.raises(CacheCorruptError, match="unencrypted"):
            Cache.open(cache_path, key)
        cache, found = open_or_recover(cache_path, key)
        recovery = found.done[0] if found else None
        cache.close()
        assert recovery is not None and "unencrypted" in recovery.reason

    def test_outbox_stays_when_the_replica_is_damaged(
        self, cache_path: Path, key: bytes
    ) -> None:
        with Cache.open(cache_path, key) as cache:
            first = outbox.enqueue(cache, _outbox_item("erster"))
            second = outbox.enqueue(cache, _outbox_item("zweiter"))
            outbox.mark_failed(cache, second.id, "space is read-only")
            _fill(cache, people=400)  # people and their index fill the later pages
        data = bytearray(cache_path.read_bytes())
        pages = len(data) // PAGE_SIZE
        victim = (pages - 3) * PAGE_SIZE + 500  # a data page far from schema and outbox
        data[victim : victim + 64] = secrets.token_bytes(64)
        cache_path.write_bytes(bytes(data))

        with Cache.open(cache_path, key) as damaged:  # page 1 is intact: it opens...
            assert damaged.integrity_problems() != []  # ...but the check finds the damage
        cache, found = open_or_recover(cache_path, key, check=True)
        recovery = found.done[0] if found else None
        with cache:
            assert recovery is not None and recovery.part == "replica"
            assert "damaged" in recovery.reason
            assert recovery.outbox_carried == 0  # nothing to carry: it lives in the store
            assert cache.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0
            carried = outbox.all_items(cache)
            assert [(i.id, i.body, i.state, i.error) for i in carried] == [
                (first.id, first.body, "pending", None),
                (second.id, second.body, "failed", "space is read-only"),
            ]
            shown = {(i.post.text, i.pending_state) for i in list_posts(cache)}
            assert shown == {("erster", "pending"), ("zweiter", "failed")}
            assert "unsent posts and your sign-in are not affected" in recovery.message

    def test_two_recoveries_in_one_second_keep_both_files(
        self, cache_path: Path, key: bytes
    ) -> None:
        moved = []
        for _ in range(2):
            cache_path.write_bytes(b"garbage " * 1000)
            cache, found = open_or_recover(cache_path, key)
            recovery = found.done[0] if found else None
            cache.close()
            assert recovery is not None and recovery.moved_to is not None
            moved.append(recovery.moved_to)
        assert moved[0] != moved[1] and all(m.exists() for m in moved)


def test_wipe_removes_cache_and_side_files(cache_path: Path, key: bytes) -> None:
    cache = Cache.open(cache_path, key)
    _fill(cache)
    wipe(cache_path)  # even with the writer still open (revocation can come mid-sync)
    cache.close()
    assert [p.name for p in cache_path.parent.iterdir() if p.name.startswith("cache.db")] == []
    wipe(cache_path)  # nothing there: no error


class TestUncleanExit:
    """A writer's marker tells a crashed run from one still running beside this one."""

    @staticmethod
    def _damage_a_late_page(cache_path: Path) -> None:
        data = bytearray(cache_path.read_bytes())
        victim = (len(data) // PAGE_SIZE - 3) * PAGE_SIZE + 500
        data[victim: victim + 64] = secrets.token_bytes(64)
        cache_path.write_bytes(bytes(data))

    def test_the_marker_of_a_process_that_is_gone_makes_the_open_check(
        self, cache_path: Path, key: bytes
    ) -> None:
        with Cache.open(cache_path, key) as cache:
            _fill(cache, people=400)
        assert stale_markers(cache_path) == []  # closed cleanly: no marker left
        self._damage_a_late_page(cache_path)
        with Cache.open(cache_path, key):
            pass  # a clean last exit: no check, the open is instant
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        marker_path(cache_path, gone.pid).touch()
        with pytest.raises(CacheCorruptError, match="HMAC verification failed"):
            Cache.open(cache_path, key)

    def test_the_marker_of_a_running_process_is_no_crash(
        self, cache_path: Path, key: bytes
    ) -> None:
        with Cache.open(cache_path, key) as cache:
            _fill(cache, people=400)
        self._damage_a_late_page(cache_path)
        running = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE)
        try:
            marker_path(cache_path, running.pid).touch()
            assert stale_markers(cache_path) == []
            with Cache.open(cache_path, key):
                pass  # kontorctl beside the running app: no check of every page
        finally:
            running.communicate(b"\n")
        assert stale_markers(cache_path) == [marker_path(cache_path, running.pid)]
