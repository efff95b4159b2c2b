#!/usr/bin/env python3
"""rpls_check.py PVS SHARED_DATA_DIR — the RPLS example (examples/rpls-2024) recomputed
independently, with exact fractions, from the published file itself: its own REG and DEP
columns (the SDES's geography, COG 2024) instead of pvs's territory table, its own cells
instead of the example's derived CSV. Compares, exactly, what `pvs eval --format csv` gives:
the national total and weighted rates, and every région's and département's total and
weighted vacancy and mobility rates. Prints "rpls: N figures compared, F differ"; exit 1 if
F > 0 (2 on a usage or I/O problem)."""
import csv
import os
import subprocess
import sys
from fractions import Fraction


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: rpls_check.py PVS SHARED_DATA_DIR\n")
        return 2
    pvs, data = os.path.abspath(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    example = os.path.join(here, "..", "..", "examples", "rpls-2024")
    with open(os.path.join(data, "rpls", "lgt_soc_2024_extracted.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    want = {}

    def add(name, key, n, vac, mob):
        for ind, v in ((name[0], n), (name[1], vac), (name[2], mob)):
            s = want.setdefault((ind, key), [Fraction(0), Fraction(0)])
            s[0] += v
            s[1] += n if ind != name[0] else 0

    for r in rows:
        n = Fraction(int(r["nb_ls"]))
        vac, mob = Fraction(r["tx_vac"]) / 100 * n, Fraction(r["tx_mob"]) / 100 * n
        reg = r["REG"].zfill(2)   # the extraction wrote 01…06 as 1…6
        add(("logements_sociaux", "vacance", "mobilité"), "", n, vac, mob)
        add(("logements_région", "vacance_région", "mobilité_région"), reg, n, vac, mob)
        add(("logements_département", "vacance_département", "mobilité_département"), r["DEP"], n, vac, mob)
    expected = {}
    for (ind, key), (s, w) in want.items():
        if ind.startswith("logements"):
            expected[(ind, key)] = s
        elif w:
            expected[(ind, key)] = s / w * 100   # shown in %
    out = subprocess.run([pvs, "eval", "rpls.pvs", "--date", "2024-01-01", "--format", "csv", "--locale", "en"],
                         cwd=example, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        return 1
    got = {}
    for r in csv.DictReader(out.stdout.splitlines()):
        if r["kind"] == "indicator" and r["exact"]:
            got[(r["name"], r["group"])] = Fraction(r["exact"])
    differ = 0
    for k, v in sorted(expected.items()):
        if got.get(k) != v:
            differ += 1
            if differ <= 10:
                sys.stderr.write("rpls: %s %s: pvs %s, recomputed %s\n" % (k[0], k[1] or "(total)", got.get(k), v))
    print("rpls: %d figures compared with an exact recomputation from the published file, %d differ"
          % (len(expected), differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
