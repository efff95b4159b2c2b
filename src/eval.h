/* eval.h — evaluating a checked compilation over its data tables (`pvs eval`), and the
 * results every writer (out_*.c), `explain` and the tests read.
 *
 * Each data table is read once, streaming: every aggregate over it is computed in that single
 * pass, per group of each breakdown in use; memory grows with the number of groups (and the
 * distinct values of médiane / compte_distinct, and the rows of tables that others reference
 * with `réf`), never with the number of rows. Then indicators, valuations (SROI), costs,
 * bilans and contrôles are computed per group, exactly.
 *
 * Values in the results are already expressed in their declared unit (a % indicator holds
 * 31.2, not 0.312), as exact Nums; writers only round them for display. Everything in an
 * EvalResult is owned by it and freed with eval_free(). */
#ifndef PVS_EVAL_H
#define PVS_EVAL_H
#include "num.h"
#include "schema.h"
#include "sroi.h"
#include "sym.h"
#include "territory.h"

typedef struct EvalOptions {
  const char *date;          /* YYYY-MM-DD evaluation date; NULL: today */
  const char *scenario;      /* scénario to apply, or NULL */
  const char *by;            /* --by DIM: breakdown for every indicator that can take it */
  struct { const char *table, *path; } *data; int ndata;   /* --data TABLE=PATH */
  bool strict;               /* division by zero is an error, not a warning */
  bool checksums;            /* the SHA-256 of each data file read (TableRead.sha256) */
  bool sensitivity;          /* --sensibilité: each bilan's inputs moved one at a time */
  int range;                 /* --plage: -1 every parameter at the low bound of its plage, +1 the high one */
  const char *sens_step, *sens_points, *sens_threshold;   /* --pas, --pas-taux, --seuil (NULL: 10, 10, 1) */
  int jobs;                  /* --jobs: threads of the parallel scan; 0: $PVS_JOBS, else the online cores */
} EvalOptions;

/* How a row gives a territory level (scan_terr.c): the codes of a territoire column of level
 * `from` (TERR_OTHER: not a territory column), or the level `to` they derive to (TERR_OTHER:
 * the codes themselves); checked: the column's codes are checked against the COG and read as
 * today's (not `millésime aucun`). */
typedef struct TerrDerive { TerrLevel from, to; bool checked; } TerrDerive;
/* The column of table t (no réf) that gives dimension dim: a column of that name, a territoire
 * column of a declared level of that name, else a territory column of that level or one it is
 * derived from (a commune gives its département, région, EPCI, zone); -1 when none. *d says
 * how. pvs eval's breakdowns and pvs sql read dimensions by it. */
int ev_dim_column(const Sym *t, const char *dim, TerrDerive *d);
/* Whether every table aggregated by e (and by the indicators it uses) can give dim: --by
 * applies to a result only then (pvs eval and pvs sql). */
bool ev_by_possible(const Module *m, const Expr *e, const char *dim, int depth);

/* One value of a result: exact, or missing (empty data, division by zero…). */
typedef struct Cell { Num value; bool missing; } Cell;

/* One row of a broken-down result: the group's key (one text per dimension; NULL for the
 * total row, which comes last). */
typedef struct ResultRow {
  const char **key;
  Cell cell;
  long skipped;              /* missing values skipped by its aggregates */
} ResultRow;

/* How the keys of a dimension are ordered and read: text (or territory codes), numbers
 * (entier, décimal columns: 1, 2, 10), dates (ISO in the key, as the locale writes a date in
 * a report). */
typedef enum KeyKind { KEY_TEXT, KEY_NUMBER, KEY_DATE } KeyKind;

/* The dimensions of a breakdown; levels[d] is the territory level of dimension d's codes
 * (TERR_OTHER for a plain column): writers show their names (territory.h); kinds[d] (NULL:
 * all text) how its keys sort and read. */
typedef struct Breakdown { const char **dims; int ndims; const TerrLevel *levels; const KeyKind *kinds; } Breakdown;

/* The report order of two keys of one dimension, as strcmp: numbers by value, dates by date,
 * territory codes by territory_compare, other text by bytes. */
int ev_key_compare(TerrLevel lv, KeyKind kind, const char *a, size_t alen, const char *b, size_t blen);

