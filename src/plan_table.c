/* plan_table.c — planning the data side of a run: each table bound to its CSV file or
 * database table (--data, else `source:` beside the main script or beside its module), its
 * separator, decimal mark and encoding, its columns (which the script reads, which are kept
 * for `réf`), the tables it designates through réf (read and indexed first), every table
 * with data validated, and the stage of each aggregate: one whose rows read an indicator is
 * computed in a later pass over its table, once everything that indicator needs is
 * complete. Nothing here reads a row: scan_table.c does, as planned here. */
#include "eval_int.h"
#include "pgsrc.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- tables ---- */
static const char *field_string(Sym *t, FieldId f) {
  Item *it = schema_find(t->decl, f);
  return it && it->values.n && it->values.v[0]->value->kind == EX_STR ? it->values.v[0]->value->str : NULL;
}

static bool exists(const char *path) { return access(path, R_OK) == 0; }

/* The CSV of a table: --data, else `source:` beside the main script (for an imported
 * table) or beside its own module. */
static const char *table_path(Plan *p, Sym *t) {
  for (int i = 0; i < p->o->ndata; i++)
    if (!strcmp(p->o->data[i].table, t->name)) return p->o->data[i].path;
  const char *src = field_string(t, F_SOURCE);
  if (!src) src = arena_printf(p->a, "%s.csv", t->name);
  if (src[0] == '/' || pg_is_url(src)) return src;
  const Module *main = p->c->main;
  const char *own = strcmp(t->mod->dir, ".") ? arena_printf(p->a, "%s/%s", t->mod->dir, src) : src;
  if (t->mod == main) return own;
  /* an imported table: the organisation's file, beside its script (said so when missing) */
  const char *q = strcmp(main->dir, ".") ? arena_printf(p->a, "%s/%s", main->dir, src) : src;
  return exists(q) || !exists(own) ? q : own;
}

/* Where a table's rows come from: a CSV file, or a PostgreSQL URL (pgsrc.h) shown
 * without its password. */
static void bind_source(Plan *p, TablePlan *tp, const char *where) {
  tp->src = tp->path = where;
  if (!pg_is_url(where)) return;
  char *shown = pg_redact(where);
  tp->path = arena_strdup(p->a, shown);
  free(shown);
}

static TablePlan *touch(Plan *p, TablePlan *tp) {
  if (p->owner_required) tp->required = true;
  if (!tp->available) p->hit_unavailable = true;
  return tp;
}

TablePlan *ev_table(Plan *p, Sym *t) {
  if (t->eval) return touch(p, t->eval);
  TablePlan *tp = arena_alloc(p->a, sizeof *tp);
  t->eval = tp;
  tp->sym = t;
  bind_source(p, tp, table_path(p, t));
  tp->ncols = t->ncolumns;
  tp->cols = arena_alloc(p->a, sizeof *tp->cols * (size_t)(tp->ncols + 1));
  tp->keycol = -1;
  for (int i = 0; i < tp->ncols; i++) {
    ColPlan *c = &tp->cols[i];
    c->sym = t->columns[i]; c->kind = c->sym->item->col->kind; c->optional = c->sym->item->col->optional;
    c->csv = -1;
    ev_terr_column(c);
    const ColType *ct = c->sym->item->col;
    c->percent = ct->unit && ct->unit->n == 1 && !strcmp(ct->unit->terms[0].name, "%") && ct->unit->terms[0].exp == 1;
    c->fraction = ct->fraction;
    if (ct->key) tp->keycol = i;
  }
  const char *sep = field_string(t, F_SEPARATOR), *dec = field_string(t, F_DECIMAL_MARK);
  tp->copt.delimiter = sep ? (!strcmp(sep, "\\t") || !strcmp(sep, "tab") ? '\t' : sep[0]) : 0;
  tp->copt.encoding = field_string(t, F_ENCODING);
  tp->decimal = pg_is_url(tp->src) ? '.' : dec ? dec[0] : 0;   /* a database writes numbers with '.' */
  tp->cache = arena_alloc(p->a, sizeof *tp->cache * (size_t)(tp->ncols + 1));
  tp->available = pg_is_url(tp->src) || exists(tp->src);
  ARENA_PUSH(p->a, p->tables, p->ntables, p->tcap, tp);
  return touch(p, tp);
}

int ev_column_use(Plan *p, TablePlan *tp, Sym *col, bool stored) {
  (void)p;
  ColPlan *c = &tp->cols[col->index];
  c->used = true;
  if (stored) c->stored = true;
  return col->index;
}

void ev_table_dep(Plan *p, TablePlan *tp, TablePlan *dep) {
  for (int i = 0; i < tp->ndeps; i++) if (tp->deps[i] == dep) return;
  ARENA_PUSH(p->a, tp->deps, tp->ndeps, tp->dcap, dep);
}

