/* compute_bilan.c — bilans: the present value of their valorisations and the present value of
 * their coûts under the conventions each declares (sroi.h, doc/methode-sroi.md), the net
 * present value and the SROI ratio, by stakeholder and by chain:
 *
 *   SROI = Σ PV of the valorisations / Σ PV of the coûts
 *
 * Without declared conventions a bilan sums each valorisation's present value at its own
 * rate (year 1 discounted) and its coûts undiscounted: the brief's bilan. `pour:` keeps the
 * value of some stakeholders only, `financeur:` the coûts some stakeholders bear only (the
 * sub-ratios published analyses print). Missing is missing: a bilan with a part without
 * value has no total for it, never a total that counts it 0. */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* Adds x to the entry `name` (x NULL: a part of it has no value, so the entry has none). */
static void add_named(Plan *p, Named **v, int *n, const char *name, const Num *x) {
  for (int i = 0; i < *n; i++)
    if (!strcmp((*v)[i].name, name)) {
      if (x) num_add(&(*v)[i].value, &(*v)[i].value, x); else (*v)[i].missing = true;
      return;
    }
  Named *nv = arena_alloc(p->a, sizeof *nv * (size_t)(*n + 1));
  if (*n) memcpy(nv, *v, sizeof *nv * (size_t)*n);
  nv[*n].name = name;
  num_init(&nv[*n].value);
  if (x) num_set(&nv[*n].value, x);
  nv[*n].missing = !x;
  *v = nv;
  (*n)++;
}

static const char *last_part(const Expr *e) { return e->kind == EX_NAME ? e->name.parts[e->name.n - 1] : ""; }

bool ev_listed(const Item *it, const char *name) {
  if (!it) return true;
  for (int i = 0; i < it->values.n; i++)
    if (!strcmp(last_part(it->values.v[i]->value), name)) return true;
  return false;
}

/* The names a field lists (pour:, financeur:), into the arena. */
static int names_of(Plan *p, const Item *it, const char ***out) {
  int n = it ? it->values.n : 0;
  *out = arena_alloc(p->a, sizeof **out * (size_t)(n + 1));
  for (int i = 0; i < n; i++) (*out)[i] = last_part(it->values.v[i]->value);
  return n;
}

static bool among(const char *const *v, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (!strcmp(v[i], name)) return true;
  return false;
}

/* ---- conventions ---- */
static ChoiceId choice(Sym *s, FieldId f) {
  const Item *it = schema_find(s->decl, f);
  return it && it->values.n ? schema_choice_lookup(f, last_part(it->values.v[0]->value)) : C__COUNT;
}

/* actualisation: a rate (or a parameter), aucune, green_book, france_stratégie (with bêta). */
static void discount_of(Plan *p, Sym *s, StatementResult *r) {
  const Item *it = schema_find(s->decl, F_DISCOUNT_RATE);
  SroiConv *c = &r->conv;
  if (!it || !it->values.n) return;
  r->declared = true;
  ChoiceId w = choice(s, F_DISCOUNT_RATE);
  if (w == C_DISC_NONE) c->discount = SROI_DISC_NONE;
  else if (w == C_DISC_GREEN_BOOK) c->discount = SROI_DISC_GREEN_BOOK;
  else if (w == C_DISC_FRANCE_STRAT) {
    c->discount = SROI_DISC_FRANCE_STRATEGIE;
    r->has_beta = ev_const_num(p, s, F_BETA, &r->beta, 0);
    sroi_france_strategie(&r->beta, &c->rate);
  } else {
    c->discount = SROI_DISC_RATE;
    ev_const_num(p, s, F_DISCOUNT_RATE, &c->rate, 0);
  }
}

/* décimales: (a whole number from 0 to 12, the checker says), -1 when absent. */
static int decimals_of(Sym *s) {
  const Item *it = schema_find(s->decl, F_DECIMALS);
  const Expr *e = it && it->values.n ? it->values.v[0]->value : NULL;
  Num n;
  num_init(&n);
  long d = -1;
  if (!e || e->kind != EX_NUM || !num_parse_literal(&n, e->num.text) || !num_to_long(&n, &d) || d < 0 || d > 12) d = -1;
  num_clear(&n);
  return (int)d;
}

static void conventions(Plan *p, Sym *s, StatementResult *r) {
  sroi_conv_default(&r->conv);
  num_init(&r->beta);
  discount_of(p, s, r);
  r->conv.year0 = choice(s, F_FIRST_YEAR) == C_FIRST_UNDISCOUNTED;
  r->conv.additive = choice(s, F_FILTERS) == C_FILTERS_ADD;
  r->conv.dropoff_after_period = choice(s, F_DROP_OFF_FROM) == C_DROP_END_PERIOD;
  r->ratio_to_one = choice(s, F_RATIO) == C_RATIO_TO_ONE;
  r->decimals = decimals_of(s);
  r->has_decimals = r->decimals >= 0;
  r->nonly_for = names_of(p, schema_find(s->decl, F_FOR), &r->only_for);
  r->nfunders = names_of(p, schema_find(s->decl, F_FUNDER), &r->funders);
  static const FieldId declares[] = {F_FIRST_YEAR, F_FILTERS, F_DROP_OFF_FROM, F_RATIO, F_FOR, F_FUNDER};
  for (size_t i = 0; i < sizeof declares / sizeof *declares; i++) r->declared |= schema_find(s->decl, declares[i]) != NULL;
}

