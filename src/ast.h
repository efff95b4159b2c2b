/* ast.h — the syntax tree of a pvs script: the whole data model of the front end.
 *
 * Every node lives in the compilation's arena (arena.h) and carries its source span (Loc).
 * The parser records what was written, not what it means: numbers keep their lexeme, names
 * are unresolved, and which fields a declaration kind accepts is the checker's business.
 * The checker then annotates every expression it accepts (Expr.ann: the resolved name, the
 * parsed literal, the built-in function, the type), so that later phases read the meaning
 * instead of working it out again. Lists are arena arrays with a count.
 *
 *   Program  = Decl*  (+ the comments of the file, for fmt)
 *   Decl     = header (kind, name, label, unit) + either a one-line formula or a block of Items
 *   Item     = field (`name: value, value…`), table column (`name: décimal €/mois optionnel`),
 *              tree node (`"label" { … }`), tree leaf (`"label": expr`, or a bare name)
 *   Expr     = literals, names, operators, si/selon/dans, calls, `T où cond` (aggregate arg)
 */
#ifndef PVS_AST_H
#define PVS_AST_H
#include "arena.h"
#include "diag.h"
#include "num.h"
#include <stdbool.h>
#include <stdio.h>

/* Keywords, from keywords.def: KW_FRAMEWORK, KW_VERSION, … */
typedef enum KwId {
#define KW(tok, fr, plain, en) KW_##tok,
#include "keywords.def"
#undef KW
  KW__COUNT
} KwId;
typedef enum KwLang { LANG_FR, LANG_EN } KwLang;
const char *ast_keyword(KwId k, KwLang lang);           /* spelling in that language */
/* Looks `s` (n bytes) up among every spelling; returns KW__COUNT when not a keyword. */
KwId ast_keyword_lookup(const char *s, size_t n);

typedef struct Expr Expr;
typedef struct Item Item;
typedef struct Decl Decl;

/* ---- units as written: a product of atoms with integer exponents ---- */
typedef struct UnitTerm { const char *name; int exp; Loc loc; } UnitTerm;   /* "€", "%", "m2" */
typedef struct UnitExpr { UnitTerm *terms; int n, cap; Loc loc; } UnitExpr;

/* ---- expressions ---- */
typedef enum ExprKind {
  EX_NUM,    /* 12.5, 13000 €, 25 [€/m2/mois]            num */
  EX_STR,    /* "text" (escapes decoded)                   str */
  EX_BOOL,   /* vrai / faux                                boolean */
  EX_DATE,   /* 2024-12-31                                 str (the lexeme) */
  EX_NAME,   /* a, t.col, v.nb_logements                   name */
  EX_UNARY,  /* -x, non x                                  un */
  EX_BINARY, /* a + b, a et b, a <= b …                    bin */
  EX_IF,     /* si c alors a sinon b                       ifx */
  EX_MATCH,  /* selon x { "k": v, autre: w }               match */
  EX_IN,     /* x dans ("F", "G")                          in */
  EX_CALL,   /* f(a, b)                                    call */
  EX_WHERE,  /* T où cond — only as an aggregate argument   where */
} ExprKind;

typedef enum Op {
  OP_NEG, OP_NOT,
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW,
  OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
  OP_AND, OP_OR,
} Op;

typedef struct ExprList { Expr **v; int n, cap; } ExprList;
typedef struct MatchArm { ExprList keys; Expr *value; bool other; Loc loc; } MatchArm;  /* other: `autre` */
typedef struct ArmList { MatchArm **v; int n, cap; } ArmList;
typedef struct NamePath { const char **parts; Loc *locs; int n, cap; } NamePath;

/* An expression deeper than this is refused where it is written ("nested too deeply"), so
 * that every pass may recurse on expressions with a bounded stack. Long chains of an
 * associative operator (+, *, et, ou) do not count against it: past AST_CHAIN_FLAT operands
 * they are built balanced (depth log n), the subtrees so grouped marked `implicit`. */
#define AST_MAX_DEPTH 1000
#define AST_CHAIN_FLAT 64
typedef struct AstChain AstChain;   /* a chain being parsed (ast.c) */

/* What the checker found an expression to mean (chk*.c fills it for every expression it
 * accepts; the evaluator, explain and sql read it instead of resolving or parsing again).
 * The parser leaves it zero (ANN_NONE). An annotation is right in every context its
 * expression is compiled in: a name is resolved in the module of the declaration that
 * holds it, which is where every phase reads it; the only name whose meaning depends on
 * where it is read — a column named in a row-dependent parameter's value (`selon type`),
 * read inside aggregates over different tables — is ANN_ROW_NAME, keyed by the table whose
 * row the parameter is read in: the evaluator takes that table's column of that name (or
 * the level it derives). A literal's annotation holds its value as written (a % literal
 * keeps `percent`; a bare number in a % parameter's value is divided where it is compiled,
 * as that depends on the parameter, not on the literal). */
