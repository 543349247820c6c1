"""The People screen: find a colleague by name, skill, site or team, and see their card.

The list is a PeopleListModel (lazy batches), so the screen opens instantly whatever
the company's size. Typing filters through the cache's folded search index, which is
why "Muller", "Mueller" and "Müller" find the same person; a short debounce keeps
fast typing from running a query per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.context import ViewContext, icon_path
from desktop.models.people import (
    PeopleListModel,
    PersonIdRole,
)
from desktop.qt import (
    QComboBox,
    QEvent,
    QFocusEvent,
    QGridLayout,
    QIcon,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QModelIndex,
    QObject,
    QSplitter,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from desktop.views.base import View
from desktop.views.common.person_row import PersonRowDelegate
from desktop.views.people.person_card import PersonCard
from sync.cache.read.people import list_org_units, list_sites

FILTER_DELAY_MS = 150
SELECT_AHEAD_BATCHES = 10
class RefillingComboBox(QComboBox):
    """Brings its items up to date when it is first used: focused or opened.

    Reading every site and unit costs tens of milliseconds in a large company, too
    much for the first paint or for each refresh after a sync, and new sites or units
    are rare; the combo only shows its current item ("All sites") until then.
    """

    def __init__(self, refill: Callable[[], None]) -> None:
        super().__init__()
        self._refill = refill

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._refill()
        super().focusInEvent(event)

    def showPopup(self) -> None:
        self._refill()
        super().showPopup()


class PeopleView(View):
    name = "people"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self.model = PeopleListModel(ctx.cache, parent=self)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("peopleSearch")
        self.search_field.setAccessibleName(self.tr("Search people"))
        self.search_field.setPlaceholderText(self.tr("Name, skill, position, room…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(QIcon(icon_path("search")),
                                    QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.installEventFilter(self)
        self.site_combo = RefillingComboBox(self._fill_filters_if_stale)
        self.site_combo.setObjectName("siteFilter")
        self.site_combo.setAccessibleName(self.tr("Site"))
        self.unit_combo = RefillingComboBox(self._fill_filters_if_stale)
        self.unit_combo.setObjectName("orgUnitFilter")
        self.unit_combo.setAccessibleName(self.tr("Team or department"))
        self.unit_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_combo.setMinimumContentsLength(16)
        self.site_combo.addItem(self.tr("All sites"), "")
        self.unit_combo.addItem(self.tr("All teams"), "")
        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")
        self.list = QListView()
        self.list.setObjectName("peopleList")
        self.list.setAccessibleName(self.tr("People"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(PersonRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.card = PersonCard(ctx)
        self._build_layout()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(lambda _text: self._filter_timer.start())
        self.site_combo.currentIndexChanged.connect(self.apply_filter)
        self.unit_combo.currentIndexChanged.connect(self.apply_filter)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(self._show_count)
        self._filters_stale = True  # filled when a filter is first used
        self._filter: tuple[str, str, str] = ("", "", "")  # search, site, unit applied

    def title(self) -> str:
        return self.tr("People")

    def _build_layout(self) -> None:
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search_field)
        site_label = QLabel(self.tr("S&ite:"))
        site_label.setBuddy(self.site_combo)
        unit_label = QLabel(self.tr("&Team:"))
        unit_label.setBuddy(self.unit_combo)
        filters = QGridLayout()
        filters.addWidget(search_label, 0, 0)
        filters.addWidget(self.search_field, 0, 1, 1, 3)
        filters.addWidget(site_label, 1, 0)
        filters.addWidget(self.site_combo, 1, 1)
        filters.addWidget(unit_label, 1, 2)
        filters.addWidget(self.unit_combo, 1, 3)
        filters.setColumnStretch(3, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.count_label)
        column.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setTabOrder(self.search_field, self.site_combo)
        self.setTabOrder(self.site_combo, self.unit_combo)
        self.setTabOrder(self.unit_combo, self.list)
        self.setTabOrder(self.list, self.card)

    # -- filters ---------------------------------------------------------------------

    def _fill_filters(self) -> None:
        """(Re)fill the combos when the cache holds other sites or units than shown."""
        sites = list_sites(self.ctx.cache)
        shown_sites = [self.site_combo.itemData(i) for i in range(1, self.site_combo.count())]
        if sites != shown_sites:
            current = self.site_combo.currentData()
            self.site_combo.blockSignals(True)
            self.site_combo.clear()
            self.site_combo.addItem(self.tr("All sites"), "")
            for site in sites:
                self.site_combo.addItem(site, site)
            self.site_combo.setCurrentIndex(max(0, self.site_combo.findData(current or "")))
            self.site_combo.blockSignals(False)
        units = [(u.id, u.name if not u.site or u.site in u.name else f"{u.name} · {u.site}")
                 for u in list_org_units(self.ctx.cache)]
        shown_units = [(self.unit_combo.itemData(i), self.unit_combo.itemText(i))
                       for i in range(1, self.unit_combo.count())]
        if units != shown_units:
            current = self.unit_combo.currentData()
            self.unit_combo.blockSignals(True)
            self.unit_combo.clear()
            self.unit_combo.addItem(self.tr("All teams"), "")
            for unit_id, unit_name in units:
                self.unit_combo.addItem(unit_name, unit_id)
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(current or "")))
            self.unit_combo.blockSignals(False)

    def _fill_filters_if_stale(self) -> None:
        if self._filters_stale:
            self._filters_stale = False
            self._fill_filters()

    def apply_filter(self) -> None:
        """Filter now (the search field waits FILTER_DELAY_MS after the last key)."""
        self._filter_timer.stop()
        wanted = (self.search_field.text(), self.site_combo.currentData() or "",
                  self.unit_combo.currentData() or "")
        self.model.set_filter(*wanted)
        changed, self._filter = wanted != self._filter, wanted
        if not changed or not any(wanted):  # everyone is listed: the card stays
            return
        # The card follows the filter: nobody's card stays who is no longer listed.
        shown = self.card.person.id if self.card.person else None
        if shown is None or self.model.row_of(shown) < 0:
            if self.model.rowCount():
                self._select_row(0)
            else:
                self.card.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search field moves on to the list, as in any search box."""
        if (watched is self.search_field and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            self.apply_filter()
            self.list.setFocus()
            if not self.list.currentIndex().isValid() and self.model.rowCount():
                self.list.setCurrentIndex(self.model.index(0))
            return True
        return super().eventFilter(watched, event)

    # -- the list and the card -------------------------------------------------------

    def _show_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(self.tr("%n people", "", total) if total
                                 else self.tr("No one matches"))

    def _after_reset(self) -> None:
        """Keep the shown person selected if they are still listed."""
        self._show_count()
        shown = self.card.person.id if self.card.person else None
        row = self.model.row_of(shown) if shown else -1
        if row >= 0:
            self._select_row(row)
        elif shown is None and self.model.rowCount():
            self._select_row(0)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row)
        self.list.selectionModel().setCurrentIndex(
            index, self.list.selectionModel().SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        person_id = current.data(PersonIdRole) if current.isValid() else None
        if person_id and (self.card.person is None or self.card.person.id != person_id):
            self.card.show_person(person_id)

    def open_target(self, target: str) -> None:
        self.show_person(target)

    def show_person(self, person_id: str) -> None:
        """Show this person's card, and select them in the list if they are listed.

        Someone further down than the loaded rows is looked for a few batches ahead,
        no further: in a huge directory the card matters, not the scroll position.
        """
        self.card.show_person(person_id)
        row = self.model.row_of(person_id)
        batches = SELECT_AHEAD_BATCHES
        while row < 0 and batches and self.model.canFetchMore(QModelIndex()):
            start = self.model.rowCount()
            self.model.fetchMore(QModelIndex())
            row = self.model.row_of(person_id, start)
            batches -= 1
        if row >= 0:
            self._select_row(row)
        else:
            self.list.selectionModel().clearSelection()

    def describe(self) -> dict[str, object]:
        person = self.card.person
        return {"people": self.model.total(), "rows": self.model.rowCount(),
                "card": person.display_name if person else ""}

    def refresh(self) -> None:
        self._filters_stale = True  # refilled when a filter list opens
        self.model.refresh()
        self.card.refresh()
