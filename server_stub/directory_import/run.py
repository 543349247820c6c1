"""One import from any source: read it, then apply it in one transaction.

`kontor-server import` (a JSON or CSV file, or --ldap) and the sync that `serve` runs
on a schedule both come through here, so they read, check and write alike.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from server_stub.config import ConfigError, ServerConfig
from server_stub.directory_import.csv_reader import read_csv
from server_stub.directory_import.file_format import (
    MAX_FILE_BYTES,
    DirectoryFile,
    DirectoryFileError,
    parse_directory,
    too_big,
)
from server_stub.directory_import.importer import import_directory
from server_stub.directory_import.ldap_reader import read_ldap
from server_stub.directory_import.photos import byte_sources, import_photo_sources
from server_stub.directory_import.summary import ImportSummary
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms

SourceKind = Literal["json", "csv", "ldap"]


class SourceUnreadable(Exception):
    """The file cannot be read (missing, unreadable, too big); nothing was imported."""


@dataclass
class Loaded:
    directory: DirectoryFile
    warnings: list[str]
    disabled_keys: frozenset[str] = frozenset()
    photos: dict[str, bytes] = field(default_factory=dict)  # the directory's, by HR key
    from_directory: bool = False  # LDAP: usernames without an account are no error


def source_kind(file: str | None, ldap: bool, given: str | None) -> SourceKind:
    if ldap:
        return "ldap"
    if given in ("json", "csv"):
        return "json" if given == "json" else "csv"
    return "csv" if (file or "").lower().endswith((".csv", ".txt")) else "json"


def _file_bytes(file: str) -> bytes:
    try:
        if (size := Path(file).stat().st_size) > MAX_FILE_BYTES:
            raise SourceUnreadable(f"{file}: {too_big(size)}; nothing imported.")
        return Path(file).read_bytes()
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {file}: {exc.strerror}") from None


def read_source(config: ServerConfig, kind: SourceKind, file: str | None) -> Loaded:
    """The checked document; raises DirectoryFileError, SourceUnreadable, ConfigError or
    DirectoryUnavailable (LDAP)."""
    if kind == "ldap":
        found = read_ldap(config)
        return Loaded(found.document.directory,
                      found.document.warnings + found.photo_problems,
                      found.disabled_keys, found.photos, from_directory=True)
    if file is None:
        raise SourceUnreadable("name the file to import, or give --ldap")
    data = _file_bytes(file)
    if kind == "json":
        return Loaded(parse_directory(data), [])
    settings = config.directory.csv if config.directory else None
    if settings is None:
        raise ConfigError("a CSV import needs [server.directory.csv] with its column "
                          "mapping in kontor.toml (see docs/admin.md)")
    document = read_csv(data, settings)
    return Loaded(document.directory, document.warnings)


def apply(config: ServerConfig, loaded: Loaded, *, prune: bool, relink: bool = False,
          disable_accounts: bool = False, dry_run: bool = False,
          max_leaving_share: float | None = None) -> ImportSummary:
    """Import the checked document in one transaction (rolled back on a dry run)."""
    engine = make_sync_engine(config.db_url, round(config.busy_timeout_seconds * 1000))
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                summary = import_directory(
                    conn, loaded.directory, server_name=config.server_name, now=now_ms(),
                    today=dt.date.today(), prune=prune, relink=relink,
                    disable_accounts=disable_accounts, disabled_keys=loaded.disabled_keys,
                    missing_accounts_ok=loaded.from_directory,
                    max_leaving_share=max_leaving_share)
            except BaseException:
                transaction.rollback()
                raise
            summary.dry_run = dry_run
            summary.warnings, summary.photos = loaded.warnings, len(loaded.photos)
            finished = time.perf_counter()
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
            summary.lock_seconds = round(
                summary.lock_seconds + time.perf_counter() - finished, 3)
        if loaded.photos and not dry_run:  # the people they belong to exist only now
            loaded_photos = import_photo_sources(
                engine, byte_sources(loaded.photos), now=now_ms(),
                max_bytes=config.max_photo_bytes, max_pixels=config.max_photo_pixels,
                dry_run=False, only_missing=True)
            summary.photos_loaded = loaded_photos.loaded
            summary.warnings += [f"photo of {refused.file}: {refused.message}"
                                 for refused in loaded_photos.refused]
    finally:
        engine.dispose()
    return summary


__all__ = ["DirectoryFileError", "Loaded", "SourceUnreadable", "apply", "read_source",
           "source_kind"]
