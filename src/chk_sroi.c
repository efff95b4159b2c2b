/* chk_sroi.c — the checker's rules for SROI analyses as published ones declare them
 * (doc/methode-sroi.md):
 *
 *   - currencies: `€` is built in; `devise GBP "Livre sterling"` declares another; a
 *     référentiel counts in € or in the currency its header names (`devise AUD`), and its
 *     valorisations, coûts and bilans are in it. A value in another currency enters only
 *     through a conversion parameter (unit €/GBP) that says what it is (`conversion:
 *     change` or `ppa`), where it comes from (`source:`) and of when (`depuis` on each
 *     value) — never a conversion written inline;
 *   - timelines of valorisations (période, début, cohortes, durée or durée_après);
 *   - coûts over years (montant: a value per year, or durée:);
 *   - the conventions of a bilan (actualisation, bêta, financeur…) and published figures. */
#include "chk_int.h"
#include "intl.h"
#include "sroi.h"
#include <string.h>

/* ---- currencies ---- */
bool chk_is_currency(const Module *m, const char *atom) {
  if (!strcmp(atom, "€") || !strcmp(atom, "EUR")) return true;
  const Sym *s = chk_vocab(m, NS_UNIT, atom);
  return s && s->decl && s->decl->kind == D_CURRENCY;
}

const char *chk_module_currency(const Module *m) {
  const char *c = m->framework ? m->framework->currency : NULL;
  return !c || !strcmp(c, "EUR") ? "€" : c;
}

const char *chk_money_currency(const Module *m, const Unit *u) {
  const char *cur = NULL;
  int per_year = 0;
  for (int i = 0; i < u->n; i++) {
    if (u->a[i].exp == 1 && !cur && chk_is_currency(m, u->a[i].name)) cur = u->a[i].name;
    else if (u->a[i].exp == -1 && !strcmp(u->a[i].name, "an") && !per_year) per_year = 1;
    else return NULL;
  }
  return u->percent ? NULL : cur;
}

bool chk_conversion_unit(const Module *m, const Unit *u) {
  int n = 0;
  for (int i = 0; i < u->n; i++) n += chk_is_currency(m, u->a[i].name);
  return n >= 2;
}

/* The header's `devise X`: € or a declared currency. */
static void framework_currency(Chk *k, Module *m) {
  const Decl *fw = m->framework;
  if (!fw || !fw->currency || chk_is_currency(m, fw->currency)) return;
  diag_error(k->d, fw->currency_loc, _("unknown currency '%s'; declare it with `devise %s \"its name\"`, or count in €"),
             fw->currency, fw->currency);
}

/* A parameter in a currency per another (€/GBP) converts between them: it says how. */
static void conversion_param(Chk *k, Sym *s, bool converts) {
  Item *conv = schema_find(s->decl, F_CONVERSION);
  if (!converts) {
    if (conv) diag_error(k->d, conv->loc, _("'conversion' applies to a parameter that converts between two currencies "
                                            "(unit €/GBP); parameter '%s' does not"), s->name);
    return;
  }
  const char *unit = chk_type_text(k, &chk_sym(k, s)->type);
  if (!conv)
    diag_error(k->d, s->decl->name_loc, _("parameter '%s' converts between currencies (%s): say how with `conversion: change` "
                                          "(a dated exchange rate) or `conversion: ppa` (purchasing power parity)"), s->name, unit);
  if (!schema_find(s->decl, F_SOURCE))
    diag_error(k->d, s->decl->name_loc, _("parameter '%s' converts between currencies (%s): give its source (source: \"…\")"),
               s->name, unit);
  bool undated = s->decl->formula != NULL;
  for (int n = 0; !undated && schema_find_nth(s->decl, F_VALUE, n); n++) {
    const Item *it = schema_find_nth(s->decl, F_VALUE, n);
    for (int j = 0; j < it->values.n; j++) undated |= !it->values.v[j]->since;
  }
  if (undated)
    diag_error(k->d, s->decl->name_loc, _("parameter '%s' converts between currencies (%s): date each of its values "
                                          "(valeur: … depuis 2014-03-31), the day of the rate or of the parity"), s->name, unit);
}

