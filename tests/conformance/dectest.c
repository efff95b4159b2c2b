/* dectest.c — run the General Decimal Arithmetic test cases (Cowlishaw's *.decTest) that
 * apply to exact rational arithmetic, against the num_ module.
 *
 * Usage: conf_dectest DIR   (DIR holds the *.decTest files, kept byte for byte elsewhere).
 * A decTest result is a coefficient and an exponent (2.40 is not 2.4). num_ computes exact
 * values only, so this harness adds the decimal exponent bookkeeping of the specification:
 * each operation's ideal exponent, then rounding of the exact result to `precision:`
 * significant digits with the `rounding:` mode (through num_round). A case passes when the
 * value and the exponent both match, and the Inexact condition matches too. Cases that
 * cannot apply are counted by reason (see doc/numbers.md) and never silently dropped.
 * Prints `dectest: N run, N passed, M skipped (...)` and exits 1 on any failure.
 */
#include "num.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXP_LIMIT 7000 /* operands or results beyond 1E±2000: exponent-limit cases */
#define MAX_TOK 16

enum {
  SK_SPECIAL, /* NaN, sNaN, Infinity operand or result */
  SK_NULL,    /* '#' null operand */
  SK_LIMITS,  /* Overflow, Underflow, Subnormal or Clamped: exponent limits of a context */
  SK_RANGE,   /* an operand or result beyond 1E±EXP_LIMIT (near those limits) */
  SK_INVALID, /* Invalid_operation, Division_impossible, Conversion_syntax, ... */
  SK_MODE,    /* rounding needed in a mode num_ does not have (up, half_down, 05up) */
  SK_NEGZERO, /* only the sign of a zero result differs: num_ has no negative zero */
  SK_COUNT
};
static const char *skip_names[SK_COUNT] = {
    "NaN/Inf",           "null operand",        "overflow/underflow/subnormal/clamped",
    "exponent beyond ±7000", "invalid/impossible/syntax", "rounding mode up/half_down/05up",
    "negative zero"};

typedef struct {
  long precision;
  const char *rounding;
  long run, passed, skipped[SK_COUNT], divzero, shown;
} Ctx;

typedef struct {
  Num v;
  long exp; /* the decTest exponent of the coefficient */
  bool negzero;
} Dec;

/* ---- lines and tokens ----------------------------------------------------------------- */

/* Split line into tokens (quotes removed, '' doubled quotes kept as one); stops at "--". */
static int tokenize(char *line, char **tok) {
  int n = 0;
  char *p = line;
  while (n < MAX_TOK) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
      p++;
    if (!*p || (p[0] == '-' && p[1] == '-'))
      break;
    if (*p == '\'' || *p == '"') {
      char q = *p++, *w = p;
      tok[n++] = w;
      for (; *p && !(*p == q && p[1] != q); p++) {
        if (*p == q)
          p++;
        *w++ = *p;
      }
      if (*p)
        p++;
      *w = '\0';
      if (*p)
        *p++ = '\0';
      continue;
    }
    tok[n++] = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      p++;
    if (*p)
      *p++ = '\0';
  }
  return n;
}

/* ---- decTest numbers --------------------------------------------------------------------- */

/* Parse a finite decTest number through num_parse_cell; its exponent is the explicit
 * exponent minus the digits after the point. Returns a skip reason, or -1 when parsed. */
static int dec_parse(Dec *d, const char *s) {
  const char *dot = strchr(s, '.'), *e = strpbrk(s, "eE");
  size_t bad;
  long frac = 0;
  if (strcmp(s, "#") == 0)
    return SK_NULL;
  for (const char *p = s; *p; p++)
    if (!strchr("0123456789+-.eE", *p))
      return SK_SPECIAL;
  if (dot)
    frac = (long)((e ? e : s + strlen(s)) - dot - 1);
  d->exp = (e ? strtol(e + 1, NULL, 10) : 0) - frac;
  if (labs(d->exp) > EXP_LIMIT || (e && strlen(e) > 8))
    return SK_RANGE;
  if (num_parse_cell(&d->v, s, strlen(s), '.', &bad) != NUM_OK)
    return SK_INVALID;
  d->negzero = s[0] == '-' && num_is_zero(&d->v);
  return -1;
}

