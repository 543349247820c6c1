"""Synonyms in Who does what, through the window as a person uses it: typing a synonym
in the search box finds the responsibility, and the editor adds and removes synonyms
that reach the server and then find the duty. Runs against the demo company on a real
server, as jana.schroeder, who leads the team that owns "Angebote und CRM-Pflege"."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.app import Kontor
from desktop.views.who.register import RegisterPanel
from desktop.views.who.responsibility_editor import ResponsibilityEditor
from desktop.views.who.screen import WhoView
from tests.desktop.conftest import RunningServer, click_rail
from tests.desktop.test_register import SLOW, nudging, titles
from tests.desktop.test_who import texts

DUTY = "Angebote und CRM-Pflege"
I18N = Path(__file__).parents[2] / "desktop" / "resources" / "i18n"


def who_screen(app: Kontor) -> WhoView:
    assert app.window is not None
    view = click_rail(app.window, "who")
    assert isinstance(view, WhoView)
    return view


def click_tab(view: WhoView, index: int) -> None:
    QTest.mouseClick(view.mode, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mode.tabRect(index).center())
    assert view.mode.currentIndex() == index


def ask(qtbot, view: WhoView, topic: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type a topic into the search box as a person does; the titles of the cards."""
    click_tab(view, 0)
    view.topic.clear()
    view.topic.setFocus()
    qtbot.keyClicks(view.topic, topic)
    qtbot.keyClick(view.topic, Qt.Key.Key_Return)
    return [c.answer.responsibility.title for c in view.cards]


def synonyms_on_server(server: RunningServer, title: str) -> list[str]:
    with sqlite3.connect(server.data_dir / "kontor.db") as conn:
        row = conn.execute("SELECT synonyms FROM responsibility WHERE title = ?",
                           (title,)).fetchone()
    return list(json.loads(row[0]))


def test_typing_a_synonym_finds_the_responsibility_that_has_it(
    qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
) -> None:
    view = who_screen(kontor)
    view.topic.setFocus()
    qtbot.keyClicks(view.topic, "Rechner")  # a synonym of IT-Support's "Laptop"
    qtbot.waitUntil(lambda: bool(view.cards), timeout=5_000)
    assert view.cards[0].answer.responsibility.title.startswith("IT-Support")
    assert "IT-Support" in texts(view.cards[0])  # what the person reads on the card
    # Folded like every search, and a word more (the problem) still finds it.
    assert ask(qtbot, view, "Notebook kaputt")[0].startswith("IT-Support")
    assert ask(qtbot, view, "Gehoerschutz")[0].startswith("Arbeitssicherheit")


def test_the_search_hint_no_longer_sends_people_to_the_english_term(
    qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
) -> None:
    view = who_screen(kontor)
    ask(qtbot, view, "Gabelstaplerschein")
    assert "Gabelstaplerschein" in view.hint.text()
    hints = view.hint.text() + view.topic.placeholderText()
    view.topic.clear()
    qtbot.keyClick(view.topic, Qt.Key.Key_Return)
    hints += view.hint.text()
    assert "English" not in hints and "englisch" not in hints.casefold()
    german = (I18N / "kontor_de.ts").read_text(encoding="utf-8")
    assert "englischen Begriff" not in german and "English term" not in german


def test_the_editor_adds_and_removes_synonyms_that_then_find_the_duty(
    qtbot, kontor: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
) -> None:
    view = who_screen(kontor)
    assert ask(qtbot, view, "Preisanfrage") == []
    assert ask(qtbot, view, "Offerte")[0] == DUTY  # a demo synonym

    click_tab(view, 1)
    panel = view.register
    assert isinstance(panel, RegisterPanel)
    row = next(n for n, t in enumerate(titles(panel)) if t == DUTY)
    panel.table.scrollTo(panel.model.index(row, 0))
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     panel.table.visualRect(panel.model.index(row, 0)).center())
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    editor = panel.findChild(ResponsibilityEditor)
    assert editor is not None
    qtbot.waitExposed(editor)
    synonyms = editor.synonyms
    assert "Offerte" in synonyms.values() and "Kostenvoranschlag" in synonyms.values()

    # Add: type and press Enter (the dialog stays open), or type and click Add.
    qtbot.keyClicks(synonyms.word_edit, "Preisanfrage")
    qtbot.keyClick(synonyms.word_edit, Qt.Key.Key_Return)
    assert editor.isVisible() and synonyms.values()[-1] == "Preisanfrage"
    qtbot.keyClicks(synonyms.word_edit, "preisanfrage")  # listed already: not twice
    qtbot.mouseClick(synonyms.add_button, Qt.MouseButton.LeftButton)
    assert synonyms.values().count("Preisanfrage") == 1
    # Remove: select it in the list, then Remove.
    offerte = synonyms.values().index("Offerte")
    item = synonyms.words.item(offerte)
    QTest.mouseClick(synonyms.words.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     synonyms.words.visualItemRect(item).center())
    qtbot.mouseClick(synonyms.remove_button, Qt.MouseButton.LeftButton)
    assert "Offerte" not in synonyms.values()
    expected = synonyms.values()
    assert editor.ok_button.isEnabled(), editor.error.text()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)

    qtbot.waitUntil(nudging(kontor, lambda: synonyms_on_server(server, DUTY) == expected),
                    timeout=SLOW)
    qtbot.waitUntil(nudging(kontor, lambda: ask(qtbot, view, "Preisanfrage") == [DUTY]),
                    timeout=SLOW)
    assert DUTY not in ask(qtbot, view, "Offerte")
    # Keywords stay what the register shows; the synonyms are not listed there.
    click_tab(view, 1)
    row = titles(panel).index(DUTY)
    shown = " ".join(str(panel.model.index(row, c).data())
                     for c in range(panel.model.columnCount()))
    assert "Angebot" in shown and "Preisanfrage" not in shown
