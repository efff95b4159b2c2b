/* chk.c — the semantic checker's driver (see chk.h) and the checks of each declaration
 * kind: parameters, indicators, valuations, costs, contrôles, tables, arbres and bilans.
 *
 * Every declaration of every module is checked once, in declaration order; a formula that
 * uses another declaration checks that one first (chk_symbol is lazy and guarded), so the
 * order of declarations never matters. Results live in Sym.chk (ChkSym); the dependency
 * graph and the evaluation order come from chk_graph.c, the référentiel rules from
 * chk_strict.c, field schemas from chk_fields.c, expressions from chk_expr.c. */
#include "chk_int.h"
#include "intl.h"
#include "strmap.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

ChkSym *chk_sym(Chk *k, Sym *s) {
  if (!s->chk) s->chk = arena_alloc(k->a, sizeof(ChkSym));
  return s->chk;
}

Ctx chk_ctx(Chk *k, const Module *m, Sym *self) {
  Ctx x;
  memset(&x, 0, sizeof x);
  x.k = k; x.m = m; x.self = self;
  return x;
}

const char *chk_join(Chk *k, const char *const *names, int n, const char *sep) {
  const char *s = "";
  for (int i = 0; i < n; i++) s = arena_printf(k->a, "%s%s%s", s, i ? sep : "", names[i]);
  return s;
}

const char *chk_suggest_or(Chk *k, const char *name, const char *const *cands, int n, const char *otherwise) {
  const char *s = sym_suggest(name, cands, n);
  return s ? arena_printf(k->a, _("; did you mean '%s'?"), s) : otherwise;
}

const char *chk_unit_text(Chk *k, const Unit *u) {
  char buf[256];
  return arena_strdup(k->a, units_describe(u, buf, sizeof buf));
}

/* Units, stakeholders, chains and territory levels are a shared vocabulary: visible from
 * a module imported with `comme` too (a unit atom cannot be qualified). */
Sym *chk_vocab(const Module *m, Namespace ns, const char *name) {
  Sym *s = sym_lookup(m, ns, name);
  for (int i = 0; !s && i < m->nimports; i++)
    if (m->imports[i].alias) s = sym_lookup(m->imports[i].mod, ns, name);
  return s;
}

static void unknown_unit(Chk *k, const Module *m, const UnitTerm *t) {
  Sym **units;
  int n = sym_visible(k->c, m, NS_UNIT, &units), cap = n + 8, nc = 0;
  const char **c = arena_alloc(k->a, sizeof *c * (size_t)cap);
  static const char *const builtin[] = {"€", "EUR", "%", "an", "mois", "jour"};
  for (int i = 0; i < 6; i++) c[nc++] = builtin[i];
  for (int i = 0; i < n; i++) c[nc++] = units[i]->name;
  diag_error(k->d, t->loc, _("unknown unit '%s'%s"), t->name,
             chk_suggest_or(k, t->name, c, nc, arena_printf(k->a, _("; declare it with `unité %s`"), t->name)));
}

Unit chk_unit(Chk *k, const Module *m, const UnitExpr *ue) {
  Unit u = units_none();
  bool bad = false;
  for (int i = 0; i < ue->n; i++) {
    const UnitTerm *t = &ue->terms[i];
    if (!units_builtin(t->name) && !chk_vocab(m, NS_UNIT, t->name)) { unknown_unit(k, m, t); bad = true; continue; }
    u = units_mul(u, units_atom(t->name, t->exp));
  }
  if (bad) u.overflow = true;
  return u;
}

/* The UnitExpr chk_unit_of() returns for an inferred unit (NULL when dimensionless). */
static UnitExpr *unit_expr_of(Chk *k, const Unit *u) {
  if (u->overflow || (!u->n && !u->percent)) return NULL;
  UnitExpr *ue = arena_alloc(k->a, sizeof *ue);
  if (!u->n) { UnitTerm t = {"%", 1, {0, 0, 0}}; ARENA_PUSH(k->a, ue->terms, ue->n, ue->cap, t); }
  for (int i = 0; i < u->n; i++) {
    UnitTerm t = {u->a[i].name, u->a[i].exp, {0, 0, 0}};
    ARENA_PUSH(k->a, ue->terms, ue->n, ue->cap, t);
  }
  return ue;
}

