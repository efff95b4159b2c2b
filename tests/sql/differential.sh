#!/bin/sh
# differential.sh BUILD — `pvs sql` against `pvs eval`: the benchmark workload (100,000 rows of
# bench/gen_parc), the brief's example (and its scénario), examples/bailleur (and its
# scénario; its second bilan follows the Green Book), the SROI conventions and timelines of
# doc/methode-sroi.md (tests/golden/fixtures/sroi, tests/golden/sroi/timeline), and small
# workloads for what the SQL must get right: missing values (tests/sql/missing: costs and
# bilans, et/ou/non, groups "not given", aggregates over nothing, % columns in points and
# fractions, decimals); groups of numbers and dates in their order (fixtures/group-order);
# territories (tests/sql/territories: older commune codes, arrondissements, every level in
# par:, --by and rows; an unknown code refused by all three); duplicate keys and réf that
# designate no row (tests/sql/duplicates: refused by all three, even on tables without
# constraints); what it computes to 12 decimals (tests/sql/approx: divisions and non-finite
# constants in rows, over the 100,000 dwellings, within the tolerance doc/sql.md states and
# only for the declarations the head names; exact médianes) and the tolerance at work
# (tests/sql/tolerance: exactly two rows off by one unit of their last decimal, accepted;
# exact médianes of large values). Each is evaluated by pvs eval, by PostgreSQL on the
# generated SQL (a throwaway cluster, tests/pg/cluster.sh) and by DuckDB (npm
# @duckdb/node-api): the rows must be equal after the declared rounding (tests/sql/compare.py).
# Then random référentiels (tests/sql/random.py, SQL_SEEDS of them, default 40). The tables
# are created and loaded by `pvs sql --schema` itself, so the CSV conventions are tested too.
# Each engine is skipped, with a message, when it is not installed (DuckDB: node, and the npm
# package in DUCKDB_NODE, default /tmp/duckdb-node, installed there with npm when missing).
build=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
pvs=$build/pvs
here=$root/tests/sql
duck=${DUCKDB_NODE:-/tmp/duckdb-node}
duck_pkg=@duckdb/node-api@1.5.6-r.1
command -v python3 >/dev/null 2>&1 || { echo "skipped: SQL differential test (no python3 to compare the results)"; exit 0; }
tmp=$(mktemp -d)
. "$root/tests/pg/cluster.sh"
trap 'pg_stop; rm -rf "$tmp"' EXIT

# The cases: NAME:DIR:SCRIPT:[pvs options…]:[compare.py options…], '=' for a space in an
# option; run from DIR, as a user would.
"$build/bench/gen_parc" --rows 100000 --seed 42 --out "$tmp/parc.csv" || { echo "FAIL sql: gen_parc"; exit 1; }
cp "$root/bench/workload.pvs" "$root/tests/sql/approx/approx.pvs" "$tmp/"
cp -R "$root/tests/sql/tolerance" "$tmp/tolerance"
mkdir -p "$tmp/brief" "$tmp/bailleur" "$tmp/missing" "$tmp/conventions" "$tmp/timeline" "$tmp/order" "$tmp/territories" "$tmp/unknown"
cp "$root/tests/golden/fixtures/brief/"* "$tmp/brief/"
cp "$root/tests/sql/territories/"* "$tmp/territories/"
cp "$root/tests/sql/territories/"* "$tmp/unknown/"
echo "L13,59999,100,NORD" >>"$tmp/unknown/parc.csv"   # no commune has, or had, this code
cp "$root/tests/sql/missing/"* "$tmp/missing/"
cp "$root/tests/golden/fixtures/group-order/"* "$tmp/order/"   # groups of numbers and dates in their order
cp "$root/tests/golden/fixtures/sroi/prog.pvs" "$tmp/conventions/"
cp "$root/tests/golden/sroi/timeline/prog.pvs" "$tmp/timeline/"
cp "$root/examples/bailleur/"*.pvs "$root/examples/bailleur/"*.csv "$tmp/bailleur/"
# DuckDB reads latin1 and UTF-8 only: its copy of the cp1252 file is converted first.
mkdir -p "$tmp/bailleur-utf8"
cp "$tmp/bailleur/"* "$tmp/bailleur-utf8/"
iconv -f cp1252 -t utf-8 "$tmp/bailleur/reclamations.csv" >"$tmp/bailleur-utf8/reclamations.csv"
sed -i 's/encodage: "cp1252"/encodage: "utf-8"/' "$tmp/bailleur-utf8/bailleur.pvs"
approx="loyer_m2_moyen,ecart_marche,taux_effort,surface_mediane_tiers,chers,loyer_tiers,loyers,approché"
cases="workload:.:workload.pvs:--data=parc=parc.csv
approx:.:approx.pvs:--data=parc=parc.csv:--expect-approx=$approx
tolerance:tolerance:prog.pvs::--expect-tolerated=2 --expect-approx=tiers_division,tiers_constante
missing:missing:prog.pvs:
order:order:prog.pvs:
brief:brief:prog.pvs:
brief-prudent:brief:prog.pvs:--scenario=prudent
bailleur:bailleur:bailleur.pvs:
bailleur-prudent:bailleur:bailleur.pvs:--scenario=prudent
conventions:conventions:prog.pvs:
timeline:timeline:prog.pvs:
timeline-shorter:timeline:prog.pvs:--scenario=plus_court
territories:territories:prog.pvs:
territories-by-commune:territories:prog.pvs:--by=commune
territories-by-departement:territories:prog.pvs:--by=département
territories-by-region:territories:prog.pvs:--by=région
territories-by-epci:territories:prog.pvs:--by=epci
territories-by-zone:territories:prog.pvs:--by=zone_abc"

