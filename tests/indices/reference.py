#!/usr/bin/env python3
# reference.py PVS [SEEDS] — composite indices (`indice`) against an independent
# implementation in Python's exact fractions, on generated cases: 3 to 9 groups, 2 to 4
# components (means of an optional column, so that a group may lack one), weights in
# hundredths of a percent adding up to 100 %, random polarities and targets, every
# normalisation (min_max, distance_cible, z_score, rangs), both aggregations and both
# missing policies. Exact figures must be equal exactly; a z-score or a geometric mean,
# computed by pvs to 20 decimals, must be the correctly rounded value: for v printed with 20
# decimals, (v − ½·10⁻²⁰)ⁿ ≤ x ≤ (v + ½·10⁻²⁰)ⁿ is checked in fractions (n = 2 for a z-score's
# square, q for the q-th root of a geometric mean's exact product). Prints
# `indices: N passed, N failed`.
import json, os, random, subprocess, sys, tempfile
from fractions import Fraction as F

HALF = F(1, 2 * 10 ** 20)
NORMS = ['min_max', 'distance_cible', 'z_score', 'rangs']


def frac(s):
    if s is None:
        return None
    if '/' in s:
        a, b = s.split('/')
        return F(int(a), int(b))
    return F(s)


def generate(rng, d):
    ng, nc = rng.randint(3, 9), rng.randint(2, 4)
    groups = ['G%d' % i for i in range(ng)]
    rows, values = [], {}
    for g in groups:
        for c in range(nc):
            vals = [] if rng.random() < 0.12 else [F(rng.randint(-500, 5000), rng.choice([1, 2, 4, 10])) for _ in range(rng.randint(1, 3))]
            values[(g, c)] = sum(vals) / len(vals) if vals else None
            for v in vals:
                rows.append((g, c, v))
    with open(os.path.join(d, 'mesures.csv'), 'w') as fh:
        fh.write('id,secteur,' + ','.join('c%d' % c for c in range(nc)) + '\n')
        for i, (g, c, v) in enumerate(rows):
            cells = [''] * nc
            cells[c] = str(v.numerator / v.denominator) if v.denominator != 1 else str(v.numerator)
            fh.write('R%d,%s,%s\n' % (i, g, ','.join(cells)))
    norm = rng.choice(NORMS)
    agg = 'arithmétique' if norm == 'z_score' else rng.choice(['arithmétique', 'géométrique'])
    missing = rng.choice(['aucune_valeur', 'exclure'])
    cuts = sorted(rng.sample(range(1, 10000), nc - 1))
    weights = [F(b - a, 10000) for a, b in zip([0] + cuts, cuts + [10000])]
    lower = [rng.random() < 0.4 for _ in range(nc)]
    targets = [F(rng.choice([-1, 1]) * rng.randint(1, 3000), rng.choice([1, 2, 10])) for _ in range(nc)]
    pct = lambda w: str(w * 100).replace('/', '') if (w * 100).denominator == 1 else '%s' % (float(w * 100))
    prog = ['table mesures {', '  id: texte clé', '  secteur: texte']
    prog += ['  c%d: décimal optionnel' % c for c in range(nc)]
    prog += ['}']
    for c in range(nc):
        prog += ['indicateur i%d {' % c, '  formule: moyenne(mesures, c%d)' % c, '  par: secteur', '}']
    prog += ['indice x {', '  composantes: ' + ', '.join('i%d' % c for c in range(nc)),
             '  poids: ' + ', '.join('i%d %s %%' % (c, pct(weights[c])) for c in range(nc)),
             '  normalisation: ' + norm, '  agrégation: ' + agg, '  manquant: ' + missing]
    if any(lower):
        prog += ['  meilleur_si_bas: ' + ', '.join('i%d' % c for c in range(nc) if lower[c])]
    if norm == 'distance_cible':   # a negative target is written as a positive one on the other side
        targets = [abs(t) for t in targets]
        prog += ['  cibles: ' + ', '.join('i%d %s' % (c, num(targets[c])) for c in range(nc))]
    prog += ['}']
    with open(os.path.join(d, 'prog.pvs'), 'w') as fh:
        fh.write('\n'.join(prog) + '\n')
    return dict(groups=groups, nc=nc, values=values, norm=norm, agg=agg, missing=missing, weights=weights, lower=lower,
                targets=targets)


def num(x):
    return str(x.numerator) if x.denominator == 1 else str(x.numerator / x.denominator)


