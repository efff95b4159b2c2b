#!/usr/bin/env python3
# reference.py PVS [SEEDS] — a panel's estimates against an independent implementation in
# Python's exact fractions, on generated frames: organisations in strata (famille × taille),
# a panel drawn at random within each stratum, the four estimators (expansion, ratio,
# ratio_séparé, ratio_combiné) and several confidence levels. For each estimate: the total and
# its variance must be equal exactly, n, N and the degrees of freedom equal, the standard
# error within 10^-20 of √v, and the interval equal to Ŷ ± t·SE with t checked against
# mpmath (when installed) to 10^-18. Prints `panel: N passed, N failed`.
import json, os, random, subprocess, sys, tempfile
from fractions import Fraction as F
from decimal import Decimal

PROG = '''unité organisme, logement, ménage
base_sondage organismes "Organismes" : organisme {
  source: "organismes.csv"
  STRATA
  id: texte clé
  famille: texte
  taille: texte
  logements: entier logement
}
panel enquête "Panel" : organisme {
  source: "panel.csv"
  AUX
  méthode: METHOD
  niveau: LEVEL %
  estimer: expulsions_évitées, valeur
  organisme: réf organismes
  expulsions_évitées: décimal ménage
  valeur: décimal €
}
'''

def generate(rng, d):
    fams, sizes = ['OPH', 'ESH', 'COOP', 'SEM'][:rng.randint(1, 4)], ['petit', 'grand'][:rng.randint(1, 2)]
    frame, panel = [], []
    for f in fams:
        for t in sizes:
            n_h = rng.randint(3, 25)
            units = [('O%04d' % (len(frame) + i), f, t, rng.randint(50, 20000)) for i in range(n_h)]
            frame += units
            for u in rng.sample(units, rng.randint(2, n_h)):
                y = F(rng.randint(0, 5000), 100) + F(u[3], 300)
                v = F(rng.randint(0, 10 ** 7), 100) + 150 * u[3]
                panel.append((u[0], y, v))
    with open(os.path.join(d, 'organismes.csv'), 'w') as fh:
        fh.write('id,famille,taille,logements\n' + ''.join('%s,%s,%s,%d\n' % u for u in frame))
    with open(os.path.join(d, 'panel.csv'), 'w') as fh:
        fh.write('organisme,expulsions_évitées,valeur\n' + ''.join('%s,%s,%s\n' % (o, dec(y), dec(v)) for o, y, v in panel))
    return frame, panel

def dec(x):
    return str(Decimal(x.numerator) / Decimal(x.denominator)) if x.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100) else str(float(x))

def reread(panel):   # the values as written in the CSV
    return [(o, F(dec(y)), F(dec(v))) for o, y, v in panel]

def expected(frame, panel, var, method, stratified):
    units = {u[0]: u for u in frame}
    key = (lambda u: (u[1], u[2])) if stratified and method != 'ratio' else (lambda u: ())
    strata = sorted({key(u) for u in frame})
    S = {}
    for h in strata:
        fr = [u for u in frame if key(u) == h]
        pn = [(F(units[o][3]), y if var == 0 else v) for o, y, v in panel if key(units[o]) == h]
        S[h] = dict(N=len(fr), X=sum(F(u[3]) for u in fr), n=len(pn), xs=[x for x, _ in pn], ys=[y for _, y in pn])
    if method == 'expansion':
        for h in strata: S[h]['xs'] = [F(1)] * S[h]['n']
    R = {}
    if method == 'ratio_combiné':
        ys = sum(S[h]['N'] * sum(S[h]['ys']) / S[h]['n'] for h in strata)
        xs = sum(S[h]['N'] * sum(S[h]['xs']) / S[h]['n'] for h in strata)
    est, v = F(0), F(0)
    for h in strata:
        s = S[h]
        r = F(0) if method == 'expansion' else ys / xs if method == 'ratio_combiné' else sum(s['ys']) / sum(s['xs'])
        est += s['N'] * sum(s['ys']) / s['n'] if method == 'expansion' else r * s['X']
        d = [y - r * x for x, y in zip(s['xs'], s['ys'])]
        s2 = (sum(t * t for t in d) - sum(d) ** 2 / s['n']) / (s['n'] - 1)
        v += F(s['N']) ** 2 * (1 - F(s['n'], s['N'])) / s['n'] * s2
    n = sum(S[h]['n'] for h in strata)
    return est, v, n, len(frame), n - len(strata)

def t_quantile(level, df):
    try:
        import mpmath as m
    except ImportError:
        return None
    m.mp.dps = 50
    lo, hi = m.mpf(0), m.mpf(1000)
    for _ in range(200):
        mid = (lo + hi) / 2
        if m.betainc(m.mpf(df) / 2, m.mpf(1) / 2, 0, df / (df + mid * mid), regularized=True) > 1 - m.mpf(level) / 100: lo = mid
        else: hi = mid
    return F(str(lo))

def frac(s):
    return F(*map(int, s.split('/'))) if '/' in s else F(s)

def check(pvs, seed):
    rng = random.Random(seed)
    ok = bad = 0
    with tempfile.TemporaryDirectory() as d:
        frame, panel = generate(rng, d)
        panel = reread(panel)
        for method in ['expansion', 'ratio', 'ratio_séparé', 'ratio_combiné']:
            stratified = rng.random() < 0.8
            level = rng.choice([90, 95, 99, F(975, 10)])
            prog = PROG.replace('STRATA', 'strates: famille, taille' if stratified else '').replace(
                'AUX', '' if method == 'expansion' else 'auxiliaire: logements').replace('METHOD', method).replace(
                'LEVEL', str(float(level)) if isinstance(level, F) else str(level))
            with open(os.path.join(d, 'prog.pvs'), 'w') as fh: fh.write(prog)
            out = subprocess.run([pvs, 'eval', os.path.join(d, 'prog.pvs'), '--date', '2024-12-31', '--format', 'json',
                                  '--locale', 'en'], capture_output=True, text=True)
            if out.returncode: print('FAIL seed', seed, method, out.stderr[:500]); bad += 1; continue
            for var, e in enumerate(json.loads(out.stdout)['estimates']):
                est, v, n, N, df = expected(frame, panel, var, method, stratified)
                se = frac(e['standard_error_20'])
                good = frac(e['estimate_exact']) == est and frac(e['variance_exact']) == v and (e['n'], e['N'], e['df']) == (n, N, df)
                good = good and abs(se * se - v) <= 2 * se * F(1, 10 ** 20) + F(1, 10 ** 39)
                t = frac(e['t'])
                tq = t_quantile(float(level), df)
                good = good and (tq is None or abs(t - tq) <= F(1, 10 ** 18))
                half = t * se
                good = good and abs(frac(e['ci_low_20']) - (est - half)) <= F(1, 10 ** 20) and abs(frac(e['ci_high_20']) - (est + half)) <= F(1, 10 ** 20)
                if good: ok += 1
                else: bad += 1; print('FAIL seed', seed, method, var, e['estimate_exact'], est, e['variance_exact'], v, (e['n'], e['N'], e['df']), (n, N, df))
    return ok, bad

def main():
    pvs, seeds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
    ok = bad = 0
    for seed in range(seeds):
        a, b = check(pvs, seed)
        ok += a; bad += b
    print('panel: %d passed, %d failed' % (ok, bad))
    return 1 if bad else 0

sys.exit(main())
