"""The one visual language: resources/kontor.qss with its light and dark colours.

The style sheet names each colour once per scheme (`@light text #1b1f24`); here the
rules get the scheme's colours, and the application palette the same ones, so what Qt
draws without a rule (placeholders, rich-text links, selections in custom delegates)
matches. Fusion draws every control from that palette on every platform, so light and
dark look the same on Windows, macOS and each Linux desktop.

The scheme is the system's unless the user chose one in Settings ("appearance" in the
user's settings: system, light or dark); with "system" a change of the system's scheme
is followed while the app runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop.context import RESOURCES, use_icon_ink
from desktop.qt import QApplication, QColor, QGuiApplication, QPalette, QSettings, Qt

STYLE_SHEET = RESOURCES / "kontor.qss"
APPEARANCE_KEY = "appearance"
APPEARANCES = ("system", "light", "dark")
_COLOUR_LINE = re.compile(r"^@(light|dark)\s+(\w+)\s+(#[0-9a-fA-F]{6})\s*$", re.MULTILINE)
_PAIR_LINE = re.compile(r"^@pair\s+(\w+)\s+(\w+)\s+([\d.]+)\s*$", re.MULTILINE)
_TOKEN = re.compile(r"@(\w+)")


@dataclass(frozen=True)
class StyleSheet:
    rules: str  # the style sheet with @name tokens
    colours: dict[str, dict[str, str]]  # scheme -> name -> #rrggbb
    pairs: list[tuple[str, str, float]]  # foreground, background, minimum contrast

    def for_scheme(self, scheme: str) -> str:
        colours = self.colours[scheme]

        def colour(match: re.Match[str]) -> str:
            name = match.group(1)
            return colours.get(name, match.group(0))

        return _TOKEN.sub(colour, self.rules)


@lru_cache(maxsize=4)
def read_style_sheet(path: Path = STYLE_SHEET) -> StyleSheet:
    text = path.read_text(encoding="utf-8")
    colours: dict[str, dict[str, str]] = {"light": {}, "dark": {}}
    for scheme, name, value in _COLOUR_LINE.findall(text):
        colours[scheme][name] = value.lower()
    pairs = [(fg, bg, float(ratio)) for fg, bg, ratio in _PAIR_LINE.findall(text)]
    rules = text[text.index("*/") + 2:]  # the header comment holds the colours
    return StyleSheet(rules, colours, pairs)


def system_scheme() -> str:
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def chosen_appearance(user: QSettings | None) -> str:
    value = str(user.value(APPEARANCE_KEY) or "system") if user is not None else "system"
    return value if value in APPEARANCES else "system"


def palette_for(colours: dict[str, str]) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    roles = {
        role.Window: "window", role.WindowText: "text", role.Base: "base",
        role.AlternateBase: "alt", role.Text: "text", role.Button: "base",
        role.ButtonText: "text", role.Highlight: "selected",
        role.HighlightedText: "on_selected", role.PlaceholderText: "placeholder",
        role.Link: "link", role.LinkVisited: "link", role.ToolTipBase: "text",
        role.ToolTipText: "base", role.BrightText: "on_accent", role.Mid: "divider",
        role.Dark: "border", role.Light: "base", role.Midlight: "alt",
        role.Shadow: "border",
    }
    for which, name in roles.items():
        palette.setColor(which, QColor(colours[name]))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, which, QColor(colours["disabled"]))
    return palette


def apply_style(app: QApplication, appearance: str = "system") -> str:
    """Give the app Kontor's look in the chosen scheme; returns the scheme used."""
    scheme = system_scheme() if appearance == "system" else appearance
    sheet = read_style_sheet()
    app.setStyle("Fusion")
    app.setPalette(palette_for(sheet.colours[scheme]))
    app.setStyleSheet(sheet.for_scheme(scheme))
    app.setProperty("kontor_scheme", scheme)
    use_icon_ink(sheet.colours[scheme]["muted"] if scheme == "dark" else None)
    return scheme


def follow_system_scheme(app: QApplication, user: QSettings | None) -> None:
    """While the user leaves the scheme to the system, a change there shows at once."""
    def changed(_scheme: object) -> None:
        if chosen_appearance(user) == "system":
            apply_style(app, "system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def current_colour(name: str) -> str:
    """A colour of the scheme in use, for the few places that write HTML themselves
    (markdown mentions, code spans)."""
    app = QApplication.instance()
    scheme = str(app.property("kontor_scheme") or "light") if app is not None else "light"
    return read_style_sheet().colours[scheme].get(name, "#000000")
