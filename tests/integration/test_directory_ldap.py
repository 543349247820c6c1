"""The directory from a real OpenLDAP slapd: `kontor-server import --ldap` and the sync
that `serve` runs on its schedule.

slapd holds a generated company (tests/integration/ldap_staff.py): people in OUs by
division and department, each with a manager DN, one disabled (employeeType), two
with a photo. The import reads it page by page over LDAPS with the test's CA.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import ssl
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import ldap3
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestServer

from server_stub.config import load_config
from server_stub.directory_import.importer import TooManyLeaving
from server_stub.directory_import.schedule import sync_once
from server_stub.services.live import CLOSE_SIGNED_OUT
from tests.integration.directory_support import ACCOUNT_PASSWORD, Db, imported, init_data_dir, run
from tests.integration.ldap_staff import STAFF, TINY_JPEG, staff, staff_ldif
from tests.integration.ldap_support import (
    ROOT_DN,
    ROOT_PASSWORD,
    SERVICE_DN,
    SERVICE_PASSWORD,
    Slapd,
    running_slapd,
)
from tests.integration.sync_support import free_port, start_server

PEOPLE, OUS = staff(30, team=5)
DISABLED = 7
ACCOUNTS = ("p00003", "p00007", "p00009", "p00029")


@pytest.fixture
def slapd(tmp_path: Path) -> Iterator[Slapd]:
    ldif = staff_ldif(PEOPLE, OUS, disabled=frozenset({DISABLED}),
                      photos={3: TINY_JPEG, 5: TINY_JPEG, 4: b"GIF89a not a jpeg"})
    with running_slapd(tmp_path / "slapd", ldif) as directory:
        yield directory


def ldap_config(slapd: Slapd, tmp_path: Path, url: str | None = None, **sync: Any) -> str:
    secret = tmp_path / "directory-password"
    secret.write_text(SERVICE_PASSWORD + "\n")
    lines = [f"{name} = {value!r}".replace("'", '"') if isinstance(value, str)
             else f"{name} = {value}" for name, value in sync.items()]
    return "\n".join(["", "[server.directory]", *lines, "", "[server.directory.ldap]",
                      f'url = "{url or slapd.ldaps_url}"', f'ca_file = "{slapd.ca_file}"',
                      f'bind_dn = "{SERVICE_DN}"', f'password_file = "{secret}"',
                      f'base_dn = "{STAFF}"', 'disabled_filter = "(employeeType=disabled)"',
                      "page_size = 7", "", "[server.directory.ldap.attributes]",
                      'key = "employeeNumber"', ""])


@pytest.fixture
def data_dir(slapd: Slapd, tmp_path: Path) -> Path:
    return init_data_dir(tmp_path / "data", ldap_config(slapd, tmp_path), *ACCOUNTS)


@pytest.fixture
def db(data_dir: Path) -> Iterator[Db]:
    db = Db(data_dir)
    yield db
    db.close()


class Admin:
    """The directory's administrator, changing entries while Kontor runs."""

    def __init__(self, slapd: Slapd) -> None:
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=str(slapd.ca_file))
        host, port = slapd.ldaps_url.removeprefix("ldaps://").split(":")
        self.conn = ldap3.Connection(ldap3.Server(host, int(port), use_ssl=True, tls=tls),
                                     ROOT_DN, ROOT_PASSWORD, auto_bind=True)

    def set(self, index: int, attribute: str, value: str) -> None:
        assert self.conn.modify(PEOPLE[index].dn, {attribute: [(ldap3.MODIFY_REPLACE,
                                                                [value])]}), self.conn.result

    def delete(self, index: int) -> None:
        assert self.conn.delete(PEOPLE[index].dn), self.conn.result

    def close(self) -> None:
        self.conn.unbind()