typedef struct IndicatorResult {
  const Sym *sym;
  const char *name, *label, *unit;   /* unit as printed ("€/an", "%", "logement"), "" if none */
  int decimals;                      /* display decimals (declared, else by unit) */
  Breakdown by;
  ResultRow *rows; int nrows;        /* groups sorted by key bytes, then the total */
} IndicatorResult;

typedef struct Share { const char *stakeholder; Num value; } Share;

/* A figure as a report printed it (`publié:`), beside the computed one: diff = computed −
 * published, rel = diff / published (rel_missing when published is 0). */
typedef struct Published { bool given; Num value, diff, rel; bool rel_missing; } Published;
typedef struct ValuationRow {
  const char **key;                  /* NULL: total */
  bool missing;
  Num quantity, proxy, present_value;
  Num *impact; int nyears;           /* impact(1..N), undiscounted */
  Num *discounted;                   /* impact(n) / (1+r)^n */
  Share *shares; int nshares;        /* present value by stakeholder */
} ValuationRow;
typedef struct ValuationResult {
  const Sym *sym;
  const char *name, *label, *chain; /* chain may be NULL */
  Num deadweight, attribution, displacement, drop_off, rate;
  int years;                         /* the years of its stream */
  Share *parts; int nparts;          /* each stakeholder's declared share (0.7 for 70 %) */
  SroiTimeline timeline;             /* période, début, cohortes, durée / durée_après */
  const char *currency;              /* "€", or the référentiel's declared currency ("AUD") */
  Published published;               /* publié: beside the total present value */
  Breakdown by;
  ValuationRow *rows; int nrows;     /* groups, then the total */
} ValuationResult;

typedef struct CostResult {
  const Sym *sym;
  const char *name, *label;
  Num amount;                        /* over all its years, undiscounted */
  Num *amounts; int nyears;          /* per year (1 year: amounts[0] = amount) */
  bool missing;
  const char *currency;
  Published published;
} CostResult;

/* One valorisation or coût of a bilan, under the bilan's conventions. */
typedef struct StatementLine {
  int val, cost;                     /* its index in EvalResult.vals or .costs (the other -1) */
  bool missing;
  Num *flows, *discounted; int nyears;   /* per year: undiscounted, discounted */
  Num present_value;                 /* Σ discounted; a valorisation: × share */
  Num share;                         /* a valorisation: the part of the bilan's `pour:` (1 without) */
} StatementLine;

typedef struct Named { const char *name; Num value; bool missing; } Named;   /* missing: a part of it has no value */
typedef struct StatementResult {
  const Sym *sym;
  const char *name, *label;
  Num present_value, costs, net_present_value, ratio;
  bool present_value_missing;        /* a listed valuation has no value (so have the net value and ratio) */
  bool costs_missing;                /* a listed cost has no amount (idem) */
  bool ratio_missing;                /* no costs, or a part missing */
  const char **missing; int nmissing;   /* the valuations and costs without a value, by name */
  Named *by_stakeholder; int nstakeholders;
  Named *by_chain; int nchains;
  int *vals; int nvals;              /* what it sums: indexes into EvalResult.vals (missing */
  int *costs_in; int ncosts_in;      /* ones included) and EvalResult.costs */
  /* its conventions (doc/methode-sroi.md); `declared`: it states some, so reports show them
   * and the value of each line under them */
  bool declared;
  SroiConv conv;
  Num beta; bool has_beta;           /* actualisation: france_stratégie */
  bool ratio_to_one;                 /* ratio: pour_un ("6:1") */
  int decimals; bool has_decimals;   /* décimales: for its amounts and its ratio */
  const char **only_for; int nonly_for;     /* pour: the value of these stakeholders only */
  const char **funders; int nfunders;       /* financeur: the costs they bear only */
  StatementLine *lines; int nlines;  /* its valorisations, then its coûts */
  const char *currency;
  Published published, published_ratio;
} StatementResult;

/* --sensibilité (compute_sens.c): one input of one valuation of a bilan, moved down and up by
 * the step, the others unchanged; values in the input's unit (rates in points). */
