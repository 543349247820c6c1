"""The app in a real window on its own X display (Xvfb, the xcb platform), started as
`make demo` starts it against a real server: each screen opened by a click on the
navigation rail (xdotool), photographed, and checked for the demo company's data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.mainwindow import SCREEN_NAMES
from tests.desktop.conftest import RunningServer
from tests.desktop.real_window import EXPECTED, DesktopApp, VirtualScreen


def test_every_screen_through_the_rail_in_a_real_window(
    server: RunningServer, tmp_path: Path,
) -> None:
    # The hubs, computed now as `make demo` does after init (else the first night).
    subprocess.run([sys.executable, "-m", "server_stub.cli", "hubs", "compute",
                    str(server.data_dir)], check=True, capture_output=True, timeout=120)
    screen = VirtualScreen().start()
    app = DesktopApp(screen, server.url, tmp_path).start()
    try:
        # The first start opens on Start here, filled once the first sync is in.
        first = app.showing("start", EXPECTED["start"], timeout=90)
        assert first["status"] in ("Online", "Syncing…")
        for name in SCREEN_NAMES:
            shown = app.open(name, EXPECTED[name])
            assert shown["screen"] == name
            picture = QImage(str(screen.screenshot(tmp_path / f"{name}.png")))
            assert (picture.width(), picture.height()) == (1280, 860)
            colours = {picture.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7)}
            assert len(colours) > 20, f"{name}: the screenshot shows no drawn window"
    finally:
        app.stop()
        screen.stop()
