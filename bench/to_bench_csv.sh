#!/bin/sh
# to_bench_csv.sh [FILE] — turns the output of
#   pvs eval bench/workload.pvs --data parc=… --format csv
# into the benchmark's CSV (shared/bench/README.md §3): header
#   departement,nb_logements,…,revenu_moyen
# one row per département in byte order of its code, then the row FR (the total).
#
# Assumed input (long form; to be settled with the evaluator): RFC 4180 CSV whose header
# names at least
#   indicator   (or indicateur, name, nom)     the indicator or valuation name
#   département (or departement)                the group key; empty (or FR) on the total row
#   value       (or valeur)                     the value as shown: 2 decimals, half-up
# in any order, other columns (label, unit, exact…) ignored; one row per name × group; an
# empty value for a missing result. A name × group absent from the input gives an empty
# cell. Reads FILE or standard input; writes standard output.
LC_ALL=C
export LC_ALL
exec awk '
# Splits CSV record `line` into f[1..n] (RFC 4180 quotes, no embedded newlines); returns n.
function csv_split(line, f,    n, i, c, q, cur) {
  n = 0; cur = ""; q = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (q) {
      if (c == "\"") {
        if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
      } else cur = cur c
    } else if (c == "\"") q = 1
    else if (c == ",") { f[++n] = cur; cur = "" }
    else cur = cur c
  }
  f[++n] = cur
  return n
}
function col(names,    k, m, want, i) {
  m = split(names, want, " ")
  for (k = 1; k <= m; k++) for (i = 1; i <= nh; i++) if (h[i] == want[k]) return i
  printf "to_bench_csv: no column %s in the header\n", names > "/dev/stderr"
  bad = 1
  exit 2
}
BEGIN {
  ncols = split("nb_logements part_qpv loyer_m2 economie_loyer_annuelle taux_vacance " \
                "taux_impayes menages_accompagnes part_dpe_fg valeur_expulsions_evitees " \
                "revenu_moyen", cols, " ")
  ndep = 0
}
{ sub(/\r$/, "") }
NR == 1 {
  sub(/^\357\273\277/, "")              # UTF-8 BOM
  nh = csv_split($0, h)
  ci = col("indicator indicateur name nom")
  cd = col("département departement group")
  cv = col("value valeur")
  next
}
$0 == "" { next }
{
  csv_split($0, f)
  dep = f[cd]
  if (dep == "" || dep == "FR") dep = "FR"
  else if (!(dep in seen)) { seen[dep] = 1; deps[++ndep] = dep }
  val[f[ci], dep] = f[cv]
}
END {
  if (bad) exit 2
  for (i = 2; i <= ndep; i++)              # insertion sort, byte order (LC_ALL=C)
    for (j = i; j > 1 && deps[j - 1] > deps[j]; j--) { t = deps[j]; deps[j] = deps[j - 1]; deps[j - 1] = t }
  deps[++ndep] = "FR"
  line = "departement"
  for (k = 1; k <= ncols; k++) line = line "," cols[k]
  print line
  for (i = 1; i <= ndep; i++) {
    line = deps[i]
    for (k = 1; k <= ncols; k++) line = line "," ((cols[k], deps[i]) in val ? val[cols[k], deps[i]] : "")
    print line
  }
}' "$@"
