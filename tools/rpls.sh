#!/bin/sh
# rpls.sh PVS — what `make rpls` shows: the national example on public data
# (examples/rpls-2024: the SDES's social dwellings by commune at 1 January 2024) checked,
# then evaluated by région, département, EPCI and zone A/B/C, with its contrôles.
set -e
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../examples/rpls-2024"
echo "\$ pvs check rpls.pvs"
"$pvs" check rpls.pvs && echo "(aucun problème)"
echo
echo "\$ pvs eval rpls.pvs --date 2024-01-01"
"$pvs" eval rpls.pvs --date 2024-01-01
