#!/usr/bin/env bash
# One-time set-up of a fresh machine: system libraries Qt needs, the virtual
# environment, the project and its test tools. Safe to run again.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "Kontor needs Python 3.11 or newer" >&2; exit 1; }
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'
bash scripts/ensure-qt-libs.sh "$VENV/bin/python"
bash scripts/ensure-server-tools.sh
VENV="$VENV" bash scripts/build-translations.sh
