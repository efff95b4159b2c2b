/* chk_call.c — built-in functions and aggregates (builtins.def).
 *
 * An aggregate (compte, somme, moyenne, médiane, part, compte_distinct, and min/max when
 * their first argument is a table) puts the row of its table in scope for its filter and its
 * value; the same table cannot be aggregated again inside (the inner rows would hide the
 * outer ones). The other functions take plain values. A call is annotated with its
 * built-in, an aggregate's table name with the table, arrondi's mode and nom's level (words,
 * not values) with what they name. */
#include "chk_int.h"
#include "intl.h"
#include "territory.h"
#include <string.h>

Type chk_call(Ctx *x, Expr *e);

static Type unknown_function(Ctx *x, Expr *e) {
  const char *c[3 * B__COUNT];
  int n = 0;
  for (int b = 0; b < B__COUNT; b++) {
    const BuiltinInfo *bi = schema_builtin((BuiltinId)b);
    c[n++] = bi->fr; c[n++] = bi->en;
    if (bi->plain) c[n++] = bi->plain;
  }
  diag_error(x->k->d, e->call.name_loc, _("unknown function '%s'%s"), e->call.name,
             chk_suggest_or(x->k, e->call.name, c, n, _("; the functions are compte, somme, moyenne, médiane, min, max, part, "
                                                          "compte_distinct, arrondi, plancher, plafond, abs, défaut, année, "
                                                          "nom, département_qpv, début and sous_texte")));
  return chk_type_error();   /* its arguments are not checked: their context is unknown */
}

/* The table named by an aggregate's first argument (T, or T où c), or NULL. */
static Sym *table_arg(Ctx *x, Expr *a) {
  Expr *t = a->kind == EX_WHERE ? a->where.table : a;
  if (t->kind != EX_NAME) return NULL;
  Resolved r = sym_resolve(x->m, NULL, &t->name);
  return r.kind == R_GLOBAL && r.sym->kind == S_TABLE && r.used == t->name.n ? r.sym : NULL;
}

static void ann_table(Expr *a, Sym *t) {
  Expr *n = a->kind == EX_WHERE ? a->where.table : a;
  n->ann.kind = ANN_TABLE;
  n->ann.sym = t;
  if (a != n) a->ann.kind = ANN_OP;
}

Unit chk_row_unit(Chk *k, Sym *t) {
  ChkSym *cs = chk_sym(k, t);
  if (!cs->row_unit) {   /* its own flag: `state` would make chk_symbol skip the table's own checks */
    cs->type = chk_type_num(t->decl->unit ? chk_unit(k, t->mod, t->decl->unit) : units_none());
    cs->row_unit = true;
  }
  return cs->type.u;
}

static bool push_row(Ctx *x, Expr *e, Sym *t) {
  if (x->row_check && x->nrows == 1) {
    diag_error(x->k->d, e->loc, _("an aggregate cannot be written inside a row-level contrôle; compute it in its own "
                                  "indicateur and use that name here"));
    return false;
  }
  if (x->nrows) {   /* one pass per table: an inner aggregate is an indicator of its own */
    diag_error(x->k->d, e->loc, _("aggregate over '%s' inside another aggregate over '%s': compute it in its own indicateur "
                                  "and use that name here"), t->name, x->rows[x->nrows - 1]->name);
    return false;
  }
  if (x->nrows == CTX_MAX_ROWS) return false;
  x->rows[x->nrows++] = t;
  bool seen = false;
  for (int i = 0; i < x->naggs; i++) seen |= x->aggs[i] == t;
  if (!seen) ARENA_PUSH(x->k->a, x->aggs, x->naggs, x->acap, t);
  return true;
}

static Type distinct_arg(Ctx *x, Expr *a, Sym *t) {
  if (a->kind != EX_NAME || !sym_column(t, a->name.parts[0]))
    diag_error(x->k->d, a->loc, _("the second argument of 'compte_distinct' must be a column of '%s'"), t->name);
  else chk_expr(x, a);
  return chk_type_num(units_none());
}

