#!/bin/sh
# scan.sh BUILD — the parallel scan (src/scan_parallel.c, pvs eval --jobs N) changes no output,
# byte for byte, whatever N:
#  1. the golden cases that evaluate data run again with 1, 2, 3 and 7 threads, every file
#     split however small (PVS_SCAN_PART=1; and with 7 threads, parts started at the first
#     line start, PVS_SCAN_NAIVE=1); their expected outputs must not change. (Cases whose
#     output says how files were read, explain --plan, pin PVS_SCAN_PART in their `env`.)
#  2. generated files made to be hard to split (tests/scan/gen.py: quoted LF and CRLF, empty
#     lines, CRLF records, ';' files with decimal commas, numbers beyond 64 bits, late
#     faults; a small table designating the big one by réf, so that the big one's first
#     read keeps rows for the index, all of them or, with parts of 97 bytes, the designated
#     ones only, PVS_JOIN=small): `--jobs 2, 3, 7` with parts of 1, 97 and 1000 bytes give
#     the stdout, stderr and exit status of `--jobs 1`; without a fault, the row count and the exact sum are
#     the ones Python's csv module and fractions find. SCAN_SEEDS=N (default 20).
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
pvs=$(cd "$build" && pwd)/pvs
rc=0
for j in 1 2 3 7; do
  for naive in "" 1; do
    [ -n "$naive" ] && [ $j != 7 ] && continue
    out=$(PVS_JOBS=$j PVS_SCAN_PART=1 PVS_SCAN_NAIVE=$naive sh "$here/golden/run.sh" "$build/pvs" eval/ examples/ brief/ territoires/ 2>&1)
    echo "$out" | grep -v '^golden:'
    summary=$(echo "$out" | grep '^golden:' | sed 's/^golden: //')
    echo "scan (goldens, $j threads${naive:+, naive starts}): $summary"
    echo "$summary" | grep -q ' 0 failed' || rc=1
  done
done
command -v python3 >/dev/null 2>&1 || { echo "scan (generated files): skipped (no python3)"; exit $rc; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
seeds=${SCAN_SEEDS:-20}; pass=0; fail=0
s=1
while [ $s -le "$seeds" ]; do
  d=$tmp/$s; mkdir -p "$d"
  python3 "$here/scan/gen.py" $s "$d" || { fail=$((fail + 1)); s=$((s + 1)); continue; }
  ok=1
  for fmt in json text; do
    (cd "$d" && LANGUAGE=en LC_ALL=C.UTF-8 PVS_JOIN=whole "$pvs" eval prog.pvs --date 2024-12-31 --format $fmt --jobs 1 >ref.out 2>ref.err; echo $? >ref.code)
    for j in 2 3 7; do
      for part in 1 97 1000; do
        for naive in "" 1; do
          join=whole; [ $part = 97 ] && join=small   # t kept whole for the index, or its designated rows only
          (cd "$d" && LANGUAGE=en LC_ALL=C.UTF-8 PVS_SCAN_PART=$part PVS_SCAN_NAIVE=$naive PVS_JOIN=$join "$pvs" eval prog.pvs \
             --date 2024-12-31 --format $fmt --jobs $j >got.out 2>got.err; echo $? >got.code)
          for f in out err code; do
            if ! cmp -s "$d/ref.$f" "$d/got.$f"; then
              ok=0; echo "FAIL scan seed $s: --format $fmt --jobs $j PVS_SCAN_PART=$part${naive:+ PVS_SCAN_NAIVE=1}: std$f differs"
              diff "$d/ref.$f" "$d/got.$f" | head -5
            fi
          done
        done
      done
    done
    if [ $fmt = json ] && [ -f "$d/expect" ]; then
      python3 - "$d/ref.out" "$d/expect" <<'PY' || ok=0
import json, sys
from fractions import Fraction
d = json.load(open(sys.argv[1]))
n, total = open(sys.argv[2]).read().split()
ind = {i["name"]: i["rows"][-1]["exact"] for i in d["indicators"]}
if (int(ind["n"]), Fraction(ind["total"])) != (int(n), Fraction(total)):
    print("FAIL scan: rows %s, sum %s; the csv module finds %s, %s" % (ind["n"], ind["total"], n, total)); sys.exit(1)
PY
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "  (python3 $here/scan/gen.py $s DIR replays it)"; fi
  s=$((s + 1))
done
echo "scan (generated files): $pass passed, $fail failed"
[ $fail = 0 ] || rc=1
exit $rc
