"""check_xlsx.py BOOK.xlsx RESULT.json [options] — checks a workbook written by
`pvs eval --format xlsx --locale fr` against the JSON of the same evaluation
(`--format json`), with an independent reader (xlsx_read.py) and an independent formula
evaluator (formula.py). Exit 0 when every check passes, 1 with the failures listed.

Checked (layout as doc/formats.md describes it):
  - the sheets, in order; every sheet has frozen headers and fitted columns;
  - every figure of the JSON is in the workbook, as a number (never text), equal to the exact
    value (relative error at most 1e-15, a double's precision) or, where the JSON only gives
    the rounded value, to the cent; missing values are empty cells;
  - the impact map: the assumptions are numbers without formulas, every result is a formula
    whose saved value is pvs's, and recomputing every formula (formula.py, exact fractions
    over the stored numbers) gives pvs's values to the cent (relative 1e-12); the synthèse's
    figures are formulas over the map and recompute too;
  - --edit 'VALUATION:COLUMN=NUMBER' (COLUMN: quantity, proxy, deadweight, displacement,
    attribution, drop-off, duration, rate) changes an assumption as an auditor would, and
    --expect OTHER.json gives the results pvs computes with that change (a scénario): the
    recomputed map and synthèse must equal them to the cent;
  - --scenarios ALL.json: the scénarios sheet against `--scenario all --format json`;
  - the sensitivity sheet (--sensibilité) and a panel's estimates sheet, when the JSON has
    them, figure by figure;
  - --recomputed: the values saved with the formulas were computed by a spreadsheet program
    (tests/xlsx/office.sh): only the impact map and the synthèse are checked, their formulas'
    values to the cent (ratios to a relative 1e-9).
"""
import datetime
import json
import sys
from fractions import Fraction

from formula import Evaluator
from xlsx_read import read

SHEETS = ["Synthèse", "Carte d'impact", "Indicateurs", "Valorisations", "Coûts", "Contrôles", "Paramètres"]
MAP = "Carte d'impact"
MAP_COLS = {"quantity": 3, "proxy": 4, "deadweight": 5, "displacement": 6, "attribution": 7,
            "drop-off": 8, "duration": 9, "rate": 10}
MAP_HEAD, MAP_FIRST, MAP_Y1, MAP_VALUE = 4, 5, 11, 3
EPS_EXACT = Fraction(1, 10 ** 15)
CENT = Fraction(1, 200) + Fraction(1, 10 ** 9)   # half a cent (a tie rounds either way): "to the cent"

failures = []


def fail(msg):
    failures.append(msg)


def frac(s):
    return None if s is None else Fraction(s)


def num_cell(sheet, row, col, what):
    c = sheet.cell(row, col)
    if c is None:
        return None
    if c.kind != "n":
        fail("%s: %s!%d,%d is %s %r, not a number" % (what, sheet.name, row, col, c.kind, c.value))
        return None
    return Fraction(c.raw) if c.raw is not None else None


def same_exact(got, exact, what):
    """got (from the sheet) equals an exact value to a double's precision; None is missing."""
    if exact is None or got is None:
        if (exact is None) != (got is None):
            fail("%s: %s in the workbook, %s in the JSON" % (what, got, exact))
        return
    if abs(got - exact) > abs(exact) * EPS_EXACT + Fraction(1, 10 ** 300):
        fail("%s: %s in the workbook, %s exactly" % (what, float(got), float(exact)))


def shown_tol(shown):
    """How far a value may be from the JSON's rounded one: a cent, or half a unit of its last
    decimal when it shows fewer (a bilan's décimales: 0 shows 136994)."""
    d = len(shown.split(".")[1]) if "." in shown else 0
    return max(CENT, Fraction(1, 2 * 10 ** d))


def same_cent(got, shown, what):
    """got equals the JSON's rounded value (2 decimals, or a bilan's décimales) to the cent."""
    if shown is None or got is None:
        if (shown is None) != (got is None):
            fail("%s: %s in the workbook, %s in the JSON" % (what, got, shown))
        return
    if abs(got - Fraction(shown)) > shown_tol(shown):
        fail("%s: %s in the workbook, %s in the JSON" % (what, float(got), shown))


