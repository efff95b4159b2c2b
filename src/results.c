/* results.c — the last stage of `pvs eval`: the EvalResult (eval.h) every writer reads. A
 * value's cell in its declared unit, its unit's text and display decimals, the groups of a
 * breakdown sorted in report order and their keys, an indicator's rows, a contrôle's result
 * (its two sides as a reader reads them), the labels of stakeholders and chains, the
 * tables read; and freeing it all (eval_free). The compute_*.c files fill their parts of
 * the result with these helpers. */
#include "chk.h"
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* ---- results ---- */
static const char *unit_expr_text(Plan *p, const UnitExpr *u) {
  if (!u) return "";
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ast_unit_print(f, u);
  fclose(f);
  const char *t = arena_strdup(p->a, buf ? buf : "");
  free(buf);
  return t;
}

const char *ev_unit_text(Plan *p, const Sym *s) { return unit_expr_text(p, chk_unit_of(s)); }

/* Whether the indicator's values (its total and every group it has) are whole numbers. */
static bool all_whole(const IndPlan *ip) {
  if (ip->total.k == V_NUM && !num_is_integer(&ip->total.n)) return false;
  for (int g = 0; g < ip->ngroups; g++)
    if (ip->reached[g] && ip->groups[g].k == V_NUM && !num_is_integer(&ip->groups[g].n)) return false;
  return true;
}

/* Display decimals: the declaration's `décimales:`; else 2 for money, 1 for %; 0 for counts
 * (compte, compte_distinct) and for a quantity in one unit of things (logement, personne,
 * jour…) whose values are all whole; 2 otherwise. Only the value's own unit and values
 * decide, never another declaration (doc/evaluation.md, Arrondis). */
static int decimals_of(const IndPlan *ip) {
  const Sym *s = ip->sym;
  Item *it = schema_find(s->decl, F_DECIMALS);
  long d;
  if (it && it->values.n && it->values.v[0]->value->kind == EX_NUM) {
    Num n; num_init(&n);
    bool ok = num_parse_literal(&n, it->values.v[0]->value->num.text) && num_to_long(&n, &d);
    num_clear(&n);
    if (ok && d >= 0 && d <= 18) return (int)d;
  }
  const UnitExpr *u = chk_unit_of(s);
  if (u) {
    for (int i = 0; i < u->n; i++) if (!strcmp(u->terms[i].name, "€") || !strcmp(u->terms[i].name, "EUR")) return 2;
    if (u->n == 1 && !strcmp(u->terms[0].name, "%")) return 1;
    if (u->n == 1 && u->terms[0].exp == 1) return all_whole(ip) ? 0 : 2;
  }
  const ENode *f = ip->formula;
  if (f && f->k == N_AGG && (f->slot->agg == B_COUNT || f->slot->agg == B_COUNT_DISTINCT)) return 0;
  return 2;
}

bool ev_percent_unit(const Sym *s) {
  const UnitExpr *u = chk_unit_of(s);
  return u && u->n == 1 && !strcmp(u->terms[0].name, "%") && u->terms[0].exp == 1;
}

/* The cell of a value, in the declared unit (×100 for %). */
void ev_cell(const Value *v, bool percent, Cell *c) {
  num_init(&c->value);
  c->missing = v->k != V_NUM;
  if (c->missing) return;
  num_set(&c->value, &v->n);
  if (percent) {
    Num h; num_init(&h); num_set_long(&h, 100); num_mul(&c->value, &c->value, &h); num_clear(&h);
  }
}

const char **ev_group_key(Plan *p, const GroupSpace *gs, int gid) {
  const char **k = arena_alloc(p->a, sizeof *k * (size_t)gs->ndims);
  for (int d = 0; d < gs->ndims; d++) {
    const char *s = ev_group_label(gs, gid, d), *e = strchr(s, '\x1f');
    k[d] = e ? arena_strndup(p->a, s, (size_t)(e - s)) : s;
    if (!*k[d]) k[d] = NULL;   /* the rows whose value is missing: the group "not given" */
  }
  return k;
}

