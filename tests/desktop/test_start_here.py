"""Start here for the demo's new hire: duties, team, people to meet, and the checklist.

The new hire is found the way a colleague would: the newest holder in the demo lead
jana.schroeder's team. Ticking a checklist item works offline and reaches the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.app import Kontor
from desktop.settings import AppSettings
from desktop.views.common.links import LinkButton
from desktop.views.start.screen import StartHereView
from sync import protocol as p
from sync.cache.read.handover import manageable_positions
from sync.cache.read.lead import own_unit_positions, unowned_responsibilities
from sync.cache.read.org import lead_seat, unit_path
from sync.cache.read.people import get_person
from sync.cache.read.start import start_here
from sync.cache.write import outbox
from sync.session import ProfileSession
from tests.desktop.conftest import (
    OpenAs,
    ProfileOf,
    RunningServer,
    click_rail,
    start_app,
    username_of,
)
from tests.desktop.test_handover import open_wizard, without_umlauts

REASONS = ("Your unit lead", "In your team", "Job contact")


def newest_in_team(profile: Path) -> p.Person:
    """The holder in jana's team whose current spell started last: the new hire."""
    session = ProfileSession.open(profile)
    try:
        cache = session.cache
        me = session.state().person_id
        assert me is not None
        started: list[tuple[dt.date, str]] = []
        for position in manageable_positions(cache, me):
            spell = position.history[-1] if position.history else None
            if position.holder_id and spell and spell.person_id == position.holder_id:
                started.append((spell.start, position.holder_id))
        person = get_person(cache, max(started)[1])
        assert person is not None
        return person
    finally:
        session.close()


@pytest.fixture
def new_hire(qtbot, synced_profile: Path, profile_of: ProfileOf,  # type: ignore[no-untyped-def]
             settings: AppSettings) -> Iterator[Kontor]:
    """The app on a profile of the demo's new hire, fully synced."""
    person = newest_in_team(synced_profile)
    app = start_app(qtbot, profile_of(username_of(person)), settings)
    yield app
    app.stop()


def open_start(app: Kontor) -> StartHereView:
    view = click_rail(app.window, "start")
    assert isinstance(view, StartHereView)
    return view


def shown_texts(widget: object, kind: type) -> list[str]:
    return [w.text() for w in widget.findChildren(kind) if w.isVisibleTo(widget)]  # type: ignore[attr-defined]


def check_items(app: Kontor, item_id: str) -> list[outbox.OutboxItem]:
    """The waiting tick of that item."""
    return [i for i in outbox.all_items(app.window.ctx.cache)
            if i.path.startswith("/api/v1/checklist-checks/") and i.method == "PUT"
            and msgspec.json.decode(i.body, type=p.ChecklistCheckWrite).item_id == item_id]


