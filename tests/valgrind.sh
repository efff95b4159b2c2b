#!/bin/sh
# valgrind.sh BUILD — the golden corpus with every pvs run under valgrind's memcheck: any
# invalid read or write, use of uninitialised memory, or definite/indirect leak makes the run
# exit 99 and print valgrind's report, so the case fails. The tests/golden/limits cases
# (100,000-term scripts, tight timeouts) are left to the ASan build of make check.
build=$1
command -v valgrind >/dev/null 2>&1 || { echo "skipped: valgrind is not installed (apt-get install valgrind)"; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
pvs=$(cd "$build" && pwd)/pvs
wrap=$(mktemp -d); trap 'rm -rf "$wrap"' EXIT
# valgrind writes its own files in $TMPDIR: a case that points TMPDIR at a missing
# directory (eval/key-check-no-temp) runs pvs directly (ASan covers it in make check).
cat >"$wrap/pvs" <<EOS
#!/bin/sh
if [ -n "\${TMPDIR:-}" ] && [ ! -w "\$TMPDIR" ]; then exec "$pvs" "\$@"; fi
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \\
  --show-leak-kinds=definite,indirect --track-origins=yes "$pvs" "\$@"
EOS
chmod +x "$wrap/pvs"
cases=$(cd "$root/tests/golden" && ls -d */*/ | grep -v '^limits/\|^fixtures/' | sed 's|/$||')
sh "$root/tests/golden/run.sh" "$wrap/pvs" $cases
