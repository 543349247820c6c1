"""The one style sheet: WCAG 2.1 AA contrast for every colour pair it puts together,
light and dark, computed from the sheet itself; and the look it gives the app."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QWidget

from desktop.style import apply_style, read_style_sheet

SCHEMES = ("light", "dark")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
TEXT_COLOUR = re.compile(r"(?<![-\w])color:\s*@(\w+)")
BACKGROUND = re.compile(r"(?<![-\w])background(?:-color)?:\s*@(\w+)")


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rule_pairs() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) of every rule that sets both."""
    found = []
    for selector, body in RULE.findall(read_style_sheet().rules):
        text, background = TEXT_COLOUR.search(body), BACKGROUND.search(body)
        if text and background:
            found.append((" ".join(selector.split()), text.group(1), background.group(1)))
    return found


class TestContrast:
    def test_the_ratio_is_computed_as_wcag_defines_it(self) -> None:
        assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
        assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)

    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_every_declared_pair_meets_aa(self, scheme: str) -> None:
        sheet = read_style_sheet()
        colours = sheet.colours[scheme]
        assert len(sheet.pairs) >= 20
        names = {name for pair in sheet.pairs for name in pair[:2]}
        assert {"placeholder", "on_selected", "focus"} <= names
        failing = [(fg, bg, round(contrast(colours[fg], colours[bg]), 2), ratio)
                   for fg, bg, ratio in sheet.pairs
                   if contrast(colours[fg], colours[bg]) < ratio]
        assert failing == []

    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_every_rule_s_text_is_readable_on_its_background(self, scheme: str) -> None:
        colours = read_style_sheet().colours[scheme]
        pairs = rule_pairs()
        assert any("navigationRail::item:selected" in s for s, _, _ in pairs)
        assert any("reactionButton:checked" in s for s, _, _ in pairs)
        failing = [(selector, round(contrast(colours[fg], colours[bg]), 2))
                   for selector, fg, bg in pairs
                   if bg != "transparent" and contrast(colours[fg], colours[bg]) < 4.5]
        assert failing == []

    def test_both_schemes_name_every_colour_the_rules_use(self) -> None:
        sheet = read_style_sheet()
        assert sheet.colours["light"].keys() == sheet.colours["dark"].keys()
        for scheme in SCHEMES:
            assert "@" not in sheet.for_scheme(scheme)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """Kontor's look for one test, then Qt's own again so other tests see no change."""
    style, palette = qapp.style().name(), qapp.palette()
    yield qapp
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setProperty("kontor_scheme", None)


class TestLook:
    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_the_palette_carries_the_sheet_s_colours(
            self, styled: QApplication, scheme: str) -> None:
        assert apply_style(styled, scheme) == scheme
        colours = read_style_sheet().colours[scheme]
        palette = styled.palette()
        assert palette.color(QPalette.ColorRole.PlaceholderText) == QColor(colours["placeholder"])
        assert palette.color(QPalette.ColorRole.Window) == QColor(colours["window"])
        assert palette.color(QPalette.ColorRole.Link) == QColor(colours["link"])
        field = QLineEdit()
        assert field.palette().color(QPalette.ColorRole.PlaceholderText) == QColor(
            colours["placeholder"])

    def test_a_focused_reaction_button_shows_a_ring_in_the_focus_colour(
            self, styled: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
        apply_style(styled, "light")
        focus = QColor(read_style_sheet().colours["light"]["focus"])
        host = QWidget()
        qtbot.addWidget(host)
        button = QToolButton(host)
        button.setObjectName("reactionButton")
        button.setText("3")
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        host.show()
        qtbot.waitExposed(host)

        def ring_pixels() -> int:
            image = button.grab().toImage()
            return sum(1 for x in range(image.width()) for y in range(image.height())
                       if image.pixelColor(x, y) == focus)

        assert ring_pixels() == 0
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        assert ring_pixels() > 2 * button.width()  # two px top and bottom, at least
