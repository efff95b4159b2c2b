#!/bin/sh
# demo.sh PVS — what `make demo` shows: the example organisation (examples/bailleur, about
# 12,000 dwellings in French CSV conventions) checked, then evaluated: indicators,
# valuations and the bilan, on 31 December 2024.
set -e
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../examples/bailleur"
echo "\$ pvs check bailleur.pvs"
"$pvs" check bailleur.pvs && echo "(no problem found)"
echo
echo "\$ pvs eval bailleur.pvs --date 2024-12-31"
"$pvs" eval bailleur.pvs --date 2024-12-31
