/* num_math.c — the few irrational quantities pvs needs, computed with GMP to a stated
 * number of decimals and correctly rounded (half away from zero): n-th roots (standard
 * errors, geometric means) and quantiles of Student's t distribution (confidence
 * intervals). Never a double.
 *
 * Roots are exact integer roots of scaled integers: floor(2·10^d·a^(1/n)) is the integer
 * n-th root of floor(2^n·10^(n·d)·a), and the rounded result follows from it exactly.
 *
 * The t quantile is found by bisection on the half-units of the last decimal: at each point
 * u the two-sided probability A(u) = P(|T| ≤ u) of Student's t with ν degrees of freedom is
 * bracketed by interval arithmetic on fixed-point integers (the closed forms of Abramowitz
 * and Stegun 26.7.3–26.7.4, with θ = atan(u/√ν)), at a precision that doubles until the
 * bracket decides whether A(u) is below the level; when ν is even and √(ν + u²) is
 * rational, A(u) is rational and compared exactly, and so is the one rational value of the
 * odd case (ν = 1, u = 1: A = 1/2; by Niven's theorem tan(qπ/2) is rational for no other
 * rational level q). So the returned decimal is the exact quantile rounded, not an
 * approximation of it; were a comparison still undecided at 2^17 bits, the function would
 * say so (false) rather than guess. */
#include "num_impl.h"

#include <stdlib.h>

/* ---- roots ------------------------------------------------------------------------------ */

bool num_root(Num *r, const Num *a, unsigned long n, int decimals) {
  if (num_sign(a) < 0 || n == 0 || decimals < 0 || decimals > 1000) return false;
  mpq_t q;
  mpz_t x, p;
  mpq_init(q);
  mpz_inits(x, p, NULL);
  num_get_mpq(q, a);
  /* x = floor(2^n · 10^(n·d) · num / den), then floor(x^(1/n)) = floor(2·10^d·a^(1/n)) */
  mpz_ui_pow_ui(p, 10, (unsigned long)decimals * n);
  mpz_mul_2exp(p, p, n);
  mpz_mul(x, mpq_numref(q), p);
  mpz_fdiv_q(x, x, mpq_denref(q));
  mpz_root(x, x, n);
  mpz_add_ui(x, x, 1);   /* half away from zero: floor((floor(2y) + 1) / 2) = floor(y + 1/2) */
  mpz_fdiv_q_2exp(x, x, 1);
  num_set_mpz_exp(r, x, -(long)decimals);
  mpq_clear(q);
  mpz_clears(x, p, NULL);
  return true;
}

bool num_sqrt(Num *r, const Num *a, int decimals) { return num_root(r, a, 2, decimals); }

/* ---- fixed-point intervals: [lo, hi] · 2^-P, nonnegative ------------------------------- */
typedef struct Iv { mpz_t lo, hi; } Iv;

static void iv_init(Iv *v) { mpz_inits(v->lo, v->hi, NULL); }
static void iv_clear(Iv *v) { mpz_clears(v->lo, v->hi, NULL); }

/* v = num/den · 2^P (den > 0), rounded down and up. */
static void iv_ratio(Iv *v, mpz_srcptr num, mpz_srcptr den, unsigned long P) {
  mpz_mul_2exp(v->hi, num, P);
  mpz_fdiv_q(v->lo, v->hi, den);
  mpz_cdiv_q(v->hi, v->hi, den);
}

/* ---- atan and π ---- */
/* The next power y^(2k+1) from the last one, times y² (both fixed-point), rounded as asked. */
static void next_power(mpz_ptr pw, mpz_srcptr y2, unsigned long P, bool up) {
  mpz_mul(pw, pw, y2);
  if (up) mpz_cdiv_q_2exp(pw, pw, P);
  else mpz_fdiv_q_2exp(pw, pw, P);
}

/* One halving step: y ← y / (1 + √(1 + y²)), since atan(y) = 2·atan(that); rounded down
 * (a larger denominator) or up. */
static void halve_angle(mpz_ptr y, unsigned long P, bool up) {
  mpz_t t, s;
  mpz_inits(t, s, NULL);
  mpz_mul(t, y, y);
  mpz_set_ui(s, 1);
  mpz_mul_2exp(s, s, 2 * P);
  mpz_add(t, t, s);                  /* (1 + y²) · 2^2P */
  mpz_sqrt(s, t);                    /* floor(√(1 + y²) · 2^P) */
  if (!up) mpz_add_ui(s, s, 1);
  mpz_set_ui(t, 1);
  mpz_mul_2exp(t, t, P);
  mpz_add(s, s, t);                  /* (1 + √(1 + y²)) · 2^P */
  mpz_mul_2exp(t, y, P);
  if (up) mpz_cdiv_q(y, t, s);
  else mpz_fdiv_q(y, t, s);
  mpz_clears(t, s, NULL);
}

