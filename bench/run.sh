#!/bin/sh
# run.sh BUILD SHARED — the benchmarks, one section each (generated data, never timed tests).
build=$1; shared=$2
fail=0

echo "== num_sum: summing 10 million two-decimal values parsed from text (doc/numbers.md)"
"$build"/bench/num_sum 10000000 || fail=1

exit $fail
