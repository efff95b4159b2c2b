/* compute_sroi.c — SROI valuations, exactly as the brief defines them:
 *
 *   impact(1) = Q × P × (1 − deadweight) × (1 − displacement) × (1 − attribution)
 *   impact(n) = impact(n−1) × (1 − drop-off)              n = 2 … N
 *   PV        = Σ impact(n) / (1 + r)^n                   year 1 is discounted
 *
 * and over the timeline a valorisation declares (période, début, cohortes, durée_après:
 * sroi.h), under the default conventions; bilans recompute them under theirs
 * (compute_bilan.c). All exact (rationals); shares per stakeholder are PV × declared share. A
 * scénario may override any field of a valuation (`v.aubaine: 40 %`). */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

static const FieldId rate_fields[R__COUNT] = {F_DEADWEIGHT, F_ATTRIBUTION, F_DISPLACEMENT, F_DROP_OFF, F_DISCOUNT_RATE};

const Item *ev_val_field(Plan *p, Sym *s, FieldId f) {
  for (int i = 0; i < p->novr; i++)
    if (p->ovr[i].target == s && p->ovr[i].field == f) return p->ovr[i].item;
  return schema_find(s->decl, f);
}

const Expr *ev_val_expr(Plan *p, Sym *s, FieldId f) {
  const Item *it = ev_val_field(p, s, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

bool ev_const_num(Plan *p, Sym *s, FieldId f, Num *out, long dflt) {
  const Expr *e = ev_val_expr(p, s, f);
  num_set_long(out, dflt);
  if (!e) return true;
  CCtx cx = {s->mod, NULL, NULL, false, s};
  ENode *n = ev_compile(p, &cx, e);
  Value v = {0};
  ev_eval(p, n, GID_TOTAL, &v);
  bool ok = v.k == V_NUM;
  if (ok) num_set(out, &v.n);
  else {
    diag_error(p->d, e->loc, _("this field of %s '%s' must be a number known before reading the data"),
               sym_kind_name(s->kind), s->name);
    p->script_error = true;
  }
  ev_value_clear(&v);
  return ok;
}

/* A field that must be a constant number (rates, duration): its value, or `dflt`. */
static void const_num(Plan *p, ValPlan *vp, FieldId f, Num *out, long dflt) { ev_const_num(p, vp->sym, f, out, dflt); }

#define val_field ev_val_field
#define val_expr ev_val_expr

/* A rate as evaluated (a parameter, a scénario) must lie between 0 % and 100 %. */
static void check_rate(Plan *p, ValPlan *vp, FieldId f, const Num *rate) {
  Num one;
  num_init(&one);
  num_set_long(&one, 1);
  if (num_sign(rate) < 0 || num_cmp(rate, &one) > 0) {
    Num pct;
    num_init(&pct);
    num_set_long(&pct, 100);
    num_mul(&pct, &pct, rate);
    const Expr *e = val_expr(p, vp->sym, f);
    diag_error(p->d, e ? e->loc : vp->sym->loc, _("'%s' of valuation '%s' is %s %%; it must be between 0 %% and 100 %%"),
               schema_field(f)->fr, vp->sym->name, ev_num_text(p, &pct));
    p->script_error = true;
    num_clear(&pct);
  }
  num_clear(&one);
}

/* A whole number of years from a field (dflt when absent), within lo..SROI_YEARS_MAX. */
static int whole_years(Plan *p, ValPlan *vp, FieldId f, long dflt, long lo) {
  Num n;
  num_init(&n);
  long y = dflt;
  if (ev_const_num(p, vp->sym, f, &n, dflt) && (!num_to_long(&n, &y) || y < lo || y > SROI_YEARS_MAX)) {
    const Expr *e = val_expr(p, vp->sym, f);
    diag_error(p->d, e ? e->loc : vp->sym->loc, _("'%s' of valuation '%s' is %s; it must be a whole number from %ld to %d"),
               schema_field(f)->fr, vp->sym->name, ev_num_text(p, &n), lo, SROI_YEARS_MAX);
    p->script_error = true;
    y = dflt;
  }
  num_clear(&n);
  return (int)y;
}

/* période, début, cohortes, durée or durée_après (sroi.h). */
static void plan_timeline(Plan *p, ValPlan *vp) {
  SroiTimeline *t = &vp->tl;
  bool after = val_expr(p, vp->sym, F_DURATION_AFTER) != NULL;
  *t = sroi_timeline_default(1);
  t->period = whole_years(p, vp, F_PERIOD, 1, 1);
  t->start = whole_years(p, vp, F_START, 1, 1);
  const Expr *c = val_expr(p, vp->sym, F_COHORTS);
  t->cohorts = c && schema_choice_lookup(F_COHORTS, c->name.parts[0]) == C_COHORTS_YEARLY;
  t->duration = after ? 0 : whole_years(p, vp, F_DURATION, 1, 1);
  t->after = after ? whole_years(p, vp, F_DURATION_AFTER, 1, 1) : 0;
  vp->years = sroi_years(t);
  if (vp->years > SROI_YEARS_MAX || vp->years < 1) {
    if (vp->years < 1)
      diag_error(p->d, vp->sym->loc, _("valuation '%s' starts after it ends: its début (year %d) is after the last year of "
                                       "its période and durée_après (year %d)"), vp->sym->name, t->start, t->period + t->after);
    else
      diag_error(p->d, vp->sym->loc, _("valuation '%s' spans %ld years; at most %d are computed"), vp->sym->name, vp->years,
                 SROI_YEARS_MAX);
    p->script_error = true;
    *t = sroi_timeline_default(1);
    vp->years = 1;
  }
}

static void plan_shares(Plan *p, ValPlan *vp) {
  const Item *it = val_field(p, vp->sym, F_FOR);
  if (!it) return;
  vp->holders = arena_alloc(p->a, sizeof *vp->holders * (size_t)(it->values.n + 1));
  vp->shares = arena_alloc(p->a, sizeof *vp->shares * (size_t)(it->values.n + 1));
  for (int i = 0; i < it->values.n; i++) {
    FieldValue *fv = it->values.v[i];
    if (fv->value->kind != EX_NAME) continue;
    int k = vp->nholders++;
    vp->holders[k] = fv->value->name.parts[fv->value->name.n - 1];
    num_init(&vp->shares[k]);
    if (!fv->share) { num_set_long(&vp->shares[k], it->values.n == 1 ? 1 : 0); continue; }
    CCtx cx = {vp->sym->mod, NULL, NULL, false, vp->sym};
    ENode *n = ev_compile(p, &cx, fv->share);
    if (n->k == N_CONST && n->c.k == V_NUM) num_set(&vp->shares[k], &n->c.n);
  }
}

static ValPlan *plan_valuation(Plan *p, Sym *s) {
  ValPlan *vp = arena_alloc(p->a, sizeof *vp);
  s->eval = vp;
  vp->sym = s;
  const Item *by = val_field(p, s, F_BY);
  const char **dims = arena_alloc(p->a, sizeof *dims * (size_t)((by ? by->values.n : 0) + 1));
  int nd = 0;
  if (p->o->by && ev_by_possible(s->mod, val_expr(p, s, F_QUANTITY), p->o->by, 0) &&
      ev_by_possible(s->mod, val_expr(p, s, F_PROXY), p->o->by, 0)) { dims[nd++] = p->o->by; p->by_used++; }
  else if (by)
    for (int i = 0; i < by->values.n; i++)
      if (by->values.v[i]->value->kind == EX_NAME) dims[nd++] = by->values.v[i]->value->name.parts[0];
  vp->gs = nd ? ev_space(p, dims, nd) : NULL;
  p->owner_required = s->mod == p->c->main;
  p->hit_unavailable = false;
  int t0 = ev_params_begin(p);
  CCtx cx = {s->mod, NULL, vp->gs, false, s};
  const Expr *q = val_expr(p, s, F_QUANTITY), *px = val_expr(p, s, F_PROXY);
  vp->quantity = q ? ev_compile(p, &cx, q) : NULL;
  vp->proxy = px ? ev_compile(p, &cx, px) : NULL;
  for (int r = 0; r < R__COUNT; r++) {
    num_init(&vp->rate[r]);
    const_num(p, vp, rate_fields[r], &vp->rate[r], 0);
    check_rate(p, vp, rate_fields[r], &vp->rate[r]);
  }
  plan_timeline(p, vp);
  plan_shares(p, vp);
  num_init(&vp->published);
  vp->has_published = val_expr(p, s, F_PUBLISHED) && ev_const_num(p, s, F_PUBLISHED, &vp->published, 0);
  const Expr *ch = val_expr(p, s, F_CHAIN);
  vp->chain = ch && ch->kind == EX_NAME ? ch->name.parts[ch->name.n - 1] : NULL;
  vp->skip = p->hit_unavailable && !p->owner_required;
  int t1 = ev_params_end(p);
  if (!vp->skip) ev_params_keep(p, t0, t1);
  return vp;
}

static void valuation_result(Plan *p, ValPlan *vp, ValuationResult *r);

/* Plans every valuation and gives each its place in the results, in declaration order. */
void ev_plan_valuations(Plan *p) {
  int n = 0;
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++)
      if (p->c->mods[m]->syms[i]->kind == S_VALUATION) { plan_valuation(p, p->c->mods[m]->syms[i]); n++; }
  EvalResult *res = p->res;
  res->vals = arena_alloc(p->a, sizeof *res->vals * (size_t)(n + 1));
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      if (s->kind != S_VALUATION) continue;
      ValPlan *vp = s->eval;
      vp->slot = vp->skip ? -1 : res->nvals++;
    }
}

