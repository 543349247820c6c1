#!/usr/bin/env bash
# Start the Kontor server with the demo company (created on first run) and, when the
# desktop app is installed, open it signed in as the demo user.
set -euo pipefail
VENV=${VENV:-.venv}
DEMO_DIR=${DEMO_DIR:-demo-data}
DEMO_PEOPLE=${DEMO_PEOPLE:-300}
DEMO_PORT=${DEMO_PORT:-8470}
BIN="$VENV/bin"

if [ ! -f "$DEMO_DIR/kontor.db" ]; then
    "$BIN/kontor-server" init "$DEMO_DIR" --server-name demo.kontor.local \
        --demo --people "$DEMO_PEOPLE"
fi
"$BIN/kontor-server" serve "$DEMO_DIR" --host 127.0.0.1 --port "$DEMO_PORT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT INT TERM
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$DEMO_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
echo "Server running on http://127.0.0.1:$DEMO_PORT; opening the desktop app."
# Without an OS keyring (a bare Linux session) the demo profile's cache key is derived
# from this demo-only passphrase; with a keyring, the keyring holds a random key.
export KONTOR_PASSPHRASE=${KONTOR_PASSPHRASE:-kontor-demo-profile}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
    echo "No display found: the app runs offscreen (set DISPLAY to see it)." >&2
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
fi
"$BIN/python" -m desktop.demo "http://127.0.0.1:$DEMO_PORT" "$DEMO_DIR/desktop-profile" \
    "${DEMO_USER:-jana.schroeder}"