# each ENGINE RUNNER: for every case, schema + query through RUNNER DIR.
each() {
  engine=$1 dialect=$2 runner=$3
  echo "$cases" | while IFS=: read -r name dir script opt cmpopt; do
    d=$tmp/$dir
    [ "$engine" = duckdb ] && [ "$dir" = bailleur ] && d=$tmp/bailleur-utf8
    opt=$(echo "$opt" | tr '=' ' ' | sed 's/^--data /--data /; s/--data parc parc.csv/--data parc=parc.csv/')
    # shellcheck disable=SC2086
    (cd "$d" && "$pvs" eval "$script" --date 2024-12-31 --format csv $opt >"$tmp/eval.csv" 2>"$tmp/eval.err")
    [ $? -le 1 ] && [ -s "$tmp/eval.csv" ] ||   # 1: a contrôle failed
      { echo "FAIL sql $engine $name: pvs eval"; cat "$tmp/eval.err"; echo x >>"$tmp/failed"; continue; }
    dataopt=$(echo "$opt" | grep -o -- '--data [^ ]*')
    sc=$(echo "$opt" | grep -o -- '--scenario [^ ]*\|--by [^ ]*')
    # shellcheck disable=SC2086
    if ! (cd "$d" && "$pvs" sql "$script" --dialect $dialect --schema $dataopt >"$tmp/schema.sql" &&
          "$pvs" sql "$script" --dialect $dialect --date 2024-12-31 $sc >"$tmp/query.sql") 2>"$tmp/sql.err"; then
      echo "FAIL sql $engine $name: pvs sql"; head -5 "$tmp/sql.err"; echo x >>"$tmp/failed"; continue
    fi
    if ! (cd "$d" && $runner "$tmp/schema.sql" "$tmp/query.sql" >"$tmp/out.csv" 2>"$tmp/run.err"); then
      echo "FAIL sql $engine $name: the engine failed"; head -5 "$tmp/run.err"; echo x >>"$tmp/failed"; continue
    fi
    # shellcheck disable=SC2046
    if python3 "$here/compare.py" "$tmp/eval.csv" "$tmp/out.csv" "$tmp/query.sql" $(echo "$cmpopt" | tr '=' ' ') >"$tmp/cmp" 2>&1; then echo x >>"$tmp/passed"
    else echo "FAIL sql $engine $name"; head -12 "$tmp/cmp"; echo x >>"$tmp/failed"; fi
  done
}

