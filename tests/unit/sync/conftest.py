"""Fixtures for cache tests: real SQLCipher files in tmp_path, a fresh key each."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cache.db import Cache


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache.db"


@pytest.fixture
def cache(cache_path: Path, key: bytes) -> Iterator[Cache]:
    opened = Cache.open(cache_path, key)
    yield opened
    opened.close()
