/* num_text.c — numbers to and from text: source literals, CSV cells, and the three output
 * forms (machine "-1234.57", French display "-1 234,57" with U+202F, exact "1/3").
 *
 * Parsing is on the hot path of CSV evaluation. The common cell form is read by the inline
 * fast path num_parse_cell in num.h; this is the general parser behind it
 * (num_parse_cell_slow): a cell of up to 19 significant digits is
 * read into an int64 in one pass with no allocation; longer mantissas and far exponents go
 * through GMP. Formatting rounds a copy of the value (display never changes a value) and
 * writes like snprintf: it returns the length the full text needs.
 */
#include "num_impl.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#define NUM_EXP_LIMIT 999999L /* |exponent| accepted in a cell: 1E+999999 at most */

/* ---- scanning ----------------------------------------------------------------------------- */

/* What one pass over a number's text found: value = ±mantissa × 10^(e10 − frac). The
 * mantissa digits lie in s[dstart, dend), maybe interleaved with separators and the mark. */
typedef struct {
  uint64_t m;  /* the mantissa, while it has at most 19 significant digits */
  int nd;      /* significant digits in m */
  bool over;   /* more than 19 significant digits: read them again with GMP */
  bool any;    /* at least one digit */
  bool neg;
  long frac;   /* digits after the decimal mark */
  long e10;    /* explicit exponent */
  size_t dstart, dend;
} Scan;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void scan_digit(Scan *sc, char c) {
  sc->any = true;
  if (sc->m == 0 && c == '0')
    return;
  if (sc->nd == 19) {
    sc->over = true;
    return;
  }
  sc->m = sc->m * 10 + (uint64_t)(c - '0');
  sc->nd++;
}

/* Width of a thousands separator at s[i] (space, U+00A0, U+202F in UTF-8), or 0. */
static size_t space_width(const char *s, size_t i, size_t end) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[i] == ' ')
    return 1;
  if (u[i] == 0xC2 && i + 1 < end && u[i + 1] == 0xA0)
    return 2;
  if (u[i] == 0xE2 && i + 2 < end && u[i + 1] == 0x80 && u[i + 2] == 0xAF)
    return 3;
  return 0;
}

static size_t blank_width(const char *s, size_t i, size_t end) {
  return s[i] == '\t' ? 1 : space_width(s, i, end);
}

/* Width of a blank that ends exactly at s[end), or 0. */
static size_t blank_before(const char *s, size_t start, size_t end) {
  for (size_t w = 1; w <= 3 && w <= end - start; w++)
    if (blank_width(s, end - w, end) == w)
      return w;
  return 0;
}

/* r = the scanned value; the common case is one int64 store. */
static void set_scanned(Num *r, const Scan *sc, const char *s) {
  long e = sc->e10 - sc->frac;
  mpz_t z;
  if (!sc->over && e <= 0) {
    num_set_i128(r, sc->neg ? -(num_i128)sc->m : (num_i128)sc->m, -e);
    return;
  }
  if (!sc->over && e <= NUM_SCALE_MAX) {
    num_set_i128(r, (sc->neg ? -(num_i128)sc->m : (num_i128)sc->m) * num_p10[e], 0);
    return;
  }
  mpz_init(z);
  if (sc->over) {
    char *digits = mem_alloc(sc->dend - sc->dstart + 1);
    size_t n = 0;
    for (size_t i = sc->dstart; i < sc->dend; i++)
      if (is_digit(s[i]))
        digits[n++] = s[i];
    digits[n] = '\0';
    mpz_set_str(z, digits, 10);
    free(digits);
  } else {
    mpz_set_ui(z, (unsigned long)sc->m);
  }
  if (sc->neg)
    mpz_neg(z, z);
  num_set_mpz_exp(r, z, e);
  mpz_clear(z);
}

/* Integer part of a cell: digit groups split by single separators, 1-3 digits then groups of
 * exactly 3. Returns false with *bad set on a misplaced separator. */
static bool scan_cell_int(Scan *sc, const char *s, size_t *ip, size_t end, size_t *bad) {
  size_t i = *ip, sep = 0, w;
  int lead = 0, group = -1;
  for (; i < end; i++) {
    if (is_digit(s[i])) {
      scan_digit(sc, s[i]);
      if (group < 0)
        lead++;
      else if (++group > 3)
        return *bad = i, false;
    } else if ((w = space_width(s, i, end)) != 0 && i > *ip && is_digit(s[i - 1])) {
      if (group < 0 ? lead > 3 : group != 3)
        return *bad = i, false;
      group = 0;
      sep = i;
      i += w - 1;
    } else {
      break;
    }
  }
  *ip = i;
  if (group >= 0 && group != 3)
    return *bad = sep, false;
  return true;
}