# unknown ENGINE DIALECT RUNNER: a commune code no commune has, or had, is refused by pvs eval
# (a data error) and stops the generated query with an error naming it, never a number.
unknown() {
  engine=$1 dialect=$2 runner=$3
  (cd "$tmp/unknown" && "$pvs" eval prog.pvs --format csv >/dev/null 2>&1)
  erc=$?
  (cd "$tmp/unknown" && "$pvs" sql prog.pvs --dialect "$dialect" --schema >"$tmp/schema.sql" &&
    "$pvs" sql prog.pvs --dialect "$dialect" >"$tmp/query.sql") 2>"$tmp/sql.err"
  if [ $erc = 2 ] && ! (cd "$tmp/unknown" && $runner "$tmp/schema.sql" "$tmp/query.sql" >"$tmp/out.csv" 2>"$tmp/run.err") &&
     grep -q "commune.*59999" "$tmp/run.err"; then echo x >>"$tmp/passed"
  else echo "FAIL sql $engine unknown commune code: pvs eval exit $erc (want 2); the engine said:"; head -3 "$tmp/run.err"; echo x >>"$tmp/failed"; fi
}

# duplicates ENGINE DIALECT RUNNER: a clé that appears twice — in a table nothing reads (1 and
# 01), in the table read (A twice) — or a réf that designates no row (Z) is refused by pvs eval
# and stops the generated query with an error naming the table, even when the tables were
# created without their PRIMARY KEY and REFERENCES (as a user's own tables may be); with none
# of these, the same rows as pvs eval.
duplicates() {
  engine=$1 dialect=$2 runner=$3
  for v in annexe:1 parc:1 suivis:1 none:0; do
    table=${v%:*} want=${v#*:}
    rm -rf "$tmp/dup" && cp -R "$root/tests/sql/duplicates" "$tmp/dup"
    [ "$table" = annexe ] || printf 'code\n1\n2\n3\n' >"$tmp/dup/annexe.csv"
    [ "$table" = parc ] && echo "A,300" >>"$tmp/dup/parc.csv"
    [ "$table" = suivis ] && echo "4,Z" >>"$tmp/dup/suivis.csv"
    (cd "$tmp/dup" && "$pvs" eval prog.pvs --date 2024-12-31 --format csv >"$tmp/eval.csv" 2>/dev/null)
    erc=$?
    (cd "$tmp/dup" && "$pvs" sql prog.pvs --dialect "$dialect" --schema | sed 's/ PRIMARY KEY//; s/ REFERENCES [^,]*//' >"$tmp/schema.sql" &&
      "$pvs" sql prog.pvs --dialect "$dialect" --date 2024-12-31 >"$tmp/query.sql") 2>"$tmp/sql.err"
    if (cd "$tmp/dup" && $runner "$tmp/schema.sql" "$tmp/query.sql" >"$tmp/out.csv" 2>"$tmp/run.err"); then
      ok=$([ "$want" = 0 ] && [ $erc = 0 ] && python3 "$here/compare.py" "$tmp/eval.csv" "$tmp/out.csv" >/dev/null && echo y)
    else
      ok=$([ "$want" = 1 ] && [ $erc = 2 ] && grep -q "pvs.*$table" "$tmp/run.err" && echo y)
    fi
    if [ "$ok" = y ]; then echo x >>"$tmp/passed"
    else echo "FAIL sql $engine duplicate keys ($table): pvs eval exit $erc; the engine said:"; head -3 "$tmp/run.err"; echo x >>"$tmp/failed"; fi
  done
}

pg_run() {   # pg_run SCHEMA QUERY — in a fresh schema
  pg_psql -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public" >/dev/null 2>&1 &&
    pg_psql -f "$1" >/dev/null && pg_psql --csv -f "$2"
}
duck_run() { NODE_PATH="$duck/node_modules" node "$here/duckdb_run.js" "$@"; }

duckdb_ready() {
  command -v node >/dev/null 2>&1 || return 1
  [ -d "$duck/node_modules/@duckdb/node-api" ] && return 0
  command -v npm >/dev/null 2>&1 || return 1
  mkdir -p "$duck" && npm install --prefix "$duck" --no-audit --no-fund "$duck_pkg" >"$tmp/npm.log" 2>&1 &&
    [ -d "$duck/node_modules/@duckdb/node-api" ]
}

# compare.py's tolerance itself: one unit of the last decimal of a declaration the head names
# not exact is accepted (and counted), two units are not, nor one unit of an exact declaration.
selftest() {   # selftest WANT(0|1) VALUE_A VALUE_B [option…]
  want=$1; printf 'kind,name,dimensions,group,value,exact,unit\nindicator,a,,,%s,,\nindicator,b,,,%s,,\n' "$2" "$3" >"$tmp/st.csv"
  shift 3
  python3 "$here/compare.py" "$tmp/st-eval.csv" "$tmp/st.csv" "$tmp/st.sql" "$@" >/dev/null 2>&1
  [ $? = "$want" ] && echo x >>"$tmp/passed" || { echo "FAIL sql compare.py tolerance self-test ($want $*)"; echo x >>"$tmp/failed"; }
}
printf 'kind,name,dimensions,group,value,exact,unit,label\nindicator,a,,,1.000,1,,\nindicator,b,,,2.000,2,,\n' >"$tmp/st-eval.csv"
printf -- '-- Non exact : indicateur a (une division).\n' >"$tmp/st.sql"
selftest 0 0.999 2.000 --expect-tolerated 1
selftest 1 0.998 2.000
selftest 1 1.000 1.999
selftest 1 1.000 2.000 --expect-tolerated 1
selftest 1 1.000 2.000 --expect-approx a,b

pg_start; rc=$?
[ $rc = 2 ] && exit 1
[ $rc = 0 ] && { each postgresql postgresql pg_run; unknown postgresql postgresql pg_run; duplicates postgresql postgresql pg_run; }
# --territories: every département and commune of the table, with their parents, and every
# code a checked column may hold (arrondissements, older codes) with the current one and its rank
if [ $rc = 0 ]; then
  "$pvs" sql --territories >"$tmp/terr.sql" && pg_psql -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public" >/dev/null 2>&1 &&
    pg_psql -f "$tmp/terr.sql" >/dev/null &&
    pg_psql -At -c "SELECT count(*) FROM pvs_territoire" -c "SELECT count(*) FROM pvs_commune" \
      -c "SELECT c.nom, t.departement_nom, t.region_nom, c.epci, c.zone_abc FROM pvs_commune c JOIN pvs_territoire t USING (departement) WHERE commune = '59350'" \
      -c "SELECT niveau, count(*), count(rang) FROM pvs_code GROUP BY niveau ORDER BY niveau" \
      -c "SELECT code || '>' || courant FROM pvs_code WHERE niveau = 'commune' AND code IN ('75112', '14011', '59350') ORDER BY code" \
      -c "SELECT string_agg(code, ' ' ORDER BY rang) FROM pvs_code WHERE niveau = 'zone_abc' AND rang IS NOT NULL" \
      >"$tmp/terr.out"
  printf '101\n34875\nLille|Nord|Hauts-de-France|200093201|A\n' >"$tmp/terr.want"
  printf 'commune|39154|34875\ndepartement|101|101\nepci|1255|1255\nregion|18|18\nzone_abc|7|5\n' >>"$tmp/terr.want"
  printf '14011>14581\n59350>59350\n75112>75056\nA_bis A B1 B2 C\n' >>"$tmp/terr.want"
  if cmp -s "$tmp/terr.out" "$tmp/terr.want"; then echo x >>"$tmp/passed"
  else echo "FAIL sql --territories"; diff "$tmp/terr.want" "$tmp/terr.out"; echo x >>"$tmp/failed"; fi
fi
engines=""
[ $rc = 0 ] && engines=postgresql
if duckdb_ready; then
  each duckdb duckdb duck_run; unknown duckdb duckdb duck_run; duplicates duckdb duckdb duck_run; engines="$engines duckdb"
else echo "skipped: SQL differential test on DuckDB (node or npm package $duck_pkg not available)"; fi
pass=$(cat "$tmp/passed" 2>/dev/null | wc -l); fail=$(cat "$tmp/failed" 2>/dev/null | wc -l)
echo "sql differential: $pass passed, $fail failed"
rnd=0
if [ -n "$engines" ]; then
  # shellcheck disable=SC2086
  PSQL="$PGBIN/psql" NODE_PATH="$duck/node_modules" python3 "$here/random.py" "$pvs" "${SQL_SEEDS:-40}" 1 $engines || rnd=1
fi
[ "$fail" = 0 ] && [ $rnd = 0 ]
