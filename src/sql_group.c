/* sql_group.c — group-level values as exact fractions (SVal, see sql_int.h): aggregates
 * read from a table pass, arithmetic that never divides (a / b only swaps numerators and
 * denominators), comparisons by sign, and the one real division, the rounding to a whole
 * number of 10^-k (sq_round_int), done on exact integers or NUMERIC (DIV), never in floating
 * point. Constant denominators are combined exactly in C (least common multiple), so a sum
 * of many valuations does not grow its denominator. */
#include "intl.h"
#include "sql_int.h"
#include <stdlib.h>
#include <string.h>

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }
static const char *div_sql(SqlGen *g, const char *a, const char *b) {
  return arena_printf(g->a, duck(g) ? "((%s) // (%s))" : "div(%s, %s)", a, b);
}

/* ---- constant integers (texts), exactly ---- */
static const char *int_op(SqlGen *g, const char *a, const char *b, char op) {
  Num x, y, r;
  num_init(&x); num_init(&y); num_init(&r);
  num_parse_literal(&x, a[0] == '-' ? a + 1 : a);   /* literals have no sign */
  num_parse_literal(&y, b[0] == '-' ? b + 1 : b);
  if (a[0] == '-') num_neg(&x, &x);
  if (b[0] == '-') num_neg(&y, &y);
  if (op == '*') num_mul(&r, &x, &y);
  else if (op == '/') num_div(&r, &x, &y);
  else {                                            /* gcd */
    num_abs(&x, &x); num_abs(&y, &y);
    while (!num_is_zero(&y)) {
      num_div(&r, &x, &y); num_floor(&r, &r); num_mul(&r, &r, &y); num_sub(&r, &x, &r);
      num_set(&x, &y); num_set(&y, &r);
    }
    num_set(&r, &x);
  }
  char buf[4096];
  num_fmt_exact(buf, sizeof buf, &r);
  num_clear(&x); num_clear(&y); num_clear(&r);
  return arena_strdup(g->a, buf);
}

static bool is_one(const char *s) { return !strcmp(s, "1"); }

static const char *times(SqlGen *g, const char *sql, const char *k) {
  return is_one(k) ? sql : arena_printf(g->a, "(%s * %s)", sql, sq_int(g, k));
}

const char *sq_den(SqlGen *g, SVal v) { return v.d ? v.d : sq_int(g, v.dc); }

/* x × v's denominator (x itself when that is the constant 1). */
static const char *by_den(SqlGen *g, const char *x, SVal v) {
  return !v.d && is_one(v.dc) ? x : arena_printf(g->a, "(%s * %s)", x, sq_den(g, v));
}

const char *sq_missing(SqlGen *g, SVal v) {
  return v.d ? arena_printf(g->a, "(%s IS NULL OR %s IS NULL OR %s = 0)", v.n, v.d, v.d) : arena_printf(g->a, "(%s IS NULL)", v.n);
}

/* ---- arithmetic ---- */
SVal sq_add(SqlGen *g, SVal a, SVal b) {
  SVal r = {SK_NUM, NULL, NULL, "1", NULL, (a.approx | b.approx)};
  if (!a.d && !b.d) {
    const char *l = int_op(g, int_op(g, a.dc, b.dc, '*'), int_op(g, a.dc, b.dc, 'g'), '/');   /* lcm */
    r.n = arena_printf(g->a, "(%s + %s)", times(g, a.n, int_op(g, l, a.dc, '/')), times(g, b.n, int_op(g, l, b.dc, '/')));
    r.dc = l;
    return r;
  }
  r.n = arena_printf(g->a, "(%s + %s)", by_den(g, a.n, b), by_den(g, b.n, a));
  r.d = by_den(g, sq_den(g, a), b);
  return r;
}

SVal sq_neg(SqlGen *g, SVal a) {
  a.n = arena_printf(g->a, "(- %s)", a.n);
  if (a.cn) a.cn = a.cn[0] == '-' ? a.cn + 1 : arena_printf(g->a, "-%s", a.cn);
  return a;
}

