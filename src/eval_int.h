/* eval_int.h — the evaluator's internal model, shared by the evaluator's files only (eval*.c,
 * plan_*.c, scan_*.c, compute_*.c, explain.c).
 *
 *   Plan        everything of one run: tables, group spaces, slots, indicators…
 *   TablePlan   one data table: its CSV, the columns the script uses, the aggregates (slots)
 *               and row-level contrôles computed in its single pass, and, when another
 *               table references it with `réf`, an index of its rows by key
 *   GroupSpace  one breakdown (a list of dimensions): the groups seen, by key
 *   Slot        one aggregate (compte, somme…) over one table, with a filter, a row
 *               expression and a breakdown; identical aggregates are shared
 *   ENode       a compiled expression: names resolved, constants parsed, parameters chosen
 *               for the date and scénario; evaluated per row (inside aggregates) or per
 *               group (indicator formulas)
 * Everything is allocated in the plan's arena except Num limbs (num_clear) and the few
 * malloc'd growable arrays freed by eval_plan_free. */
#ifndef PVS_EVAL_INT_H
#define PVS_EVAL_INT_H
#include "csv.h"
#include "eval.h"
#include "schema.h"
#include "sroi.h"
#include "strmap.h"
#include "territory.h"
#include "value.h"
#include <string.h>

typedef struct Plan Plan;
typedef struct TablePlan TablePlan;
typedef struct Slot Slot;
typedef struct IndPlan IndPlan;
typedef struct GroupSpace GroupSpace;
typedef struct ENode ENode;
typedef struct KeyCheck KeyCheck;
enum { EV_MAX_DATA_ERRORS = 10 };   /* a table's reading stops after so many data errors */

/* ---- group spaces ---- */
struct GroupSpace {
  const char **dims; int ndims;
  const char *sig;                 /* "département|zone": identity of the breakdown */
  TerrLevel *levels;               /* per dimension: the territory level of its codes, TERR_OTHER if none */
  KeyKind *kinds;                  /* per dimension: how its keys sort (the column's type) */
  const char **keys; int nkeys, kcap;  /* key text per group id (dims joined by \x1f) */
  StrMap ids;                      /* key → group id */
};
int gs_find(Plan *p, GroupSpace *gs, const char *key, size_t len);   /* adds if new */

/* How one dimension is read from a row of a table: a column, maybe through réf hops, maybe
 * derived (département or région of a commune code). */
/* A territory level derived from a territory column's code (scan_terr.c): the column's level
 * `from` (codes checked, or not: `millésime aucun`) gives the level `to`; to = TERR_OTHER:
 * the column is read as it is. */
typedef struct DimPlan {
  int nav[SYM_MAX_NAV]; TablePlan *navtp[SYM_MAX_NAV]; int nnav; int col;
  TerrDerive derive;
  TerrLevel level;                 /* the level of the codes it gives (names, order), TERR_OTHER if none */
  KeyKind kind;                    /* numbers and dates sort as such */
} DimPlan;
/* A breakdown as seen from one table: its dimensions, the current row's group, and the
 * accumulators of every aggregate of that table in that breakdown, group-major (one row
 * updates one contiguous block: accs[gid * nslots + slot's sidx]). */
typedef struct TableSpace {
  GroupSpace *gs; DimPlan *dims; long stamp; int gid;
  TablePlan *owner; int idx;       /* its table, its place in owner->spaces */
  StrMap local; int base;          /* a worker of the parallel scan: groups new to gs, ids base + local id */
  struct Acc *accs; int nslots, ngroups;
  char *kbuf; size_t kcap;         /* the current row's key, built here (malloc'd, reused) */
  StrMap memo; int *memo_gid; int mcap;   /* one dimension read from a text cell: cell → group */
  int prefix_gid[TERR_DEP_PREFIXES];      /* by département or région of unchecked communes: group + 1 by prefix, 0 unknown */
  struct Acc *row;                 /* the current row's group's accumulators (accs + gid * nslots) */
} TableSpace;

