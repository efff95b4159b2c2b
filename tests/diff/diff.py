#!/usr/bin/env python3
"""diff.py PVS [SEEDS] [FIRST] — the differential test of `pvs eval`.

For each seed, generates a random script and its CSV files (aggregates with filters, two
tables broken down by zone or by zone and a boolean, an optional réf from one to the other,
selon, si, défaut, missing values, et/ou/non, % columns in points, --by, valuations and
bilans with costs that may be missing; timelines of valuations, costs over years and a
second bilan under random conventions — doc/methode-sroi.md), evaluates it with `pvs eval
--format json`, and recomputes every figure independently with exact fractions from the
rules of doc/evaluation.md, doc/langage.md and doc/methode-sroi.md (the reference evaluator
below; the conventions in their closed form). Any difference is a
failure, printed with the seed: `python3 tests/diff/diff.py build/pvs 1 SEED` replays it,
and KEEP=DIR keeps the failing case in DIR.

Standard library only. Prints `differential-random: N passed, N failed`."""
import json, os, random, shutil, subprocess, sys, tempfile
from fractions import Fraction as F

ZONES = ["A", "B1", "C", "Abis"]


# ---- expressions: a tiny tree, rendered as pvs and evaluated by the reference ----------------
# Row values: Fraction, bool, str, or None (missing).
class E:
    def __init__(self, kind, *a):
        self.kind, self.a = kind, a


def pvs(e):
    k, a = e.kind, e.a
    if k == "num": return fmt_lit(a[0])
    if k == "col": return a[0]
    if k == "str": return '"%s"' % a[0]
    if k == "bool": return "vrai" if a[0] else "faux"
    if k in ("+", "-", "*", "/"): return "(%s %s %s)" % (pvs(a[0]), k, pvs(a[1]))
    if k in ("=", "!=", "<", "<=", ">", ">="): return "%s %s %s" % (pvs(a[0]), k, pvs(a[1]))
    if k in ("et", "ou"): return "(%s %s %s)" % (pvs(a[0]), k, pvs(a[1]))
    if k == "non": return "non (%s)" % pvs(a[0])
    if k == "si": return "(si %s alors %s sinon %s)" % (pvs(a[0]), pvs(a[1]), pvs(a[2]))
    if k == "dans": return "%s dans (%s)" % (pvs(a[0]), ", ".join('"%s"' % z for z in a[1]))
    if k == "défaut": return "défaut(%s, %s)" % (pvs(a[0]), pvs(a[1]))
    if k == "selon":   # selon zone { "A": e, …, autre: e }
        arms = ", ".join('"%s": %s' % (z, pvs(v)) for z, v in a[1])
        return "(selon %s { %s, autre: %s })" % (pvs(a[0]), arms, pvs(a[2]))
    raise ValueError(k)


