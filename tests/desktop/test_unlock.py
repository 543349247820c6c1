"""The passphrase dialog, through its own buttons: creating asks twice, a wrong
passphrase is tried again in the user's language, and Start afresh is the way out,
also when the keyring that held the key is gone. Real widgets, a real server, real
SQLCipher profiles; the OS keyring is absent (FailKeyring) or the named fake."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.app import Kontor
from desktop.settings import AppSettings
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.desktop.conftest import RunningServer
from tests.desktop.test_settings_i18n import built_translations, german  # noqa: F401
from tests.fakes import FakeKeyring

PASSPHRASE = "Elbsandstein und Kaffee"  # noqa: S105 - a test profile's passphrase


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("KONTOR_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


def passphrase_profile(server: RunningServer, profile: Path) -> None:
    """A profile protected by PASSPHRASE, signed in and synced."""
    async def make() -> None:
        session = ProfileSession.open(profile, lambda: PASSPHRASE)
        await session.login(server.url, DEMO_USER, DEMO_PASSWORD, "pytest")
        client = session.client()
        await session.engine(client).sync_once()
        await client.close()
        session.close()
    asyncio.run(make())


def write_offline(profile: Path, text: str) -> str:
    """A post written while the server is away: it waits in the outbox. Returns its id."""
    session = ProfileSession.open(profile, lambda: PASSPHRASE)
    try:
        me = session.state().person_id
        space = session.cache.conn.execute(
            "SELECT space_id FROM membership WHERE person_id = ? LIMIT 1", (me,)).fetchone()[0]
        return queue_post(session.cache, space, text).id
    finally:
        session.close()


def click(button) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.clear()
    QTest.keyClicks(field, text)


def post_on_server(server: RunningServer, post_id: str) -> bool:
    db = sqlite3.connect(server.data_dir / "kontor.db")
    try:
        return db.execute("SELECT count(*) FROM post WHERE id = ?", (post_id,)).fetchone()[0] == 1
    finally:
        db.close()


class TestCreate:
    def test_the_passphrase_is_typed_twice_and_must_match(
        self, qtbot, tmp_path: Path, settings: AppSettings, no_keyring: None,  # type: ignore[no-untyped-def]
        server: RunningServer,
    ) -> None:
        app = Kontor(tmp_path / "profile", settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            assert dialog is not None and dialog.isVisible()
            assert dialog.confirmation.isVisible() and not dialog.afresh.isVisible()
            type_into(dialog.passphrase, PASSPHRASE)
            type_into(dialog.confirmation, PASSPHRASE + "!")
            click(dialog.ok)
            assert dialog.isVisible()
            assert dialog.message.text() == "The two passphrases differ. Please type them again."
            type_into(dialog.confirmation, PASSPHRASE)
            click(dialog.ok)
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            meta = json.loads((tmp_path / "profile" / "profile.json").read_text())
            assert meta["key_source"] == "passphrase"
            assert app.session.keystore.opens(PASSPHRASE)
            assert not app.session.keystore.opens(PASSPHRASE + "!")
        finally:
            app.stop()


class TestUnlock:
    def test_a_wrong_passphrase_is_said_and_tried_again(
        self, qtbot, tmp_path: Path, settings: AppSettings, no_keyring: None,  # type: ignore[no-untyped-def]
        server: RunningServer,
    ) -> None:
        passphrase_profile(server, tmp_path / "profile")
        app = Kontor(tmp_path / "profile", settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            assert not dialog.confirmation.isVisible()
            for _ in range(2):
                type_into(dialog.passphrase, "falsch")
                click(dialog.ok)
                assert dialog.isVisible() and app.problem == ""
                assert dialog.message.text() == (
                    "This passphrase does not open your local data. Please try again.")
                assert dialog.passphrase.text() == ""
            type_into(dialog.passphrase, PASSPHRASE)
            click(dialog.ok)
            qtbot.waitUntil(lambda: app.window is not None, timeout=15_000)
        finally:
            app.stop()

    @pytest.mark.usefixtures("german")
    def test_in_german_every_word_is_german(
        self, qtbot, tmp_path: Path, settings: AppSettings, no_keyring: None,  # type: ignore[no-untyped-def]
        server: RunningServer,
    ) -> None:
        passphrase_profile(server, tmp_path / "profile")
        app = Kontor(tmp_path / "profile", settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            assert dialog.explanation.text() == (
                "Geben Sie die Passphrase ein, die Ihre lokalen Kontor-Daten schützt.")
            assert dialog.ok.text() == "Entsperren" and dialog.afresh.text() == "&Neu beginnen"
            type_into(dialog.passphrase, "falsch")
            click(dialog.ok)
            assert dialog.message.text() == (
                "Diese Passphrase öffnet Ihre lokalen Daten nicht. Bitte versuchen Sie es "
                "erneut.")
            click(dialog.afresh)  # forgotten: a new one, twice
            assert dialog.explanation.text().startswith("Wählen Sie eine neue Passphrase")
            type_into(dialog.passphrase, "neu")
            type_into(dialog.confirmation, "anders")
            click(dialog.ok)
            assert dialog.message.text() == (
                "Die beiden Passphrasen stimmen nicht überein. Bitte geben Sie sie erneut ein.")
        finally:
            app.stop()


class TestStartAfresh:
    def test_with_the_passphrase_the_copy_is_new_and_unsent_posts_are_sent(
        self, qtbot, tmp_path: Path, settings: AppSettings, no_keyring: None,  # type: ignore[no-untyped-def]
        server: RunningServer,
    ) -> None:
        profile = tmp_path / "profile"
        passphrase_profile(server, profile)
        server.stop()  # the post is written offline
        item = write_offline(profile, "Vor dem Neuanfang geschrieben")
        server.start()
        app = Kontor(profile, settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            type_into(dialog.passphrase, PASSPHRASE)
            click(dialog.afresh)
            qtbot.waitUntil(lambda: app.window is not None, timeout=15_000)
            assert "Your unsent posts and your sign-in were kept" in app.recovery_note
            qtbot.waitUntil(lambda: post_on_server(server, item), timeout=15_000)
        finally:
            app.stop()

    def test_a_forgotten_passphrase_starts_afresh_with_a_new_one(
        self, qtbot, tmp_path: Path, settings: AppSettings, no_keyring: None,  # type: ignore[no-untyped-def]
        server: RunningServer,
    ) -> None:
        profile = tmp_path / "profile"
        passphrase_profile(server, profile)
        app = Kontor(profile, settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            click(dialog.afresh)
            assert dialog.confirmation.isVisible()
            type_into(dialog.passphrase, "ganz neu")
            type_into(dialog.confirmation, "ganz neu")
            click(dialog.ok)
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=15_000)
            assert "Please sign in again" in app.recovery_note
            [aside] = profile.glob("store.db.broken-*")
            assert aside.name in app.recovery_note
            assert app.session.keystore.opens("ganz neu")
        finally:
            app.stop()


class TestKeyringGone:
    def test_an_emptied_keyring_offers_start_afresh_not_an_error(
        self, qtbot, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        keyring.set_keyring(FakeKeyring())  # the same kind of keyring, the key gone
        app = Kontor(synced_profile, settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.unlock_dialog is not None, timeout=10_000)
            dialog = app.unlock_dialog
            assert dialog.explanation.text().startswith(
                "The key of your local Kontor data is no longer available")
            assert app.problem == ""
            assert not dialog.passphrase.isVisible()  # a keyring is there for the new key
            click(dialog.afresh)
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=15_000)
            assert app.problem == ""
            assert "Please sign in again" in app.recovery_note
        finally:
            app.stop()

    def test_a_keyring_no_longer_there_asks_for_a_new_passphrase_twice(
        self, qtbot, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.delenv("KONTOR_PASSPHRASE", raising=False)
        keyring.set_keyring(FailKeyring())
        app = Kontor(synced_profile, settings, interactive=False)
        app.start()
        try:
            dialog = app.unlock_dialog
            assert dialog is not None and dialog.confirmation.isVisible()
            type_into(dialog.passphrase, "neu")
            type_into(dialog.confirmation, "neu")
            click(dialog.afresh)
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=15_000)
            assert app.problem == "" and app.session.keystore.opens("neu")
        finally:
            app.stop()
