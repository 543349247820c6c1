"""IT-managed settings win and lock; German screens; tray notifications obey the setting."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.app import Kontor
from desktop.context import RESOURCES
from desktop.i18n import install_translations
from desktop.settings import AppSettings
from desktop.tray import TrayNotifier
from desktop.views.common.settings_dialog import SettingsDialog
from server_stub.demo.generator import DEMO_PASSWORD
from sync import protocol as p
from sync.cache.read.posts import list_posts
from sync.client import KontorClient
from sync.protocol.records import set_former_colleague_label
from sync.writes import new_id
from tests.desktop.conftest import RunningServer, click_rail
from tests.fakes import FakeKeyring

REPO = Path(__file__).resolve().parents[2]
MANAGED_URL = "https://kontor.firma.example"


@pytest.fixture
def managed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppSettings:
    """IT sets and locks the server and notifications; the user had chosen otherwise."""
    ini = tmp_path / "managed.ini"
    ini.write_text(
        "[kontor]\n"
        f"server_url = {MANAGED_URL}\n"
        "server_url_locked = true\n"
        "notifications = false\n"
        "notifications_locked = true\n"
        "start_minimised = true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KONTOR_MANAGED_CONFIG", str(ini))
    user = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    user.setValue("server_url", "http://kontor.zuhause.example")
    user.setValue("notifications", True)
    user.sync()
    return AppSettings.load(user)


class TestManagedConfiguration:
    def test_the_sign_in_shows_the_locked_server_read_only(
        self, qtbot, managed: AppSettings, tmp_path: Path, fake_keyring: FakeKeyring,  # type: ignore[no-untyped-def]
    ) -> None:
        app = Kontor(tmp_path / "profile", managed, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.login_dialog is not None, timeout=10_000)
            dialog = app.login_dialog
            qtbot.addWidget(dialog)
            assert dialog.server.text() == MANAGED_URL
            assert dialog.server.isReadOnly()
            assert dialog.server.toolTip() == "Set by your IT department"
        finally:
            app.stop()

    def test_the_settings_dialog_greys_out_what_it_locked(
        self, qtbot, managed: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        dialog = SettingsDialog(managed)
        qtbot.addWidget(dialog)

        assert not dialog.notifications.isEnabled()
        assert not dialog.notifications.isChecked()  # IT's value, not the user's
        assert dialog.notifications.toolTip() == "Set by your IT department"
        assert dialog.start_minimised.isEnabled()  # set by IT but not locked
        assert dialog.start_minimised.isChecked()
        assert dialog.language.isEnabled()
        assert "restart" in dialog.restart_note.text()

    def test_choices_are_kept_and_locked_ones_never_change(
        self, qtbot, managed: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        dialog = SettingsDialog(managed)
        qtbot.addWidget(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("de"))
        dialog.notifications.setChecked(True)  # disabled in the UI; even if forced
        dialog.accept()

        again = AppSettings.load(managed.user)
        assert again.get("language") == "de"
        assert again.get("notifications") is False
        assert again.get("server_url") == MANAGED_URL

    def test_an_unlocked_managed_value_is_only_a_default(
        self, managed: AppSettings,
    ) -> None:
        assert managed.get("start_minimised") is True  # IT's default, the user chose none
        assert managed.set("start_minimised", False)
        again = AppSettings.load(managed.user)
        assert again.get("start_minimised") is False  # the user's choice survives a restart


# -- German -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_translations() -> Path:
    """The .qm files are build output (git-ignored): build them once if missing."""
    qm, ts = RESOURCES / "i18n" / "kontor_de.qm", RESOURCES / "i18n" / "kontor_de.ts"
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(["bash", str(REPO / "scripts" / "build-translations.sh")], cwd=REPO,
                       check=True)
    return qm


@pytest.fixture
def german(qapp: QApplication, built_translations: Path) -> Iterator[str]:
    """Install German, and take it away again so later tests see English."""
    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    language = install_translations(qapp, "de")
    yield language
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(locale)
    qapp.setProperty("kontor_language", None)
    set_former_colleague_label("Former colleague")


class TestGerman:
    def test_a_new_main_window_speaks_german(
        self, qtbot, german: str, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        assert german == "de"
        app = Kontor(synced_profile, settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            window = app.window
            qtbot.addWidget(window)
            titles = [window.rail.item(i).text() for i in range(window.rail.count())
                      if not window.rail.item(i).isHidden()]
            assert titles == ["Hier starten", "Neuigkeiten", "Personen", "Wer macht was",
                              "Organigramm", "Hubs", "Bereiche", "Ich"]
            who = click_rail(window, "who")
            assert who.topic.accessibleName() == "Thema"
            me = click_rail(window, "me")
            assert me.sign_out_button.text() == "&Abmelden"
            assert me.hub_consent.consent.text() == "Mich als &Knoten zeigen"
            hubs = click_rail(window, "hubs")
            assert hubs.heading.text() == "Informationsknoten"
            assert hubs.header() == ["Wer", "Bereich", "Rolle", "Warum"]
        finally:
            app.stop()

    def test_a_former_colleague_is_named_in_german(self, german: str) -> None:
        """An anonymised leaver has no name on the wire, only the marker (docs/privacy.md);
        every screen shows display_name, which follows the installed language."""
        former = p.Person(id=new_id(), origin="demo.test", version=3, updated_at=1,
                          given_name="", family_name="", status="left")
        assert former.anonymised and former.display_name == "Ehemaliges Teammitglied"
        named = msgspec.structs.replace(former, given_name="Jana", family_name="Roth")
        assert not named.anonymised and named.display_name == "Jana Roth"

    def test_every_german_translation_is_finished(self, built_translations: Path) -> None:
        text = (RESOURCES / "i18n" / "kontor_de.ts").read_text(encoding="utf-8")
        assert 'type="unfinished"' not in text
        assert "<translation></translation>" not in text


# -- notifications ----------------------------------------------------------------------


def _jana_post_and_a_teammate(kontor: Kontor, server: RunningServer) -> tuple[p.Post, str]:
    """One of Jana's posts and the user name of someone who wrote in the same space."""
    cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
    mine = next(i.post for i in list_posts(cache, limit=500) if i.post.author_id == me)
    others = {i.post.author_id for i in list_posts(cache, mine.space_id, limit=200)}
    others.discard(me)
    db = sqlite3.connect(server.data_dir / "kontor.db")
    try:
        rows = db.execute("SELECT username, person_id FROM account").fetchall()
    finally:
        db.close()
    username = next(name for name, person_id in rows if person_id in others)
    return mine, username


