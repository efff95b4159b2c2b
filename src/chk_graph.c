/* chk_graph.c — the dependency graph of parameters, indicators, valuations, costs,
 * contrôles and bilans (edges recorded by chk_expr while checking formulas), its cycles
 * (reported with their path: a → b → a) and an evaluation order (each declaration after
 * everything it uses; declarations on a cycle are left out).
 * chk_presort checks the declarations in the order of the names their formulas read, before
 * the checker's own on-demand descent: with what a formula reads already checked, that
 * descent stays shallow however long a chain of indicators (x0 = x1 + 1, x1 = x2 + 1…). */
#include "chk_int.h"
#include "intl.h"

static bool in_graph(const Sym *s) {
  return s->kind == S_PARAM || s->kind == S_INDICATOR || s->kind == S_VALUATION || s->kind == S_COST ||
         s->kind == S_CHECK || s->kind == S_STATEMENT;
}

/* The walk keeps its own stack (a chain of thousands of declarations must not exhaust the
 * C stack): the declarations being visited, each with the index of its next dependency. */
typedef struct Walk { Chk *k; Sym **stack; int *next; int depth; } Walk;

/* The path of a cycle, a → b → … → a; past 12 names, its first and last five around "…". */
static void report_cycle(Walk *w, Sym *s) {
  int from = w->depth - 1;
  while (from > 0 && w->stack[from] != s) from--;
  int len = w->depth - from;
  const char *path = s->name;
  for (int i = from + 1; i < w->depth; i++) {
    if (len > 12 && i == from + 5) {
      path = arena_printf(w->k->a, "%s → … (%d more) …", path, len - 10);
      i = w->depth - 5;
    }
    path = arena_printf(w->k->a, "%s → %s", path, w->stack[i]->name);
  }
  path = arena_printf(w->k->a, "%s → %s", path, s->name);
  diag_error(w->k->d, s->loc, _("cycle: %s; a value cannot depend on itself, even indirectly: break the loop"), path);
}

/* Starts visiting s, unless done or already on the walk's stack (then a cycle). */
static void enter(Walk *w, Sym *s) {
  ChkSym *cs = chk_sym(w->k, s);
  if (cs->mark == 2 || cs->mark == 3) return;
  if (cs->mark == 1) { report_cycle(w, s); cs->mark = 3; return; }
  cs->mark = 1;
  w->stack[w->depth] = s;
  w->next[w->depth++] = 0;
}

/* Depth-first from root: each declaration is ordered after everything it uses. */
static void visit(Walk *w, Sym *root) {
  enter(w, root);
  while (w->depth > 0) {
    Sym *s = w->stack[w->depth - 1];
    ChkSym *cs = chk_sym(w->k, s);
    int *next = &w->next[w->depth - 1];
    if (*next < cs->ndeps) {
      Sym *d = cs->deps[(*next)++];
      if (in_graph(d)) enter(w, d);
      continue;
    }
    w->depth--;
    if (cs->mark == 1) {
      cs->mark = 2;
      ARENA_PUSH(w->k->a, w->k->order, w->k->norder, w->k->ocap, s);
    }
  }
}

void chk_graph(Chk *k) {
  int total = 0;
  for (int i = 0; i < k->c->nmods; i++) total += k->c->mods[i]->nsyms;
  Walk w = {k, arena_alloc(k->a, sizeof(Sym *) * (size_t)(total + 1)),
            arena_alloc(k->a, sizeof(int) * (size_t)(total + 1)), 0};
  for (int i = 0; i < k->c->nmods; i++)
    for (int j = 0; j < k->c->mods[i]->nsyms; j++) {
      Sym *s = k->c->mods[i]->syms[j];
      if (in_graph(s)) visit(&w, s);
    }
}

/* ---- checking order: what each formula names, read before the checker runs ---- */
typedef struct Names { const Module *m; Arena *a; Sym **v; int n, cap; } Names;

static bool name_of(const Expr *e, void *ctx) {
  Names *ns = ctx;
  if (e->kind == EX_NAME) {
    Resolved r = sym_resolve(ns->m, NULL, &e->name);
    if (r.kind == R_GLOBAL && in_graph(r.sym)) ARENA_PUSH(ns->a, ns->v, ns->n, ns->cap, r.sym);
  }
  return ast_each_child(e, name_of, ctx);   /* expressions are at most AST_MAX_DEPTH deep */
}

static void names_of_items(Names *ns, const ItemList *l) {
  for (int i = 0; i < l->n; i++) {
    const Item *it = l->v[i];
    for (int j = 0; j < it->values.n; j++) {
      const FieldValue *v = it->values.v[j];
      if (v->value) name_of(v->value, ns);
      if (v->since) name_of(v->since, ns);
    }
    if (it->leaf) name_of(it->leaf, ns);
    names_of_items(ns, &it->children);   /* trees are at most AST_MAX_DEPTH deep */
  }
}

typedef struct PreFrame { Sym *s; Sym **deps; int n, next; } PreFrame;

static bool pre_enter(Chk *k, PreFrame *st, int *depth, Sym *s) {
  ChkSym *cs = chk_sym(k, s);
  if (cs->pre || cs->state || !s->decl) return false;
  cs->pre = 1;
  Names ns = {s->mod, k->a, NULL, 0, 0};
  if (s->decl->formula) name_of(s->decl->formula, &ns);
  names_of_items(&ns, &s->decl->items);
  st[(*depth)++] = (PreFrame){s, ns.v, ns.n, 0};
  return true;
}

void chk_presort(Chk *k) {
  int total = 0;
  for (int i = 0; i < k->c->nmods; i++) total += k->c->mods[i]->nsyms;
  PreFrame *st = arena_alloc(k->a, sizeof *st * (size_t)(total + 1));
  for (int i = 0; i < k->c->nmods; i++)
    for (int j = 0; j < k->c->mods[i]->nsyms; j++) {
      Sym *root = k->c->mods[i]->syms[j];
      int depth = 0;
      if (!in_graph(root) || !pre_enter(k, st, &depth, root)) continue;
      while (depth > 0) {
        PreFrame *f = &st[depth - 1];
        if (f->next < f->n) { pre_enter(k, st, &depth, f->deps[f->next++]); continue; }
        depth--;
        chk_sym(k, f->s)->pre = 2;
        chk_symbol(k, f->s);   /* what it names is checked: no deep descent */
      }
    }
}
