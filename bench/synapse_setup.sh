#!/bin/sh
# A Synapse homeserver for bench/compare_synapse.py: its own virtual environment
# (build/synapse-venv), SQLite, one client listener on 127.0.0.1:PORT, no federation
# listener and no federation peers, presence off, rate limits out of the way (the
# benchmark sends as fast as it can), registration only by the admin shared secret.
#
#   bench/synapse_setup.sh DIR PORT        # writes DIR/homeserver.yaml and the keys
#
# Start it with: build/synapse-venv/bin/python -m synapse.app.homeserver -c DIR/homeserver.yaml
set -eu
dir=$1
port=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$repo/build/synapse-venv
version=${SYNAPSE_VERSION:-1.163.2}

if [ ! -x "$venv/bin/synapse_homeserver" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "matrix-synapse==$version"
fi

mkdir -p "$dir"
secret() { "$venv/bin/python" -c 'import secrets; print(secrets.token_hex(24))'; }
limit='{per_second: 100000, burst_count: 100000}'
cat > "$dir/homeserver.yaml" <<YAML
server_name: "localhost"
pid_file: "$dir/homeserver.pid"
listeners:
  - port: $port
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "$dir/homeserver.db"
log_config: "$dir/log.config"
media_store_path: "$dir/media_store"
signing_key_path: "$dir/localhost.signing.key"
registration_shared_secret: "$(secret)"
macaroon_secret_key: "$(secret)"
form_secret: "$(secret)"
report_stats: false
enable_metrics: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
presence:
  enabled: false
rc_message: $limit
rc_registration: $limit
rc_joins:
  local: $limit
  remote: $limit
rc_login:
  address: $limit
  account: $limit
  failed_attempts: $limit
rc_invites:
  per_room: $limit
  per_user: $limit
  per_issuer: $limit
YAML
cat > "$dir/log.config" <<YAML
version: 1
formatters:
  plain:
    format: '%(asctime)s %(levelname)s %(name)s %(message)s'
handlers:
  file:
    class: logging.FileHandler
    filename: "$dir/homeserver.log"
    formatter: plain
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
YAML
"$venv/bin/python" -m synapse.app.homeserver -c "$dir/homeserver.yaml" --generate-keys >/dev/null
