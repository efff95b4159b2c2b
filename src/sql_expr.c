/* sql_expr.c — pvs expressions as SQL, with the evaluator's meaning (compute_expr.c):
 *
 *  - row level (inside an aggregate, a row-level contrôle): SQL over one row of a table pass
 *    (alias t, réf joins j1, j2…); numbers stay exact decimals (NUMERIC, DECIMAL(38,s) whose
 *    scale s is tracked here), missing is NULL, a filter that is missing is false. A division
 *    in a row has no exact SQL form: it is computed to 12 decimals and marked approximate.
 *  - group level (formulas of indicators, valuations, costs, contrôles): exact fractions
 *    n/d (SVal) over the pass results, the one division being the final rounding.
 * Constants (literals, parameters in force, their arithmetic) are folded exactly with num.h
 * before they are written. */
#include "chk.h"
#include "intl.h"
#include "sql_int.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- text and errors ---- */
void sq_fail(SqlGen *g, Loc loc, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  g->failed = true;
  for (int i = 0; i < g->nfailed; i++)   /* a formula compiled for the groups and the total fails twice */
    if (g->failed_at[i].file == loc.file && g->failed_at[i].start == loc.start && loc.file) return;
  ARENA_PUSH(g->a, g->failed_at, g->nfailed, g->fcap, loc);
  if (g->owner)
    diag_error(g->d, loc.file ? loc : g->owner->loc, _("%s '%s' cannot be compiled to SQL: %s"),
               sym_kind_name(g->owner->kind), g->owner->name, msg);
  else diag_error(g->d, loc, _("cannot be compiled to SQL: %s"), msg);
}

static const char *quoted(SqlGen *g, const char *s, char q) {
  size_t n = strlen(s), k = 0;
  char *out = arena_alloc(g->a, 2 * n + 3);
  out[k++] = q;
  for (; *s; s++) { if (*s == q) out[k++] = q; out[k++] = *s; }
  out[k++] = q;
  return out;
}

const char *sq_ident(SqlGen *g, const char *name) { return quoted(g, name, '"'); }
const char *sq_text(SqlGen *g, const char *s) { return quoted(g, s, '\''); }

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }

/* "1" followed by k zeros. */
const char *sq_pow10(SqlGen *g, int k) {
  char *s = arena_alloc(g->a, (size_t)k + 2);
  s[0] = '1';
  memset(s + 1, '0', (size_t)k);
  return s;
}

