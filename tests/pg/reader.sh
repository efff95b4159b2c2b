#!/bin/sh
# reader.sh BUILD — tables read from PostgreSQL (src/pgsrc.c) give exactly what the same rows
# read from CSV files give: the same golden scripts, evaluated both ways on a throwaway
# cluster (tests/pg/cluster.sh), must print byte-identical outputs; data errors name the
# row, the column and the URL without its password. Skipped, with a message, when
# PostgreSQL is not installed.
build=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
pvs=$here/$build/pvs
case $build in /*) pvs=$build/pvs ;; esac
export LANGUAGE=en   # the messages below are matched in English (pvs is French by default)
. "$here/tests/pg/cluster.sh"
pg_start; rc=$?
[ $rc = 1 ] && exit 0
[ $rc = 0 ] || exit 1
tmp=$(mktemp -d); trap 'pg_stop; rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL pg $1"; }

# same NAME CMD-CSV -- CMD-PG: both outputs (stdout, exit status) must be identical.
same() {
  name=$1; shift
  csv=""; while [ "$1" != -- ]; do csv="$csv '$1'"; shift; done; shift
  eval "$csv" >"$tmp/a.out" 2>"$tmp/a.err"; ca=$?
  "$@" >"$tmp/b.out" 2>"$tmp/b.err"; cb=$?
  if [ $ca = $cb ] && cmp -s "$tmp/a.out" "$tmp/b.out" && [ -s "$tmp/a.out" ]; then ok
  else ko "$name (exit $ca / $cb)"; diff "$tmp/a.out" "$tmp/b.out" | head -5; head -3 "$tmp/b.err"; fi
}

# -- the benchmark workload: 2,000 generated rows in a typed table ------------------------
"$here/$build/bench/gen_parc" --rows 2000 --seed 7 --out "$tmp/parc.csv" ||
  { echo "FAIL pg: $build/bench/gen_parc missing"; exit 1; }
pg_psql -c "CREATE TABLE parc (id text, organisme text, commune text, qpv smallint, zone text,
  annee_construction smallint, surface numeric(12,2), loyer numeric(12,2), loyer_marche numeric(12,2),
  dpe text, vacant boolean, financement text, revenu_menage numeric(12,2), impaye numeric(12,2),
  accompagne smallint)" -c "\\copy parc FROM pstdin (FORMAT csv, HEADER)" <"$tmp/parc.csv"
w=$here/bench/workload.pvs
for f in csv json text; do
  same "workload --format $f" "$pvs" eval "$w" --data "parc=$tmp/parc.csv" --format $f --date 2024-12-31 -- \
    "$pvs" eval "$w" --data "parc=$(pg_url parc)" --format $f --date 2024-12-31
done
same "workload ?query=" "$pvs" eval "$w" --data "parc=$tmp/parc.csv" --format csv --date 2024-12-31 -- \
  "$pvs" eval "$w" --data "parc=postgresql:///postgres?host=$pg_dir&query=SELECT * FROM parc ORDER BY id DESC" \
  --format csv --date 2024-12-31

# -- the brief's example: ';', decimal comma, French booleans, two date formats ----------
b=$here/tests/golden/fixtures/brief
pg_psql -f "$here/tests/pg/brief.sql"
pg_psql -c "\\copy parc_raw FROM pstdin (FORMAT csv, HEADER, DELIMITER ';')" <"$b/parc.csv"
pg_psql -c "\\copy suivis_raw FROM pstdin (FORMAT csv, HEADER, DELIMITER ';')" <"$b/suivis.csv"
pg_psql -c "CREATE TABLE bparc AS SELECT id, commune, bool_fr(qpv) AS qpv, zone, num_fr(surface) AS surface,
  num_fr(loyer) AS loyer, num_fr(\"loyer_marché\") AS \"loyer_marché\", bool_fr(vacant) AS vacant,
  num_fr(nullif(revenu, '')) AS revenu, num_fr(\"impayé\") AS \"impayé\" FROM parc_raw" \
  -c "CREATE TABLE bsuivis AS SELECT logement, date_fr(\"début\") AS \"début\", num_fr(dette_initiale) AS dette_initiale,
  bool_fr(\"plan_respecté\") AS \"plan_respecté\" FROM suivis_raw"
for args in "--format csv" "--format json" "--scenario prudent --format csv" "--by région --format csv" "--format text"; do
  # shellcheck disable=SC2086
  same "brief $args" "$pvs" eval "$b/prog.pvs" --date 2024-12-31 $args -- \
    "$pvs" eval "$b/prog.pvs" --date 2024-12-31 $args --data "parc=$(pg_url bparc)" --data "suivis=$(pg_url bsuivis)"
done
# source: in the script itself
up=$(pg_url bparc | sed 's/&/\\&/g'); us=$(pg_url bsuivis | sed 's/&/\\&/g')
sed -e "s|source: \"parc.csv\"|source: \"$up\"|" -e "s|source: \"suivis.csv\"|source: \"$us\"|" "$b/prog.pvs" >"$tmp/prog.pvs"
if grep -q postgresql "$tmp/prog.pvs"; then
  same "brief source: postgresql://" "$pvs" eval "$b/prog.pvs" --date 2024-12-31 --format csv -- \
    "$pvs" eval "$tmp/prog.pvs" --date 2024-12-31 --format csv
else ko "brief source: (no source: line to replace)"; fi

# -- data errors: row and column, the URL without its password ---------------------------
pg_psql -c "CREATE TABLE bad AS SELECT * FROM bparc" -c "ALTER TABLE bad ALTER surface TYPE text" \
  -c "UPDATE bad SET surface = 'grand' WHERE id = 'L3'"
url="postgresql://postgres:s3cr3t@/postgres?host=$pg_dir&query=SELECT * FROM bad ORDER BY id"
"$pvs" eval "$b/prog.pvs" --date 2024-12-31 --data "parc=$url" >"$tmp/out" 2>"$tmp/err"; code=$?
shown="postgresql://postgres:\*\*\*@/postgres?host=$pg_dir&query=SELECT \* FROM bad ORDER BY id"
if [ $code = 2 ] && grep -q "^$shown:4:17: error: 'grand' in column 'surface' is not a number" "$tmp/err" &&
   ! grep -q s3cr3t "$tmp/err" && [ ! -s "$tmp/out" ]; then ok; else ko "bad cell (exit $code)"; cat "$tmp/err"; fi
"$pvs" eval "$b/prog.pvs" --date 2024-12-31 --data "parc=postgresql:///postgres?host=$pg_dir&password=s3cr3t&table=nothere" \
  >"$tmp/out" 2>"$tmp/err"; code=$?
if [ $code = 2 ] && grep -q 'password=\*\*\*&table=nothere: error: .*PostgreSQL: relation "nothere" does not exist' "$tmp/err" &&
   ! grep -q s3cr3t "$tmp/err"; then ok; else ko "missing table (exit $code)"; cat "$tmp/err"; fi
"$pvs" eval "$b/prog.pvs" --date 2024-12-31 --data "parc=postgresql:///postgres?host=$pg_dir&query=SELECT id FROM bparc" \
  >"$tmp/out" 2>"$tmp/err"; code=$?
if [ $code = 2 ] && grep -q "the header has no column 'commune', declared in table 'parc'" "$tmp/err"; then ok
else ko "missing column (exit $code)"; cat "$tmp/err"; fi
# a query that fails after some rows: the rows before are read, then the error
pg_psql -c "CREATE TABLE zero AS SELECT * FROM bparc" -c "UPDATE zero SET surface = 0 WHERE id = 'L4'"
"$pvs" eval "$b/prog.pvs" --date 2024-12-31 --data "parc=postgresql:///postgres?host=$pg_dir&query=SELECT id, commune, qpv, zone, 1/surface AS surface, loyer, \"loyer_marché\", vacant, revenu, \"impayé\" FROM zero ORDER BY id" \
  >"$tmp/out" 2>"$tmp/err"; code=$?
if [ $code = 2 ] && grep -q "PostgreSQL: division by zero" "$tmp/err"; then ok; else ko "error mid-stream (exit $code)"; cat "$tmp/err"; fi
echo "postgresql: $pass passed, $fail failed"
[ $fail = 0 ]
