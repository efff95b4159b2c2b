#!/bin/sh
# run.sh PVS — golden-file tests.
# Each case is a folder tests/golden/AREA/CASE/ holding a script (prog.pvs), optional data,
# an optional `args` file (the pvs command line, default: check prog.pvs), and the expected
# stdout (expected.out), stderr (expected.err) and exit status (expected.code, default 0).
# A missing expected.out/.err means "expect nothing". UPDATE=1 rewrites the expectations.
# Cases needing ../shared name it in a file `needs-shared`; they are skipped without it.
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")" && pwd)
shared=$(cd "$root/../../.." 2>/dev/null && pwd)/shared
pass=0; failn=0; skip=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$root"/*/*/; do
  dir=${dir%/}
  [ -f "$dir/prog.pvs" ] || [ -f "$dir/args" ] || continue
  name=${dir#"$root"/}
  if [ -f "$dir/needs-shared" ] && [ ! -d "$shared" ]; then skip=$((skip+1)); echo "skipped: $name (needs ../shared)"; continue; fi
  args="check prog.pvs"
  [ -f "$dir/args" ] && args=$(cat "$dir/args")
  ( cd "$dir" && eval "set -- $args" && SHARED="$shared" LC_ALL=C.UTF-8 PVS_PATH= "$pvs" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; echo $? >"$tmp/code" )
  if [ -n "${UPDATE:-}" ]; then
    if [ -s "$tmp/out" ]; then cp "$tmp/out" "$dir/expected.out"; else rm -f "$dir/expected.out"; fi
    if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
    if [ "$(cat "$tmp/code")" != 0 ]; then cp "$tmp/code" "$dir/expected.code"; else rm -f "$dir/expected.code"; fi
  fi
  ok=1
  for f in out err; do
    exp="$dir/expected.$f"; [ -f "$exp" ] || exp=/dev/null
    if ! cmp -s "$exp" "$tmp/$f"; then ok=0; echo "FAIL $name: std$f differs"; diff -u "$exp" "$tmp/$f" | head -20; fi
  done
  code=0; [ -f "$dir/expected.code" ] && code=$(cat "$dir/expected.code")
  if [ "$(cat "$tmp/code")" != "$code" ]; then ok=0; echo "FAIL $name: exit status $(cat "$tmp/code"), expected $code"; fi
  if [ $ok = 1 ]; then pass=$((pass+1)); else failn=$((failn+1)); fi
done
echo "golden: $pass passed, $failn failed, $skip skipped"
[ $failn = 0 ]