/* ---- aggregates ---- */
typedef struct AccX {              /* what only min, max, médiane and compte_distinct need */
  Num min, max;
  bool has;
  Num *vals; long nvals, vcap;     /* médiane */
  StrMap dist;                     /* compte_distinct: the texts seen */
} AccX;
typedef struct Acc {               /* one cache line: the hot path touches nothing else */
  long all, rows, n, missing;      /* rows of the group; passing the filter; values; skipped */
  Num sum;
  AccX *x;
} Acc;
struct Slot {
  BuiltinId agg;
  TablePlan *tp;
  ENode *filter, *expr;
  TableSpace *space;               /* NULL: total only */
  const char *sig;                 /* identity, for sharing */
  Acc total;
  int sidx;                        /* its place in space->accs */
  int fkind, fcol, ekind, ecol;    /* fast paths: filter/expression that only read a cell */
  int fshared, eshared;            /* other filters, expressions: their entry in tp->shared, -1 if none */
  const ENode **refs; int nrefs, rcap;  /* indicators, valuations, costs its rows use */
  int stage;                       /* pass it is computed in: after everything its refs need */
  long divzero;                    /* rows whose expression divided by zero */
  bool both;                       /* its groups and its total each accumulate (médiane, compte_distinct in a breakdown) */
};

/* ---- tables ---- */
typedef struct ColPlan {
  Sym *sym; ColKind kind; bool optional, used, stored;
  bool percent, fraction;          /* a % column: cells in points (43,9 = 0,439), or fractions */
  int csv;                         /* index in the CSV record, -1 before the header is read */
  char mark; long mark_line;       /* decimal mark the column uses, from the first cell that has one */
  TerrLevel terr;                  /* a territory column whose codes are checked: its level; else TERR_OTHER */
  int vintage;                     /* its `millésime` (COG year), 0 when not declared */
  struct TerrSeen *seen;           /* older commune codes met (scan_terr.c), NULL if none */
} ColPlan;
typedef struct Slot Slot;
/* A filter or row expression used by aggregates of a table, evaluated at most once per row
 * however many aggregates use it (identical compiled trees are one entry). */
typedef struct NumProg NumProg;
typedef struct SharedExpr {
  const ENode *n; const char *sig;
  const NumProg *prog;             /* a number tree as a flat program (ev_num_prog), or NULL */
  long pstamp, vstamp, nstamp;     /* the row (tp->stamp) its predicate, value, number were computed for */
  int pred;                        /* 1 true, 0 false, -1 missing */
  const Value *v; Value tmp;       /* its value (maybe tmp) */
  const Num *nv; Num num;          /* a number tree's number (maybe num), NULL when missing */
  bool divzero;                    /* computing the value divided by zero */
} SharedExpr;
/* One pass over a table's file: its stage, what it computed, in how many parts it was read
 * (scan_parallel.c) and, when the parallel scan could not split it, why (a msgid, or NULL). */
typedef struct PassNote { int stage, nslots, nchecks; bool first; int parts; const char *serial; } PassNote;
/* A row-level contrôle; `uses` collects the indicators its condition reads (they decide the
 * pass it is checked in, like an aggregate's). */