SVal sq_mul(SqlGen *g, SVal a, SVal b) {
  SVal r = {SK_NUM, NULL, NULL, "1", NULL, (a.approx | b.approx)};
  if (!a.d && !b.d && a.cn && !b.cn) { SVal t = a; a = b; b = t; }
  if (!a.d && !b.d && b.cn && !a.cn) {   /* by a constant: its numerator cancels with a's denominator first */
    const char *gc = int_op(g, b.cn, a.dc, 'g');
    r.n = times(g, a.n, int_op(g, b.cn, gc, '/'));
    r.dc = int_op(g, int_op(g, a.dc, gc, '/'), b.dc, '*');
    return r;
  }
  r.n = a.cn && is_one(a.cn) ? b.n : b.cn && is_one(b.cn) ? a.n : arena_printf(g->a, "(%s * %s)", a.n, b.n);
  if (!a.d && !b.d) r.dc = int_op(g, a.dc, b.dc, '*');
  else r.d = a.d ? by_den(g, a.d, b) : by_den(g, b.d, a);
  return r;
}

SVal sq_div(SqlGen *g, SVal a, SVal b) {
  if (b.cn && strcmp(b.cn, "0")) {                  /* by a non-zero constant: still constant denominators */
    bool negb = b.cn[0] == '-';
    SVal k = {SK_NUM, sq_int(g, b.dc), NULL, negb ? b.cn + 1 : b.cn, b.dc, false};
    SVal r = sq_mul(g, a, k);
    return negb ? sq_neg(g, r) : r;
  }
  /* a / (n/d) = a·d / n; when d is 0, b has no value, and neither has the quotient */
  const char *den = by_den(g, b.n, a);
  if (b.d) den = arena_printf(g->a, "(CASE WHEN %s = 0 THEN %s ELSE %s END)", b.d, sq_int(g, "0"), den);
  SVal r = {SK_NUM, by_den(g, a.n, b), den, "1", NULL, (a.approx | b.approx)};
  return r;
}

SVal sq_zero_if_missing(SqlGen *g, SVal v) {
  const char *miss = sq_missing(g, v);
  v.n = arena_printf(g->a, "(CASE WHEN %s THEN %s ELSE %s END)", miss, sq_int(g, "0"), v.n);
  if (v.d) v.d = arena_printf(g->a, "(CASE WHEN %s THEN %s ELSE %s END)", miss, sq_int(g, "1"), v.d);
  return v;
}

/* ---- rounding ---- */
/* round(N/D) for N = n·10^k, D = d, with sign s and |N|, |D|; modes in NumRound order:
 * half away from zero, half even, truncate, floor, ceiling. */
const char *sq_round_int(SqlGen *g, SVal v, int k, int mode) {
  const char *n = k >= 0 ? times(g, v.n, sq_pow10(g, k)) : v.n;
  const char *d = k >= 0 ? sq_den(g, v) : arena_printf(g->a, "(%s * %s)", sq_den(g, v), sq_int(g, sq_pow10(g, -k)));
  if (k >= 0 && !v.d) {   /* 10^k and a constant denominator cancel first (DuckDB's integers have 38 digits) */
    const char *gc = int_op(g, sq_pow10(g, k), v.dc, 'g');
    n = times(g, v.n, int_op(g, sq_pow10(g, k), gc, '/'));
    d = sq_int(g, int_op(g, v.dc, gc, '/'));
  }
  const char *an = arena_printf(g->a, "abs(%s)", n), *ad = arena_printf(g->a, "abs(%s)", d);
  const char *s = arena_printf(g->a, "(sign(%s) * sign(%s))", n, d), *q = div_sql(g, an, ad), *r;
  const char *rem = arena_printf(g->a, "(%s - %s * %s)", an, q, ad);
  switch (mode) {
  case 1: r = arena_printf(g->a, "(%s + CASE WHEN 2 * %s > %s OR (2 * %s = %s AND %s %% 2 = 1) THEN 1 ELSE 0 END)", q, rem, ad, rem, ad, q); break;
  case 2: r = q; break;
  case 3: r = arena_printf(g->a, "(%s + CASE WHEN %s < 0 AND %s > 0 THEN 1 ELSE 0 END)", q, s, rem); break;
  case 4: r = arena_printf(g->a, "(%s + CASE WHEN %s > 0 AND %s > 0 THEN 1 ELSE 0 END)", q, s, rem); break;
  default: r = div_sql(g, arena_printf(g->a, "2 * %s + %s", an, ad), arena_printf(g->a, "2 * %s", ad)); break;
  }
  const char *out = arena_printf(g->a, "(%s * %s)", s, r);
  if (k < 0) out = arena_printf(g->a, "(%s * %s)", out, sq_int(g, sq_pow10(g, -k)));
  return v.d ? arena_printf(g->a, "(CASE WHEN %s = 0 THEN NULL ELSE %s END)", v.d, out) : out;
}

