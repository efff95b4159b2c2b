# lib.sh — sourced by bench/run-*.sh: one timed measurement.
#
#   timed_runs TIMEIT RUNS OUT ERR CMD…
#
# Runs CMD once as a warm-up, then RUNS times, each under TIMEIT (BUILD/bench/timeit: wall
# time and peak RSS of the whole process), standard output to OUT, standard error to ERR.
# Sets `median` (the median wall time of the timed runs, seconds), `cpu` (the median CPU
# time, user + system, seconds) and `peak` (the largest peak RSS, KiB). Returns 1, with
# `status` set to the exit code, when a run fails.
timed_runs() {
  _t=$1 _runs=$2 _out=$3 _err=$4
  shift 4
  _walls="" _cpus="" peak=0 _i=0
  while [ $_i -le "$_runs" ]; do
    _res=$("$_t" -o "$_out" -e "$_err" -- "$@")
    status=${_res##* }
    [ "$status" = 0 ] || return 1
    if [ $_i -gt 0 ]; then
      _walls="$_walls ${_res%% *}"
      _cpus="$_cpus $(echo "$_res" | cut -d' ' -f3)"
      _kib=$(echo "$_res" | cut -d' ' -f2)
      [ "$_kib" -gt "$peak" ] && peak=$_kib
    fi
    _i=$((_i + 1))
  done
  median=$(_median $_walls)
  cpu=$(_median $_cpus)
}

_median() {
  printf '%s\n' "$@" | sort -n | awk '{ w[NR] = $1 }
    END { print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2 }'
}
