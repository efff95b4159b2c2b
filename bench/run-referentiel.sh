#!/bin/sh
# run-referentiel.sh BUILD SHARED — the whole référentiel at national scale (issue #15):
# examples/bailleur's bailleur.pvs (about 80 indicators of the socle and its own, valuations,
# contrôles, a bilan) over its parc.csv replicated to REF_ROWS rows with unique keys
# (build/bench/rep_parc; the other tables of the example stay as they are: they are the
# small tables that refer to the big one), measured in the same run as the ten-indicator
# workload (bench/workload.pvs over the generated 5M-row stock of run-eval.sh), so that the
# per-row costs compare. The same référentiel over the same rows is also computed where the
# data lives: "PostgreSQL running pvs-generated SQL" (a throwaway cluster, the tables of
# `pvs sql --schema` loaded by COPY, the query of `pvs sql`: bench/sql_pg.sh) and "DuckDB
# running pvs-generated SQL" (in memory: read_csv, the query; npm @duckdb/node-api in
# DUCKDB_NODE), each compared with pvs eval's output by tests/sql/compare.py (MATCH/DIFFER);
# BENCH_SKIP may name sql-postgres and sql-duckdb. Also: `pvs check` of a référentiel of
# 10,000 generated indicators, and `pvs eval` start-up on a small script (examples/quickstart).
#
# Every timed command runs BENCH_RUNS times after one warm-up under BUILD/bench/timeit (wall
# time, CPU time, peak RSS of the whole process): the median wall and CPU times and the
# largest peak are kept. The per-row cost of the référentiel is given against the workload's
# in wall time and in CPU time (less sensitive to other work on a shared machine).
# pvs eval is run with each thread count of REF_JOBS that it accepts (--jobs N). Outputs are
# compared (sha256) with bench/referentiel.sha256, the outputs of the evaluator before the
# work of issue #15: MATCH / DIFFER.
#
# Environment (as run-eval.sh): PVS_BENCH_DIR, BENCH_RUNS, BENCH_ROWS (workload rows,
# default 5000000), and:
#   REF_ROWS   rows of the replicated parc (default "1200000 4800000")
#   REF_JOBS   thread counts to run pvs eval with (default "1 2"; 1 alone when pvs has no --jobs)
# Generated data never goes into the repository.
set -u
build=${1:-build}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PVS_BENCH_DIR:-/tmp/pvs-bench}
runs=${BENCH_RUNS:-3}
wrows=${BENCH_ROWS:-5000000}
ref_rows=${REF_ROWS:-1200000 4800000}
jobs=${REF_JOBS:-1 2}
timeit=$build/bench/timeit
pvs=$build/pvs
sums=$root/bench/referentiel.sha256
out=$dir/ref
results=$out/results.tsv
mkdir -p "$out" || exit 2
. "$root/bench/lib.sh"
: >"$results"

# measure LABEL ROWS OUT CMD… — median wall and largest peak of $runs runs after a warm-up;
# appends LABEL, ROWS, wall, peak KiB, verdict to $results.
measure() {
  label=$1 rows=$2 o=$3
  shift 3
  timed_runs "$timeit" "$runs" "$o" "$out/err" "$@" || { echo "$label: failed (exit $status); see $out/err"; return 1; }
  sum=$(sha256sum <"$o" | cut -d' ' -f1)
  want=$(awk -v k="${label%%, *}" -F '\t' '$1 == k { print $2 }' "$sums" 2>/dev/null)
  verdict="no reference"
  [ -n "$want" ] && { [ "$want" = "$sum" ] && verdict=MATCH || verdict=DIFFER; }
  if [ -n "${against:-}" ]; then   # SQL rows: against pvs eval's output of the same rows
    python3 "$root/tests/sql/compare.py" "$against" "$o" >/dev/null 2>&1 && verdict=MATCH || verdict=DIFFER
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$rows" "$median" "$peak" "$verdict" "$sum" "$cpu" >>"$results"
  echo "$label: median $median s (CPU $cpu s), peak $((peak / 1024)) MiB, $verdict"
}

# Thread counts pvs accepts: --jobs appears with the parallel scan.
if ! "$pvs" eval --help 2>&1 | grep -q -- --jobs; then jobs=1; fi
jobs_opt() { [ "$("$pvs" eval --help 2>&1 | grep -c -- --jobs)" = 0 ] || echo "--jobs $1"; }

# ---- the ten-indicator workload, same run ----
case $wrows in 5000000) wdata=$dir/parc5m.csv ;; 1000000) wdata=$dir/parc1m.csv ;; 100000) wdata=$dir/parc100k.csv ;; *) wdata=$dir/parc$wrows.csv ;; esac
[ -f "$wdata" ] && [ -f "$wdata.size" ] && [ "$(wc -c <"$wdata" | tr -d ' ')" = "$(cat "$wdata.size")" ] || {
  echo "input: generating $wrows rows into $wdata"
  "$build/bench/gen_parc" --rows "$wrows" --seed 42 --out "$wdata.tmp" && mv "$wdata.tmp" "$wdata" &&
    wc -c <"$wdata" | tr -d ' ' >"$wdata.size" || exit 2
}
cat "$wdata" >/dev/null
for j in $jobs; do
  # shellcheck disable=SC2046
  measure "workload $wrows, $j thread(s)" "$wrows" "$out/workload_$j.csv" \
    "$pvs" eval "$root/bench/workload.pvs" --data "parc=$wdata" --format csv $(jobs_opt "$j")