void ev_valuation_compute(Plan *p, ValPlan *vp) {
  if (vp->state || vp->slot < 0) return;   /* done, or on a cycle (the checker reports it) */
  vp->state = 1;
  valuation_result(p, vp, &p->res->vals[vp->slot]);
  vp->state = 2;
}

/* ---- the SROI arithmetic ---- */
void ev_sroi(const Num *q, const Num *proxy, const Num rate[R__COUNT], int years, Num *impact,
             Num *discounted, Num *pv) {
  SroiConv c;
  sroi_conv_default(&c);
  SroiTimeline t = sroi_timeline_default(years);
  sroi_stream(q, proxy, rate, &t, &c, impact, discounted, pv);   /* multiplicative: never refused */
  sroi_conv_clear(&c);
}

static void sroi_row(Plan *p, ValPlan *vp, int gid, ValuationRow *row) {
  num_init(&row->quantity); num_init(&row->proxy); num_init(&row->present_value);
  Value q = {0}, px = {0};
  if (vp->quantity) ev_eval(p, vp->quantity, gid, &q);
  if (vp->proxy) ev_eval(p, vp->proxy, gid, &px);
  row->missing = q.k != V_NUM || px.k != V_NUM;
  int n = (int)vp->years;
  row->impact = arena_alloc(p->a, sizeof *row->impact * (size_t)n);
  row->discounted = arena_alloc(p->a, sizeof *row->discounted * (size_t)n);
  row->nyears = row->missing ? 0 : n;
  if (!row->missing) {
    num_set(&row->quantity, &q.n);
    num_set(&row->proxy, &px.n);
    for (int y = 0; y < n; y++) { num_init(&row->impact[y]); num_init(&row->discounted[y]); }
    SroiConv c;
    sroi_conv_default(&c);
    sroi_stream(&q.n, &px.n, vp->rate, &vp->tl, &c, row->impact, row->discounted, &row->present_value);
    sroi_conv_clear(&c);
  }
  row->shares = arena_alloc(p->a, sizeof *row->shares * (size_t)(vp->nholders + 1));
  row->nshares = row->missing ? 0 : vp->nholders;
  for (int i = 0; i < row->nshares; i++) {
    row->shares[i].stakeholder = vp->holders[i];
    num_init(&row->shares[i].value);
    num_mul(&row->shares[i].value, &row->present_value, &vp->shares[i]);
  }
  ev_value_clear(&q);
  ev_value_clear(&px);
}

