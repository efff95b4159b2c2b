/* eval_expr.c — compiling expressions (parameters chosen for the date and scénario, columns
 * and aggregates placed in the tables' passes, constants folded) and evaluating them, per
 * row inside an aggregate or per group in a formula. Missing values propagate through
 * arithmetic; a filter that is missing counts as false; division by zero gives missing.
 * Compiling reads what the checker annotated on each expression (Expr.ann: the resolved
 * name, the literal's value, the built-in): it never resolves a name nor parses a literal
 * again, and what a successful check rules out is asserted (PVS_ASSERT), not reported. */
#include "eval_int.h"
#include "mem.h"
#include "chk.h"
#include "intl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

/* ---- values ---- */
void ev_value_clear(Value *v) {
  if (v->k == V_NUM) num_clear(&v->n);
  v->k = V_MISSING;
}

/* dst = src (deep); dst must be a Value whose k is set (its Num is read only when V_NUM). */
void ev_value_copy(Value *dst, const Value *src) {
  if (src->k != V_NUM) {
    if (dst->k == V_NUM) num_clear(&dst->n);
    *dst = *src;
    num_init(&dst->n);
    return;
  }
  if (dst->k != V_NUM) num_init(&dst->n);
  Num keep = dst->n;
  *dst = *src;
  dst->n = keep;
  if (!src->n.big && !keep.big) dst->n = src->n;
  else num_set(&dst->n, &src->n);
}

static ENode *node(Plan *p, NKind k, Loc loc) {
  ENode *n = arena_alloc(p->a, sizeof *n);
  n->k = k; n->loc = loc;
  num_init(&n->c.n);
  ARENA_PUSH(p->a, p->nodes, p->nnodes, p->ncap, n);   /* their constants are cleared at the end */
  return n;
}

static ENode *missing_const(Plan *p, Loc loc) { return node(p, N_CONST, loc); }

bool ev_is_constant(const ENode *n) { return n->k == N_CONST; }

/* ---- signatures (identity of aggregates, for sharing) ---- */
typedef struct Buf { char *s; size_t n, cap; Arena *a; } Buf;
static void put(Buf *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l + 1 > b->cap) {
    size_t cap = (b->n + l + 1) * 2;
    char *ns = arena_alloc(b->a, cap);
    if (b->s) memcpy(ns, b->s, b->n);
    b->s = ns; b->cap = cap;
  }
  memcpy(b->s + b->n, s, l + 1);
  b->n += l;
}

/* The identity of a compiled tree: what it reads (tables, columns, réf hops, indicators,
 * parameters) and computes, not how it was written nor in which module: two aggregates of
 * the same meaning are one, wherever they are written. */
static void sig_node(Buf *b, const ENode *n);

static bool sig_kid(const ENode *kid, void *ctx) { sig_node(ctx, kid); return true; }

static void sig_node(Buf *b, const ENode *n) {
  char tmp[160];
  if (!n) { put(b, "_"); return; }
  snprintf(tmp, sizeof tmp, "(%d %d %d %d %p %p %p %p %p %d %d %d %d", (int)n->k, (int)n->op, (int)n->fn, n->mode, (void *)n->sym,
           (void *)n->ind, (void *)n->slot, (void *)n->tp, (void *)n->space, n->col, n->nnav, (int)n->derive.from, (int)n->derive.to);
  put(b, tmp);
  for (int i = 0; i < n->nnav; i++) { snprintf(tmp, sizeof tmp, " %d:%p", n->nav[i], (void *)n->navtp[i]); put(b, tmp); }
  if (n->k == N_CONST) {
    snprintf(tmp, sizeof tmp, " %d %d %ld %zu ", (int)n->c.k, (int)n->c.b, n->c.date, n->c.len);
    put(b, tmp);
    if (n->c.k == V_NUM) { NumText nt = {0}; put(b, num_text(&nt, &n->c.n)); num_text_free(&nt); }
    if (n->c.k == V_TEXT) for (size_t i = 0; i < n->c.len; i++) { snprintf(tmp, sizeof tmp, "%02x", (unsigned char)n->c.s[i]); put(b, tmp); }
  }
  snprintf(tmp, sizeof tmp, " %d %d %d", n->narms, n->nargs, n->other != NULL);
  put(b, tmp);
  for (int i = 0; i < n->narms; i++) { snprintf(tmp, sizeof tmp, " [%d", n->arms[i].nkeys); put(b, tmp); }
  ev_each_kid(n, sig_kid, b);
  put(b, ")");
}

