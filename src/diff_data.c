/* diff_data.c — `pvs diff --data`: both versions evaluated over the same data and date, and
 * every result that differs recorded (indicators by group, valuations' present values,
 * bilans' present value, costs and SROI ratio).
 *
 * Two scripts are evaluated as `pvs eval` would; between folders, each script present in
 * both versions is evaluated as a main script, and one that cannot be (its tables have no
 * data, or it has errors) is named in not_evaluated rather than stopping the comparison.
 * A `--data DIR` gives a folder: every table whose source file is found there is read from
 * it. */
#include "chk.h"
#include "diff.h"
#include "intl.h"
#include "schema.h"
#include <string.h>
#include <unistd.h>

typedef struct Ev { Arena *a; Diag *d; Compilation *c; EvalResult *r; } Ev;

/* --data DIR: the tables of c whose source file (its name) is in one of the folders. */
static void data_from_dirs(Ev *e, const DiffDataOptions *o, EvalOptions *eo) {
  int cap = 0;
  for (int i = 0; i < o->ndata; i++) {
    __typeof__(*eo->data) x = {o->data[i].table, o->data[i].path};
    ARENA_PUSH(e->a, eo->data, eo->ndata, cap, x);
  }
  for (int m = 0; m < e->c->nmods; m++)
    for (int i = 0; i < e->c->mods[m]->nsyms; i++) {
      Sym *t = e->c->mods[m]->syms[i];
      const Item *it = t->kind == S_TABLE ? schema_find(t->decl, F_SOURCE) : NULL;
      const Expr *v = it && it->values.n ? it->values.v[0]->value : NULL;
      if (!v || v->kind != EX_STR || sym_lookup(e->c->main, NS_VALUE, t->name) != t) continue;
      const char *base = strrchr(v->str, '/') ? strrchr(v->str, '/') + 1 : v->str;
      for (int k = 0; k < o->ndirs; k++) {
        const char *path = arena_printf(e->a, "%s/%s", o->dirs[k], base);
        if (access(path, R_OK)) continue;
        __typeof__(*eo->data) x = {t->name, path};
        ARENA_PUSH(e->a, eo->data, eo->ndata, cap, x);
        break;
      }
    }
}

/* Loads, checks and evaluates one script; false (diagnostics in e->d) when it cannot be. */
static bool evaluate(Ev *e, const char *path, const DiffDataOptions *o) {
  e->a = arena_new();
  e->d = diag_new();
  LoadStatus ls;
  e->c = load_compilation(e->a, e->d, path, &ls);
  ChkOptions co = {false};
  if (ls != LOAD_OK || chk_run(e->c, &co)) return false;
  EvalOptions eo = {.date = o->date};
  data_from_dirs(e, o, &eo);
  EvalStatus st;
  e->r = eval_run(e->c, &eo, &st);
  return e->r != NULL;
}

static void release(Ev *e) {
  eval_free(e->r);
  if (e->d) diag_free(e->d);
  if (e->a) arena_free(e->a);
  *e = (Ev){0};
}

/* ---- comparing two results ---- */
typedef struct Cmp { DiffReport *r; const char *module; } Cmp;

static const char *group_text(Arena *a, const char **key, int ndims) {
  if (!key) return NULL;
  const char *s = "";
  for (int i = 0; i < ndims; i++) s = arena_printf(a, "%s%s%s", s, i ? " / " : "", key[i] ? key[i] : "");
  return s;
}

static void value(Cmp *c, const char *what, const char *name, const char *figure, const char *group, const char *unit,
                  int decimals, const Num *o, const Num *n) {
  if (o && n && num_cmp(o, n) == 0) return;
  if (!o && !n) return;
  Arena *a = c->r->arena;   /* the results are freed before the report is written: copy */
  DiffValue v = {c->module, what, arena_strdup(a, name), figure, group ? arena_strdup(a, group) : NULL, arena_strdup(a, unit ? unit : ""),
                 decimals, !o, !n, NUM_INIT, NUM_INIT};
  if (o) num_set(&v.old, o);
  if (n) num_set(&v.new, n);
  ARENA_PUSH(c->r->arena, c->r->values, c->r->nvalues, c->r->vcap, v);
}

