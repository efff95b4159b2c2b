/* chk_expr.c — types and units of expressions, and the contexts names are read in.
 *
 * chk_expr() returns the type of an expression (number with its unit, boolean, text, date,
 * territory code) and reports what is wrong with it. A name resolves, in order, to a column
 * of the innermost table whose row is in scope (inside an aggregate or a row-level
 * contrôle), to a column of an outer one, then to a declaration (sym_resolve). T_ERROR
 * marks an expression whose problem was already reported: it fits anywhere, so one mistake
 * gives one message. Every expression it accepts is annotated (Expr.ann, ast.h) with what
 * it found: the resolved name, the parsed literal, the built-in, the type. */
#include "chk_int.h"
#include "csv.h"
#include "intl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

Type chk_type_error(void) { Type t; memset(&t, 0, sizeof t); t.k = T_ERROR; return t; }
Type chk_type_num(Unit u) { Type t = chk_type_error(); t.k = T_NUM; t.u = u; return t; }
static Type simple(TypeKind k) { Type t = chk_type_error(); t.k = k; return t; }

static bool same_unit(const Unit *a, const Unit *b) { return a->overflow || b->overflow || units_equal(a, b); }

const char *chk_type_text(Chk *k, const Type *t) {
  switch (t->k) {
  case T_NUM: return chk_unit_text(k, &t->u);
  case T_BOOL: return _("a condition (true or false)");
  case T_TEXT: return _("text");
  case T_DATE: return _("a date");
  case T_TERR: return arena_printf(k->a, _("a territory code (%s)"), t->level ? t->level : "?");
  default: return "?";
  }
}

static bool textual(TypeKind k) { return k == T_TEXT || k == T_TERR; }

bool chk_type_fits(const Type *t, const Type *want) {
  if (t->k == T_ERROR || want->k == T_ERROR) return true;
  if (textual(t->k) && textual(want->k)) return true;
  if (t->k != want->k) return false;
  if (t->k != T_NUM) return true;
  return t->zero || want->zero || same_unit(&t->u, &want->u);
}

void chk_depend(Ctx *x, Sym *s) {
  if (!x->self) return;
  ChkSym *cs = chk_sym(x->k, x->self), *ds = chk_sym(x->k, s);
  if (ds->dep_of == x->self) return;   /* already recorded (a repeat is harmless: chk_graph skips it) */
  ds->dep_of = x->self;
  ARENA_PUSH(x->k->a, cs->deps, cs->ndeps, cs->dcap, s);
}

/* ---- annotations (ast.h) ---- */
static AnnType ann_type(TypeKind k) {
  switch (k) {
  case T_NUM: return AT_NUM;
  case T_BOOL: return AT_BOOL;
  case T_TEXT: return AT_TEXT;
  case T_DATE: return AT_DATE;
  case T_TERR: return AT_TERR;
  default: return AT_UNKNOWN;
  }
}

static void ann_column(Chk *k, Expr *e, const Resolved *r) {
  ExprAnn *a = &e->ann;
  a->kind = ANN_COLUMN;
  a->sym = r->sym;
  a->table = r->table;
  a->nnav = (unsigned char)r->nnav;
  a->nav = NULL;
  if (r->nnav) {
    a->nav = arena_alloc(k->a, sizeof *a->nav * (size_t)r->nnav);
    memcpy(a->nav, r->nav, sizeof *a->nav * (size_t)r->nnav);
  }
}

static bool percent_unit(const UnitExpr *u) {
  return u && u->n == 1 && !strcmp(u->terms[0].name, "%") && u->terms[0].exp == 1;
}

/* A number literal's value as written (its lexeme always is one: the lexer's DIGITS). */
static void ann_num(Chk *k, Expr *e) {
  Num v;
  num_init(&v);
  if (!num_parse_literal(&v, e->num.text)) {
    diag_error(k->d, e->loc, _("'%s' is not a number"), e->num.text);
    return;
  }
  ExprAnn *a = &e->ann;
  a->kind = ANN_LITERAL;
  a->type = AT_NUM;
  a->percent = percent_unit(e->num.unit);
  a->big = v.big != NULL;
  if (a->big) num_clear(&v);   /* the evaluator parses the lexeme again: Expr holds nothing to free */
  a->num = v;
}

void chk_literal(Chk *k, Expr *e) {
  Expr *n = e->kind == EX_UNARY && e->un.op == OP_NEG ? e->un.e : e;
  if (n->kind != EX_NUM) return;
  ann_num(k, n);
  if (n != e && n->ann.kind) { e->ann.kind = ANN_OP; e->ann.type = AT_NUM; }
}