typedef struct RowCheck { Sym *sym; ENode *cond; CheckResult *res; Slot *uses; } RowCheck;
struct TablePlan {
  Sym *sym;
  const char *path;                /* the CSV file or URL, as shown (credentials redacted) */
  const char *src;                 /* where the rows are read: that file, or the URL as given */
  const char *sha256;              /* its file's digest, from the first pass (EvalOptions.checksums) */
  CsvOptions copt; char sep_opt; char decimal, dec1, dec2;  /* decimal: 0 = ',' then '.' when the delimiter allows */
  ColPlan *cols; int ncols;
  Slot **slots; int nslots, slcap;
  TableSpace **spaces; int nspaces, spcap;
  RowCheck *checks; int nchecks, ccap;
  SharedExpr *shared; int nshared, shcap;
  /* row state */
  const CsvField *f; int nf; long line; long stamp;
  Value *cache;                    /* the current row, parsed */
  int nrefs;                       /* réf columns checked on every row */
  int *pcsv; unsigned char *pkind; /* per column: its field in the record, its short-path kind */
  CsvReader *rd;
  /* réf index: key → stored row (values of the stored columns) */
  bool indexed; int keycol;
  StrMap index; long nrows_stored, icap;
  bool filtered; StrMap want;      /* join on the small side: only the rows of these keys are kept */
  TablePlan **keyfor; int nkeyfor, kfcap;   /* its réf columns were read first for these joins */
  struct PassNote *passes; int npasses, pscap;   /* each pass over its file, for explain --plan */
  Value **stored;                  /* stored[col][row] for stored columns */
  long *stored_line;
  TablePlan **deps; int ndeps, dcap;   /* tables it navigates into (read first) */
  int state;                       /* pass order */
  long rows_read;
  TablePlan **reftp;               /* per column: the table a réf column points into */
  bool available, required;       /* its file exists; a declaration that must be evaluated uses it */
  bool validate;                   /* read once even if nothing uses it: its cells and réfs are checked */
  int reads;                       /* passes over its file so far */
  KeyCheck *keys;                  /* its keys' uniqueness, while first read (scan_keys.c) */
};

/* ---- compiled expressions ---- */
typedef enum NKind { N_CONST, N_COL, N_UN, N_BIN, N_IF, N_MATCH, N_IN, N_FUNC, N_AGG, N_IND, N_VALUATION, N_COST, N_TERR } NKind;
typedef struct NArm { ENode **keys; int nkeys; ENode *val; } NArm;
struct ENode {
  NKind k; Loc loc;
  Value c;                         /* N_CONST */
  TablePlan *tp; int col;          /* N_COL: row table, final column (in the last nav table) */
  int nav[SYM_MAX_NAV]; TablePlan *navtp[SYM_MAX_NAV]; int nnav;
  Op op; ENode *a, *b, *e3;        /* operators, si */
  ENode **args; int nargs;         /* N_FUNC, N_IN (items) */
  BuiltinId fn; int mode;          /* N_FUNC; arrondi's rounding mode */
  NArm *arms; int narms; ENode *other;  /* N_MATCH */
  Slot *slot;                      /* N_AGG */
  IndPlan *ind;                    /* N_IND */
  TableSpace *space;               /* N_IND in an aggregate's rows: the row's group in ind's breakdown */
  GroupSpace *ctx_gs;              /* N_IND: the breakdown of the formula it is used in */
  TerrDerive derive;               /* N_TERR: the level derived from its column `a` (zone_abc in a row) */
  Sym *sym;                        /* N_VALUATION, N_COST; N_CONST: the parameter it is */
  const Expr *src;                 /* the expression it was compiled from */
  bool num;                        /* a number tree of the row (ev_is_num_tree), set by ev_compile */
  bool nodiv;                      /* computing it cannot divide by zero (ev_no_div), set by ev_compile */
};

struct IndPlan {
  Sym *sym; ENode *formula; GroupSpace *gs;
  bool skip;                       /* imported, and its data is not there */
  bool no_value;                   /* it reads a parameter with no value at the date: empty */
  int pt0, pt1;                    /* the parameters it reads: Plan.touched[pt0..pt1) */
  int state;                       /* 0 not computed, 1 computing, 2 done */
  Value total; Value *groups; int ngroups;
  unsigned char *reached;          /* per group of gs: the rows it reads reach it (its result's groups) */
  long skipped;
};

/* A coût's amounts: one formula per year (`montant: 100 €, 120 €`), or one repeated over its
 * `durée` (repeat years). */
typedef struct CostYears { ENode **v; int n; long repeat; } CostYears;

typedef struct Override { Sym *target; FieldId field; Item *item; } Override;

