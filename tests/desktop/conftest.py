"""Desktop tests: real widgets (offscreen), a real server process, a real SQLCipher profile.

The server runs as a `kontor-server serve` subprocess so the Qt event loop of the test
and the server's asyncio loop never share a thread.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from desktop.app import Kontor
from desktop.settings import AppSettings
from desktop.write_op import WriteOp
from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync import protocol as p
from sync.session import ProfileSession
from tests import processes
from tests.fakes import FakeKeyring
from tests.integration.sync_support import demo_config


@dataclass
class RunningServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1]
        self.process = processes.start(
            [sys.executable, "-m", "server_stub.cli", "serve", str(self.data_dir),
             "--host", "127.0.0.1", "--port", port],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("listening on"), line

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process)
            self.process = None


@pytest.fixture(scope="session")
def desktop_demo(tmp_path_factory: pytest.TempPathFactory) -> ServerConfig:
    return demo_config(tmp_path_factory.mktemp("desktop-demo") / "data", people=300)


@pytest.fixture
def server(desktop_demo: ServerConfig, tmp_path: Path) -> Iterator[RunningServer]:
    from tests.integration.sync_support import free_port

    data = tmp_path / "server"
    shutil.copytree(desktop_demo.data_path, data)
    running = RunningServer(f"http://127.0.0.1:{free_port()}", data)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppSettings:
    monkeypatch.setenv("KONTOR_MANAGED_CONFIG", str(tmp_path / "no-managed.ini"))
    return AppSettings.load(QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat))


async def sign_in_and_sync(url: str, profile: Path, username: str) -> None:
    """Sign a profile in as a demo user and sync it once, as a first start does."""
    session = ProfileSession.open(profile)
    await session.login(url, username, DEMO_PASSWORD, "pytest")
    client = session.client()
    await session.engine(client).sync_once()
    await client.close()
    session.close()


def username_of(person: p.Person) -> str:
    return person.email.split("@", 1)[0]


def start_app(qtbot, profile: Path, settings: AppSettings) -> Kontor:  # type: ignore[no-untyped-def]
    """The app started on a profile, once its main window is open."""
    app = Kontor(profile, settings, interactive=False)
    app.start()
    qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
    return app


def rail_names(window: Any) -> list[str]:
    """The screens this person has in the rail (Community only for community managers)."""
    rail = window.rail
    return [str(rail.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(rail.count())
            if not rail.item(i).isHidden()]


def click_rail(window: Any, name: str) -> Any:
    """Open a screen the way a person does: a click on its item in the navigation rail.
    Returns the screen, which must now be the one shown."""
    rail = window.rail
    row = next(i for i in range(rail.count())
               if rail.item(i).data(Qt.ItemDataRole.UserRole) == name)
    rail.scrollToItem(rail.item(row))
    QTest.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rail.visualItemRect(rail.item(row)).center())
    view = window.views[name]
    assert window.stack.currentWidget() is view
    return view


def queue_write(qtbot, app: Kontor, write: Callable[[Any], Any]) -> Any:  # type: ignore[no-untyped-def]
    """A local write made behind the screens' back (as another window of the app would),
    through the app's one way of writing; returns once it is queued, with its result."""
    op = WriteOp(app.window.ctx, write)  # type: ignore[union-attr]
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.run()
    assert op.error == "", op.error
    return op.result


ProfileOf = Callable[[str], Path]
OpenAs = Callable[[str], Kontor]


@pytest.fixture
def synced_profile(server: RunningServer, tmp_path: Path, fake_keyring: FakeKeyring) -> Path:
    """A profile signed in as the demo user and fully synced, as after a first start."""
    profile = tmp_path / "profile"
    asyncio.run(sign_in_and_sync(server.url, profile, DEMO_USER))
    return profile


@pytest.fixture
def profile_of(server: RunningServer, tmp_path: Path, fake_keyring: FakeKeyring) -> ProfileOf:
    """A fresh profile signed in as that demo user and fully synced: each call is a
    device of its own, so the same user twice gives two profiles."""
    made: list[Path] = []

    def profile_of_(username: str) -> Path:
        profile = tmp_path / f"profile-{username}-{len(made)}"
        asyncio.run(sign_in_and_sync(server.url, profile, username))
        made.append(profile)
        return profile

    return profile_of_


@pytest.fixture
def open_as(qtbot, profile_of: ProfileOf, settings: AppSettings) -> Iterator[OpenAs]:  # type: ignore[no-untyped-def]
    """Start the app for another demo user, on a profile of their own, fully synced."""
    apps: list[Kontor] = []

    def open_(username: str) -> Kontor:
        app = start_app(qtbot, profile_of(username), settings)
        apps.append(app)
        return app

    yield open_
    for app in apps:
        app.stop()


@pytest.fixture
def kontor(qtbot, synced_profile: Path, settings: AppSettings) -> Iterator[Kontor]:  # type: ignore[no-untyped-def]
    """The app, started on the synced profile, with its main window open."""
    app = start_app(qtbot, synced_profile, settings)
    yield app
    app.stop()


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
