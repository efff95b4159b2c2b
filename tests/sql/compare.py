#!/usr/bin/env python3
"""compare.py EVAL.csv SQL.csv [QUERY.sql] -- the rows of `pvs eval --format csv` and those of
the SQL that `pvs sql` generated, run by PostgreSQL or DuckDB, must be the same: kind, name,
dimensions, group, value (as displayed, after the declared rounding) and unit, in the same
order; parameters are left out (the SQL does not list them) and `exact` is compared for the
contrôles only (the SQL leaves it empty elsewhere). The indicators the generated SQL names as
approximate in its head (`-- Not exact: indicator NAME ...`) may differ by one unit of their
last displayed decimal (doc/sql.md). Prints the differences; exit 1 if any."""
import csv
import re
import sys
from decimal import Decimal


def load(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["kind"] == "parameter":
                continue
            rows.append((r["kind"], r["name"], r["dimensions"], r["group"], r["value"], r["unit"],
                         r["exact"] if r["kind"] == "check" else ""))
    return rows


def approximate(sql_path):
    names = set()
    if sql_path:
        with open(sql_path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"-- Not exact: (?:indicator|indicateur) (\S+) ", line)
                if m:
                    names.add(m.group(1))
    return names


def close(x, y):
    try:
        a, b = Decimal(x[4]), Decimal(y[4])
    except Exception:
        return False
    unit = Decimal(1).scaleb(a.as_tuple().exponent)
    return x[:4] == y[:4] and x[5:] == y[5:] and abs(a - b) <= unit


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    approx = approximate(sys.argv[3] if len(sys.argv) > 3 else None)
    bad = 0 if len(a) == len(b) else 1
    if bad:
        print("row counts differ: %d from pvs eval, %d from SQL" % (len(a), len(b)))
    for x, y in zip(a, b):
        if x != y and not (x[1] in approx and close(x, y)):
            bad += 1
            if bad <= 10:
                print("  pvs eval: %s\n  SQL:      %s" % (",".join(x), ",".join(y)))
    return 1 if bad else 0


sys.exit(main())
