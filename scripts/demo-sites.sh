#!/usr/bin/env bash
# Two sites of one company, each its own Kontor server with its own demo company, peered
# both ways through the admin CLI: Munich on 8470, Hamburg on 8471. Ctrl+C stops both.
set -euo pipefail
VENV=${VENV:-.venv}
BIN="$VENV/bin"
DIR=${DEMO_SITES_DIR:-demo-sites}
PEOPLE=${DEMO_PEOPLE:-300}
MUC_DIR="$DIR/muenchen" MUC_NAME=muenchen.kontor.local MUC_PORT=${MUC_PORT:-8470}
HAM_DIR="$DIR/hamburg" HAM_NAME=hamburg.kontor.local HAM_PORT=${HAM_PORT:-8471}
server() { "$BIN/kontor-server" "$@"; }

[ -f "$MUC_DIR/kontor.db" ] || server init "$MUC_DIR" --server-name "$MUC_NAME" --demo \
    --people "$PEOPLE" --seed 1
[ -f "$HAM_DIR/kontor.db" ] || server init "$HAM_DIR" --server-name "$HAM_NAME" --demo \
    --people "$PEOPLE" --seed 2

peer() {  # DATA_DIR NAME URL PUBKEY: allow-list the other site once
    if ! server peer list "$1" --json | grep -q "\"name\": \"$2\""; then
        server peer add "$1" "$2" "$3" --key "$4"
    fi
}
peer "$MUC_DIR" "$HAM_NAME" "http://127.0.0.1:$HAM_PORT" "$(server key show "$HAM_DIR")"
peer "$HAM_DIR" "$MUC_NAME" "http://127.0.0.1:$MUC_PORT" "$(server key show "$MUC_DIR")"

server serve "$MUC_DIR" --host 127.0.0.1 --port "$MUC_PORT" &
MUC_PID=$!
server serve "$HAM_DIR" --host 127.0.0.1 --port "$HAM_PORT" &
HAM_PID=$!
stop() {
    kill "$MUC_PID" "$HAM_PID" 2>/dev/null || true
    wait "$MUC_PID" "$HAM_PID" 2>/dev/null || true
}
trap stop EXIT INT TERM
echo "Munich:  http://127.0.0.1:$MUC_PORT ($MUC_NAME)"
echo "Hamburg: http://127.0.0.1:$HAM_PORT ($HAM_NAME)"
echo "Sign in at either as jana.schroeder / kontor-demo; each sees both sites' people."
echo "Federation status: $BIN/kontor-server peer list $MUC_DIR   (Ctrl+C stops both)"
wait