/* The expression of a field given either as `= formula` or as `field: value`. */
static FieldValue *formula_value(Chk *k, Decl *d, FieldId f) {
  if (d->formula) {
    FieldValue *v = arena_alloc(k->a, sizeof *v);
    v->value = d->formula; v->loc = d->formula->loc;
    return v;
  }
  Item *it = schema_find(d, f);
  return it && it->values.n ? it->values.v[0] : NULL;
}

/* The currency of money in u (its module's currencies), NULL if u is not money. */
static const char *money_of(const Module *m, const Unit *u) {
  return u->overflow ? chk_module_currency(m) : chk_money_currency(m, u);
}

/* ---- paramètre ---- */
/* The dated values of one parameter seen so far: their dates (a map, so that thousands of
 * values stay linear), and per date the value that first gave it. */
typedef struct {
  StrMap dates;
  FieldValue **first;
  int n, cap;
} Dated;

static void param_since(Chk *k, Sym *s, FieldValue *v, Dated *dated, int *nundated) {
  if (!v->since) { (*nundated)++; return; }
  if (v->since->kind != EX_DATE) {
    diag_error(k->d, v->since->loc, _("'depuis' takes a date, e.g. depuis 2024-01-01"));
    return;
  }
  if (!chk_date_valid(v->since->str)) {
    diag_error(k->d, v->since->loc, _("'%s' is not a valid date; write YYYY-MM-DD with a real month and day"), v->since->str);
    return;
  }
  bool added = false;
  int id = strmap_add(&dated->dates, v->since->str, strlen(v->since->str), &added);
  if (id < 0) return;   /* out of memory: the check is skipped, nothing else depends on it */
  if (!added) {
    diag_error(k->d, v->since->loc, _("parameter '%s' has two values since %s; keep one, or change its date"), s->name, v->since->str);
    diag_note(k->d, dated->first[id]->since->loc, _("the other value since %s is here"), v->since->str);
    return;
  }
  ARENA_PUSH(k->a, dated->first, dated->n, dated->cap, v);
}

static void param_value(Chk *k, Ctx *x, Sym *s, FieldValue *v, bool *first) {
  ChkSym *cs = chk_sym(k, s);
  if (v->share) diag_error(k->d, v->share->loc, _("unexpected number after the value of '%s'; write one value per 'valeur:' line"), s->name);
  Type t = chk_expr(x, v->value);
  if (t.k == T_ERROR) { if (*first && !cs->declared_unit) cs->type = t; *first = false; return; }
  if (cs->declared_unit && !chk_type_fits(&t, &cs->type)) {
    diag_error(k->d, v->value->loc, _("parameter '%s' is declared in %s but this value is %s; write the value in %s, or change the unit after ':'"),
               s->name, chk_type_text(k, &cs->type), chk_type_text(k, &t), chk_type_text(k, &cs->type));
  } else if (!cs->declared_unit && !*first && !chk_type_fits(&t, &cs->type)) {
    diag_error(k->d, v->value->loc, _("the values of parameter '%s' disagree: this one is %s, the first is %s"),
               s->name, chk_type_text(k, &t), chk_type_text(k, &cs->type));
  } else if (!cs->declared_unit && *first) cs->type = t;
  *first = false;
}

/* `3,5 %` read as two values, 3 and 5 %: written with a decimal comma (the number, a ','
 * and the next value's number with no space between). Reported (if `say`) with the way to
 * write it. */
