"""kontor-server import of HR's CSV export: German Excel's Windows-1252 with `;`, UTF-8
with a byte order mark and `,`, a column mapping in kontor.toml, and problems named by
line. The same export in either form gives the same directory, and importing it
again writes nothing.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.config import load_config
from server_stub.directory_import.schedule import sync_once
from tests.integration.directory_support import Db, imported, init_data_dir, run

MAPPING = """
[server.directory.csv]
encoding = "auto"
delimiter = "auto"

[server.directory.csv.columns]
key = "Personalnummer"
given_name = "Vorname"
family_name = "Nachname"
email = "E-Mail"
unit = "Abteilung"
title = "Stellenbezeichnung"
manager = "Vorgesetzter"
site = "Standort"
username = "Benutzer"
phones = ["Telefon", "Mobil"]
"""

HEADER = ["Personalnummer", "Vorname", "Nachname", "E-Mail", "Abteilung",
          "Stellenbezeichnung", "Vorgesetzter", "Standort", "Telefon", "Mobil", "Benutzer"]
ROWS = [
    ["1000", "Katrin", "Vogel", "katrin.vogel@muster.example", "Geschäftsführung",
     "Geschäftsführerin", "", "München", "+49 89 4711-100", "", ""],
    ["1001", "Jörg", "Weiß", "joerg.weiss@muster.example", "Vertrieb", "Leiter Vertrieb",
     "1000", "München", "+49 89 4711-200", "+49 170 1234567", "joerg.weiss"],
    ["1002", "Zeynep", "Kaya", "", "Vertrieb", "Sachbearbeiterin Aufträge", "1001",
     "München", "", "", ""],
    ["1003", "François", "Dubois", "", "Vertrieb", "Außendienst; Süd", "1001", "Nürnberg",
     "", "", ""],
]


def csv_text(rows: list[list[str]], separator: str) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if separator in value else value
    return "".join(separator.join(cell(v) for v in row) + "\r\n" for row in [HEADER, *rows])


def write(path: Path, text: str, encoding: str, bom: bool = False) -> Path:
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode(encoding))
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return init_data_dir(tmp_path / "data", MAPPING, "joerg.weiss")


@pytest.fixture
def db(data_dir: Path) -> Iterator[Db]:
    db = Db(data_dir)
    yield db
    db.close()


def import_errors(data_dir: Path, file: Path) -> list[str]:
    code, _, err = run("import", str(data_dir), str(file))
    assert code == 1 and err.rstrip().endswith("nothing imported."), err
    return err.splitlines()


def test_a_german_excel_export_in_windows_1252_imports_with_its_umlauts(
        data_dir: Path, tmp_path: Path, db: Db) -> None:
    export = write(tmp_path / "mitarbeiter.csv", csv_text(ROWS, ";"), "cp1252")
    assert b"\xf6" in export.read_bytes()  # "ö" as Windows-1252 writes it
    summary = imported(data_dir, str(export))
    assert summary["people"]["created"] == 4 and summary["units"]["created"] == 2
    joerg = db.person("1001")
    assert (joerg.given_name, joerg.family_name, joerg.site) == ("Jörg", "Weiß", "München")
    assert [(x.label, x.number) for x in joerg.phones] == [
        ("Telefon", "+49 89 4711-200"), ("Mobil", "+49 170 1234567")]
    assert db.manager_key("1002") == "1001" and db.manager_key("1001") == "1000"
    assert db.manager_key("1000") is None
    assert db.unit("Vertrieb").name == "Vertrieb"
    assert db.account("joerg.weiss")[0] == joerg.id
    # A quoted separator stays in its value; the one person whose manager sits
    # elsewhere leads the unit.
    assert db.position("1003").title == "Außendienst; Süd"
    assert db.unit("Vertrieb").lead_position_id == db.position("1001").id


def test_the_same_export_in_utf8_with_bom_and_commas_changes_nothing(
        data_dir: Path, tmp_path: Path, db: Db) -> None:
    imported(data_dir, str(write(tmp_path / "a.csv", csv_text(ROWS, ";"), "cp1252")))
    head = db.head()
    again = imported(data_dir, str(write(tmp_path / "b.csv", csv_text(ROWS, ","), "utf-8",
                                         bom=True)))
    assert again["people"] == {"created": 0, "updated": 0, "unchanged": 4, "missing": [],
                               "left": 0, "vacated": 0}
    assert db.head() == head  # minimal writes: not one feed entry


def test_a_changed_row_is_the_only_write_and_a_missing_person_leaves_with_prune(
        data_dir: Path, tmp_path: Path, db: Db) -> None:
    imported(data_dir, str(write(tmp_path / "a.csv", csv_text(ROWS, ";"), "utf-8")))
    head = db.head()
    changed = [row[:] for row in ROWS[:3]]
    changed[2][3] = "zeynep.kaya@muster.example"
    export = write(tmp_path / "b.csv", csv_text(changed, ";"), "utf-8")
    dry = imported(data_dir, str(export), "--dry-run", "--prune")
    assert dry["people"]["left"] == 1 and db.head() == head
    summary = imported(data_dir, str(export), "--prune")
    assert summary["people"]["updated"] == 1 and summary["people"]["left"] == 1
    assert db.person("1002").email == "zeynep.kaya@muster.example"
    assert db.person("1003").status == "left"


def test_a_mapped_column_missing_from_the_header_is_named(
        data_dir: Path, tmp_path: Path, db: Db) -> None:
    text = csv_text(ROWS, ";").replace("Abteilung", "Kostenstelle", 1)
    errors = import_errors(data_dir, write(tmp_path / "x.csv", text, "utf-8"))
    assert any("line 1: column 'Abteilung' (mapped to unit) is not in the header" in e
               and "'Kostenstelle'" in e for e in errors), errors
    assert db.keys() == {}


def test_bad_rows_are_named_by_line_all_in_one_run(
        data_dir: Path, tmp_path: Path, db: Db) -> None:
    rows = [row[:] for row in ROWS]
    rows[1][0] = ""  # no key: line 3
    rows[2][6] = "9999"  # a manager not in the file: line 4
    rows.append(["1004", "Ute", "Lang"])  # too few fields: line 6
    errors = import_errors(data_dir, write(tmp_path / "x.csv", csv_text(rows, ";"), "utf-8"))
    assert "kontor-server: line 3: key (column 'Personalnummer') empty" in errors
    assert "kontor-server: line 6: 3 fields, the header has 11 (a separator inside a value " \
        "needs quotes)" in errors
    # Rows are checked first, references once every row is in.
    circle = [row[:] for row in ROWS]
    circle[0][6] = "1002"  # 1000 -> 1002 -> 1001 -> 1000
    errors = import_errors(data_dir, write(tmp_path / "y.csv", csv_text(circle, ";"), "utf-8"))
    assert any(e.startswith("kontor-server: line 2 (key '1000'): the reporting line runs in "
                            "a circle") for e in errors), errors
    rows = [row[:] for row in ROWS]
    rows[2][6] = "9999"
    errors = import_errors(data_dir, write(tmp_path / "z.csv", csv_text(rows, ";"), "utf-8"))
    assert "kontor-server: line 4 (key '1002'): manager '9999' is not in the file" in errors
    assert db.keys() == {}


def test_a_configured_encoding_that_does_not_fit_names_the_line(
        tmp_path: Path) -> None:
    data_dir = init_data_dir(tmp_path / "data", MAPPING.replace(
        'encoding = "auto"', 'encoding = "utf-8"'))
    export = write(tmp_path / "x.csv", csv_text(ROWS, ";"), "cp1252")
    errors = import_errors(data_dir, export)
    assert "kontor-server: line 2: byte 0xe4 is not utf-8 (configured as encoding)" in errors


def test_a_csv_without_a_mapping_is_refused_with_the_setting_to_add(tmp_path: Path) -> None:
    data_dir = init_data_dir(tmp_path / "data", "")
    export = write(tmp_path / "x.csv", csv_text(ROWS, ";"), "utf-8")
    code, _, err = run("import", str(data_dir), str(export))
    assert code == 1 and "needs [server.directory.csv]" in err


def test_a_typo_in_the_mapping_stops_at_the_configuration(tmp_path: Path) -> None:
    data_dir = init_data_dir(tmp_path / "data", MAPPING.replace("given_name =", "givenname ="))
    export = write(tmp_path / "x.csv", csv_text(ROWS, ";"), "utf-8")
    code, _, err = run("import", str(data_dir), str(export))
    assert code == 1 and "givenname" in err and "invalid setting" in err


def test_the_scheduled_sync_reads_the_file_hr_drops(tmp_path: Path) -> None:
    export = write(tmp_path / "export.csv", csv_text(ROWS, ";"), "cp1252")
    data_dir = init_data_dir(tmp_path / "data", f'\n[server.directory]\nsync_source = "csv"\n'
                             f'sync_file = "{export}"\nsync_daily_at = "02:30"\n'
                             "sync_max_leaving_share = 0.5\n"
                             + MAPPING, "joerg.weiss")
    config = load_config(data_dir)
    assert sync_once(config).people.created == 4
    export.write_bytes(csv_text(ROWS[:3], ";").encode("cp1252"))  # 1003 left the company
    summary = sync_once(config)
    assert summary.people.left == 1 and summary.people.unchanged == 3
