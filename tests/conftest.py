"""Shared test set-up: Qt stays offscreen, everything else is real.

Under CI, hypothesis runs derandomized: the same examples every run, so a red build
always means a change broke something; local runs keep exploring new examples.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

from tests.fakes import FakeKeyring
from tests.postgres_support import Postgres, postgres_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The managed policy of the machine that runs the tests (/etc/xdg/kontor/managed.ini,
# a desktop session's XDG_CONFIG_DIRS) is not the tests' to obey: the search path points
# at a folder that does not exist, and a test that wants a policy writes its own.
os.environ["XDG_CONFIG_DIRS"] = str(Path(__file__).with_name("no-managed-policy"))
os.environ.pop("KONTOR_MANAGED_CONFIG", None)

settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def fake_keyring() -> Iterator[FakeKeyring]:
    """The OS keyring replaced by the named in-memory fake for one test."""
    previous = keyring.get_keyring()
    backend = FakeKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL server: the machine's own on 127.0.0.1:5432 when it answers,
    otherwise a throwaway cluster for this test process (tests/postgres_support.py)."""
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="module")
def postgres_database(postgres: Postgres) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database for one test module, dropped after."""
    with postgres.database() as url:
        yield url