/* ---- literals ---- */
static bool is_percent_unit(const UnitExpr *u) {
  return u && u->n == 1 && !strcmp(u->terms[0].name, "%") && u->terms[0].exp == 1;
}

static ENode *compile_num(Plan *p, const CCtx *cx, const Expr *e) {
  PVS_ASSERT(e->ann.kind == ANN_LITERAL);
  ENode *n = node(p, N_CONST, e->loc);
  n->c.k = V_NUM;
  if (!e->ann.big) n->c.n = e->ann.num;   /* a fast value: a plain copy */
  else {
    bool ok = num_parse_literal(&n->c.n, e->num.text);   /* (the checker parsed it) */
    PVS_ASSERT(ok);
  }
  if (e->ann.percent || (!e->num.unit && cx->bare_percent)) {
    Num hundred;
    num_init(&hundred);
    num_set_long(&hundred, 100);
    num_div(&n->c.n, &n->c.n, &hundred);
    num_clear(&hundred);
  }
  return n;
}

static ENode *compile_date(Plan *p, const Expr *e) {
  PVS_ASSERT(e->ann.kind == ANN_LITERAL);
  ENode *n = node(p, N_CONST, e->loc);
  n->c.k = V_DATE;
  n->c.date = e->ann.date;
  return n;
}

/* ---- names ---- */
/* Column `col` of the row of `table` (the row in scope: the checker read the name there),
 * through the réf columns nav[0..nnav). */
static ENode *compile_column(Plan *p, const CCtx *cx, const Expr *e, const Sym *table, Sym *const *nav, int nnav, Sym *col) {
  PVS_ASSERT(cx->row && table == cx->row->sym);
  ENode *n = node(p, N_COL, e->loc);
  n->tp = cx->row;
  TablePlan *cur = cx->row;
  for (int i = 0; i < nnav; i++) {
    n->nav[i] = ev_column_use(p, cur, nav[i], i > 0);
    TablePlan *tgt = ev_table(p, sym_ref_target(nav[i]));
    tgt->indexed = true;
    n->navtp[i] = tgt;
    ev_table_dep(p, cur, tgt);
    cur = tgt;
  }
  n->nnav = nnav;
  n->col = ev_column_use(p, cur, col, nnav > 0);
  return n;
}

static ENode *compile_global(Plan *p, const CCtx *cx, const Expr *e, Sym *s) {
  ENode *n;
  /* in a row: inside an aggregate or a row-level contrôle, whose compiling sets cur_slot */
  PVS_ASSERT(!cx->row || s->kind == S_PARAM || p->cur_slot);
  /* the checker's global_value accepts no other kind of declaration as a value */
  PVS_ASSERT(s->kind == S_PARAM || s->kind == S_INDICATOR || s->kind == S_VALUATION || s->kind == S_COST);
  switch (s->kind) {
  case S_PARAM:
    ev_param_value(p, s, cx->mod, cx->row, &n, NULL);
    if (n->k == N_CONST) {   /* a node of its own, so that explain can name the parameter */
      ENode *c = node(p, N_CONST, e->loc);
      ev_value_copy(&c->c, &n->c);
      c->sym = s;
      return c;
    }
    return n;
  case S_INDICATOR: {
    Slot *in = p->cur_slot;           /* compiling the indicator may compile other aggregates */
    p->cur_slot = NULL;
    n = node(p, N_IND, e->loc);
    n->ind = ev_indicator(p, s);
    p->cur_slot = in;
    if (cx->row && n->ind->gs) n->space = ev_table_space(p, cx->row, n->ind->gs);   /* the row's own group */
    n->ctx_gs = cx->gs;
    break;
  }
  case S_VALUATION: n = node(p, N_VALUATION, e->loc); n->sym = s; break;
  default: n = node(p, N_COST, e->loc); n->sym = s; break;
  }
  if (cx->row) ARENA_PUSH(p->a, p->cur_slot->refs, p->cur_slot->nrefs, p->cur_slot->rcap, n);  /* a later pass */
  return n;
}