/* `compte(parc ou qpv)`: 'ou' (or) written for 'où' (where) after a table. */
static bool or_for_where(Ctx *x, Expr *e, Expr *a0) {
  Expr *l = a0;
  while (l->kind == EX_BINARY && l->bin.op == OP_OR) l = l->bin.l;
  if (l == a0 || !table_arg(x, l)) return false;
  Expr *top = a0;
  while (top->bin.l != l) top = top->bin.l;
  const char *op = chk_src(x->k, (Loc){l->loc.file, l->loc.end, top->bin.r->loc.start});
  bool en = strstr(op, "or") != NULL;
  diag_error(x->k->d, (Loc){l->loc.file, l->loc.start, top->bin.r->loc.end},
             en ? _("did you mean 'where'? 'or' combines two conditions; the rows of a table are filtered with 'where', as in %s(%s where …)")
                : _("did you mean 'où'? 'ou' (without an accent) means 'or'; the rows of a table are filtered with 'où', as in %s(%s où …)"),
             e->call.name, chk_src(x->k, l->loc));
  return true;
}

static Type aggregate(Ctx *x, Expr *e, BuiltinId b) {
  Expr *a0 = e->call.args.v[0];
  Sym *t = table_arg(x, a0);
  if (!t && or_for_where(x, e, a0)) return chk_type_error();
  if (!t) {
    diag_error(x->k->d, a0->loc, _("the first argument of '%s' must be a table, e.g. %s(parc où vacant%s)"),
               e->call.name, e->call.name, schema_builtin(b)->max_args > 1 ? ", loyer" : "");
    return chk_type_error();
  }
  ann_table(a0, t);
  if (x->value_of && !chk_sym(x->k, x->value_of)->agg) chk_sym(x->k, x->value_of)->agg = e;
  const Unit *saved = x->bare_unit;
  x->bare_unit = NULL;
  if (!push_row(x, e, t)) { x->bare_unit = saved; return chk_type_error(); }
  if (a0->kind == EX_WHERE) {
    Type c = chk_expr(x, a0->where.cond);
    if (c.k != T_BOOL && c.k != T_ERROR)
      diag_error(x->k->d, a0->where.cond->loc, _("the filter after 'où' must be a condition (true or false), not %s; compare it, e.g. %s > 0"),
                 chk_type_text(x->k, &c), a0->where.cond->kind == EX_NAME ? a0->where.cond->name.parts[a0->where.cond->name.n - 1] : "x");
  }
  Type r;
  if (b == B_COUNT) r = chk_type_num(chk_row_unit(x->k, t));
  else if (b == B_SHARE) r = chk_type_num(units_percent());
  else if (b == B_COUNT_DISTINCT) r = distinct_arg(x, e->call.args.v[1], t);
  else {
    Type v = chk_expr(x, e->call.args.v[1]);
    if (v.k != T_NUM && v.k != T_ERROR) {
      diag_error(x->k->d, e->call.args.v[1]->loc, _("'%s' needs a number for each row, not %s"), e->call.name, chk_type_text(x->k, &v));
      v = chk_type_error();
    }
    r = v.k == T_ERROR ? v : chk_type_num(v.u);
  }
  x->nrows--;
  x->bare_unit = saved;
  return r;
}

static Type want_number(Ctx *x, Expr *a, const char *fn) {
  Type t = chk_expr(x, a);
  if (t.k != T_NUM && t.k != T_ERROR) {
    diag_error(x->k->d, a->loc, _("'%s' needs a number here, not %s"), fn, chk_type_text(x->k, &t));
    return chk_type_error();
  }
  return t;
}

