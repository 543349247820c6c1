"""The two-site demo: one company split over two real servers that federate.

Each server is set up as `kontor-server init --demo --demo-site SITE` sets it up (the
same company, its own site's share), then both are peered and pull from each other.
Afterwards the union must be one company again: every person once, one company root,
one owner per responsibility, and the demo user only once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession

from server_stub.app import prepare_database
from server_stub.config import load_config, write_config_file
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER, generate_company
from server_stub.demo.load import load_company
from server_stub.demo.split import split_company
from server_stub.federation import keys
from server_stub.services.auth import hash_password
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.federation_support import (
    SETTINGS,
    Site,
    add_peer,
    exportable_versions,
    free_port,
    held_versions,
    run_cli,
    wait_for,
)
from tests.integration.sync_support import KONTORCTL, kontorctl_env

MUC, HAM = "muenchen.test", "hamburg.test"
PEOPLE = 150


def make_split_site(root: Path, name: str, site: str, now: int) -> Site:
    """What `init --demo --people 150 --demo-site SITE` makes (server set up at `now`)."""
    data_dir = root / name
    data_dir.mkdir(parents=True, mode=0o700)  # the server refuses a directory others read
    write_config_file(data_dir, name)
    config = load_config(data_dir, {"server_name": name, **SETTINGS}, env={})
    prepare_database(config)
    keys.create_signing_key(data_dir)
    company = split_company(
        generate_company(PEOPLE, 1, name, now, sites=2, shared_ids=True), site)
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        load_company(conn, company, hash_password(DEMO_PASSWORD), now)
    engine.dispose()
    return Site(name, config, company, free_port())


@pytest.fixture
async def sites(tmp_path: Path) -> AsyncIterator[tuple[Site, Site]]:
    # Set up a day apart: the shares must fit together whenever each server was made.
    muc = make_split_site(tmp_path, MUC, "München", now_ms() - 86_400_000)
    ham = make_split_site(tmp_path, HAM, "Hamburg", now_ms())
    yield muc, ham
    await muc.stop()
    await ham.stop()


def origins(site: Site) -> Counter[str]:
    """How many records of each origin the site's database holds, over every kind."""
    def read(conn: sa.Connection) -> Counter[str]:
        found: Counter[str] = Counter()
        for table in t.RECORD_TABLES.values():
            for origin, n in conn.execute(sa.select(table.c.origin, sa.func.count())
                                          .group_by(table.c.origin)):
                found[origin] += n
        return found
    return site.query(read)


def rows(site: Site, table: sa.Table, *columns: str) -> list[tuple[object, ...]]:
    def read(conn: sa.Connection) -> list[tuple[object, ...]]:
        return [tuple(r) for r in conn.execute(sa.select(*(table.c[c] for c in columns)))]
    return site.query(read)


class TestTwoSitesOfOneCompany:
    async def test_each_server_holds_its_site_and_the_union_is_one_company(
        self, sites: tuple[Site, Site]
    ) -> None:
        muc, ham = sites
        # Before any pull: each holds only records of its own origin, its own people.
        assert set(origins(muc)) == {MUC} and set(origins(ham)) == {HAM}
        assert {s for (s,) in rows(muc, t.person, "site")} == {"München"}
        assert {s for (s,) in rows(ham, t.person, "site")} == {"Hamburg"}
        muc_people = {i for (i,) in rows(muc, t.person, "id")}
        ham_people = {i for (i,) in rows(ham, t.person, "id")}
        assert not muc_people & ham_people
        assert len(muc_people) + len(ham_people) == PEOPLE
        kinds = [k for (k,) in rows(muc, t.org_unit, "unit_kind")]
        assert kinds.count("company") == 1
        assert [k for (k,) in rows(ham, t.org_unit, "unit_kind")].count("company") == 0

        add_peer(muc, ham)
        add_peer(ham, muc)
        await muc.start()
        await ham.start()
        await wait_for(lambda: held_versions(ham, MUC) == exportable_versions(muc)
                       and held_versions(muc, HAM) == exportable_versions(ham),
                       timeout=60, what="both sites caught up")

        for site in (muc, ham):
            people = [i for (i,) in rows(site, t.person, "id")]
            assert len(people) == len(set(people)) == PEOPLE  # everyone, once
            emails = Counter(e for (e,) in rows(site, t.person, "email"))
            assert emails[f"{DEMO_USER}@kontor-maschinenbau.de"] == 1
            kinds = [k for (k,) in rows(site, t.org_unit, "unit_kind")]
            assert kinds.count("company") == 1 and kinds.count("site") == 2
            duties = Counter(title for (title,) in rows(site, t.responsibility, "title"))
            assert duties and max(duties.values()) == 1  # no duty with two owners
            assert duties["Reisekostenabrechnung München"] == 1
            assert duties["Reisekostenabrechnung Hamburg"] == 1
        # A duty lives where its owner position does (Hamburg's travel expenses may be
        # done in München, when Hamburg has no accounting of its own).
        position_home = {r[0]: r[1] for r in rows(muc, t.position, "id", "origin")}
        for owner, origin in rows(muc, t.responsibility, "owner_position_id", "origin"):
            assert position_home[owner] == origin
        assert HAM in {o for (o,) in rows(muc, t.responsibility, "origin")}

    async def test_the_demo_user_signs_in_at_her_site_only(
        self, sites: tuple[Site, Site]
    ) -> None:
        muc, ham = sites
        await muc.start()
        await ham.start()
        async with ClientSession() as session:
            jana = await muc.login(session)
            assert jana.token
            async with session.post(f"{ham.url}/api/v1/login", json={
                    "username": DEMO_USER, "password": DEMO_PASSWORD,
                    "device_name": "pytest"}) as answer:
                assert answer.status == 401