/* ---- literals ---- */
bool chk_num_literal(const Expr *e, Num *v, Unit *pct) {
  bool neg = false;
  if (e->kind == EX_UNARY && e->un.op == OP_NEG) { neg = true; e = e->un.e; }
  if (e->kind != EX_NUM || !num_parse_literal(v, e->num.text)) return false;
  if (neg) num_neg(v, v);
  if (pct) *pct = e->num.unit && e->num.unit->n == 1 && !strcmp(e->num.unit->terms[0].name, "%") ? units_percent() : units_none();
  return true;
}

bool chk_date_valid(const char *s) {
  int y, m, d;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap);
}

/* In a parameter's value, `13000 €` stands for 13000 €/ménage when the parameter is declared
 * in €/ménage: the literal's unit is the declared unit's numerator, the "per …" implied. */
static bool numerator_of(const Unit *lit, const Unit *decl) {
  Unit num = units_none();
  bool per = false;
  for (int i = 0; i < decl->n; i++) {
    if (decl->a[i].exp > 0) num = units_mul(num, units_atom(decl->a[i].name, decl->a[i].exp));
    else per = true;
  }
  return per && num.n && units_equal(lit, &num);
}

static Type num_expr(Ctx *x, Expr *e) {
  Type t;
  ann_num(x->k, e);
  if (e->num.unit) {
    t = chk_type_num(chk_unit(x->k, x->m, e->num.unit));
    if (x->bare_unit && numerator_of(&t.u, x->bare_unit)) t.u = *x->bare_unit;
    if (!x->conversion && chk_conversion_unit(x->m, &t.u))
      diag_error(x->k->d, e->loc, _("a conversion between currencies is not written inline: declare it as a parameter (unit "
                                    "%s) with `conversion: change` or `ppa`, its source and the date of its values, and "
                                    "use its name"), chk_unit_text(x->k, &t.u));
  } else {
    t = chk_type_num(x->bare_unit ? *x->bare_unit : units_none());
    t.bare = true;
    t.zero = e->ann.kind == ANN_LITERAL && !e->ann.big && num_is_zero(&e->ann.num);
  }
  return t;
}

static Type date_expr(Ctx *x, Expr *e) {
  int y, m, d;
  if (!chk_date_valid(e->str))
    diag_error(x->k->d, e->loc, _("'%s' is not a valid date; write YYYY-MM-DD with a real month and day"), e->str);
  else if (!csv_parse_date(e->str, strlen(e->str), &y, &m, &d))   /* a real day, but year 0 */
    diag_error(x->k->d, e->loc, _("'%s' is not a valid date"), e->str);
  else {
    e->ann.kind = ANN_LITERAL;
    e->ann.date = csv_date_pack(y, m, d);
  }
  return simple(T_DATE);
}

/* ---- names ---- */
Type chk_column_type(Chk *k, Sym *col) {
  ChkSym *cs = chk_sym(k, col);
  if (cs->state == 2) return cs->type;
  ColType *ct = col->item->col;
  Type t = simple(T_TEXT);
  switch (ct->kind) {
  case COL_INTEGER: case COL_DECIMAL:
    t = chk_type_num(ct->unit ? chk_unit(k, col->mod, ct->unit) : units_none()); break;
  case COL_BOOLEAN: t = simple(T_BOOL); break;
  case COL_DATE: t = simple(T_DATE); break;
  case COL_TERRITORY:
    t = simple(T_TERR);
    t.level = ct->target;
    t.unchecked = ct->vintage && (!strcmp(ct->vintage, "aucun") || !strcmp(ct->vintage, "none"));
    break;
  default: break;
  }
  cs->type = t;
  cs->state = 2;
  return t;
}

bool chk_derives(const Sym *t, const char *name) {
  TerrLevel want = territory_level(name);
  for (int i = 0; want != TERR_OTHER && i < t->ncolumns; i++) {
    const ColType *ct = t->columns[i]->item->col;
    if (ct->kind == COL_TERRITORY && territory_derives(territory_level(ct->target), want)) return true;
  }
  return false;
}

/* The type of a level derived from a territoire column (zone_abc: a territory code). */
static Type derived_type(const char *name) {
  Type t = simple(T_TERR);
  t.level = territory_level_name(territory_level(name));
  return t;
}

/* The first visible table for which has(table, name) holds, or NULL. */
static Sym *visible_table(Ctx *x, const char *name, bool (*has)(const Sym *, const char *)) {
  Sym **vals;
  int n = sym_visible(x->k->c, x->m, NS_VALUE, &vals);
  for (int i = 0; i < n; i++) if (vals[i]->kind == S_TABLE && has(vals[i], name)) return vals[i];
  return NULL;
}

