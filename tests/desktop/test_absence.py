"""Absences in the desktop: marking myself away, and a lead marking a seat of their team.

The demo lead jana.schroeder marks herself away from today to next week on the Me
screen: once synced, a colleague's own profile answers "Who does what" for one of her
duties with her deputy; she clears it and the answer names her again. From the org
chart she marks a team member's seat away; the team member gets no such action for
her seat, only for their own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from desktop.app import Kontor
from desktop.views.common.absence import AbsenceDialog, MyAbsenceRow
from desktop.views.org.screen import OrgChartView
from desktop.views.who.screen import WhoView
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.handover import manageable_positions
from sync.cache.read.people import get_person, get_position, positions_of
from sync.cache.read.who import who_is_responsible
from sync.cache.write import outbox
from tests.desktop.conftest import OpenAs, click_rail, queue_write, username_of

DUTY = "Musterfreigabe Sonderanfertigungen"


def absence_items(cache: Cache) -> list[outbox.OutboxItem]:
    return [i for i in outbox.all_items(cache) if i.path.endswith("/absence")]


def absent_from(cache: Cache, position_id: str) -> dt.date | None:
    position = get_position(cache, position_id)
    assert position is not None
    return position.absent_from


def team_member(cache: Cache, me: str, skip: set[str]) -> p.Position:
    """A held seat of jana's team, not marked away, not one of `skip`."""
    return next(pos for pos in manageable_positions(cache, me)
                if pos.holder_id and pos.absent_from is None and pos.id not in skip)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def answer_note(app: Kontor) -> tuple[str, str]:
    """What Who does what says about the duty: the note and whom it names as deputy."""
    assert app.window is not None
    who = click_rail(app.window, "who")
    assert isinstance(who, WhoView)
    who.show_topic(DUTY)
    (card,) = who.cards
    deputy = card.deputy_button.text() if card.deputy_button is not None else ""
    return card.note.text(), deputy


def org_chart(app: Kontor, position_id: str) -> OrgChartView:
    assert app.window is not None
    app.window.navigate("org", position_id)
    org = app.window.views["org"]
    assert isinstance(org, OrgChartView)
    return org


class TestMyAbsence:
    def test_away_until_next_week_sends_colleagues_to_the_deputy_until_cleared(
        self, qtbot, kontor: Kontor, open_as: OpenAs,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        (mine,) = positions_of(cache, me)
        deputy_position = get_position(cache, mine.deputy_position_id or "")
        assert deputy_position is not None and deputy_position.holder_id
        deputy = get_person(cache, deputy_position.holder_id)
        assert deputy is not None
        duty = p.ResponsibilityWrite(title=DUTY, keywords=["Sonderanfertigung"],
                                     owner_position_id=mine.id)
        queue_write(qtbot, kontor, lambda c: writes.queue_responsibility(c, duty))
        qtbot.waitUntil(lambda: bool(who_is_responsible(cache, DUTY)), timeout=20_000)

        away = click_rail(window, "me").away
        assert isinstance(away, MyAbsenceRow) and away.button.isVisibleTo(window)
        qtbot.mouseClick(away.button, Qt.MouseButton.LeftButton)
        dialog = away.dialog
        assert isinstance(dialog, AbsenceDialog)
        qtbot.waitExposed(dialog)
        today = dt.date.today()
        next_week = today + dt.timedelta(days=7)
        assert dialog.dates() == (today, next_week)
        assert dialog.clear_button.isHidden()  # not away yet: nothing to clear
        dialog.last.setDate(qdate(today - dt.timedelta(days=1)))
        assert not dialog.ok_button.isEnabled()
        assert dialog.problem.text() == "The last day is before the first day."
        dialog.last.setDate(qdate(next_week))
        assert dialog.ok_button.isEnabled() and not dialog.problem.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: absent_from(cache, mine.id) == today, timeout=20_000)
        qtbot.waitUntil(lambda: not absence_items(cache), timeout=20_000)
        position = get_position(cache, mine.id)
        assert position is not None and position.absent_to == next_week
        qtbot.waitUntil(lambda: away.state.text().startswith("Away from ")
                        and "waiting" not in away.state.text(), timeout=5_000)

        # A team member's own profile: asked about her duty, Kontor names the deputy.
        member = team_member(cache, me, {deputy_position.id})
        holder = get_person(cache, member.holder_id or "")
        assert holder is not None
        other = open_as(username_of(holder))
        assert answer_note(other) == ("absent — ask the deputy", deputy.display_name)
        # The member gets the absence action for their own seat, never for hers.
        assert not org_chart(other, mine.id).absence_button.isVisibleTo(other.window)
        assert org_chart(other, member.id).absence_button.isVisibleTo(other.window)

        # Back again: she clears it, and the answer names her.
        click_rail(window, "me")
        qtbot.mouseClick(away.button, Qt.MouseButton.LeftButton)
        dialog = away.dialog
        assert isinstance(dialog, AbsenceDialog)
        qtbot.waitExposed(dialog)
        assert dialog.dates() == (today, next_week)  # as marked
        assert not dialog.clear_button.isHidden()
        qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: absent_from(cache, mine.id) is None, timeout=20_000)
        qtbot.waitUntil(lambda: away.state.text() == "", timeout=5_000)
        assert other.window is not None
        other.bridge.sync_now()
        qtbot.waitUntil(lambda: absent_from(other.window.ctx.cache, mine.id) is None,
                        timeout=20_000)
        note, _ = answer_note(other)
        assert "absent" not in note


class TestLeadMarksASeat:
    def test_a_lead_marks_a_team_seat_away_from_the_org_chart(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        (mine,) = positions_of(cache, me)
        member = team_member(cache, me, set())
        # Not offered for a seat above hers: she does not lead it.
        assert mine.reports_to_id is not None
        org = org_chart(kontor, mine.reports_to_id)
        assert not org.absence_button.isVisibleTo(window)

        # Nor for a vacant seat she leads: nobody is there to be away.
        vacant = next(pos for pos in manageable_positions(cache, me)
                      if pos.holder_id is None)
        assert not org_chart(kontor, vacant.id).absence_button.isVisibleTo(window)

        org = org_chart(kontor, member.id)
        assert org.position_id == member.id
        assert org.absence_button.isVisibleTo(window)
        qtbot.mouseClick(org.absence_button, Qt.MouseButton.LeftButton)
        dialog = org.absence_button.dialog
        assert isinstance(dialog, AbsenceDialog)
        qtbot.waitExposed(dialog)
        assert dialog.position_id() == member.id and not dialog.position_box.isEnabled()
        today = dt.date.today()
        dialog.last.setDate(qdate(today + dt.timedelta(days=2)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: absent_from(cache, member.id) == today, timeout=20_000)
        qtbot.waitUntil(lambda: not absence_items(cache), timeout=20_000)
        # The chart draws the seat as away once the change is back.
        qtbot.waitUntil(lambda: any(item.seat.position.id == member.id and item.seat.absent
                                    for item in org.scene.seat_items()), timeout=5_000)
