#!/bin/sh
# run.sh BUILD SHARED — run the external conformance suites of ../shared/conformance.
# Each conf_NAME program takes the suite's folder and prints its own counts.
# A clone without ../shared beside it skips them, and says so.
build=$1; shared=$2; fail=0
for t in "$build"/tests/conf_*; do
  [ -x "$t" ] || continue
  case "$t" in *.d) continue;; esac
  name=${t##*/conf_}
  dir="$shared/conformance/$name"
  if [ ! -d "$dir" ]; then
    echo "skipped: conformance suite '$name' ($dir not found: it ships beside the project, not in it)"
    continue
  fi
  echo "-- conformance $name"
  "$t" "$dir" || fail=1
done
exit $fail
