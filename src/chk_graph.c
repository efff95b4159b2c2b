/* chk_graph.c — the dependency graph of parameters, indicators, valuations, costs,
 * contrôles and bilans (edges recorded by chk_expr while checking formulas), its cycles
 * (reported with their path: a → b → a) and an evaluation order (each declaration after
 * everything it uses; declarations on a cycle are left out). */
#include "chk_int.h"
#include "intl.h"

static bool in_graph(const Sym *s) {
  return s->kind == S_PARAM || s->kind == S_INDICATOR || s->kind == S_VALUATION || s->kind == S_COST ||
         s->kind == S_CHECK || s->kind == S_STATEMENT;
}

typedef struct Walk { Chk *k; Sym **stack; int depth; } Walk;

static void report_cycle(Walk *w, Sym *s) {
  int from = w->depth - 1;
  while (from > 0 && w->stack[from] != s) from--;
  const char *path = s->name;
  for (int i = from + 1; i < w->depth; i++) path = arena_printf(w->k->a, "%s → %s", path, w->stack[i]->name);
  path = arena_printf(w->k->a, "%s → %s", path, s->name);
  diag_error(w->k->d, s->loc, _("cycle: %s; a value cannot depend on itself, even indirectly: break the loop"), path);
}

static void visit(Walk *w, Sym *s) {
  ChkSym *cs = chk_sym(w->k, s);
  if (cs->mark == 2 || cs->mark == 3) return;
  if (cs->mark == 1) { report_cycle(w, s); cs->mark = 3; return; }
  cs->mark = 1;
  w->stack[w->depth++] = s;
  for (int i = 0; i < cs->ndeps; i++) if (in_graph(cs->deps[i])) visit(w, cs->deps[i]);
  w->depth--;
  if (cs->mark == 1) {
    cs->mark = 2;
    ARENA_PUSH(w->k->a, w->k->order, w->k->norder, w->k->ocap, s);
  }
}

void chk_graph(Chk *k) {
  int total = 0;
  for (int i = 0; i < k->c->nmods; i++) total += k->c->mods[i]->nsyms;
  Walk w = {k, arena_alloc(k->a, sizeof(Sym *) * (size_t)(total + 1)), 0};
  for (int i = 0; i < k->c->nmods; i++)
    for (int j = 0; j < k->c->mods[i]->nsyms; j++) {
      Sym *s = k->c->mods[i]->syms[j];
      if (in_graph(s)) visit(&w, s);
    }
}
