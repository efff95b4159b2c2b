/* scan_fast.c — row-level fast paths for the aggregates' filters and number expressions.
 * They give exactly what the general evaluator (ev_eval) gives, without building Values:
 * a filter is a three-valued predicate (true, false, missing; the aggregate keeps a row only
 * when it is true), a number expression a tree of cells, constants and + − × ÷ computed in
 * place. Anything else falls back to ev_eval. */
#include "eval_int.h"
#include <string.h>

enum { P_FALSE = 0, P_TRUE = 1, P_MISSING = -1 };

/* Clears a temporary that ev_peek filled (it leaves it untouched for a constant or a cell,
 * the common operands: no call then). */
static inline void drop(Value *tmp) {
  if (tmp->k != V_MISSING) ev_value_clear(tmp);
}

/* Two texts equal (ev_equal's test, without a call to memcmp for one byte). */
static inline bool text_eq(const Value *a, const Value *b) {
  return a->len == b->len && (!a->len || (a->s[0] == b->s[0] && (a->len == 1 || !memcmp(a->s + 1, b->s + 1, a->len - 1))));
}

/* A value equal to a constant: ev_equal, texts compared in place. */
static inline bool equal_const(const Value *v, const Value *c) {
  return v->k == V_TEXT && c->k == V_TEXT ? text_eq(v, c) : ev_equal(v, c);
}

/* Whether comparison operator op holds for c = cmp(a, b) (<0, 0, >0). */
static int holds(Op op, int c) {
  switch (op) {
  case OP_EQ: return c == 0;
  case OP_NE: return c != 0;
  case OP_LT: return c < 0;
  case OP_LE: return c <= 0;
  case OP_GT: return c > 0;
  default: return c >= 0;
  }
}

/* A comparison of two numbers computed in place (défaut(x, 0) >= 2015). */
static int compare_nums(Plan *p, const ENode *n) {
  Num ta, tb;
  num_init(&ta); num_init(&tb);
  const Num *a = ev_row_num(p, n->a, &ta), *b = ev_row_num(p, n->b, &tb);
  int r = P_MISSING;
  if (a && b) {
    int c = num_cmp(a, b);
    r = holds(n->op, c);
  }
  num_clear(&ta); num_clear(&tb);
  return r;
}

static int compare_pred(Plan *p, const ENode *n) {
  if (n->a->num && n->b->num && (n->a->k > N_COL || n->b->k > N_COL)) return compare_nums(p, n);
  Value ta, tb;
  ta.k = tb.k = V_MISSING;
  const Value *a = ev_peek(p, n->a, GID_ROW, &ta), *b = ev_peek(p, n->b, GID_ROW, &tb);
  int c = a->k == V_MISSING || b->k == V_MISSING ? 2 :
          a->k == V_NUM && b->k == V_NUM ? num_cmp(&a->n, &b->n) :   /* ev_compare's, inline */
          (n->op == OP_EQ || n->op == OP_NE) && a->k == V_TEXT && b->k == V_TEXT ? !text_eq(a, b) : ev_compare(a, b), r;
  if (c == 2) r = P_MISSING;
  else r = holds(n->op, c);
  drop(&ta);
  drop(&tb);
  return r;
}

static int in_pred(Plan *p, const ENode *n) {
  Value ts, tk;
  ts.k = tk.k = V_MISSING;
  const Value *s = ev_peek(p, n->a, GID_ROW, &ts);
  int r = s->k == V_MISSING ? P_MISSING : P_FALSE;
  for (int i = 0; i < n->nargs && r == P_FALSE; i++) {
    if (n->args[i]->k == N_CONST) {   /* the usual list: constants, compared in place */
      if (equal_const(s, &n->args[i]->c)) r = P_TRUE;
      continue;
    }
    const Value *k = ev_peek(p, n->args[i], GID_ROW, &tk);
    if (ev_equal(s, k)) r = P_TRUE;
    drop(&tk);
  }
  drop(&ts);
  return r;
}

