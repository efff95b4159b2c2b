#!/usr/bin/env python3
"""gen.py SEED DIR — a script and a CSV file for the parallel scan's test (tests/scan.sh).

The file is made to be hard to split: quoted fields holding LF and CRLF (so many line
starts are not record starts), `""` escapes, empty lines, CRLF or LF record ends, a last
record with or without its newline, UTF-8 text, ',' or ';' delimiters (';' with decimal
commas, and numbers without a mark before the first one that has one), groups first met
far into the file, big amounts (beyond 64 bits), negative amounts (a row-level contrôle
fails on them: its first ten failures name their lines). Some seeds add one fault: a bad
number, a duplicated key, or a number with the other decimal mark, late in the file: the
diagnostics must be the serial reading's whatever the number of threads.

A small table `s` designates rows of `t` by réf (so `t`'s first read keeps the rows for
the index: every row, or, with PVS_JOIN=small, the designated ones); an aggregate over `s`
reads `t`'s columns through it, and is broken down by a column of `t`.

Writes DIR/prog.pvs, DIR/t.csv, DIR/s.csv and DIR/expect (rows and the exact sum of `montant`,
recomputed here with Python's csv module and fractions, when there is no fault)."""
import random
import sys
from fractions import Fraction

seed, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(seed)
rows = rng.choice([50, 300, 2000, 6000])
delim = rng.choice([",", ";"])
eol = rng.choice(["\n", "\r\n"])
fault = rng.choice(["none", "none", "none", "bad-number", "duplicate-key", "other-mark"])
groups = ["g%02d" % i for i in range(12)] + ["Île-de-France", "Côte d'Or", "a;b", "x,y"]


def quote(s, force=False):
    if force or any(c in s for c in '"\n\r' + delim):
        return '"' + s.replace('"', '""') + '"'
    return s


def note():
    k = rng.random()
    if k < 0.2:
        return ""
    if k < 0.5:   # several lines, LF or CRLF inside the quotes
        lines = ["ligne %d, « %s »" % (i, rng.choice(groups)) for i in range(rng.randint(2, 5))]
        return rng.choice(["\n", "\r\n"]).join(lines)
    if k < 0.6:
        return 'dit "oui"\n' * rng.randint(1, 3)
    return "note %d" % rng.randint(0, 40)


def amount(i, first_mark_row):
    cents = rng.randint(-20000, 2_000_000)
    if rng.random() < 0.02:
        cents = rng.randint(10**20, 10**22)   # beyond int64: exact sums promote to GMP
    value = Fraction(cents, 100)
    whole = cents % 100 == 0 and i < first_mark_row
    if whole:
        text = str(cents // 100)
    else:
        sign = "-" if cents < 0 else ""
        text = "%s%d.%02d" % (sign, abs(cents) // 100, abs(cents) % 100)
    if delim == ";":
        text = text.replace(".", ",")
    return text, value


first_mark_row = rng.randint(0, rows // 2) if delim == ";" else 0
fault_row = rng.randint(rows // 2, rows - 1)
header = delim.join(["id", "groupe", "note", "montant", "quantité", "actif"])
records, total, n = [], Fraction(0), 0
for i in range(rows):
    key = "K%06d" % i
    if fault == "duplicate-key" and i == fault_row:
        key = "K%06d" % rng.randint(0, i - 1)
    g = rng.choice(groups[: 4 + i * len(groups) // rows])   # later groups appear later
    text, value = amount(i, first_mark_row)
    if fault == "bad-number" and i == fault_row:
        text = "12x5"
    if fault == "other-mark" and i == fault_row and delim == ";":
        text = "7.25"
    fields = [key, quote(g, rng.random() < 0.3), quote(note(), rng.random() < 0.1), quote(text, rng.random() < 0.1),
              str(rng.randint(0, 99)), rng.choice(["1", "0", "oui", "non", "vrai"])]
    records.append(delim.join(fields))
    total += value
    n += 1
    if rng.random() < 0.01:
        records.append("")   # an empty line between records
body = eol.join([header] + records)
if rng.random() < 0.7:
    body += eol
with open(out + "/t.csv", "w", encoding="utf-8", newline="") as f:
    f.write(body)

keys = ["K%06d" % i for i in range(rows)]
with open(out + "/s.csv", "w", encoding="utf-8", newline="") as f:
    f.write("ligne,poids\n" + "".join("%s,%d\n" % (rng.choice(keys), rng.randint(1, 9)) for _ in range(max(3, rows // 20))))

with open(out + "/prog.pvs", "w", encoding="utf-8") as f:
    f.write("""unité ligne
table t "Lignes" : ligne {
  source: "t.csv"
  id: texte clé
  groupe: texte
  note: texte optionnel
  montant: décimal €
  quantité: entier
  actif: booléen
}
indicateur n "Lignes" : ligne = compte(t)
indicateur total "Total" : € = somme(t, montant)
indicateur moyenne "Moyenne" : € = moyenne(t, montant)
indicateur au_dessus "Au-dessus de la moyenne" : ligne = compte(t où montant > moyenne)
indicateur n_g "Lignes" : ligne { formule: compte(t); par: groupe }
indicateur somme_g "Montant des actives" : € { formule: somme(t où actif, montant); par: groupe }
indicateur moy_g "Moyenne" : € { formule: moyenne(t, montant); par: groupe }
indicateur med_g "Médiane" : € { formule: médiane(t, montant); par: groupe }
indicateur min_g "Min" : € { formule: min(t, montant); par: groupe }
indicateur max_g "Max" : € { formule: max(t où non actif, montant); par: groupe }
indicateur notes_g "Notes distinctes" { formule: compte_distinct(t, note); par: groupe }
indicateur part_g "Part active" : % { formule: part(t où actif et quantité > 10); par: groupe }
indicateur dessus_g "Au-dessus de la moyenne du groupe" : ligne { formule: compte(t où montant > moy_g); par: groupe }
table s "Suivis" : ligne {
  source: "s.csv"
  ligne: réf t
  poids: entier
}
indicateur suivis_g "Suivis par groupe" : ligne { formule: compte(s où ligne.actif); par: groupe }
indicateur poids_montant "Montants pondérés" : € = somme(s, poids * ligne.montant)
contrôle petite_quantité "Quantité sous 95" {
  pour_chaque: t
  condition: quantité < 95
}
""")

# The independent recomputation: Python's csv module reads the same records.
import csv
import io
if fault == "none":
    got_rows, got_total = 0, Fraction(0)
    for rec in list(csv.reader(io.StringIO(body, newline=""), delimiter=delim))[1:]:
        if not rec:
            continue
        got_rows += 1
        got_total += Fraction(rec[3].replace(",", "."))
    assert (got_rows, got_total) == (n, total), "generator and csv module disagree"
    with open(out + "/expect", "w") as f:
        f.write("%d %s\n" % (n, total))
