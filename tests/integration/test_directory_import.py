"""kontor-server import: an HR export becomes the directory clients sync, again and again.

Every test works on a data directory made by `kontor-server init` and an account made by
`kontor-server user add` (real subprocesses), imports docs/examples/org-import.json or a
variation of it, and looks at the result the way users meet it: through a client that
signs in and syncs, or through the feed and records of the server's database.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import io
import json
import secrets
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import web
from aiohttp.test_utils import TestServer

from server_stub.cli import main as kontor_server
from server_stub.config import ServerConfig, load_config, write_config_file
from server_stub.directory_import import importer as directory_import
from server_stub.directory_import.managers import managers
from server_stub.services import handover, org_rules
from server_stub.services.context import WriteContext
from server_stub.services.live import Listener, LiveHub, watch_feed_head
from server_stub.storage import records
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.feed import max_seq
from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.org import chain_up, unit_children, unit_path, unit_seats
from sync.cache.read.people import get_org_unit, get_person, get_position
from sync.cache.write import state as cache_state
from sync.client import AuthFailed, KontorClient
from sync.engine import StatusChanged, Synced, SyncEngine
from tests.integration.conftest import BOTH_BACKENDS
from tests.integration.photo_support import bomb_png, decoded, jpeg, png, webp
from tests.integration.sync_support import free_port, set_database_url, start_server

BACKENDS = BOTH_BACKENDS

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "docs" / "examples" / "org-import.json"
USERNAME = "anna.berg"  # linked to E-0004 by the example file
PASSWORD = "Annas Passwort 1"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server_stub.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, cwd=REPO)


@pytest.fixture(scope="module")
def fresh_dir(tmp_path_factory: pytest.TempPathFactory, backend: str,
              request: pytest.FixtureRequest) -> Iterator[Path]:
    """A data directory made by init, on SQLite or in a PostgreSQL database (kontor.toml
    names it) that each test's copy is made from."""
    data = tmp_path_factory.mktemp("import") / "data"
    postgres = request.getfixturevalue("postgres") if backend == "postgresql" else None
    template = postgres.create_database() if postgres else ""
    try:
        if postgres:
            data.mkdir(mode=0o700)
            write_config_file(data, "import.test")
            set_database_url(data, postgres.url(template))
        assert cli("init", str(data), "--server-name", "import.test").returncode == 0
        added = cli("user", "add", str(data), USERNAME, "--password-stdin",
                    stdin=PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
        yield data
    finally:
        if postgres:
            postgres.drop_database(template)


@pytest.fixture
def data_dir(fresh_dir: Path, tmp_path: Path, backend: str,
             request: pytest.FixtureRequest) -> Iterator[Path]:
    data = tmp_path / "data"
    shutil.copytree(fresh_dir, data)
    if backend != "postgresql":
        yield data
        return
    postgres = request.getfixturevalue("postgres")
    template = load_config(fresh_dir).database_url.rsplit("/", 1)[1]
    name = postgres.create_database(template=template)
    try:
        set_database_url(data, postgres.url(name))
        yield data
    finally:
        postgres.drop_database(name)


@pytest.fixture
def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def write_file(tmp_path: Path, directory: dict[str, Any], name: str = "hr.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(directory, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(data_dir: Path, file: Path, *flags: str) -> tuple[int, str, str]:
    """The import as IT runs it, in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = kontor_server(["import", str(data_dir), str(file), *flags])
    return code, out.getvalue(), err.getvalue()


def imported(data_dir: Path, file: Path, *flags: str) -> dict[str, Any]:
    code, out, err = run_import(data_dir, file, "--json", *flags)
    assert code == 0, err
    return json.loads(out)


class Db:
    """The server's database as the import left it."""

    def __init__(self, data_dir: Path) -> None:
        self.engine = make_sync_engine(load_config(data_dir).db_url)

    def head(self) -> int:
        with self.engine.connect() as conn:
            return max_seq(conn)

    def keys(self) -> dict[tuple[str, str], str]:
        with self.engine.connect() as conn:
            return {(r.kind, r.key): r.record_id for r in conn.execute(sa.select(t.import_key))}

    def record(self, kind: str, key: str) -> Any:
        with self.engine.connect() as conn:
            return records.get_record(conn, kind, self.keys()[(kind, key)])

    def versions(self) -> dict[tuple[str, str], int]:
        """(kind, HR key) -> version of every imported record."""
        with self.engine.connect() as conn:
            return {(kind, key): records.get_record(conn, kind, record_id).version  # type: ignore[union-attr]
                    for (kind, key), record_id in self.keys().items()}

    def audits(self) -> list[dict[str, Any]]:
        return self.audit_rows("directory.import")

    def audit_rows(self, action: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.audit_event).where(
                t.audit_event.c.action == action).order_by(t.audit_event.c.id))
            return [dict(r._mapping) for r in rows]


@pytest.fixture
def db(data_dir: Path) -> Iterator[Db]:
    db = Db(data_dir)
    yield db
    db.engine.dispose()


def served_config(data_dir: Path) -> ServerConfig:
    return load_config(data_dir, {"port": free_port()})


@pytest.fixture
async def live(data_dir: Path) -> AsyncIterator[tuple[ServerConfig, TestServer]]:
    config = served_config(data_dir)
    server = await start_server(config)
    yield config, server
    await server.close()


async def signed_in_cache(config: ServerConfig, path: Path) -> tuple[
        Cache, KontorClient, str | None]:
    """A cache signed in as the imported Anna Berg; and the person the server says she is."""
    url = f"http://127.0.0.1:{config.port}"
    async with KontorClient(url) as client:
        answer = await client.login(USERNAME, PASSWORD, "pytest")
    cache = Cache.open(path, secrets.token_bytes(32))
    cache_state.store_account(
        cache, server_url=url, server_name=answer.server_name, username=answer.username,
        person_id=answer.person_id, device_id=answer.device_id, device_token=answer.token)
    return cache, KontorClient(url, answer.token), answer.person_id


def name_of(cache: Cache, person_id: str | None) -> str | None:
    person = get_person(cache, person_id) if person_id else None
    return None if person is None else person.display_name


class TestFirstImport:
    def test_the_real_command_prints_what_it_created(
            self, data_dir: Path, db: Db) -> None:
        done = cli("import", str(data_dir), str(EXAMPLE))
        assert done.returncode == 0, done.stderr
        assert "units: 4 created, 0 updated, 0 unchanged" in done.stdout
        assert "positions: 6 created" in done.stdout
        assert "people: 5 created" in done.stdout
        assert "accounts linked: 1" in done.stdout
        assert len(db.keys()) == 15
        assert all(p.is_uuid7(record_id) for record_id in db.keys().values())
        [audit] = db.audits()
        assert audit["actor"] == "cli"
        assert audit["detail"]["people"]["created"] == 5
        with db.engine.connect() as conn:  # company-visible, and sent to peer sites
            rows = conn.execute(sa.select(t.change.c.scope, t.change.c.export)).all()
        assert len(rows) == 15 and set(rows) == {("all", True)}

    async def test_a_syncing_client_sees_the_chart_and_the_managers(
            self, data_dir: Path, tmp_path: Path, live: tuple[ServerConfig, TestServer],
            db: Db) -> None:
        imported(data_dir, EXAMPLE)
        config, _server = live
        cache, client, me = await signed_in_cache(config, tmp_path / "anna.db")
        try:
            await SyncEngine(cache, client, wipe=lambda: None).sync_once()
        finally:
            await client.close()
        assert me == db.keys()[("person", "E-0004")]  # the file linked her account
        [root] = unit_children(cache, None)
        assert root.name == "Muster Maschinenbau GmbH"
        team = db.keys()[("org_unit", "U-112")]
        assert [u.name for u in unit_path(cache, team)] == [
            "Muster Maschinenbau GmbH", "Standort München", "Vertrieb", "Innendienst"]
        seats = unit_seats(cache, team)
        assert seats[0].position.title == "Teamleitung Innendienst"  # the lead first
        assert [s.holder is None for s in seats] == [False, False, True]
        clerk = db.keys()[("position", "P-1121")]
        assert [(s.position.title, s.holder and s.holder.display_name)
                for s in chain_up(cache, clerk)] == [
            ("Sachbearbeitung Auftragsannahme", "Zeynep Kaya"),
            ("Teamleitung Innendienst", "Anna Berg"),
            ("Leitung Vertrieb", "Jörg Weiß"),
            ("Standortleitung München", "Thomas Brandt"),
            ("Geschäftsführung", "Katrin Vogel")]
        managers = {key: name_of(cache, get_person(cache, db.keys()[("person", key)])
                                 .manager_id)  # type: ignore[union-attr]
                    for key in ("E-0001", "E-0002", "E-0003", "E-0004", "E-0005")}
        assert managers == {"E-0001": None, "E-0002": "Katrin Vogel",
                            "E-0003": "Thomas Brandt", "E-0004": "Jörg Weiß",
                            "E-0005": "Anna Berg"}
        lead = get_position(cache, db.keys()[("position", "P-1110")])
        assert lead is not None and lead.history[0].start == dt.date(2019, 4, 1)
        zeynep = get_person(cache, db.keys()[("person", "E-0005")])
        assert zeynep is not None and zeynep.languages == ["de", "tr", "en"]
        cache.close()


class TestReimport:
    def test_the_same_file_again_changes_nothing(self, data_dir: Path, db: Db) -> None:
        imported(data_dir, EXAMPLE)
        head, versions = db.head(), db.versions()
        summary = imported(data_dir, EXAMPLE)
        assert db.head() == head
        assert db.versions() == versions and set(versions.values()) == {1}
        for kind, count in (("units", 4), ("positions", 6), ("people", 5)):
            assert summary[kind]["unchanged"] == count
            assert summary[kind]["created"] == summary[kind]["updated"] == 0
        assert len(db.audits()) == 2  # every run is audited, a quiet one too

    def test_a_title_a_holder_and_a_phone_update_exactly_those_records(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        before = db.versions()
        head = db.head()
        changed = copy.deepcopy(example)
        positions = {x["key"]: x for x in changed["positions"]}
        positions["P-1110"]["title"] = "Leitung Vertrieb und Service"
        # HR corrects who sits in the vacant seat and who in the clerk's seat.
        positions["P-1121"]["holder"] = None
        positions["P-1122"]["holder"] = "E-0005"
        people = {x["key"]: x for x in changed["people"]}
        people["E-0002"]["phones"] = [{"label": "Büro", "number": "+49 89 4711-111"}]
        summary = imported(data_dir, write_file(tmp_path, changed))

        after = db.versions()
        bumped = {k for k in after if after[k] != before[k]}
        assert bumped == {("position", "P-1110"), ("position", "P-1121"),
                          ("position", "P-1122"), ("person", "E-0002")}
        assert all(after[k] == before[k] + 1 for k in bumped)
        assert summary["positions"]["updated"] == 3 and summary["people"]["updated"] == 1
        assert db.head() == head + 4  # each changed record moved to the feed's end once
        today = dt.date.today()
        old_seat, new_seat = db.record("position", "P-1121"), db.record("position", "P-1122")
        zeynep = db.keys()[("person", "E-0005")]
        assert old_seat.holder_id is None
        assert [(s.person_id, s.end) for s in old_seat.history] == [(zeynep, today)]
        assert new_seat.holder_id == zeynep
        assert [(s.person_id, s.start, s.end) for s in new_seat.history] == [
            (zeynep, today, None)]
        assert db.record("person", "E-0002").phones == [
            p.Phone(label="Büro", number="+49 89 4711-111")]
        with db.engine.connect() as conn:  # an HR correction, not a handover
            assert records.get_records(conn, "handover") == []

    def test_fields_left_out_stay_as_people_set_them(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        zeynep = db.record("person", "E-0005")
        with db.engine.begin() as conn:  # as if she had edited her profile
            records.put_record(conn, "person", zeynep.__class__(
                **{**{f: getattr(zeynep, f) for f in zeynep.__struct_fields__},
                   "skills": ["SAP SD"], "show_as_hub": True,
                   "version": zeynep.version + 1}),
                records.EVERYONE)
        summary = imported(data_dir, EXAMPLE)  # the example gives her no skills
        assert summary["people"]["unchanged"] == 5
        assert db.record("person", "E-0005").skills == ["SAP SD"]
        assert db.record("person", "E-0005").show_as_hub  # HR's file never takes consent


def broken(example: dict[str, Any], case: str) -> dict[str, Any]:
    bad = copy.deepcopy(example)
    if case == "unknown unit":
        bad["positions"][4]["unit"] = "U-999"
    elif case == "cycle":
        bad["positions"][0]["reports_to"] = "P-1121"
    elif case == "unknown field":
        bad["people"][2]["telefon"] = "0815"
    elif case == "duplicate key":
        bad["units"][3]["key"] = "U-111"
        bad["units"][3]["parent"] = "U-110"
    elif case == "unknown account":
        bad["people"][0]["username"] = "nobody.here"
    return bad


class TestBadFiles:
    @pytest.mark.parametrize(("case", "message"), [
        ("unknown unit", "positions[4] (key 'P-1121'): unit 'U-999' is not in the file"),
        ("cycle", "positions[0] (key 'P-1000'): the reporting line runs in a circle "
                  "(P-1000 -> P-1121 -> P-1120 -> P-1110 -> P-1100 -> P-1000)"),
        ("unknown field", "people[2] (key 'E-0003'): Object contains unknown field `telefon`"),
        ("duplicate key", "units[3] (key 'U-111'): the key is used by units[2] too"),
        ("unknown account", "people[0] (key 'E-0001'): there is no account 'nobody.here'"),
    ])
    def test_nothing_is_written_and_the_entry_is_named(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db,
            case: str, message: str) -> None:
        code, out, err = run_import(data_dir, write_file(tmp_path, broken(example, case)))
        assert code == 1
        assert f"kontor-server: {message}" in err
        assert err.rstrip().endswith("nothing imported.") and "Traceback" not in err
        assert out == ""
        assert db.head() == 0 and db.keys() == {} and db.audits() == []

    def test_a_file_too_big_is_refused_before_it_is_read(
            self, data_dir: Path, tmp_path: Path, db: Db) -> None:
        huge = tmp_path / "export.json"
        with huge.open("wb") as f:
            f.truncate(300 * 1024 * 1024)  # sparse: no disk used, nothing to read
        code, _, err = run_import(data_dir, huge)
        assert code == 1 and "at most 268,435,456 are accepted" in err
        assert err.rstrip().endswith("nothing imported.") and db.keys() == {}

    @pytest.mark.sqlite_only  # on PostgreSQL the import waits for the feed lock while held
    def test_a_database_kept_busy_by_others_is_reported_plainly(
            self, data_dir: Path, db: Db) -> None:
        with db.engine.connect() as other:
            other.exec_driver_sql("PRAGMA busy_timeout=0")
            other.exec_driver_sql("BEGIN IMMEDIATE")  # someone writing for a long time
            code, _, err = run_import(data_dir, EXAMPLE)
            other.rollback()
        assert code == 1 and "the database stayed busy" in err and "Traceback" not in err
        assert db.keys() == {}

    def test_a_broken_re_import_leaves_the_first_one_alone(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        head, versions = db.head(), db.versions()
        bad = broken(example, "unknown unit")
        bad["positions"][0]["title"] = "Vorstand"  # a good change next to the bad one
        done = cli("import", str(data_dir), str(write_file(tmp_path, bad)))
        assert done.returncode == 1 and "positions[4] (key 'P-1121')" in done.stderr
        assert db.head() == head and db.versions() == versions


class TestPruneAndDryRun:
    def test_a_person_gone_from_the_file_leaves_only_with_prune(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        gone = copy.deepcopy(example)
        gone["people"] = [x for x in gone["people"] if x["key"] != "E-0005"]
        gone["positions"] = [x for x in gone["positions"] if x["key"] != "P-1121"]
        gone["positions"][3]["deputy"] = None  # P-1120's deputy was the clerk's seat
        file = write_file(tmp_path, gone)

        reported = imported(data_dir, file)
        assert reported["people"]["missing"] == ["E-0005"]
        assert reported["positions"]["missing"] == ["P-1121"]
        assert db.record("person", "E-0005").status == "active"
        assert db.record("position", "P-1121").holder_id is not None

        pruned = imported(data_dir, file, "--prune")
        assert pruned["people"]["left"] == 1 and pruned["positions"]["vacated"] == 1
        zeynep = db.record("person", "E-0005")
        assert zeynep.status == "left"  # never deleted: her posts keep their author
        seat = db.record("position", "P-1121")
        assert seat.holder_id is None and seat.history[-1].end == dt.date.today()
        again = imported(data_dir, file, "--prune")
        assert again["people"]["missing"] == [] and again["people"]["left"] == 0

    def test_people_who_leave_can_lose_their_accounts_too(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any]) -> None:
        imported(data_dir, EXAMPLE)
        gone = copy.deepcopy(example)
        gone["people"] = [x for x in gone["people"] if x["key"] != "E-0004"]  # Anna left
        gone["positions"][3]["holder"] = None
        file = write_file(tmp_path, gone)
        code, _, err = run_import(data_dir, file, "--disable-accounts")
        assert code == 1 and "--disable-accounts works with --prune" in err

        def anna_disabled() -> bool:
            listed = json.loads(cli("user", "list", str(data_dir), "--json").stdout)
            return bool(next(a for a in listed if a["username"] == USERNAME)["disabled"])

        imported(data_dir, file, "--prune")
        assert not anna_disabled()  # left, but her account still signs in
        imported(data_dir, EXAMPLE)  # back again
        code, out, err = run_import(data_dir, file, "--prune", "--disable-accounts")
        assert code == 0, err
        assert "1 left" in out and "not in the file (1): E-0004" in out
        assert "accounts disabled (1): anna.berg" in out
        assert anna_disabled()

    def test_a_dry_run_says_what_would_change_and_writes_nothing(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        code, out, _ = run_import(data_dir, EXAMPLE, "--dry-run")
        assert code == 0
        assert "people: 5 created" in out and "dry run: nothing was written" in out
        assert db.head() == 0 and db.keys() == {} and db.audits() == []
        imported(data_dir, EXAMPLE)
        head, versions = db.head(), db.versions()
        changed = copy.deepcopy(example)
        changed["units"][2]["name"] = "Vertrieb Süd"
        summary = imported(data_dir, write_file(tmp_path, changed), "--dry-run")
        assert summary["dry_run"] is True and summary["units"]["updated"] == 1
        assert db.head() == head and db.versions() == versions and len(db.audits()) == 1


class TestRunningServer:
    async def test_clients_online_learn_of_an_import(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any],
            live: tuple[ServerConfig, TestServer], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        config, _server = live
        cache, client, _ = await signed_in_cache(config, tmp_path / "anna.db")
        engine = SyncEngine(cache, client, wipe=lambda: None)
        online, renamed = asyncio.Event(), asyncio.Event()
        unit_id = db.keys()[("org_unit", "U-112")]

        def listener(event: object) -> None:
            if isinstance(event, StatusChanged) and event.status == "online":
                online.set()  # synced, now following wake-ups
            unit = get_org_unit(cache, unit_id)
            if isinstance(event, Synced) and unit is not None and unit.name == "Auftragszentrum":
                renamed.set()

        engine.subscribe(listener)
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        try:
            await asyncio.wait_for(online.wait(), timeout=20)
            changed = copy.deepcopy(example)
            changed["units"][3]["name"] = "Auftragszentrum"
            code, _, err = await asyncio.to_thread(
                run_import, data_dir, write_file(tmp_path, changed))
            assert code == 0, err
            await asyncio.wait_for(renamed.wait(), timeout=20)
        finally:
            stop.set()
            await running
            await client.close()
            cache.close()


class TestWhileTheServerWrites:
    def test_an_edit_committed_during_the_import_is_never_overwritten(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """The server edits Zeynep's profile between the import's read and its write.

        The import plans without the lock; it must notice the edit and plan again
        under the lock (or, had it held the lock, make the edit wait for it)."""
        imported(data_dir, EXAMPLE)
        changed = copy.deepcopy(example)
        changed["people"][4]["family_name"] = "Kaya-Neu"
        server = make_sync_engine(load_config(data_dir).db_url)
        refused: list[str] = []

        def edit_about() -> None:
            with server.begin() as conn:
                if server.dialect.name == "sqlite":
                    conn.exec_driver_sql("PRAGMA busy_timeout=200")
                else:  # the import's feed lock (storage/feed_lock.py)
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
                zeynep = records.get_one(conn, "person", p.Person, zeynep_id)
                assert zeynep is not None
                records.put_record(conn, "person", msgspec.structs.replace(
                    zeynep, about="Ab Montag in Elternzeit", version=zeynep.version + 1),
                    records.EVERYONE)

        read_people = directory_import._Importer.stored
        zeynep_id = db.keys()[("person", "E-0005")]

        def stored_then_server_edits(self: Any, kind: str, record_type: Any,
                                     ids: Any) -> Any:
            found = read_people(self, kind, record_type, ids)
            if kind == "person" and zeynep_id in found and not refused:
                try:
                    edit_about()  # committed at once: the import only read so far
                    refused.append("")
                except sa.exc.OperationalError as exc:  # waits for the import's lock
                    refused.append(str(exc.orig))
            return found

        monkeypatch.setattr(directory_import._Importer, "stored", stored_then_server_edits)
        imported(data_dir, write_file(tmp_path, changed))
        if refused != [""]:  # the edit waited for the import's lock and gave up
            assert refused[0] == "database is locked" or "lock timeout" in refused[0], refused
            edit_about()  # the server's write, once the import committed
        server.dispose()
        zeynep = db.record("person", "E-0005")
        assert (zeynep.family_name, zeynep.about) == ("Kaya-Neu", "Ab Montag in Elternzeit")
        assert zeynep.version == 3  # import, edit: two bodies, two versions


def company_managers(conn: sa.Connection) -> tuple[dict[str, str | None],
                                                   dict[str, str | None]]:
    """Each position's manager by the import's in-memory rule and by org_rules."""
    units = {u.id: u for u in records.get_typed(conn, "org_unit", p.OrgUnit)}
    positions = {x.id: x for x in records.get_typed(conn, "position", p.Position)}
    ctx = WriteContext(conn, directory_import.IMPORT_CALLER, p.now_ms(), "import.test")
    return (managers(units, positions),
            {x.id: org_rules.manager_for(ctx, x) for x in positions.values()})


class TestManagers:
    def test_the_import_follows_the_rule_handovers_use_on_the_example(
            self, data_dir: Path, db: Db) -> None:
        imported(data_dir, EXAMPLE)
        with db.engine.connect() as conn:
            in_memory, stored = company_managers(conn)
        assert in_memory == stored and len(stored) == 6

    def test_the_import_follows_the_rule_handovers_use_on_a_generated_company(
            self, tmp_path: Path) -> None:
        data = tmp_path / "demo"
        done = cli("init", str(data), "--demo", "--people", "400", "--seed", "7")
        assert done.returncode == 0, done.stderr
        engine = make_sync_engine(f"sqlite:///{data / 'kontor.db'}")
        try:
            with engine.connect() as conn:
                in_memory, stored = company_managers(conn)
        finally:
            engine.dispose()
        assert in_memory == stored
        # Both branches of the rule are exercised: a boss by reporting line, a lead above.
        assert len(set(stored.values())) > 20 and None in stored.values()


def add_account(data_dir: Path, username: str) -> None:
    added = cli("user", "add", str(data_dir), username, "--password-stdin",
                stdin="Ein Passwort 12\n")
    assert added.returncode == 0, added.stderr


class TestAccounts:
    async def test_an_account_of_someone_else_moves_only_with_relink(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any],
            live: tuple[ServerConfig, TestServer], db: Db) -> None:
        imported(data_dir, EXAMPLE)  # anna.berg -> Anna Berg (E-0004)
        config, _server = live
        cache, client, _ = await signed_in_cache(config, tmp_path / "anna.db")
        moved = copy.deepcopy(example)
        del moved["people"][3]["username"]
        moved["people"][0]["username"] = USERNAME  # HR's mistake: Katrin gets Anna's account
        file = write_file(tmp_path, moved)
        head = db.head()
        code, out, err = await asyncio.to_thread(run_import, data_dir, file)
        assert code == 1 and out == ""
        assert ("kontor-server: people[0] (key 'E-0001'): account 'anna.berg' belongs to "
                "another person; give --relink to move it") in err
        assert db.head() == head and len(db.audits()) == 1
        await client.fetch_page(None, 10)  # Anna's device still works

        code, out, err = await asyncio.to_thread(run_import, data_dir, file, "--relink")
        assert code == 0, err
        assert "accounts linked: 1\n  re-linked (1): anna.berg" in out
        with db.engine.connect() as conn:
            account = conn.execute(sa.select(t.account).where(
                t.account.c.username == USERNAME)).one()
        assert account.person_id == db.keys()[("person", "E-0001")]
        try:
            # it must not act as Katrin
            with pytest.raises(AuthFailed, match="signed out by an administrator") as signed_out:
                await client.fetch_page(None, 10)
        finally:
            await client.close()
            cache.close()
        assert signed_out.value.revoked
        detail = db.audits()[-1]["detail"]
        assert detail["accounts_relinked"] == [account.id] and detail["devices_revoked"] == 1
        assert USERNAME not in json.dumps(detail)

    def test_a_person_never_gets_a_second_account(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        add_account(data_dir, "a.berg")
        second = copy.deepcopy(example)
        second["people"][3]["username"] = "a.berg"  # anna.berg stays linked to her
        code, _, err = run_import(data_dir, write_file(tmp_path, second), "--relink")
        assert code == 1
        assert ("people[3] (key 'E-0004'): this person already has the account "
                "'anna.berg'; a person has one account") in err

    def test_linked_usernames_are_printed(self, data_dir: Path) -> None:
        code, out, _ = run_import(data_dir, EXAMPLE)
        assert code == 0 and "accounts linked: 1\n  linked (1): anna.berg" in out


class TestHandoversMadeInKontor:
    def test_a_handover_stands_until_the_file_names_another_holder(
            self, data_dir: Path, tmp_path: Path, example: dict[str, Any], db: Db) -> None:
        imported(data_dir, EXAMPLE)
        seat, thomas = db.keys()[("position", "P-1121")], db.keys()[("person", "E-0002")]
        today = dt.date.today()
        with db.engine.begin() as conn:  # a lead hands Zeynep's seat to Thomas in Kontor
            ctx = WriteContext(conn, directory_import.IMPORT_CALLER, p.now_ms(), "import.test")
            handover.put_handover(ctx, str(uuid6.uuid7()), p.HandoverWrite(
                position_id=seat, to_person_id=thomas, date=today), today)
        handed = db.record("position", "P-1121")
        assert handed.holder_id == thomas

        nightly = imported(data_dir, EXAMPLE)  # HR has not caught up: still Zeynep
        assert db.record("position", "P-1121") == handed
        assert nightly["positions"]["unchanged"] == 6

        corrected = copy.deepcopy(example)  # HR now names someone else for the seat
        corrected["positions"][4]["holder"] = "E-0003"
        imported(data_dir, write_file(tmp_path, corrected))
        seat_now = db.record("position", "P-1121")
        assert seat_now.holder_id == db.keys()[("person", "E-0003")]
        assert [s.person_id for s in seat_now.history][-2:] == [thomas, seat_now.holder_id]


class TestFeedWatcher:
    """The server's feed watcher wakes clients for an import even when the server itself
    wrote (and woke someone else) after the import and before the watcher looked."""

    async def test_a_narrow_server_write_after_an_import_does_not_hide_it(self) -> None:
        hub, ready = LiveHub(), asyncio.Event()

        async def socket(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            hub.add(Listener("anna", "anna's device", "anna's account"), ws)
            ready.set()
            async for _ in ws:
                pass
            hub.remove(ws)
            return ws

        app = web.Application()
        app.router.add_get("/ws", socket)
        server = TestServer(app)
        await server.start_server()
        heads: asyncio.Queue[int] = asyncio.Queue()  # what each look at the feed finds
        watcher = asyncio.create_task(watch_feed_head(hub, heads.get, interval=0))
        try:
            async with aiohttp.ClientSession() as session, session.ws_connect(
                    server.make_url("/ws")) as ws:
                await ready.wait()
                await heads.put(10)  # the watcher's first look
                await hub.wake(12, [], first_seq=11)  # the server wrote 11-12 for others
                await heads.put(12)  # nothing but the server's own writes: no wake-up
                # An import commits 13-20; the server then writes 21 for one other person.
                await hub.wake(21, [], first_seq=21)
                await heads.put(21)
                message = await asyncio.wait_for(ws.receive(), timeout=10)
                assert msgspec.json.decode(message.data, type=p.WakeUp).seq == 21
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await server.close()


def photo_folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def import_with_photos(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = kontor_server(["import", str(data_dir), *args])
    return code, out.getvalue(), err.getvalue()


class TestPhotos:
    def test_a_folder_of_photos_is_loaded_and_what_is_no_photo_is_named(
            self, data_dir: Path, db: Db, tmp_path: Path) -> None:
        folder = photo_folder(tmp_path, {
            "E-0001.jpg": jpeg(colour="navy", gps=True), "E-0002.png": png(),
            "E-0003.jpg": b"this is a word document", "E-0005.jpg": bomb_png(),
            "X-9999.jpg": jpeg(), "notes.txt": b"not looked at"})
        code, out, err = import_with_photos(data_dir, str(EXAMPLE), "--photos", str(folder))
        assert code == 0, err
        assert "people: 5 created" in out
        assert "photos: 2 loaded, 0 unchanged, 3 refused" in out
        assert "E-0003.jpg: not_an_image" in out
        assert "E-0005.jpg: photo_too_many_pixels" in out
        assert "X-9999.jpg: unknown_key" in out
        first = db.record("person", "E-0001")
        assert first.photo is not None and first.version == 2
        assert db.record("person", "E-0003").photo is None
        with db.engine.connect() as conn:
            image = conn.execute(sa.select(t.person_photo.c.image).where(
                t.person_photo.c.person_id == first.id)).scalar_one()
        kept = decoded(image)
        assert kept.size == (256, 256) and not kept.getexif()

    def test_the_same_folder_again_writes_nothing_and_a_new_photo_one_person(
            self, data_dir: Path, db: Db, tmp_path: Path) -> None:
        assert run_import(data_dir, EXAMPLE)[0] == 0
        folder = photo_folder(tmp_path, {"E-0001.jpg": jpeg(colour="navy"),
                                         "E-0002.jpg": jpeg(colour="olive")})
        assert import_with_photos(data_dir, "--photos", str(folder))[0] == 0
        head, versions = db.head(), db.versions()
        code, out, _ = import_with_photos(data_dir, "--photos", str(folder), "--json")
        assert code == 0
        assert json.loads(out)["photos"] == {"loaded": 0, "unchanged": 2, "refused": []}
        assert db.head() == head and db.versions() == versions
        (folder / "E-0002.jpg").write_bytes(jpeg(colour="maroon"))
        code, out, _ = import_with_photos(data_dir, "--photos", str(folder))
        assert "photos: 1 loaded, 1 unchanged, 0 refused" in out
        changed = {key for key, version in db.versions().items() if version != versions[key]}
        assert changed == {("person", "E-0002")}
        assert db.audit_rows("directory.photos")[-1]["detail"] == {
            "loaded": 1, "unchanged": 1, "refused": 0}

    def test_a_dry_run_counts_and_writes_nothing(
            self, data_dir: Path, db: Db, tmp_path: Path) -> None:
        assert run_import(data_dir, EXAMPLE)[0] == 0
        head = db.head()
        folder = photo_folder(tmp_path, {"E-0004.webp": webp()})
        code, out, _ = import_with_photos(data_dir, "--photos", str(folder), "--dry-run")
        assert code == 0 and "photos: 1 would be loaded" in out
        assert db.head() == head and db.record("person", "E-0004").photo is None

    def test_a_photo_larger_than_the_cap_is_refused_unread(
            self, data_dir: Path, tmp_path: Path) -> None:
        assert run_import(data_dir, EXAMPLE)[0] == 0
        folder = photo_folder(tmp_path, {"E-0001.jpg": b"\xff\xd8" + b"\0" * (5 << 20)})
        code, out, _ = import_with_photos(data_dir, "--photos", str(folder))
        assert code == 0 and "E-0001.jpg: photo_too_large" in out

    def test_neither_file_nor_folder_is_a_plain_error(self, data_dir: Path) -> None:
        code, _, err = import_with_photos(data_dir)
        assert code == 1 and "--photos DIR" in err