const char *sq_format(SqlGen *g, SVal v, int k) {
  const char *r = sq_round_int(g, v, k, 0);
  if (k == 0) return arena_printf(g->a, duck(g) ? "CAST(%s AS VARCHAR)" : "(%s)::text", r);
  const char *unit = arena_printf(g->a, "0.%.*s1", k - 1, "000000000000000000000000000000");
  if (duck(g)) return arena_printf(g->a, "CAST(CAST(%s AS DECIMAL(38,0)) * %s AS VARCHAR)", r, unit);
  return arena_printf(g->a, "(%s * %s)::text", r, unit);
}

/* ---- aggregates ---- */
static const char *lift_count(SqlGen *g, const char *ref) {
  return arena_printf(g->a, duck(g) ? "CAST(coalesce(%s, 0) AS HUGEINT)" : "coalesce(%s, 0)::numeric", ref);
}

/* An exact decimal aggregate as a fraction: PostgreSQL keeps NUMERIC; DuckDB scales to an
 * integer. zero: a missing sum is 0 (no row), else it stays missing. */
static SVal lift_dec(SqlGen *g, const char *ref, int scale, bool zero, unsigned approx) {
  const char *x = zero ? arena_printf(g->a, "coalesce(%s, 0)", ref) : ref;
  if (!duck(g)) return (SVal){SK_NUM, arena_printf(g->a, "(%s)::numeric", x), NULL, "1", NULL, approx};
  const char *n = scale ? arena_printf(g->a, "CAST(%s * %s AS HUGEINT)", x, sq_pow10(g, scale)) : arena_printf(g->a, "CAST(%s AS HUGEINT)", x);
  if (scale > SQL_DUCK_SCALE)   /* x·10^s would overflow DECIMAL(38, s) past 10^(38-2s): whole and fractional parts apart */
    n = arena_printf(g->a, "(CAST(trunc(%s) AS HUGEINT) * %s + CAST((%s - trunc(%s)) * %s AS HUGEINT))", x,
                     sq_int(g, sq_pow10(g, scale)), x, x, sq_pow10(g, scale));
  return (SVal){SK_NUM, n, NULL, sq_pow10(g, scale), NULL, approx};
}

static const char *agg_col(SqlGen *g, GCtx *cx, SPass *p, const char *sql) {
  return arena_printf(g->a, "%s.a%d", sq_ref(g, cx, p, cx->by), sq_pass_agg(g, p, sql));
}

/* The table of an aggregate's first argument, as the checker annotated it, or NULL. */
static Sym *agg_table(const Module *m, const Expr *arg, const Expr **filter) {
  (void)m;
  *filter = NULL;
  if (arg->kind == EX_WHERE) { *filter = arg->where.cond; arg = arg->where.table; }
  return arg->ann.kind == ANN_TABLE ? arg->ann.sym : NULL;
}

static SVal grp_fail(void) { return (SVal){SK_NUM, "NULL", NULL, "1", NULL, false}; }