/* Optional exponent: e or E, optional sign, digits. */
static bool scan_exponent(Scan *sc, const char *s, size_t *ip, size_t end, size_t *bad) {
  size_t i = *ip;
  bool neg = false;
  if (i >= end || (s[i] != 'e' && s[i] != 'E'))
    return true;
  i++;
  if (i < end && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  if (i >= end || !is_digit(s[i]))
    return *bad = i, false;
  for (; i < end && is_digit(s[i]); i++) {
    sc->e10 = sc->e10 * 10 + (s[i] - '0');
    if (sc->e10 > NUM_EXP_LIMIT)
      return *bad = i, false;
  }
  if (neg)
    sc->e10 = -sc->e10;
  *ip = i;
  return true;
}

/* The cell's number between s[i] and s[end) (blanks already trimmed). */
static bool scan_cell(Scan *sc, const char *s, size_t i, size_t end, char decimal, size_t *bad) {
  if (s[i] == '+' || s[i] == '-')
    sc->neg = s[i++] == '-';
  sc->dstart = i;
  if (!scan_cell_int(sc, s, &i, end, bad))
    return false;
  if (i < end && s[i] == decimal)
    for (i++; i < end && is_digit(s[i]); i++, sc->frac++)
      scan_digit(sc, s[i]);
  sc->dend = i;
  if (!sc->any)
    return *bad = i, false;
  if (!scan_exponent(sc, s, &i, end, bad))
    return false;
  if (i != end)
    return *bad = i, false;
  return true;
}

NumParse num_parse_cell_slow(Num *r, const char *s, size_t len, char decimal,
                             size_t *bad_offset) {
  size_t i = 0, end = len, w, bad = 0;
  Scan sc = {0};
  while (i < end && (w = blank_width(s, i, end)) != 0)
    i += w;
  while (end > i && (w = blank_before(s, i, end)) != 0)
    end -= w;
  if (i == end)
    return NUM_EMPTY;
  if (!scan_cell(&sc, s, i, end, decimal, &bad)) {
    if (bad_offset)
      *bad_offset = bad;
    return NUM_SYNTAX;
  }
  set_scanned(r, &sc, s);
  return NUM_OK;
}

/* Digits with single '_' between two digits; at least one digit. Counts them in *count. */
static bool scan_underscored(Scan *sc, const char *t, size_t *ip, long *count) {
  size_t i = *ip;
  if (!is_digit(t[i]))
    return false;
  for (; is_digit(t[i]) || (t[i] == '_' && is_digit(t[i + 1])); i++)
    if (t[i] != '_') {
      scan_digit(sc, t[i]);
      (*count)++;
    }
  *ip = i;
  return true;
}

bool num_parse_literal(Num *r, const char *text) {
  Scan sc = {0};
  size_t i = 0;
  long ignored = 0;
  if (!scan_underscored(&sc, text, &i, &ignored))
    return false;
  if (text[i] == '.') {
    i++;
    if (!scan_underscored(&sc, text, &i, &sc.frac))
      return false;
  }
  sc.dend = i;
  while (text[i] == ' ' || text[i] == '\t')
    i++;
  if (text[i] == '%') {
    sc.e10 = -2;
    i++;
  } else if (i > sc.dend) {
    return false; /* blanks are allowed only before '%' */
  }
  if (text[i] != '\0')
    return false;
  set_scanned(r, &sc, text);
  return true;
}

/* ---- output ------------------------------------------------------------------------------- */

/* snprintf-like sink: writes what fits, counts everything. */
typedef struct {
  char *buf;
  size_t cap, len;
} Out;

static void out_c(Out *o, char c) {
  if (o->len + 1 < o->cap)
    o->buf[o->len] = c;
  o->len++;
}

static void out_s(Out *o, const char *s) {
  while (*s)
    out_c(o, *s++);
}

static size_t out_end(Out *o) {
  if (o->cap)
    o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
  return o->len;
}

/* The digits of an integer N = |x| × 10^dd, where x already has at most dd decimals: a
 * digit string (owned by `small` or GMP) followed by `zeros` implicit zeros. */
typedef struct {
  char small[24];
  char *gmp; /* non-NULL when the digits came from GMP */
  const char *d;
  size_t nd, zeros;
} Digits;

static void digits_of(Digits *g, const Num *x, int dd) {
  g->gmp = NULL;
  if (!x->big) {
    int scale = x->scale;
    g->nd = (size_t)num_udigits(g->small, num_strip(x->v, &scale));
    g->d = g->small;
    g->zeros = (size_t)(dd - scale);
    return;
  }
  mpz_t n, p;
  mpz_init(n);
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)dd);
  mpz_mul(n, mpq_numref(NUM_BIGQ(x)), p);
  mpz_divexact(n, n, mpq_denref(NUM_BIGQ(x)));
  mpz_abs(n, n);
  g->gmp = mpz_get_str(NULL, 10, n);
  g->d = g->gmp;
  g->nd = strlen(g->gmp);
  g->zeros = 0;
  mpz_clear(n);
  mpz_clear(p);
}

