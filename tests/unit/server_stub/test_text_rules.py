"""Which characters a stored text may not hold, and how the refusal names the field."""

from __future__ import annotations

import pytest

from server_stub.text_rules import control_character_at


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0d", "\x1b",
                                  "\x1f", "\x7f", "\x80", "\x9f"])
def test_every_control_character_but_newline_and_tab_is_found(char: str) -> None:
    assert control_character_at(f"ab{char}cd") == "$"


@pytest.mark.parametrize("text", ["", "Zeile 1\nZeile 2\tmit Tab", " ~", "\xa0Grüße ☕ 😀",
                                  "\u2028"])
def test_newline_tab_and_printable_text_pass(text: str) -> None:
    assert control_character_at(text) is None
    assert control_character_at({"text": text, "tags": [text]}) is None


def test_the_path_names_the_first_field_at_fault() -> None:
    body = {"title": "ok", "text": "ok", "skills": ["ok", "bad\x00"], "note": "bad\x07"}
    assert control_character_at(body) == "$.skills[1]"
    assert control_character_at({"a": {"b": ["x", {"c": "\x1b"}]}}) == "$.a.b[1].c"
    assert control_character_at(["ok", "\x00"], "$.list") == "$.list[1]"


def test_a_key_with_a_control_character_names_the_object_holding_it() -> None:
    assert control_character_at({"outer": {"bad\x00key": "fine"}}) == "$.outer"


def test_numbers_booleans_and_null_hold_no_text() -> None:
    assert control_character_at({"n": 1, "b": True, "z": None, "f": 1.5, 2: "ok"}) is None