static Type round_fn(Ctx *x, Expr *e) {
  Type v = want_number(x, e->call.args.v[0], e->call.name);
  Expr *n = e->call.args.v[1];
  Num d;
  long whole;
  num_init(&d);
  const Expr *lit = n->kind == EX_UNARY ? n->un.e : n;
  bool ok = chk_num_literal(n, &d, NULL) && !lit->num.unit && num_to_long(&d, &whole);
  num_clear(&d);
  if (ok) chk_literal(x->k, n);
  if (!ok)
    diag_error(x->k->d, n->loc, _("the number of decimals of '%s' must be a whole number written as is, e.g. %s(x, 2)"),
               e->call.name, e->call.name);
  if (e->call.args.n == 3) {
    Expr *m = e->call.args.v[2];
    if (m->kind != EX_NAME || m->name.n != 1 || schema_rounding_lookup(m->name.parts[0]) < 0)
      diag_error(x->k->d, m->loc, _("unknown rounding mode; use demi_pair (half_even), tronqué (truncate), plancher (floor) or plafond (ceiling)"));
    else { m->ann.kind = ANN_WORD; m->ann.word = schema_rounding_lookup(m->name.parts[0]); }
  }
  v.zero = v.bare = false;
  return v;
}

static Type two_values(Ctx *x, Expr *e, bool same_type) {
  Type a = same_type ? chk_expr(x, e->call.args.v[0]) : want_number(x, e->call.args.v[0], e->call.name);
  Type b = same_type ? chk_expr(x, e->call.args.v[1]) : want_number(x, e->call.args.v[1], e->call.name);
  if (!chk_type_fits(&b, &a)) {
    diag_error(x->k->d, e->loc, _("the two arguments of '%s' must have the same type and unit: %s and %s"),
               e->call.name, chk_type_text(x->k, &a), chk_type_text(x->k, &b));
    return chk_type_error();
  }
  return a.k == T_ERROR || a.zero ? b : a;
}

static Type want_text(Ctx *x, Expr *a, const char *fn) {
  Type t = chk_expr(x, a);
  if (t.k != T_TEXT && t.k != T_TERR && t.k != T_ERROR) {
    diag_error(x->k->d, a->loc, _("'%s' needs a text or a code here, not %s"), fn, chk_type_text(x->k, &t));
    return chk_type_error();
  }
  return t;
}

static Type text_type(void) { Type t = chk_type_error(); t.k = T_TEXT; return t; }

/* nom(code) of a territoire column or a level derived from one; nom(text, LEVEL) otherwise. */
static Type name_fn(Ctx *x, Expr *e) {
  Type t = want_text(x, e->call.args.v[0], e->call.name);
  if (e->call.args.n == 2) {
    Expr *lv = e->call.args.v[1];
    if (lv->kind != EX_NAME || lv->name.n != 1 || territory_level(lv->name.parts[0]) == TERR_OTHER)
      diag_error(x->k->d, lv->loc, _("the second argument of '%s' is a territory level: commune, département, région, epci "
                                     "or zone_abc"), e->call.name);
    else { lv->ann.kind = ANN_WORD; lv->ann.word = (int)territory_level(lv->name.parts[0]); }
  } else if (t.k == T_TEXT)
    diag_error(x->k->d, e->loc, _("'%s' needs to know which level the code is of: give a territoire column, or say it, "
                                  "e.g. %s(début(id, 5), commune)"), e->call.name, e->call.name);
  else if (t.k == T_TERR && territory_level(t.level) == TERR_OTHER)
    diag_error(x->k->d, e->loc, _("'%s' knows the names of the official levels only (commune, département, région, epci, "
                                  "zone_abc), not of '%s'"), e->call.name, t.level);
  return text_type();
}

/* début(text, n), sous_texte(text, from, n?): the positions are whole numbers. */
static Type slice_fn(Ctx *x, Expr *e) {
  const Unit *saved = x->bare_unit;   /* positions, not values of a parameter */
  x->bare_unit = NULL;
  want_text(x, e->call.args.v[0], e->call.name);
  for (int i = 1; i < e->call.args.n; i++) {
    Type n = want_number(x, e->call.args.v[i], e->call.name);
    if (n.k == T_NUM && n.u.n)
      diag_error(x->k->d, e->call.args.v[i]->loc, _("'%s' counts characters: a plain whole number, not %s"), e->call.name,
                 chk_type_text(x->k, &n));
  }
  x->bare_unit = saved;
  return text_type();
}