struct Sym;
typedef enum AnnKind {
  ANN_NONE,       /* not checked, or refused */
  ANN_LITERAL,    /* EX_NUM (num, percent, big), EX_DATE (date), EX_STR, EX_BOOL */
  ANN_GLOBAL,     /* EX_NAME: a parameter, indicator, valuation or cost (sym) */
  ANN_TABLE,      /* EX_NAME: a table, as an aggregate's first argument or before `où` (sym) */
  ANN_COLUMN,     /* EX_NAME: column sym of the row of `table`, through réf columns nav[0..nnav) */
  ANN_DERIVED,    /* EX_NAME: a territory level the row's table derives from a territoire column */
  ANN_ROW_NAME,   /* EX_NAME in a parameter's value: a column (or derived level) of the row it is read in */
  ANN_WORD,       /* EX_NAME read as a word: arrondi's rounding mode, nom's level (word) */
  ANN_OP,         /* operators, si, selon, dans, `T où c`: checked */
  ANN_CALL,       /* EX_CALL: the built-in fn (BuiltinId), agg: an aggregate over its first argument */
} AnnKind;
/* The kind of value the checker found (T_* of chk_int.h); numbers' units stay the checker's. */
typedef enum AnnType { AT_UNKNOWN, AT_NUM, AT_BOOL, AT_TEXT, AT_DATE, AT_TERR } AnnType;
typedef struct ExprAnn {
  unsigned char kind;       /* AnnKind */
  unsigned char type;       /* AnnType */
  unsigned char nnav;       /* ANN_COLUMN */
  bool percent;             /* EX_NUM: written in % (num is the number as written: 5 for 5 %) */
  bool big;                 /* EX_NUM: too large for Num's fast form (num unset): the lexeme
                               is valid, num_parse_literal(text) gives it */
  bool agg;                 /* ANN_CALL: an aggregate */
  short fn;                 /* ANN_CALL: BuiltinId */
  struct Sym *sym;          /* ANN_GLOBAL, ANN_TABLE: the declaration; ANN_COLUMN: the column read */
  union {                   /* by kind (32 bytes in all: every Expr holds one) */
    Num num;                /* EX_NUM (fast form: nothing to clear) */
    long date;              /* EX_DATE: packed as csv_date_pack */
    int word;               /* ANN_WORD: the rounding mode (NumRound) or the TerrLevel */
    struct {
      struct Sym *table;    /* ANN_COLUMN: the table whose row is read first */
      struct Sym **nav;     /* ANN_COLUMN: the réf columns followed (arena) */
    };
  };
} ExprAnn;

struct Expr {
  ExprKind kind;
  Loc loc;
  int depth;            /* 1 for a leaf */
  ExprAnn ann;          /* set by the checker */
  union {
    struct { const char *text; UnitExpr *unit; bool bracketed; } num;  /* text: lexeme as written */
    const char *str;
    bool boolean;
    NamePath name;
    struct { Op op; Expr *e; } un;
    struct { Op op; Expr *l, *r; bool implicit; AstChain *chain; } bin;  /* implicit: grouped
                            by the parser for balance (written without parentheses); chain: only while parsing */
    struct { Expr *cond, *then, *els; } ifx;
    struct { Expr *subject; ArmList arms; } match;
    struct { Expr *subject; ExprList items; } in;
    struct { const char *name; Loc name_loc; ExprList args; } call;
    struct { Expr *table, *cond; } where;
  };
};

/* ---- block items ---- */
typedef enum ColKind { COL_TEXT, COL_INTEGER, COL_DECIMAL, COL_BOOLEAN, COL_DATE, COL_TERRITORY, COL_REF } ColKind;
typedef struct ColType {
  ColKind kind; Loc loc;
  UnitExpr *unit;               /* entier/décimal UNIT, or NULL */
  const char *target; Loc target_loc;  /* territoire LEVEL, réf TABLE */
  bool key, optional;
  bool fraction;                /* a % column whose cells are fractions (0,439), not points (43,9) */
  const char *vintage; Loc vintage_loc;   /* territoire … millésime 2024 | aucun, or NULL */
} ColType;