/* Digit k of N written with at least `width` digits (leading zeros first). */
static char digit_at(const Digits *g, size_t lead, size_t k) {
  if (k < lead)
    return '0';
  k -= lead;
  return k < g->nd ? g->d[k] : '0';
}

/* Write x (rounded already to max(decimals, 0) decimals) in machine or French form. */
static void write_fixed(Out *o, const Num *x, int decimals, bool fr) {
  size_t dd = decimals > 0 ? (size_t)decimals : 0, total, lead, nint;
  Digits g;
  digits_of(&g, x, (int)dd);
  if (g.nd == 1 && g.d[0] == '0')
    g.zeros = 0; /* zero: its digits are just the padding below */
  total = g.nd + g.zeros;
  lead = total < dd + 1 ? dd + 1 - total : 0;
  nint = total + lead - dd;
  if (num_sign(x) < 0)
    out_c(o, '-');
  for (size_t k = 0; k < nint; k++) {
    if (fr && k > 0 && (nint - k) % 3 == 0)
      out_s(o, "\xE2\x80\xAF"); /* U+202F narrow no-break space */
    out_c(o, digit_at(&g, lead, k));
  }
  if (dd)
    out_c(o, fr ? ',' : '.');
  for (size_t k = nint; k < nint + dd; k++)
    out_c(o, digit_at(&g, lead, k));
  if (g.gmp)
    num_gmp_free_str(g.gmp);
}

static size_t fmt_rounded(char *buf, size_t cap, const Num *a, int decimals, NumRound mode,
                          bool fr) {
  Out o = {buf, cap, 0};
  Num x = NUM_INIT;
  num_round(&x, a, decimals, mode);
  write_fixed(&o, &x, decimals, fr);
  num_clear(&x);
  return out_end(&o);
}

size_t num_fmt_fixed(char *buf, size_t cap, const Num *a, int decimals, NumRound mode) {
  return fmt_rounded(buf, cap, a, decimals, mode, false);
}

size_t num_fmt_fr(char *buf, size_t cap, const Num *a, int decimals, NumRound mode) {
  return fmt_rounded(buf, cap, a, decimals, mode, true);
}

size_t num_fmt_exact(char *buf, size_t cap, const Num *a) {
  int dec = num_decimals(a);
  Out o = {buf, cap, 0};
  char *s;
  if (dec >= 0) {
    write_fixed(&o, a, dec, false);
    return out_end(&o);
  }
  s = mpq_get_str(NULL, 10, NUM_BIGQ(a)); /* canonical: "p/q" in lowest terms */
  out_s(&o, s);
  num_gmp_free_str(s);
  return out_end(&o);
}

const char *num_text(NumText *t, const Num *a) {
  t->heap = NULL;
  t->len = num_fmt_exact(t->buf, sizeof t->buf, a);
  t->s = t->buf;
  if (t->len < sizeof t->buf) return t->s;
  t->heap = mem_alloc(t->len + 1);
  num_fmt_exact(t->heap, t->len + 1, a);
  t->s = t->heap;
  return t->s;
}

void num_text_free(NumText *t) {
  free(t->heap);
  t->heap = NULL;
}

void num_gmp_free_str(char *s) {
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(s, strlen(s) + 1);
}
