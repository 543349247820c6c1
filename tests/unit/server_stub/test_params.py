"""The one strict reader of numbers in headers and queries, at each of its edges."""

from __future__ import annotations

import pytest

from server_stub.errors import ApiError
from server_stub.params import (
    MAX_DIGITS,
    entity_tag_version,
    flag,
    is_number,
    page_limit,
    whole_number,
)


def refusal(call: object) -> tuple[int, str]:
    assert callable(call)
    with pytest.raises(ApiError, match=".") as caught:
        call()
    return caught.value.status, caught.value.code


class TestWholeNumber:
    @pytest.mark.parametrize("text", ["0", "7", "007", "9" * MAX_DIGITS])
    def test_ascii_digits_up_to_the_limit_are_numbers(self, text: str) -> None:
        assert is_number(text)
        assert whole_number(text, code="bad", message="m") == int(text)

    @pytest.mark.parametrize("text", ["", "²", "٣", "1" * (MAX_DIGITS + 1), "-1", "+1", " 1",
                                      "1 ", "1.0", "0x1", "1\n"])
    def test_anything_else_is_a_400_with_the_callers_code(self, text: str) -> None:
        assert not is_number(text)
        assert refusal(lambda: whole_number(text, code="invalid_count", message="m")) == (
            400, "invalid_count")

    def test_the_minimum_is_allowed_and_one_below_is_not(self) -> None:
        assert whole_number("3", code="c", message="m", minimum=3) == 3
        assert refusal(lambda: whole_number("2", code="c", message="m", minimum=3)) == (
            400, "c")

    def test_the_message_is_the_callers(self) -> None:
        with pytest.raises(ApiError, match="^limit must be positive$"):
            whole_number("x", code="c", message="limit must be positive")


class TestIfMatch:
    @pytest.mark.parametrize(("raw", "version"), [
        ("3", 3), ('"3"', 3), ('W/"3"', 3), (' \t"12"\t ', 12), ("9" * MAX_DIGITS, 10**15 - 1),
    ])
    def test_the_forms_of_a_version(self, raw: str, version: int) -> None:
        assert entity_tag_version(raw) == version

    @pytest.mark.parametrize("raw", ['"3', '3"', "W/3x", "w/\"3\"", "²", "", '""',
                                     "1" * (MAX_DIGITS + 1), "*", "3,4"])
    def test_anything_else_is_invalid_if_match(self, raw: str) -> None:
        with pytest.raises(ApiError, match=f"1 to {MAX_DIGITS} digits") as caught:
            entity_tag_version(raw)
        assert (caught.value.status, caught.value.code) == (400, "invalid_if_match")


class TestLimitAndFlag:
    def test_absent_is_the_default_and_a_large_one_is_capped(self) -> None:
        assert page_limit(None, 50, 500) == 50
        assert page_limit("1", 50, 500) == 1
        assert page_limit("500", 50, 500) == 500
        assert page_limit("501", 50, 500) == 500

    def test_zero_is_no_limit_but_a_400(self) -> None:
        assert refusal(lambda: page_limit("0", 50, 500)) == (400, "invalid_limit")

    @pytest.mark.parametrize(("raw", "value"), [(None, False), ("0", False), ("1", True)])
    def test_a_flag_is_absent_0_or_1(self, raw: str | None, value: bool) -> None:
        assert flag(raw, "count") is value

    @pytest.mark.parametrize("raw", ["", "2", "true", "yes", "01", "1 "])
    def test_any_other_flag_is_invalid_parameter_naming_it(self, raw: str) -> None:
        with pytest.raises(ApiError, match="^count must be 0 or 1.$") as caught:
            flag(raw, "count")
        assert (caught.value.status, caught.value.code) == (400, "invalid_parameter")


def test_a_flag_is_read_by_value_not_by_identity() -> None:
    """Query values come from a parser, and an equal string is not always the same
    object ("1" made by str(1) is a new one)."""
    one, zero = str(1), str(0)
    assert flag(one, "count") is True
    assert flag(zero, "count") is False