/* A territory level the row's table has no column for but derives from one (zone_abc from
 * the commune), or NULL. */
static ENode *compile_derived(Plan *p, const CCtx *cx, const Expr *e) {
  TerrDerive d;
  int i = cx->row && e->name.n == 1 ? ev_terr_source(cx->row->sym, territory_level(e->name.parts[0]), &d) : -1;
  PVS_ASSERT(i >= 0);   /* the checker's chk_derives: the row's table has a territoire column giving it */
  ENode *col = node(p, N_COL, e->loc);
  col->tp = cx->row;
  col->col = ev_column_use(p, cx->row, cx->row->sym->columns[i], false);
  if (d.to == TERR_OTHER) return col;
  ENode *n = node(p, N_TERR, e->loc);
  n->a = col;
  n->derive = d;
  return n;
}

static ENode *compile_name(Plan *p, const CCtx *cx, const Expr *e) {
  const ExprAnn *a = &e->ann;
  switch (a->kind) {
  case ANN_COLUMN: return compile_column(p, cx, e, a->table, a->nav, a->nnav, a->sym);
  case ANN_GLOBAL: return compile_global(p, cx, e, a->sym);
  case ANN_ROW_NAME: {   /* in a parameter's value: the column of that name of the row it is read in */
    PVS_ASSERT(cx->row);   /* the checker's param_rows: the parameter is read inside such a row */
    Sym *col = sym_column(cx->row->sym, e->name.parts[0]);
    if (col) return compile_column(p, cx, e, cx->row->sym, NULL, 0, col);
    return compile_derived(p, cx, e);
  }
  default:
    PVS_ASSERT(a->kind == ANN_DERIVED);
    return compile_derived(p, cx, e);
  }
}

/* ---- aggregates ---- */
static bool plain_col(const ENode *n) { return n && n->k == N_COL && n->nnav == 0; }

/* Spots the filters and expressions that just read a cell of the row (most of them), so
 * that the pass can skip the general evaluator for them. */
static void classify(Slot *s) {
  s->fkind = !s->filter ? 0 : plain_col(s->filter) ? 1 :
             s->filter->k == N_UN && s->filter->op == OP_NOT && plain_col(s->filter->a) ? 2 : 3;
  s->fcol = s->fkind == 1 ? s->filter->col : s->fkind == 2 ? s->filter->a->col : -1;
  s->ekind = !s->expr ? 0 : plain_col(s->expr) ? 1 : ev_is_num_tree(s->expr) ? 3 : 2;
  s->ecol = s->ekind == 1 ? s->expr->col : -1;
}

/* The entry of tp->shared for the compiled tree n of identity sig (added if new). */
static int shared_expr(Plan *p, TablePlan *tp, const ENode *n, const char *sig) {
  for (int i = 0; i < tp->nshared; i++)
    if (!strcmp(tp->shared[i].sig, sig)) return i;
  SharedExpr e = {.n = n, .sig = sig, .pstamp = -1, .vstamp = -1, .nstamp = -1};
  num_init(&e.num);
  ARENA_PUSH(p->a, tp->shared, tp->nshared, tp->shcap, e);
  return tp->nshared - 1;
}

/* The identity of a compiled tree, as text in the plan's arena. */
static const char *node_sig(Plan *p, const ENode *n) {
  Buf b = {NULL, 0, 0, p->a};
  sig_node(&b, n);
  return b.s;
}

