#!/bin/sh
# run-sql.sh BUILD SHARED — `pvs sql` where the data lives (doc/sql.md): the benchmark workload
# (bench/workload.pvs over the generated national stock, as run-eval.sh) and the whole
# référentiel of examples/bailleur, each computed by pvs eval, by PostgreSQL running the
# pvs-generated SQL (cluster start, COPY of the CSV, query, stop: bench/sql_pg.sh) and by
# DuckDB running it (in memory: read_csv, query; npm @duckdb/node-api). Median of BENCH_RUNS
# runs after one warm-up, peak RSS, by BUILD/bench/timeit; every SQL result is compared with
# pvs eval's by tests/sql/compare.py (MATCH / DIFFER). Same environment as run-eval.sh
# (PVS_BENCH_DIR, BENCH_ROWS, BENCH_SEED, BENCH_RUNS, DUCKDB_NODE, PGBIN); BENCH_SKIP may
# name sql-postgres and sql-duckdb.
set -u
build=${1:-build}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PVS_BENCH_DIR:-/tmp/pvs-bench}
rows=${BENCH_ROWS:-5000000}
seed=${BENCH_SEED:-42}
runs=${BENCH_RUNS:-3}
skip=" ${BENCH_SKIP:-} "
duck=${DUCKDB_NODE:-/tmp/duckdb-node}
timeit=$build/bench/timeit
pvs=$build/pvs
results=$dir/sql-results.tsv
mkdir -p "$dir/sql" || exit 2
data=$dir/sql/parc_${rows}_seed$seed.csv
[ -f "$data" ] || "$build/bench/gen_parc" --rows "$rows" --seed "$seed" --out "$data" || exit 2
: >"$results"

# measure LABEL OUT CMD… (from the current folder): median wall, max peak, verdict against eval.csv
measure() {
  label=$1 out=$2
  shift 2
  walls="" peak=0 i=0
  while [ $i -le "$runs" ]; do
    res=$("$timeit" -o "$out" -e "$dir/sql/err" -- "$@")
    [ "${res##* }" = 0 ] || { echo "$label: failed; see $dir/sql/err"; return 1; }
    if [ $i -gt 0 ]; then
      walls="$walls ${res%% *}"
      kib=$(echo "$res" | cut -d' ' -f2)
      [ "$kib" -gt "$peak" ] && peak=$kib
    fi
    i=$((i + 1))
  done
  median=$(printf '%s\n' $walls | sort -n | awk '{ w[NR] = $1 } END { print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2 }')
  verdict=MATCH
  [ "$out" = "$dir/sql/eval.csv" ] || python3 "$root/tests/sql/compare.py" "$dir/sql/eval.csv" "$out" >/dev/null 2>&1 || verdict=DIFFER
  printf '%s\t%s\t%s\t%s\n' "$label" "$median" "$peak" "$verdict" >>"$results"
  echo "$label: median $median s, peak $((peak / 1024)) MiB, $verdict"
}

# workload NAME FOLDER SCRIPT DUCK_FOLDER [pvs option…]
workload() {
  name=$1 folder=$2 script=$3 dfolder=$4
  shift 4
  cd "$folder" || return
  measure "$name: pvs eval" "$dir/sql/eval.csv" "$pvs" eval "$script" --date 2024-12-31 --format csv "$@" || return
  case $skip in *" sql-postgres "*) ;; *)
    if [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ]; then
      measure "$name: PostgreSQL running pvs-generated SQL" "$dir/sql/pg.csv" sh "$root/bench/sql_pg.sh" "$pvs" "$script" "$@"
    else echo "$name: PostgreSQL not installed, skipped"; fi ;;
  esac
  case $skip in *" sql-duckdb "*) ;; *)
    if [ -d "$duck/node_modules/@duckdb/node-api" ] && command -v node >/dev/null 2>&1; then
      cd "$dfolder" || return
      "$pvs" sql "$script" --dialect duckdb --schema "$@" >"$dir/sql/duck_schema.sql" &&
        "$pvs" sql "$script" --dialect duckdb --date 2024-12-31 >"$dir/sql/duck_query.sql" &&
        measure "$name: DuckDB running pvs-generated SQL" "$dir/sql/duck.csv" env NODE_PATH="$duck/node_modules" \
          node "$root/tests/sql/duckdb_run.js" "$dir/sql/duck_schema.sql" "$dir/sql/duck_query.sql"
    else echo "$name: DuckDB ($duck) not installed, skipped (run-eval.sh installs it)"; fi ;;
  esac
}

cp "$root/bench/workload.pvs" "$dir/sql/workload.pvs"
workload "workload, $rows rows" "$dir/sql" workload.pvs "$dir/sql" --data "parc=$data"
rm -rf "$dir/sql/bailleur-utf8" && cp -R "$root/examples/bailleur" "$dir/sql/bailleur-utf8" &&   # DuckDB reads no cp1252
  iconv -f cp1252 -t utf-8 "$root/examples/bailleur/reclamations.csv" >"$dir/sql/bailleur-utf8/reclamations.csv" &&
  sed -i 's/encodage: "cp1252"/encodage: "utf-8"/' "$dir/sql/bailleur-utf8/bailleur.pvs"
workload "référentiel (examples/bailleur)" "$root/examples/bailleur" bailleur.pvs "$dir/sql/bailleur-utf8"
echo
echo "| implementation | wall s (median) | peak MiB | output vs pvs eval |"
echo "|---|---|---|---|"
awk -F '\t' '{ printf "| %s | %.3f | %.0f | %s |\n", $1, $2, $3 / 1024, $4 }' "$results" | tee "$dir/sql-results.md"
