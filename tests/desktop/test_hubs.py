"""The Hubs screen and the consent on Me, on the demo company with computed results.

The server's results are computed with `kontor-server hubs compute` before it starts;
the app signs in as a person the results found to be a hub. Screens are opened through
the rail, the consent is given with the Me checkbox, and the name reaches the Hubs
screen through the real server and sync.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from desktop.app import Kontor
from desktop.models.people import PersonIdRole
from desktop.settings import AppSettings
from desktop.views.hubs.screen import HubsView
from desktop.views.me.screen import MeView
from desktop.views.people.screen import PeopleView
from server_stub import cli
from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_USER
from server_stub.hubs.compute import Result
from server_stub.storage import hubs as hub_store
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.read.hubs import my_hub
from sync.cache.read.people import list_people
from tests.desktop.conftest import ProfileOf, RunningServer, click_rail, start_app
from tests.integration.sync_support import free_port


@pytest.fixture
def server(desktop_demo: ServerConfig, tmp_path: Path) -> Iterator[RunningServer]:
    """The demo company with hub results computed over all its (older) activity; the
    demo user is a community manager."""
    data = tmp_path / "server"
    shutil.copytree(desktop_demo.data_path, data)
    assert cli.main(["role", "grant", str(data), "community_manager", DEMO_USER]) == 0
    assert cli.main(["hubs", "compute", str(data), "--window-days", "3650"]) == 0
    running = RunningServer(f"http://127.0.0.1:{free_port()}", data)
    running.start()
    yield running
    running.stop()


def a_hub(server: RunningServer) -> tuple[str, str]:
    """(username, display name) of a person the results found to be a hub."""
    engine = make_sync_engine(f"sqlite:///{server.data_dir / 'kontor.db'}")
    with engine.connect() as conn:
        encoded = hub_store.load_result(conn)
        assert encoded is not None
        result = msgspec.json.decode(encoded, type=Result)
        person_id = result.hubs[0].person_id
        row = conn.execute(sa.select(t.person.c.email, t.person.c.given_name,
                                     t.person.c.family_name)
                           .where(t.person.c.id == person_id)).one()
    engine.dispose()
    return row.email.split("@", 1)[0], f"{row.given_name} {row.family_name}"


@pytest.fixture
def hub_app(qtbot, server: RunningServer, profile_of: ProfileOf,  # type: ignore[no-untyped-def]
            settings: AppSettings) -> Iterator[tuple[Kontor, str]]:
    username, name = a_hub(server)
    app = start_app(qtbot, profile_of(username), settings)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app, name
    app.stop()


def table_column(view: HubsView, column: int) -> list[str]:
    return [view.table.item(r, column).text() for r in range(view.table.rowCount())]


def test_consent_on_me_names_me_on_the_hubs_screen(qtbot, hub_app, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app, name = hub_app
    hubs = click_rail(app.window, "hubs")
    assert isinstance(hubs, HubsView)
    assert hubs.scene.nodes, "the unit map is drawn from the cache"
    assert name not in table_column(hubs, 0)
    assert "As of" in hubs.status.text()

    me = click_rail(app.window, "me")
    assert isinstance(me, MeView)
    box = me.hub_consent
    assert not box.consent.isChecked() and not box.connect_text.isVisible()
    # on the box itself: a check box takes clicks on its box and label, not beside them
    qtbot.mouseClick(box.consent, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, box.consent.height() // 2))
    qtbot.waitUntil(lambda: box.connect_text.text().startswith("•"), timeout=20_000)
    assert box.consent.isChecked()

    hubs = click_rail(app.window, "hubs")
    qtbot.waitUntil(lambda: name in table_column(hubs, 0), timeout=10_000)
    why = table_column(hubs, 3)[table_column(hubs, 0).index(name)]
    assert why  # a reason in words, not a score

    # Colleagues see it on the person card too; someone who did not agree has no such row.
    people = click_rail(app.window, "people")
    assert isinstance(people, PeopleView)
    listed = list_people(people.ctx.cache, limit=1000)
    hub_id = next(x.id for x in listed if x.display_name == name)
    not_named = next(x for x in listed if my_hub(people.ctx.cache, x.id) is None)
    for person_id, who, named in ((hub_id, name, True),
                                  (not_named.id, not_named.display_name, False)):
        people.search_field.clear()
        for char in who.split()[-1]:  # QTest types ASCII; an umlaut goes in as an IME puts it
            if char.isascii():
                qtbot.keyClicks(people.search_field, char)
            else:
                people.search_field.insert(char)

        def listed_row(person_id: str = person_id) -> int | None:
            return next((r for r in range(people.model.rowCount())
                         if people.model.index(r).data(PersonIdRole) == person_id), None)

        qtbot.waitUntil(lambda: listed_row() is not None, timeout=5_000)
        rect = people.list.visualRect(people.model.index(listed_row() or 0))
        qtbot.mouseClick(people.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda who=who: people.card.name_label.text() == who, timeout=5_000)
        card_says = people.card.hub_label.text()
        assert card_says.startswith("•") == named, (who, card_says)
        if named:
            assert card_says == box.connect_text.text()  # the same words as on Me

    png, table = tmp_path / "hubs.png", tmp_path / "hubs.csv"
    for button, path in ((hubs.findChild(object, "hubsPng"), png),
                         (hubs.findChild(object, "hubsCsv"), table)):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, _p=path, **_k: (str(_p), ""))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not QImage(str(png)).isNull()
    with table.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Who", "Unit", "Role", "Why"]
    assert name in [r[0] for r in rows[1:]]


def test_zoom_buttons_change_the_map_scale(qtbot, hub_app) -> None:  # type: ignore[no-untyped-def]
    app, _ = hub_app
    hubs = click_rail(app.window, "hubs")
    before = hubs.map.scale_factor()
    qtbot.mouseClick(hubs.findChild(object, "hubsZoomIn"), Qt.MouseButton.LeftButton)
    assert hubs.map.scale_factor() == pytest.approx(before * 1.25)


def test_a_community_manager_sees_unnamed_hubs_gaps_and_what_needs_attention(
        qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
    kontor.window.show()
    hubs = click_rail(kontor.window, "hubs")
    assert isinstance(hubs, HubsView)
    who = table_column(hubs, 0)
    unnamed = [w for w in who if w.startswith("a colleague in ")]
    agreed = set()
    for (body,) in kontor.window.ctx.cache.conn.execute("SELECT body FROM person"):
        person = json.loads(body)
        if person.get("show_as_hub"):
            agreed.add(f"{person['given_name']} {person['family_name']}")
    assert unnamed  # those who did not agree count, without their name
    assert set(who) - set(unnamed) <= agreed  # a name only with consent
    assert all(table_column(hubs, 3))
    assert hubs.attention_box.isVisible() and hubs.attention.count() > 0
    texts = [hubs.attention.item(i).text() for i in range(hubs.attention.count())]
    assert any(t.startswith("Unanswered for ") for t in texts)
    assert any(t.startswith("Quiet for ") for t in texts)
    gaps = [n for n in hubs.scene.nodes.values() if n.cut_off]
    assert gaps and all("No contact with: " in n.toolTip() for n in gaps)


def test_no_two_labels_of_the_map_overlap_at_the_zoom_it_opens_with(
        qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
    kontor.window.show()
    hubs = click_rail(kontor.window, "hubs")
    qtbot.waitExposed(hubs.map)
    scene, view = hubs.scene, hubs.map
    shown = [label for label in scene.labels if label.isVisible()]
    # on the screen, where the view's fit has put them
    boxes = [view.mapFromScene(label.sceneBoundingRect()).boundingRect() for label in shown]
    clashes = [(a.text(), b.text()) for n, (a, box) in enumerate(zip(shown, boxes, strict=True))
               for b, other in zip(shown[n + 1:], boxes[n + 1:], strict=True)
               if box.intersected(other).width() > 0 and box.intersected(other).height() > 0]
    assert clashes == []
    for label in shown:  # nor does a label cover a unit other than its own
        for node in scene.nodes.values():
            if label.text() != node.name:
                assert not label.sceneBoundingRect().intersects(node.sceneBoundingRect()), (
                    label.text(), node.name)
    # a busy company: most labels find a place, each unit keeps its name in its tooltip
    assert len(scene.nodes) > 20 and len(shown) >= 0.6 * len(scene.labels)
    assert all(node.toolTip().startswith(node.name) for node in scene.nodes.values())
    # Dark ink on the map's own white, whatever the window's scheme (in the dark one the
    # labels sat on the window's dark grey).
    background = scene.backgroundBrush().color()
    assert background.lightness() > 250, background.name()
    assert all(label.brush().color().lightness() < 130 for label in shown)
    hubs.export_to("png", Path(os.environ.get("KONTOR_MAP_PNG", "/dev/null")))


BIG_MAP = """
import uuid
from desktop.qt import QApplication
from desktop.views.hubs import map_scene
from desktop.views.hubs.map_scene import HubMapScene
from sync.cache.read.hubs import HubView
from sync.protocol import HubLink, HubUnit

