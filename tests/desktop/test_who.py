"""Who does what: a topic finds the responsibility, the person to ask, and the how-to."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Kontor
from desktop.context import ViewContext
from desktop.views.who.screen import AnswerCard, WhoView
from sync.cache.db import Cache
from sync.cache.read.people import get_person, get_position
from sync.cache.write.apply import apply_page
from tests.desktop.conftest import click_rail
from tests.unit.sync import factories as f


@dataclass
class RecordingNavigator:
    calls: list[tuple[str, str]] = field(default_factory=list)

    def navigate(self, name: str, target: str = "") -> None:
        self.calls.append((name, target))


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    opened = Cache.open(tmp_path / "cache.db", secrets.token_bytes(32))
    yield opened
    opened.close()


@pytest.fixture
def office(cache: Cache) -> dict[str, str]:
    """Buchhaltung: Petra holds travel expenses and is away this week; Uwe stands in.
    The purchasing position is vacant, covered by the same deputy."""
    today = dt.date.today()
    unit = f.org_unit("Buchhaltung", site="München")
    petra = f.person("Petra", "Weiß", site="München")
    uwe = f.person("Uwe", "Schäfer", site="München")
    deputy_pos = f.position("Stellvertretung Buchhaltung", unit.id, holder_id=uwe.id)
    owner_pos = f.position("Reisekostenstelle", unit.id, holder_id=petra.id,
                           deputy_position_id=deputy_pos.id,
                           absent_from=today - dt.timedelta(days=1),
                           absent_to=today + dt.timedelta(days=4))
    vacant_pos = f.position("Einkauf Büromaterial", unit.id, deputy_position_id=deputy_pos.id)
    wiki = f.space("Wissen")
    howto = f.post(wiki.id, petra.id, "So geht's: Reisekosten (München)\n\n1. Belege sammeln",
                   post_kind="howto")
    travel = f.responsibility("Reisekostenabrechnung", owner_pos.id,
                              description="Prüft und erstattet Reisekosten.",
                              keywords=["Spesen"], howto_post_id=howto.id)
    paper = f.responsibility("Büromaterial", vacant_pos.id, keywords=["Kugelschreiber"])
    apply_page(cache, f.puts(unit, petra, uwe, deputy_pos, owner_pos, vacant_pos, wiki, howto,
                             travel, paper), "c1")
    return {"petra": petra.id, "uwe": uwe.id, "howto": howto.id}


@pytest.fixture
def who(qtbot, cache: Cache) -> tuple[WhoView, RecordingNavigator]:  # type: ignore[no-untyped-def]
    navigator = RecordingNavigator()
    ctx = ViewContext(cache=cache, bridge=None, settings=None,  # type: ignore[arg-type]
                      navigator=navigator)
    view = WhoView(ctx)
    qtbot.addWidget(view)
    view.show()
    return view, navigator


def texts(card: AnswerCard) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    parts = [w.text() for w in card.findChildren(QLabel) if w.isVisibleTo(card)]
    parts += [w.text() for w in card.findChildren(QAbstractButton)]
    return " | ".join(parts)


class TestAbsenceAndVacancy:
    def test_an_absent_holder_points_to_the_deputy(
        self, qtbot, who: tuple[WhoView, RecordingNavigator], office: dict[str, str],  # type: ignore[no-untyped-def]
    ) -> None:
        view, navigator = who
        view.show_topic("Spesen")

        (card,) = view.cards
        shown = texts(card)
        assert "Reisekostenabrechnung" in shown
        assert "Prüft und erstattet Reisekosten." in shown
        assert card.note.text() == "absent — ask the deputy"
        assert card.holder_button is not None and card.holder_button.text() == "Petra Weiß"
        assert card.deputy_button is not None and card.deputy_button.text() == "Uwe Schäfer"
        assert card.deputy_button.font().bold() and not card.holder_button.font().bold()

        qtbot.mouseClick(card.deputy_button, Qt.MouseButton.LeftButton)
        assert navigator.calls[-1] == ("people", office["uwe"])

    def test_the_howto_opens_the_post(
        self, qtbot, who: tuple[WhoView, RecordingNavigator], office: dict[str, str],  # type: ignore[no-untyped-def]
    ) -> None:
        view, navigator = who
        view.show_topic("Reisekosten")

        (card,) = view.cards
        assert card.howto_button is not None
        assert card.howto_button.text() == "How-to: So geht's: Reisekosten (München)"
        qtbot.mouseClick(card.howto_button, Qt.MouseButton.LeftButton)
        assert navigator.calls[-1] == ("feed", office["howto"])

    def test_a_vacant_position_says_so(
        self, who: tuple[WhoView, RecordingNavigator], office: dict[str, str],
    ) -> None:
        view, _ = who
        view.show_topic("Kugelschreiber")

        (card,) = view.cards
        assert card.holder_button is None
        assert card.note.text() == "vacant — ask the deputy"
        assert card.deputy_button is not None and card.deputy_button.text() == "Uwe Schäfer"

    def test_typing_searches_after_a_pause_and_nothing_found_is_explained(
        self, qtbot, who: tuple[WhoView, RecordingNavigator], office: dict[str, str],  # type: ignore[no-untyped-def]
    ) -> None:
        view, _ = who
        qtbot.keyClicks(view.topic, "Spes")
        qtbot.waitUntil(lambda: len(view.cards) == 1)

        view.topic.clear()
        qtbot.keyClicks(view.topic, "Gabelstapler")
        qtbot.waitUntil(lambda: not view.cards and "Gabelstapler" in view.hint.text())


class TestWithTheDemoCompany:
    def test_reisekosten_shows_the_holder_and_opens_their_card(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        window = kontor.window
        cache = window.ctx.cache
        view = click_rail(window, "who")
        assert isinstance(view, WhoView)
        assert window.rail.currentItem().text() == "Who does what"

        view.topic.setFocus()
        qtbot.keyClicks(view.topic, "Reisekosten")
        qtbot.waitUntil(lambda: bool(view.cards), timeout=5_000)

        card = next(c for c in view.cards
                    if c.answer.responsibility.title.startswith("Reisekostenabrechnung")
                    and c.holder_button is not None)
        position = get_position(cache, card.answer.responsibility.owner_position_id)
        assert position is not None and position.holder_id is not None
        holder = get_person(cache, position.holder_id)
        assert holder is not None
        assert card.holder_button.text() == holder.display_name
        qtbot.mouseClick(card.holder_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.views["people"]