bool chk_decimal_comma(Chk *k, const FieldValue *a, const FieldValue *b, bool say) {
  const Expr *l = b->value;
  while (l->kind == EX_BINARY) l = l->bin.l;
  if (a->value->kind != EX_NUM || a->value->num.unit || a->since || a->share || l->kind != EX_NUM) return false;
  if (a->value->loc.end + 1 != l->loc.start || chk_src(k, (Loc){l->loc.file, a->value->loc.end, l->loc.start})[0] != ',')
    return false;
  Loc whole = {a->value->loc.file, a->value->loc.start, b->value->loc.end};
  if (say) diag_error(k->d, whole, _("in a script the decimal mark is a point: write %s.%s"), chk_src(k, a->value->loc), chk_src(k, b->value->loc));
  return true;
}

/* The source text of a span (an arena copy). */
const char *chk_src(Chk *k, Loc loc) {
  size_t len;
  const char *text = diag_source_text(k->d, loc.file, &len);
  if (!text || loc.end > len || loc.start > loc.end) return "";
  return arena_strndup(k->a, text + loc.start, loc.end - loc.start);
}

/* plage: LOW, HIGH — two values of the parameter's unit, the low one first (--plage). */
static void check_range(Chk *k, Ctx *x, Sym *s) {
  Item *it = schema_find(s->decl, F_RANGE);
  if (!it) return;
  if (it->values.n != 2) {
    diag_error(k->d, it->loc, _("'plage' takes two values, the low one and the high one, e.g. plage: 9000 €, 17000 €"));
    return;
  }
  ChkSym *cs = chk_sym(k, s);
  for (int i = 0; i < 2; i++) {
    Type t = chk_expr(x, it->values.v[i]->value);
    if (t.k != T_ERROR && cs->type.k != T_ERROR && !chk_type_fits(&t, &cs->type))
      diag_error(k->d, it->values.v[i]->value->loc, _("parameter '%s' is %s, but this bound of its 'plage' is %s"), s->name,
                 chk_type_text(k, &cs->type), chk_type_text(k, &t));
  }
  Num lo = NUM_INIT, hi = NUM_INIT;
  if (chk_num_literal(it->values.v[0]->value, &lo, NULL) && chk_num_literal(it->values.v[1]->value, &hi, NULL) && num_cmp(&lo, &hi) > 0)
    diag_error(k->d, it->values.v[0]->value->loc, _("the low bound of the 'plage' of '%s' is above its high bound; write the low one first"),
               s->name);
  num_clear(&lo);
  num_clear(&hi);
}

void chk_param_values(Chk *k, Ctx *x, Sym *s, Decl *d, bool first) {
  ChkSym *cs = chk_sym(k, s);
  Dated dated = {0};
  int nundated = 0, nvalues = 0;
  Item *undated = NULL;
  x->value_of = s;
  if (d->formula) { FieldValue *v = formula_value(k, d, F_VALUE); param_value(k, x, s, v, &first); return; }
  for (int n = 0;; n++) {
    Item *it = schema_find_nth(d, F_VALUE, n);
    if (!it) break;
    for (int j = 0; j < it->values.n; j++) {
      FieldValue *v = it->values.v[j];
      if (j > 0 && chk_decimal_comma(k, it->values.v[j - 1], v, false)) break;   /* said by chk_fields */
      param_value(k, x, s, v, &first);
      int before = nundated;
      param_since(k, s, v, &dated, &nundated);
      if (nundated > before && !undated) undated = it;
      nvalues++;
    }
  }
  strmap_free(&dated.dates);
  if (nvalues > 1 && nundated > 1)
    diag_error(k->d, d->name_loc, _("parameter '%s' has %d values without 'depuis'; date them (valeur: … depuis 2024-01-01), at most one may be undated"),
               s->name, nundated);
  cs->type.zero = cs->type.bare = false;
}

static void check_param(Chk *k, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  Ctx x = chk_ctx(k, s->mod, s);
  x.param_value = true;
  x.bare_unit = cs->declared_unit ? &cs->type.u : NULL;
  x.conversion = cs->declared_unit && chk_conversion_unit(s->mod, &cs->type.u);
  chk_param_values(k, &x, s, s->decl, true);
  check_range(k, &x, s);
  chk_param_currency(k, s);
}

