/* eval.c — `pvs eval` from start to end (see eval.h), the driver of its four stages: plan
 * (plan.c: the date, the scénario, every declaration compiled; plan_table.c: the tables,
 * their columns and passes; plan_join.c), scan (scan_table.c: each table read once per
 * stage, every aggregate accumulated), compute (indicators, coûts, valuations, bilans,
 * panels, indices, contrôles, sensitivity: compute_*.c) and results
 * (results.c: the EvalResult). */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* Rows whose aggregate expression divided by zero were skipped as missing: say so once per
 * aggregate, with the count (an error under --strict). */
static void warn_row_divisions(Plan *p) {
  for (int i = 0; i < p->ntables; i++)
    for (int j = 0; j < p->tables[i]->nslots; j++) {
      const Slot *s = p->tables[i]->slots[j];
      if (!s->divzero || !s->expr) continue;
      if (p->o->strict) {
        diag_error(p->d, s->expr->loc, _("division by zero in %ld rows of table '%s'"), s->divzero, s->tp->sym->name);
        p->script_error = true;
      } else {
        diag_warning(p->d, s->expr->loc, _("division by zero in %ld rows of table '%s': those rows are skipped as missing values"),
                     s->divzero, s->tp->sym->name);
        p->res->warnings++;
      }
    }
}

/* Imported declarations whose tables have no data file are left out: say which tables, and
 * which contrôles were not run for that reason (they are neither passed nor failed). */
static void note_skipped_tables(Plan *p, const char *not_run) {
  const char *list = NULL;
  for (int i = 0; i < p->ntables; i++) {
    const TablePlan *tp = p->tables[i];
    if (tp->available || tp->required || !(tp->nslots || tp->nchecks)) continue;
    const char *file = strrchr(tp->path, '/') ? strrchr(tp->path, '/') + 1 : tp->path;
    list = arena_printf(p->a, "%s%s%s (%s)", list ? list : "", list ? ", " : "", tp->sym->name, file);
  }
  if (!list) return;
  if (not_run)
    diag_warning(p->d, (Loc){0}, _("what the imported référentiel computes from tables without a data file was left out: %s; "
                                   "give a file with --data TABLE=PATH to include it; contrôles not run for that reason: %s"),
                 list, not_run);
  else
    diag_warning(p->d, (Loc){0}, _("what the imported référentiel computes from tables without a data file was left out: %s; "
                                   "give a file with --data TABLE=PATH to include it"), list);
  p->res->warnings++;
}

/* ---- the run ---- */
static void evaluate(Plan *p) {
  EvalResult *r = p->res;
  Decls d;
  ev_plan_decls(p, &d);
  if (p->script_error) return;
  int top = ev_plan_passes(p);
  if (!ev_run_tables(p, top)) return;
  warn_row_divisions(p);
  note_skipped_tables(p, d.not_run);
  if (d.no_value) {
    diag_warning(p->d, (Loc){0}, _("contrôles not run, a parameter they read having no value on %s: %s"), p->date_text, d.no_value);
    p->res->warnings++;
  }
  r->inds = arena_alloc(p->a, sizeof *r->inds * (size_t)(d.inds.n + 1));
  for (int i = 0; i < d.inds.n; i++) {
    IndPlan *ip = d.inds.v[i]->eval;
    if (!ip->skip) ev_indicator_result(p, ip, &r->inds[r->ninds++]);
  }
  ev_costs(p, d.costs, d.cost_skip);
  ev_valuations(p);
  ev_statements(p);
  ev_panels(p);
  ev_indices(p);
  for (int i = 0; i < d.ncp; i++) ev_check_result(p, &d.cps[i]);
}

void ev_free_plan(Plan *p) {
  ev_valplans_free(p);
  ev_tables_free(p);
  for (int i = 0; i < p->nnodes; i++) ev_value_clear(&p->nodes[i]->c);
  for (int i = 0; i < p->ninds; i++) {
    IndPlan *ip = p->inds[i];
    for (int g = 0; g < ip->ngroups; g++) ev_value_clear(&ip->groups[g]);
    free(ip->groups);
    free(ip->reached);
    ev_value_clear(&ip->total);
  }
  ev_reset_eval_slots(p->c);
}

/* Plans and evaluates; the plan stays alive for explain. Returns the status. */
EvalStatus ev_run_plan(Plan *p, Compilation *c, const EvalOptions *o) {
  Arena *a = arena_new();
  EvalResult *r = arena_alloc(a, sizeof *r);
  r->arena = a;
  *p = (Plan){.c = c, .d = c->diag, .a = a, .o = o, .res = r};
  ev_reset_eval_slots(c);
  if (!ev_plan_start(p)) return EVAL_DATA_ERROR;
  r->date = p->date_text;
  r->scenario = o->range < 0 ? _("low") : o->range > 0 ? _("high") : o->scenario;
  ev_collect_labels(p);
  if (c->main->framework) {
    r->framework = c->main->framework->name;
    r->version = c->main->framework->version;
    r->framework_label = c->main->framework->label;
  }
  r->currency = ev_currency(c->main);
  evaluate(p);
  if (o->sensitivity && !p->script_error && !p->data_error) ev_sensitivity(p);
  ev_record_tables(p);
  r->comp = c;
  return p->script_error ? EVAL_SCRIPT_ERROR : p->data_error ? EVAL_DATA_ERROR : EVAL_OK;
}

EvalResult *eval_run(Compilation *c, const EvalOptions *o, EvalStatus *st) {
  Plan plan;
  *st = ev_run_plan(&plan, c, o);
  ev_free_plan(&plan);
  if (*st != EVAL_OK) { eval_free(plan.res); return NULL; }
  return plan.res;
}
