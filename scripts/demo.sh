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
if [ -x "$BIN/kontor" ] && "$BIN/python" -c 'import desktop.app' 2>/dev/null \
        && "$BIN/python" -c 'import desktop.demo' 2>/dev/null; then
    "$BIN/python" -m desktop.demo "http://127.0.0.1:$DEMO_PORT" "$DEMO_DIR/desktop-profile"
else
    echo "Server running on http://127.0.0.1:$DEMO_PORT (Ctrl+C stops it)."
    wait $SERVER
fi
