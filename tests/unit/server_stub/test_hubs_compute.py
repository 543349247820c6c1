"""The hub analysis on small hand-made graphs whose answers are known."""

from __future__ import annotations

import pytest

from server_stub.hubs import scores as sc
from server_stub.hubs import units as un
from server_stub.hubs.compute import Settings, compute
from server_stub.hubs.inputs import Inputs


def company(sizes: dict[str, int], parent: dict[str, str | None]) -> Inputs:
    """People named <unit><n>, in units of the given sizes."""
    person_unit = {f"{u}{n}": u for u, size in sizes.items() for n in range(size)}
    return Inputs(person_unit=person_unit, unit_parent=parent)


def test_the_centre_of_a_star_has_all_the_betweenness() -> None:
    edges = {("centre", f"leaf{n}"): 1.0 for n in range(6)}
    between, k = sc.betweenness(sc.build_graph(edges), exact_limit=100, sample_k=4)
    assert k is None
    assert between["centre"] == pytest.approx(1.0)
    assert all(between[f"leaf{n}"] == 0 for n in range(6))


def test_the_bridge_between_two_cliques_is_the_hub_and_named_a_bridge() -> None:
    inputs = company({"A": 6, "B": 6}, {"A": "root", "B": "root", "root": None})
    for unit in ("A", "B"):
        for i in range(6):
            for j in range(i + 1, 6):
                inputs.add(f"{unit}{i}", f"{unit}{j}", 1.0)
    inputs.add("A0", "B0", 1.0)
    inputs.job_pairs.append(("A0", "B0"))
    result = compute(inputs, Settings(min_units=1, top_share=0.1), now=0, window_days=90)
    roles = {h.person_id: h.role for h in result.hubs}
    assert roles == {"A0": "bridge", "B0": "bridge"}
    reasons = {r.kind: r for r in result.hubs[0].reasons}
    assert reasons["only_job_connection"].units == ["A", "B"]
    links = {u.unit_id: u.links for u in result.units}
    assert [link.unit_id for link in links["A"]] == ["B"]


def test_a_unit_without_contact_outside_is_cut_off_from_its_neighbours() -> None:
    inputs = company({"A": 5, "B": 5, "C": 5},
                     {"A": "root", "B": "root", "C": "root", "root": None})
    inputs.add("A0", "B0", 1.0)
    inputs.add("C0", "C1", 1.0)
    result = compute(inputs, Settings(), now=0, window_days=90)
    by_unit = {u.unit_id: u for u in result.units}
    assert by_unit["C"].isolated
    assert by_unit["C"].cut_off_from == ["A", "B"]
    assert not by_unit["A"].isolated and by_unit["A"].cut_off_from == ["C"]


def test_small_units_roll_up_into_the_nearest_unit_of_five() -> None:
    inputs = company({"dept": 3, "team1": 2, "team2": 6, "tiny": 1},
                     {"root": None, "dept": "root", "team1": "dept", "team2": "dept",
                      "tiny": "team1"})
    units = un.roll_up(inputs.person_unit, inputs.unit_parent, min_group=5)
    assert units.size == {"dept": 6, "team2": 6}  # dept: 3 own + team1 (2) + tiny (1)
    assert units.reporting["tiny"] == "dept" and units.reporting["team1"] == "dept"
    assert "root" not in units.reporting  # nobody of its own: too small to show


def test_a_person_answering_three_units_is_a_hub_with_that_reason() -> None:
    sizes = {u: 5 for u in ("A", "B", "C", "D")}
    inputs = company(sizes, {**{u: "root" for u in sizes}, "root": None})
    for unit in ("B", "C", "D"):
        for n in range(5):
            inputs.add("A1", f"{unit}{n}", 2.0)
            inputs.answers.append(("A1", f"{unit}{n}"))
    result = compute(inputs, Settings(), now=0, window_days=90)
    assert [h.person_id for h in result.hubs] == ["A1"]
    answers = next(r for r in result.hubs[0].reasons if r.kind == "answers_units")
    assert answers.count == 3 and sorted(answers.units) == ["B", "C", "D"]


def test_sampled_betweenness_is_used_above_the_exact_limit() -> None:
    edges = {(f"p{n}", f"p{n + 1}"): 1.0 for n in range(50)}
    between, k = sc.betweenness(sc.build_graph(edges), exact_limit=10, sample_k=20)
    assert k == 20
    middle = max(between, key=lambda v: between[v])
    assert middle in {f"p{n}" for n in range(15, 36)}