void chk_param_currency(Chk *k, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  if (cs->type.k == T_NUM && cs->type.u.overflow) return;   /* an unknown unit, said already */
  conversion_param(k, s, cs->type.k == T_NUM && chk_conversion_unit(s->mod, &cs->type.u));
}

void chk_currencies(Chk *k, Module *m) { framework_currency(k, m); }

/* ---- timelines ---- */
static const Expr *field_expr(const Sym *s, FieldId f) {
  const Item *it = schema_find(s->decl, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

/* The whole number a literal field holds, or dflt when it is absent or not a literal. */
static long literal_of(const Sym *s, FieldId f, long dflt) {
  const Expr *e = field_expr(s, f);
  Num v;
  num_init(&v);
  long n = dflt;
  if (!e || !chk_num_literal(e, &v, NULL) || !num_to_long(&v, &n)) n = dflt;
  num_clear(&v);
  return n;
}

void chk_valuation_timeline(Chk *k, Sym *s) {
  const Item *after = schema_find(s->decl, F_DURATION_AFTER), *dur = schema_find(s->decl, F_DURATION);
  if (after && dur) {
    diag_error(k->d, after->loc, _("valorisation '%s' gives both 'durée' (years from its start) and 'durée_après' (years "
                                   "after the end of its période); keep one"), s->name);
    return;
  }
  long period = literal_of(s, F_PERIOD, 1), start = literal_of(s, F_START, 1);
  const Expr *coh = field_expr(s, F_COHORTS);
  if (coh && schema_choice_lookup(F_COHORTS, coh->kind == EX_NAME ? coh->name.parts[0] : "") == C_COHORTS_YEARLY &&
      !schema_find(s->decl, F_PERIOD))
    diag_error(k->d, coh->loc, _("yearly cohorts start one each year of the période: give valorisation '%s' a période of "
                                 "several years, e.g. période: 5 an"), s->name);
  if (after && start > period + literal_of(s, F_DURATION_AFTER, 1))
    diag_error(k->d, schema_find(s->decl, F_START)->loc, _("valorisation '%s' would start in year %ld, after its last year "
                                                            "(%ld: période %ld + durée_après %ld)"),
               s->name, start, period + literal_of(s, F_DURATION_AFTER, 1), period, literal_of(s, F_DURATION_AFTER, 1));
}

/* ---- coûts ---- */
bool chk_cost_over_years(const Sym *s) {
  const Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT);
  return (it && it->values.n > 1) || schema_find(s->decl, F_DURATION);
}

void chk_cost_years(Chk *k, Sym *s) {
  const Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT), *dur = schema_find(s->decl, F_DURATION);
  if (it && it->values.n > 1 && dur)
    diag_error(k->d, dur->loc, _("coût '%s' gives an amount per year and a 'durée': keep the amounts (one per year), or "
                                 "one amount repeated over the durée"), s->name);
  if (it && it->values.n > SROI_YEARS_MAX)
    diag_error(k->d, it->loc, _("coût '%s' gives %d yearly amounts; at most %d"), s->name, it->values.n, SROI_YEARS_MAX);
}

/* ---- published figures ---- */
/* publié: an amount in the currency of the declaration. */
void chk_published(Chk *k, Sym *s) {
  Item *it = schema_find(s->decl, F_PUBLISHED);
  if (!it || !it->values.n) return;
  Ctx x = chk_ctx(k, s->mod, s);
  const char *cur = chk_module_currency(s->mod);
  Type t = chk_expr(&x, it->values.v[0]->value), want = chk_type_num(units_atom(cur, 1));
  if (t.k != T_ERROR && (t.k != T_NUM || !units_equal(&t.u, &want.u)))
    diag_error(k->d, it->values.v[0]->value->loc, _("'publié' is the figure a report printed, in %s (e.g. publié: 150000 %s); "
                                                    "not %s"), cur, cur, chk_type_text(k, &t));
}

/* ---- bilans ---- */
static const Sym *listed_sym(const Module *m, const Expr *e) {
  Resolved r = e->kind == EX_NAME ? sym_resolve(m, NULL, &e->name) : (Resolved){0};
  return r.kind == R_GLOBAL ? r.sym : NULL;
}