RECOMPUTED = False


def same_formula(got, exact, what):
    """A formula's saved value: pvs's exact value, or (--recomputed) a spreadsheet's."""
    if not RECOMPUTED or got is None or exact is None:
        same_exact(got, exact, what)
    elif abs(got - exact) >= CENT or abs(got - exact) > abs(exact) * Fraction(1, 10 ** 9) + Fraction(1, 10 ** 6):
        fail("%s: %s recomputed, %s exactly" % (what, float(got), float(exact)))


def near(a, b):
    """Recomputed from doubles vs exact: relative 1e-12, and to the cent."""
    return abs(a - b) <= abs(b) * Fraction(1, 10 ** 12) + Fraction(1, 10 ** 9) and abs(a - b) < CENT


def text(sheet, row, col):
    c = sheet.cell(row, col)
    return c.value if c is not None and c.kind == "s" else None


def group_text(by, key):
    return " / ".join(key[d] if key[d] is not None else "non renseigné" for d in by) if key else "total"


# ---- the plain sheets -------------------------------------------------------------------------

def check_structure(book, scenarios, js):
    names = list(book)
    valued = js["valuations"] or js["costs"] or js["statements"]   # else no map, valuations, costs
    want = [n for n in SHEETS if (n != MAP or valued) and (n != "Valorisations" or js["valuations"])
            and (n != "Coûts" or js["costs"])] + (["Indices composites"] if js.get("indices") else []) + \
        (["Sensibilité"] if js.get("sensitivity") else []) + (["Estimations"] if js.get("estimates") else []) + \
        (["Scénarios"] if scenarios else [])
    if names != want:
        fail("sheets %s, expected %s" % (names, want))
    for s in book.values():
        if not s.frozen:
            fail("sheet %s has no frozen header" % s.name)
        used = {c for _, c in s.cells}
        if not used <= set(s.widths):
            fail("sheet %s: columns %s have no width" % (s.name, sorted(used - set(s.widths))))


def rows_by_name(sheet, name_col, group_col=None, first=1):
    out = {}
    for r in range(first, sheet.rows()):
        name = text(sheet, r, name_col)
        if name is None:
            continue
        out[(name, text(sheet, r, group_col)) if group_col is not None else name] = r
    return out


def check_indicators(book, js):
    s = book["Indicateurs"]
    rows = rows_by_name(s, 1, 4)
    n = 0
    for ind in js["indicators"]:
        for row in ind["rows"]:
            g = group_text(ind["by"], row["key"])
            r = rows.get((ind["name"], g))
            n += 1
            if r is None:
                fail("indicator %s [%s] not in the workbook" % (ind["name"], g))
                continue
            same_exact(num_cell(s, r, 6, ind["name"]), frac(row["exact"]), "indicator %s [%s]" % (ind["name"], g))
            skipped = num_cell(s, r, 7, ind["name"])
            if (skipped or 0) != row.get("skipped", 0):
                fail("indicator %s [%s]: %s skipped, JSON %s" % (ind["name"], g, skipped, row.get("skipped", 0)))
    if len(rows) != n:
        fail("Indicateurs has %d rows, the JSON %d" % (len(rows), n))


def check_indices(book, js):
    """Composite indices: per group the index (column 6), then per component its value,
    normalised value, weight and contribution (columns 6 to 9), as the JSON gives them."""
    if not js.get("indices"):
        return
    s = book["Indices composites"]
    n = 0
    rows = {}
    for r in range(1, s.rows()):
        rows[(text(s, r, 1), text(s, r, 3), text(s, r, 5))] = r
    for ix in js["indices"]:
        suffix = "_exact" if ix["exact"] else "_20"
        for row in ix["rows"]:
            g = group_text(ix["by"], row["key"])
            r = rows.get((ix["name"], g, None))
            n += 1 + len(row["components"])
            if r is None:
                fail("index %s [%s] not in the workbook" % (ix["name"], g))
                continue
            same_exact(num_cell(s, r, 6, ix["name"]), frac(row["index" + suffix]), "index %s [%s]" % (ix["name"], g))
            for c in row["components"]:
                what = "index %s [%s] %s" % (ix["name"], g, c["name"])
                r = rows.get((ix["name"], g, c["name"]))
                if r is None:
                    fail(what + " not in the workbook")
                    continue
                norm = c.get("normalised_exact", c.get("normalised_20"))
                contrib = c.get("contribution" + suffix)
                for col, want in ((6, c["value"]), (7, norm), (8, c["weight"]), (9, contrib)):
                    same_exact(num_cell(s, r, col, what), frac(want), "%s column %d" % (what, col))
    if len(rows) != n:
        fail("Indices composites has %d rows, the JSON %d" % (len(rows), n))