/* ---- published figures ---- */
/* (also for valorisations and coûts: compute_sroi.c, eval.c) */
void ev_published(const Num *computed, const Num *published, Published *out) {
  out->given = true;
  num_init(&out->value); num_init(&out->diff); num_init(&out->rel);
  num_set(&out->value, published);
  num_sub(&out->diff, computed, published);
  out->rel_missing = !num_div(&out->rel, &out->diff, published);
}

static void published_of(Plan *p, Sym *s, FieldId f, const Num *computed, bool missing, Published *out) {
  Num v;
  num_init(&v);
  if (schema_find(s->decl, f) && ev_const_num(p, s, f, &v, 0) && !missing) ev_published(computed, &v, out);
  num_clear(&v);
}

/* ---- lines ---- */
static StatementLine *new_line(Plan *p, StatementResult *r, int val, int cost, int cap) {
  if (!r->lines) r->lines = arena_alloc(p->a, sizeof *r->lines * (size_t)(cap + 1));
  StatementLine *l = &r->lines[r->nlines++];
  *l = (StatementLine){.val = val, .cost = cost};
  num_init(&l->present_value);
  num_init(&l->share);
  num_set_long(&l->share, 1);
  return l;
}

static void line_years(Plan *p, StatementLine *l, int n) {
  l->nyears = n;
  l->flows = arena_alloc(p->a, sizeof *l->flows * (size_t)(n + 1));
  l->discounted = arena_alloc(p->a, sizeof *l->discounted * (size_t)(n + 1));
  for (int y = 0; y < n; y++) { num_init(&l->flows[y]); num_init(&l->discounted[y]); }
}

/* The share of a valorisation that goes to the bilan's `pour:` stakeholders (1 without). */
static void kept_share(const StatementResult *r, const ValPlan *vp, Num *share) {
  num_set_long(share, r->nonly_for ? 0 : 1);
  for (int k = 0; r->nonly_for && k < vp->nholders; k++)
    if (among(r->only_for, r->nonly_for, vp->holders[k])) num_add(share, share, &vp->shares[k]);
}

static void missing_part(Plan *p, StatementResult *r, int *cap, const char *name) {
  ARENA_PUSH(p->a, r->missing, r->nmissing, *cap, name);
}

/* One valorisation: its stream under the bilan's conventions, from its total's Q and P. */
static void val_line(Plan *p, Sym *s, StatementResult *r, int i, int cap, int *mcap) {
  ValuationResult *v = &p->res->vals[i];
  const ValPlan *vp = v->sym->eval;
  ValuationRow *tot = &v->rows[v->nrows - 1];
  StatementLine *l = new_line(p, r, i, -1, cap);
  r->vals[r->nvals++] = i;
  if (tot->missing) {   /* missing is missing: never counted as 0, never left out silently */
    l->missing = r->present_value_missing = true;
    missing_part(p, r, mcap, v->name);
    for (int k = 0; k < vp->nholders; k++)
      if (!r->nonly_for || among(r->only_for, r->nonly_for, vp->holders[k]))
        add_named(p, &r->by_stakeholder, &r->nstakeholders, vp->holders[k], NULL);
    add_named(p, &r->by_chain, &r->nchains, v->chain ? v->chain : "—", NULL);
    return;
  }
  line_years(p, l, v->years);
  Num pv, share, x;
  num_init(&pv); num_init(&share); num_init(&x);
  if (!sroi_stream(&tot->quantity, &tot->proxy, vp->rate, &vp->tl, &r->conv, l->flows, l->discounted, &pv)) {
    Num sum, h;
    num_init(&sum);
    num_init(&h);
    sroi_filters(vp->rate, true, &sum);   /* 1 − d − s − a < 0 */
    num_set_long(&h, 1);
    num_sub(&sum, &h, &sum);
    num_set_long(&h, 100);
    num_mul(&sum, &sum, &h);
    diag_error(p->d, s->loc, _("bilan '%s' has additive filters, but the deadweight, displacement and attribution of "
                               "valuation '%s' add up to %s %%, more than 100 %%: choose other rates, or multiplicative "
                               "filters"), s->name, v->name, ev_num_text(p, &sum));
    num_clear(&sum);
    num_clear(&h);
    p->script_error = true;
  }
  kept_share(r, vp, &share);
  num_set(&l->share, &share);
  num_mul(&l->present_value, &pv, &share);
  num_add(&r->present_value, &r->present_value, &l->present_value);
  for (int k = 0; k < vp->nholders; k++) {
    if (r->nonly_for && !among(r->only_for, r->nonly_for, vp->holders[k])) continue;
    num_mul(&x, &pv, &vp->shares[k]);
    add_named(p, &r->by_stakeholder, &r->nstakeholders, vp->holders[k], &x);
  }
  add_named(p, &r->by_chain, &r->nchains, v->chain ? v->chain : "—", &l->present_value);
  num_clear(&pv); num_clear(&share); num_clear(&x);
}

