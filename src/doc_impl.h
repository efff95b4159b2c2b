/* doc_impl.h — inside `pvs doc`: the document context shared by the content files (doc.c:
 * the frame, anchors, usage walks, index; doc_decl.c: one section per declaration kind).
 *
 * The content is recorded once in the project's document model (page.h: headings,
 * paragraphs, inline text/code/links/badges, code blocks, lists, property lists, tables) and
 * rendered by its Markdown or HTML renderer, which escape every piece of text, so the
 * content files never see Markdown or HTML syntax and both formats say the same thing. */
#ifndef PVS_DOC_IMPL_H
#define PVS_DOC_IMPL_H
#include "doc.h"
#include "page.h"
#include "schema.h"

/* One documented symbol and its anchor. `canon` identifies its file across compilations
 * (the same module imported by two FILEs is documented once). */
typedef struct DocSym {
  const Sym *sym; int canon; const char *anchor;
  const Sym **params; int nparams; bool params_done;   /* doc_params_used, computed once */
} DocSym;

typedef struct Doc {
  Page *w;                               /* the document being recorded */
  Arena *arena;                          /* for strings that live as long as the document */
  Module **mods; int nmods, mcap;        /* documented modules, each file once, deps first */
  int *mod_canon;                        /* canon id of mods[i] */
  Module **seen; int *seen_canon; int nseen, scap, sccap;  /* every Module* met → canon */
  const char **reals; int nreals, rcap;  /* canon id → real path */
  DocSym *syms; int nsyms, cap;          /* everything that has an anchor, in document order */
  int item_level;                        /* heading level of one declaration */
} Doc;

/* ---- doc.c: shared helpers ---- */
int doc_canon(Doc *D, const Module *m);
const char *doc_anchor(Doc *D, const Sym *s);          /* NULL when not documented */
DocSym *doc_find(Doc *D, const Sym *s);
const char *doc_expr_text(Doc *D, const Module *m, const Expr *e);   /* canonical, arena */
const char *doc_unit_text(Doc *D, const UnitExpr *u);                /* "€/m2/mois", arena */
const char *doc_field_str(const Decl *d, FieldId f);   /* a string field's text, or NULL */
const Expr *doc_field_expr(const Decl *d, FieldId f);  /* the first value of field f */
const Expr *doc_formula(const Decl *d);                /* `= formula` or `formule:` */
bool doc_multi_module(const Doc *D);
const char *doc_module_title(const Doc *D, const Module *m);    /* its name, or its path if shared */
const char *doc_module_anchor(Doc *D, const char *section, int i);   /* of D->mods[i] in a section */

/* Links to s (its label, or its name in code) when documented; else its name as code. */
void doc_link_sym(Doc *D, const Sym *s, bool by_name);
/* The "Source" property: the text, or a badge when missing or "à compléter". */
void doc_source(Doc *D, const Decl *d, bool required);
/* Every symbol `e` refers to from module m (row_table: the table in scope), in order of
 * first appearance, added to *out (no duplicates). */
void doc_refs(Doc *D, const Module *m, const Sym *row_table, const Expr *e, const Sym ***out, int *n, int *cap);
/* Every symbol the formulas of declaration s refer to directly (formula, quantity, proxy,
 * rates, condition…), in order of first appearance. Returns the count; *out in the arena. */
int doc_decl_refs(Doc *D, const Sym *s, const Sym ***out);
/* The parameters used by the expressions of declaration s, transitively through the
 * indicators, valuations and costs it refers to. */
int doc_params_used(Doc *D, const Sym *s, const Sym ***out);
/* The history of every parameter in ps: one table row per dated value; with_name: a first
 * column names the parameter (several parameters in one table). */
void doc_param_history(Doc *D, const Sym *const *ps, int n, bool with_name);

/* ---- doc_decl.c: one section per kind ---- */
void doc_section_indicators(Doc *D);
void doc_section_valuations(Doc *D);
void doc_section_tables(Doc *D);
void doc_section_params(Doc *D);
void doc_section_costs(Doc *D);
void doc_section_checks(Doc *D);
void doc_section_trees(Doc *D);
void doc_section_statements(Doc *D);
void doc_section_indices(Doc *D);
void doc_section_scenarios(Doc *D);
void doc_section_overrides(Doc *D);
void doc_section_glossary(Doc *D);
int doc_count(const Doc *D, SymKind k);
#endif
