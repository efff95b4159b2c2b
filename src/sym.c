/* sym.c — symbol tables and name resolution (see sym.h). */
#include "sym.h"
#include "intl.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small string → Sym* hash map (open addressing, in the arena) ---- */
struct SymMap { Sym **slots; int cap, n; };

static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static Sym *map_get(const SymMap *m, const char *name) {
  if (!m) return NULL;
  for (uint32_t i = hash(name) & (uint32_t)(m->cap - 1);; i = (i + 1) & (uint32_t)(m->cap - 1)) {
    if (!m->slots[i]) return NULL;
    if (!strcmp(m->slots[i]->name, name)) return m->slots[i];
  }
}

static void map_put(Arena *a, SymMap *m, Sym *s);
static void map_grow(Arena *a, SymMap *m) {
  SymMap old = *m;
  m->cap = old.cap ? old.cap * 2 : 16;
  m->slots = arena_alloc(a, sizeof *m->slots * (size_t)m->cap);
  m->n = 0;
  for (int i = 0; i < old.cap; i++) if (old.slots[i]) map_put(a, m, old.slots[i]);
}
static void map_put(Arena *a, SymMap *m, Sym *s) {
  if (2 * (m->n + 1) > m->cap) map_grow(a, m);
  uint32_t i = hash(s->name) & (uint32_t)(m->cap - 1);
  while (m->slots[i]) i = (i + 1) & (uint32_t)(m->cap - 1);
  m->slots[i] = s;
  m->n++;
}

/* ---- kinds ---- */
Namespace sym_namespace(SymKind k) {
  switch (k) {
  case S_UNIT: return NS_UNIT;
  case S_STAKEHOLDER: return NS_STAKEHOLDER;
  case S_CHAIN: return NS_CHAIN;
  case S_LEVEL: return NS_LEVEL;
  default: return NS_VALUE;
  }
}

const char *sym_kind_name(SymKind k) {
  static const char *names[] = {
    [S_TABLE] = "table", [S_PARAM] = "paramètre", [S_INDICATOR] = "indicateur",
    [S_VALUATION] = "valorisation", [S_COST] = "coût", [S_CHECK] = "contrôle", [S_TREE] = "arbre",
    [S_STATEMENT] = "bilan", [S_SCENARIO] = "scénario", [S_OVERRIDE] = "surcharge", [S_INDEX] = "indice", [S_UNIT] = "unité",
    [S_STAKEHOLDER] = "partie_prenante", [S_CHAIN] = "chaîne", [S_LEVEL] = "territoire",
    [S_COLUMN] = "colonne", [S_FRAMEWORK] = "référentiel",
  };
  return names[k];
}

static SymKind decl_sym_kind(DeclKind k) {
  switch (k) {
  case D_TABLE: case D_FRAME: case D_PANEL: return S_TABLE;
  case D_PARAM: return S_PARAM;
  case D_INDICATOR: return S_INDICATOR;
  case D_VALUATION: return S_VALUATION;
  case D_COST: return S_COST;
  case D_CHECK: return S_CHECK;
  case D_TREE: return S_TREE;
  case D_STATEMENT: return S_STATEMENT;
  case D_SCENARIO: return S_SCENARIO;
  case D_OVERRIDE: return S_OVERRIDE;
  case D_INDEX: return S_INDEX;
  case D_UNIT: return S_UNIT;
  case D_STAKEHOLDER: return S_STAKEHOLDER;
  case D_CHAIN: return S_CHAIN;
  case D_TERRITORY: return S_LEVEL;
  case D_CURRENCY: return S_UNIT;
  default: return S_FRAMEWORK;
  }
}

/* ---- lookups ---- */
static Sym *lookup_depth(const Module *m, Namespace ns, const char *name, int depth) {
  Sym *s = map_get(m->ns[ns], name);
  if (s || depth > 64) return s;
  for (int i = 0; i < m->nimports; i++) {
    if (m->imports[i].alias) continue;
    if ((s = lookup_depth(m->imports[i].mod, ns, name, depth + 1))) return s;
  }
  return NULL;
}

Sym *sym_lookup(const Module *m, Namespace ns, const char *name) { return lookup_depth(m, ns, name, 0); }

static Sym *lookup_imported(const Module *m, Namespace ns, const char *name) {
  for (int i = 0; i < m->nimports; i++) {
    Sym *s = sym_lookup(m->imports[i].mod, ns, name);
    if (s) return s;
  }
  return NULL;
}

Module *sym_module_alias(const Module *m, const char *alias) {
  for (int i = 0; i < m->nimports; i++)
    if (m->imports[i].alias && !strcmp(m->imports[i].alias, alias)) return m->imports[i].mod;
  return NULL;
}

