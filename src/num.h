/* num.h — exact numbers: every pvs value is an exact rational, never a double.
 *
 * A Num is a small value type with two representations:
 *   fast  big == NULL: the value is v / 10^scale, 0 <= scale <= NUM_SCALE_MAX, v any int64;
 *   big   big != NULL: the value is the GMP rational behind `big` (an mpq_t, opaque here).
 * Almost every data value is a decimal with few digits, so add, subtract, multiply and
 * compare of fast values run inline below without GMP, and promote to GMP only when the
 * compiler's overflow builtins report an overflow. Results never depend on the path: a value
 * that fits the fast form is stored in it (big results are demoted), and num_cmp/num_hash
 * treat 1.50, 1.5 and a big 3/2 as the same value. The scale of a fast value is not
 * canonical (1.50 may keep scale 2); only the value is observable. There is no negative zero.
 *
 * Ownership: a Num that may hold a big value must be released with num_clear(). Every
 * function borrows its inputs and writes its result into an output Num the caller owns and
 * has initialised (num_init); the output may alias an input. Functions never print or exit;
 * errors (malformed text, division by zero) are returned. Only num*.c include <gmp.h>.
 */
#ifndef PVS_NUM_H
#define PVS_NUM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NUM_SCALE_MAX 18 /* 10^18 is the largest power of ten in an int64 */

typedef struct Num {
  int64_t v;     /* fast value: v / 10^scale */
  int32_t scale; /* 0..NUM_SCALE_MAX; meaningless when big */
  void *big;     /* NULL, or the heap mpq_t of a big value */
} Num;

#define NUM_INIT {0, 0, NULL}

typedef enum { NUM_OK, NUM_EMPTY, NUM_SYNTAX } NumParse;

typedef enum {
  NUM_HALF_UP, /* half away from zero: the default (Excel's ROUND, French accounting) */
  NUM_HALF_EVEN,
  NUM_TRUNC, /* toward zero */
  NUM_FLOOR,
  NUM_CEIL
} NumRound;

/* ---- life cycle ------------------------------------------------------------------------ */
void num_clear_big(Num *n);               /* (the out-of-line part of num_clear) */
/* n = 0, owns nothing. */
static inline void num_init(Num *n) { n->v = 0; n->scale = 0; n->big = NULL; }
/* Frees a big value; n = 0 and may be reused. */
static inline void num_clear(Num *n) {
  if (n->big) num_clear_big(n);
  n->v = 0;
  n->scale = 0;
}
void num_set(Num *r, const Num *a);       /* r = a (deep copy) */
void num_set_long(Num *r, long v);        /* r = v */
void num_set_frac(Num *r, long p, long q); /* r = p/q; q != 0 (q == 0 gives r = 0) */
void num_set_dec(Num *r, int64_t v, int scale); /* r = v / 10^scale, any scale >= 0 */

/* ---- parsing --------------------------------------------------------------------------- */
/* Source literal: digits with '_' between digits, optional '.' and fraction digits, then
 * optionally spaces and '%' (×1/100: "3.5 %" is 0.035). No sign. Borrows text (NUL-ended);
 * on false r is unchanged. */
bool num_parse_literal(Num *r, const char *text);
/* Data cell s[0..len): see doc/numbers.md for the accepted forms. `decimal` is '.' or ','.
 * On NUM_SYNTAX, *bad_offset (if not NULL) is the byte offset of the first bad character;
 * on NUM_EMPTY or NUM_SYNTAX r is unchanged. s need not be NUL-terminated and is never read
 * beyond len.
 *
 * num_parse_cell_slow is the general parser (every form). num_parse_cell, inline below,
 * first tries the common form — optional sign, 1 to 18 digits in all, optional decimal
 * mark — with no call, no allocation and no GMP, and hands anything else (blanks, thousands
 * separators, exponents, more digits, errors, empty) to num_parse_cell_slow. Both give the
 * same NumParse, value, representation and bad offset for every input (tests/unit t16). */
NumParse num_parse_cell_slow(Num *r, const char *s, size_t len, char decimal, size_t *bad_offset);

