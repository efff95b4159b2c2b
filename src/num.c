/* num.c — exact rational numbers: life cycle, arithmetic, comparison, rounding and parsing.
 *
 * This file (with num_fmt.c) is the only code that includes <gmp.h>. Fast values are
 * v / 10^scale in an int64; every fast operation checks overflow with the compiler's
 * builtins or computes in __int128, and promotes to a heap mpq_t only when the result does
 * not fit. Big results are demoted back to the fast form whenever they fit it, so one value
 * has one observable form whichever path computed it. No floating point anywhere.
 */
#include "num_impl.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(long) == 8, "pvs assumes LP64: GMP's si/ui functions take a long");

const int64_t num_p10[NUM_SCALE_MAX + 1] = {1,
                                            10,
                                            100,
                                            1000,
                                            10000,
                                            100000,
                                            1000000,
                                            10000000,
                                            100000000,
                                            1000000000,
                                            10000000000,
                                            100000000000,
                                            1000000000000,
                                            10000000000000,
                                            100000000000000,
                                            1000000000000000,
                                            10000000000000000,
                                            100000000000000000,
                                            1000000000000000000};

/* ---- life cycle ------------------------------------------------------------------------ */

static void big_free(Num *r) {
  void (*freefn)(void *, size_t);
  if (!r->big)
    return;
  mpq_clear(NUM_BIGQ(r));
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(r->big, sizeof(mpq_t));
  r->big = NULL;
}

/* r's big slot, allocated (through GMP's allocator, which aborts on exhaustion) if absent. */
static mpq_ptr big_slot(Num *r) {
  void *(*allocfn)(size_t);
  if (!r->big) {
    mp_get_memory_functions(&allocfn, NULL, NULL);
    r->big = allocfn(sizeof(mpq_t));
    mpq_init(NUM_BIGQ(r));
  }
  return NUM_BIGQ(r);
}

static void set_fast(Num *r, int64_t v, int scale) {
  big_free(r);
  r->v = v;
  r->scale = scale;
}

void num_clear_big(Num *n) { set_fast(n, 0, 0); }

void num_set_mpz_exp(Num *r, mpz_srcptr m, long e) {
  mpq_t q;
  mpq_init(q);
  mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)(e < 0 ? -e : e));
  if (e >= 0) {
    mpz_mul(mpq_numref(q), m, mpq_denref(q));
    mpz_set_ui(mpq_denref(q), 1);
  } else {
    mpz_set(mpq_numref(q), m);
    mpq_canonicalize(q);
  }
  num_take_mpq(r, q);
}

/* r = q without demotion; q is consumed (left cleared). */
static void take_big(Num *r, mpq_ptr q) {
  mpq_ptr slot = big_slot(r);
  mpq_swap(slot, q);
  mpq_clear(q);
}

/* r = q (canonical), in the fast form when it fits; q is consumed. */
void num_take_mpq(Num *r, mpq_ptr q) {
  int64_t v;
  int scale;
  if (num_mpq_to_dec(q, &v, &scale)) {
    mpq_clear(q);
    set_fast(r, v, scale);
    return;
  }
  take_big(r, q);
}

void num_get_mpq(mpq_ptr q, const Num *a) {
  if (a->big) {
    mpq_set(q, NUM_BIGQ(a));
    return;
  }
  mpq_set_si(q, a->v, (unsigned long)num_p10[a->scale]);
  mpq_canonicalize(q);
}

/* a as an mpq: a's own when big, else tmp (initialised by the caller) filled in. */
static mpq_srcptr as_mpq(const Num *a, mpq_ptr tmp) {
  if (a->big)
    return NUM_BIGQ(a);
  num_get_mpq(tmp, a);
  return tmp;
}

void num_set(Num *r, const Num *a) {
  if (r == a)
    return;
  if (!a->big) {
    set_fast(r, a->v, a->scale);
    return;
  }
  mpq_set(big_slot(r), NUM_BIGQ(a));
}

void num_set_long(Num *r, long v) { set_fast(r, v, 0); }

static void mpz_set_i128(mpz_ptr z, num_i128 v) {
  num_u128 u = v < 0 ? -(num_u128)v : (num_u128)v;
  mpz_set_ui(z, (unsigned long)(u >> 64));
  mpz_mul_2exp(z, z, 64);
  mpz_add_ui(z, z, (unsigned long)u);
  if (v < 0)
    mpz_neg(z, z);
}

