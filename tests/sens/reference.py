#!/usr/bin/env python3
# reference.py PVS — `pvs eval --sensibilité` against an independent recomputation with
# Python's exact fractions, on the one-outcome example of doc/methode-sroi.md (FACTS.md §1.5:
# Q 100, P 1 000 €, aubaine 25 %, déplacement 10 %, attribution 20 %, dégressivité 10 %, 3 years,
# actualisation 3.5 %, costs 100 000 €), with several steps and thresholds. Every ratio and
# exact switching value must be equal, bisected ones within 10^-6. Then the same valuation in a
# bilan that declares its conventions (tests/golden/sens/conventions: additive filters, one rate
# 3.5 % for the bilan, first year not discounted, so the cost of year 1 is not discounted
# either): the sensitivity follows them, and the valuation's own rate is no input there.
# Prints `sens: N passed, N failed`.
import json, subprocess, sys, os
from fractions import Fraction as F

ROOT = os.path.dirname(os.path.abspath(__file__))
PROGS = {False: os.path.join(ROOT, '..', 'golden', 'sens', 'facts', 'prog.pvs'),
         True: os.path.join(ROOT, '..', 'golden', 'sens', 'conventions', 'prog.pvs')}
CONV = False   # the case being checked: the brief's conventions, or the declared ones
BASE = dict(q=F(100), p=F(1000), dw=F(25, 100), ds=F(10, 100), at=F(20, 100), do=F(10, 100), n=3, r=F(35, 1000))
COSTS = F(100000)
FIELDS = {'quantité': 'q', 'proxy': 'p', 'aubaine': 'dw', 'déplacement': 'ds', 'attribution': 'at',
          'dégressivité': 'do', 'durée': 'n', 'actualisation': 'r'}
RATES = {'dw', 'ds', 'at', 'do', 'r'}

def pv(x):
    if CONV:   # additive filters (0 beyond 100 %), the bilan's 3.5 %, year 1 undiscounted
        f = 1 - x['dw'] - x['ds'] - x['at']
        if f < 0: return F(0)
        i, r, shift = x['q'] * x['p'] * f, F(35, 1000), 1
    else:
        i, r, shift = x['q'] * x['p'] * (1 - x['dw']) * (1 - x['ds']) * (1 - x['at']), x['r'], 0
    s = F(0)
    for t in range(1, x['n'] + 1):
        s += i / (1 + r) ** (t - shift)
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
        if CONV:   # PV(v) = K (1 - S - v), K without any filter
            others = sum(BASE[o] for o in ('dw', 'ds', 'at') if o != k)
            K = pv(dict(BASE, dw=F(0), ds=F(0), at=F(0)))
            v = 1 - others - target / K
            return ('exact', v) if 0 <= v <= 1 - others else ('none', None)
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
    out = subprocess.run([pvs, 'eval', PROGS[CONV], '--date', '2024-12-31', '--sensitivity', '--pas', str(step),
                          '--pas-taux', str(points), '--seuil', str(thr), '--format', 'json', '--locale', 'en'],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['sensitivity'][0]['inputs']

def fr(s):
    return F(s) if '/' not in s else F(*map(int, s.split('/')))

def main():
    global CONV
    pvs = sys.argv[1]
    ok = bad = 0
    for CONV, step, points, thr in [(c, *t) for c in (False, True)
                                    for t in [(10, 10, 1), (20, 5, F(6, 5)), (50, 30, F(1, 2)), (10, 10, 2)]]:
        inputs = run(pvs, step, points, float(thr) if thr.denominator != 1 else int(thr))
        names = sorted(FIELDS[e['input']] for e in inputs)
        want = sorted(k for k in FIELDS.values() if not (CONV and k == 'r'))
        if names != want:
            bad += 1
            print('FAIL inputs', CONV, names, want)
        for e in inputs:
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
                print('FAIL', 'conventions' if CONV else 'default', step, points, thr, e['input'], checks, how, sw)
    print('sens: %d passed, %d failed' % (ok, bad))
    return 1 if bad else 0

sys.exit(main())
