/* sql_out.c — `pvs sql` from start to end (sql.h): choose the date and the scénario, compile
 * every indicator (its breakdown and the total), valuation (present value, impact per year,
 * share per stakeholder), cost, bilan and contrôle of the compilation into UNION ALL branches
 * over the table passes (sql.c), and write one script whose rows are those of
 * `pvs eval --format csv`, in the same order, parameters aside.
 *
 * The SROI arithmetic is linear in Q × P: its constant factors (a valuation's timeline, a
 * bilan's conventions, the discount factor of each year of a cost) are computed here, exactly,
 * by sroi.c — the same code as pvs eval — and written into the query as constants. */
#include "chk.h"
#include "eval.h"
#include "intl.h"
#include "sql_int.h"
#include "sroi.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One UNION ALL branch: its SELECT list, and the context whose FROM is written at the end,
 * once every pass knows all its dimensions (grouping ids depend on them). */
typedef struct Branch { const char *select, *where; GCtx cx; } Branch;
typedef struct Branches { Branch *v; int n, cap; } Branches;

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }

static SVal number(SqlGen *g, long v) {
  Num n;
  num_init(&n);
  num_set_long(&n, v);
  SVal r = sq_const(g, &n);
  num_clear(&n);
  return r;
}

static SVal constant(SqlGen *g, const Num *v) { return sq_const(g, v); }

static const char *nothing(SqlGen *g) { return duck(g) ? "CAST(NULL AS VARCHAR)" : "NULL::text"; }

