#!/bin/sh
# run.sh BUILD [SEEDS] — the random differential test (tests/diff/diff.py): random scripts and
# CSV files, every figure of `pvs eval --format json` recomputed with exact fractions from the
# documented rules. Needs python3 (tools/deps.sh installs it); skipped with a message without it.
build=$1; seeds=${2:-${DIFF_SEEDS:-300}}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: differential-random (python3 not found; as root: apt-get install -y python3, or make deps)"
  exit 0
fi
exec python3 "$here/diff.py" "$build/pvs" "$seeds" 1
