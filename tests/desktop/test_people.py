"""The People screen: the directory after the first sync, filters, the card, connecting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAccessible, QDesktopServices
from PySide6.QtWidgets import QLineEdit

from desktop.app import Kontor
from desktop.models.people import PAGES_KEPT, PeopleListModel, PersonIdRole
from desktop.views.common import external_link
from desktop.views.people.screen import PeopleView
from sync.cache.db import Cache
from sync.cache.read.people import (
    connections_of,
    count_people,
    get_person,
    get_position_of,
    list_people,
)
from sync.cache.write import outbox
from sync.protocol import Person
from sync.session import ProfileSession
from tests.desktop.conftest import click_rail


def people_view(kontor: Kontor) -> PeopleView:
    view = click_rail(kontor.window, "people")
    assert isinstance(view, PeopleView)
    return view


def listed_ids(view: PeopleView) -> list[str]:
    model = view.model
    return [model.index(row).data(PersonIdRole) for row in range(model.rowCount())]


def everyone(cache: Cache) -> list[Person]:
    return list_people(cache, limit=10_000)


def type_into(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key by key; QTest only knows ASCII keys, so an umlaut is inserted as an IME would."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            field.insert(char)


def search_for(qtbot, view: PeopleView, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a user would, then wait for the debounced filter to apply."""
    view.search_field.clear()
    type_into(qtbot, view.search_field, text)
    qtbot.waitUntil(lambda: view.model.filter.query == text.strip(), timeout=5_000)


