"""The example managed.ini the .deb ships (/usr/share/doc/kontor/examples/) is one IT
can copy as it is: it loads, and it names every setting there is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sync.policy.model import load_policy
from sync.policy.schema import value_names

EXAMPLE = Path(__file__).resolve().parents[4] / "packaging" / "managed.ini"


class TestTheExampleFile:
    def test_copied_as_it_is_it_loads(self, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path))
        (tmp_path / "kontor").mkdir()
        shutil.copy(EXAMPLE, tmp_path / "kontor" / "managed.ini")
        policy = load_policy()
        assert policy.managed_value("server_url") == "https://kontor.example.com"
        assert policy.is_locked("server_url")

    def test_it_names_every_setting_set_or_commented_out(self) -> None:
        named = set(re.findall(r"^;?([a-z_]+) =", EXAMPLE.read_text(encoding="utf-8"), re.M))
        locks = {name for name in value_names() if name.endswith("_locked")}
        assert value_names() - locks <= named
        assert named <= value_names()
