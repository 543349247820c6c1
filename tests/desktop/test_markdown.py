"""The post renderer: the supported subset, and that post text never becomes markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.markdown import is_safe_url, plain_mentions, render

# Every tag the renderer itself writes; anything else starting with "<" came from input.
OUR_TAG = re.compile(r"</?(b|i|code|a|ul|li|br)( [^<>]*)?>$")
JANA = {"Jana Schröder": "01900000-0000-7000-8000-000000000001"}


def foreign_tags(html: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"<[^<>]*>?", html) if not OUR_TAG.match(m.group(0))]


class TestRender:
    @pytest.mark.parametrize(("text", "expected"), [
        ("**fett**", "<b>fett</b>"),
        ("*kursiv*", "<i>kursiv</i>"),
        ("`a < b`", "a &lt; b</code>"),
        ("Zeile 1\nZeile 2", "Zeile 1<br>Zeile 2"),
        ("- eins\n- zwei", "<ul><li>eins</li><li>zwei</li></ul>"),
        ("[Intranet](https://intranet.example/a?b=1&c=2)",
         '<a href="https://intranet.example/a?b=1&amp;c=2">Intranet</a>'),
        ("[Mail](mailto:it@example.com)", '<a href="mailto:it@example.com">Mail</a>'),
    ])
    def test_supported_subset(self, text: str, expected: str) -> None:
        assert expected in render(text)

    @pytest.mark.parametrize("url", [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "//evil.example",
    ])
    def test_links_only_for_web_and_mail(self, url: str) -> None:
        html = render(f"[klick]({url})")
        assert "<a " not in html
        assert "klick" in html
        assert not is_safe_url(url)

    @pytest.mark.parametrize("attack", [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '[x](https://a.example/" onmouseover="alert(1))',
        "[x](https://a.example/\"><script>alert(1)</script>)",
        "`<script>`**<b>**",
        "<a href='javascript:alert(1)'>hi</a>",
        "\x000\x00<script>",
        "@Jana Schröder<script>",
    ])
    def test_injection_attempts_stay_text(self, attack: str) -> None:
        html = render(attack, JANA)
        assert "<script" not in html.lower()
        assert foreign_tags(html) == []
        assert 'href="javascript' not in html.lower()

    def test_quote_cannot_leave_a_link_attribute(self) -> None:
        html = render('[x](https://a.example/"onclick="alert(1))')
        assert "onclick=" not in html.replace("&quot;onclick=&quot;", "")

    def test_mentions_are_highlighted_as_person_links(self) -> None:
        html = render("Danke @Jana Schröder für die Hilfe", JANA)
        assert '<a href="person:01900000-0000-7000-8000-000000000001"' in html
        assert ">@Jana Schröder</a>" in html

    def test_only_named_mentions_are_highlighted(self) -> None:
        assert "person:" not in render("Hallo @Max Mustermann", JANA)

    def test_markup_inside_code_is_left_alone(self) -> None:
        assert "**nicht fett**" in render("`**nicht fett**`")

    def test_umlauts_survive(self) -> None:
        assert render("Grüße aus München, Weiß & Söhne") == (
            "Grüße aus München, Weiß &amp; Söhne")

    @given(st.text())
    def test_no_markup_from_any_input(self, text: str) -> None:
        html = render(text, JANA)
        assert "<script" not in html.lower()
        assert foreign_tags(html) == []

    @given(st.text(alphabet=st.sampled_from("<>&\"'*`[]()-@\n :/abchtps")))
    @example("[]()")
    def test_no_markup_from_markdown_like_input(self, text: str) -> None:
        html = render(text, {"a b": "id"})
        assert foreign_tags(html) == []
        for match in re.finditer(r'href="([^"]*)"', html):
            assert match.group(1).startswith(("https://", "http://", "mailto:", "person:"))


    def test_a_link_to_nowhere_keeps_its_text_and_no_anchor(self) -> None:
        assert render("[die Liste]() und [Info](https://intranet.example)", {}) == (
            'die Liste und <a href="https://intranet.example">Info</a>')


class TestPlainMentions:
    def test_finds_named_people_once(self) -> None:
        names = {"Jana Schröder": "a", "Jan Weiß": "b"}
        assert plain_mentions("@Jana Schröder und @Jana Schröder", names) == ["a"]

    def test_unnamed_people_are_not_mentioned(self) -> None:
        assert plain_mentions("Jana Schröder ohne at", {"Jana Schröder": "a"}) == []
