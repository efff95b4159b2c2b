#!/bin/sh
# join.sh BUILD — joins built on the small side change no result (src/plan_join.c): the
# golden cases that evaluate data run again with every designated table kept whole
# (PVS_JOIN=whole) and with every one keeping only the designated rows (PVS_JOIN=small),
# whatever the files' sizes; their expected outputs must not change. (Cases that are about
# the join itself pin PVS_JOIN in their `env` file.)
build=${1:-build}
here=$(dirname "$0")
rc=0
for mode in whole small; do
  out=$(PVS_JOIN=$mode sh "$here/golden/run.sh" "$build/pvs" eval/ examples/ brief/ territoires/ 2>&1)
  echo "$out" | grep -v '^golden:'
  summary=$(echo "$out" | grep '^golden:' | sed 's/^golden: //')
  echo "join ($mode): $summary"
  echo "$summary" | grep -q ' 0 failed' || rc=1
done
exit $rc
