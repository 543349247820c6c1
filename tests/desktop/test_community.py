"""The Community screen, on the demo company with computed results.

The demo user is the demo's community manager: they choose Community in the rail and see
the weekly figures their cache holds drawn as charts (counted in series and points, not
pixels). Someone else has no Community item in the rail, and no figures to show.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from desktop.app import Kontor
from desktop.settings import AppSettings
from desktop.views.community.screen import CommunityView
from server_stub import cli
from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_USER
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.read.community import community_view, has_community
from sync.protocol import now_ms
from tests.desktop.conftest import OpenAs, RunningServer, click_rail, start_app
from tests.integration.sync_support import demo_config, free_port


@pytest.fixture(scope="module")
def recent_demo(tmp_path_factory: pytest.TempPathFactory) -> ServerConfig:
    """The demo company as `make demo` makes it: its activity in the last weeks."""
    return demo_config(tmp_path_factory.mktemp("recent-demo") / "data", now=now_ms())


@pytest.fixture
def server(recent_demo: ServerConfig, tmp_path: Path) -> Iterator[RunningServer]:
    """With its figures computed, as `make demo` does."""
    data = tmp_path / "server"
    shutil.copytree(recent_demo.data_path, data)
    assert cli.main(["hubs", "compute", str(data)]) == 0
    running = RunningServer(f"http://127.0.0.1:{free_port()}", data)
    running.start()
    yield running
    running.stop()


def rail_item(window: object, name: str) -> object:
    rail = window.rail  # type: ignore[attr-defined]
    return next(rail.item(i) for i in range(rail.count())
                if rail.item(i).data(Qt.ItemDataRole.UserRole) == name)


def test_the_community_manager_opens_community_and_sees_the_weekly_figures(
        qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
    kontor.window.show()
    assert not rail_item(kontor.window, "community").isHidden()  # type: ignore[attr-defined]
    view = click_rail(kontor.window, "community")
    assert isinstance(view, CommunityView)
    figures = community_view(kontor.window.ctx.cache)
    assert figures.company is not None
    assert "weeks" in view.status.text()

    # The company's use of the network: three lines over the twelve weeks it holds.
    assert view.chart.plotted() == 3
    active = [w.active for w in figures.company.weeks]
    assert [s.values for s in view.chart.series][0] == active
    assert sum(active) > 0, "the demo company was active in the last weeks"
    assert len(view.chart.weeks) == len(figures.company.weeks) == 12
    # One line per site, one table row per unit.
    assert figures.sites and view.site_chart.plotted() == len(figures.sites)
    assert view.table.rowCount() == len(figures.units) > 0
    # A unit's name the column cuts is there whole in its tooltip.
    names = {view.table.item(row, 0).toolTip() for row in range(view.table.rowCount())}
    assert names == {figures.name_of(unit) for unit in figures.units}
    assert view.group.count() == 1 + len(figures.sites) + len(figures.units)

    # Choosing another group (the keyboard on the chooser) redraws the chart for it.
    view.group.setFocus()
    qtbot.keyClick(view.group, Qt.Key.Key_Down)
    assert view.group.currentIndex() == 1
    site = figures.sites[0]
    assert view.group.currentText() == f"Site {figures.name_of(site)}"
    assert [s.values for s in view.chart.series][0] == [w.active for w in site.weeks]

    # What needs attention, each kind under its own tab.
    assert view.questions.count() + view.spaces.count() > 0
    assert view.howtos.count() > 0  # the demo's how-tos nobody edited for a year
    assert view.howtos.item(0).text().startswith("Not edited for ")
    assert view.tabs.tabText(2) == f"Outdated how-tos ({view.howtos.count()})"


def a_colleague(server: RunningServer) -> str:
    """The user name of someone who is not a community manager."""
    engine = make_sync_engine(f"sqlite:///{server.data_dir / 'kontor.db'}")
    with engine.connect() as conn:
        managers = sa.select(t.person_role.c.person_id)
        name = conn.execute(sa.select(t.account.c.username).where(
            t.account.c.username != DEMO_USER, t.account.c.person_id.not_in(managers),
            t.account.c.is_admin.is_(False)).order_by(t.account.c.username).limit(1)).scalar()
    engine.dispose()
    assert name is not None
    return str(name)


def test_someone_else_has_no_community_in_the_rail(
        qtbot, server: RunningServer, open_as: OpenAs) -> None:  # type: ignore[no-untyped-def]
    app = open_as(a_colleague(server))
    app.window.show()
    assert not has_community(app.window.ctx.cache)
    assert rail_item(app.window, "community").isHidden()  # type: ignore[attr-defined]
    hubs = click_rail(app.window, "hubs")  # the screens everyone has are all there
    assert hubs.scene.nodes
    assert "community" not in app.window.views


def test_community_shows_its_figures_offline_from_the_cache(
        qtbot, server: RunningServer, synced_profile: Path,  # type: ignore[no-untyped-def]
        settings: AppSettings) -> None:
    server.stop()
    app = start_app(qtbot, synced_profile, settings)
    try:
        window = app.window
        qtbot.waitUntil(lambda: window.online_label.text().startswith("Offline"),
                        timeout=10_000)
        view = click_rail(window, "community")
        assert view.chart.plotted() == 3 and sum(view.chart.series[0].values) > 0
        assert view.table.rowCount() > 0 and view.howtos.count() > 0
    finally:
        app.stop()
