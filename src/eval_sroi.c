/* eval_sroi.c — SROI valuations and bilans, exactly as the brief defines them:
 *
 *   impact(1) = Q × P × (1 − deadweight) × (1 − displacement) × (1 − attribution)
 *   impact(n) = impact(n−1) × (1 − drop-off)              n = 2 … N
 *   PV        = Σ impact(n) / (1 + r)^n                   year 1 is discounted
 *   SROI      = Σ PV / Σ costs                             in a bilan
 *
 * All exact (rationals); shares per stakeholder are PV × declared share. A scénario may
 * override any field of a valuation (`v.aubaine: 40 %`). */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

static const FieldId rate_fields[R__COUNT] = {F_DEADWEIGHT, F_ATTRIBUTION, F_DISPLACEMENT, F_DROP_OFF, F_DISCOUNT_RATE};

static const Item *val_field(Plan *p, Sym *s, FieldId f) {
  for (int i = 0; i < p->novr; i++)
    if (p->ovr[i].target == s && p->ovr[i].field == f) return p->ovr[i].item;
  return schema_find(s->decl, f);
}

static const Expr *val_expr(Plan *p, Sym *s, FieldId f) {
  const Item *it = val_field(p, s, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

/* A field that must be a constant number (rates, duration): its value, or `dflt`. */
static void const_num(Plan *p, ValPlan *vp, FieldId f, Num *out, long dflt) {
  const Expr *e = val_expr(p, vp->sym, f);
  num_set_long(out, dflt);
  if (!e) return;
  CCtx cx = {vp->sym->mod, NULL, NULL, false, vp->sym};
  ENode *n = ev_compile(p, &cx, e);
  Value v = {0};
  ev_eval(p, n, GID_TOTAL, &v);
  if (v.k == V_NUM) num_set(out, &v.n);
  else {
    diag_error(p->d, e->loc, _("this field of valuation '%s' must be a number known before reading the data"), vp->sym->name);
    p->script_error = true;
  }
  ev_value_clear(&v);
}

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
  CCtx cx = {s->mod, NULL, vp->gs, false, s};
  const Expr *q = val_expr(p, s, F_QUANTITY), *px = val_expr(p, s, F_PROXY);
  vp->quantity = q ? ev_compile(p, &cx, q) : NULL;
  vp->proxy = px ? ev_compile(p, &cx, px) : NULL;
  for (int r = 0; r < R__COUNT; r++) {
    num_init(&vp->rate[r]);
    const_num(p, vp, rate_fields[r], &vp->rate[r], 0);
    check_rate(p, vp, rate_fields[r], &vp->rate[r]);
  }
  Num years;
  num_init(&years);
  const_num(p, vp, F_DURATION, &years, 1);
  if (!num_to_long(&years, &vp->years) || vp->years < 1 || vp->years > 200) vp->years = 1;
  num_clear(&years);
  plan_shares(p, vp);
  const Expr *ch = val_expr(p, s, F_CHAIN);
  vp->chain = ch && ch->kind == EX_NAME ? ch->name.parts[ch->name.n - 1] : NULL;
  vp->skip = p->hit_unavailable && !p->owner_required;
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
static void one_minus(Num *r, const Num *x) {
  Num one; num_init(&one); num_set_long(&one, 1); num_sub(r, &one, x); num_clear(&one);
}

void ev_sroi(const Num *q, const Num *proxy, const Num rate[R__COUNT], int years, Num *impact,
             Num *discounted, Num *pv) {
  Num f, keep, disc, base, one;
  num_init(&f); num_init(&keep); num_init(&disc); num_init(&base); num_init(&one);
  num_set_long(&one, 1);
  num_mul(&base, q, proxy);
  one_minus(&f, &rate[R_DEADWEIGHT]); num_mul(&base, &base, &f);
  one_minus(&f, &rate[R_DISPLACEMENT]); num_mul(&base, &base, &f);
  one_minus(&f, &rate[R_ATTRIBUTION]); num_mul(&base, &base, &f);
  one_minus(&keep, &rate[R_DROP_OFF]);
  num_add(&disc, &one, &rate[R_RATE]);              /* 1 + r */
  num_set_long(pv, 0);
  for (int y = 0; y < years; y++) {
    num_set(&impact[y], &base);                      /* impact(y+1) */
    Num pw;
    num_init(&pw);
    num_pow(&pw, &disc, y + 1);                      /* year 1 is discounted */
    if (!num_div(&discounted[y], &base, &pw)) num_set(&discounted[y], &base);
    num_clear(&pw);
    num_add(pv, pv, &discounted[y]);
    num_mul(&base, &base, &keep);                    /* drop-off, after the first year */
  }
  num_clear(&one); num_clear(&f); num_clear(&keep); num_clear(&disc); num_clear(&base);
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
    ev_sroi(&q.n, &px.n, vp->rate, n, row->impact, row->discounted, &row->present_value);
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
}

void ev_valplans_free(Plan *p) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      ValPlan *vp = s->kind == S_VALUATION ? s->eval : NULL;
      if (!vp) continue;
      for (int r = 0; r < R__COUNT; r++) num_clear(&vp->rate[r]);
      for (int h = 0; h < vp->nholders; h++) num_clear(&vp->shares[h]);
    }
}

