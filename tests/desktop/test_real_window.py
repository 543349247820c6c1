"""The app in a real window on its own X display (Xvfb, the xcb platform), started as
`make demo` starts it against a real server: each screen opened by a click on the
navigation rail (xdotool), photographed, and checked for the demo company's data; once
light in English on a laptop screen, once dark in German on an office monitor."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.mainwindow import SCREEN_NAMES
from tests.desktop.conftest import RunningServer
from tests.desktop.real_window import EXPECTED, DesktopApp, VirtualScreen


@pytest.mark.parametrize(("scheme", "language", "size"), [
    ("light", "en", (1280, 800)),
    ("dark", "de", (1920, 1080)),
])
def test_every_screen_through_the_rail_in_a_real_window(
    server: RunningServer, tmp_path: Path, scheme: str, language: str,
    size: tuple[int, int],
) -> None:
    # The hubs, computed now as `make demo` does after init (else the first night).
    subprocess.run([sys.executable, "-m", "server_stub.cli", "hubs", "compute",
                    str(server.data_dir)], check=True, capture_output=True, timeout=120)
    screen = VirtualScreen(size=size).start()
    app = DesktopApp(screen, server.url, tmp_path, language=language,
                     appearance=scheme).start()
    try:
        # The first start opens on Start here, filled once the first sync is in.
        first = app.showing("start", EXPECTED["start"], timeout=90)
        assert first["status"] in ("Online", "Syncing…", "Wird synchronisiert…")
        assert first["scheme"] == scheme
        filled = app.fill_screen()
        assert filled["window"] == [0, 0, *size]
        for name in SCREEN_NAMES:
            shown = app.open(name, EXPECTED[name])
            assert shown["screen"] == name
            if name == "org":  # the team's seats in rows as wide as the window takes
                assert shown["shows"]["sideways"] == 0, shown["shows"]
            picture = QImage(str(screen.screenshot(tmp_path / f"{name}.png")))
            assert (picture.width(), picture.height()) == size
            colours = {picture.pixel(x, y) for x in range(0, size[0] - 80, 7)
                       for y in range(0, size[1] - 60, 7)}
            assert len(colours) > 20, f"{name}: the screenshot shows no drawn window"
            # Below the rail's items: the rail's own background, light or dark.
            rail = QColor(picture.pixel(40, size[1] - 120))
            assert (rail.lightness() < 80) == (scheme == "dark"), (name, rail.name())
    finally:
        app.stop()
        screen.stop()
