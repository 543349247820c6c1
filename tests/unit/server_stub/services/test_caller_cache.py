"""The caller cache stays bounded: in entries (least recently used goes) and in age."""

from __future__ import annotations

import time

import pytest

from server_stub.services.auth import Caller
from server_stub.services.caller_cache import CallerCache


def _caller(n: int) -> Caller:
    return Caller(f"account-{n}", f"user{n}", f"person-{n}", f"device-{n}", False)


def test_the_least_recently_used_token_goes_first() -> None:
    cache = CallerCache(max_entries=2)
    cache.put("a", _caller(1))
    cache.put("b", _caller(2))
    assert cache.get("a") == _caller(1)  # a is now the most recently used
    cache.put("c", _caller(3))
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (_caller(1), None, _caller(3))
    assert len(cache) == 2


def test_an_old_entry_is_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = CallerCache(max_age=60.0)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now)
    cache.put("a", _caller(1))
    monkeypatch.setattr(time, "monotonic", lambda: now + 59.0)
    assert cache.get("a") == _caller(1)
    monkeypatch.setattr(time, "monotonic", lambda: now + 61.0)
    assert cache.get("a") is None
    assert len(cache) == 0


def test_a_refused_token_is_dropped() -> None:
    cache = CallerCache()
    cache.put("a", _caller(1))
    cache.drop("a")
    cache.drop("never there")
    assert cache.get("a") is None
