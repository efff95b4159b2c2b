/* compute_expr.c — evaluating compiled expressions (plan_expr.c), per row inside an
 * aggregate or per group in a formula, and computing each indicator's total and groups.
 * Missing values propagate through arithmetic; a filter that is missing counts as false;
 * division by zero gives missing (said per indicator and group, an error under --strict). */
#include "eval_int.h"
#include "mem.h"
#include "chk.h"
#include "intl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

/* ---- evaluation ---- */

static void set_num(Value *out, const Num *x) {
  if (out->k != V_NUM) num_init(&out->n);
  out->k = V_NUM;
  num_set(&out->n, x);
}

static bool equal(const Value *a, const Value *b) { return ev_equal(a, b); }

/* out = a op b; out is never a or b (they are operands' values or temporaries). */
static void eval_arith(Plan *p, Op op, const Value *a, const Value *b, Value *out) {
  if (a->k != V_NUM || b->k != V_NUM) { ev_value_clear(out); return; }
  if (out->k != V_NUM) { out->k = V_NUM; num_init(&out->n); }
  bool ok = true;
  switch (op) {
  case OP_ADD: num_add(&out->n, &a->n, &b->n); break;
  case OP_SUB: num_sub(&out->n, &a->n, &b->n); break;
  case OP_MUL: num_mul(&out->n, &a->n, &b->n); break;
  case OP_DIV: ok = num_div(&out->n, &a->n, &b->n); if (!ok) p->divzero = true; break;
  default: {
    long k;
    ok = num_to_long(&b->n, &k) && k > -CHK_MAX_EXPONENT && k < CHK_MAX_EXPONENT && num_pow(&out->n, &a->n, k);
  }
  }
  if (!ok) ev_value_clear(out);
}

static void set_bool(Value *out, bool b) {
  if (out->k == V_NUM) num_clear(&out->n);
  out->k = V_BOOL;
  out->b = b;
}

static void eval_bin(Plan *p, const ENode *n, int gid, Value *out) {
  Value ta, tb;                    /* temporaries: only k matters until they are written */
  ta.k = tb.k = V_MISSING;
  const Value *a = ev_peek(p, n->a, gid, &ta), *b;
  if (n->op == OP_AND || n->op == OP_OR) {   /* SQL's three-valued logic: commutative */
    bool decides = n->op == OP_OR;            /* vrai decides ou, faux decides et */
    if (a->k == V_BOOL && a->b == decides) { set_bool(out, decides); ev_value_clear(&ta); return; }
    b = ev_peek(p, n->b, gid, &tb);
    if (b->k == V_BOOL && b->b == decides) set_bool(out, decides);
    else if (a->k != V_BOOL || b->k != V_BOOL) ev_value_clear(out);   /* missing */
    else set_bool(out, !decides);
  } else {
    b = ev_peek(p, n->b, gid, &tb);
    if (n->op >= OP_EQ && n->op <= OP_GE) {
      int c = (a->k == V_MISSING || b->k == V_MISSING) ? 2 :
              (n->op == OP_EQ || n->op == OP_NE) && a->k == V_TEXT && b->k == V_TEXT ? !ev_equal(a, b) : ev_compare(a, b);
      if (c == 2) ev_value_clear(out);
      else set_bool(out, n->op == OP_EQ ? c == 0 : n->op == OP_NE ? c != 0 : n->op == OP_LT ? c < 0 :
                          n->op == OP_LE ? c <= 0 : n->op == OP_GT ? c > 0 : c >= 0);
    } else eval_arith(p, n->op, a, b, out);
  }
  ev_value_clear(&ta);
  ev_value_clear(&tb);
}