/* atan(y0) for y0 ≥ 0 (fixed-point, taken as exact), rounded down or up: halvings until
 * y < 2^-8, then the alternating series y − y³/3 + y⁵/5 − …, each term rounded toward the
 * bound and stopped after a term of the sign that leaves the partial sum on the bound's
 * side (the terms decrease, so partial sums alternate around the value). */
static void atan_bound(mpz_ptr out, mpz_srcptr y0, unsigned long P, bool up) {
  mpz_t y, y2lo, y2hi, pwlo, pwhi, s, term;
  mpz_inits(y, y2lo, y2hi, pwlo, pwhi, s, term, NULL);
  mpz_set(y, y0);
  unsigned long halvings = 0;
  while (mpz_sizeinbase(y, 2) > P - 8 && mpz_sgn(y) > 0) {
    halve_angle(y, P, up);
    halvings++;
  }
  mpz_mul(y2lo, y, y);
  mpz_cdiv_q_2exp(y2hi, y2lo, P);
  mpz_fdiv_q_2exp(y2lo, y2lo, P);
  mpz_set(pwlo, y);
  mpz_set(pwhi, y);
  for (unsigned long k = 0;; k++) {
    bool neg = k & 1, term_up = neg ? !up : up;
    if (term_up) mpz_cdiv_q_ui(term, pwhi, 2 * k + 1);
    else mpz_fdiv_q_ui(term, pwlo, 2 * k + 1);
    if (neg) mpz_sub(s, s, term);
    else mpz_add(s, s, term);
    if (mpz_cmp_ui(term, 1) <= 0 && neg != up) break;   /* up: stop after a + term */
    next_power(pwlo, y2lo, P, false);
    next_power(pwhi, y2hi, P, true);
  }
  mpz_mul_2exp(out, s, halvings);
  mpz_clears(y, y2lo, y2hi, pwlo, pwhi, s, term, NULL);
}

/* π by Machin's formula, π = 16·atan(1/5) − 4·atan(1/239), on both bounds. */
static void pi_bounds(Iv *pi, unsigned long P) {
  mpz_t one, y, a, b;
  mpz_inits(one, y, a, b, NULL);
  mpz_set_ui(one, 1);
  mpz_mul_2exp(one, one, P);
  mpz_fdiv_q_ui(y, one, 5);
  atan_bound(a, y, P, false);
  mpz_cdiv_q_ui(y, one, 239);
  atan_bound(b, y, P, true);
  mpz_mul_ui(pi->lo, a, 16);
  mpz_submul_ui(pi->lo, b, 4);
  mpz_cdiv_q_ui(y, one, 5);
  atan_bound(a, y, P, true);
  mpz_fdiv_q_ui(y, one, 239);
  atan_bound(b, y, P, false);
  mpz_mul_ui(pi->hi, a, 16);
  mpz_submul_ui(pi->hi, b, 4);
  mpz_clears(one, y, a, b, NULL);
}

/* ---- A(u) = P(|T| ≤ u), u = j / S ---- */
/* The factor of term k over term k−1 of the series: (2k−1)/(2k) for even ν (26.7.3),
 * 2k/(2k+1) for odd ν (26.7.4). */
static unsigned long fnum(long k, bool odd) { return odd ? 2 * (unsigned long)k : 2 * (unsigned long)k - 1; }
static unsigned long fden(long k, bool odd) { return odd ? 2 * (unsigned long)k + 1 : 2 * (unsigned long)k; }

/* t = 1 + c²·f(1)·(1 + c²·f(2)·(… (1 + c²·f(K)))), on both bounds (all terms positive). */
static void series(Iv *t, const Iv *c2, long K, bool odd, unsigned long P) {
  mpz_t one;
  mpz_init_set_ui(one, 1);
  mpz_mul_2exp(one, one, P);
  mpz_set(t->lo, one);
  mpz_set(t->hi, one);
  for (long k = K; k >= 1; k--) {
    mpz_mul(t->lo, t->lo, c2->lo);
    mpz_mul_ui(t->lo, t->lo, fnum(k, odd));
    mpz_fdiv_q_2exp(t->lo, t->lo, P);
    mpz_fdiv_q_ui(t->lo, t->lo, fden(k, odd));
    mpz_add(t->lo, t->lo, one);
    mpz_mul(t->hi, t->hi, c2->hi);
    mpz_mul_ui(t->hi, t->hi, fnum(k, odd));
    mpz_cdiv_q_2exp(t->hi, t->hi, P);
    mpz_cdiv_q_ui(t->hi, t->hi, fden(k, odd));
    mpz_add(t->hi, t->hi, one);
  }
  mpz_clear(one);
}