def fmt_lit(v):
    s = str(v.numerator // v.denominator) if v.denominator == 1 else exact(v)
    return s if v >= 0 else "(%s)" % s


def ev(e, row):
    """The reference semantics of a row expression (doc/evaluation.md, langage.md § 14)."""
    k, a = e.kind, e.a
    if k == "num": return a[0]
    if k == "col": return row[a[0]]
    if k in ("str", "bool"): return a[0]
    if k in ("+", "-", "*", "/"):
        x, y = ev(a[0], row), ev(a[1], row)
        if x is None or y is None: return None
        if k == "+": return x + y
        if k == "-": return x - y
        if k == "*": return x * y
        return None if y == 0 else x / y
    if k in ("=", "!=", "<", "<=", ">", ">="):
        x, y = ev(a[0], row), ev(a[1], row)
        if x is None or y is None: return None
        return {"=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[k]
    if k in ("et", "ou"):   # SQL's three-valued logic, both orders
        x, y = ev(a[0], row), ev(a[1], row)
        decides = k == "ou"
        if x is decides or y is decides: return decides
        if x is None or y is None: return None
        return not decides
    if k == "non":
        x = ev(a[0], row)
        return None if x is None else not x
    if k == "si":
        c = ev(a[0], row)
        return None if c is None else ev(a[1] if c else a[2], row)
    if k == "dans":
        x = ev(a[0], row)
        return None if x is None else x in a[1]
    if k == "défaut":
        x = ev(a[0], row)
        return ev(a[1], row) if x is None else x
    if k == "selon":   # a missing subject gives missing; an unlisted one, the autre arm
        x = ev(a[0], row)
        if x is None: return None
        for z, v in a[1]:
            if x == z: return ev(v, row)
        return ev(a[2], row)
    raise ValueError(k)


def exact(v):
    """num_fmt_exact: the decimal when it terminates, else p/q in lowest terms."""
    d = v.denominator
    while d % 2 == 0: d //= 2
    while d % 5 == 0: d //= 5
    if d != 1: return "%d/%d" % (v.numerator, v.denominator)
    sign = "-" if v < 0 else ""
    v = abs(v)
    n = 0
    while (v * 10 ** n).denominator != 1: n += 1
    digits = str(v.numerator * 10 ** n // v.denominator).rjust(n + 1, "0")
    return sign + (digits[:-n] + "." + digits[-n:] if n else digits)


def rounded(v, dec):
    """Display rounding, half away from zero, with `dec` decimals (as num_fmt_fixed)."""
    q = abs(v) * 10 ** dec
    r = q.numerator // q.denominator
    if q - r >= F(1, 2): r += 1
    s = str(r).rjust(dec + 1, "0")
    s = s[:-dec] + "." + s[-dec:] if dec else s
    return ("-" if v < 0 and r else "") + s


# ---- the random script -----------------------------------------------------------------------
class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.table = "t"

    def num_col(self):
        cols = ["x", "y"] + (["lien.x", "lien.y"] if self.table == "u" else [])
        return E("col", self.r.choice(cols))

    def num_lit(self, small=False):
        r = self.r
        v = F(r.randint(-5 if not small else 1, 20))
        if r.random() < 0.3: v += F(r.randint(0, 99), 100)
        return v

    def num_expr(self, depth=0):
        r = self.r
        c = r.random()
        if depth > 1 or c < 0.35: return self.num_col()
        if c < 0.45: return E("num", self.num_lit())
        if c < 0.55: return E("défaut", E("col", "x"), E("num", self.num_lit()))
        if c < 0.7: return E(r.choice("+-*"), self.num_expr(depth + 1), self.num_expr(depth + 1))
        if c < 0.8: return E("/", self.num_expr(depth + 1), r.choice([E("col", "y"), E("num", self.num_lit(True))]))
        if c < 0.87:
            zs = r.sample(ZONES, 2)
            return E("selon", E("col", "zone"), tuple((z, self.num_expr(depth + 1)) for z in zs), self.num_expr(depth + 1))
        return E("si", self.bool_expr(depth + 1), self.num_expr(depth + 1), self.num_expr(depth + 1))

    def bool_expr(self, depth=0):
        r = self.r
        c = r.random()
        if depth > 1 or c < 0.3:
            return E(r.choice(["<", "<=", ">", ">=", "=", "!="]), self.num_col(), E("num", self.num_lit()))
        if c < 0.4: return E("col", "b")
        if c < 0.5: return E("bool", r.random() < 0.5)
        if c < 0.6: return E("dans", E("col", "zone"), tuple(r.sample(ZONES, 2)))
        if c < 0.7: return E("non", self.bool_expr(depth + 1))
        return E(r.choice(["et", "ou"]), self.bool_expr(depth + 1), self.bool_expr(depth + 1))

    def agg(self):
        r = self.r
        fn = r.choice(["compte", "somme", "moyenne", "min", "max", "médiane", "compte_distinct"])
        t = self.table = r.choice(["t", "u"])
        flt = self.bool_expr() if r.random() < 0.6 else None
        e = None
        if fn in ("somme", "moyenne", "min", "max", "médiane"): e = self.num_expr()
        if fn == "compte_distinct": e = E("col", r.choice(["y", "zone", "x"]))
        return ("agg", fn, t, flt, e)

    def percent_formula(self):
        """A % indicator: a share, or an aggregate of the % column p (a plain formula would
        take its own unit, which this test leaves to the goldens)."""
        r = self.r
        t = self.table = r.choice(["t", "u"])
        flt = self.bool_expr() if r.random() < 0.6 else None
        if r.random() < 0.3: return ("agg", "part", t, flt, None)
        return ("agg", r.choice(["somme", "moyenne", "min", "max", "médiane"]), t, flt, E("col", "p"))

    def formula(self, depth=0):
        r = self.r
        c = r.random()
        if depth > 1 or c < 0.5: return self.agg()
        if c < 0.6: return ("op", "*", self.formula(depth + 1), ("lit", self.num_lit()))
        return ("op", r.choice("+-*/"), self.formula(depth + 1), self.formula(depth + 1))


def render_f(f):
    if f[0] == "lit": return fmt_lit(f[1])
    if f[0] == "op": return "(%s %s %s)" % (render_f(f[2]), f[1], render_f(f[3]))
    _, fn, t, flt, e = f
    first = t if flt is None else "%s où %s" % (t, pvs(flt))
    return "%s(%s%s)" % (fn, first, "" if e is None else ", " + pvs(e))


def aggs_of(f, out):
    if f[0] == "agg": out.append(f)
    elif f[0] == "op": aggs_of(f[2], out); aggs_of(f[3], out)
    return out


def gen_rows(r, n):
    rows = []
    for _ in range(n):
        rows.append({
            "zone": None if r.random() < 0.15 else r.choice(ZONES),
            "x": None if r.random() < 0.25 else F(r.randint(-30, 60), r.choice([1, 1, 10, 4])),
            "y": F(r.randint(-3, 9)),
            "b": None if r.random() < 0.2 else r.random() < 0.5,
            "p": F(r.randint(0, 1000), 10),   # a % column: cells in points; the value is p/100
        })
    return rows


def cell(v, kind):
    if v is None: return ""
    if kind == "b": return "oui" if v else "non"
    if isinstance(v, str): return v
    return exact(v).replace(".", ",")


def write_csv(path, rows, sep, extra):
    with open(path, "w", encoding="utf-8") as f:
        f.write(sep.join(["zone", "x", "y", "b", "p", extra]) + "\n")
        for row in rows:
            f.write(sep.join([cell(row["zone"], "z"), cell(row["x"], "x"), cell(row["y"], "y"),
                              cell(row["b"], "b"), cell(row["p"], "p") + (" %" if row["y"] % 2 else ""),
                              row[extra] or ""]) + "\n")


# ---- the reference evaluator -----------------------------------------------------------------
def agg_value(fn, rows_all, flt, e):
    """One aggregate over the rows of one group (rows_all: every row of the group)."""
    kept = [r for r in rows_all if flt is None or ev(flt, r) is True]
    if fn == "compte": return F(len(kept))
    if fn == "part": return None if not rows_all else F(len(kept), len(rows_all))
    vals = [v for v in (ev(e, r) for r in kept) if v is not None]
    if fn == "compte_distinct": return F(len(set(vals)))
    if fn == "somme": return sum(vals, F(0))
    if not vals: return None
    if fn == "moyenne": return sum(vals, F(0)) / len(vals)
    if fn == "min": return min(vals)
    if fn == "max": return max(vals)
    s = sorted(vals)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def skipped_of(aggs, rows_by_table, group):
    """Missing values skipped by a formula's aggregates (identical aggregates are one)."""
    n = 0
    for _, fn, t, flt, e in {render_f(a): a for a in aggs}.values():
        if e is None: continue
        rows = [r for r in rows_by_table[t] if in_group(r, group)]
        n += sum(1 for r in rows if (flt is None or ev(flt, r) is True) and ev(e, r) is None)
    return n


ALL = object()


def in_group(row, group):
    """group: ALL, or a key tuple over DIMS[:len(group)] (zone, then b as "vrai"/"faux")."""
    return group is ALL or all(dim_value(row, d) == v for d, v in zip(DIMS, group))


DIMS = ("zone", "b")


def dim_value(row, d):
    v = row[d]
    return v if d == "zone" or v is None else ("vrai" if v else "faux")


def eval_f(f, rows_by_table, group):
    if f[0] == "lit": return f[1]
    if f[0] == "op":
        a, b = eval_f(f[2], rows_by_table, group), eval_f(f[3], rows_by_table, group)
        if a is None or b is None: return None
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                "/": lambda: None if b == 0 else a / b}[f[1]]()
    _, fn, t, flt, e = f
    rows = [r for r in rows_by_table[t] if in_group(r, group)]
    return agg_value(fn, rows, flt, e)


def groups_of(f, rows_by_table, ndims):
    """A result's groups: the keys of the rows its aggregates read (doc/evaluation.md)."""
    g = set()
    for a in aggs_of(f, []):
        g |= {tuple(dim_value(r, d) for d in DIMS[:ndims]) for r in rows_by_table[a[2]]}
    return g


def sort_key(k):   # groups sorted by the bytes of their key (dims joined by 0x1f); "not given" is empty
    return "\x1f".join(v or "" for v in k).encode()


# ---- one case ----------------------------------------------------------------------------------
def make_case(seed, d):
    g = Gen(seed)
    r = g.r
    rows = {"t": gen_rows(r, r.randint(0, 12)), "u": gen_rows(r, r.randint(1, 8))}
    for i, row in enumerate(rows["t"]): row["id"] = "T%d" % (i + 1)
    for row in rows["u"]:   # u.lien: a row of t, or empty (then lien.x and lien.y are missing)
        target = r.choice(rows["t"]) if rows["t"] and r.random() < 0.85 else None
        row["lien"] = target["id"] if target else None
        row["lien.x"], row["lien.y"] = (target["x"], target["y"]) if target else (None, None)
    write_csv(os.path.join(d, "t.csv"), rows["t"], r.choice([";", ";", "\t"]), "id")
    write_csv(os.path.join(d, "u.csv"), rows["u"], r.choice([";", ";", "\t"]), "lien")
    by_all = r.random() < 0.25
    lines = []
    for t in ("t", "u"):
        lines += ['table %s "%s" {' % (t, t.upper()), '  source: "%s.csv"' % t, "  zone: texte optionnel",
                  "  x: décimal optionnel", "  y: entier", "  b: booléen optionnel", "  p: décimal %",
                  "  id: texte clé" if t == "t" else "  lien: réf t optionnel", "}", ""]
    # p is read in points: the row value is p/100 (doc/langage.md § 3)
    for t in rows:
        for row in rows[t]: row["p"] = row["p"] / 100
    inds = []
    for i in range(r.randint(2, 6)):
        pct = r.random() < 0.2
        f = g.percent_formula() if pct else g.formula()
        par = r.choice([0, 0, 1, 1, 2])   # dimensions: none, zone, or zone and b
        inds.append((("i%d" % i), f, par, pct))
        lines += ['indicateur i%d "I%d"%s {' % (i, i, " : %" if pct else ""), "  formule: " + render_f(f)]
        if par: lines.append("  par: " + ", ".join(DIMS[:par]))
        lines += ["}", ""]
    vals = []
    r2 = random.Random(seed * 7919 + 1)   # the timelines and conventions: their own draws
    if r.random() < 0.7:
        for i in range(r.randint(1, 2)):
            q = g.formula(1)
            proxy = F(r.randint(1, 500), r.choice([1, 10]))   # € per unit of the (plain) quantity
            rates = [F(r.randint(0, 60)) for _ in range(4)] + [F(r.choice([0, 3, 35, 50]), 10)]
            years = r.randint(1, 4)
            par = r.random() < 0.4
            tl = timeline(r2, years)
            vals.append(("v%d" % i, q, proxy, rates, tl, par))
            lines += ['valorisation v%d "V%d" {' % (i, i), "  quantité: " + render_f(q), "  proxy: %s €" % exact(proxy),
                      "  aubaine: %s %%" % rates[0], "  attribution: %s %%" % rates[1], "  déplacement: %s %%" % rates[2],
                      "  dégressivité: %s %%" % rates[3], "  actualisation: %s %%" % exact(rates[4])] + \
                timeline_lines(tl) + (["  par: zone"] if par else []) + ["}", ""]
    costs = []
    if vals:
        for i in range(r.randint(1, 2)):
            c = ("lit", F(r.randint(0, 3000))) if r.random() < 0.6 else ("agg", "max", "u", g.bool_expr(), E("col", "x"))
            costs.append(("c%d" % i, c))
            money = "%s €" % exact(c[1]) if c[0] == "lit" else render_f(c) + " * 1 €"
            lines += ['coût c%d "C%d" : € = %s' % (i, i, money), ""]
        lines += ['bilan b "B" {', "  valorisations: " + ", ".join(v[0] for v in vals),
                  "  coûts: " + ", ".join(c[0] for c in costs), "}", ""]
    conv = None
    if vals and r2.random() < 0.8:   # a second bilan under declared conventions, with costs over years
        amounts = [F(r2.randint(0, 3000)) for _ in range(r2.randint(1, 4))]
        lines += ['coût cy "CY" : € {', "  montant: " + ", ".join("%s €" % exact(a) for a in amounts), "}", ""]
        conv = conventions(r2, vals)
        conv["amounts"] = amounts
        lines += ['bilan b2 "B2" {', "  valorisations: " + ", ".join(v[0] for v in vals),
                  "  coûts: " + ", ".join([c[0] for c in costs] + ["cy"])] + conv["lines"] + ["}", ""]
    with open(os.path.join(d, "prog.pvs"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return rows, inds, vals, costs, by_all, conv


# ---- timelines and conventions (doc/methode-sroi.md) ---------------------------------------
def timeline(r2, years):
    """(period, start, cohorts, duration, after): duration 0 when `after` is used."""
    if r2.random() < 0.4: return (1, 1, False, years, 0)   # the default
    period, start = r2.randint(1, 4), r2.randint(1, 3)
    cohorts = period > 1 and r2.random() < 0.5
    if r2.random() < 0.1: years = r2.randint(25, 45)       # long enough for the Green Book's 3 %
    if r2.random() < 0.35: return (period, start, cohorts, 0, r2.randint(1, 3) + max(0, start - period))
    return (period, start, cohorts, years, 0)


def timeline_lines(tl):
    period, start, cohorts, dur, after = tl
    out = []
    if period != 1: out.append("  période: %d an" % period)
    if start != 1: out.append("  début: %d" % start)
    if cohorts: out.append("  cohortes: annuelles")
    out.append("  durée: %d an" % dur if dur else "  durée_après: %d an" % after)
    return out


def conventions(r2, vals):
    c = {"disc": r2.choice(["rate", "none", "green_book", "fs"]), "year0": r2.random() < 0.5,
         "additive": r2.random() < 0.4, "end": r2.random() < 0.4, "rate": F(r2.choice([0, 10, 25, 35, 50]), 1000),
         "beta": F(r2.randint(-5, 20), 10)}
    if c["additive"] and any(sum(v[3][:3]) > 100 for v in vals): c["additive"] = False   # (refused otherwise)
    lines = ["  actualisation: " + {"rate": "%s %%" % exact(c["rate"] * 100), "none": "aucune", "green_book": "green_book",
                                    "fs": "france_stratégie"}[c["disc"]]]
    if c["disc"] == "fs":
        lines.append("  bêta: %s" % fmt_lit(c["beta"]))
        c["rate"] = F(12, 1000) + c["beta"] * F(2, 100)
    if c["year0"]: lines.append("  première_année: non_actualisée")
    if c["additive"]: lines.append("  filtres: additifs")
    if c["end"]: lines.append("  dégressivité_dès: fin_période")
    c["lines"] = lines
    return c


def green_book(t):
    """The Green Book's discount factor of year t, band by band (closed form)."""
    d = F(1)
    for lo, hi, permille in ((0, 30, 35), (30, 75, 30), (75, 125, 25), (125, 200, 20), (200, 300, 15), (300, 10 ** 9, 10)):
        n = max(0, min(t, hi) - lo)
        d /= (1 + F(permille, 1000)) ** n
    return d


def discount(c, own, t):
    if c is None: return 1 / (1 + own) ** t   # the default: the valuation's own rate
    if c["disc"] == "none": return F(1)
    if c["disc"] == "green_book": return green_book(t)
    return 1 / (1 + c["rate"]) ** t


def stream_pv(q, proxy, rates, tl, c):
    """Σ over cohorts and years of Q·P·F·level·D(t), term by term."""
    period, start, cohorts, dur, after = tl
    dw, at, dp, do, rt = [x / 100 for x in rates]
    f = 1 - dw - dp - at if c and c["additive"] else (1 - dw) * (1 - dp) * (1 - at)
    pv = F(0)
    for k in range(1, (period if cohorts else 1) + 1):
        first = k + start - 1
        last = first + dur - 1 if dur else period + after
        for y in range(first, last + 1):
            drop = max(0, y - max(period, first)) if c and c["end"] else y - first
            t = y - 1 if c and c["year0"] else y
            pv += q * proxy * f * (1 - do) ** drop * discount(c, rt, t)
    return pv


def reference(rows, inds, vals, costs, by_all, conv):
    out = {"indicators": {}, "valuations": {}, "costs": {}, "statements": {}}
    for name, f, par, pct in inds:
        nd = 1 if by_all else par
        res = []
        groups = sorted(groups_of(f, rows, nd), key=sort_key) if nd else []
        for z in groups:
            v = eval_f(f, rows, z)
            res.append((z, v, skipped_of(aggs_of(f, []), rows, z)))
        v = eval_f(f, rows, ALL)
        res.append(((), v, skipped_of(aggs_of(f, []), rows, ALL)))
        out["indicators"][name] = (res, pct)
    for name, q, proxy, rates, tl, par in vals:
        nd = 1 if par or by_all else 0
        res = []
        groups = sorted(groups_of(q, rows, nd), key=sort_key) if nd else []
        for z in groups + [ALL]:
            qv = eval_f(q, rows, z)
            if qv is None:
                res.append((z if z is not ALL else (), None)); continue
            res.append((z if z is not ALL else (), stream_pv(qv, proxy, rates, tl, None)))
        out["valuations"][name] = res
    for name, c in costs:
        out["costs"][name] = eval_f(c, rows, ALL)
    if vals:
        pvs_ = [out["valuations"][v[0]][-1][1] for v in vals]
        cs = [out["costs"][c[0]] for c in costs]
        pv = None if any(x is None for x in pvs_) else sum(pvs_, F(0))
        ct = None if any(x is None for x in cs) else sum(cs, F(0))
        ratio = None if pv is None or ct is None or ct == 0 else pv / ct
        out["statements"]["b"] = (pv, ct, ratio)
    if conv:
        qs = [eval_f(v[1], rows, ALL) for v in vals]
        pv = None if any(x is None for x in qs) else \
            sum((stream_pv(qv, v[2], v[3], v[4], conv) for qv, v in zip(qs, vals)), F(0))
        cs = [out["costs"][c[0]] for c in costs]   # one year each, then cy year by year
        t = lambda y: y - 1 if conv["year0"] else y
        ct = None if any(x is None for x in cs) else \
            sum((x * discount(conv, 0, t(1)) for x in cs), F(0)) + \
            sum((a * discount(conv, 0, t(y)) for y, a in enumerate(conv["amounts"], 1)), F(0))
        ratio = None if pv is None or ct is None or ct == 0 else pv / ct
        out["statements"]["b2"] = (pv, ct, ratio)
    return out


def compare(ref, got, problems):
    gi = {i["name"]: i for i in got.get("indicators", [])}
    for name, (rows, pct) in ref["indicators"].items():
        if name not in gi: problems.append("indicator %s missing from the output" % name); continue
        grows = gi[name]["rows"]
        if len(grows) != len(rows):
            problems.append("indicator %s: %d rows, expected %d (%s)" % (name, len(grows), len(rows),
                            [r[0] for r in rows]))
            continue
        for (key, v, sk), gr in zip(rows, grows):
            gkey = tuple(gr["key"].values())
            if gkey != key: problems.append("indicator %s: group %s, expected %s" % (name, gkey, key)); continue
            want = None if v is None else exact(v * 100 if pct else v)
            if gr["exact"] != want:
                problems.append("indicator %s %s: exact %s, expected %s" % (name, key or "total", gr["exact"], want))
            if gr.get("skipped", 0) != sk:
                problems.append("indicator %s %s: skipped %s, expected %s" % (name, key or "total", gr.get("skipped", 0), sk))
    gv = {v["name"]: v for v in got.get("valuations", [])}
    for name, rows in ref["valuations"].items():
        grows = gv.get(name, {}).get("rows", [])
        if len(grows) != len(rows):
            problems.append("valuation %s: %d rows, expected %d" % (name, len(grows), len(rows))); continue
        for (key, v), gr in zip(rows, grows):
            want = None if v is None else exact(v)
            if tuple(gr["key"].values()) != key or gr["present_value_exact"] != want:
                problems.append("valuation %s %s: %s %s, expected %s %s" % (name, key or "total", tuple(gr["key"].values()),
                                gr["present_value_exact"], key, want))
    gc = {c["name"]: c for c in got.get("costs", [])}
    for name, v in ref["costs"].items():
        want = None if v is None else exact(v)
        if gc.get(name, {}).get("amount_exact", "absent") != want:
            problems.append("cost %s: %s, expected %s" % (name, gc.get(name, {}).get("amount_exact", "absent"), want))
    gs = {s["name"]: s for s in got.get("statements", [])}
    for name, (pv, ct, ratio) in ref["statements"].items():
        s = gs.get(name)
        if not s: problems.append("statement %s missing" % name); continue
        for key, v, dec in (("present_value", pv, 2), ("costs", ct, 2)):
            want = None if v is None else rounded(v, dec)
            if s[key] != want: problems.append("statement %s %s: %s, expected %s" % (name, key, s[key], want))
        want = None if ratio is None else exact(ratio)
        if s["ratio_exact"] != want: problems.append("statement %s ratio: %s, expected %s" % (name, s["ratio_exact"], want))


def run(pvs_bin, seed):
    d = tempfile.mkdtemp(prefix="pvs-diff-")
    try:
        rows, inds, vals, costs, by_all, conv = make_case(seed, d)
        args = [pvs_bin, "eval", "prog.pvs", "--date", "2024-12-31", "--format", "json"] + (["--by", "zone"] if by_all else [])
        env = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
        p = subprocess.run(args, cwd=d, capture_output=True, text=True, env=env, timeout=60)
        problems = []
        if p.returncode != 0:
            problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()[:600]))
        else:
            compare(reference(rows, inds, vals, costs, by_all, conv), json.loads(p.stdout), problems)
        if problems and os.environ.get("KEEP"):
            shutil.copytree(d, os.path.join(os.environ["KEEP"], "seed%d" % seed), dirs_exist_ok=True)
        return problems
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    pvs_bin = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    passed = failed = 0
    for seed in range(first, first + n):
        problems = run(pvs_bin, seed)
        if problems:
            failed += 1
            if failed <= 10:
                print("FAIL differential-random seed %d (replay: python3 tests/diff/diff.py %s 1 %d)" % (seed, sys.argv[1], seed))
                for pr in problems[:5]: print("  " + pr)
        else:
            passed += 1
    print("differential-random: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
