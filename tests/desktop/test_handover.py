"""Handing a position over: the lead's wizard, the successor's digest, the counterpart's news.

Three real profiles against one real server: the demo lead jana.schroeder hands a
position of her team to a colleague; the successor's Start here then shows the
digest with the predecessor's notes on each contact; and the holder of a position
linked to the handed-over one reads who their contact is now.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from desktop.app import Kontor
from desktop.views.common.links import LinkButton
from desktop.views.start.digest import day_text
from desktop.views.start.handover_wizard import HandoverWizard
from desktop.views.start.screen import StartHereView
from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.handover import handover_preview, handovers_of_position, manageable_positions
from sync.cache.read.people import get_person, get_position, list_people
from sync.cache.write import outbox
from tests.desktop.conftest import OpenAs, click_rail, username_of

NOTE = "Bitte zuerst die offenen Angebote ansehen."


def start_here(app: Kontor) -> StartHereView:
    view = click_rail(app.window, "start")
    assert isinstance(view, StartHereView)
    return view


def open_wizard(qtbot, app: Kontor) -> HandoverWizard:  # type: ignore[no-untyped-def]
    view = start_here(app)
    assert view.lead.handover_button is not None
    view.lead.handover_button.click()
    wizard = view.lead.wizard
    assert wizard is not None
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.position_page.filter)
    return wizard


def press(qtbot, key: Qt.Key, text: str = "") -> None:  # type: ignore[no-untyped-def]
    """A key as the user presses it: to whatever has the keyboard focus now."""
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, key)


@dataclass
class Plan:
    position: p.Position
    holder: p.Person
    successor: p.Person
    counterpart: p.Person
    notes: list[str]


def plan_handover(cache: Cache, me: str) -> Plan:
    """A held position of jana's team with job contacts, and someone findable to take it."""
    for position in manageable_positions(cache, me):
        if position.holder_id is None or any(
                h.state == "scheduled" for h in handovers_of_position(cache, position.id)):
            continue
        preview = handover_preview(cache, position.id)
        others = [c.holder for c in preview.contacts
                  if c.holder is not None and c.holder.id not in (me, position.holder_id)]
        if not others:
            continue
        counterpart = others[0]
        taken = {me, position.holder_id, counterpart.id}
        for person in list_people(cache, limit=300):
            found = list_people(cache, person.display_name, limit=30)
            if person.id not in taken and found and found[0].id == person.id:
                holder = get_person(cache, position.holder_id)
                assert holder is not None
                return Plan(position, holder, person, counterpart,
                            [c.note for c in preview.contacts if c.note])
    raise AssertionError("the demo gives jana no position with job contacts to hand over")