/* ---- indicateur ---- */
/* A product by a bare 100 (x * 100, 100 * x) anywhere in e, or NULL. */
static bool find_times_100(const Expr *e, void *out);
static bool times_100_child(const Expr *e, void *out) { return find_times_100(e, out); }
static bool find_times_100(const Expr *e, void *out) {
  if (e->kind == EX_BINARY && e->bin.op == OP_MUL)
    for (int i = 0; i < 2; i++) {
      const Expr *n = i ? e->bin.r : e->bin.l;
      if (n->kind == EX_NUM && !n->num.unit && !strcmp(n->num.text, "100")) { *(const Expr **)out = e; return false; }
    }
  return ast_each_child(e, times_100_child, out);
}

/* An indicator in % holds a ratio that is shown ×100 already: `… * 100` would show 3 333,3 %. */
static void warn_percent_times_100(Chk *k, Sym *s, const Expr *formula) {
  const UnitExpr *u = s->decl->unit;
  if (!u || u->n != 1 || strcmp(u->terms[0].name, "%") || u->terms[0].exp != 1) return;
  const Expr *hit = NULL;
  find_times_100(formula, &hit);
  if (hit)
    diag_warning(k->d, hit->loc, _("indicateur '%s' is in %%: its ratio is shown ×100 already (0.333 shows 33.3 %%); "
                                   "remove this '* 100', which would show 3333.3 %%"), s->name);
}

static void check_indicator(Chk *k, Sym *s) {
  Decl *d = s->decl;
  ChkSym *cs = chk_sym(k, s);
  FieldValue *f = formula_value(k, d, F_FORMULA);
  Ctx x = chk_ctx(k, s->mod, s);
  Type t = f ? chk_expr(&x, f->value) : chk_type_error();
  if (t.k != T_NUM && t.k != T_ERROR) {
    diag_error(k->d, f->value->loc, _("indicateur '%s' must give a number, but its formula gives %s; count or sum it, e.g. compte(T où condition)"), s->name, chk_type_text(k, &t));
    t = chk_type_error();
  }
  if (cs->declared_unit && t.k == T_NUM && !chk_type_fits(&t, &cs->type))
    diag_error(k->d, f->value->loc, _("indicateur '%s' is declared in %s but its formula gives %s; change the unit after ':' or the formula"),
               s->name, chk_type_text(k, &cs->type), chk_type_text(k, &t));
  if (!cs->declared_unit) { cs->type = t; cs->type.zero = cs->type.bare = false; }
  if (f) warn_percent_times_100(k, s, f->value);
  cs->type.by = NULL;
  chk_keep_aggs(&x, s);
  Item *by = schema_find(d, F_BY);
  if (by) chk_dims(&x, s, by);
}

/* ---- valorisation ---- */
static Type valuation_part(Chk *k, Ctx *x, Sym *s, FieldId f) {
  Item *it = schema_find(s->decl, f);
  if (!it || !it->values.n) return chk_type_error();
  Type t = chk_expr(x, it->values.v[0]->value);
  if (t.k != T_NUM && t.k != T_ERROR) {
    diag_error(k->d, it->values.v[0]->value->loc, _("the %s of valorisation '%s' must be a number, not %s"),
               chk_field_name(f), s->name, chk_type_text(k, &t));
    return chk_type_error();
  }
  return t;
}

