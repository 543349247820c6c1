"""Handovers planned and applied by the service, without HTTP: who may ask, what moves
with the seat, and that a client can only ever receive a handover whole.

The company is the one of tests/integration/world.py (see test_org_rules.py).
"""

from __future__ import annotations

import datetime as dt

import msgspec
import uuid6

from server_stub.services import handover
from server_stub.services.context import WriteContext, WriteResult
from server_stub.storage import feed, organisation, records
from server_stub.storage import spaces as space_store
from sync import protocol as p
from tests.integration.world import Org, World
from tests.unit.server_stub.services.conftest import Run

TODAY = dt.date.today()


def hand_over(position_id: str, to_person_id: str, date: dt.date = TODAY,
              record_id: str | None = None):
    body = p.HandoverWrite(position_id=position_id, to_person_id=to_person_id, date=date,
                           note="Übergabe")
    rid = record_id or str(uuid6.uuid7())

    def work(ctx: WriteContext) -> p.Handover:
        result: WriteResult = handover.put_handover(ctx, rid, body, TODAY)
        return msgspec.json.decode(result.body, type=p.Handover)

    return work


class TestAsking:
    def test_the_holder_cannot_hand_on_their_own_seat(self, run: Run, org: Org) -> None:
        assert run.refused(org.gina, hand_over(org.clerk, org.emil),
                           match="handed over by its lead") == (403, "not_allowed")

    def test_mistakes_are_refused_with_their_code(self, run: Run, world: World,
                                                  org: Org) -> None:
        assert run.refused(world.carol, hand_over(org.clerk, org.gina),
                           match="holds the position already") == (400, "same_holder")
        too_late = TODAY + dt.timedelta(days=366 * 6)
        assert run.refused(world.carol, hand_over(org.clerk, org.emil, too_late),
                           match="A handover is dated from") == (
            400, "invalid_dates")

    def test_a_second_while_one_is_scheduled_is_refused_until_cancelled(
            self, run: Run, world: World, org: Org) -> None:
        later = TODAY + dt.timedelta(days=30)
        first = run(world.carol, hand_over(org.clerk, org.emil, later))
        assert first.state == "scheduled"
        assert run.refused(world.carol, hand_over(org.clerk, org.frida, later),
                           match="is scheduled already") == (
            409, "handover_pending")
        run(world.carol, lambda ctx: handover.cancel_handover(ctx, first.id))
        assert run(world.carol, hand_over(org.clerk, org.frida, later)).state == "scheduled"

    def test_a_replay_gets_the_same_answer(self, run: Run, world: World, org: Org) -> None:
        rid = str(uuid6.uuid7())
        done = run(world.carol, hand_over(org.clerk, org.emil, record_id=rid))
        assert run(world.carol, hand_over(org.clerk, org.emil, record_id=rid)) == done


class TestApplying:
    def test_the_seat_its_history_and_the_manager_move_at_once(
            self, run: Run, world: World, org: Org) -> None:
        done = run(world.carol, hand_over(org.clerk, org.emil))
        assert done.state == "done" and done.from_person_id == org.gina
        clerk = run.read(lambda conn: organisation.get_position(conn, org.clerk))
        assert clerk is not None and clerk.holder_id == org.emil
        assert [(s.person_id, s.end) for s in clerk.history] == [
            (org.gina, TODAY), (org.emil, None)]
        emil = run.read(lambda conn: records.get_one(conn, "person", p.Person, org.emil))
        assert emil is not None and emil.manager_id == world.carol

    def test_the_spaces_of_the_seat_pass_to_the_successor(
            self, run: Run, world: World, org: Org) -> None:
        done = run(world.bob, hand_over(org.team_lead, org.emil))
        assert set(done.transferred) >= {org.lead_space, org.team_space, *org.duties,
                                         org.contact}

        def member(space_id: str, person_id: str) -> str | None:
            found = run.read(lambda conn: space_store.get_membership(conn, space_id,
                                                                     person_id))
            return None if found is None else found.role

        assert member(org.lead_space, org.emil) == "moderator"  # the role is kept
        assert member(org.lead_space, world.carol) is None
        gina = run.read(lambda conn: records.get_one(conn, "person", p.Person, org.gina))
        assert gina is not None and gina.manager_id == org.emil  # her seat reports there

    def test_a_client_receives_a_handover_whole_whatever_its_page_size(
            self, run: Run, world: World, org: Org) -> None:
        before = run.read(feed.max_seq)
        run(world.carol, hand_over(org.clerk, org.emil))
        rows, more, _ = run.read(lambda conn: feed.read_feed(conn, None, before, 1))
        assert not more
        assert {r.kind for r in rows} >= {"position", "person", "handover"}

    def test_a_scheduled_handover_is_applied_on_its_date(
            self, run: Run, world: World, org: Org) -> None:
        later = TODAY + dt.timedelta(days=3)
        scheduled = run(world.carol, hand_over(org.clerk, org.emil, later))
        assert run(None, lambda ctx: handover.apply_due(ctx.conn, ctx.server_name, TODAY)) == []
        [applied] = run(None, lambda ctx: handover.apply_due(ctx.conn, ctx.server_name, later))
        assert (applied.id, applied.state) == (scheduled.id, "done")
        assert run.read(lambda conn: organisation.due_handover_ids(conn, later)) == []