def normalise(case):
    groups, nc, vals = case['groups'], case['nc'], case['values']
    out = {}
    for c in range(nc):
        present = [vals[(g, c)] for g in groups if vals[(g, c)] is not None]
        low = case['lower'][c]
        for g in groups:
            x = vals[(g, c)]
            if x is None:
                out[(g, c)] = None
                continue
            n = case['norm']
            if n == 'min_max':
                lo, hi = min(present), max(present)
                out[(g, c)] = None if lo == hi else 100 * ((hi - x) if low else (x - lo)) / (hi - lo)
            elif n == 'distance_cible':
                t = case['targets'][c]
                r = (x - t) / abs(t)
                out[(g, c)] = 100 * (1 - r if low else 1 + r)
            elif n == 'rangs':
                sgn = -1 if low else 1
                below = sum(1 for y in present if sgn * (y - x) < 0)
                ties = sum(1 for y in present if y == x)
                out[(g, c)] = 1 + below + F(ties - 1, 2)
            else:
                mean = sum(present) / len(present)
                var = sum((y - mean) ** 2 for y in present) / len(present)
                sign = (x > mean) - (x < mean)
                out[(g, c)] = None if var == 0 else ('z', (x - mean) ** 2 / var, -sign if low else sign)
    return out


def rounded_root_ok(v, x, n):
    """v (20 decimals) is x^(1/n) correctly rounded."""
    lo, hi = max(v - HALF, F(0)), v + HALF
    return lo ** n <= x <= hi ** n


def check(case, res, fails):
    rows = {r['key'].get('secteur'): r for r in res['rows']}
    norms = normalise(case)
    nc, W = case['nc'], case['weights']
    for g in case['groups']:
        r = rows.get(g)
        if r is None:
            if any(case['values'][(g, c)] is not None for c in range(nc)):
                fails.append('%s: no row' % g)
            continue
        got = []
        for c in range(nc):
            comp = r['components'][c]
            want = norms[(g, c)]
            if case['norm'] == 'z_score':
                z = frac(comp['normalised_20'])
                if (want is None) != (z is None):
                    fails.append('%s.%d: z missing %s vs %s' % (g, c, want, z))
                elif want is not None:
                    _, sq, sign = want
                    if not rounded_root_ok(abs(z), sq, 2) or (z > 0) - (z < 0) != (sign if z else 0):
                        fails.append('%s.%d: z %s not √%s rounded' % (g, c, z, float(sq)))
                got.append(z)
            else:
                n = frac(comp['normalised_exact'])
                if n != want:
                    fails.append('%s.%d: normalised %s, expected %s' % (g, c, n, want))
                got.append(n)
        present = [c for c in range(nc) if got[c] is not None]
        if not present or (len(present) < nc and case['missing'] == 'aucune_valeur'):
            idx_want = None
        else:
            s = sum(W[c] for c in present)
            if case['agg'] == 'arithmétique':
                idx_want = sum(W[c] / s * got[c] for c in present)
            elif any(got[c] < 0 for c in present):
                idx_want = None
            else:
                p = [int(W[c] * 10000) for c in present]
                from math import gcd
                gg = 0
                for e in p:
                    gg = gcd(gg, e)
                q = sum(p) // gg
                prod = F(1)
                for c, e in zip(present, p):
                    prod *= got[c] ** (e // gg)
                idx_want = ('root', prod, q)
        key = 'index_exact' if case['norm'] != 'z_score' and case['agg'] == 'arithmétique' else 'index_20'
        v = frac(r.get(key))
        if idx_want is None or v is None:
            if (idx_want is None) != (v is None):
                fails.append('%s: index %s, expected %s' % (g, v, idx_want))
        elif isinstance(idx_want, tuple):
            if not rounded_root_ok(v, idx_want[1], idx_want[2]):
                fails.append('%s: geometric index %s is not the rounded %d-th root' % (g, v, idx_want[2]))
        elif key == 'index_20':   # z-scores: the weighted sum of the rounded z, rounded to 20 decimals
            if abs(v - idx_want) > HALF:
                fails.append('%s: index %s, expected %s' % (g, v, float(idx_want)))
        elif v != idx_want:
            fails.append('%s: index %s, expected %s' % (g, v, idx_want))


def main():
    pvs = os.path.abspath(sys.argv[1])
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    passed = failed = 0
    for seed in range(seeds):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as d:
            case = generate(rng, d)
            p = subprocess.run([pvs, 'eval', 'prog.pvs', '--format', 'json', '--date', '2024-12-31'], cwd=d,
                               capture_output=True, text=True, env=dict(os.environ, LANGUAGE='en', LC_ALL='C.UTF-8'))
            fails = []
            if p.returncode != 0:
                fails.append('exit %d: %s' % (p.returncode, p.stderr[:400]))
            else:
                res = json.loads(p.stdout).get('indices', [])
                if len(res) != 1:
                    fails.append('no index in the output')
                else:
                    check(case, res[0], fails)
            if fails:
                failed += 1
                print('indices: seed %d (%s, %s, %s) failed:' % (seed, case['norm'], case['agg'], case['missing']))
                for f in fails[:5]:
                    print('  ' + f)
                print(open(os.path.join(d, 'prog.pvs')).read())
            else:
                passed += 1
    print('indices: %d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