/* A number of a group key (its exact text, or a data cell's) into n; false when it is none. */
static bool key_number(Num *n, const char *s, size_t len) {
  return num_parse_cell_slow(n, s, len, '.', NULL) == NUM_OK;
}

int ev_key_compare(TerrLevel lv, KeyKind kind, const char *a, size_t alen, const char *b, size_t blen) {
  if (kind == KEY_NUMBER) {
    Num x, y;
    num_init(&x); num_init(&y);
    bool ok = key_number(&x, a, alen) && key_number(&y, b, blen);
    int c = ok ? num_cmp(&x, &y) : 0;
    num_clear(&x); num_clear(&y);
    if (c) return c;
  }   /* dates are ISO in keys: their bytes are their order */
  return territory_compare(lv, a, alen, b, blen);
}

static const GroupSpace *sort_gs;
/* Dimension by dimension, in each level's report order (ev_key_compare: numbers by value,
 * zones from A bis to C, EPCI by département then name, other codes and plain values by bytes). */
static int cmp_gid(const void *a, const void *b) {
  const char *ka = sort_gs->keys[*(const int *)a], *kb = sort_gs->keys[*(const int *)b];
  for (int d = 0; d < sort_gs->ndims; d++) {
    size_t na = strcspn(ka, "\x1f"), nb = strcspn(kb, "\x1f");
    int c = !na || !nb ? (na > 0) - (nb > 0) : ev_key_compare(sort_gs->levels[d], sort_gs->kinds[d], ka, na, kb, nb);   /* not given first */
    if (c) return c;
    ka += na + (ka[na] != 0);
    kb += nb + (kb[nb] != 0);
  }
  return 0;
}

/* Group ids of gs in report order (cmp_gid), as an arena array. */
int *ev_sorted_groups(Plan *p, const GroupSpace *gs) {
  int *ids = arena_alloc(p->a, sizeof *ids * (size_t)(gs->nkeys + 1));
  for (int i = 0; i < gs->nkeys; i++) ids[i] = i;
  sort_gs = gs;
  qsort(ids, (size_t)gs->nkeys, sizeof *ids, cmp_gid);
  return ids;
}

void ev_breakdown(Plan *p, const GroupSpace *gs, Breakdown *b) {
  b->ndims = gs ? gs->ndims : 0;
  b->dims = gs ? gs->dims : NULL;
  b->levels = gs ? gs->levels : NULL;
  b->kinds = gs ? gs->kinds : NULL;
  (void)p;
}

/* Missing values skipped by the aggregates behind a figure, for one group of gs (or the total):
 * an aggregate of the same breakdown counts that group's, any other its total. */
static long skipped_of(const SlotSet *s, const GroupSpace *gs, int gid) {
  long n = 0;
  for (int i = 0; i < s->n; i++)
    n += ev_slot_skipped(s->v[i], gid >= 0 && s->v[i]->space && s->v[i]->space->gs == gs ? gid : GID_TOTAL);
  return n;
}

void ev_indicator_result(Plan *p, IndPlan *ip, IndicatorResult *r) {
  ev_compute_indicator(p, ip);
  r->sym = ip->sym; r->name = ip->sym->name; r->label = ip->sym->decl->label;
  r->unit = ev_unit_text(p, ip->sym);
  r->decimals = decimals_of(ip);
  bool pct = ev_percent_unit(ip->sym);
  ev_breakdown(p, ip->gs, &r->by);
  int nall = ip->gs ? ip->ngroups : 0, ng = 0;
  r->rows = arena_alloc(p->a, sizeof *r->rows * (size_t)(nall + 1));
  int *ids = nall ? ev_sorted_groups(p, ip->gs) : NULL;
  SlotSet slots = {.a = p->a};
  ev_slot_set(ip->formula, &slots);
  for (int i = 0; i < nall; i++) {
    int g = ids[i];
    if (g >= ip->ngroups || !ip->reached[g]) continue;   /* only the groups of the rows it reads */
    r->rows[ng].key = ev_group_key(p, ip->gs, g);
    ev_cell(&ip->groups[g], pct, &r->rows[ng].cell);
    r->rows[ng++].skipped = skipped_of(&slots, ip->gs, g);
  }
  ev_cell(&ip->total, pct, &r->rows[ng].cell);
  r->rows[ng].skipped = skipped_of(&slots, ip->gs, GID_TOTAL);
  r->nrows = ng + 1;
}

