/* chk_index.c — the meaning of a composite index (`indice`, doc/methode-indices.md):
 *
 *   composantes      declared indicators, each once, all broken down the same way
 *                    (an index compares the groups of one breakdown; without a breakdown only
 *                    `distance_cible` means something);
 *   poids            one weight per component, `composante 40 %`, each above 0 %, adding up
 *                    to exactly 100 % (33.33 % + 33.33 % + 33.34 %, never three 33.3 %);
 *                    with `agrégation: géométrique`, at most two decimals (the exponents of
 *                    the weighted geometric mean are then fractions over 10,000 at most);
 *   meilleur_si_bas  the components whose lower values are better (polarity);
 *   cibles           with `normalisation: distance_cible` only, one non-zero target per
 *                    component, in the component's unit;
 *   normalisation, agrégation, manquant: their words (choices.def); a geometric mean of
 *                    z-scores (negative by construction) is refused.
 * The evaluator (compute_index.c) relies on what is checked here. */
#include "chk_int.h"
#include "intl.h"
#include <string.h>

static ChoiceId word(const Sym *s, FieldId f) {
  Item *it = schema_find(s->decl, f);
  ChoiceId c = it && it->values.n ? chk_choice_word(f, it->values.v[0]->value) : C__COUNT;
  if (c != C__COUNT) return c;
  for (int i = 0; i < C__COUNT; i++)   /* absent (or reported): the field's first word */
    if (schema_choice((ChoiceId)i)->field == f) return (ChoiceId)i;
  return C__COUNT;
}

/* The indicator a value of composantes, poids, cibles or meilleur_si_bas names, or NULL. */
static Sym *indicator_of(const Sym *s, const Expr *e) {
  Resolved r = e->kind == EX_NAME ? sym_resolve(s->mod, NULL, &e->name) : (Resolved){0};
  return r.kind == R_GLOBAL && r.sym->kind == S_INDICATOR ? r.sym : NULL;
}

static bool is_component(const Sym *s, const Sym *ind) {
  Item *it = schema_find(s->decl, F_COMPONENTS);
  for (int i = 0; ind && it && i < it->values.n; i++)
    if (indicator_of(s, it->values.v[i]->value) == ind) return true;
  return false;
}

/* Each component once, numeric, and all with the first one's breakdown. */
static int check_components(Chk *k, Sym *s, bool *by_any) {
  Item *it = schema_find(s->decl, F_COMPONENTS);
  Sym *first = NULL;
  int n = 0;
  for (int i = 0; it && i < it->values.n; i++) {
    Expr *e = it->values.v[i]->value;
    Sym *ind = indicator_of(s, e);
    if (!ind) continue;   /* reported by the field's check */
    n++;
    for (int j = 0; j < i; j++)
      if (indicator_of(s, it->values.v[j]->value) == ind)
        diag_error(k->d, e->loc, _("indicator '%s' is listed twice among the components of '%s'; list it once"), ind->name, s->name);
    chk_symbol(k, ind);   /* (an indicator is a number: the indicator's checker says so) */
    ChkSym *cs = chk_sym(k, ind);
    if (!first) { first = ind; *by_any = cs->by != NULL; continue; }
    const char *a = chk_sym(k, first)->by, *b = cs->by;
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
      diag_error(k->d, e->loc, _("the components of indice '%s' must be broken down the same way: '%s' is by %s, '%s' by %s"),
                 s->name, first->name, a ? a : _("nothing (a total)"), ind->name, b ? b : _("nothing (a total)"));
  }
  return n;
}

/* A `poids:` or `cibles:` value: a component, then its number; NULL when it is not. */
static Sym *named_component(Chk *k, Sym *s, FieldId f, FieldValue *v, const char *example) {
  Sym *ind = indicator_of(s, v->value);
  if (!ind || !is_component(s, ind)) {
    diag_error(k->d, v->value->loc, _("'%s' takes the components of '%s', each with its number (e.g. %s); '%s' is not one"),
               chk_field_name(f), s->name, example, chk_src(k, v->value->loc));
    return NULL;
  }
  if (!v->share) {
    diag_error(k->d, v->value->loc, _("component '%s' has no number in '%s'; write it after the name, e.g. %s"), ind->name,
               chk_field_name(f), example);
    return NULL;
  }
  return ind;
}

/* Every component named exactly once in field f (when the field is there). */
static void each_once(Chk *k, Sym *s, FieldId f, Item *it) {
  Item *comps = schema_find(s->decl, F_COMPONENTS);
  for (int i = 0; comps && i < comps->values.n; i++) {
    Sym *ind = indicator_of(s, comps->values.v[i]->value);
    int seen = 0;
    for (int j = 0; ind && j < it->values.n; j++) seen += indicator_of(s, it->values.v[j]->value) == ind;
    if (ind && seen == 0)
      diag_error(k->d, it->loc, _("component '%s' of indice '%s' has no '%s'; give each component one"), ind->name, s->name,
                 chk_field_name(f));
    else if (seen > 1)
      diag_error(k->d, it->loc, _("component '%s' is given %d times in '%s'; give it once"), ind->name, seen, chk_field_name(f));
  }
}