static void check_valuation(Chk *k, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  Ctx x = chk_ctx(k, s->mod, s);
  cs->qty = valuation_part(k, &x, s, F_QUANTITY);
  cs->proxy = valuation_part(k, &x, s, F_PROXY);
  const char *cur = chk_module_currency(s->mod);
  if (cs->qty.k == T_NUM && cs->proxy.k == T_NUM) {
    Unit v = units_mul(cs->qty.u, cs->proxy.u);
    const char *vc = money_of(s->mod, &v);
    if (!vc)
      diag_error(k->d, schema_find(s->decl, F_PROXY)->loc,
                 _("one year of valorisation '%s' is quantité × proxy = %s × %s = %s, but it must be %s (or %s/an); "
                   "give the proxy a unit per unit of quantity, e.g. %s/%s"),
                 s->name, chk_type_text(k, &cs->qty), chk_type_text(k, &cs->proxy), chk_unit_text(k, &v), cur, cur, cur,
                 cs->qty.u.n == 1 ? cs->qty.u.a[0].name : "ménage");
    else if (strcmp(vc, cur))
      diag_error(k->d, schema_find(s->decl, F_PROXY)->loc,
                 _("valorisation '%s' is in %s, but its référentiel counts in %s; convert its proxy with a conversion "
                   "parameter (unit %s/%s, conversion: change or ppa, dated, with its source)"), s->name, vc, cur, cur, vc);
  }
  Unit money = units_atom(cur, 1);
  if (cs->declared_unit && !units_equal(&cs->type.u, &money) && !cs->type.u.overflow)
    diag_error(k->d, s->decl->unit->loc, _("a valorisation is worth a present value in %s, not %s; remove ': %s' or write ': %s'"),
               cur, chk_type_text(k, &cs->type), chk_type_text(k, &cs->type), cur);
  cs->type = chk_type_num(money);
  chk_valuation_timeline(k, s);
  chk_published(k, s);
  chk_keep_aggs(&x, s);
  Item *by = schema_find(s->decl, F_BY);
  if (by) chk_dims(&x, s, by);
}

/* ---- coût ---- */
/* One amount of a coût (its only one, or one year's): an amount in its currency. */
static Type cost_amount(Chk *k, Sym *s, FieldValue *f, const char *cur) {
  ChkSym *cs = chk_sym(k, s);
  Ctx x = chk_ctx(k, s->mod, s);
  Type t = chk_expr(&x, f->value);
  if (t.k != T_NUM && t.k != T_ERROR) {
    diag_error(k->d, f->value->loc, _("coût '%s' must be an amount in %s, not %s"), s->name, cur, chk_type_text(k, &t));
    return chk_type_error();
  }
  const char *tc = t.k == T_NUM && !t.zero ? money_of(s->mod, &t.u) : NULL;
  if (cs->declared_unit && t.k == T_NUM && !chk_type_fits(&t, &cs->type))
    diag_error(k->d, f->value->loc, _("coût '%s' is declared in %s but its amount gives %s; change the unit after ':' or the amount"),
               s->name, chk_type_text(k, &cs->type), chk_type_text(k, &t));
  else if (!cs->declared_unit && t.k == T_NUM && !t.zero && !tc)
    diag_error(k->d, f->value->loc, _("coût '%s' must be in %s (or %s/an), but its amount gives %s"), s->name, cur, cur,
               chk_type_text(k, &t));
  else if (!cs->declared_unit && tc && strcmp(tc, cur))
    diag_error(k->d, f->value->loc, _("coût '%s' is in %s, but its référentiel counts in %s; convert it with a conversion "
                                      "parameter (unit %s/%s)"), s->name, tc, cur, cur, tc);
  return t;
}

static void check_cost(Chk *k, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  const char *cur = chk_module_currency(s->mod);
  const char *dc = cs->declared_unit ? money_of(s->mod, &cs->type.u) : NULL;
  if (cs->declared_unit && !dc)
    diag_error(k->d, s->decl->unit->loc, _("a coût is in %s (or %s/an), not %s; change the unit after ':'"), cur, cur,
               chk_type_text(k, &cs->type));
  else if (dc && strcmp(dc, cur))
    diag_error(k->d, s->decl->unit->loc, _("coût '%s' is in %s, but its référentiel counts in %s; convert it with a conversion "
                                           "parameter (unit %s/%s)"), s->name, dc, cur, cur, dc);
  Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT);
  int n = s->decl->formula ? 1 : it ? it->values.n : 0;
  Type t = chk_type_error();
  for (int i = 1; it && i < n; i++)
    if (chk_decimal_comma(k, it->values.v[i - 1], it->values.v[i], false)) n = 0;   /* said by chk_fields */
  for (int i = 0; i < n; i++) {
    Type y = cost_amount(k, s, it ? it->values.v[i] : formula_value(k, s->decl, F_AMOUNT), cur);
    if (i == 0 || (t.k == T_NUM && t.zero)) t = y;
  }
  if (!cs->declared_unit) cs->type = t.k == T_NUM ? chk_type_num(t.zero ? units_atom(cur, 1) : t.u) : t;
  chk_cost_years(k, s);
  chk_published(k, s);
}

