#!/bin/sh
# run.sh BUILD — `make check-browser`: the HTML report of examples/bailleur rendered in
# Debian's headless Chromium (tests/browser/check.mjs: screenshots at 1280 px and an A4 PDF
# in BUILD/browser/, assertions on errors, charts, maps and overflowing text). Needs the
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
(cd "$root/examples/bailleur" && "$build/pvs" eval bailleur.pvs --date 2024-12-31 --format html --locale fr -o "$out/report.html") ||
  { echo "check-browser: pvs eval failed"; exit 1; }
CHROMIUM=$(command -v chromium) node check.mjs "$out/report.html" "$out"