static bool has_column(const Sym *t, const char *name) { return sym_column(t, name) != NULL; }

/* A visible table with a column `name`, or one that gives the level `name` from a
 * territoire column; NULL when none. */
static Sym *table_with_column(Ctx *x, const char *name) { return visible_table(x, name, has_column); }
static Sym *table_deriving(Ctx *x, const char *name) { return visible_table(x, name, chk_derives); }

static bool in_rows(const Ctx *x, const Sym *t) {
  for (int i = 0; i < x->nrows; i++) if (x->rows[i] == t) return true;
  return false;
}


static void add_rowcol(Chk *k, Sym *param, const char *col) {
  ChkSym *cs = chk_sym(k, param);
  for (int i = 0; i < cs->nrowcols; i++) if (!strcmp(cs->rowcols[i], col)) return;
  ARENA_PUSH(k->a, cs->rowcols, cs->nrowcols, cs->rccap, col);
}

static Type column_value(Ctx *x, Expr *e, const Resolved *r) {
  const NamePath *p = &e->name;
  if (r->used < p->n) {
    diag_error(x->k->d, p->locs[r->used], _("column '%s' of table '%s' is not a 'réf' column, so '.%s' cannot follow it"),
               r->sym->name, r->sym->table->name, p->parts[r->used]);
    return chk_type_error();
  }
  ann_column(x->k, e, r);
  return chk_column_type(x->k, r->sym);
}

static void column_out_of_scope(Ctx *x, Loc loc, const char *col, const Sym *table) {
  if (x->nrows)
    diag_error(x->k->d, loc, _("column '%s' belongs to table '%s', not to '%s' whose rows are read here; "
                               "reach it through a 'réf' column or aggregate over %s"),
               col, table->name, x->rows[x->nrows - 1]->name, table->name);
  else
    diag_error(x->k->d, loc, _("column '%s' of table '%s' is only available inside an aggregate over %s, e.g. somme(%s, %s)"),
               col, table->name, table->name, table->name, col);
}

/* Candidates for "did you mean": visible values and the columns in scope. */
static void name_candidates(Ctx *x, const char ***out, int *n) {
  Sym **vals;
  int nv = sym_visible(x->k->c, x->m, NS_VALUE, &vals), cap = 0;
  *out = NULL; *n = 0;
  for (int i = 0; i < nv; i++) ARENA_PUSH(x->k->a, *out, *n, cap, vals[i]->name);
  for (int r = 0; r < x->nrows; r++)
    for (int i = 0; i < x->rows[r]->ncolumns; i++) ARENA_PUSH(x->k->a, *out, *n, cap, x->rows[r]->columns[i]->name);
}

static Type unknown_name(Ctx *x, Expr *e, const Resolved *r) {
  const NamePath *p = &e->name;
  int i = r->failed_part;
  if (r->too_deep) {
    diag_error(x->k->d, p->locs[i], _("this name follows more than %d réf columns; pvs follows at most %d in one name (a.b.c…)"),
               SYM_MAX_NAV, SYM_MAX_NAV);
    return chk_type_error();
  }
  if (i > 0 && r->sym && r->sym->kind == S_TABLE) {
    const char **c = arena_alloc(x->k->a, sizeof *c * (size_t)(r->sym->ncolumns + 1));
    for (int j = 0; j < r->sym->ncolumns; j++) c[j] = r->sym->columns[j]->name;
    const char *s = chk_suggest_or(x->k, p->parts[i], c, r->sym->ncolumns,
                                   arena_printf(x->k->a, _("; its columns are: %s"), chk_join(x->k, c, r->sym->ncolumns, ", ")));
    diag_error(x->k->d, p->locs[i], _("table '%s' has no column '%s'%s"), r->sym->name, p->parts[i], s);
    return chk_type_error();
  }
  if (i > 0) {
    Module *am = sym_module_alias(x->m, p->parts[0]);
    Sym **vals;
    int nv = am ? sym_visible(x->k->c, am, NS_VALUE, &vals) : 0;
    const char **c = arena_alloc(x->k->a, sizeof *c * (size_t)(nv + 1));
    for (int j = 0; j < nv; j++) c[j] = vals[j]->name;
    diag_error(x->k->d, p->locs[i], _("module '%s' (imported with 'comme') declares no '%s'%s"), p->parts[0], p->parts[i],
               chk_suggest_or(x->k, p->parts[i], c, nv, _("; check the name in that module")));
    return chk_type_error();
  }
  if (p->n == 1 && x->nrows && chk_derives(x->rows[x->nrows - 1], p->parts[0])) {
    e->ann.kind = ANN_DERIVED;   /* zone_abc inside an aggregate over a table with a commune */
    return derived_type(p->parts[0]);
  }
  Sym *t = p->n == 1 ? table_with_column(x, p->parts[0]) : NULL;
  if (t && x->param_value && x->self && x->self->kind == S_PARAM) {
    add_rowcol(x->k, x->self, p->parts[0]);   /* a row-dependent parameter */
    e->ann.kind = ANN_ROW_NAME;
    return chk_column_type(x->k, sym_column(t, p->parts[0]));
  }
  if (p->n == 1 && x->param_value && x->self && x->self->kind == S_PARAM && !x->nrows && table_deriving(x, p->parts[0])) {
    add_rowcol(x->k, x->self, p->parts[0]);   /* selon zone_abc: the zone of each row's commune */
    e->ann.kind = ANN_ROW_NAME;
    return derived_type(p->parts[0]);
  }
  if (t) { column_out_of_scope(x, e->loc, p->parts[0], t); return chk_type_error(); }
  const char **c; int n;
  name_candidates(x, &c, &n);
  diag_error(x->k->d, p->locs[0], _("unknown name '%s'%s"), p->parts[0],
             chk_suggest_or(x->k, p->parts[0], c, n, _("; declare it, or check its spelling")));
  return chk_type_error();
}