class TestNewHire:
    def test_start_here_shows_duties_team_people_to_meet_and_checklist(
        self, new_hire: Kontor,
    ) -> None:
        ctx = new_hire.window.ctx
        assert ctx.me is not None
        view = open_start(new_hire)
        start = start_here(ctx.cache, ctx.me)
        assert start.person.given_name in view.greeting.text()
        # The greeting follows the hour; a night before five is still the evening.
        assert [view.greeting_text_for(hour).split(",")[0] for hour in (1, 8, 14, 20)] == [
            "Good evening", "Good morning", "Hello", "Good evening"]
        assert start.unit is not None and start.unit.name in view.intro.text()

        duties = view.sections["responsibilities"]
        assert start.responsibilities, "the new hire's job comes with responsibilities"
        shown = shown_texts(duties, QLabel)
        for duty in start.responsibilities:
            assert any(text.startswith(f"• {duty.title}") for text in shown)

        team = view.sections["team"]
        assert team.isVisibleTo(view)
        team_ids = [b.property("person_id") for b in team.findChildren(LinkButton)]
        assert set(team_ids) == {person.id for person in start.team} | (
            {start.lead.id} if start.lead else set())

        assert 1 <= len(view.meet_rows) <= 10
        met = [button.property("person_id") for button, _ in view.meet_rows]
        assert len(set(met)) == len(met) and ctx.me not in met
        for _, reason in view.meet_rows:
            assert reason.text().startswith(REASONS), reason.text()
        assert any(reason.text().startswith("Job contact: “") for _, reason in view.meet_rows)
        assert view.meet_rows[0][1].text() == "Your unit lead"

        entries = start.checklist
        assert entries, "the team has an onboarding checklist"
        done = sum(1 for entry in entries if entry.done)
        assert view.progress.text() == f"{done} of {len(entries)} done"
        assert [view.checks[e.item.id].isChecked() for e in entries] == \
            [e.done for e in entries]

        button, _ = view.meet_rows[0]
        button.click()
        assert new_hire.window.stack.currentWidget() is new_hire.window.views["people"]

    def test_a_tick_made_offline_shows_at_once_and_reaches_the_server(
        self, qtbot, new_hire: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
    ) -> None:
        ctx = new_hire.window.ctx
        assert ctx.me is not None
        view = open_start(new_hire)
        entries = start_here(ctx.cache, ctx.me).checklist
        done, total = sum(1 for e in entries if e.done), len(entries)
        todo = next(e.item for e in entries if not e.done)
        qtbot.waitUntil(lambda: new_hire.bridge.status == "online", timeout=10_000)
        server.stop()
        qtbot.waitUntil(lambda: new_hire.bridge.status == "offline", timeout=10_000)

        box = view.checks[todo.id]
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked()
        assert box.text() == f"{todo.title} (waiting to be sent)"
        assert view.progress.text() == f"{done + 1} of {total} done"
        qtbot.waitUntil(lambda: check_items(new_hire, todo.id) != [], timeout=5_000)
        view.refresh()  # as after any local write: the waiting tick stays
        assert view.checks[todo.id].isChecked()
        assert view.checks[todo.id].text().endswith("(waiting to be sent)")
        assert view.progress.text() == f"{done + 1} of {total} done"

        server.start()
        new_hire.bridge.sync_now()
        qtbot.waitUntil(lambda: not check_items(new_hire, todo.id), timeout=20_000)

        def ticked_in_cache() -> bool:
            return any(e.item.id == todo.id and e.done
                       for e in start_here(ctx.cache, ctx.me or "").checklist)

        qtbot.waitUntil(ticked_in_cache, timeout=20_000)
        view.refresh()
        assert view.checks[todo.id].isChecked()
        assert view.checks[todo.id].text() == todo.title
        assert view.progress.text() == f"{done + 1} of {total} done"

    def test_a_quick_tick_and_untick_leaves_no_check_on_the_server(
        self, qtbot, new_hire: Kontor, profile_of: ProfileOf,  # type: ignore[no-untyped-def]
    ) -> None:
        ctx = new_hire.window.ctx
        assert ctx.me is not None
        view = open_start(new_hire)
        entries = start_here(ctx.cache, ctx.me).checklist
        done, total = sum(1 for e in entries if e.done), len(entries)
        todo = next(e.item for e in entries if not e.done)
        qtbot.waitUntil(lambda: new_hire.bridge.status == "online", timeout=10_000)

        box = view.checks[todo.id]
        box.setFocus()
        new_hire.bridge.sync_now()  # the clicks may land while a sync is under way
        qtbot.keyClick(box, Qt.Key.Key_Space)
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert not box.isChecked()
        assert view.progress.text() == f"{done} of {total} done"

        def checks_waiting() -> bool:
            return any(i.path.startswith("/api/v1/checklist-checks/")
                       for i in outbox.all_items(ctx.cache))

        qtbot.waitUntil(lambda: not checks_waiting(), timeout=20_000)
        qtbot.waitUntil(lambda: view.checks[todo.id].text() == todo.title, timeout=10_000)
        assert not view.checks[todo.id].isChecked()
        assert view.progress.text() == f"{done} of {total} done"

        # What the server holds, as another device of the same person reads it.
        username = username_of(get_person(ctx.cache, ctx.me))  # type: ignore[arg-type]
        other = profile_of(username)
        session = ProfileSession.open(other)
        try:
            fresh = start_here(session.cache, ctx.me).checklist
        finally:
            session.close()
        assert [e.done for e in fresh if e.item.id == todo.id] == [False]


def lead_items(view: StartHereView) -> dict[str, str]:
    """The lead's checklist editor as shown: item id -> title in its field."""
    return {item_id: edit.text() for item_id, edit in view.lead.item_edits.items()}


