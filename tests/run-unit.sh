#!/bin/sh
# run-unit.sh BUILD — run every Check unit-test program; Check prints its summary lines.
build=$1; fail=0
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  case "$t" in *.d) continue;; esac
  echo "-- $(basename "$t")"
  CK_VERBOSITY=${CK_VERBOSITY:-normal} "$t" || fail=1
done
exit $fail