/* A row-dependent parameter needs its columns in scope. */
static void param_rows(Ctx *x, Expr *e, Sym *s) {
  ChkSym *cs = chk_sym(x->k, s);
  for (int i = 0; i < cs->nrowcols; i++) {
    bool ok = false;
    for (int r = 0; r < x->nrows && !ok; r++)
      ok = sym_column(x->rows[r], cs->rowcols[i]) != NULL || (r == x->nrows - 1 && chk_derives(x->rows[r], cs->rowcols[i]));
    if (ok) continue;
    if (x->param_value && x->self && x->self->kind == S_PARAM && !x->nrows) { add_rowcol(x->k, x->self, cs->rowcols[i]); continue; }
    Sym *t = table_with_column(x, cs->rowcols[i]);
    if (!t && (t = table_deriving(x, cs->rowcols[i]))) {
      diag_error(x->k->d, e->loc, _("parameter '%s' depends on '%s' (through 'selon'), which a territoire column gives, so it "
                                    "is only usable inside an aggregate over a table with such a column, e.g. somme(%s, … %s …)"),
                 s->name, cs->rowcols[i], t->name, s->name);
      return;
    }
    diag_error(x->k->d, e->loc, _("parameter '%s' depends on column '%s' (through 'selon'), so it is only usable inside an "
                                  "aggregate over a table with that column, e.g. somme(%s, … %s …)"),
               s->name, cs->rowcols[i], t ? t->name : "T", s->name);
    return;
  }
}

/* Where the evaluator will read parameter s: inside a row, or in another parameter's value
 * (chk_param_aggs). */
static void param_reached(Ctx *x, Sym *s) {
  if (x->nrows) chk_sym(x->k, s)->in_row = true;
  if (!x->value_of) return;
  ChkSym *vs = chk_sym(x->k, x->value_of);
  for (int i = 0; i < vs->npreads; i++) if (vs->preads[i] == s) return;
  ARENA_PUSH(x->k->a, vs->preads, vs->npreads, vs->prcap, s);
}

static Type global_value(Ctx *x, Expr *e, Sym *s, int used) {
  const NamePath *p = &e->name;
  switch (s->kind) {
  case S_PARAM: case S_INDICATOR: case S_VALUATION: case S_COST: break;
  case S_TABLE:
    diag_error(x->k->d, e->loc, _("table '%s' is not a value; use it in an aggregate, e.g. compte(%s)"), s->name, s->name);
    return chk_type_error();
  default:
    diag_error(x->k->d, e->loc, _("'%s' is a %s and has no value; a formula can use parameters, indicators, valuations and costs"),
               s->name, sym_kind_name(s->kind));
    return chk_type_error();
  }
  if (used < p->n) {
    diag_error(x->k->d, p->locs[used], _("'%s' is a %s and has no part '%s'; remove '.%s'"), s->name, sym_kind_name(s->kind),
               p->parts[used], p->parts[used]);
    return chk_type_error();
  }
  e->ann.kind = ANN_GLOBAL;
  e->ann.sym = s;
  ChkSym *cs = chk_sym(x->k, s);
  if (s->kind == S_PARAM) param_reached(x, s);
  if (cs->pre != 1) chk_symbol(x->k, s);   /* else on chk_presort's walk: a cycle (chk_graph says) */
  chk_depend(x, s);
  cs->used = true;
  if (cs->state != 2 && !cs->declared_unit) return chk_type_error();   /* a cycle: reported by chk_graph */
  Type t = cs->type;
  t.zero = t.bare = false;
  t.by = s->kind == S_INDICATOR ? cs->by : NULL;
  t.by_sym = t.by ? s : NULL;
  if (s->kind == S_PARAM) param_rows(x, e, s);
  for (int i = 0; i < cs->naggs; i++) {   /* an indicator breaks down by what its own formula aggregates */
    bool seen = false;
    for (int j = 0; j < x->naggs; j++) seen |= x->aggs[j] == cs->aggs[i];
    if (!seen) ARENA_PUSH(x->k->a, x->aggs, x->naggs, x->acap, cs->aggs[i]);
  }
  return t;
}

