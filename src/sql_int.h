/* sql_int.h — the model shared by the SQL compiler's files (see sql.h):
 *
 *   SqlGen   one compilation: options, chosen parameters, table passes, breakdowns
 *   SPass    one table read once: its aggregates (columns a1, a2…) computed per grouping set
 *            (one per breakdown used with the table, and the total), its réf joins
 *   SBy      one breakdown (list of dimensions); id 0 is the total
 *   SRow     a row-level SQL expression, with its static type and scale (decimals)
 *   SVal     a group-level value: an exact fraction n/d of SQL expressions (integers in
 *            DuckDB, NUMERIC in PostgreSQL); d NULL means a constant denominator dc
 *            (decimal text, "1" by default). Divisions only build fractions; the one real
 *            division is the final rounding (sql.c), so results are exact.
 * Everything lives in the compilation's arena. */
#ifndef PVS_SQL_INT_H
#define PVS_SQL_INT_H
#include "eval.h"
#include "num.h"
#include "schema.h"
#include "sql.h"

enum { SQL_DUCK_SCALE = 6 };   /* decimals of DuckDB DECIMAL columns (doc/sql.md) */

typedef enum SKind { SK_NUM, SK_BOOL, SK_TEXT, SK_DATE } SKind;

/* A breakdown; numeric[d]: dimension d is read from an entier or décimal column (its groups
 * sort by value, as pvs eval sorts them). */
typedef struct SBy { const char **dims; int ndims; const char *sig; int id; bool *numeric; } SBy;

typedef struct SJoin { const char *alias, *from_alias; Sym *col, *table; } SJoin;
/* A join on a territory table (sql_terr.c): LEFT JOIN table AS alias ON alias.key = value
 * (AND alias.niveau = level, for pvs_code). */
typedef struct STJoin { const char *alias, *table, *key; TerrLevel level; const char *value; } STJoin;

typedef struct SPass {
  Sym *table;
  int id;
  const char **aggs; int naggs, acap;       /* aggregate SQL, column a<i+1> */
  SBy **bys; int nbys, bcap;                /* breakdowns read from this table (total implied) */
  const char **dims; int ndims, dcap;       /* distinct dimension names, columns d<i+1> */
  const char **dimsql;                      /* their SQL, once planned */
  SJoin *joins; int njoins, jcap;           /* réf navigation, aliases j1, j2… */
  STJoin *tjoins; int ntj, tjcap;           /* territory joins, aliases tr1, tr2… (after the réf joins) */
} SPass;

/* Approximate steps (doc/sql.md), as bits of SRow.approx and SVal.approx. */
enum { SQ_APPROX_DIV = 1, SQ_APPROX_CONST = 2 };

typedef struct SRow { SKind k; const char *sql; int scale; unsigned approx; } SRow;
typedef struct SVal {
  SKind k;
  const char *n, *d, *dc;  /* numerator; denominator SQL, or NULL and the constant dc */
  const char *cn;          /* the whole value is the constant cn/dc (integer texts), or NULL */
  unsigned approx;         /* the approximate steps it was computed with (SQ_APPROX_*) */
} SVal;

/* A group-level context: the breakdown whose group the formula is computed for (NULL: the
 * total), and the aliases of the pass results it joined, as "p<pass>b<by>". */
typedef struct SRef { SPass *pass; SBy *by; } SRef;
typedef struct GCtx { SBy *by; SRef *refs; int nrefs, rcap; bool failed; } GCtx;

typedef struct SqlGen {
  Compilation *c;
  Arena *a;
  Diag *d;
  const SqlOptions *o;
  long date;
  const char *date_text;
  Item **ovr; Sym **ovr_sym; int novr, ocap;   /* scénario items and their targets */
  SPass **passes; int npasses, pcap;
  SBy **bys; int nbys, bycap;
  Sym *owner;                                  /* the declaration being compiled (errors) */
  bool failed;
  Loc *failed_at; int nfailed, fcap;          /* errors said once per place */
  bool by_used;                                /* --by applied to a result */
  unsigned decs;                               /* the display decimals in use (bit k: k decimals) */
  Sym **approx; unsigned *approx_bits; int napprox, acap;   /* declarations not exact, and why (SQ_APPROX_*) */
} SqlGen;