Sym *sym_column(const Sym *table, const char *name) {
  if (!table || table->kind != S_TABLE) return NULL;
  for (int i = 0; i < table->ncolumns; i++)
    if (!strcmp(table->columns[i]->name, name)) return table->columns[i];
  return NULL;
}

Sym *sym_ref_target(const Sym *column) {
  if (!column || column->kind != S_COLUMN || column->item->col->kind != COL_REF) return NULL;
  const char *target = column->item->col->target, *dot = strchr(target, '.');
  Sym *t;
  if (dot) {   /* réf v.parc: a table of a module imported `comme v` */
    char alias[128];
    size_t n = (size_t)(dot - target) < sizeof alias - 1 ? (size_t)(dot - target) : sizeof alias - 1;
    memcpy(alias, target, n);
    alias[n] = 0;
    Module *m = sym_module_alias(column->mod, alias);
    t = m ? sym_lookup(m, NS_VALUE, dot + 1) : NULL;
  } else t = sym_lookup(column->mod, NS_VALUE, target);
  return t && t->kind == S_TABLE ? t : NULL;
}

/* ---- building ---- */
static Sym *new_sym(Compilation *c, Module *m, SymKind k, const char *name, Loc loc) {
  Sym *s = arena_alloc(c->arena, sizeof *s);
  s->kind = k; s->name = name; s->loc = loc; s->mod = m;
  return s;
}

static void add_sym(Compilation *c, Module *m, Sym *s) {
  if (s->kind == S_OVERRIDE) {   /* names what it overrides: the checker resolves it */
    ARENA_PUSH(c->arena, m->syms, m->nsyms, m->scap, s);
    return;
  }
  Namespace ns = sym_namespace(s->kind);
  Sym *old = map_get(m->ns[ns], s->name);
  if (old) {
    diag_error(c->diag, s->loc, _("'%s' is already declared (%s); choose another name"),
               s->name, sym_kind_name(old->kind));
    diag_note(c->diag, old->loc, _("'%s' is first declared here"), old->name);
    return;
  }
  if ((old = lookup_imported(m, ns, s->name))) {
    if (old->kind == S_PARAM && s->kind == S_PARAM)
      diag_error(c->diag, s->loc, _("'%s' is declared by the imported module '%s' and cannot be redeclared; to give it "
                                    "local values, write `surcharge %s { valeur: … ; source: \"…\" }`"),
                 s->name, old->mod->name, s->name);
    else
      diag_error(c->diag, s->loc, _("'%s' is declared by the imported module '%s' and cannot be redeclared; "
                                    "choose another name, or change its value in a scénario"),
                 s->name, old->mod->name);
    diag_note(c->diag, old->loc, _("'%s' is declared here"), old->name);
    return;
  }
  if (!m->ns[ns]) m->ns[ns] = arena_alloc(c->arena, sizeof(SymMap));
  map_put(c->arena, m->ns[ns], s);
  ARENA_PUSH(c->arena, m->syms, m->nsyms, m->scap, s);
}

static void add_columns(Compilation *c, Module *m, Sym *t) {
  for (int i = 0; i < t->decl->items.n; i++) {
    Item *it = t->decl->items.v[i];
    if (it->kind != IT_COLUMN) continue;
    const char *name = it->path.parts[0];
    Sym *old = sym_column(t, name);
    if (old) {
      diag_error(c->diag, it->path.locs[0], _("column '%s' is declared twice in table '%s'"), name, t->name);
      diag_note(c->diag, old->loc, _("'%s' is first declared here"), name);
      continue;
    }
    Sym *col = new_sym(c, m, S_COLUMN, name, it->path.locs[0]);
    col->decl = t->decl; col->item = it; col->table = t; col->index = t->ncolumns;
    ARENA_PUSH(c->arena, t->columns, t->ncolumns, t->ccap, col);
  }
}

static void build_module(Compilation *c, Module *m) {
  for (int i = 0; i < m->prog->decls.n; i++) {
    Decl *d = m->prog->decls.v[i];
    if (d->kind == D_IMPORT) continue;
    if (d->kind == D_FRAMEWORK) {
      if (m->framework) {
        diag_error(c->diag, d->kw_loc, _("a file has one 'référentiel' header; remove this one"));
        diag_note(c->diag, m->framework->kw_loc, _("the first one is here"));
      } else m->framework = d;
      continue;
    }
    SymKind k = decl_sym_kind(d->kind);
    if (d->names.n) {
      for (int j = 0; j < d->names.n; j++) {
        Sym *s = new_sym(c, m, k, d->names.v[j]->name, d->names.v[j]->loc);
        s->decl = d; s->def = d->names.v[j];
        add_sym(c, m, s);
      }
      continue;
    }
    Sym *s = new_sym(c, m, k, d->name, d->name_loc);
    s->decl = d;
    add_sym(c, m, s);
    if (k == S_TABLE) add_columns(c, m, s);
  }
}

