#!/bin/sh
# alloc-faults.sh PVS — the allocation policy (src/mem.h) under test: for every N, a run in
# which the Nth allocation fails (PVS_FAIL_ALLOC=N; GMP's included) must end with the
# out-of-memory message and exit status 2 — never a crash, a hang or another status — and
# leave its -o file as it was, with no temp file. N goes up until the run no longer fails
# (every allocation it makes has been refused once). The run: eval of the brief's example to
# CSV; with FULL=1, doc of it too (twice as long). Prints `alloc-faults: N passed, N failed`.
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$root"/tests/golden/fixtures/brief/* "$tmp"/
cd "$tmp" || exit 2
export LANGUAGE=en LC_ALL=C.UTF-8 PVS_PATH=
pass=0; fail=0
try() {   # name, then the pvs arguments (writing out.txt)
  name=$1; shift; n=1; tries=0
  while [ $n -lt 100000 ]; do
    echo previous >out.txt
    PVS_FAIL_ALLOC=$n timeout 60 "$pvs" "$@" -o out.txt >/dev/null 2>err.txt </dev/null; rc=$?
    [ $rc = 0 ] && break
    tries=$((tries+1))
    if [ $rc != 2 ] || ! grep -q 'out of memory' err.txt; then
      fail=$((fail+1)); echo "FAIL alloc-faults $name: allocation $n refused: exit $rc, $(head -c 300 err.txt)"; return
    fi
    if [ "$(cat out.txt)" != previous ] || ls | grep -q pvs-tmp; then
      fail=$((fail+1)); echo "FAIL alloc-faults $name: allocation $n refused: the output was touched"; return
    fi
    n=$((n+1))
  done
  if [ $rc = 0 ] && [ "$(cat out.txt)" != previous ]; then
    pass=$((pass+1)); echo "alloc-faults $name: each of $tries allocations refused in turn, each reported (exit 2)"
  else
    fail=$((fail+1)); echo "FAIL alloc-faults $name: the run never succeeded"
  fi
}
try "eval" eval prog.pvs --date 2024-12-31 --format csv
[ -n "${FULL:-}" ] && try "doc" doc prog.pvs
echo "alloc-faults: $pass passed, $fail failed"
[ $fail = 0 ]
