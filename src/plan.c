/* plan.c — planning one run of `pvs eval` (the first stage: plan → scan → compute → results):
 * the date and the scénario (its overrides, --plage's bounds), the --data options checked,
 * and every declaration to evaluate compiled — indicators (plan_expr.c), valuations
 * (compute_sroi.c), panels (compute_panel.c), coûts and contrôles here — into the Plan the
 * table passes (scan_table.c) and the computations then run. Nothing here reads a row.
 *
 * What is evaluated: every declaration of the main script, and every declaration of the
 * modules it imports whose data tables are there (an imported référentiel declares more
 * tables than one organisation fills in); the main script's tables must all be there. */
#include "chk.h"
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- date and scénario ---- */
static bool set_date(Plan *p) {
  const char *d = p->o->date;
  char buf[16];
  if (!d) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    d = buf;
  }
  int y, m, dd;
  if (strlen(d) != 10 || !csv_parse_date(d, 10, &y, &m, &dd) || d[4] != '-') {
    diag_error(p->d, (Loc){0}, _("--date wants a date written YYYY-MM-DD, not '%s'"), d);
    return false;
  }
  p->date = csv_date_pack(y, m, dd);
  p->date_text = arena_strdup(p->a, d);
  return true;
}

static bool set_scenario(Plan *p) {
  const char *name = p->o->scenario;
  if (!name) return true;
  Sym *s = sym_lookup(p->c->main, NS_VALUE, name);
  if (!s || s->kind != S_SCENARIO) {
    const char *known = NULL;
    for (int i = 0; i < p->c->main->nsyms; i++)
      if (p->c->main->syms[i]->kind == S_SCENARIO)
        known = arena_printf(p->a, "%s%s%s", known ? known : "", known ? ", " : "", p->c->main->syms[i]->name);
    if (known) diag_error(p->d, (Loc){0}, _("no scénario named '%s' in %s; its scénarios are: %s"), name, p->c->main->path, known);
    else diag_error(p->d, (Loc){0}, _("no scénario named '%s': %s declares none"), name, p->c->main->path);
    return false;
  }
  for (int i = 0; i < s->decl->items.n; i++) {
    Item *it = s->decl->items.v[i];
    if (it->kind != IT_FIELD || !it->values.n) continue;
    Override o = {NULL, F__COUNT, it};
    Sym *t = sym_lookup(s->mod, NS_VALUE, it->path.parts[0]);
    if (!t) {
      Module *am = it->path.n > 1 ? sym_module_alias(s->mod, it->path.parts[0]) : NULL;
      t = am ? sym_lookup(am, NS_VALUE, it->path.parts[1]) : NULL;
    }
    int last = it->path.n - 1;
    if (t && t->kind != S_PARAM && last >= 1) o.field = schema_field_lookup(it->path.parts[last]);
    if (!t || (t->kind != S_PARAM && o.field == F__COUNT)) continue;   /* the checker reports these */
    o.target = t;
    ARENA_PUSH(p->a, p->ovr, p->novr, p->ocap, o);
  }
  return true;
}

/* --plage: every parameter that declares a plage takes its low (or high) bound, after the
 * scénario's own overrides (which win). */
static void set_range(Plan *p) {
  for (int m = 0; p->o->range && m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      Item *it = s->kind == S_PARAM ? schema_find(s->decl, F_RANGE) : NULL;
      if (!it || it->values.n != 2) continue;
      Item *bound = arena_alloc(p->a, sizeof *bound);
      *bound = *it;
      bound->values.v = &it->values.v[p->o->range > 0 ? 1 : 0];
      bound->values.n = 1;
      Override o = {s, F__COUNT, bound};
      ARENA_PUSH(p->a, p->ovr, p->novr, p->ocap, o);
    }
}

