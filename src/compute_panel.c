/* compute_panel.c — extrapolating a panel to the whole sampling frame (doc/methode-extrapolation.md).
 *
 * Planning turns each estimated variable y of a panel into a few aggregates that the single
 * pass over the tables computes per stratum (the strata of the base_sondage, read in the
 * panel through its réf column): in the frame N_h = compte and X_h = somme(x); in the panel,
 * over the units where y and x are both known, n_h, Σy, Σx, Σy², Σx², Σxy. Then, per
 * stratum h, with f_h = n_h / N_h and d = y − R·x:
 *
 *   expansion       Ŷ = Σ N_h ȳ_h                           R = 0
 *   ratio           Ŷ = (Σy / Σx) · X                       one R over the whole panel, one stratum
 *   ratio_séparé    Ŷ = Σ R_h X_h,  R_h = Σ_h y / Σ_h x      R = R_h
 *   ratio_combiné   Ŷ = R_C X,  R_C = Σ N_h ȳ_h / Σ N_h x̄_h   R = R_C
 *   v(Ŷ) = Σ N_h² (1 − f_h) / n_h · s²_d,h,   s²_d = (Σd² − (Σd)² / n_h) / (n_h − 1)
 *
 * all exact (rationals); then SE = √v to 20 decimals, the interval Ŷ ± t·SE with Student's t
 * at n − H degrees of freedom (H strata; 20 decimals), CV = SE / Ŷ. A stratum with fewer than 2
 * units has no variance (the SE is missing, with a warning); one with none, or whose
 * auxiliary sums to zero, has no estimate. */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

enum { A_N, A_X, A_n, A_Y, A_Xs, A_YY, A_XX, A_XY, A__COUNT };   /* the aggregates */

typedef struct PanelPlan {
  Sym *panel, *frame, *refcol;
  const char *variable, *aux;
  PanelMethod method;
  const Expr *level;                 /* niveau: (95 % when NULL) */
  GroupSpace *gs;                    /* the strata (NULL: one) */
  ENode *agg[A__COUNT];
} PanelPlan;

/* ---- building the aggregates' expressions ---- */
/* They are built annotated, as the checker leaves the script's (ast.h ExprAnn), from the
 * symbols chk_panel.c checked: the frame's réf column, the estimated and auxiliary columns. */
static Expr *mk(Plan *p, ExprKind k, AnnKind ak, Loc loc) {
  Expr *e = arena_alloc(p->a, sizeof *e);
  e->kind = k;
  e->loc = loc;
  e->depth = 1;
  e->ann.kind = (unsigned char)ak;
  return e;
}

static Expr *num_e(Plan *p, long v, Loc loc) {
  Expr *e = mk(p, EX_NUM, ANN_LITERAL, loc);
  e->num.text = v ? "1" : "0";
  num_set_long(&e->ann.num, v);
  return e;
}

static Expr *name_e(Plan *p, const char *a, const char *b, Loc loc) {
  Expr *e = mk(p, EX_NAME, ANN_NONE, loc);
  NamePath *np = &e->name;
  np->parts = arena_alloc(p->a, sizeof *np->parts * 2);
  np->locs = arena_alloc(p->a, sizeof *np->locs * 2);
  np->parts[np->n] = a; np->locs[np->n++] = loc;
  if (b) { np->parts[np->n] = b; np->locs[np->n++] = loc; }
  return e;
}

/* Column `col` of the row of `table`, through its réf column `ref` when not NULL. */
static Expr *col_e(Plan *p, Sym *table, Sym *ref, const char *col, Loc loc) {
  Sym *c = sym_column(ref ? sym_ref_target(ref) : table, col);
  Expr *e = name_e(p, ref ? ref->name : col, ref ? col : NULL, loc);
  e->ann.kind = c ? ANN_COLUMN : ANN_NONE;   /* (chk_panel.c: it is one) */
  e->ann.sym = c;
  e->ann.table = table;
  if (ref) {
    e->ann.nav = arena_alloc(p->a, sizeof *e->ann.nav);
    e->ann.nav[0] = ref;
    e->ann.nnav = 1;
  }
  return e;
}

