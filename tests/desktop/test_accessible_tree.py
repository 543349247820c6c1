"""The running app as a screen reader meets it: the real desktop app in its own X display
(Xvfb, the xcb platform) against a real server, on a private D-Bus session with the
AT-SPI accessibility bus, its accessible tree read from outside the app's process over
that bus (tests/desktop/accessibility_bus.py, accessible_tree.py), as Orca reads it.

Every screen is opened through the rail's AT-SPI action, every focusable control on it
must have a name, the person card must read out its values (not only the field names)
and offer phone and e-mail as links that its action opens, and the org chart must offer
its seats as a list a screen reader can read.

What the app asks the system to open goes to `xdg-open`, the freedesktop opener Qt
calls for tel: and mailto: addresses; the app's PATH starts with a folder whose
xdg-open only writes the address down, so the test sees what a phone or mail program
would have been handed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.mainwindow import SCREEN_NAMES
from tests.desktop.accessibility_bus import AccessibilitySession
from tests.desktop.accessible_tree import AccessibleTree, Node
from tests.desktop.conftest import RunningServer
from tests.desktop.real_window import EXPECTED, DesktopApp, VirtualScreen, wait_for

# Each screen's rail item, and an object only that screen shows once it holds its data.
SCREENS: dict[str, tuple[str, Callable[[Node], bool]]] = {
    # the greeting: "Good morning", "Hello" from 11 to 18, "Good evening"
    "start": ("Start here", lambda n: n.role == "label"
              and n.name.startswith(("Good", "Hello"))),
    "feed": ("Feed", lambda n: n.role == "panel" and n.name.startswith("Post by ")),
    "people": ("People", lambda n: n.role == "list" and n.name == "People"
               and bool(n.children)),
    "who": ("Who does what", lambda n: n.role == "text" and n.name == "Topic"),
    "org": ("Org chart", lambda n: n.role == "tree" and n.name == "Units"
            and bool(n.children)),
    "hubs": ("Hubs", lambda n: n.name == "Hubs and bridges" and bool(n.children)),
    "community": ("Community", lambda n: n.name == "Use of the network by unit"
                  and bool(n.children)),
    "spaces": ("Spaces", lambda n: n.role == "list" and n.name == "Spaces"
               and bool(n.children)),
    "me": ("Me", lambda n: n.role == "push button" and n.name == "Save profile"),
}


@dataclass
class ScreenReader:
    """The app's accessible tree, read afresh on every question."""

    tree: AccessibleTree
    app: tuple[str, str]
    desktop: DesktopApp
    opened_file: Path  # what xdg-open was asked to open, a line each

    def opened(self) -> list[str]:
        if not self.opened_file.exists():
            return []
        return self.opened_file.read_text(encoding="utf-8").split()

    def read(self) -> Node:
        return self.tree.walk(*self.app)

    def wait(self, what: str, find: Callable[[Node], bool], timeout: float = 30) -> Node:
        def found() -> Node | None:
            hits = self.read().find(find)
            return hits[0] if hits else None
        return wait_for(what, found, timeout)  # type: ignore[no-any-return]

    def press(self, node: Node) -> None:
        """A button's own action: Press, or Toggle for a button that stays down."""
        actions = self.tree.actions(node)
        self.tree.do_action(node, "Press" if "Press" in actions else actions[0])


