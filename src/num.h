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
void num_init(Num *n);                    /* n = 0, owns nothing */
void num_clear(Num *n);                   /* frees a big value; n = 0 and may be reused */
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
 * on NUM_EMPTY or NUM_SYNTAX r is unchanged. The common case allocates nothing. */
NumParse num_parse_cell(Num *r, const char *s, size_t len, char decimal, size_t *bad_offset);

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
