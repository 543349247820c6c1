"""What every screen gets: the GUI thread's read-only cache, the bridge, settings, a way
to move to another screen (so views never import each other) and one to tell the user
something in passing (the status bar)."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop.bridge import SyncBridge
from desktop.settings import AppSettings
from sync.cache.db import Cache

# Icons and compiled translations are package data of desktop (setup.py compiles the
# .qm files at build time), so an installed wheel and a frozen bundle find them the same
# way as a checkout: beside this module, never through the source tree.
RESOURCES = Path(__file__).resolve().parent / "resources"
log = logging.getLogger("kontor.desktop")


class Navigator(Protocol):
    """The main window's one way onto a screen (see MainWindow.navigate)."""

    def navigate(self, name: str, target: str = "") -> object: ...


@dataclass
class ViewContext:
    cache: Cache  # the GUI thread's read-only connection; never written through
    bridge: SyncBridge
    settings: AppSettings
    navigator: Navigator
    me: str | None = None  # the signed-in person's id
    # A passing message for the user; the main window shows it in its status bar.
    tell: Callable[[str], None] = log.warning


# Line icons are drawn in ICON_INK; a dark scheme asks for them in its own colour
# (desktop/style.py), served from tinted copies in a folder of this process's own.
ICON_INK = "#444"
_icons = {"folder": RESOURCES / "icons"}


def use_icon_ink(colour: str | None) -> None:
    """Line icons in `colour` from now on (None: as drawn). Icons already on screen keep
    theirs; the scheme is chosen before the first window."""
    source = RESOURCES / "icons"
    if colour is None:
        _icons["folder"] = source
        return
    folder = Path(tempfile.mkdtemp(prefix="kontor-icons-"))
    atexit.register(shutil.rmtree, folder, True)
    for svg in source.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        (folder / svg.name).write_text(text.replace(f'"{ICON_INK}"', f'"{colour}"'),
                                       encoding="utf-8")
    _icons["folder"] = folder


def icon_path(name: str) -> str:
    return str(_icons["folder"] / f"{name}.svg")
