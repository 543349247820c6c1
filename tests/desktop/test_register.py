"""The responsibilities register in Who does what: browsing offline, filters, and changes
made in the editor reaching the server, against a real server and real profiles.

jana.schroeder leads the team Vertriebsinnendienst in the demo; a member of her team
(wolfgang.dubois) signs in on a profile of his own to see what he may change.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.app import Kontor
from desktop.models import register as register_model
from desktop.views.who.register import RegisterPanel
from desktop.views.who.responsibility_editor import ResponsibilityEditor
from desktop.views.who.screen import WhoView
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync import protocol as p
from sync import writes
from sync.cache.read.handover import count_manageable_positions, manageable_positions
from sync.cache.read.org import unit_children, vacancies
from sync.cache.read.people import get_person, get_position, get_responsibility, positions_of
from sync.cache.read.posts import get_post, list_posts, list_spaces
from sync.cache.read.register import RegisterRow, register_listing, register_rows
from sync.cache.read.rights import may_edit_position
from sync.cache.write import outbox
from sync.session import ProfileSession
from tests.desktop.conftest import OpenAs, RunningServer, click_rail, queue_write

SLOW = 30_000  # the engine reconnects with jittered back-off after the server returns
TEAM_DUTIES = ["Angebote und CRM-Pflege", "Ersthelfer Vertrieb München",
               "Messeplanung Vertrieb", "Zoll und Exportkontrolle"]
MEMBER = "wolfgang.dubois"


def register_of(app: Kontor) -> RegisterPanel:
    assert app.window is not None
    view = click_rail(app.window, "who")
    assert isinstance(view, WhoView)
    return view.show_register()


def show(panel: RegisterPanel, scope: str, text: str = "") -> list[str]:
    """Choose the scope and filter as the user does; the title cells of every row."""
    panel.scope_combo.setCurrentIndex(panel.scope_combo.findData(scope))
    panel.filter_edit.setText(text)
    panel.apply_filter()
    return titles(panel)


def titles(panel: RegisterPanel) -> list[str]:
    model = panel.model
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def cell(panel: RegisterPanel, title: str, column: int) -> str:
    row = titles(panel).index(title)
    return str(panel.model.index(row, column).data())


def select(panel: RegisterPanel, title_start: str) -> None:
    row = next(n for n, t in enumerate(titles(panel)) if t.startswith(title_start))
    panel.table.selectRow(row)


def nudging(app: Kontor, check: Callable[[], bool]) -> Callable[[], bool]:
    """A waitUntil predicate that asks for a sync now and then (no long back-off waits)."""
    last = [0.0]

    def predicate() -> bool:
        if time.monotonic() - last[0] > 1.0:
            last[0] = time.monotonic()
            app.bridge.sync_now()
        return check()

    return predicate


def duty_items(app: Kontor) -> list[outbox.OutboxItem]:
    assert app.window is not None
    return [i for i in outbox.all_items(app.window.ctx.cache)
            if i.path.startswith("/api/v1/responsibilities/")]


def on_server(server: RunningServer, responsibility_id: str) -> tuple[str, int] | None:
    """(title, version) as the server stores it, read from its database file."""
    with sqlite3.connect(server.data_dir / "kontor.db") as conn:
        row = conn.execute("SELECT title, version FROM responsibility WHERE id = ?",
                           (responsibility_id,)).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def save(qtbot, editor: ResponsibilityEditor) -> None:  # type: ignore[no-untyped-def]
    assert editor.ok_button.isEnabled(), editor.error.text()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)


def go_offline(qtbot, app: Kontor, server: RunningServer) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: app.bridge.status == "online", timeout=10_000)
    server.stop()
    qtbot.waitUntil(lambda: app.bridge.status in ("offline", "connecting"), timeout=10_000)


class TestBrowsing:
    def test_lists_offline_filters_by_scope_and_umlaut_free_text_and_flags_gaps(
        self, qtbot, kontor: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
    ) -> None:
        go_offline(qtbot, kontor, server)
        panel = register_of(kontor)

        # A lead starts on their unit(s): the team's duties, by title.
        assert panel.scope_combo.currentData() == "units"
        assert titles(panel) == TEAM_DUTIES
        assert panel.count_label.text() == "4 responsibilities"
        assert all(cell(panel, t, 3) == "Vertriebsinnendienst" for t in TEAM_DUTIES)

        # jana's own seat owns none of them; the whole company has many.
        assert show(panel, "mine") == []
        everything = show(panel, "all")
        assert len(everything) > 40 and set(TEAM_DUTIES) < set(everything)
        assert everything == sorted(everything, key=str.lower)

        for query in ("Urlaubsantraege", "urlaubsantrage", "URLAUBSANTRÄGE"):
            found = show(panel, "all", query)
            assert len(found) == 3 and all(t.startswith("Urlaubsanträge ") for t in found)
        assert show(panel, "units", "zoll") == ["Zoll und Exportkontrolle"]

        # Edit and Delete only where the server would take them.
        select(panel, "Zoll und Exportkontrolle")
        assert panel.edit_button.isVisibleTo(panel) and panel.delete_button.isVisibleTo(panel)
        show(panel, "all", "Reisekostenabrechnung Hamburg")
        select(panel, "Reisekostenabrechnung Hamburg")
        assert panel.selected_row() is not None
        assert not panel.edit_button.isVisibleTo(panel)
        assert not panel.delete_button.isVisibleTo(panel)

        # Gaps are flagged: a vacant owner without a deputy in a seat, a future start.
        window = kontor.window
        assert window is not None and window.ctx.me is not None
        cache = window.ctx.cache
        (vacant,) = [x for x in manageable_positions(cache, window.ctx.me)
                     if x.holder_id is None]
        elsewhere = next(s.position for s in vacancies(cache, None)
                         if s.position.id != vacant.id)
        start = dt.date.today() + dt.timedelta(days=30)
        queue_write(qtbot, kontor, lambda c: writes.queue_responsibility(c, p.ResponsibilityWrite(
            title="Musterversand", owner_position_id=vacant.id,
            deputy_position_id=elsewhere.id, valid_from=start)))
        qtbot.waitUntil(lambda: "Musterversand (pending)" in show(panel, "units"),
                        timeout=5_000)
        shown = "Musterversand (pending)"
        assert cell(panel, shown, 1) == f"{vacant.title} — vacant, nobody to ask"
        assert cell(panel, shown, 5).startswith("not yet in force (from ")
        row = titles(panel).index(shown)
        tip = panel.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert "nobody can be asked" in tip and "not yet in force" in tip


class TestLayout:
    def test_every_column_and_its_heading_is_in_view_and_cut_cells_have_tooltips(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        assert kontor.window is not None
        kontor.window.resize(1280, 800)
        panel = register_of(kontor)
        qtbot.waitUntil(lambda: bool(titles(panel)))
        table, header = panel.table, panel.table.horizontalHeader()
        columns = range(panel.model.columnCount())
        assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()
        metrics = header.fontMetrics()
        for column in columns:
            label = str(panel.model.headerData(column, Qt.Orientation.Horizontal))
            assert metrics.horizontalAdvance(label) < header.sectionSize(column), label
        owner = panel.model.index(0, 1)
        assert str(owner.data()) in str(owner.data(Qt.ItemDataRole.ToolTipRole))


class TestCreating:
    def test_created_offline_is_pending_then_on_the_server_and_found_by_topic(
        self, qtbot, kontor: Kontor, server: RunningServer, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None and window.ctx.me is not None
        (own,) = positions_of(window.ctx.cache, window.ctx.me)
        go_offline(qtbot, kontor, server)
        panel = register_of(kontor)
        editor = panel.new_responsibility()
        qtbot.waitExposed(editor)
        assert not editor.ok_button.isEnabled()  # no title yet
        qtbot.keyClicks(editor.title_edit, "Kundenreklamationen Innendienst")
        editor.description_edit.setPlainText("Nimmt Reklamationen auf und verfolgt sie.")
        qtbot.keyClicks(editor.keywords_edit, "Reklamation, Beschwerde, , reklamation")
        assert editor.owner.chosen() == own.id  # her own seat comes first
        assert editor.owner.choices.count() > 10  # and every seat of her team
        # The keyboard way: type, Enter lists the matches, Enter takes the first.
        qtbot.keyClicks(editor.deputy.search, "Dubois")
        qtbot.keyClick(editor.deputy.search, Qt.Key.Key_Return)
        assert editor.deputy.hits.count() >= 1 and editor.isVisible()
        qtbot.keyClick(editor.deputy.hits, Qt.Key.Key_Return)
        assert editor.ok_button.isEnabled()  # Enter picked the deputy; it did not save
        assert "Wolfgang Dubois" in editor.deputy.current.text()
        deputy_id = editor.deputy.record_id
        qtbot.keyClicks(editor.howto.search, "Reisekosten")
        editor.howto.run_search()
        assert editor.howto.hits.count() >= 1
        editor.howto.hits.setCurrentRow(0)
        qtbot.keyClick(editor.howto.hits, Qt.Key.Key_Return)
        howto_id = editor.howto.record_id
        assert howto_id is not None and editor.howto.current.text().startswith("So geht")
        editor.valid_from.set_value(dt.date(2027, 2, 1))
        editor.valid_to.set_value(dt.date(2027, 1, 1))
        assert not editor.ok_button.isEnabled() and editor.error.isVisibleTo(editor)
        editor.valid_to.set_value(None)
        editor.valid_from.set_value(None)
        save(qtbot, editor)

        # At once, offline: listed under her positions, marked pending.
        qtbot.waitUntil(lambda: show(panel, "mine") == [
            "Kundenreklamationen Innendienst (pending)"], timeout=5_000)
        (item,) = duty_items(kontor)
        rid = item.id

        server.start()
        qtbot.waitUntil(nudging(kontor, lambda: not duty_items(kontor)), timeout=SLOW)
        assert on_server(server, rid) == ("Kundenreklamationen Innendienst", 1)
        qtbot.waitUntil(lambda: show(panel, "mine") == ["Kundenreklamationen Innendienst"],
                        timeout=SLOW)
        stored = get_responsibility(window.ctx.cache, rid)
        assert stored is not None
        assert stored.keywords == ["Reklamation", "Beschwerde"]
        assert (stored.owner_position_id, stored.deputy_position_id) == (own.id, deputy_id)
        howto = get_post(window.ctx.cache, howto_id)
        assert stored.howto_post_id == howto_id and howto is not None
        assert howto.post_kind == "howto"

        # Who does what finds it by a keyword, ahead of the demo's complaint desks,
        # which have the word only as a synonym.
        view = window.views["who"]
        assert isinstance(view, WhoView)
        view.show_topic("Beschwerde")
        found = [c.answer.responsibility for c in view.cards]
        assert found[0].id == rid and len(found) > 1
        assert all("Beschwerde" in r.synonyms and "Beschwerde" not in r.keywords
                   for r in found[1:])

        # A member of her team sees it, but may not change his lead's duties.
        member = open_as(MEMBER)
        theirs = register_of(member)
        assert "Kundenreklamationen Innendienst" in show(theirs, "all", "Kundenreklamationen")
        select(theirs, "Kundenreklamationen")
        assert not theirs.edit_button.isVisibleTo(theirs)
        assert not theirs.delete_button.isVisibleTo(theirs)
        assert theirs.edit_selected() is None
        # He may add duties, to his own position only.
        assert theirs.new_button.isVisibleTo(theirs)
        assert member.window is not None and member.window.ctx.me is not None
        (his,) = positions_of(member.window.ctx.cache, member.window.ctx.me)
        his_editor = theirs.new_responsibility()
        assert his_editor.owner.choice_ids() == [his.id]
        his_editor.reject()


def company_lead(app: Kontor) -> p.Person:
    assert app.window is not None
    cache = app.window.ctx.cache
    (company,) = unit_children(cache, None)
    lead = get_position(cache, company.lead_position_id or "")
    assert lead is not None and lead.holder_id
    person = get_person(cache, lead.holder_id)
    assert person is not None
    return person


class TestChoosingTheOwner:
    def test_a_company_lead_searches_the_owner_instead_of_a_list_of_every_position(
        self, qtbot, kontor: Kontor, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        boss = company_lead(kontor)
        app = open_as(boss.email.split("@", 1)[0])
        assert app.window is not None
        cache = app.window.ctx.cache
        (own,) = positions_of(cache, boss.id)
        assert count_manageable_positions(cache, boss.id) > 200
        panel = register_of(app)
        editor = panel.new_responsibility()
        qtbot.waitExposed(editor)
        shown = editor.owner.choices.count()
        assert 10 < shown <= 50  # own seat and the nearest ones, not all 290
        assert editor.owner.chosen() == own.id
        assert editor.owner.hint.isVisibleTo(editor)  # says to type for the others

        # Someone in a team far below, found by typing their name (QTest types ASCII).
        far, holder = next(
            (pos, person) for pos in manageable_positions(cache, boss.id)
            if pos.holder_id and pos.id not in editor.owner.choice_ids()
            and (person := get_person(cache, pos.holder_id)) is not None
            and f"{person.given_name}{person.family_name}".isascii())
        qtbot.keyClicks(editor.owner.filter, f"{holder.family_name} {holder.given_name}")
        assert far.id in editor.owner.choice_ids()
        editor.owner.choose(far.id)
        qtbot.keyClick(editor.owner.filter, Qt.Key.Key_Return)  # to the list, not saving
        assert editor.isVisible() and not duty_items(app)
        editor.title_edit.setText("Besuchsprogramm Kunden")
        save(qtbot, editor)

        def owners() -> list[str]:  # queued or already on the server and back
            listing = register_listing(cache, boss.id, "all", "Besuchsprogramm")
            rows = register_rows(cache, listing, 0, 10)
            return [row.responsibility.owner_position_id for row in rows]

        qtbot.waitUntil(lambda: owners() == [far.id], timeout=5_000)


class TestEditing:
    def test_two_edits_offline_reach_the_server_in_turn_then_a_delete(
        self, qtbot, kontor: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        panel = register_of(kontor)
        show(panel, "units")
        select(panel, "Messeplanung Vertrieb")
        row = panel.selected_row()
        assert row is not None
        rid = row.responsibility.id
        go_offline(qtbot, kontor, server)

        panel.table.setFocus()
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # the keyboard way to edit
        editor = panel.editor
        assert editor is not None and editor.delete_button is not None
        qtbot.waitExposed(editor)
        assert editor.title_edit.text() == "Messeplanung Vertrieb"
        editor.title_edit.setText("Messeplanung und Events")
        save(qtbot, editor)
        qtbot.waitUntil(lambda: "Messeplanung und Events (change pending)" in titles(panel),
                        timeout=5_000)

        select(panel, "Messeplanung und Events")
        second = panel.edit_selected()
        assert second is not None and second.title_edit.text() == "Messeplanung und Events"
        second.title_edit.setText("Messen und Events")
        save(qtbot, second)
        qtbot.waitUntil(lambda: len(duty_items(kontor)) == 2, timeout=5_000)

        server.start()
        qtbot.waitUntil(nudging(kontor, lambda: not duty_items(kontor)), timeout=SLOW)
        assert on_server(server, rid) == ("Messen und Events", 3)
        qtbot.waitUntil(lambda: show(panel, "units", "messen") == ["Messen und Events"],
                        timeout=SLOW)

        # Deleting asks first; then the duty is gone on the server and here.
        show(panel, "units")
        select(panel, "Ersthelfer")
        row = panel.selected_row()
        assert row is not None
        asked: list[str] = []

        def answer(_parent: Any, _title: str, text: str) -> QMessageBox.StandardButton:
            asked.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", answer)
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
        assert asked == ["Delete “Ersthelfer Vertrieb München” for everyone?"]
        qtbot.waitUntil(nudging(kontor, lambda: on_server(server, row.responsibility.id)
                                is None), timeout=SLOW)
        qtbot.waitUntil(lambda: "Ersthelfer Vertrieb München" not in show(panel, "units"),
                        timeout=SLOW)


class TestRefreshing:
    def test_a_sync_without_org_changes_reads_no_rows_and_one_with_them_does(
        self, qtbot, kontor: Kontor, server: RunningServer, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        window = kontor.window
        assert window is not None
        cache = window.ctx.cache
        panel = register_of(kontor)
        everything = show(panel, "all")  # scrolled to the end: every row loaded
        read: list[int] = []
        real_rows = register_rows

        def counted(*args: Any, **kwargs: Any) -> list[RegisterRow]:
            rows = real_rows(*args, **kwargs)
            read.append(len(rows))
            return rows

        monkeypatch.setattr(register_model, "register_rows", counted)
        # A post goes out and comes back with the next sync: nothing in the register moved.
        kantine = next(s for s in list_spaces(cache) if s.name == "Kantine")
        text = "Heute gibt es Maultaschen"
        queue_write(qtbot, kontor, lambda c: writes.queue_post(c, kantine.id, text))
        qtbot.waitUntil(nudging(kontor, lambda: not outbox.all_items(cache) and any(
            i.post.text == text for i in list_posts(cache, space_id=kantine.id))),
            timeout=SLOW)
        window.refresh()  # what every sync and local write calls
        assert read == []
        assert titles(panel) == everything

        # A duty renamed on her other device: the register follows with the next sync.
        duty = next(r.responsibility for r in panel.model.rows
                    if r.responsibility.title == "Zoll und Exportkontrolle")
        asyncio.run(edit_elsewhere(server.url, tmp_path / "second", lambda c: (
            writes.queue_responsibility(c, p.ResponsibilityWrite(
                title="Zollabwicklung", owner_position_id=duty.owner_position_id),
                record_id=duty.id, version=duty.version))))
        qtbot.waitUntil(nudging(kontor, lambda: "Zollabwicklung" in titles(panel)),
                        timeout=SLOW)
        assert read and "Zoll und Exportkontrolle" not in titles(panel)


async def edit_elsewhere(url: str, profile: Path, change: Callable[[Any], Any]) -> None:
    """jana on a second device: sign in, sync, make a change, send it."""
    session = ProfileSession.open(profile)
    await session.login(url, DEMO_USER, DEMO_PASSWORD, "pytest-2")
    client = session.client()
    engine = session.engine(client)
    await engine.sync_once()
    change(session.cache)
    await engine.sync_once()
    await client.close()
    session.close()


class TestRefused:
    def test_an_edit_overtaken_elsewhere_is_refused_kept_and_saved_again(
        self, qtbot, kontor: Kontor, server: RunningServer, tmp_path: Path,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        panel = register_of(kontor)
        show(panel, "units")
        select(panel, "Zoll und Exportkontrolle")
        row = panel.selected_row()
        assert row is not None
        duty = row.responsibility
        editor = panel.edit_selected()
        assert editor is not None
        editor.title_edit.setText("Zoll, Ausfuhr und Exportkontrolle")

        # Meanwhile her other device renames it; this app learns of it in the background.
        asyncio.run(edit_elsewhere(server.url, tmp_path / "second", lambda cache: (
            writes.queue_responsibility(cache, p.ResponsibilityWrite(
                title="Zollabwicklung", owner_position_id=duty.owner_position_id),
                record_id=duty.id, version=duty.version))))
        assert on_server(server, duty.id) == ("Zollabwicklung", 2)
        qtbot.waitUntil(nudging(kontor, lambda: (r := get_responsibility(
            window.ctx.cache, duty.id)) is not None and r.version == 2), timeout=SLOW)

        save(qtbot, editor)
        qtbot.waitUntil(lambda: panel.status.isVisibleTo(panel), timeout=SLOW)
        assert "version_conflict" in panel.status.text()
        assert "Zoll, Ausfuhr und Exportkontrolle (refused)" in show(panel, "units")
        assert on_server(server, duty.id) == ("Zollabwicklung", 2)
        assert panel.retry_button.isVisibleTo(panel) and panel.discard_button.isVisibleTo(panel)

        # Nothing typed is lost: Edit again starts from it, and saving replaces the refusal.
        again = panel.edit_failed()
        assert again is not None and again.title_edit.text() == "Zoll, Ausfuhr und Exportkontrolle"
        save(qtbot, again)
        qtbot.waitUntil(nudging(kontor, lambda: not duty_items(kontor)), timeout=SLOW)
        assert on_server(server, duty.id) == ("Zoll, Ausfuhr und Exportkontrolle", 3)
        qtbot.waitUntil(lambda: not panel.status.isVisibleTo(panel), timeout=SLOW)

    def test_an_edit_of_a_duty_deleted_elsewhere_keeps_the_text_as_a_new_duty(
        self, qtbot, kontor: Kontor, server: RunningServer, tmp_path: Path,  # type: ignore[no-untyped-def]
    ) -> None:
        panel = register_of(kontor)
        show(panel, "units")
        select(panel, "Angebote und CRM-Pflege")
        row = panel.selected_row()
        assert row is not None
        duty = row.responsibility
        editor = panel.edit_selected()
        assert editor is not None
        editor.title_edit.setText("Angebote, CRM und Preislisten")

        asyncio.run(edit_elsewhere(server.url, tmp_path / "second", lambda cache: (
            writes.queue_responsibility_delete(cache, duty.id))))
        assert on_server(server, duty.id) is None
        save(qtbot, editor)
        qtbot.waitUntil(nudging(kontor, lambda: panel.status.isVisibleTo(panel)),
                        timeout=SLOW)
        assert "deleted" in panel.status.text()
        assert "Angebote, CRM und Preislisten (refused)" in show(panel, "units")

        again = panel.edit_failed()
        assert again is not None and again.delete_button is None
        assert again.title_edit.text() == "Angebote, CRM und Preislisten"
        save(qtbot, again)
        qtbot.waitUntil(nudging(kontor, lambda: not duty_items(kontor)), timeout=SLOW)
        qtbot.waitUntil(lambda: show(panel, "units", "preislisten") == [
            "Angebote, CRM und Preislisten"], timeout=SLOW)
        assert panel.model.rows[0].responsibility.id != duty.id

    def test_edit_again_with_too_much_text_is_refused_before_the_refusal_is_discarded(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None and window.ctx.me is not None
        cache = window.ctx.cache
        panel = register_of(kontor)
        # A duty for another team's seat: the server refuses it (not_allowed).
        foreign = next(s.position for s in vacancies(cache, None)
                       if not may_edit_position(cache, window.ctx.me, s.position.id))
        queue_write(qtbot, kontor, lambda c: writes.queue_responsibility(c, p.ResponsibilityWrite(
            title="Lagerinventur", owner_position_id=foreign.id)))
        qtbot.waitUntil(nudging(kontor, lambda: panel.status.isVisibleTo(panel)), timeout=SLOW)
        (refused,) = duty_items(kontor)
        assert refused.state == "failed" and "not_allowed" in panel.status.text()

        again = panel.edit_failed()
        assert again is not None and again.title_edit.text() == "Lagerinventur"
        again.description_edit.setPlainText("x" * (p.MAX_TEXT + 5))
        assert not again.ok_button.isEnabled()
        assert again.error.text().startswith("The description is 5 character")
        again.save()  # Enter in the dialog: nothing is queued, nothing discarded
        assert again.isVisible()
        assert duty_items(kontor) == [refused]

        again.description_edit.setPlainText("Jährlich zum 31.12.")
        save(qtbot, again)
        qtbot.waitUntil(lambda: [i.id for i in duty_items(kontor)] != [refused.id],
                        timeout=5_000)
        (replacement,) = duty_items(kontor)
        assert b"31.12." in replacement.body
