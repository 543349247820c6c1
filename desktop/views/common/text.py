"""Small text pieces every screen shows the same way: a how-to's title, a day, labels.

One place, so a how-to reads the same in Start here, the handover digest, Who does
what and the responsibility editor, and a date the same on every screen.
"""

from __future__ import annotations

import datetime as dt

from desktop.qt import QDate, QFont, QLabel, QLocale, Qt


def first_line(text: str, limit: int = 80) -> str:
    """A how-to's first line is its title ("So geht's: ..."), without Markdown's "#"."""
    line = text.strip().split("\n", 1)[0].strip().lstrip("#").strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def day_text(day: dt.date) -> str:
    """A date in the user's locale (14.01.27 in German, 1/14/27 in US English)."""
    return QLocale().toString(QDate(day.year, day.month, day.day),
                              QLocale.FormatType.ShortFormat)


def heading(text: str, scale: float = 1.15) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def wrapped(text: str, object_name: str = "") -> QLabel:
    """A plain-text label that wraps: names and notes are data, never markup."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label
