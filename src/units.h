/* units.h — unit values: the checker's canonical form of a unit.
 *
 * A Unit is a product of atoms with non-zero integer exponents, kept sorted (€ first, then
 * declared atoms by name, then the time units an, mois, jour), so two units are equal when
 * their atoms are. `EUR` is spelled `€`. `%` is dimensionless (it only scales by 1/100): it
 * adds no atom, but `percent` remembers that a unit was written `%`, for display. Units are
 * plain values (no allocation); atom names are borrowed from the AST or static strings. */
#ifndef PVS_UNITS_H
#define PVS_UNITS_H
#include <stdbool.h>
#include <stdio.h>

enum { UNITS_MAX = 8 };
typedef struct UnitAtom { const char *name; int exp; } UnitAtom;
typedef struct Unit {
  UnitAtom a[UNITS_MAX];
  int n;
  bool percent;         /* written (or inferred as) `%`: dimensionless, shown ×100 */
  bool overflow;        /* more than UNITS_MAX atoms: treated as unknown */
} Unit;

Unit units_none(void);                           /* dimensionless */
Unit units_percent(void);                        /* `%` */
Unit units_atom(const char *name, int exp);      /* one atom (`EUR` becomes `€`, `%` percent) */
bool units_builtin(const char *name);            /* €, EUR, %, an, mois, jour */
Unit units_mul(Unit a, Unit b);
Unit units_div(Unit a, Unit b);
Unit units_pow(Unit a, int n);
bool units_equal(const Unit *a, const Unit *b);  /* same atoms (`%` = dimensionless) */
bool units_dimensionless(const Unit *u);
/* Canonical text: `€/m2/mois`, `logement`, `m2*€` never (€ first), `%`, `1/an`; a
 * dimensionless non-% unit prints as "a plain number" only through units_describe. */
void units_print(FILE *out, const Unit *u);
int units_snprint(char *buf, size_t n, const Unit *u);
/* A unit's text (canonical, or as written) as a report shows it: the atoms m2 and m3 as m²
 * and m³ (`€/m²/mois`), likewise km2, cm2, dm2, mm2 and their 3; other atoms (m2x) as they
 * are. Scripts, JSON and CSV keep `m2`. Returns buf (the text unchanged
 * when it does not fit in n bytes). */
const char *units_display(char *buf, size_t n, const char *unit);
/* Text for messages: the canonical unit, or "a plain number" when dimensionless. */
const char *units_describe(const Unit *u, char *buf, size_t n);
#endif
