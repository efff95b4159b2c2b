#!/bin/sh
# run-eval.sh BUILD SHARED — the evaluation benchmark (shared/bench/README.md): workload
# W1..W10 over the synthetic national stock, pvs against its floors (wc -l, cat) and the
# reference implementations (Python csv+decimal, DuckDB, PostgreSQL 15), each only when
# it is available. pvs runs with one thread (--jobs 1, the reference of the ratios) and with
# every core (--jobs $(nproc), the parallel scan). Whole process, warm page cache, median of BENCH_RUNS runs after one
# warm-up, peak RSS, all measured by BUILD/bench/timeit. Every output is compared with
# cmp to the expected result in SHARED/bench/expected/ when one exists for the input.
#
# Environment:
#   PVS_BENCH_DIR  data and outputs (default /tmp/pvs-bench; never the repository)
#   BENCH_ROWS     rows of the generated stock (default 5000000)
#   BENCH_SEED     generator seed (default 42; expected outputs exist for 42 only)
#   BENCH_RUNS     timed runs after the warm-up (default 3)
#   BENCH_SKIP     ids to leave out, among: wc cat pvs python duckdb postgres
#   DUCKDB_NODE    folder of the npm package @duckdb/node-api (default /tmp/duckdb-node;
#                  installed there with npm when missing and npm can reach its registry)
#   PGBIN          PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin); the server
#                  is never installed from here
#
# The generated file is reused when its size is the expected one. Results also go to
# PVS_BENCH_DIR/results.md (a Markdown table, as printed).
set -u
build=${1:-build}
shared=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
dir=${PVS_BENCH_DIR:-/tmp/pvs-bench}
rows=${BENCH_ROWS:-5000000}
seed=${BENCH_SEED:-42}
runs=${BENCH_RUNS:-3}
skip=" ${BENCH_SKIP:-} "
duck=${DUCKDB_NODE:-/tmp/duckdb-node}
duck_pkg=@duckdb/node-api@1.5.6-r.1
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
timeit=$build/bench/timeit
gen=$build/bench/gen_parc
results=$dir/results.tsv

. "$here/lib.sh"

die() { echo "run-eval: $*" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }
skipped() { case $skip in *" $1 "*) return 0;; esac; return 1; }

# ---- input -------------------------------------------------------------------------------
case $rows in
  5000000) tag=5m ;; 1000000) tag=1m ;; 100000) tag=100k ;; *) tag=$rows ;;
esac
expected=""
if [ "$seed" = 42 ]; then
  case $tag in 5m|1m|100k) expected=$shared/bench/expected/parc${tag}_seed42.csv ;; esac
else
  tag=${tag}_seed$seed
fi
data=$dir/parc$tag.csv

# Known sizes (shared/bench/README.md §1); other inputs record theirs beside the file.
expected_size() {
  case "$seed:$rows" in
    42:100000) echo 7812262 ;; 42:1000000) echo 78123428 ;; 42:5000000) echo 390622450 ;;
    *) cat "$data.size" 2>/dev/null || echo none ;;
  esac
}

file_size() { wc -c <"$1" | tr -d ' '; }

make_input() {
  mkdir -p "$dir" || die "cannot create $dir"
  if [ -f "$data" ] && [ "$(file_size "$data")" = "$(expected_size)" ]; then
    echo "input: $data (reused)"
    return
  fi
  echo "input: generating $rows rows (seed $seed) into $data"
  "$gen" --rows "$rows" --seed "$seed" --out "$data.tmp" || die "gen_parc failed"
  mv "$data.tmp" "$data" && file_size "$data" >"$data.size"
}

# ---- measuring ---------------------------------------------------------------------------
# measure ID LABEL OUT CMD… — warm-up, then $runs timed runs of CMD (stdout to OUT); appends
# "LABEL<TAB>median wall<TAB>max peak KiB" to $results; CMD's stderr goes to $dir/ID.err.
# Returns 1 if CMD failed.
measure() {
  label=$2 out=$3 err=$dir/$1.err
  shift 3
  if ! timed_runs "$timeit" "$runs" "$out" "$err" "$@"; then
    echo "$label: failed (exit $status); see $err"
    return 1
  fi
  printf '%s\t%s\t%s\t%s\n' "$label" "$median" "$peak" "$cpu" >>"$results"
  echo "$label: median $median s, peak $(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }') MiB"
}

# verdict OUT — MATCH / DIFFER against the expected output, or why there is none.
verdict() {
  if [ -z "$expected" ] || [ ! -f "$expected" ]; then echo "no expected file"
  elif cmp -s "$1" "$expected"; then echo MATCH
  else echo DIFFER
  fi
}

# ---- the contenders ----------------------------------------------------------------------
run_floors() {
  skipped wc || measure wc "wc -l" "$dir/out_wc.txt" wc -l "$data"
  skipped cat || measure cat "cat > /dev/null" /dev/null cat "$data"
}

