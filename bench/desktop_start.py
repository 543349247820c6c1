"""Desktop start-up, search-as-you-type and memory on a large cache.

With a synced profile of a --people N demo company (default 100000), started with the
server stopped, so every figure is the app on its encrypted cache alone (an offline
start; with a reachable server the sync runs beside it in the app's worker thread):
- seconds from process start to the main window showing the screen it opens on,
  Start here, filled (the greeting, team and people to meet; target under 1.5 s),
  median and spread of several cold-ish starts, against the baseline of a
  bare PySide6 process showing an empty QMainWindow with a QListView (same machine,
  same run): the ratio is what Kontor adds;
- search-as-you-type latency: each prefix of a few names applied to the People model
  (the work behind one keystroke, without the debounce delay), p50/p95;
- RSS after opening People, scrolling to the end and opening 50 person cards (target
  under 150 MB).

Run: .venv/bin/python bench/desktop_start.py [--people 100000] [--profile DIR]
A --profile from an earlier run (printed at the end) skips the slow set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


PASSPHRASE = "bench passphrase, not a secret"  # noqa: S105
START_TARGET_S = 1.5
RSS_TARGET_MB = 150
STARTS = 5
QUERIES = ("Müller", "Mueller", "Schröder", "Weiss", "Becker", "Anna", "SAP", "Hamburg")


def env() -> dict[str, str]:
    out = dict(os.environ)
    out.update({"KONTOR_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen",
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    return out


def make_profile(args: argparse.Namespace, root: Path) -> Path:
    from bench.common import kontor_server, log, prepare_demo

    demo = prepare_demo(args, root)
    profile = root / "profile"
    with kontor_server(demo.data_dir, root) as server:
        log("signing in and syncing the profile (this is the initial-sync benchmark's work)")
        subprocess.run(
            [sys.executable, "-m", "sync.kontorctl", "--profile", str(profile), "login", server.url,
             "jana.schroeder", "--password-stdin", "-q"],
            input="kontor-demo\n", text=True, check=True, env=env(), stdout=subprocess.DEVNULL)
    return profile


def child(mode: str, profile: Path) -> None:
    """Runs in a fresh process; prints one JSON line of results."""
    import psutil

    born = psutil.Process().create_time()
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication, QListView, QMainWindow

    app = QApplication([])
    if mode == "baseline":
        window = QMainWindow()
        window.setCentralWidget(QListView())
        window.show()
        app.processEvents()
        print(json.dumps({"start": time.time() - born}))
        return
    from desktop.app import Kontor
    from desktop.settings import AppSettings

    os.environ["KONTOR_MANAGED_CONFIG"] = str(profile / "no-managed.ini")
    user_ini = profile / f"bench-user-{mode}.ini"
    user_ini.unlink(missing_ok=True)  # no remembered screen: the first start's Start here
    settings = AppSettings.load(QSettings(str(user_ini), QSettings.Format.IniFormat))
    kontor = Kontor(profile, settings, interactive=False)
    kontor.start()
    # Wait in short event-loop slices, not a hot processEvents() loop (PySide6 leaks a
    # reference to None per call, and millions of calls crash the interpreter).
    def start_here_filled() -> bool:
        window = kontor.window
        view = window.views.get("start") if window is not None else None
        return (view is not None and window is not None and window.isVisible()
                and window.stack.currentWidget() is view
                and getattr(view, "stamp", None) is not None)

    while not start_here_filled():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)
    app.processEvents()
    started = time.time() - born
    result: dict[str, object] = {"start": started}
    if mode == "full":
        assert kontor.window is not None
        people = kontor.window.navigate("people")
        model = people.model
        latencies = []
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                t0 = time.perf_counter()
                model.set_filter(query[:end])
                model.rowCount()
                latencies.append((time.perf_counter() - t0) * 1000)
        model.set_filter("")
        result["search_ms"] = latencies
        root = model.index(0, 0).parent()
        while model.canFetchMore(root):
            model.fetchMore(root)
        people.list.scrollToBottom()
        app.processEvents()
        result["rows"] = model.rowCount()
        step = max(1, model.rowCount() // 50)
        for row in range(0, step * 50, step):
            person = model.person_at(row)
            if person is not None:
                people.show_person(person.id)
                app.processEvents()
        result["rss_mb"] = psutil.Process().memory_info().rss / 2**20
    kontor.stop()
    print(json.dumps(result))


def run_child(mode: str, profile: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(profile)],
                          capture_output=True, text=True, env=env(), check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def compile_sources() -> None:
    """Byte-compile Kontor's modules first, as an installed app has them (the bundle and
    the wheel ship compiled code): with PYTHONDONTWRITEBYTECODE set, every start would
    otherwise compile the app's sources again (0.1-0.2 s measured) and time that."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("desktop", "sync"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> int:
    # Imported here, not at the top: a child measuring start-up imports only what the
    # app (or the bare baseline) imports, not the harness's HTTP client.
    from bench.common import add_common_args, log, percentile, print_table, workdir

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.add_argument("--profile", type=Path, help="an already synced profile to reuse")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    with workdir(args) as root:
        profile = args.profile or make_profile(args, root)
        compile_sources()
        log("measuring start-up")
        baseline = [float(run_child("baseline", profile)["start"]) for _ in range(STARTS)]
        starts = [float(run_child("start", profile)["start"]) for _ in range(STARTS)]
        log("measuring search and memory")
        full = run_child("full", profile)
        search = [float(x) for x in full["search_ms"]]  # type: ignore[union-attr]
        start = statistics.median(starts)
        base = statistics.median(baseline)
        spread = f"{min(starts):.2f}–{max(starts):.2f} s"
        rss = float(full["rss_mb"])  # type: ignore[arg-type]
        print_table(f"Desktop on a {args.people}-person cache", [
            (f"start to Start here filled (median of {STARTS}, spread {spread})",
             f"{start:.2f} s  target < {START_TARGET_S} s "
             f"{'met' if start < START_TARGET_S else 'MISSED'}"),
            ("baseline: bare Qt window (median of 5)", f"{base:.2f} s"),
            ("ratio", f"{start / base:.1f}x"),
            ("search as you type p50 / p95",
             f"{percentile(search, 50):.1f} / {percentile(search, 95):.1f} ms "
             f"({len(search)} keystrokes)"),
            ("rows after scrolling to the end", str(full["rows"])),
            ("RSS after People, scroll, 50 cards",
             f"{rss:.0f} MB  target < {RSS_TARGET_MB} MB "
             f"{'met' if rss < RSS_TARGET_MB else 'MISSED'}"),
        ])
        if not args.profile:
            print(f"(profile kept for reuse only with --keep: {profile})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
