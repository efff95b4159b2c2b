#!/bin/sh
# run.sh BUILD SHARED — the territory table and the RPLS example against their originals in
# SHARED/data:
#  1. the committed table (src/territory_data.[ch]) equals what tools/territoires/territoires.py
#     derives from the originals now (byte for byte), and so does the example's CSV
#     (examples/rpls-2024/derive.py);
#  2. the compiled-in table, read through territory.h, agrees with the originals row by row
#     (tests/territoires/check.c, an independent reading);
#  3. the example's figures by région and département equal an exact recomputation from the
#     published file's own REG and DEP columns (tests/territoires/rpls_check.py).
# Skipped, with a message, without SHARED/data (a clone alone builds from the committed
# table); steps 1 and 3 are skipped without python3.
build=$1; shared=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
data="$shared/data"
if [ ! -d "$data/cog" ]; then
  echo "skipped: territory table against its originals ($data not found)"
  exit 0
fi
fail=0
if command -v python3 >/dev/null 2>&1; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  if python3 "$here/tools/territoires/territoires.py" "$data" "$tmp" 2>"$tmp/log" &&
     cmp -s "$tmp/territory_data.c" "$here/src/territory_data.c" &&
     cmp -s "$tmp/territory_data.h" "$here/src/territory_data.h"; then
    echo "territoires: committed table = regeneration from $data"
  else
    cat "$tmp/log"
    echo "FAIL territoires: src/territory_data.[ch] differ from what 'make territoires' derives from $data"
    fail=1
  fi
  if python3 "$here/examples/rpls-2024/derive.py" "$data" "$tmp/rpls.csv" 2>>"$tmp/log" &&
     cmp -s "$tmp/rpls.csv" "$here/examples/rpls-2024/rpls_communes_2024.csv"; then
    echo "territoires: examples/rpls-2024/rpls_communes_2024.csv = derivation from $data"
  else
    echo "FAIL territoires: examples/rpls-2024/rpls_communes_2024.csv differs from what derive.py writes"
    fail=1
  fi
  python3 "$here/tests/territoires/rpls_check.py" "$build/pvs" "$data" || fail=1
else
  echo "skipped: regeneration of the territory table (python3 not found)"
fi
"$build/tests/terr_check" "$data" || fail=1
exit $fail