void sym_build(Compilation *c) {
  for (int i = 0; i < c->nmods; i++) build_module(c, c->mods[i]);
}

/* ---- resolution ---- */
static Resolved navigate(Sym *table, Sym *col, const NamePath *p, int i) {
  Resolved r = {.kind = R_COLUMN, .sym = col, .table = table};
  for (; i < p->n; i++) {
    Sym *tgt = sym_ref_target(col);
    if (!tgt) break;
    Sym *next = sym_column(tgt, p->parts[i]);
    if (!next || r.nnav == SYM_MAX_NAV) return (Resolved){.kind = R_NONE, .failed_part = i, .sym = tgt, .too_deep = next != NULL};
    r.nav[r.nnav++] = col;
    col = next;
  }
  r.sym = col;
  r.used = i;
  return r;
}

Resolved sym_resolve(const Module *m, const Sym *row_table, const NamePath *p) {
  Sym *col = row_table ? sym_column(row_table, p->parts[0]) : NULL;
  if (col) return navigate((Sym *)row_table, col, p, 1);
  int off = 0;
  Sym *g = sym_lookup(m, NS_VALUE, p->parts[0]);
  if (!g) {
    Module *am = sym_module_alias(m, p->parts[0]);
    if (am && p->n >= 2) { off = 1; g = sym_lookup(am, NS_VALUE, p->parts[1]); }
    if (!g) return (Resolved){.kind = R_NONE, .failed_part = off};
  }
  if (g->kind == S_TABLE && p->n > off + 1) {
    col = sym_column(g, p->parts[off + 1]);
    if (!col) return (Resolved){.kind = R_NONE, .failed_part = off + 1, .sym = g};
    return navigate(g, col, p, off + 2);
  }
  return (Resolved){.kind = R_GLOBAL, .sym = g, .used = off + 1};
}

static void visible_rec(const Compilation *c, const Module *m, Namespace ns, Sym ***out, int *n, int *cap, int depth) {
  for (int i = 0; i < m->nsyms; i++)
    if (sym_namespace(m->syms[i]->kind) == ns) ARENA_PUSH(c->arena, *out, *n, *cap, m->syms[i]);
  if (depth > 64) return;
  for (int i = 0; i < m->nimports; i++)
    if (!m->imports[i].alias) visible_rec(c, m->imports[i].mod, ns, out, n, cap, depth + 1);
}

int sym_visible(const Compilation *c, const Module *m, Namespace ns, Sym ***out) {
  int n = 0, cap = 0;
  *out = NULL;
  visible_rec(c, m, ns, out, &n, &cap, 0);
  return n;
}

/* ---- suggestions ---- */
static int decode(const char *s, uint32_t *out, int max) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
    uint32_t c = *p++;
    if (c >= 0xC0) {
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      c &= 0x3F >> extra;
      while (extra-- && (*p & 0xC0) == 0x80) c = (c << 6) | (*p++ & 0x3F);
    }
    out[n++] = c;
  }
  return n;
}

int sym_distance(const char *a, const char *b) {
  uint32_t x[64], y[64];
  int n = decode(a, x, 64), m = decode(b, y, 64);
  if (abs(n - m) > 10) return 10;
  int row[65];
  for (int j = 0; j <= m; j++) row[j] = j;
  for (int i = 1; i <= n; i++) {
    int prev = row[0], best = row[0] = i;
    for (int j = 1; j <= m; j++) {
      int cur = row[j];
      int sub = prev + (x[i - 1] != y[j - 1]);
      int v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
      row[j] = v < sub ? v : sub;
      prev = cur;
      if (row[j] < best) best = row[j];
    }
    (void)best;
  }
  return row[m] > 10 ? 10 : row[m];
}

const char *sym_suggest(const char *name, const char *const *cands, int n) {
  uint32_t tmp[64];
  int len = decode(name, tmp, 64), limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
  const char *best = NULL;
  int bestd = limit + 1;
  for (int i = 0; i < n; i++) {
    int d = sym_distance(name, cands[i]);
    if (d < bestd && strcmp(name, cands[i])) { bestd = d; best = cands[i]; }
  }
  return best;
}
