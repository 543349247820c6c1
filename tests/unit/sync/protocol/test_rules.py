"""The shared rules on a hand-made organisation: who leads whom, who may change what,
who reports to whom, who may post where. No database: the lookups are dicts.

    Firma (lead: CEO, held by Clara)
      Vertrieb (lead: Leitung Vertrieb, held by Dora)
        Team Nord (lead: Teamleitung Nord, held by Tom)
          Kundenbetreuung (Mia), Assistenz (vacant), Controlling (Mia again)
        Team Süd (lead: Teamleitung Süd, vacant)
          Außendienst (Max), Innendienst (Nils, reports to Dora's seat)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sync import protocol as p
from sync.protocol import rules
from tests.unit.sync import factories as f

CLARA, DORA, TOM, MIA, MAX, NILS = "clara", "dora", "tom", "mia", "max", "nils"


class Org:
    """The organisation above, as lookups that count their reads."""

    def __init__(self) -> None:
        self.units: dict[str, p.OrgUnit] = {}
        self.positions: dict[str, p.Position] = {}
        self.reads = 0
        firma = self.unit("Firma", None)
        self.ceo = self.seat("CEO", firma, CLARA, lead=True)
        sales = self.unit("Vertrieb", firma)
        self.head = self.seat("Leitung Vertrieb", sales, DORA, lead=True)
        self.north = self.unit("Team Nord", sales)
        self.tom = self.seat("Teamleitung Nord", self.north, TOM, lead=True)
        self.mia = self.seat("Kundenbetreuung", self.north, MIA)
        self.vacant = self.seat("Assistenz", self.north, None)
        self.mia_again = self.seat("Controlling", self.north, MIA)
        self.south = self.unit("Team Süd", sales)
        self.south_lead = self.seat("Teamleitung Süd", self.south, None, lead=True)
        self.max = self.seat("Außendienst", self.south, MAX)
        self.nils = self.seat("Innendienst", self.south, NILS, reports_to_id=self.head)

    def unit(self, name: str, parent: str | None) -> str:
        unit = f.org_unit(name, parent_id=parent)
        self.units[unit.id] = unit
        return unit.id

    def seat(self, title: str, unit_id: str, holder: str | None, *, lead: bool = False,
             **kw: Any) -> str:
        position = f.position(title, unit_id, holder_id=holder, **kw)
        self.positions[position.id] = position
        if lead:
            self.units[unit_id] = f.bump(self.units[unit_id], lead_position_id=position.id)
        return position.id

    def _counted(self, table: dict[str, Any]) -> Callable[[str], Any]:
        def get(record_id: str) -> Any:
            self.reads += 1
            return table.get(record_id)
        return get

    @property
    def lookup(self) -> rules.OrgLookup:
        return rules.OrgLookup(self._counted(self.units), self._counted(self.positions))

    def __getitem__(self, position_id: str) -> p.Position:
        return self.positions[position_id]


@pytest.fixture
def org() -> Org:
    return Org()


class TestLeadChain:
    def test_a_member_is_led_by_every_lead_above_nearest_first(self, org: Org) -> None:
        assert rules.leads_of_position(org.lookup, org[org.mia]) == [TOM, DORA, CLARA]

    def test_a_team_lead_is_led_from_the_unit_above_never_by_themself(self, org: Org) -> None:
        assert rules.leads_of_position(org.lookup, org[org.tom]) == [DORA, CLARA]

    def test_a_vacant_lead_seat_is_skipped(self, org: Org) -> None:
        assert rules.leads_of_position(org.lookup, org[org.max]) == [DORA, CLARA]

    def test_a_unit_is_led_by_its_own_lead_too(self, org: Org) -> None:
        assert rules.leads_of_unit(org.lookup, org.north) == [TOM, DORA, CLARA]

    def test_someone_leading_twice_is_named_once(self, org: Org) -> None:
        org.units[org.north] = f.bump(org.units[org.north], lead_position_id=org.head)
        assert rules.leads_of_position(org.lookup, org[org.mia]) == [DORA, CLARA]

    def test_a_circle_of_units_ends_the_walk(self, org: Org) -> None:
        firma = org.units[org.positions[org.ceo].org_unit_id]
        org.units[firma.id] = f.bump(firma, parent_id=org.north)  # Firma below Team Nord
        assert rules.leads_of_position(org.lookup, org[org.mia]) == [TOM, DORA, CLARA]
        assert [u.name for u in rules.unit_chain(org.lookup, org.north)] == [
            "Team Nord", "Vertrieb", "Firma"]

    def test_a_missing_parent_ends_the_walk(self, org: Org) -> None:
        org.units[org.north] = f.bump(org.units[org.north], parent_id=f.new_id())
        assert rules.leads_of_position(org.lookup, org[org.mia]) == [TOM]
        assert rules.unit_chain(org.lookup, f.new_id()) == []

    def test_a_reporting_circle_ends_the_chain(self, org: Org) -> None:
        org.positions[org.head] = f.bump(org[org.head], reports_to_id=org.nils)
        chain = rules.reporting_chain(org.lookup, org.nils)
        assert [x.title for x in chain] == ["Innendienst", "Leitung Vertrieb"]


class TestRights:
    @pytest.mark.parametrize(("who", "seat", "may"), [
        (MIA, "mia", True),  # the holder
        (TOM, "mia", True),  # the lead of the team
        (CLARA, "mia", True),  # a lead further up
        (MAX, "mia", False),  # a colleague of another team
        (MIA, "tom", False),  # a member on the lead's seat
        (TOM, "tom", True),  # the lead on their own seat, as its holder
        (TOM, "max", False),  # a lead of another team
        (DORA, "max", True),  # the lead above a vacant team lead
        (None, "mia", False),  # an account without a person
    ])
    def test_who_may_edit_a_position(self, org: Org, who: str | None, seat: str,
                                     may: bool) -> None:
        position = org[getattr(org, seat)]
        assert rules.may_edit_position(org.lookup, who, position) is may

    def test_an_admin_may_edit_any_position_even_without_a_person(self, org: Org) -> None:
        assert rules.may_edit_position(org.lookup, None, org[org.max], is_admin=True)

    @pytest.mark.parametrize(("who", "seat", "admin", "may"), [
        (TOM, "mia", False, True),  # the lead hands a member's seat on
        (MIA, "mia", False, False),  # never the holder
        (DORA, "tom", False, True),
        (TOM, "tom", False, False),  # a lead does not hand on their own seat
        (MAX, "mia", True, True),  # an admin may
        (MIA, "mia", True, False),  # but not for their own seat
    ])
    def test_who_may_hand_a_position_on(self, org: Org, who: str, seat: str, admin: bool,
                                        may: bool) -> None:
        position = org[getattr(org, seat)]
        assert rules.may_hand_over(org.lookup, who, position, is_admin=admin) is may

    def test_only_a_lead_above_hands_on_unless_told_of_an_admin(self, org: Org) -> None:
        """Without is_admin, nobody is taken for an admin."""
        assert not rules.may_hand_over(org.lookup, MAX, org[org.mia])
        assert rules.may_hand_over(org.lookup, TOM, org[org.mia])

    def test_a_unit_without_a_lead_seat_is_led_from_above(self, org: Org) -> None:
        """A unit with no lead seat at all is passed over, not the end of the chain."""
        desk = org.unit("Empfang", org.north)
        assert rules.leads_of_unit(org.lookup, desk) == [TOM, DORA, CLARA]
        seat = org.seat("Empfang Vormittag", desk, MAX)
        assert rules.leads_of_position(org.lookup, org[seat]) == [TOM, DORA, CLARA]
        assert rules.manager_of(org.lookup, org[seat]) == TOM

    def test_a_unit_is_led_by_its_lead_and_the_ones_above(self, org: Org) -> None:
        assert rules.may_lead_unit(org.lookup, TOM, org.north)
        assert rules.may_lead_unit(org.lookup, CLARA, org.north)
        assert not rules.may_lead_unit(org.lookup, MIA, org.north)
        assert not rules.may_lead_unit(org.lookup, TOM, org.south)
        assert rules.may_lead_unit(org.lookup, None, org.south, is_admin=True)


class TestManager:
    def test_a_member_reports_to_the_team_lead(self, org: Org) -> None:
        assert rules.manager_of(org.lookup, org[org.mia]) == TOM

    def test_a_team_lead_reports_to_the_lead_above(self, org: Org) -> None:
        assert rules.manager_of(org.lookup, org[org.tom]) == DORA

    def test_under_a_vacant_lead_the_next_lead_up(self, org: Org) -> None:
        assert rules.manager_of(org.lookup, org[org.max]) == DORA

    def test_reports_to_wins_over_the_unit(self, org: Org) -> None:
        org.positions[org.nils] = f.bump(org[org.nils], reports_to_id=org.mia)
        assert rules.manager_of(org.lookup, org[org.nils]) == MIA

    def test_a_vacant_reports_to_falls_back_to_the_unit(self, org: Org) -> None:
        org.positions[org.nils] = f.bump(org[org.nils], reports_to_id=org.vacant)
        assert rules.manager_of(org.lookup, org[org.nils]) == DORA

    def test_nobody_is_their_own_manager(self, org: Org) -> None:
        org.positions[org.mia] = f.bump(org[org.mia], holder_id=TOM)  # Tom sits there too
        assert rules.manager_of(org.lookup, org[org.mia]) == DORA

    def test_the_top_reports_to_nobody(self, org: Org) -> None:
        assert rules.manager_of(org.lookup, org[org.ceo]) is None

    def test_the_walk_stops_at_the_first_lead(self, org: Org) -> None:
        """An import asks this for every position: a walk to the root each time would
        read the whole chain for every person."""
        lookup = org.lookup
        org.reads = 0
        rules.manager_of(lookup, org[org.mia])
        assert org.reads == 2  # Team Nord and its lead seat; nothing above


def _space(kind: str, visibility: str = "company") -> p.Space:
    return f.space(space_kind=kind, visibility=visibility)


class TestSpaces:
    @pytest.mark.parametrize(("kind", "role", "refusal"), [
        ("team", "member", None),
        ("team", "moderator", None),
        ("team", None, "not_a_member"),
        ("announcements", "moderator", None),
        ("announcements", "member", "moderators_only"),
        ("announcements", None, "moderators_only"),
    ])
    def test_who_may_post(self, kind: str, role: str | None, refusal: str | None) -> None:
        space = _space(kind)
        assert rules.post_refusal(space, role) == refusal
        assert rules.may_post_in(space, role) is (refusal is None)

    @pytest.mark.parametrize(("kind", "visibility", "role", "may"), [
        ("team", "members", "member", True),
        ("topic", "company", None, False),
        ("announcements", "company", None, True),  # everyone discusses announcements
        ("announcements", "site", None, True),
        ("announcements", "members", None, False),  # unless they are for members only
    ])
    def test_who_may_comment(self, kind: str, visibility: str, role: str | None,
                             may: bool) -> None:
        assert rules.may_discuss_in(_space(kind, visibility), role) is may


class TestValuesNotObjects:
    """The rules compare ids and kinds by value: the server reads them from database
    rows, the client from JSON, and two equal strings are seldom the same object."""

    def test_a_lead_is_recognised_by_an_equal_id_read_elsewhere(self, org: Org) -> None:
        tom_read_elsewhere = "".join(list(TOM))
        assert tom_read_elsewhere is not TOM
        assert rules.is_lead_above(org.lookup, tom_read_elsewhere, org[org.mia])

    def test_a_lead_seat_named_by_an_equal_id_read_elsewhere_is_still_its_own(
            self, org: Org) -> None:
        unit_id = org[org.tom].org_unit_id
        org.units[unit_id] = f.bump(org.units[unit_id],
                                    lead_position_id="".join(list(org.tom)))
        assert rules.leads_of_position(org.lookup, org[org.tom]) == [DORA, CLARA]

    def test_the_holder_named_by_an_equal_id_may_edit_their_position(self, org: Org) -> None:
        mia_read_elsewhere = "".join(list(MIA))
        assert mia_read_elsewhere is not MIA
        assert rules.may_edit_position(org.lookup, mia_read_elsewhere, org[org.mia],
                                       is_admin=False)

    def test_members_only_read_elsewhere_keeps_announcements_closed(self) -> None:
        space = _space("announcements", "".join(["mem", "bers"]))
        assert not rules.may_discuss_in(space, None)

    def test_a_holder_named_by_an_equal_id_may_not_hand_their_seat_on(self, org: Org) -> None:
        tom_read_elsewhere = "".join(list(TOM))
        assert not rules.may_hand_over(org.lookup, tom_read_elsewhere, org[org.tom],
                                       is_admin=True)

    def test_a_lead_holding_a_second_seat_in_the_team_is_not_their_own_manager(
            self, org: Org) -> None:
        second = org.seat("Projektleitung", org.north, "".join(list(TOM)))
        assert rules.manager_of(org.lookup, org[second]) == DORA

    def test_open_announcements_read_elsewhere_are_discussed_by_everyone(self) -> None:
        assert rules.may_discuss_in(_space("".join(["announce", "ments"])), None)

    def test_nobody_is_no_lead(self, org: Org) -> None:
        assert not rules.is_lead_above(org.lookup, None, org[org.mia])

    def test_an_announcements_kind_read_elsewhere_still_needs_a_moderator(self) -> None:
        space = _space("".join(["announce", "ments"]))
        assert rules.post_refusal(space, "member") == "moderators_only"
        assert rules.post_refusal(space, "moderator") is None

    def test_a_moderator_role_read_elsewhere_may_post_announcements(self) -> None:
        moderator, moderator_read_elsewhere = "moderator", "".join(["mode", "rator"])
        assert moderator_read_elsewhere is not moderator
        assert rules.post_refusal(_space("announcements"), moderator_read_elsewhere) is None


def test_a_seat_made_before_its_units_lead_seat_is_led_by_that_lead() -> None:
    """Ids are UUIDv7s, ordered by creation: the rule must not depend on that order."""
    org = Org()
    unit = org.unit("Team West", org.units[org[org.head].org_unit_id].id)
    early = org.seat("Sachbearbeitung", unit, MAX)  # its id sorts before the lead's
    lead = org.seat("Teamleitung West", unit, NILS, lead=True)
    assert early < lead
    assert rules.leads_of_position(org.lookup, org[early]) == [NILS, DORA, CLARA]