static void eval_func(Plan *p, const ENode *n, int gid, Value *out) {
  Value a = {0}, b = {0}, c = {0};
  ev_eval(p, n->args[0], gid, &a);
  if (n->nargs > 1) ev_eval(p, n->args[1], gid, &b);
  if (n->nargs > 2) ev_eval(p, n->args[2], gid, &c);
  Num r;
  num_init(&r);
  ev_value_clear(out);
  switch (n->fn) {
  case B_DEFAULT: ev_value_copy(out, a.k == V_MISSING ? &b : &a); break;
  case B_YEAR: if (a.k == V_DATE) { num_set_long(&r, a.date / 10000); set_num(out, &r); } break;
  case B_ABS: if (a.k == V_NUM) { num_abs(&r, &a.n); set_num(out, &r); } break;
  case B_FLOOR: if (a.k == V_NUM) { num_floor(&r, &a.n); set_num(out, &r); } break;
  case B_CEIL: if (a.k == V_NUM) { num_ceil(&r, &a.n); set_num(out, &r); } break;
  case B_MIN: case B_MAX:
    if (a.k == V_NUM && b.k == V_NUM) {
      if (n->fn == B_MIN) num_min(&r, &a.n, &b.n); else num_max(&r, &a.n, &b.n);
      set_num(out, &r);
    }
    break;
  case B_ROUND: {
    long d;
    if (a.k == V_NUM && b.k == V_NUM && num_to_long(&b.n, &d) && d > -100 && d < 100) {
      num_round(&r, &a.n, (int)d, (NumRound)n->mode);
      set_num(out, &r);
    }
    break;
  }
  case B_NAME: case B_QPV_DEP: case B_LEFT: case B_SUBSTR:
    ev_code_func(n->fn, (TerrLevel)n->mode, &a, &b, n->nargs > 2 ? &c : NULL, out);
    break;
  default: break;
  }
  num_clear(&r);
  ev_value_clear(&a);
  ev_value_clear(&b);
  ev_value_clear(&c);
}

static void eval_match(Plan *p, const ENode *n, int gid, Value *out) {
  Value ts, tk;                    /* temporaries: only k matters until they are written */
  ts.k = tk.k = V_MISSING;
  const Value *s = ev_peek(p, n->a, gid, &ts);
  const ENode *hit = NULL;
  for (int i = 0; i < n->narms && !hit && s->k != V_MISSING; i++)
    for (int j = 0; j < n->arms[i].nkeys && !hit; j++) {
      if (equal(s, ev_peek(p, n->arms[i].keys[j], gid, &tk))) hit = n->arms[i].val;
      ev_value_clear(&tk);
    }
  if (!hit && s->k != V_MISSING) hit = n->other;
  ev_value_clear(&ts);
  if (hit) ev_eval(p, hit, gid, out); else ev_value_clear(out);
}

static void eval_in(Plan *p, const ENode *n, int gid, Value *out) {
  Value ts = {0}, tk = {0};
  const Value *s = ev_peek(p, n->a, gid, &ts);
  bool found = false;
  for (int i = 0; i < n->nargs && !found && s->k != V_MISSING; i++) {
    const Value *k = ev_peek(p, n->args[i], gid, &tk);
    found = equal(s, k);
    ev_value_clear(&tk);
  }
  if (s->k == V_MISSING) ev_value_clear(out); else set_bool(out, found);
  ev_value_clear(&ts);
}

static void eval_col(Plan *p, const ENode *n, Value *out) {
  if (n->nnav == 0) { ev_row_value(p, n->tp, n->col, out); return; }
  TablePlan *tp;
  long row;
  if (!ev_nav(p, n, &tp, &row)) { ev_value_clear(out); return; }
  ev_value_copy(out, &tp->stored[n->col][row]);
}

/* A level derived from the row's territory column (zone_abc, département…): static text. */
static void eval_terr(Plan *p, const ENode *n, Value *out) {
  Value c = {0};
  eval_col(p, n->a, &c);
  const char *s = c.k == V_TEXT ? ev_terr_derive(&n->derive, c.s, c.len) : NULL;
  ev_value_clear(&c);
  ev_value_clear(out);
  if (s) { out->k = V_TEXT; out->s = s; out->len = strlen(s); }
}

