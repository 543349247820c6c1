#!/usr/bin/env bash
# Compile the Qt Linguist catalogues desktop/resources/i18n/kontor_*.ts into the .qm
# files the app loads at start (desktop/i18n.py). The .qm files are build output and
# git-ignored, so setup.sh runs this for a checkout (a built wheel gets them from
# setup.py's build step); run it again after editing a .ts file.
#
#   scripts/build-translations.sh            # .ts -> .qm
#   scripts/build-translations.sh --update   # first re-scan desktop/**/*.py for strings
#
# --update keeps existing translations and marks new or changed strings unfinished for
# Qt Linguist. English is the source language, so kontor_en.ts holds only the plural
# forms ("%n pending"); everything else falls back to the source text.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BIN="$VENV/bin"

if [ "${1:-}" = "--update" ]; then
    mapfile -t sources < <(find desktop -name '*.py' -not -path '*/__pycache__/*' | sort)
    "$BIN/pyside6-lupdate" -silent -locations none -source-language en \
        -target-language de "${sources[@]}" -ts desktop/resources/i18n/kontor_de.ts
    "$BIN/pyside6-lupdate" -silent -locations none -pluralonly -source-language en \
        -target-language en "${sources[@]}" -ts desktop/resources/i18n/kontor_en.ts
fi
for ts in desktop/resources/i18n/kontor_*.ts; do
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
