"""The org chart's colours, on paper and in the dark scheme.

The chart is drawn in the scheme the app is in (a white chart in a dark window glared),
but what leaves the app, a PNG, a PDF or a printed page, is always drawn on paper.
The dark colours are the style sheet's (desktop/resources/kontor.qss): text, link,
muted and warning on its base colour, with tinted fills that keep each text colour
readable on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.qt import QColor


@dataclass(frozen=True)
class ChartColours:
    ink: QColor  # titles and frames
    link: QColor  # a holder's name, the current seat's and the focused box's frame
    muted: QColor  # vacancies, a unit's lead
    warn: QColor  # an absent holder
    line: QColor  # the lines between boxes
    paper: QColor  # behind everything
    seat: QColor  # a held seat
    vacant: QColor
    absent: QColor
    current: QColor  # the position whose chain is shown
    unit: QColor  # a sub-unit


PAPER = ChartColours(
    ink=QColor("#222222"), link=QColor("#1a5fb4"), muted=QColor("#6b6b6b"),
    warn=QColor("#b35900"), line=QColor("#8a8a8a"), paper=QColor("#ffffff"),
    seat=QColor("#ffffff"), vacant=QColor("#f2f2f2"), absent=QColor("#fff4e5"),
    current=QColor("#e8f0fb"), unit=QColor("#f7f5ee"))

DARK = ChartColours(
    ink=QColor("#e6e8eb"), link=QColor("#8cbcf2"), muted=QColor("#a8b0ba"),
    warn=QColor("#f0a35a"), line=QColor("#7d8692"), paper=QColor("#26292e"),
    seat=QColor("#2c2f35"), vacant=QColor("#1d1f23"), absent=QColor("#33291f"),
    current=QColor("#243750"), unit=QColor("#302e29"))


def for_scheme(scheme: str) -> ChartColours:
    return DARK if scheme == "dark" else PAPER