static Expr *bin_e(Plan *p, Op op, Expr *l, Expr *r) {
  Expr *e = mk(p, EX_BINARY, ANN_OP, l->loc);
  e->bin.op = op;
  e->bin.l = l;
  e->bin.r = r;
  e->depth = 1 + (l->depth > r->depth ? l->depth : r->depth);
  return e;
}

/* fn(table) or fn(table, row): compte or somme */
static Expr *call_e(Plan *p, BuiltinId fn, Sym *table, Expr *row, Loc loc) {
  Expr *e = mk(p, EX_CALL, ANN_CALL, loc);
  e->call.name = schema_builtin(fn)->fr;
  e->call.name_loc = loc;
  e->ann.fn = (short)fn;
  e->ann.agg = true;
  ExprList *l = &e->call.args;
  l->v = arena_alloc(p->a, sizeof *l->v * 2);
  Expr *t = name_e(p, table->name, NULL, loc);
  t->ann.kind = ANN_TABLE;
  t->ann.sym = table;
  l->v[l->n++] = t;
  if (row) l->v[l->n++] = row;
  e->depth = 1 + (row ? row->depth : 1);
  return e;
}

/* e + 0·g: e, on the rows where g is known too (missing propagates). */
static Expr *where_known(Plan *p, Expr *e, Expr *g) {
  return bin_e(p, OP_ADD, e, bin_e(p, OP_MUL, num_e(p, 0, e->loc), g));
}

static ENode *compile_agg(Plan *p, PanelPlan *pp, Expr *e) {
  CCtx cx = {pp->panel->mod, NULL, pp->gs, false, pp->panel};
  return ev_compile(p, &cx, e);
}

static void plan_aggregates(Plan *p, PanelPlan *pp) {
  Loc loc = pp->panel->decl->name_loc;
  Expr *y = col_e(p, pp->panel, NULL, pp->variable, loc);
  Expr *x = pp->aux ? col_e(p, pp->panel, pp->refcol, pp->aux, loc) : num_e(p, 1, loc);
  Expr *fx = pp->aux ? col_e(p, pp->frame, NULL, pp->aux, loc) : num_e(p, 0, loc);
  pp->agg[A_N] = compile_agg(p, pp, call_e(p, B_COUNT, pp->frame, NULL, loc));
  pp->agg[A_X] = compile_agg(p, pp, call_e(p, B_SUM, pp->frame, fx, loc));
  pp->agg[A_n] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, where_known(p, num_e(p, 1, loc), bin_e(p, OP_MUL, y, x)), loc));
  pp->agg[A_Y] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, where_known(p, y, x), loc));
  pp->agg[A_Xs] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, where_known(p, x, y), loc));
  pp->agg[A_YY] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, where_known(p, bin_e(p, OP_MUL, y, y), x), loc));
  pp->agg[A_XX] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, where_known(p, bin_e(p, OP_MUL, x, x), y), loc));
  pp->agg[A_XY] = compile_agg(p, pp, call_e(p, B_SUM, pp->panel, bin_e(p, OP_MUL, x, y), loc));
}

/* ---- planning ---- */
static const Expr *field_value(const Decl *d, FieldId f, int i) {
  const Item *it = schema_find(d, f);
  return it && i < it->values.n ? it->values.v[i]->value : NULL;
}

static Sym *frame_column(Sym *panel) {
  for (int i = 0; i < panel->ncolumns; i++) {
    Sym *t = sym_ref_target(panel->columns[i]);
    if (t && t->decl->kind == D_FRAME) return panel->columns[i];
  }
  return NULL;
}