struct Plan {
  Compilation *c; Diag *d; Arena *a; const EvalOptions *o;
  long date;                        /* packed yyyymmdd */
  const char *date_text;
  Override *ovr; int novr, ocap;
  TablePlan **tables; int ntables, tcap;
  GroupSpace **spaces; int nspaces, gcap;
  IndPlan **inds; int ninds, icap;
  ENode **nodes; int nnodes, ncap;
  Sym **cost_syms; ENode **cost_nodes; int ncosts;   /* each coût's compiled amount (explain) */
  CostYears *cost_years;           /* each coût's amount per year (cost_nodes[i] is its first) */
  EvalResult *res;
  bool data_error, script_error, divzero;
  const Slot *novalue;              /* the last aggregate that had no value to give (moyenne of nothing…) */
  bool owner_required, hit_unavailable;   /* while compiling one declaration */
  bool hit_no_value;                /* …it reads a parameter with no value at the date */
  /* The parameters each declaration reads (ev_params_begin/end give its range in `touched`):
   * only those of declarations kept count as used — in the Paramètres section and for the
   * "no value on DATE" warning — once ev_params_settle has run (a parameter read only by
   * declarations left out, their tables having no data file, is neither shown nor warned). */
  Sym **touched; int ntouched, ttcap, tracking;
  bool params_settled;
  Slot *cur_slot;                  /* the aggregate whose rows are being compiled */
  int by_used;                     /* declarations broken down by --by */
  int stage;                       /* the pass stage being run */
  int data_errors;
  int quiet;                       /* > 0: data errors are not reported (a second reading) */
  struct PanelPlan *panels; int npanels, pcap;   /* compute_panel.c */
  /* a worker of the parallel scan (scan_parallel.c) runs on its own copy of the Plan, whose
   * scan_tp is its copy of the table scan_of (row state, accumulators); NULL otherwise */
  TablePlan *scan_of, *scan_tp;
  struct ScanWorker *scan;
  bool scan_failed;                /* the worker met what only the serial reading reports */
};

/* plan_expr.c: expressions compiled into ENode trees, indicators planned */
/* Calls fn on each direct child of n (operands, branches, arms' keys and values, arguments,
 * items) until fn returns false; false when fn stopped. An aggregate's filter and row
 * expression belong to its slot, not to the node. Every pass over compiled trees uses it. */
typedef bool (*ENodeFn)(const ENode *kid, void *ctx);
bool ev_each_kid(const ENode *n, ENodeFn fn, void *ctx);
/* The aggregates a formula reads, directly or through the indicators it uses (each once). */
typedef struct SlotSet { Slot **v; int n, cap; const IndPlan **seen; int nseen, scap; Arena *a; } SlotSet;
void ev_slot_set(const ENode *n, SlotSet *s);
/* The groups of gs (ng of them) that the rows read by s's aggregates of that breakdown fall
 * in: a result has the groups of the rows it reads, never another table's. Malloc'd. */
unsigned char *ev_reached_groups(const SlotSet *s, const GroupSpace *gs, int ng);
typedef struct CCtx { Module *mod; TablePlan *row; GroupSpace *gs; bool bare_percent; Sym *owner; } CCtx;
ENode *ev_compile(Plan *p, const CCtx *cx, const Expr *e);
ENode *ev_missing_const(Plan *p, Loc loc);   /* a new constant node, missing */
bool ev_is_percent_unit(const UnitExpr *u);  /* the unit is % alone */
IndPlan *ev_indicator(Plan *p, Sym *s);
bool ev_is_constant(const ENode *n);
/* plan.c */
const char *ev_expr_text(Plan *p, const Expr *e);   /* as written in the script (arena) */

/* plan_param.c: parameters at the date and scénario, the parameters used */
void ev_param_value(Plan *p, Sym *param, const Module *from, TablePlan *row, ENode **out, ParamUse *use);
int ev_params_begin(Plan *p);                          /* a declaration's compiling starts: its first index */
int ev_params_end(Plan *p);                            /* …ends: its end index */
void ev_params_keep(Plan *p, int t0, int t1);          /* the declaration is kept: its parameters are used */
void ev_params_settle(Plan *p);                        /* planning is over: drop the unused, warn the rest */