def check_sensitivity(book, js):
    """--sensibilité: one row per input of each bilan, in the JSON's order (largest swing
    first): its value, low and high (rates in points), the two ratios and the switching value
    (columns 4 to 9), and how it was found (column 10: an empty cell 9 when there is none)."""
    if not js.get("sensitivity"):
        return
    s = book["Sensibilité"]
    r = 1
    words = {"exact": "exacte", "bisection": "dichotomie", "years": "années entières", "none": "aucune"}
    for sr in js["sensitivity"]:
        for si in sr["inputs"]:
            what = "sensitivity %s %s %s" % (sr["statement"], si["valuation"], si["input"])
            if text(s, r, 2) != si["valuation"] or text(s, r, 3) != si["input"]:
                fail("%s: row %d is %s %s" % (what, r, text(s, r, 2), text(s, r, 3)))
            for col, key in ((4, "value_exact"), (5, "low_exact"), (6, "high_exact"), (7, "ratio_low_exact"),
                             (8, "ratio_high_exact"), (9, "switching_value_exact")):
                same_exact(num_cell(s, r, col, what), frac(si[key]), "%s column %d" % (what, col))
            if text(s, r, 10) != words.get(si["switching_method"], si["switching_method"]):
                fail("%s: found by %r, JSON %s" % (what, text(s, r, 10), si["switching_method"]))
            r += 1
    if text(s, r, 0) is not None:
        fail("Sensibilité has more rows than the JSON's %d inputs" % (r - 1))


def check_estimates(book, js):
    """A panel's estimates: per estimate its figures (estimate exact, then the 20-decimal
    standard error, interval and CV, level, n, N, df), then its strata below a header."""
    if not js.get("estimates"):
        return
    s = book["Estimations"]
    for i, e in enumerate(js["estimates"]):
        r, what = 1 + i, "estimate %s" % e["name"]
        if text(s, r, 1) != e["name"]:
            fail("%s: row %d is %s" % (what, r, text(s, r, 1)))
        same_exact(num_cell(s, r, 4, what), frac(e["estimate_exact"]), what + " estimate")
        for col, key in ((5, "standard_error_20"), (6, "ci_low_20"), (7, "ci_high_20"), (9, "cv_20")):
            same_exact(num_cell(s, r, col, what), frac(e[key]), "%s %s" % (what, key))
        same_exact(num_cell(s, r, 8, what), frac(e["level"]) / 100, what + " level (a fraction shown in %)")
        for col, key in ((10, "n"), (11, "N"), (12, "df")):
            if num_cell(s, r, col, what) != e[key]:
                fail("%s: %s is %s, JSON %s" % (what, key, num_cell(s, r, col, what), e[key]))
    r = 1 + len(js["estimates"]) + 2
    for e in js["estimates"]:
        for st in e["strata"]:
            what = "estimate %s stratum %s" % (e["name"], st["stratum"])
            if text(s, r, 1) != e["name"] or text(s, r, 2) != (st["stratum"] or "ensemble"):
                fail("%s: row %d is %s %s" % (what, r, text(s, r, 1), text(s, r, 2)))
            if num_cell(s, r, 3, what) != st["N"] or num_cell(s, r, 4, what) != st["n"]:
                fail("%s: N, n are %s, %s" % (what, num_cell(s, r, 3, what), num_cell(s, r, 4, what)))
            same_exact(num_cell(s, r, 5, what), frac(st["auxiliary_total"]), what + " auxiliary total")
            same_exact(num_cell(s, r, 6, what), frac(st.get("estimate_exact")), what + " estimate")
            r += 1


