/* chk_int.h — what the checker's files share (chk.c, chk_expr.c, chk_fields.c, chk_graph.c,
 * chk_strict.c): the types of values, the per-symbol annotations (Sym.chk) and the context
 * an expression is checked in. Not for other modules: they use chk.h. */
#ifndef PVS_CHK_INT_H
#define PVS_CHK_INT_H
#include "chk.h"
#include "num.h"
#include "schema.h"
#include "units.h"
#include <stdint.h>

typedef enum TypeKind { T_ERROR, T_NUM, T_BOOL, T_TEXT, T_DATE, T_TERR } TypeKind;
/* The type of an expression. T_ERROR means "already reported": it matches anything. */
typedef struct Type {
  TypeKind k;
  Unit u;               /* T_NUM */
  const char *level;    /* T_TERR: commune, département… */
  bool unchecked;       /* T_TERR: a column declared `millésime aucun` (codes read as written) */
  bool zero;            /* the literal 0: fits any unit */
  bool bare;            /* a literal without unit */
  const char *by;       /* breakdown of the indicators it reads ("département"), NULL: total */
  const Sym *by_sym;    /* the indicator that brought `by` */
} Type;

/* Annotations on a Sym (Sym.chk). */
typedef struct ChkSym {
  int state;            /* 0 not checked, 1 being checked, 2 done */
  bool row_unit;        /* table: type holds the unit of its rows (chk_row_unit) */
  Type type;            /* value of a parameter, indicator, valuation or cost */
  bool declared_unit;   /* the unit comes from `: unit` */
  UnitExpr *uexpr;      /* chk_unit_of(): declared, else built from the inferred unit */
  const char *by;       /* indicator: its `par:` dimensions, joined by ", " */
  const char **rowcols; int nrowcols, rccap;   /* parameter: columns its value reads (selon) */
  Sym **deps; int ndeps, dcap;                 /* what it uses (dependency graph) */
  Sym **aggs; int naggs;   /* indicator, valuation: the tables its formula aggregates (for par:) */
  Type qty, proxy;      /* valuation: its quantité and proxy (scenario overrides match them) */
  bool used;            /* referenced by some formula */
  Sym *override;        /* parameter: the surcharge that gives it local values, if any;
                           surcharge: the parameter it overrides */
  int mark;             /* graph walk state */
  int pre;              /* chk_presort walk state */
  const Sym *dep_of;    /* the last declaration chk_depend recorded this one as a dependency of */
  /* parameter: the evaluator reads its value inside the row of each aggregate (or row-level
   * contrôle) that uses it, so an aggregate in its value would be nested (chk_param_aggs) */
  const Expr *agg;      /* the first aggregate written in one of its values (own, surcharge, scénario) */
  bool in_row;          /* read inside a row, directly or through a parameter that is */
  Sym **preads; int npreads, prcap;   /* the parameters its values read */
} ChkSym;

typedef struct Chk {
  Compilation *c;
  Diag *d;
  Arena *a;
  const ChkOptions *o;
  Sym **order; int norder, ocap;
} Chk;

/* The context an expression is read in. */
enum { CTX_MAX_ROWS = 8 };
typedef struct Ctx {
  Chk *k;
  const Module *m;
  Sym *self;                      /* the declaration being checked (dependencies), or NULL */
  Sym *rows[CTX_MAX_ROWS]; int nrows;   /* tables whose row is in scope, innermost last */
  bool row_check;                 /* rows[0] is a row-level contrôle's table, not an aggregate's */
  const Unit *bare_unit;          /* parameter values: the unit bare numbers take */
  bool param_value;               /* columns name a row-dependent parameter's inputs */
  bool conversion;                /* a conversion parameter's values: [€/GBP] may be written */
  Sym **aggs; int naggs, acap;    /* tables aggregated so far (for `par:`) */
  Sym *value_of;                  /* a value of this parameter (its own, a surcharge's, a scénario's) */
} Ctx;

/* chk.c */
ChkSym *chk_sym(Chk *k, Sym *s);
Ctx chk_ctx(Chk *k, const Module *m, Sym *self);
void chk_symbol(Chk *k, Sym *s);   /* checks a declaration once (lazily, from its users too) */
Sym *chk_vocab(const Module *m, Namespace ns, const char *name);   /* also through `comme` imports */
Unit chk_unit(Chk *k, const Module *m, const UnitExpr *ue);   /* reports unknown atoms */
const char *chk_unit_text(Chk *k, const Unit *u);             /* arena copy, for messages */
const char *chk_join(Chk *k, const char *const *names, int n, const char *sep);
const char *chk_src(Chk *k, Loc loc);   /* the source text of a span (arena copy) */
/* `3,5 %` read as the values 3 and 5 %: reports how to write it; false if not that. */
bool chk_decimal_comma(Chk *k, const FieldValue *a, const FieldValue *b, bool say);
/* "; did you mean 'x'?" for the closest candidate, else `otherwise` (may be ""). Arena. */
const char *chk_suggest_or(Chk *k, const char *name, const char *const *cands, int n, const char *otherwise);
#define chk_suggest(k, name, cands, n) chk_suggest_or(k, name, cands, n, "")