app = QApplication([])
ids = [str(uuid.UUID(int=n + 1)) for n in range(3000)]
units = [HubUnit(id=u, origin="t", version=1, updated_at=0, run_id=ids[0], unit_id=u,
                 links=[HubLink(unit_id=ids[(n + d) % 3000], strength=1 + d % 5)
                        for d in range(1, 41)])
         for n, u in enumerate(ids)]
parents = {u: ids[n // 20] if n >= 20 else None for n, u in enumerate(ids)}
view = HubView(None, [], units, [], {u: u[-4:] for u in ids}, parents)
scene = HubMapScene()
map_scene.MAX_NODES = 10_000  # every unit a node: the most Qt calls
for _ in range(3):
    scene.show_view(view)
print(len(scene.nodes), scene.grouped)
map_scene.MAX_NODES = 250
scene.show_view(view)
print(len(scene.nodes), scene.grouped)
"""


def test_a_map_of_thousands_of_units_is_drawn_without_crashing_and_grouped(tmp_path: Path) -> None:
    """Qt's void calls each take a reference from None (desktop/qt.py): a big company's
    map makes hundreds of thousands of them. In a process of its own, so a crash fails
    only this test."""
    done = subprocess.run([sys.executable, "-c", BIG_MAP], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    every, grouped = done.stdout.splitlines()
    assert every == "3000 False"
    count, flag = grouped.split()
    assert flag == "True" and 1 < int(count) <= 250  # drawn by department, not by team
