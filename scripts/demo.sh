#!/usr/bin/env bash
# Start the Kontor server with the demo company (created on first run) and open the
# desktop app signed in as the demo user; closing the app stops the server. Without a
# display (a Linux server, an ssh session) there is no app to open: the server keeps
# serving, for kontorctl or an app elsewhere, until Ctrl+C or SIGTERM.
set -euo pipefail
VENV=${VENV:-.venv}
DEMO_DIR=${DEMO_DIR:-demo-data}
DEMO_PEOPLE=${DEMO_PEOPLE:-300}
DEMO_PORT=${DEMO_PORT:-8470}
DEMO_USER=${DEMO_USER:-jana.schroeder}
BIN="$VENV/bin"
URL="http://127.0.0.1:$DEMO_PORT"

if [ ! -f "$DEMO_DIR/kontor.db" ]; then
    "$BIN/kontor-server" init "$DEMO_DIR" --server-name demo.kontor.local \
        --demo --people "$DEMO_PEOPLE"
    # The information hubs, computed once now rather than at the server's first night.
    "$BIN/kontor-server" hubs compute "$DEMO_DIR" >/dev/null
fi
"$BIN/kontor-server" serve "$DEMO_DIR" --host 127.0.0.1 --port "$DEMO_PORT" &
SERVER=$!
stop() {
    trap - EXIT INT TERM
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
healthy() {
    if command -v curl >/dev/null 2>&1; then
        curl -fs "$URL/healthz" >/dev/null 2>&1
    else
        "$BIN/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
            "$URL/healthz" >/dev/null 2>&1
    fi
}
until healthy; do
    if ! kill -0 "$SERVER" 2>/dev/null; then
        echo "The server did not start (see above; is port $DEMO_PORT in use? DEMO_PORT=...)" >&2
        exit 1
    fi
    sleep 0.2
done

if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "The demo server runs at $URL: sign in as $DEMO_USER, password kontor-demo."
    echo "No display found, and the desktop app needs one: run 'make demo' in a desktop"
    echo "session (or with DISPLAY set). Meanwhile, from another terminal:"
    echo "    $BIN/kontorctl login $URL $DEMO_USER"
    echo "The server keeps serving until Ctrl+C."
    while kill -0 "$SERVER" 2>/dev/null; do
        sleep 1 & wait $! || true
    done
    exit 1  # the server ended by itself
fi
if [ "$(uname)" = Linux ]; then
    bash scripts/ensure-qt-libs.sh "$BIN/python"  # the xcb libraries of this desktop
fi
echo "The demo server runs at $URL; opening the desktop app as $DEMO_USER (closing it stops the server)."
# Without an OS keyring (a bare Linux session) the demo profile's cache key is derived
# from this demo-only passphrase; with a keyring, the keyring holds a random key.
export KONTOR_PASSPHRASE=${KONTOR_PASSPHRASE:-kontor-demo-profile}
"$BIN/python" -m desktop.demo "$URL" "$DEMO_DIR/desktop-profile" "$DEMO_USER"