def stakeholder_order(book):
    """The stakeholders' names, in the order of their columns: the map gives them in small
    print above its headers ("part État", then "dont État")."""
    s, order = book[MAP], []
    for c in range(MAP_Y1, MAP_Y1 + 1000):
        name = text(s, MAP_HEAD - 1, c)
        if name is not None:
            if name in order:
                break
            order.append(name)
    return order


def check_valuations(book, js):
    if not js["valuations"]:
        return
    s = book["Valorisations"]
    rows = rows_by_name(s, 1, 4)
    years = max([len(r["impact"]) for v in js["valuations"] for r in v["rows"]] + [1])
    sh = stakeholder_order(book)
    for v in js["valuations"]:
        for row in v["rows"]:
            g = group_text(v["by"], row["key"])
            what = "valuation %s [%s]" % (v["name"], g)
            r = rows.get((v["name"], g))
            if r is None:
                fail(what + " not in the workbook")
                continue
            same_exact(num_cell(s, r, 7, what), frac(row["present_value_exact"]), what + " present value")
            for y in range(years):
                imp = row["impact"][y] if y < len(row["impact"]) else None
                dis = row["discounted"][y] if y < len(row["discounted"]) else None
                same_cent(num_cell(s, r, 8 + y, what), imp, "%s impact %d" % (what, y + 1))
                same_cent(num_cell(s, r, 8 + years + y, what), dis, "%s discounted %d" % (what, y + 1))
            for k, h in enumerate(sh):
                same_cent(num_cell(s, r, 8 + 2 * years + k, what), row["by_stakeholder"].get(h), "%s share %s" % (what, h))


def each_row(sheet, name_col, items, kind):
    """(item, its row in the sheet) for each JSON item, found by its name in name_col."""
    rows = rows_by_name(sheet, name_col)
    for it in items:
        r = rows.get(it["name"])
        if r is None:
            fail("%s %s not in the workbook" % (kind, it["name"]))
        else:
            yield it, r


def check_costs(book, js):
    if not js["costs"]:
        return
    s = book["Coûts"]
    for c, r in each_row(s, 1, js["costs"], "cost"):
        same_exact(num_cell(s, r, 2, c["name"]), frac(c["amount_exact"]), "cost " + c["name"])


def check_checks(book, js):
    s = book["Contrôles"]
    for c, r in each_row(s, 1, js["checks"], "contrôle"):
        status = text(s, r, 2)
        if status != {"pass": "réussi", "fail": "échec"}[c["status"]]:
            fail("contrôle %s: status %r, JSON %s" % (c["name"], status, c["status"]))
        if num_cell(s, r, 4, c["name"]) != c["failures"]:
            fail("contrôle %s: failures differ" % c["name"])
        firsts = ", ".join("%s:%d" % (f["file"], f["line"]) for f in c.get("first_failures", []))
        if (text(s, r, 6) or "") != firsts:
            fail("contrôle %s: first failures %r, JSON %r" % (c["name"], text(s, r, 6), firsts))


def check_parameters(book, js):
    s = book["Paramètres"]
    for p, r in each_row(s, 0, js["parameters"], "parameter"):
        same_exact(num_cell(s, r, 1, p["name"]), frac(p["value"]), "parameter " + p["name"])
        serial = num_cell(s, r, 3, p["name"])
        since = None if serial is None else (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))).isoformat()
        if since != p["since"]:
            fail("parameter %s: since %s, JSON %s" % (p["name"], since, p["since"]))


# ---- the impact map and the synthèse ---------------------------------------------------------

