#!/bin/sh
# run-unit.sh BUILD — run every Check unit-test program; Check prints its summary lines.
# The programs run in parallel (JOBS, default the number of cores); their output is printed
# in order, each after its name.
build=$1; fail=0
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  case "$t" in *.d) continue;; esac
  printf '%s\n' "$t"
done >"$tmp/list"
xargs -d '\n' -P "$jobs" -n 1 sh -c \
  'CK_VERBOSITY=${CK_VERBOSITY:-normal} "$1" >"$0/${1##*/}.log" 2>&1; echo $? >"$0/${1##*/}.rc"' \
  "$tmp" <"$tmp/list"
while IFS= read -r t; do
  n=${t##*/}
  echo "-- $n"
  cat "$tmp/$n.log"
  rc=1; [ -f "$tmp/$n.rc" ] && read -r rc <"$tmp/$n.rc"
  [ "$rc" = 0 ] || { fail=1; echo "$n: exit status $rc"; }
done <"$tmp/list"
exit $fail
