"""Photos in the app: one's own set through Me's buttons (Qt's file dialog, the crop
dialog), then shown in the people list; colleagues' photos synced from the server and
still shown with the server gone; and shown, or initials for those without, on the
person card, beside a post's author and on the org chart's seats."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem

from desktop.app import Kontor
from desktop.avatar import avatar
from desktop.models.people import PersonRole
from desktop.views.me.screen import MeView
from desktop.views.org.scene import FACE
from desktop.views.people.person_card import PHOTO_SIZE
from desktop.views.people.screen import PeopleView
from desktop.views.posts.post_card import AUTHOR_AVATAR
from server_stub.demo.generator import DEMO_PASSWORD
from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.people import get_person
from sync.cache.read.photos import photo_count, photo_of
from sync.cache.read.posts import list_spaces
from sync.client import KontorClient
from tests.desktop.conftest import RunningServer, click_rail, username_of


def centre(pixmap: QPixmap) -> QColor:
    image = pixmap.toImage()
    return image.pixelColor(QPoint(image.width() // 2, image.height() // 2))


def close_to(colour: QColor, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    return max(abs(colour.red() - rgb[0]), abs(colour.green() - rgb[1]),
               abs(colour.blue() - rgb[2])) <= tolerance


def two_squares(path: Path) -> Path:
    """A 600 x 300 picture: a red square on the left, a blue one on the right."""
    picture = Image.new("RGB", (600, 300), (30, 60, 220))
    picture.paste((220, 30, 30), (0, 0, 300, 300))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    path.write_bytes(out.getvalue())
    return path


def avatar_in_people_list(view: PeopleView, person_id: str) -> QPixmap | None:
    """The row's avatar as the list draws it, once the person is among the rows."""
    model = view.list.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(PersonRole).id == person_id:
            decoration = index.data(Qt.ItemDataRole.DecorationRole)
            assert isinstance(decoration, QPixmap)
            return decoration
    return None


def shown_avatar(qtbot, view: PeopleView, person_id: str) -> QPixmap:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: avatar_in_people_list(view, person_id) is not None, timeout=10_000)
    found = avatar_in_people_list(view, person_id)
    assert found is not None
    return found


