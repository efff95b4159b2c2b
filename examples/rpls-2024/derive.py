#!/usr/bin/env python3
"""derive.py — the data of this example, derived from the published file.

    python3 examples/rpls-2024/derive.py [SHARED_DATA_DIR [OUTPUT]]   (default: ../shared/data)

reads SHARED_DATA_DIR/rpls/lgt_soc_2024_extracted.csv (SDES, « Le parc locatif social au
1er janvier 2024 », sheet COMMUNES, as extracted by Data For Good; PROVENANCE.md beside it)
and writes rpls_communes_2024.csv beside this script (or OUTPUT): one row per commune (Paris, Lyon and
Marseille by arrondissement), in the file's order, with the columns

    commune   code of the commune or arrondissement (DEPCOM_ARM), COG 2024 geography
    nb_ls     number of social dwellings (nb_ls)
    tx_vac    vacancy rate, in percentage points (tx_vac)
    tx_mob    mobility rate, in percentage points (tx_mob)
    densite   social dwellings per 100 main residences (densite)

Values are copied byte for byte. Left out: REG and DEP (pvs derives them from the commune;
REG lost its leading zero in the extraction: 1 for 01) and LIBCOM (pvs gives the official
name). Python 3 standard library only; the output is the same from run to run.
"""
import csv
import os
import sys

COLUMNS = [("commune", "DEPCOM_ARM"), ("nb_ls", "nb_ls"), ("tx_vac", "tx_vac"), ("tx_mob", "tx_mob"),
           ("densite", "densite")]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared", "data")
    src = os.path.join(data, "rpls", "lgt_soc_2024_extracted.csv")
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "rpls_communes_2024.csv")
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c for c, _ in COLUMNS])
        for r in rows:
            w.writerow([r[s] for _, s in COLUMNS])
    os.replace(out + ".tmp", out)
    total = sum(int(r["nb_ls"]) for r in rows)
    sys.stderr.write("derive.py: %d rows, %d social dwellings -> %s\n" % (len(rows), total, out))


if __name__ == "__main__":
    main()
