"""Organisation writes from the outbox to a real server and back into every cache involved."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.handover import (
    contact_updates,
    get_handover,
    handover_digest,
    handovers_of_position,
    job_contacts,
    manageable_positions,
    scheduled_handover,
)
from sync.cache.read.notify import contact_notices
from sync.cache.read.people import (
    connections_of,
    get_person,
    get_position,
    get_position_of,
    get_responsibility,
    list_people,
    positions_of,
)
from sync.cache.read.posts import get_post, memberships_of
from sync.cache.read.start import start_here
from sync.cache.read.who import who_is_responsible
from sync.cache.write import outbox
from sync.cache.write import state as cache_state
from sync.client import KontorClient, ServerUnreachable
from sync.engine import SyncEngine
from sync.protocol import ChecklistItemWrite, Handover, ResponsibilityWrite
from tests.integration.sync_support import start_server


class Device:
    """One person's cache signed in to the server, synced by the real engine."""

    def __init__(self, cache: Cache, url: str, token: str, person_id: str) -> None:
        self.cache, self.url, self.token, self.me = cache, url, token, person_id

    @classmethod
    async def sign_in(cls, config: ServerConfig, username: str, path: Path) -> Device:
        url = f"http://127.0.0.1:{config.port}"
        async with KontorClient(url) as client:
            answer = await client.login(username, DEMO_PASSWORD, "pytest")
        cache = Cache.open(path, secrets.token_bytes(32))
        cache_state.store_account(
            cache, server_url=url, server_name=answer.server_name, username=answer.username,
            person_id=answer.person_id, device_id=answer.device_id, device_token=answer.token)
        assert answer.person_id is not None
        device = cls(cache, url, answer.token, answer.person_id)
        await device.sync()
        return device

    async def sync(self) -> int:
        client = KontorClient(self.url, self.token)
        try:
            return await SyncEngine(self.cache, client, wipe=lambda: None).sync_once()
        finally:
            await client.close()


def username_of(cache: Cache, person_id: str) -> str:
    person = get_person(cache, person_id)
    assert person is not None
    return person.email.split("@", 1)[0]


def handover_with_contacts(cache: Cache, lead: str) -> tuple[str, str, str, str]:
    """(position, its holder, a successor, a counterpart) in the lead's units: a held
    position with a job contact whose other end is held by someone else."""
    positions = manageable_positions(cache, lead)
    for position in positions:
        contacts = [c for c in job_contacts(cache, position.id)
                    if c.holder and c.holder.id not in (position.holder_id, lead)]
        if position.holder_id and contacts:
            assert contacts[0].holder is not None
            successor = next(p.holder_id for p in positions
                             if p.holder_id and p.holder_id not in
                             (position.holder_id, contacts[0].holder.id))
            assert successor is not None
            return position.id, position.holder_id, successor, contacts[0].holder.id
    raise AssertionError("the demo lead has no position with a held job contact")