class TestMyPhoto:
    def test_choose_crop_and_send_then_the_people_list_shows_it(
            self, qtbot, kontor: Kontor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        assert me is not None
        qtbot.waitUntil(lambda: kontor.bridge.status == "online", timeout=15_000)
        view = click_rail(window, "me")
        assert isinstance(view, MeView)
        box = view.photo
        person = get_person(cache, me)
        assert person is not None
        initials = avatar(person.given_name, person.family_name, None, 96)
        assert centre(box.picture.pixmap()).rgb() == centre(initials).rgb()

        qtbot.mouseClick(box.change_button, Qt.MouseButton.LeftButton)
        dialog = box.file_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.testOption(dialog.Option.DontUseNativeDialog)
        picture = two_squares(tmp_path / "urlaub.jpg")
        dialog.setDirectory(str(tmp_path))
        dialog.selectFile(str(picture))
        dialog.accept()
        crop = box.crop_dialog
        assert crop is not None and crop.isVisible()
        qtbot.waitExposed(crop)
        crop.size_slider.setValue(80)  # a smaller square: 240 of the 300 pixels
        crop.area.setFocus()
        for _ in range(12):  # as far left as it goes: the red half only
            qtbot.keyClick(crop.area, Qt.Key.Key_Left)
        assert crop.area.frame().left() == 0
        with qtbot.waitSignal(kontor.bridge.photoSent, timeout=15_000) as sent:
            qtbot.mouseClick(crop.ok_button, Qt.MouseButton.LeftButton)
        assert sent.args[0] is True, sent.args
        qtbot.waitUntil(lambda: photo_of(cache, me) is not None, timeout=20_000)
        qtbot.waitUntil(lambda: close_to(centre(box.picture.pixmap()), (220, 30, 30)),
                        timeout=10_000)
        assert box.remove_button.isEnabled()
        assert "saved" in box.note.text()

        people = click_rail(window, "people")
        assert isinstance(people, PeopleView)
        people.search_field.setText(f"{person.given_name} {person.family_name}")
        shown = shown_avatar(qtbot, people, me)
        assert close_to(centre(shown), (220, 30, 30))

        view = click_rail(window, "me")
        with qtbot.waitSignal(kontor.bridge.photoSent, timeout=15_000):
            qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: photo_of(cache, me) is None, timeout=20_000)
        qtbot.waitUntil(lambda: centre(box.picture.pixmap()).rgb() == centre(initials).rgb(),
                        timeout=10_000)

    def test_a_file_that_is_no_picture_is_explained_and_nothing_sent(
            self, qtbot, kontor: Kontor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        view = click_rail(window, "me")
        box = view.photo
        qtbot.mouseClick(box.change_button, Qt.MouseButton.LeftButton)
        fake = tmp_path / "lebenslauf.jpg"
        fake.write_bytes(b"%PDF-1.4 not a picture")
        assert box.file_dialog is not None
        box.file_dialog.setDirectory(str(tmp_path))
        box.file_dialog.selectFile(str(fake))
        box.file_dialog.accept()
        assert box.crop_dialog is None
        assert box.note.text() == "This file is not a picture Kontor can read."


class TestColleaguesPhotos:
    def test_demo_photos_arrive_and_stay_when_the_server_is_gone(
            self, qtbot, kontor: Kontor, server: RunningServer) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        cache = window.ctx.cache
        qtbot.waitUntil(lambda: photo_count(cache)[0] > 0 and
                        photo_count(cache)[0] == photo_count(cache)[1], timeout=30_000)
        with_photo = cache.conn.execute(
            "SELECT person_id FROM person_photo WHERE image IS NOT NULL LIMIT 1").fetchone()[0]
        server.stop()
        qtbot.waitUntil(lambda: kontor.bridge.status == "offline", timeout=10_000)
        people = click_rail(window, "people")
        person = get_person(cache, with_photo)
        assert person is not None
        people.search_field.setText(f"{person.given_name} {person.family_name}")
        shown = shown_avatar(qtbot, people, with_photo)
        initials = avatar(person.given_name, person.family_name, None, shown.width()
                          // max(1, round(shown.devicePixelRatio())))
        assert shown.toImage() != initials.toImage()


def photos_synced(cache: Cache) -> bool:
    have, wanted = photo_count(cache)
    return have > 0 and have == wanted


def same_picture(shown: QPixmap, expected: QPixmap) -> bool:
    return shown.toImage() == expected.toImage()


def faces(cache: Cache, person: p.Person, size: int) -> tuple[QPixmap, QPixmap]:
    """What a person with a photo looks like at size, and what initials would."""
    return (avatar(person.given_name, person.family_name, photo_of(cache, person.id), size),
            avatar(person.given_name, person.family_name, None, size))


def one_with_and_one_without(cache: Cache, among: Iterable[str]) -> tuple[p.Person, p.Person]:
    """Of these people, one whose photo the cache holds and one who has none."""
    people = [get_person(cache, pid) for pid in among]
    with_photo = next(x for x in people if x is not None and photo_of(cache, x.id))
    without = next(x for x in people if x is not None and x.photo is None)
    return with_photo, without


class TestPhotosWhereColleaguesAppear:
    """A colleague with a photo shows it, one without shows initials: on their card, as
    the author of a post, and on their seat in the org chart."""

    def test_the_person_card(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        cache = window.ctx.cache
        qtbot.waitUntil(lambda: photos_synced(cache), timeout=30_000)
        ids = [r[0] for r in cache.conn.execute("SELECT id FROM person WHERE status = 'active'")]
        people = click_rail(window, "people")
        assert isinstance(people, PeopleView)
        for person in one_with_and_one_without(cache, ids):
            people.search_field.setText(person.display_name)
            qtbot.waitUntil(lambda p=person: avatar_in_people_list(people, p.id) is not None,
                            timeout=10_000)
            model = people.list.model()
            row = next(r for r in range(model.rowCount())
                       if model.index(r, 0).data(PersonRole).id == person.id)
            qtbot.mouseClick(people.list.viewport(), Qt.MouseButton.LeftButton,
                             pos=people.list.visualRect(model.index(row, 0)).center())
            qtbot.waitUntil(lambda p=person: people.card.person is not None
                            and people.card.person.id == p.id)
            photo, initials = faces(cache, person, PHOTO_SIZE)
            shown = people.card.photo.pixmap()
            if person.photo is None:
                assert same_picture(shown, initials), person.display_name
            else:
                assert same_picture(shown, photo) and not same_picture(shown, initials)

    def test_post_authors(self, qtbot, kontor: Kontor, server: RunningServer) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        cache, me = window.ctx.cache, window.ctx.me
        qtbot.waitUntil(lambda: photos_synced(cache), timeout=30_000)
        kantine = next(s for s in list_spaces(cache) if s.name == "Kantine")
        members = [r[0] for r in cache.conn.execute(
            "SELECT person_id FROM membership WHERE space_id = ? AND person_id != ?",
            (kantine.id, me))]
        authors = one_with_and_one_without(cache, members)
        for author in authors:
            post_as(server, kantine, author, f"Mittag heute? ({author.family_name})")
        feed = click_rail(window, "feed")
        cards: dict[str, Any] = {}

        def arrived() -> bool:
            kontor.bridge.sync_now()
            for author in authors:
                card = next((c for c in feed.posts.cards.values() if c.item is not None
                             and c.item.post.text == f"Mittag heute? ({author.family_name})"),
                            None)
                if card is not None:
                    cards[author.id] = card
            return len(cards) == 2

        qtbot.waitUntil(arrived, timeout=30_000)
        for author in authors:
            photo, initials = faces(cache, author, AUTHOR_AVATAR)
            shown = cards[author.id].author_button.icon().pixmap(photo.size()
                                                                 / photo.devicePixelRatio())
            if author.photo is None:
                assert same_picture(shown, initials), author.display_name
            else:
                assert same_picture(shown, photo) and not same_picture(shown, initials)

    def test_org_chart_seats(self, qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
        window = kontor.window
        assert window is not None
        cache = window.ctx.cache
        qtbot.waitUntil(lambda: photos_synced(cache), timeout=30_000)
        # A unit with holders of both kinds (a photo and none).
        unit_id = cache.conn.execute(
            "SELECT pos.org_unit_id FROM position pos JOIN person x ON x.id = pos.holder_id"
            " GROUP BY pos.org_unit_id HAVING max(json_extract(x.body, '$.photo') IS NULL)"
            " AND min(json_extract(x.body, '$.photo') IS NULL) = 0 LIMIT 1").fetchone()[0]
        org = click_rail(window, "org")
        index = org.model.index_of(unit_id)  # the unit in the tree beside the chart
        org.tree.scrollTo(index)
        qtbot.mouseClick(org.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=org.tree.visualRect(index).center())
        qtbot.waitUntil(lambda: org.unit_id == unit_id)
        seats = [s for s in org.scene.seat_items() if s.seat.holder is not None]
        holders = {s.seat.holder.id for s in seats}
        kinds = {get_person(cache, h).photo is None for h in holders}  # type: ignore[union-attr]
        assert kinds == {True, False}
        for seat in seats:
            holder = seat.seat.holder
            pictures = [c for c in seat.childItems() if isinstance(c, QGraphicsPixmapItem)]
            assert len(pictures) == 1, holder.display_name
            photo, initials = faces(cache, holder, FACE)
            shown = pictures[0].pixmap()
            if holder.photo is None:
                assert same_picture(shown, initials), holder.display_name
            else:
                assert same_picture(shown, photo) and not same_picture(shown, initials)


def post_as(server: RunningServer, space: p.Space, author: p.Person, text: str) -> None:
    """A colleague writes a post through the server's API, as from their own app."""
    async def write() -> None:
        async with KontorClient(server.url) as client:
            await client.login(username_of(author), DEMO_PASSWORD, "pytest colleague")
            body = msgspec.json.encode(p.PostWrite(space_id=space.id, text=text))
            await client.request("PUT", f"/api/v1/posts/{writes.new_id()}", body)

    asyncio.run(write())
