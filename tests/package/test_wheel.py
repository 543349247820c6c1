"""`pip install .` as IT would do it: the wheel alone must make a working app.

The wheel is built from the checkout, installed into a fresh venv outside it, and the
installed `kontor` is started (offscreen) to its sign-in dialog: the window icon must be
drawn from the package's SVG and the dialog must speak German, which only happens when
the wheel carries the compiled .qm catalogue. `kontorctl --help` must answer too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("probe_installed_app.py")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the built wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(root / "dist"), str(REPO)], check=True, cwd=root)
    (wheel,) = (root / "dist").glob("kontor-*.whl")
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, cwd=root)
    return root


def run_installed(root: Path, *args: str, env: dict[str, str] | None = None,
                  ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


class TestInstalledWheel:
    def test_the_app_starts_with_its_icon_and_in_german(self, installed: Path) -> None:
        managed = installed / "managed.ini"
        managed.write_text("[kontor]\nlanguage = de\nlanguage_locked = true\n")
        home = installed / "home"
        home.mkdir(exist_ok=True)
        env = {
            "PATH": os.environ["PATH"], "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "QT_QPA_PLATFORM": "offscreen",
            "KONTOR_MANAGED_CONFIG": str(managed),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "KONTOR_PASSPHRASE": "a passphrase for this test",
        }
        python = installed / "venv" / "bin" / "python"
        done = run_installed(installed, str(python), "-I", str(PROBE),
                             "--profile", str(home / "profile"), env=env)
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert Path(seen["desktop_module"]).is_relative_to(installed / "venv")
        assert seen["window_titles"] == ["Bei Kontor anmelden"]
        assert seen["app_icon_drawn"] is True
        assert seen["language"] == "de"

    def test_the_wheel_carries_compiled_catalogues_not_sources(self, installed: Path) -> None:
        (wheel,) = (installed / "dist").glob("kontor-*.whl")
        names = zipfile.ZipFile(wheel).namelist()
        assert "desktop/resources/i18n/kontor_de.qm" in names
        assert "desktop/resources/icons/kontor.svg" in names
        assert not [name for name in names if name.endswith(".ts")]

    def test_kontorctl_answers_help(self, installed: Path) -> None:
        done = run_installed(installed, str(installed / "venv" / "bin" / "kontorctl"),
                             "--help")
        assert done.returncode == 0, done.stderr
        assert "login" in done.stdout and "people" in done.stdout
