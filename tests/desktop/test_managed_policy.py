"""The desktop app under IT's policy: a broken policy is a dialog at start, a profile on
a server IT does not allow goes back to the sign-in, and a required keyring is never
replaced by a passphrase. Real widgets, a real server, IT's file in XDG_CONFIG_DIRS."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import Kontor, load_settings
from desktop.settings import AppSettings
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.certificates import CertificateAuthority
from tests.desktop.conftest import RunningServer
from tests.desktop.test_app import sign_in
from tests.fakes import FakeKeyring
from tests.integration.tls_support import TlsTerminator

MUENCHEN = "https://kontor.muenchen.example.com"


@pytest.fixture
def etc_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this session's XDG_CONFIG_DIRS finds IT's managed.ini (no override file)."""
    monkeypatch.delenv("KONTOR_MANAGED_CONFIG", raising=False)
    ours = tmp_path / "etc-xdg"
    (ours / "kontor").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(ours))
    return ours / "kontor" / "managed.ini"


def user_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


class TestABrokenPolicy:
    def test_is_a_dialog_at_start_and_the_app_does_not_run(
        self, qtbot, etc_xdg: Path,  # type: ignore[no-untyped-def]
    ) -> None:
        etc_xdg.write_text("[kontor]\nlanguage = fr\n", encoding="utf-8")
        seen: list[str] = []

        def read_and_close() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, read_and_close)
                return
            seen.append(box.text())
            box.close()

        QTimer.singleShot(0, read_and_close)
        assert load_settings() is None
        assert seen == [f"The settings your IT department manages cannot be used: {etc_xdg}: "
                        "language: 'fr' is not one of system, de, en. Kontor does not run "
                        "without them; please tell your IT department."]


class TestAServerItDoesNotAllow:
    def test_a_profile_signed_in_there_goes_back_to_the_sign_in_and_says_why(
        self, qtbot, synced_profile: Path, server: RunningServer, etc_xdg: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path,
    ) -> None:
        etc_xdg.write_text(f"[kontor]\nallowed_servers = {MUENCHEN}\n", encoding="utf-8")
        app = Kontor(synced_profile, AppSettings.load(user_settings(tmp_path)),
                     interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            qtbot.addWidget(app.login_dialog)
            assert app.window is None  # nothing of that server's data is shown
            assert app.recovery_note == (f"Your IT department does not allow Kontor to use "
                                         f"{server.url}; allowed: {MUENCHEN}.")
            assert app.bridge.status == "offline"  # and nothing syncs with it

            sign_in(qtbot, app, server.url, DEMO_USER, DEMO_PASSWORD)
            assert app.login_dialog.message.text() == app.recovery_note
            assert app.window is None
        finally:
            app.stop()

    def test_plain_http_to_another_computer_is_refused_at_the_sign_in(
        self, qtbot, tmp_path: Path, settings: AppSettings, fake_keyring,  # type: ignore[no-untyped-def]
    ) -> None:
        app = Kontor(tmp_path / "profile", settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            qtbot.addWidget(app.login_dialog)
            sign_in(qtbot, app, "http://kontor.muenchen.example.com", DEMO_USER, "geheim123")
            assert app.login_dialog.message.text() == (
                "Kontor connects to other computers only over HTTPS, so it will not use "
                "http://kontor.muenchen.example.com. Use the server's https:// address.")
        finally:
            app.stop()


@pytest.fixture
def https(server: RunningServer, tmp_path: Path) -> Iterator[tuple[str, CertificateAuthority]]:
    """The test server behind TLS with a certificate of the company's own CA; the
    terminator runs on an event loop of its own thread, beside Qt's."""
    ca = CertificateAuthority.create("Firma Muster Root CA")
    cert, key = ca.issue_server(tmp_path)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="tls-terminator", daemon=True)
    thread.start()
    backend = int(server.url.rsplit(":", 1)[1])
    terminator = asyncio.run_coroutine_threadsafe(
        TlsTerminator(backend, cert, key).start(), loop).result(10)
    yield f"https://localhost:{terminator.port}", ca
    asyncio.run_coroutine_threadsafe(terminator.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


class TestHttps:
    def test_an_untrusted_certificate_is_told_at_the_sign_in(
        self, qtbot, https: tuple[str, CertificateAuthority], tmp_path: Path,  # type: ignore[no-untyped-def]
        settings: AppSettings, fake_keyring: FakeKeyring,
    ) -> None:
        url, _ = https
        app = Kontor(tmp_path / "profile", settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            qtbot.addWidget(app.login_dialog)
            sign_in(qtbot, app, url, DEMO_USER, DEMO_PASSWORD)
            assert app.login_dialog.message.text() == (
                "The server's certificate is not trusted, so Kontor did not send your "
                f"password.\nThe certificate of {url} is not trusted (unable to get local "
                "issuer certificate). If the server uses a certificate of your company's own "
                "authority, your IT department sets that authority's certificate for Kontor "
                "(ca_bundle in the managed settings).")
        finally:
            app.stop()

    def test_with_it_s_ca_bundle_the_app_signs_in_and_stays_online(
        self, qtbot, https: tuple[str, CertificateAuthority], etc_xdg: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path, fake_keyring: FakeKeyring,
    ) -> None:
        url, ca = https
        bundle = ca.write_bundle(tmp_path / "firma-ca.pem")
        etc_xdg.write_text(f"[kontor]\nca_bundle = {bundle}\nserver_url = {url}\n",
                           encoding="utf-8")
        app = Kontor(tmp_path / "profile", AppSettings.load(user_settings(tmp_path)),
                     interactive=False)
        statuses: list[str] = []
        app.bridge.statusChanged.connect(lambda status, _: statuses.append(status))
        app.start()
        try:
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            qtbot.addWidget(app.login_dialog)
            assert app.login_dialog.server.text() == url  # IT's default address
            sign_in(qtbot, app, url, DEMO_USER, DEMO_PASSWORD)
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            # the feed was pulled, then the live WebSocket opened ("connecting" ->
            # "online"): both over TLS
            qtbot.waitUntil(lambda: "connecting" in statuses[:-1], timeout=30_000)
            assert statuses[statuses.index("connecting") + 1] == "online"
            assert "offline" not in statuses
        finally:
            app.stop()


class TestRequireOsKeyring:
    def test_without_a_keyring_it_says_why_and_asks_no_passphrase(
        self, qtbot, etc_xdg: Path, tmp_path: Path, no_keyring: None,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        etc_xdg.write_text("[kontor]\nrequire_os_keyring = true\n", encoding="utf-8")
        monkeypatch.setenv("KONTOR_PASSPHRASE", "would have worked without IT's policy")
        app = Kontor(tmp_path / "profile", AppSettings.load(user_settings(tmp_path)),
                     interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: bool(app.problem), timeout=10_000)
            assert app.problem.startswith(
                "Your IT department requires the system keyring for Kontor's local data, "
                "and none is usable here (keyring.backends.fail.Keyring).")
            assert app.login_dialog is None and app.window is None
            assert not (tmp_path / "profile" / "cache.db").exists()
        finally:
            app.stop()
