"""Community: how the company uses the network, for its community managers.

Only community managers receive these figures (docs/hubs.md), so only they have this
screen in the rail. Everything is read from the cache: weekly figures of the company,
its sites and its units (never of a person, never of fewer than five people), drawn
with pyqtgraph (charts.py), and what needs attention: questions without an answer after
two days, spaces that went quiet, how-tos linked from duties that nobody has edited for
half a year. The screen rebuilds only when a new run arrived.
"""

from __future__ import annotations

import datetime as dt

from desktop.context import ViewContext
from desktop.hub_attention import attention_text
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desktop.views.base import View
from desktop.views.common.accessible import name_viewport
from sync.cache.read.community import CommunityView as Figures
from sync.cache.read.community import community_view
from sync.protocol import HubAdoption, HubAttention


def _values(figures: HubAdoption, field: str) -> list[int]:
    return [int(getattr(week, field)) for week in figures.weeks]


class CommunityView(View):
    name = "community"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        from desktop.views.community.charts import WeeklyChart  # numpy: only when opened

        self.data: Figures | None = None
        self._shown: object = None
        self.groups: list[HubAdoption] = []
        heading = QLabel(self.tr("Community"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.status = QLabel()
        self.status.setObjectName("communityStatus")
        self.status.setWordWrap(True)
        note = QLabel(self.tr(
            "Figures of groups only, never of a person, and no group smaller than five "
            "people. Only community managers see this screen."))
        note.setWordWrap(True)
        self.group = QComboBox()
        self.group.setObjectName("communityGroup")
        self.group.setAccessibleName(self.tr("Whose figures"))
        self.group.currentIndexChanged.connect(self._show_group)
        chooser = QHBoxLayout()
        label = QLabel(self.tr("&Show:"))
        label.setBuddy(self.group)
        chooser.addWidget(label)
        chooser.addWidget(self.group, 1)
        self.chart = WeeklyChart(self.tr("Use of the network per week"))
        self.chart.setObjectName("communityChart")
        self.chart.setAccessibleName(self.tr("Use of the network per week"))
        self.site_chart = WeeklyChart(self.tr("People active per week, by site"))
        self.site_chart.setObjectName("communitySites")
        self.site_chart.setAccessibleName(self.tr("People active per week, by site"))
        name_viewport(self.chart)
        name_viewport(self.site_chart)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("communityUnits")
        self.table.setAccessibleName(self.tr("Use of the network by unit"))
        self.table.setHorizontalHeaderLabels(self.header())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        # A long unit name keeps its start and its end ("Vertrieb … Nord"), the part
        # that tells sibling units apart.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, tip in ((1, self.tr("People active in the last whole week")),
                            (2, self.tr("People active per week, on average")),
                            (3, self.tr("Posts over the weeks shown")),
                            (4, self.tr("Comments and answers over the weeks shown"))):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(tip)
        self.table.setSortingEnabled(True)
        self.questions = self._list("communityQuestions", self.tr("Unanswered questions"))
        self.spaces = self._list("communitySpaces", self.tr("Quiet spaces"))
        self.howtos = self._list("communityHowtos", self.tr("Outdated how-tos"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("communityAttention")
        self.tabs.setAccessibleName(self.tr("Needs attention"))
        for widget in (self.questions, self.spaces, self.howtos):
            self.tabs.addTab(widget, widget.accessibleName())
        chosen = QWidget()
        left = QVBoxLayout(chosen)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(chooser)
        left.addWidget(self.chart, 1)
        charts = QSplitter()
        charts.addWidget(chosen)
        charts.addWidget(self.site_chart)
        lists = QSplitter()
        lists.addWidget(self.table)
        lists.addWidget(self.tabs)
        lists.setStretchFactor(0, 1)
        lists.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.status)
        layout.addWidget(note)
        layout.addWidget(split, 1)

    def _list(self, name: str, title: str) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(name)
        widget.setAccessibleName(title)
        widget.setWordWrap(True)
        widget.itemActivated.connect(self._open_item)
        return widget

    def title(self) -> str:
        return self.tr("Community")

    def header(self) -> list[str]:
        return [self.tr("Unit"), self.tr("Last week"), self.tr("Per week"),
                self.tr("Posts"), self.tr("Comments")]

    def describe(self) -> dict[str, object]:
        return {"status": self.status.text(), "groups": self.group.count(),
                "series": self.chart.plotted(), "sites": self.site_chart.plotted(),
                "units": self.table.rowCount(), "questions": self.questions.count(),
                "spaces": self.spaces.count(), "howtos": self.howtos.count()}

    # -- reading -----------------------------------------------------------------------

    def refresh(self) -> None:
        data = community_view(self.ctx.cache)
        key = data.run.map_run_id if data.run else None
        if key == self._shown:
            return
        self._shown = key
        self.data = data
        if data.run is None or data.company is None and not data.units:
            self.status.setText(self.tr(
                "No figures yet. The server computes them every night."))
        else:
            day = dt.datetime.fromtimestamp(data.run.computed_at / 1000).date()
            weeks = len(data.company.weeks) if data.company else len(data.units[0].weeks)
            self.status.setText(self.tr("As of %1: the last %2 weeks.")
                                .replace("%1", day.isoformat()).replace("%2", str(weeks)))
        self._fill_groups(data)
        self._fill_sites(data)
        self._fill_table(data)
        self._fill_attention(data)

    def _fill_groups(self, data: Figures) -> None:
        self.groups = [*([data.company] if data.company else []), *data.sites, *data.units]
        self.group.blockSignals(True)
        self.group.clear()
        for figures in self.groups:
            if figures.group_kind == "company":
                self.group.addItem(self.tr("The whole company"))
            elif figures.group_kind == "site":
                self.group.addItem(self.tr("Site %1").replace("%1", data.name_of(figures)))
            else:
                self.group.addItem(data.name_of(figures))
        self.group.blockSignals(False)
        self._show_group(0)

    def _show_group(self, index: int) -> None:
        if not 0 <= index < len(self.groups):
            self.chart.show_series([], [])
            return
        from desktop.views.community.charts import Series

        figures = self.groups[index]
        self.chart.show_series([w.week for w in figures.weeks], [
            Series(self.tr("People active"), _values(figures, "active")),
            Series(self.tr("Posts"), _values(figures, "posts")),
            Series(self.tr("Comments and answers"), _values(figures, "answers")),
        ])

    def _fill_sites(self, data: Figures) -> None:
        from desktop.views.community.charts import Series

        self.site_chart.setVisible(bool(data.sites))
        weeks = [w.week for w in data.sites[0].weeks] if data.sites else []
        self.site_chart.show_series(weeks, [
            Series(data.name_of(site), _values(site, "active")) for site in data.sites])

    def _fill_table(self, data: Figures) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(data.units))
        for row, figures in enumerate(data.units):
            active = _values(figures, "active")
            average = round(sum(active) / len(active), 1) if active else 0.0
            cells: list[str | float] = [
                data.name_of(figures), active[-1] if active else 0, average,
                sum(_values(figures, "posts")), sum(_values(figures, "answers"))]
            for column, value in enumerate(cells):
                item = QTableWidgetItem()
                if isinstance(value, str):
                    item.setText(value)
                    item.setToolTip(value)  # the whole name where the column cuts it
                else:
                    item.setData(Qt.ItemDataRole.DisplayRole, value)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def _fill_attention(self, data: Figures) -> None:
        now = data.run.computed_at if data.run else 0
        lists = {"unanswered_question": self.questions, "quiet_space": self.spaces,
                 "outdated_howto": self.howtos}
        for widget in lists.values():
            widget.clear()
        for item in data.attention:
            entry = QListWidgetItem(attention_text(self.ctx.cache, item, now))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            lists[item.attention_kind].addItem(entry)
        titles = (self.tr("Unanswered questions (%1)"), self.tr("Quiet spaces (%1)"),
                  self.tr("Outdated how-tos (%1)"))
        for index, (title, widget) in enumerate(zip(titles, lists.values(), strict=True)):
            self.tabs.setTabText(index, title.replace("%1", str(widget.count())))

    def _open_item(self, entry: QListWidgetItem) -> None:
        """A question or how-to opens in the Feed, a space on Spaces."""
        item = entry.data(Qt.ItemDataRole.UserRole)
        if not isinstance(item, HubAttention):
            return
        if item.attention_kind == "quiet_space":
            self.ctx.navigator.navigate("spaces", item.space_id)
        else:
            self.ctx.navigator.navigate("feed", item.target_id)

    def open_target(self, target: str) -> None:
        _ = target  # the screen shows the whole company; nothing to select
