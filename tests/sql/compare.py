#!/usr/bin/env python3
"""compare.py EVAL.csv SQL.csv [QUERY.sql] -- the rows of `pvs eval --format csv` and those of
the SQL that `pvs sql` generated, run by PostgreSQL or DuckDB, must be the same: kind, name,
dimensions, group, value (as displayed, after the declared rounding) and unit, in the same
order; parameters and composite indices are left out (the SQL does not list them; its head
names each index it leaves to pvs eval) and `exact` is compared for the
contrôles only (the SQL leaves it empty elsewhere). The rows of the declarations the generated
SQL names as not exact in its head (`-- Not exact: indicateur NAME (why).`, in French
`-- Non exact : …`; the rows of a valuation or bilan are named NAME.something) may differ by
one unit of their last displayed decimal (doc/sql.md). Prints the differences; exit 1 if any.

  --expect-tolerated N   exactly N rows must differ and be accepted by that tolerance (a test of
                         the tolerance itself: a case whose SQL values are all equal cannot pass)
  --expect-approx A,B…   the declarations the head names as not exact must be exactly these"""
import csv
import re
import sys
from decimal import Decimal


def load(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["kind"] in ("parameter", "index", "index_normalised", "index_contribution"):
                continue   # indices: not translated, the SQL's head says so
            rows.append((r["kind"], r["name"], r["dimensions"], r["group"], r["value"], r["unit"],
                         r["exact"] if r["kind"] == "check" else ""))
    return rows


def approximate(sql_path):
    names = set()
    if sql_path:
        with open(sql_path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"-- No[nt] exact ?: \S+ (\S+) \(", line)
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


def differences(eval_path, sql_path, query_path=None, expect_tolerated=None, expect_approx=None):
    """The differences, as lines to print (none: the same rows)."""
    a, b = load(eval_path), load(sql_path)
    approx = approximate(query_path)
    out = [] if len(a) == len(b) else ["row counts differ: %d from pvs eval, %d from SQL" % (len(a), len(b))]
    bad = len(out)
    tolerated = 0
    for x, y in zip(a, b):
        if x == y:
            continue
        if x[1].split(".")[0] in approx and close(x, y):
            tolerated += 1
            continue
        bad += 1
        if bad <= 10:
            out.append("  pvs eval: %s\n  SQL:      %s" % (",".join(x), ",".join(y)))
    if expect_tolerated is not None and tolerated != expect_tolerated:
        out.append("rows accepted within the tolerance: %d, expected %d" % (tolerated, expect_tolerated))
    if expect_approx is not None and approx != expect_approx:
        out.append("declarations named not exact: %s, expected %s" % (",".join(sorted(approx)), ",".join(sorted(expect_approx))))
    return out


if __name__ == "__main__":
    args, tol, names = [], None, None
    it = iter(sys.argv[1:])
    for arg in it:
        if arg == "--expect-tolerated":
            tol = int(next(it))
        elif arg == "--expect-approx":
            names = set(n for n in next(it).split(",") if n)
        else:
            args.append(arg)
    diffs = differences(args[0], args[1], args[2] if len(args) > 2 else None, tol, names)
    for d in diffs:
        print(d)
    sys.exit(1 if diffs else 0)