/* Whether tp is read at all: something uses it, or it is validated, and it has data (or must). */
bool ev_table_needed(const TablePlan *tp) {
  return (tp->nslots || tp->nchecks || tp->indexed || tp->validate) && (tp->available || tp->required);
}

/* The tables a needed table references are read (and indexed) first, to check its réf. */
static void link_refs(Plan *p, TablePlan *tp) {
  tp->reftp = arena_alloc(p->a, sizeof *tp->reftp * (size_t)(tp->ncols + 1));
  for (int c = 0; c < tp->ncols; c++) {
    Sym *tgt = tp->cols[c].kind == COL_REF ? sym_ref_target(tp->cols[c].sym) : NULL;
    if (!tgt) continue;
    TablePlan *t = ev_table(p, tgt);
    t->indexed = true;
    if (tp->required) t->required = true;
    tp->reftp[c] = t;
    tp->nrefs++;
    ev_table_dep(p, tp, t);
  }
}

/* ---- stages: an aggregate whose rows use an indicator (compte(parc où loyer > loyer_moyen))
 * is computed in a later pass, once everything that indicator needs is complete ---- */
static int node_stage(Plan *p, const ENode *n, int depth);

typedef struct StageCtx { Plan *p; int depth, st; } StageCtx;

static bool kid_stage(const ENode *kid, void *ctx) {
  StageCtx *c = ctx;
  int k = node_stage(c->p, kid, c->depth);
  if (k > c->st) c->st = k;
  return true;
}

static int kids_stage(Plan *p, const ENode *n, int depth) {
  StageCtx c = {p, depth, 0};
  ev_each_kid(n, kid_stage, &c);
  return c.st;
}

/* The stage after which n's value is known: the latest stage of the aggregates it reads. */
static int node_stage(Plan *p, const ENode *n, int depth) {
  if (!n || depth > 64) return 0;
  switch (n->k) {
  case N_AGG: return n->slot->stage + 1;
  case N_IND: return node_stage(p, n->ind->formula, depth + 1);
  case N_VALUATION: {
    const ValPlan *vp = n->sym->eval;
    if (!vp) return 0;
    int a = node_stage(p, vp->quantity, depth + 1), b = node_stage(p, vp->proxy, depth + 1);
    return a > b ? a : b;
  }
  case N_COST: {
    int st = 0;
    for (int i = 0; i < p->ncosts; i++)
      for (int y = 0; p->cost_syms[i] == n->sym && y < p->cost_years[i].n; y++) {
        int k = node_stage(p, p->cost_years[i].v[y], depth + 1);
        if (k > st) st = k;
      }
    return st;
  }
  default: return kids_stage(p, n, depth);
  }
}

static int raise_stage(Plan *p, Slot *s, int *top) {
  int changed = 0;
  for (int r = 0; r < s->nrefs; r++) {
    int st = node_stage(p, s->refs[r], 0);
    if (st > s->stage) { s->stage = st; changed = 1; }
  }
  if (s->stage > *top) *top = s->stage;
  return changed;
}

static int set_stages(Plan *p) {
  int top = 0;
  for (int round = 0, changed = 1; changed && round < 32; round++) {
    changed = 0;
    for (int i = 0; i < p->ntables; i++)
      for (int j = 0; j < p->tables[i]->nslots; j++) changed |= raise_stage(p, p->tables[i]->slots[j], &top);
  }
  for (int i = 0; i < p->ntables; i++)   /* row-level contrôles: after the indicators they read */
    for (int j = 0; j < p->tables[i]->nchecks; j++) raise_stage(p, p->tables[i]->checks[j].uses, &top);
  return top;
}

/* Every table with a data file is read at least once, used or not: each cell and each réf
 * of it is checked (doc/evaluation.md); so is every table of the main script, whose file
 * must exist. */
static void validate_all(Plan *p) {
  bool req = p->owner_required, hit = p->hit_unavailable;
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      if (s->kind != S_TABLE) continue;
      p->owner_required = s->mod == p->c->main;
      ev_table(p, s)->validate = true;
    }
  p->owner_required = req;
  p->hit_unavailable = hit;
}

/* The passes, planned: every table with data validated, the tables each needed one
 * designates linked (read first), the joins (plan_join.c), the stage of every aggregate and
 * row-level contrôle. Returns the last stage. */
int ev_plan_passes(Plan *p) {
  validate_all(p);
  for (int i = 0; i < p->ntables; i++)   /* may add tables: the loop sees them */
    if (ev_table_needed(p->tables[i]) && !p->tables[i]->reftp) link_refs(p, p->tables[i]);
  ev_plan_joins(p);
  return set_stages(p);
}