static void plan_variable(Plan *p, Sym *panel, const char *variable) {
  PanelPlan pp = {.panel = panel, .variable = variable};
  pp.refcol = frame_column(panel);
  pp.frame = sym_ref_target(pp.refcol);
  const Expr *aux = field_value(panel->decl, F_AUXILIARY, 0), *m = field_value(panel->decl, F_METHOD, 0);
  pp.aux = aux && aux->kind == EX_NAME ? aux->name.parts[0] : NULL;
  pp.method = m && m->kind == EX_NAME ? (PanelMethod)schema_panel_method(m->name.parts[0]) : pp.aux ? PM_SEPARATE : PM_EXPANSION;
  pp.level = field_value(panel->decl, F_LEVEL, 0);
  const char *dims[8];
  int nd = 0;
  for (int i = 0; pp.method != PM_RATIO && nd < 8 && field_value(pp.frame->decl, F_STRATA, i); i++)
    dims[nd++] = field_value(pp.frame->decl, F_STRATA, i)->name.parts[0];
  pp.gs = nd ? ev_space(p, dims, nd) : NULL;
  plan_aggregates(p, &pp);
  ARENA_PUSH(p->a, p->panels, p->npanels, p->pcap, pp);
}

void ev_plan_panels(Plan *p) {
  Module *m = p->c->main;
  for (int i = 0; i < m->nsyms; i++) {
    Sym *s = m->syms[i];
    if (s->kind != S_TABLE || s->decl->kind != D_PANEL || !frame_column(s)) continue;
    for (int k = 0; field_value(s->decl, F_ESTIMATE, k); k++) {
      const Expr *v = field_value(s->decl, F_ESTIMATE, k);
      if (v->kind == EX_NAME) plan_variable(p, s, v->name.parts[0]);
    }
  }
}

/* ---- estimating ---- */
typedef struct Sums { Num v[A__COUNT]; } Sums;   /* one stratum's aggregates (missing: 0) */

static void read_sums(Plan *p, const PanelPlan *pp, int gid, Sums *s) {
  for (int k = 0; k < A__COUNT; k++) {
    Value v = {0};
    num_init(&s->v[k]);
    ev_eval(p, pp->agg[k], gid, &v);
    if (v.k == V_NUM) num_set(&s->v[k], &v.n);
    ev_value_clear(&v);
  }
}

static void sums_clear(Sums *s) {
  for (int k = 0; k < A__COUNT; k++) num_clear(&s->v[k]);
}

static long as_long(const Num *a) {
  long v = 0;
  return num_to_long(a, &v) ? v : -1;
}

/* s²_d·(n − 1) = Σd² − (Σd)²/n for d = y − R·x */
static void spread(const Sums *s, const Num *R, Num *out) {
  Num t = NUM_INIT, sd = NUM_INIT;
  num_mul(&t, R, &s->v[A_XY]);
  num_add(&t, &t, &t);
  num_sub(out, &s->v[A_YY], &t);                   /* Σy² − 2RΣxy */
  num_mul(&t, R, R);
  num_mul(&t, &t, &s->v[A_XX]);
  num_add(out, out, &t);                           /* + R²Σx² = Σd² */
  num_mul(&sd, R, &s->v[A_Xs]);
  num_sub(&sd, &s->v[A_Y], &sd);                   /* Σd */
  num_mul(&sd, &sd, &sd);
  if (num_div(&sd, &sd, &s->v[A_n])) num_sub(out, out, &sd);
  num_clear(&t);
  num_clear(&sd);
}

/* N²(1 − n/N)/n · s²_d into var; false when n < 2. */
static bool stratum_variance(const Sums *s, const Num *R, Num *var) {
  long n = as_long(&s->v[A_n]);
  if (n < 2) return false;
  Num t = NUM_INIT, f = NUM_INIT, nm1 = NUM_INIT, one = NUM_INIT;
  spread(s, R, var);
  num_set_long(&nm1, n - 1);
  num_div(var, var, &nm1);                         /* s²_d */
  num_set_long(&one, 1);
  num_div(&f, &s->v[A_n], &s->v[A_N]);
  num_sub(&f, &one, &f);                           /* 1 − f */
  num_mul(&t, &s->v[A_N], &s->v[A_N]);
  num_mul(&t, &t, &f);
  num_div(&t, &t, &s->v[A_n]);
  num_mul(var, var, &t);
  num_clear(&t); num_clear(&f); num_clear(&nm1); num_clear(&one);
  return true;
}

typedef struct Acc2 { EstimateResult *r; Sums *s; int ns; } Acc2;

