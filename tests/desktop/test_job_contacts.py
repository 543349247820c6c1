"""Job contacts in the desktop: added from a colleague's card, the note rewritten, removed.

The demo lead jana.schroeder links her position to a colleague's with a note while the
server is down: her Me screen lists it at once as waiting. Once sent, the colleague's
own profile shows the contact with her note; her edit of the note and her removal reach
them too. The card also opens the org chart at the colleague's position.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.app import Kontor
from desktop.views.me.job_contacts import JobContactsWidget
from desktop.views.org.screen import OrgChartView
from desktop.views.people.person_card import PersonCard
from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.handover import count_manageable_positions, job_contacts, manageable_positions
from sync.cache.read.org import unit_children
from sync.cache.read.people import get_person, get_position, list_people, positions_of
from sync.cache.write import outbox
from tests.desktop.conftest import OpenAs, RunningServer, click_rail, username_of

NOTE = "Rahmenvertrag Verpackung: Freigaben bitte über Frau Schröder."
NEW_NOTE = "Rahmenvertrag Verpackung: ab Januar über das Ticketsystem."


def colleague_elsewhere(cache: Cache, me: str, mine: p.Position) -> tuple[p.Person, p.Position]:
    """Someone outside my unit whose position is not a job contact of mine yet."""
    linked = {c.position.id for c in job_contacts(cache, mine.id)}
    for person in list_people(cache, limit=10_000):
        theirs = positions_of(cache, person.id)
        if (person.id != me and person.status != "left" and len(theirs) == 1
                and theirs[0].org_unit_id != mine.org_unit_id and theirs[0].id not in linked):
            return person, theirs[0]
    raise AssertionError("the demo has no colleague outside jana's unit")


def card_of(app: Kontor, person_id: str) -> PersonCard:
    app.window.navigate("people", person_id)  # type: ignore[union-attr]
    card = app.window.views["people"].card  # type: ignore[union-attr]
    assert isinstance(card, PersonCard)
    return card


def job_contacts_on_me(app: Kontor) -> JobContactsWidget:
    widget = click_rail(app.window, "me").job_contacts
    assert isinstance(widget, JobContactsWidget)
    return widget


def job_items(cache: Cache) -> list[outbox.OutboxItem]:
    return [i for i in outbox.all_items(cache) if i.path.startswith("/api/v1/job-connections/")]


def select_row(widget: JobContactsWidget, text: str) -> None:
    row = next(n for n, shown in enumerate(widget.model.texts) if text in shown)
    widget.list.setCurrentIndex(widget.model.index(row))


def note_between(cache: Cache, mine: str, theirs: str) -> str | None:
    """The note on the job connection between two positions, whichever side made it."""
    return next((c.connection.note for c in job_contacts(cache, mine)
                 if c.position.id == theirs), None)


class TestJobContacts:
    def test_added_offline_from_a_card_then_note_edited_and_removed_reach_the_colleague(
        self, qtbot, kontor: Kontor, server: RunningServer, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        (mine,) = positions_of(cache, me)
        colleague, theirs = colleague_elsewhere(cache, me, mine)
        qtbot.waitUntil(lambda: kontor.bridge.status == "online", timeout=10_000)
        server.stop()
        qtbot.waitUntil(lambda: kontor.bridge.status == "offline", timeout=10_000)

        card = card_of(kontor, colleague.id)
        assert card.job_button.isVisibleTo(card)
        qtbot.mouseClick(card.job_button, Qt.MouseButton.LeftButton)
        dialog = card.job_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert dialog.chosen() == (mine.id, theirs.id)  # my own position comes first
        qtbot.keyClicks(dialog.note, "Rahmenvertrag")
        assert dialog.left.text().startswith(f"{p.MAX_NOTE - len('Rahmenvertrag')} ")
        dialog.note.setPlainText(NOTE + "x" * p.MAX_NOTE)  # pasted too much: cut at the limit
        assert len(dialog.note.toPlainText()) == p.MAX_NOTE
        assert dialog.left.text().startswith("0 ")
        dialog.note.setPlainText(NOTE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

        # At once, offline: listed on the Me screen, marked as waiting.
        widget = job_contacts_on_me(kontor)
        qtbot.waitUntil(lambda: any(NOTE in t and "waiting to be sent" in t
                                    for t in widget.model.texts), timeout=5_000)
        assert any(theirs.title in t and colleague.display_name in t
                   for t in widget.model.texts)

        server.start()
        kontor.bridge.sync_now()
        qtbot.waitUntil(lambda: not job_items(cache), timeout=20_000)
        qtbot.waitUntil(lambda: note_between(cache, mine.id, theirs.id) == NOTE, timeout=20_000)
        qtbot.waitUntil(lambda: not any("waiting" in t for t in widget.model.texts),
                        timeout=5_000)

        # The colleague's own profile has it, with jana's note, as hers to keep.
        other = open_as(username_of(colleague))
        assert other.window is not None
        their_widget = job_contacts_on_me(other)
        jana = get_person(cache, me)
        assert jana is not None
        (theirs_row,) = [t for t in their_widget.model.texts if NOTE in t]
        assert jana.display_name in theirs_row and "added by the other side" in theirs_row
        select_row(their_widget, NOTE)
        assert not their_widget.edit_button.isEnabled()
        assert not their_widget.remove_button.isEnabled()

        # Jana rewrites the note; the colleague's profile follows.
        widget = job_contacts_on_me(kontor)
        select_row(widget, NOTE)
        assert widget.edit_button.isEnabled()
        qtbot.mouseClick(widget.edit_button, Qt.MouseButton.LeftButton)
        edit = widget.dialog
        assert edit is not None
        qtbot.waitExposed(edit)
        assert edit.note.toPlainText() == NOTE and not edit.mine.isEnabled()
        edit.note.setPlainText(NEW_NOTE)
        qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(NEW_NOTE in t for t in widget.model.texts), timeout=5_000)
        qtbot.waitUntil(lambda: not job_items(cache), timeout=20_000)
        qtbot.waitUntil(lambda: note_between(cache, mine.id, theirs.id) == NEW_NOTE,
                        timeout=20_000)
        qtbot.waitUntil(lambda: any(NEW_NOTE in t and "waiting" not in t
                                    for t in widget.model.texts), timeout=5_000)
        other_cache = other.window.ctx.cache
        other.bridge.sync_now()
        qtbot.waitUntil(lambda: note_between(other_cache, theirs.id, mine.id) == NEW_NOTE,
                        timeout=20_000)

        # Jana removes it, after confirming; gone on both sides.
        select_row(widget, NEW_NOTE)
        qtbot.mouseClick(widget.remove_button, Qt.MouseButton.LeftButton)
        box = widget.confirm
        assert box is not None
        qtbot.waitExposed(box)
        assert theirs.title in box.text()
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not any(NEW_NOTE in t for t in widget.model.texts)
                        or any("being removed" in t for t in widget.model.texts),
                        timeout=5_000)
        qtbot.waitUntil(lambda: not job_items(cache), timeout=20_000)
        qtbot.waitUntil(lambda: note_between(cache, mine.id, theirs.id) is None, timeout=20_000)
        qtbot.waitUntil(lambda: not any(NEW_NOTE in t for t in widget.model.texts),
                        timeout=5_000)
        other.bridge.sync_now()
        qtbot.waitUntil(lambda: note_between(other_cache, theirs.id, mine.id) is None,
                        timeout=20_000)

    def test_a_pair_already_linked_is_refused_in_the_dialog_and_cancel_queues_nothing(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        (mine,) = positions_of(cache, me)
        linked = next(c for c in job_contacts(cache, mine.id) if c.holder is not None)
        assert linked.holder is not None
        card = card_of(kontor, linked.holder.id)
        qtbot.mouseClick(card.job_button, Qt.MouseButton.LeftButton)
        dialog = card.job_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert "job contacts already" in dialog.problem.text()
        assert not dialog.ok_button.isEnabled()
        dialog.reject()
        assert not job_items(cache)
        # Her own card offers no job contact with herself.
        assert not card_of(kontor, me).job_button.isVisibleTo(card)

    def test_show_in_org_chart_selects_the_position(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        (mine,) = positions_of(cache, me)
        colleague, theirs = colleague_elsewhere(cache, me, mine)
        card = card_of(kontor, colleague.id)
        assert card.org_button.isVisibleTo(card)
        qtbot.mouseClick(card.org_button, Qt.MouseButton.LeftButton)
        org = window.views["org"]
        assert isinstance(org, OrgChartView)
        assert window.stack.currentWidget() is org
        assert org.position_id == theirs.id
        assert org.heading.text().startswith(theirs.title)
        assert org.scene.seat_items()[0].seat.position.id != theirs.id  # the chain's top
        assert any(item.seat.position.id == theirs.id for item in org.scene.seat_items())

    def test_a_company_lead_finds_their_side_by_typing_instead_of_a_list_of_all(
        self, qtbot, kontor: Kontor, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None and window.ctx.me is not None
        cache = window.ctx.cache
        (company,) = unit_children(cache, None)
        top = get_position(cache, company.lead_position_id or "")
        assert top is not None and top.holder_id
        boss = get_person(cache, top.holder_id)
        assert boss is not None
        app = open_as(username_of(boss))
        assert app.window is not None
        theirs = app.window.ctx.cache
        assert count_manageable_positions(theirs, boss.id) > 200

        card = card_of(app, window.ctx.me)  # jana's card
        qtbot.mouseClick(card.job_button, Qt.MouseButton.LeftButton)
        dialog = card.job_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert 10 < dialog.mine.choices.count() <= 50  # not all 290 of them
        assert dialog.mine.chosen() == top.id  # own seat first
        far, holder = next(
            (pos, person) for pos in manageable_positions(theirs, boss.id)
            if pos.holder_id and pos.holder_id != window.ctx.me
            and pos.id not in dialog.mine.choice_ids()
            and (person := get_person(theirs, pos.holder_id)) is not None
            and f"{person.given_name}{person.family_name}".isascii())
        qtbot.keyClicks(dialog.mine.filter, f"{holder.given_name} {holder.family_name}")
        assert far.id in dialog.mine.choice_ids()
        dialog.mine.choose(far.id)
        assert dialog.chosen()[0] == far.id and dialog.ok_button.isEnabled()
        dialog.reject()
        assert not job_items(theirs)
