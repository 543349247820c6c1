#!/usr/bin/env bash
# System tools the server's tests use, installed from Debian's packages when missing:
# systemd-analyze checks packaging/systemd/kontor-server.service; slapd (OpenLDAP) and
# ldap-utils are the company directory the LDAP sign-in tests start on loopback; nginx
# runs the example reverse proxy (packaging/nginx/kontor.conf) in front of a real server.
# PostgreSQL: the tests use the server on 127.0.0.1:5432 when one answers, otherwise a
# throwaway cluster they start from Debian's postgresql package (tests/postgres_support.py).
# Each line: a command, then the package that brings it.
set -euo pipefail
NEEDED="systemd-analyze systemd slapd slapd ldapadd ldap-utils nginx nginx"

missing=()
while read -r command package; do
    [ -n "$command" ] || continue
    command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ] \
        || missing+=("$package")
done <<< "$(echo "$NEEDED" | xargs -n2)"
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null \
        && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install these packages for the server tests: ${missing[*]}" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
