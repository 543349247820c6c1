"""HTTPS as a company runs it: the real server behind a TLS terminator whose certificate
comes from the company's own CA, kontorctl as a user runs it, IT's CA bundle and proxy
in managed.ini. Plain HTTP goes nowhere but to this computer."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.client import InsecureServer, KontorClient
from sync.policy.model import load_policy
from sync.session import ProfileSession
from tests.certificates import CertificateAuthority
from tests.integration.sync_support import kontorctl, login
from tests.integration.tls_support import ForwardProxy, TlsTerminator


def write_managed(path: Path, **values: object) -> Path:
    path.write_text("[kontor]\n" + "".join(f"{k} = {v}\n" for k, v in values.items()),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def company_ca() -> CertificateAuthority:
    return CertificateAuthority.create("Firma Muster Root CA")


@pytest.fixture
async def https(live: TestServer, config: ServerConfig, company_ca: CertificateAuthority,
                tmp_path: Path) -> AsyncIterator[str]:
    """The live demo server, reachable only as https://localhost:PORT."""
    cert, key = company_ca.issue_server(tmp_path)
    terminator = await TlsTerminator(config.port, cert, key).start()
    yield f"https://localhost:{terminator.port}"
    await terminator.close()


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    running = await ForwardProxy().start()
    yield running
    await running.close()


@pytest.fixture
def bundle(company_ca: CertificateAuthority, tmp_path: Path) -> Path:
    return company_ca.write_bundle(tmp_path / "firma-ca.pem")


class TestCompanyCertificateAuthority:
    async def test_with_it_s_ca_bundle_kontorctl_signs_in_and_syncs(
            self, https: str, bundle: Path, tmp_path: Path) -> None:
        managed = write_managed(tmp_path / "managed.ini", ca_bundle=bundle)
        profile = tmp_path / "p"
        code, out, err = await login(profile, https, managed)
        assert code == 0, err
        assert "signed in to demo.test" in out
        code, _, err = await kontorctl(profile, "sync", "-q", managed=managed)
        assert code == 0, err
        code, out, _ = await kontorctl(profile, "status", "--json", managed=managed)
        status = json.loads(out)
        assert status["server"] == https and status["people"] == 300

    async def test_without_it_the_certificate_is_refused_and_said_so(
            self, https: str, tmp_path: Path) -> None:
        code, out, err = await login(tmp_path / "p", https)
        assert code == 3, out + err
        assert err.strip() == (
            f"kontorctl: The certificate of {https} is not trusted (unable to get local "
            "issuer certificate). If the server uses a "
            "certificate of your company's own authority, your IT department sets that "
            "authority's certificate for Kontor (ca_bundle in the managed settings).")

    async def test_a_certificate_for_another_name_is_refused(
            self, live: TestServer, config: ServerConfig, company_ca: CertificateAuthority,
            bundle: Path, tmp_path: Path) -> None:
        cert, key = company_ca.issue_server(tmp_path, ("kontor.hamburg.example.com",))
        terminator = await TlsTerminator(config.port, cert, key).start()
        try:
            managed = write_managed(tmp_path / "managed.ini", ca_bundle=bundle)
            code, _, err = await login(tmp_path / "p", f"https://localhost:{terminator.port}",
                                       managed)
        finally:
            await terminator.close()
        assert code == 3
        assert "is not trusted (Hostname mismatch, certificate is not valid for 'localhost'" in err

    async def test_live_wake_ups_come_over_tls_too(
            self, https: str, bundle: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch, fake_keyring: object) -> None:
        monkeypatch.setenv("KONTOR_MANAGED_CONFIG",
                           str(write_managed(tmp_path / "managed.ini", ca_bundle=bundle)))
        session = ProfileSession.open(tmp_path / "p", policy=load_policy())
        try:
            await session.login(https, DEMO_USER, DEMO_PASSWORD, "pytest")
            client = session.client()
            try:
                async with client.events(heartbeat=5) as ws:
                    assert not ws.closed
                    assert client.base_url.startswith("https://")
            finally:
                await client.close()
        finally:
            session.close()


class TestPlainHttp:
    @pytest.mark.parametrize("url", ["http://kontor.muenchen.example.com",
                                     "http://10.20.30.40:8470", "http://[2001:db8::1]"])
    async def test_to_another_computer_nothing_is_sent(
            self, proxy: ForwardProxy, tmp_path: Path, url: str) -> None:
        """IT's proxy would see any request that left: it sees none."""
        managed = write_managed(tmp_path / "managed.ini", proxy_url=proxy.url)
        started = time.monotonic()
        code, out, err = await login(tmp_path / "p", url, managed)
        assert code == 1, out + err
        assert err.strip() == (
            f"kontorctl: Kontor connects to other computers only over HTTPS, so it will not "
            f"use {url}. Use the server's https:// address.")
        assert proxy.requests == []
        assert time.monotonic() - started < 30  # no connection attempt to time out
        code, out, _ = await kontorctl(tmp_path / "p", "status", "--json", managed=managed)
        assert json.loads(out)["signed_in"] is False

    def test_the_client_refuses_it_before_it_has_a_connection(self) -> None:
        with pytest.raises(InsecureServer, match="only over HTTPS"):
            KontorClient("http://kontor.muenchen.example.com")

    async def test_on_this_computer_it_stays_allowed(self, live: TestServer,
                                                     config: ServerConfig) -> None:
        for host in ("127.0.0.1", "localhost"):
            async with KontorClient(f"http://{host}:{config.port}") as client:
                assert (await client.info()).server_name == "demo.test"


class TestProxy:
    async def test_every_connection_goes_through_it_s_proxy(
            self, https: str, bundle: Path, proxy: ForwardProxy, tmp_path: Path) -> None:
        managed = write_managed(tmp_path / "managed.ini", ca_bundle=bundle,
                                proxy_url=proxy.url)
        profile = tmp_path / "p"
        code, _, err = await login(profile, https, managed)
        assert code == 0, err
        code, _, err = await kontorctl(profile, "sync", "-q", managed=managed)
        assert code == 0, err
        target = https.removeprefix("https://")
        assert proxy.requests and set(proxy.requests) == {f"CONNECT {target} HTTP/1.1"}

    async def test_a_proxy_that_is_down_leaves_the_server_unreachable(
            self, https: str, bundle: Path, tmp_path: Path) -> None:
        down = ForwardProxy()
        await down.start()
        await down.close()  # its port is free again: nothing listens there
        managed = write_managed(tmp_path / "managed.ini", ca_bundle=bundle, proxy_url=down.url)
        code, _, err = await login(tmp_path / "p", https, managed)
        assert code == 3
        assert "The server cannot be reached" in err
