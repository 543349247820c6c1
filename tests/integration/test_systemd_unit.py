"""packaging/systemd/kontor-server.service as systemd reads it: no warning, hardened.

systemd-analyze comes with the systemd package (scripts/ensure-server-tools.sh installs
it where it is missing). `verify` checks the real ExecStart binary exists, so the test
points ExecStart at this checkout's kontor-server and changes nothing else.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from server_stub.cli import build_parser

UNIT = Path(__file__).parents[2] / "packaging" / "systemd" / "kontor-server.service"
INSTALLED = "/opt/kontor/bin/kontor-server"


def _analyze() -> str:
    found = shutil.which("systemd-analyze")
    assert found, "systemd-analyze is missing: run scripts/ensure-server-tools.sh"
    return found


def _local_unit(tmp_path: Path, text: str | None = None) -> Path:
    here = str(Path(sys.executable).with_name("kontor-server"))
    path = tmp_path / "kontor-server.service"
    path.write_text((text or UNIT.read_text()).replace(INSTALLED, here))
    return path


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_analyze(), "verify", str(unit)], capture_output=True, text=True,
                          timeout=60)


def test_systemd_reads_the_unit_without_a_single_warning(tmp_path: Path) -> None:
    done = _verify(_local_unit(tmp_path))
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""


def test_verify_would_catch_a_mistyped_setting(tmp_path: Path) -> None:
    broken = UNIT.read_text().replace("ProtectSystem=strict", "ProtectSystem=strikt")
    done = _verify(_local_unit(tmp_path, broken))
    assert "Failed to parse protect system value" in done.stderr


def test_the_service_runs_hardened_as_its_own_user(tmp_path: Path) -> None:
    text = UNIT.read_text()
    for line in ("User=kontor", "StateDirectory=kontor", "StateDirectoryMode=0700",
                 "UMask=0077", "ProtectSystem=strict", "NoNewPrivileges=yes",
                 "PrivateTmp=yes", "ProtectHome=yes", "CapabilityBoundingSet=",
                 "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"):
        assert line in text.splitlines(), line
    done = subprocess.run([_analyze(), "security", "--offline=yes", str(_local_unit(tmp_path))],
                          capture_output=True, text=True, timeout=60)
    exposure = re.search(r"Overall exposure level for kontor-server.service: ([\d.]+)",
                         done.stdout)
    assert exposure, done.stdout + done.stderr
    assert float(exposure.group(1)) <= 2.0  # systemd's scale: 0 (locked down) to 10


def test_its_command_line_is_one_kontor_server_understands() -> None:
    exec_start = next(line for line in UNIT.read_text().splitlines()
                      if line.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart="))
    assert argv[0] == INSTALLED
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.data_dir, args.log_format) == ("serve", "/var/lib/kontor",
                                                               "json")