/* chk_expr.c */
Type chk_expr(Ctx *x, Expr *e);
Type chk_type_num(Unit u);
Type chk_type_error(void);
const char *chk_type_text(Chk *k, const Type *t);    /* "€/mois", "text", "a date"… */
/* Is t acceptable where `want` is expected (same kind; numbers: same unit, or literal 0)? */
bool chk_type_fits(const Type *t, const Type *want);
/* A number literal (maybe negated): its exact value into *v (initialised by the caller; a
 * plain fast number, nothing to clear) and whether it is written in %. */
bool chk_num_literal(const Expr *e, Num *v, Unit *written_unit_pct);
bool chk_whole_literal(const Expr *e, long *v);   /* a whole number written as is, no unit */
bool chk_date_valid(const char *s);
/* Annotates a number literal (maybe negated) that is read without chk_expr (arrondi's
 * decimals, a share): its value, as chk_expr would. */
void chk_literal(Chk *k, Expr *e);
/* chk_call.c: an aggregate in a parameter's value read inside a row is nested: reported
 * once all uses are known (after every declaration is checked). */
void chk_param_aggs(Chk *k);
Type chk_column_type(Chk *k, Sym *col);
/* Whether `name` is a built-in territory level (département, epci, zone_abc…) that a
 * territoire column of table t gives without being named so: par: zone_abc, selon zone_abc. */
bool chk_derives(const Sym *t, const char *name);
Unit chk_row_unit(Chk *k, Sym *table);
void chk_depend(Ctx *x, Sym *s);

/* chk_fields.c: the declaration schemas and the values of fields */
void chk_fields(Chk *k, Sym *s);              /* unknown / misplaced / repeated / missing */
void chk_field_value(Ctx *x, Sym *s, Item *it, FieldId f);
bool chk_percent_value(Ctx *x, FieldValue *v, const char *what);
bool chk_years_value(Ctx *x, FieldValue *v, const char *what);
bool chk_year_value(Ctx *x, FieldValue *v, const char *what);     /* début: 2 */
bool chk_number_value(Ctx *x, FieldValue *v, const char *what);   /* bêta: 0.5 */
void chk_choice_value(Ctx *x, FieldId f, FieldValue *v, const char *what);
ChoiceId chk_choice_word(FieldId f, const Expr *e);       /* C__COUNT: not one */
void chk_dims(Ctx *x, Sym *s, Item *it);     /* par: after the formula filled x->aggs */
void chk_keep_aggs(Ctx *x, Sym *s);          /* remembers x->aggs on s, for its users */
void chk_tree_items(Ctx *x, ItemList *items);
void chk_scenario(Chk *k, Sym *s);
const char *chk_field_name(FieldId f);       /* French spelling, for messages */

/* chk.c: a parameter's `valeur:` lines (or a surcharge's, in d) typed as parameter s; first:
 * the first value sets s's unit when it has none declared */
void chk_param_values(Chk *k, Ctx *x, Sym *s, Decl *d, bool first);

/* chk_override.c: a surcharge (local values of an imported parameter) */
void chk_override(Chk *k, Sym *ov);
/* chk_panel.c: a base_sondage's strata, a panel's frame, variables, estimator and level */
void chk_panel(Chk *k, Sym *t);
/* chk_index.c: an indice's components, weights, polarity, targets and method */
void chk_index(Chk *k, Sym *s);
/* chk_sroi.c: currencies, timelines, coûts over years, bilans' conventions */
bool chk_is_currency(const Module *m, const char *atom);      /* €, or declared with `devise` */
const char *chk_module_currency(const Module *m);             /* its header's, else "€" */
/* The currency of money in unit u (a currency, or a currency per an), NULL if u is not money. */
const char *chk_money_currency(const Module *m, const Unit *u);
bool chk_conversion_unit(const Module *m, const Unit *u);     /* two currencies: €/GBP */
void chk_currencies(Chk *k, Module *m);                       /* the header's `devise` */
void chk_param_currency(Chk *k, Sym *s);                      /* conversion parameters */
void chk_valuation_timeline(Chk *k, Sym *s);
void chk_cost_years(Chk *k, Sym *s);
void chk_published(Chk *k, Sym *s);
void chk_statement(Chk *k, Sym *s);

/* chk_graph.c */
void chk_graph(Chk *k);
void chk_presort(Chk *k);   /* checks declarations in the order of the names they read */

/* chk_strict.c */
void chk_strict(Chk *k, Module *m);
void chk_unused(Chk *k, Module *m);
#endif
