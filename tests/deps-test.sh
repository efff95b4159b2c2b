#!/bin/sh
# deps-test.sh — tests of tools/deps.sh with fake tools on PATH (no real apt-get, no root).
# A fake `cc` compiles a header only if a marker file says it is installed; a fake apt-get
# records its arguments and "installs" the headers it is asked for. Cases: a compiler without
# the C library headers (the minimal-Debian trap), headers still missing after apt-get, no
# compiler at all, nothing missing, not root.
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; failn=0
fake() { printf '#!/bin/sh\n%s\n' "$2" >"$tmp/bin/$1"; chmod +x "$tmp/bin/$1"; }

# setup HEADERS UID APT_INSTALLS: fresh fake tools; HEADERS are the headers cc can find.
setup() {
  rm -rf "$tmp/bin" "$tmp/sys"; mkdir -p "$tmp/bin" "$tmp/sys"
  for h in $1; do : >"$tmp/sys/$h"; done
  fake cc "while read -r l; do h=\${l#*<}; h=\${h%%>*}; [ -f '$tmp/sys/'\$h ] || exit 1; done; exit 0"
  for t in flex bison msgfmt xgettext msgcmp python3; do fake $t 'exit 0'; done
  fake pkg-config 'exit 0'
  fake id "echo $2"
  fake sleep 'exit 0'
  fake apt-get "echo \"\$*\" >>'$tmp/apt.log'; case \"\$*\" in *install*) for h in $3; do : >'$tmp/sys/'\$h; done;; esac; exit 0"
  rm -f "$tmp/apt.log"
}
run() { PATH="$tmp/bin" CC= PVS_DEPS_EXTRA=${EXTRA:-no} /bin/sh "$root/tools/deps.sh" >"$tmp/out" 2>&1; echo $? >"$tmp/code"; }
check() {   # check NAME CONDITION…
  name=$1; shift
  if eval "$*"; then pass=$((pass+1)); else failn=$((failn+1)); echo "FAIL deps $name: $*"; cat "$tmp/out"; fi
}

# 1. gcc without libc6-dev: detected, installed, then the headers compile.
setup "gmp.h" 0 "stdio.h"; run
check no-libc-headers 'grep -q "missing build dependencies: libc6-dev" "$tmp/out"'
check no-libc-headers-install 'grep -q "install .*libc6-dev" "$tmp/apt.log"'
check no-libc-headers-code '[ "$(cat "$tmp/code")" = 0 ]'

# 2. apt-get ran but the headers are still not found: a clear error, exit 1.
setup "gmp.h" 0 ""; run
check headers-still-missing 'grep -q "still cannot compile .#include <stdio.h>." "$tmp/out"'
check headers-still-missing-code '[ "$(cat "$tmp/code")" = 1 ]'

# 3. no compiler at all: gcc and libc6-dev are named.
setup "" 0 ""; rm "$tmp/bin/cc"; run
check no-compiler 'grep -q "missing build dependencies: gcc libc6-dev libgmp-dev" "$tmp/out"'

# 4. nothing missing: silent, apt-get never called.
setup "stdio.h gmp.h" 0 ""; run
check nothing-missing '[ ! -s "$tmp/out" ] && [ ! -f "$tmp/apt.log" ] && [ "$(cat "$tmp/code")" = 0 ]'

# 4b. no gettext (the French catalogue is built with msgfmt): named, installed.
setup "stdio.h gmp.h" 0 ""; rm "$tmp/bin/msgfmt"; run
check no-gettext 'grep -q "missing build dependencies: gettext" "$tmp/out" && grep -q "install .*gettext" "$tmp/apt.log"'

# 5. not root: the command to run, exit 1, apt-get never called.
setup "gmp.h" 1000 ""; run
check not-root 'grep -q "apt-get install -y .*libc6-dev" "$tmp/out" && [ ! -f "$tmp/apt.log" ] && [ "$(cat "$tmp/code")" = 1 ]'

# 6. the PostgreSQL test dependencies: asked for when missing, never an error if apt-get fails.
setup "stdio.h gmp.h" 0 ""
fake pkg-config 'case "$*" in *libpq*) exit 1;; esac; exit 0'
fake apt-get "echo \"\$*\" >>'$tmp/apt.log'; exit 1"
EXTRA=yes run
if [ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then want="libpq-dev"; else want="libpq-dev postgresql"; fi
check extras-asked 'grep -q "install -y --no-install-recommends $want" "$tmp/apt.log"'
check extras-not-fatal 'grep -q "could not install" "$tmp/out" && [ "$(cat "$tmp/code")" = 0 ]'

# 8. python3 missing (the random differential test needs it): asked for, best effort.
setup "stdio.h gmp.h" 0 ""; rm -f "$tmp/bin/python3"; EXTRA=yes run
check extras-python3 'grep -q "install -y --no-install-recommends .*python3" "$tmp/apt.log" && [ "$(cat "$tmp/code")" = 0 ]'

echo "deps: $pass passed, $failn failed"
[ $failn = 0 ]
