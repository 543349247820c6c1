"""Services called directly, without HTTP: a real SQLite file migrated by the real
migrations (tests/integration/world.py writes the small company into it), and each
call in its own transaction as one person, the way a request runs it."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from server_stub.config import load_config
from server_stub.errors import ApiError
from server_stub.services.auth import Caller
from server_stub.services.context import WriteContext
from server_stub.storage.engine import make_sync_engine
from sync import protocol as p
from tests.integration.world import Org, World, build_org, build_world

T = TypeVar("T")


class Run:
    """Runs a service as a person (or an admin) in one committed transaction."""

    def __init__(self, engine: sa.Engine, server_name: str) -> None:
        self.engine, self.server_name = engine, server_name

    def __call__(self, person_id: str | None, work: Callable[[WriteContext], T], *,
                 admin: bool = False) -> T:
        caller = Caller(account_id="pytest", username="pytest", person_id=person_id,
                        device_id="pytest", is_admin=admin)
        with self.engine.begin() as conn:
            return work(WriteContext(conn, caller, p.now_ms(), self.server_name))

    def refused(self, person_id: str | None, work: Callable[[WriteContext], Any], *,
                match: str, admin: bool = False) -> tuple[int, str]:
        """The status and code of the ApiError the service raises (nothing is written);
        match is a part of its message, so the wrong refusal does not pass."""
        with pytest.raises(ApiError, match=match) as caught:
            self(person_id, work, admin=admin)
        return caught.value.status, caught.value.code

    def read(self, work: Callable[[sa.Connection], T]) -> T:
        with self.engine.connect() as conn:
            return work(conn)


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Org]:
    """Migrated and written once per module (hashing passwords takes a moment)."""
    world = build_world(tmp_path_factory.mktemp("company") / "data")
    return world, build_org(world)


@pytest.fixture
def world(company: tuple[World, Org], tmp_path: Path) -> World:
    """A private copy of the module's database, so a test can write freely."""
    template, _ = company
    data = tmp_path / "data"
    shutil.copytree(template.config.data_path, data)
    config = load_config(data, {"server_name": template.config.server_name})
    return dataclasses.replace(template, config=config)


@pytest.fixture
def org(company: tuple[World, Org]) -> Org:
    return company[1]


@pytest.fixture
def run(world: World) -> Iterator[Run]:
    engine = make_sync_engine(world.config.db_url)
    yield Run(engine, world.config.server_name)
    engine.dispose()