/* ---- contrôles ---- */
const char *ev_num_text(Plan *p, const Num *n) {
  NumText t;
  num_text(&t, n);
  const char *s = arena_strndup(p->a, t.s, t.len);
  num_text_free(&t);
  return s;
}

/* Decimals of a number as written or computed, at most 6 (a literal shows as written). */
static int own_decimals(const Num *a) {
  int d = num_decimals(a);
  return d < 0 || d > 6 ? 6 : d;
}

/* One side of a compared contrôle: its value in the unit a person reads it in (31.9 %, not
 * 0.319), its unit and the decimals the report shows it with. */
static void check_side(Plan *p, const ENode *n, const Value *v, CheckSide *side) {
  const char *unit = "";
  int dec = -1;
  if (n->k == N_IND) { unit = ev_unit_text(p, n->ind->sym); dec = decimals_of(n->ind); }
  else if (n->k == N_VALUATION || n->k == N_COST) { unit = "€"; dec = 2; }
  else if (n->k == N_CONST && n->sym && n->sym->kind == S_PARAM) unit = ev_unit_text(p, n->sym);
  else if (n->k == N_CONST && n->src && n->src->kind == EX_NUM) unit = unit_expr_text(p, n->src->num.unit);
  ev_cell(v, !strcmp(unit, "%"), &side->cell);
  side->unit = unit;
  side->decimals = dec >= 0 ? dec : side->cell.missing ? 2 : own_decimals(&side->cell.value);
}

static const char *side_text(Plan *p, const CheckSide *side) {
  if (side->cell.missing) return _("(missing)");
  char buf[128];
  num_fmt_fixed(buf, sizeof buf, &side->cell.value, side->decimals, NUM_HALF_UP);
  return arena_printf(p->a, "%s%s%s", buf, *side->unit ? " " : "", side->unit);
}

void ev_check_result(Plan *p, CheckPlan *cp) {
  CheckResult *r = cp->res;
  if (!cp->cond) { r->passed = r->failures == 0; return; }
  Value v = {0};
  ev_eval(p, cp->cond, GID_TOTAL, &v);
  r->passed = v.k == V_BOOL && v.b;
  r->failures = r->passed ? 0 : 1;
  ev_value_clear(&v);
  if (cp->cond->k == N_BIN && cp->cond->op >= OP_EQ && cp->cond->op <= OP_GE) {
    Value a = {0}, b = {0};
    ev_eval(p, cp->cond->a, GID_TOTAL, &a);
    ev_eval(p, cp->cond->b, GID_TOTAL, &b);
    if (a.k == V_NUM || b.k == V_NUM || (a.k == V_MISSING && b.k == V_MISSING)) {
      r->compared = true;
      r->op = ast_op_text(cp->cond->op);
      check_side(p, cp->cond->a, &a, &r->lhs);
      check_side(p, cp->cond->b, &b, &r->rhs);
      r->detail = arena_printf(p->a, "%s %s %s", side_text(p, &r->lhs), r->op, side_text(p, &r->rhs));
    }
    ev_value_clear(&a);
    ev_value_clear(&b);
  }
}