class TestLeadSection:
    def test_a_lead_sees_her_positions_and_gaps_and_keeps_the_team_checklist(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        ctx = kontor.window.ctx
        cache, me = ctx.cache, ctx.me
        assert me is not None
        view = open_start(kontor)
        lead = view.sections["lead"]
        assert lead.isVisibleTo(view)
        own = own_unit_positions(cache, me)
        shown = [label.text() for label in lead.findChildren(QLabel, "ledPosition")]
        assert [text.split(" — ")[0] for text in shown] == [f"• {pos.title}" for pos in own]
        assert not lead.findChildren(QLabel, "morePositions"), "her team has no units below"
        gaps = unowned_responsibilities(cache, me)
        assert gaps, "the demo leaves jana a duty nobody holds"
        flagged = [label.text() for label in lead.findChildren(QLabel, "unownedResponsibility")]
        assert len(flagged) == len(gaps)
        assert all(gap.responsibility.title in text for gap, text in zip(gaps, flagged,
                                                                             strict=True))

        before = lead_items(view)
        assert before, "jana's team has a checklist of its own"
        new_item = view.lead.new_item
        assert new_item is not None
        qtbot.keyClicks(new_item, "Parkausweis abholen")
        qtbot.keyClick(new_item, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "Parkausweis abholen" in lead_items(view).values(),
                        timeout=5_000)

        def in_cache(title: str) -> list[p.ChecklistItem]:
            return [e.item for e in start_here(cache, me or "").checklist
                    if e.item.title == title]

        qtbot.waitUntil(lambda: bool(in_cache("Parkausweis abholen")), timeout=20_000)
        (added,) = in_cache("Parkausweis abholen")
        qtbot.waitUntil(lambda: not any(
            i.path.startswith("/api/v1/checklist-items/") for i in outbox.all_items(cache)),
            timeout=20_000)
        view.refresh()
        edit = view.lead.item_edits[added.id]
        edit.selectAll()
        qtbot.keyClicks(edit, "Parkausweis beim Empfang abholen")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(in_cache("Parkausweis beim Empfang abholen")),
                        timeout=20_000)

        view.refresh()
        remove = next(b for b in view.sections["lead"].findChildren(QPushButton)
                      if b.accessibleName() ==
                      "Remove checklist item Parkausweis beim Empfang abholen")
        remove.click()
        qtbot.waitUntil(lambda: added.id not in lead_items(view), timeout=5_000)
        qtbot.waitUntil(lambda: not in_cache("Parkausweis beim Empfang abholen"),
                        timeout=20_000)
        assert set(before) <= set(lead_items(view))


def lead_above(profile: Path) -> p.Person:
    """The lead of the unit above jana's team: a department lead with teams below."""
    session = ProfileSession.open(profile)
    try:
        cache = session.cache
        me = session.state().person_id
        assert me is not None
        team = start_here(cache, me).unit
        assert team is not None
        seat = lead_seat(session.cache, unit_path(cache, team.id)[-2].id)
        assert seat is not None and seat.holder is not None
        return seat.holder
    finally:
        session.close()


class TestLeadOfManyUnits:
    def test_start_here_lists_her_own_unit_and_counts_the_rest_the_wizard_finds_them(
        self, qtbot, synced_profile: Path,  # type: ignore[no-untyped-def]
        open_as: OpenAs,
    ) -> None:
        app = open_as(username_of(lead_above(synced_profile)))
        cache, me = app.window.ctx.cache, app.window.ctx.me
        assert me is not None
        view = open_start(app)
        lead = view.sections["lead"]
        assert lead.isVisibleTo(view)
        own = own_unit_positions(cache, me)
        shown = [label.text() for label in lead.findChildren(QLabel, "ledPosition")]
        assert [text.split(" — ")[0] for text in shown] == [f"• {pos.title}" for pos in own]
        below = [pos for pos in manageable_positions(cache, me)
                 if pos.id not in {o.id for o in own}]
        assert below, "a department lead leads the positions of the teams below"
        (more,) = lead.findChildren(QLabel, "morePositions")
        assert more.text().startswith(f"{len(below)} more positions")

        # The wizard finds a position of a team below by its holder, typed without umlauts.
        wizard = open_wizard(qtbot, app)
        position, typed = next(
            (pos, without_umlauts(holder.display_name)) for pos in below
            if pos.holder_id and (holder := get_person(cache, pos.holder_id))
            and without_umlauts(holder.display_name) != holder.display_name
            and without_umlauts(holder.display_name).isascii())
        qtbot.keyClicks(wizard.position_page.filter, typed)
        assert wizard.position_page.chosen() == position.id
        wizard.reject()
