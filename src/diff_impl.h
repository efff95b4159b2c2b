/* diff_impl.h — what diff*.c share: a declaration seen as a set of named fields, each with
 * a canonical text (compared) and a display text (shown).
 *
 *   Entity  one declaration, one name of a `unité`/`partie_prenante`/`chaîne`/`territoire`
 *           list, or one `importe`; its family decides what it can be matched with
 *   Field   "formule", "colonne surface", "arbre « A » › « B »", a scénario target… */
#ifndef PVS_DIFF_IMPL_H
#define PVS_DIFF_IMPL_H
#include "ast.h"
#include "diff.h"

typedef enum Family { FAM_VALUE, FAM_UNIT, FAM_STAKEHOLDER, FAM_CHAIN, FAM_LEVEL, FAM_IMPORT } Family;

typedef struct Field { const char *key, *canon, *shown; } Field;

typedef struct Entity {
  Family fam;
  DeclKind kind;
  const char *what, *name, *label, *module;
  const Decl *decl;            /* NULL for list entries and imports */
  const NameDef *def;          /* list entries */
  const Program *prog;
  Field *fields; int nfields, cap;
  const char *body;            /* every field's canon but the label's: identity for renames */
  int partner;                 /* index of the matched entity on the other side, -1 */
} Entity;

typedef struct Side {
  const char *path;
  Entity *ents; int n, cap;
  const Decl *framework;
  const char **files; int nfiles, fcap;   /* the scripts read, in order */
} Side;

/* Renamed names: references to `from` read as `to` when the old side is made canonical. */
typedef struct Rename { const char *from, *to; } Rename;
typedef struct Renames { Rename *v; int n, cap; } Renames;

/* diff_canon.c */
/* The canonical text of e (names renamed through rn, which may be NULL): an arena string. */
const char *diff_canon_expr(Arena *a, const Expr *e, const Renames *rn);
/* e as `pvs fmt` writes it (French keywords, names as written). */
const char *diff_show_expr(Arena *a, const Expr *e, const Program *p);
/* Fills ent->fields (and body) from its declaration; rn as above. */
void diff_entity_fields(Arena *a, Entity *ent, const Renames *rn);
#endif