/* ---- parameters and scénario ---- */
const Expr *sq_field(SqlGen *g, Sym *s, FieldId f) {
  for (int i = 0; i < g->novr; i++) {
    Item *it = g->ovr[i];
    if (g->ovr_sym[i] == s && it->path.n >= 2 && schema_field_lookup(it->path.parts[it->path.n - 1]) == f)
      return it->values.n ? it->values.v[0]->value : NULL;
  }
  Item *it = schema_find(s->decl, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

/* The value in force and the module its names are read in: the scénario's; else a
 * surcharge's (whose dated values replace the référentiel's, as pvs eval reads them); else
 * the parameter's own one-line formula or `valeur` in force at the date. */
bool sq_param(SqlGen *g, Sym *param, const Expr **e, const Module **m) {
  *m = param->mod;
  for (int i = 0; i < g->novr; i++)
    if (g->ovr_sym[i] == param && g->ovr[i]->values.n) { *e = g->ovr[i]->values.v[0]->value; return true; }
  const Sym *owner = chk_override_of(param) ? chk_override_of(param) : param;
  *m = owner->mod;
  if (owner->decl->formula) { *e = owner->decl->formula; return true; }
  const FieldValue *fv = schema_value_at(owner->decl, g->date);
  *e = fv ? fv->value : NULL;
  return fv != NULL;
}

bool sq_percent_unit(const UnitExpr *u) {
  return u && u->n == 1 && !strcmp(u->terms[0].name, "%") && u->terms[0].exp == 1;
}

bool sq_percent_column(const ColType *ct) {
  return (ct->kind == COL_DECIMAL || ct->kind == COL_INTEGER) && sq_percent_unit(ct->unit);
}

/* ---- constant folding ---- */
/* A number literal's value as the checker read it (ast.h ExprAnn). */
static bool literal(const Expr *e, Num *out) {
  if (e->ann.kind != ANN_LITERAL) return false;
  if (e->ann.big) return num_parse_literal(out, e->num.text);
  num_set(out, &e->ann.num);
  return true;
}

static bool fold_name(SqlGen *g, const Module *m, const Expr *e, Num *out, int depth) ;

static bool fold_at(SqlGen *g, const Module *m, const Expr *e, bool pct, Num *out, int depth) {
  if (depth > 32) return false;
  Num a, b;
  num_init(&a); num_init(&b);
  bool ok = false;
  switch (e->kind) {
  case EX_NUM:
    ok = literal(e, out);
    if (ok && (sq_percent_unit(e->num.unit) || (!e->num.unit && pct))) {
      num_set_long(&a, 100);
      num_div(out, out, &a);
    }
    break;
  case EX_NAME: ok = fold_name(g, m, e, out, depth); break;
  case EX_UNARY:
    ok = e->un.op == OP_NEG && fold_at(g, m, e->un.e, pct, &a, depth + 1);
    if (ok) num_neg(out, &a);
    break;
  case EX_BINARY: {
    bool terms = e->bin.op == OP_ADD || e->bin.op == OP_SUB;
    if (!fold_at(g, m, e->bin.l, terms && pct, &a, depth + 1) || !fold_at(g, m, e->bin.r, terms && pct, &b, depth + 1)) break;
    long k;
    switch (e->bin.op) {
    case OP_ADD: num_add(out, &a, &b); ok = true; break;
    case OP_SUB: num_sub(out, &a, &b); ok = true; break;
    case OP_MUL: num_mul(out, &a, &b); ok = true; break;
    case OP_DIV: ok = num_div(out, &a, &b); break;
    case OP_POW: ok = num_to_long(&b, &k) && k > -1000 && k < 1000 && num_pow(out, &a, k); break;
    default: break;
    }
    break;
  }
  default: break;
  }
  num_clear(&a); num_clear(&b);
  return ok;
}

static bool fold_name(SqlGen *g, const Module *m, const Expr *e, Num *out, int depth) {
  (void)m;
  Sym *s = e->ann.kind == ANN_GLOBAL ? e->ann.sym : NULL;   /* as the checker resolved it */
  if (!s || s->kind != S_PARAM) return false;
  const Expr *v;
  const Module *vm;
  if (!sq_param(g, s, &v, &vm)) return false;
  return fold_at(g, vm, v, sq_percent_unit(s->decl->unit), out, depth + 1);
}

bool sq_fold(SqlGen *g, const Module *m, const Expr *e, bool bare_percent, Num *out) {
  return fold_at(g, m, e, bare_percent, out, 0);
}

/* Exact text of a rational: numerator and denominator as integer texts. */
static void split_exact(SqlGen *g, const Num *v, const char **num, const char **den) {
  char buf[4096];
  num_fmt_exact(buf, sizeof buf, v);
  char *slash = strchr(buf, '/'), *dot = strchr(buf, '.');
  if (slash) {
    *slash = 0;
    *num = arena_strdup(g->a, buf);
    *den = arena_strdup(g->a, slash + 1);
  } else if (dot) {
    int k = (int)strlen(dot + 1);
    memmove(dot, dot + 1, strlen(dot));
    const char *s = buf;
    bool neg = *s == '-';
    if (neg) s++;
    while (*s == '0' && s[1]) s++;
    *num = arena_printf(g->a, "%s%s", neg ? "-" : "", s);
    *den = sq_pow10(g, k);
  } else {
    *num = arena_strdup(g->a, buf);
    *den = "1";
  }
}

const char *sq_int(SqlGen *g, const char *digits) {
  return duck(g) ? arena_printf(g->a, "CAST(%s AS HUGEINT)", digits) : arena_printf(g->a, "%s::numeric", digits);
}

SVal sq_const(SqlGen *g, const Num *v) {
  const char *n, *d;
  split_exact(g, v, &n, &d);
  return (SVal){SK_NUM, sq_int(g, n), NULL, d, n, false};
}

/* ---- rows ---- */
static SRow row_fail(void) { return (SRow){SK_NUM, "NULL", 0, false}; }

static SRow row_const(SqlGen *g, const Num *v) {
  char buf[4096];
  num_fmt_exact(buf, sizeof buf, v);
  if (strchr(buf, '/')) {
    const char *n, *d;
    split_exact(g, v, &n, &d);
    if (duck(g)) return (SRow){SK_NUM, arena_printf(g->a, "CAST(CAST(%s AS DOUBLE) / %s AS DECIMAL(38,12))", n, d), 12, SQ_APPROX_CONST};
    return (SRow){SK_NUM, arena_printf(g->a, "round(%s::numeric / %s, 12)", n, d), 12, SQ_APPROX_CONST};
  }
  const char *dot = strchr(buf, '.');
  int scale = dot ? (int)strlen(dot + 1) : 0;
  const char *sql = strlen(buf) > 15 ? arena_printf(g->a, duck(g) ? "CAST('%s' AS DECIMAL(38,%d))" : "%s::numeric", buf, scale)
                                     : arena_printf(g->a, buf[0] == '-' ? "(%s)" : "%s", buf);
  return (SRow){SK_NUM, sql, scale, false};
}

static SKind col_kind(ColKind k) {
  switch (k) {
  case COL_INTEGER: case COL_DECIMAL: return SK_NUM;
  case COL_BOOLEAN: return SK_BOOL;
  case COL_DATE: return SK_DATE;
  default: return SK_TEXT;
  }
}

/* Column col of the row of table, through the réf columns nav[0..nnav). */
static SRow row_column(SqlGen *g, SPass *p, const Expr *e, const Sym *table, Sym *const *nav, int nnav, Sym *col) {
  if (table != p->table) {
    sq_fail(g, e->loc, _("column '%s' is read outside an aggregate over its table"), col->name);
    return row_fail();
  }
  const char *alias = "t";
  for (int i = 0; i < nnav; i++) alias = sq_join(g, p, alias, nav[i]);
  ColType *ct = col->item->col;
  int scale = ct->kind == COL_DECIMAL ? (duck(g) ? SQL_DUCK_SCALE : 0) : 0;
  const char *sql = ct->kind == COL_TERRITORY ? sq_terr_value(g, p, alias, col, NULL)   /* checked codes as pvs eval reads them */
                                              : arena_printf(g->a, "%s.%s", alias, sq_ident(g, col->name));
  if (sq_percent_column(ct) && !ct->fraction) {   /* points: 43,9 is 0,439 (exactly: two more decimals) */
    sql = duck(g) ? arena_printf(g->a, "(CAST(%s AS DECIMAL(38,%d)) * 0.01)", sql, scale) : arena_printf(g->a, "(%s * 0.01)", sql);
    scale += 2;
  }
  return (SRow){col_kind(ct->kind), sql, scale, false};
}

static SRow row_at(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth);

/* The column a name reads in the row of p's table, as the checker annotated it (a column
 * named in a row-dependent parameter's value is the row table's of that name), or NULL. */
static Sym *row_col(const SPass *p, const Expr *e) {
  if (e->ann.kind == ANN_COLUMN) return e->ann.sym;
  return e->ann.kind == ANN_ROW_NAME ? sym_column(p->table, e->name.parts[0]) : NULL;
}

static SRow row_name(SqlGen *g, SPass *p, const Module *m, const Expr *e, int depth) {
  (void)m;
  const ExprAnn *a = &e->ann;
  Sym *col = row_col(p, e);
  if (col && a->kind == ANN_COLUMN) return row_column(g, p, e, a->table, a->nav, a->nnav, col);
  if (col) return row_column(g, p, e, p->table, NULL, 0, col);
  if (a->kind == ANN_GLOBAL && a->sym->kind == S_PARAM) {
    const Expr *v;
    const Module *vm;
    if (!sq_param(g, a->sym, &v, &vm)) { sq_fail(g, e->loc, _("parameter '%s' has no value in force"), a->sym->name); return row_fail(); }
    return row_at(g, p, vm, v, sq_percent_unit(a->sym->decl->unit), depth + 1);
  }
  TerrDerive d;   /* a territory level the row's table derives from a territory column (zone_abc from the commune) */
  bool level = (a->kind == ANN_DERIVED || a->kind == ANN_ROW_NAME) && e->name.n == 1 && territory_level(e->name.parts[0]) != TERR_OTHER;
  int i = level ? ev_dim_column(p->table, e->name.parts[0], &d) : -1;
  if (i >= 0) return (SRow){SK_TEXT, sq_terr_value(g, p, "t", p->table->columns[i], &d), 0, false};
  sq_fail(g, e->loc, _("'%s' is read inside an aggregate's rows (an indicator, a valuation or a cost there has no SQL form "
                       "yet); compute the aggregate in pvs eval"), e->name.parts[0]);
  return row_fail();
}

/* (a op b), with the scale the exact result needs. DuckDB multiplies in DECIMAL(38, …). */
static SRow row_arith(SqlGen *g, Op op, SRow a, SRow b) {
  const char *o = op == OP_ADD ? "+" : op == OP_SUB ? "-" : "*";
  if (op == OP_DIV) {
    const char *sql = duck(g) ? arena_printf(g->a, "CAST(CAST(%s AS DOUBLE) / NULLIF(CAST(%s AS DOUBLE), 0) AS DECIMAL(38,12))", a.sql, b.sql)
                              : arena_printf(g->a, "round(CAST(%s AS numeric) / NULLIF(%s, 0), 12)", a.sql, b.sql);   /* never integer division */
    return (SRow){SK_NUM, sql, 12, SQ_APPROX_DIV};
  }
  int scale = op == OP_MUL ? a.scale + b.scale : a.scale > b.scale ? a.scale : b.scale;
  if (scale > 38) scale = 38;
  const char *sql = op == OP_MUL && duck(g) ? arena_printf(g->a, "(CAST(%s AS DECIMAL(38,%d)) * %s)", a.sql, a.scale, b.sql)
                                            : arena_printf(g->a, "(%s %s %s)", a.sql, o, b.sql);
  return (SRow){SK_NUM, sql, scale, (a.approx | b.approx)};
}

static const char *cmp_op(Op op) {
  switch (op) {
  case OP_EQ: return "=";
  case OP_NE: return "<>";
  case OP_LT: return "<";
  case OP_LE: return "<=";
  case OP_GT: return ">";
  default: return ">=";
  }
}

static SRow row_binary(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth) {
  bool terms = e->bin.op == OP_ADD || e->bin.op == OP_SUB;
  SRow a = row_at(g, p, m, e->bin.l, terms && pct, depth + 1), b = row_at(g, p, m, e->bin.r, terms && pct, depth + 1);
  switch (e->bin.op) {
  case OP_AND: case OP_OR:
    return (SRow){SK_BOOL, arena_printf(g->a, "(%s %s %s)", a.sql, e->bin.op == OP_AND ? "AND" : "OR", b.sql), 0, a.approx | b.approx};
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
    bool coll = a.k == SK_TEXT && e->bin.op != OP_EQ && e->bin.op != OP_NE && !duck(g);
    return (SRow){SK_BOOL, arena_printf(g->a, "(%s %s %s%s)", a.sql, cmp_op(e->bin.op), b.sql, coll ? " COLLATE \"C\"" : ""), 0,
                  (a.approx | b.approx)};
  }
  case OP_POW: {
    Num k;
    num_init(&k);
    long n = 0;
    bool ok = sq_fold(g, m, e->bin.r, false, &k) && num_to_long(&k, &n) && n >= 1 && n <= 16;
    num_clear(&k);
    if (!ok) { sq_fail(g, e->loc, _("'^' in a row needs a constant whole exponent from 1 to 16")); return row_fail(); }
    SRow r = a;
    for (long i = 1; i < n; i++) r = row_arith(g, OP_MUL, r, a);
    return r;
  }
  default: return row_arith(g, e->bin.op, a, b);
  }
}

/* The SQL of r as a number with `scale` decimals: DuckDB types a CASE (or COALESCE, LEAST)
 * by its branches and would round DECIMAL(19,6) into DECIMAL(38,0); the branches get one type. */
static const char *row_scaled(SqlGen *g, SRow r, int scale) {
  return duck(g) && r.k == SK_NUM ? arena_printf(g->a, "CAST(%s AS DECIMAL(38,%d))", r.sql, scale) : r.sql;
}

static SRow row_if(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth) {
  SRow c = row_at(g, p, m, e->ifx.cond, false, depth + 1);
  SRow a = row_at(g, p, m, e->ifx.then, pct, depth + 1), b = row_at(g, p, m, e->ifx.els, pct, depth + 1);
  int scale = a.scale > b.scale ? a.scale : b.scale;
  return (SRow){a.k, arena_printf(g->a, "(CASE WHEN %s THEN %s WHEN NOT %s THEN %s END)", c.sql, row_scaled(g, a, scale), c.sql,
                                  row_scaled(g, b, scale)),
                scale, (a.approx | b.approx | c.approx)};
}

/* selon: a missing subject gives missing, not `autre`. */
static SRow row_match(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth) {
  SRow s = row_at(g, p, m, e->match.subject, false, depth + 1);
  SRow out = {SK_NUM, NULL, 0, s.approx}, other = {SK_NUM, NULL, 0, false};
  SRow *v = arena_alloc(g->a, sizeof *v * (size_t)(e->match.arms.n + 1));
  const char **keys = arena_alloc(g->a, sizeof *keys * (size_t)(e->match.arms.n + 1));
  for (int i = 0; i < e->match.arms.n; i++) {
    const MatchArm *arm = e->match.arms.v[i];
    v[i] = row_at(g, p, m, arm->value, pct, depth + 1);
    out.k = v[i].k;
    if (v[i].scale > out.scale) out.scale = v[i].scale;
    out.approx |= v[i].approx;
    keys[i] = NULL;
    for (int j = 0; j < arm->keys.n; j++) {
      SRow k = row_at(g, p, m, arm->keys.v[j], false, depth + 1);
      keys[i] = arena_printf(g->a, "%s%s%s", keys[i] ? keys[i] : "", keys[i] ? ", " : "", k.sql);
      out.approx |= k.approx;
    }
    if (arm->other) other = v[i];
  }
  const char *sql = arena_printf(g->a, "(CASE WHEN %s IS NULL THEN NULL", s.sql);
  for (int i = 0; i < e->match.arms.n; i++)
    if (!e->match.arms.v[i]->other)
      sql = arena_printf(g->a, "%s WHEN %s IN (%s) THEN %s", sql, s.sql, keys[i] ? keys[i] : "NULL", row_scaled(g, v[i], out.scale));
  out.sql = arena_printf(g->a, "%s ELSE %s END)", sql, other.sql ? row_scaled(g, other, out.scale) : "NULL");
  return out;
}

static SRow row_in(SqlGen *g, SPass *p, const Module *m, const Expr *e, int depth) {
  SRow s = row_at(g, p, m, e->in.subject, false, depth + 1);
  const char *items = NULL;
  for (int i = 0; i < e->in.items.n; i++) {
    SRow k = row_at(g, p, m, e->in.items.v[i], false, depth + 1);
    items = arena_printf(g->a, "%s%s%s", items ? items : "", items ? ", " : "", k.sql);
    s.approx |= k.approx;
  }
  return (SRow){SK_BOOL, arena_printf(g->a, "(%s IN (%s))", s.sql, items ? items : "NULL"), 0, s.approx};
}

/* The territory level of a row value, as pvs eval reads it (ev_node_level): a territoire
 * column's, or the level a name derives from the row's territory column; else TERR_OTHER. */
static TerrLevel row_level(SPass *p, const Module *m, const Expr *e) {
  (void)m;
  if (e->kind != EX_NAME) return TERR_OTHER;
  Sym *col = row_col(p, e);
  if (col) return col->item->col->kind == COL_TERRITORY ? territory_level(col->item->col->target) : TERR_OTHER;
  TerrDerive d;
  bool level = e->ann.kind == ANN_DERIVED || e->ann.kind == ANN_ROW_NAME;
  return level && e->name.n == 1 && ev_dim_column(p->table, e->name.parts[0], &d) >= 0 ? territory_level(e->name.parts[0]) : TERR_OTHER;
}

static SRow row_call(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth) {
  BuiltinId b = e->ann.kind == ANN_CALL ? (BuiltinId)e->ann.fn : B__COUNT;   /* as the checker read it */
  if (b == B__COUNT || e->ann.agg) {
    sq_fail(g, e->loc, _("'%s' inside an aggregate's rows"), e->call.name);
    return row_fail();
  }
  int n = e->call.args.n;
  SRow a = n > 0 ? row_at(g, p, m, e->call.args.v[0], pct && b != B_YEAR, depth + 1) : row_fail();
  SRow c = n > 1 && b != B_ROUND && b != B_NAME ? row_at(g, p, m, e->call.args.v[1], pct, depth + 1) : a;
  switch (b) {
  case B_NAME: {   /* the official name, from pvs_code (sql_terr.c); the level: the second argument's word, or the value's */
    TerrLevel lv = n == 2 && e->call.args.v[1]->ann.kind == ANN_WORD ? (TerrLevel)e->call.args.v[1]->ann.word
                                                                      : row_level(p, m, e->call.args.v[0]);
    if (lv == TERR_OTHER) { sq_fail(g, e->loc, _("'%s' has no SQL form here"), e->call.name); return row_fail(); }
    return (SRow){SK_TEXT, sq_terr_name(g, p, lv, a.sql), 0, a.approx};
  }
  case B_DEFAULT:
  {
    int scale = a.scale > c.scale ? a.scale : c.scale;
    return (SRow){a.k, arena_printf(g->a, "COALESCE(%s, %s)", row_scaled(g, a, scale), row_scaled(g, c, scale)), scale, (a.approx | c.approx)};
  }
  case B_YEAR: return (SRow){SK_NUM, arena_printf(g->a, "CAST(EXTRACT(YEAR FROM %s) AS INTEGER)", a.sql), 0, false};
  case B_ABS: a.sql = arena_printf(g->a, "abs(%s)", a.sql); return a;
  case B_FLOOR: case B_CEIL:
    return (SRow){SK_NUM, arena_printf(g->a, "%s(%s)", b == B_FLOOR ? "floor" : "ceil", a.sql), 0, a.approx};
  case B_MIN: case B_MAX: {
    int scale = a.scale > c.scale ? a.scale : c.scale;
    return (SRow){SK_NUM, arena_printf(g->a, "(CASE WHEN %s IS NULL OR %s IS NULL THEN NULL ELSE %s(%s, %s) END)", a.sql, c.sql,
                                       b == B_MIN ? "LEAST" : "GREATEST", row_scaled(g, a, scale), row_scaled(g, c, scale)),
                  scale, (a.approx | c.approx)};
  }
  case B_ROUND: {
    Num k;
    num_init(&k);
    long d = 0;
    bool ok = sq_fold(g, m, e->call.args.v[1], false, &k) && num_to_long(&k, &d) && d >= 0 && d <= 30 && n == 2;
    num_clear(&k);
    if (!ok) { sq_fail(g, e->loc, _("'arrondi' in a row needs constant decimals from 0 to 30 and the default rounding")); return row_fail(); }
    return (SRow){SK_NUM, arena_printf(g->a, "round(%s, %ld)", a.sql, d), (int)d, a.approx};
  }
  default: sq_fail(g, e->loc, _("'%s' has no SQL form"), e->call.name); return row_fail();
  }
}

static SRow row_at(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool pct, int depth) {
  if (depth > 64) { sq_fail(g, e->loc, _("expression too deep")); return row_fail(); }
  Num v;
  num_init(&v);
  if (e->kind != EX_NAME || !row_col(p, e)) {
    if (sq_fold(g, m, e, pct, &v)) { SRow r = row_const(g, &v); num_clear(&v); return r; }
  }
  num_clear(&v);
  switch (e->kind) {
  case EX_STR: return (SRow){SK_TEXT, sq_text(g, e->str), 0, false};
  case EX_BOOL: return (SRow){SK_BOOL, e->boolean ? "TRUE" : "FALSE", 0, false};
  case EX_DATE: return (SRow){SK_DATE, arena_printf(g->a, "DATE '%s'", e->str), 0, false};
  case EX_NAME: return row_name(g, p, m, e, depth);
  case EX_UNARY: {
    SRow a = row_at(g, p, m, e->un.e, pct, depth + 1);
    a.sql = arena_printf(g->a, e->un.op == OP_NOT ? "(NOT %s)" : "(- %s)", a.sql);
    return a;
  }
  case EX_BINARY: return row_binary(g, p, m, e, pct, depth);
  case EX_IF: return row_if(g, p, m, e, pct, depth);
  case EX_MATCH: return row_match(g, p, m, e, pct, depth);
  case EX_IN: return row_in(g, p, m, e, depth);
  case EX_CALL: return row_call(g, p, m, e, pct, depth);
  default: sq_fail(g, e->loc, _("this expression has no SQL form")); return row_fail();
  }
}

SRow sq_row(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool bare_percent) {
  return row_at(g, p, m, e, bare_percent, 0);
}