/* r = v / 10^scale (scale >= 0), normalised: trailing zeros are dropped only as far as
 * needed for the fast form; big when no fast form exists. */
void num_set_i128(Num *r, num_i128 v, long scale) {
  while (scale > 0 && (scale > NUM_SCALE_MAX || v > INT64_MAX || v < INT64_MIN) && v % 10 == 0) {
    v /= 10;
    scale--;
  }
  if (scale <= NUM_SCALE_MAX && v <= INT64_MAX && v >= INT64_MIN) {
    set_fast(r, (int64_t)v, (int)scale);
    return;
  }
  mpq_t q;
  mpq_init(q);
  mpz_set_i128(mpq_numref(q), v);
  mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)scale);
  mpq_canonicalize(q);
  take_big(r, q);
}

void num_set_dec(Num *r, int64_t v, int scale) { num_set_i128(r, v, scale < 0 ? 0 : scale); }

void num_set_frac(Num *r, long p, long q) {
  mpq_t x;
  if (q == 0) {
    set_fast(r, 0, 0);
    return;
  }
  mpq_init(x);
  mpz_set_si(mpq_numref(x), p);
  mpz_set_si(mpq_denref(x), q);
  if (q < 0) {
    mpz_neg(mpq_numref(x), mpq_numref(x));
    mpz_neg(mpq_denref(x), mpq_denref(x));
  }
  mpq_canonicalize(x);
  num_take_mpq(r, x);
}

void num_force_big(Num *r, const Num *a) {
  mpq_t q;
  mpq_init(q);
  num_get_mpq(q, a);
  take_big(r, q);
}

bool num_is_big(const Num *a) { return a->big != NULL; }

/* ---- fast <-> decimal helpers ----------------------------------------------------------- */

int64_t num_strip(int64_t v, int *scale) {
  if (v == 0) {
    *scale = 0;
    return 0;
  }
  while (*scale > 0 && v % 10 == 0) {
    v /= 10;
    (*scale)--;
  }
  return v;
}

/* The power of 5 in z (odd, > 0) if z is exactly 5^k with k <= NUM_SCALE_MAX, else -1. */
static int pow5_exact(mpz_srcptr z) {
  unsigned long u;
  int k = 0;
  if (!mpz_fits_ulong_p(z))
    return -1;
  u = mpz_get_ui(z);
  while (u % 5 == 0 && k <= NUM_SCALE_MAX) {
    u /= 5;
    k++;
  }
  return u == 1 && k <= NUM_SCALE_MAX ? k : -1;
}

bool num_mpq_to_dec(mpq_srcptr q, int64_t *v, int *scale) {
  mpz_srcptr den = mpq_denref(q);
  mp_bitcnt_t twos = mpz_scan1(den, 0);
  int fives, s;
  mpz_t t;
  bool ok;
  if (twos > NUM_SCALE_MAX || mpz_sizeinbase(mpq_numref(q), 2) > 64)
    return false;
  mpz_init(t);
  mpz_tdiv_q_2exp(t, den, twos);
  fives = pow5_exact(t);
  ok = fives >= 0;
  if (ok) {
    s = fives > (int)twos ? fives : (int)twos;
    mpz_mul_2exp(t, mpq_numref(q), (mp_bitcnt_t)(s - (int)twos));
    mpz_mul_ui(t, t, (unsigned long)num_p10[s - fives] >> (s - fives)); /* 5^(s-fives) */
    ok = mpz_fits_slong_p(t);
    if (ok) {
      *v = mpz_get_si(t);
      *scale = s;
    }
  }
  mpz_clear(t);
  return ok;
}

/* ---- arithmetic ------------------------------------------------------------------------- */

typedef void (*MpqOp)(mpq_ptr, mpq_srcptr, mpq_srcptr);

/* z (initialised) = a op b computed with GMP only. */
static void big_op(mpq_ptr z, const Num *a, const Num *b, MpqOp op) {
  mpq_t ta, tb;
  mpq_init(ta);
  mpq_init(tb);
  op(z, as_mpq(a, ta), as_mpq(b, tb));
  mpq_clear(ta);
  mpq_clear(tb);
}

static void big_op_take(Num *r, const Num *a, const Num *b, MpqOp op) {
  mpq_t z;
  mpq_init(z);
  big_op(z, a, b, op);
  num_take_mpq(r, z);
}

