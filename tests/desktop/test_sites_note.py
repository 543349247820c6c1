"""The quiet status-bar note while a peer site stays unreachable (docs/federation.md)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PySide6.QtCore import QTranslator

from desktop.app import Kontor
from desktop.mainwindow import site_label
from tests.desktop.conftest import RunningServer
from tests.integration.sync_support import free_port

REPO = Path(__file__).parents[2]
HAMBURG = "hamburg.example.com"


def server_cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "server_stub.cli", *args], cwd=REPO, check=True,
                   capture_output=True, text=True, timeout=60)


def some_key() -> str:
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                 PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def test_an_unreachable_peer_shows_a_quiet_note_until_it_is_gone(
    qtbot, kontor: Kontor, server: RunningServer,  # type: ignore[no-untyped-def]
) -> None:
    window = kontor.window
    assert window is not None
    label = window.sites_label
    bridge = window.ctx.bridge
    qtbot.waitUntil(lambda: bridge.status == "online", timeout=15_000)
    assert not label.isVisibleTo(window)

    # A peer nobody answers for: the server reports it, the next sync shows the note.
    server_cli("peer", "add", str(server.data_dir), HAMBURG,
               f"http://127.0.0.1:{free_port()}", "--key", some_key())
    bridge.sync_now()
    qtbot.waitUntil(lambda: label.isVisibleTo(window), timeout=15_000)
    assert label.text() == "Data from Hamburg may be out of date"
    assert label.toolTip() == HAMBURG

    # Everything current again: the note goes away.
    with qtbot.waitSignal(bridge.sitesChanged, timeout=15_000):
        server_cli("peer", "remove", str(server.data_dir), HAMBURG)
        bridge.sync_now()
    qtbot.waitUntil(lambda: not label.isVisibleTo(window), timeout=15_000)
    assert label.text() == ""


def test_several_stale_sites_and_an_empty_list(qtbot, kontor: Kontor) -> None:  # type: ignore[no-untyped-def]
    window = kontor.window
    assert window is not None
    label = window.sites_label
    bridge = window.ctx.bridge
    qtbot.waitUntil(lambda: bridge.status == "online", timeout=15_000)
    # Stop syncing, so the engine's own (empty) answers cannot race the ones sent here.
    bridge.submit(bridge._stop_engine()).result(15)
    bridge.sitesChanged.emit(["hamburg.example.com", "koeln.example.com"])
    qtbot.waitUntil(lambda: label.isVisibleTo(window), timeout=5_000)
    assert label.text() == "Data from Hamburg, Koeln may be out of date"
    bridge.sitesChanged.emit([])
    qtbot.waitUntil(lambda: not label.isVisibleTo(window), timeout=5_000)


def test_site_names_and_the_german_note() -> None:
    assert site_label("hamburg.example.com") == "Hamburg"
    assert site_label("muenchen") == "Muenchen"
    qm = REPO / "desktop" / "resources" / "i18n" / "kontor_de.qm"
    ts = REPO / "desktop" / "resources" / "i18n" / "kontor_de.ts"
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(["bash", str(REPO / "scripts" / "build-translations.sh")], cwd=REPO,
                       check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "Data from %1 may be out of date") == (
        "Daten vom Standort %1 sind möglicherweise nicht aktuell")