/* ---- contrôle ---- */
static void check_check(Chk *k, Sym *s) {
  Decl *d = s->decl;
  Ctx x = chk_ctx(k, s->mod, s);
  Item *each = schema_find(d, F_FOR_EACH);
  if (each && each->values.n && each->values.v[0]->value->kind == EX_NAME) {
    Resolved r = sym_resolve(s->mod, NULL, &each->values.v[0]->value->name);
    if (r.kind == R_GLOBAL && r.sym->kind == S_TABLE) { x.rows[x.nrows++] = r.sym; x.row_check = true; }
  }
  FieldValue *c = formula_value(k, d, F_CONDITION);
  if (!c) c = formula_value(k, d, F_FORMULA);
  if (!c) {
    diag_error(k->d, d->name_loc, _("contrôle '%s' checks nothing; add `condition: …` (with `pour_chaque: TABLE`) or write `contrôle %s = condition`"),
               s->name, s->name);
    return;
  }
  Type t = chk_expr(&x, c->value);
  if (t.k != T_BOOL && t.k != T_ERROR)
    diag_error(k->d, c->value->loc, _("the condition of contrôle '%s' must be true or false, not %s; compare it, e.g. x > 0"),
               s->name, chk_type_text(k, &t));
}

/* ---- table ---- */
static bool builtin_level(const char *name) { return territory_level(name) != TERR_OTHER; }

/* `millésime YEAR` (the COG its codes follow) or `millésime aucun` (codes not checked): only
 * on a column of commune codes (the other levels have not changed since 2016). */
static void check_vintage(Chk *k, ColType *ct) {
  if (!ct->vintage) return;
  if (ct->kind != COL_TERRITORY || territory_level(ct->target) != TERR_COMMUNE) {
    diag_error(k->d, ct->vintage_loc, _("'millésime' applies to a column of commune codes (territoire commune millésime 2024): "
                                        "it says which COG its codes follow"));
    return;
  }
  if (!strcmp(ct->vintage, "aucun") || !strcmp(ct->vintage, "none")) return;
  char *end;
  long y = strtol(ct->vintage, &end, 10);
  if (*end || y < 1943 || y > territory_cog_year())
    diag_error(k->d, ct->vintage_loc, _("'millésime' takes the year of a COG from 1943 to %d (the COG pvs ships), or 'aucun' "
                                        "for codes that are not to be checked; not '%s'"), territory_cog_year(), ct->vintage);
}