/* a and b aligned on their larger scale, in __int128 (|v| * 10^18 fits). */
static int align(const Num *a, const Num *b, num_i128 *x, num_i128 *y) {
  int s = a->scale > b->scale ? a->scale : b->scale;
  *x = (num_i128)a->v * num_p10[s - a->scale];
  *y = (num_i128)b->v * num_p10[s - b->scale];
  return s;
}

void num_add_slow(Num *r, const Num *a, const Num *b) {
  num_i128 x, y;
  if (a->big || b->big) {
    big_op_take(r, a, b, mpq_add);
    return;
  }
  int s = align(a, b, &x, &y);
  num_set_i128(r, x + y, s);
}

void num_sub_slow(Num *r, const Num *a, const Num *b) {
  num_i128 x, y;
  if (a->big || b->big) {
    big_op_take(r, a, b, mpq_sub);
    return;
  }
  int s = align(a, b, &x, &y);
  num_set_i128(r, x - y, s);
}

void num_mul_slow(Num *r, const Num *a, const Num *b) {
  if (a->big || b->big) {
    big_op_take(r, a, b, mpq_mul);
    return;
  }
  num_set_i128(r, (num_i128)a->v * b->v, a->scale + b->scale);
}

int num_cmp_slow(const Num *a, const Num *b) {
  num_i128 x, y;
  mpq_t ta, tb;
  int c;
  if (!a->big && !b->big) {
    align(a, b, &x, &y);
    return (x > y) - (x < y);
  }
  mpq_init(ta);
  mpq_init(tb);
  c = mpq_cmp(as_mpq(a, ta), as_mpq(b, tb));
  mpq_clear(ta);
  mpq_clear(tb);
  return (c > 0) - (c < 0);
}

/* The longest prefix of vals that is fast, of r's scale, and sums into r without overflow:
 * added to r in a local accumulator (no store per value); returns its length. */
static size_t sum_run(Num *r, const Num *vals, size_t n) {
  int64_t acc = r->v, next;
  int32_t scale = r->scale;
  size_t i = 0;
  for (; i < n; i++) {
    if (vals[i].big || vals[i].scale != scale || __builtin_add_overflow(acc, vals[i].v, &next))
      break;
    acc = next;
  }
  r->v = acc;
  return i;
}

void num_sum(Num *r, const Num *vals, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (!r->big)
      i += sum_run(r, vals + i, n - i);
    if (i < n) {
      num_add(r, r, &vals[i]);
      i++;
    }
  }
}

bool num_div(Num *r, const Num *a, const Num *b) {
  if (num_is_zero(b))
    return false;
  big_op_take(r, a, b, mpq_div);
  return true;
}

bool num_pow(Num *r, const Num *a, long n) {
  unsigned long e = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
  mpq_t q;
  if (n < 0 && num_is_zero(a))
    return false;
  mpq_init(q);
  num_get_mpq(q, a);
  mpz_pow_ui(mpq_numref(q), mpq_numref(q), e);
  mpz_pow_ui(mpq_denref(q), mpq_denref(q), e);
  if (n < 0)
    mpq_inv(q, q);
  num_take_mpq(r, q);
  return true;
}

void num_neg(Num *r, const Num *a) {
  if (!a->big) {
    num_set_i128(r, -(num_i128)a->v, a->scale);
    return;
  }
  mpq_neg(big_slot(r), NUM_BIGQ(a));
}

void num_abs(Num *r, const Num *a) {
  if (num_sign(a) < 0)
    num_neg(r, a);
  else
    num_set(r, a);
}

void num_floor(Num *r, const Num *a) { num_round(r, a, 0, NUM_FLOOR); }
void num_ceil(Num *r, const Num *a) { num_round(r, a, 0, NUM_CEIL); }

void num_min(Num *r, const Num *a, const Num *b) { num_set(r, num_cmp(a, b) <= 0 ? a : b); }
void num_max(Num *r, const Num *a, const Num *b) { num_set(r, num_cmp(a, b) >= 0 ? a : b); }

/* ---- reference (GMP-only) path, for tests and benchmarks -------------------------------- */

static void ref_op(Num *r, const Num *a, const Num *b, MpqOp op) {
  mpq_t z;
  mpq_init(z);
  big_op(z, a, b, op);
  take_big(r, z);
}

void num_ref_add(Num *r, const Num *a, const Num *b) { ref_op(r, a, b, mpq_add); }
void num_ref_sub(Num *r, const Num *a, const Num *b) { ref_op(r, a, b, mpq_sub); }
void num_ref_mul(Num *r, const Num *a, const Num *b) { ref_op(r, a, b, mpq_mul); }