static const Expr *field_expr(const Decl *d, FieldId f) {
  Item *it = schema_find(d, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

static const Expr *formula_of(const Decl *d) { return d->formula ? d->formula : field_expr(d, F_FORMULA); }

/* The sort text of a number's key k (its text, '' when not given) whose bytes sort as the
 * numbers do: 'n' then, for a negative, 99 minus the integer digits' count and the digits
 * complemented to 9, ended by '~'; 'p' then, for the others, the count and the digits. */
static const char *number_sort_key(SqlGen *g, const char *k) {
  const char *text = duck(g) ? "VARCHAR" : "text";
  const char *ip = arena_printf(g->a, "split_part(ltrim(%s, '-'), '.', 1)", k), *fp = arena_printf(g->a, "split_part(%s, '.', 2)", k);
  return arena_printf(g->a, "(CASE WHEN %s = '' THEN '' WHEN %s LIKE '-%%' THEN 'n' || lpad(CAST(99 - length(%s) AS %s), 2, '0') || "
                            "translate(%s || %s, '0123456789', '9876543210') || '~' ELSE 'p' || lpad(CAST(length(%s) AS %s), 2, '0') || %s || %s END)",
                      k, k, ip, text, ip, fp, ip, text, ip, fp);
}

/* One UNION ALL branch: a row per group of cx->by (or the total row) of declaration ord. A
 * number is the exact fraction vn/vd (rounded to `dec` decimals by the final SELECT, once:
 * the value's SQL is written twice, not once per step of the rounding); dyn: the decimals are
 * 0 when all the declaration's values are whole, else 2; txt: a text value instead (contrôles). */
static void add_branch(SqlGen *g, Branches *b, int ord, const GCtx *cx, int sub, const char *kind, const char *name, const SVal *v,
                       int dec, bool dyn, const char *txt, const char *exact, const char *unit, const char *where) {
  const char *dims = "''", *grp = "''", *sk = "''";
  if (cx->by) {
    dims = sq_text(g, arena_printf(g->a, "%s", cx->by->sig));
    grp = "k.k1";
    /* numbers by value, territories in each level's report order (sql_terr.c), as pvs eval */
    sk = cx->by->numeric[0] ? number_sort_key(g, "k.k1") : sq_sort_key(g, cx->by, 0);
    for (int d = 1; d < cx->by->ndims; d++) {
      const char *k = arena_printf(g->a, "k.k%d", d + 1);
      grp = arena_printf(g->a, "%s || '|' || %s", grp, k);
      sk = arena_printf(g->a, "%s || chr(31) || %s", sk, cx->by->numeric[d] ? number_sort_key(g, k) : sq_sort_key(g, cx->by, d));
    }
  }
  const char *vn = v ? v->n : "NULL", *vd = v ? sq_den(g, *v) : "NULL";   /* exact integers (DuckDB), numeric (PostgreSQL) */
  if (!strcmp(vn, "NULL")) vn = duck(g) ? "CAST(NULL AS HUGEINT)" : "NULL::numeric";
  if (!strcmp(vd, "NULL")) vd = duck(g) ? "CAST(NULL AS HUGEINT)" : "NULL::numeric";
  if (v) g->decs |= 1u << dec | (dyn ? 1u : 0);
  const char *sql = arena_printf(g->a, "    SELECT %d AS ord, %d AS is_total, %s AS sk, %d AS sub, '%s' AS kind, %s AS name, %s AS dimensions,\n"
                                       "      %s AS grp,\n      %s AS vn,\n      %s AS vd,\n      %d AS dec, %d AS dyn, %s AS txt, %s AS exact, %s AS unit\n    FROM ",
                                 ord, cx->by ? 0 : 1, sk, sub, kind, sq_text(g, name), dims, grp, vn, vd, dec, dyn ? 1 : 0,
                                 txt ? txt : nothing(g), exact ? exact : nothing(g), sq_text(g, unit));
  Branch br = {sql, where, *cx};
  ARENA_PUSH(g->a, b->v, b->n, b->cap, br);
}

/* A number rounded to dec decimals (money: 2). */
static void branch(SqlGen *g, Branches *b, int ord, const GCtx *cx, int sub, const char *kind, const char *name, SVal v, int dec,
                   const char *unit, const char *where) {
  add_branch(g, b, ord, cx, sub, kind, name, &v, dec, false, NULL, NULL, unit, where);
}

static const char *unit_text(SqlGen *g, const Sym *s) {
  const UnitExpr *u = chk_unit_of(s);
  if (!u) return "";
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ast_unit_print(f, u);
  fclose(f);
  const char *t = arena_strdup(g->a, buf);
  free(buf);
  return t;
}

/* Display decimals, as pvs eval: décimales:, else 2 for €, 1 for %, 0 for counts; -1 for a
 * quantity in one unit of things (logement, personne…): 0 when all its values are whole,
 * else 2, decided by the query (sql_compile's final SELECT). */
static long declared_decimals(const Sym *s) {   /* décimales:, -1 when absent */
  const Expr *d = field_expr(s->decl, F_DECIMALS);
  Num n;
  num_init(&n);
  long k = -1;
  if (d && d->kind == EX_NUM && num_parse_literal(&n, d->num.text)) num_to_long(&n, &k);
  num_clear(&n);
  return k;
}

static int decimals(const Sym *s, const Expr *f) {
  long k = declared_decimals(s);
  if (k >= 0 && k <= 18) return (int)k;
  const UnitExpr *u = chk_unit_of(s);
  if (u) {
    for (int i = 0; i < u->n; i++) if (!strcmp(u->terms[i].name, "€") || !strcmp(u->terms[i].name, "EUR")) return 2;
    if (u->n == 1 && !strcmp(u->terms[0].name, "%")) return 1;
    if (u->n == 1 && u->terms[0].exp == 1) return -1;
  }
  BuiltinId b = f && f->kind == EX_CALL ? schema_builtin_lookup(f->call.name) : B__COUNT;
  return b == B_COUNT || b == B_COUNT_DISTINCT ? 0 : 2;
}

static bool percent(const Sym *s) { return sq_percent_unit(chk_unit_of(s)); }

static SBy *by_of(SqlGen *g, const Item *by) {
  const char *dims[16];
  int nd = 0;
  for (int i = 0; by && i < by->values.n && nd < 16; i++) {
    const Expr *v = by->values.v[i]->value;
    if (v->kind == EX_NAME) dims[nd++] = v->name.parts[v->name.n - 1];
  }
  return sq_by(g, dims, nd);
}

/* --by DIM when every table e and f read can give it (as pvs eval), else NULL. */
static SBy *by_option(SqlGen *g, const Module *m, const Expr *e, const Expr *f) {
  const char *dim[1] = {g->o->by};
  if (!dim[0] || !ev_by_possible(m, e, dim[0], 0) || !ev_by_possible(m, f, dim[0], 0)) return NULL;
  g->by_used = true;
  return sq_by(g, dim, 1);
}

static SBy *indicator_by(SqlGen *g, Sym *s) {
  SBy *by = by_option(g, s->mod, formula_of(s->decl), NULL);
  return by ? by : by_of(g, schema_find(s->decl, F_BY));
}

/* ---- what formulas read ---- */
SVal sq_indicator_value(SqlGen *g, GCtx *cx, Sym *ind, Loc loc) {
  SBy *by = indicator_by(g, ind);
  if (cx->by && by && by != cx->by) return (SVal){SK_NUM, "NULL", NULL, "1", NULL, false};   /* another breakdown's group */
  const Expr *f = formula_of(ind->decl);
  if (!f) { sq_fail(g, loc, _("indicator '%s' has no formula"), ind->name); return (SVal){SK_NUM, "NULL", NULL, "1", NULL, false}; }
  SBy *keep = cx->by;
  if (!by) cx->by = NULL;
  SVal v = sq_group(g, cx, ind->mod, f, false);
  cx->by = keep;
  return v;
}

typedef struct Sroi { Num k; Num *impact; int years; } Sroi;

/* A whole number of years from a constant field (dflt when absent or not one). */
static int years_of(SqlGen *g, Sym *s, FieldId f, long dflt) {
  const Expr *e = sq_field(g, s, f);
  Num v;
  num_init(&v);
  long n = dflt;
  if (e && (!sq_fold(g, s->mod, e, false, &v) || !num_to_long(&v, &n) || n < 1 || n > SROI_YEARS_MAX)) n = dflt;
  num_clear(&v);
  return (int)n;
}

/* A valuation's timeline (période, début, cohortes, durée or durée_après), as pvs eval reads it. */
static SroiTimeline timeline_of(SqlGen *g, Sym *s) {
  SroiTimeline t = sroi_timeline_default(1);
  bool after = sq_field(g, s, F_DURATION_AFTER) != NULL;
  t.period = years_of(g, s, F_PERIOD, 1);
  t.start = years_of(g, s, F_START, 1);
  const Expr *c = sq_field(g, s, F_COHORTS);
  t.cohorts = c && c->kind == EX_NAME && schema_choice_lookup(F_COHORTS, c->name.parts[0]) == C_COHORTS_YEARLY;
  t.duration = after ? 0 : years_of(g, s, F_DURATION, 1);
  t.after = after ? years_of(g, s, F_DURATION_AFTER, 1) : 0;
  int n = sroi_years(&t);
  if (n < 1 || n > SROI_YEARS_MAX) t = sroi_timeline_default(1);
  return t;
}

/* The constant factors of a valuation under conventions c: impact(y) = Q·P·impact[y],
 * PV = Q·P·k (Q = P = 1 in sroi_stream). */
static Sroi sroi_of(SqlGen *g, Sym *s, const SroiConv *c) {
  static const FieldId rf[R__COUNT] = {F_DEADWEIGHT, F_ATTRIBUTION, F_DISPLACEMENT, F_DROP_OFF, F_DISCOUNT_RATE};
  Num r[R__COUNT], one;
  num_init(&one);
  num_set_long(&one, 1);
  for (int i = 0; i < R__COUNT; i++) {
    num_init(&r[i]);
    const Expr *e = sq_field(g, s, rf[i]);
    if (e && !sq_fold(g, s->mod, e, false, &r[i])) sq_fail(g, e->loc, _("this field must be a number known before reading the data"));
  }
  SroiTimeline t = timeline_of(g, s);
  Sroi out = {.years = sroi_years(&t)};
  num_init(&out.k);
  out.impact = arena_alloc(g->a, sizeof *out.impact * (size_t)(out.years + 1));
  Num *disc = arena_alloc(g->a, sizeof *disc * (size_t)(out.years + 1));
  for (int y = 0; y < out.years; y++) { num_init(&out.impact[y]); num_init(&disc[y]); }
  if (!sroi_stream(&one, &one, r, &t, c, out.impact, disc, &out.k))   /* additive filters over 100 % */
    sq_fail(g, s->loc, _("the deadweight, displacement and attribution of valuation '%s' add up to more than 100 %%, "
                         "which additive filters refuse"), s->name);
  for (int y = 0; y < out.years; y++) num_clear(&disc[y]);
  for (int i = 0; i < R__COUNT; i++) num_clear(&r[i]);
  num_clear(&one);
  return out;
}

/* The currency of a declaration's amounts: its référentiel's. */
static const char *currency_of(const Sym *s) {
  const char *c = s->mod->framework ? s->mod->framework->currency : NULL;
  return !c || !strcmp(c, "EUR") ? "€" : c;
}


/* publié: of s, folded; false when absent. */
static bool published_of(SqlGen *g, Sym *s, FieldId f, Num *out) {
  const Expr *e = schema_find(s->decl, f) ? sq_field(g, s, f) : NULL;
  return e && sq_fold(g, s->mod, e, false, out);
}

static void sroi_free(Sroi *s) {
  num_clear(&s->k);
  for (int y = 0; y < s->years; y++) num_clear(&s->impact[y]);
}

/* Q × P of a valuation in cx (missing when either is). */
static SVal qp(SqlGen *g, GCtx *cx, Sym *s) {
  const Expr *q = sq_field(g, s, F_QUANTITY), *p = sq_field(g, s, F_PROXY);
  if (!q || !p) return (SVal){SK_NUM, "NULL", NULL, "1", NULL, false};
  return sq_mul(g, sq_group(g, cx, s->mod, q, false), sq_group(g, cx, s->mod, p, false));
}

SVal sq_valuation_total(SqlGen *g, GCtx *cx, Sym *val, Loc loc) {
  (void)loc;
  SBy *keep = cx->by;
  cx->by = NULL;
  SroiConv c;
  sroi_conv_default(&c);
  Sroi k = sroi_of(g, val, &c);
  SVal v = sq_mul(g, qp(g, cx, val), constant(g, &k.k));
  sroi_free(&k);
  sroi_conv_clear(&c);
  cx->by = keep;
  return v;
}

/* A coût's amounts: the one-line formula, or `montant:` (one per year), and how many times
 * they repeat (its `durée:`). */
static int cost_exprs(SqlGen *g, Sym *s, const Expr ***out, int *repeat) {
  const Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT);
  int n = s->decl->formula ? 1 : it ? it->values.n : 0;
  *out = arena_alloc(g->a, sizeof **out * (size_t)(n + 1));
  for (int i = 0; i < n; i++) (*out)[i] = s->decl->formula ? s->decl->formula : it->values.v[i]->value;
  *repeat = schema_find(s->decl, F_DURATION) ? years_of(g, s, F_DURATION, 1) : 1;
  return n;
}

/* Cost amounts of each year (a missing amount stays missing: never 0). */
static int cost_years(SqlGen *g, GCtx *cx, Sym *cost, SVal **out) {
  const Expr **e;
  int repeat, n = cost_exprs(g, cost, &e, &repeat);
  *out = arena_alloc(g->a, sizeof **out * (size_t)(n * repeat + 1));
  SBy *keep = cx->by;
  cx->by = NULL;
  for (int y = 0; y < n; y++) (*out)[y] = sq_group(g, cx, cost->mod, e[y], false);
  for (int y = n; y < n * repeat; y++) (*out)[y] = (*out)[y % n];
  cx->by = keep;
  return n * repeat;
}

SVal sq_cost_value(SqlGen *g, GCtx *cx, Sym *cost, Loc loc) {
  SVal *y;
  int n = cost_years(g, cx, cost, &y);
  if (!n) { sq_fail(g, loc, _("cost '%s' has no amount"), cost->name); return number(g, 0); }
  SVal v = y[0];
  for (int i = 1; i < n; i++) v = sq_add(g, v, y[i]);
  return v;
}

/* ---- declarations ---- */
/* Declaration s was computed with the approximate steps `bits` (the script's head lists it). */
static void note_approx(SqlGen *g, Sym *s, unsigned bits) {
  if (!bits) return;
  for (int i = 0; i < g->napprox; i++)
    if (g->approx[i] == s) { g->approx_bits[i] |= bits; return; }
  int n = g->napprox, cap = g->acap;
  ARENA_PUSH(g->a, g->approx, g->napprox, g->acap, s);
  ARENA_PUSH(g->a, g->approx_bits, n, cap, bits);
}

static void indicator(SqlGen *g, Branches *b, Sym *s, int ord) {
  const Expr *f = formula_of(s->decl);
  if (!f) return;
  SBy *by = indicator_by(g, s);
  int dec = decimals(s, f);
  const char *unit = unit_text(g, s);
  for (int pass = by ? 0 : 1; pass < 2; pass++) {
    GCtx cx = {pass ? NULL : by, NULL, 0, 0, false};
    SVal v = sq_group(g, &cx, s->mod, f, false);
    if (percent(s)) v = sq_mul(g, v, number(g, 100));
    note_approx(g, s, v.approx);
    add_branch(g, b, ord, &cx, 0, "indicator", s->name, &v, dec >= 0 ? dec : 2, dec < 0, NULL, NULL, unit, NULL);
  }
}

static const Item *field_item(SqlGen *g, Sym *s, FieldId f) {
  for (int i = 0; i < g->novr; i++)
    if (g->ovr_sym[i] == s && g->ovr[i]->path.n >= 2 && schema_field_lookup(g->ovr[i]->path.parts[g->ovr[i]->path.n - 1]) == f)
      return g->ovr[i];
  return schema_find(s->decl, f);
}

/* The stakeholders of a valuation and their shares (one alone takes it all). */
static int shares_of(SqlGen *g, Sym *s, const char ***names, Num **shares) {
  const Item *it = field_item(g, s, F_FOR);
  int n = 0;
  *names = arena_alloc(g->a, sizeof **names * (size_t)(it ? it->values.n + 1 : 1));
  *shares = arena_alloc(g->a, sizeof **shares * (size_t)(it ? it->values.n + 1 : 1));
  for (int i = 0; it && i < it->values.n; i++) {
    const FieldValue *fv = it->values.v[i];
    if (fv->value->kind != EX_NAME) continue;
    (*names)[n] = fv->value->name.parts[fv->value->name.n - 1];
    num_init(&(*shares)[n]);
    if (!fv->share) num_set_long(&(*shares)[n], it->values.n == 1 ? 1 : 0);
    else sq_fold(g, s->mod, fv->share, false, &(*shares)[n]);
    n++;
  }
  return n;
}

/* KIND_published and KIND_difference rows of a printed figure (v: the computed one). */
static void published_rows(SqlGen *g, Branches *b, int ord, GCtx *cx, int sub, const char *kind, const char *name, SVal v,
                           const Num *pub, int dec, const char *unit) {
  branch(g, b, ord, cx, sub, arena_printf(g->a, "%s_published", kind), name, constant(g, pub), dec, unit, NULL);
  branch(g, b, ord, cx, sub + 1, arena_printf(g->a, "%s_difference", kind), name, sq_add(g, v, sq_neg(g, constant(g, pub))), dec, unit,
         arena_printf(g->a, "NOT %s", sq_missing(g, v)));
}

static void valuation(SqlGen *g, Branches *b, Sym *s, int ord) {
  SBy *by = by_option(g, s->mod, sq_field(g, s, F_QUANTITY), sq_field(g, s, F_PROXY));
  if (!by) by = by_of(g, field_item(g, s, F_BY));
  SroiConv conv;
  sroi_conv_default(&conv);
  Sroi k = sroi_of(g, s, &conv);
  sroi_conv_clear(&conv);
  const char *cur = currency_of(s);
  Num pub;
  num_init(&pub);
  bool published = published_of(g, s, F_PUBLISHED, &pub);
  const char **names;
  Num *shares;
  int nh = shares_of(g, s, &names, &shares);
  for (int pass = by ? 0 : 1; pass < 2; pass++) {
    GCtx cx = {pass ? NULL : by, NULL, 0, 0, false};
    SVal v = qp(g, &cx, s);
    note_approx(g, s, v.approx);
    const char *ok = arena_printf(g->a, "NOT %s", sq_missing(g, v));
    branch(g, b, ord, &cx, 0, "valuation", s->name, sq_mul(g, v, constant(g, &k.k)), 2, cur, NULL);
    for (int y = 0; y < k.years; y++)
      branch(g, b, ord, &cx, 1 + y, "valuation_impact", arena_printf(g->a, "%s.%d", s->name, y + 1),
             sq_mul(g, v, constant(g, &k.impact[y])), 2, cur, ok);
    for (int h = 0; h < nh; h++) {
      SVal sh = sq_mul(g, sq_mul(g, v, constant(g, &k.k)), constant(g, &shares[h]));
      branch(g, b, ord, &cx, 1 + k.years + h, "valuation_share", arena_printf(g->a, "%s.%s", s->name, names[h]),
             sh, 2, cur, ok);
    }
    if (pass && published)   /* under the total only */
      published_rows(g, b, ord, &cx, 1 + k.years + nh, "valuation", s->name, sq_mul(g, v, constant(g, &k.k)), &pub, 2, cur);
  }
  for (int h = 0; h < nh; h++) num_clear(&shares[h]);
  num_clear(&pub);
  sroi_free(&k);
}

static void cost(SqlGen *g, Branches *b, Sym *s, int ord) {
  GCtx cx = {NULL, NULL, 0, 0, false};
  const char *cur = currency_of(s);
  SVal *y;
  int n = cost_years(g, &cx, s, &y);
  SVal total = sq_cost_value(g, &cx, s, s->loc);
  note_approx(g, s, total.approx);
  branch(g, b, ord, &cx, 0, "cost", s->name, total, 2, cur, NULL);
  for (int i = 0; n > 1 && i < n; i++)
    branch(g, b, ord, &cx, 1 + i, "cost_year", arena_printf(g->a, "%s.%d", s->name, i + 1), y[i], 2, cur, NULL);
  Num pub;
  num_init(&pub);
  if (published_of(g, s, F_PUBLISHED, &pub)) published_rows(g, b, ord, &cx, 1 + (n > 1 ? n : 0), "cost", s->name, total, &pub, 2, cur);
  num_clear(&pub);
}

static bool listed(const Item *it, const char *name) {
  if (!it) return true;
  for (int i = 0; i < it->values.n; i++) {
    const Expr *e = it->values.v[i]->value;
    if (e->kind == EX_NAME && !strcmp(e->name.parts[e->name.n - 1], name)) return true;
  }
  return false;
}

/* A sum over listed valuations or costs: its value (missing parts counted 0) and the SQL
 * condition under which a part is missing (NULL: never), which makes the sum missing too. */
typedef struct Part { const char *name; SVal v; const char *miss; } Part;

static const char *or_sql(SqlGen *g, const char *a, const char *b) {
  return !a ? b : !b ? a : arena_printf(g->a, "(%s OR %s)", a, b);
}

static void add_named(SqlGen *g, Part *v, int *n, const char *name, SVal x, const char *miss) {
  for (int i = 0; i < *n; i++)
    if (!strcmp(v[i].name, name)) { v[i].v = sq_add(g, v[i].v, x); v[i].miss = or_sql(g, v[i].miss, miss); return; }
  v[(*n)++] = (Part){name, x, miss};
}

/* v, or missing when `miss` holds. */
static SVal unless(SqlGen *g, SVal v, const char *miss) {
  if (!miss) return v;
  v.n = arena_printf(g->a, "(CASE WHEN %s THEN NULL ELSE %s END)", miss, v.n);
  v.cn = NULL;
  return v;
}

/* A bilan's conventions (compute_bilan.c reads them the same way). */
typedef struct Conv {
  SroiConv c;
  Num beta;
  bool declared, to_one;
  int dec, rdec;                       /* decimals of its amounts and of its ratio */
  const Item *only_for, *funders;
} Conv;

static ChoiceId word_of(const Sym *s, FieldId f) {
  const Item *it = schema_find(s->decl, f);
  const Expr *e = it && it->values.n ? it->values.v[0]->value : NULL;
  return e && e->kind == EX_NAME ? schema_choice_lookup(f, e->name.parts[0]) : C__COUNT;
}

static void conv_of(SqlGen *g, Sym *s, Conv *v) {
  sroi_conv_default(&v->c);
  num_init(&v->beta);
  const Expr *a = field_expr(s->decl, F_DISCOUNT_RATE);
  ChoiceId w = word_of(s, F_DISCOUNT_RATE);
  v->declared = a != NULL;
  if (w == C_DISC_NONE) v->c.discount = SROI_DISC_NONE;
  else if (w == C_DISC_GREEN_BOOK) v->c.discount = SROI_DISC_GREEN_BOOK;
  else if (w == C_DISC_FRANCE_STRAT) {
    v->c.discount = SROI_DISC_FRANCE_STRATEGIE;
    const Expr *b = field_expr(s->decl, F_BETA);
    if (b) sq_fold(g, s->mod, b, false, &v->beta);
    sroi_france_strategie(&v->beta, &v->c.rate);
  } else if (a) {
    v->c.discount = SROI_DISC_RATE;
    sq_fold(g, s->mod, a, false, &v->c.rate);
  }
  v->c.year0 = word_of(s, F_FIRST_YEAR) == C_FIRST_UNDISCOUNTED;
  v->c.additive = word_of(s, F_FILTERS) == C_FILTERS_ADD;
  v->c.dropoff_after_period = word_of(s, F_DROP_OFF_FROM) == C_DROP_END_PERIOD;
  v->to_one = word_of(s, F_RATIO) == C_RATIO_TO_ONE;
  v->only_for = schema_find(s->decl, F_FOR);
  v->funders = schema_find(s->decl, F_FUNDER);
  static const FieldId declares[] = {F_FIRST_YEAR, F_FILTERS, F_DROP_OFF_FROM, F_RATIO, F_FOR, F_FUNDER};
  for (size_t i = 0; i < sizeof declares / sizeof *declares; i++) v->declared |= schema_find(s->decl, declares[i]) != NULL;
  long k = declared_decimals(s);
  v->dec = k >= 0 && k <= 12 ? (int)k : 2;
  v->rdec = k >= 0 && k <= 12 ? (int)k : v->to_one ? 0 : 2;
}

static const char *last_name(const Expr *e) { return e->kind == EX_NAME ? e->name.parts[e->name.n - 1] : ""; }

static bool named_in(const Item *it, const char *name) {
  for (int i = 0; it && i < it->values.n; i++)
    if (!strcmp(last_name(it->values.v[i]->value), name)) return true;
  return false;
}

/* A cost in a bilan with `financeur:` only when its `pour:` is one of them. */
static bool funded(const Conv *v, const Sym *c) {
  if (!v->funders) return true;
  const Item *it = schema_find(c->decl, F_FOR);
  return it && it->values.n == 1 && named_in(v->funders, last_name(it->values.v[0]->value));
}

/* A cost's present value under the bilan's conventions: Σ amount(y) × D(y). */
static SVal cost_pv(SqlGen *g, GCtx *cx, Sym *c, const Conv *v) {
  SVal *y;
  int n = cost_years(g, cx, c, &y);
  if (!n) return number(g, 0);
  Num *d = arena_alloc(g->a, sizeof *d * (size_t)n);
  for (int i = 0; i < n; i++) num_init(&d[i]);
  sroi_factors(&v->c, NULL, n, d);
  SVal t = sq_mul(g, y[0], constant(g, &d[0]));   /* missing when a year's amount is */
  for (int i = 1; i < n; i++) t = sq_add(g, t, sq_mul(g, y[i], constant(g, &d[i])));
  for (int i = 0; i < n; i++) num_clear(&d[i]);
  return t;
}

/* statement_convention rows, in the words of --format json. */
static int convention_rows(SqlGen *g, Branches *b, int ord, GCtx *cx, int sub, Sym *s, const Conv *v) {
  static const char *const disc[] = {"own", "rate", "none", "green_book", "france_strategie"};
  const char *words[][2] = {
    {"discount", disc[v->c.discount]}, {"first_year", v->c.year0 ? "undiscounted" : "discounted"},
    {"filters", v->c.additive ? "additive" : "multiplicative"},
    {"drop_off_from", v->c.dropoff_after_period ? "end_of_period" : "second_year"}, {"ratio", v->to_one ? "to_one" : "number"},
  };
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    add_branch(g, b, ord, cx, sub++, "statement_convention", arena_printf(g->a, "%s.%s", s->name, words[i][0]), NULL, 0, false,
               sq_text(g, words[i][1]), NULL, "", NULL);
  const Num *nums[2] = {v->c.discount == SROI_DISC_RATE || v->c.discount == SROI_DISC_FRANCE_STRATEGIE ? &v->c.rate : NULL,
                        v->c.discount == SROI_DISC_FRANCE_STRATEGIE ? &v->beta : NULL};
  for (int i = 0; i < 2; i++) {
    if (!nums[i]) continue;
    int dd = num_decimals(nums[i]);
    branch(g, b, ord, cx, sub++, "statement_convention", arena_printf(g->a, "%s.%s", s->name, i ? "beta" : "rate"),
           constant(g, nums[i]), dd < 0 || dd > 6 ? 6 : dd, "", NULL);
  }
  const Item *lists[2] = {v->only_for, v->funders};
  for (int l = 0; l < 2; l++)
    for (int i = 0; lists[l] && i < lists[l]->values.n; i++)
      add_branch(g, b, ord, cx, sub++, "statement_convention", arena_printf(g->a, "%s.%s", s->name, l ? "funder" : "for"), NULL, 0,
                 false, sq_text(g, last_name(lists[l]->values.v[i]->value)), NULL, "", NULL);
  return sub;
}


/* A bilan (doc/evaluation.md, missing values in costs and bilans; doc/methode-sroi.md § 4,
 * its conventions): a listed valuation or cost with no value is never counted 0: the present
 * value (or the costs), the net value, the ratio and the shares and lines it touches are
 * missing, and a statement_missing row names it. */
static void statement(SqlGen *g, Branches *b, Sym *s, int ord) {
  const Item *vals = schema_find(s->decl, F_VALUATIONS), *costs = schema_find(s->decl, F_COSTS);
  GCtx cx = {NULL, NULL, 0, 0, false};
  Conv v;
  conv_of(g, s, &v);
  const char *cur = currency_of(s);
  Part pv = {"", number(g, 0), NULL}, total = {"", number(g, 0), NULL}, holders[64], chains[64], gone[128];
  Part *lines = arena_alloc(g->a, sizeof *lines * 256);
  int nh = 0, nc = 0, ng = 0, nl = 0;
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      Sym *val = g->c->mods[m]->syms[i];
      if (val->kind != S_VALUATION || !listed(vals, val->name)) continue;
      Sroi k = sroi_of(g, val, &v.c);
      SVal raw = sq_mul(g, qp(g, &cx, val), constant(g, &k.k));
      sroi_free(&k);
      const char *miss = sq_missing(g, raw);
      raw = sq_zero_if_missing(g, raw);
      const char **names;
      Num *shares, kept;
      num_init(&kept);
      num_set_long(&kept, v.only_for ? 0 : 1);
      int n = shares_of(g, val, &names, &shares);
      for (int h = 0; h < n; h++) {
        bool in = !v.only_for || named_in(v.only_for, names[h]);
        if (v.only_for && in) num_add(&kept, &kept, &shares[h]);
        if (in && nh < 64) add_named(g, holders, &nh, names[h], sq_mul(g, raw, constant(g, &shares[h])), miss);
        num_clear(&shares[h]);
      }
      SVal x = sq_mul(g, raw, constant(g, &kept));
      num_clear(&kept);
      pv.v = sq_add(g, pv.v, x);
      pv.miss = or_sql(g, pv.miss, miss);
      if (ng < 128) gone[ng++] = (Part){val->name, x, miss};
      const Expr *ch = sq_field(g, val, F_CHAIN);
      if (nc < 64) add_named(g, chains, &nc, ch && ch->kind == EX_NAME ? ch->name.parts[ch->name.n - 1] : "—", x, miss);
      if (nl < 256) lines[nl++] = (Part){val->name, x, miss};
    }
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      Sym *c = g->c->mods[m]->syms[i];
      if (c->kind != S_COST || !listed(costs, c->name) || !funded(&v, c)) continue;
      SVal x = cost_pv(g, &cx, c, &v);
      const char *miss = sq_missing(g, x);
      x = sq_zero_if_missing(g, x);
      total.v = sq_add(g, total.v, x);
      total.miss = or_sql(g, total.miss, miss);
      if (ng < 128) gone[ng++] = (Part){c->name, x, miss};
      if (nl < 256) lines[nl++] = (Part){c->name, x, miss};
    }
  note_approx(g, s, pv.v.approx | total.v.approx);
  const char *either = or_sql(g, pv.miss, total.miss);
  const char *fig[] = {"present_value", "costs", "net_present_value", "ratio"};
  SVal vals4[] = {unless(g, pv.v, pv.miss), unless(g, total.v, total.miss), unless(g, sq_add(g, pv.v, sq_neg(g, total.v)), either),
                  unless(g, sq_div(g, pv.v, total.v), either)};
  int sub = 0;
  for (int i = 0; i < 4; i++)
    branch(g, b, ord, &cx, sub++, "statement", arena_printf(g->a, "%s.%s", s->name, fig[i]), vals4[i], i == 3 ? v.rdec : v.dec,
           i == 3 ? "" : cur, NULL);
  if (v.to_one)
    add_branch(g, b, ord, &cx, sub++, "statement", arena_printf(g->a, "%s.ratio_shown", s->name), NULL, 0, false,
               arena_printf(g->a, "%s || ':1'", sq_format(g, vals4[3], v.rdec)), NULL, "", arena_printf(g->a, "NOT %s", sq_missing(g, vals4[3])));
  Num pub;
  num_init(&pub);
  if (published_of(g, s, F_PUBLISHED, &pub))
    published_rows(g, b, ord, &cx, sub, "statement", arena_printf(g->a, "%s.present_value", s->name), vals4[0], &pub, v.dec, cur), sub += 2;
  if (published_of(g, s, F_PUBLISHED_RATIO, &pub))
    published_rows(g, b, ord, &cx, sub, "statement", arena_printf(g->a, "%s.ratio", s->name), vals4[3], &pub, 2, ""), sub += 2;
  num_clear(&pub);
  if (v.declared) {
    sub = convention_rows(g, b, ord, &cx, sub, s, &v);
    for (int i = 0; i < nl; i++)
      branch(g, b, ord, &cx, sub++, "statement_line", arena_printf(g->a, "%s.%s", s->name, lines[i].name),
             unless(g, lines[i].v, lines[i].miss), v.dec, cur, NULL);
  }
  for (int i = 0; i < nh; i++)
    branch(g, b, ord, &cx, sub++, "statement_stakeholder", arena_printf(g->a, "%s.%s", s->name, holders[i].name),
           unless(g, holders[i].v, holders[i].miss), v.dec, cur, NULL);
  for (int i = 0; i < nc; i++)
    branch(g, b, ord, &cx, sub++, "statement_chain", arena_printf(g->a, "%s.%s", s->name, chains[i].name),
           unless(g, chains[i].v, chains[i].miss), v.dec, cur, NULL);
  for (int i = 0; i < ng; i++)   /* what has no value, by name: valuations, then costs */
    add_branch(g, b, ord, &cx, sub++, "statement_missing", arena_printf(g->a, "%s.%s", s->name, gone[i].name), NULL, 0, false, NULL,
               NULL, "", gone[i].miss);
  sroi_conv_clear(&v.c);
  num_clear(&v.beta);
}

