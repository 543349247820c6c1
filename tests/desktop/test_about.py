"""Help → About: the version, and where IT publishes updates."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.app import Kontor
from desktop.settings import AppSettings
from desktop.views.common.about import AboutDialog
from sync.policy.model import load_policy
from tests.desktop.conftest import start_app

CHANNEL = "https://software.firma.example/kontor"


def open_about(qtbot, app: Kontor) -> AboutDialog:  # type: ignore[no-untyped-def]
    """The way a person opens it: the Help menu of the menu bar, then About Kontor."""
    window = app.window
    assert window is not None
    (help_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    (about,) = [a for a in help_menu.actions() if a.text() == "&About Kontor"]
    about.trigger()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    return dialog


class TestAbout:
    def test_shows_the_version_and_it_s_update_channel(
        self, qtbot, synced_profile: Path, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
    ) -> None:
        managed = tmp_path / "managed.ini"
        managed.write_text(f"[kontor]\nupdate_channel_url = {CHANNEL}\n", encoding="utf-8")
        monkeypatch.setenv("KONTOR_MANAGED_CONFIG", str(managed))
        user = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
        app = start_app(qtbot, synced_profile, AppSettings.load(user, load_policy()))
        try:
            dialog = open_about(qtbot, app)
            assert f"Version {metadata.version('kontor')}" in dialog.title.text()
            assert dialog.updates.isVisible()
            assert dialog.updates.text() == f'Updates: <a href="{CHANNEL}">{CHANNEL}</a>'
            assert dialog.updates.openExternalLinks()
            assert dialog.managed.text() == (
                f"Some settings are managed by your IT department ({managed}).")
        finally:
            app.stop()

    def test_without_a_policy_it_shows_the_version_only(
        self, qtbot, kontor: Kontor,  # type: ignore[no-untyped-def]
    ) -> None:
        dialog = open_about(qtbot, kontor)
        assert metadata.version("kontor") in dialog.title.text()
        assert not dialog.updates.isVisible()
        assert not dialog.managed.isVisible()