static Type name_expr(Ctx *x, Expr *e) {
  const NamePath *p = &e->name;
  for (int i = x->nrows - 1; i >= 0; i--) {
    if (!sym_column(x->rows[i], p->parts[0])) continue;
    Resolved r = sym_resolve(x->m, x->rows[i], p);
    if (r.kind == R_NONE) return unknown_name(x, e, &r);
    return column_value(x, e, &r);
  }
  Resolved r = sym_resolve(x->m, NULL, p);
  if (r.kind == R_NONE) return unknown_name(x, e, &r);
  if (r.kind == R_GLOBAL) return global_value(x, e, r.sym, r.used);
  if (!in_rows(x, r.table)) {
    column_out_of_scope(x, e->loc, (r.nnav ? r.nav[0] : r.sym)->name, r.table);
    return chk_type_error();
  }
  return column_value(x, e, &r);
}

/* ---- operators ---- */
static const char *by_combine(Ctx *x, Loc loc, const Type *a, const Type *b) {
  if (!a->by) return b->by;
  if (!b->by || !strcmp(a->by, b->by)) return a->by;
  diag_error(x->k->d, loc, _("cannot combine '%s' (par %s) with '%s' (par %s): their breakdowns differ; "
                             "use one of them as a total (without par) or give both the same par"),
             a->by_sym->name, a->by, b->by_sym->name, b->by);
  return NULL;
}

static bool want_num(Ctx *x, const Type *t, Loc loc, const char *op) {
  if (t->k == T_NUM || t->k == T_ERROR) return true;
  diag_error(x->k->d, loc, _("'%s' needs numbers, but this is %s; compute with numbers or test it with si … alors … sinon"), op, chk_type_text(x->k, t));
  return false;
}

static bool want_bool(Ctx *x, const Type *t, Loc loc, const char *what) {
  if (t->k == T_BOOL || t->k == T_ERROR) return true;
  diag_error(x->k->d, loc, _("%s must be a condition (true or false), not %s; compare it, e.g. x > 0"), what, chk_type_text(x->k, t));
  return false;
}

static Type add_sub(Ctx *x, Expr *e, Type l, Type r) {
  const char *op = ast_op_text(e->bin.op);
  if (!want_num(x, &l, e->bin.l->loc, op) | !want_num(x, &r, e->bin.r->loc, op)) return chk_type_error();
  if (l.k == T_ERROR || r.k == T_ERROR) return chk_type_error();
  Type t = l.zero ? r : l;
  if (!l.zero && !r.zero && !same_unit(&l.u, &r.u)) {
    const char *a = chk_type_text(x->k, &l), *b = chk_type_text(x->k, &r);
    if (e->bin.op == OP_ADD) diag_error(x->k->d, e->loc, _("cannot add %s and %s; both sides of '+' need the same unit"), a, b);
    else diag_error(x->k->d, e->loc, _("cannot subtract %s from %s; both sides of '-' need the same unit"), b, a);
    return chk_type_error();
  }
  t.zero = l.zero && r.zero;
  t.bare = l.bare && r.bare;
  t.u.percent = l.u.percent || r.u.percent;
  t.by = by_combine(x, e->loc, &l, &r);
  t.by_sym = t.by == l.by ? l.by_sym : r.by_sym;
  return t;
}

/* A whole number written as is (maybe negated, no unit): its value. */
bool chk_whole_literal(const Expr *e, long *v) {
  Num d;
  num_init(&d);
  const Expr *n = e->kind == EX_UNARY ? e->un.e : e;
  bool ok = chk_num_literal(e, &d, NULL) && !n->num.unit && num_to_long(&d, v);
  num_clear(&d);
  return ok;
}