static NumRound mode_of(const char *name, bool *ok) {
  static const struct {
    const char *name;
    NumRound mode;
  } modes[] = {{"half_up", NUM_HALF_UP}, {"half_even", NUM_HALF_EVEN}, {"down", NUM_TRUNC},
               {"floor", NUM_FLOOR},     {"ceiling", NUM_CEIL}};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (strcasecmp(name, modes[i].name) == 0)
      return *ok = true, modes[i].mode;
  *ok = false;
  return NUM_TRUNC;
}

/* The smallest exponent e with x = c × 10^e (c integer), or LONG_MIN if x does not terminate. */
static long min_exponent(const Num *x) {
  int dec = num_decimals(x);
  long e = 0;
  Num y = NUM_INIT, ten = NUM_INIT;
  if (dec != 0 || num_is_zero(x))
    return dec < 0 ? -2147483647L : -dec;
  num_set(&y, x);
  num_set_long(&ten, 10);
  while (num_div(&y, &y, &ten) && num_is_integer(&y))
    e++;
  num_clear(&y);
  num_clear(&ten);
  return e;
}

/* Round the exact x (ideal exponent `ideal`) to the context's precision: the decTest rule
 * for add, subtract, multiply, divide and power. Sets out (value, exponent); returns false
 * when a rounding was needed in a mode we do not have. */
static bool fit_precision(Dec *out, const Num *x, long ideal, const Ctx *c, bool *inexact) {
  long adj, ed, emin;
  bool ok;
  NumRound mode = mode_of(c->rounding, &ok);
  *inexact = false;
  num_set(&out->v, x);
  if (num_is_zero(x))
    return out->exp = ideal, true;
  adj = num_ilog10(x);
  ed = adj - c->precision + 1;
  emin = min_exponent(x);
  if (emin >= ed) {
    long e = ideal < emin ? ideal : emin;
    out->exp = e > ed ? e : ed;
    return true;
  }
  if (!ok)
    return false;
  num_round(&out->v, x, (int)-ed, mode);
  out->exp = num_ilog10(&out->v) > adj ? ed + 1 : ed;
  *inexact = true;
  return true;
}

/* ---- one test ---------------------------------------------------------------------------- */

typedef struct {
  const char *id, *op;
  Dec a, b, want;
  int nops;
  bool inexact, divzero_flag;
} Case;

static void trunc_div(Num *q, const Num *a, const Num *b, NumRound mode) {
  num_div(q, a, b);
  num_round(q, q, 0, mode);
}

/* a - b × round(a / b) with mode: remainder (TRUNC) and remaindernear (HALF_EVEN). */
static void rem_of(Num *r, const Num *a, const Num *b, NumRound mode) {
  Num q = NUM_INIT;
  trunc_div(&q, a, b, mode);
  num_mul(&q, &q, b);
  num_sub(r, a, &q);
  num_clear(&q);
}

static long min_l(long a, long b) { return a < b ? a : b; }

