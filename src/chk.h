/* chk.h — the semantic checker (`pvs check`): names, types, units, contexts, schemas,
 * dependencies and référentiel rules. It reads a loaded Compilation (sym.h), reports every
 * problem through the compilation's Diag, and leaves on each symbol what later phases need
 * (Sym.chk). The evaluator runs only on a compilation with no checker error. */
#ifndef PVS_CHK_H
#define PVS_CHK_H
#include "sym.h"

/* `x ^ n` needs |n| < CHK_MAX_EXPONENT (the evaluator computes no larger exact power). */
enum { CHK_MAX_EXPONENT = 10000 };

typedef struct ChkOptions {
  bool strict;          /* --strict: référentiel metadata rules */
} ChkOptions;

/* Checks every module of c; returns the number of errors it reported. */
int chk_run(Compilation *c, const ChkOptions *o);

/* The unit of a parameter, indicator, valuation or cost: as declared, else as inferred from
 * its formula by chk_run; NULL when dimensionless or unknown. Borrowed (arena). */
const UnitExpr *chk_unit_of(const Sym *s);

/* The surcharge that gives parameter p its local values (surcharge p { … }), or NULL. */
const Sym *chk_override_of(const Sym *p);

/* Declarations of the compilation in an order where each comes after everything it uses
 * (parameters, indicators, valuations, costs, checks, statements); set by chk_run.
 * Declarations on a dependency cycle are left out (chk_run reported the cycle).
 * Returns the count; *out borrowed. Rules and the dated-value rule: doc/checker.md. */
int chk_order(const Compilation *c, Sym ***out);
/* Whether coût s spreads over several years (a montant per year, or a durée). */
bool chk_cost_over_years(const Sym *s);
#endif
