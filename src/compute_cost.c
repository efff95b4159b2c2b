/* compute_cost.c — coûts, once the tables are read: each coût's amount per year (its
 * `montant:` values, repeated over its `durée:`) and their sum, a missing year making the
 * whole amount missing (never 0), with the published figure beside it. Planned (compiled)
 * in plan.c; bilans read them through ev_cost_total. */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* Cost i's amount of each year into c (amount: their sum); false when one has no value. */
static bool cost_amounts(Plan *p, int i, CostResult *c) {
  const CostYears *cy = &p->cost_years[i];
  c->nyears = cy->n * (int)cy->repeat;
  c->amounts = arena_alloc(p->a, sizeof *c->amounts * (size_t)(c->nyears + 1));
  bool ok = cy->n > 0;
  for (int y = 0; y < c->nyears; y++) {
    num_init(&c->amounts[y]);
    Value v = {0};
    if (y < cy->n) ev_eval(p, cy->v[y], GID_TOTAL, &v);
    if (y < cy->n && v.k != V_NUM) ok = false;
    num_set(&c->amounts[y], y < cy->n ? (v.k == V_NUM ? &v.n : &c->amounts[0]) : &c->amounts[y % cy->n]);
    num_add(&c->amount, &c->amount, &c->amounts[y]);
    ev_value_clear(&v);
  }
  return ok;
}

void ev_cost_total(Plan *p, int i, Value *out) {
  const CostYears *cy = &p->cost_years[i];
  Value v = {0}, sum = {0};
  sum.k = V_NUM;
  num_init(&sum.n);
  for (int y = 0; y < cy->n && sum.k == V_NUM; y++) {
    ev_eval(p, cy->v[y], GID_TOTAL, &v);
    if (v.k != V_NUM) sum.k = V_MISSING;
    else num_add(&sum.n, &sum.n, &v.n);
    ev_value_clear(&v);
  }
  if (sum.k == V_NUM && cy->repeat > 1) {
    Num r;
    num_init(&r);
    num_set_long(&r, cy->repeat);
    num_mul(&sum.n, &sum.n, &r);
    num_clear(&r);
  }
  if (!cy->n) sum.k = V_MISSING;
  ev_value_clear(out);
  if (sum.k == V_NUM) ev_value_copy(out, &sum);
  num_clear(&sum.n);
}

/* The coûts' results, in declaration order, leaving out those planned as left out. */
void ev_costs(Plan *p, Todo costs, const bool *cost_skip) {
  EvalResult *r = p->res;
  r->costs = arena_alloc(p->a, sizeof *r->costs * (size_t)(costs.n + 1));
  for (int i = 0; i < costs.n; i++) {
    if (cost_skip[i]) continue;
    CostResult *c = &r->costs[r->ncosts++];
    c->sym = costs.v[i]; c->name = costs.v[i]->name; c->label = costs.v[i]->decl->label;
    c->currency = ev_currency(costs.v[i]->mod);
    num_init(&c->amount);
    p->divzero = false;
    c->missing = !cost_amounts(p, i, c);
    if (c->missing) {
      diag_warning(p->d, costs.v[i]->loc, _("cost '%s' has no amount: %s; it is shown as missing, never as 0"), c->name,
                   p->divzero ? _("its formula divides by zero") : _("its formula reads a missing value"));
      p->res->warnings++;
    }
    Num pub;
    num_init(&pub);
    if (schema_find(costs.v[i]->decl, F_PUBLISHED) && ev_const_num(p, costs.v[i], F_PUBLISHED, &pub, 0) && !c->missing)
      ev_published(&c->amount, &pub, &c->published);
    num_clear(&pub);
  }
}
