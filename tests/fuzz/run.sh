#!/bin/sh
# run.sh BUILD SECONDS [TARGET...] — run each libFuzzer target of BUILD/fuzz/ for SECONDS.
# Seed corpora are made at run time from the repository (scripts of tests/golden, examples
# and stdlib; their CSV files; tests/fuzz/num.seeds), the dictionary from src/keywords.def,
# builtins.def and fields.def. Each target first replays tests/fuzz/regress/TARGET/ (the
# minimised inputs of past findings). The working corpus stays in BUILD/fuzz/corpus/TARGET
# (grows from run to run), findings go to BUILD/fuzz/findings/TARGET/. One job per target
# (-jobs=1): the machine is shared. Prints one line per target, then `fuzz: N passed, N failed`.
build=$1; secs=${2:-60}; shift 2
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
targets=${*:-"fuzz_script fuzz_csv fuzz_num fuzz_eval"}
work=$build/fuzz; mkdir -p "$work"
dict=$work/pvs.dict
cat "$root"/src/keywords.def "$root"/src/builtins.def "$root"/src/fields.def 2>/dev/null |
  grep -o '"[^"\\]*"' | sort -u | LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    { s = ""; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
        s = s (ord[c] >= 128 ? sprintf("\\x%02X", ord[c]) : c) } print "kw=" s }' >"$dict"
seed() {   # target dir: fill the seed corpus once
  [ -d "$2" ] && [ -n "$(ls -A "$2" 2>/dev/null)" ] && return
  mkdir -p "$2"; i=0
  case $1 in
    fuzz_script|fuzz_eval)
      find "$root/tests/golden" "$root/examples" "$root/stdlib" -name '*.pvs' -size -8k | while read -r f; do
        i=$((i+1)); cp "$f" "$2/seed$i.pvs"; done;;
    fuzz_csv)
      find "$root/tests/golden" "$root/examples" -name '*.csv' -size -8k | while read -r f; do
        i=$((i+1)); { printf '\000'; cat "$f"; } >"$2/seed$i.csv"; done;;
    fuzz_num)
      while IFS= read -r l; do i=$((i+1)); printf '%s' "$l" >"$2/seed$i"; done <"$here/num.seeds";;
  esac
}
pass=0; fail=0
for t in $targets; do
  bin=$work/$t
  [ -x "$bin" ] || { echo "fuzz: $bin is not built"; fail=$((fail+1)); continue; }
  corpus=$work/corpus/$t; out=$work/findings/$t; mkdir -p "$out"
  seed "$t" "$corpus"
  maxlen=4096; [ "$t" = fuzz_num ] && maxlen=256
  opts="-max_len=$maxlen -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$out/"
  case $t in fuzz_script|fuzz_eval) opts="$opts -dict=$dict";; esac
  reg=$here/regress/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    if ! "$bin" $opts "$reg"/* >"$work/$t.regress.log" 2>&1; then
      echo "FAIL $t: a regression input fails again (see $work/$t.regress.log)"; fail=$((fail+1)); continue
    fi
  fi
  if "$bin" $opts -max_total_time="$secs" "$corpus" >"$work/$t.log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$')
    echo "$t: ${execs:-?} runs in ${secs}s, no finding"; pass=$((pass+1))
  else
    echo "FAIL $t: a finding, saved in $out/ (log: $work/$t.log)"
    grep -m3 -E 'fuzz finding|ERROR: |SUMMARY' "$work/$t.log"; fail=$((fail+1))
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
