#!/bin/sh
# snippets.sh BUILD — every ```pvs block of README.md, doc/*.md and the READMEs of examples/
# and stdlib/ is a script a reader may copy: each is written to a scratch folder and checked
# with `pvs check`. The line before the block (blank lines aside) may say what the block is:
#   <!-- pvs: données DIR -->    a whole script over the data of DIR (from the repository's
#                                root): checked, then `pvs eval` in a copy of DIR must succeed;
#   <!-- pvs: extrait FILE -->   lines taken from the script FILE: its lines (comments, blank
#                                lines and `…` aside, spaces squeezed) must appear in FILE in
#                                the same order, and FILE must pass `pvs check`;
#   <!-- pvs: fragment -->       a part of a script that refers to names declared elsewhere
#                                (or shows two versions of a line): only its syntax is checked
#                                (`pvs fmt`, lines `…` aside);
#   <!-- pvs: erreur -->         an example of a mistake: `pvs check` must refuse it (exit 1).
# A block with no such line is a whole script: it must pass `pvs check` as it is. Prints
# `snippets: N passed, N failed`.
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
pvs=$build/pvs
[ -x "$pvs" ] || { echo "snippets: $pvs not found (build it with make)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
# The lines of a script as an excerpt is compared: comments, blank lines and `…` dropped,
# spaces squeezed.
norm() {
  sed -e 's/^[ \t]*#.*$//' -e 's/[ \t][ \t]*#.*$//' -e 's/[ \t][ \t]*/ /g' -e 's/^ //' -e 's/ $//' "$1" | grep -v '^…$' | grep -v '^$'
}
bad() { fail=$((fail+1)); echo "FAIL $1"; sed 's/^/    /' "$tmp/out" | head -12; }

for doc in "$root"/README.md "$root"/doc/*.md "$root"/examples/*/README.md "$root"/stdlib/README.md; do
  [ -f "$doc" ] || continue
  rel=${doc#"$root"/}
  # One line per block: LINE<TAB>MARKER, and the block's text in $tmp/blocks/N.pvs.
  rm -rf "$tmp/blocks"; mkdir -p "$tmp/blocks"
  awk -v dir="$tmp/blocks" '
    /^```pvs[ \t]*$/ && !inb { inb = 1; n++; start = NR; f = dir "/" n ".pvs"; printf "" > f; next }
    /^```[ \t]*$/ && inb { inb = 0; close(f); printf "%d\t%d\t%s\n", n, start, mark; mark = ""; next }
    inb { print > f; next }
    /^[ \t]*$/ { next }
    { mark = ($0 ~ /^<!-- pvs: .* -->[ \t]*$/) ? $0 : "" }
  ' "$doc" > "$tmp/list"
  while IFS="$(printf '\t')" read -r n line mark; do
    where="$rel:$line"
    kind=$(echo "$mark" | sed -n 's/^<!-- pvs: \([^ ]*\).*-->.*$/\1/p')
    arg=$(echo "$mark" | sed -n 's/^<!-- pvs: [^ ]* \(.*[^ ]\) *-->.*$/\1/p')
    work=$tmp/work; rm -rf "$work"; mkdir -p "$work"
    case $kind in
      fragment)
        grep -v '^[ \t]*…[ \t]*$' "$tmp/blocks/$n.pvs" >"$work/extrait.pvs"
        if (cd "$work" && LANGUAGE=en LC_ALL=C.UTF-8 "$pvs" fmt extrait.pvs >/dev/null 2>"$tmp/out"); then pass=$((pass+1))
        else bad "$where: pvs fmt (syntax) failed"; fi
        continue ;;
      extrait)
        src=$root/$arg
        [ -f "$src" ] || { echo "no file $arg" >"$tmp/out"; bad "$where"; continue; }
        norm "$tmp/blocks/$n.pvs" >"$tmp/want"; norm "$src" >"$tmp/have"
        if ! awk 'NR == FNR { have[++nh] = $0; next } { while (++i <= nh && have[i] != $0) ; if (i > nh) { print "not in the file, in this order: " $0; exit 1 } }' \
             "$tmp/have" "$tmp/want" >"$tmp/out"; then bad "$where: not an excerpt of $arg"; continue; fi
        (cd "$(dirname "$src")" && LANGUAGE=en LC_ALL=C.UTF-8 "$pvs" check "$(basename "$src")" >"$tmp/out" 2>&1) ||
          { bad "$where: $arg does not pass pvs check"; continue; }
        pass=$((pass+1)); continue ;;
      données)
        [ -d "$root/$arg" ] || { echo "no folder $arg" >"$tmp/out"; bad "$where: <!-- pvs: données $arg -->"; continue; }
        cp -R "$root/$arg/." "$work/" ;;
      erreur|"") ;;
      *) echo "unknown marker: $mark" >"$tmp/out"; bad "$where"; continue ;;
    esac
    cp "$tmp/blocks/$n.pvs" "$work/extrait.pvs"
    (cd "$work" && LANGUAGE=en LC_ALL=C.UTF-8 "$pvs" check extrait.pvs >"$tmp/out" 2>&1); rc=$?
    if [ "$kind" = erreur ]; then
      if [ $rc = 1 ]; then pass=$((pass+1)); else echo "pvs check exited $rc; this example of a mistake must be refused (1)" >>"$tmp/out"; bad "$where"; fi
      continue
    fi
    [ $rc = 0 ] || { bad "$where: pvs check exited $rc"; continue; }
    if [ "$kind" = données ]; then
      (cd "$work" && LANGUAGE=en LC_ALL=C.UTF-8 "$pvs" eval extrait.pvs --date 2024-12-31 >"$tmp/out" 2>&1); rc=$?
      [ $rc = 0 ] || { bad "$where: pvs eval exited $rc"; continue; }
    fi
    pass=$((pass+1))
  done < "$tmp/list"
done
echo "snippets: $pass passed, $fail failed"
[ $fail = 0 ]