/* Bounds of A(j/S)·2^P for ν degrees of freedom (j > 0). */
static void prob_bounds(Iv *A, mpz_srcptr j, mpz_srcptr S, long nu, unsigned long P) {
  mpz_t W, nS2, r, q4;
  Iv c2, ser, s;
  mpz_inits(W, nS2, r, q4, NULL);
  iv_init(&c2); iv_init(&ser); iv_init(&s);
  mpz_mul(nS2, S, S);
  mpz_mul_ui(nS2, nS2, (unsigned long)nu);          /* ν·S² */
  mpz_mul(W, j, j);
  mpz_add(W, W, nS2);                               /* W = ν·S² + j²: (ν + u²) = W / S² */
  iv_ratio(&c2, nS2, W, P);                         /* cos²θ = ν / (ν + u²) */
  mpz_set_ui(q4, 1);
  mpz_mul_2exp(q4, q4, 2 * P);                      /* 4^P */
  if (nu % 2 == 0) {
    /* A = sinθ · Σ, sinθ = u / √(ν + u²) = j / √W */
    mpz_mul(r, W, q4);
    mpz_sqrt(r, r);                                 /* floor(√W · 2^P) */
    mpz_mul(s.lo, j, q4);
    mpz_cdiv_q(s.hi, s.lo, r);
    mpz_add_ui(r, r, 1);
    mpz_fdiv_q(s.lo, s.lo, r);
    series(&ser, &c2, nu / 2 - 1, false, P);
    mpz_mul(A->lo, s.lo, ser.lo);
    mpz_fdiv_q_2exp(A->lo, A->lo, P);
    mpz_mul(A->hi, s.hi, ser.hi);
    mpz_cdiv_q_2exp(A->hi, A->hi, P);
  } else {
    /* A = (2/π)(θ + sinθ·cosθ·Σ), θ = atan(u/√ν), sinθ·cosθ = u√ν / (ν + u²) = j·S·√ν / W */
    Iv th, pi, x;
    iv_init(&th); iv_init(&pi); iv_init(&x);
    mpz_set_ui(r, (unsigned long)nu);
    mpz_mul(r, r, q4);
    mpz_sqrt(r, r);                                 /* sn = floor(√ν · 2^P) */
    mpz_mul(s.lo, j, S);
    mpz_mul(s.hi, s.lo, r);
    mpz_fdiv_q(s.lo, s.hi, W);                      /* sc·2^P ≥ j·S·sn / W */
    mpz_addmul(s.hi, j, S);                         /* j·S·(sn + 1) */
    mpz_cdiv_q(s.hi, s.hi, W);
    mpz_mul(x.hi, j, q4);                           /* x = u/√ν: x·2^P = j·4^P / (S·√ν·2^P) */
    mpz_mul(W, S, r);
    mpz_cdiv_q(x.hi, x.hi, W);
    mpz_add(W, W, S);
    mpz_mul(x.lo, j, q4);
    mpz_fdiv_q(x.lo, x.lo, W);
    atan_bound(th.lo, x.lo, P, false);
    atan_bound(th.hi, x.hi, P, true);
    series(&ser, &c2, nu >= 3 ? (nu - 3) / 2 : 0, true, P);
    if (nu == 1) { mpz_set_ui(ser.lo, 0); mpz_set_ui(ser.hi, 0); }   /* A = 2θ/π */
    mpz_mul(s.lo, s.lo, ser.lo);
    mpz_fdiv_q_2exp(s.lo, s.lo, P);
    mpz_add(th.lo, th.lo, s.lo);
    mpz_mul(s.hi, s.hi, ser.hi);
    mpz_cdiv_q_2exp(s.hi, s.hi, P);
    mpz_add(th.hi, th.hi, s.hi);
    pi_bounds(&pi, P);
    mpz_mul_2exp(A->lo, th.lo, P + 1);
    mpz_fdiv_q(A->lo, A->lo, pi.hi);
    mpz_mul_2exp(A->hi, th.hi, P + 1);
    mpz_cdiv_q(A->hi, A->hi, pi.lo);
    iv_clear(&th); iv_clear(&pi); iv_clear(&x);
  }
  mpz_clears(W, nS2, r, q4, NULL);
  iv_clear(&c2); iv_clear(&ser); iv_clear(&s);
}

/* A(j/S) exactly, when it is rational (ν even and ν·S² + j² a perfect square): its sign
 * against q into *cmp; false when A is irrational. */
