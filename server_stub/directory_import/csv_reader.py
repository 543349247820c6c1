"""HR's CSV export read into the import's document ([server.directory.csv]).

HR systems write CSV the way Excel reads it in their country: in Germany with `;`
between fields and in Windows-1252, elsewhere `,` and UTF-8, often with a byte order
mark. The encoding and the separator are found out (or configured); the first line is
the header, and the column mapping names which header holds which field. Every
problem names its line, so HR can fix the export in one round.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

from server_stub.directory_import.file_format import MAX_FILE_BYTES, DirectoryFileError, too_big
from server_stub.directory_import.flat import FlatDocument, FlatPerson, FlatUnit, build_document
from server_stub.directory_settings import CsvColumns, CsvSettings

_TEXT_FIELDS = ("email", "site", "building", "room", "username")


def decode(data: bytes, encoding: str) -> tuple[str, str]:
    """The text and the encoding it was read in; DirectoryFileError naming the line of
    the first byte that does not fit."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8"
    tried = ("utf-8", "windows-1252") if encoding == "auto" else (encoding,)
    for name in tried:
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            if name != tried[-1]:
                continue
            line = data[:exc.start].count(b"\n") + 1
            raise DirectoryFileError([
                f"line {line}: byte 0x{data[exc.start]:02x} is not {name}"
                + (" (configured as encoding)" if encoding != "auto" else
                   " (the file is neither UTF-8 nor Windows-1252)")]) from None
    raise AssertionError("unreachable")


def _delimiter(text: str, configured: str) -> str:
    if configured != "auto":
        return configured
    header = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=header.count)


def _header_index(header: list[str], columns: CsvColumns) -> tuple[dict[str, int], list[str]]:
    """field -> column index (phones: "phones:<header>"), and the problems."""
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    problems = []
    wanted = [(name, getattr(columns, name)) for name in CsvColumns.__struct_fields__
              if name != "phones"] + [(f"phones:{h}", h) for h in columns.phones]
    for field, title in wanted:
        if not title:
            continue
        if title.strip() not in names:
            problems.append(f"line 1: column {title!r} (mapped to {field.split(':')[0]}) is "
                            f"not in the header; it has: {', '.join(repr(n) for n in names)}")
        else:
            index[field] = names.index(title.strip())
    if not columns.unit:
        problems.append("the column mapping needs unit (each person's department)")
    return index, problems


def _person(line: int, row: list[str], index: dict[str, int], columns: CsvColumns,
            problems: list[str]) -> FlatPerson | None:
    def cell(field: str) -> str:
        at = index.get(field)
        return row[at].strip() if at is not None else ""

    where = f"line {line}"
    missing = [f"{name} (column {getattr(columns, name)!r})"
               for name in ("key", "given_name", "family_name", "unit") if not cell(name)]
    if missing:
        key = cell("key")
        problems.append(f"{where}{f' (key {key!r})' if key else ''}: "
                        f"{', '.join(missing)} empty")
        return None
    fields: dict[str, Any] = {name: cell(name) for name in _TEXT_FIELDS if cell(name)}
    phones = [{"label": h, "number": cell(f"phones:{h}")} for h in columns.phones
              if cell(f"phones:{h}")]
    if phones:
        fields["phones"] = phones
    unit = cell("unit_key") or cell("unit")
    return FlatPerson(where, cell("key"), cell("given_name"), cell("family_name"), unit,
                      title=cell("title"), manager=cell("manager") or None, fields=fields)


def read_csv(data: bytes, settings: CsvSettings) -> FlatDocument:
    """The checked document from a CSV export; DirectoryFileError lists every problem."""
    if len(data) > MAX_FILE_BYTES:
        raise DirectoryFileError([too_big(len(data))])
    text, _ = decode(data, settings.encoding)
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=_delimiter(text, settings.delimiter), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise DirectoryFileError(["the file is empty (a header line is required)"])
        index, problems = _header_index(header, settings.columns)
        if problems:
            raise DirectoryFileError(problems)
        people: list[FlatPerson] = []
        units: dict[str, FlatUnit] = {}
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(f"line {line}: {len(row)} fields, the header has "
                                f"{len(header)} (a separator inside a value needs quotes)")
                continue
            person = _person(line, row, index, settings.columns, problems)
            if person is None:
                continue
            people.append(person)
            name = row[index["unit"]].strip()
            units.setdefault(person.unit, FlatUnit(person.unit, name))
    except csv.Error as exc:
        raise DirectoryFileError([f"line {reader.line_num}: {exc}"]) from None
    if problems:
        raise DirectoryFileError(problems)
    return build_document(people, list(units.values()), outside_manager="error")
