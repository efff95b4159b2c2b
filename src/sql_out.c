/* sql_out.c — `pvs sql` from start to end (sql.h): choose the date and the scénario, compile
 * every indicator (its breakdown and the total), valuation (present value, impact per year,
 * share per stakeholder), cost, bilan and contrôle of the compilation into UNION ALL branches
 * over the table passes (sql.c), and write one script whose rows are those of
 * `pvs eval --format csv`, in the same order, parameters aside. */
#include "chk.h"
#include "eval.h"
#include "intl.h"
#include "sql_int.h"
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
    sk = "k.k1";
    for (int d = 1; d < cx->by->ndims; d++) {
      grp = arena_printf(g->a, "%s || '|' || k.k%d", grp, d + 1);
      sk = arena_printf(g->a, "%s || chr(31) || k.k%d", sk, d + 1);
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
static int decimals(const Sym *s, const Expr *f) {
  const Expr *d = field_expr(s->decl, F_DECIMALS);
  Num n;
  num_init(&n);
  long k = -1;
  if (d && d->kind == EX_NUM && num_parse_literal(&n, d->num.text)) num_to_long(&n, &k);
  num_clear(&n);
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

static void one_minus(Num *r, const Num *x) { Num one; num_init(&one); num_set_long(&one, 1); num_sub(r, &one, x); num_clear(&one); }

/* The constant factors of a valuation: impact(y) = Q·P·impact[y], PV = Q·P·k. */
static Sroi sroi_of(SqlGen *g, Sym *s) {
  static const FieldId rf[] = {F_DEADWEIGHT, F_DISPLACEMENT, F_ATTRIBUTION, F_DROP_OFF, F_DISCOUNT_RATE};
  Num r[5], base, f, keep, disc, pw, t;
  num_init(&base); num_init(&f); num_init(&keep); num_init(&disc); num_init(&pw); num_init(&t);
  for (int i = 0; i < 5; i++) {
    num_init(&r[i]);
    const Expr *e = sq_field(g, s, rf[i]);
    if (e && !sq_fold(g, s->mod, e, false, &r[i])) sq_fail(g, e->loc, _("this field must be a number known before reading the data"));
  }
  Num yrs;
  num_init(&yrs);
  long years = 1;
  const Expr *d = sq_field(g, s, F_DURATION);
  if (d && (!sq_fold(g, s->mod, d, false, &yrs) || !num_to_long(&yrs, &years) || years < 1 || years > 200)) years = 1;
  num_clear(&yrs);
  Sroi out = {.years = (int)years};
  num_init(&out.k);
  out.impact = arena_alloc(g->a, sizeof *out.impact * (size_t)years);
  num_set_long(&base, 1);
  for (int i = 0; i < 3; i++) { one_minus(&f, &r[i]); num_mul(&base, &base, &f); }
  one_minus(&keep, &r[3]);
  num_set_long(&disc, 1);
  num_add(&disc, &disc, &r[4]);
  for (int y = 0; y < years; y++) {
    num_init(&out.impact[y]);
    num_set(&out.impact[y], &base);
    if (!num_pow(&pw, &disc, y + 1) || !num_div(&t, &base, &pw)) num_set(&t, &base);
    num_add(&out.k, &out.k, &t);
    num_mul(&base, &base, &keep);
  }
  for (int i = 0; i < 5; i++) num_clear(&r[i]);
  num_clear(&base); num_clear(&f); num_clear(&keep); num_clear(&disc); num_clear(&pw); num_clear(&t);
  return out;
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
  Sroi k = sroi_of(g, val);
  SVal v = sq_mul(g, qp(g, cx, val), constant(g, &k.k));
  sroi_free(&k);
  cx->by = keep;
  return v;
}

static const Expr *cost_expr(const Sym *s) { return s->decl->formula ? s->decl->formula : field_expr(s->decl, F_AMOUNT); }

SVal sq_cost_value(SqlGen *g, GCtx *cx, Sym *cost, Loc loc) {
  const Expr *e = cost_expr(cost);
  if (!e) { sq_fail(g, loc, _("cost '%s' has no amount"), cost->name); return number(g, 0); }
  SBy *keep = cx->by;
  cx->by = NULL;
  SVal v = sq_group(g, cx, cost->mod, e, false);   /* missing stays missing, never 0 */
  cx->by = keep;
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

static void valuation(SqlGen *g, Branches *b, Sym *s, int ord) {
  SBy *by = by_option(g, s->mod, sq_field(g, s, F_QUANTITY), sq_field(g, s, F_PROXY));
  if (!by) by = by_of(g, field_item(g, s, F_BY));
  Sroi k = sroi_of(g, s);
  const char **names;
  Num *shares;
  int nh = shares_of(g, s, &names, &shares);
  for (int pass = by ? 0 : 1; pass < 2; pass++) {
    GCtx cx = {pass ? NULL : by, NULL, 0, 0, false};
    SVal v = qp(g, &cx, s);
    note_approx(g, s, v.approx);
    const char *ok = arena_printf(g->a, "NOT %s", sq_missing(g, v));
    branch(g, b, ord, &cx, 0, "valuation", s->name, sq_mul(g, v, constant(g, &k.k)), 2, "€", NULL);
    for (int y = 0; y < k.years; y++)
      branch(g, b, ord, &cx, 1 + y, "valuation_impact", arena_printf(g->a, "%s.%d", s->name, y + 1),
             sq_mul(g, v, constant(g, &k.impact[y])), 2, "€", ok);
    for (int h = 0; h < nh; h++) {
      SVal sh = sq_mul(g, sq_mul(g, v, constant(g, &k.k)), constant(g, &shares[h]));
      branch(g, b, ord, &cx, 1 + k.years + h, "valuation_share", arena_printf(g->a, "%s.%s", s->name, names[h]),
             sh, 2, "€", ok);
    }
  }
  for (int h = 0; h < nh; h++) num_clear(&shares[h]);
  sroi_free(&k);
}

static void cost(SqlGen *g, Branches *b, Sym *s, int ord) {
  GCtx cx = {NULL, NULL, 0, 0, false};
  SVal v = sq_cost_value(g, &cx, s, s->loc);
  note_approx(g, s, v.approx);
  branch(g, b, ord, &cx, 0, "cost", s->name, v, 2, "€", NULL);
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

/* A bilan (doc/evaluation.md, missing values in costs and bilans): a listed valuation or cost
 * with no value is never counted 0: the present value (or the costs), the net value, the
 * ratio and the shares it touches are missing, and a statement_missing row names it. */
static void statement(SqlGen *g, Branches *b, Sym *s, int ord) {
  const Item *vals = schema_find(s->decl, F_VALUATIONS), *costs = schema_find(s->decl, F_COSTS);
  GCtx cx = {NULL, NULL, 0, 0, false};
  Part pv = {"", number(g, 0), NULL}, total = {"", number(g, 0), NULL}, holders[64], chains[64], gone[128];
  int nh = 0, nc = 0, ng = 0;
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      Sym *v = g->c->mods[m]->syms[i];
      if (v->kind != S_VALUATION || !listed(vals, v->name)) continue;
      SVal x = sq_valuation_total(g, &cx, v, s->loc);
      const char *miss = sq_missing(g, x);
      x = sq_zero_if_missing(g, x);
      pv.v = sq_add(g, pv.v, x);
      pv.miss = or_sql(g, pv.miss, miss);
      if (ng < 128) gone[ng++] = (Part){v->name, x, miss};
      const char **names;
      Num *shares;
      int n = shares_of(g, v, &names, &shares);
      for (int h = 0; h < n; h++) {
        if (nh < 64) add_named(g, holders, &nh, names[h], sq_mul(g, x, constant(g, &shares[h])), miss);
        num_clear(&shares[h]);
      }
      const Expr *ch = sq_field(g, v, F_CHAIN);
      if (nc < 64) add_named(g, chains, &nc, ch && ch->kind == EX_NAME ? ch->name.parts[ch->name.n - 1] : "—", x, miss);
    }
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      Sym *c = g->c->mods[m]->syms[i];
      if (c->kind != S_COST || !listed(costs, c->name)) continue;
      SVal x = sq_cost_value(g, &cx, c, s->loc);
      const char *miss = sq_missing(g, x);
      total.v = sq_add(g, total.v, sq_zero_if_missing(g, x));
      total.miss = or_sql(g, total.miss, miss);
      if (ng < 128) gone[ng++] = (Part){c->name, x, miss};
    }
  note_approx(g, s, pv.v.approx | total.v.approx);
  const char *either = or_sql(g, pv.miss, total.miss);
  const char *fig[] = {"present_value", "costs", "net_present_value", "ratio"};
  SVal vals4[] = {unless(g, pv.v, pv.miss), unless(g, total.v, total.miss), unless(g, sq_add(g, pv.v, sq_neg(g, total.v)), either),
                  unless(g, sq_div(g, pv.v, total.v), either)};
  for (int i = 0; i < 4; i++)
    branch(g, b, ord, &cx, i, "statement", arena_printf(g->a, "%s.%s", s->name, fig[i]), vals4[i], 2, i == 3 ? "" : "€", NULL);
  for (int i = 0; i < nh; i++)
    branch(g, b, ord, &cx, 4 + i, "statement_stakeholder", arena_printf(g->a, "%s.%s", s->name, holders[i].name),
           unless(g, holders[i].v, holders[i].miss), 2, "€", NULL);
  for (int i = 0; i < nc; i++)
    branch(g, b, ord, &cx, 4 + nh + i, "statement_chain", arena_printf(g->a, "%s.%s", s->name, chains[i].name),
           unless(g, chains[i].v, chains[i].miss), 2, "€", NULL);
  for (int i = 0; i < ng; i++)   /* what has no value, by name: valuations, then costs */
    add_branch(g, b, ord, &cx, 4 + nh + nc + i, "statement_missing", arena_printf(g->a, "%s.%s", s->name, gone[i].name), NULL, 0,
               false, NULL, NULL, "", gone[i].miss);
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
    Resolved r = sym_resolve(s->mod, NULL, &each->name);
    if (r.kind != R_GLOBAL || r.sym->kind != S_TABLE) return;
    SPass *p = sq_pass(g, r.sym);
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
    {SQ_APPROX_MEDIAN, N_("médiane, computed in floating point and kept to 12 decimals")},
  };
  const char *s = NULL;
  for (size_t i = 0; i < sizeof why / sizeof *why; i++)
    if (bits & why[i].bit) s = s ? arena_printf(g->a, "%s; %s", s, _(why[i].words)) : _(why[i].words);
  return s ? s : "";
}

/* The script's head, in the user's language: what it is, and exactly which declarations are
 * not exact (one line each: `-- Not exact: indicateur NAME (why).`). */
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
}