async def _reply(url: str, username: str, post_id: str, text: str) -> None:
    async with KontorClient(url) as client:
        await client.login(username, DEMO_PASSWORD, "pytest colleague")
        body = msgspec.json.encode(p.CommentWrite(post_id=post_id, text=text))
        await client.request("PUT", f"/api/v1/comments/{new_id()}", body)


class TestTrayNotifications:
    def test_a_reply_to_my_post_is_notified_after_the_sync(
        self, qtbot, kontor: Kontor, server: RunningServer, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    ) -> None:
        tray = kontor.window.tray
        assert isinstance(tray, TrayNotifier)
        shown: list[tuple[str, str]] = []
        monkeypatch.setattr(tray, "notify", lambda title, text: shown.append((title, text)))
        mine, colleague = _jana_post_and_a_teammate(kontor, server)
        qtbot.waitUntil(lambda: kontor.bridge.status == "online", timeout=10_000)

        asyncio.run(_reply(server.url, colleague, mine.id, "Erledigt, Unterlagen liegen bei dir."))

        qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
        title, text = shown[0]
        assert title.endswith("replied to your post")
        assert text == "Erledigt, Unterlagen liegen bei dir."
        assert tray.latest_post_id == mine.id
        assert tray.check() == []  # told once, not again

    def test_old_news_is_not_announced_and_switched_off_means_silent(
        self, kontor: Kontor, settings: AppSettings, monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        tray = kontor.window.tray
        shown: list[tuple[str, str]] = []
        monkeypatch.setattr(tray, "notify", lambda title, text: shown.append((title, text)))
        assert tray.check() == []  # a first start begins from now: the demo's past is quiet

        tray.set_last_notified(0)
        settings.set("notifications", False)
        found = tray.check()
        assert found and shown == []
        assert tray.last_notified() == max(n.at for n in found)

        settings.set("notifications", True)
        tray.set_last_notified(0)
        tray.check()
        ((title, _),) = shown
        assert title == f"{len(found)} new mentions and replies"