/* contrôle: row-level (failing rows counted in the table's pass) or over indicators. */
static void check(SqlGen *g, Branches *b, Sym *s, int ord) {
  const Expr *each = field_expr(s->decl, F_FOR_EACH);
  const Expr *cond = s->decl->formula ? s->decl->formula : field_expr(s->decl, F_CONDITION);
  if (!cond) cond = field_expr(s->decl, F_FORMULA);
  if (!cond) return;
  GCtx cx = {NULL, NULL, 0, 0, false};
  const char *fails;
  if (each && each->kind == EX_NAME) {
    if (each->ann.kind != ANN_TABLE) return;   /* (the checker annotated pour_chaque's table) */
    SPass *p = sq_pass(g, each->ann.sym);
    SRow c = sq_row(g, p, s->mod, cond, false);
    note_approx(g, s, c.approx);
    int col = sq_pass_agg(g, p, arena_printf(g->a, "count(*) FILTER (WHERE NOT coalesce(%s, FALSE))", c.sql));
    fails = arena_printf(g->a, "coalesce(%s.a%d, 0)", sq_ref(g, &cx, p, NULL), col);
  } else {
    SVal c = sq_group(g, &cx, s->mod, cond, false);
    note_approx(g, s, c.approx);
    fails = arena_printf(g->a, "(CASE WHEN coalesce(%s, FALSE) THEN 0 ELSE 1 END)", c.n);
  }
  add_branch(g, b, ord, &cx, 0, "check", s->name, NULL, 0, false, arena_printf(g->a, "(CASE WHEN %s = 0 THEN 'pass' ELSE 'fail' END)", fails),
             arena_printf(g->a, "CAST(%s AS %s)", fails, duck(g) ? "VARCHAR" : "text"), "", NULL);
}