static Slot *slot_for(Plan *p, const CCtx *cx, BuiltinId agg, TablePlan *tp, const Expr *filter, const Expr *expr) {
  Slot *s = arena_alloc(p->a, sizeof *s);
  s->agg = agg; s->tp = tp;
  CCtx rc = {cx->mod, tp, NULL, false, cx->owner};
  Slot *outer = p->cur_slot;
  p->cur_slot = s;
  s->filter = filter ? ev_compile(p, &rc, filter) : NULL;
  s->expr = expr ? ev_compile(p, &rc, expr) : NULL;
  p->cur_slot = outer;
  const char *fsig = node_sig(p, s->filter), *esig = node_sig(p, s->expr);
  const char *sig = arena_printf(p->a, "%d|%s|%s|%s", (int)agg, cx->gs ? cx->gs->sig : "", fsig, esig);
  for (int i = 0; i < tp->nslots; i++)
    if (!strcmp(tp->slots[i]->sig, sig)) return tp->slots[i];   /* the same aggregate: shared */
  s->sig = sig;
  num_init(&s->total.sum);
  s->space = cx->gs ? ev_table_space(p, tp, cx->gs) : NULL;
  if (s->space) s->sidx = s->space->nslots++;
  classify(s);
  s->fshared = s->fkind == 3 ? shared_expr(p, tp, s->filter, fsig) : -1;
  s->eshared = s->ekind >= 2 ? shared_expr(p, tp, s->expr, esig) : -1;
  ARENA_PUSH(p->a, tp->slots, tp->nslots, tp->slcap, s);
  return s;
}

/* The table of an aggregate call (`T` or `T où c` first), as the checker annotated it, or
 * NULL when e is no aggregate. */
static Sym *agg_table(const Expr *e, const Expr **filter) {
  *filter = NULL;
  if (e->kind != EX_CALL || e->ann.kind != ANN_CALL || !e->ann.agg) return NULL;
  const Expr *arg = e->call.args.v[0];
  if (arg->kind == EX_WHERE) { *filter = arg->where.cond; arg = arg->where.table; }
  return arg->ann.kind == ANN_TABLE ? arg->ann.sym : NULL;
}

static ENode *compile_agg(Plan *p, const CCtx *cx, const Expr *e, BuiltinId b) {
  const Expr *filter;
  Sym *t = agg_table(e, &filter);
  PVS_ASSERT(t);   /* the checker's aggregate(): the first argument names a table */
  /* the checker refuses an aggregate inside an aggregate or a row-level contrôle, written
   * there or in the value of a parameter read there (chk_param_aggs) */
  PVS_ASSERT(!cx->row);
  ENode *n = node(p, N_AGG, e->loc);
  const Expr *expr = e->call.args.n > 1 ? e->call.args.v[1] : NULL;
  n->slot = slot_for(p, cx, b, ev_table(p, t), filter, expr);
  return n;
}

/* A word argument (arrondi's mode, nom's level), as the checker read it. */
static int word(const Expr *e) {
  PVS_ASSERT(e->ann.kind == ANN_WORD);
  return e->ann.word;
}

static ENode *fold(Plan *p, ENode *n);

static ENode *compile_call(Plan *p, const CCtx *cx, const Expr *e) {
  PVS_ASSERT(e->ann.kind == ANN_CALL);   /* the checker's chk_call: a known function, with its arity */
  BuiltinId b = (BuiltinId)e->ann.fn;
  if (e->ann.agg) return compile_agg(p, cx, e, b);
  ENode *n = node(p, N_FUNC, e->loc);
  n->fn = b;
  int nargs = e->call.args.n;
  if (b == B_ROUND && nargs == 3) { n->mode = word(e->call.args.v[2]); nargs = 2; }
  if (b == B_NAME && nargs == 2) { n->mode = word(e->call.args.v[1]); nargs = 1; }   /* nom(code, commune): a word */
  n->args = arena_alloc(p->a, sizeof *n->args * (size_t)(nargs + 1));
  CCtx plain = *cx;
  plain.bare_percent = false;
  for (int i = 0; i < nargs; i++)   /* values, except arrondi's decimals and année's date */
    n->args[i] = ev_compile(p, (b == B_ROUND && i == 1) || b == B_YEAR || b == B_LEFT || b == B_SUBSTR ? &plain : cx,
                            e->call.args.v[i]);
  n->nargs = nargs;
  if (b == B_NAME && e->call.args.n == 1) n->mode = (int)ev_node_level(n->args[0]);
  return fold(p, n);
}

