"""The app on a profile whose local copy was cut short: it opens signed in, says what
happened in the user's language, and downloads the copy again. Real widgets, a real
server, a real SQLCipher profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.settings import AppSettings
from tests.desktop.conftest import start_app
from tests.desktop.test_settings_i18n import built_translations, german  # noqa: F401


def cut_short(profile: Path) -> None:
    replica = profile / "cache.db"
    os.truncate(replica, replica.stat().st_size - 4096)


def test_a_copy_cut_short_is_said_and_downloaded_again(
    qtbot, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
) -> None:
    cut_short(synced_profile)
    app = start_app(qtbot, synced_profile, settings)  # the main window: still signed in
    try:
        [aside] = synced_profile.glob("cache.db.broken-*")
        assert app.recovery_note == (
            f"The local copy of your data was damaged; it was set aside as {aside.name}. It "
            "is downloaded again from the server. Your unsent posts and your sign-in are "
            "not affected.")
        qtbot.waitUntil(lambda: app.bridge.status == "online", timeout=30_000)
    finally:
        app.stop()


@pytest.mark.usefixtures("german")
def test_in_german_the_note_is_german(
    qtbot, synced_profile: Path, settings: AppSettings,  # type: ignore[no-untyped-def]
) -> None:
    cut_short(synced_profile)
    app = start_app(qtbot, synced_profile, settings)
    try:
        assert app.recovery_note.startswith(
            "Die lokale Kopie Ihrer Daten war beschädigt; sie wurde als cache.db.broken-")
        assert app.recovery_note.endswith(
            "Ihre nicht gesendeten Beiträge und Ihre Anmeldung sind nicht betroffen.")
    finally:
        app.stop()
