"""What every screen gets: the GUI thread's read-only cache, the bridge, settings, and a
way to move to another screen (so views never import each other)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop.bridge import SyncBridge
from desktop.settings import AppSettings
from sync.cache.db import Cache

# Icons and compiled translations are package data of desktop (setup.py compiles the
# .qm files at build time), so an installed wheel and a frozen bundle find them the same
# way as a checkout: beside this module, never through the source tree.
RESOURCES = Path(__file__).resolve().parent / "resources"


class Navigator(Protocol):
    def show_person(self, person_id: str) -> None: ...
    def show_space(self, space_id: str) -> None: ...
    def show_post(self, post_id: str) -> None: ...
    def show_screen(self, name: str) -> None: ...
    def show_position(self, position_id: str) -> None: ...


@dataclass
class ViewContext:
    reader: Cache  # opened on the GUI thread; never written through
    bridge: SyncBridge
    settings: AppSettings
    navigator: Navigator
    me: str | None = None  # the signed-in person's id
    extras: dict[str, object] = field(default_factory=dict)


def icon_path(name: str) -> str:
    return str(RESOURCES / "icons" / f"{name}.svg")
