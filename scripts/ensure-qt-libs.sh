#!/usr/bin/env bash
# Qt loads system libraries that a Python wheel cannot bring: the offscreen platform
# (tests, no display) needs EGL, fontconfig, xkbcommon and dbus; the xcb platform (the
# app on a Linux desktop with X11 or XWayland) needs the xcb set (libxcb-cursor0,
# libxcb-icccm4, libxcb-keysyms1, ...). Both are checked on Linux, display or not: set-up
# often runs in a terminal without a display, and `make demo` then fails on the desktop.
# The xcb libraries are found with ldd on Qt's xcb plugin (no display needed); with a
# DISPLAY, the xcb platform is also started for real. What is missing is installed from
# Debian's packages (Debian, Ubuntu).
#
#   ensure-qt-libs.sh [PYTHON]          check, install what is missing, check again
#   ensure-qt-libs.sh [PYTHON] --check  only check: list what is missing, exit 1 if any
set -euo pipefail
PY=${1:-python3}
MODE=${2:-install}
OFFSCREEN_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
    fonts-dejavu-core"
XCB_PACKAGES="libxcb1 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
    libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxcb-util1
    libxkbcommon-x11-0 libsm6 libice6"

starts() {  # PLATFORM: can a QApplication start on it?
    QT_QPA_PLATFORM=$1 "$PY" -c \
        'from PySide6.QtWidgets import QApplication; QApplication([])' >/dev/null 2>&1
}
missing_xcb() {  # the libraries Qt's xcb plugin links that this system lacks, one a line
    local qt
    qt=$("$PY" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')
    ldd "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6" 2>/dev/null \
        | awk '/not found/ {print $1}' | sort -u
}
problems() {  # prints what is wrong, nothing when Qt is ready on both platforms
    starts offscreen || echo "the offscreen platform does not start"
    [ "$(uname)" = Linux ] || return 0
    local lacking
    lacking=$(missing_xcb)
    [ -z "$lacking" ] || echo "the xcb platform lacks: $(echo $lacking)"
    if [ -z "$lacking" ] && [ -n "${DISPLAY:-}" ] && ! starts xcb; then
        echo "the xcb platform does not start on DISPLAY=$DISPLAY"
    fi
}

found=$(problems)
if [ -z "$found" ]; then exit 0; fi
echo "Qt: $found" >&2
if [ "$MODE" = --check ]; then exit 1; fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Install Qt's system libraries with your package manager (see above)." >&2
    exit 1
fi
echo "installing the system libraries Qt needs" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package lists is meant
$SUDO apt-get install -y -qq $OFFSCREEN_PACKAGES $XCB_PACKAGES >/dev/null
found=$(problems)
if [ -n "$found" ]; then
    echo "Qt still cannot start: $found" >&2
    exit 1
fi
