#!/usr/bin/env python3
# reference.py PVS — `pvs eval --sensibilité` against an independent recomputation with
# Python's exact fractions, on the one-outcome example of doc/methode-sroi.md (FACTS.md §1.5:
# Q 100, P 1 000 €, aubaine 25 %, déplacement 10 %, attribution 20 %, dégressivité 10 %, 3 years,
# actualisation 3.5 %, costs 100 000 €), with several steps and thresholds. Every ratio and
# exact switching value must be equal, bisected ones within 10^-6. Prints `sens: N passed, N failed`.
import json, subprocess, sys, os
from fractions import Fraction as F

ROOT = os.path.dirname(os.path.abspath(__file__))
PROG = os.path.join(ROOT, '..', 'golden', 'sens', 'facts', 'prog.pvs')
BASE = dict(q=F(100), p=F(1000), dw=F(25, 100), ds=F(10, 100), at=F(20, 100), do=F(10, 100), n=3, r=F(35, 1000))
COSTS = F(100000)
FIELDS = {'quantité': 'q', 'proxy': 'p', 'aubaine': 'dw', 'déplacement': 'ds', 'attribution': 'at',
          'dégressivité': 'do', 'durée': 'n', 'actualisation': 'r'}
RATES = {'dw', 'ds', 'at', 'do', 'r'}

def pv(x):
    i = x['q'] * x['p'] * (1 - x['dw']) * (1 - x['ds']) * (1 - x['at'])
    s = F(0)
    for t in range(1, x['n'] + 1):
        s += i / (1 + x['r']) ** t
        i *= 1 - x['do']
    return s

def with_(k, v):
    x = dict(BASE); x[k] = v; return x

def moved(k, d, step, points):
    b = BASE[k]
    if k == 'n': return max(1, b + d)
    if k in RATES:
        v = b + d * F(points) / 100
        return max(F(0), v) if k == 'r' else min(F(1), max(F(0), v))
    return b + d * b * F(step) / 100

def switching(k, thr):
    target = thr * COSTS
    if k in ('q', 'p'):
        v = target / pv(with_(k, F(1)))
        return ('exact', v) if v >= 0 else ('none', None)
    if k in ('dw', 'ds', 'at'):
        v = 1 - target / pv(with_(k, F(0)))
        return ('exact', v) if 0 <= v <= 1 else ('none', None)
    if k == 'n':
        for n in range(1, 201):
            if pv(with_('n', n)) >= target:
                return ('none', None) if n == 1 and pv(BASE) >= target else ('years', F(n))
        return ('none', None)
    lo, hi = F(0), F(1)
    if (pv(with_(k, lo)) - target) * (pv(with_(k, hi)) - target) > 0: return ('none', None)
    for _ in range(80):
        m = (lo + hi) / 2
        if pv(with_(k, m)) > target: lo = m
        else: hi = m
    return ('bisection', lo)

def run(pvs, step, points, thr):
    out = subprocess.run([pvs, 'eval', PROG, '--date', '2024-12-31', '--sensitivity', '--pas', str(step),
                          '--pas-taux', str(points), '--seuil', str(thr), '--format', 'json', '--locale', 'en'],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['sensitivity'][0]['inputs']

def fr(s):
    return F(s) if '/' not in s else F(*map(int, s.split('/')))

def main():
    pvs = sys.argv[1]
    ok = bad = 0
    for step, points, thr in [(10, 10, 1), (20, 5, F(6, 5)), (50, 30, F(1, 2)), (10, 10, 2)]:
        for e in run(pvs, step, points, float(thr) if thr.denominator != 1 else int(thr)):
            k = FIELDS[e['input']]
            scale = 100 if k in RATES else 1
            checks = []
            for d, key in ((-1, 'low'), (1, 'high')):
                v = moved(k, d, step, points)
                checks.append(fr(e[key + '_exact']) == v * scale)
                checks.append(fr(e['ratio_' + key + '_exact']) == pv(with_(k, v)) / COSTS)
            how, sw = switching(k, thr)
            checks.append(e['switching_method'] == how)
            if how in ('exact', 'years'): checks.append(fr(e['switching_value_exact']) == sw * scale)
            elif how == 'bisection': checks.append(abs(fr(e['switching_value_exact']) - sw * scale) <= F(1, 10000))
            if all(checks): ok += 1
            else:
                bad += 1
                print('FAIL', step, points, thr, e['input'], checks, how, sw)
    print('sens: %d passed, %d failed' % (ok, bad))
    return 1 if bad else 0

sys.exit(main())
