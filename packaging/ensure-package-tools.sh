#!/usr/bin/env bash
# The tools the package tests use, from Debian's packages, installed only when missing:
# debootstrap (the clean Debian root), Xvfb, xdotool, xwininfo and ImageMagick (the
# installed app's window), wixl and msitools (the .msi), appstreamcli and
# desktop-file-validate (the package's metadata), objdump (the glibc floor).
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
declare -A tools=(
    [debootstrap]=debootstrap [Xvfb]=xvfb [xdotool]=xdotool [xwininfo]=x11-utils
    [import]=imagemagick [wixl]=wixl [msiinfo]=msitools [appstreamcli]=appstream
    [desktop-file-validate]=desktop-file-utils [objdump]=binutils [dpkg-deb]=dpkg
)
missing=()
for tool in "${!tools[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${tools[$tool]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
