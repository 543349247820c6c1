"""Company sign-in against a real OpenLDAP directory, over LDAPS and StartTLS.

People sign in with their directory password; the directory's uid names their Kontor
account; local passwords stay for admins (alice), also when the directory is down.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import ldap3
import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.app import create_app
from server_stub.config import ConfigError, load_config
from server_stub.storage import accounts as acc
from server_stub.storage.engine import make_sync_engine
from tests.certificates import CertificateAuthority
from tests.integration.ldap_support import (
    BASE,
    DIRECTORY_PASSWORDS,
    LOCKOUT_AFTER,
    PEOPLE,
    ROOT_DN,
    ROOT_PASSWORD,
    SERVICE_DN,
    SERVICE_PASSWORD,
    Slapd,
    running_slapd,
)
from tests.integration.sync_support import free_port
from tests.integration.world import PASSWORD, World, build_world, uid

BOB = DIRECTORY_PASSWORDS["bob"]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    with running_slapd(tmp_path_factory.mktemp("slapd")) as directory:
        yield directory


def search_then_bind(slapd: Slapd, tmp_path: Path, **extra: Any) -> dict[str, Any]:
    secret = tmp_path / "ldap-password"
    secret.write_text(SERVICE_PASSWORD + "\n")
    return {"url": slapd.ldaps_url, "ca_file": str(slapd.ca_file), "service_dn": SERVICE_DN,
            "service_password_file": str(secret), "search_base": PEOPLE,
            "search_filter": "(&(uid={username})(!(employeeType=disabled)))", **extra}


async def _started(world: World) -> TestServer:
    server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
    await server.start_server()
    return server


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


async def login(session: ClientSession, server: TestServer, user: str,
                password: str) -> tuple[int, dict[str, Any]]:
    async with session.post(server.make_url("/api/v1/login"), json={
            "username": user, "password": password, "device_name": "pytest"}) as r:
        return r.status, await r.json()


async def test_search_then_bind_over_ldaps(slapd: Slapd, tmp_path: Path,
                                           session: ClientSession) -> None:
    world = build_world(tmp_path / "data", ldap=search_then_bind(slapd, tmp_path),
                        login_base_delay_seconds=0.0)
    server = await _started(world)
    try:
        status, body = await login(session, server, "bob", BOB)
        assert status == 200 and body["username"] == "bob" and body["token"]
        assert (await login(session, server, "bob", "wrong password"))[1]["error"] == \
            "invalid_credentials"
        # With the directory on, a non-admin's old local password no longer works.
        assert (await login(session, server, "bob", PASSWORD))[0] == 401
        # Filter characters in the name find nobody, and an empty password is no bind.
        assert (await login(session, server, "*", BOB))[0] == 401
        assert (await login(session, server, "bob)(uid=*", BOB))[0] == 401
        assert (await login(session, server, "bob", ""))[0] == 401
        # Disabled in the directory: the search filter leaves carol out.
        assert (await login(session, server, "carol", DIRECTORY_PASSWORDS["carol"]))[0] == 401
        # Right password, but no Kontor account of that name.
        status, body = await login(session, server, "dieter", DIRECTORY_PASSWORDS["dieter"])
        assert (status, body["error"]) == (403, "no_account")
        # The local admin keeps the break-glass password.
        assert (await login(session, server, "alice", PASSWORD))[0] == 200
    finally:
        await server.close()


async def test_direct_bind_over_starttls_and_an_account_disabled_in_kontor(
    slapd: Slapd, tmp_path: Path, session: ClientSession
) -> None:
    ldap = {"url": slapd.ldap_url, "start_tls": True, "ca_file": str(slapd.ca_file),
            "bind_dn_template": f"uid={{username}},{PEOPLE}"}
    world = build_world(tmp_path / "data", ldap=ldap, login_base_delay_seconds=0.0)
    server = await _started(world)
    try:
        assert (await login(session, server, "bob", BOB))[0] == 200
        assert (await login(session, server, "bob", "wrong password"))[0] == 401
        engine = make_sync_engine(world.config.db_url)
        with engine.begin() as conn:
            account = acc.get_account_by_username(conn, "bob")
            assert account is not None
            acc.set_disabled(conn, account.id, True)
        engine.dispose()
        status, body = await login(session, server, "bob", BOB)
        assert (status, body["error"]) == (403, "account_disabled")
    finally:
        await server.close()


def _unlock(slapd: Slapd, username: str) -> None:
    """The directory's admin unlocks an entry, as they would after a call to the desk."""
    tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=str(slapd.ca_file))
    host, port = slapd.ldaps_url.removeprefix("ldaps://").split(":")
    conn = ldap3.Connection(ldap3.Server(host, int(port), use_ssl=True, tls=tls),
                            ROOT_DN, ROOT_PASSWORD, auto_bind=True)
    try:
        assert conn.modify(f"uid={username},{PEOPLE}",
                           {"pwdAccountLockedTime": [(ldap3.MODIFY_DELETE, [])]}), conn.result
    finally:
        conn.unbind()


