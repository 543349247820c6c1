"""Desktop tests: real widgets (offscreen), a real server process, a real SQLCipher profile.

The server runs as a `kontor-server serve` subprocess so the Qt event loop of the test
and the server's asyncio loop never share a thread.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.app import Kontor
from desktop.settings import AppSettings
from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.sync_support import demo_config


@dataclass
class RunningServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server_stub.cli", "serve", str(self.data_dir),
             "--host", "127.0.0.1", "--port", port],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("listening on"), line

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(10)
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


@pytest.fixture
def synced_profile(server: RunningServer, tmp_path: Path, fake_keyring: FakeKeyring) -> Path:
    """A profile signed in as the demo user and fully synced, as after a first start."""
    profile = tmp_path / "profile"

    async def sign_in_and_sync() -> None:
        session = ProfileSession.open(profile)
        await session.login(server.url, DEMO_USER, DEMO_PASSWORD, "pytest")
        client = session.client()
        await session.engine(client).sync_once()
        await client.close()
        session.close()

    asyncio.run(sign_in_and_sync())
    return profile


@pytest.fixture
def kontor(qtbot, synced_profile: Path, settings: AppSettings) -> Iterator[Kontor]:  # type: ignore[no-untyped-def]
    """The app, started on the synced profile, with its main window open."""
    app = Kontor(synced_profile, settings, interactive=False)
    app.start()
    qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
    yield app
    app.stop()


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