/* Compute the case into got. Returns 1 done, 0 skip for rounding mode, -1 unknown op. */
static int compute(Case *t, Dec *got, const Ctx *c, bool *inexact) {
  Num x = NUM_INIT;
  long ideal;
  int done = 1;
  const char *op = t->op;
  *inexact = false;
  if (!strcasecmp(op, "add") || !strcasecmp(op, "subtract")) {
    (op[0] == 'a' ? num_add : num_sub)(&x, &t->a.v, &t->b.v);
    ideal = min_l(t->a.exp, t->b.exp);
  } else if (!strcasecmp(op, "multiply")) {
    num_mul(&x, &t->a.v, &t->b.v);
    ideal = t->a.exp + t->b.exp;
  } else if (!strcasecmp(op, "divide")) {
    num_div(&x, &t->a.v, &t->b.v);
    ideal = t->a.exp - t->b.exp;
  } else if (!strcasecmp(op, "divideint")) {
    trunc_div(&x, &t->a.v, &t->b.v, NUM_TRUNC);
    ideal = 0;
  } else if (!strcasecmp(op, "remainder") || !strcasecmp(op, "remaindernear")) {
    rem_of(&x, &t->a.v, &t->b.v, strlen(op) > 9 ? NUM_HALF_EVEN : NUM_TRUNC);
    ideal = min_l(t->a.exp, t->b.exp);
  } else if (!strcasecmp(op, "apply")) {
    num_set(&x, &t->a.v);
    ideal = t->a.exp;
  } else if (!strcasecmp(op, "power")) {
    long n = 0;
    if (!num_to_long(&t->b.v, &n) || !num_pow(&x, &t->a.v, n))
      return num_clear(&x), -1;
    ideal = t->a.exp * n;
  } else {
    return num_clear(&x), -1;
  }
  done = fit_precision(got, &x, ideal, c, inexact) ? 1 : 0;
  num_clear(&x);
  return done;
}

/* quantize: a rounded to b's exponent; compare: -1, 0, 1. */
static int compute_special(Case *t, Dec *got, const Ctx *c, bool *inexact) {
  bool ok;
  NumRound mode = mode_of(c->rounding, &ok);
  if (!strcasecmp(t->op, "compare")) {
    num_set_long(&got->v, num_cmp(&t->a.v, &t->b.v));
    got->exp = 0;
    *inexact = false;
    return 1;
  }
  num_round(&got->v, &t->a.v, (int)-t->b.exp, mode);
  got->exp = t->b.exp;
  *inexact = num_cmp(&got->v, &t->a.v) != 0;
  return *inexact && !ok ? 0 : 1;
}

static void show(Ctx *c, const Case *t, const Dec *got, bool inexact) {
  char g[256], w[256];
  if (c->shown++ >= 40)
    return;
  num_fmt_exact(g, sizeof g, &got->v);
  num_fmt_exact(w, sizeof w, &t->want.v);
  fprintf(stderr, "FAIL %s %s: got %s (exp %ld%s), want %s (exp %ld%s)\n", t->id, t->op, g,
          got->exp, inexact ? ", inexact" : "", w, t->want.exp, t->inexact ? ", inexact" : "");
}

/* Division by zero: num_div must refuse (the decTest result is Infinity or NaN). */
static bool is_divzero(const Case *t) {
  const char *op = t->op;
  return t->nops == 2 && num_is_zero(&t->b.v) &&
         (!strcasecmp(op, "divide") || !strcasecmp(op, "divideint"));
}

static void run_case(Ctx *c, Case *t) {
  Dec got = {NUM_INIT, 0, false};
  bool inexact, quant = !strcasecmp(t->op, "quantize") || !strcasecmp(t->op, "compare");
  int done = quant ? compute_special(t, &got, c, &inexact) : compute(t, &got, c, &inexact);
  if (done == 0) {
    c->skipped[SK_MODE]++;
  } else if (done < 0) {
    fprintf(stderr, "FAIL %s: operation %s not handled\n", t->id, t->op);
    c->run++;
  } else if (num_cmp(&got.v, &t->want.v) != 0 || got.exp != t->want.exp ||
             inexact != t->inexact) {
    show(c, t, &got, inexact);
    c->run++;
  } else {
    c->run++;
    c->passed++;
    if (t->want.negzero)
      c->skipped[SK_NEGZERO]++; /* counted as run: only the sign is not checked */
  }
  num_clear(&got.v);
}

static bool has(char **tok, int from, int n, const char *cond) {
  for (int i = from; i < n; i++)
    if (!strcasecmp(tok[i], cond))
      return true;
  return false;
}