/* ---- operators ---- */
static ENode *compile_match(Plan *p, const CCtx *cx, const Expr *e) {
  ENode *n = node(p, N_MATCH, e->loc);
  CCtx subject = *cx;
  subject.bare_percent = false;
  n->a = ev_compile(p, &subject, e->match.subject);
  n->arms = arena_alloc(p->a, sizeof *n->arms * (size_t)(e->match.arms.n + 1));
  for (int i = 0; i < e->match.arms.n; i++) {
    const MatchArm *arm = e->match.arms.v[i];
    if (arm->other) { n->other = ev_compile(p, cx, arm->value); continue; }
    NArm *na = &n->arms[n->narms++];
    na->keys = arena_alloc(p->a, sizeof *na->keys * (size_t)(arm->keys.n + 1));
    CCtx kc = *cx;
    kc.bare_percent = false;
    for (int j = 0; j < arm->keys.n; j++) na->keys[na->nkeys++] = ev_compile(p, &kc, arm->keys.v[j]);
    na->val = ev_compile(p, cx, arm->value);
  }
  return fold(p, n);
}

static ENode *compile(Plan *p, const CCtx *cx, const Expr *e);

/* Compiles e in context cx; the node remembers the expression it comes from (explain). */
ENode *ev_compile(Plan *p, const CCtx *cx, const Expr *e) {
  ENode *n = compile(p, cx, e);
  if (!n->src) n->src = e;
  n->num = ev_is_num_tree(n);
  return n;
}

/* A parameter's bare numbers take its unit where they are values, with the checker's rule
 * (chk_expr.c, doc/langage.md § 4): the value itself, the terms of + and −, a negation, a si
 * branch, a selon arm, the arguments of min, max, défaut, abs, plancher, plafond and
 * arrondi's first; not factors, divisors, exponents, comparisons, conditions, selon keys,
 * dans items, aggregates' arguments, arrondi's decimals: in `60 % * 2` the 2 is 2. */
static ENode *compile(Plan *p, const CCtx *cx, const Expr *e) {
  ENode *n;
  CCtx plain = *cx;
  plain.bare_percent = false;
  switch (e->kind) {
  case EX_NUM: return compile_num(p, cx, e);
  case EX_STR: n = node(p, N_CONST, e->loc); n->c.k = V_TEXT; n->c.s = e->str; n->c.len = strlen(e->str); return n;
  case EX_BOOL: n = node(p, N_CONST, e->loc); n->c.k = V_BOOL; n->c.b = e->boolean; return n;
  case EX_DATE: return compile_date(p, e);
  case EX_NAME: return compile_name(p, cx, e);
  case EX_CALL: return compile_call(p, cx, e);
  case EX_MATCH: return compile_match(p, cx, e);
  case EX_UNARY:
    n = node(p, N_UN, e->loc); n->op = e->un.op; n->a = ev_compile(p, cx, e->un.e);
    return fold(p, n);
  case EX_BINARY: {
    const CCtx *ops = e->bin.op == OP_ADD || e->bin.op == OP_SUB ? cx : &plain;
    n = node(p, N_BIN, e->loc); n->op = e->bin.op;
    n->a = ev_compile(p, ops, e->bin.l); n->b = ev_compile(p, ops, e->bin.r);
    return fold(p, n);
  }
    return fold(p, n);
  case EX_IF:
    n = node(p, N_IF, e->loc);
    n->a = ev_compile(p, &plain, e->ifx.cond); n->b = ev_compile(p, cx, e->ifx.then); n->e3 = ev_compile(p, cx, e->ifx.els);
    return fold(p, n);
  case EX_IN:
    n = node(p, N_IN, e->loc);
    n->a = ev_compile(p, &plain, e->in.subject);
    n->args = arena_alloc(p->a, sizeof *n->args * (size_t)(e->in.items.n + 1));
    for (int i = 0; i < e->in.items.n; i++) n->args[n->nargs++] = ev_compile(p, &plain, e->in.items.v[i]);
    return fold(p, n);
  case EX_WHERE:   /* the checker accepts `T où c` only as an aggregate's first argument */
    PVS_ASSERT(e->kind != EX_WHERE);
    return missing_const(p, e->loc);
  }
  return missing_const(p, e->loc);
}

