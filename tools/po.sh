#!/bin/sh
# po.sh check|update — the French catalogue of pvs's messages (po/fr.po, English msgids).
#   check   extract the messages from the sources and fail when one has no French
#           translation (missing, empty or fuzzy) or when a translation's printf format
#           differs from its msgid's (msgfmt --check); part of `make test`.
#   update  rewrite po/pvs.pot from the sources and merge it into po/fr.po (new messages
#           come in untranslated: translate them, then run `make test`).
set -u
cd "$(dirname "$0")/.."
extract() {
  xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kL --add-comments=TRANSLATORS: \
    --package-name=pvs --add-location=file --sort-by-file --no-wrap -o "$1" \
    src/*.c src/*.h
}
case "${1:-check}" in
update)
  extract po/pvs.pot && sed -i '/^"POT-Creation-Date:/d' po/pvs.pot && msgmerge --quiet --update --no-fuzzy-matching --backup=none --no-wrap po/fr.po po/pvs.pot
  ;;
check)
  for t in xgettext msgfmt msgcmp; do
    command -v $t >/dev/null 2>&1 || { echo "po: $t not found (Debian package gettext; make deps installs it)"; exit 1; }
  done
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  extract "$tmp/pvs.pot" || exit 1
  total=$(grep -c '^msgid "' "$tmp/pvs.pot"); total=$((total - 1))
  fail=0
  if ! msgcmp po/fr.po "$tmp/pvs.pot" >/dev/null 2>&1; then
    fail=1; echo "po: messages without a French translation in po/fr.po (run 'make po', translate them, retry):"
    msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$tmp/merged.po" po/fr.po "$tmp/pvs.pot" &&
      msgattrib --untranslated --no-wrap --no-location --no-obsolete "$tmp/merged.po" | sed '1,/^$/d' | grep -A1 '^msgid' | head -40
  fi
  if ! msgfmt --check --statistics -o /dev/null po/fr.po 2>"$tmp/stat"; then fail=1; cat "$tmp/stat"; fi
  if grep -q 'fuzzy\|untranslated' "$tmp/stat"; then fail=1; echo "po: $(cat "$tmp/stat")"; fi
  if [ $fail = 0 ]; then echo "po: $total passed, 0 failed (every message has its French translation)"; else echo "po: the French catalogue is incomplete"; fi
  exit $fail
  ;;
*) echo "usage: po.sh check|update" >&2; exit 2 ;;
esac
