"""The org chart screen on the demo company: browsing, finding, chains, vacancies, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QGraphicsView, QPushButton

from desktop.app import Kontor
from desktop.qt import PRINT_AVAILABLE
from desktop.views.org import export as org_export
from desktop.views.org.scene import MIN_TEXT_PX, ChartItem, SeatItem, UnitItem
from desktop.views.org.screen import OrgChartView, UnitIdRole
from sync.cache.read import org as reader_org
from sync.cache.read.people import get_position_of
from tests.desktop.conftest import RunningServer, click_rail

DEMO_DAY = dt.date(2025, 11, 24)  # the demo company's creation date: its absences are then
COMPANY = "Kontor Maschinenbau GmbH"


@pytest.fixture
def org(qtbot, kontor: Kontor) -> OrgChartView:  # type: ignore[no-untyped-def]
    kontor.window.show()
    kontor.window.activateWindow()
    qtbot.waitUntil(kontor.window.isActiveWindow, timeout=5_000)
    view = click_rail(kontor.window, "org")
    assert isinstance(view, OrgChartView)
    return view


def jana_position(view: OrgChartView) -> str:
    me = view.ctx.me
    assert me is not None
    position = get_position_of(view.ctx.cache, me)
    assert position is not None
    return position.id


def seat_titles(view: OrgChartView) -> list[str]:
    return [item.seat.position.title for item in view.scene.seat_items()]


def click_at(qtbot, chart: QGraphicsView, item: object, double: bool = False) -> None:  # type: ignore[no-untyped-def]
    rect = item.sceneBoundingRect()  # type: ignore[attr-defined]
    chart.ensureVisible(rect)
    point: QPoint = chart.mapFromScene(rect.center())
    if double:
        qtbot.mouseDClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)


class TestOffline:
    def test_browse_find_and_follow_a_chain_with_the_server_down(
        self, qtbot, org: OrgChartView, server: RunningServer,  # type: ignore[no-untyped-def]
    ) -> None:
        server.stop()
        # It opens on the signed-in person's own team, with the path above it.
        assert org.heading.text().startswith(f"{COMPANY} › Standort München › Vertrieb München")
        assert seat_titles(org)[0].startswith("Teamleitung")
        # Browse: the company's sites are one expansion away in the tree.
        model = org.model
        root = model.index(0, 0)
        assert root.data() == COMPANY
        org.tree.expand(root)
        sites = [model.index(r, 0, root).data() for r in range(model.rowCount(root))]
        assert {"Standort München", "Standort Hamburg", "Standort Stuttgart"} <= set(sites)
        hamburg = model.index(sites.index("Standort Hamburg"), 0, root)
        # Read lazily: a site's departments only when it is opened.
        assert model.canFetchMore(hamburg) and model.rowCount(hamburg) == 0
        org.tree.expand(hamburg)
        assert not model.canFetchMore(hamburg) and model.rowCount(hamburg) > 1
        org.tree.setCurrentIndex(hamburg)
        assert org.unit_id == hamburg.data(UnitIdRole)
        assert seat_titles(org) == ["Standortleitung Hamburg"]
        assert all(u.unit.unit_kind == "department" for u in org.scene.unit_items())
        # Find the holder however the umlaut is typed.
        for typed in ("Schröder", "Schroeder"):
            org.search_field.setText(typed)
            qtbot.waitUntil(lambda: org.hits.count() > 0 and org.hits.isVisible())
            shown = [org.hits.item(i).text() for i in range(org.hits.count())]
            assert "Jana Schröder — Teamleitung Vertriebsinnendienst" in shown, shown
        # Select her position: the chain up to the top, then her direct reports.
        org.search_field.setText("Jana Schroeder")
        org.run_search()
        org.hits.setCurrentRow(0)
        org.hits.itemActivated.emit(org.hits.item(0))
        assert org.position_id == jana_position(org)
        titles = seat_titles(org)
        assert titles[:4] == ["Geschäftsführung", "Standortleitung München",
                              "Leitung Vertrieb München", titles[3]]
        assert titles[3].startswith("Teamleitung")
        chain = org.scene.seat_items()[:4]
        reports = org.scene.seat_items()[4:]
        assert reports and all(not r.seat.position.title.startswith("Leitung") for r in reports)
        assert {r.seat.position.reports_to_id for r in reports} == {jana_position(org)}
        # Drawn top down: each box of the chain sits below the one it reports to.
        tops = [c.sceneBoundingRect().top() for c in chain]
        assert tops == sorted(tops) and len(set(tops)) == 4
        assert min(r.sceneBoundingRect().top() for r in reports) > tops[-1]


class TestSeats:
    def test_a_vacancy_is_drawn_dashed_and_says_vacant(self, org: OrgChartView) -> None:
        vacant = [i for i in org.scene.seat_items() if i.seat.vacant]
        held = [i for i in org.scene.seat_items() if not i.seat.vacant]
        assert vacant and held
        for item in vacant:
            assert item.pen().style() == Qt.PenStyle.DashLine
            assert "Vacant" in item.texts()
            assert item.holder_link is None
            # The team lead covers the demo team's vacancy.
            assert "Covered by Jana Schröder" in item.texts()
        assert all(i.pen().style() == Qt.PenStyle.SolidLine for i in held)

    def test_titles_are_whole_and_the_fitted_text_stays_legible(  # type: ignore[no-untyped-def]
            self, qtbot, org: OrgChartView) -> None:
        """Long German titles break onto a second line instead of ending in "…"; fitting
        to the width never shrinks text below MIN_TEXT_PX; the buttons zoom."""
        titles = {item.seat.position.title: item.texts()[0] for item in org.scene.seat_items()}
        long = [t for t in titles if t.startswith("Sachbearbeiter/in Vertriebsinnen")]
        assert long, titles
        for title in long:
            assert titles[title].replace("\n", " ") == title
        font = org.chart.font()
        font_px = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
        assert org.chart.transform().m11() * font_px >= MIN_TEXT_PX - 0.01
        fitted = org.chart.transform().m11()
        zoom_in = org.findChild(QPushButton, "orgZoomIn")
        qtbot.mouseClick(zoom_in, Qt.MouseButton.LeftButton)
        assert org.chart.transform().m11() > fitted
        qtbot.mouseClick(org.findChild(QPushButton, "orgFit"), Qt.MouseButton.LeftButton)
        assert org.chart.transform().m11() == pytest.approx(fitted)

    @pytest.mark.parametrize(("size", "columns"), [((1280, 800), range(2, 4)),
                                                   ((1920, 1080), range(4, 5))])
    def test_the_team_fits_the_window_without_scrolling_sideways(  # type: ignore[no-untyped-def]
            self, qtbot, org: OrgChartView, size: tuple[int, int], columns: range) -> None:
        """At a laptop's and an office monitor's size the rows hold as many seats as the
        width takes at a legible size: every box is in view left to right, the text no
        smaller than MIN_TEXT_PX; zooming in still scrolls, and Ctrl+0 fits again."""
        window = org.window()
        window.resize(*size)
        qtbot.waitUntil(lambda: window.size().width() == size[0])
        org.chart.fit_width()  # what the resize did; once more for the test's clarity
        chart, bar = org.chart, org.chart.horizontalScrollBar()

        def sideways() -> int:  # how far the chart scrolls sideways, in pixels
            return bar.maximum() - bar.minimum()

        assert org.scene.columns in columns, (size, org.scene.columns)
        assert sideways() == 0, f"scrolls sideways by {sideways()} px at {size}"
        view = chart.viewport().rect()
        for box in org.scene.boxes:
            shown = chart.mapFromScene(box.sceneBoundingRect()).boundingRect()
            assert view.left() <= shown.left() and shown.right() <= view.right(), (
                box.texts()[0], shown, view)
        font = chart.font()
        font_px = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
        fitted = chart.transform().m11()
        assert fitted * font_px >= MIN_TEXT_PX - 0.01
        rows = {round(box.sceneBoundingRect().top()) for box in org.scene.seat_items()[1:]}
        assert len(org.scene.seat_items()) - 1 <= len(rows) * org.scene.columns
        chart.setFocus()
        for _ in range(3):
            qtbot.keyClick(chart, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: sideways() > 0)  # zoomed in: wider than the view
        qtbot.keyClick(chart, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert chart.transform().m11() == pytest.approx(fitted)
        qtbot.waitUntil(lambda: sideways() == 0)

    def test_an_absent_holder_names_the_deputy(self, org: OrgChartView) -> None:
        org.today = DEMO_DAY
        row = org.ctx.cache.conn.execute(
            "SELECT id FROM position WHERE absent_from <= ? AND absent_to >= ?"
            " AND holder_id IS NOT NULL AND deputy_position_id IS NOT NULL LIMIT 1",
            (DEMO_DAY.isoformat(), DEMO_DAY.isoformat())).fetchone()
        assert row is not None
        seat = reader_org.seat_of(org.ctx.cache, row[0], DEMO_DAY)
        assert seat is not None
        deputy = reader_org.deputy_seat(org.ctx.cache, seat, DEMO_DAY)
        assert deputy is not None and deputy.holder is not None
        org.show_unit(seat.position.org_unit_id)
        (item,) = [i for i in org.scene.seat_items() if i.seat.position.id == row[0]]
        assert item.seat.holder is not None
        assert item.texts()[1] == item.seat.holder.display_name
        assert item.texts()[2:] == ["Absent — ask the deputy:", deputy.holder.display_name]
        assert item.pen().color() != org.scene.seat_items()[0].pen().color()
        org.today = DEMO_DAY + dt.timedelta(days=90)  # back at work later
        org.refresh()
        (item,) = [i for i in org.scene.seat_items() if i.seat.position.id == row[0]]
        assert item.texts() == [seat.position.title, item.seat.holder.display_name]

    def test_clicking_a_holder_opens_their_card(  # type: ignore[no-untyped-def]
        self, qtbot, kontor: Kontor, org: OrgChartView,
    ) -> None:
        item = next(i for i in org.scene.seat_items() if i.holder_link is not None
                    and i.seat.holder is not None and i.seat.holder.id != org.ctx.me)
        assert item.holder_link is not None and item.seat.holder is not None
        click_at(qtbot, org.chart, item.holder_link)
        people = kontor.window.views["people"]
        qtbot.waitUntil(lambda: people.card.person is not None
                        and people.card.person.id == item.seat.holder.id)
        assert kontor.window.stack.currentWidget() is people

    def test_double_click_on_a_sub_unit_enters_it(self, qtbot, org: OrgChartView) -> None:  # type: ignore[no-untyped-def]
        top = reader_org.unit_children(org.ctx.cache, None)[0]
        org.show_unit(top.id)
        assert seat_titles(org) == ["Geschäftsführung"]
        munich = next(u for u in org.scene.unit_items() if u.unit.name == "Standort München")
        click_at(qtbot, org.chart, munich, double=True)
        assert org.unit_id == munich.unit.id
        assert org.tree.currentIndex().data(UnitIdRole) == munich.unit.id
        assert seat_titles(org) == ["Standortleitung München"]
        # A click on a seat shows that position's chain and reports.
        lead = org.scene.seat_items()[0]
        click_at(qtbot, org.chart, lead)
        assert org.position_id == lead.seat.position.id
        assert seat_titles(org)[:2] == ["Geschäftsführung", "Standortleitung München"]

    def test_the_chart_as_a_list_names_every_seat_and_steps_like_the_boxes(  # type: ignore[no-untyped-def]
        self, qtbot, kontor: Kontor, org: OrgChartView,
    ) -> None:
        top = reader_org.unit_children(org.ctx.cache, None)[0]
        org.show_unit(top.id)
        qtbot.mouseClick(org.list_button, Qt.MouseButton.LeftButton)
        assert org.seat_list.isVisible() and not org.chart.isVisible()
        assert not any(zoom.isEnabled() for zoom in org.zoom_buttons)
        rows = org.seat_list.rows()
        # A row per box: the seats in the drawing's order, then the sub-units.
        seats = org.scene.seat_items()
        assert rows[:len(seats)] == [
            f"{s.seat.position.title} — {s.seat.holder.display_name}" if s.seat.holder
            else f"{s.seat.position.title} — Vacant" for s in seats]
        units = rows[len(seats):]
        assert [u.split(" — ")[0] for u in units] == [
            u.unit.name for u in org.scene.unit_items()]
        assert org.seat_list.accessibleName() == f"Seats in {COMPANY}"
        # Enter on a sub-unit steps into it, as on its box; the list stays.
        munich = next(row for row, text in enumerate(rows)
                      if text.startswith("Standort München — "))
        org.seat_list.setFocus()
        org.seat_list.setCurrentRow(munich)
        qtbot.keyClick(org.seat_list, Qt.Key.Key_Return)
        assert org.heading.text() == f"{COMPANY} › Standort München"
        assert org.seat_list.rows()[0].startswith("Standortleitung München — ")
        assert org.seat_list.isVisible()
        # Space on a held seat opens the holder's card.
        holder = org.scene.seat_items()[0].seat.holder
        assert holder is not None
        org.seat_list.setCurrentRow(0)
        qtbot.keyClick(org.seat_list, Qt.Key.Key_Space)
        people = kontor.window.views["people"]
        qtbot.waitUntil(lambda: people.card.person is not None
                        and people.card.person.id == holder.id)
        # And back to the drawing.
        kontor.window.navigate("org")
        qtbot.mouseClick(org.list_button, Qt.MouseButton.LeftButton)
        assert org.chart.isVisible() and all(z.isEnabled() for z in org.zoom_buttons)


class TestExport:
    def test_png_matches_the_scene_and_pdf_and_print_write_pdf(
        self, org: OrgChartView, tmp_path: Path,
    ) -> None:
        png = tmp_path / "team.png"
        assert org.export_png(png)
        image = QImage(str(png))
        assert not image.isNull()
        assert image.size() == org.scene.sceneRect().size().toSize()
        # Not blank: the boxes' ink is in the picture.
        assert any(image.pixelColor(x, image.height() // 2).lightness() < 200
                   for x in range(image.width()))
        pdf = tmp_path / "team.pdf"
        assert org.export_pdf(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_size > 1000
        assert PRINT_AVAILABLE and org.print_button is not None
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        assert org_export.print_to(org.scene, printer)
        assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


class TestKeyboard:
    def test_search_tree_and_chart_work_from_the_keyboard(self, qtbot, org: OrgChartView) -> None:  # type: ignore[no-untyped-def]
        org.search_field.setFocus()
        qtbot.waitUntil(org.search_field.hasFocus)
        qtbot.keyClick(org.search_field, Qt.Key.Key_Tab)
        assert org.tree.hasFocus()  # no results list yet: the tree comes next
        org.search_field.setFocus()
        qtbot.keyClicks(org.search_field, "Schroeder")
        qtbot.waitUntil(lambda: org.hits.count() > 0 and org.hits.isVisible())
        qtbot.keyClick(org.search_field, Qt.Key.Key_Down)
        assert org.hits.hasFocus()
        row = next(i for i in range(org.hits.count())
                   if org.hits.item(i).text().startswith("Jana Schröder"))
        org.hits.setCurrentRow(row)
        qtbot.keyClick(org.hits, Qt.Key.Key_Return)
        assert org.position_id == jana_position(org)
        # The chart: arrows move between boxes, Enter opens one.
        org.chart.setFocus()
        qtbot.keyClick(org.chart, Qt.Key.Key_Down)
        focused = org.scene.focusItem()
        assert isinstance(focused, ChartItem) and focused is org.scene.boxes[0]
        assert isinstance(focused, SeatItem)
        org.refresh()  # as after a sync that changed nothing here: the focus stays
        assert org.scene.focusItem() is focused
        qtbot.keyClick(org.chart, Qt.Key.Key_Return)
        assert org.position_id == focused.seat.position.id
        assert seat_titles(org)[0] == "Geschäftsführung"
        # Ctrl+plus zooms in, Ctrl+0 fits the chart to the width again.
        fitted = org.chart.transform().m11()
        qtbot.keyClick(org.chart, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert org.chart.transform().m11() > fitted
        qtbot.keyClick(org.chart, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert org.chart.transform().m11() == pytest.approx(fitted)
        # Alt+U goes up to the unit of the shown position.
        qtbot.keyClick(org.window(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: org.position_id is None)  # a mnemonic clicks animated
        assert seat_titles(org) == ["Geschäftsführung"]
        assert any(isinstance(b, UnitItem) for b in org.scene.boxes)