static void check_column(Chk *k, Sym *t, Sym *col, int *keys) {
  ColType *ct = col->item->col;
  chk_column_type(k, col);
  if (ct->key && (*keys)++)
    diag_error(k->d, ct->loc, _("table '%s' has more than one 'clé' column; keep one key"), t->name);
  bool pct = ct->unit && ct->unit->n == 1 && !strcmp(ct->unit->terms[0].name, "%") && ct->unit->terms[0].exp == 1;
  if (ct->fraction && (!pct || (ct->kind != COL_DECIMAL && ct->kind != COL_INTEGER)))
    diag_error(k->d, ct->loc, _("'fraction' applies to a column of percentages (décimal %% fraction): its cells are "
                                "fractions such as 0.439 instead of 43.9"));
  if (ct->kind == COL_TERRITORY && !builtin_level(ct->target) && !chk_vocab(t->mod, NS_LEVEL, ct->target)) {
    const char *c[] = {"commune", "département", "région", "epci", "zone_abc"};
    diag_error(k->d, ct->target_loc, _("unknown territory level '%s'%s"), ct->target,
               chk_suggest_or(k, ct->target, c, 5, arena_printf(k->a, _("; declare it with `territoire %s`"), ct->target)));
  }
  check_vintage(k, ct);
  if (ct->kind == COL_REF && !sym_ref_target(col)) {
    Sym **v; int n = sym_visible(k->c, t->mod, NS_VALUE, &v), nc = 0;
    const char **c = arena_alloc(k->a, sizeof *c * (size_t)(n + 1));
    for (int i = 0; i < n; i++) if (v[i]->kind == S_TABLE) c[nc++] = v[i]->name;
    diag_error(k->d, ct->target_loc, _("'réf %s' names no table%s"), ct->target,
               chk_suggest_or(k, ct->target, c, nc, _("; 'réf' takes the name of a declared table")));
  }
}

static void check_table(Chk *k, Sym *t) {
  int keys = 0;
  chk_row_unit(k, t);
  for (int i = 0; i < t->ncolumns; i++) check_column(k, t, t->columns[i], &keys);
}

/* ---- dispatch ---- */
void chk_symbol(Chk *k, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  if (cs->state) return;
  cs->state = 1;
  if (s->decl && s->decl->unit && s->kind != S_TABLE) {
    cs->type = chk_type_num(chk_unit(k, s->mod, s->decl->unit));
    cs->declared_unit = true;
  }
  if (s->decl && s->kind < S_UNIT) chk_fields(k, s);
  switch (s->kind) {
  case S_TABLE: check_table(k, s); if (s->decl->kind != D_TABLE) chk_panel(k, s); break;
  case S_PARAM: check_param(k, s); break;
  case S_INDICATOR: check_indicator(k, s); break;
  case S_VALUATION: check_valuation(k, s); break;
  case S_COST: check_cost(k, s); break;
  case S_CHECK: check_check(k, s); break;
  case S_TREE: { Ctx x = chk_ctx(k, s->mod, s); chk_tree_items(&x, &s->decl->items); break; }
  case S_SCENARIO: chk_scenario(k, s); break;
  case S_OVERRIDE: chk_override(k, s); break;
  case S_STATEMENT: chk_statement(k, s); break;
  case S_INDEX: chk_index(k, s); break;
  default: break;
  }
  cs->uexpr = cs->declared_unit ? s->decl->unit : cs->type.k == T_NUM ? unit_expr_of(k, &cs->type.u) : NULL;
  cs->state = 2;
}

int chk_run(Compilation *c, const ChkOptions *o) {
  Chk *k = arena_alloc(c->arena, sizeof *k);
  k->c = c; k->d = c->diag; k->a = c->arena; k->o = o;
  c->chk = k;
  int before = diag_errors(c->diag);
  chk_presort(k);
  for (int i = 0; i < c->nmods; i++) chk_currencies(k, c->mods[i]);
  for (int i = 0; i < c->nmods; i++)
    for (int j = 0; j < c->mods[i]->nsyms; j++) chk_symbol(k, c->mods[i]->syms[j]);
  chk_param_aggs(k);
  chk_graph(k);
  chk_unused(k, c->main);
  if (o && o->strict) chk_strict(k, c->main);
  return diag_errors(c->diag) - before;
}

const UnitExpr *chk_unit_of(const Sym *s) {
  if (!s) return NULL;
  const ChkSym *cs = s->chk;
  if (cs) return cs->uexpr;
  return s->decl ? s->decl->unit : NULL;
}

int chk_order(const Compilation *c, Sym ***out) {
  const Chk *k = c->chk;
  if (!k) { *out = c->main->syms; return c->main->nsyms; }
  *out = k->order;
  return k->norder;
}