/* The labels of stakeholders and chains (`partie_prenante état "État"`), for the reports. */
void ev_collect_labels(Plan *p) {
  EvalResult *r = p->res;
  int cap = 0;
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      const Sym *s = p->c->mods[m]->syms[i];
      if ((s->kind != S_STAKEHOLDER && s->kind != S_CHAIN) || !s->def || !s->def->label) continue;
      Label l = {s->name, s->def->label};
      ARENA_PUSH(p->a, r->labels, r->nlabels, cap, l);
    }
}

/* Plans and evaluates; the plan stays alive for explain. Returns the status. */
/* The tables whose file was read, for the report's list of sources. */
void ev_record_tables(Plan *p) {
  EvalResult *r = p->res;
  int cap = 0;
  for (int i = 0; i < p->ntables; i++) {
    const TablePlan *tp = p->tables[i];
    if (!tp->reads) continue;
    TableRead t = {tp->sym->name, tp->sym->decl ? tp->sym->decl->label : NULL, arena_strdup(p->a, tp->path), tp->rows_read,
                   tp->sha256};
    ARENA_PUSH(p->a, r->tables, r->ntables, cap, t);
  }
}

const char *ev_currency(const Module *m) {
  const char *c = m->framework ? m->framework->currency : NULL;
  return !c || !strcmp(c, "EUR") ? "€" : c;
}

static void published_free(Published *p) {
  if (!p->given) return;
  num_clear(&p->value); num_clear(&p->diff); num_clear(&p->rel);
}

void eval_free(EvalResult *r) {
  if (!r) return;
  ev_sensitivity_free(r);
  ev_panels_free(r);
  ev_indices_free(r);
  for (int i = 0; i < r->ninds; i++)
    for (int j = 0; j < r->inds[i].nrows; j++) num_clear(&r->inds[i].rows[j].cell.value);
  for (int i = 0; i < r->nvals; i++) {
    ValuationResult *v = &r->vals[i];
    num_clear(&v->deadweight); num_clear(&v->attribution); num_clear(&v->displacement);
    num_clear(&v->drop_off); num_clear(&v->rate);
    for (int k = 0; k < v->nparts; k++) num_clear(&v->parts[k].value);
    for (int j = 0; j < v->nrows; j++) {
      ValuationRow *row = &v->rows[j];
      num_clear(&row->quantity); num_clear(&row->proxy); num_clear(&row->present_value);
      for (int k = 0; k < row->nyears; k++) { num_clear(&row->impact[k]); num_clear(&row->discounted[k]); }
      for (int k = 0; k < row->nshares; k++) num_clear(&row->shares[k].value);
    }
    published_free(&v->published);
  }
  for (int i = 0; i < r->ncosts; i++) {
    CostResult *c = &r->costs[i];
    num_clear(&c->amount);
    for (int k = 0; k < c->nyears; k++) num_clear(&c->amounts[k]);
    published_free(&c->published);
  }
  for (int i = 0; i < r->nstmts; i++) {
    StatementResult *s = &r->stmts[i];
    num_clear(&s->present_value); num_clear(&s->costs); num_clear(&s->net_present_value); num_clear(&s->ratio);
    for (int k = 0; k < s->nstakeholders; k++) num_clear(&s->by_stakeholder[k].value);
    for (int k = 0; k < s->nchains; k++) num_clear(&s->by_chain[k].value);
    for (int k = 0; k < s->nlines; k++) {
      StatementLine *l = &s->lines[k];
      num_clear(&l->present_value);
      num_clear(&l->share);
      for (int y = 0; y < l->nyears; y++) { num_clear(&l->flows[y]); num_clear(&l->discounted[y]); }
    }
    sroi_conv_clear(&s->conv);
    num_clear(&s->beta);
    published_free(&s->published);
    published_free(&s->published_ratio);
  }
  for (int i = 0; i < r->nparams; i++) { num_clear(&r->params[i].value); num_clear(&r->params[i].ref_value); }
  for (int i = 0; i < r->nchecks; i++) { num_clear(&r->checks[i].lhs.cell.value); num_clear(&r->checks[i].rhs.cell.value); }
  arena_free(r->arena);
}
