"""Weekly line charts with pyqtgraph (docs/hubs.md: why pyqtgraph).

A chart shows one line per series over the same weeks, the weeks written on the axis as
the day their Monday falls on. It is a picture to read, not to explore: zooming,
panning and pyqtgraph's own (untranslated) menu are switched off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyqtgraph as pg  # after desktop.qt: pyqtgraph binds to the PySide6 loaded first

from desktop.qt import QColor, QWidget

# Colours that stay apart for readers with red-green weakness (Okabe-Ito).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: list[int]


class WeeklyChart(pg.PlotWidget):  # type: ignore[misc]
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        background = self.palette().base().color()
        self.setBackground(background)
        text = self.palette().text().color()
        self.chart_title = title
        item = self.getPlotItem()
        item.setTitle(title, color=text)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.25)
        for axis in ("left", "bottom"):
            item.getAxis(axis).setTextPen(text)
            item.getAxis(axis).setPen(text)
        self.legend = item.addLegend(offset=(10, 10), labelTextColor=text)
        self.series: list[Series] = []
        self.weeks: list[dt.date] = []
        self.setMinimumHeight(180)

    def show_series(self, weeks: list[dt.date], series: list[Series]) -> None:
        item = self.getPlotItem()
        item.clear()
        self.legend.clear()
        self.weeks = list(weeks)
        self.series = list(series)
        xs = list(range(len(weeks)))
        for n, one in enumerate(series):
            colour = QColor(COLOURS[n % len(COLOURS)])
            item.plot(xs, one.values, name=one.name, pen=pg.mkPen(colour, width=2),
                      symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=colour)
        step = max(1, len(weeks) // 6)
        item.getAxis("bottom").setTicks([[(i, f"{w.day:02d}.{w.month:02d}.")
                                          for i, w in enumerate(weeks) if i % step == 0]])
        top = max((max(s.values, default=0) for s in series), default=0)
        item.setYRange(0, max(1, top) * 1.1, padding=0)
        if xs:
            item.setXRange(0, max(1, len(xs) - 1), padding=0.03)

    def plotted(self) -> int:
        """How many lines the chart draws now (one per series)."""
        return len(self.getPlotItem().listDataItems())