/* Every --data TABLE=PATH must name a table of the script or of its imports. */
static bool check_data_options(Plan *p) {
  bool ok = true;
  for (int i = 0; i < p->o->ndata; i++) {
    Sym *t = sym_lookup(p->c->main, NS_VALUE, p->o->data[i].table);
    if (t && t->kind == S_TABLE) continue;
    Sym **v;
    int n = sym_visible(p->c, p->c->main, NS_VALUE, &v), nt = 0;
    const char **names = arena_alloc(p->a, sizeof *names * (size_t)(n + 1));
    for (int k = 0; k < n; k++) if (v[k]->kind == S_TABLE) names[nt++] = v[k]->name;
    const char *sug = sym_suggest(p->o->data[i].table, names, nt);
    if (sug) diag_error(p->d, (Loc){0}, _("--data %s=…: no table named '%s'; did you mean '%s'?"), p->o->data[i].table, p->o->data[i].table, sug);
    else diag_error(p->d, (Loc){0}, _("--data %s=…: no table named '%s' in %s"), p->o->data[i].table, p->o->data[i].table, p->c->main->path);
    ok = false;
  }
  return ok;
}

/* The date, the scénario and --plage, the --data options checked: false (an error said)
 * when one is wrong. */
bool ev_plan_start(Plan *p) {
  if (!set_date(p) || !set_scenario(p) || !check_data_options(p)) return false;
  set_range(p);
  return true;
}

/* ---- contrôles ---- */
static const Expr *field_expr(const Decl *d, FieldId f) {
  Item *it = schema_find(d, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

/* The source text of an expression (an arena copy). */
const char *ev_expr_text(Plan *p, const Expr *e) {
  size_t len;
  const char *text = diag_source_text(p->d, e->loc.file, &len);
  if (!text || e->loc.end > len || e->loc.start > e->loc.end) return "";
  return arena_strndup(p->a, text + e->loc.start, e->loc.end - e->loc.start);
}

static void plan_check(Plan *p, Sym *s, CheckResult *res, CheckPlan *cp) {
  res->sym = s; res->name = s->name; res->label = s->decl->label; res->passed = true;
  cp->sym = s; cp->res = res; cp->cond = NULL;
  const Expr *each = field_expr(s->decl, F_FOR_EACH);
  const Expr *cond = s->decl->formula ? s->decl->formula : field_expr(s->decl, F_CONDITION);
  if (!cond) cond = field_expr(s->decl, F_FORMULA);
  if (!cond) return;
  res->condition = ev_expr_text(p, cond);
  p->owner_required = s->mod == p->c->main;
  if (each && each->kind == EX_NAME) {
    PVS_ASSERT(each->ann.kind == ANN_TABLE);   /* the checker's chk_field_value: pour_chaque names a table */
    TablePlan *tp = ev_table(p, each->ann.sym);
    CCtx cx = {s->mod, tp, NULL, false, s};
    Slot *uses = arena_alloc(p->a, sizeof *uses);   /* collects the indicators the condition reads */
    p->cur_slot = uses;
    RowCheck rc = {s, ev_compile(p, &cx, cond), res, uses};
    p->cur_slot = NULL;
    /* a contrôle evaluate() leaves out is never checked on rows that are read (a table
     * without a data file is not read: it keeps the contrôle, to be named as left out) */
    bool kept = !(p->hit_unavailable && !p->owner_required) && !p->hit_no_value;
    if (kept || !tp->available) ARENA_PUSH(p->a, tp->checks, tp->nchecks, tp->ccap, rc);
    return;
  }
  CCtx cx = {s->mod, NULL, NULL, false, s};
  cp->cond = ev_compile(p, &cx, cond);
}

/* ---- costs ---- */
/* Compiles a coût's amounts: the one-line formula, or `montant:` (a value per year), repeated
 * over its `durée:`. Returns the first year's node. */
static ENode *plan_cost(Plan *p, Sym *s, CostYears *cy) {
  const Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT);
  p->owner_required = s->mod == p->c->main;
  CCtx cx = {s->mod, NULL, NULL, false, s};
  cy->n = s->decl->formula ? 1 : it ? it->values.n : 0;
  cy->v = arena_alloc(p->a, sizeof *cy->v * (size_t)(cy->n + 1));
  for (int i = 0; i < cy->n; i++) cy->v[i] = ev_compile(p, &cx, s->decl->formula ? s->decl->formula : it->values.v[i]->value);
  Num d;
  num_init(&d);
  cy->repeat = 1;
  if (schema_find(s->decl, F_DURATION) && ev_const_num(p, s, F_DURATION, &d, 1) &&
      (!num_to_long(&d, &cy->repeat) || cy->repeat < 1 || cy->repeat > SROI_YEARS_MAX)) {
    diag_error(p->d, schema_find(s->decl, F_DURATION)->loc, _("the durée of coût '%s' must be a whole number of years from 1 to %d"),
               s->name, SROI_YEARS_MAX);
    p->script_error = true;
    cy->repeat = 1;
  }
  num_clear(&d);
  return cy->n ? cy->v[0] : NULL;
}

/* ---- the declarations ---- */
static void collect(Plan *p, SymKind k, Todo *t) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++)
      if (p->c->mods[m]->syms[i]->kind == k) ARENA_PUSH(p->a, t->v, t->n, t->cap, p->c->mods[m]->syms[i]);
}

