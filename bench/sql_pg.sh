#!/bin/sh
# sql_pg.sh PVS SCRIPT [pvs sql option…] — what the benchmark times for "PostgreSQL running
# pvs-generated SQL": a throwaway cluster (tests/pg/cluster.sh), the tables created and loaded
# by `pvs sql --schema` (COPY of the CSV files), the query of `pvs sql`, its rows as CSV on
# standard output, the cluster stopped. Run from the script's folder.
pvs=$1 script=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/pg/cluster.sh"
pg_start >&2 || exit 1
trap 'pg_stop' EXIT
schema=$(mktemp) query=$(mktemp)
"$pvs" sql "$script" --schema "$@" >"$schema" && "$pvs" sql "$script" --date 2024-12-31 >"$query" &&
  pg_psql -f "$schema" >/dev/null && pg_psql --csv -f "$query"
rc=$?
rm -f "$schema" "$query"
exit $rc
