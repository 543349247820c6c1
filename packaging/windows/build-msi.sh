#!/usr/bin/env bash
# Build kontor-VERSION-x64.msi from a Windows bundle folder (dist\kontor: kontor.exe,
# kontorctl.exe, _internal\) with wixl (Debian package wixl), so the installer can be
# made and checked on Linux; on Windows, WiX 3's heat/candle/light take the same
# kontor.wxs (docs/deploy.md).
#   packaging/windows/build-msi.sh BUNDLE_DIR [OUT_DIR]       (VERSION=0.1.1 to override)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:?usage: build-msi.sh BUNDLE_DIR [OUT_DIR]}
OUT=${2:-build/package}
VERSION=${VERSION:-$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)}
[ -f "$BUNDLE/kontor.exe" ] || { echo "$BUNDLE has no kontor.exe" >&2; exit 1; }
BUNDLE=$(cd "$BUNDLE" && pwd)
mkdir -p "$OUT"
# The same version always gets the same ProductCode, a new version a new one.
PRODUCT_CODE=$(python3 packaging/windows/product_code.py "$VERSION")
# wixl resolves every source relative to the .wxs files, so all of them meet in one
# working folder: the authoring, the icon, and a link to the bundle.
WORK="$OUT/msi-work"
rm -rf "$WORK" && mkdir -p "$WORK"
cp packaging/windows/kontor.wxs packaging/windows/kontor.ico "$WORK/"
ln -s "$BUNDLE" "$WORK/bundle"
(cd "$WORK" && find bundle/ -type f | sort \
    | wixl-heat --prefix bundle/ --var var.SourceDir --component-group BundleFiles \
        --directory-ref INSTALLDIR --win64 > bundle-files.wxs)
msi="kontor-$VERSION-x64.msi"
(cd "$WORK" && wixl --arch x64 -D Win64=yes -D Version="$VERSION" \
    -D ProductCode="$PRODUCT_CODE" -D SourceDir=bundle -D IconFile=kontor.ico \
    -o "../$msi" kontor.wxs bundle-files.wxs)
echo "msi: $OUT/$msi ($(du -h "$OUT/$msi" | cut -f1))"