/* ---- the inline cell fast path: helpers (not API) ---- */
#define NUM_B8(c) (0x0101010101010101ULL * (uint8_t)(c)) /* byte c in all 8 lanes */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NUM_CELL_SWAR 1
static inline uint64_t num_ld8_(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

static inline uint64_t num_ld4_(const unsigned char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

/* 0x80 in every byte of x equal to c, 0 in the others (exact: no borrow between lanes). */
static inline uint64_t num_eq8_(uint64_t x, unsigned char c) {
  uint64_t y = x ^ NUM_B8(c);
  return ~(((y & NUM_B8(0x7F)) + NUM_B8(0x7F)) | y | NUM_B8(0x7F));
}

/* Nonzero unless all 8 bytes of x are ASCII digits. (When a high nibble is not 3 the first
 * term is nonzero, whatever carries the addition makes.) */
static inline uint64_t num_nondigit8_(uint64_t x) {
  return ((x & NUM_B8(0xF0)) ^ NUM_B8(0x30)) | (((x + NUM_B8(0x06)) & NUM_B8(0xF0)) ^ NUM_B8(0x30));
}

/* The value of 8 ASCII digits, the first (most significant) in the lowest byte. */
static inline uint64_t num_val8_(uint64_t x) {
  x -= NUM_B8('0');
  x = x * 10 + (x >> 8);
  x = ((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
       ((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >>
      32;
  return x & 0xFFFFFFFFULL;
}
#endif

/* Always inlined: as a call (gcc outlined most of it), its prologue and argument checks
 * cost about as much as the parsing. */
static inline __attribute__((always_inline)) NumParse
num_parse_cell(Num *r, const char *s, size_t len, char decimal, size_t *bad_offset) {
  const unsigned char *p = (const unsigned char *)s, *end, *d;
  uint64_t m = 0;
  size_t n, nd, frac = 0;
  bool neg;
  if (len == 0 || len > 20 || (decimal != '.' && decimal != ','))
    return num_parse_cell_slow(r, s, len, decimal, bad_offset);
  neg = *p == '-';
  n = len - (size_t)((*p == '-') | (*p == '+'));
#ifdef NUM_CELL_SWAR
  if (n - 4 < 6) {
    /* 4 to 9 bytes after the sign. x = the last min(n, 8) of them XOR '0' (a digit becomes
     * its value), right-aligned, zero bytes on the left, read with two overlapping in-bounds
     * 4-byte loads (no branch); c0 = the ninth digit's value, or 0 when n < 9. */
    const unsigned char *q = p + (len - n);
    size_t o = n == 9;
    unsigned pad = 64 - 8 * (unsigned)(n - o); /* bits left of the bytes taken: 0..32 */
    uint64_t x = ((num_ld4_(q + n - 4) << 32) | (num_ld4_(q + o) << pad)) ^
                 (NUM_B8('0') << pad);
    uint64_t c0 = (q[0] ^ (uint64_t)'0') & ((uint64_t)0 - (uint64_t)o), bad;
    /* 0x80 in every byte that is not a digit, exact up to the first one */
    bad = ((x + NUM_B8(0x76)) | x) & NUM_B8(0x80);
    if (bad) {
      /* it must be the only one and be the mark: remove it, the bytes below it move up */
      unsigned t = (unsigned)__builtin_ctzll(bad);
      uint64_t hi = (~0ULL << t) << 1, sh = (x << 8) | c0;
      if ((bad & (bad - 1)) || ((x >> (t - 7)) & 0xFF) != ((unsigned char)decimal ^ 0x30u) ||
          c0 > 9)
        return num_parse_cell_slow(r, s, len, decimal, bad_offset);
      x = sh ^ ((sh ^ x) & hi);
      frac = 7 - (t >> 3);
    } else if (n == 9) {
      goto wide;
    }
    if (r->big)
      return num_parse_cell_slow(r, s, len, decimal, bad_offset);
    x = x * 10 + (x >> 8); /* the 8 digit values -> pairs -> quads -> the value */
    m = ((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
         ((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >>
        32;
    m &= 0xFFFFFFFFULL;
    r->v = neg ? -(int64_t)m : (int64_t)m;
    r->scale = (int32_t)frac;
    return NUM_OK;
  }
wide:
#endif
  p += len - n;
  end = p + n;
#ifdef NUM_CELL_SWAR
  if (n - 1 < 16) {
    /* The n bytes right-aligned in 16 (a: first 8, b: last 8), padded with '0' on the left,
     * read with overlapping in-bounds loads only. */
    uint64_t a = NUM_B8('0'), b, ma, mb;
    if (n >= 8) {
      unsigned k = 4 * (unsigned)(16 - n); /* half the pad, in bits: two shifts, no UB at 64 */
      b = num_ld8_(end - 8);
      a = ((num_ld8_(p) << k) << k) | (NUM_B8('0') & ~((~0ULL << k) << k));
    } else if (n >= 4) {
      b = (num_ld4_(end - 4) << 32) | (num_ld4_(p) << (8 * (8 - n))) | (NUM_B8('0') >> (8 * n));
    } else {
      b = ((uint64_t)p[n - 1] << 56) | ((uint64_t)p[n / 2] << (8 * (8 - n + n / 2))) |
          ((uint64_t)p[0] << (8 * (8 - n))) | (NUM_B8('0') >> (8 * n));
    }
    /* Remove the first decimal mark by shifting the digits before it one byte right. */
    ma = num_eq8_(a, (unsigned char)decimal);
    mb = num_eq8_(b, (unsigned char)decimal);
    if (mb) {
      unsigned j = (unsigned)__builtin_ctzll(mb) >> 3;
      uint64_t lo = (1ULL << (8 * j)) - 1;
      b = (b & ~((lo << 8) | 0xFF)) | ((b & lo) << 8) | (a >> 56);
      a = (a << 8) | '0';
      frac = 7 - j;
    } else if (ma) {
      unsigned j = (unsigned)__builtin_ctzll(ma) >> 3;
      uint64_t lo = (1ULL << (8 * j)) - 1;
      a = (a & ~((lo << 8) | 0xFF)) | ((a & lo) << 8) | '0';
      frac = 15 - j;
    }
    /* a second mark, or anything else, is left as a non-digit; "." alone has no digit */
    if ((num_nondigit8_(a) | num_nondigit8_(b)) || (n == 1 && (ma | mb)) || r->big)
      return num_parse_cell_slow(r, s, len, decimal, bad_offset);
    m = num_val8_(a) * 100000000 + num_val8_(b);
    r->v = neg ? -(int64_t)m : (int64_t)m;
    r->scale = (int32_t)frac;
    return NUM_OK;
  }
#endif
  d = p;
  while (p < end && (unsigned)(*p - '0') < 10)
    m = m * 10 + (unsigned)(*p++ - '0');
  nd = (size_t)(p - d);
  if (p < end && *p == (unsigned char)decimal) {
    d = ++p;
    while (p < end && (unsigned)(*p - '0') < 10)
      m = m * 10 + (unsigned)(*p++ - '0');
    frac = (size_t)(p - d);
    nd += frac;
  }
  if (p != end || nd == 0 || nd > 18 || r->big)
    return num_parse_cell_slow(r, s, len, decimal, bad_offset);
  r->v = neg ? -(int64_t)m : (int64_t)m;
  r->scale = (int32_t)frac;
  return NUM_OK;
}

/* ---- arithmetic: r = a op b, all exact --------------------------------------------------- */
void num_add_slow(Num *r, const Num *a, const Num *b);
void num_sub_slow(Num *r, const Num *a, const Num *b);
void num_mul_slow(Num *r, const Num *a, const Num *b);
int num_cmp_slow(const Num *a, const Num *b);

static inline void num_add(Num *r, const Num *a, const Num *b) {
  int64_t s;
  if (!a->big && !b->big && !r->big && a->scale == b->scale &&
      !__builtin_add_overflow(a->v, b->v, &s)) {
    r->scale = a->scale;
    r->v = s;
    return;
  }
  num_add_slow(r, a, b);
}

static inline void num_sub(Num *r, const Num *a, const Num *b) {
  int64_t s;
  if (!a->big && !b->big && !r->big && a->scale == b->scale &&
      !__builtin_sub_overflow(a->v, b->v, &s)) {
    r->scale = a->scale;
    r->v = s;
    return;
  }
  num_sub_slow(r, a, b);
}

static inline void num_mul(Num *r, const Num *a, const Num *b) {
  int64_t p;
  if (!a->big && !b->big && !r->big && a->scale + b->scale <= NUM_SCALE_MAX &&
      !__builtin_mul_overflow(a->v, b->v, &p)) {
    r->scale = a->scale + b->scale;
    r->v = p;
    return;
  }
  num_mul_slow(r, a, b);
}

/* -1, 0 or 1 as a <, =, > b. */
static inline int num_cmp(const Num *a, const Num *b) {
  if (!a->big && !b->big && a->scale == b->scale)
    return (a->v > b->v) - (a->v < b->v);
  return num_cmp_slow(a, b);
}

/* r += vals[0] + ... + vals[n-1]: the aggregate loop. Runs of fast values of one scale are
 * summed in a register with overflow checks; anything else goes through num_add. */
void num_sum(Num *r, const Num *vals, size_t n);
bool num_div(Num *r, const Num *a, const Num *b); /* false (r untouched) when b == 0 */
bool num_pow(Num *r, const Num *a, long n);       /* a^n; false (r untouched) on 0^negative */
void num_neg(Num *r, const Num *a);
void num_abs(Num *r, const Num *a);
void num_floor(Num *r, const Num *a);
void num_ceil(Num *r, const Num *a);
void num_min(Num *r, const Num *a, const Num *b);
void num_max(Num *r, const Num *a, const Num *b);

/* ---- queries ----------------------------------------------------------------------------- */
int num_sign(const Num *a); /* -1, 0, 1 */
bool num_is_zero(const Num *a);
bool num_is_integer(const Num *a);
bool num_to_long(const Num *a, long *out); /* true if a is an integer that fits a long */
/* Number of decimals of a's terminating decimal form (0 for integers), or -1 when a has none
 * (1/3). */
int num_decimals(const Num *a);
/* floor(log10 |a|) for a != 0 (0.05 gives -2, 999 gives 2); 0 for a == 0. */
long num_ilog10(const Num *a);
uint64_t num_hash(const Num *a); /* equal values hash equal whatever their representation */

/* ---- rounding and formatting ------------------------------------------------------------ */
/* r = a rounded to `decimals` decimals (negative: to tens, hundreds...) with `mode`. */
void num_round(Num *r, const Num *a, int decimals, NumRound mode);
/* Write into buf (at most cap bytes, NUL-terminated when cap > 0); return the length the
 * full text needs, like snprintf. Display rounding never changes a. Negative decimals round
 * to tens, hundreds... and print no fraction. */
size_t num_fmt_fixed(char *buf, size_t cap, const Num *a, int decimals, NumRound mode); /* -1234.57 */
size_t num_fmt_fr(char *buf, size_t cap, const Num *a, int decimals, NumRound mode); /* -1 234,57, U+202F */
size_t num_fmt_exact(char *buf, size_t cap, const Num *a); /* 0.3, -12, 1/3 */
/* The whole exact text of a (num_fmt_exact), however long: in t->buf when it fits, else in
 * memory t owns until num_text_free. Returns t->s; t->len is its length. Never truncates. */
typedef struct NumText { const char *s; size_t len; char *heap; char buf[64]; } NumText;
const char *num_text(NumText *t, const Num *a);
void num_text_free(NumText *t);

/* ---- irrational results, to a stated precision (num_math.c) ---------------------------------
 * Each is the exact value rounded half away from zero to `decimals` decimals (correctly
 * rounded: never a double, never an approximation of the rounding). */
/* r = a^(1/n) (a >= 0, n >= 1, decimals 0..1000); false (r untouched) otherwise. */
bool num_root(Num *r, const Num *a, unsigned long n, int decimals);
bool num_sqrt(Num *r, const Num *a, int decimals);
/* r = the t > 0 with P(|T| <= t) = level for Student's t with df degrees of freedom (the
 * two-sided quantile: level 0.95 gives t(0.975, df)); 0 < level < 1, 1 <= df <= 10^7,
 * decimals 0..100; false (r untouched) otherwise. */
bool num_t_quantile(Num *r, const Num *level, long df, int decimals);

/* ---- test and benchmark hooks: the GMP-only reference path --------------------------------- */
/* Same results as num_add... but computed with GMP only, and left in the big representation
 * (not demoted). Used by the property test and the benchmark; never by the evaluator. */
void num_ref_add(Num *r, const Num *a, const Num *b);
void num_ref_sub(Num *r, const Num *a, const Num *b);
void num_ref_mul(Num *r, const Num *a, const Num *b);
int num_ref_cmp(const Num *a, const Num *b);
void num_ref_round(Num *r, const Num *a, int decimals, NumRound mode);
void num_force_big(Num *r, const Num *a); /* r = a in the big representation */
bool num_is_big(const Num *a);
#endif
