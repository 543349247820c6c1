"""German as a German reader expects it: „…“ quotes, and no English or Python class
names in messages, checked over the whole catalogue and in the running window."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.app import Kontor
from desktop.context import RESOURCES
from desktop.settings import AppSettings
from tests.desktop.conftest import RunningServer
from tests.desktop.test_settings_i18n import built_translations, german  # noqa: F401

# “…” (English opening quote) and "…" (typewriter quotes) around words; „…“ is German.
ENGLISH_QUOTES = re.compile(r"“[^”“„]*”|(?<![=\w])\"[^\"<>]+\"")
# A class name: CamelCase ending in what exceptions are called, or a dotted module path.
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Warning)\b"
                        r"|\b[a-z_]+\.[a-z_]+\.[A-Za-z_]+Error\b")


def german_translations() -> list[tuple[str, str]]:
    tree = ET.parse(RESOURCES / "i18n" / "kontor_de.ts")  # noqa: S314 - our own file
    found = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        forms = [form.text or "" for form in translation.iter("numerusform")]
        for text in forms or [translation.text or ""]:
            found.append((source, text))
    return found


class TestTheCatalogue:
    def test_the_checks_see_what_they_look_for(self) -> None:
        """The patterns themselves: so an empty result below means something."""
        assert ENGLISH_QUOTES.search("Nichts gefunden für “Müller”.")
        assert ENGLISH_QUOTES.search('Nichts gefunden für "Müller".')
        assert not ENGLISH_QUOTES.search("Nichts gefunden für „Müller“.")
        assert not ENGLISH_QUOTES.search('<a href="person:1">Jana</a>')
        assert CLASS_NAME.search("Server nicht erreichbar (ClientConnectorError)")
        assert not CLASS_NAME.search("Der Server ist nicht erreichbar.")

    def test_german_quotes_are_low_high(self) -> None:
        translations = german_translations()
        assert len(translations) > 400
        wrong = [text for _, text in translations if ENGLISH_QUOTES.search(text)]
        assert wrong == []

    def test_no_class_names_in_german_messages(self) -> None:
        wrong = [text for _, text in german_translations() if CLASS_NAME.search(text)]
        assert wrong == []

    def test_a_quoted_source_is_quoted_in_german_too(self) -> None:
        """An English source that quotes (“%1”) gets German quotes („%1“), never none."""
        missing = [(source, text) for source, text in german_translations()
                   if "“" in source and "„" not in text]
        assert missing == []


@pytest.mark.usefixtures("german")
def test_offline_the_status_bar_says_why_in_german(
        qtbot, server: RunningServer, synced_profile: Path,  # type: ignore[no-untyped-def]
        settings: AppSettings) -> None:
    app = Kontor(synced_profile, settings, interactive=False)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
        window = app.window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: app.bridge.status == "online", timeout=20_000)
        server.stop()
        label = window.online_label
        qtbot.waitUntil(lambda: label.text() == "Offline: gespeicherte Daten", timeout=30_000)
        qtbot.waitUntil(lambda: label.toolTip() != "", timeout=30_000)
        why = label.toolTip()
        assert why.startswith("Die Verbindung zum Server") or why.startswith(
            "Der Server ist nicht erreichbar"), why
        assert not CLASS_NAME.search(why)
    finally:
        app.stop()