typedef enum SensSwitch {
  SW_NONE,        /* no value of the input brings the ratio to the threshold */
  SW_EXACT,       /* exact (the present value is linear in the input) */
  SW_BISECTION,   /* to 10^-6 (0.0001 point): drop-off, discount rate */
  SW_YEARS,       /* the shortest whole number of years */
} SensSwitch;
typedef struct SensInput {
  const char *valuation, *input;     /* input: the field's French name (quantité, aubaine…) */
  bool percent;                      /* a rate, shown in % */
  Num base, low, high;               /* the input, then moved down and up */
  Num ratio_low, ratio_high;         /* the bilan's SROI ratio with the input at low, at high */
  SensSwitch sw; Num switching;      /* the input's value where the ratio reaches the threshold */
} SensInput;
typedef struct SensResult {
  const char *statement;
  Num ratio, threshold;              /* the bilan's ratio; the threshold of switching values */
  Num step, points;                  /* relative step in % of quantities and proxies; points of rates */
  SensInput *inputs; int ninputs, icap;   /* largest swing |ratio_high − ratio_low| first (a tornado) */
} SensResult;

/* A panel's estimate of a total over its base_sondage (compute_panel.c, doc/methode-extrapolation.md):
 * per stratum, then for the whole frame. Values in the variable's unit. */
typedef struct EstStratum {
  const char *key;                   /* the stratum's values joined by " / "; NULL: no strata */
  long N, n;                         /* organisations in the frame; in the panel (with y and x) */
  Num X, estimate;                   /* auxiliary total in the frame; estimated total */
  bool missing;                      /* no panel unit (or a zero auxiliary): no estimate */
} EstStratum;
typedef struct EstimateResult {
  const Sym *panel;
  const char *name, *label, *unit;   /* name: panel.variable; unit as printed */
  const char *frame, *auxiliary;     /* auxiliary: NULL for the expansion estimator */
  PanelMethod method;
  Num estimate, variance, se, ci_low, ci_high, cv, level, t;   /* level in % (95); t, se: 20 decimals */
  bool missing, se_missing;          /* no estimate; no variance (a stratum of fewer than 2 units) */
  long n, N, df;                     /* panel units, frame units, degrees of freedom n − H */
  EstStratum *strata; int nstrata;
} EstimateResult;

/* A composite index (compute_index.c, doc/methode-indices.md): per group of its components'
 * breakdown, each component's value, normalised value, weight (after reweighting) and
 * contribution, and the index. Normalised values are on a 0–100 scale for min-max (0 the
 * worst group, 100 the best) and distance to target (100 = the target reached), in standard
 * deviations for z-scores, and ranks (1 the worst) for rangs. Exact, except z-scores and
 * geometric means: to INDEX_DECIMALS decimals, correctly rounded. */
enum { INDEX_DECIMALS = 20 };
typedef struct IndexPart {
  Num value, norm, weight, contribution;   /* weight: a fraction (0.4); contribution: weight × norm
                                              (arithmetic), norm^weight (geometric) */
  bool absent;                       /* the indicator has no value in this group */
  bool missing;                      /* absent, or not normalised (and then no weight) */
} IndexPart;
typedef struct IndexRow {
  const char **key;                  /* NULL: the total (distance to target only) */
  Num value; bool missing;
  IndexPart *parts;                  /* one per component */
} IndexRow;
typedef struct IndexComponent {
  const char *name, *label, *unit;   /* the indicator's */
  int decimals;                      /* the indicator's display decimals */
  Num weight;                        /* declared, as a fraction */
  bool lower_better;
  bool has_target; Num target;       /* distance_cible, in the indicator's unit */
  Num lo, hi;                        /* min-max: the extremes over the groups; z-score: mean, standard deviation (20 dec.) */
  bool spread;                       /* min-max, z-score: the groups differ (else nothing is normalised) */
} IndexComponent;
typedef struct IndexResult {
  const Sym *sym;
  const char *name, *label;
  ChoiceId norm, agg, missing_policy;
  int decimals;                      /* display decimals (décimales:, else 1; z-scores 2) */
  bool exact;                        /* false: z-scores or a geometric mean (INDEX_DECIMALS) */
  Breakdown by;
  IndexComponent *comps; int ncomps;
  IndexRow *rows; int nrows;         /* groups in key order, then the total when there is one */
} IndexResult;