@pytest.fixture
def reader(server: RunningServer, tmp_path: Path) -> Iterator[ScreenReader]:
    # The hubs, computed as `make demo` does: Community is in the rail of its manager.
    subprocess.run([sys.executable, "-m", "server_stub.cli", "hubs", "compute",
                    str(server.data_dir)], check=True, capture_output=True, timeout=120)
    session, screen = AccessibilitySession(), VirtualScreen()
    app = DesktopApp(screen, server.url, tmp_path)
    tree: AccessibleTree | None = None
    tools, opened = tmp_path / "bin", tmp_path / "opened.txt"
    tools.mkdir()
    opener = tools / "xdg-open"
    opener.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n', encoding="utf-8")
    opener.chmod(0o755)
    try:
        session.start()  # fails with a sentence naming what to install
        screen.start()
        tree = AccessibleTree(session.session_address)
        app.extra_env = {**session.env(), "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
        app.start()
        app.showing("start", EXPECTED["start"], timeout=90)
        yield ScreenReader(tree, tree.application("Kontor"), app, opened)
    finally:
        if tree is not None:
            tree.close()
        app.stop()
        screen.stop()
        session.stop()


def shown(root: Node, title: str, content: Callable[[Node], bool]) -> Node | None:
    """The tree, once the rail's item `title` is selected and its screen's content in it."""
    selected = root.find(lambda n: n.role == "list item" and n.name == title
                         and "selected" in n.states)
    return root if selected and root.find(content) else None


def unnamed_controls(root: Node) -> tuple[list[Node], list[Node]]:
    """(every focusable object showing, those without a name)."""
    focusable = root.find(lambda n: "focusable" in n.states)
    return focusable, [n for n in focusable if not n.name.strip()]


def test_a_screen_reader_opens_every_screen_and_hears_every_control_named(
    reader: ScreenReader,
) -> None:
    rail = reader.wait("the rail with every screen", lambda n: n.role == "list"
                       and n.name == "Navigation" and len(n.children) == len(SCREEN_NAMES))
    assert [item.name for item in rail.children] == [SCREENS[s][0] for s in SCREEN_NAMES]
    counted, unnamed = 0, []
    for name in SCREEN_NAMES:
        title, content = SCREENS[name]
        item = next(i for i in rail.children if i.name == title)
        # Orca's "activate" on a list item: the item's own AT-SPI action.
        reader.tree.do_action(item, reader.tree.actions(item)[0])
        root = wait_for(f"{name}'s content", lambda title=title, content=content:
                        shown(reader.read(), title, content), 30)
        focusable, nameless = unnamed_controls(root)
        counted += len(focusable)
        unnamed += [f"{name}: {node.where()}" for node in nameless]
    assert not unnamed, (f"{len(unnamed)} of {counted} focusable controls have no "
                         "accessible name:\n" + "\n".join(unnamed))


def _field(card: Node, field: str) -> str:
    """What a screen reader says for a field's value on the person card ("" when not
    shown): "Phone: ...", not the caption "Phone:" beside it."""
    said = [n.name for n in card.find(lambda n: n.role == "label"
                                      and n.name.startswith(f"{field}: "))]
    return said[0] if said else ""


def test_the_person_card_reads_out_its_values_and_the_manager(reader: ScreenReader) -> None:
    # What Jana's own profile says, read from the Me screen as a screen reader hears it.
    rail = reader.wait("the rail", lambda n: n.name == "Navigation" and bool(n.children))
    reader.tree.do_action(next(i for i in rail.children if i.name == "Me"), "Toggle")
    me = reader.wait("Me", SCREENS["me"][1]).parent
    assert me is not None
    profile = {n.name: n.text for n in me.find(lambda n: n.role == "text")}
    phones = [text for label, text in profile.items()
              if re.fullmatch(r"Phone \d+ number", label)]
    assert phones and all(phones), profile

    # Her card in People, found by typing her name into the search field.
    reader.tree.do_action(next(i for i in rail.children if i.name == "People"), "Toggle")
    search = reader.wait("the people search", lambda n: n.role == "text"
                         and n.name == "Search people")
    assert reader.tree.call(search.bus_name, search.path, "org.a11y.atspi.EditableText",
                            "SetTextContents", "s", "Jana Schröder")
    card = reader.wait("Jana's card", lambda n: n.name == "Person details" and bool(
        n.find(lambda label: label.role == "label" and label.name == "Jana Schröder")))
    # Phone and e-mail are links, named with their values; Press opens them.
    links = card.find(lambda n: n.role == "link")
    calls = [link for link in links if link.name.startswith("Phone")]
    for number in phones:
        assert [link for link in calls if link.name.endswith(f": {number}")], (number, [
            link.name for link in links])
    mail = [link for link in links if link.name.startswith("E-mail: ")]
    assert len(mail) == 1 and re.fullmatch(r"E-mail: \S+@\S+", mail[0].name), [
        link.name for link in links]
    assert all("focusable" in link.states for link in links)
    assert reader.tree.actions(calls[0])[0] == "Press"
    reader.tree.do_action(calls[0], "Press")
    reader.tree.do_action(mail[0], "Press")
    dialled = "tel:" + "".join(ch for ch in phones[0] if ch.isdigit() or ch == "+")
    address = "mailto:" + mail[0].name.removeprefix("E-mail: ")
    wait_for("the phone and the mail program", lambda: reader.opened() == [dialled, address])
    office = _field(card, "Office")
    assert profile["Room"] in office and profile["Building"] in office, office
    assert _field(card, "Site") == "Site: München"
    for field, typed in (("Skills", "Skills, separated by commas"),
                         ("Languages", "Languages, separated by commas"),
                         ("About", "About me")):
        assert _field(card, field) == f"{field}: {profile[typed]}"

    # The Manager button says whom it opens, and opens that card.
    manager = card.find(lambda n: n.role == "push button" and n.name.startswith("Manager"))
    assert len(manager) == 1 and re.fullmatch(r"Manager: \S.+", manager[0].name), [
        n.name for n in manager]
    boss = manager[0].name.removeprefix("Manager: ")
    reader.press(manager[0])
    reader.wait(f"{boss}'s card", lambda n: n.name == "Person details" and bool(
        n.find(lambda label: label.role == "label" and label.name == boss)))


def test_the_org_chart_lists_its_seats_for_a_screen_reader(reader: ScreenReader) -> None:
    # Jana leads her unit: Start here lists the positions she leads and their holders.
    led = reader.wait("the positions Jana leads", lambda n: n.role == "panel"
                      and n.name == "Your team: positions you lead")
    seats = [label.name.removeprefix("• ") for label in led.children
             if label.role == "label" and label.name.startswith("• ")]
    held = [seat for seat in seats if not seat.endswith("— vacant")]
    assert held, seats
    rail = reader.wait("the rail", lambda n: n.name == "Navigation" and bool(n.children))
    reader.tree.do_action(next(i for i in rail.children if i.name == "Org chart"), "Toggle")
    as_list = reader.wait("the chart's list button", lambda n: n.role in (
        "push button", "toggle button", "check box") and n.name == "Show the chart as a list")
    reader.press(as_list)

    listed = reader.wait("the seats as a list", lambda n: n.role == "list"
                         and n.name.startswith("Seats in ") and bool(n.children))
    rows = reader.tree.rows(listed)  # scrolled out of view too: a screen reader scrolls
    assert listed.name == "Seats in Vertriebsinnendienst", listed.name
    assert rows[0] == "Teamleitung Vertriebsinnendienst — Jana Schröder", rows
    for seat in held:  # position and holder, as Start here says them
        assert any(row.startswith(seat) for row in rows), (seat, rows)
    vacant = [seat for seat in seats if seat.endswith("— vacant")]
    assert len([row for row in rows if "— Vacant" in row]) >= len(vacant), rows



def test_two_hundred_cards_in_a_row_keep_their_links_for_a_screen_reader(
    reader: ScreenReader,
) -> None:
    """The card's links are the same widgets from person to person, their accessible
    interfaces made once and asked again with every card: 200 cards, stepped through
    with the Down key while the accessibility bus hears every change, and the app is
    still there with the last person's links named."""
    rail = reader.wait("the rail", lambda n: n.name == "Navigation" and bool(n.children))
    reader.tree.do_action(next(i for i in rail.children if i.name == "People"), "Toggle")
    people = reader.wait("the people", SCREENS["people"][1])
    first = people.children[0]
    x, y, width, height = reader.tree.call(first.bus_name, first.path,
                                           "org.a11y.atspi.Component", "GetExtents", "u", 0)
    reader.desktop.screen.click(x + width // 2, y + height // 2)

    def card_of(row: str) -> Node:  # a row says "name, position, site"
        name = row.split(", ")[0]
        return reader.wait(f"{name}'s card", lambda n: n.name == "Person details" and bool(
            n.find(lambda label: label.role == "label" and label.name == name)))

    card_of(first.name)
    reader.desktop.screen.keys(*["Down"] * 199)
    assert reader.desktop.process is not None and reader.desktop.process.poll() is None
    rows = wait_for("200 people in the list", lambda: (
        lambda rows: rows if len(rows) >= 200 else None)(reader.tree.rows(people)), 30)
    card = card_of(rows[199])
    links = card.find(lambda n: n.role == "link")
    assert [link for link in links if re.fullmatch(r"E-mail: \S+@\S+", link.name)], [
        link.name for link in links]
    assert all(reader.tree.actions(link)[0] == "Press" for link in links)
    assert reader.desktop.process.poll() is None
