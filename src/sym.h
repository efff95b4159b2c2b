/* sym.h — modules, symbols and name resolution: the part of meaning shared by the checker,
 * the evaluator, doc and explain.
 *
 * A Compilation is the main script and every module it imports (each file parsed once).
 * Each module has its own symbols, in separate namespaces (values: tables, parameters,
 * indicators…; units; stakeholders; chains; territory levels). A module sees its own
 * symbols and, transitively, those of its unqualified imports; `importe m comme x` makes
 * m's symbols visible only as `x.name`. Tables own their columns.
 *
 * sym_build() reports duplicates (naming both places) and redeclared imported names;
 * resolving names inside formulas (and reporting unknown ones) is the checker's job, using
 * sym_lookup()/sym_resolve(). Everything is allocated in the compilation's arena. */
#ifndef PVS_SYM_H
#define PVS_SYM_H
#include "ast.h"
#include "diag.h"

typedef enum SymKind {
  S_TABLE, S_PARAM, S_INDICATOR, S_VALUATION, S_COST, S_CHECK, S_TREE, S_STATEMENT, S_SCENARIO,
  S_OVERRIDE,   /* a surcharge: named like the imported parameter it gives local values to,
                   in the module's declarations but in no namespace (it declares no name) */
  S_INDEX,      /* a composite index over indicators broken down alike (compute_index.c) */
  S_UNIT, S_STAKEHOLDER, S_CHAIN, S_LEVEL, S_COLUMN, S_FRAMEWORK,
} SymKind;
typedef enum Namespace { NS_VALUE, NS_UNIT, NS_STAKEHOLDER, NS_CHAIN, NS_LEVEL, NS__COUNT } Namespace;

typedef struct Module Module;
typedef struct Sym Sym;
struct Sym {
  SymKind kind;
  const char *name;
  Loc loc;              /* where it is declared (its name) */
  Module *mod;
  Decl *decl;           /* the declaration (for list kinds: the `unité …` line) */
  NameDef *def;         /* list kinds: the entry, with its label */
  Item *item;           /* S_COLUMN: the column item */
  Sym *table;           /* S_COLUMN: its table */
  int index;            /* S_COLUMN: position among the table's columns */
  Sym **columns; int ncolumns, ccap;   /* S_TABLE */
  void *chk, *eval;     /* per-phase annotations, owned by those phases */
};

typedef struct Import { Module *mod; const char *alias; Decl *decl; } Import;
typedef struct SymMap SymMap;
struct Module {
  const char *name;     /* import name ("socle"); the main script: its path */
  const char *path;     /* file as opened */
  const char *dir;      /* its folder, for relative `source:` paths and imports */
  const char *shown;    /* the path shown to readers: as opened, or "stdlib/NAME.pvs" for a
                           module of the installed référentiel (not the machine's path) */
  bool in_stdlib;       /* found in the référentiel's stdlib/ (or beside such a module) */
  Program *prog;
  Import *imports; int nimports, icap;
  SymMap *ns[NS__COUNT];
  Sym **syms; int nsyms, scap;   /* own symbols in declaration order */
  Decl *framework;      /* its `référentiel` header, if any */
  int state;            /* loading state (cycle detection) */
};

typedef struct Compilation {
  Arena *arena;
  Diag *diag;
  Module *main;
  Module **mods; int nmods, mcap;   /* in load order: dependencies before dependents */
  void *chk;            /* the checker's results (chk.h), owned by it, in the arena */
} Compilation;

typedef enum LoadStatus { LOAD_OK, LOAD_ERRORS, LOAD_IO } LoadStatus;
/* Parses `path` and every module it imports, then builds the symbol tables.
 * LOAD_IO: a file could not be read (exit 2); LOAD_ERRORS: syntax, import or duplicate
 * errors were reported. The Compilation is always returned (for as much as was read). */
Compilation *load_compilation(Arena *a, Diag *d, const char *path, LoadStatus *st);
enum { LOAD_MAX_IMPORT_DEPTH = 64 };   /* deeper chains of imports are an error */

/* Builds the symbol tables of every module (called by load_compilation). */
void sym_build(Compilation *c);
Namespace sym_namespace(SymKind k);
const char *sym_kind_name(SymKind k);             /* "indicateur", "table"… (French) */

/* A symbol visible from module m in namespace ns, or NULL. */
Sym *sym_lookup(const Module *m, Namespace ns, const char *name);
/* A module visible as `alias` (importe … comme alias) from m, or NULL. */
Module *sym_module_alias(const Module *m, const char *alias);
/* A column of table t, or NULL. */
Sym *sym_column(const Sym *table, const char *name);
/* The referenced table of a `réf` column (visible from the column's module), or NULL. */
Sym *sym_ref_target(const Sym *column);

/* Resolution of a (possibly dotted) name in a context: module m, and the table whose row
 * is in scope (NULL outside aggregates and row-level checks). */
typedef enum ResKind { R_NONE, R_GLOBAL, R_COLUMN } ResKind;
enum { SYM_MAX_NAV = 8 };   /* réf hops in one name (a.b.c…) */
typedef struct Resolved {
  ResKind kind;
  Sym *sym;             /* R_GLOBAL: the declaration; R_COLUMN: the column finally read */
  Sym *table;           /* R_COLUMN: the table whose row is read first */
  Sym *nav[SYM_MAX_NAV]; int nnav;/* R_COLUMN: réf columns followed from that row, in order */
  int used;             /* how many parts of the path were consumed */
  int failed_part;      /* on R_NONE: index of the part that did not resolve */
  bool too_deep;        /* on R_NONE: more réf hops than SYM_MAX_NAV */
} Resolved;
Resolved sym_resolve(const Module *m, const Sym *row_table, const NamePath *p);

/* Every symbol of namespace ns visible from m (for "did you mean"); returns the count and
 * sets *out to an arena array. */
int sym_visible(const Compilation *c, const Module *m, Namespace ns, Sym ***out);
/* Edit distance between two UTF-8 strings (in characters), capped at 10. */
int sym_distance(const char *a, const char *b);
/* The closest candidate among names (distance ≤ 2, or ≤ 1 for short names), or NULL. */
const char *sym_suggest(const char *name, const char *const *cands, int n);
#endif