/* Does cost c go in a bilan whose `financeur:` names r->funders (its `pour:` is one of them)? */
static bool funded(const StatementResult *r, const CostResult *c) {
  if (!r->nfunders) return true;
  const Item *it = schema_find(c->sym->decl, F_FOR);
  return it && it->values.n == 1 && among(r->funders, r->nfunders, last_part(it->values.v[0]->value));
}

static void cost_line(Plan *p, StatementResult *r, int i, int cap, int *mcap) {
  CostResult *c = &p->res->costs[i];
  StatementLine *l = new_line(p, r, -1, i, cap);
  r->costs_in[r->ncosts_in++] = i;
  if (c->missing) {
    l->missing = r->costs_missing = true;
    missing_part(p, r, mcap, c->name);
    return;
  }
  line_years(p, l, c->nyears);
  for (int y = 0; y < c->nyears; y++) num_set(&l->flows[y], &c->amounts[y]);
  sroi_costs(&r->conv, c->amounts, c->nyears, l->discounted, &l->present_value);
  num_add(&r->costs, &r->costs, &l->present_value);
}

/* The warning of a bilan with parts without value, naming them. */
static void warn_missing(Plan *p, Sym *s, StatementResult *r) {
  const char *list = NULL;
  for (int i = 0; i < r->nlines; i++) {
    const StatementLine *l = &r->lines[i];
    if (!l->missing) continue;
    const char *one = l->cost >= 0 ? arena_printf(p->a, _("cost %s"), p->res->costs[l->cost].name)
                                    : arena_printf(p->a, _("valuation %s"), p->res->vals[l->val].name);
    list = list ? arena_printf(p->a, "%s, %s", list, one) : one;
  }
  diag_warning(p->d, s->loc, _("bilan '%s' is incomplete, with no value for %s: its %s, net present value and SROI ratio "
                               "are left empty"), s->name, list,
               r->present_value_missing && r->costs_missing ? _("present value, costs") :
               r->present_value_missing ? _("present value") : _("costs"));
  p->res->warnings++;
}

static void statement(Plan *p, Sym *s, StatementResult *r) {
  EvalResult *res = p->res;
  r->sym = s; r->name = s->name; r->label = s->decl->label;
  r->currency = res->currency;
  num_init(&r->present_value); num_init(&r->costs); num_init(&r->net_present_value); num_init(&r->ratio);
  conventions(p, s, r);
  const Item *vals = schema_find(s->decl, F_VALUATIONS), *costs = schema_find(s->decl, F_COSTS);
  int cap = res->nvals + res->ncosts, mcap = 0;
  r->vals = arena_alloc(p->a, sizeof *r->vals * (size_t)(res->nvals + 1));   /* what it sums (the xlsx impact map) */
  r->costs_in = arena_alloc(p->a, sizeof *r->costs_in * (size_t)(res->ncosts + 1));
  for (int i = 0; i < res->nvals; i++)
    if (ev_listed(vals, res->vals[i].name)) val_line(p, s, r, i, cap, &mcap);
  for (int i = 0; i < res->ncosts; i++)
    if (ev_listed(costs, res->costs[i].name) && funded(r, &res->costs[i])) cost_line(p, r, i, cap, &mcap);
  num_sub(&r->net_present_value, &r->present_value, &r->costs);
  r->ratio_missing = !num_div(&r->ratio, &r->present_value, &r->costs) || r->present_value_missing || r->costs_missing;
  published_of(p, s, F_PUBLISHED, &r->present_value, r->present_value_missing, &r->published);
  published_of(p, s, F_PUBLISHED_RATIO, &r->ratio, r->ratio_missing, &r->published_ratio);
  if (r->nmissing) warn_missing(p, s, r);
}

void ev_statements(Plan *p) {
  EvalResult *res = p->res;
  int n = 0;
  for (int i = 0; i < p->c->main->nsyms; i++) n += p->c->main->syms[i]->kind == S_STATEMENT;
  res->stmts = arena_alloc(p->a, sizeof *res->stmts * (size_t)(n + 1));
  for (int i = 0; i < p->c->main->nsyms; i++)
    if (p->c->main->syms[i]->kind == S_STATEMENT) statement(p, p->c->main->syms[i], &res->stmts[res->nstmts++]);
}
