"""What every screen gets: the GUI thread's read-only cache, the bridge, settings, a way
to move to another screen (so views never import each other) and one to tell the user
something in passing (the status bar)."""

from __future__ import annotations

import logging
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


def icon_path(name: str) -> str:
    return str(RESOURCES / "icons" / f"{name}.svg")
