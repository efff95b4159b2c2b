#!/bin/sh
# deps.sh — make sure the build dependencies of pvs are installed.
# As root on Debian/Ubuntu, installs what is missing with apt-get; otherwise
# prints the exact command to run and fails.
#
# A compiler is not enough: on a minimal Debian, `gcc` installed without its recommends
# has no C library headers (stdio.h), so the headers a build includes are checked by
# compiling them, and libc6-dev is installed with the compiler. apt-get is retried a few
# times: another installation may hold the dpkg lock for a while.
#
# Wanted for the tests, best effort (a failure is a warning, never an error): libpq-dev
# (tables read from PostgreSQL; pvs builds without it and says so), the postgresql server
# (the PostgreSQL tests start a throwaway cluster; skipped without it) and python3 (the
# random differential test, tests/diff; skipped without it). PVS_DEPS_EXTRA=no leaves them out.
set -u
PKGS="flex bison libgmp-dev check pkg-config gcc libc6-dev make gettext libxlsxwriter-dev python3"
missing=""
have() { command -v "$1" >/dev/null 2>&1; }
cc=${CC:-cc}
have "$cc" || ! have gcc || cc=gcc
hdr() { printf '#include <%s>\n' "$1" | $cc -E -x c - >/dev/null 2>&1; }
have flex || missing="$missing flex"
have bison || missing="$missing bison"
have pkg-config || missing="$missing pkg-config"
if ! have "$cc"; then missing="$missing gcc libc6-dev"
elif ! hdr stdio.h; then missing="$missing libc6-dev"; fi
hdr gmp.h || missing="$missing libgmp-dev"
if ! have pkg-config || ! pkg-config --exists check 2>/dev/null; then missing="$missing check"; fi
have msgfmt && have xgettext && have msgcmp || missing="$missing gettext"
# --format xlsx (libxlsxwriter) and its tests (python3 reads the workbooks)
if ! have pkg-config || ! pkg-config --exists xlsxwriter 2>/dev/null; then missing="$missing libxlsxwriter-dev"; fi
have python3 || missing="$missing python3"

# extras: the PostgreSQL test dependencies, installed best effort when root can.
extras() {
  [ "${PVS_DEPS_EXTRA:-yes}" = no ] && return 0
  want=""
  { have pkg-config && pkg-config --exists libpq 2>/dev/null; } || want="$want libpq-dev"
  found=no
  for f in /usr/lib/postgresql/*/bin/initdb; do [ -x "$f" ] && found=yes; done
  [ $found = yes ] || want="$want postgresql"
  have python3 || want="$want python3"
  [ -n "$want" ] || return 0
  if [ "$(id -u)" != 0 ] || ! have apt-get; then
    echo "pvs: optional test dependencies missing:$want (as root: apt-get install -y$want); the tests that need them will be skipped"
    return 0
  fi
  echo "pvs: installing test dependencies:$want"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends $want >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends $want >/dev/null 2>&1; } ||
    echo "pvs: warning: could not install$want; the tests that need them will be skipped"
  return 0
}

[ -z "$missing" ] && { extras; exit 0; }
echo "pvs: missing build dependencies:$missing"
if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "pvs: installing them with apt-get (as root)"
  export DEBIAN_FRONTEND=noninteractive
  ok=0
  for try in 1 2 3; do
    if apt-get install -y --no-install-recommends $PKGS >/dev/null 2>&1 ||
       { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends $PKGS; }; then
      ok=1; break
    fi
    [ $try = 3 ] || { echo "pvs: apt-get failed (attempt $try; the dpkg lock may be busy), retrying"; sleep 5; }
  done
  if [ $ok = 0 ]; then
    echo "pvs: apt-get failed; run: apt-get update && apt-get install -y $PKGS" >&2; exit 1
  fi
  have "$cc" || cc=gcc
  if ! hdr stdio.h; then
    echo "pvs: the C compiler '$cc' still cannot compile '#include <stdio.h>'; install the C library headers (apt-get install libc6-dev) or set CC" >&2
    exit 1
  fi
  extras
  exit 0
fi
echo "pvs: run this as root, then try again:" >&2
echo "    apt-get update && apt-get install -y $PKGS" >&2
exit 1