static void warn(Plan *p, const PanelPlan *pp, const char *stratum, const char *fmt_what) {
  diag_warning(p->d, pp->panel->decl->name_loc, fmt_what, pp->panel->name, pp->variable, stratum ? stratum : _("(all)"));
  p->res->warnings++;
}

/* The ratio R of stratum i (or of the whole panel for the plain ratio), by method. */
static bool ratio_of(const EstimateResult *r, const Sums *s, const Num *combined, Num *R) {
  switch (r->method) {
  case PM_EXPANSION: num_set_long(R, 0); return true;
  case PM_COMBINED: num_set(R, combined); return true;
  default: return num_div(R, &s->v[A_Y], &s->v[A_Xs]);
  }
}

/* R_C = Σ N_h ȳ_h / Σ N_h x̄_h */
static bool combined_ratio(const Acc2 *a, Num *R) {
  Num ys = NUM_INIT, xs = NUM_INIT, t = NUM_INIT;
  bool ok = true;
  for (int i = 0; i < a->ns; i++) {
    const Sums *s = &a->s[i];
    if (!num_div(&t, &s->v[A_Y], &s->v[A_n])) { ok = false; continue; }
    num_mul(&t, &t, &s->v[A_N]);
    num_add(&ys, &ys, &t);
    num_div(&t, &s->v[A_Xs], &s->v[A_n]);
    num_mul(&t, &t, &s->v[A_N]);
    num_add(&xs, &xs, &t);
  }
  ok = ok && num_div(R, &ys, &xs);
  num_clear(&ys); num_clear(&xs); num_clear(&t);
  return ok;
}

/* One stratum: its estimate and variance into the totals. */
static void stratum(Plan *p, const PanelPlan *pp, Acc2 *a, int i, const Num *combined) {
  EstimateResult *r = a->r;
  EstStratum *st = &r->strata[i];
  const Sums *s = &a->s[i];
  Num R = NUM_INIT, var = NUM_INIT, t = NUM_INIT;
  st->N = as_long(&s->v[A_N]);
  st->n = as_long(&s->v[A_n]);
  num_init(&st->X);
  num_init(&st->estimate);
  num_set(&st->X, &s->v[A_X]);
  r->N += st->N;
  r->n += st->n;
  if (st->n > st->N) {
    diag_error(p->d, pp->panel->decl->name_loc, _("panel '%s': stratum %s has %ld panel units but only %ld in the "
                                                  "base_sondage; a panel is a sample of its frame"),
               pp->panel->name, st->key ? st->key : _("(all)"), st->n, st->N);
    p->data_error = true;
  }
  st->missing = st->n <= 0 || !ratio_of(r, s, combined, &R);
  if (st->n <= 0) warn(p, pp, st->key, _("panel '%s', %s: stratum %s has no panel unit; it has no estimate, nor has the total"));
  else if (st->missing) warn(p, pp, st->key, _("panel '%s', %s: in stratum %s the auxiliary variable sums to zero; no ratio, no estimate"));
  if (!st->missing) {
    if (r->method == PM_EXPANSION) {
      num_div(&t, &s->v[A_Y], &s->v[A_n]);
      num_mul(&st->estimate, &t, &s->v[A_N]);
    } else num_mul(&st->estimate, &R, &s->v[A_X]);
    num_add(&r->estimate, &r->estimate, &st->estimate);
    if (stratum_variance(s, &R, &var)) num_add(&r->variance, &r->variance, &var);
    else {
      r->se_missing = true;
      warn(p, pp, st->key, _("panel '%s', %s: stratum %s has fewer than 2 panel units; no variance, so no interval"));
    }
  }
  if (st->missing) r->missing = true;
  num_clear(&R); num_clear(&var); num_clear(&t);
}

static const char *unit_text(Plan *p, const Sym *col) {
  const UnitExpr *u = col ? col->item->col->unit : NULL;
  if (!u) return "";
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return "";
  ast_unit_print(f, u);
  fclose(f);
  const char *s = arena_strdup(p->a, buf ? buf : "");
  free(buf);
  return s;
}

