"""Reader queries: directory, organisation, who handles what, feed with unsent posts."""

from __future__ import annotations

import datetime as dt
import threading

import msgspec
import pytest

from sync.cache.db import Cache
from sync.cache.read import people as reader_people
from sync.cache.read.people import (
    connections_of,
    count_people,
    get_org_unit,
    get_people,
    get_person,
    get_position,
    get_position_of,
    list_org_units,
    list_people,
    list_sites,
    reports_of,
    responsibilities_of,
)
from sync.cache.read.posts import (
    LOCAL_VERSION,
    comments_of,
    discussable_space_ids,
    get_post,
    get_space,
    list_posts,
    list_spaces,
    postable_spaces,
    role_in_space,
)
from sync.cache.read.who import who_is_responsible
from sync.cache.write import outbox
from sync.cache.write.apply import apply_page
from sync.cache.write.outbox import OutboxItem
from sync.cache.write.state import forget_account, get_sync_state, store_account, store_last_sync
from sync.protocol import CommentWrite, Person, PostWrite
from sync.writes import WriteError, require_postable
from tests.unit.sync import factories as f

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def org(cache: Cache) -> dict[str, str]:
    """A small department: a lead with two reports, a deputy, a responsibility."""
    unit = f.org_unit("Einkauf", site="Köln")
    other = f.org_unit("Vertrieb", site="Hamburg")
    lead = f.person("Clara", "Chefin", site="Köln")
    deputy = f.person("Dora", "Vertretung", site="Köln")
    worker = f.person("Jürgen", "Müller", site="Köln", manager_id=None)
    worker2 = f.person("Anna", "Muller", site="Hamburg")
    gone = f.person("Max", "Mustermann", site="Köln", status="left")
    sales = f.person("Sven", "Verkauf", site="Hamburg", manager_id=lead.id)
    lead_pos = f.position("Leiterin Einkauf", unit.id, holder_id=lead.id)
    deputy_pos = f.position(
        "Stellvertretung Einkauf", unit.id, holder_id=deputy.id, reports_to_id=lead_pos.id
    )
    worker_pos = f.position("Einkäufer", unit.id, holder_id=worker.id, reports_to_id=lead_pos.id)
    sales_pos = f.position("Vertrieb Nord", other.id, holder_id=sales.id)
    lead_pos = f.bump(lead_pos, deputy_position_id=deputy_pos.id)
    howto_space = f.space("Wissen")
    howto = f.post(howto_space.id, lead.id, "So rechnest du Reisekosten ab", post_kind="howto")
    travel = f.responsibility(
        "Reisekosten", lead_pos.id, keywords=["Spesen"], howto_post_id=howto.id
    )
    old = f.responsibility("Spesen alt", lead_pos.id, valid_to=dt.date(2025, 12, 31))
    records = [
        unit,
        other,
        lead,
        deputy,
        worker,
        worker2,
        gone,
        sales,
        lead_pos,
        deputy_pos,
        worker_pos,
        sales_pos,
        howto_space,
        howto,
        travel,
        old,
        f.connection(worker.id, lead.id, note="Mentorin"),
        f.connection(sales_pos.id, lead_pos.id, kind="job"),
        f.connection(sales.id, worker2.id),
    ]
    apply_page(cache, f.puts(*records), "c")
    return {
        "unit": unit.id,
        "lead": lead.id,
        "deputy": deputy.id,
        "worker": worker.id,
        "worker2": worker2.id,
        "gone": gone.id,
        "sales": sales.id,
        "lead_pos": lead_pos.id,
        "deputy_pos": deputy_pos.id,
        "travel": travel.id,
        "howto": howto.id,
    }


def _names(people: list[Person]) -> list[str]:
    return [p.display_name for p in people]