class TestKontorctlAcrossSites:
    async def test_people_of_the_other_site_carry_their_site(
        self, sites: tuple[Site, Site], tmp_path: Path
    ) -> None:
        muc, ham = sites
        add_peer(muc, ham)
        add_peer(ham, muc)
        await muc.start()
        await ham.start()
        await wait_for(lambda: held_versions(muc, HAM) == exportable_versions(ham),
                       timeout=60, what="München caught up with Hamburg")
        profile = tmp_path / "jana"
        code, _, err = await kontorctl(profile, "login", muc.url, DEMO_USER, "--password-stdin",
                                       "-q", stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        # A Hamburg duty, answered by a Hamburg person: the line says so.
        [(title, holder)] = muc.query(lambda conn: conn.execute(
            sa.select(t.responsibility.c.title, t.person.c.given_name + " "
                      + t.person.c.family_name)
            .join(t.position, t.position.c.id == t.responsibility.c.owner_position_id)
            .join(t.person, t.person.c.id == t.position.c.holder_id)
            .where(t.person.c.site == "Hamburg", t.position.c.absent_from.is_(None))
            .order_by(t.responsibility.c.title).limit(1)).all())
        code, out, err = await kontorctl(profile, "who", title)
        assert code == 0, err
        assert f"{title}: {holder} (Hamburg) [" in out
        code, out, err = await kontorctl(profile, "people", holder)
        assert any(line.startswith(holder) and " Hamburg " in line
                   for line in out.splitlines()), out


async def kontorctl(profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=kontorctl_env(profile))
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    return proc.returncode or 0, out.decode(), err.decode()


class TestInit:
    """The admin's way in: `kontor-server init DIR --demo --demo-site SITE`."""

    def test_init_loads_one_sites_share_under_its_server_name(self, tmp_path: Path) -> None:
        data = tmp_path / "hamburg"
        done = run_cli("init", str(data), "--server-name", HAM, "--demo", "--people", "60",
                       "--demo-site", "Hamburg")
        assert done.returncode == 0, done.stderr
        assert "people of site Hamburg; sign in as " in done.stdout
        user = done.stdout.split("sign in as ", 1)[1].split()[0]
        engine = make_sync_engine(load_config(data, {}, env={}).db_url)
        with engine.connect() as conn:
            assert {tuple(r) for r in conn.execute(sa.select(t.person.c.site, t.person.c.origin)
                                                   .distinct())} == {("Hamburg", HAM)}
            account = conn.execute(sa.select(t.account.c.person_id)
                                   .where(t.account.c.username == user)).scalar_one()
            assert conn.execute(sa.select(t.person.c.site)
                                .where(t.person.c.id == account)).scalar_one() == "Hamburg"
        engine.dispose()

    def test_an_unknown_site_is_refused_before_anything_is_made(self, tmp_path: Path) -> None:
        data = tmp_path / "berlin"
        done = run_cli("init", str(data), "--server-name", "b", "--demo", "--demo-site", "Berlin")
        assert done.returncode == 1
        assert done.stderr == ("kontor-server: the demo company has no site 'Berlin' "
                               "(its sites: München, Hamburg)\n")
        assert not data.exists()
        done = run_cli("init", str(data), "--server-name", "b", "--demo-site", "Hamburg")
        assert done.returncode == 1 and "add --demo" in done.stderr and not data.exists()