void ev_valuations(Plan *p) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++)
      if (p->c->mods[m]->syms[i]->kind == S_VALUATION) ev_valuation_compute(p, p->c->mods[m]->syms[i]->eval);
}

/* ---- bilans ---- */
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

bool ev_listed(const Item *it, const char *name) {
  if (!it) return true;
  for (int i = 0; i < it->values.n; i++) {
    const Expr *e = it->values.v[i]->value;
    if (e->kind == EX_NAME && !strcmp(e->name.parts[e->name.n - 1], name)) return true;
  }
  return false;
}

static int ncost_missing(const EvalResult *res, const Item *costs) {
  int n = 0;
  for (int i = 0; i < res->ncosts; i++) n += res->costs[i].missing && ev_listed(costs, res->costs[i].name);
  return n;
}

static void statement(Plan *p, Sym *s, StatementResult *r) {
  EvalResult *res = p->res;
  r->sym = s; r->name = s->name; r->label = s->decl->label;
  num_init(&r->present_value); num_init(&r->costs); num_init(&r->net_present_value); num_init(&r->ratio);
  const Item *vals = schema_find(s->decl, F_VALUATIONS), *costs = schema_find(s->decl, F_COSTS);
  int cap = 0;
  r->vals = arena_alloc(p->a, sizeof *r->vals * (size_t)(res->nvals + 1));
  r->costs_in = arena_alloc(p->a, sizeof *r->costs_in * (size_t)(res->ncosts + 1));
  for (int i = 0; i < res->nvals; i++) {
    ValuationResult *v = &res->vals[i];
    if (!ev_listed(vals, v->name)) continue;
    r->vals[r->nvals++] = i;
    ValuationRow *tot = &v->rows[v->nrows - 1];
    if (tot->missing) {   /* missing is missing: never counted as 0, never left out silently */
      r->present_value_missing = true;
      ARENA_PUSH(p->a, r->missing, r->nmissing, cap, v->name);
      const ValPlan *vp = v->sym->eval;
      for (int k = 0; vp && k < vp->nholders; k++) add_named(p, &r->by_stakeholder, &r->nstakeholders, vp->holders[k], NULL);
      add_named(p, &r->by_chain, &r->nchains, v->chain ? v->chain : "—", NULL);
      continue;
    }
    num_add(&r->present_value, &r->present_value, &tot->present_value);
    for (int k = 0; k < tot->nshares; k++) add_named(p, &r->by_stakeholder, &r->nstakeholders, tot->shares[k].stakeholder, &tot->shares[k].value);
    add_named(p, &r->by_chain, &r->nchains, v->chain ? v->chain : "—", &tot->present_value);
  }
  for (int i = 0; i < res->ncosts; i++) {
    if (!ev_listed(costs, res->costs[i].name)) continue;
    r->costs_in[r->ncosts_in++] = i;
    if (res->costs[i].missing) { r->costs_missing = true; ARENA_PUSH(p->a, r->missing, r->nmissing, cap, res->costs[i].name); }
    else num_add(&r->costs, &r->costs, &res->costs[i].amount);
  }
  num_sub(&r->net_present_value, &r->present_value, &r->costs);
  r->ratio_missing = !num_div(&r->ratio, &r->present_value, &r->costs) || r->present_value_missing || r->costs_missing;
  if (!r->nmissing) return;
  const char *list = NULL;
  for (int i = 0; i < r->nmissing; i++) {
    bool cost = i >= r->nmissing - (r->costs_missing ? ncost_missing(res, costs) : 0);
    const char *one = arena_printf(p->a, cost ? _("cost %s") : _("valuation %s"), r->missing[i]);
    list = list ? arena_printf(p->a, "%s, %s", list, one) : one;
  }
  diag_warning(p->d, s->loc, _("bilan '%s' is incomplete, with no value for %s: its %s, net present value and SROI ratio "
                               "are left empty"), s->name, list,
               r->present_value_missing && r->costs_missing ? _("present value, costs") :
               r->present_value_missing ? _("present value") : _("costs"));
  p->res->warnings++;
}

void ev_statements(Plan *p) {
  EvalResult *res = p->res;
  int n = 0;
  for (int i = 0; i < p->c->main->nsyms; i++) n += p->c->main->syms[i]->kind == S_STATEMENT;
  res->stmts = arena_alloc(p->a, sizeof *res->stmts * (size_t)(n + 1));
  for (int i = 0; i < p->c->main->nsyms; i++)
    if (p->c->main->syms[i]->kind == S_STATEMENT) statement(p, p->c->main->syms[i], &res->stmts[res->nstmts++]);
}