run_pvs() {
  skipped pvs && return
  probe=$dir/probe.csv
  "$gen" --rows 10 --out "$probe" || die "gen_parc failed"
  if ! "$build/pvs" eval "$here/workload.pvs" --data "parc=$probe" --format csv \
      >"$dir/probe.out" 2>"$dir/probe.err"; then
    echo "pvs eval: not available yet ($(head -n 1 "$dir/probe.err"))"
    return
  fi
  # one thread (the reference of the ratios), then every core (--jobs, the parallel scan)
  for j in 1 $(nproc); do
    [ "$j" = 1 ] && label="pvs eval, 1 thread" || label="pvs eval, $j threads"
    [ "$j" = 1 ] || "$build/pvs" eval --help 2>&1 | grep -q -- --jobs || continue
    # shellcheck disable=SC2046
    measure pvs$j "$label" "$dir/out_pvs_long.csv" \
      "$build/pvs" eval "$here/workload.pvs" --data "parc=$data" --format csv $([ "$j" = 1 ] && ! "$build/pvs" eval --help 2>&1 | grep -q -- --jobs || echo "--jobs $j") || return
    sh "$here/to_bench_csv.sh" "$dir/out_pvs_long.csv" >"$dir/out_pvs.csv"
    printf '%s\t%s\n' "$label" "$(verdict "$dir/out_pvs.csv")" >>"$dir/verdicts.tsv"
  done
}

# ref ID LABEL OUT CMD… — a reference implementation: measured, then compared.
ref() {
  label=$2 out=$3
  measure "$@" || return
  printf '%s\t%s\n' "$label" "$(verdict "$out")" >>"$dir/verdicts.tsv"
}

run_python() {
  skipped python && return
  have python3 || { echo "python3: not installed, skipped"; return; }
  ref python "Python csv + decimal" "$dir/out_python.csv" python3 "$shared/bench/ref_python.py" "$data"
}

duckdb_ready() {
  [ -d "$duck/node_modules/@duckdb/node-api" ] && return 0
  have npm || return 1
  echo "duckdb: installing $duck_pkg into $duck"
  mkdir -p "$duck" && npm install --prefix "$duck" --no-audit --no-fund "$duck_pkg" >"$dir/npm.log" 2>&1 &&
    [ -d "$duck/node_modules/@duckdb/node-api" ]
}

run_duckdb() {
  skipped duckdb && return
  have node || { echo "duckdb: node not installed, skipped"; return; }
  duckdb_ready || { echo "duckdb: $duck_pkg not installed and npm could not install it, skipped"; return; }
  js=$shared/bench/ref_duckdb.js
  ref duckdb "DuckDB, $(nproc) threads" "$dir/out_duckdb.csv" env NODE_PATH="$duck/node_modules" node "$js" "$data"
  ref duckdb1 "DuckDB, 1 thread" "$dir/out_duckdb1.csv" env DUCKDB_THREADS=1 NODE_PATH="$duck/node_modules" node "$js" "$data"
}

run_postgres() {
  skipped postgres && return
  [ -x "$pgbin/initdb" ] || { echo "postgres: no $pgbin/initdb, skipped (Debian: apt-get install postgresql-15)"; return; }
  ref postgres "PostgreSQL 15, ${PG_WORKERS:-2} workers" "$dir/out_postgres.csv" \
    env PGBIN="$pgbin" sh "$shared/bench/ref_postgres.sh" "$data" &&
    echo "postgres (last run): $(tr '\n' ' ' <"$dir/postgres.err")"
}

# ---- report ------------------------------------------------------------------------------
report() {
  bytes=$(file_size "$data")
  awk -F '\t' -v bytes="$bytes" -v rows="$rows" '
    FILENAME == ARGV[1] { verdict[$1] = $2; next }
    { label[++n] = $1; wall[n] = $2; kib[n] = $3; cpu[n] = $4; if ($1 == "pvs eval, 1 thread") pvs = $2 }
    END {
      print "| implementation | wall s (median) | CPU s (median) | peak MiB | MB/s | rows/s | ratio to pvs | output |"
      print "|---|---|---|---|---|---|---|---|"
      for (i = 1; i <= n; i++) {
        w = wall[i] > 0 ? wall[i] : 0.001
        ratio = pvs > 0 ? sprintf("%.2f", w / pvs) : "-"
        v = (label[i] in verdict) ? verdict[label[i]] : "-"
        printf "| %s | %.3f | %.3f | %.0f | %.0f | %.0f | %s | %s |\n", label[i], wall[i], cpu[i], kib[i] / 1024,
               bytes / 1e6 / w, rows / w, ratio, v
      }
    }' "$dir/verdicts.tsv" "$results" | tee "$dir/results.md"
  echo "input: $data, $rows rows, $bytes bytes; $(nproc) cores; median of $runs runs after 1 warm-up"
}

main() {
  [ -x "$timeit" ] && [ -x "$gen" ] || die "$timeit or $gen missing: run 'make bench'"
  make_input
  : >"$results"
  : >"$dir/verdicts.tsv"
  cat "$data" >/dev/null                  # warm the page cache
  refs=yes
  if [ -z "$shared" ] || [ ! -d "$shared/bench" ]; then
    echo "SHARED folder '$shared' not found: reference implementations and output comparison skipped"
    refs=no expected=""
  fi
  run_floors
  run_pvs
  if [ $refs = yes ]; then
    run_python
    run_duckdb
    run_postgres
  fi
  report
}

main
