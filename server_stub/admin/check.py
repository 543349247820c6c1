"""`kontor-server check`: what is wrong with a data directory, one plain line each.

It reads and never repairs: the database's integrity, the file modes (nothing of the
data directory may be readable by group or others: it holds password hashes, device
tokens and the federation signing key), the schema revision against this program's,
and whether every peer answers.
"""

from __future__ import annotations

import sqlite3
import ssl
import stat
import urllib.error
import urllib.request
from pathlib import Path

from server_stub.admin import schema
from server_stub.admin.backup import BackupError, database_file
from server_stub.config import ServerConfig
from server_stub.storage import peers
from server_stub.storage.engine import make_sync_engine
from sync.protocol import paths

PEER_TIMEOUT_SECONDS = 5.0


def file_mode_problems(data_dir: Path) -> list[str]:
    problems = []
    for path in [data_dir, *sorted(data_dir.rglob("*"))]:
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue  # a -wal or -shm file the server removed meanwhile
        if stat.S_ISLNK(mode):
            continue
        if mode & 0o077:
            wanted = "700" if stat.S_ISDIR(mode) else "600"
            problems.append(f"{path} is open to group or others (mode "
                            f"{stat.S_IMODE(mode):o}); run: chmod {wanted} {path}")
    return problems


def integrity_problems(db: Path) -> list[str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10.0)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [f"{db} cannot be read: {exc}"]
    if rows == ["ok"]:
        return []
    return [f"{db} is damaged: {row}" for row in rows]


def revision_problems(config: ServerConfig) -> list[str]:
    try:
        current = schema.revision_of(config.db_url)
    except Exception as exc:  # noqa: BLE001 - reported as a problem, the check goes on
        return [f"the schema revision cannot be read: {type(exc).__name__}"]
    head = schema.head_revision()
    if current == head:
        return []
    if current not in schema.known_revisions():
        return [f"the schema is at revision {current}, which this version of Kontor does "
                "not know (written by a newer one?)"]
    return [f"the schema is at revision {current}, not {head}; `kontor-server serve` "
            "migrates it (after a backup)"]


def _reachable(url: str) -> str | None:
    """None if the peer answers over HTTP(S), else why not."""
    # Peer URLs are http:// or https:// (peer add refuses anything else).
    request = urllib.request.Request(url.rstrip("/") + paths.INFO)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=PEER_TIMEOUT_SECONDS,  # noqa: S310
                                    context=ssl.create_default_context()):
            return None
    except urllib.error.HTTPError:
        return None  # it answered: reachable (the pull itself signs its requests)
    except urllib.error.URLError as exc:
        return str(exc.reason)
    except (TimeoutError, OSError) as exc:
        return str(exc) or type(exc).__name__


def peer_problems(config: ServerConfig) -> list[str]:
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            listed = peers.list_peers(conn)
    except Exception as exc:  # noqa: BLE001 - reported as a problem, the check goes on
        return [f"the peer list cannot be read: {type(exc).__name__}"]
    finally:
        engine.dispose()
    problems = []
    for peer in listed:
        reason = _reachable(peer.url)
        if reason is not None:
            problems.append(f"peer {peer.name} at {peer.url} is not reachable: {reason}")
    return problems


def check(config: ServerConfig) -> list[str]:
    problems = file_mode_problems(config.data_path)
    try:
        db = database_file(config)
    except BackupError:
        db = None  # PostgreSQL: its integrity is the database server's to check
    if db is not None:
        if not db.exists():
            return [*problems, f"{db} does not exist"]
        problems += integrity_problems(db)
    problems += revision_problems(config)
    problems += peer_problems(config)
    return problems