class TestPeople:
    def test_directory_is_ordered_by_family_then_given_name(
        self, cache: Cache, org: dict[str, str]
    ) -> None:
        assert _names(list_people(cache)) == [
            "Clara Chefin",
            "Anna Muller",
            "Jürgen Müller",
            "Sven Verkauf",
            "Dora Vertretung",
        ]
        assert _names(list_people(cache, offset=1, limit=2)) == [
            "Anna Muller",
            "Jürgen Müller",
        ]
        assert "Max Mustermann" in _names(list_people(cache, include_left=True))

    def test_filters_and_counts(self, cache: Cache, org: dict[str, str]) -> None:
        assert _names(list_people(cache, query="Müller")) == ["Anna Muller", "Jürgen Müller"]
        assert _names(list_people(cache, query="mül", site="Köln")) == ["Jürgen Müller"]
        assert _names(list_people(cache, org_unit_id=org["unit"])) == [
            "Clara Chefin",
            "Jürgen Müller",
            "Dora Vertretung",
        ]
        assert count_people(cache) == 5
        assert count_people(cache, query="Müller") == 2
        assert count_people(cache, query="Mustermann") == 0
        assert count_people(cache, query="Mustermann", include_left=True) == 1
        assert count_people(cache, query="m", site="Köln") == 1
        assert count_people(cache, site="Hamburg") == 2
        assert count_people(cache, query='"*') == 0
        assert list_people(cache, query="(") == []

    @pytest.mark.parametrize("few", [0, 10_000], ids=["walk-name-index", "read-matches"])
    def test_both_query_plans_agree(
        self, cache: Cache, org: dict[str, str], few: int, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(reader_people, "_FEW_MATCHES", few)
        assert _names(list_people(cache, query="m")) == ["Anna Muller", "Jürgen Müller"]
        assert _names(list_people(cache, query="m", site="Köln")) == ["Jürgen Müller"]
        assert _names(list_people(cache, query="e", org_unit_id=org["unit"])) == [
            "Clara Chefin",
            "Jürgen Müller",
            "Dora Vertretung",
        ]
        assert count_people(cache, query="m") == 2
        assert count_people(cache, query="m", include_left=True) == 3
        assert count_people(cache, query="m", site="Köln") == 1

    def test_single_records(self, cache: Cache, org: dict[str, str]) -> None:
        worker = get_person(cache, org["worker"])
        assert worker is not None and worker.family_name == "Müller"
        assert get_person(cache, f.new_id()) is None
        assert set(get_people(cache, [org["lead"], org["worker"]])) == {
            org["lead"],
            org["worker"],
        }
        assert get_people(cache, []) == {}

    def test_sites_and_units(self, cache: Cache, org: dict[str, str]) -> None:
        assert list_sites(cache) == ["Hamburg", "Köln"]
        assert [u.name for u in list_org_units(cache)] == ["Einkauf", "Vertrieb"]
        unit = get_org_unit(cache, org["unit"])
        assert unit is not None and unit.site == "Köln"

    def test_positions_reports_and_responsibilities(
        self, cache: Cache, org: dict[str, str]
    ) -> None:
        position = get_position_of(cache, org["worker"])
        assert position is not None and position.title == "Einkäufer"
        assert get_position_of(cache, org["worker2"]) is None
        assert _names(reports_of(cache, org["lead"])) == [
            "Jürgen Müller",
            "Sven Verkauf",
            "Dora Vertretung",
        ]
        assert reports_of(cache, org["worker"]) == []
        assert sorted(r.title for r in responsibilities_of(cache, org["lead"])) == [
            "Reisekosten",
            "Spesen alt",
        ]
        assert responsibilities_of(cache, org["worker"]) == []

    def test_connections(self, cache: Cache, org: dict[str, str]) -> None:
        lead = connections_of(cache, org["lead"])
        assert sorted(c.connection_kind for c in lead) == ["job", "personal"]
        assert [c.note for c in connections_of(cache, org["worker"])] == ["Mentorin"]

    def test_connections_of_one_kind(self, cache: Cache, org: dict[str, str]) -> None:
        both = connections_of(cache, org["lead"])
        personal = connections_of(cache, org["lead"], kind="personal")
        job = connections_of(cache, org["lead"], kind="job")
        assert [c.connection_kind for c in personal] == ["personal"]
        assert [c.connection_kind for c in job] == ["job"]
        assert {c.id for c in personal + job} == {c.id for c in both}


class TestWhoIsResponsible:
    def test_holder_is_asked_when_present(self, cache: Cache, org: dict[str, str]) -> None:
        (answer,) = who_is_responsible(cache, "Spesen", today=TODAY)
        assert answer.responsibility.id == org["travel"]  # the expired one is left out
        assert answer.holder is not None and answer.holder.id == org["lead"]
        assert answer.deputy_holder is not None and answer.deputy_holder.id == org["deputy"]
        assert answer.howto_post is not None and answer.howto_post.id == org["howto"]
        assert not answer.holder_absent and not answer.ask_deputy
        assert answer.ask is not None and answer.ask.id == org["lead"]

    def test_deputy_is_asked_while_the_holder_is_away(
        self, cache: Cache, org: dict[str, str]
    ) -> None:
        lead_pos = get_position(cache, org["lead_pos"])
        assert lead_pos is not None
        away = f.bump(lead_pos, absent_from=dt.date(2026, 3, 1), absent_to=dt.date(2026, 3, 20))
        apply_page(cache, f.puts(away), "c2")
        (answer,) = who_is_responsible(cache, "Reisekosten", today=TODAY)
        assert answer.holder_absent and answer.ask_deputy
        assert answer.ask is not None and answer.ask.id == org["deputy"]
        (later,) = who_is_responsible(cache, "Reisekosten", today=dt.date(2026, 3, 21))
        assert not later.ask_deputy

    def test_deputy_is_asked_for_a_vacant_position(self, cache: Cache, org: dict[str, str]) -> None:
        lead_pos = get_position(cache, org["lead_pos"])
        assert lead_pos is not None
        apply_page(cache, f.puts(f.bump(lead_pos, holder_id=None)), "c2")
        (answer,) = who_is_responsible(cache, "Reisekosten", today=TODAY)
        assert answer.holder is None and answer.ask_deputy
        assert answer.ask is not None and answer.ask.id == org["deputy"]

    def test_nothing_found(self, cache: Cache, org: dict[str, str]) -> None:
        assert who_is_responsible(cache, "Weltraumbahnhof", today=TODAY) == []


def _queue_post(cache: Cache, space_id: str, text: str) -> OutboxItem:
    item_id = f.new_id()
    body = msgspec.json.encode(PostWrite(space_id=space_id, text=text))
    return outbox.enqueue(
        cache,
        OutboxItem.new(
            id=item_id, kind="post", method="PUT", path=f"/api/v1/posts/{item_id}", body=body
        ),
    )


class TestPosts:
    @pytest.fixture
    def feed(self, cache: Cache) -> dict[str, str]:
        me, other = f.person("Ich", "Selbst"), f.person("Du", "Andere")
        team, town = f.space("Team"), f.space("Stadt")
        posts = [f.post(team.id, other.id, f"Team {i}", created_at=f.T0 + i) for i in range(3)]
        posts.append(f.post(town.id, other.id, "Stadtfest", created_at=f.T0 + 10))
        apply_page(cache, f.puts(me, other, team, town, *posts), "c")
        store_account(
            cache,
            server_url="https://kontor.example",
            server_name="hq",
            username="ich",
            person_id=me.id,
            device_id="d1",
            device_token="t",
        )
        return {"me": me.id, "team": team.id, "town": town.id, "first": posts[0].id}

    def test_newest_first_per_space_or_all(self, cache: Cache, feed: dict[str, str]) -> None:
        assert [i.post.text for i in list_posts(cache)] == [
            "Stadtfest",
            "Team 2",
            "Team 1",
            "Team 0",
        ]
        assert [i.post.text for i in list_posts(cache, feed["team"], offset=1, limit=1)] == [
            "Team 1"
        ]
        assert [s.name for s in list_spaces(cache)] == ["Stadt", "Team"]
        assert get_space(cache, feed["team"]) is not None

    def test_unsent_posts_show_with_their_state(self, cache: Cache, feed: dict[str, str]) -> None:
        sent_later = _queue_post(cache, feed["team"], "Offline geschrieben")
        refused = _queue_post(cache, feed["team"], "Abgelehnt")
        _queue_post(cache, feed["town"], "Anderswo")
        outbox.mark_failed(cache, refused.id, "forbidden")
        items = list_posts(cache, feed["team"])
        assert [(i.post.text, i.pending_state) for i in items[:2]] == [
            ("Abgelehnt", "failed"),
            ("Offline geschrieben", "pending"),
        ]
        assert items[0].error == "forbidden"
        assert items[1].post.author_id == feed["me"]
        assert items[1].post.version == LOCAL_VERSION
        assert all(i.pending_state is None for i in items[2:])
        assert len(list_posts(cache)) == 7

        # the server's copy arrives through the feed: shown once, as the real post
        real = f.post(feed["team"], feed["me"], "Offline geschrieben", created_at=f.T0 + 50)
        real = msgspec.structs.replace(real, id=sent_later.id)
        apply_page(cache, f.puts(real), "c2")
        texts = [(i.post.text, i.pending_state) for i in list_posts(cache, feed["team"])]
        assert texts.count(("Offline geschrieben", None)) == 1
        assert ("Offline geschrieben", "pending") not in texts

    def test_comments_with_unsent_ones_last(self, cache: Cache, feed: dict[str, str]) -> None:
        post = get_post(cache, feed["first"])
        assert post is not None
        apply_page(cache, f.puts(f.comment(post, feed["me"], "Erster!")), "c2")
        item_id = f.new_id()
        outbox.enqueue(
            cache,
            OutboxItem.new(
                id=item_id,
                kind="comment",
                method="PUT",
                path=f"/api/v1/comments/{item_id}",
                body=msgspec.json.encode(CommentWrite(post_id=post.id, text="Noch nicht gesendet")),
            ),
        )
        comments = comments_of(cache, post.id)
        assert [(c.comment.text, c.pending_state) for c in comments] == [
            ("Erster!", None),
            ("Noch nicht gesendet", "pending"),
        ]
        assert comments[1].comment.space_id == post.space_id

    def test_unreadable_outbox_body_is_skipped_not_fatal(
        self, cache: Cache, feed: dict[str, str]
    ) -> None:
        item_id = f.new_id()
        outbox.enqueue(
            cache,
            OutboxItem.new(id=item_id, kind="post", method="PUT", path="/x", body=b"not json"),
        )
        assert len(list_posts(cache)) == 4


class TestPostableSpaces:
    """Where the cache says the server will take a post: the shared rule, from the cache."""

    @pytest.fixture
    def spaces(self, cache: Cache) -> dict[str, str]:
        me = f.person("Ich", "Selbst")
        team, other = f.space("Team"), f.space("Fremdes Team", visibility="company")
        news = f.space("Neuigkeiten", space_kind="announcements", visibility="company")
        board = f.space("Aushang", space_kind="announcements", visibility="company")
        apply_page(cache, f.puts(me, team, other, news, board,
                                 f.membership(team.id, me.id),
                                 f.membership(news.id, me.id),
                                 f.membership(board.id, me.id, role="moderator")), "c")
        store_account(cache, server_url="https://kontor.example", server_name="hq",
                      username="ich", person_id=me.id, device_id="d1", device_token="t")
        return {"me": me.id, "team": team.id, "other": other.id, "news": news.id,
                "board": board.id}

    def test_members_post_and_in_announcements_only_moderators(
            self, cache: Cache, spaces: dict[str, str]) -> None:
        assert [s.name for s in postable_spaces(cache, spaces["me"])] == ["Aushang", "Team"]
        assert role_in_space(cache, spaces["board"], spaces["me"]) == "moderator"
        assert role_in_space(cache, spaces["other"], spaces["me"]) is None
        assert postable_spaces(cache, None) == []

    def test_members_discuss_and_everyone_discusses_open_announcements(
            self, cache: Cache, spaces: dict[str, str]) -> None:
        mine = discussable_space_ids(cache, spaces["me"])
        assert mine == {spaces["team"], spaces["news"], spaces["board"]}
        # Someone in no space at all may still comment on the company's open notice boards.
        assert discussable_space_ids(cache, None) == {spaces["news"], spaces["board"]}

    def test_a_post_the_server_would_refuse_is_refused_before_queuing(
            self, cache: Cache, spaces: dict[str, str]) -> None:
        assert require_postable(cache, "team").id == spaces["team"]  # by name, any case
        with pytest.raises(WriteError, match="not a member of Fremdes Team"):
            require_postable(cache, spaces["other"])
        with pytest.raises(WriteError, match="moderators of Neuigkeiten"):
            require_postable(cache, spaces["news"])
        with pytest.raises(WriteError, match="sync first"):
            require_postable(cache, f.new_id())
        forget_account(cache)
        with pytest.raises(WriteError, match="no person"):
            require_postable(cache, spaces["team"])


class TestSyncState:
    def test_account_and_last_sync(self, cache: Cache) -> None:
        assert not get_sync_state(cache).logged_in
        store_account(
            cache,
            server_url="https://k.example",
            server_name="hq",
            username="u",
            person_id=None,
            device_id="d",
            device_token="secret",
        )
        store_last_sync(cache, 1234)
        state = get_sync_state(cache)
        assert state.logged_in and state.last_sync_at == 1234 and state.person_id is None
        forget_account(cache)
        state = get_sync_state(cache)
        assert not state.logged_in and state.server_url == "https://k.example"


def test_gui_thread_reads_while_the_worker_writes(cache: Cache, key: bytes) -> None:
    """The desktop layout: the worker owns the writer, another thread its own reader."""
    apply_page(cache, f.puts(f.person("Erste", "Person")), "c0")
    gui = Cache.open(cache.path, key, readonly=True)
    done = threading.Event()

    def worker() -> None:
        with Cache.open(cache.path, key) as writer:
            for n in range(5):
                batch = f.puts(*(f.person(f"W{n}", f"P{i}") for i in range(50)))
                apply_page(writer, batch, f"c{n}")
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    counts = []
    while not done.is_set():
        counts.append(count_people(gui))
    thread.join()
    counts.append(count_people(gui))
    assert counts == sorted(counts) and counts[-1] == 251
    gui.close()