typedef struct CheckFailure { const char *path; long line; } CheckFailure;
/* One side of a compared contrôle, in the unit a person reads it in (31.9 %, not 0.319),
 * with the decimals the report shows it with (an indicator's own; a literal's as written). */
typedef struct CheckSide { Cell cell; int decimals; const char *unit; } CheckSide;
typedef struct CheckResult {
  const Sym *sym;
  const char *name, *label;
  bool passed;
  long rows_checked, failures;       /* row-level contrôles */
  CheckFailure first[10]; int nfirst;
  const char *condition;             /* the condition as written */
  bool compared;                     /* an aggregate contrôle comparing two values: */
  CheckSide lhs, rhs; const char *op;   /* its sides and operator ("<=") */
  const char *detail;                /* …as text, rounded, with a point ("31.9 % <= 100 %") */
} CheckResult;

/* Which value of each parameter was used (the output says so). */
typedef struct ParamUse {
  const Sym *sym;
  const char *name, *since;          /* since: "2022-01-01", or NULL for an undated value */
  bool row_dependent;                /* `selon` a column: no single value */
  bool overridden;                   /* set by the scénario */
  bool missing;                      /* no value in force at the date: what uses it is empty */
  const char *first_since;           /* …and the date its first value applies from (or NULL) */
  const char *text;                  /* a row-dependent value as written (selon zone { … }) */
  const Sym *local;                  /* the surcharge its value comes from, or NULL; then: */
  const char *local_source;          /* its `source:` (or NULL), */
  Num ref_value;                     /* the référentiel's value at the date, for comparison */
  bool ref_missing, ref_row_dependent;
  const char *ref_since, *ref_text;
  Num value;
  const char *unit;                  /* its declared unit as printed ("%", "€/ménage"), or "" */
} ParamUse;

typedef struct Label { const char *name, *label; } Label;

/* A data table read: its name and label, the file (or source) it came from, its rows, and
 * with EvalOptions.checksums the SHA-256 of the file's bytes as the evaluator read them (64
 * hex digits; NULL for a database source). */
typedef struct TableRead { const char *name, *label, *path; long rows; const char *sha256; } TableRead;

typedef struct EvalResult {
  const char *framework, *version;   /* the main script's référentiel header, or NULL */
  const char *framework_label;       /* …its label ("Habitat des Hauts"), or NULL */
  const char *currency;              /* its declared currency ("AUD"), "€" by default */
  Label *labels; int nlabels;        /* labels of the stakeholders and chains, for reports */
  const char *date, *scenario;
  IndicatorResult *inds; int ninds;
  ValuationResult *vals; int nvals;
  CostResult *costs; int ncosts;
  StatementResult *stmts; int nstmts;
  CheckResult *checks; int nchecks;
  ParamUse *params; int nparams;
  TableRead *tables; int ntables;    /* the data tables read, in reading order */
  SensResult *sens; int nsens;       /* --sensibilité: one per bilan */
  EstimateResult *ests; int nests;   /* panels: one per estimated variable */
  IndexResult *idxs; int nidxs;      /* indices, in declaration order */
  const Compilation *comp;           /* what was evaluated (the report reads its arbres, sources) */
  int warnings;
  void *arena;                       /* owns everything above */
} EvalResult;

typedef enum EvalStatus { EVAL_OK, EVAL_SCRIPT_ERROR, EVAL_DATA_ERROR } EvalStatus;
/* Evaluates c (checked, no errors) with the options; problems go to c->diag (data errors
 * name file:line:col). Returns the result (NULL on a data error) and sets *st. */
EvalResult *eval_run(Compilation *c, const EvalOptions *o, EvalStatus *st);
void eval_free(EvalResult *r);

/* `pvs explain`: evaluates c, then prints to out how the declaration `name` was computed
 * (every input with its value and origin; per group; `group` restricts to one group key). */
EvalStatus eval_explain(Compilation *c, const EvalOptions *o, const char *name, const char *group, FILE *out);
/* `pvs explain --plan`: evaluates c, then prints how many times each data file was read and
 * why (stages, joins on the small side, réf indexes). */
EvalStatus eval_explain_plan(Compilation *c, const EvalOptions *o, FILE *out);
#endif
