"""Mutation testing of the rule modules with cosmic-ray (docs/reliability.md).

    .venv/bin/python scripts/mutation_tool.py            # every module below
    .venv/bin/python scripts/mutation_tool.py signing    # one of them, by name
    .venv/bin/python scripts/mutation_tool.py --jobs 3   # three modules at a time

cosmic-ray makes every mutation its operators know (comparisons, boolean and arithmetic
operators, numbers, removed decorators, ...) one at a time and runs the tests named for
the module; a mutant the tests do not fail on "survived". It changes files on disk, so
it works in a copy of the tracked files under build/mutants/<module>/, never in the
work tree. `|` is left alone: in these modules it only joins types in annotations, which
are never evaluated (`from __future__ import annotations`), so each of its mutants would
be an equivalent survivor. Prints per module: mutants, killed, survived, time, and every
survivor's diff; the same goes to build/mutants/report.txt. Exit code 1 if any mutant
survived that is not in EQUIVALENT (survivors that behave exactly like the original,
with the reason). Files must be tracked by git (added) to be copied.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "mutants"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Target:
    name: str
    module: str
    tests: tuple[str, ...]


TARGETS = (
    Target("params", "server_stub/params.py", ("tests/unit/server_stub/test_params.py",)),
    Target("text_rules", "server_stub/text_rules.py",
           ("tests/unit/server_stub/test_text_rules.py",)),
    Target("rules", "sync/protocol/rules.py", ("tests/unit/sync/protocol/test_rules.py",)),
    Target("login_throttle", "server_stub/services/login_throttle.py",
           ("tests/unit/server_stub/test_login_throttle.py",)),
    Target("signing", "server_stub/federation/signing.py",
           ("tests/unit/server_stub/test_signing_window.py",
            "tests/unit/server_stub/test_signing_strict.py")),
    Target("shared_throttle", "server_stub/services/shared_throttle.py",
           ("tests/integration/test_sign_in_rows.py",
            "tests/integration/test_login_slowdown.py")),
    Target("auth_routes", "server_stub/routes/auth.py",
           ("tests/integration/test_login_slowdown.py", "tests/integration/test_login.py",
            "tests/integration/test_ldap_sign_in.py")),
    Target("org_rules", "server_stub/services/org_rules.py",
           ("tests/unit/server_stub/services/test_org_rules.py",)),
    Target("apply", "sync/cache/write/apply.py", ("tests/unit/sync/test_apply.py",)),
    Target("outbox", "sync/cache/write/outbox.py", ("tests/unit/sync/test_outbox.py",)),
)

# Survivors that cannot be told from the original by any caller: (module, the mutated
# line as it reads after the mutation, stripped) -> why. Kept short and explained in
# docs/reliability.md.
_APPLY, _OUTBOX = "sync/cache/write/apply.py", "sync/cache/write/outbox.py"
_OPS = 'an op is only "put" or "delete" (the feed decoder\'s Op)'
_OWN = "kind runs over this module's own table names, the very same objects"
_SIGNING = "server_stub/federation/signing.py"
_SHARED = "server_stub/services/shared_throttle.py"
_TYPE_IS = "a type equals only itself: == on types is identity"
_NONCE_BYTES = ("17 or 19 random bytes make a nonce as unguessable, and as valid (16 to 64 "
                "letters are taken)")
EQUIVALENT: dict[tuple[str, str], str] = {
    (_SIGNING, 'body: bytes = b"", /, now: float | None = None,'):
        "every caller names now and nonce, which either form accepts",
    ("sync/protocol/rules.py",
     'def may_edit_position(org: OrgLookup, person_id: str | None, position: Position, /,'):
        "every caller names is_admin, which either form accepts",
    ("sync/protocol/rules.py", '@dataclass(frozen=False, slots=True)'):
        "nothing assigns to, hashes or subclasses an OrgLookup",
    ("sync/protocol/rules.py", '@dataclass(frozen=True, slots=False)'):
        "nothing assigns to, hashes or subclasses an OrgLookup",
    (_SIGNING, '@dataclass(frozen=False, slots=True)'):
        "nothing assigns to, hashes or subclasses a ParsedSignature",
    (_SIGNING, '@dataclass(frozen=True, slots=False)'):
        "nothing assigns to, hashes or subclasses a ParsedSignature",
    (_SIGNING, 'value if type(value) == str and not item_params else None'):
        _TYPE_IS,
    (_SIGNING, 'if type(value) != int or value < 0:  # not bool, which is an int to Python'):
        _TYPE_IS,
    (_SIGNING, 'if type(value) != str:  # a Token or a Display String is not the same thing'):
        _TYPE_IS,
    (_SIGNING, '"nonce": nonce or secrets.token_urlsafe( 17), "keyid": keyid, "alg": "ed25519"})'):
        _NONCE_BYTES,
    (_SIGNING, '"nonce": nonce or secrets.token_urlsafe( 19), "keyid": keyid, "alg": "ed25519"})'):
        _NONCE_BYTES,
    ("sync/protocol/rules.py",
     'def may_hand_over(org: OrgLookup, person_id: str | None, position: Position, /,'):
        "every caller names is_admin, which either form accepts",
    ("sync/protocol/rules.py",
     'def may_lead_unit(org: OrgLookup, person_id: str | None, unit_id: str, /,'):
        "every caller names is_admin, which either form accepts",
    ("sync/protocol/rules.py",
     'if space.space_kind <= "announcements" and role != "moderator":'):
        "the other kinds (site, team, topic) all sort after announcements",
    ("sync/protocol/rules.py",
     'space.space_kind <= "announcements" and space.visibility != "members")'):
        "the other kinds (site, team, topic) all sort after announcements",
    (_SHARED, 'now: int, lock: bool = True) -> LoginThrottle:'):
        "a lock in the read before the password check or in a success only makes a "
        "concurrent failure wait; the possible answers are the same (the failure's own "
        "read locks: test_failures_at_once_from_many_connections_all_count)",
    (_SHARED, 'if before.trusted.get(pair) is not at})'):
        "after.trusted holds before.trusted's very objects; only a success puts a new "
        "time in",
    (_SHARED, 'if any(entry.count <= 0 for entry in before.by_key.values()):  # a new key'):
        "a count is never below 0",
    (_SHARED, 'if any(entry.count >= 0 for entry in before.by_key.values()):  # a new key'):
        "the table's bound then is looked at after every failure, not only after one that "
        "made a key: a query more, the same rows",
    (_SHARED, 'MAX_KEYS = 100001'):
        "a bound one key later, which no sign-in can tell (the spray test fills past it)",
    (_SHARED, 'MAX_KEYS = 99999'):
        "a bound one key earlier, which no sign-in can tell (the spray test fills past it)",
    ("server_stub/routes/auth.py", 'if wait != 0:'):
        "a wait is never below 0 (LoginThrottle.retry_after: the max of 0 and the waits)",
    ("server_stub/services/login_throttle.py", 'blocked_until: float = -1.0'):
        "a fresh count's wait: any time not after now means no wait (max with 0.0)",
    ("server_stub/params.py",
     'def whole_number(raw: str, /, code: str, message: str, minimum: int = 0) -> int:'):
        "every caller names code, message and minimum",
    ("server_stub/params.py",
     'def whole_number(raw: str, *, code: str, message: str, minimum: int = -1) -> int:'):
        "only ASCII digits pass, so no value is below 0 anyway",
    (_APPLY,
     'def optimize_search(cache: Cache, /, min_writes: int = 20_000) -> bool:'):
        'every caller names min_writes',
    (_APPLY,
     'if change.op <= "delete":'):
        _OPS,
    (_APPLY,
     'and previous.op >= "put"'):
        _OPS,
    (_APPLY,
     'and change.op >= "put"'):
        _OPS,
    (_APPLY,
     'deletes = [c.id for c in records.values() if c.op <= "delete"]'):
        _OPS,
    (_APPLY,
     'puts = [c.record for c in records.values() if c.op >= "put"]'):
        _OPS,
    (_APPLY,
     'if any(c.op <= "put" for c in by_kind.get("hub_run", {}).values()):'):
        'a deleted run leaves no current run to keep: the drop deletes nothing',
    (_APPLY,
     'if any(c.op >= "put" for c in by_kind.get("hub_run", {}).values()):'):
        _OPS,
    (_APPLY,
     'if kind is "position" and touched:'):
        _OWN,
    (_APPLY,
     'elif kind is "org_unit" and touched:'):
        _OWN,
    (_APPLY,
     'elif kind <= "org_unit" and touched:'):
        'ids of other kinds are no unit of any position: nothing more is marked',
    (_APPLY,
     'elif kind >= "org_unit" and touched:'):
        'ids of other kinds are no unit of any position: nothing more is marked',
    (_APPLY,
     'elif kind == "org_unit" or touched:'):
        'without ids no position is marked; '
        'ids of other kinds are no unit of any position',
    (_APPLY,
     'if table.kind is "checklist_item":'):
        _OWN,
    (_APPLY,
     'if table.kind <= "checklist_item":'):
        'no tick has an item id of another kind: nothing more is deleted',
    (_APPLY,
     'if table.kind >= "checklist_item":'):
        'no tick has an item id of another kind: nothing more is deleted',
    (_APPLY,
     'and cast(Record, previous.record).version >= cast(Record, change.record).version'):
        'an equal version is the same record',
    (_APPLY,
     '@dataclass(frozen=False, slots=True)'):
        'nothing assigns to _Table or ApplyResult',
    (_APPLY,
     '@dataclass(frozen=True, slots=False)'):
        'nothing subclasses or adds attributes',
    (_APPLY,
     '@dataclass(slots=False)'):
        '_Counts is private, its fields only added to',
    (_APPLY,
     'removed: @dataclass(slots=True)'):
        "_Counts' fields are then class defaults, each += sets the instance's own",
    (_APPLY,
     'updates = ", ".join(f"{c} = excluded.{c}" for c in cols[ 0:])'):
        'sets id to itself',
    (_APPLY,
     'updates = ", ".join(f"{c} = excluded.{c}" for c in cols[ 2:])'):
        "origin (where the record was born) never changes; no reader takes it from the column",
    (_APPLY,
     'return {row[ -1] for row in conn.execute(sql, (_ids_json(ids),)) if row[0] is not None}'):
        'single-column rows',
    (_APPLY,
     'return {row[0] for row in conn.execute(sql, (_ids_json(ids),)) if row[ -1] is not None}'):
        'single-column rows',
    (_APPLY,
     'return [r for r in puts if r.version > stored.get(r.id, -1)]'):
        'every version is at least 1',
    (_APPLY,
     'written = 0 if row is None else int(row[ -1])'):
        'single-column row',
    (_OUTBOX,
     '/,'):
        'every caller of OutboxItem.new names its fields',
    (_OUTBOX,
     'return row is not None and row[ -1] is not None'):
        'single-column row',
    (_OUTBOX,
     'if row[ -1] != "failed":'):
        'single-column row',
    (_OUTBOX,
     'if not TYPE_CHECKING:'):
        'Cache is only named in annotations; importing it costs nothing',
    (_OUTBOX,
     '@dataclass(frozen=True, slots=False)'):
        'nothing subclasses OutboxItem or adds attributes',
    (_OUTBOX,
     '@dataclass(frozen=False, slots=True)'):
        'nothing assigns to an OutboxItem (dataclasses.replace)',
    (_OUTBOX,
     'if row[0] > "failed":'):
        'a state is only "pending" or "failed"',
    (_OUTBOX,
     'if cur.rowcount <= 0:'):
        'an UPDATE or DELETE never counts -1 rows',
    (_OUTBOX,
     'seq= -1,'):
        'enqueue and restore leave seq to the cache',
    (_OUTBOX,
     'seq= 1,'):
        'enqueue and restore leave seq to the cache',
}


@dataclass
class Outcome:
    target: Target
    mutants: int = 0
    killed: int = 0
    survivors: list[tuple[str, str]] = field(default_factory=list)  # (line, diff)
    other: int = 0  # incompetent or timed out (counted as killed by cosmic-ray)
    seconds: float = 0.0


def copy_tree(tree: Path) -> None:
    if tree.exists():
        shutil.rmtree(tree)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def mutated_line(diff: str) -> str:
    """The first added line; for a mutant that only removes (a decorator), "removed: "
    and the first removed line that is not blank."""
    lines = diff.splitlines()
    added = next((line[1:].strip() for line in lines
                  if line.startswith("+") and not line.startswith("+++")), None)
    if added is not None:
        return added
    return next((f"removed: {line[1:].strip()}" for line in lines
                 if line.startswith("-") and not line.startswith("---") and line[1:].strip()), "")


# The tests' hypothesis examples the same in every run (tests/conftest.py: the "ci"
# profile), so a mutant is killed or survives the same way each time.
_REPEATABLE = {**os.environ, "CI": "1"}
# Plugins these plain tests do not need; loading them costs a third of each run.
_NO_PLUGINS = "-p no:cacheprovider -p no:pytestqt -p no:schemathesis -p no:hypothesispytest"


def run(target: Target, resume: bool = False) -> Outcome:
    """resume: go on with a session a stopped run left (cosmic-ray exec does what is
    left to do), in the tree it was copied to."""
    outcome = Outcome(target)
    tree = WORK / target.name
    config = WORK / f"{target.name}.toml"
    session = WORK / f"{target.name}.sqlite"
    resume = resume and session.exists() and tree.exists()
    if not resume:
        copy_tree(tree)
        session.unlink(missing_ok=True)
    tests = " ".join(target.tests)
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{target.module}"\n'
        "timeout = 120.0\n"
        "excluded-modules = []\n"
        f'test-command = "{sys.executable} -m pytest -x -q {_NO_PLUGINS} {tests}"\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
        "[cosmic-ray.filters.operators-filter]\n"
        'exclude-operators = ["core/ReplaceBinaryOperator_BitOr_.*"]\n', encoding="utf-8")
    started = time.monotonic()
    steps = [("cosmic-ray", "init", config, session), ("cr-filter-operators", session, config)]
    for tool, *rest in [*([] if resume else steps), ("cosmic-ray", "exec", config, session)]:
        subprocess.run([str(BIN / str(tool)), *map(str, rest)], cwd=tree, check=True,
                       capture_output=True, env=_REPEATABLE)
    outcome.seconds = time.monotonic() - started
    dump = subprocess.run([str(BIN / "cosmic-ray"), "dump", str(session)], cwd=tree,
                          capture_output=True, text=True, check=True).stdout
    for line in dump.splitlines():
        _, result = json.loads(line)
        if result is None or result["worker_outcome"] == "skipped":
            continue
        outcome.mutants += 1
        if result["test_outcome"] == "survived":
            diff = result.get("diff") or ""
            outcome.survivors.append((mutated_line(diff), diff))
        else:
            outcome.killed += 1
            outcome.other += result["worker_outcome"] != "normal"
    return outcome


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="modules by name (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="modules run at the same time")
    parser.add_argument("--resume", action="store_true",
                        help="go on where a stopped run left off")
    args = parser.parse_args(argv)
    chosen = [t for t in TARGETS if not args.names or t.name in args.names]
    WORK.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    unexplained = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda t: run(t, args.resume), chosen))
    for outcome in outcomes:
        target = outcome.target
        report.append(f"{target.module}: {outcome.mutants} mutants, {outcome.killed} killed "
                      f"({outcome.other} of them by a timeout or an import error), "
                      f"{len(outcome.survivors)} survived, {outcome.seconds:.0f} s")
        for line, diff in outcome.survivors:
            reason = EQUIVALENT.get((target.module, line))
            unexplained += reason is None
            report.append(f"  survived{' (equivalent: ' + reason + ')' if reason else ''}:")
            report.extend(f"    {d}" for d in diff.splitlines() if d.startswith(("+", "-"))
                          and not d.startswith(("+++", "---")))
    (WORK / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
