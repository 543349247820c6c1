#!/usr/bin/env bash
# Two sites of one demo company, each served by its own Kontor server that holds its own
# site's people, units, spaces and what they wrote, peered both ways: München on 8470
# (the head office, with jana.schroeder), Hamburg on 8471. Federation brings each
# server the other site's company-visible records. Ctrl+C or SIGTERM stops both.
set -euo pipefail
VENV=${VENV:-.venv}
BIN="$VENV/bin"
DIR=${DEMO_SITES_DIR:-demo-sites}
PEOPLE=${DEMO_PEOPLE:-300}
SEED=${DEMO_SEED:-1}
MUC_DIR="$DIR/muenchen" MUC_NAME=muenchen.kontor.local MUC_PORT=${MUC_PORT:-8470}
HAM_DIR="$DIR/hamburg" HAM_NAME=hamburg.kontor.local HAM_PORT=${HAM_PORT:-8471}
server() { "$BIN/kontor-server" "$@"; }

# Both servers must hold shares of the same company: the stamp records which one.
COMPANY="people=$PEOPLE seed=$SEED sites=München,Hamburg"
if [ -e "$DIR" ] && [ "$(cat "$DIR/company" 2>/dev/null)" != "$COMPANY" ]; then
    echo "$DIR/ holds another demo ($(cat "$DIR/company" 2>/dev/null || echo 'from an older version'))," \
        "not $COMPANY. Remove it to start afresh: rm -rf $DIR" >&2
    exit 1
fi
init() {  # DATA_DIR NAME SITE: this site's share of the company, once
    [ -f "$1/kontor.db" ] && return
    server init "$1" --server-name "$2" --demo --people "$PEOPLE" --seed "$SEED" \
        --sites 2 --demo-site "$3" | tee "$1.init.txt"
}
mkdir -p "$DIR"
init "$MUC_DIR" "$MUC_NAME" München
init "$HAM_DIR" "$HAM_NAME" Hamburg
echo "$COMPANY" > "$DIR/company"
user_of() { sed -n 's/.*sign in as \([^ ]*\) .*/\1/p' "$1.init.txt" 2>/dev/null; }

peer() {  # DATA_DIR NAME URL PUBKEY: allow-list the other site (again if its URL changed)
    local listed
    listed=$(server peer list "$1" --json)
    if grep -q "\"url\": \"$3\"" <<<"$listed"; then return; fi
    if grep -q "\"name\": \"$2\"" <<<"$listed"; then server peer remove "$1" "$2" >/dev/null; fi
    server peer add "$1" "$2" "$3" --key "$4"
}
peer "$MUC_DIR" "$HAM_NAME" "http://127.0.0.1:$HAM_PORT" "$(server key show "$HAM_DIR")"
peer "$HAM_DIR" "$MUC_NAME" "http://127.0.0.1:$MUC_PORT" "$(server key show "$MUC_DIR")"

# Started directly (not through the shell function), so each PID is the server itself
# and stopping the script stops the servers, not just a subshell around them.
"$BIN/kontor-server" serve "$MUC_DIR" --host 127.0.0.1 --port "$MUC_PORT" &
MUC_PID=$!
"$BIN/kontor-server" serve "$HAM_DIR" --host 127.0.0.1 --port "$HAM_PORT" &
HAM_PID=$!
stop() {
    trap - EXIT INT TERM
    kill "$MUC_PID" "$HAM_PID" 2>/dev/null || true
    wait "$MUC_PID" "$HAM_PID" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$MUC_PORT/healthz" >/dev/null 2>&1 \
        && curl -fs "http://127.0.0.1:$HAM_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
echo "München: http://127.0.0.1:$MUC_PORT ($MUC_NAME), sign in as $(user_of "$MUC_DIR")"
echo "Hamburg: http://127.0.0.1:$HAM_PORT ($HAM_NAME), sign in as $(user_of "$HAM_DIR")"
echo "Every demo password is kontor-demo. Each site sees the other's people within seconds."
echo "Federation status: $BIN/kontor-server peer list $MUC_DIR   (Ctrl+C stops both)"
# Either server ending (a port in use, a crash) ends the demo and stops the other one.
# (A waited-for sleep rather than `wait -n`: the bash of macOS lacks it, and a signal
# interrupts `wait` at once, where it would wait for a foreground sleep to end.)
while kill -0 "$MUC_PID" 2>/dev/null && kill -0 "$HAM_PID" 2>/dev/null; do
    sleep 1 & wait $! || true
done
echo "A server stopped; stopping the demo." >&2
stop
exit 1
