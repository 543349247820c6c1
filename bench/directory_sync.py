"""Server benchmark: the nightly directory sync from a real OpenLDAP slapd.

    .venv/bin/python bench/directory_sync.py                 # 20,000 people, 3 runs
    .venv/bin/python bench/directory_sync.py --people 2000   # quick check

slapd (from Debian's packages, scripts/ensure-server-tools.sh) is filled offline with
slapadd from a generated LDIF (tests/integration/ldap_staff.py: people in OUs by
division and department, each with a manager DN) and served over LDAPS with a CA made
here. Each figure is the median of RUNS runs, with min and max and the load average:

1. first sync: the directory read page by page (read_ldap) and imported into an empty
   data directory (a fresh copy each run): read time, import time, write-lock time
   (from taking SQLite's write lock to the commit: what the server's writes wait).
2. re-sync of the unchanged directory into the synced data directory: nothing written.
3. re-sync after 1% of the entries changed their title.
Baselines in the same run: a bare ldap3 paged search that only reads every entry, and
the same records imported from the JSON file `kontor-server import` reads.
"""

from __future__ import annotations

import argparse
import shutil
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import ldap3
import msgspec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from common import load_average, log, machine, print_table  # noqa: E402

from server_stub.cli import main as kontor_server  # noqa: E402
from server_stub.config import load_config  # noqa: E402
from server_stub.directory_import.file_format import parse_directory  # noqa: E402
from server_stub.directory_import.ldap_reader import read_ldap  # noqa: E402
from server_stub.directory_import.run import Loaded, apply  # noqa: E402
from server_stub.directory_import.summary import ImportSummary  # noqa: E402
from tests.integration.ldap_staff import STAFF, staff, staff_ldif  # noqa: E402
from tests.integration.ldap_support import (  # noqa: E402
    ROOT_DN,
    ROOT_PASSWORD,
    SERVICE_DN,
    SERVICE_PASSWORD,
    Slapd,
    running_slapd,
)

T = TypeVar("T")


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})")


def config_text(slapd: Slapd, secret: Path, page_size: int) -> str:
    return f"""
[server.directory.ldap]
url = "{slapd.ldaps_url}"
ca_file = "{slapd.ca_file}"
bind_dn = "{SERVICE_DN}"
password_file = "{secret}"
base_dn = "{STAFF}"
disabled_filter = "(employeeType=disabled)"
page_size = {page_size}

[server.directory.ldap.attributes]
key = "employeeNumber"
"""


def bare_search(slapd: Slapd, page_size: int) -> int:
    tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=str(slapd.ca_file))
    host, port = slapd.ldaps_url.removeprefix("ldaps://").split(":")
    conn = ldap3.Connection(ldap3.Server(host, int(port), use_ssl=True, tls=tls),
                            SERVICE_DN, SERVICE_PASSWORD, auto_bind=True)
    try:
        return sum(1 for e in conn.extend.standard.paged_search(
            STAFF, "(objectClass=inetOrgPerson)", attributes=["*"], paged_size=page_size,
            generator=True) if e.get("type") == "searchResEntry")
    finally:
        conn.unbind()


def timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=500)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="kontor-bench-directory-"))
    try:
        run(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(args: argparse.Namespace, root: Path) -> None:
    people, ous = staff(args.people)
    generated, ldif = timed(lambda: staff_ldif(people, ous))
    log(f"generated {len(people):,} people in {len(ous):,} OUs ({generated:.1f} s)")
    started = time.perf_counter()
    with running_slapd(root / "slapd", str(ldif), maxsize=2**30) as slapd:
        log(f"slapadd and slapd up in {time.perf_counter() - started:.1f} s")
        secret = root / "secret"
        secret.write_text(SERVICE_PASSWORD)
        empty = root / "empty"
        assert kontor_server(["init", str(empty)]) == 0
        toml = empty / "kontor.toml"
        toml.write_text(toml.read_text() + config_text(slapd, secret, args.page_size))
        rows: dict[str, list[float]] = {}
        loads: list[str] = []

        def note(name: str, seconds: float) -> None:
            rows.setdefault(name, []).append(seconds)

        synced = root / "synced"
        as_json = b""
        for i in range(args.runs):
            loads.append(load_average())
            seconds, found = timed(partial(bare_search, slapd, args.page_size))
            assert found == args.people
            note("baseline: bare paged search (read only)", seconds)
            target = root / f"first-{i}"
            shutil.copytree(empty, target)
            read_s, document = timed(partial(read_ldap, load_config(target)))
            loaded = Loaded(document.document.directory, [], document.disabled_keys,
                            from_directory=True)
            import_s, summary = timed(partial(sync_into, target, loaded))
            assert summary.people.created == args.people
            note("first sync: read the directory", read_s)
            note("first sync: import", import_s)
            note("first sync: total", read_s + import_s)
            note("first sync: write lock held", summary.lock_seconds)
            if i == 0:
                shutil.copytree(target, synced)
                as_json = msgspec.json.encode(loaded.directory)
            # Baseline: the same records from the JSON file, into an empty directory.
            json_dir = root / f"json-{i}"
            shutil.copytree(empty, json_dir)
            json_s, json_summary = timed(partial(import_json, json_dir, as_json))
            note("baseline: same records from JSON (parse + import)", json_s)
            note("baseline: JSON write lock held", json_summary.lock_seconds)
            shutil.rmtree(target)
            shutil.rmtree(json_dir)
            log(f"run {i + 1}: first sync {read_s + import_s:.1f} s, JSON {json_s:.1f} s")
        for _ in range(args.runs):
            total, summary = timed(partial(resync, synced))
            assert summary.people.unchanged == args.people
            note("re-sync, nothing changed: total", total)
            note("re-sync, nothing changed: write lock held", summary.lock_seconds)
        admin = admin_connection(slapd)
        for i in range(args.runs):
            for person in people[i::100]:
                admin.modify(person.dn, {"title": [(ldap3.MODIFY_REPLACE, [f"Neu {i}"])]})
            total, summary = timed(partial(resync, synced))
            assert summary.positions.updated == len(people[i::100])
            note("re-sync, 1% changed: total", total)
            note("re-sync, 1% changed: write lock held", summary.lock_seconds)
        admin.unbind()
    print_table(f"Directory sync, {args.people:,} people from slapd, page size "
                f"{args.page_size} ({machine()}; load before each run: {', '.join(loads)})",
                [(name, spread(values)) for name, values in rows.items()])


def sync_into(data_dir: Path, loaded: Loaded) -> ImportSummary:
    return apply(load_config(data_dir), loaded, prune=True, disable_accounts=True)


def import_json(data_dir: Path, document: bytes) -> ImportSummary:
    return apply(load_config(data_dir), Loaded(parse_directory(document), [],
                                               from_directory=True), prune=True)


def resync(data_dir: Path) -> ImportSummary:
    """What the scheduled sync does: read the directory, import it."""
    config = load_config(data_dir)
    found = read_ldap(config)
    return apply(config, Loaded(found.document.directory, [], found.disabled_keys,
                                from_directory=True), prune=True, disable_accounts=True)


def admin_connection(slapd: Slapd) -> ldap3.Connection:
    tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=str(slapd.ca_file))
    host, port = slapd.ldaps_url.removeprefix("ldaps://").split(":")
    return ldap3.Connection(ldap3.Server(host, int(port), use_ssl=True, tls=tls),
                            ROOT_DN, ROOT_PASSWORD, auto_bind=True)


if __name__ == "__main__":
    main()