/* One value of a field: `13000 € depuis 2017-01-01`, `état 70 %`, or a plain expression. */
typedef struct FieldValue { Expr *value; Expr *since; Expr *share; Loc loc; } FieldValue;
typedef struct ValueList { FieldValue **v; int n, cap; } ValueList;
typedef struct ItemList { Item **v; int n, cap; } ItemList;

typedef enum ItemKind { IT_FIELD, IT_COLUMN, IT_NODE, IT_LEAF } ItemKind;
struct Item {
  ItemKind kind;
  Loc loc;
  NamePath path;        /* field or column name, possibly dotted (scenario targets); leaf: bare name */
  ValueList values;     /* IT_FIELD */
  ColType *col;         /* IT_COLUMN */
  const char *label; Loc label_loc;  /* IT_NODE, IT_LEAF with a label */
  Expr *leaf;           /* IT_LEAF: the expression ("label": expr) or the bare name */
  ItemList children;    /* IT_NODE */
  int depth;            /* IT_NODE: 1 + its deepest child's (at most AST_MAX_DEPTH) */
};

/* ---- declarations ---- */
typedef enum DeclKind {
  D_FRAMEWORK, D_IMPORT, D_UNIT, D_STAKEHOLDER, D_CHAIN, D_TERRITORY,
  D_TABLE, D_PARAM, D_INDICATOR, D_VALUATION, D_COST, D_CHECK, D_TREE, D_STATEMENT, D_SCENARIO,
  D_OVERRIDE,   /* surcharge NAME { valeur: … }: local values of an imported parameter */
  D_FRAME, D_PANEL,   /* tables with a role: a sampling frame, a panel sampled from it (panel.md) */
  D_INDEX,      /* indice NAME "label" { composantes: … }: a composite index (methode-indices.md) */
  D_CURRENCY,   /* devise GBP "Livre sterling": unit atoms that are currencies */
} DeclKind;

typedef struct NameDef { const char *name; const char *label; Loc loc, label_loc; } NameDef;
typedef struct NameDefList { NameDef **v; int n, cap; } NameDefList;

struct Decl {
  DeclKind kind;
  Loc loc, kw_loc;
  const char *name; Loc name_loc;     /* D_FRAMEWORK: the référentiel's name string; D_IMPORT: module */
  const char *label; Loc label_loc;   /* NULL if absent */
  const char *version; Loc version_loc;  /* D_FRAMEWORK */
  const char *currency; Loc currency_loc;  /* D_FRAMEWORK: `devise AUD`, or NULL (€) */
  const char *alias; Loc alias_loc;   /* D_IMPORT `comme` */
  UnitExpr *unit;                     /* `: unit` after the label */
  Expr *formula;                      /* one-line form `= expr` */
  bool has_block;
  ItemList items;                     /* block form */
  NameDefList names;                  /* unité / partie_prenante / chaîne / territoire lists */
};
typedef struct DeclList { Decl **v; int n, cap; } DeclList;

typedef struct Comment { Loc loc; const char *text; } Comment;   /* text includes the '#' */
typedef struct Program {
  const char *path; uint32_t file;    /* diag source id */
  const char *text; size_t len;       /* the source (arena copy) */
  DeclList decls;
  Comment *comments; int ncomments, ccap;
} Program;

/* ---- constructors (used by the grammar actions: one call each) ---- */
typedef struct AstBuilder { Arena *arena; Diag *diag; Program *prog; } AstBuilder;

Expr *ast_num(AstBuilder *b, const char *text, UnitExpr *unit, bool bracketed, Loc loc);
Expr *ast_str(AstBuilder *b, const char *s, Loc loc);
Expr *ast_bool(AstBuilder *b, bool v, Loc loc);
Expr *ast_date(AstBuilder *b, const char *s, Loc loc);
Expr *ast_name(AstBuilder *b, NamePath *p, Loc loc);
Expr *ast_unary(AstBuilder *b, Op op, Expr *e, Loc loc);
Expr *ast_binary(AstBuilder *b, Op op, Expr *l, Expr *r, Loc loc);
Expr *ast_if(AstBuilder *b, Expr *c, Expr *t, Expr *e, Loc loc);
Expr *ast_match(AstBuilder *b, Expr *subject, ArmList *arms, Loc loc);
Expr *ast_in(AstBuilder *b, Expr *subject, ExprList *items, Loc loc);
Expr *ast_call(AstBuilder *b, const char *name, Loc name_loc, ExprList *args, Loc loc);
Expr *ast_where(AstBuilder *b, Expr *table, Expr *cond, Loc loc);
Expr *ast_paren(AstBuilder *b, Expr *e, Loc loc);
void ast_too_deep(AstBuilder *b, Loc loc);   /* reports an expression past AST_MAX_DEPTH */   /* widens e's span to the parentheses */

