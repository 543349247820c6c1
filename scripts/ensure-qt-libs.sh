#!/usr/bin/env bash
# Qt's offscreen and xcb platforms load a few system libraries (EGL, fontconfig,
# xkbcommon, dbus). Install them from Debian's packages only when Qt cannot start.
set -euo pipefail
PY=${1:-python3}
check() {
    QT_QPA_PLATFORM=offscreen "$PY" -c \
        'from PySide6.QtWidgets import QApplication; QApplication([])' >/dev/null 2>&1
}
if check; then exit 0; fi
echo "Qt cannot start; installing the system libraries it needs" >&2
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
        libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core >/dev/null
fi
check || { echo "Qt still cannot start; see the message above" >&2; exit 1; }
