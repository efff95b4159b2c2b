#!/bin/sh
# run.sh BUILD [office] — tests of `pvs eval --format xlsx`.
#
# Without `office` (part of `make check`): the workbooks of the brief's example, of
# examples/bailleur (also with --sensibilité), examples/panel and of generated scripts
# (gen_sroi.py) are read by an independent reader
# (xlsx_read.py) and checked against `--format json` (check_xlsx.py: every value, numbers as
# numbers, the formulas present and, recomputed by formula.py, equal to pvs's results; an
# auditor's edit of the impact map gives what pvs computes under the same scénario); plus
# byte-identical runs, xlsx on standard output, the refusal of a terminal, and no half-written
# file when writing fails.
#
# With `office` (`make check-office`): the same workbooks, their saved formula values removed
# (office_prep.py), are recomputed by LibreOffice headless and must give pvs's values to the
# cent, before and after the auditor's edit.
#
# Skipped, with a message, without python3, without LibreOffice (office), or when pvs was
# built without libxlsxwriter.
build=$1; mode=${2:-}
pvs=$(cd "$build" && pwd)/pvs
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: xlsx tests (python3 not found; make check installs it)"; exit 0
fi
py=$(python3 -c 'import sys; print(sys.executable)')   # the interpreter itself, not a slow shim
python3() { "$py" "$@"; }
if "$pvs" eval x.pvs --format xlsx 2>&1 | grep -q libxlsxwriter; then
  echo "skipped: xlsx tests (pvs was built without libxlsxwriter; make check installs it)"; exit 0
fi
if [ "$mode" = office ] && ! command -v soffice >/dev/null 2>&1; then
  echo "skipped: LibreOffice recomputation of the xlsx formulas (soffice not found; apt-get install libreoffice-calc-nogui)"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL xlsx $1"; }
check() {   # name command…: passes when the command succeeds
  name=$1; shift
  if "$@" >"$tmp/check.out" 2>&1; then ok; else ko "$name"; head -20 "$tmp/check.out"; fi
}

# case NAME DIR SCRIPT SCENARIO EDITS: writes NAME.json, NAME.xlsx (French), NAME.scen.json
# and NAME.edits (the auditor's change matching SCENARIO).
cases=""
case_() {
  name=$1 dir=$2 script=$3 scen=$4 edits=$5
  ( cd "$dir" && "$pvs" eval "$script" --date 2024-12-31 --format json >"$tmp/$name.json" 2>/dev/null &&
    "$pvs" eval "$script" --date 2024-12-31 --format json --scenario "$scen" >"$tmp/$name.scen.json" 2>/dev/null &&
    "$pvs" eval "$script" --date 2024-12-31 --format xlsx --locale fr -o "$tmp/$name.xlsx" 2>"$tmp/$name.err" ) ||
    { ko "$name: pvs failed"; cat "$tmp/$name.err"; return; }
  echo "$edits" >"$tmp/$name.edits"
  cases="$cases $name"
}
case_ brief "$root/tests/golden/fixtures/brief" prog.pvs prudent \
  "--edit expulsions_évitées:proxy=9000 --edit expulsions_évitées:deadweight=0.4"
case_ bailleur "$root/examples/bailleur" bailleur.pvs sans_tranquillité "--edit tranquillité:deadweight=1"
# the conventions of bilans and the timelines of valuations (doc/methode-sroi.md § 4–6), and a
# référentiel in AUD (examples/sroi-publie)
case_ conventions "$root/tests/golden/fixtures/sroi" prog.pvs audit \
  "--edit exemple:deadweight=0.4 --edit exemple:drop-off=0.2"
case_ timeline "$root/tests/golden/sroi/timeline" prog.pvs audit \
  "--edit cohortes:drop-off=0.2 --edit après:deadweight=0.4"
case_ chac "$root/examples/sroi-publie" chac.pvs pourcentages_imprimés \
  "--edit faible:attribution=0.13 --edit sous_la_moyenne:attribution=0.17"
seeds=20; [ "$mode" = office ] && seeds=5
for s in $(seq 1 $seeds); do
  python3 "$here/gen_sroi.py" "$s" "$tmp/gen$s"
  case_ "gen$s" "$tmp/gen$s" prog.pvs audit "$(cat "$tmp/gen$s/edit.txt")"
done

