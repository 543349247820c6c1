#!/usr/bin/env bash
# Build the one-folder bundle build/package/dist/kontor/ (kontor + kontorctl) from a
# clean checkout: the wheel first (it compiles the translations), installed into a venv
# of its own, then PyInstaller over that venv with packaging/kontor.spec. Freezing the
# installed wheel, not the checkout, means the bundle holds what `pip install` gives.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
OUT=${OUT:-build/package}
VENV="$OUT/venv"

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
rm -rf "$OUT/wheel"
"$VENV/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$OUT/wheel" .
wheel=$(ls "$OUT"/wheel/kontor-*.whl)
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"
"$VENV/bin/python" -m pip install --quiet "kontor[package] @ file://$PWD/$wheel"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" packaging/kontor.spec
# kontorctl: on Windows its own console program, here a link (see kontor.spec).
[ -e "$OUT/dist/kontor/kontorctl" ] || ln -s kontor "$OUT/dist/kontor/kontorctl"
echo "bundle: $OUT/dist/kontor ($(du -sh "$OUT/dist/kontor" | cut -f1))"