/* compute_expr.c: evaluating compiled trees, computing indicators */
/* Evaluates n: per row (tp's current row) when gid < -1 is not used… see compute_expr.c. */
void ev_eval(Plan *p, const ENode *n, int gid, Value *out);
void ev_compute_indicator(Plan *p, IndPlan *ip);
const char *ev_group_label(const GroupSpace *gs, int gid, int dim);
#define GID_ROW (-2)    /* evaluate against the current row of n's table */
#define GID_TOTAL (-1)

/* plan_table.c: tables bound to their data, columns used, réf links, passes and stages */
TablePlan *ev_table(Plan *p, Sym *table);
int ev_column_use(Plan *p, TablePlan *tp, Sym *col, bool stored);
/* tp reads rows of dep through réf columns: dep is read (and indexed) before tp. */
void ev_table_dep(Plan *p, TablePlan *tp, TablePlan *dep);
bool ev_table_needed(const TablePlan *tp);   /* read at all (used or validated, with data) */
/* Every table validated, réf links, joins, the stage of every aggregate: the last stage. */
int ev_plan_passes(Plan *p);

/* scan_group.c: whether dimension dim can be read from table t (a column, a level derived
 * from one, maybe through réf columns) */
bool ev_dim_possible(const Sym *t, const char *dim, int depth);

/* scan_table.c */
TableSpace *ev_table_space(Plan *p, TablePlan *tp, GroupSpace *gs);
void ev_row_value(Plan *p, TablePlan *tp, int col, Value *out);
bool ev_nav(Plan *p, const ENode *n, TablePlan **tp, long *row);
/* Follows réf columns from the current row of `from`: the table and stored row read last. */
bool ev_follow(Plan *p, TablePlan *from, const int *nav, TablePlan *const *navtp, int nnav, TablePlan **tp, long *row);
CsvReader *ev_open_source(const TablePlan *tp);   /* its CSV file or database table, not yet read */
/* The current row's key as text (a number in its canonical form, in *nt: free it), or NULL
 * when it has none; valid until the next row. `parse`: the key cell is parsed first,
 * quietly (the row's other cells are not read). */
const char *ev_row_key(Plan *p, TablePlan *tp, bool parse, NumText *nt, size_t *len);
/* scan_keys.c: every key of a table unique, in bounded memory. ev_keys_add for each key of
 * its first read that the réf index does not hold, ev_keys_end after that read (complete:
 * the whole file was read). */
void ev_keys_add(Plan *p, TablePlan *tp, const char *key, size_t len);
void ev_keys_end(Plan *p, TablePlan *tp, bool complete);
/* The field of the header named `name`: the first written exactly so (spaces around it
 * ignored), else the first equal to it ignoring ASCII case; -1 when none. */
int ev_header_find(const CsvField *h, int nh, const char *name);
/* plan_join.c: joins built on the small side (a big table designated by réf from small ones
 * keeps only the rows they designate). After the réf links are known, before any pass. */
void ev_plan_joins(Plan *p);
/* Whether table t keeps its row of key (key, len). */
bool ev_row_wanted(const TablePlan *t, const char *key, size_t len);
/* scan_group.c: the current row's group in one breakdown (computed once per row). */
int ev_row_group(Plan *p, TablePlan *tp, TableSpace *ts);
/* After a parallel scan: the global id of each group a worker's copy ts of a breakdown met
 * first (local ids in order; added to the breakdown, in that order). Malloc'd. */
int *ev_merge_groups(Plan *p, TableSpace *ts);

/* scan_table.c, for the parallel scan: the rows of tp's open reader, up to its end (1), or
 * (stop >= 0) until the first record that starts at or after byte `stop` (0); -1 when it
 * stopped on an error. Accumulators: init, merge one into another, free. */
