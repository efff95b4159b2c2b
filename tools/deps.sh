#!/bin/sh
# deps.sh — make sure the build dependencies of pvs are installed.
# As root on Debian/Ubuntu, installs what is missing with apt-get; otherwise
# prints the exact command to run and fails.
set -u
PKGS="flex bison libgmp-dev check pkg-config gcc make"
missing=""
have() { command -v "$1" >/dev/null 2>&1; }
hdr() { printf '#include <%s>\n' "$1" | ${CC:-cc} -E -x c - >/dev/null 2>&1; }
have flex || missing="$missing flex"
have bison || missing="$missing bison"
have pkg-config || missing="$missing pkg-config"
have cc || have gcc || missing="$missing gcc"
hdr gmp.h || missing="$missing libgmp-dev"
if ! have pkg-config || ! pkg-config --exists check 2>/dev/null; then missing="$missing check"; fi
[ -z "$missing" ] && exit 0
echo "pvs: missing build dependencies:$missing"
if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "pvs: installing them with apt-get (as root)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends $PKGS >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends $PKGS; } || {
      echo "pvs: apt-get failed; run: apt-get update && apt-get install -y $PKGS" >&2; exit 1; }
  exit 0
fi
echo "pvs: run this as root, then try again:" >&2
echo "    apt-get update && apt-get install -y $PKGS" >&2
exit 1