void ev_eval(Plan *p, const ENode *n, int gid, Value *out) {
  switch (n->k) {
  case N_CONST: ev_value_copy(out, &n->c); return;
  case N_COL: eval_col(p, n, out); return;
  case N_TERR: eval_terr(p, n, out); return;
  case N_UN: {
    Value a = {0};
    ev_eval(p, n->a, gid, &a);
    if (n->op == OP_NOT) { if (a.k == V_BOOL) set_bool(out, !a.b); else ev_value_clear(out); }
    else if (a.k == V_NUM) { Num r; num_init(&r); num_neg(&r, &a.n); set_num(out, &r); num_clear(&r); }
    else ev_value_clear(out);
    ev_value_clear(&a);
    return;
  }
  case N_BIN: eval_bin(p, n, gid, out); return;
  case N_IF: {
    Value c = {0};
    ev_eval(p, n->a, gid, &c);
    if (c.k == V_BOOL) ev_eval(p, c.b ? n->b : n->e3, gid, out); else ev_value_clear(out);
    ev_value_clear(&c);
    return;
  }
  case N_MATCH: eval_match(p, n, gid, out); return;
  case N_IN: eval_in(p, n, gid, out); return;
  case N_FUNC: eval_func(p, n, gid, out); return;
  case N_AGG: {
    long skipped;
    ev_slot_result(p, n->slot, gid, out, &skipped);
    return;
  }
  case N_IND: {
    IndPlan *ip = n->ind;
    if (gid == GID_ROW && n->space) gid = ev_rs(p, n->space)->gid;   /* inside an aggregate: the row's group */
    else if (gid >= 0 && ip->gs && n->ctx_gs != ip->gs) { ev_value_clear(out); return; }   /* never another breakdown's group */
    ev_compute_indicator(p, ip);
    if (gid >= 0 && ip->gs && (gid >= ip->ngroups || !ip->reached[gid])) { ev_value_clear(out); return; }   /* no such group */
    ev_value_copy(out, gid >= 0 && ip->gs ? &ip->groups[gid] : &ip->total);
    return;
  }
  case N_VALUATION: {   /* its total present value, computed now if need be */
    ev_value_clear(out);
    ValPlan *vp = n->sym->eval;
    if (!vp || vp->slot < 0) return;
    ev_valuation_compute(p, vp);
    const ValuationResult *vr = &p->res->vals[vp->slot];
    if (vr->nrows && !vr->rows[vr->nrows - 1].missing) set_num(out, &vr->rows[vr->nrows - 1].present_value);
    return;
  }
  case N_COST:   /* its amount (over all its years), from its own compiled formulas */
    ev_value_clear(out);
    for (int i = 0; i < p->ncosts; i++)
      if (p->cost_syms[i] == n->sym) ev_cost_total(p, i, out);
    return;
  }
}

/* ---- indicators ---- */
const char *ev_group_label(const GroupSpace *gs, int gid, int dim) {
  const char *k = gs->keys[gid];
  for (int d = 0; d < dim; d++) { k = strchr(k, '\x1f'); if (!k) return ""; k++; }
  return k;
}

/* "département 59", "département 59, zone A": a group as words for messages. */
static const char *group_words(Plan *p, const GroupSpace *gs, int g) {
  const char *s = NULL;
  for (int d = 0; d < gs->ndims; d++) {
    const char *v = ev_group_label(gs, g, d), *e = strchr(v, '\x1f');
    int n = e ? (int)(e - v) : (int)strlen(v);
    if (!n) { v = _("not given"); n = (int)strlen(v); }
    s = arena_printf(p->a, "%s%s%s %.*s", s ? s : "", s ? ", " : "", gs->dims[d], n, v);
  }
  return s ? s : "";
}

/* Computes the indicator's total and its groups, once: everything it reads is complete by
 * then (the passes are ordered by stage), so are the groups its rows reach. Only those
 * groups are computed: a group that only another table's rows reach is not its own. */
void ev_compute_indicator(Plan *p, IndPlan *ip) {
  if (ip->state) return;   /* done, or on a cycle (the checker reports it) */
  ip->state = 1;
  int ng = ip->gs ? ip->gs->nkeys : 0;
  ip->groups = mem_calloc((size_t)ng + 1, sizeof *ip->groups);
  ip->ngroups = ng;
  SlotSet slots = {.a = p->a};
  ev_slot_set(ip->formula, &slots);
  ip->reached = ev_reached_groups(&slots, ip->gs, ng);
  for (int g = -1; g < ng && !ip->no_value; g++) {   /* no_value: every value stays missing */
    if (g >= 0 && !ip->reached[g]) continue;
    p->divzero = false;
    p->novalue = NULL;
    Value *v = g < 0 ? &ip->total : &ip->groups[g];
    ev_eval(p, ip->formula, g < 0 ? GID_TOTAL : g, v);
    const char *group = g < 0 ? _("the total") : group_words(p, ip->gs, g);
    if (!p->divzero && p->novalue && v->k == V_MISSING) {   /* an aggregate over nothing: not a division */
      diag_warning(p->d, ip->sym->loc, _("indicator '%s' has no value for %s: its %s over table '%s' has nothing to "
                                         "work on (no row, or only missing values)"),
                   ip->sym->name, group, schema_builtin(p->novalue->agg)->fr, p->novalue->tp->sym->name);
      p->res->warnings++;
    }
    if (!p->divzero) continue;
    if (p->o->strict) {
      diag_error(p->d, ip->sym->loc, _("division by zero in indicator '%s' for %s"), ip->sym->name, group);
      p->script_error = true;
    } else {
      diag_warning(p->d, ip->sym->loc, _("division by zero in indicator '%s' for %s: the value is left empty"), ip->sym->name, group);
      p->res->warnings++;
    }
  }
  ip->state = 2;
}
