"""The token check on every request: it reads, and writes last_seen_at once a minute.

A device's last_seen_at is what `kontor-server device list` shows an admin. It must
move when a device is used after a pause, on every kind of route (a read checked
apart, a read and a write checked inside their own transaction), without a write on
every request.
"""

from __future__ import annotations

from typing import Any

from server_stub.storage import accounts as acc
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS
LONG_AGO = 1_000  # 1970: a device last seen then is due to be seen again


def _in_database(world: World, work: Any) -> Any:
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        result = work(conn)
    engine.dispose()
    return result


def _last_seen(world: World, device_id: str) -> int | None:
    devices = _in_database(world, lambda conn: acc.list_devices(conn))
    return next(d.last_seen_at for d in devices if d.id == device_id)


def _seen_at(world: World, device_id: str, when: int) -> None:
    _in_database(world, lambda conn: acc.touch_device(conn, device_id, when))


async def test_last_seen_moves_after_a_pause_on_every_kind_of_route(
        api: Api, world: World) -> None:
    device_id = (await api.login("alice"))["device_id"]
    for method, path, body in (("GET", "/api/v1/sites", None),  # checked apart
                               ("GET", "/api/v1/me", None),  # in the read's snapshot
                               ("GET", "/api/v1/sync", None),
                               ("PATCH", "/api/v1/me", {})):  # in the write
        _seen_at(world, device_id, LONG_AGO)
        before = now_ms()
        status, answer = await api.call(method, path, json=body)
        assert status == 200, (path, answer)
        seen = _last_seen(world, device_id)
        assert seen is not None and seen >= before, path


async def test_a_device_seen_within_the_minute_is_not_written_again(
        api: Api, world: World) -> None:
    device_id = (await api.login("bob"))["device_id"]
    recently = now_ms() - 30_000
    _seen_at(world, device_id, recently)
    for path in ("/api/v1/sites", "/api/v1/me", "/api/v1/sync", "/api/v1/me"):
        assert (await api.call("GET", path))[0] == 200
    assert _last_seen(world, device_id) == recently