if [ "$mode" = office ]; then
  # LibreOffice recomputes every formula (no saved value left), before and after the edit.
  mkdir -p "$tmp/profile/user" "$tmp/lo"
  cat >"$tmp/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
  files=""
  for c in $cases; do
    # shellcheck disable=SC2046
    (cd "$here" && python3 office_prep.py "$tmp/$c.xlsx" "$tmp/$c-plain.xlsx" &&
      python3 office_prep.py "$tmp/$c.xlsx" "$tmp/$c-edited.xlsx" $(cat "$tmp/$c.edits")) || ko "$c: office_prep"
    files="$files $tmp/$c-plain.xlsx $tmp/$c-edited.xlsx"
  done
  # shellcheck disable=SC2086
  timeout 600 soffice --headless "-env:UserInstallation=file://$tmp/profile" --convert-to xlsx \
    --outdir "$tmp/lo" $files >"$tmp/lo.log" 2>&1 || { cat "$tmp/lo.log"; ko "LibreOffice conversion"; }
  for c in $cases; do
    check "$c: LibreOffice recomputation" python3 "$here/check_xlsx.py" "$tmp/lo/$c-plain.xlsx" "$tmp/$c.json" --recomputed
    check "$c: LibreOffice recomputation after the edit" python3 "$here/check_xlsx.py" "$tmp/lo/$c-edited.xlsx" "$tmp/$c.scen.json" --recomputed
  done
  echo "xlsx (LibreOffice): $pass passed, $fail failed"
  [ $fail = 0 ]; exit
fi

for c in $cases; do
  # shellcheck disable=SC2046
  check "$c" python3 "$here/check_xlsx.py" "$tmp/$c.xlsx" "$tmp/$c.json" $(cat "$tmp/$c.edits") --expect "$tmp/$c.scen.json"
done

# Territory names beside the codes (the territory table): 59350 is Lille, 62 Pas-de-Calais.
check "territory names" python3 -c "
import sys; sys.path.insert(0, '$here')
from xlsx_read import read
s = read('$tmp/bailleur.xlsx')['Indicateurs']
names = {(s.cell(r, 4).value, s.cell(r, 5).value) for r in range(1, s.rows()) if s.cell(r, 5)}
assert ('59350', 'Lille') in names and ('62', 'Pas-de-Calais') in names, sorted(names)[:10]"

