/* plan_param.c — parameters at the run's date and scénario: the value in force (the
 * scénario's, else a surcharge's dated values, else the référentiel's), compiled once (a
 * constant is shared by every use); the parameters used, with their value, date, source
 * and, beside a local value, the référentiel's, for the reports; "no value on DATE" said
 * once, what reads it left empty. */
#include "eval_int.h"
#include "chk.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */
typedef struct ParamCache { ENode *node; bool no_value, used; } ParamCache;

static bool unit_is_percent(const UnitExpr *u) { return ev_is_percent_unit(u); }

/* Where a parameter's value comes from, at the plan's date. */
typedef struct ParamSource {
  const Expr *e;        /* the value in force, or NULL when none is */
  Module *mod;          /* the module its names are read in */
  const char *since;    /* the date it applies from (NULL: undated) */
  bool scenario;        /* set by the scénario */
  const Sym *local;     /* the surcharge it comes from, if any */
} ParamSource;

/* The value of `param` in force at the plan's date. Order: the scénario's value; else the
 * surcharge's dated values, which replace the référentiel's (all of them: before the
 * surcharge's first date there is no value); else the parameter's own. Among dated values,
 * the one whose `depuis` is the latest not after the date; an undated one applies from the
 * beginning (schema_value_at). */
static ParamSource param_source(Plan *p, Sym *param, bool use_local) {
  ParamSource ps = {NULL, param->mod, NULL, false, NULL};
  for (int i = 0; use_local && i < p->novr; i++)
    if (p->ovr[i].target == param && p->ovr[i].field == F__COUNT) {
      ps.scenario = true;
      ps.e = p->ovr[i].item->values.v[0]->value;
      return ps;
    }
  const Sym *owner = use_local && chk_override_of(param) ? chk_override_of(param) : param;
  if (owner != param) { ps.local = owner; ps.mod = owner->mod; }
  if (owner->decl->formula) { ps.e = owner->decl->formula; return ps; }
  const FieldValue *fv = schema_value_at(owner->decl, p->date);
  if (fv) { ps.e = fv->value; ps.since = fv->since ? fv->since->str : NULL; }
  return ps;
}

/* A compiled value as the reports show it: its number (×100 in a % unit), or per row. */
static void shown_value(const Sym *param, const ENode *n, Num *v, bool *row_dependent) {
  if (n->k != N_CONST || n->c.k != V_NUM) { *row_dependent = n->k != N_CONST; return; }
  num_set(v, &n->c.n);
  if (unit_is_percent(param->decl->unit)) {
    Num h; num_init(&h); num_set_long(&h, 100); num_mul(v, v, &h); num_clear(&h);
  }
}

/* Beside a local value, the référentiel's value at the date, for the reports (compiled
 * without the surcharge, in the row's context; it decides nothing). */
static void framework_value(Plan *p, Sym *param, TablePlan *row, ParamUse *u) {
  ParamSource ref = param_source(p, param, false);
  u->ref_since = ref.since;
  num_init(&u->ref_value);
  if (!ref.e) { u->ref_missing = true; return; }
  bool nov = p->hit_no_value;
  CCtx cx = {param->mod, row, NULL, unit_is_percent(param->decl->unit), param};
  ENode *n = ev_compile(p, &cx, ref.e);
  p->hit_no_value = nov;
  u->ref_missing = n->k == N_CONST && n->c.k != V_NUM;
  shown_value(param, n, &u->ref_value, &u->ref_row_dependent);
  if (u->ref_row_dependent) u->ref_text = ev_expr_text(p, ref.e);
}

