#!/bin/sh
# run.sh [PVS] [-j N] [PATTERN...] — golden-file tests.
# Each case is a folder tests/golden/AREA/CASE/ holding a script (prog.pvs), optional data,
# an optional `args` file (the pvs command line, default: check prog.pvs), and the expected
# stdout (expected.out), stderr (expected.err) and exit status (expected.code, default 0).
# A missing expected.out/.err means "expect nothing". UPDATE=1 rewrites the expectations
# (of the selected cases only).
# A case may hold a file `fixture` naming a folder of tests/golden/fixtures/ (e.g. `brief`):
# the case then runs in a scratch copy of that folder with the case's own files on top, so
# the brief's prog.pvs and CSV files live once instead of in every case.
# A case may hold a script `gen` (sh) that writes its input when the test runs (large or
# pathological scripts are generated, not committed); it too runs in a scratch copy.
# Every case runs under `timeout` (300 s, or the seconds in the case's file `timeout`: a
# near-hang's regression case sets a tight one); a case that runs out exits 124.
# Cases needing ../shared name it in a file `needs-shared`; they are skipped without it.
# Language: a case runs in English (LANGUAGE=en, LC_ALL=C.UTF-8) unless it has a file `env`
# whose VAR=value words are set after those (e.g. `LANGUAGE=` for pvs's French default, or
# `LANGUAGE= LC_ALL= LANG=en_GB.UTF-8`); `--locale fr` in `args` works too.
# PVS defaults to build/pvs; PATTERNs select the cases whose AREA/CASE name contains one of
# them; cases run in parallel, N at a time (default: the number of cores). The summary line
# stays `golden: N passed, N failed, N skipped`.
root=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = --case ]; then   # internal: run one case, leave its verdict in $GOLDEN_RES
  res=$GOLDEN_RES/$2; dir=$3; name=${dir#"$root"/}
  if [ -f "$dir/needs-shared" ] && [ ! -d "$GOLDEN_SHARED" ]; then
    echo "skipped: $name (needs ../shared)" >"$res.log"; echo skip >"$res.v"; exit 0
  fi
  run=$dir
  if [ -f "$dir/fixture" ] || [ -f "$dir/gen" ]; then
    run=$res.work; mkdir -p "$run"
    [ -f "$dir/fixture" ] && cp -R "$root/fixtures/$(cat "$dir/fixture")/." "$run/"
    cp -R "$dir/." "$run/"
    [ -f "$dir/gen" ] && (cd "$run" && sh ./gen)
  fi
  args="check prog.pvs"
  [ -f "$dir/args" ] && { IFS= read -r args <"$dir/args" || [ -n "$args" ]; }
  limit=300; [ -f "$dir/timeout" ] && read -r limit <"$dir/timeout"
  vars=""
  [ -f "$dir/env" ] && { IFS= read -r vars <"$dir/env" || [ -n "$vars" ]; }
  ( cd "$run" && eval "set -- $args" && env SHARED="$GOLDEN_SHARED" LC_ALL=C.UTF-8 LANGUAGE=en PVS_PATH= \
      $vars timeout "$limit" "$GOLDEN_PVS" "$@" >"$res.out" 2>"$res.err" </dev/null; echo $? >"$res.code" )
  read -r got <"$res.code"
  if [ -n "${UPDATE:-}" ]; then
    if [ -s "$res.out" ]; then cp "$res.out" "$dir/expected.out"; else rm -f "$dir/expected.out"; fi
    if [ -s "$res.err" ]; then cp "$res.err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
    if [ "$got" != 0 ]; then cp "$res.code" "$dir/expected.code"; else rm -f "$dir/expected.code"; fi
  fi
  ok=1
  for f in out err; do
    exp="$dir/expected.$f"; [ -f "$exp" ] || exp=/dev/null
    if ! cmp -s "$exp" "$res.$f"; then
      ok=0; { echo "FAIL $name: std$f differs"; diff -u "$exp" "$res.$f" | head -20 | cut -c1-300; } >>"$res.log"
    fi
  done
  code=0; [ -f "$dir/expected.code" ] && read -r code <"$dir/expected.code"
  if [ "$got" != "$code" ]; then
    ok=0; echo "FAIL $name: exit status $got, expected $code" >>"$res.log"
  fi
  if [ $ok = 1 ]; then echo pass >"$res.v"; else echo fail >"$res.v"; fi
  [ "$run" = "$dir" ] || rm -rf "$run"
  exit 0
fi

pvs=$root/../../build/pvs
if [ -n "${1:-}" ] && [ -f "$1" ] && [ -x "$1" ]; then pvs=$1; shift; fi
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
if [ "${1:-}" = -j ]; then jobs=$2; shift 2; fi
case "${1:-}" in -j?*) jobs=${1#-j}; shift;; esac
[ -x "$pvs" ] || { echo "golden: $pvs not found (build it with make)" >&2; exit 2; }
GOLDEN_PVS=$(cd "$(dirname "$pvs")" && pwd)/$(basename "$pvs")
GOLDEN_SHARED=$(cd "$root/../../.." 2>/dev/null && pwd)/shared
GOLDEN_RES=$(mktemp -d); trap 'rm -rf "$GOLDEN_RES"' EXIT
export GOLDEN_PVS GOLDEN_SHARED GOLDEN_RES

# The selected cases, in a stable order, each with its number.
n=0
for dir in "$root"/*/*/; do
  dir=${dir%/}
  case "$dir" in "$root"/fixtures/*) continue;; esac
  [ -f "$dir/prog.pvs" ] || [ -f "$dir/args" ] || [ -f "$dir/fixture" ] || [ -f "$dir/gen" ] || continue
  name=${dir#"$root"/}
  if [ $# -gt 0 ]; then
    hit=0
    for p in "$@"; do p=${p#tests/golden/}; p=${p%/}; case "$name" in *"$p"*) hit=1;; esac; done
    [ $hit = 1 ] || continue
  fi
  n=$((n+1)); printf '%s\n%s\n' "$n" "$dir"
done >"$GOLDEN_RES/list"

xargs -d '\n' -P "$jobs" -n 2 sh "$0" --case <"$GOLDEN_RES/list"
pass=0; failn=0; skip=0
while IFS= read -r n && IFS= read -r dir; do
  res=$GOLDEN_RES/$n; v=
  [ -f "$res.log" ] && cat "$res.log"
  [ -f "$res.v" ] && read -r v <"$res.v"
  case "$v" in
    pass) pass=$((pass+1));;
    skip) skip=$((skip+1));;
    *) failn=$((failn+1)); [ -f "$res.v" ] || echo "FAIL ${dir#"$root"/}: the runner did not finish";;
  esac
done <"$GOLDEN_RES/list"
echo "golden: $pass passed, $failn failed, $skip skipped"
[ $failn = 0 ]
