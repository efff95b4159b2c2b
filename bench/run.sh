#!/bin/sh
# run.sh BUILD SHARED — what `make bench` runs: every bench/run-*.sh in turn, each with the
# same two arguments (the build folder, the shared folder). Exit 1 if any of them failed.
here=$(dirname "$0")
rc=0
for script in "$here"/run-*.sh; do
  [ -f "$script" ] || continue
  echo "== $(basename "$script")"
  sh "$script" "$@" || rc=1
done
exit $rc
