#!/usr/bin/env bash
# Builds and installs Asterisk from a source tree, for the integration tests against a real Asterisk
# (tests/Infrastructure.IntegrationTests/Switching/RealAsterisk). Usage:
#
#   scripts/build-asterisk.sh /path/to/asterisk-source [prefix]      # prefix defaults to /opt/asterisk
#
# The source is the public repository asterisk/asterisk, branch releases/22 (an LTS line). Nothing is downloaded while
# building: the bundled pjproject and jansson are off (Debian's libjansson is used; without pjproject there is no PJSIP,
# which the tests do not need), and the sound and music-on-hold categories of menuselect are disabled because they
# would be fetched from the network. About 10 minutes on 2 cores.
set -euo pipefail
src=${1:?usage: $0 ASTERISK_SOURCE_TREE [PREFIX]}
prefix=${2:-/opt/asterisk}
src=$(cd "$src" && pwd)

PACKAGES=(build-essential libjansson-dev libedit-dev libxml2-dev libsqlite3-dev uuid-dev libssl-dev pkg-config libcurl4-openssl-dev)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

cd "$src"
./configure --without-pjproject-bundled --with-jansson --without-jansson-bundled --prefix="$prefix" >/dev/null
make menuselect.makeopts >/dev/null
menuselect/menuselect --disable-category MENUSELECT_CORE_SOUNDS --disable-category MENUSELECT_MOH \
  --disable-category MENUSELECT_EXTRA_SOUNDS menuselect.makeopts
make -j"$(nproc)" >/dev/null
make install >/dev/null
"$prefix/sbin/asterisk" -V
