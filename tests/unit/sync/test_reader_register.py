"""The responsibilities register: scopes, the text filter, flags, and queued changes."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from sync import protocol as p
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.register import (
    edit_version,
    failed_changes,
    register_listing,
    register_row,
    register_rows,
)
from sync.cache.write import outbox
from sync.cache.write.apply import apply_page
from tests.unit.sync import factories as f

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    opened = Cache.open(tmp_path / "cache.db", secrets.token_bytes(32))
    yield opened
    opened.close()


@dataclass
class Office:
    lead: p.Person
    clerk: p.Person
    other: p.Person
    lead_pos: p.Position
    clerk_pos: p.Position
    vacant_pos: p.Position
    other_pos: p.Position
    travel: p.Responsibility
    paper: p.Responsibility
    old: p.Responsibility
    fair: p.Responsibility


@pytest.fixture
def office(cache: Cache) -> Office:
    """Vertrieb (led by Jana) with its team Innendienst, and Einkauf elsewhere."""
    sales = f.org_unit("Vertrieb")
    team = f.org_unit("Innendienst", parent_id=sales.id)
    buying = f.org_unit("Einkauf")
    lead, clerk, other = (f.person("Jana", "Schröder"), f.person("Jürgen", "Weiß"),
                          f.person("Uwe", "Möller"))
    lead_pos = f.position("Vertriebsleitung", sales.id, holder_id=lead.id)
    clerk_pos = f.position("Sachbearbeitung", team.id, holder_id=clerk.id,
                           absent_from=TODAY, absent_to=TODAY + dt.timedelta(days=2))
    vacant_pos = f.position("Assistenz", team.id)
    other_pos = f.position("Einkäufer", buying.id, holder_id=other.id)
    sales = msgspec.structs.replace(sales, lead_position_id=lead_pos.id)
    travel = f.responsibility("Reisekosten", clerk_pos.id, keywords=["Spesen"])
    paper = f.responsibility("Büromaterial", vacant_pos.id, keywords=["Papier"])
    old = f.responsibility("Altakten", other_pos.id, valid_to=TODAY - dt.timedelta(days=1))
    fair = f.responsibility("Messe", lead_pos.id, valid_from=TODAY + dt.timedelta(days=5),
                            deputy_position_id=clerk_pos.id)
    apply_page(cache, f.puts(sales, team, buying, lead, clerk, other, lead_pos, clerk_pos,
                             vacant_pos, other_pos, travel, paper, old, fair), "c1")
    return Office(lead, clerk, other, lead_pos, clerk_pos, vacant_pos, other_pos,
                  travel, paper, old, fair)


def titles(cache: Cache, person: p.Person, scope: str = "all", text: str = "") -> list[str]:
    listing = register_listing(cache, person.id, scope, text)  # type: ignore[arg-type]
    return [row.responsibility.title for row in register_rows(cache, listing, 0, 100, TODAY)]


class TestScopes:
    def test_all_is_sorted_by_title(self, cache: Cache, office: Office) -> None:
        assert titles(cache, office.lead) == ["Altakten", "Büromaterial", "Messe", "Reisekosten"]

    def test_mine_holds_the_duties_of_my_positions(self, cache: Cache, office: Office) -> None:
        assert titles(cache, office.clerk, "mine") == ["Reisekosten"]
        assert titles(cache, office.lead, "mine") == ["Messe"]

    def test_units_covers_the_units_i_lead_and_below(self, cache: Cache,
                                                      office: Office) -> None:
        assert titles(cache, office.lead, "units") == ["Büromaterial", "Messe", "Reisekosten"]
        assert titles(cache, office.clerk, "units") == []


class TestText:
    @pytest.mark.parametrize("query", ["burom", "Büromaterial", "bueromaterial", "PAPIER"])
    def test_title_and_keywords_fold_umlauts(self, cache: Cache, office: Office,
                                             query: str) -> None:
        assert titles(cache, office.lead, "all", query) == ["Büromaterial"]

    def test_owner_title_and_holder_name_match(self, cache: Cache, office: Office) -> None:
        assert titles(cache, office.lead, "all", "weiss") == ["Reisekosten"]
        assert titles(cache, office.lead, "all", "einkaufer") == ["Altakten"]


class TestFlags:
    def test_rows_say_what_needs_attention(self, cache: Cache, office: Office) -> None:
        rows = {r.responsibility.title: r for r in register_rows(
            cache, register_listing(cache, office.lead.id), 0, 100, TODAY)}
        assert rows["Büromaterial"].uncovered and rows["Büromaterial"].holder is None
        assert not rows["Reisekosten"].uncovered
        assert rows["Reisekosten"].holder_absent
        assert rows["Reisekosten"].unit is not None
        assert rows["Reisekosten"].unit.name == "Innendienst"
        assert rows["Altakten"].validity == "expired"
        assert rows["Messe"].validity == "not_yet"
        assert rows["Messe"].deputy == office.clerk_pos
        assert rows["Messe"].deputy_holder == office.clerk


class TestQueued:
    def test_a_queued_create_is_listed_in_scope_and_in_order(self, cache: Cache,
                                                             office: Office) -> None:
        item = writes.queue_responsibility(cache, p.ResponsibilityWrite(
            title="Angebote", owner_position_id=office.clerk_pos.id, keywords=["CRM"]))
        listing = register_listing(cache, office.clerk.id, "mine")
        rows = register_rows(cache, listing, 0, 10, TODAY)
        assert [r.responsibility.title for r in rows] == ["Angebote", "Reisekosten"]
        assert rows[0].queued is not None and rows[0].queued.action == "create"
        assert rows[0].queued.state == "pending" and not rows[0].stored
        assert titles(cache, office.lead, "all", "crm") == ["Angebote"]
        assert titles(cache, office.other, "mine") == ["Altakten"]
        assert item.id == rows[0].responsibility.id

    def test_a_queued_edit_overlays_the_stored_record(self, cache: Cache,
                                                      office: Office) -> None:
        write = p.ResponsibilityWrite(title="Zeitschriften", owner_position_id=office.vacant_pos.id)
        writes.queue_responsibility(cache, write, record_id=office.paper.id, version=1)
        assert "Büromaterial" not in titles(cache, office.lead)
        assert titles(cache, office.lead, "all", "zeitschrift") == ["Zeitschriften"]
        assert titles(cache, office.lead, "all", "papier") == []
        assert edit_version(cache, office.paper.id) == 2  # the next edit follows this one

    def test_a_refused_change_stays_with_its_reason(self, cache: Cache,
                                                    office: Office) -> None:
        write = p.ResponsibilityWrite(title="Reisen", owner_position_id=office.clerk_pos.id)
        item = writes.queue_responsibility(cache, write, record_id=office.travel.id, version=1)
        outbox.mark_failed(cache, item.id, "This was changed meanwhile (version_conflict)")
        (row,) = register_rows(cache, register_listing(cache, office.clerk.id, "mine"),
                               0, 10, TODAY)
        assert row.responsibility.title == "Reisen"
        assert row.queued is not None and row.queued.state == "failed"
        assert [i.id for i in failed_changes(cache)] == [item.id]
        assert edit_version(cache, office.travel.id) == 1  # a refused edit raises nothing

    def test_a_queued_delete_marks_the_row(self, cache: Cache, office: Office) -> None:
        writes.queue_responsibility_delete(cache, office.old.id)
        (row,) = register_rows(cache, register_listing(cache, office.other.id, "mine"),
                               0, 10, TODAY)
        assert row.queued is not None and row.queued.action == "delete"


class TestPaging:
    def test_rows_come_page_by_page(self, cache: Cache, office: Office) -> None:
        listing = register_listing(cache, office.lead.id)
        first = register_rows(cache, listing, 0, 3, TODAY)
        rest = register_rows(cache, listing, 3, 3, TODAY)
        assert [r.responsibility.title for r in first + rest] == [
            "Altakten", "Büromaterial", "Messe", "Reisekosten"]
        assert register_rows(cache, listing, 4, 3, TODAY) == []


class TestOneRow:
    def test_a_refused_edit_of_a_deleted_duty_is_still_shown(self, cache: Cache,
                                                             office: Office) -> None:
        write = p.ResponsibilityWrite(title="Akten", owner_position_id=office.other_pos.id)
        item = writes.queue_responsibility(cache, write, record_id=office.old.id, version=1)
        outbox.mark_failed(cache, item.id, "This responsibility was deleted. (deleted)")
        apply_page(cache, [f.delete("responsibility", office.old.id)], "c2")
        row = register_row(cache, office.old.id, TODAY)
        assert row is not None and row.responsibility.title == "Akten"
        assert row.queued is not None and row.queued.state == "failed"
        assert register_row(cache, f.new_id(), TODAY) is None
