"""The build step that makes the translations package data.

The Qt Linguist sources (desktop/resources/i18n/*.ts) are what we edit; the app loads
the compiled .qm files. Compiling them here, in the build backend, puts them into every
wheel (and so into every bundle made from one), instead of relying on a build script
having been run in the checkout. lrelease comes from PySide6, a build requirement in
pyproject.toml. An editable install compiles them in place, beside the sources.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

I18N = Path("desktop") / "resources" / "i18n"


def lrelease_path() -> Path:
    import PySide6

    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).resolve().parent / name


def compile_translations(source_dir: Path, target_dir: Path) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    compiled = []
    for ts in sorted(source_dir.glob("kontor_*.ts")):
        qm = target_dir / f"{ts.stem}.qm"
        subprocess.run([str(lrelease_path()), "-silent", str(ts), "-qm", str(qm)], check=True)
        compiled.append(qm)
    if not compiled:
        raise SystemExit(f"no translations found in {source_dir}")
    return compiled


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        if self.editable_mode:
            target = here / I18N
        else:
            # The sources reach the build through the manifest; the wheel needs only the
            # compiled catalogues (and never a stale .qm from the checkout).
            target = Path(self.build_lib) / I18N
            for stale in [*target.glob("*.ts"), *target.glob("*.qm")]:
                stale.unlink()
        self._qm_files = [str(qm) for qm in compile_translations(here / I18N, target)]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_qm_files", [])]


setup(cmdclass={"build_py": BuildWithTranslations})