/* SE, interval and CV from the estimate and the variance. */
static void interval(EstimateResult *r, long nstrata) {
  r->df = r->n - nstrata;
  if (r->missing || r->se_missing) { r->se_missing = true; return; }
  num_sqrt(&r->se, &r->variance, 20);
  if (r->df >= 1 && num_t_quantile(&r->t, &r->level, r->df, 20)) {
    Num half = NUM_INIT;
    num_mul(&half, &r->t, &r->se);
    num_sub(&r->ci_low, &r->estimate, &half);
    num_add(&r->ci_high, &r->estimate, &half);
    num_round(&r->ci_low, &r->ci_low, 20, NUM_HALF_UP);   /* stated precision: 20 decimals */
    num_round(&r->ci_high, &r->ci_high, 20, NUM_HALF_UP);
    num_clear(&half);
  } else r->se_missing = true;
  if (!num_div(&r->cv, &r->se, &r->estimate)) num_set_long(&r->cv, 0);
  num_round(&r->cv, &r->cv, 20, NUM_HALF_UP);
}

static void estimate(Plan *p, const PanelPlan *pp, EstimateResult *r) {
  *r = (EstimateResult){.panel = pp->panel, .method = pp->method, .frame = pp->frame->name, .auxiliary = pp->aux};
  r->name = arena_printf(p->a, "%s.%s", pp->panel->name, pp->variable);
  r->label = pp->panel->decl->label;
  r->unit = unit_text(p, sym_column(pp->panel, pp->variable));
  Num *nums[] = {&r->estimate, &r->variance, &r->se, &r->ci_low, &r->ci_high, &r->cv, &r->level, &r->t};
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) num_init(nums[i]);
  Num h = NUM_INIT;   /* the level as a fraction: 95 % is 0.95 */
  if (!pp->level || pp->level->kind != EX_NUM || !num_parse_literal(&r->level, pp->level->num.text)) num_set_long(&r->level, 95);
  num_set_long(&h, 100);
  num_div(&r->level, &r->level, &h);
  num_clear(&h);
  int ng = pp->gs ? pp->gs->nkeys : 1;
  int *ids = pp->gs ? ev_sorted_groups(p, pp->gs) : NULL;
  Acc2 a = {r, calloc((size_t)ng, sizeof(Sums)), ng};
  r->strata = arena_alloc(p->a, sizeof *r->strata * (size_t)ng);
  r->nstrata = ng;
  for (int i = 0; i < ng; i++) {
    read_sums(p, pp, ids ? ids[i] : GID_TOTAL, &a.s[i]);
    if (!pp->gs) continue;
    const char *key = "";
    for (int d = 0; d < pp->gs->ndims; d++) {
      const char *t = ev_group_label(pp->gs, ids[i], d), *e = strchr(t, '\x1f');
      key = arena_printf(p->a, "%s%s%.*s", key, d ? " / " : "", (int)(e ? e - t : (long)strlen(t)), t);
    }
    r->strata[i].key = key;
  }
  Num combined = NUM_INIT;
  if (pp->method == PM_COMBINED && !combined_ratio(&a, &combined)) r->missing = true;
  for (int i = 0; i < ng; i++) stratum(p, pp, &a, i, &combined);
  interval(r, ng);
  num_clear(&combined);
  for (int i = 0; i < ng; i++) sums_clear(&a.s[i]);
  free(a.s);
}

void ev_panels(Plan *p) {
  EvalResult *r = p->res;
  r->ests = arena_alloc(p->a, sizeof *r->ests * (size_t)(p->npanels + 1));
  for (int i = 0; i < p->npanels; i++) {
    estimate(p, &p->panels[i], &r->ests[r->nests++]);
  }
}

void ev_panels_free(EvalResult *r) {
  for (int i = 0; i < r->nests; i++) {
    EstimateResult *e = &r->ests[i];
    Num *nums[] = {&e->estimate, &e->variance, &e->se, &e->ci_low, &e->ci_high, &e->cv, &e->level, &e->t};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) num_clear(nums[k]);
    for (int s = 0; s < e->nstrata; s++) { num_clear(&e->strata[s].X); num_clear(&e->strata[s].estimate); }
  }
}