int ev_row_pred(Plan *p, const ENode *n) {
  switch (n->k) {
  case N_COL: case N_CONST: {
    const Value *v = n->k == N_CONST ? &n->c : n->nnav ? NULL : &ev_rt(p, n->tp)->cache[n->col];
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

static bool match_of_nums(const ENode *n) {
  if (n->a->k != N_COL && n->a->k != N_TERR) return false;
  for (int i = 0; i < n->narms; i++) {
    for (int j = 0; j < n->arms[i].nkeys; j++) if (n->arms[i].keys[j]->k != N_CONST) return false;
    if (!ev_is_num_tree(n->arms[i].val)) return false;
  }
  return !n->other || ev_is_num_tree(n->other);
}

bool ev_is_num_tree(const ENode *n) {
  switch (n->k) {
  case N_CONST: return n->c.k == V_NUM;
  case N_COL: return n->nnav == 0 && (n->tp->cols[n->col].kind == COL_DECIMAL || n->tp->cols[n->col].kind == COL_INTEGER);
  case N_UN: return n->op == OP_NEG && ev_is_num_tree(n->a);
  case N_BIN: return n->op >= OP_ADD && n->op <= OP_DIV && ev_is_num_tree(n->a) && ev_is_num_tree(n->b);
  case N_FUNC: return n->fn == B_DEFAULT && n->nargs == 2 && ev_is_num_tree(n->args[0]) && ev_is_num_tree(n->args[1]);
  case N_MATCH: return match_of_nums(n);
  default: return false;
  }
}

bool ev_no_div(const ENode *n) {
  switch (n->k) {
  case N_CONST: case N_COL: return true;
  case N_UN: return ev_no_div(n->a);
  case N_BIN: return n->op != OP_DIV && ev_no_div(n->a) && ev_no_div(n->b);
  case N_FUNC: return n->nargs == 2 && ev_no_div(n->args[0]) && ev_no_div(n->args[1]);   /* défaut */
  case N_MATCH:                     /* selon on a cell (a territory is looked up: not so) */
    if (n->a->k != N_COL || (n->other && !ev_no_div(n->other))) return false;
    for (int i = 0; i < n->narms; i++) if (!ev_no_div(n->arms[i].val)) return false;
    return true;
  default: return false;
  }
}

/* défaut(a, b): a if known, else b. b is computed even when a is known when it may divide,
 * as ev_eval does (b's division by zero is counted); when it cannot (ENode.nodiv), computing
 * it would change nothing, and it is skipped. */
static const Num *default_num(Plan *p, const ENode *n, Num *tmp) {
  const Num *a = ev_row_num(p, n->args[0], tmp);
  if (a && n->args[1]->nodiv) return a;
  Num tb;
  num_init(&tb);
  const Num *b = ev_row_num(p, n->args[1], &tb), *r = a ? a : b;
  if (r == &tb) { num_set(tmp, &tb); r = tmp; }
  num_clear(&tb);
  return r;
}

/* selon on a cell: the value of the first arm with a key equal to the cell, else autre. */
static const Num *match_num(Plan *p, const ENode *n, Num *tmp) {
  Value ts;
  ts.k = V_MISSING;
  const Value *s = ev_peek(p, n->a, GID_ROW, &ts);
  const ENode *hit = NULL;
  for (int i = 0; i < n->narms && !hit && s->k != V_MISSING; i++)
    for (int j = 0; j < n->arms[i].nkeys && !hit; j++)
      if (equal_const(s, &n->arms[i].keys[j]->c)) hit = n->arms[i].val;
  if (!hit && s->k != V_MISSING) hit = n->other;
  ev_value_clear(&ts);
  return hit ? ev_row_num(p, hit, tmp) : NULL;
}

const Num *ev_row_num(Plan *p, const ENode *n, Num *tmp) {
  switch (n->k) {
  case N_CONST: return &n->c.n;
  case N_COL: { const Value *v = &ev_rt(p, n->tp)->cache[n->col]; return v->k == V_NUM ? &v->n : NULL; }
  case N_UN: {
    const Num *a = ev_row_num(p, n->a, tmp);
    if (!a) return NULL;
    num_neg(tmp, a);
    return tmp;
  }
  case N_FUNC: return default_num(p, n, tmp);
  case N_MATCH: return match_num(p, n, tmp);
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

/* ---- number trees as flat programs ---- */
/* Postfix: operands pushed on a small stack of int64 values and scales, + − × applied to
 * the top two, under the conditions of the inline fast paths of num_add, num_sub and num_mul
 * (same scales to add; scales summing to at most NUM_SCALE_MAX to multiply; no overflow),
 * so the value is theirs. Anything else (a big value, an overflow) hands the tree to
 * ev_row_num. A missing cell makes the result missing wherever it is (ev_row_num's too:
 * without a division nothing else can happen on the way). */
enum { PROG_MAX = 32, PROG_DEPTH = 16 };
typedef enum { PO_CELL, PO_CONST, PO_ADD, PO_SUB, PO_MUL } ProgOp;
typedef struct NumOp { ProgOp k; int col; int64_t v; int32_t scale; } NumOp;
struct NumProg { int n; NumOp op[]; };

/* Appends n's operations to ops[*k…]; depth: the stack's height before them. */
static bool emit(const TablePlan *tp, const ENode *n, NumOp *ops, int *k, int depth) {
  if (*k == PROG_MAX || depth == PROG_DEPTH) return false;
  NumOp *o = &ops[*k];
  switch (n->k) {
  case N_CONST:
    if (n->c.k != V_NUM || n->c.n.big) return false;
    *o = (NumOp){PO_CONST, 0, n->c.n.v, n->c.n.scale};
    break;
  case N_COL:
    if (n->nnav || n->tp != tp) return false;
    *o = (NumOp){PO_CELL, n->col, 0, 0};
    break;
  case N_BIN:
    if (n->op != OP_ADD && n->op != OP_SUB && n->op != OP_MUL) return false;
    if (!emit(tp, n->a, ops, k, depth) || !emit(tp, n->b, ops, k, depth + 1) || *k == PROG_MAX) return false;
    ops[*k] = (NumOp){n->op == OP_ADD ? PO_ADD : n->op == OP_SUB ? PO_SUB : PO_MUL, 0, 0, 0};
    break;
  default: return false;
  }
  ++*k;
  return true;
}

NumProg *ev_num_prog(Plan *p, const TablePlan *tp, const ENode *n) {
  NumOp ops[PROG_MAX];
  int k = 0;
  if (n->k != N_BIN || !emit(tp, n, ops, &k, 0)) return NULL;
  NumProg *g = arena_alloc(p->a, sizeof *g + sizeof *ops * (size_t)k);
  g->n = k;
  memcpy(g->op, ops, sizeof *ops * (size_t)k);
  return g;
}

const Num *ev_prog_num(Plan *p, const NumProg *g, const Value *cells, const ENode *n, Num *tmp) {
  int64_t v[PROG_DEPTH];
  int32_t s[PROG_DEPTH];
  int sp = 0;
  for (const NumOp *o = g->op, *end = o + g->n; o < end; o++) {
    if (o->k == PO_CONST) { v[sp] = o->v; s[sp++] = o->scale; continue; }
    if (o->k == PO_CELL) {
      const Value *c = &cells[o->col];
      if (c->k != V_NUM) return NULL;
      if (c->n.big) return ev_row_num(p, n, tmp);
      v[sp] = c->n.v; s[sp++] = c->n.scale;
      continue;
    }
    sp--;
    bool over;
    if (o->k == PO_MUL) {
      s[sp - 1] += s[sp];
      over = s[sp - 1] > NUM_SCALE_MAX || __builtin_mul_overflow(v[sp - 1], v[sp], &v[sp - 1]);
    } else {
      over = s[sp - 1] != s[sp] || (o->k == PO_ADD ? __builtin_add_overflow(v[sp - 1], v[sp], &v[sp - 1])
                                                   : __builtin_sub_overflow(v[sp - 1], v[sp], &v[sp - 1]));
    }
    if (over) return ev_row_num(p, n, tmp);
  }
  if (tmp->big) num_clear(tmp);
  tmp->v = v[0];
  tmp->scale = s[0];
  return tmp;
}
