#!/bin/sh
# run.sh BUILD [SEEDS] — every table's clé unique (tests/keys/keys.py: random tables with and
# without duplicates, fingerprints cut short and runs spilled, against Python). Needs
# python3; skipped with a message without it.
build=$1; seeds=${2:-${KEY_SEEDS:-200}}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: keys (python3 not found; as root: apt-get install -y python3, or make deps)"
  exit 0
fi
exec python3 "$here/keys.py" "$build/pvs" "$seeds"