static SVal grp_agg(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, BuiltinId b) {
  const Expr *fe;
  Sym *t = e->call.args.n ? agg_table(m, e->call.args.v[0], &fe) : NULL;
  if (!t) { sq_fail(g, e->loc, _("'%s' needs a table"), e->call.name); return grp_fail(); }
  SPass *p = sq_pass(g, t);
  if (cx->by) sq_pass_by(g, p, cx->by);
  SRow f = fe ? sq_row(g, p, m, fe, false) : (SRow){SK_BOOL, NULL, 0, false};
  SRow x = e->call.args.n > 1 ? sq_row(g, p, m, e->call.args.v[1], false) : (SRow){SK_NUM, NULL, 0, false};
  const char *flt = f.sql ? arena_printf(g->a, " FILTER (WHERE %s)", f.sql) : "";
  const char *xs = x.sql && duck(g) && x.k == SK_NUM ? arena_printf(g->a, "CAST(%s AS DECIMAL(38,%d))", x.sql, x.scale) : x.sql;
  unsigned approx = f.approx | x.approx;
  switch (b) {
  case B_COUNT: return (SVal){SK_NUM, lift_count(g, agg_col(g, cx, p, arena_printf(g->a, "count(*)%s", flt))), NULL, "1", NULL, approx};
  case B_SUM: return lift_dec(g, agg_col(g, cx, p, arena_printf(g->a, "sum(%s)%s", xs, flt)), x.scale, true, approx);
  case B_MIN: case B_MAX:
    return lift_dec(g, agg_col(g, cx, p, arena_printf(g->a, "%s(%s)%s", b == B_MIN ? "min" : "max", xs, flt)), x.scale, false, approx);
  case B_COUNT_DISTINCT:
    return (SVal){SK_NUM, lift_count(g, agg_col(g, cx, p, arena_printf(g->a, "count(DISTINCT %s)%s", x.sql, flt))), NULL, "1", NULL, approx};
  case B_SHARE: {
    SVal r = {SK_NUM, lift_count(g, agg_col(g, cx, p, arena_printf(g->a, "count(*)%s", flt))), NULL, "1", NULL, approx};
    r.d = lift_count(g, agg_col(g, cx, p, "count(*)"));
    return r;
  }
  case B_MEAN: {
    SVal r = lift_dec(g, agg_col(g, cx, p, arena_printf(g->a, "sum(%s)%s", xs, flt)), x.scale, true, approx);
    r.d = arena_printf(g->a, "(%s * %s)", lift_count(g, agg_col(g, cx, p, arena_printf(g->a, "count(%s)%s", x.sql, flt))), sq_int(g, r.dc));
    r.dc = "1";
    return r;
  }
  case B_MEDIAN: {   /* exactly: the mean of the two middle values, each a value of the rows (disc(x) and -disc(-x)) */
    const char *lo = duck(g) ? arena_printf(g->a, "quantile_disc(%s, 0.5)%s", xs, flt)
                             : arena_printf(g->a, "percentile_disc(0.5) WITHIN GROUP (ORDER BY %s)%s", xs, flt);
    const char *hi = duck(g) ? arena_printf(g->a, "(- quantile_disc(- %s, 0.5)%s)", xs, flt)
                             : arena_printf(g->a, "(- percentile_disc(0.5) WITHIN GROUP (ORDER BY - %s)%s)", xs, flt);
    SVal two = {SK_NUM, sq_int(g, "2"), NULL, "1", "2", 0};
    SVal l = lift_dec(g, agg_col(g, cx, p, lo), x.scale, false, approx);   /* in this order: the pass's columns */
    SVal h = lift_dec(g, agg_col(g, cx, p, hi), x.scale, false, approx);
    return sq_div(g, sq_add(g, l, h), two);
  }
  default: sq_fail(g, e->loc, _("'%s' has no SQL form"), e->call.name); return grp_fail();
  }
}

/* ---- expressions ---- */
static SVal grp_at(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool pct, int depth);

static const char *cmp_text(Op op) {
  static const char *const ops[] = {[OP_EQ] = "=", [OP_NE] = "<>", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">="};
  return ops[op];
}

static SVal boolean(const char *sql, unsigned approx) { return (SVal){SK_BOOL, sql, NULL, "1", NULL, approx}; }

static SVal compare(SqlGen *g, Op op, SVal a, SVal b) {
  if (a.k != SK_NUM || b.k != SK_NUM)
    return boolean(arena_printf(g->a, "(%s %s %s%s)", a.n, cmp_text(op), b.n, a.k == SK_TEXT && !duck(g) ? " COLLATE \"C\"" : ""), false);
  SVal dif = sq_add(g, a, sq_neg(g, b));
  if (!dif.d) return boolean(arena_printf(g->a, "(%s %s 0)", dif.n, cmp_text(op)), dif.approx);
  return boolean(arena_printf(g->a, "(CASE WHEN %s = 0 THEN NULL ELSE sign(%s) * sign(%s) %s 0 END)", dif.d, dif.n, dif.d, cmp_text(op)), dif.approx);
}

static SVal grp_binary(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool pct, int depth) {
  bool terms = e->bin.op == OP_ADD || e->bin.op == OP_SUB;
  SVal a = grp_at(g, cx, m, e->bin.l, terms && pct, depth + 1), b = grp_at(g, cx, m, e->bin.r, terms && pct, depth + 1);
  switch (e->bin.op) {
  case OP_ADD: return sq_add(g, a, b);
  case OP_SUB: return sq_add(g, a, sq_neg(g, b));
  case OP_MUL: return sq_mul(g, a, b);
  case OP_DIV: return sq_div(g, a, b);
  case OP_AND: case OP_OR: return boolean(arena_printf(g->a, "(%s %s %s)", a.n, e->bin.op == OP_AND ? "AND" : "OR", b.n), a.approx | b.approx);
  case OP_POW: {
    long k = b.cn && is_one(b.dc) ? strtol(b.cn, NULL, 10) : 0;
    if (!k || k < -16 || k > 16) { sq_fail(g, e->loc, _("'^' needs a constant whole exponent from -16 to 16 (not 0)")); return grp_fail(); }
    SVal r = a;
    for (long i = 1; i < labs(k); i++) r = sq_mul(g, r, a);
    if (k < 0) { SVal one = {SK_NUM, sq_int(g, "1"), NULL, "1", "1", false}; r = sq_div(g, one, r); }
    return r;
  }
  default: return compare(g, e->bin.op, a, b);
  }
}