static void record_use(Plan *p, Sym *param, const ParamSource *ps, TablePlan *row, const ENode *n) {
  EvalResult *r = p->res;
  for (int i = 0; i < r->nparams; i++) if (r->params[i].sym == param) return;
  ParamUse *u = arena_alloc(p->a, sizeof *u * (size_t)(r->nparams + 1));
  if (r->nparams) memcpy(u, r->params, sizeof *u * (size_t)r->nparams);
  r->params = u;
  ParamUse *nu = &u[r->nparams++];
  memset(nu, 0, sizeof *nu);
  nu->sym = param; nu->name = param->name; nu->since = ps->since; nu->overridden = ps->scenario;
  nu->unit = ev_unit_text(p, param);
  nu->local = ps->local;
  if (ps->local) {
    const Item *it = schema_find(ps->local->decl, F_SOURCE);
    const Expr *src = it && it->values.n ? it->values.v[0]->value : NULL;
    nu->local_source = src && src->kind == EX_STR ? src->str : NULL;
  }
  num_init(&nu->value);
  if (ps->local) framework_value(p, param, row, nu);
  if (!n) {   /* no value in force at the date */
    nu->missing = true;
    nu->first_since = schema_first_since((ps->local ? ps->local : param)->decl);
  } else shown_value(param, n, &nu->value, &nu->row_dependent);
  if (nu->row_dependent) nu->text = ev_expr_text(p, ps->e);
}

static ParamCache *param_cache(Plan *p, Sym *param) {
  if (!param->eval) param->eval = arena_alloc(p->a, sizeof(ParamCache));
  return param->eval;
}

/* No value in force at the date: what uses it is left empty, and it is said once, with the
 * date its values start (the surcharge's, when it has one). */
static void warn_no_value(Plan *p, const Sym *param, const Sym *local) {
  const char *first = schema_first_since((local ? local : param)->decl);
  if (first)
    diag_warning(p->d, param->loc, _("parameter '%s' has no value on %s (its first value is since %s): what uses it "
                                     "is left empty; evaluate at a later --date, or give it a value in force then"),
                 param->name, p->date_text, first);
  else
    diag_warning(p->d, param->loc, _("parameter '%s' has no value on %s: what uses it is left empty"), param->name,
                 p->date_text);
  p->res->warnings++;
}

/* The warning waits until planning is over (ev_params_settle): the declarations reading the
 * parameter may all be left out. */
static ENode *no_value(Plan *p, Sym *param, const ParamSource *ps, TablePlan *row) {
  if (p->params_settled) warn_no_value(p, param, ps->local);
  record_use(p, param, ps, row, NULL);
  ParamCache *pc = param_cache(p, param);
  pc->node = ev_missing_const(p, param->loc);
  pc->no_value = true;
  p->hit_no_value = true;
  return pc->node;
}

/* A parameter read while no declaration is being planned, or after planning, is used. */
static void touch(Plan *p, Sym *param) {
  if (!p->tracking || p->params_settled) param_cache(p, param)->used = true;
  else ARENA_PUSH(p->a, p->touched, p->ntouched, p->ttcap, param);
}

int ev_params_begin(Plan *p) { p->tracking++; return p->ntouched; }
int ev_params_end(Plan *p) { p->tracking--; return p->ntouched; }

void ev_params_keep(Plan *p, int t0, int t1) {
  for (int i = t0; i < t1; i++) param_cache(p, p->touched[i])->used = true;
}

void ev_params_settle(Plan *p) {
  EvalResult *r = p->res;
  int n = 0;
  for (int i = 0; i < r->nparams; i++) {
    ParamUse *u = &r->params[i];
    const ParamCache *pc = u->sym->eval;
    if (!pc || !pc->used) { num_clear(&u->value); num_clear(&u->ref_value); continue; }
    if (u->missing) warn_no_value(p, u->sym, u->local);
    r->params[n++] = *u;
  }
  r->nparams = n;
  p->params_settled = true;
}

void ev_param_value(Plan *p, Sym *param, const Module *from, TablePlan *row, ENode **out, ParamUse *use) {
  (void)from; (void)use;
  touch(p, param);
  ParamCache *pc = param->eval;
  if (pc && pc->node) { *out = pc->node; p->hit_no_value |= pc->no_value; return; }
  ParamSource ps = param_source(p, param, true);
  if (!ps.e) { *out = no_value(p, param, &ps, row); return; }
  CCtx cx = {ps.mod, row, NULL, unit_is_percent(param->decl->unit), param};
  ENode *n = ev_compile(p, &cx, ps.e);   /* in the row's context when there is one (selon a column) */
  if (n->k != N_CONST && !n->sym && n->k != N_AGG && n->k != N_IND)
    n->sym = param;   /* a node of its own: explain names the parameter */
  record_use(p, param, &ps, row, n);
  if (n->k == N_CONST) param_cache(p, param)->node = n;
  *out = n;
}
