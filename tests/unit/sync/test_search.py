"""Search: German spellings find each other, prefixes as you type, names rank first."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sync.cache.db import Cache
from sync.cache.fold import fold, fold_reference, query_tokens, sort_key
from sync.cache.read.search import search
from sync.cache.write.apply import apply_page
from tests.unit.sync import factories as f

_GERMAN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßÄÖÜAEOUaeou -", max_size=30)


class TestFold:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Müller", "Mueller"),
            ("Müller", "Muller"),
            ("Müller", "MÜLLER"),
            ("Straße", "strasse"),
            ("Weiß", "Weiss"),
            ("Jürgen", "Juergen"),
            ("Köhler", "Koehler"),
            ("Schäfer", "Schaefer"),
            ("Mu\u0308ller", "Müller"),
            ("Renée", "Renee"),
            ("Łukasz", "Lukasz"),
            ("Søren", "Soren"),
            ("Ayşe", "Ayse"),
        ],
    )
    def test_spellings_fold_alike(self, a: str, b: str) -> None:
        assert fold(a) == fold(b)

    def test_other_words_stay_apart(self) -> None:
        assert fold("Müller") != fold("Miller")
        assert fold("Weiß") != fold("Weis")

    @given(st.text())
    @example("Aee")
    @example("ǅ")
    @example("ﬁ")
    def test_idempotent(self, text: str) -> None:
        assert fold(fold(text)) == fold(text)

    @given(st.text())
    @example("Straße 5, Müller")
    def test_fast_paths_agree_with_the_definition(self, text: str) -> None:
        assert fold(text) == fold_reference(text)

    @given(_GERMAN)
    def test_umlauts_and_their_transliterations_agree(self, text: str) -> None:
        spelled_out = (
            text.replace("ä", "ae")
            .replace("ö", "oe")
            .replace("ü", "ue")
            .replace("Ä", "Ae")
            .replace("Ö", "Oe")
            .replace("Ü", "Ue")
            .replace("ß", "ss")
        )
        plain = text.translate(str.maketrans("äöüÄÖÜ", "aouAOU"))
        assert fold(text) == fold(spelled_out) == fold(plain)
        assert fold(text) == fold(text.upper()) or "ß" in text

    @given(st.text())
    def test_query_tokens_are_plain_words(self, text: str) -> None:
        for token in query_tokens(text):
            assert token and '"' not in token and "*" not in token and " " not in token

    def test_sort_key_puts_umlauts_with_their_vowel(self) -> None:
        names = [("Müller", "Zoe"), ("Muller", "Anna"), ("Mai", "Bob"), ("Mzik", "Al")]
        ordered = sorted(names, key=lambda n: sort_key(*n))
        assert ordered == [("Mai", "Bob"), ("Muller", "Anna"), ("Müller", "Zoe"), ("Mzik", "Al")]


@pytest.fixture
def people(cache: Cache) -> dict[str, str]:
    unit = f.org_unit("Einkauf")
    records = {
        "mueller": f.person("Jürgen", "Müller", skills=["SAP", "Verhandlung"]),
        "mueller2": f.person("Anna", "Müller", site="Köln"),
        "muellerschoen": f.person("Karl", "Müllerschön"),
        "fan": f.person("Berta", "Schmidt", about="Arbeitet seit Jahren mit Herrn Müller"),
        "weiss": f.person("Eva", "Weiß", room="Raum 3.14"),
        "python": f.person("Paul", "Programmierer", skills=["Python", "Datenbanken"]),
        "boss": f.person("Clara", "Chefin", email="clara.chefin@firma.example"),
    }
    pos = f.position("Leiterin Einkauf", unit.id, holder_id=records["boss"].id)
    space = f.space("Allgemein")
    post = f.post(space.id, records["boss"].id, "Die Hauptstraße ist ab Montag gesperrt")
    travel = f.responsibility(
        "Reisekosten",
        pos.id,
        keywords=["Spesen", "Dienstreise"],
        description="Abrechnung von Fahrten und Übernachtungen",
    )
    comment = f.comment(post, records["fan"].id, "Danke, dann nehme ich die Straße hinten")
    apply_page(cache, f.puts(unit, *records.values(), pos, space, post, travel, comment), "c")
    ids = {name: r.id for name, r in records.items()}
    ids.update(position=pos.id, post=post.id, travel=travel.id, comment=comment.id)
    return ids


def _ids(cache: Cache, query: str, **kw: object) -> list[str]:
    return [h.id for h in search(cache, query, **kw)]  # type: ignore[arg-type]


class TestSearch:
    @pytest.mark.parametrize("query", ["Müller", "Mueller", "Muller", "MÜLLER", "müller"])
    def test_every_spelling_finds_mueller(
        self, cache: Cache, people: dict[str, str], query: str
    ) -> None:
        found = _ids(cache, query, kinds={"person"})
        assert set(found[:2]) == {people["mueller"], people["mueller2"]}

    @pytest.mark.parametrize("query", ["Mül", "mue", "Mu", "M"])
    def test_prefix_as_you_type(self, cache: Cache, people: dict[str, str], query: str) -> None:
        assert people["mueller"] in _ids(cache, query, kinds={"person"})

    def test_strasse_finds_strasse(self, cache: Cache, people: dict[str, str]) -> None:
        assert set(_ids(cache, "strasse")) == {people["comment"]}
        assert _ids(cache, "Hauptstrasse") == [people["post"]]
        assert _ids(cache, "weiss") == [people["weiss"]]

    def test_names_rank_before_mentions_and_exact_before_prefix(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        found = _ids(cache, "Müller", kinds={"person"})
        assert set(found[:2]) == {people["mueller"], people["mueller2"]}
        assert found[2:] == [people["muellerschoen"], people["fan"]]
        ranks = [h.rank for h in search(cache, "Müller", kinds={"person"})]
        assert ranks == sorted(ranks)

    def test_all_words_must_match(self, cache: Cache, people: dict[str, str]) -> None:
        assert _ids(cache, "Anna Müller") == [people["mueller2"]]
        assert _ids(cache, "Müller Köln") == [people["mueller2"]]
        assert _ids(cache, "Müller Hamburg") == []

    @pytest.mark.parametrize(
        "query",
        ['"', "*", "(", ")", "-", "'", "+", "\\", "\x00", "   ", "", "🙂", "{}: ", "^"],
    )
    def test_a_query_without_words_finds_nothing(
        self, cache: Cache, people: dict[str, str], query: str
    ) -> None:
        assert search(cache, query) == []

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            # FTS5 operators and signs are plain words and separators here, never syntax:
            # "-" does not exclude, OR does not widen, quotes and stars change nothing.
            ("Müller -Schmidt", ["fan"]),
            ("Müller OR Schmidt", []),
            ('"Müller" Schmidt', ["fan"]),
            ("Müller* Köln", ["mueller2"]),
            ("(Anna) Müller", ["mueller2"]),
            ("🙂 Anna Müller", ["mueller2"]),
            ("NEAR(Anna Müller)", []),
            ("name: Anna", []),  # no column filter: "name" is a word nobody has
            ("a\"nna Müller", []),
            ("'; DROP TABLE person; --", []),
        ],
    )
    def test_query_syntax_is_taken_as_words(
        self, cache: Cache, people: dict[str, str], query: str, expected: list[str]
    ) -> None:
        assert _ids(cache, query, kinds={"person"}) == [people[e] for e in expected]
        # and nothing was dropped on the way: the directory answers as before
        assert set(_ids(cache, "Müller", kinds={"person"})[:2]) == {
            people["mueller"], people["mueller2"]}

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # read-only use
    @given(st.text(max_size=40))
    def test_any_query_finds_what_its_words_find(
        self, cache: Cache, people: dict[str, str], text: str
    ) -> None:
        """Punctuation, operators and odd characters are separators: a query finds what
        its words alone find, so no text the user types can reach the FTS parser."""
        words = " ".join(query_tokens(text))
        assert _ids(cache, text) == _ids(cache, words)
        if not words:
            assert search(cache, text) == []

    def test_skills_titles_email_and_rooms(self, cache: Cache, people: dict[str, str]) -> None:
        assert _ids(cache, "python", kinds={"person"}) == [people["python"]]
        assert _ids(cache, "Datenbank", kinds={"person"}) == [people["python"]]
        assert _ids(cache, "Leiterin", kinds={"person"}) == [people["boss"]]
        assert _ids(cache, "chefin@firma") == [people["boss"]]
        assert _ids(cache, "Raum 3.14") == [people["weiss"]]

    def test_positions_by_title_and_unit(self, cache: Cache, people: dict[str, str]) -> None:
        hits = search(cache, "Einkauf", kinds={"position"})
        assert [h.id for h in hits] == [people["position"]]
        assert hits[0].title == "Leiterin Einkauf"
        assert hits[0].subtitle == "Einkauf · Clara Chefin"

    def test_responsibilities_by_keyword_and_description(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        for query in ("Spesen", "dienstreise", "Reisekost", "Übernachtung", "Uebernachtungen"):
            hits = search(cache, query, kinds={"responsibility"})
            assert [h.id for h in hits] == [people["travel"]], query
        assert hits[0].subtitle == "Leiterin Einkauf · Clara Chefin"

    def test_posts_show_an_excerpt(self, cache: Cache, people: dict[str, str]) -> None:
        (hit,) = search(cache, "gesperrt")
        assert (hit.kind, hit.title) == ("post", "Die Hauptstraße ist ab Montag gesperrt")
        assert hit.subtitle == "Allgemein · Clara Chefin"

    def test_short_words_match_posts_whole(self, cache: Cache, people: dict[str, str]) -> None:
        assert _ids(cache, "ab Montag") == [people["post"]]
        assert _ids(cache, "a Montag") == []

    def test_kinds_limit_and_empty(self, cache: Cache, people: dict[str, str]) -> None:
        assert len(search(cache, "m", limit=2)) == 2
        assert search(cache, "Müller", kinds={"post"}) == []
        assert search(cache, "   ") == [] and search(cache, "Müller", limit=0) == []
        with pytest.raises(ValueError, match="not searchable"):
            search(cache, "x", kinds={"gossip"})

    def test_searches_through_a_plain_connection(
        self, cache: Cache, people: dict[str, str]
    ) -> None:
        assert _ids(cache.conn, "Weiß") == [people["weiss"]]