MatchArm *ast_arm(AstBuilder *b, ExprList *keys, Expr *value, Loc loc);   /* keys NULL: autre */
NamePath *ast_path(AstBuilder *b, NamePath *p, const char *part, Loc loc);  /* p NULL: new */
UnitExpr *ast_unit(AstBuilder *b, UnitExpr *u, const char *atom, int exp, Loc loc);  /* u NULL: new; exp ±n */
UnitExpr *ast_unit_pow(AstBuilder *b, UnitExpr *u, const char *exp_text, bool negative, Loc loc);  /* last atom ^ n */

ExprList *ast_exprs(AstBuilder *b, ExprList *l, Expr *e);      /* l NULL: new */
ArmList *ast_arms(AstBuilder *b, ArmList *l, MatchArm *a);
ValueList *ast_values(AstBuilder *b, ValueList *l, FieldValue *v);
ItemList *ast_items(AstBuilder *b, ItemList *l, Item *it);    /* it NULL (error): l unchanged */
NameDefList *ast_namedefs(AstBuilder *b, NameDefList *l, const char *name, Loc loc, const char *label, Loc label_loc);

FieldValue *ast_value(AstBuilder *b, Expr *value, Expr *since, Expr *share, Loc loc);
ColType *ast_coltype(AstBuilder *b, ColKind kind, UnitExpr *unit, const char *target, Loc target_loc, Loc loc);
ColType *ast_colmod(AstBuilder *b, ColType *c, KwId mod, Loc loc);    /* clé / optionnel */
ColType *ast_colvintage(AstBuilder *b, ColType *c, const char *vintage, Loc loc);   /* millésime 2024 */
ColType *ast_coltype_ref(AstBuilder *b, NamePath *table, Loc table_loc, Loc loc);  /* réf t, réf v.t */
Item *ast_field(AstBuilder *b, NamePath *path, ValueList *values, Loc loc);
Item *ast_column(AstBuilder *b, NamePath *path, ColType *col, Loc loc);
Item *ast_node(AstBuilder *b, const char *label, Loc label_loc, ItemList *children, Loc loc);
Item *ast_leaf(AstBuilder *b, const char *label, Loc label_loc, Expr *e, Loc loc);   /* label may be NULL */

/* A declaration header, then its body. */
Decl *ast_decl(AstBuilder *b, DeclKind kind, Loc kw_loc, const char *name, Loc name_loc,
               const char *label, Loc label_loc, UnitExpr *unit);
Decl *ast_decl_formula(AstBuilder *b, Decl *d, Expr *formula, Loc loc);
Decl *ast_decl_block(AstBuilder *b, Decl *d, ItemList *items, Loc loc);
/* `référentiel "name" ["label"] [version "v"]`: the label (the organisation's or the
 * référentiel's name as people write it) titles the HTML report. */
Decl *ast_framework(AstBuilder *b, const char *name, Loc name_loc, const char *label, Loc label_loc,
                    const char *version, Loc version_loc, const char *currency, Loc currency_loc, Loc loc);
Decl *ast_import(AstBuilder *b, NamePath *module, const char *alias, Loc alias_loc, Loc loc);
Decl *ast_namelist(AstBuilder *b, DeclKind kind, NameDefList *names, Loc loc);
void ast_program_add(AstBuilder *b, Decl *d);   /* d NULL (error): ignored */

/* ---- walking ---- */
/* Calls fn on each direct child of e in source order (operands, branches, a selon's subject
 * then each arm's keys and value, a dans's items, a call's arguments, a `T où c`'s table and
 * condition), until fn returns false. Returns false when fn stopped the walk. Every pass
 * that descends an expression uses this, so that none forgets a kind of node. */
typedef bool (*AstChildFn)(const Expr *child, void *ctx);
bool ast_each_child(const Expr *e, AstChildFn fn, void *ctx);

/* ---- queries and printing ---- */
const char *ast_decl_kind_name(DeclKind k, KwLang lang);   /* the declaring keyword */
KwId ast_decl_keyword(DeclKind k);
const char *ast_op_text(Op op);                           /* "+", "<=", "et"… (ASCII operators) */
void ast_unit_print(FILE *out, const UnitExpr *u);        /* €/m2/mois, as written (canonical order) */
/* A dump of the tree without locations or layout: equal dumps = same AST (fmt's property). */
void ast_dump(FILE *out, const Program *p);
#endif