static void valuation_result(Plan *p, ValPlan *vp, ValuationResult *r) {
  Sym *s = vp->sym;
  r->sym = s; r->name = s->name; r->label = s->decl->label; r->chain = vp->chain;
  Num *dst[R__COUNT] = {&r->deadweight, &r->attribution, &r->displacement, &r->drop_off, &r->rate};
  for (int i = 0; i < R__COUNT; i++) { num_init(dst[i]); num_set(dst[i], &vp->rate[i]); }
  r->years = (int)vp->years;
  r->parts = arena_alloc(p->a, sizeof *r->parts * (size_t)(vp->nholders + 1));
  for (r->nparts = 0; r->nparts < vp->nholders; r->nparts++) {
    r->parts[r->nparts].stakeholder = vp->holders[r->nparts];
    num_init(&r->parts[r->nparts].value);
    num_set(&r->parts[r->nparts].value, &vp->shares[r->nparts]);
  }
  r->timeline = vp->tl;
  r->currency = ev_currency(s->mod);
  ev_breakdown(p, vp->gs, &r->by);
  int nall = vp->gs ? vp->gs->nkeys : 0, ng = 0;
  int *ids = nall ? ev_sorted_groups(p, vp->gs) : NULL;
  SlotSet slots = {.a = p->a};   /* its groups: those of the rows its quantity and proxy read */
  ev_slot_set(vp->quantity, &slots);
  ev_slot_set(vp->proxy, &slots);
  unsigned char *reached = ev_reached_groups(&slots, vp->gs, nall);
  r->rows = arena_alloc(p->a, sizeof *r->rows * (size_t)(nall + 1));
  for (int i = 0; i < nall; i++) {
    if (!reached[ids[i]]) continue;
    r->rows[ng].key = ev_group_key(p, vp->gs, ids[i]);
    sroi_row(p, vp, ids[i], &r->rows[ng++]);
  }
  free(reached);
  sroi_row(p, vp, GID_TOTAL, &r->rows[ng]);
  r->nrows = ng + 1;
  if (vp->has_published && !r->rows[ng].missing) ev_published(&r->rows[ng].present_value, &vp->published, &r->published);
}

void ev_valplans_free(Plan *p) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      ValPlan *vp = s->kind == S_VALUATION ? s->eval : NULL;
      if (!vp) continue;
      for (int r = 0; r < R__COUNT; r++) num_clear(&vp->rate[r]);
      num_clear(&vp->published);
      for (int h = 0; h < vp->nholders; h++) num_clear(&vp->shares[h]);
    }
}

void ev_valuations(Plan *p) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++)
      if (p->c->mods[m]->syms[i]->kind == S_VALUATION) ev_valuation_compute(p, p->c->mods[m]->syms[i]->eval);
}