def test_import_ldap_brings_people_units_and_manager_chains(data_dir: Path, db: Db) -> None:
    summary = imported(data_dir, "--ldap")
    assert summary["people"]["created"] == 30 and summary["positions"]["created"] == 30
    # The OU tree is the unit tree: staff > 1 division > 6 departments.
    assert summary["units"]["created"] == 8
    for person in PEOPLE:
        manager = PEOPLE[person.manager].key if person.manager is not None else None
        assert db.manager_key(person.key) == manager, person
    department = db.unit(f"ou=abteilung 1,ou=bereich 0,{STAFF}")
    assert department.name == "Abteilung 1"
    assert department.parent_id == db.unit(f"ou=bereich 0,{STAFF}").id
    assert department.lead_position_id == db.position(PEOPLE[7].key).id
    jorg = db.person(PEOPLE[1].key)
    assert (jorg.given_name, jorg.email, jorg.site) == ("Jörg", "p00001@example.test",
                                                        "München")
    # Accounts are linked by uid; the one the directory disables is disabled.
    assert db.account("p00003") == (db.person("E00003").id, False)
    assert db.account("p00007") == (db.person("E00007").id, True)
    assert summary["disabled"] == ["p00007"]
    # Photos are read, checked and stored as an upload would be; one that is no JPEG
    # is named, people without one keep their initials.
    assert summary["photos"] == 2 and summary["photos_loaded"] == 2
    assert summary["warnings"] == [f"{PEOPLE[4].dn}: jpegPhoto is not a JPEG image"]
    assert db.person(PEOPLE[3].key).photo and db.person(PEOPLE[5].key).photo
    assert db.person(PEOPLE[4].key).photo is None and db.person(PEOPLE[6].key).photo is None
    # A photo the person chose is theirs: the next sync does not replace it.
    own = db.person(PEOPLE[3].key).photo
    (data_dir.parent / "own").mkdir()
    (data_dir.parent / "own" / f"{PEOPLE[3].key}.png").write_bytes(_png((200, 30, 30)))
    imported(data_dir, "--photos", str(data_dir.parent / "own"))
    chosen = db.person(PEOPLE[3].key).photo
    assert chosen and chosen != own
    assert imported(data_dir, "--ldap")["photos_loaded"] == 0
    assert db.person(PEOPLE[3].key).photo == chosen


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, "PNG")
    return out.getvalue()


def test_a_re_sync_writes_only_what_the_directory_changed(
        data_dir: Path, db: Db, slapd: Slapd) -> None:
    imported(data_dir, "--ldap")
    head = db.head()
    again = imported(data_dir, "--ldap")
    assert again["people"]["unchanged"] == 30 and again["units"]["unchanged"] == 8
    assert again["disabled"] == [] and again["photos_loaded"] == 0
    assert db.head() == head  # not one write, photos included
    admin = Admin(slapd)
    admin.set(12, "title", "Leitung Einkauf")
    admin.set(13, "mail", "neu@example.test")
    changed = imported(data_dir, "--ldap")
    assert changed["positions"]["updated"] == 1 and changed["people"]["updated"] == 1
    assert db.position("E00012").title == "Leitung Einkauf"
    assert db.head() == head + 2
    # Deleted in the directory: with --prune they leave and their account is disabled.
    admin.delete(29)
    admin.close()
    pruned = imported(data_dir, "--ldap", "--prune", "--disable-accounts")
    assert pruned["people"]["left"] == 1 and pruned["disabled"] == ["p00029"]
    assert db.person("E00029").status == "left" and db.account("p00029")[1] is True


def test_a_directory_that_cannot_be_read_imports_nothing(
        slapd: Slapd, tmp_path: Path) -> None:
    data_dir = init_data_dir(tmp_path / "data", ldap_config(
        slapd, tmp_path, url=f"ldaps://127.0.0.1:{free_port()}"))
    code, _, err = run("import", str(data_dir), "--ldap")
    assert code == 1 and "the directory cannot be read" in err
    assert err.rstrip().endswith("nothing imported.") and "Traceback" not in err
    assert SERVICE_PASSWORD not in err


