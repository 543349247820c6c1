"""The Community figures (server_stub/hubs/community.py) on hand-made companies."""

from __future__ import annotations

import datetime as dt

from server_stub.hubs import community as cm
from server_stub.hubs import units as un

NOW = int(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC).timestamp() * 1000)  # a Thursday


def people(sizes: dict[str, int]) -> dict[str, str]:
    return {f"{u}{n}": u for u, size in sizes.items() for n in range(size)}


def test_weeks_are_the_whole_weeks_before_this_one_starting_on_monday() -> None:
    start = cm.first_week_ms(NOW)
    assert dt.datetime.fromtimestamp(start / 1000, dt.UTC) == dt.datetime(
        2026, 9, 7, tzinfo=dt.UTC)  # twelve Mondays before Monday 30 November
    person_unit = people({"A": 5})
    parent: dict[str, str | None] = {"A": None}
    events = [("A0", start - 1, "post"), ("A0", start, "post"), ("A0", start + 1, "answer"),
              ("A1", start + 2, "reaction"), ("A2", cm.monday_ms(NOW), "post"),
              ("stranger", start, "post")]
    (company, unit) = cm.adoption(person_unit, parent, [], events, NOW, min_group=5)
    assert (company.group_kind, unit.group_kind, unit.unit_id) == ("company", "unit", "A")
    first = company.weeks[0]
    assert (first.week, first.active, first.posts, first.answers) == (
        dt.date(2026, 9, 7), 2, 1, 1)  # A0 counted once; the week of now is not whole yet
    assert all(w.active == 0 for w in company.weeks[1:])


def test_small_units_count_in_their_parent_and_small_sites_are_left_out() -> None:
    person_unit = people({"top": 1, "big": 6, "tiny": 2, "site": 3})
    parent: dict[str, str | None] = {"top": None, "big": "top", "tiny": "big", "site": "top"}
    start = cm.first_week_ms(NOW)
    events = [(p, start, "post") for p in person_unit]
    found = {(a.group_kind, a.unit_id): a.weeks[0].active
             for a in cm.adoption(person_unit, parent, ["site", "big"], events, NOW, 5)}
    # tiny counts in big; top holds 1 + the 3 of site rolled into it: too small, as on
    # the hub map; the site of three is left out, the "site" big is shown
    assert found == {("company", None): 12, ("unit", "big"): 8, ("site", "big"): 8}


def test_unit_figures_stop_at_the_level_that_would_exceed_the_limit() -> None:
    person_unit = people({"root": 5, **{f"d{n}": 5 for n in range(3)},
                          **{f"t{n}": 5 for n in range(9)}})
    parent: dict[str, str | None] = {"root": None, **{f"d{n}": "root" for n in range(3)},
                                     **{f"t{n}": f"d{n // 3}" for n in range(9)}}
    units = un.roll_up(person_unit, parent, 5)
    assert cm.shown_units(units, 13) == ["root", "d0", "d1", "d2",
                                         *sorted(f"t{n}" for n in range(9))]
    assert cm.shown_units(units, 12) == ["root", "d0", "d1", "d2"]  # by department
    assert cm.shown_units(units, 0) == ["root"]