bool ev_each_kid(const ENode *n, ENodeFn fn, void *ctx) {
  const ENode *kids[4] = {n->a, n->b, n->e3, n->other};
  for (int i = 0; i < 4; i++) if (kids[i] && !fn(kids[i], ctx)) return false;
  for (int i = 0; i < n->nargs; i++) if (!fn(n->args[i], ctx)) return false;
  for (int i = 0; i < n->narms; i++) {
    for (int j = 0; j < n->arms[i].nkeys; j++) if (!fn(n->arms[i].keys[j], ctx)) return false;
    if (!fn(n->arms[i].val, ctx)) return false;
  }
  return true;
}

static bool collect_slots(const ENode *n, void *ctx) {
  SlotSet *s = ctx;
  if (n->k == N_AGG) {
    for (int i = 0; i < s->n; i++) if (s->v[i] == n->slot) return true;
    ARENA_PUSH(s->a, s->v, s->n, s->cap, n->slot);
    return true;
  }
  if (n->k == N_IND) {
    for (int i = 0; i < s->nseen; i++) if (s->seen[i] == n->ind) return true;
    ARENA_PUSH(s->a, s->seen, s->nseen, s->scap, n->ind);
    return collect_slots(n->ind->formula, s);
  }
  return ev_each_kid(n, collect_slots, s);
}

void ev_slot_set(const ENode *n, SlotSet *s) { if (n) collect_slots(n, s); }

unsigned char *ev_reached_groups(const SlotSet *s, const GroupSpace *gs, int ng) {
  unsigned char *r = mem_calloc((size_t)ng + 1, 1);
  for (int i = 0; i < s->n; i++) {
    Slot *sl = s->v[i];
    if (!sl->space || sl->space->gs != gs) continue;
    for (int g = 0; g < ng; g++) if (!r[g] && ev_slot_rows(sl, g) > 0) r[g] = 1;
  }
  return r;
}

static bool is_const_kid(const ENode *n, void *ctx) { (void)ctx; return n->k == N_CONST; }

/* Folds a node whose operands are all constants into a constant; not a division by zero,
 * left to be evaluated (and reported, as for any other) where its indicator is. */
static ENode *fold(Plan *p, ENode *n) {
  if (!ev_each_kid(n, is_const_kid, NULL)) return n;
  ENode *c = node(p, N_CONST, n->loc);
  bool divzero = p->divzero;
  p->divzero = false;
  ev_eval(p, n, GID_TOTAL, &c->c);
  bool zero = p->divzero;
  p->divzero = divzero;
  return zero ? n : c;
}

/* ---- evaluation ---- */

static void set_num(Value *out, const Num *x) {
  if (out->k != V_NUM) num_init(&out->n);
  out->k = V_NUM;
  num_set(&out->n, x);
}

/* -1, 0, 1 as a <, =, > b; 2 when they cannot be compared (different kinds, missing). */
int ev_compare(const Value *a, const Value *b) {
  if (a->k == V_NUM && b->k == V_NUM) return num_cmp(&a->n, &b->n);
  if (a->k == V_TEXT && b->k == V_TEXT) {
    size_t m = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, m);
    return c ? (c > 0) - (c < 0) : (a->len > b->len) - (a->len < b->len);
  }
  if (a->k == V_DATE && b->k == V_DATE) return (a->date > b->date) - (a->date < b->date);
  if (a->k == V_BOOL && b->k == V_BOOL) return (int)a->b - (int)b->b;
  return 2;   /* incomparable */
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

/* ---- parameters ---- */
typedef struct ParamCache { ENode *node; bool no_value, used; } ParamCache;

static bool unit_is_percent(const UnitExpr *u) { return is_percent_unit(u); }

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
  pc->node = missing_const(p, param->loc);
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