int num_ref_cmp(const Num *a, const Num *b) {
  mpq_t ta, tb;
  int c;
  mpq_init(ta);
  mpq_init(tb);
  num_get_mpq(ta, a);
  num_get_mpq(tb, b);
  c = mpq_cmp(ta, tb);
  mpq_clear(ta);
  mpq_clear(tb);
  return (c > 0) - (c < 0);
}

/* ---- queries ---------------------------------------------------------------------------- */

int num_sign(const Num *a) {
  if (a->big)
    return mpq_sgn(NUM_BIGQ(a));
  return (a->v > 0) - (a->v < 0);
}

bool num_is_zero(const Num *a) { return num_sign(a) == 0; }

bool num_is_integer(const Num *a) {
  if (a->big)
    return mpz_cmp_ui(mpq_denref(NUM_BIGQ(a)), 1) == 0;
  return a->v % num_p10[a->scale] == 0;
}

bool num_to_long(const Num *a, long *out) {
  if (!num_is_integer(a))
    return false;
  if (a->big) {
    if (!mpz_fits_slong_p(mpq_numref(NUM_BIGQ(a))))
      return false;
    *out = mpz_get_si(mpq_numref(NUM_BIGQ(a)));
    return true;
  }
  *out = a->v / num_p10[a->scale];
  return true;
}

int num_decimals(const Num *a) {
  int scale;
  if (!a->big) {
    scale = a->scale;
    num_strip(a->v, &scale);
    return scale;
  }
  mpz_srcptr den = mpq_denref(NUM_BIGQ(a));
  mp_bitcnt_t twos = mpz_scan1(den, 0);
  mpz_t t;
  mpz_init(t);
  mpz_tdiv_q_2exp(t, den, twos);
  mpz_t five;   /* mpz_remove divides by powers 5^(2^k): 1E-999999 takes milliseconds, not minutes */
  mpz_init_set_ui(five, 5);
  long fives = (long)mpz_remove(t, t, five);
  mpz_clear(five);
  bool ok = mpz_cmp_ui(t, 1) == 0;
  mpz_clear(t);
  if (!ok)
    return -1;
  return (int)(fives > (long)twos ? fives : (long)twos);
}

/* |a| compared with 10^e: -1, 0, 1. */
static int cmp_abs_pow10(mpq_srcptr a, long e) {
  mpz_t l, rr;
  int c;
  mpz_init(l);
  mpz_init(rr);
  mpz_abs(l, mpq_numref(a));
  mpz_set(rr, mpq_denref(a));
  mpz_t p;
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)(e < 0 ? -e : e));
  if (e >= 0)
    mpz_mul(rr, rr, p);
  else
    mpz_mul(l, l, p);
  c = mpz_cmp(l, rr);
  mpz_clear(p);
  mpz_clear(l);
  mpz_clear(rr);
  return c;
}

long num_ilog10(const Num *a) {
  char d[24];
  mpq_t q;
  long e;
  if (num_is_zero(a))
    return 0;
  if (!a->big)
    return num_udigits(d, a->v) - 1 - a->scale;
  mpq_init(q);
  num_get_mpq(q, a);
  e = (long)mpz_sizeinbase(mpq_numref(q), 10) - (long)mpz_sizeinbase(mpq_denref(q), 10);
  while (cmp_abs_pow10(q, e) < 0)
    e--;
  while (cmp_abs_pow10(q, e + 1) >= 0)
    e++;
  mpq_clear(q);
  return e;
}

int num_udigits(char *buf, int64_t v) {
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  char tmp[24];
  int n = 0, k = 0;
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  while (n)
    buf[k++] = tmp[--n];
  buf[k] = '\0';
  return k;
}

