#!/usr/bin/env python3
# num_math_reference.py — recomputes the expected values of test_num_math.c with mpmath, an
# independent implementation (90 significant digits, rounded with Python's decimal
# ROUND_HALF_UP). Prints the two tables of the test, to paste there.
import decimal
import mpmath as m
from decimal import Decimal, ROUND_HALF_UP

m.mp.dps = 90
decimal.getcontext().prec = 200

def rnd(x, d):
    return str(Decimal(m.nstr(x, 85)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))

ROOTS = [('2', 2, 30), ('10', 3, 25), ('0.333333333333333333333333333333', 5, 20), ('1234567.891', 2, 12),
         ('6.25', 2, 0), ('0.0625', 2, 1), ('2.25', 2, 1), ('0', 2, 5), ('1000000', 3, 3)]
QUANTILES = [(1, '0.9', 20), (2, '0.95', 30), (7, '0.99', 25), (30, '0.95', 20), (59, '0.9', 18),
             (120, '0.8', 15), (1, '0.5', 12), (3, '0.999', 10), (600, '0.95', 20)]

print('/* {a, n, decimals, a^(1/n) rounded} */')
for a, n, d in ROOTS:
    print('    {"%s", %d, %d, "%s"},' % (a, n, d, rnd(m.root(m.mpf(a), n), d)))
print('/* {level, df, decimals, t rounded} */')
for df, l, d in QUANTILES:
    # P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2), the regularized incomplete beta function,
    # decreasing in t: bisection to far below the last decimal
    lo, hi = m.mpf(0), m.mpf(10000)
    for _ in range(400):
        mid = (lo + hi) / 2
        tail = m.betainc(m.mpf(df) / 2, m.mpf(1) / 2, 0, df / (df + mid * mid), regularized=True)
        lo, hi = (mid, hi) if tail > 1 - m.mpf(l) else (lo, mid)
    t = (lo + hi) / 2
    print('    {"%s", %d, %d, "%s"},' % (l, df, d, rnd(abs(t), d)))
