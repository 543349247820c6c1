"""The directory file's checks: what IT sees for a broken or hostile HR export."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from server_stub.directory_import.file_format import (
    DirectoryFile,
    DirectoryFileError,
    parse_directory,
)

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "org-import.json"


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def problems_of(directory: dict[str, Any] | bytes) -> list[str]:
    data = directory if isinstance(directory, bytes) else json.dumps(directory).encode()
    with pytest.raises(DirectoryFileError, match=r"problem\(s\) in the directory file") as raised:
        parse_directory(data)
    return raised.value.problems


def chain(length: int, *, closed: bool) -> dict[str, Any]:
    """One unit, positions P0 -> P1 -> ... reporting upwards; closed: the top reports to P0."""
    positions = [{"key": f"P{i}", "title": "Stelle", "unit": "U",
                  "reports_to": f"P{i + 1}" if i + 1 < length else ("P0" if closed else None)}
                 for i in range(length)]
    return {"units": [{"key": "U", "name": "Firma", "kind": "company"}],
            "positions": positions, "people": []}


def parsed_within(directory: dict[str, Any], seconds: float) -> DirectoryFile | Exception:
    """Parse in a thread and wait at most `seconds`: a check that never ends fails the test
    instead of hanging the run (the quadratic check took 97 s for 4,000 positions)."""
    result: list[DirectoryFile | Exception] = []

    def run() -> None:
        try:
            result.append(parse_directory(json.dumps(directory).encode()))
        except DirectoryFileError as exc:
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"checking the file took longer than {seconds} s"
    return result[0]


class TestCircles:
    def test_a_long_reporting_line_is_accepted(self) -> None:
        parsed = parsed_within(chain(4000, closed=False), 30)
        assert isinstance(parsed, DirectoryFile) and len(parsed.positions) == 4000

    def test_a_long_circle_is_reported_once_at_its_first_entry(self) -> None:
        failed = parsed_within(chain(4000, closed=True), 30)
        assert isinstance(failed, DirectoryFileError) and failed.total == 1
        assert failed.problems[0].startswith(
            "positions[0] (key 'P0'): the reporting line runs in a circle (P0 -> P1 -> P2")
        assert failed.problems[0].endswith("P3998 -> P3999 -> P0)")

    def test_a_circle_entered_from_outside_names_only_its_members(self) -> None:
        directory = chain(5, closed=False)
        directory["positions"][4]["reports_to"] = "P2"  # P0 -> P1 -> (P2 -> P3 -> P4 -> P2)
        assert problems_of(directory) == [
            "positions[2] (key 'P2'): the reporting line runs in a circle "
            "(P2 -> P3 -> P4 -> P2)"]

    def test_the_unit_tree_is_checked_the_same_way(self) -> None:
        directory = example()
        directory["units"][0]["parent"] = "U-112"
        assert problems_of(directory) == [
            "units[0] (key 'U-100'): the parent chain runs in a circle "
            "(U-100 -> U-112 -> U-111 -> U-110 -> U-100)"]


class TestHostileFiles:
    def test_lists_nested_ten_thousand_deep_are_a_problem_not_a_crash(self) -> None:
        assert problems_of(b'{"units": ' + b"[" * 10_000 + b"]" * 10_000 + b"}") == [
            "not a directory file: JSON nested too deeply"]

    def test_a_file_over_the_size_limit_is_not_decoded(self) -> None:
        [problem] = problems_of(b" " * (256 * 1024 * 1024 + 1))
        assert problem.startswith("the file has 268,435,457 bytes; at most 268,435,456")


class TestKeys:
    def test_whitespace_around_keys_is_not_part_of_them(self) -> None:
        directory = example()
        directory["positions"][4]["key"] = " P-1121\t"
        directory["positions"][4]["unit"] = "U-112 "
        directory["positions"][3]["deputy"] = "P-1121"
        parsed = parse_directory(json.dumps(directory).encode())
        assert parsed.positions[4].key == "P-1121" and parsed.positions[4].unit == "U-112"

    def test_a_control_character_in_a_key_is_named_visibly(self) -> None:
        directory = example()
        directory["people"][4]["key"] = "E-0005\x00"
        directory["positions"][4]["holder"] = "E-0005\x00"
        assert problems_of(directory) == [
            "positions[4] (key 'P-1121'): holder 'E-0005\\x00' holds a control character",
            "people[4] (key 'E-0005\\x00'): key 'E-0005\\x00' holds a control character"]

    def test_keys_in_problems_are_quoted(self) -> None:
        directory = example()
        directory["positions"][4]["unit"] = "U 112"
        assert problems_of(directory) == [
            "positions[4] (key 'P-1121'): unit 'U 112' is not in the file"]
