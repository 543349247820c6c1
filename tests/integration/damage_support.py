"""A signed-in profile with unsent posts, built once and copied per test, and the ways a
file gets damaged (cut short, zeroed, overwritten), for the damage and crash rounds."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from server_stub.config import ServerConfig, load_config
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.db import PAGE_SIZE
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.integration.sync_support import demo_config, start_server

PASSPHRASE = "Sommer an der Ostsee 2026"  # noqa: S105 - a test profile's passphrase
TEXTS = ("Erster Entwurf aus dem Zug", "Zweiter Gedanke zur Planung", "Dritte Notiz: Budget")


def open_session(profile: Path) -> ProfileSession:
    """The profile as kontorctl opens it without a keyring: key from the passphrase."""
    return ProfileSession.open(profile, lambda: PASSPHRASE)


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


@dataclass(frozen=True)
class Template:
    """A server's data and a profile signed in to it: synced, then three posts written
    offline (unsent)."""

    data: Path
    profile: Path
    post_ids: tuple[str, ...]
    port: int  # the profile knows the server by its address: copies serve on the same

    def copy(self, into: Path) -> tuple[ServerConfig, Path]:
        data, profile = into / "server", into / "profile"
        shutil.copytree(self.data, data)
        shutil.copytree(self.profile, profile)
        return load_config(data, {"server_name": "demo.test", "port": self.port}), profile


def build_template(root: Path, people: int = 300) -> Template:
    config = demo_config(root / "data", people=people)

    async def sign_in_and_write() -> tuple[str, ...]:
        server = await start_server(config)
        session = open_session(root / "profile")
        try:
            await session.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
            client = session.client()
            await session.engine(client).sync_once()
            await client.close()
        finally:
            await server.close()
        me = session.state().person_id
        space = session.cache.conn.execute(
            "SELECT space_id FROM membership WHERE person_id = ? ORDER BY space_id LIMIT 1",
            (me,)).fetchone()[0]
        ids = tuple(queue_post(session.cache, space, text).id for text in TEXTS)
        session.close()
        return ids

    ids = asyncio.run(sign_in_and_write())
    return Template(config.data_path, root / "profile", ids, config.port)


def posts_on_server(config: ServerConfig, ids: tuple[str, ...]) -> dict[str, int]:
    """How many rows the server holds of each text written (exactly once: 1)."""
    engine = make_sync_engine(config.db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.post.c.id).where(t.post.c.id.in_(ids))).fetchall()
    engine.dispose()
    return {i: sum(1 for r in rows if r[0] == i) for i in ids}


# -- damage ------------------------------------------------------------------------------

Damage = Callable[[Path], None]


def cut(nbytes: int) -> Damage:
    def damage(path: Path) -> None:
        size = path.stat().st_size
        os.truncate(path, max(0, size - nbytes))
    damage.__name__ = f"cut-{nbytes}"
    return damage


def cut_to_half(path: Path) -> None:
    os.truncate(path, (path.stat().st_size // PAGE_SIZE // 2) * PAGE_SIZE)


def zero_page(which: str) -> Damage:
    """Zero a whole page: 'first' (the header and schema), 'middle' or 'last'."""
    def damage(path: Path) -> None:
        pages = path.stat().st_size // PAGE_SIZE
        index = {"first": 0, "middle": pages // 2, "last": pages - 1}[which]
        with path.open("r+b") as fh:
            fh.seek(index * PAGE_SIZE)
            fh.write(bytes(PAGE_SIZE))
    return damage


def overwrite_middle(nbytes: int) -> Damage:
    """Random bytes over a range in the middle of the file (a bad sector, a stray write)."""
    def damage(path: Path) -> None:
        size = path.stat().st_size
        start = max(PAGE_SIZE, size // 2 - nbytes // 2)
        with path.open("r+b") as fh:
            fh.seek(start)
            fh.write(secrets.token_bytes(min(nbytes, size - start)))
    return damage


DAMAGES: dict[str, Damage] = {
    "cut-4k": cut(4096),
    "cut-64k": cut(65536),
    "cut-odd": cut(1000),
    "cut-half": cut_to_half,
    "zero-header": zero_page("first"),
    "zero-middle": zero_page("middle"),
    "zero-last": zero_page("last"),
    "overwrite-middle": overwrite_middle(700),
}