/* The row of ind whose key is `key` (NULL: the total). */
static const ResultRow *find_row(const IndicatorResult *ind, const char **key) {
  for (int i = 0; i < ind->nrows; i++) {
    const ResultRow *row = &ind->rows[i];
    if (!row->key || !key) {
      if (!row->key && !key) return row;
      continue;
    }
    int d = 0;
    while (d < ind->by.ndims && !strcmp(row->key[d] ? row->key[d] : "", key[d] ? key[d] : "")) d++;
    if (d == ind->by.ndims) return row;
  }
  return NULL;
}

static void indicators(Cmp *c, const EvalResult *o, const EvalResult *n) {
  Arena *a = c->r->arena;
  for (int i = 0; i < n->ninds; i++) {
    const IndicatorResult *ni = &n->inds[i], *oi = NULL;
    for (int k = 0; k < o->ninds && !oi; k++) if (!strcmp(o->inds[k].name, ni->name)) oi = &o->inds[k];
    if (!oi) continue;
    for (int g = 0; g < ni->nrows; g++) {
      const ResultRow *nr = &ni->rows[g];
      const char *group = group_text(a, nr->key, ni->by.ndims);
      const ResultRow *or = oi->by.ndims == ni->by.ndims ? find_row(oi, nr->key) : NULL;
      if (!or && nr->key) continue;   /* a group that appears: the breakdown changed, said above */
      value(c, "indicateur", ni->name, "valeur", group, ni->unit, ni->decimals, or && !or->cell.missing ? &or->cell.value : NULL,
            nr->cell.missing ? NULL : &nr->cell.value);
    }
  }
}

static void valuations(Cmp *c, const EvalResult *o, const EvalResult *n) {
  for (int i = 0; i < n->nvals; i++) {
    const ValuationResult *nv = &n->vals[i], *ov = NULL;
    for (int k = 0; k < o->nvals && !ov; k++) if (!strcmp(o->vals[k].name, nv->name)) ov = &o->vals[k];
    if (!ov) continue;
    const ValuationRow *nt = &nv->rows[nv->nrows - 1], *ot = &ov->rows[ov->nrows - 1];
    value(c, "valorisation", nv->name, "valeur actualisée", NULL, "€", 2, ot->missing ? NULL : &ot->present_value,
          nt->missing ? NULL : &nt->present_value);
  }
}

static void statements(Cmp *c, const EvalResult *o, const EvalResult *n) {
  for (int i = 0; i < n->nstmts; i++) {
    const StatementResult *ns = &n->stmts[i], *os = NULL;
    for (int k = 0; k < o->nstmts && !os; k++) if (!strcmp(o->stmts[k].name, ns->name)) os = &o->stmts[k];
    if (!os) continue;
    value(c, "bilan", ns->name, "valeur actualisée", NULL, "€", 2, &os->present_value, &ns->present_value);
    value(c, "bilan", ns->name, "coûts", NULL, "€", 2, &os->costs, &ns->costs);
    value(c, "bilan", ns->name, "ratio SROI", NULL, "", 2, os->ratio_missing ? NULL : &os->ratio,
          ns->ratio_missing ? NULL : &ns->ratio);
  }
}

static bool compare_pair(DiffReport *r, Diag *d, const char *op, const char *np, const char *module, const DiffDataOptions *o) {
  Ev eo = {0}, en = {0};
  bool ok = evaluate(&eo, op, o) && evaluate(&en, np, o);
  if (ok) {
    Cmp c = {r, module};
    indicators(&c, eo.r, en.r);
    valuations(&c, eo.r, en.r);
    statements(&c, eo.r, en.r);
  } else if (module) {
    ARENA_PUSH(r->arena, r->not_evaluated, r->nne, r->necap, arena_printf(r->arena, "%s.pvs", module));
  } else {
    if (eo.d) diag_render(eo.d, stderr);
    if (en.d) diag_render(en.d, stderr);
    (void)d;
  }
  release(&eo);
  release(&en);
  return ok;
}

bool diff_results(DiffReport *r, Diag *d, const DiffDataOptions *o) {
  r->with_data = true;
  if (!r->folders) return compare_pair(r, d, r->old_path, r->new_path, NULL, o);
  /* folders: every script present in both */
  for (int i = 0; i < r->nmodules; i++) {
    const char *m = r->modules[i];
    compare_pair(r, d, arena_printf(r->arena, "%s/%s.pvs", r->old_path, m), arena_printf(r->arena, "%s/%s.pvs", r->new_path, m), m, o);
  }
  return true;
}