done

# ---- the whole référentiel ----
skip=" ${BENCH_SKIP:-} "
duck=${DUCKDB_NODE:-/tmp/duckdb-node}
rm -rf "$out/bailleur-utf8" && cp -R "$root/examples/bailleur" "$out/bailleur-utf8" &&   # DuckDB reads no cp1252
  iconv -f cp1252 -t utf-8 "$root/examples/bailleur/reclamations.csv" >"$out/bailleur-utf8/reclamations.csv" &&
  sed -i 's/encodage: "cp1252"/encodage: "utf-8"/' "$out/bailleur-utf8/bailleur.pvs"
# sql_rows ROWS DATA EVAL: the référentiel over DATA by PostgreSQL and by DuckDB running the SQL of
# pvs sql, compared with EVAL, pvs eval's output over the same rows.
sql_rows() {
  against=$3
  case $skip in *" sql-postgres "*) ;; *)
    if [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ]; then
      measure "référentiel $1, PostgreSQL running pvs-generated SQL" "$1" "$out/referentiel_$1_pg.csv" \
        sh "$root/bench/sql_pg.sh" "$pvs" bailleur.pvs --data "parc=$2"
    else echo "référentiel $1: PostgreSQL not installed, skipped"; fi ;;
  esac
  case $skip in *" sql-duckdb "*) ;; *)
    if [ -d "$duck/node_modules/@duckdb/node-api" ] && command -v node >/dev/null 2>&1; then
      (cd "$out/bailleur-utf8" && "$pvs" sql bailleur.pvs --dialect duckdb --schema --data "parc=$2" >"$out/duck_schema.sql" &&
        "$pvs" sql bailleur.pvs --dialect duckdb --date 2024-12-31 >"$out/duck_query.sql") &&
        (cd "$out/bailleur-utf8" && measure "référentiel $1, DuckDB running pvs-generated SQL" "$1" "$out/referentiel_$1_duck.csv" \
          env NODE_PATH="$duck/node_modules" node "$root/tests/sql/duckdb_run.js" "$out/duck_schema.sql" "$out/duck_query.sql")
    else echo "référentiel $1: DuckDB ($duck) not installed, skipped (run-eval.sh installs it)"; fi ;;
  esac
  against=""
}
cd "$root/examples/bailleur" || exit 2
for r in $ref_rows; do
  data=$out/parc_bailleur_$r.csv
  [ -f "$data" ] || "$build/bench/rep_parc" --in parc.csv --rows "$r" --out "$data" || exit 2
  cat "$data" >/dev/null
  for j in $jobs; do
    # shellcheck disable=SC2046
    measure "référentiel $r, $j thread(s)" "$r" "$out/referentiel_${r}_$j.csv" \
      "$pvs" eval bailleur.pvs --date 2024-12-31 --format csv --data "parc=$data" $(jobs_opt "$j")
  done
  sql_rows "$r" "$data" "$out/referentiel_${r}_$j.csv"
done

# ---- pvs check of 10,000 generated indicators; eval start-up ----
gen=$out/dix_mille.pvs
awk 'BEGIN {
  print "unité logement \"logement\"\ntable t : logement {\n  id: texte clé\n  commune: territoire commune\n  x: entier\n  y: décimal optionnel\n  z: booléen\n}"
  for (i = 0; i < 10000; i++) {
    k = i % 4
    if (k == 0) f = "compte(t où x > " i ")"
    else if (k == 1) f = "somme(t où z, défaut(y, 0)) * 1 logement"
    else if (k == 2) f = "moyenne(t où x <= " i " et non z, x) * 1 logement"
    else f = "i" (i - 1) " + i" (i - 2)
    printf "indicateur i%d \"Indicateur %d\" : logement {\n  formule: %s\n  par: département\n}\n", i, i, f
  }
}' >"$gen"
measure "check 10000 indicators" 0 "$out/check.out" "$pvs" check "$gen"
cd "$root/examples/quickstart" || exit 2
runs_saved=$runs runs=9
measure "eval start-up (quickstart)" 20 "$out/startup.csv" "$pvs" eval quickstart.pvs --date 2024-12-31 --format csv
runs=$runs_saved

# ---- report ----
echo
awk -F '\t' '
  { label[++n] = $1; rows[n] = $2; wall[n] = $3; kib[n] = $4; verdict[n] = $5; cpu[n] = $7 }
  $1 ~ /^workload .*, 1 thread/ { wrow = $3 / $2; crow = $7 / $2 }
  END {
    print "| run | rows | wall s (median) | CPU s (median) | peak MiB | CPU ns/row | per-row cost vs workload, wall | same, CPU | output |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      big = rows[i] > 100
      nsr = big ? sprintf("%.0f", cpu[i] / rows[i] * 1e9) : "-"
      rw = big && wrow > 0 ? sprintf("%.2f", wall[i] / rows[i] / wrow) : "-"
      rc = big && crow > 0 ? sprintf("%.2f", cpu[i] / rows[i] / crow) : "-"
      printf "| %s | %d | %.3f | %.3f | %.1f | %s | %s | %s | %s |\n", label[i], rows[i], wall[i], cpu[i], kib[i] / 1024, nsr, rw, rc, verdict[i]
    }
  }' "$results" | tee "$out/results.md"
echo "$(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); median of $runs runs after 1 warm-up"