/* ---- the run ---- */
static bool set_date(SqlGen *g) {
  const char *d = g->o->date;
  char buf[16];
  if (!d) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    d = buf;
  }
  int y, m, dd;
  char end;
  if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &dd, &end) != 3 || m < 1 || m > 12 || dd < 1 || dd > 31) {
    diag_error(g->d, (Loc){0}, _("--date wants a date written YYYY-MM-DD, not '%s'"), d);
    return false;
  }
  g->date = (long)y * 10000 + m * 100 + dd;
  g->date_text = arena_strdup(g->a, d);
  return true;
}

static bool set_scenario(SqlGen *g) {
  const char *name = g->o->scenario;
  if (!name) return true;
  Sym *s = sym_lookup(g->c->main, NS_VALUE, name);
  if (!s || s->kind != S_SCENARIO) {
    diag_error(g->d, (Loc){0}, _("no scénario named '%s' in %s"), name, g->c->main->path);
    return false;
  }
  for (int i = 0; i < s->decl->items.n; i++) {
    Item *it = s->decl->items.v[i];
    if (it->kind != IT_FIELD || !it->values.n) continue;
    Sym *t = sym_lookup(s->mod, NS_VALUE, it->path.parts[0]);
    if (!t && it->path.n > 1) {
      Module *am = sym_module_alias(s->mod, it->path.parts[0]);
      t = am ? sym_lookup(am, NS_VALUE, it->path.parts[1]) : NULL;
    }
    if (!t) continue;
    int k = g->novr, cap = g->ocap;
    ARENA_PUSH(g->a, g->ovr, g->novr, g->ocap, it);
    ARENA_PUSH(g->a, g->ovr_sym, k, cap, t);
  }
  return true;
}

