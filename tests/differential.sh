#!/bin/sh
# differential.sh BUILD SHARED — the benchmark workload (bench/workload.pvs) evaluated by pvs
# must agree byte for byte with the reference outputs of ../shared/bench/expected/: on the
# 2-row edge case, and on 100,000 rows written by the project's own generator (bench/gen_parc.c,
# a byte-exact port of the reference generator). Skipped, with a message, without ../shared.
build=$1; shared=$2
here=$(cd "$(dirname "$0")/.." && pwd)
exp="$shared/bench/expected"
if [ ! -d "$exp" ]; then
  echo "skipped: differential test against the benchmark references ($exp not found)"
  exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() {   # name input expected
  "$build/pvs" eval "$here/bench/workload.pvs" --data "parc=$2" --format csv 2>"$tmp/err" >"$tmp/long.csv"
  sh "$here/bench/to_bench_csv.sh" "$tmp/long.csv" >"$tmp/out.csv"
  if cmp -s "$tmp/out.csv" "$3"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL differential $1"; diff "$3" "$tmp/out.csv" | head -5; fi
}
check tiny "$exp/tiny.csv" "$exp/tiny_result.csv"
"$build/bench/gen_parc" --rows 100000 --seed 42 --out "$tmp/parc100k.csv"
check parc100k_seed42 "$tmp/parc100k.csv" "$exp/parc100k_seed42.csv"
echo "differential: $pass passed, $fail failed"
[ $fail = 0 ]
