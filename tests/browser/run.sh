#!/bin/sh
# run.sh BUILD — `make check-browser`: the HTML reports of the shipped examples rendered in
# Debian's headless Chromium (tests/browser/check.mjs: screenshots at 1280 px and an A4 PDF
# in BUILD/browser/NAME/, assertions on errors, charts, maps, overflowing text, labels and
# words): examples/bailleur (report), with --sensibilité (sens: its tornado charts) and
# --scenario all (scenarios: side by side), examples/sroi-publie (sroi), examples/panel
# (panel: the estimates in the synthèse). Needs the
# Debian packages chromium and nodejs/npm, installed here when run as root; the npm package
# playwright-core drives the installed chromium (it never downloads a browser). Without
# chromium, says so and exits 0: this target is separate from `make check`.
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
out=$build/browser
have() { command -v "$1" >/dev/null 2>&1; }
if { ! have chromium || ! have node || ! have npm; } && [ "$(id -u)" = 0 ] && have apt-get; then
  echo "check-browser: installing chromium, nodejs and npm (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium nodejs npm fonts-dejavu-core >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium nodejs npm fonts-dejavu-core >/dev/null 2>&1; }
fi
for t in chromium node npm; do
  have $t || { echo "check-browser: skipped ($t is not installed; as root: apt-get install chromium nodejs npm)"; exit 0; }
done
cd "$root/tests/browser" || exit 1
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent >/dev/null 2>&1 ||
    { echo "check-browser: npm could not install playwright-core"; exit 1; }
fi
mkdir -p "$out"
pass=0 fail=0
# report NAME EXAMPLE WHAT PVS-ARGS…: renders one report and checks it (check.mjs WHAT)
report() {
  name=$1 example=$2 what=$3; shift 3
  mkdir -p "$out/$name"
  if ! (cd "$root/examples/$example" && "$build/pvs" eval "$@" --format html --locale fr -o "$out/$name/report.html"); then
    echo "FAIL browser $name: pvs eval failed"; fail=$((fail + 1)); return
  fi
  CHROMIUM=$(command -v chromium) node check.mjs "$out/$name/report.html" "$out/$name" "$what" | sed "s/^FAIL browser /FAIL browser $name: /" | grep -v '^browser:'
  read -r p _ f _ <"$out/$name/result.txt" 2>/dev/null || { p=0 f=1; }
  pass=$((pass + p)) fail=$((fail + f))
}
report report bailleur bilan,waterfall,map,arbre bailleur.pvs --date 2024-12-31
report sens bailleur bilan,waterfall,map,arbre,tornado bailleur.pvs --date 2024-12-31 --sensibilité
report scenarios bailleur scenarios bailleur.pvs --date 2024-12-31 --scenario all
report sroi sroi-publie bilan chac.pvs
report panel panel estimates panel.pvs --date 2024-12-31
echo "browser: $pass passed, $fail failed"
[ "$fail" = 0 ]