static void compile_all(SqlGen *g, Branches *b) {
  static const SymKind order[] = {S_INDICATOR, S_VALUATION, S_COST, S_STATEMENT, S_CHECK};
  int ord = 0;
  for (size_t k = 0; k < sizeof order / sizeof *order; k++)
    for (int m = 0; m < g->c->nmods; m++)
      for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
        Sym *s = g->c->mods[m]->syms[i];
        if (s->kind != order[k] || (s->kind == S_STATEMENT && s->mod != g->c->main)) continue;
        g->owner = s;
        ord++;
        switch (s->kind) {
        case S_INDICATOR: indicator(g, b, s, ord); break;
        case S_VALUATION: valuation(g, b, s, ord); break;
        case S_COST: cost(g, b, s, ord); break;
        case S_STATEMENT: statement(g, b, s, ord); break;
        default: check(g, b, s, ord); break;
        }
      }
  g->owner = NULL;
  if (g->o->by && !g->by_used)
    diag_warning(g->d, (Loc){0}, _("--by %s: no indicator can be broken down by '%s' (no table has such a column, or a "
                                   "territory column it can be derived from); the results keep their own breakdowns"),
                 g->o->by, g->o->by);
}

/* Why a declaration is not exact (SQ_APPROX_* bits), as words. */
static const char *approx_words(SqlGen *g, unsigned bits) {
  static const struct { unsigned bit; const char *words; } why[] = {
    {SQ_APPROX_DIV, N_("a division inside an aggregate's rows, computed to 12 decimals")},
    {SQ_APPROX_CONST, N_("a constant that is not a finite decimal, used in a row, computed to 12 decimals")},
  };
  const char *s = NULL;
  for (size_t i = 0; i < sizeof why / sizeof *why; i++)
    if (bits & why[i].bit) s = s ? arena_printf(g->a, "%s; %s", s, _(why[i].words)) : _(why[i].words);
  return s ? s : "";
}