/* CASE WHEN c THEN a WHEN NOT c THEN b END, on both parts of the fractions. */
static SVal choose(SqlGen *g, const char *c, SVal a, SVal b) {
  SVal r = {a.k, NULL, NULL, "1", NULL, (a.approx | b.approx)};
  r.n = arena_printf(g->a, "(CASE WHEN %s THEN %s WHEN NOT %s THEN %s END)", c, a.n, c, b.n);
  if (a.k == SK_NUM && (a.d || b.d || strcmp(a.dc, b.dc)))
    r.d = arena_printf(g->a, "(CASE WHEN %s THEN %s ELSE %s END)", c, sq_den(g, a), sq_den(g, b));
  else r.dc = a.dc;
  return r;
}

static SVal grp_call(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool pct, int depth) {
  BuiltinId b = e->ann.kind == ANN_CALL ? (BuiltinId)e->ann.fn : B__COUNT;   /* as the checker read it */
  if (b != B__COUNT && e->ann.agg) return grp_agg(g, cx, m, e, b);
  if (b == B__COUNT || b == B_YEAR) { sq_fail(g, e->loc, _("'%s' has no SQL form here"), e->call.name); return grp_fail(); }
  SVal a = grp_at(g, cx, m, e->call.args.v[0], pct, depth + 1);
  SVal c = e->call.args.n > 1 && b != B_ROUND ? grp_at(g, cx, m, e->call.args.v[1], pct, depth + 1) : a;
  switch (b) {
  case B_DEFAULT: return choose(g, sq_missing(g, a), c, a);
  case B_ABS:
    a.n = arena_printf(g->a, "abs(%s)", a.n);
    if (a.d) a.d = arena_printf(g->a, "abs(%s)", a.d);
    if (a.cn && a.cn[0] == '-') a.cn++;
    return a;
  case B_MIN: case B_MAX: {
    SVal le = compare(g, b == B_MIN ? OP_LE : OP_GE, a, c);
    return choose(g, le.n, a, c);
  }
  case B_FLOOR: case B_CEIL:
    return (SVal){SK_NUM, sq_round_int(g, a, 0, b == B_FLOOR ? 3 : 4), NULL, "1", NULL, a.approx};
  case B_ROUND: {
    Num k;
    num_init(&k);
    long d = 0;
    bool ok = sq_fold(g, m, e->call.args.v[1], false, &k) && num_to_long(&k, &d) && d > -30 && d < 30;
    num_clear(&k);
    int mode = e->call.args.n < 3 ? 0 : e->call.args.v[2]->ann.kind == ANN_WORD ? e->call.args.v[2]->ann.word : -1;
    if (!ok || mode < 0) { sq_fail(g, e->loc, _("'arrondi' needs constant decimals")); return grp_fail(); }
    return (SVal){SK_NUM, sq_round_int(g, a, (int)d, mode), NULL, d > 0 ? sq_pow10(g, (int)d) : "1", NULL, a.approx};
  }
  default: sq_fail(g, e->loc, _("'%s' has no SQL form here"), e->call.name); return grp_fail();
  }
}

static SVal grp_name(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, int depth) {
  (void)m;
  Resolved r = {.kind = e->ann.kind == ANN_GLOBAL ? R_GLOBAL : R_NONE, .sym = e->ann.sym};   /* as the checker resolved it */
  if (r.kind != R_GLOBAL) { sq_fail(g, e->loc, _("'%s' is not a value here"), e->name.parts[0]); return grp_fail(); }
  switch (r.sym->kind) {
  case S_PARAM: {
    const Expr *v;
    const Module *vm;
    if (!sq_param(g, r.sym, &v, &vm)) { sq_fail(g, e->loc, _("parameter '%s' has no value in force"), r.sym->name); return grp_fail(); }
    return grp_at(g, cx, vm, v, sq_percent_unit(r.sym->decl->unit), depth + 1);
  }
  case S_INDICATOR: return sq_indicator_value(g, cx, r.sym, e->loc);
  case S_VALUATION: return sq_valuation_total(g, cx, r.sym, e->loc);
  case S_COST: return sq_cost_value(g, cx, r.sym, e->loc);
  default: sq_fail(g, e->loc, _("'%s' is not a value here"), r.sym->name); return grp_fail();
  }
}