async def test_an_account_the_directory_locked_cannot_sign_in_until_it_is_unlocked(
    slapd: Slapd, tmp_path: Path, session: ClientSession
) -> None:
    world = build_world(tmp_path / "data", ldap=search_then_bind(slapd, tmp_path),
                        login_base_delay_seconds=0.0)
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        for name in ("erik", "frieda"):
            acc.add_account(conn, acc.Account(uid(), name, "", None, False, False, 0))
    engine.dispose()
    server = await _started(world)
    try:
        # Locked by the directory's password policy: the right password does not help.
        status, body = await login(session, server, "erik", DIRECTORY_PASSWORDS["erik"])
        assert (status, body["error"]) == (401, "invalid_credentials")
        # Wrong passwords through Kontor count against the directory's lock-out too.
        for _ in range(LOCKOUT_AFTER):
            assert (await login(session, server, "frieda", "geraten"))[0] == 401
        frieda = DIRECTORY_PASSWORDS["frieda"]
        assert (await login(session, server, "frieda", frieda))[0] == 401
        # Once the directory's admin unlocks her, her password works again.
        _unlock(slapd, "frieda")
        assert (await login(session, server, "frieda", frieda))[0] == 200
    finally:
        await server.close()


async def test_a_directory_that_is_down_is_said_and_the_local_admin_still_gets_in(
    tmp_path: Path, session: ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    ca = CertificateAuthority.create().write_bundle(tmp_path / "ca.pem")
    ldap = {"url": f"ldaps://127.0.0.1:{free_port()}", "ca_file": str(ca),
            "bind_dn_template": f"uid={{username}},{PEOPLE}", "timeout_seconds": 2.0}
    server = await _started(build_world(tmp_path / "data", ldap=ldap))
    try:
        with caplog.at_level(logging.ERROR, logger="kontor.auth"):
            status, body = await login(session, server, "bob", BOB)
        assert (status, body["error"]) == (503, "directory_unavailable")
        assert "cannot be reached" in body["message"]
        assert any("could not check a sign-in" in r.getMessage() for r in caplog.records)
        assert BOB not in caplog.text
        assert (await login(session, server, "alice", PASSWORD))[0] == 200
    finally:
        await server.close()


async def test_a_directory_certificate_from_another_ca_is_refused(
    slapd: Slapd, tmp_path: Path, session: ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    other = CertificateAuthority.create("Some Other CA").write_bundle(tmp_path / "other.pem")
    ldap = {"url": slapd.ldaps_url, "ca_file": str(other),
            "bind_dn_template": f"uid={{username}},{PEOPLE}"}
    server = await _started(build_world(tmp_path / "data", ldap=ldap))
    try:
        with caplog.at_level(logging.ERROR, logger="kontor.auth"):
            status, body = await login(session, server, "bob", BOB)
        assert (status, body["error"]) == (503, "directory_unavailable")
        assert "CERTIFICATE_VERIFY_FAILED" in caplog.text or "certificate" in caplog.text
    finally:
        await server.close()


@pytest.mark.parametrize(("ldap", "message"), [
    ({"url": "ldap://dc1.example.test", "bind_dn_template": "uid={username}"},
     "passwords would cross the network in the clear"),
    ({"url": "https://dc1.example.test", "bind_dn_template": "uid={username}"},
     "ldap.url must be ldaps://"),
    ({"url": "ldaps://dc1.example.test"}, "set either bind_dn_template or service_dn"),
    ({"url": "ldaps://dc1.example.test", "bind_dn_template": f"cn=fixed,{BASE}"},
     "must contain {username}"),
])
def test_settings_that_cannot_be_safe_stop_the_server(tmp_path: Path, ldap: dict[str, Any],
                                                      message: str) -> None:
    config = load_config(tmp_path, {"ldap": ldap})
    with pytest.raises(ConfigError, match=message.replace("{", r"\{").replace("}", r"\}")):
        create_app(config)