async def _records(caplog: pytest.LogCaptureFixture, event: str, count: int) -> list[
        logging.LogRecord]:
    """Waits until the log holds `count` records of this event."""
    for _ in range(400):
        found = [r for r in caplog.records if getattr(r, "event", None) == event]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {count} {event} records: {caplog.records}")


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_serve_syncs_on_schedule_and_signs_out_a_disabled_account(
        slapd: Slapd, tmp_path: Path, session: aiohttp.ClientSession,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "kontor.directory")
    data_dir = init_data_dir(tmp_path / "data", ldap_config(
        slapd, tmp_path, sync_source="ldap", sync_interval_seconds=0.3), *ACCOUNTS)
    server: TestServer = await start_server(load_config(data_dir, {"port": free_port()}))
    try:
        first = (await _records(caplog, "directory_sync", 1))[0]
        assert first.__dict__["people_created"] == 30
        async with session.post(server.make_url("/api/v1/login"), json={
                "username": "p00009", "password": ACCOUNT_PASSWORD,
                "device_name": "pytest"}) as r:
            assert r.status == 200
            headers = {"Authorization": f"Bearer {(await r.json())['token']}"}
        ws = await session.ws_connect(server.make_url("/api/v1/events"), headers=headers)
        await ws.receive_json(timeout=5)
        with contextlib.closing(Admin(slapd)) as admin:
            admin.set(9, "employeeType", "disabled")
        message = await ws.receive(timeout=15)
        while message.type == WSMsgType.TEXT:  # wake-ups of the syncs before
            message = await ws.receive(timeout=15)
        assert message.type == WSMsgType.CLOSE and message.data == CLOSE_SIGNED_OUT
        async with session.get(server.make_url("/api/v1/sync"), headers=headers) as r:
            assert r.status == 401
        synced = [r for r in caplog.records if getattr(r, "event", None) == "directory_sync"]
        assert any(r.__dict__["accounts_disabled"] == 1 for r in synced)
    finally:
        await server.close()


async def test_a_failing_sync_is_retried_with_back_off_while_serving_goes_on(
        slapd: Slapd, tmp_path: Path, session: aiohttp.ClientSession,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "kontor.directory")
    data_dir = init_data_dir(tmp_path / "data", ldap_config(
        slapd, tmp_path, url=f"ldaps://127.0.0.1:{free_port()}", sync_source="ldap",
        sync_interval_seconds=5.0, sync_retry_seconds=0.1), "p00009")
    config = load_config(data_dir, {"port": free_port()})
    server: TestServer = await start_server(config)
    try:
        # The first run comes after the interval; failures then come ever later.
        failed = await _records(caplog, "directory_sync_failed", 3)
        assert [r.__dict__["attempt"] for r in failed[:3]] == [1, 2, 3]
        assert [r.__dict__["retry_in_seconds"] for r in failed[:3]] == [0.1, 0.2, 0.4]
        assert "cannot" in failed[0].getMessage() or "refused" in failed[0].getMessage()
        async with session.post(server.make_url("/api/v1/login"), json={
                "username": "p00009", "password": ACCOUNT_PASSWORD,
                "device_name": "pytest"}) as r:
            assert r.status == 200  # serving goes on
    finally:
        await server.close()


def test_a_sync_that_would_let_too_many_go_writes_nothing(
        slapd: Slapd, tmp_path: Path) -> None:
    """A wrong filter or a half-deleted directory must not mark the company left."""
    data_dir = init_data_dir(tmp_path / "data", ldap_config(
        slapd, tmp_path, sync_source="ldap", sync_daily_at="02:30"), *ACCOUNTS)
    config = load_config(data_dir)
    assert sync_once(config).people.created == 30
    with contextlib.closing(Admin(slapd)) as admin:
        for index in range(24, 30):  # 6 of 30: more than the 10% allowed
            admin.delete(index)
    db = Db(data_dir)
    try:
        head = db.head()
        with pytest.raises(TooManyLeaving, match=r"6 of 30 people would leave, more than "
                                                 r"the 10% allowed"):
            sync_once(config)
        assert db.head() == head and db.account("p00029")[1] is False
    finally:
        db.close()