static void discount_rules(Chk *k, Sym *s) {
  const Expr *a = field_expr(s, F_DISCOUNT_RATE);
  const Item *beta = schema_find(s->decl, F_BETA);
  bool fs = a && chk_choice_word(F_DISCOUNT_RATE, a) == C_DISC_FRANCE_STRAT;
  if (fs && !beta)
    diag_error(k->d, a->loc, _("France Stratégie's rate is 1.2 %% + β × 2 %%: give the project's β, e.g. bêta: 1"));
  if (beta && !fs)
    diag_error(k->d, beta->loc, _("'bêta' sets France Stratégie's rate (1.2 %% + β × 2 %%); write actualisation: "
                                  "france_stratégie, or remove it"));
  Num b;
  num_init(&b);
  if (fs && beta && chk_num_literal(beta->values.v[0]->value, &b, NULL)) {
    Num r, lim;
    num_init(&r);
    num_init(&lim);
    sroi_france_strategie(&b, &r);
    num_set_long(&lim, -1);
    if (num_cmp(&r, &lim) <= 0)
      diag_error(k->d, beta->loc, _("with this β the rate 1.2 %% + β × 2 %% is -100 %% or less; a discount rate is above -100 %%"));
    num_clear(&r);
    num_clear(&lim);
  }
  num_clear(&b);
}

/* Coûts over several years are discounted with the bilan: it must say how. */
static void cost_rules(Chk *k, Sym *s) {
  const Item *costs = schema_find(s->decl, F_COSTS), *funders = schema_find(s->decl, F_FUNDER);
  bool declared = schema_find(s->decl, F_DISCOUNT_RATE) != NULL;
  for (int i = 0; costs && i < costs->values.n; i++) {
    const Sym *c = listed_sym(s->mod, costs->values.v[i]->value);
    if (!c || c->kind != S_COST) continue;
    if (!declared && chk_cost_over_years(c))
      diag_error(k->d, costs->values.v[i]->value->loc, _("coût '%s' spreads over several years, and bilan '%s' does not say how "
                                                         "it discounts: add actualisation: (a rate, aucune, green_book or "
                                                         "france_stratégie)"), c->name, s->name);
    const Item *pour = schema_find(c->decl, F_FOR);
    if (funders && (!pour || pour->values.n != 1))
      diag_error(k->d, costs->values.v[i]->value->loc, _("bilan '%s' keeps the coûts of its financeur only, but coût '%s' "
                                                         "%s; give it `pour:` with the one stakeholder who bears it"),
                 s->name, c->name, pour ? _("names several stakeholders") : _("does not say who bears it"));
  }
}

/* Every valorisation and coût of a bilan is in its currency. */
static void currency_rules(Chk *k, Sym *s) {
  const char *cur = chk_module_currency(s->mod);
  static const FieldId lists[] = {F_VALUATIONS, F_COSTS};
  for (int l = 0; l < 2; l++) {
    const Item *it = schema_find(s->decl, lists[l]);
    for (int i = 0; it && i < it->values.n; i++) {
      const Sym *v = listed_sym(s->mod, it->values.v[i]->value);
      if (!v || (v->kind != S_VALUATION && v->kind != S_COST)) continue;
      const char *vc = chk_module_currency(v->mod);
      if (strcmp(vc, cur))
        diag_error(k->d, it->values.v[i]->value->loc, _("'%s' is in %s, but bilan '%s' counts in %s: a bilan adds values of "
                                                        "one currency; convert it in its module with a conversion parameter"),
                   v->name, vc, s->name, cur);
    }
  }
}

void chk_statement(Chk *k, Sym *s) {
  discount_rules(k, s);
  cost_rules(k, s);
  currency_rules(k, s);
  chk_published(k, s);
  Item *pr = schema_find(s->decl, F_PUBLISHED_RATIO);
  Num v;
  num_init(&v);
  if (pr && chk_num_literal(pr->values.v[0]->value, &v, NULL) && num_sign(&v) <= 0)
    diag_error(k->d, pr->loc, _("'ratio_publié' is the ratio a report printed (6 for “6:1”); it is above 0"));
  num_clear(&v);
}
