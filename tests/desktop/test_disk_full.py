"""The disk under the profile full: the desktop says so in the user's language, keeps
what was typed, and goes on when space returns. The profile lives on a small tmpfs of
its own (tests/integration/small_disk.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import uuid6
from aiohttp import ClientSession
from PySide6.QtCore import Qt

from desktop.settings import AppSettings
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.write import outbox
from tests.desktop.conftest import RunningServer, click_rail, sign_in_and_sync, start_app
from tests.desktop.test_settings_i18n import built_translations, german  # noqa: F401
from tests.fakes import FakeKeyring
from tests.integration.small_disk import fill, small_disk

NOT_SAVED = ("Nicht veröffentlicht: Der Datenträger ist voll, daher wurde dies nicht "
             "gespeichert. Geben Sie Speicherplatz frei und versuchen Sie es erneut; nichts "
             "zuvor Gespeichertes geht verloren.")
DISK_FULL = "Datenträger voll: Geben Sie Speicherplatz frei, dann geht der Abgleich weiter"
LONG = "Ein langer Beitrag von einem anderen Gerät. " * 90


async def post_elsewhere(url: str, space: str, count: int) -> None:
    """The same person writes from another device: the next pull must store all of it."""
    async with ClientSession() as http:
        async with http.post(f"{url}/api/v1/login", json={
                "username": DEMO_USER, "password": DEMO_PASSWORD, "device_name": "other"}) as r:
            token = (await r.json())["token"]
        for _ in range(count):
            async with http.put(f"{url}/api/v1/posts/{uuid6.uuid7()}",
                                json={"space_id": space, "text": LONG},
                                headers={"Authorization": f"Bearer {token}"}) as r:
                assert r.status == 200, await r.text()


@pytest.mark.usefixtures("german")
def test_a_full_disk_is_said_in_german_and_the_typed_post_stays(
    qtbot, server: RunningServer, tmp_path: Path, fake_keyring: FakeKeyring,  # type: ignore[no-untyped-def]
    settings: AppSettings,
) -> None:
    with small_disk(tmp_path / "disk", 24) as disk:
        profile = disk / "profile"
        asyncio.run(sign_in_and_sync(server.url, profile, DEMO_USER))
        app = start_app(qtbot, profile, settings)
        try:
            window = app.window
            assert window is not None
            qtbot.waitUntil(lambda: app.bridge.status == "online", timeout=30_000)
            feed = click_rail(window, "feed")
            compose = feed.compose
            space = compose.space_id()
            top = fill(disk, leave_bytes=0)
            text = "Protokoll vom Montag: bitte nicht verlieren"
            compose.text.setPlainText(text)
            qtbot.keyClick(compose.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: compose.note.text() != "", timeout=10_000)
            assert compose.note.text() == NOT_SAVED
            assert compose.text.toPlainText() == text  # nothing typed is lost

            # What arrives cannot be stored either: the status bar says why, the app runs.
            asyncio.run(post_elsewhere(server.url, space, 120))
            app.bridge.sync_now()
            qtbot.waitUntil(lambda: window.online_label.text() == DISK_FULL, timeout=30_000)

            top.unlink()  # space returns: the same post goes out, the sync goes on
            qtbot.keyClick(compose.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: compose.text.toPlainText() == "", timeout=10_000)
            assert compose.note.text() == ""

            def caught_up() -> bool:
                app.bridge.sync_now()
                return (app.bridge.status == "online"
                        and not outbox.all_items(window.ctx.cache))

            qtbot.waitUntil(caught_up, timeout=60_000)
            # The last nudge may still be running: once it ends the status bar says so.
            qtbot.waitUntil(lambda: window.online_label.text() == "Online", timeout=30_000)
        finally:
            app.stop()