/* The rows in order, each number rounded half away from zero to its decimals (0 for a
 * quantity of things whose values are all whole, as pvs eval decides): once per row, on the
 * columns vn and vd. */
static void write_final(SqlGen *g, FILE *f) {
  fputs("  ),\n  f AS (\n    SELECT r.*, CASE WHEN dyn = 1 AND min(CASE WHEN vn IS NULL OR vd IS NULL OR vd = 0 THEN 1 "
        "WHEN vn % vd = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY ord) = 1 THEN 0 ELSE dec END AS kk\n    FROM r\n  )\n"
        "SELECT kind, name, dimensions, grp AS \"group\",\n  CASE WHEN txt IS NOT NULL THEN txt", f);
  SVal v = {SK_NUM, "vn", "vd", "1", NULL, 0};
  for (int k = 0; k < 32; k++)
    if (g->decs & 1u << k) fprintf(f, "\n    WHEN kk = %d THEN %s", k, sq_format(g, v, k));
  fprintf(f, " END AS value,\n  exact, unit\nFROM f\nORDER BY ord, is_total, sk%s, sub;\n", duck(g) ? "" : " COLLATE \"C\"");
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
  sq_write_passes(&g, f);
  fputs("  r AS (\n", f);
  for (int i = 0; i < b.n; i++)
    fprintf(f, "%s%s%s%s%s\n", i ? "    UNION ALL\n" : "", b.v[i].select, sq_from(&g, &b.v[i].cx), b.v[i].where ? "\n    WHERE " : "",
            b.v[i].where ? b.v[i].where : "");
  if (!b.n)
    fprintf(f, "    SELECT 0 AS ord, 0 AS is_total, '' AS sk, 0 AS sub, '' AS kind, '' AS name, '' AS dimensions, '' AS grp, %s AS vn, "
               "%s AS vd, 0 AS dec, 0 AS dyn, '' AS txt, '' AS exact, '' AS unit WHERE FALSE\n", sq_int(&g, "0"), sq_int(&g, "1"));
  write_final(&g, f);
  fclose(f);
  if (!g.failed) {
    header(&g, out);
    fputs(body, out);
  }
  free(body);
  return g.failed ? 1 : 0;
}