/* The script's head, in the user's language: what it is, exactly which declarations are not
 * exact (one line each: `-- Not exact: indicateur NAME (why).`), and the indices it leaves
 * to pvs eval (`-- Not translated: indice NAME (…).`). */
static void header(SqlGen *g, FILE *out) {
  const Decl *fw = g->c->main->framework;
  const char *what = fw ? arena_printf(g->a, _(", référentiel %s%s%s"), fw->name, fw->version ? " " : "", fw->version ? fw->version : "") : "";
  const char *sc = g->o->scenario ? arena_printf(g->a, _(", scénario %s"), g->o->scenario) : "";
  fprintf(out, _("-- Generated by pvs sql from %s%s (%s), evaluation date %s%s.\n"), g->c->main->path, what,
          duck(g) ? "DuckDB" : "PostgreSQL", g->date_text, sc);
  fputs(_("-- Rows as `pvs eval --format csv` (parameters aside; `exact` left empty): values rounded half away from\n"
          "-- zero after exact arithmetic (fractions of exact sums, divided once, at the end). Reads the tables\n"
          "-- of `pvs sql --schema`. doc/sql.md says what is guaranteed.\n"), out);
  for (int i = 0; i < g->napprox; i++)
    fprintf(out, _("-- Not exact: %s %s (%s).\n"), sym_kind_name(g->approx[i]->kind), g->approx[i]->name,
            approx_words(g, g->approx_bits[i]));
  for (int m = 0; m < g->c->nmods; m++)   /* composite indices: pvs eval's (compute_index.c) */
    for (int i = 0; i < g->c->mods[m]->nsyms; i++)
      if (g->c->mods[m]->syms[i]->kind == S_INDEX)
        fprintf(out, _("-- Not translated: indice %s (a composite index compares its groups once they are all known: "
                       "pvs eval computes it, doc/methode-indices.md).\n"), g->c->mods[m]->syms[i]->name);
}

