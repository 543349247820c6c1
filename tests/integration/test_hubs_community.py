"""The Community figures on the hand-made company of hubs_world.py, with known answers.

A real server; the figures are computed with `kontor-server hubs compute` and read the
way a client reads them: raw feed pages, applied to a real SQLCipher cache.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from server_stub import cli
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.read.community import community_view, has_community
from sync.protocol import HubAdoption
from tests.integration import test_hubs_consent as consent
from tests.integration.hubs_world import HubsWorld
from tests.integration.test_hubs_consent import hub_bodies

# The consent tests' company, server and readers (fixtures are found by name).
hubs_world = consent.hubs_world
hubs_server = consent.hubs_server
reader = consent.reader


def weeks_of(figures: HubAdoption) -> list[tuple[int, int, int]]:
    return [(w.active, w.posts, w.answers) for w in figures.weeks]


async def test_a_community_manager_gets_weekly_figures_with_the_known_answers(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    await clara.sync()
    assert has_community(clara.cache)
    view = community_view(clara.cache)
    busy = hubs_world.busy_week
    assert view.company is not None and len(view.company.weeks) == 12
    company = weeks_of(view.company)
    # Vertrieb's five posts and Volker's comment, Kai's post; a week later Clara's two.
    assert company[busy] == (6, 6, 1)
    assert company[busy + 1] == (1, 2, 0)
    assert company[:busy] == [(0, 0, 0)] * busy
    weeks = [w.week for w in view.company.weeks]
    assert all(w.weekday() == 0 for w in weeks)
    assert [(b - a).days for a, b in zip(weeks, weeks[1:], strict=False)] == [7] * 11
    units = {view.name_of(f): weeks_of(f) for f in view.units}
    assert set(units) == {"Einkauf", "Produktion", "Vertrieb", "Lager"}
    assert units["Vertrieb"][busy] == (5, 5, 1)
    assert units["Produktion"][busy] == (1, 1, 0)  # Kai counts in Produktion, with Klein
    assert units["Lager"][busy + 1] == (1, 2, 0)
    assert units["Einkauf"][busy] == (0, 0, 0)
    # Produktion is a site of eight; Klein, a site of three, is too small to be shown.
    assert [(view.name_of(f), weeks_of(f)[busy]) for f in view.sites] == [
        ("Produktion", (1, 1, 0))]


async def test_no_figure_describes_fewer_than_five_people(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    bodies = [b for b in hub_bodies(await clara.sync()) if b["kind"] == "hub_adoption"]
    assert bodies
    groups = {(b["group_kind"], b["unit_id"]) for b in bodies}
    small = {hubs_world.units["Klein"], hubs_world.units["Firma"]}
    assert not {unit for _, unit in groups} & small
    assert ("company", None) in groups
    for body in bodies:  # groups only: no person is named in any figure
        assert not any(person in json.dumps(body) for person in hubs_world.people.values())


async def test_an_outdated_how_to_is_named_and_a_current_one_is_not(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    await clara.sync()
    outdated = [a for a in community_view(clara.cache).attention
                if a.attention_kind == "outdated_howto"]
    assert [a.target_id for a in outdated] == [hubs_world.outdated_howto]
    assert outdated[0].since < outdated[0].updated_at - 399 * 86_400_000


async def test_no_one_but_a_community_manager_receives_any_of_it(
        reader: Any, hubs_world: HubsWorld) -> None:
    for username in ("otto", "erika", "hanna"):  # a member, a lead, the hub herself
        person = await reader(username)
        raw = await person.sync()
        for page in raw:
            assert b"hub_adoption" not in page and b"outdated_howto" not in page
            assert b"hub_attention" not in page
            for change in json.loads(page)["changes"]:
                assert "weeks" not in (change["body"] or {}), username
        assert not has_community(person.cache)
        assert community_view(person.cache).company is None


async def test_the_delivery_of_the_figures_is_audited(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    await clara.sync()
    engine = make_sync_engine(hubs_world.config.db_url)
    with engine.connect() as conn:
        details = conn.execute(sa.select(t.audit_event.c.detail).where(
            t.audit_event.c.action == "hubs.delivered",
            t.audit_event.c.actor == "clara")).scalars().all()
    engine.dispose()
    view = community_view(clara.cache)
    assert [d["hub_adoption"] for d in details] == [1 + len(view.units) + len(view.sites)]


async def test_taking_the_role_back_takes_the_figures_from_the_cache_at_the_next_sync(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    await clara.sync()
    assert has_community(clara.cache)
    assert cli.main(["role", "revoke", str(hubs_world.config.data_path), "community_manager",
                     "clara"]) == 0
    await clara.sync()
    assert not has_community(clara.cache)
    held = clara.cache.conn.execute("SELECT count(*) FROM hub_adoption").fetchone()[0]
    assert held == 0
    assert community_view(clara.cache).attention == []
