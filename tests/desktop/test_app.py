"""The app as a whole: signing in, the first sync, starting without a server."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from desktop.app import Kontor
from desktop.settings import AppSettings
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.read.people import count_people
from sync.cache.write.state import get_sync_state
from tests.desktop.conftest import RunningServer, click_rail
from tests.fakes import FakeKeyring


def start_unsigned(qtbot, profile: Path, settings: AppSettings) -> Kontor:  # type: ignore[no-untyped-def]
    app = Kontor(profile, settings, interactive=False)
    app.start()
    qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
    qtbot.addWidget(app.login_dialog)
    return app


def sign_in(qtbot, app: Kontor, url: str, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog = app.login_dialog
    assert dialog is not None
    dialog.server.setText(url)
    dialog.username.setText(user)
    dialog.password.setText(password)
    with qtbot.waitSignal(app.bridge.loginFinished, timeout=15_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


class TestSignIn:
    def test_success_opens_the_main_window_and_fills_the_directory(
        self, qtbot, server: RunningServer, tmp_path: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
        fake_keyring: FakeKeyring,
    ) -> None:
        app = start_unsigned(qtbot, tmp_path / "profile", settings)
        try:
            sign_in(qtbot, app, server.url, DEMO_USER, DEMO_PASSWORD)
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            qtbot.waitUntil(lambda: count_people(app.window.ctx.cache) == 300,
                            timeout=30_000)
            assert settings.get("server_url") == server.url  # remembered for next time
            assert app.window.ctx.me is not None
        finally:
            app.stop()

    def test_wrong_password_says_so(
        self, qtbot, server: RunningServer, tmp_path: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
        fake_keyring: FakeKeyring,
    ) -> None:
        app = start_unsigned(qtbot, tmp_path / "profile", settings)
        try:
            sign_in(qtbot, app, server.url, DEMO_USER, "falsch")
            assert app.login_dialog is not None
            assert app.login_dialog.message.text() == "The user name or the password is wrong."
            assert app.window is None
        finally:
            app.stop()

    def test_the_sign_in_shows_a_long_server_address_whole(
        self, qtbot, tmp_path: Path, settings: AppSettings, fake_keyring: FakeKeyring,  # type: ignore[no-untyped-def]
    ) -> None:
        app = start_unsigned(qtbot, tmp_path / "profile", settings)
        try:
            dialog = app.login_dialog
            assert dialog is not None
            address = "https://kontor.niederlassung-hamburg.example.com"
            dialog.server.setText(address)
            dialog.adjustSize()
            room = dialog.server.contentsRect().width() - 8  # the field's own margins
            assert dialog.server.fontMetrics().horizontalAdvance(address) <= room
        finally:
            app.stop()

    def test_unreachable_server_says_so(
        self, qtbot, tmp_path: Path, settings: AppSettings, fake_keyring: FakeKeyring,  # type: ignore[no-untyped-def]
    ) -> None:
        from tests.integration.sync_support import free_port

        app = start_unsigned(qtbot, tmp_path / "profile", settings)
        try:
            sign_in(qtbot, app, f"http://127.0.0.1:{free_port()}", DEMO_USER, DEMO_PASSWORD)
            assert app.login_dialog is not None
            assert "cannot be reached" in app.login_dialog.message.text()
        finally:
            app.stop()

    def test_revoked_device_returns_to_sign_in_with_a_message_and_a_wiped_cache(
        self, qtbot, kontor: Kontor, server: RunningServer, synced_profile: Path,  # type: ignore[no-untyped-def]
    ) -> None:
        device_id = asyncio.run(_device_id(synced_profile, kontor))
        db = sqlite3.connect(server.data_dir / "kontor.db")
        with db:
            db.execute("UPDATE device SET revoked_at = 1 WHERE id = ?", (device_id,))
        db.close()
        kontor.bridge.sync_now()
        qtbot.waitUntil(lambda: kontor.login_dialog is not None, timeout=30_000)
        qtbot.addWidget(kontor.login_dialog)
        assert "signed out by your administrator" in kontor.login_dialog.message.text()
        assert kontor.window is None
        qtbot.waitUntil(lambda: not (synced_profile / "cache.db").exists(), timeout=10_000)


async def _device_id(profile: Path, app: Kontor) -> str:
    state = get_sync_state(app.window.ctx.cache)  # type: ignore[union-attr]
    assert state.device_id is not None
    return state.device_id


class TestOffline:
    def test_the_app_starts_and_reads_with_the_server_down(
        self, qtbot, server: RunningServer, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        server.stop()
        app = Kontor(synced_profile, settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            qtbot.waitUntil(lambda: app.window.online_label.text().startswith("Offline"),
                            timeout=10_000)
            assert count_people(app.window.ctx.cache) == 300
            people = click_rail(app.window, "people")
            qtbot.waitUntil(lambda: people.model.rowCount() > 0, timeout=5_000)
        finally:
            app.stop()