static uint64_t mix(uint64_t h, uint64_t x) {
  h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

static uint64_t hash_mpz(uint64_t h, mpz_srcptr z) {
  size_t n = mpz_size(z);
  h = mix(h, (uint64_t)mpz_sgn(z));
  for (size_t i = 0; i < n; i++)
    h = mix(h, (uint64_t)mpz_getlimbn(z, i));
  return h;
}

uint64_t num_hash(const Num *a) {
  int64_t v = a->v;
  int scale = a->scale;
  if (a->big && !num_mpq_to_dec(NUM_BIGQ(a), &v, &scale))
    return hash_mpz(hash_mpz(0x2545f4914f6cdd1dULL, mpq_numref(NUM_BIGQ(a))),
                    mpq_denref(NUM_BIGQ(a)));
  v = num_strip(v, &scale);
  return mix(mix(0x2545f4914f6cdd1dULL, (uint64_t)v), (uint64_t)scale);
}

/* ---- rounding --------------------------------------------------------------------------- */

/* Whether the truncated quotient q (of a value with remainder rem out of m, sign sgn)
 * moves one step away from zero under mode. 2|rem| is compared with m for the half modes. */
static bool round_away(NumRound mode, int sgn, int half_cmp, bool inexact, bool q_odd) {
  switch (mode) {
  case NUM_HALF_UP:
    return half_cmp >= 0;
  case NUM_HALF_EVEN:
    return half_cmp > 0 || (half_cmp == 0 && q_odd);
  case NUM_TRUNC:
    return false;
  case NUM_FLOOR:
    return inexact && sgn < 0;
  case NUM_CEIL:
    return inexact && sgn > 0;
  }
  return false;
}

/* Fast rounding when a is fast and the divisor 10^(scale-decimals) fits an int64. */
static bool round_fast(Num *r, const Num *a, int decimals, NumRound mode) {
  if (decimals >= a->scale) {
    set_fast(r, a->v, a->scale);
    return true;
  }
  int k = a->scale - decimals;
  if (k > NUM_SCALE_MAX)
    return false;
  int64_t m = num_p10[k], q = a->v / m, rem = a->v % m;
  uint64_t arem = rem < 0 ? 0 - (uint64_t)rem : (uint64_t)rem;
  uint64_t twice = arem * 2; /* < 2 * 10^18, no overflow */
  int half = (twice > (uint64_t)m) - (twice < (uint64_t)m);
  int sgn = (a->v > 0) - (a->v < 0);
  if (round_away(mode, sgn, half, rem != 0, q % 2 != 0))
    q += sgn;
  if (decimals >= 0)
    set_fast(r, q, decimals);
  else
    num_set_i128(r, (num_i128)q * num_p10[-decimals], 0);
  return true;
}

/* z = x rounded to an integer with mode (x canonical). */
static void mpq_round_int(mpz_ptr z, mpq_srcptr x, NumRound mode) {
  mpz_t rem, twice;
  mpz_init(rem);
  mpz_init(twice);
  mpz_tdiv_qr(z, rem, mpq_numref(x), mpq_denref(x));
  mpz_abs(twice, rem);
  mpz_mul_2exp(twice, twice, 1);
  int half = mpz_cmp(twice, mpq_denref(x));
  half = (half > 0) - (half < 0);
  if (round_away(mode, mpq_sgn(x), half, mpz_sgn(rem) != 0, mpz_odd_p(z)))
  {
    if (mpq_sgn(x) > 0)
      mpz_add_ui(z, z, 1);
    else
      mpz_sub_ui(z, z, 1);
  }
  mpz_clear(rem);
  mpz_clear(twice);
}

/* z (initialised) = a rounded to decimals with mode, computed with GMP only. */
static void round_big(mpq_ptr z, const Num *a, int decimals, NumRound mode) {
  mpz_t p;
  mpq_t x;
  mpz_init(p);
  mpq_init(x);
  num_get_mpq(x, a);
  mpz_ui_pow_ui(p, 10, (unsigned long)(decimals < 0 ? -(long)decimals : decimals));
  if (decimals >= 0)
    mpz_mul(mpq_numref(x), mpq_numref(x), p);
  else
    mpz_mul(mpq_denref(x), mpq_denref(x), p);
  mpq_canonicalize(x);
  mpq_round_int(mpq_numref(z), x, mode);
  mpz_set_ui(mpq_denref(z), 1);
  if (decimals >= 0)
    mpz_set(mpq_denref(z), p);
  else
    mpz_mul(mpq_numref(z), mpq_numref(z), p);
  mpq_canonicalize(z);
  mpz_clear(p);
  mpq_clear(x);
}

void num_round(Num *r, const Num *a, int decimals, NumRound mode) {
  mpq_t z;
  if (!a->big && round_fast(r, a, decimals, mode))
    return;
  mpq_init(z);
  round_big(z, a, decimals, mode);
  num_take_mpq(r, z);
}

void num_ref_round(Num *r, const Num *a, int decimals, NumRound mode) {
  mpq_t z;
  mpq_init(z);
  round_big(z, a, decimals, mode);
  take_big(r, z);
}