def map_rows(s, js):
    """The map row of each valuation, the row of each cost, the first row of each bilan."""
    vrow, r = {}, MAP_FIRST
    for v in js["valuations"]:
        if text(s, r, 1) != v["name"]:
            fail("impact map row %d: %r, expected valuation %s" % (r, text(s, r, 1), v["name"]))
        vrow[v["name"]] = r
        r += 1
    crow = {}
    r += 1
    if js["costs"]:
        r += 1   # the costs' header
        for c in js["costs"]:
            if text(s, r, 1) != c["name"]:
                fail("impact map row %d: %r, expected cost %s" % (r, text(s, r, 1), c["name"]))
            crow[c["name"]] = r
            r += 1
        r += 1
    srow = {}
    for st in js["statements"]:
        if not (text(s, r, 0) or "").endswith("(%s)" % st["name"]):
            fail("impact map row %d: %r, expected bilan %s" % (r, text(s, r, 0), st["name"]))
        srow[st["name"]] = r + 1
        r += 1 + 4 + len(st["by_stakeholder"]) + len(st["by_chain"]) + 1
    return vrow, crow, srow


def is_formula(s, r, c, what):
    cell = s.cell(r, c)
    if cell is None or cell.formula is None:
        fail("%s: %s!%d,%d is not a formula" % (what, s.name, r, c))
        return False
    return True


def check_map_cached(book, js):
    """Inputs are plain numbers; results are formulas saved with pvs's values."""
    s = book[MAP]
    vrow, crow, srow = map_rows(s, js)
    years = max([len(v["rows"][-1]["impact"]) for v in js["valuations"]] + [1])
    n_years = sum(1 for c in range(MAP_Y1, MAP_Y1 + 400) if s.cell(MAP_HEAD, c) and s.cell(MAP_HEAD, c).kind == "n")
    if js["valuations"] and n_years < years:
        fail("impact map has %d year columns, a valuation lasts %d years" % (n_years, years))
    pv_col = MAP_Y1 + n_years
    sh = stakeholder_order(book)
    for v in js["valuations"]:
        r, t = vrow[v["name"]], v["rows"][-1]
        for name, c in MAP_COLS.items():
            cell = s.cell(r, c)
            if cell is not None and (cell.formula is not None or cell.kind != "n"):
                fail("valuation %s: assumption %s is not a plain number" % (v["name"], name))
        if t["present_value"] is None:
            if any(s.cell(r, c) is not None for c in range(MAP_Y1, pv_col + 1 + 2 * len(sh))
                   if not (pv_col < c <= pv_col + len(sh))):
                fail("valuation %s is missing but has results in the map" % v["name"])
            continue
        for y in range(n_years):
            if is_formula(s, r, MAP_Y1 + y, v["name"]):
                same_cent(num_cell(s, r, MAP_Y1 + y, v["name"]), t["impact"][y] if y < len(t["impact"]) else "0",
                          "map %s year %d" % (v["name"], y + 1))
        if is_formula(s, r, pv_col, v["name"]):
            same_formula(num_cell(s, r, pv_col, v["name"]), frac(t["present_value_exact"]), "map %s present value" % v["name"])
        for k, h in enumerate(sh):
            c = pv_col + 1 + len(sh) + k
            if h in t["by_stakeholder"] and is_formula(s, r, c, v["name"]):
                same_cent(num_cell(s, r, c, v["name"]), t["by_stakeholder"][h], "map %s share %s" % (v["name"], h))
    for c in js["costs"]:
        same_exact(num_cell(s, crow[c["name"]], MAP_VALUE, c["name"]), frac(c["amount_exact"]), "map cost " + c["name"])
    for st in js["statements"]:
        r = srow[st["name"]]
        figures = [("present value", st["present_value"]), ("costs", st["costs"]), ("npv", st["net_present_value"])]
        lines = figures + [("ratio", st["ratio_exact"])] + [("share " + h, v) for h, v in st["by_stakeholder"].items()] \
            + [("chain " + c, v) for c, v in st["by_chain"].items()]
        for i, (what, val) in enumerate(lines):
            where = "map %s %s" % (st["name"], what)
            if val is None:       # missing in pvs: an empty cell, no formula (never a 0)
                if s.cell(r + i, MAP_VALUE) is not None:
                    fail(where + ": missing in pvs, but the cell is %r" % s.cell(r + i, MAP_VALUE))
            elif is_formula(s, r + i, MAP_VALUE, st["name"]):
                (same_formula if what == "ratio" else same_cent)(
                    num_cell(s, r + i, MAP_VALUE, st["name"]), frac(val) if what == "ratio" else val, where)
    return vrow, srow, pv_col, sh