int ev_scan_rows(Plan *p, TablePlan *tp, long long stop);
void ev_acc_init(Acc *a);
void ev_acc_free(Acc *a);
Acc *ev_group_acc(Slot *s, int gid);
AccX *ev_acc_x(Acc *a);            /* a's extra part, made when missing */
/* The accumulator of group gid, or NULL when the group never reached this slot. */
static inline Acc *ev_find_acc(Slot *s, int gid) {
  return gid < s->space->ngroups ? &s->space->accs[(long)gid * s->space->nslots + s->sidx] : NULL;
}
/* A row a worker kept for the réf index, added in file order: key, line, the values of the
 * stored columns (moved; texts were the worker's copies). False when the key is already
 * there (nothing is changed). ev_index_reset empties the index (the serial reading then
 * builds it). */
bool ev_index_merge(Plan *p, TablePlan *tp, const char *key, size_t len, long line, Value *vals);
void ev_index_reset(TablePlan *tp);
/* scan_parallel.c: the current pass of tp (header read) split across threads: true when done
 * so (n says in how many parts), false when tp's reader is to be read serially (n->serial
 * says why, when it is the plan's and not the machine's reason). */
bool ev_scan_parallel(Plan *p, TablePlan *tp, PassNote *n);
/* The threads --jobs (or PVS_JOBS, or the number of cores) asks for. */
int ev_scan_jobs(const Plan *p);
/* A key of the first read, from a worker (scan_keys.c checks them in batches). */
void ev_scan_key(Plan *p, const char *key, size_t len);
/* The current row of a worker, kept for the réf index (designated by its key). */
void ev_scan_keep(Plan *p, TablePlan *tp, const char *key, size_t len);
/* scan_keys.c: the fingerprints of the keys, as ev_keys_add adds them. */
uint64_t ev_key_fingerprint(const char *key, size_t len);
/* A worker's own run of fingerprints (fp[0..n), cap of them: the check's run size, filled
 * by ev_keys_run_add): when full, cut into its parts by ev_keys_run_cut (no shared state:
 * outside any lock), then handed to the check by ev_keys_add_run (under the scan's lock:
 * only the write to the temporary file is serial). */
typedef struct KeyRun { uint64_t *fp, *cut, mask; uint32_t *off; int n, cap; } KeyRun;
void ev_keys_run_init(KeyRun *r);
void ev_keys_run_add(KeyRun *r, uint64_t fp);
void ev_keys_run_cut(KeyRun *r);
void ev_keys_add_run(Plan *p, TablePlan *tp, KeyRun *r);
void ev_keys_run_free(KeyRun *r);
void ev_keys_add_fp(Plan *p, TablePlan *tp, uint64_t fp);
/* Runs the passes ev_plan_passes planned, stages 0 to top; false on a data error. */
bool ev_run_tables(Plan *p, int top);
/* compute_agg.c: an aggregate's value in group gid (or GID_TOTAL), the missing values it
 * skipped there, the rows of that group that reached it (before its filter) */