def without_umlauts(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def umlaut_holder(cache: Cache, me: str) -> tuple[p.Position, str]:
    """A position of jana's team whose holder's name has an umlaut, and the name typed without."""
    for position in manageable_positions(cache, me):
        holder = get_person(cache, position.holder_id) if position.holder_id else None
        if holder is not None and without_umlauts(holder.display_name) != holder.display_name \
                and without_umlauts(holder.display_name).isascii():
            return position, without_umlauts(holder.display_name)
    raise AssertionError("the demo gives jana nobody with an umlaut in the name")


def handover_items(cache: Cache) -> list[outbox.OutboxItem]:
    return [i for i in outbox.all_items(cache) if i.path.startswith("/api/v1/handovers/")]


class TestFullHandover:
    def test_lead_hands_over_successor_reads_digest_counterpart_is_told(
        self, qtbot, kontor: Kontor, open_as: OpenAs,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
        assert me is not None
        plan = plan_handover(cache, me)
        successor_app = open_as(username_of(plan.successor))
        counterpart_app = open_as(username_of(plan.counterpart))
        told: dict[str, list[tuple[str, str]]] = {"successor": [], "counterpart": []}
        for who, app in (("successor", successor_app), ("counterpart", counterpart_app)):
            monkeypatch.setattr(app.window.tray, "notify",
                                lambda title, text, who=who: told[who].append((title, text)))
            start_here(app)
        wizard = open_wizard(qtbot, kontor)

        press(qtbot, Qt.Key.Key_unknown, plan.holder.display_name)
        assert wizard.position_page.chosen() == plan.position.id
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.successor_page
        press(qtbot, Qt.Key.Key_unknown, plan.successor.display_name)
        assert wizard.successor_page.chosen() == plan.successor.id
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.date_page
        assert wizard.date_page.day() == dt.date.today()
        assert "takes effect today" in wizard.date_page.when.text()
        for _ in range(4):  # Tab walks the date's day, month and year, then the note
            if QApplication.focusWidget() is wizard.date_page.note:
                break
            press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is wizard.date_page.note
        press(qtbot, Qt.Key.Key_unknown, NOTE)
        press(qtbot, Qt.Key.Key_Backtab)
        press(qtbot, Qt.Key.Key_Return)
        review = wizard.review_page
        assert wizard.currentPage() is review
        assert plan.successor.display_name in review.summary.text()
        assert review.preview is not None
        assert [n.text() for n in review.preview.notes if n.text()] == \
            [f"“{note}”" for note in plan.notes]
        assert plan.holder.display_name in review.keeps.text()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        queued = wizard.write_op
        assert queued is not None
        with qtbot.waitSignal(queued.finished, timeout=5_000) as finished:
            pass  # delivered through the event loop: never before we wait for it
        assert finished.args == [""]
        assert queued.result.path.startswith("/api/v1/handovers/")
        qtbot.waitUntil(lambda: not handover_items(cache), timeout=20_000)
        qtbot.waitUntil(lambda: get_position(cache, plan.position.id).holder_id  # type: ignore[union-attr]
                        == plan.successor.id, timeout=20_000)
        done = handovers_of_position(cache, plan.position.id)[0]
        assert (done.state, done.to_person_id, done.from_person_id) == \
            ("done", plan.successor.id, plan.holder.id)

        # The successor is told, and Start here (open meanwhile) shows the digest.
        qtbot.waitUntil(lambda: bool(told["successor"]), timeout=20_000)
        assert told["successor"][0] == (
            f"You now hold {plan.position.title}",
            f"Handed over by {plan.holder.display_name}. Open to see your key contacts.")
        view = start_here(successor_app)
        qtbot.waitUntil(lambda: any(w.digest.position.id == plan.position.id
                                    for w in view.digest_widgets), timeout=10_000)
        digest = next(w for w in view.digest_widgets if w.digest.position.id == plan.position.id)
        qtbot.waitUntil(lambda: digest.isVisibleTo(view))
        assert plan.holder.display_name in digest.summary.text()
        assert [label.text() for label in digest.notes if label.text()] == \
            [f"“{note}”" for note in plan.notes]
        assert f"“{NOTE}”" in [label.text() for label in digest.findChildren(QLabel)]
        assert plan.counterpart.id in [b.property("person_id") for b in digest.person_buttons]
        successor_app.window.tray.open_latest()  # clicking the notification
        window = successor_app.window.tray.digest_window
        assert window is not None and window.isVisible()
        assert [label.text() for label in window.digest_widget.notes if label.text()] == \
            [f"“{note}”" for note in plan.notes]
        button = next(b for b in window.digest_widget.person_buttons
                      if b.property("person_id") == plan.counterpart.id)
        button.click()
        people = successor_app.window.views["people"]
        assert successor_app.window.stack.currentWidget() is people
        assert people.card.person.id == plan.counterpart.id  # type: ignore[attr-defined]

        # The counterpart is told who their contact is now, in the tray and on Start here.
        expected = (f"{plan.successor.display_name} is now your contact for "
                    f"{plan.position.title} (successor of {plan.holder.display_name})")
        qtbot.waitUntil(lambda: bool(told["counterpart"]), timeout=20_000)
        assert told["counterpart"][0] == ("Your job contact changed", expected)
        view = start_here(counterpart_app)
        updates = view.sections["updates"]
        qtbot.waitUntil(lambda: expected in [b.text() for b in updates.findChildren(LinkButton)],
                        timeout=10_000)
        assert updates.isVisibleTo(view)


class TestWizardKeyboard:
    def test_keyboard_only_refuses_next_without_choice_and_states_a_scheduled_date(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        cache, me = kontor.window.ctx.cache, kontor.window.ctx.me
        assert me is not None
        plan = plan_handover(cache, me)
        wizard = open_wizard(qtbot, kontor)
        next_button = wizard.button(QWizard.WizardButton.NextButton)

        assert not next_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.position_page, "no Next without a position"
        press(qtbot, Qt.Key.Key_unknown, "zzzz-no-such-position")
        assert not next_button.isEnabled()
        wizard.position_page.filter.clear()
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is wizard.position_page.choices
        press(qtbot, Qt.Key.Key_Down)
        assert wizard.position_page.chosen() is not None and next_button.isEnabled()
        press(qtbot, Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is wizard.position_page.filter
        umlaut_position, typed = umlaut_holder(cache, me)  # "Bohm" finds Böhm's position
        press(qtbot, Qt.Key.Key_unknown, typed)
        assert wizard.position_page.chosen() == umlaut_position.id
        wizard.position_page.filter.clear()
        press(qtbot, Qt.Key.Key_unknown, plan.holder.display_name)
        assert wizard.position_page.chosen() == plan.position.id
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.successor_page

        assert wizard.successor_page.chosen() is None
        assert not next_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.successor_page, "no Next without a successor"
        press(qtbot, Qt.Key.Key_unknown, plan.successor.display_name)
        press(qtbot, Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.date_page
        assert QApplication.focusWidget() is wizard.date_page.date
        visibility = wizard.date_page.visibility
        assert visibility.isVisible()
        assert visibility.text() == "Everyone in the company can read this note."

        for _ in range(3):  # a day later per key
            press(qtbot, Qt.Key.Key_Up)
        later = dt.date.today() + dt.timedelta(days=3)
        assert wizard.date_page.day() == later
        assert day_text(later) in wizard.date_page.when.text()
        press(qtbot, Qt.Key.Key_Return)
        review = wizard.review_page
        assert wizard.currentPage() is review
        assert review.when.text() == \
            f"Scheduled: the handover will take effect on {day_text(later)}."
        press(qtbot, Qt.Key.Key_Return)

        assert not wizard.isVisible()
        qtbot.waitUntil(lambda: any(
            (h.date, h.state, h.to_person_id) == (later, "scheduled", plan.successor.id)
            for h in handovers_of_position(cache, plan.position.id)), timeout=20_000)
        assert get_position(cache, plan.position.id).holder_id == plan.holder.id  # type: ignore[union-attr]

        # A second one for the same position is refused before it could fail on the server.
        again = open_wizard(qtbot, kontor)
        press(qtbot, Qt.Key.Key_unknown, plan.holder.display_name)
        assert again.position_page.choices.chosen() == plan.position.id
        assert not again.button(QWizard.WizardButton.NextButton).isEnabled()
        assert again.position_page.hint.text().startswith("Already scheduled: to "
                                                          f"{plan.successor.display_name}")
        again.reject()

        # Until its date the lead can call it off from Start here.
        view = start_here(kontor)
        qtbot.waitUntil(lambda: plan.position.id in view.lead.cancel_buttons, timeout=10_000)
        view.lead.cancel_buttons[plan.position.id].click()
        qtbot.waitUntil(lambda: [h.state for h in handovers_of_position(
            cache, plan.position.id) if h.date == later] == ["cancelled"], timeout=20_000)
        qtbot.waitUntil(lambda: plan.position.id not in view.lead.cancel_buttons,
                        timeout=10_000)


class TestReachingTheWizard:
    def test_a_lead_reaches_the_wizard_at_the_top_of_start_here_without_scrolling(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = start_here(kontor)
        qtbot.waitUntil(lambda: view.handover_top.isVisible(), timeout=10_000)
        # At the window's first size the lead section's own button lies below the fold;
        # the one beside the greeting is in sight, where a click lands.
        assert view.lead.handover_button is not None
        assert view.lead.handover_button.visibleRegion().isEmpty()
        assert not view.handover_top.visibleRegion().isEmpty()
        qtbot.mouseClick(view.handover_top, Qt.MouseButton.LeftButton)
        wizard = view.lead.wizard
        assert wizard is not None
        qtbot.waitExposed(wizard)
        assert wizard.windowTitle() == "Hand over a position"
        wizard.reject()

    def test_someone_who_leads_nobody_sees_no_handover_button(
        self, qtbot, kontor: Kontor, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        member = open_as("wolfgang.dubois")
        view = start_here(member)
        qtbot.waitUntil(lambda: bool(view.greeting.text()), timeout=10_000)
        assert not view.handover_top.isVisible()
        assert not view.sections["lead"].isVisible()
