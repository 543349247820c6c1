"""Photos in the app: one's own set through Me's buttons (Qt's file dialog, the crop
dialog), then shown in the people list; colleagues' photos synced from the server and
still shown with the server gone."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPixmap

from desktop.app import Kontor
from desktop.avatar import avatar
from desktop.models.people import PersonRole
from desktop.views.me.screen import MeView
from desktop.views.people.screen import PeopleView
from sync.cache.read.people import get_person
from sync.cache.read.photos import photo_count, photo_of
from tests.desktop.conftest import RunningServer, click_rail


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
