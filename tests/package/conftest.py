"""Shared by the package tests: the bundle is built once per run, and the figures IT
asks about (sizes, times) are collected and printed at the end of the run."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "package"
FIGURES: dict[str, str] = {}


def record(name: str, value: str) -> None:
    FIGURES[name] = value


@pytest.fixture(scope="session")
def bundle() -> Iterator[Path]:
    """build/package/dist/kontor, built from the checkout as `make package` does."""
    started = time.monotonic()
    subprocess.run(["bash", str(REPO / "packaging" / "build-bundle.sh")], cwd=REPO,
                   check=True, timeout=1800, stdout=subprocess.DEVNULL)
    record("bundle build (wheel, venv, PyInstaller)", f"{time.monotonic() - started:.0f} s")
    path = OUT / "dist" / "kontor"
    size = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True)
    record("bundle size", f"{size.stdout.split()[0]} MiB")
    yield path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("package figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {value}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "figures.json").write_text(json.dumps(FIGURES, indent=2, ensure_ascii=False))
