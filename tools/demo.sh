#!/bin/sh
# demo.sh PVS [EXAMPLE SCRIPT DATE] — an example checked, then evaluated on a date.
#   make demo: the example organisation (examples/bailleur, about 12,000 dwellings in French
#              CSV conventions): indicators, valuations and the bilan, on 31 December 2024;
#   make rpls: the national example on public data (examples/rpls-2024: the SDES's social
#              dwellings by commune at 1 January 2024) by région, département, EPCI and zone.
set -e
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=${2:-bailleur}; script=${3:-bailleur.pvs}; date=${4:-2024-12-31}
cd "$(dirname "$0")/../examples/$example"
echo "\$ pvs check $script"
"$pvs" check "$script" && echo "(no problem found)"
echo
echo "\$ pvs eval $script --date $date"
"$pvs" eval "$script" --date "$date"
