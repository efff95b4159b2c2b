/* eval_fast.c — row-level fast paths for the aggregates' filters and number expressions.
 * They give exactly what the general evaluator (ev_eval) gives, without building Values:
 * a filter is a three-valued predicate (true, false, missing; the aggregate keeps a row only
 * when it is true), a number expression a tree of cells, constants and + − × ÷ computed in
 * place. Anything else falls back to ev_eval. */
#include "eval_int.h"
#include <string.h>

enum { P_FALSE = 0, P_TRUE = 1, P_MISSING = -1 };

static int compare_pred(Plan *p, const ENode *n) {
  Value ta, tb;
  ta.k = tb.k = V_MISSING;
  const Value *a = ev_peek(p, n->a, GID_ROW, &ta), *b = ev_peek(p, n->b, GID_ROW, &tb);
  int c = a->k == V_MISSING || b->k == V_MISSING ? 2 : ev_compare(a, b), r;
  if (c == 2) r = P_MISSING;
  else switch (n->op) {
    case OP_EQ: r = c == 0; break;
    case OP_NE: r = c != 0; break;
    case OP_LT: r = c < 0; break;
    case OP_LE: r = c <= 0; break;
    case OP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
  ev_value_clear(&ta);
  ev_value_clear(&tb);
  return r;
}

static int in_pred(Plan *p, const ENode *n) {
  Value ts, tk;
  ts.k = tk.k = V_MISSING;
  const Value *s = ev_peek(p, n->a, GID_ROW, &ts);
  int r = s->k == V_MISSING ? P_MISSING : P_FALSE;
  for (int i = 0; i < n->nargs && r == P_FALSE; i++) {
    const Value *k = ev_peek(p, n->args[i], GID_ROW, &tk);
    if (ev_compare(s, k) == 0) r = P_TRUE;
    ev_value_clear(&tk);
  }
  ev_value_clear(&ts);
  return r;
}

int ev_row_pred(Plan *p, const ENode *n) {
  switch (n->k) {
  case N_COL: case N_CONST: {
    const Value *v = n->k == N_CONST ? &n->c : n->nnav ? NULL : &n->tp->cache[n->col];
    if (v) return v->k == V_BOOL ? v->b : P_MISSING;
    break;
  }
  case N_UN:
    if (n->op == OP_NOT) { int a = ev_row_pred(p, n->a); return a == P_MISSING ? a : !a; }
    break;
  case N_BIN:
    if (n->op == OP_AND || n->op == OP_OR) {   /* as ev_eval: SQL's three-valued logic, commutative */
      int decides = n->op == OP_OR ? P_TRUE : P_FALSE;
      int a = ev_row_pred(p, n->a);
      if (a == decides) return a;
      int b = ev_row_pred(p, n->b);
      if (b == decides) return b;
      return a == P_MISSING || b == P_MISSING ? P_MISSING : !decides;
    }
    if (n->op >= OP_EQ && n->op <= OP_GE) return compare_pred(p, n);
    break;
  case N_IN: return in_pred(p, n);
  default: break;
  }
  Value t;
  t.k = V_MISSING;
  ev_eval(p, n, GID_ROW, &t);
  int r = t.k == V_BOOL ? t.b : P_MISSING;
  ev_value_clear(&t);
  return r;
}

bool ev_is_num_tree(const ENode *n) {
  switch (n->k) {
  case N_CONST: return n->c.k == V_NUM;
  case N_COL: return n->nnav == 0 && (n->tp->cols[n->col].kind == COL_DECIMAL || n->tp->cols[n->col].kind == COL_INTEGER);
  case N_UN: return n->op == OP_NEG && ev_is_num_tree(n->a);
  case N_BIN: return n->op >= OP_ADD && n->op <= OP_DIV && ev_is_num_tree(n->a) && ev_is_num_tree(n->b);
  default: return false;
  }
}

const Num *ev_row_num(Plan *p, const ENode *n, Num *tmp) {
  switch (n->k) {
  case N_CONST: return &n->c.n;
  case N_COL: { const Value *v = &n->tp->cache[n->col]; return v->k == V_NUM ? &v->n : NULL; }
  case N_UN: {
    const Num *a = ev_row_num(p, n->a, tmp);
    if (!a) return NULL;
    num_neg(tmp, a);
    return tmp;
  }
  default: break;
  }
  Num ta, tb;
  num_init(&ta); num_init(&tb);
  const Num *a = ev_row_num(p, n->a, &ta), *b = a ? ev_row_num(p, n->b, &tb) : NULL;
  const Num *r = tmp;
  if (!a || !b) r = NULL;
  else switch (n->op) {
    case OP_ADD: num_add(tmp, a, b); break;
    case OP_SUB: num_sub(tmp, a, b); break;
    case OP_MUL: num_mul(tmp, a, b); break;
    default: if (!num_div(tmp, a, b)) { p->divzero = true; r = NULL; } break;
    }
  num_clear(&ta); num_clear(&tb);
  return r;
}