/* ---- --by: only where every table can give the dimension ---- */
static const Expr *formula_of(const Decl *d) {
  if (d->formula) return d->formula;
  Item *it = schema_find(d, F_FORMULA);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

typedef struct ByCtx { const Module *m; const char *dim; int depth; } ByCtx;

static bool by_child(const Expr *e, void *ctx) {
  const ByCtx *c = ctx;
  return ev_by_possible(c->m, e, c->dim, c->depth);
}

/* Whether every table that e aggregates, directly or through the indicators it reads, in
 * any kind of sub-expression (selon, dans, si, a filter…), can give dim. */
bool ev_by_possible(const Module *m, const Expr *e, const char *dim, int depth) {
  if (!e) return true;
  if (depth > 1000) return false;   /* (indicators form no cycle: the checker refuses them) */
  if (e->kind == EX_NAME) {
    if (e->ann.kind == ANN_GLOBAL && e->ann.sym->kind == S_INDICATOR)
      return ev_by_possible(e->ann.sym->mod, formula_of(e->ann.sym->decl), dim, depth + 1);
    return true;
  }
  const Expr *filter;
  Sym *t = agg_table(e, &filter);
  if (t && !ev_dim_possible(t, dim, 0)) return false;
  ByCtx c = {m, dim, depth};
  return ast_each_child(e, by_child, &c);
}

/* ---- indicators ---- */
/* An imported indicator left out (its tables have no data file) that a declaration of the
 * main script reads after all: its tables become required (a missing file is then an
 * error, as for the script's own tables), and it is computed. */
static bool require_tables(const ENode *n, void *ctx) {
  if (n->k == N_AGG && n->slot && n->slot->tp) n->slot->tp->required = true;
  if (n->k == N_IND && n->ind->skip) {
    n->ind->skip = false;
    require_tables(n->ind->formula, ctx);
  }
  return ev_each_kid(n, require_tables, ctx);
}

/* An indicator planned before: what reads it is left out with it, or requires its tables. */
static IndPlan *indicator_again(Plan *p, IndPlan *ip) {
  if (ip->skip && p->owner_required) {
    ip->skip = false;
    require_tables(ip->formula, p);
  }
  if (ip->skip) p->hit_unavailable = true;
  if (ip->no_value) p->hit_no_value = true;
  return ip;
}

IndPlan *ev_indicator(Plan *p, Sym *s) {
  if (s->eval) return indicator_again(p, s->eval);
  IndPlan *ip = arena_alloc(p->a, sizeof *ip);
  s->eval = ip;
  ip->sym = s;
  Item *by = schema_find(s->decl, F_BY);
  const char **dims = arena_alloc(p->a, sizeof *dims * (size_t)((by ? by->values.n : 0) + 1));
  int nd = 0;
  if (p->o->by && ev_by_possible(s->mod, formula_of(s->decl), p->o->by, 0)) { dims[nd++] = p->o->by; p->by_used++; }
  else if (by)
    for (int i = 0; i < by->values.n; i++) {
      Expr *v = by->values.v[i]->value;
      if (v->kind == EX_NAME) dims[nd++] = v->name.parts[v->name.n - 1];
    }
  ip->gs = nd ? ev_space(p, dims, nd) : NULL;
  bool req = p->owner_required, hit = p->hit_unavailable, nov = p->hit_no_value;
  p->owner_required = req || s->mod == p->c->main;
  p->hit_unavailable = p->hit_no_value = false;
  const Expr *f = formula_of(s->decl);
  CCtx cx = {s->mod, NULL, ip->gs, false, s};
  ip->pt0 = ev_params_begin(p);
  ip->formula = f ? ev_compile(p, &cx, f) : missing_const(p, s->loc);
  ip->pt1 = ev_params_end(p);
  ip->skip = p->hit_unavailable && !p->owner_required;
  /* a parameter without a value at the date empties the whole indicator, not only the rows
   * that read it (a sum over the other rows would be a wrong figure, not a missing one) */
  ip->no_value = p->hit_no_value;
  p->owner_required = req;
  p->hit_unavailable = hit || ip->skip;
  p->hit_no_value = nov || ip->no_value;
  ARENA_PUSH(p->a, p->inds, p->ninds, p->icap, ip);
  return ip;
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
