/* out_sroi.c — what every writer says the same way about SROI results: amounts in their
 * currency, a bilan's ratio as it declares it ("5,62" or "6:1") and its decimals, its
 * conventions in words, a valorisation's timeline, and machine words for both. */
#include "out_impl.h"

#include <string.h>

const char *out_cur(const char *currency) { return currency && *currency ? currency : "€"; }

int out_stmt_decimals(const StatementResult *st) { return st->has_decimals ? st->decimals : OUT_MONEY_DECIMALS; }

int out_ratio_decimals(const StatementResult *st) {
  return st->has_decimals ? st->decimals : st->ratio_to_one ? 0 : OUT_RATIO_DECIMALS;
}

void out_str_money(OutStr *s, const Num *a, int decimals, const char *currency, const OutOptions *o) {
  if (!a) {
    out_str_add(s, out_missing(o));
    return;
  }
  out_str_num(s, a, o->french ? OUT_FR : OUT_FIXED, decimals, o->rounding);
  out_str_add(s, o->french ? OUT_NBSP : " ");
  out_str_add(s, currency && *currency ? currency : "€");
}

void out_str_ratio(OutStr *s, const Num *ratio, const StatementResult *st, const OutOptions *o) {
  out_str_display(s, ratio, out_ratio_decimals(st), "", o);
  if (ratio && st->ratio_to_one) out_str_add(s, ":1");
}

/* x as a percentage, with its own decimals: 3,5 %. */
static void str_pct(OutStr *s, const Num *x, const OutOptions *o) {
  Num h = NUM_INIT, p = NUM_INIT;
  num_set_long(&h, 100);
  num_mul(&p, x, &h);
  out_str_display(s, &p, out_own_decimals(&p), "%", o);
  num_clear(&h);
  num_clear(&p);
}

#define L(en) out_word(o, en)

static void discount_words(OutStr *s, const StatementResult *st, const OutOptions *o) {
  const SroiConv *c = &st->conv;
  switch (c->discount) {
  case SROI_DISC_OWN: out_str_add(s, L("each valuation at its own discount rate, costs not discounted")); return;
  case SROI_DISC_NONE: out_str_add(s, L("no discounting")); return;
  case SROI_DISC_GREEN_BOOK:
    out_str_add(s, L("Green Book declining rate (3.5 % up to year 30, 3 % to 75, 2.5 % to 125, 2 % to 200, 1.5 % to 300, "
                     "1 % beyond)"));
    break;
  case SROI_DISC_FRANCE_STRATEGIE:
    out_str_add(s, L("France Stratégie rate 1.2 % + β × 2 %, β = "));
    out_str_display(s, &st->beta, out_own_decimals(&st->beta), "", o);
    out_str_add(s, ": ");
    str_pct(s, &c->rate, o);
    break;
  case SROI_DISC_RATE:
    out_str_add(s, L("rate "));
    str_pct(s, &c->rate, o);
    break;
  }
  out_str_add(s, L(", costs discounted alike"));
}

void out_str_conventions(OutStr *s, const StatementResult *st, const OutOptions *o) {
  out_str_add(s, L("Conventions: "));
  discount_words(s, st, o);
  if (st->conv.discount != SROI_DISC_NONE) {
    out_str_add(s, L("; "));
    out_str_add(s, st->conv.year0 ? L("first year not discounted (year 0)") : L("year 1 discounted"));
  }
  out_str_add(s, L("; "));
  out_str_add(s, st->conv.additive ? L("additive filters 1 − d − s − a") : L("multiplicative filters (1 − d)(1 − s)(1 − a)"));
  out_str_add(s, L("; "));
  out_str_add(s, st->conv.dropoff_after_period ? L("drop-off after the end of the period") : L("drop-off from the second year"));
  if (st->ratio_to_one) out_str_add(s, L("; ratio shown as N:1"));
  out_str_add(s, ".");
}

/* "Value of: État only." / "Costs borne by: Ville only." (nothing when the bilan keeps all). */
const char *out_label(const EvalResult *r, const char *name) {
  for (int i = 0; r && i < r->nlabels; i++)
    if (!strcmp(r->labels[i].name, name)) return r->labels[i].label;
  return name;
}

void out_str_scope(OutStr *s, const StatementResult *st, bool costs, const EvalResult *r, const OutOptions *o) {
  const char *const *v = costs ? st->funders : st->only_for;
  int n = costs ? st->nfunders : st->nonly_for;
  if (!n) return;
  out_str_add(s, costs ? L("Costs borne by: ") : L("Value to: "));
  for (int i = 0; i < n; i++) out_str_printf(s, "%s%s", i ? ", " : "", out_label(r, v[i]));
  out_str_add(s, L(" only."));
}

bool out_timeline_default(const SroiTimeline *t) {   /* (a zeroed one is the default too) */
  return t->period <= 1 && t->start <= 1 && !t->cohorts && t->after == 0;
}

void out_str_timeline(OutStr *s, const SroiTimeline *t, const OutOptions *o) {
  out_str_printf(s, L("Timeline: period %d year(s), first value in year %d"), t->period, t->start);
  if (t->cohorts) out_str_add(s, L(", a cohort each year of the period"));
  if (t->duration > 0) out_str_printf(s, L(", each lasting %d year(s)"), t->duration);
  else out_str_printf(s, L(", lasting until %d year(s) after the period"), t->after);
  out_str_add(s, ".");
}

/* ---- machine words (json, csv) ---- */
const char *out_discount_word(SroiDiscount d) {
  static const char *const w[] = {"own", "rate", "none", "green_book", "france_strategie"};
  return w[d];
}

/* "published: 150 000,00 €, difference +1 000,00 € (+0,67 %)" pieces: the difference signed. */
void out_str_difference(OutStr *s, const Published *p, int decimals, const char *currency, const OutOptions *o) {
  if (num_sign(&p->diff) > 0) out_str_add(s, "+");
  if (currency) out_str_money(s, &p->diff, decimals, currency, o);
  else out_str_display(s, &p->diff, decimals, "", o);
  if (p->rel_missing) return;
  out_str_add(s, " (");
  if (num_sign(&p->rel) > 0) out_str_add(s, "+");
  Num h = NUM_INIT, pct = NUM_INIT, r = NUM_INIT;
  num_set_long(&h, 100);
  num_mul(&pct, &p->rel, &h);
  int dec = 2;   /* enough decimals that a difference does not read 0,00 % */
  for (num_round(&r, &pct, dec, o->rounding); num_is_zero(&r) && !num_is_zero(&pct) && dec < 6; dec++)
    num_round(&r, &pct, dec + 1, o->rounding);
  out_str_display(s, &pct, dec, "%", o);
  num_clear(&r);
  out_str_add(s, ")");
  num_clear(&h);
  num_clear(&pct);
}