# Groups of entier, décimal and date columns in their order (1, 2, 10, 11; dates by date),
# read as the report's locale writes them (2,5; 31/12/2024).
go="$root/tests/golden/fixtures/group-order"
(cd "$go" && "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr -o "$tmp/order.xlsx") || ko "group order: exit $?"
check "group order" python3 -c "
import sys; sys.path.insert(0, '$here')
from xlsx_read import read
s = read('$tmp/order.xlsx')['Indicateurs']
g = {}
for r in range(1, s.rows()):
    g.setdefault(s.cell(r, 1).value, []).append(s.cell(r, 4).value)
assert g['par_pièces'] == ['non renseigné', '1', '2', '10', '11', 'total'], g['par_pièces']
assert g['par_écart'] == ['-10', '-1,5', '0,25', '2,5', '10', '100', 'total'], g['par_écart']
assert g['par_livraison'] == ['non renseigné', '30/06/2009', '01/02/2023', '15/01/2024', '31/12/2024', 'total'], g['par_livraison']"

# Units as reports show them: m² and m³ (the script and JSON write m2, m3).
um="$root/tests/golden/fixtures/units-m2"
(cd "$um" && "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr -o "$tmp/units.xlsx") || ko "units: exit $?"
check "units m² m³" python3 -c "
import sys; sys.path.insert(0, '$here')
from xlsx_read import read
s = read('$tmp/units.xlsx')['Indicateurs']
u = {s.cell(r, 1).value: s.cell(r, 2).value for r in range(1, s.rows())}
assert u['surface_totale'] == 'm²' and u['volume_total'] == 'm³' and u['loyer_m2'] == '€/m²/mois', u
assert u['sans_exposant'] == 'm2x', u"

# --scenario all: the scénarios side by side.
bj="$root/tests/golden/fixtures/brief"
(cd "$bj" && "$pvs" eval prog.pvs --date 2024-12-31 --format json --scenario all >"$tmp/all.json" &&
  "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr --scenario all -o "$tmp/all.xlsx") || ko "scenario all: pvs failed"
check "scenario all" python3 "$here/check_xlsx.py" "$tmp/all.xlsx" "$tmp/brief.json" --scenarios "$tmp/all.json"

# --sensibilité and a panel: their sheets (Sensibilité, Estimations) against the JSON.
(cd "$root/examples/bailleur" && "$pvs" eval bailleur.pvs --date 2024-12-31 --sensibilité --format json >"$tmp/sens.json" &&
  "$pvs" eval bailleur.pvs --date 2024-12-31 --sensibilité --format xlsx --locale fr -o "$tmp/sens.xlsx") || ko "sensitivity: pvs failed"
check "sensitivity sheet" python3 "$here/check_xlsx.py" "$tmp/sens.xlsx" "$tmp/sens.json"
(cd "$root/examples/panel" && "$pvs" eval panel.pvs --date 2024-12-31 --format json >"$tmp/panel.json" &&
  "$pvs" eval panel.pvs --date 2024-12-31 --format xlsx --locale fr -o "$tmp/panel.xlsx") || ko "panel: pvs failed"
check "estimates sheet" python3 "$here/check_xlsx.py" "$tmp/panel.xlsx" "$tmp/panel.json"

# The same bytes every run, and on standard output when it is not a terminal.
(cd "$bj" && "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr -o "$tmp/again.xlsx") || ko "second run: exit $?"
check "byte-identical runs" cmp "$tmp/brief.xlsx" "$tmp/again.xlsx"
(cd "$bj" && "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr >"$tmp/stdout.xlsx") || ko "standard output: exit $?"
check "standard output" cmp "$tmp/brief.xlsx" "$tmp/stdout.xlsx"

# English words with --locale en.
(cd "$bj" && "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale en -o "$tmp/en.xlsx") || ko "English: exit $?"
check "English sheet names" python3 -c "
import sys; sys.path.insert(0, '$here')
from xlsx_read import read
names = list(read('$tmp/en.xlsx'))
assert names == ['Summary', 'Impact map', 'Indicators', 'Valuations', 'Costs', 'Checks', 'Parameters'], names"

# A French LC_NUMERIC (decimal comma) must not leak into the XML numbers, nor the C numbers
# into the words. Without an installed fr_FR locale, one is compiled into $tmp (localedef).
fr=$(locale -a 2>/dev/null | grep -i '^fr_FR\.utf-\?8$' | head -1); locpath=${LOCPATH:-}
if [ -z "$fr" ] && command -v localedef >/dev/null 2>&1 && mkdir -p "$tmp/locales" &&
   localedef -i fr_FR -f UTF-8 "$tmp/locales/fr_FR.UTF-8" >/dev/null 2>&1; then
  fr=fr_FR.UTF-8; locpath=$tmp/locales
fi
if [ -n "$fr" ]; then
  # (glibc's setlocale leaks a few bytes when LOCPATH is set: not pvs's, so LeakSanitizer is
  # told to look away for this run)
  (cd "$bj" && ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 LOCPATH=$locpath LC_ALL=$fr \
    "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale fr -o "$tmp/lcfr.xlsx" 2>"$tmp/lcfr.err")
  code=$?
  check "French LC_NUMERIC: exit 0" sh -c "[ $code = 0 ] || { cat '$tmp/lcfr.err'; exit 1; }"
  check "French LC_NUMERIC" cmp "$tmp/brief.xlsx" "$tmp/lcfr.xlsx"
  check "French LC_NUMERIC: the locale works (printf writes 1,5)" sh -c "env LOCPATH=$locpath LC_ALL=$fr printf '%.1f' 1.5 | grep -qx '1,5'"
else
  echo "skipped: xlsx under a French LC_NUMERIC (no fr_FR locale, no localedef)"
fi

# A terminal is refused (script(1) gives the command one), exit 2, nothing written.
if command -v script >/dev/null 2>&1; then
  script -qec "cd '$bj' && '$pvs' eval prog.pvs --date 2024-12-31 --format xlsx --locale en" /dev/null >"$tmp/tty.out" 2>&1
  code=$?
  check "a terminal is refused" sh -c "[ $code = 2 ] && grep -q 'not for a terminal' '$tmp/tty.out'"
else
  echo "skipped: xlsx to a terminal (script(1) not found)"
fi

# A failed write leaves the previous file whole and no temporary file behind.
mkdir "$tmp/out"; echo old >"$tmp/out/r.xlsx"
(cd "$bj" && TMPDIR="$tmp/no-such-dir" "$pvs" eval prog.pvs --date 2024-12-31 --format xlsx --locale en -o "$tmp/out/r.xlsx" 2>"$tmp/fail.err")
code=$?
check "failed write: exit 2" sh -c "[ $code = 2 ] && grep -q 'cannot write' '$tmp/fail.err'"
check "failed write: old file kept" sh -c "[ \"\$(cat '$tmp/out/r.xlsx')\" = old ] && [ \$(ls '$tmp/out' | wc -l) = 1 ]"

echo "xlsx: $pass passed, $fail failed"
[ $fail = 0 ]