class Opened(QObject):
    """What the system was asked to open: Qt hands a tel: or mailto: address to the
    handler registered for its scheme instead of the system's program."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    for scheme in ("tel", "mailto"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("tel", "mailto"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def demo_cache(synced_profile: Path) -> Iterator[Cache]:
    session = ProfileSession.open(synced_profile)
    cache = session.open_reader()
    yield cache
    cache.close()
    session.close()


class TestPeopleListModel:
    def test_loads_lazily_in_batches_and_never_beyond_the_count(
        self, qtbot, demo_cache: Cache,  # type: ignore[no-untyped-def]
    ) -> None:
        model = PeopleListModel(demo_cache, batch_size=120)
        assert count_people(demo_cache) == 300
        assert model.rowCount() == 120
        assert model.total() == 300
        assert model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        assert model.rowCount() == 240
        model.fetchMore(QModelIndex())
        assert model.rowCount() == 300
        assert not model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        assert model.rowCount() == 300

    def test_rows_follow_the_directory_order_and_carry_the_person(
        self, qtbot, demo_cache: Cache,  # type: ignore[no-untyped-def]
    ) -> None:
        model = PeopleListModel(demo_cache)
        assert model.rowCount() == 200  # the default batch
        first = list_people(demo_cache, limit=1)[0]
        index = model.index(0)
        assert index.data(Qt.ItemDataRole.DisplayRole) == first.display_name
        assert index.data(PersonIdRole) == first.id
        assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()  # initials avatar
        position = get_position_of(demo_cache, first.id)
        assert position is not None and position.title in index.data(
            Qt.ItemDataRole.ToolTipRole)

    def test_a_filter_resets_to_its_own_count(
        self, qtbot, demo_cache: Cache,  # type: ignore[no-untyped-def]
    ) -> None:
        model = PeopleListModel(demo_cache, batch_size=50)
        with qtbot.waitSignal(model.modelReset):
            model.set_filter(site="Hamburg")
        hamburg = count_people(demo_cache, site="Hamburg")
        assert 50 < hamburg < 300
        assert model.rowCount() == 50 and model.total() == hamburg
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        assert model.rowCount() == hamburg
        assert {model.person_at(r).site for r in range(model.rowCount())} == {"Hamburg"}


    def test_scrolling_through_keeps_only_a_few_pages_and_reads_them_again(
        self, qtbot, demo_cache: Cache,  # type: ignore[no-untyped-def]
    ) -> None:
        model = PeopleListModel(demo_cache, batch_size=10)
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        assert model.rowCount() == 300
        assert model.kept_rows() <= PAGES_KEPT * 10  # not all 300 held in memory
        people = everyone(demo_cache)
        assert [model.index(r).data(PersonIdRole) for r in range(300)] == [
            p.id for p in people]  # pages that fell out are read again, in order
        last = model.index(299)
        assert last.data(Qt.ItemDataRole.DisplayRole) == people[-1].display_name
        assert model.row_of(people[-1].id) == 299
        assert model.row_of(people[5].id, start=6) == -1

    def test_a_refresh_keeps_the_scrolled_rows_and_goes_on_after_them(
        self, qtbot, demo_cache: Cache,  # type: ignore[no-untyped-def]
    ) -> None:
        model = PeopleListModel(demo_cache, batch_size=50)
        model.fetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        assert model.rowCount() == 150
        with qtbot.waitSignal(model.modelReset):
            model.refresh()
        assert model.rowCount() == 150 and model.total() == 300
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        assert [model.person_at(r).id for r in range(model.rowCount())] == [
            p.id for p in everyone(demo_cache)]


class TestPeopleScreen:
    def test_filled_after_first_sync_and_scrolling_loads_the_rest(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        cache = view.ctx.cache
        assert kontor.window.stack.currentWidget() is view  # type: ignore[union-attr]
        assert 0 < view.model.rowCount() < count_people(cache)
        assert view.model.total() == count_people(cache) == 300
        assert view.count_label.text() == "300 people"
        view.list.scrollToBottom()
        qtbot.waitUntil(lambda: view.model.rowCount() == 300, timeout=5_000)
        assert listed_ids(view) == [p.id for p in everyone(cache)]

    def test_search_by_name(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        view = people_view(kontor)
        search_for(qtbot, view, "Schröder")
        names = [view.model.person_at(r).family_name for r in range(view.model.rowCount())]
        assert names and all(name == "Schröder" for name in names)
        assert kontor.window.ctx.me in listed_ids(view)  # type: ignore[union-attr]

    def test_umlaut_spellings_find_the_muellers(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        muellers = [p.id for p in everyone(view.ctx.cache)
                    if any(part.startswith("Müller") for part in p.family_name.split())]
        assert muellers, "the demo company has a Müller"
        found = {}
        for typed in ("Muller", "Mueller", "Müller", "MÜLLER"):
            search_for(qtbot, view, typed)
            assert set(muellers) <= set(listed_ids(view)), typed
            found[typed] = listed_ids(view)
        assert len({tuple(ids) for ids in found.values()}) == 1  # one list for every spelling

    def test_search_by_skill(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        view = people_view(kontor)
        welders = [p.id for p in everyone(view.ctx.cache) if "WIG-Schweißen" in p.skills]
        assert welders
        search_for(qtbot, view, "WIG-Schweissen")
        assert set(welders) <= set(listed_ids(view))
        assert view.model.total() < 300

    def test_site_filter_narrows(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        view = people_view(kontor)
        view.site_combo.showPopup()  # the sites are read when the list is first opened
        sites = [view.site_combo.itemText(i) for i in range(view.site_combo.count())]
        view.site_combo.hidePopup()
        assert sites == ["All sites", "Hamburg", "München", "Stuttgart"]
        view.site_combo.setCurrentIndex(sites.index("Stuttgart"))
        stuttgart = count_people(view.ctx.cache, site="Stuttgart")
        assert view.model.total() == stuttgart < 300
        assert {view.model.person_at(r).site for r in range(view.model.rowCount())} == {
            "Stuttgart"}
        search_for(qtbot, view, "a")  # search and site filter combine
        assert view.model.total() == count_people(view.ctx.cache, "a", "Stuttgart")

    def test_nobody_matching_says_so(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        view = people_view(kontor)
        search_for(qtbot, view, "Zzyzxq")
        assert view.model.rowCount() == 0
        assert view.count_label.text() == "No one matches"


class TestPersonCard:
    def test_shows_position_manager_links_and_skills(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        cache, me = view.ctx.cache, view.ctx.me
        jana = get_person(cache, me)
        assert jana is not None and jana.manager_id is not None
        manager = get_person(cache, jana.manager_id)
        position = get_position_of(cache, me)
        assert manager is not None and position is not None
        kontor.window.navigate("people", me)  # type: ignore[union-attr]
        card = view.card
        assert card.name_label.text() == "Jana Schröder"
        assert card.position_label.text() == position.title
        assert card.manager_button.text() == manager.display_name
        assert "tel:+49894711104" in [link.url for link in card.links()]
        assert "+49 89 4711-104" in [link.text() for link in card.links()]
        assert card.links()[-1].url == "mailto:jana.schroeder@kontor-maschinenbau.de"
        assert card.skills_label.text() == "CRM, Incoterms, Salesforce"
        assert card.languages_label.text() == "Deutsch, Tschechisch, Arabisch"
        assert card.site_label.text() == "München"
        assert card.connection_box.isHidden()  # nobody connects to themselves
        assert view.list.currentIndex().data(PersonIdRole) == me

    def test_phone_and_mail_are_links_for_mouse_keys_and_screen_reader_card_after_card(
        self, qtbot, kontor: Kontor, opened: Opened,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        kontor.window.navigate("people", view.ctx.me)  # type: ignore[union-attr]
        card = view.card
        *phones, mail = card.links()
        office = next(link for link in phones if link.url == "tel:+49894711104")
        qtbot.mouseClick(office, Qt.MouseButton.LeftButton)
        mail.setFocus()
        qtbot.keyClick(mail, Qt.Key.Key_Space)
        assert opened.urls == ["tel:+49894711104",
                               "mailto:jana.schroeder@kontor-maschinenbau.de"]
        # As a screen reader meets them: links named with their value, Press opens.
        link = QAccessible.queryAccessibleInterface(office)
        assert link.role() == QAccessible.Role.Link
        assert link.text(QAccessible.Text.Name).endswith(": +49 89 4711-104")
        assert link.text(QAccessible.Text.Name).startswith("Phone")
        assert link.actionInterface().actionNames()[0] == "Press"
        link.actionInterface().doAction("Press")
        assert opened.urls[-1] == "tel:+49894711104"
        said = QAccessible.queryAccessibleInterface(mail).text(QAccessible.Text.Name)
        assert said == "E-mail: jana.schroeder@kontor-maschinenbau.de"

        # 200 cards one after another: the same link widgets (and their accessible
        # interfaces, which Qt keeps and PySide6 never lets go of) take each person's
        # numbers; nothing is made per card, and each link reads its own person's value.
        before, shown = external_link.made, 0
        for person in everyone(view.ctx.cache)[:200]:
            kontor.window.navigate("people", person.id)  # type: ignore[union-attr]
            assert card.person is not None and card.person.id == person.id
            numbers = [phone.number for phone in person.phones]
            links = card.links()
            assert [x.text() for x in links] == numbers + ([person.email] if person.email
                                                           else [])
            for widget in links:
                read = QAccessible.queryAccessibleInterface(widget)
                assert read.role() == QAccessible.Role.Link
                assert read.text(QAccessible.Text.Name).endswith(widget.text())
                shown += 1
        assert shown > 200
        assert external_link.made - before <= 2, "interfaces made per card"
        link = QAccessible.queryAccessibleInterface(card.links()[0])
        link.actionInterface().doAction("Press")
        assert opened.urls[-1] == card.links()[0].url

    def test_clicking_the_manager_moves_the_card_to_the_manager(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        me = view.ctx.me
        jana = get_person(view.ctx.cache, me)
        assert jana is not None and jana.manager_id
        kontor.window.navigate("people", me)  # type: ignore[union-attr]
        qtbot.mouseClick(view.card.manager_button, Qt.MouseButton.LeftButton)
        assert view.card.person is not None and view.card.person.id == jana.manager_id
        reports = [b.text() for b in view.card.report_buttons]
        assert "Jana Schröder" in reports
        back = next(b for b in view.card.report_buttons if b.text() == "Jana Schröder")
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
        assert view.card.person.id == me

    def test_connect_with_a_note_is_sent_and_shows_connected_then_disconnect(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        view = people_view(kontor)
        cache, me = view.ctx.cache, view.ctx.me
        connected = {c.to_id for c in connections_of(cache, me)}
        stranger = next(p for p in everyone(cache) if p.id != me and p.id not in connected)
        kontor.window.navigate("people", stranger.id)  # type: ignore[union-attr]
        card = view.card
        assert card.connection_label.text() == "Not connected"
        assert card.disconnect_button.isHidden()
        type_into(qtbot, card.note_edit, "Kennen uns von der Messe")
        qtbot.mouseClick(card.connect_button, Qt.MouseButton.LeftButton)
        assert card.write_op is not None
        with qtbot.waitSignal(card.write_op.finished, timeout=5_000) as written:
            pass  # delivered through the event loop: never before we wait for it
        assert written.args == [""]
        item_id = card.write_op.result.id
        assert item_id  # an outbox item under the connection's id
        # (Between the push and the pull that brings the stored record, the card can show
        # "Not connected" for a moment on a busy machine: the end state is what counts.)
        qtbot.waitUntil(lambda: not outbox.all_items(cache), timeout=15_000)
        qtbot.waitUntil(
            lambda: card.connection_label.text() == "Connected: Kennen uns von der Messe",
            timeout=15_000)
        assert card.connect_button.isHidden()
        assert [c.id for c in connections_of(cache, me) if c.to_id == stranger.id] == [
            item_id]
        assert not card.disconnect_button.isHidden()

        qtbot.mouseClick(card.disconnect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: card.connection_label.text() == "Not connected",
                        timeout=15_000)
        qtbot.waitUntil(lambda: not outbox.all_items(cache), timeout=15_000)
        assert not [c for c in connections_of(cache, me) if c.to_id == stranger.id]
        assert not card.connect_button.isHidden()
