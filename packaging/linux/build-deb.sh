#!/usr/bin/env bash
# Package the one-folder bundle as a .deb (dpkg-deb only, no debhelper):
#   /opt/kontor/                      the bundle (kontor, kontorctl, _internal/)
#   /usr/bin/kontor, /usr/bin/kontorctl   links into /opt/kontor
#   desktop entry, hicolor icon, AppStream metainfo, changelog, copyright, and
#   /usr/share/doc/kontor/examples/managed.ini
# Nothing goes under /etc: IT's /etc/xdg/kontor/managed.ini is theirs, so dpkg never
# asks about it on an upgrade and removing or purging the package leaves it alone.
#
#   packaging/linux/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#   VERSION=0.1.0-2 ...       another package version than pyproject's version + "-1"
#   DEB_COMPRESS=zstd ...     42 MB in 4 s instead of xz's 34 MB in 105 s (tests)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:-build/package/dist/kontor}
OUT=${2:-build/package}
UPSTREAM=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
VERSION=${VERSION:-$UPSTREAM-1}
APP_ID=de.kontor.Kontor
MAINTAINER="Kontor <packaging@kontor.example>"
# Reproducible dates: the last commit's, unless the caller pins one.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

# What the bundle leaves to the system (packaging/kontor.spec keeps the desktop's
# libraries out). The package test checks in a clean Debian root that, with these
# installed, every library of every program and plugin in the bundle resolves.
DEPENDS=(
    "libc6 (>= 2.35)" "libstdc++6 (>= 11)" "libgcc-s1"
    "libssl3 | libssl3t64" "libzstd1"
    "libglib2.0-0 | libglib2.0-0t64" "libdbus-1-3"
    "libfontconfig1" "libfreetype6"
    "libegl1" "libgl1"
    "libx11-6" "libx11-xcb1" "libxkbcommon0" "libxkbcommon-x11-0"
    "libxcb1" "libxcb-cursor0" "libxcb-glx0" "libxcb-icccm4" "libxcb-image0"
    "libxcb-keysyms1" "libxcb-randr0" "libxcb-render0" "libxcb-render-util0"
    "libxcb-shape0" "libxcb-shm0" "libxcb-sync1" "libxcb-util1" "libxcb-xfixes0"
    "libxcb-xkb1"
    "libcups2 | libcups2t64"
)

[ -x "$BUNDLE/kontor" ] || { echo "no bundle at $BUNDLE (make package builds it)" >&2; exit 1; }
STAGE="$OUT/deb-root"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/metainfo" \
    "$STAGE/usr/share/doc/kontor/examples"
cp -a "$BUNDLE" "$STAGE/opt/kontor"
ln -s /opt/kontor/kontor "$STAGE/usr/bin/kontor"
ln -s /opt/kontor/kontorctl "$STAGE/usr/bin/kontorctl"
install -m 644 packaging/linux/$APP_ID.desktop "$STAGE/usr/share/applications/"
install -m 644 desktop/resources/icons/kontor.svg \
    "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
sed -e "s/@VERSION@/$UPSTREAM/" -e "s/@DATE@/$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)/" \
    packaging/linux/$APP_ID.metainfo.xml > "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
install -m 644 packaging/linux/copyright "$STAGE/usr/share/doc/kontor/copyright"
install -m 644 packaging/managed.ini "$STAGE/usr/share/doc/kontor/examples/managed.ini"
{
    echo "kontor ($VERSION) stable; urgency=medium"
    echo
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    echo "  * Kontor $UPSTREAM, built from commit $commit."
    echo
    echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$STAGE/usr/share/doc/kontor/changelog.Debian.gz"
chmod 644 "$STAGE/usr/share/doc/kontor/changelog.Debian.gz"

depends=$(printf '%s, ' "${DEPENDS[@]}")
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: kontor
Version: $VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: ${depends%, }
Suggests: gnome-keyring
Section: net
Priority: optional
Description: company network that stays inside the company (desktop app)
 Kontor shows who works in the company, who is responsible for what, and the
 news of one's teams, from an encrypted copy kept on the computer that works
 offline. This package holds the desktop app (kontor) and its command-line
 client (kontorctl); the server is installed separately.
 .
 IT settings go in /etc/xdg/kontor/managed.ini (an example is in
 /usr/share/doc/kontor/examples/); the package never writes there.
CONTROL
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
find "$STAGE" -depth -newermt "@$SOURCE_DATE_EPOCH" -print0 \
    | xargs -0 touch --no-dereference --date="@$SOURCE_DATE_EPOCH"
deb="$OUT/kontor_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group "-Z${DEB_COMPRESS:-xz}" --build "$STAGE" "$deb" >/dev/null
installed=$(du -sh --exclude=DEBIAN "$STAGE" | cut -f1)
echo "deb: $deb ($(du -h "$deb" | cut -f1), installed $installed)"
