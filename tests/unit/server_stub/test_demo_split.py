"""One demo company split over the servers of its sites (server_stub/demo/split.py)."""

from __future__ import annotations

import msgspec
import pytest

from server_stub.demo.generator import DEMO_USER, DemoCompany, generate_company
from server_stub.demo.split import first_user, split_company

NOW = 1_790_000_000_000
SITES = ("München", "Hamburg")
KINDS = ("people", "org_units", "positions", "responsibilities", "connections", "spaces",
         "memberships", "posts", "comments", "reactions", "handovers", "checklist_items",
         "checklist_checks")
# What the split may leave out: talk in closed spaces by (or about) people of another site.
DROPPABLE = ("memberships", "posts", "comments", "reactions")


def ids(company: DemoCompany, kind: str) -> set[str]:
    return {r.id for r in getattr(company, kind)}


@pytest.fixture(scope="module")
def whole() -> DemoCompany:
    return generate_company(300, 1, "site.test", NOW, sites=2, shared_ids=True)


@pytest.fixture(scope="module")
def shares(whole: DemoCompany) -> dict[str, DemoCompany]:
    return {site: split_company(whole, site) for site in SITES}


class TestSharedIds:
    def test_every_site_mints_the_same_ids_whenever_it_is_set_up(
        self, whole: DemoCompany
    ) -> None:
        """The servers are set up apart (another name, another day and hour), yet every id
        one of them refers to must be the id the other one minted."""
        later = generate_company(300, 1, "other.test", NOW + 86_400_000 * 3 + 3_600_000 * 5,
                                 sites=2, shared_ids=True)
        for kind in KINDS:
            if kind != "checklist_checks":  # private ticks: never referred to elsewhere
                assert [r.id for r in getattr(later, kind)] == \
                       [r.id for r in getattr(whole, kind)], kind
        assert later.usernames == whole.usernames

    def test_a_company_of_its_own_keeps_ids_of_its_own(self, whole: DemoCompany) -> None:
        alone = generate_company(300, 1, "site.test", NOW, sites=2)
        assert not ids(alone, "people") & ids(whole, "people")


class TestHomes:
    def test_the_shares_partition_the_company(
        self, whole: DemoCompany, shares: dict[str, DemoCompany]
    ) -> None:
        a, b = shares.values()
        for kind in KINDS:
            assert not ids(a, kind) & ids(b, kind), kind
            union = ids(a, kind) | ids(b, kind)
            if kind in DROPPABLE:
                assert union <= ids(whole, kind) and len(union) > 0.9 * len(ids(whole, kind))
            else:
                assert union == ids(whole, kind), kind

    def test_each_record_lives_at_its_home_site(self, shares: dict[str, DemoCompany]) -> None:
        for site, share in shares.items():
            people = ids(share, "people")
            units = ids(share, "org_units")
            positions = ids(share, "positions")
            assert {x.site for x in share.people} == {site}
            assert {u.site or "München" for u in share.org_units} == {site}
            assert all(x.org_unit_id in units for x in share.positions)
            assert all(r.owner_position_id in positions for r in share.responsibilities)
            assert all(h.position_id in positions for h in share.handovers)
            assert all(i.org_unit_id in units for i in share.checklist_items)
            assert all(s.org_unit_id in units if s.org_unit_id else site == "München"
                       for s in share.spaces)
            assert all((c.from_id in positions) if c.connection_kind == "job"
                       else (c.from_id in people) for c in share.connections)
            # What a person does lives where the person does.
            assert all(m.person_id in people for m in share.memberships)
            assert all(x.author_id in people for x in share.posts)
            assert all(x.author_id in people for x in share.comments)
            assert all(r.person_id in people for r in share.reactions)
            assert all(c.person_id in people for c in share.checklist_checks)
            assert set(share.usernames) == people and share.admin_person_id in people

    def test_one_company_root_one_demo_user(self, shares: dict[str, DemoCompany]) -> None:
        roots = [u for s in shares.values() for u in s.org_units if u.unit_kind == "company"]
        assert len(roots) == 1 and roots[0] in shares["München"].org_units
        assert DEMO_USER in shares["München"].usernames.values()
        assert DEMO_USER not in shares["Hamburg"].usernames.values()
        assert first_user(shares["München"]) == DEMO_USER
        hamburg = first_user(shares["Hamburg"])
        assert hamburg in shares["Hamburg"].usernames.values()

    def test_an_unknown_site_is_refused(self, whole: DemoCompany) -> None:
        with pytest.raises(ValueError, match="no site 'Berlin'.*München, Hamburg"):
            split_company(whole, "Berlin")


class TestNothingInvisible:
    def test_closed_spaces_hold_only_their_own_site(
        self, whole: DemoCompany, shares: dict[str, DemoCompany]
    ) -> None:
        for share in shares.values():
            people = ids(share, "people")
            closed = {s.id for s in whole.spaces if s.visibility in ("members", "site")}
            here = {s.id for s in share.spaces}
            for m in share.memberships:
                assert m.space_id not in closed or m.space_id in here
            for x in share.posts:
                if x.space_id in closed:
                    assert x.space_id in here and set(x.mentions) <= people

    def test_only_what_would_be_invisible_is_left_out(
        self, whole: DemoCompany, shares: dict[str, DemoCompany]
    ) -> None:
        closed = {s.id for s in whole.spaces if s.visibility in ("members", "site")}
        kept = {kind: set().union(*(ids(s, kind) for s in shares.values()))
                for kind in DROPPABLE}
        left_posts = [x for x in whole.posts if x.id not in kept["posts"]]
        assert left_posts and all(x.space_id in closed for x in left_posts)
        assert all(m.space_id in closed for m in whole.memberships
                   if m.id not in kept["memberships"])
        for c in whole.comments:  # kept exactly when its post is and it is visible
            if c.id in kept["comments"]:
                assert c.post_id in kept["posts"]
        targets = kept["posts"] | kept["comments"]
        assert all(r.target_id in targets for s in shares.values() for r in s.reactions)

    def test_every_reference_resolves_in_the_union(
        self, shares: dict[str, DemoCompany]
    ) -> None:
        union = {kind: set().union(*(ids(s, kind) for s in shares.values())) for kind in KINDS}
        everything = set().union(*union.values())
        records = [r for s in shares.values() for kind in KINDS for r in getattr(s, kind)]
        for record in records:
            for name, value in msgspec.structs.asdict(record).items():
                refs = value if isinstance(value, list) else [value]
                if name.endswith("_id") and name != "id" or name in ("mentions", "transferred"):
                    assert all(v in everything for v in refs if isinstance(v, str)), (
                        type(record).__name__, name)
