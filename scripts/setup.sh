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
# The real-window test and scripts/screenshots.py: a virtual X display, clicks and keys
# sent to it, screenshots of it (tests/desktop/real_window.py).
if [ "$(uname)" = Linux ] && ! { command -v Xvfb && command -v xdotool && command -v import; } \
        >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq xvfb xdotool imagemagick >/dev/null
fi
# The accessible-tree test: a private D-Bus session bus and the AT-SPI accessibility bus
# on it, as a screen reader finds it (tests/desktop/accessibility_bus.py).
if [ "$(uname)" = Linux ] && ! { command -v dbus-daemon >/dev/null 2>&1 && {
        [ -x /usr/libexec/at-spi-bus-launcher ] \
        || [ -x /usr/lib/at-spi2-core/at-spi-bus-launcher ]; }; }; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq dbus at-spi2-core >/dev/null
fi
VENV="$VENV" bash scripts/build-translations.sh