void ev_reset_eval_slots(Compilation *c) {
  for (int m = 0; m < c->nmods; m++)
    for (int i = 0; i < c->mods[m]->nsyms; i++) {
      Sym *s = c->mods[m]->syms[i];
      s->eval = NULL;
      for (int j = 0; s->kind == S_TABLE && j < s->ncolumns; j++) s->columns[j]->eval = NULL;
    }
}

/* Compiles every declaration to evaluate, in this order: indicators, valuations, panels,
 * coûts, contrôles. */
void ev_plan_decls(Plan *p, Decls *d) {
  EvalResult *r = p->res;
  Todo inds = {0}, costs = {0}, checks = {0};
  collect(p, S_INDICATOR, &inds);
  collect(p, S_COST, &costs);
  collect(p, S_CHECK, &checks);
  for (int i = 0; i < inds.n; i++) { p->owner_required = false; p->hit_unavailable = false; ev_indicator(p, inds.v[i]); }
  ev_plan_valuations(p);
  ev_plan_panels(p);
  if (p->o->by && !p->by_used) {
    diag_warning(p->d, (Loc){0}, _("--by %s: no indicator can be broken down by '%s' (no table has such a column, or a "
                                   "territory column it can be derived from); the results keep their own breakdowns"),
                 p->o->by, p->o->by);
    p->res->warnings++;
  }
  ENode **cost_nodes = arena_alloc(p->a, sizeof *cost_nodes * (size_t)(costs.n + 1));
  bool *cost_skip = arena_alloc(p->a, sizeof *cost_skip * (size_t)(costs.n + 1));
  p->cost_years = arena_alloc(p->a, sizeof *p->cost_years * (size_t)(costs.n + 1));
  for (int i = 0; i < costs.n; i++) {
    p->hit_unavailable = false;
    int t0 = ev_params_begin(p);
    cost_nodes[i] = plan_cost(p, costs.v[i], &p->cost_years[i]);
    int t1 = ev_params_end(p);
    cost_skip[i] = p->hit_unavailable && !p->owner_required;
    if (!cost_skip[i]) ev_params_keep(p, t0, t1);
  }
  p->cost_syms = costs.v; p->cost_nodes = cost_nodes; p->ncosts = costs.n;
  r->checks = arena_alloc(p->a, sizeof *r->checks * (size_t)(checks.n + 1));
  CheckPlan *cps = arena_alloc(p->a, sizeof *cps * (size_t)(checks.n + 1));
  int ncp = 0;
  const char *not_run = NULL, *no_value = NULL;
  for (int i = 0; i < checks.n; i++) {
    p->hit_unavailable = p->hit_no_value = false;
    int t0 = ev_params_begin(p);
    plan_check(p, checks.v[i], &r->checks[r->nchecks], &cps[ncp]);
    int t1 = ev_params_end(p);
    if (p->hit_unavailable && !p->owner_required) {
      not_run = arena_printf(p->a, "%s%s%s", not_run ? not_run : "", not_run ? ", " : "", checks.v[i]->name);
      continue;
    }
    ev_params_keep(p, t0, t1);
    if (p->hit_no_value) {   /* nothing to check it against: not run, never failed */
      no_value = arena_printf(p->a, "%s%s%s", no_value ? no_value : "", no_value ? ", " : "", checks.v[i]->name);
      continue;
    }
    r->nchecks++; ncp++;
  }
  for (int i = 0; i < p->ninds; i++)   /* final now: a later declaration may have required one */
    if (!p->inds[i]->skip) ev_params_keep(p, p->inds[i]->pt0, p->inds[i]->pt1);
  ev_params_settle(p);
  *d = (Decls){inds, costs, checks, cost_skip, cps, ncp, not_run, no_value};
}
