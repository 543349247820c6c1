"""The server's rights over its own database, called without HTTP.

The company (tests/integration/world.py): Firma (lead Dirk) > Vertrieb (lead Bob) >
Team Nord (lead Carol; Gina's seat reports to Carol's); Einkauf (lead seat vacant) with
Frida as buyer; Emil holds no seat.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from server_stub.services import org_rules
from server_stub.services.context import WriteContext
from tests.integration.world import Org, World
from tests.unit.server_stub.services.conftest import Run


class TestEditingAPosition:
    @pytest.mark.parametrize(("who", "seat", "allowed"), [
        ("gina", "clerk", True),  # the holder
        ("carol", "clerk", True),  # the team lead
        ("bob", "team_lead", True),  # the lead above the team lead
        ("dirk", "clerk", True),  # further up
        ("gina", "team_lead", False),  # a member on the lead's seat
        ("frida", "clerk", False),  # another department
        ("emil", "buyer", False),
    ])
    def test_the_holder_and_the_leads_above(self, run: Run, world: World, org: Org, who: str,
                                            seat: str, allowed: bool) -> None:
        person = getattr(org, who, None) or getattr(world, who)
        position = getattr(org, seat)

        def work(ctx: WriteContext) -> None:
            org_rules.require_position_editor(ctx, org_rules.get_position(ctx, position))

        if allowed:
            run(person, work)
        else:
            assert run.refused(person, work,
                               match="Only the holder of this position") == (403, "not_allowed")

    def test_an_admin_may_and_an_account_without_person_may_not(
            self, run: Run, org: Org) -> None:
        def work(ctx: WriteContext) -> None:
            org_rules.require_position_editor(ctx, org_rules.get_position(ctx, org.buyer))

        run(None, work, admin=True)
        assert run.refused(None, work,
                           match="Only the holder of this position") == (403, "not_allowed")

    def test_an_unknown_position_is_not_found(self, run: Run, org: Org) -> None:
        unknown = "01900000-0000-7000-8000-000000000000"
        assert run.refused(org.dirk, lambda ctx: org_rules.get_position(ctx, unknown),
                           match="no such position") == (
            404, "position_not_found")

    def test_what_hangs_on_a_gone_position_is_an_admins_to_remove(
            self, run: Run, org: Org) -> None:
        gone = "01900000-0000-7000-8000-000000000000"
        assert run.refused(org.dirk, lambda ctx: org_rules.require_editor_of(ctx, gone),
                           match="Only an admin may remove this") == (
            403, "not_allowed")
        run(None, lambda ctx: org_rules.require_editor_of(ctx, gone), admin=True)


class TestHandingOn:
    def test_the_lead_may_the_holder_never(self, run: Run, world: World, org: Org) -> None:
        def lead(position_id: str) -> Callable[[WriteContext], None]:
            return lambda ctx: org_rules.require_position_lead(
                ctx, org_rules.get_position(ctx, position_id))

        run(world.carol, lead(org.clerk))
        run(world.bob, lead(org.team_lead))
        assert run.refused(org.gina, lead(org.clerk),
                           match="handed over by its lead") == (403, "not_allowed")
        assert run.refused(world.carol, lead(org.team_lead),
                           match="handed over by its lead") == (403, "not_allowed")
        run(None, lead(org.clerk), admin=True)
        assert run.refused(org.gina, lead(org.clerk), admin=True,
                           match="handed over by its lead") == (403, "not_allowed")


    def test_anyone_else_hears_that_only_a_lead_may(
            self, run: Run, world: World, org: Org) -> None:
        """Not the holder, not a lead above: the general refusal, never the holder's."""
        def lead(ctx: WriteContext) -> None:
            org_rules.require_position_lead(ctx, org_rules.get_position(ctx, org.clerk))

        # Ids that sort before and after the holder's (an account whose person sits
        # elsewhere), so no comparison of ids can stand in for "is the holder".
        elsewhere = "ffffffff-0000-7000-8000-000000000000"
        assert org.frida < org.gina < elsewhere
        for person in (org.frida, org.emil, world.alice, elsewhere):
            assert run.refused(person, lead, match="Only a lead above this position") == (
                403, "not_allowed")
        assert run.refused(None, lead, match="Only a lead above this position") == (
            403, "not_allowed")


class TestAnswersToLeads:
    """require_lead_above: a lead above or an admin; the holder gets no answer of their
    own here (a lead who handed a seat to themself still gets theirs as a lead)."""

    @staticmethod
    def above(position_id: str) -> Callable[[WriteContext], None]:
        return lambda ctx: org_rules.require_lead_above(
            ctx, org_rules.get_position(ctx, position_id))

    def test_the_leads_above_and_an_admin_may(self, run: Run, world: World, org: Org) -> None:
        run(world.carol, self.above(org.clerk))
        run(world.bob, self.above(org.team_lead))
        run(org.dirk, self.above(org.clerk))
        run(None, self.above(org.clerk), admin=True)

    def test_the_holder_and_everyone_else_may_not(
            self, run: Run, world: World, org: Org) -> None:
        for person in (org.gina, org.frida, org.emil, world.carol):
            seat = org.team_lead if person == world.carol else org.clerk
            assert run.refused(person, self.above(seat),
                               match="Only a lead above this position") == (403, "not_allowed")
        assert run.refused(None, self.above(org.clerk),
                           match="Only a lead above this position") == (403, "not_allowed")


class TestUnitsAndManagers:
    def test_a_unit_is_found_or_not_found(self, run: Run, org: Org) -> None:
        unit = run(None, lambda ctx: org_rules.get_unit(ctx, org.team))
        assert (unit.id, unit.name) == (org.team, "Team Nord")
        unknown = "01900000-0000-7000-8000-000000000000"
        assert run.refused(org.dirk, lambda ctx: org_rules.get_unit(ctx, unknown),
                           match="no such org unit") == (404, "unit_not_found")

    def test_a_unit_is_led_by_its_lead_and_those_above(
            self, run: Run, world: World, org: Org) -> None:
        def lead(unit_id: str) -> Callable[[WriteContext], None]:
            return lambda ctx: org_rules.require_unit_lead(ctx, unit_id)

        run(world.carol, lead(org.team))
        run(org.dirk, lead(org.team))
        assert run.refused(world.carol, lead(org.sales),
                           match="Only the lead of this unit") == (403, "not_allowed")
        assert run.refused(org.gina, lead(org.team),
                           match="Only the lead of this unit") == (403, "not_allowed")

    def test_managers_follow_reports_to_then_the_lead_chain(
            self, run: Run, world: World, org: Org) -> None:
        def manager(position_id: str) -> Callable[[WriteContext], str | None]:
            return lambda ctx: org_rules.manager_for(ctx, org_rules.get_position(ctx,
                                                                                 position_id))

        assert run(None, manager(org.clerk)) == world.carol  # reports to Carol's seat
        assert run(None, manager(org.team_lead)) == world.bob
        # Frida's seat reports to the vacant lead of Einkauf: the next lead up is Dirk
        assert run(None, manager(org.buyer)) == org.dirk
        assert run(None, manager(org.ceo)) is None
