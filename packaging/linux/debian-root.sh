#!/usr/bin/env bash
# A clean Debian 12 root for installing the .deb as on a fresh desk:
#   packaging/linux/debian-root.sh DIR
# debootstrap (minbase) runs once and its result is kept as a tarball in
# ~/.cache/kontor/ (about 3 minutes saved per run); every call unpacks a pristine copy
# into DIR. Needs root; debootstrap is installed from Debian's packages if missing.
set -euo pipefail
ROOT=${1:?usage: debian-root.sh DIR}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
CACHE=${KONTOR_CACHE:-$HOME/.cache/kontor}
TARBALL="$CACHE/debian-$SUITE-minbase.tar"

if [ ! -s "$TARBALL" ]; then
    command -v debootstrap >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
    }
    mkdir -p "$CACHE"
    fresh=$(mktemp -d "$CACHE/root.XXXXXX")
    chmod 755 "$fresh"
    echo "debootstrap $SUITE into the cache (once)" >&2
    debootstrap --variant=minbase "$SUITE" "$fresh" "$MIRROR" >/dev/null
    rm -rf "$fresh/var/cache/apt/archives/"*.deb "$fresh/var/lib/apt/lists/"*_Packages
    tar -C "$fresh" -cf "$TARBALL.part" . && mv "$TARBALL.part" "$TARBALL"
    rm -rf "$fresh"
fi
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$TARBALL"
chmod 755 "$ROOT"  # a root directory that only root may enter locks its users out
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