class TestHandoverOffline:
    async def test_queued_offline_then_every_side_sees_it(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        jana = await Device.sign_in(config, DEMO_USER, tmp_path / "jana.db")
        position_id, before, after, counterpart = handover_with_contacts(jana.cache, jana.me)
        old_contacts = {c.connection.id for c in job_contacts(jana.cache, position_id)}
        names = {who: username_of(jana.cache, who) for who in (before, after, counterpart)}
        predecessor = await Device.sign_in(config, names[before], tmp_path / "before.db")
        assert old_contacts <= {c.id for c in connections_of(predecessor.cache, before)}
        await server.close()

        today = dt.date.today()
        item = writes.queue_handover(jana.cache, position_id, after, today, "Alles im Wiki")
        with pytest.raises(ServerUnreachable, match="cannot be reached"):
            await jana.sync()
        assert [i.id for i in outbox.pending(jana.cache)] == [item.id]

        server = await start_server(config)
        try:
            await jana.sync()
            assert outbox.all_items(jana.cache) == []
            position = get_position(jana.cache, position_id)
            assert position is not None and position.holder_id == after
            assert handovers_of_position(jana.cache, position_id)[0].state == "done"

            successor = await Device.sign_in(config, names[after], tmp_path / "after.db")
            digest = handover_digest(successor.cache, position_id)
            assert digest is not None and digest.handover is not None
            assert (digest.handover.id, digest.handover.state) == (item.id, "done")
            assert digest.predecessor is not None and digest.predecessor.id == before
            assert {c.connection.id for c in digest.contacts} == old_contacts
            # The predecessor's notes pass on; an incoming link's note is the other side's.
            assert all(c.note == (c.connection.note if c.connection.from_id == position_id
                                  else "") for c in digest.contacts)
            assert set(digest.handover.transferred) >= old_contacts
            assert position_id in {p.id for p in positions_of(successor.cache, after)}

            other = await Device.sign_in(config, names[counterpart], tmp_path / "other.db")
            [update] = [u for u in contact_updates(other.cache, counterpart, today)
                        if u.handover.id == item.id]
            assert update.successor is not None and update.successor.id == after
            assert update.predecessor is not None and update.predecessor.id == before
            [notice] = [n for n in contact_notices(other.cache, counterpart, 0, today=today)
                        if n.handover_id == item.id]
            assert update.successor.display_name in notice.text

            await predecessor.sync()
            assert position_id not in {p.id for p in positions_of(predecessor.cache,
                                                                           before)}
            still = {c.id for c in connections_of(predecessor.cache, before)}
            assert not old_contacts & still
        finally:
            await server.close()

    async def test_a_forbidden_write_fails_with_the_reason_and_nothing_is_lost(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana = await Device.sign_in(config, DEMO_USER, tmp_path / "jana.db")
        _, holder, successor, _ = handover_with_contacts(jana.cache, jana.me)
        member = await Device.sign_in(config, username_of(jana.cache, holder),
                                      tmp_path / "member.db")
        # A team member may not hand over a colleague's job (nor their own).
        mine = get_position_of(jana.cache, jana.me)
        assert mine is not None
        refused = writes.queue_handover(member.cache, mine.id, successor, dt.date.today(), "")
        spaces = memberships_of(member.cache, holder)
        post = writes.queue_post(member.cache, spaces[0].space_id, "Danach geschrieben")
        await member.sync()
        failed = outbox.get_item(member.cache, refused.id)
        assert failed is not None and failed.state == "failed"
        assert failed.error is not None and "not_allowed" in failed.error
        assert failed.body == refused.body  # kept as written, to edit or discard
        assert outbox.get_item(member.cache, post.id) is None  # the later write went through
        assert get_post(member.cache, post.id) is not None
        unchanged = get_position(member.cache, mine.id)
        assert unchanged is not None and unchanged.holder_id == jana.me


class TestScheduledAndOtherWrites:
    async def test_scheduled_handover_waits_and_can_be_cancelled(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana = await Device.sign_in(config, DEMO_USER, tmp_path / "jana.db")
        position_id, holder, successor, _ = handover_with_contacts(jana.cache, jana.me)
        later = dt.date.today() + dt.timedelta(days=21)
        item = writes.queue_handover(jana.cache, position_id, successor, later, "")
        await jana.sync()
        waiting = scheduled_handover(jana.cache, position_id)
        assert waiting is not None and waiting.id == item.id and waiting.date == later
        position = get_position(jana.cache, position_id)
        assert position is not None and position.holder_id == holder  # not yet
        with pytest.raises(writes.WriteError, match="already scheduled"):
            writes.queue_handover(jana.cache, position_id, successor, later, "")
        writes.queue_handover_cancel(jana.cache, item.id)
        await jana.sync()
        cancelled = get_handover(jana.cache, item.id)
        assert isinstance(cancelled, Handover) and cancelled.state == "cancelled"
        assert scheduled_handover(jana.cache, position_id) is None

    async def test_duty_checklist_and_private_ticks_round_trip(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana = await Device.sign_in(config, DEMO_USER, tmp_path / "jana.db")
        mine = get_position_of(jana.cache, jana.me)
        assert mine is not None
        duty = writes.queue_responsibility(jana.cache, ResponsibilityWrite(
            title="Messeplanung Frühjahr", owner_position_id=mine.id, keywords=["Messe"]))
        step = writes.queue_checklist_item(jana.cache, ChecklistItemWrite(
            org_unit_id=mine.org_unit_id, title="Vertriebsrunde besuchen", rank=9))
        await jana.sync()
        stored = get_responsibility(jana.cache, duty.id)
        assert stored is not None and stored.version == 1
        assert [a.responsibility.id for a in who_is_responsible(jana.cache, "Messe")
                ][:1] == [duty.id]
        edit = writes.queue_responsibility(
            jana.cache, ResponsibilityWrite(title="Messeplanung Herbst", owner_position_id=mine.id),
            record_id=duty.id, version=stored.version)
        await jana.sync()
        assert outbox.get_item(jana.cache, edit.id) is None
        edited = get_responsibility(jana.cache, duty.id)
        assert edited is not None and edited.title == "Messeplanung Herbst"

        hire = next(p for p in list_people(jana.cache, org_unit_id=mine.org_unit_id)
                    if p.id != jana.me)
        member = await Device.sign_in(config, username_of(jana.cache, hire.id),
                                      tmp_path / "member.db")
        start = start_here(member.cache, hire.id)
        entry = next(e for e in start.checklist if e.item.id == step.id)
        assert not entry.done
        tick = writes.queue_check(member.cache, step.id)
        await member.sync()
        done = next(e for e in start_here(member.cache, hire.id).checklist
                    if e.item.id == step.id)
        assert done.done and done.check is not None and done.check.id == tick.id
        await jana.sync()  # the tick is the member's own: the lead's cache never gets it
        seen_by_lead = next(e for e in start_here(jana.cache, hire.id).checklist
                            if e.item.id == step.id)
        assert not seen_by_lead.done
        writes.queue_uncheck(member.cache, tick.id)
        await member.sync()
        undone = next(e for e in start_here(member.cache, hire.id).checklist
                      if e.item.id == step.id)
        assert not undone.done


class TestTicksOnTwoDevices:
    async def test_unticking_on_one_device_removes_the_tick_of_the_other(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        laptop = await Device.sign_in(config, DEMO_USER, tmp_path / "laptop.db")
        mine = get_position_of(laptop.cache, laptop.me)
        assert mine is not None
        step = writes.queue_checklist_item(laptop.cache, ChecklistItemWrite(
            org_unit_id=mine.org_unit_id, title="Ausweis abholen", rank=3))
        await laptop.sync()
        desktop = await Device.sign_in(config, DEMO_USER, tmp_path / "desktop.db")

        def ticked(device: Device) -> bool:
            return next(e for e in start_here(device.cache, device.me).checklist
                        if e.item.id == step.id).done

        # Ticked and unticked again before a sync: nothing is left ticked anywhere.
        assert writes.toggle_check(desktop.cache, step.id, True) is not None
        writes.toggle_check(desktop.cache, step.id, False)
        await desktop.sync()
        await laptop.sync()
        assert not ticked(desktop) and not ticked(laptop)

        # Both devices tick; the server keeps the laptop's check and answers it to both.
        first = writes.toggle_check(laptop.cache, step.id, True)
        await laptop.sync()
        second = writes.toggle_check(desktop.cache, step.id, True)
        await desktop.sync()
        assert first is not None and second is not None and first.id != second.id
        assert ticked(desktop) and ticked(laptop)
        # Unticking on the desktop deletes the check the server holds, not its own id.
        writes.toggle_check(desktop.cache, step.id, False)
        await desktop.sync()
        await laptop.sync()
        assert outbox.all_items(desktop.cache) == []
        assert not ticked(desktop) and not ticked(laptop)