static Type mul_div_pow(Ctx *x, Expr *e, Type l, Type r) {
  const char *op = ast_op_text(e->bin.op);
  if (!want_num(x, &l, e->bin.l->loc, op) | !want_num(x, &r, e->bin.r->loc, op)) return chk_type_error();
  long n = 0;
  if (e->bin.op == OP_POW && !chk_whole_literal(e->bin.r, &n)) {
    diag_error(x->k->d, e->bin.r->loc, _("the exponent of '^' must be a whole number written as is, e.g. x ^ 2"));
    return chk_type_error();
  }
  if (e->bin.op == OP_POW && (n >= CHK_MAX_EXPONENT || n <= -CHK_MAX_EXPONENT)) {
    diag_error(x->k->d, e->bin.r->loc, _("the exponent of '^' is at most %d (and at least -%d): exact powers beyond "
                                         "that would be too large to compute"), CHK_MAX_EXPONENT - 1, CHK_MAX_EXPONENT - 1);
    return chk_type_error();
  }
  if (l.k == T_ERROR || r.k == T_ERROR) return chk_type_error();
  Type t = chk_type_num(e->bin.op == OP_MUL ? units_mul(l.u, r.u) : e->bin.op == OP_DIV ? units_div(l.u, r.u) : units_pow(l.u, (int)n));
  t.by = by_combine(x, e->loc, &l, &r);
  t.by_sym = t.by == l.by ? l.by_sym : r.by_sym;
  return t;
}

/* A text literal compared with codes of a built-in level (commune = "…", zone_abc dans (…),
 * selon zone_abc { "…": … }) must be a current code of that level: cells are read as
 * current codes, so "Abis", an arrondissement or the former code of a merged commune would
 * never match. */
static void terr_literal(Ctx *x, const Type *t, const Expr *lit) {
  if (t->k != T_TERR || t->unchecked || !t->level || lit->kind != EX_STR) return;
  TerrLevel lv = territory_level(t->level);
  size_t n = strlen(lit->str);
  if (lv == TERR_OTHER || territory_code(lv, lit->str, n)) return;
  const char *hint = "";
  TerrCommune c = lv == TERR_COMMUNE ? territory_commune(lit->str, n) : (TerrCommune){TERR_UNKNOWN, NULL, 0};
  const char *near[1];
  if (c.code)
    hint = arena_printf(x->k->a, _("; cells are read as current communes: write \"%s\" (%s)"), c.code,
                        territory_name(TERR_COMMUNE, c.code, strlen(c.code)));
  else if (lv == TERR_ZONE_ABC && (!strcmp(lit->str, "Abis") || !strcmp(lit->str, "A bis")))
    hint = arena_printf(x->k->a, _("; did you mean \"%s\"?"), "A_bis");
  else if (territory_nearest(lv, lit->str, n, near, 1))
    hint = arena_printf(x->k->a, _("; did you mean \"%s\"?"), near[0]);
  diag_error(x->k->d, lit->loc, _("\"%s\" is not a current %s code, so it matches no cell%s"), lit->str,
             territory_level_name(lv), hint);
}

static Type compare(Ctx *x, Expr *e, Type l, Type r) {
  if (!(e->bin.op != OP_EQ && e->bin.op != OP_NE)) {
    terr_literal(x, &l, e->bin.r);
    terr_literal(x, &r, e->bin.l);
  }
  Type b = simple(T_BOOL);
  b.by = by_combine(x, e->loc, &l, &r);
  b.by_sym = b.by == l.by ? l.by_sym : r.by_sym;
  if (l.k == T_ERROR || r.k == T_ERROR) return b;
  bool ordered = e->bin.op != OP_EQ && e->bin.op != OP_NE;
  if (ordered && l.k != T_NUM && l.k != T_DATE) {
    diag_error(x->k->d, e->loc, _("'%s' compares numbers or dates, not %s; compare text with '=' or 'dans'"), ast_op_text(e->bin.op), chk_type_text(x->k, &l));
    return b;
  }
  if (!chk_type_fits(&l, &r))
    diag_error(x->k->d, e->loc, _("cannot compare %s with %s; both sides of '%s' need the same type and unit"),
               chk_type_text(x->k, &l), chk_type_text(x->k, &r), ast_op_text(e->bin.op));
  return b;
}

/* `11.2 €/m2/mois`: a number with a unit, divided (or multiplied) by names that are units
 * and no value in scope, is the number in that compound unit — as `11.2 [€/m2/mois]`. The
 * parser reads a division; the checker gives it its meaning once, by turning the node into
 * that number (later phases read the literal). A name that is a value stays a division. */
