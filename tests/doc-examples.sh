#!/bin/sh
# doc-examples.sh — the worked examples of doc/*.md are the outputs of golden cases.
# A block in a document preceded by the line `<!-- golden: tests/golden/AREA/CASE -->` must be
# byte-identical to that case's expected.out, and one preceded by `<!-- golden-tail: … -->`
# to its last lines: the figures a reader sees are the ones a test checks. Prints
# `doc-examples: N passed, N failed`.
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0
tmp=$(mktemp); trap 'rm -f "$tmp" "$tmp.want"' EXIT
for doc in "$root"/doc/*.md; do
  grep -n '^<!-- golden\(-tail\)\?: ' "$doc" | while IFS=: read -r line rest; do
    case=$(echo "$rest" | sed 's/^<!-- golden[a-z-]*: \(.*\) -->$/\1/')
    # the fenced block that follows the marker
    awk -v start="$line" 'NR > start + 1 && /^```$/ { exit } NR > start + 1 { print }' "$doc" > "$tmp"
    want="$root/$case/expected.out"
    case $rest in *golden-tail*) tail -n "$(wc -l < "$tmp")" "$want" > "$tmp.want"; want=$tmp.want;; esac
    if cmp -s "$tmp" "$want"; then echo "ok $doc $case"
    else echo "FAIL $(basename "$doc"):$line: the example differs from $case/expected.out"; diff -u "$root/$case/expected.out" "$tmp" | head -20; fi
  done
done > "$tmp.log"
pass=$(grep -c '^ok ' "$tmp.log"); fail=$(grep -c '^FAIL ' "$tmp.log")
grep -v '^ok ' "$tmp.log"
rm -f "$tmp.log"
echo "doc-examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
