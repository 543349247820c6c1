"""Me: an own-profile edit waits while offline, is sent, and shows on the person."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app import Kontor
from desktop.settings import AppSettings
from desktop.views.common.settings_dialog import SettingsDialog
from desktop.views.me.screen import MeView
from sync.cache.read.people import connections_of, count_people, get_person, get_position
from sync.cache.write import outbox
from sync.cache.write.state import get_sync_state
from sync.protocol import Phone
from tests.desktop.conftest import RunningServer, click_rail

WAITING = "Saved on this computer; waiting to be sent…"


def open_me(kontor: Kontor) -> MeView:
    view = click_rail(kontor.window, "me")
    assert isinstance(view, MeView)
    return view


def profile_items(kontor: Kontor) -> list[outbox.OutboxItem]:
    return [i for i in outbox.all_items(kontor.window.ctx.cache) if i.kind == "profile"]


class TestProfileEdit:
    def test_the_form_shows_my_profile(self, kontor: Kontor) -> None:
        view = open_me(kontor)
        me = get_person(kontor.window.ctx.cache, kontor.window.ctx.me)
        assert me is not None
        assert view.heading.text() == "Jana Schröder"
        assert view.about.toPlainText() == me.about
        assert view.skills.text() == ", ".join(me.skills)
        assert view.phones.phones() == me.phones
        assert view.room.text() == me.room
        assert view.state.text() == "Your profile is up to date."

    def test_an_offline_edit_waits_then_is_sent_and_shows_on_the_person(
        self, qtbot, kontor: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
    ) -> None:
        view = open_me(kontor)
        cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
        assert me is not None
        qtbot.waitUntil(lambda: kontor.bridge.status == "online", timeout=10_000)
        server.stop()
        qtbot.waitUntil(lambda: kontor.bridge.status == "offline", timeout=10_000)

        view.about.setPlainText("Vertrieb Süd. Fragen zu Angeboten gern an mich.")
        view.skills.clear()
        qtbot.keyClicks(view.skills, "CRM, Angebote ,, Messeplanung")
        qtbot.mouseClick(view.phones.add_button, Qt.MouseButton.LeftButton)
        label, number, _ = view.phones.rows[-1]
        qtbot.keyClicks(label, "Teams")
        qtbot.keyClicks(number, "+49 89 4711-999")
        view.room.clear()
        qtbot.keyClicks(view.room, "B2.11")
        assert view.state.text() == "Unsaved changes"
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: len(profile_items(kontor)) == 1, timeout=5_000)
        # the save's outcome reaches the GUI thread just after the cache has the item
        qtbot.waitUntil(lambda: not view.write_op.running, timeout=5_000)
        view.refresh()  # as after any sync: the waiting edit is shown, not the old record
        assert view.state.text() == WAITING
        assert view.room.text() == "B2.11"
        assert view.skills.text() == "CRM, Angebote, Messeplanung"
        assert get_person(cache, me).room == "A3.05"  # type: ignore[union-attr]

        server.start()
        kontor.bridge.sync_now()
        qtbot.waitUntil(lambda: not profile_items(kontor), timeout=20_000)
        qtbot.waitUntil(lambda: get_person(cache, me).room == "B2.11",  # type: ignore[union-attr]
                        timeout=20_000)
        person = get_person(cache, me)
        assert person is not None
        assert person.about == "Vertrieb Süd. Fragen zu Angeboten gern an mich."
        assert person.skills == ["CRM", "Angebote", "Messeplanung"]
        assert person.phones[-1] == Phone("Teams", "+49 89 4711-999")
        assert person.building == "Gebäude A"  # untouched fields stay as they were
        qtbot.waitUntil(lambda: view.state.text() == "Your profile is up to date.",
                        timeout=10_000)

    def test_an_entry_over_the_limit_is_refused_before_queueing(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = open_me(kontor)
        view.room.setText("R" * 201)
        view.room.textEdited.emit(view.room.text())
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

        assert view.state.text().startswith("Please check your entries:")
        assert profile_items(kontor) == []


class TestConnectionsAndAccount:
    def test_my_connections_with_notes_open_the_person(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = open_me(kontor)
        rows = [view.connections.index(r).data() for r in range(view.connections.rowCount())]
        assert "Petra Yılmaz\nFahrgemeinschaft nach München." in rows  # name, then my note
        row = rows.index("Petra Yılmaz\nFahrgemeinschaft nach München.")

        index = view.connections.index(row)
        view.connection_list.setCurrentIndex(index)
        view.connection_list.setFocus()
        qtbot.keyClick(view.connection_list, Qt.Key.Key_Return)

        window = kontor.window
        assert window.stack.currentWidget() is window.views["people"]

    def test_my_connections_leave_job_contacts_to_their_own_list(
        self, kontor: Kontor,
    ) -> None:
        view = open_me(kontor)
        cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
        assert me is not None
        stored = connections_of(cache, me)
        personal = [c for c in stored if c.connection_kind == "personal"]
        job = [c for c in stored if c.connection_kind == "job"]
        assert personal and job  # the demo lead has both kinds
        job_ends = [get_position(cache, end) for c in job for end in (c.from_id, c.to_id)]
        job_titles = {f"{position.title}:" for position in job_ends if position is not None}

        rows = [view.connections.index(r).data() for r in range(view.connections.rowCount())]
        assert len(rows) == len(personal)
        assert not [row for row in rows if any(row.startswith(t) for t in job_titles)]
        people = {view.connections.index(r).data(view.connections.PersonIdRole)
                  for r in range(view.connections.rowCount())}
        assert people == {c.to_id if c.from_id == me else c.from_id for c in personal}
        assert view.job_contacts.model.rowCount() == len(job)  # listed once, below

    def test_settings_button_opens_the_settings(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        view = open_me(kontor)
        qtbot.mouseClick(view.settings_button, Qt.MouseButton.LeftButton)
        assert isinstance(view.settings_dialog, SettingsDialog)
        assert view.settings_dialog.isVisible()
        view.settings_dialog.reject()

    def test_sign_out_returns_to_the_sign_in_and_keeps_the_data(
        self, qtbot, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
    ) -> None:
        # Not the kontor fixture: signing out deletes the window, which qtbot must not
        # try to close again afterwards.
        app = Kontor(synced_profile, settings, interactive=False)
        app.start()
        try:
            qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
            view = open_me(app)
            qtbot.mouseClick(view.sign_out_button, Qt.MouseButton.LeftButton)

            qtbot.waitUntil(lambda: app.window is None and app.login_dialog is not None,
                            timeout=10_000)
            qtbot.addWidget(app.login_dialog)
            saved = app.session.open_reader()
            try:
                assert count_people(saved) == 300  # the directory still works offline
                assert get_sync_state(saved).person_id is None
            finally:
                saved.close()
        finally:
            app.stop()