static bool unit_not_value(Ctx *x, const Expr *e) {
  if (e->kind != EX_NAME || e->name.n != 1) return false;
  const char *n = e->name.parts[0];
  if (!units_builtin(n) && !chk_vocab(x->m, NS_UNIT, n)) return false;
  return sym_resolve(x->m, x->nrows ? x->rows[x->nrows - 1] : NULL, &e->name).kind == R_NONE;
}

static void fold_unit_literal(Ctx *x, Expr *e) {
  if (e->kind != EX_BINARY || (e->bin.op != OP_DIV && e->bin.op != OP_MUL)) return;
  fold_unit_literal(x, e->bin.l);
  Expr *l = e->bin.l;
  if (l->kind != EX_NUM || !l->num.unit || !unit_not_value(x, e->bin.r)) return;
  UnitExpr *u = arena_alloc(x->k->a, sizeof *u);
  for (int i = 0; i < l->num.unit->n; i++) ARENA_PUSH(x->k->a, u->terms, u->n, u->cap, l->num.unit->terms[i]);
  UnitTerm t = {e->bin.r->name.parts[0], e->bin.op == OP_DIV ? -1 : 1, e->bin.r->loc};
  ARENA_PUSH(x->k->a, u->terms, u->n, u->cap, t);
  u->loc = (Loc){l->num.unit->loc.file, l->num.unit->loc.start, e->bin.r->loc.end};
  const char *text = l->num.text;
  e->kind = EX_NUM;
  e->num.text = text;
  e->num.unit = u;
  e->num.bracketed = true;
}

static Type binary(Ctx *x, Expr *e) {
  fold_unit_literal(x, e);
  if (e->kind == EX_NUM) return num_expr(x, e);
  const Unit *saved = x->bare_unit;
  bool additive = e->bin.op == OP_ADD || e->bin.op == OP_SUB;
  if (!additive) x->bare_unit = NULL;
  Type l = chk_expr(x, e->bin.l), r = chk_expr(x, e->bin.r);
  x->bare_unit = saved;
  switch (e->bin.op) {
  case OP_ADD: case OP_SUB: return add_sub(x, e, l, r);
  case OP_MUL: case OP_DIV: case OP_POW: return mul_div_pow(x, e, l, r);
  case OP_AND: case OP_OR: {
    const char *what = e->bin.op == OP_AND ? _("each side of 'et'") : _("each side of 'ou'");
    want_bool(x, &l, e->bin.l->loc, what);
    want_bool(x, &r, e->bin.r->loc, what);
    return simple(T_BOOL);
  }
  default: return compare(x, e, l, r);
  }
}

static Type unary(Ctx *x, Expr *e) {
  Type t = chk_expr(x, e->un.e);
  if (e->un.op == OP_NOT) { want_bool(x, &t, e->un.e->loc, _("the operand of 'non'")); return simple(T_BOOL); }
  if (!want_num(x, &t, e->un.e->loc, "-")) return chk_type_error();
  return t;
}

/* Two branches that must agree (si, selon, défaut); returns the more informative one. */
static Type agree(Ctx *x, const Type *first, const Type *t, Loc loc, const char *what) {
  if (first->k == T_ERROR) return *t;
  if (!chk_type_fits(t, first)) {
    diag_error(x->k->d, loc, _("%s disagree: this one gives %s, the first gives %s; they must give the same type and unit"),
               what, chk_type_text(x->k, t), chk_type_text(x->k, first));
    return *first;
  }
  return first->zero ? *t : *first;
}

static Type cond_expr(Ctx *x, Expr *e, const char *what) {
  const Unit *saved = x->bare_unit;
  x->bare_unit = NULL;
  Type c = chk_expr(x, e);
  x->bare_unit = saved;
  want_bool(x, &c, e->loc, what);
  return c;
}

static Type if_expr(Ctx *x, Expr *e) {
  cond_expr(x, e->ifx.cond, _("the condition of 'si'"));
  Type a = chk_expr(x, e->ifx.then), b = chk_expr(x, e->ifx.els);
  return agree(x, &a, &b, e->ifx.els->loc, _("the branches of 'si'"));
}

/* The first text key of `e` equal to `str`, looking before arm i, key j; or NULL. */
static Expr *earlier_key(Expr *e, int i, int j, const char *str) {
  for (int a = 0; a <= i; a++) {
    MatchArm *arm = e->match.arms.v[a];
    for (int k = 0; k < (a == i ? j : arm->keys.n); k++)
      if (arm->keys.v[k]->kind == EX_STR && !strcmp(arm->keys.v[k]->str, str)) return arm->keys.v[k];
  }
  return NULL;
}