/* The rows in order, each number rounded half away from zero to its decimals (0 for a
 * quantity of things whose values are all whole, as pvs eval decides): once per row, on the
 * columns vn and vd. */
static void write_final(SqlGen *g, bool keys, FILE *f) {
  fputs("  ),\n  f AS (\n    SELECT r.*, CASE WHEN dyn = 1 AND min(CASE WHEN vn IS NULL OR vd IS NULL OR vd = 0 THEN 1 "
        "WHEN vn % vd = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY ord) = 1 THEN 0 ELSE dec END AS kk\n    FROM r\n  )\n"
        "SELECT kind, name, dimensions, grp AS \"group\",\n  CASE WHEN txt IS NOT NULL THEN txt", f);
  SVal v = {SK_NUM, "vn", "vd", "1", NULL, 0};
  for (int k = 0; k < 32; k++)
    if (g->decs & 1u << k) fprintf(f, "\n    WHEN kk = %d THEN %s", k, sq_format(g, v, k));
  fprintf(f, " END AS value,\n  exact, unit\nFROM f\n%sORDER BY ord, is_total, sk%s, sub;\n",
          keys ? "WHERE (SELECT ok FROM pvs_cles) IS NOT NULL\n" : "", duck(g) ? "" : " COLLATE \"C\"");
}