static Type function(Ctx *x, Expr *e, BuiltinId b) {
  switch (b) {
  case B_NAME: return name_fn(x, e);
  case B_LEFT: case B_SUBSTR: return slice_fn(x, e);
  case B_QPV_DEP: {
    want_text(x, e->call.args.v[0], e->call.name);
    Type t = text_type();
    t.k = T_TERR;
    t.level = "département";
    return t;
  }
  case B_ROUND: return round_fn(x, e);
  case B_MIN: case B_MAX: return two_values(x, e, false);
  case B_DEFAULT: return two_values(x, e, true);
  case B_YEAR: {
    Type t = chk_expr(x, e->call.args.v[0]);
    if (t.k != T_DATE && t.k != T_ERROR)
      diag_error(x->k->d, e->call.args.v[0]->loc, _("'%s' needs a date, not %s; give it a date column or a date such as 2024-01-01"), e->call.name, chk_type_text(x->k, &t));
    return chk_type_num(units_none());
  }
  default: {
    Type t = want_number(x, e->call.args.v[0], e->call.name);
    t.zero = t.bare = false;
    return t;
  }
  }
}

/* call -> NAME '(' args ')' */
Type chk_call(Ctx *x, Expr *e) {
  BuiltinId b = schema_builtin_lookup(e->call.name);
  if (b == B__COUNT) return unknown_function(x, e);
  const BuiltinInfo *bi = schema_builtin(b);
  int n = e->call.args.n;
  bool agg = bi->cls == BC_AGG || (bi->cls == BC_DUAL && n >= 1 && (e->call.args.v[0]->kind == EX_WHERE || table_arg(x, e->call.args.v[0])));
  if (n < bi->min_args || n > bi->max_args) {
    if (bi->min_args == bi->max_args)
      diag_error(x->k->d, e->loc, _("'%s' takes %d argument%s, not %d"), e->call.name, bi->min_args, bi->min_args > 1 ? "s" : "", n);
    else
      diag_error(x->k->d, e->loc, _("'%s' takes %d to %d arguments, not %d"), e->call.name, bi->min_args, bi->max_args, n);
    return chk_type_error();
  }
  e->ann.kind = ANN_CALL;
  e->ann.fn = (short)b;
  e->ann.agg = agg;
  if (agg) return aggregate(x, e, b);
  for (int i = 0; i < n; i++)
    if (e->call.args.v[i]->kind == EX_WHERE) {
      diag_error(x->k->d, e->call.args.v[i]->loc, _("'%s' is not an aggregate: 'où' has no meaning here"), e->call.name);
      return chk_type_error();
    }
  return function(x, e, b);
}

/* ---- aggregates in parameters' values ---- */
/* The evaluator reads a parameter's value where it is used: inside an aggregate's row it
 * is part of that aggregate's row expression, so an aggregate in the value (directly, or in
 * the value of a parameter it reads) would be an aggregate inside an aggregate. Known only
 * once every use is checked, so said at the end, at the aggregate, once. */
static void mark_in_row(Chk *k, Sym *p, int depth) {
  ChkSym *cs = chk_sym(k, p);
  if (depth > 0 && cs->in_row) return;
  cs->in_row = true;
  for (int i = 0; i < cs->npreads && depth < 1000; i++) mark_in_row(k, cs->preads[i], depth + 1);
}

void chk_param_aggs(Chk *k) {
  Compilation *c = k->c;
  for (int i = 0; i < c->nmods; i++)
    for (int j = 0; j < c->mods[i]->nsyms; j++) {
      Sym *s = c->mods[i]->syms[j];
      if (s->kind == S_PARAM && s->chk && ((ChkSym *)s->chk)->in_row) mark_in_row(k, s, 0);
    }
  for (int i = 0; i < c->nmods; i++)
    for (int j = 0; j < c->mods[i]->nsyms; j++) {
      Sym *s = c->mods[i]->syms[j];
      ChkSym *cs = s->kind == S_PARAM ? s->chk : NULL;
      if (cs && cs->in_row && cs->agg)
        diag_error(k->d, cs->agg->loc, _("an aggregate inside another aggregate is not supported; compute it in its own indicator"));
    }
}