void ev_slot_result(Plan *p, Slot *s, int gid, Value *out, long *skipped);
long ev_slot_skipped(Slot *s, int gid);
long ev_slot_rows(Slot *s, int gid);
GroupSpace *ev_space(Plan *p, const char **dims, int ndims);
void ev_tables_free(Plan *p);
void ev_data_error(Plan *p, TablePlan *tp, int field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* scan_terr.c: territory cells, levels derived from them, their names in rows */
void ev_terr_column(ColPlan *c);   /* sets c->terr and c->vintage from the declaration */
/* Reads the cell (s, n) of territory column col into v as its current code (static text);
 * false when it is no code of that level (a data error was reported, with the nearest codes). */
bool ev_terr_cell(Plan *p, TablePlan *tp, int col, const char *s, size_t n, Value *v);
void ev_terr_report(Plan *p, TablePlan *tp);   /* after the first pass: the older codes met */
/* The column of t that gives level `want` (itself, or a commune or département column it is
 * derived from), -1 when none; *d says how. */
int ev_terr_source(const Sym *t, TerrLevel want, TerrDerive *d);
/* The code at level d->to of the territory code (s, n) of a d->from column: static, or NULL. */
const char *ev_terr_derive(const TerrDerive *d, const char *s, size_t n);
/* Whether that code follows from the first characters of the code alone (the département or
 * région of unchecked commune codes: territory_departement_prefix). */
bool ev_terr_by_prefix(const TerrDerive *d);
/* The level of the territory codes a compiled expression gives (a territoire column, a level
 * derived in a row, département_qpv), TERR_OTHER when it is not known to be one. */
TerrLevel ev_node_level(const ENode *n);
/* nom, département_qpv, début, sous_texte on evaluated arguments (c NULL when not given);
 * lv: the level nom reads its argument at. The result borrows a's text or is static. */
void ev_code_func(BuiltinId fn, TerrLevel lv, const Value *a, const Value *b, const Value *c, Value *out);

/* eval.c: the driver (plan → scan → compute → results) */
EvalStatus ev_run_plan(Plan *p, Compilation *c, const EvalOptions *o);
void ev_free_plan(Plan *p);

/* plan.c: the run's date, scénario and options; the declarations to evaluate, compiled */
typedef struct Todo { Sym **v; int n, cap; } Todo;
typedef struct CheckPlan { Sym *sym; ENode *cond; CheckResult *res; } CheckPlan;
typedef struct Decls {
  Todo inds, costs, checks;        /* every indicator, coût, contrôle of the compilation */
  bool *cost_skip;                 /* per coût: left out (it reads a table without data) */
  CheckPlan *cps; int ncp;         /* the contrôles that are run (results in p->res->checks) */
  const char *not_run, *no_value;  /* contrôles not run: a table without data; a parameter without value */
} Decls;
bool ev_plan_start(Plan *p);       /* the date, the scénario, --plage, the --data options */
void ev_plan_decls(Plan *p, Decls *d);
void ev_reset_eval_slots(Compilation *c);   /* every Sym's eval pointer back to NULL */

/* compute_cost.c: each coût's amounts, once the tables are read */
void ev_costs(Plan *p, Todo costs, const bool *cost_skip);

/* results.c: the EvalResult's parts */
void ev_indicator_result(Plan *p, IndPlan *ip, IndicatorResult *r);
void ev_check_result(Plan *p, CheckPlan *cp);   /* a contrôle's result, from its condition */
void ev_collect_labels(Plan *p);
void ev_record_tables(Plan *p);
bool ev_percent_unit(const Sym *s);
const char *ev_currency(const Module *m);          /* its header's `devise`, else "€" */
const char *ev_unit_text(Plan *p, const Sym *s);   /* declared or inferred unit, "" if none */
const char *ev_num_text(Plan *p, const Num *n);    /* the exact text, whole, in the plan's arena */
void ev_cell(const Value *v, bool percent, Cell *c);
int *ev_sorted_groups(Plan *p, const GroupSpace *gs);
/* A group's key, one text per dimension; NULL for a dimension the rows do not give. */
const char **ev_group_key(Plan *p, const GroupSpace *gs, int gid);
void ev_breakdown(Plan *p, const GroupSpace *gs, Breakdown *b);

/* scan_fast.c: row fast paths, same results as ev_eval (value.h: ev_compare, ev_equal) */
int ev_row_pred(Plan *p, const ENode *n);              /* 1 true, 0 false, -1 missing */
/* A number computed from the row without building values: cells, numbers, + - * /, défaut of
 * two such, a selon on a cell whose keys are constants and whose values are such. */
bool ev_is_num_tree(const ENode *n);
/* Whether computing number tree n can never divide by zero: cells, constants, − and + − ×,
 * défaut of such, selon on a cell whose values are such (défaut skips such a fallback). */
bool ev_no_div(const ENode *n);
const Num *ev_row_num(Plan *p, const ENode *n, Num *tmp);   /* NULL: missing */
/* The same for a tree of + - * over cells of tp and constants, compiled once into a flat
 * program (in the arena; NULL for any other tree), run over the row's cells: what
 * ev_row_num(p, n, tmp) gives, without recursion or Num temporaries. */
NumProg *ev_num_prog(Plan *p, const TablePlan *tp, const ENode *n);
const Num *ev_prog_num(Plan *p, const NumProg *g, const Value *cells, const ENode *n, Num *tmp);

/* compute_sroi.c */
typedef struct ValPlan {
  Sym *sym; GroupSpace *gs; bool skip;
  ENode *quantity, *proxy;
  Num rate[R__COUNT];
  long years;                      /* durée (1 by default), or 0 with durée_après */
  SroiTimeline tl;                 /* période, début, cohortes, durée or durée_après */
  Num published; bool has_published;   /* publié: the printed present value */
  const char **holders; Num *shares; int nholders;
  const char *chain;
  int slot;                        /* its place in EvalResult.vals (declaration order), -1 if skipped */
  int state;                       /* 0 not computed, 1 computing, 2 done */
} ValPlan;
/* Computes a valuation's result if not done yet (a formula may use its present value). */
void ev_valuation_compute(Plan *p, ValPlan *vp);
void ev_valplans_free(Plan *p);
/* The SROI arithmetic of the brief, exactly: impact[0..years) and discounted[0..years)
 * (initialised Nums the caller owns) and *pv = Σ discounted. rate[] is indexed by R_*. */
void ev_sroi(const Num *q, const Num *proxy, const Num rate[R__COUNT], int years, Num *impact,
             Num *discounted, Num *pv);
void ev_plan_valuations(Plan *p);
void ev_valuations(Plan *p);
/* A field of valuation (or bilan) s as the scénario leaves it, and its first value. */
const Item *ev_val_field(Plan *p, Sym *s, FieldId f);
const Expr *ev_val_expr(Plan *p, Sym *s, FieldId f);
/* A field that must be a number known before reading the data, into *out (dflt when
 * absent); false, with an error said, when it is not one. */
bool ev_const_num(Plan *p, Sym *s, FieldId f, Num *out, long dflt);
/* The amount of cost i over all its years (undiscounted), into *out (missing: V_MISSING). */
void ev_cost_total(Plan *p, int i, Value *out);

/* compute_bilan.c */
void ev_statements(Plan *p);
/* Whether a bilan's list (valorisations:, coûts:) names `name`; no list names everything. */
bool ev_listed(const Item *it, const char *name);
/* compute_panel.c: the aggregates of every panel, planned before the tables are read; then
 * the estimates, computed from them into p->res */
void ev_plan_panels(Plan *p);
void ev_panels(Plan *p);
void ev_panels_free(EvalResult *r);
/* compute_index.c: every indice whose components were all computed, from the indicators' results */
void ev_indices(Plan *p);
void ev_indices_free(EvalResult *r);
/* compute_sens.c: --sensibilité, from the bilans' totals in p->res */
void ev_sensitivity(Plan *p);
void ev_sensitivity_free(EvalResult *r);
/* *out = the published figure beside the computed one, with their difference. */
void ev_published(const Num *computed, const Num *published, Published *out);

/* The table tp as this thread reads it: a worker of the parallel scan has its own copy of
 * the table it scans (its current row, its accumulators). */
static inline TablePlan *ev_rt(const Plan *p, TablePlan *tp) { return tp == p->scan_of ? p->scan_tp : tp; }
static inline TableSpace *ev_rs(const Plan *p, TableSpace *ts) {
  return ts->owner == p->scan_of ? p->scan_tp->spaces[ts->idx] : ts;
}

/* A cell of the current row: every cell is parsed once, before anything reads it. */
static inline const Value *ev_row_peek(Plan *p, TablePlan *tp, int col) {
  return &ev_rt(p, tp)->cache[col];
}

/* The value of n without copying it when it already exists (a constant, a cell of the
 * current row); else evaluated into *tmp (which the caller clears). */
static inline const Value *ev_peek(Plan *p, const ENode *n, int gid, Value *tmp) {
  if (n->k == N_CONST) return &n->c;
  if (n->k == N_COL && n->nnav == 0) return &ev_rt(p, n->tp)->cache[n->col];
  ev_eval(p, n, gid, tmp);
  return tmp;
}
#endif
