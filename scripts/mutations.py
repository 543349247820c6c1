"""Apply one-line mutations to the sign-in slow-down and the federation signature rules
and check that the tests named for each fail (docs/reliability.md).

    .venv/bin/python scripts/mutations.py

Each mutation is made in the work tree, its tests run, and the file is restored;
exit code 1 if any mutation survives.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
THROTTLE_TESTS = ["tests/unit/server_stub/test_login_throttle.py",
                  "tests/integration/test_login_slowdown.py"]
SIGNING_TESTS = ["tests/unit/server_stub/test_signing_window.py"]

# (what it breaks, file, the exact text, what it becomes, tests that must fail)
MUTATIONS = [
    ("sign-in: the address left out of the throttle", "server_stub/routes/auth.py",
     "address = _client_address(request)", 'address = "everywhere"', THROTTLE_TESTS),
    ("sign-in: the user name left out of the throttle", "server_stub/routes/auth.py",
     "wait = await database.read(shared_throttle.retry_after_txn, throttle, body.username,",
     'wait = await database.read(shared_throttle.retry_after_txn, throttle, "someone",',
     THROTTLE_TESTS),
    ("sign-in: no doubling of the wait", "server_stub/services/login_throttle.py",
     "self.base_delay * 2**over", "self.base_delay", THROTTLE_TESTS),
    ("sign-in: no reset after a success", "server_stub/services/login_throttle.py",
     "        self.by_key.pop(pair, None)\n", "", THROTTLE_TESTS),
    ("sign-in: trust never fades", "server_stub/services/login_throttle.py",
     "if now - self.trusted.get(pair, -TRUST_SECONDS) >= TRUST_SECONDS:",
     "if pair not in self.trusted:", THROTTLE_TESTS),
    ("signature: from the future accepted", "server_stub/federation/signing.py",
     "if parsed.created > now + CLOCK_SKEW_SECONDS:", "if False:", SIGNING_TESTS),
    ("signature: expired accepted", "server_stub/federation/signing.py",
     "if now > parsed.expires + CLOCK_SKEW_SECONDS:", "if False:", SIGNING_TESTS),
    ("signature: Date may disagree with created", "server_stub/federation/signing.py",
     "if abs(sent - parsed.created) > CLOCK_SKEW_SECONDS:", "if False:", SIGNING_TESTS),
    ("signature: no upper limit on the validity window", "server_stub/federation/signing.py",
     "if not 0 < parsed.expires - parsed.created <= VALIDITY_SECONDS:",
     "if not 0 < parsed.expires - parsed.created:", SIGNING_TESTS),
    ("signature: body digest not checked", "server_stub/federation/signing.py",
     "if not secrets.compare_digest(sent_digest, hashlib.sha256(body).digest()):",
     "if False:", SIGNING_TESTS),
]


def main() -> int:
    survived = 0
    for name, file, before, after, tests in MUTATIONS:
        path = REPO / file
        original = path.read_text(encoding="utf-8")
        if original.count(before) != 1:
            print(f"cannot apply: {name} ({file} changed?)")
            survived += 1
            continue
        path.write_text(original.replace(before, after), encoding="utf-8")
        try:
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                cwd=REPO, capture_output=True, text=True, check=False)
        finally:
            path.write_text(original, encoding="utf-8")
        killed = run.returncode != 0
        survived += not killed
        print(f"{'killed  ' if killed else 'SURVIVED'} {name}")
    print(f"{len(MUTATIONS) - survived} of {len(MUTATIONS)} mutations killed")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
