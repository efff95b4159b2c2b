/* schema.h — what each declaration kind accepts (fields.def), the words its choice fields
 * take (choices.def) and the built-in functions (builtins.def), with their French,
 * unaccented and English names. One list each; the checker, the evaluator, fmt and doc all
 * read these tables. */
#ifndef PVS_SCHEMA_H
#define PVS_SCHEMA_H
#include "ast.h"

enum {  /* declaration kinds, as bits */
  FK_TABLE = 1 << D_TABLE, FK_PARAM = 1 << D_PARAM, FK_INDICATOR = 1 << D_INDICATOR,
  FK_VALUATION = 1 << D_VALUATION, FK_COST = 1 << D_COST, FK_CHECK = 1 << D_CHECK,
  FK_TREE = 1 << D_TREE, FK_STATEMENT = 1 << D_STATEMENT, FK_SCENARIO = 1 << D_SCENARIO,
  FK_OVERRIDE = 1 << D_OVERRIDE,
  FK_FRAME = 1 << D_FRAME, FK_PANEL = 1 << D_PANEL, FK_INDEX = 1 << D_INDEX,
  FK_TABLES = FK_TABLE | FK_FRAME | FK_PANEL,   /* every declaration read from a data file */
  FK_ALL = FK_TABLES | FK_PARAM | FK_INDICATOR | FK_VALUATION | FK_COST | FK_CHECK | FK_TREE |
           FK_STATEMENT | FK_SCENARIO | FK_OVERRIDE | FK_INDEX,
};
typedef enum FieldValueKind {
  FV_STRING,        /* "text" */
  FV_INT,           /* whole number */
  FV_EXPR,          /* a formula */
  FV_EXPRS,         /* formulas, one per year (a coût's montant: 100 €, 120 €) */
  FV_DATED,         /* value [depuis DATE], repeatable */
  FV_PERCENT,       /* a number in %, or a parameter in % */
  FV_YEARS,         /* a whole number of years (3 an) */
  FV_YEAR,          /* a year of a timeline, counted from 1 (début: 2) */
  FV_NUMBER,        /* a plain number known before reading the data (bêta: 0.5) */
  FV_CHOICE,        /* one of the field's words (choices.def) */
  FV_STAKEHOLDERS,  /* name [share %], … */
  FV_CHAIN,         /* a declared chaîne */
  FV_DIMS,          /* breakdown: columns or territory levels */
  FV_TABLE,         /* a table name */
  FV_NAMES,         /* declared names, … */
  FV_RANGE,         /* low, high: a parameter's uncertainty range (--plage) */
  FV_WORD,          /* one word of a fixed list (méthode: ratio_séparé): the declaration's checker */
  FV_NAMED,         /* indicator NUMBER, …: an indice's poids and cibles (the declaration's checker) */
} FieldValueKind;
enum { FF_MULTI = 1, FF_REQ_PARAM = 2, FF_REQ_INDICATOR = 4, FF_REQ_VALUATION = 8, FF_REQ_COST = 16, FF_REQ_OVERRIDE = 32, FF_REQ_INDEX = 64 };

typedef enum FieldId {
#define FIELD(id, fr, plain, en, kinds, value, flags) id,
#include "fields.def"
#undef FIELD
  F__COUNT
} FieldId;

typedef struct FieldInfo {
  const char *fr, *plain, *en;
  unsigned kinds;
  FieldValueKind value;
  unsigned flags;
} FieldInfo;
const FieldInfo *schema_field(FieldId f);
FieldId schema_field_lookup(const char *name);          /* any spelling; F__COUNT if none */
bool schema_field_required(FieldId f, DeclKind k);
/* The field the one-line form `KIND name = formula` fills (valeur, formule, montant,
 * condition), or F__COUNT when the kind has no one-line form. */
FieldId schema_one_line_field(DeclKind k);

/* The first field `f` of a block declaration, or NULL (ignores dotted scenario targets). */
Item *schema_find(const Decl *d, FieldId f);
/* The n-th occurrence (0-based) of field f, or NULL. */
Item *schema_find_nth(const Decl *d, FieldId f, int n);
/* The `valeur` of d (a paramètre or a surcharge) in force at `date` (packed yyyymmdd): the
 * one whose `depuis` is the latest not after the date, an undated one applying from the
 * beginning (doc/checker.md, dated values); NULL when none is (the one-line `= value` form
 * is the caller's). */
const FieldValue *schema_value_at(const Decl *d, long date);
/* The earliest `depuis` of d's values ("2024-01-01"), or NULL. */
const char *schema_first_since(const Decl *d);

typedef enum ChoiceId {
#define CHOICE(id, field, fr, plain, en) id,
#include "choices.def"
#undef CHOICE
  C__COUNT
} ChoiceId;
typedef struct ChoiceInfo { FieldId field; const char *fr, *plain, *en; } ChoiceInfo;
const ChoiceInfo *schema_choice(ChoiceId c);
/* The word `name` (any spelling) of field f, or C__COUNT. */
ChoiceId schema_choice_lookup(FieldId f, const char *name);

typedef enum BuiltinClass { BC_AGG, BC_FUNC, BC_DUAL } BuiltinClass;
typedef enum BuiltinId {
#define BUILTIN(id, fr, plain, en, cls, mn, mx) id,
#include "builtins.def"
#undef BUILTIN
  B__COUNT
} BuiltinId;
typedef struct BuiltinInfo { const char *fr, *plain, *en; BuiltinClass cls; int min_args, max_args; } BuiltinInfo;
const BuiltinInfo *schema_builtin(BuiltinId b);
BuiltinId schema_builtin_lookup(const char *name);       /* any spelling; B__COUNT if none */

/* The estimators of a panel (`méthode:`, panel.md): expansion (Horvitz–Thompson under simple
 * random sampling), ratio (one ratio over the whole panel), separate ratio (one per
 * stratum), combined ratio (one ratio of stratified estimates). */
typedef enum PanelMethod { PM_EXPANSION, PM_RATIO, PM_SEPARATE, PM_COMBINED, PM__COUNT } PanelMethod;
/* Any spelling (expansion, ratio, ratio_séparé/separate_ratio, ratio_combiné/combined_ratio);
 * -1 when none. */
int schema_panel_method(const char *name);
const char *schema_panel_method_name(PanelMethod m);   /* the French spelling */

/* Rounding-mode names for arrondi's third argument: returns 0..4 (NumRound order:
 * half-up, half-even, truncate, floor, ceiling) or -1. */
int schema_rounding_lookup(const char *name);
#endif
