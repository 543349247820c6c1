"""packaging/systemd/kontor-server@.service, the template for several serve processes
on one PostgreSQL database: systemd reads an instance of it without a warning, it is as
hardened as the single unit, and each instance serves on the port its name gives."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from server_stub.cli import build_parser
from tests.integration.test_systemd_unit import INSTALLED, UNIT, _analyze

TEMPLATE = UNIT.with_name("kontor-server@.service")


def _instance(tmp_path: Path, port: int, text: str | None = None) -> Path:
    """The template with this checkout's kontor-server, and an instance of it."""
    here = str(Path(sys.executable).with_name("kontor-server"))
    template = tmp_path / TEMPLATE.name
    template.write_text((text or TEMPLATE.read_text()).replace(INSTALLED, here))
    instance = tmp_path / f"kontor-server@{port}.service"
    instance.symlink_to(template)
    return instance


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_analyze(), "verify", str(unit)], capture_output=True, text=True,
                          timeout=60)


def _settings(text: str) -> set[str]:
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def test_systemd_reads_an_instance_without_a_single_warning(tmp_path: Path) -> None:
    done = _verify(_instance(tmp_path, 8471))
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""


def test_verify_would_catch_a_mistyped_setting_in_the_template(tmp_path: Path) -> None:
    broken = TEMPLATE.read_text().replace("ProtectSystem=strict", "ProtectSystem=strikt")
    done = _verify(_instance(tmp_path, 8471, broken))
    assert "Failed to parse protect system value" in done.stderr


def test_an_instance_is_as_hardened_as_the_single_server(tmp_path: Path) -> None:
    single, template = _settings(UNIT.read_text()), _settings(TEMPLATE.read_text())
    differing = {line.split("=", 1)[0] for line in single ^ template}
    assert differing == {"Description", "After", "ExecStart"}, differing
    done = subprocess.run([_analyze(), "security", "--offline=yes",
                           str(_instance(tmp_path, 8472))],
                          capture_output=True, text=True, timeout=60)
    exposure = re.search(r"Overall exposure level for kontor-server@8472.service: ([\d.]+)",
                         done.stdout)
    assert exposure, done.stdout + done.stderr
    assert float(exposure.group(1)) <= 2.0


def test_each_instance_serves_on_the_port_of_its_name() -> None:
    exec_start = next(line for line in TEMPLATE.read_text().splitlines()
                      if line.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart=").replace("%i", "8473"))
    assert argv[0] == INSTALLED
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.data_dir, args.port, args.log_format) == (
        "serve", "/var/lib/kontor", 8473, "json")
