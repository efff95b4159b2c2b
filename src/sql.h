/* sql.h — `pvs sql`: a checked référentiel compiled to one SQL script that computes, where
 * the data lives (PostgreSQL, DuckDB), every indicator (per breakdown and total),
 * valuation, cost, bilan and contrôle, and returns rows shaped like `pvs eval --format csv`
 * (kind, name, dimensions, group, value, exact, unit). doc/sql.md says what is exact and
 * what is not.
 *
 * The compiler reads the checked compilation (sym.h, chk.h): names are resolved with the
 * checker's rules, parameters are chosen for the date and scénario, and every constant is
 * folded exactly (num.h) before it is written. What has no SQL form is refused with an
 * error naming the declaration. The library never prints but to `out`; diagnostics go to the
 * compilation's Diag. */
#ifndef PVS_SQL_H
#define PVS_SQL_H
#include "sym.h"
#include <stdio.h>

typedef enum SqlDialect { SQL_POSTGRESQL, SQL_DUCKDB } SqlDialect;

typedef struct SqlOptions {
  SqlDialect dialect;
  const char *date;      /* YYYY-MM-DD: picks the parameters in force; NULL: today */
  const char *scenario;  /* scénario to apply, or NULL */
  const char *by;        /* --by DIM: the breakdown of every indicator and valuation that can take it */
  struct { const char *table, *path; } *data; int ndata;   /* --schema: CSV files other than source: */
  bool no_territories;   /* --schema: not the territory tables (a shared database has them, from --territories) */
} SqlOptions;

/* The query script of c (checked, no errors) into out. Returns 0, or 1 when something
 * could not be compiled (reported to c->diag; nothing useful was written). */
int sql_compile(Compilation *c, const SqlOptions *o, FILE *out);

/* CREATE TABLE statements of c's tables (types that hold the values exactly, keys and
 * references) and the statements that load their CSV files with the tables' conventions,
 * then the territory tables when a table has a territory column. Returns 0, or 1 on error. */
int sql_schema(Compilation *c, const SqlOptions *o, FILE *out);

/* The territory tables the queries join (sql_terr.c; also written by sql_schema):
 * pvs_territoire (département → région, with names), pvs_commune (every commune: name,
 * département, région, EPCI, zone A/B/C) and pvs_code (every code a checked territory column
 * may hold, with the current code pvs eval reads it as, and the report order). */
void sql_territories(const SqlOptions *o, FILE *out);
#endif