/* Why the conditions exclude the case, or -1. */
static int skip_conditions(char **tok, int from, int n) {
  static const char *limits[] = {"Overflow", "Underflow", "Subnormal", "Clamped"};
  static const char *invalid[] = {"Invalid_operation", "Division_impossible",
                                  "Conversion_syntax", "Insufficient_storage",
                                  "Invalid_context",   "Lost_digits"};
  for (size_t i = 0; i < 4; i++)
    if (has(tok, from, n, limits[i]))
      return SK_LIMITS;
  for (size_t i = 0; i < 6; i++)
    if (has(tok, from, n, invalid[i]))
      return SK_INVALID;
  return -1;
}

static void test_line(Ctx *c, char **tok, int n) {
  Case t = {tok[0], tok[1], {NUM_INIT, 0, false}, {NUM_INIT, 0, false},
            {NUM_INIT, 0, false}, 0, false, false};
  int arrow = 2, why = -1;
  while (arrow < n && strcmp(tok[arrow], "->") != 0)
    arrow++;
  if (arrow + 1 >= n)
    return;
  t.nops = arrow - 2;
  t.divzero_flag = has(tok, arrow + 2, n, "Division_by_zero") ||
                   has(tok, arrow + 2, n, "Division_undefined");
  t.inexact = has(tok, arrow + 2, n, "Inexact");
  if (t.nops >= 1)
    why = dec_parse(&t.a, tok[2]);
  if (why < 0 && t.nops >= 2)
    why = dec_parse(&t.b, tok[3]);
  if (why < 0 && is_divzero(&t) && t.divzero_flag) {
    Num q = NUM_INIT;
    c->run++;
    c->divzero++;
    c->passed += !num_div(&q, &t.a.v, &t.b.v);
    num_clear(&q);
    goto done;
  }
  if (why < 0)
    why = skip_conditions(tok, arrow + 2, n);
  if (why < 0)
    why = dec_parse(&t.want, tok[arrow + 1]);
  if (why >= 0)
    c->skipped[why]++;
  else
    run_case(c, &t);
done:
  num_clear(&t.a.v);
  num_clear(&t.b.v);
  num_clear(&t.want.v);
}

static void directive(Ctx *c, char **tok, int n, char *keep) {
  if (n < 2)
    return;
  if (!strcasecmp(tok[0], "precision:"))
    c->precision = strtol(tok[1], NULL, 10);
  else if (!strcasecmp(tok[0], "rounding:"))
    c->rounding = strcpy(keep, tok[1]);
}

static void run_file(Ctx *c, const char *path) {
  char line[4096], *tok[MAX_TOK], rounding[32] = "half_up";
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    c->run++;
    return;
  }
  c->precision = 9;
  c->rounding = rounding;
  while (fgets(line, sizeof line, f)) {
    int n = tokenize(line, tok);
    if (n == 0)
      continue;
    if (tok[0][strlen(tok[0]) - 1] == ':')
      directive(c, tok, n, rounding);
    else if (n >= 4)
      test_line(c, tok, n);
  }
  fclose(f);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  Ctx c = {0};
  char *names[64], path[4096];
  int nn = 0;
  struct dirent *de;
  DIR *dir = argc > 1 ? opendir(argv[1]) : NULL;
  if (!dir) {
    fprintf(stderr, "usage: conf_dectest DIR (the folder of *.decTest files)\n");
    return 2;
  }
  while ((de = readdir(dir)) && nn < 64)
    if (strstr(de->d_name, ".decTest"))
      names[nn++] = strdup(de->d_name);
  closedir(dir);
  qsort(names, (size_t)nn, sizeof names[0], by_name);
  for (int i = 0; i < nn; i++) {
    snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
    run_file(&c, path);
    free(names[i]);
  }
  long skipped = 0;
  for (int i = 0; i < SK_COUNT - 1; i++)
    skipped += c.skipped[i];
  printf("dectest: %ld run, %ld passed, %ld skipped (", c.run, c.passed, skipped);
  for (int i = 0; i < SK_COUNT - 1; i++)
    printf("%s%s %ld", i ? ", " : "", skip_names[i], c.skipped[i]);
  printf("); of the run: %ld division by zero, %ld -0 results compared without sign\n",
         c.divzero, c.skipped[SK_NEGZERO]);
  return c.run == c.passed && c.run > 0 ? 0 : 1;
}
