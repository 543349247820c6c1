"""The demo company: reproducible, internally consistent, and loadable as a real server."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa

from server_stub.demo import names
from server_stub.demo.generator import (
    DEMO_USER,
    DemoCompany,
    generate_company,
)
from server_stub.demo.load import load_company
from server_stub.demo.model import IdMint
from server_stub.storage import accounts, records
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine, migrate, sqlite_url
from sync import protocol as p
from sync.protocol import MAX_SYNONYMS

NOW = 1_790_000_000_000  # 2026-09-21, fixed so runs compare equal
TODAY = dt.date(2026, 9, 21)
KINDS = {
    "person": "people", "org_unit": "org_units", "position": "positions",
    "responsibility": "responsibilities", "connection": "connections", "space": "spaces",
    "membership": "memberships", "post": "posts", "comment": "comments",
    "reaction": "reactions", "handover": "handovers",
    "checklist_item": "checklist_items", "checklist_check": "checklist_checks",
}


def _all(company: DemoCompany) -> list[p.Record]:
    return [r for field in KINDS.values() for r in getattr(company, field)]


def _writings(company: DemoCompany) -> list[p.Post | p.Comment]:
    return [*company.posts, *company.comments]


def _digest(company: DemoCompany) -> str:
    encoded = msgspec.json.encode([_all(company), company.usernames, company.admin_person_id])
    return hashlib.sha256(encoded).hexdigest()


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate_company(300, seed=1, server_name="muc.kontor.local", now_ms=NOW)


class TestDeterminism:
    def test_same_arguments_give_the_same_company(self, company: DemoCompany) -> None:
        again = generate_company(300, seed=1, server_name="muc.kontor.local", now_ms=NOW)
        assert again == company
        assert _digest(again) == _digest(company)

    def test_seed_and_server_name_change_the_company(self, company: DemoCompany) -> None:
        other_seed = generate_company(300, seed=2, server_name="muc.kontor.local", now_ms=NOW)
        other_server = generate_company(300, seed=1, server_name="ham.kontor.local", now_ms=NOW)
        assert _digest(other_seed) != _digest(company)
        ids = {r.id for r in _all(company)}
        assert not ids & {r.id for r in _all(other_server)}

    def test_independent_of_the_string_hash_seed(self, company: DemoCompany) -> None:
        script = (
            "from server_stub.demo.generator import generate_company\n"
            "from tests.unit.server_stub.test_demo_generator import _digest, NOW\n"
            "print(_digest(generate_company(300, 1, 'muc.kontor.local', NOW)))\n"
        )
        root = Path(__file__).resolve().parents[3]
        env = {**os.environ, "PYTHONHASHSEED": "12345"}
        result = subprocess.run([sys.executable, "-c", script], cwd=root, env=env,
                                capture_output=True, text=True, timeout=60, check=True)
        assert result.stdout.strip() == _digest(company)


class TestIds:
    def test_every_id_is_a_unique_uuid7(self, company: DemoCompany) -> None:
        ids = [r.id for r in _all(company)]
        assert all(p.is_uuid7(i) for i in ids)
        assert len(set(ids)) == len(ids)

    def test_ids_carry_their_time_and_ascend(self) -> None:
        mint = IdMint(1, "x")
        first, second = mint.at(NOW), mint.at(NOW)
        assert first < second
        assert int(first.replace("-", "")[:12], 16) == NOW

    def test_records_carry_origin_and_version(self, company: DemoCompany) -> None:
        for record in _all(company):
            assert record.origin == "muc.kontor.local"
            assert record.version == 1
            assert 0 < record.updated_at <= NOW

    def test_records_pass_the_wire_validation(self, company: DemoCompany) -> None:
        for kind, field in KINDS.items():
            for record in getattr(company, field):
                decoded = msgspec.json.decode(msgspec.json.encode(record),
                                              type=p.RECORD_TYPES[kind])
                assert decoded == record


class TestPositions:
    def test_everyone_holds_exactly_one_position(self, company: DemoCompany) -> None:
        held = [pos.holder_id for pos in company.positions if pos.holder_id]
        assert sorted(held) == sorted(person.id for person in company.people)

    def test_vacancies_and_deputies(self, company: DemoCompany) -> None:
        vacant = [pos for pos in company.positions if pos.holder_id is None]
        assert 1 <= len(vacant) <= len(company.positions) * 0.08
        ids = {pos.id for pos in company.positions}
        deputies = [pos.deputy_position_id for pos in company.positions if pos.deputy_position_id]
        assert len(deputies) > len(company.positions) * 0.9
        assert set(deputies) <= ids
        assert all(d != pos.id for pos in company.positions if (d := pos.deputy_position_id))

    def test_manager_is_the_holder_of_reports_to(self, company: DemoCompany) -> None:
        holder = {pos.id: pos.holder_id for pos in company.positions}
        position_of = {pos.holder_id: pos for pos in company.positions if pos.holder_id}
        for person in company.people:
            reports_to = position_of[person.id].reports_to_id
            assert person.manager_id == (holder[reports_to] if reports_to else None)
        assert sum(person.manager_id is None for person in company.people) == 1

    def test_units_have_a_lead_of_their_own(self, company: DemoCompany) -> None:
        positions = {pos.id: pos for pos in company.positions}
        kinds = [u.unit_kind for u in company.org_units]
        assert kinds.count("company") == 1 and kinds.count("site") >= 3
        for unit in company.org_units:
            assert unit.lead_position_id is not None
            lead = positions[unit.lead_position_id]
            assert lead.org_unit_id == unit.id and lead.holder_id is not None

    def test_history_ends_with_the_current_holder(self, company: DemoCompany) -> None:
        for pos in company.positions:
            if pos.holder_id:
                assert pos.history[-1].person_id == pos.holder_id
                assert pos.history[-1].end is None
        former = [pos for pos in company.positions if len(pos.history) > 1]
        assert former and all(pos.history[0].end for pos in former)

    def test_teams_are_team_sized_at_scale(self) -> None:
        big = generate_company(5000, now_ms=NOW)
        team_ids = {u.id for u in big.org_units if u.unit_kind == "team"}
        sizes: dict[str, int] = {}
        for pos in big.positions:
            if pos.org_unit_id in team_ids and pos.holder_id:
                sizes[pos.org_unit_id] = sizes.get(pos.org_unit_id, 0) + 1
        ordered = sorted(sizes.values())
        assert 7 <= ordered[len(ordered) // 2] <= 15
        assert ordered[int(len(ordered) * 0.05)] >= 5 and ordered[-1] <= 20
        assert len(big.posts) < 5000 and len(big.people) == 5000

    def test_too_small_is_refused(self) -> None:
        assert len(generate_company(50, now_ms=NOW).people) == 50
        with pytest.raises(ValueError, match="at least"):
            generate_company(49, now_ms=NOW)


class TestUsernames:
    @pytest.mark.parametrize(("name", "folded"), [
        ("Müller", "mueller"), ("Weiß", "weiss"), ("Özdemir", "oezdemir"),
        ("Jürgen", "juergen"), ("Yılmaz", "yilmaz"), ("Łukasz", "lukasz"), ("José", "jose"),
        ("von der Heide", "von-der-heide"), ("Müller-Lüdenscheidt", "mueller-luedenscheidt"),
        ("Dell'Acqua", "dellacqua"), ("Şahin", "sahin"), ("Chloé", "chloe"),
    ])
    def test_ascii_fold(self, name: str, folded: str) -> None:
        assert names.ascii_fold(name) == folded

    def test_collisions_are_numbered(self) -> None:
        assert names.make_usernames([("Jörg", "Groß"), ("Jörg", "Groß"), ("Jörg", "Groß")]) == [
            "joerg.gross", "joerg.gross2", "joerg.gross3"]

    def test_company_usernames(self, company: DemoCompany) -> None:
        usernames = list(company.usernames.values())
        assert len(set(usernames)) == len(usernames) == len(company.people)
        assert all(re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+[0-9]*", u) for u in usernames)
        people = {person.id: person for person in company.people}
        for person_id, username in company.usernames.items():
            person = people[person_id]
            assert username.startswith(names.ascii_fold(person.given_name) + ".")
            assert person.email == f"{username}@{names.EMAIL_DOMAIN}"

    def test_demo_user_and_admin(self, company: DemoCompany) -> None:
        by_name = {u: pid for pid, u in company.usernames.items()}
        demo = next(x for x in company.people if x.id == by_name[DEMO_USER])
        assert (demo.given_name, demo.family_name) == ("Jana", "Schröder")
        assert company.usernames[company.admin_person_id] == "deniz.oezdemir"
        position = next(x for x in company.positions if x.holder_id == demo.id)
        assert position.title.startswith("Teamleitung")
        assert any(c.from_id == demo.id for c in company.connections)
        assert sum(post.author_id == demo.id for post in company.posts) >= 3


def _members(company: DemoCompany) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in company.memberships:
        out.setdefault(m.space_id, set()).add(m.person_id)
    return out


class TestSpaces:
    def test_members_only_spaces_hold_only_members(self, company: DemoCompany) -> None:
        members = _members(company)
        closed = {s.id for s in company.spaces if s.visibility == "members"}
        writers = [(x.space_id, x.author_id) for x in _writings(company)]
        writers += [(x.space_id, x.person_id) for x in company.reactions]
        closed_writers = [(s, w) for s, w in writers if s in closed]
        assert closed_writers
        assert all(w in members[s] for s, w in closed_writers)

    def test_demo_user_is_in_a_members_only_space(self, company: DemoCompany) -> None:
        demo = next(pid for pid, u in company.usernames.items() if u == DEMO_USER)
        members = _members(company)
        closed = [s for s in company.spaces if s.visibility == "members" and demo in members[s.id]]
        assert closed
        assert any(post.author_id == demo for post in company.posts
                   if post.space_id in {s.id for s in closed})

    def test_kinds_and_memberships(self, company: DemoCompany) -> None:
        kinds = {(s.space_kind, s.visibility) for s in company.spaces}
        assert {("announcements", "company"), ("site", "site"), ("team", "company"),
                ("topic", "company"), ("topic", "members")} <= kinds
        announcements = next(s for s in company.spaces if s.space_kind == "announcements")
        assert announcements.id not in _members(company)
        pairs = [(m.space_id, m.person_id) for m in company.memberships]
        assert len(set(pairs)) == len(pairs)
        positions = {pos.id: pos for pos in company.positions}
        for space in company.spaces:
            if space.space_kind == "team":
                assert space.position_id is not None
                lead = positions[space.position_id].holder_id
                assert any(m.person_id == lead and m.role == "moderator"
                           for m in company.memberships if m.space_id == space.id)


class TestContent:
    def test_posts_and_comments_in_time_order(self, company: DemoCompany) -> None:
        created = [post.created_at for post in company.posts]
        assert created == sorted(created)
        assert created[-1] <= NOW
        # Everyday posts of the last two months; some how-tos untouched for a year.
        recent = [p.created_at for p in company.posts if p.post_kind != "howto"]
        assert NOW - 61 * 86_400_000 <= min(recent)
        old = [p for p in company.posts if p.created_at < NOW - 180 * 86_400_000]
        assert old and all(p.post_kind == "howto" for p in old)
        assert NOW - 391 * 86_400_000 <= created[0]
        assert 200 <= len(company.posts) <= 600 and len(company.comments) > 200
        posts = {post.id: post for post in company.posts}
        for comment in company.comments:
            assert posts[comment.post_id].created_at < comment.created_at <= NOW
            assert comment.space_id == posts[comment.post_id].space_id

    def test_mentions_are_written_into_the_text(self, company: DemoCompany) -> None:
        people = {person.id: person for person in company.people}
        mentioning = [x for x in _writings(company) if x.mentions]
        assert len(mentioning) >= 20
        for item in mentioning:
            for person_id in item.mentions:
                assert f"@{people[person_id].display_name}" in item.text

    def test_responsibilities_and_howtos(self, company: DemoCompany) -> None:
        titles = " ".join(r.title for r in company.responsibilities)
        for word in ("Reisekosten", "Urlaub", "IT-Support", "Arbeitssicherheit", "Datenschutz"):
            assert word in titles
        posts = {post.id: post for post in company.posts}
        linked = [r.howto_post_id for r in company.responsibilities if r.howto_post_id]
        assert linked and all(posts[howto].post_kind == "howto" for howto in linked)
        # A duty is seen by the whole company; its how-to is never members-only.
        spaces = {space.id: space for space in company.spaces}
        assert all(spaces[posts[howto].space_id].visibility != "members" for howto in linked)
        assert any(post.pinned and post.post_kind == "howto" for post in company.posts)
        travel = next(r for r in company.responsibilities if "Reisekosten" in r.title)
        assert "Spesen" in travel.keywords and "travel expenses" not in travel.keywords
        assert {"Reiseabrechnung", "travel expenses"} <= set(travel.synonyms)
        it = next(r for r in company.responsibilities if r.title.startswith("IT-Support"))
        assert {"Notebook", "Rechner", "Computer"} <= set(it.synonyms)
        assert "Laptop" in it.keywords
        # A synonym is another word: never the title or a keyword again, never twice.
        for duty in company.responsibilities:
            shown = {w.casefold() for w in duty.keywords} | {duty.title.casefold()}
            words = [w.casefold() for w in duty.synonyms]
            assert duty.synonyms and not shown & set(words), duty.title
            assert len(words) == len(set(words)) <= MAX_SYNONYMS, duty.title

    def test_handovers_match_the_positions(self, company: DemoCompany) -> None:
        positions = {pos.id: pos for pos in company.positions}
        done = [h for h in company.handovers if h.state == "done" and h.from_person_id]
        scheduled = [h for h in company.handovers if h.state == "scheduled"]
        hires = [h for h in company.handovers if h.state == "done" and not h.from_person_id]
        assert done and scheduled and hires
        for h in done:
            history = positions[h.position_id].history
            assert h.date < TODAY and history[-1].person_id == h.to_person_id
            assert any(s.person_id == h.from_person_id and s.end == h.date for s in history)
        for h in scheduled:
            assert h.date > TODAY and positions[h.position_id].holder_id == h.from_person_id
        for h in hires:
            spell = positions[h.position_id].history[-1]
            assert spell.person_id == h.to_person_id and TODAY - spell.start <= dt.timedelta(14)


class TestReferences:
    def test_every_reference_resolves(self, company: DemoCompany) -> None:
        ids = {kind: {r.id for r in getattr(company, field)} for kind, field in KINDS.items()}
        person, unit, position = ids["person"], ids["org_unit"], ids["position"]
        space, post = ids["space"], ids["post"]

        def ok(value: str | None, pool: set[str]) -> bool:
            return value is None or value in pool

        assert all(ok(x.manager_id, person) for x in company.people)
        assert all(ok(x.parent_id, unit) and ok(x.lead_position_id, position)
                   for x in company.org_units)
        for x in company.positions:
            assert x.org_unit_id in unit and ok(x.holder_id, person)
            assert ok(x.deputy_position_id, position) and ok(x.reports_to_id, position)
            assert all(s.person_id in person for s in x.history)
        for r in company.responsibilities:
            assert r.owner_position_id in position and ok(r.deputy_position_id, position)
            assert ok(r.howto_post_id, post)
        for c in company.connections:
            pool = person if c.connection_kind == "personal" else position
            assert c.from_id in pool and c.to_id in pool and c.from_id != c.to_id
        assert all(ok(s.org_unit_id, unit) and ok(s.position_id, position)
                   for s in company.spaces)
        assert all(m.space_id in space and m.person_id in person for m in company.memberships)
        for writing in _writings(company):
            assert writing.space_id in space and writing.author_id in person
            assert set(writing.mentions) <= person
        assert all(c.post_id in post for c in company.comments)
        targets = post | ids["comment"]
        assert all(x.target_id in targets and x.space_id in space and x.person_id in person
                   for x in company.reactions)
        everything = set().union(*ids.values())
        for h in company.handovers:
            assert h.position_id in position and ok(h.from_person_id, person)
            assert h.to_person_id in person and set(h.transferred) <= everything
        assert set(company.usernames) == person and company.admin_person_id in person


class TestLoad:
    def test_load_writes_records_feed_and_accounts(
        self, company: DemoCompany, tmp_path: Path
    ) -> None:
        engine = make_sync_engine(sqlite_url(tmp_path))
        migrate(engine)
        with engine.begin() as conn:
            load_company(conn, company, "not-a-real-hash", NOW)
        with engine.connect() as conn:
            for kind, field in KINDS.items():
                count = conn.execute(sa.select(sa.func.count()).select_from(t.RECORD_TABLES[kind]))
                assert count.scalar() == len(getattr(company, field)), kind
            feed_rows = conn.execute(sa.select(sa.func.count()).select_from(t.change)).scalar()
            assert feed_rows == len(_all(company))

            closed = {s.id for s in company.spaces if s.visibility == "members"}
            secret = next(x for x in company.posts if x.space_id in closed)
            row = conn.execute(sa.select(t.change).where(t.change.c.record_id == secret.id)).one()
            assert (row.kind, row.op, row.scope, row.scope_id) == (
                "post", "put", "space", secret.space_id)
            assert msgspec.json.decode(row.body, type=p.Post) == secret
            private = next(c for c in company.connections if c.connection_kind == "personal")
            row = conn.execute(sa.select(t.change).where(t.change.c.record_id == private.id)).one()
            assert (row.scope, row.scope_id) == ("person", private.from_id)
            space = conn.execute(sa.select(t.change).where(t.change.c.record_id == next(iter(
                closed)))).one()
            assert (space.scope, space.scope_id) == ("space", next(iter(closed)))

            moved = next(pos for pos in company.positions if len(pos.history) > 1)
            assert records.get_record(conn, "position", moved.id) == moved
            assert records.get_record(conn, "person", company.people[0].id) == company.people[0]

            demo = accounts.get_account_by_username(conn, DEMO_USER)
            assert demo is not None and demo.person_id in company.usernames
            assert not demo.is_admin and demo.password_hash == "not-a-real-hash"
            admins = [a for a in accounts.list_accounts(conn) if a.is_admin]
            assert [a.person_id for a in admins] == [company.admin_person_id]
        engine.dispose()