/* sql_expr.c: expressions */
SRow sq_row(SqlGen *g, SPass *p, const Module *m, const Expr *e, bool bare_percent);
SVal sq_group(SqlGen *g, GCtx *cx, const Module *m, const Expr *e, bool bare_percent);
SVal sq_const(SqlGen *g, const Num *v);
bool sq_percent_unit(const UnitExpr *u);             /* the unit is % */
bool sq_percent_column(const ColType *ct);           /* a number column in % (points, or fractions) */
const char *sq_int(SqlGen *g, const char *digits);   /* an exact integer literal */
const char *sq_pow10(SqlGen *g, int k);              /* "1" then k zeros */

/* sql_group.c: group-level values (exact fractions) */
SVal sq_mul(SqlGen *g, SVal a, SVal b);
SVal sq_add(SqlGen *g, SVal a, SVal b);
SVal sq_div(SqlGen *g, SVal a, SVal b);
SVal sq_neg(SqlGen *g, SVal a);
SVal sq_zero_if_missing(SqlGen *g, SVal v);
const char *sq_den(SqlGen *g, SVal v);         /* the denominator as SQL */
const char *sq_missing(SqlGen *g, SVal v);     /* SQL boolean: v is missing */
/* round(n/d × 10^k) as an SQL integer (NULL when missing or d = 0); mode as NumRound. */
const char *sq_round_int(SqlGen *g, SVal v, int k, int mode);
/* The text of v rounded half away from zero to k decimals ('.' mark), or NULL. */
const char *sq_format(SqlGen *g, SVal v, int k);
const char *sq_ident(SqlGen *g, const char *name);
const char *sq_text(SqlGen *g, const char *s);
/* The value in force (scénario, surcharge, date) and the module its names are read in. */
bool sq_param(SqlGen *g, Sym *param, const Expr **e, const Module **m);
const Expr *sq_field(SqlGen *g, Sym *s, FieldId f);     /* a field, as the scénario leaves it */
bool sq_fold(SqlGen *g, const Module *m, const Expr *e, bool bare_percent, Num *out);
void sq_fail(SqlGen *g, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* sql.c: what formulas read besides aggregates */
SVal sq_indicator_value(SqlGen *g, GCtx *cx, Sym *ind, Loc loc);
SVal sq_valuation_total(SqlGen *g, GCtx *cx, Sym *val, Loc loc);
SVal sq_cost_value(SqlGen *g, GCtx *cx, Sym *cost, Loc loc);

/* sql.c: passes and breakdowns */
SBy *sq_by(SqlGen *g, const char **dims, int ndims);
SPass *sq_pass(SqlGen *g, Sym *table);
int sq_pass_agg(SqlGen *g, SPass *p, const char *sql);   /* column number, shared */
void sq_pass_by(SqlGen *g, SPass *p, SBy *by);
const char *sq_join(SqlGen *g, SPass *p, const char *from_alias, Sym *refcol);   /* alias */
const char *sq_ref(SqlGen *g, GCtx *cx, SPass *p, SBy *by);   /* alias of p's results in by */
void sq_write_passes(SqlGen *g, FILE *out);                    /* the pass CTEs */
bool sq_write_key_guard(SqlGen *g, FILE *out);                 /* the CTE pvs_cles: keys unique, réf found */
const char *sq_from(SqlGen *g, const GCtx *cx);                /* its groups (or one row) + joined results */

/* sql_terr.c: territories as pvs eval reads them */
/* A column of table pass p read through alias: a checked territory column as its current code
 * (an arrondissement its commune, an older code the commune it became; an unknown code an
 * error), and, when d derives a level from it, that level's code (NULL when it has none). */
const char *sq_terr_value(SqlGen *g, SPass *p, const char *alias, const Sym *col, const TerrDerive *d);
void sq_write_terr_joins(SqlGen *g, const SPass *p, FILE *out);
const char *sq_terr_name(SqlGen *g, SPass *p, TerrLevel lv, const char *value);   /* nom(value) at level lv */
TerrLevel sq_dim_level(SqlGen *g, const char *dim);              /* the level whose order a dimension's groups follow */
const char *sq_sort_key(SqlGen *g, const SBy *by, int d);        /* the sort text of group key k.k<d+1> */
const char *sq_sort_joins(SqlGen *g, const SBy *by);             /* the pvs_code joins sq_sort_key reads */
#endif