/* Decimals of a literal's text (12.34 → 2). */
static int decimals_of(const char *text) {
  const char *p = strpbrk(text, ".,");
  int n = 0;
  while (p && p[1 + n] >= '0' && p[1 + n] <= '9') n++;
  return n;
}

static void check_weights(Chk *k, Sym *s, bool geometric) {
  Item *it = schema_find(s->decl, F_WEIGHTS);
  if (!it) return;
  Num sum = NUM_INIT, w = NUM_INIT, hundred = NUM_INIT;
  num_set_long(&hundred, 100);
  bool ok = true;
  for (int i = 0; i < it->values.n; i++) {
    FieldValue *v = it->values.v[i];
    Sym *ind = named_component(k, s, F_WEIGHTS, v, "poids: a 60 %, b 40 %");
    if (!ind) { ok = false; continue; }
    Unit pct;
    if (!chk_num_literal(v->share, &w, &pct) || !pct.percent) {
      diag_error(k->d, v->share->loc, _("the weight of '%s' is a percentage, e.g. 40 %%"), ind->name);
      ok = false;
    } else if (num_sign(&w) <= 0 || num_cmp(&w, &hundred) > 0) {
      diag_error(k->d, v->share->loc, _("the weight of '%s' is %s; a weight is above 0 %% and at most 100 %%"), ind->name,
                 chk_src(k, v->share->loc));
      ok = false;
    } else {
      num_add(&sum, &sum, &w);
      if (geometric && decimals_of(v->share->num.text) > 2)
        diag_error(k->d, v->share->loc, _("with agrégation: géométrique, a weight has at most 2 decimals (e.g. 33.33 %%): the "
                                          "weights are the exponents of the geometric mean"));
    }
  }
  each_once(k, s, F_WEIGHTS, it);
  if (ok && num_cmp(&sum, &hundred) != 0) {
    char buf[128];
    num_fmt_exact(buf, sizeof buf, &sum);
    diag_error(k->d, it->loc, _("the weights of indice '%s' add up to %s %%, not 100 %%; correct them"), s->name, buf);
  }
  num_clear(&sum); num_clear(&w); num_clear(&hundred);
}

static void check_targets(Chk *k, Sym *s, bool distance) {
  Item *it = schema_find(s->decl, F_TARGETS);
  if (!distance) {
    if (it) diag_error(k->d, it->loc, _("'cibles' only apply with normalisation: distance_cible; remove them, or normalise by distance to the targets"));
    return;
  }
  if (!it) {
    diag_error(k->d, s->decl->name_loc, _("indice '%s' is normalised by distance to targets but has none: add `cibles: COMPONENT "
                                          "TARGET, …` (e.g. cibles: part_dpe_econome 80 %%)"), s->name);
    return;
  }
  Ctx x = chk_ctx(k, s->mod, s);
  Num t = NUM_INIT;
  for (int i = 0; i < it->values.n; i++) {
    FieldValue *v = it->values.v[i];
    Sym *ind = named_component(k, s, F_TARGETS, v, "cibles: a 80 %");
    if (!ind) continue;
    Type tt = chk_expr(&x, v->share), want = chk_sym(k, ind)->type;
    if (!chk_type_fits(&tt, &want))
      diag_error(k->d, v->share->loc, _("the target of '%s' is %s, but '%s' is in %s; write the target in its unit"), ind->name,
                 chk_type_text(k, &tt), ind->name, chk_type_text(k, &want));
    else if (chk_num_literal(v->share, &t, NULL) && num_is_zero(&t))
      diag_error(k->d, v->share->loc, _("the target of '%s' is 0; distance to a target is relative to it: give a non-zero target"),
                 ind->name);
  }
  num_clear(&t);
  each_once(k, s, F_TARGETS, it);
}

static void check_lower_better(Chk *k, Sym *s) {
  Item *it = schema_find(s->decl, F_LOWER_BETTER);
  for (int i = 0; it && i < it->values.n; i++) {
    Sym *ind = indicator_of(s, it->values.v[i]->value);
    if (ind && !is_component(s, ind))
      diag_error(k->d, it->values.v[i]->value->loc, _("'%s' is not a component of indice '%s'; 'meilleur_si_bas' lists components"),
                 ind->name, s->name);
  }
}

void chk_index(Chk *k, Sym *s) {
  bool by_any = false;
  int n = check_components(k, s, &by_any);
  ChoiceId norm = word(s, F_NORMALISATION), agg = word(s, F_AGGREGATION);
  if (n && !by_any && norm != C_NORM_TARGET)
    diag_error(k->d, s->decl->name_loc, _("indice '%s' compares groups, but its components are not broken down: give them a "
                                          "`par:` breakdown, or normalise by distance to targets (normalisation: distance_cible)"),
               s->name);
  if (agg == C_AGG_GEOMETRIC && norm == C_NORM_Z_SCORE) {
    Item *it = schema_find(s->decl, F_AGGREGATION);
    diag_error(k->d, it->values.v[0]->value->loc, _("a geometric mean needs positive values, and z-scores are negative below "
                                                    "the mean: use agrégation: arithmétique, or another normalisation"));
  }
  check_weights(k, s, agg == C_AGG_GEOMETRIC);
  check_targets(k, s, norm == C_NORM_TARGET);
  check_lower_better(k, s);
}