def check_synthesis(book, js):
    """The synthèse's saved values: each bilan's figures, by stakeholder and by chain."""
    s = book["Synthèse"]
    fw = js["framework"]                      # the title names the organisation: its label first
    if fw and fw.get("label") and not (text(s, 0, 0) or "").startswith(fw["label"] + " ("):
        fail("synthèse title %r does not start with the référentiel's label %r" % (text(s, 0, 0), fw["label"]))
    if fw and fw["name"] not in (text(s, 0, 0) or ""):
        fail("synthèse title %r does not name the référentiel %r" % (text(s, 0, 0), fw["name"]))
    for i, st in enumerate(js["statements"]):
        if text(s, 6 + i, 1) != st["name"]:
            fail("synthèse row %d: %r, expected bilan %s" % (6 + i, text(s, 6 + i, 1), st["name"]))
            continue
        for k, key in enumerate(["present_value", "costs", "net_present_value"]):
            same_cent(num_cell(s, 6 + i, 2 + k, st["name"]), st[key], "synthèse %s %s" % (st["name"], key))
        same_formula(num_cell(s, 6 + i, 5, st["name"]), frac(st["ratio_exact"]), "synthèse %s ratio" % st["name"])
    r = 6 + len(js["statements"]) + 2       # the table by stakeholder, then the one by chain
    for key in ("by_stakeholder", "by_chain"):
        for st in js["statements"]:
            for name, val in st[key].items():
                if text(s, r, 0) != st["name"]:
                    fail("synthèse row %d: %r, expected bilan %s" % (r, text(s, r, 0), st["name"]))
                same_cent(num_cell(s, r, 2, st["name"]), val, "synthèse %s %s %s" % (st["name"], key, name))
                r += 1
        r += 2


def check_recomputed(book, js, vrow, srow, pv_col, sh, overrides, label):
    """Every formula of the map and of the synthèse, recomputed, equals the JSON's values."""
    ev = Evaluator(book, overrides)
    for v in js["valuations"]:
        t = v["rows"][-1]
        if t["present_value"] is None:
            continue
        got = ev.value(MAP, vrow[v["name"]], pv_col)
        if not near(got, Fraction(t["present_value_exact"])):
            fail("%srecomputed %s: %s, pvs %s" % (label, v["name"], float(got), t["present_value_exact"]))
        for k, h in enumerate(sh):
            if h in t["by_stakeholder"]:
                got = ev.value(MAP, vrow[v["name"]], pv_col + 1 + len(sh) + k)
                if abs(got - Fraction(t["by_stakeholder"][h])) > CENT:
                    fail("%srecomputed %s share %s: %s, pvs %s" % (label, v["name"], h, float(got), t["by_stakeholder"][h]))
    syn = book["Synthèse"]
    for i, st in enumerate(js["statements"]):
        r = srow[st["name"]]
        for k, key in enumerate(["present_value", "costs", "net_present_value"]):
            if st[key] is None:
                continue          # missing: an empty cell (checked above)
            for where, got in (("map", ev.value(MAP, r + k, MAP_VALUE)), ("synthèse", ev.value("Synthèse", 6 + i, 2 + k))):
                if abs(got - Fraction(st[key])) > shown_tol(st[key]):
                    fail("%srecomputed %s %s (%s): %s, pvs %s" % (label, st["name"], key, where, float(got), st[key]))
        if st["ratio_exact"] is not None:
            for where, got in (("map", ev.value(MAP, r + 3, MAP_VALUE)), ("synthèse", ev.value("Synthèse", 6 + i, 5))):
                if not near(got, Fraction(st["ratio_exact"])):
                    fail("%srecomputed %s ratio (%s): %s, pvs %s" % (label, st["name"], where, float(got), st["ratio_exact"]))
        for k, val in enumerate(list(st["by_stakeholder"].values()) + list(st["by_chain"].values())):
            if val is None:
                continue
            got = ev.value(MAP, r + 4 + k, MAP_VALUE)
            if abs(got - Fraction(val)) > shown_tol(val):
                fail("%srecomputed %s line %d: %s, pvs %s" % (label, st["name"], 4 + k, float(got), val))
    for i, st in enumerate(js["statements"]):
        c = syn.cell(6 + i, 2)
        if st["present_value"] is None:
            if c is not None:
                fail("synthèse %s: the present value is missing in pvs, but the cell is %r" % (st["name"], c))
        elif c is None or not c.formula or MAP not in c.formula.replace("''", "'"):
            fail("synthèse %s: the present value is not a formula over the map" % st["name"])