int sql_compile(Compilation *c, const SqlOptions *o, FILE *out) {
  SqlGen g = {.c = c, .a = c->arena, .d = c->diag, .o = o};
  if (!set_date(&g) || !set_scenario(&g)) return 1;
  Branches b = {0};
  compile_all(&g, &b);
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  fputs("WITH\n", f);
  bool keys = sq_write_key_guard(&g, f);
  sq_write_passes(&g, f);
  fputs("  r AS (\n", f);
  for (int i = 0; i < b.n; i++)
    fprintf(f, "%s%s%s%s%s\n", i ? "    UNION ALL\n" : "", b.v[i].select, sq_from(&g, &b.v[i].cx), b.v[i].where ? "\n    WHERE " : "",
            b.v[i].where ? b.v[i].where : "");
  if (!b.n)
    fprintf(f, "    SELECT 0 AS ord, 0 AS is_total, '' AS sk, 0 AS sub, '' AS kind, '' AS name, '' AS dimensions, '' AS grp, %s AS vn, "
               "%s AS vd, 0 AS dec, 0 AS dyn, '' AS txt, '' AS exact, '' AS unit WHERE FALSE\n", sq_int(&g, "0"), sq_int(&g, "1"));
  write_final(&g, keys, f);
  fclose(f);
  if (!g.failed) {
    header(&g, out);
    fputs(body, out);
  }
  free(body);
  return g.failed ? 1 : 0;
}