/* Text keys of a selon must differ, and `autre` comes once. */
static void match_keys(Ctx *x, Expr *e) {
  const MatchArm *other = NULL;
  for (int i = 0; i < e->match.arms.n; i++) {
    MatchArm *a = e->match.arms.v[i];
    if (a->other && other) {
      diag_error(x->k->d, a->loc, _("'selon' has two 'autre' arms; keep one"));
      diag_note(x->k->d, other->loc, _("the first one is here"));
    }
    if (a->other && !other) other = a;
    for (int j = 0; j < a->keys.n; j++) {
      Expr *key = a->keys.v[j], *first = key->kind == EX_STR ? earlier_key(e, i, j, key->str) : NULL;
      if (!first) continue;
      diag_error(x->k->d, key->loc, _("key \"%s\" appears twice in this 'selon'; keep one"), key->str);
      diag_note(x->k->d, first->loc, _("it first appears here"));
    }
  }
  if (!other)
    diag_warning(x->k->d, e->loc, _("this 'selon' has no 'autre' arm: a value it does not list gives no value; "
                                    "add `autre: …` unless that is what you want"));
}

static Type match_expr(Ctx *x, Expr *e) {
  match_keys(x, e);
  const Unit *saved = x->bare_unit;
  x->bare_unit = NULL;
  Type s = chk_expr(x, e->match.subject);
  for (int i = 0; i < e->match.arms.n; i++) {
    MatchArm *a = e->match.arms.v[i];
    for (int j = 0; j < a->keys.n; j++) {
      Type kt = chk_expr(x, a->keys.v[j]);
      terr_literal(x, &s, a->keys.v[j]);
      if (!chk_type_fits(&kt, &s))
        diag_error(x->k->d, a->keys.v[j]->loc, _("this key is %s but 'selon' tests %s; write keys of the same type"),
                   chk_type_text(x->k, &kt), chk_type_text(x->k, &s));
    }
  }
  x->bare_unit = saved;
  Type first = chk_type_error();
  for (int i = 0; i < e->match.arms.n; i++) {
    MatchArm *a = e->match.arms.v[i];
    Type v = chk_expr(x, a->value);
    first = i == 0 ? v : agree(x, &first, &v, a->value->loc, _("the arms of 'selon'"));
  }
  return first;
}

static Type in_expr(Ctx *x, Expr *e) {
  const Unit *saved = x->bare_unit;
  x->bare_unit = NULL;
  Type s = chk_expr(x, e->in.subject);
  for (int i = 0; i < e->in.items.n; i++) {
    Type t = chk_expr(x, e->in.items.v[i]);
    terr_literal(x, &s, e->in.items.v[i]);
    if (!chk_type_fits(&t, &s))
      diag_error(x->k->d, e->in.items.v[i]->loc, _("'dans' tests %s, but this item is %s; list values of the same type"),
                 chk_type_text(x->k, &s), chk_type_text(x->k, &t));
  }
  x->bare_unit = saved;
  Type b = simple(T_BOOL);
  b.by = s.by; b.by_sym = s.by_sym;
  return b;
}

Type chk_call(Ctx *x, Expr *e);   /* chk_call.c */

static __attribute__((noinline)) Type expr_type(Ctx *x, Expr *e) {
  switch (e->kind) {
  case EX_NUM: return num_expr(x, e);
  case EX_STR: e->ann.kind = ANN_LITERAL; return simple(T_TEXT);
  case EX_BOOL: e->ann.kind = ANN_LITERAL; return simple(T_BOOL);
  case EX_DATE: return date_expr(x, e);
  case EX_NAME: return name_expr(x, e);
  case EX_UNARY: return unary(x, e);
  case EX_BINARY: return binary(x, e);
  case EX_IF: return if_expr(x, e);
  case EX_MATCH: return match_expr(x, e);
  case EX_IN: return in_expr(x, e);
  case EX_CALL: return chk_call(x, e);
  case EX_WHERE:
    diag_error(x->k->d, e->loc, _("'où' filters a table inside an aggregate; write it as an argument, e.g. compte(T où condition)"));
    return chk_type_error();
  }
  return chk_type_error();
}

/* Every accepted expression is annotated: ANN_OP for operators (names, literals and calls
 * say more, where they are read), and its kind of value. expr_type is kept out of line and
 * the type passed by value, so that the frames deep expressions stack stay small. */
static void ann_checked(Expr *e, TypeKind k) {
  if (!e->ann.kind && e->kind != EX_NAME && e->kind != EX_CALL && e->kind != EX_WHERE && k != T_ERROR) e->ann.kind = ANN_OP;
  e->ann.type = (unsigned char)ann_type(k);
}

Type chk_expr(Ctx *x, Expr *e) {
  Type t = expr_type(x, e);
  ann_checked(e, t.k);
  return t;
}
