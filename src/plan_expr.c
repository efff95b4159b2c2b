/* plan_expr.c — compiling the checked program's expressions into ENode trees (eval_int.h):
 * columns (maybe through réf), indicators, valuations, coûts and parameters (plan_param.c)
 * placed; aggregates turned into slots shared by their signature, their filters and row
 * expressions into the table's shared expressions; constants folded. Compiling reads what
 * the checker annotated on each expression (Expr.ann: the resolved name, the literal's
 * value, the built-in): it never resolves a name nor parses a literal again, and what a
 * successful check rules out is asserted (PVS_ASSERT), not reported. Also the indicators
 * planned (ev_indicator: their breakdown, --by where every table can give it), the walk over
 * a tree's children (ev_each_kid) and the aggregates a formula reads. Evaluating the trees
 * is compute_expr.c's. */
#include "eval_int.h"
#include "mem.h"
#include "chk.h"
#include "intl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

static ENode *node(Plan *p, NKind k, Loc loc) {
  ENode *n = arena_alloc(p->a, sizeof *n);
  n->k = k; n->loc = loc;
  num_init(&n->c.n);
  ARENA_PUSH(p->a, p->nodes, p->nnodes, p->ncap, n);   /* their constants are cleared at the end */
  return n;
}

ENode *ev_missing_const(Plan *p, Loc loc) { return node(p, N_CONST, loc); }

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
bool ev_is_percent_unit(const UnitExpr *u) {
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
  n->nodiv = n->num && ev_no_div(n);
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
    return ev_missing_const(p, e->loc);
  }
  return ev_missing_const(p, e->loc);
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
  ip->formula = f ? ev_compile(p, &cx, f) : ev_missing_const(p, s->loc);
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
