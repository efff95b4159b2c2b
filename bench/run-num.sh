#!/bin/sh
# run-num.sh BUILD SHARED — summing 10 million two-decimal values parsed from text,
# fast path vs GMP-only (doc/numbers.md).
build=$1
"$build"/bench/num_sum 10000000