static SVal grp_match(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool pct, int depth) {
  SVal s = grp_at(g, cx, m, e->match.subject, false, depth + 1);
  SVal out = {SK_NUM, "NULL", NULL, "1", NULL, s.approx};
  for (int i = e->match.arms.n - 1; i >= 0; i--) {   /* built from the last arm: autre, then the others */
    const MatchArm *arm = e->match.arms.v[i];
    if (arm->other) { out = grp_at(g, cx, m, arm->value, pct, depth + 1); break; }
  }
  for (int i = e->match.arms.n - 1; i >= 0; i--) {
    const MatchArm *arm = e->match.arms.v[i];
    if (arm->other) continue;
    const char *cond = NULL;
    unsigned approx = 0;
    for (int j = 0; j < arm->keys.n; j++) {
      SVal k = grp_at(g, cx, m, arm->keys.v[j], false, depth + 1);
      SVal eq = compare(g, OP_EQ, s, k);
      cond = arena_printf(g->a, "%s%s%s", cond ? cond : "", cond ? " OR " : "", eq.n);
      approx |= eq.approx;
    }
    SVal v = grp_at(g, cx, m, arm->value, pct, depth + 1);
    out = choose(g, arena_printf(g->a, "coalesce(%s, FALSE)", cond ? cond : "FALSE"), v, out);
    out.approx |= approx;
  }
  SVal none = {out.k, "NULL", NULL, "1", NULL, s.approx};
  return choose(g, arena_printf(g->a, "(%s)", sq_missing(g, s)), none, out);
}

static SVal grp_at(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool pct, int depth) {
  if (depth > 64) { sq_fail(g, e->loc, _("expression too deep")); return grp_fail(); }
  Num v;
  num_init(&v);
  if (sq_fold(g, m, e, pct, &v)) { SVal r = sq_const(g, &v); num_clear(&v); return r; }
  num_clear(&v);
  switch (e->kind) {
  case EX_STR: return (SVal){SK_TEXT, sq_text(g, e->str), NULL, "1", NULL, false};
  case EX_BOOL: return boolean(e->boolean ? "TRUE" : "FALSE", false);
  case EX_DATE: return (SVal){SK_DATE, arena_printf(g->a, "DATE '%s'", e->str), NULL, "1", NULL, false};
  case EX_NAME: return grp_name(g, cx, m, e, depth);
  case EX_UNARY: {
    SVal a = grp_at(g, cx, m, e->un.e, pct, depth + 1);
    return e->un.op == OP_NOT ? boolean(arena_printf(g->a, "(NOT %s)", a.n), a.approx) : sq_neg(g, a);
  }
  case EX_BINARY: return grp_binary(g, cx, m, e, pct, depth);
  case EX_IF: {
    SVal c = grp_at(g, cx, m, e->ifx.cond, false, depth + 1);
    SVal r = choose(g, c.n, grp_at(g, cx, m, e->ifx.then, pct, depth + 1), grp_at(g, cx, m, e->ifx.els, pct, depth + 1));
    r.approx |= c.approx;
    return r;
  }
  case EX_MATCH: return grp_match(g, cx, m, e, pct, depth);
  case EX_CALL: return grp_call(g, cx, m, e, pct, depth);
  case EX_IN: {
    SVal s = grp_at(g, cx, m, e->in.subject, false, depth + 1);
    const char *cond = NULL;
    for (int i = 0; i < e->in.items.n; i++) {
      SVal eq = compare(g, OP_EQ, s, grp_at(g, cx, m, e->in.items.v[i], false, depth + 1));
      cond = arena_printf(g->a, "%s%s%s", cond ? cond : "", cond ? " OR " : "", eq.n);
      s.approx |= eq.approx;
    }
    return boolean(arena_printf(g->a, "(CASE WHEN %s THEN NULL ELSE coalesce(%s, FALSE) END)", sq_missing(g, s), cond ? cond : "FALSE"), s.approx);
  }
  default: sq_fail(g, e->loc, _("this expression has no SQL form here")); return grp_fail();
  }
}

SVal sq_group(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool bare_percent) {
  return grp_at(g, cx, m, e, bare_percent, 0);
}