def check_scenarios(book, alljs):
    s = book["Scénarios"]
    results = alljs["scenarios"]
    base = results[0]
    r = 1

    def line(kind_name, pick, exactness):
        nonlocal r
        for i, res in enumerate(results):
            got = num_cell(s, r, 2 + i, kind_name)
            val = pick(res)
            (same_exact if exactness else same_cent)(got, frac(val) if exactness else val,
                                                       "scénario %s %s" % (res["name"], kind_name))
        r += 1

    def find(res, key, name):
        return next((x for x in res[key] if x["name"] == name), None)

    for ind in base["indicators"]:
        line(ind["name"], lambda res, n=ind["name"]: (find(res, "indicators", n) or {"rows": [{"exact": None}]})["rows"][-1]["exact"], True)
    for v in base["valuations"]:
        line(v["name"], lambda res, n=v["name"]: (find(res, "valuations", n) or {"rows": [{"present_value_exact": None}]})["rows"][-1]["present_value_exact"], True)
    for st in base["statements"]:
        line(st["name"], lambda res, n=st["name"]: (find(res, "statements", n) or {}).get("present_value"), False)
        line(st["name"], lambda res, n=st["name"]: (find(res, "statements", n) or {}).get("net_present_value"), False)
        line(st["name"], lambda res, n=st["name"]: (find(res, "statements", n) or {}).get("ratio_exact"), True)


def main(argv):
    book_path, json_path = argv[1], argv[2]
    global RECOMPUTED
    edits, expect, scen = [], None, None
    i = 3
    while i < len(argv):
        if argv[i] == "--recomputed":
            RECOMPUTED = True
            i += 1
            continue
        if argv[i] == "--edit":
            edits.append(argv[i + 1])
        elif argv[i] == "--expect":
            expect = argv[i + 1]
        elif argv[i] == "--scenarios":
            scen = argv[i + 1]
        else:
            raise SystemExit("unknown option " + argv[i])
        i += 2
    book = read(book_path)
    js = json.load(open(json_path, encoding="utf-8"))
    if not RECOMPUTED:
        check_structure(book, scen is not None, js)
        check_indicators(book, js)
        check_indices(book, js)
        check_sensitivity(book, js)
        check_estimates(book, js)
        check_valuations(book, js)
        check_costs(book, js)
        check_checks(book, js)
        check_parameters(book, js)
    if MAP not in book:                      # nothing valued: the synthèse says so, no formulas
        if js["valuations"] or js["costs"] or js["statements"]:
            fail("no impact map, yet the script values something")
        elif "aucune valorisation" not in (text(book["Synthèse"], 3, 0) or ""):
            fail("synthèse without a map: %r does not say why" % text(book["Synthèse"], 3, 0))
    else:
        vrow, srow, pv_col, sh = check_map_cached(book, js)
        check_synthesis(book, js)
        check_recomputed(book, js, vrow, srow, pv_col, sh, {}, "")
    if edits:
        overrides = {}
        for e in edits:
            target, value = e.split("=")
            vname, col = target.split(":")
            overrides[(MAP, vrow[vname], MAP_COLS[col])] = Fraction(value)
        other = json.load(open(expect, encoding="utf-8"))
        check_recomputed(book, other, vrow, srow, pv_col, sh, overrides, "after %s: " % " ".join(edits))
    if scen:
        check_scenarios(book, json.load(open(scen, encoding="utf-8")))
    for f in failures[:40]:
        print("FAIL %s: %s" % (book_path, f))
    if len(failures) > 40:
        print("… and %d more" % (len(failures) - 40))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
