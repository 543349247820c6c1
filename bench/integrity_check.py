"""What the check after an unclean exit costs: opening a profile's files with and without
reading every page (PRAGMA cipher_integrity_check on the replica and the store, plus
quick_check of the small store; sync/cache/db.py).

    .venv/bin/python bench/initial_sync.py --workdir /tmp/ic --keep   # makes a profile
    .venv/bin/python bench/integrity_check.py /tmp/ic/profile          # then this

The profile's key comes from the passphrase of bench/initial_sync.py. Each figure is the
median of --runs opens (default 5) with min and max beside, and the load average at the
start and end. CPU seconds are printed too: on a shared machine they depend little on the
load. The page cache of the OS is warm after the first run; the first run is
printed on its own (the nearest to a cold start this machine allows without root).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from common import load_average, machine, mib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
PASSPHRASE = "kontor benchmark passphrase"  # bench/initial_sync.py's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sync.cache.db import Cache, store_path_for
    from sync.cache.read.people import count_people
    from sync.keys import KeyStore
    from sync.profile import open_profile

    profile = open_profile(args.profile)
    key = KeyStore(profile.dir, profile.id, lambda: PASSPHRASE).get()
    assert key is not None, "no key: is this a profile of bench/initial_sync.py?"
    Cache.open(profile.cache_path, key).close()  # migrate first, outside the figures

    cpu: dict[bool, list[float]] = {True: [], False: []}

    def timed(check: bool) -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        cache = Cache.open(profile.cache_path, key, check=check)
        took = time.perf_counter() - start
        cpu[check].append(time.process_time() - start_cpu)
        cache.close()
        return took

    load_start = load_average()
    first = timed(True)
    with_check = [timed(True) for _ in range(args.runs)]
    without = [timed(False) for _ in range(args.runs)]
    load_end = load_average()
    with Cache.open(profile.cache_path, key, readonly=True) as cache:
        people = count_people(cache)

    def row(values: list[float]) -> str:
        return (f"{statistics.median(values):.2f} s (min {min(values):.2f}, "
                f"max {max(values):.2f})")

    print(f"| machine | {machine()} |")
    print(f"| people in the cache | {people:,} |")
    print(f"| cache.db / store.db | {mib(profile.cache_path.stat().st_size)} / "
          f"{mib(store_path_for(profile.cache_path).stat().st_size)} |")
    print(f"| open with the check, first run | {first:.2f} s |")
    print(f"| open with the check, median of {args.runs} | {row(with_check)} |")
    print(f"| open without, median of {args.runs} | {row(without)} |")
    print(f"| CPU seconds with the check, median | {statistics.median(cpu[True][1:]):.2f} s |")
    print(f"| load average start / end | {load_start} / {load_end} |")


if __name__ == "__main__":
    main()