static bool prob_exact_cmp(mpz_srcptr j, mpz_srcptr S, long nu, mpq_srcptr q, int *cmp) {
  if (nu == 1 && mpz_cmp(j, S) == 0) {   /* A(1) = 2·atan(1)/π = 1/2 exactly (Cauchy) */
    *cmp = mpq_cmp_ui(q, 1, 2) < 0 ? 1 : mpq_cmp_ui(q, 1, 2) > 0 ? -1 : 0;
    return true;
  }
  if (nu % 2) return false;
  mpz_t W, rw;
  mpq_t c2, t, f;
  mpz_inits(W, rw, NULL);
  mpz_mul(W, S, S);
  mpz_mul_ui(W, W, (unsigned long)nu);
  mpz_addmul(W, j, j);
  bool square = mpz_perfect_square_p(W);
  if (square) {
    mpq_inits(c2, t, f, NULL);
    mpz_sqrt(rw, W);
    mpz_mul(mpq_numref(c2), S, S);
    mpz_mul_ui(mpq_numref(c2), mpq_numref(c2), (unsigned long)nu);
    mpz_set(mpq_denref(c2), W);
    mpq_canonicalize(c2);
    mpq_set_ui(t, 1, 1);
    for (long k = nu / 2 - 1; k >= 1; k--) {
      mpq_set_ui(f, fnum(k, false), fden(k, false));
      mpq_mul(t, t, c2);
      mpq_mul(t, t, f);
      mpq_set_ui(f, 1, 1);
      mpq_add(t, t, f);
    }
    mpz_set(mpq_numref(f), j);                      /* sinθ = j / √W */
    mpz_set(mpq_denref(f), rw);
    mpq_canonicalize(f);
    mpq_mul(t, t, f);
    *cmp = mpq_cmp(t, q);
    mpq_clears(c2, t, f, NULL);
  }
  mpz_clears(W, rw, NULL);
  return square;
}

/* The sign of A(j/S) − q: −1 below, 0 equal (only when A is rational), 1 above; 2 when
 * even the highest precision could not decide (not expected to happen). */
static int prob_cmp(mpz_srcptr j, mpz_srcptr S, long nu, mpq_srcptr q, unsigned long P0) {
  if (mpz_sgn(j) == 0) return -1;
  int c;
  if (prob_exact_cmp(j, S, nu, q, &c)) return c;
  Iv A;
  mpz_t qs;
  iv_init(&A);
  mpz_init(qs);
  int res = 2;
  for (unsigned long P = P0; P <= (1ul << 17) && res == 2; P *= 2) {
    prob_bounds(&A, j, S, nu, P);
    mpz_mul_2exp(qs, mpq_numref(q), P);             /* compare A·2^P·den with num·2^P */
    mpz_mul(A.lo, A.lo, mpq_denref(q));
    mpz_mul(A.hi, A.hi, mpq_denref(q));
    if (mpz_cmp(A.hi, qs) < 0) res = -1;
    else if (mpz_cmp(A.lo, qs) > 0) res = 1;
  }
  iv_clear(&A);
  mpz_clear(qs);
  return res;
}

bool num_t_quantile(Num *r, const Num *level, long df, int decimals) {
  Num one = NUM_INIT;
  num_set_long(&one, 1);
  bool ok = df >= 1 && df <= 10000000 && decimals >= 0 && decimals <= 100 && num_sign(level) > 0 &&
            num_cmp(level, &one) < 0;
  num_clear(&one);
  if (!ok) return false;
  mpq_t q;
  mpz_t S, lo, hi, mid;
  mpq_init(q);
  mpz_inits(S, lo, hi, mid, NULL);
  num_get_mpq(q, level);
  mpz_ui_pow_ui(S, 10, (unsigned long)decimals);
  mpz_mul_2exp(S, S, 1);                            /* half-units of the last decimal */
  unsigned long P0 = 96 + 8 * (unsigned long)decimals;
  int c = 0;
  /* A(lo/S) < q <= A(hi/S): hi by doubling from u = 1 */
  mpz_set(hi, S);
  for (int i = 0; i < 200 && ok; i++) {
    c = prob_cmp(hi, S, df, q, P0);
    if (c == 2) ok = false;
    if (c >= 0) break;
    mpz_set(lo, hi);
    mpz_mul_2exp(hi, hi, 1);
  }
  int chi = c;
  while (ok) {
    mpz_sub(mid, hi, lo);
    if (mpz_cmp_ui(mid, 1) <= 0) break;
    mpz_add(mid, lo, hi);
    mpz_fdiv_q_2exp(mid, mid, 1);
    c = prob_cmp(mid, S, df, q, P0);
    if (c == 2) ok = false;
    else if (c < 0) mpz_set(lo, mid);
    else { mpz_set(hi, mid); chi = c; }
  }
  if (ok) {
    /* 2·10^d·t ∈ (lo, lo + 1], = lo + 1 exactly when A(hi/S) = q: round half away */
    mpz_add_ui(lo, lo, chi == 0 ? 2 : 1);
    mpz_fdiv_q_2exp(lo, lo, 1);
    num_set_mpz_exp(r, lo, -(long)decimals);
  }
  mpq_clear(q);
  mpz_clears(S, lo, hi, mid, NULL);
  return ok;
}
