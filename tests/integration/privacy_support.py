"""kontor-server's privacy commands as an admin runs them, beside a running server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.integration.test_cli import CLEAN_ENV, REPO


async def admin(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """One kontor-server command in its own process (the event loop keeps serving)."""
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "server_stub.cli", *args], input=stdin,
        capture_output=True, text=True, timeout=120, cwd=REPO, env=CLEAN_ENV)


async def admin_json(*args: str) -> Any:
    done = await admin(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def add_settings(data_dir: Path, text: str) -> None:
    """Append settings to the [server] table of kontor.toml (it is the last table)."""
    path = data_dir / "kontor.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
