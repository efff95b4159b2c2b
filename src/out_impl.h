/* out_impl.h — what the writers (out_*.c) share and nobody else sees: a growing string,
 * number formatting for display and for machines, and the report model (out_doc.c), recorded
 * in the document model of page.h that renders it as text, Markdown or HTML.
 *
 * Allocation failures are sticky: a string or a report that failed to grow sets `oom`, every
 * later call on it does nothing, and the writer returns ENOMEM at the end. */
#ifndef PVS_OUT_IMPL_H
#define PVS_OUT_IMPL_H
#include "out.h"
#include "page_impl.h"
#include <stdarg.h>

#define OUT_MONEY_DECIMALS 2 /* valuations, costs and statements are in € */
#define OUT_RATIO_DECIMALS 2
#define OUT_PARAM_DECIMALS_MAX 6 /* a parameter shows its own decimals, at most this many */
#define OUT_NBSP "\xC2\xA0"      /* U+00A0 before % and € in French */

/* ---- strings: the document model's growing string (page_impl.h) ------------------------ */
typedef PageStr OutStr;
#define out_str_add page_str_add
#define out_str_addn page_str_addn
#define out_str_printf page_str_printf
#define out_str_get page_str_get       /* the text so far ("" when empty); borrowed */
#define out_str_take page_str_take     /* the text, owned by the caller; s is reset */
#define out_str_free page_str_free
#define out_utf8_width page_utf8_width /* characters, not bytes */

/* ---- numbers ------------------------------------------------------------------------------ */
typedef enum OutNumForm { OUT_FIXED, OUT_FR, OUT_EXACT } OutNumForm;
/* Appends a in the form; decimals and mode are ignored for OUT_EXACT. Borrows a. */
void out_str_num(OutStr *s, const Num *a, OutNumForm form, int decimals, NumRound mode);
/* Appends a as shown to a person (French or machine-like), with " %" or " €…" when unit is
 * % or a money unit; a NULL a is missing ("—", or "n/a" outside French). */
void out_str_display(OutStr *s, const Num *a, int decimals, const char *unit,
                     const OutOptions *o);
const char *out_missing(const OutOptions *o);
/* After a number a shown to a person: " ménages" — the unit when it is not suffixed by
 * out_str_display (% and money), with its French plural from 2 on; nothing for no unit. */
void out_str_unit_after(OutStr *s, const Num *a, const char *unit, const OutOptions *o);
/* The two sides a contrôle over indicators compared, as the report shows values
 * ("31,9 % <= 100 %", with math_signs "31,9 % ≤ 100 %"); its detail text otherwise. */
void out_str_compared(OutStr *s, const CheckResult *c, const OutOptions *o, bool math_signs);
/* What the reports say beside a parameter's value: set by the scénario, no value on the
 * date (and since when it has one). */
void out_param_note(OutStr *s, const ParamUse *p, const OutOptions *o);
/* Money as a chart or a key figure shows it: "1,2 M€" from a million, "350 k€" from ten
 * thousand, else "980 €" (rounded half-up, display only); a NULL a is missing. */
void out_str_money_short(OutStr *s, const Num *a, const char *currency, const OutOptions *o);   /* NULL: € */
/* True for the units shown after a number: % and the money units (€, €/an…). */
bool out_unit_is_suffixed(const char *unit);
/* A result's indicator, valuation or bilan by name, or NULL (scénarios side by side). */
const IndicatorResult *out_find_ind(const EvalResult *r, const char *name);
const ValuationResult *out_find_val(const EvalResult *r, const char *name);
const StatementResult *out_find_stmt(const EvalResult *r, const char *name);
/* The title of a report: "Habitat des Hauts (référentiel habitat-des-hauts 2024.1)" (the
 * label of the script's référentiel, its name and version), "habitat-des-hauts 2024.1"
 * without a label, "Évaluation" without a référentiel. */
void out_framework_title(OutStr *s, const EvalResult *r, const OutOptions *o);
/* The report's words (headings, column names) in French when o->french, else in English. */
const char *out_word(const OutOptions *o, const char *english);

/* Appends a unit as reports show it: m2 and m3 as m² and m³ (units_display); "" for NULL. */
void out_str_unit(OutStr *s, const char *unit);

/* ---- group keys --------------------------------------------------------------------------- */
/* The level of dimension d of a breakdown (TERR_OTHER when it holds no territory codes). */
TerrLevel out_key_level(const Breakdown *by, int d);
/* The official name of value `key` of dimension d ("Lille", "Hauts-de-France"), NULL when it
 * is not a known territory code. */
const char *out_key_name(const Breakdown *by, int d, const char *key);
/* How the keys of dimension d sort and read (KEY_TEXT when the breakdown does not say). */
KeyKind out_key_kind(const Breakdown *by, int d);
/* Appends value `key` of dimension d as the report's locale writes it, territory codes as
 * they are: a date 31/12/2024 in French (ISO otherwise), a décimal 2,5; "not given" for NULL. */
void out_key_value(OutStr *s, const Breakdown *by, int d, const char *key, const OutOptions *o);
/* Appends how a person reads value `key` of dimension d: "Lille (59350)", "Nord (59)",
 * "Hauts-de-France", the value itself when it is no territory code, "not given" for NULL. */
void out_key_text(OutStr *s, const Breakdown *by, int d, const char *key, const OutOptions *o);
/* Decimals to show a value that has no declared precision (a parameter): its own, capped. */
int out_own_decimals(const Num *a);
/* The column header of a result: its scénario name, or "base". */
const char *out_result_name(const EvalResult *r);
/* Flushes f; returns 0, or the errno of its failed write (EIO when unknown). */
#define out_stream_status page_stream_status

/* ---- the report model: headings, paragraphs and tables, recorded in a page ------------ */
typedef enum OutBlockKind { OUT_H1, OUT_H2, OUT_H3, OUT_PARA, OUT_TABLE } OutBlockKind;
typedef struct OutTable {   /* a table being collected: cells row by row, row 0 the header */
  int ncols, ncells;
  char **cells;
  bool *right; /* right-aligned columns (numbers) */
  int cap;
} OutTable;
typedef struct OutDoc {
  Page page;            /* what the renderers read */
  OutTable t;           /* the table being collected (ncols 0: none) */
  bool oom;
  const OutOptions *o;
  const EvalResult *r;  /* for the labels of stakeholders and chains */
  bool report;          /* the HTML report (out_report.c): labels where the text shows names, charts */
} OutDoc;

/* Builds the report of r (out_doc_result) or the side-by-side table of n results
 * (out_doc_scenarios; for the HTML report: bilans first, labels, only the indicators that
 * change) into d, which borrows o; returns false when out of memory. */
bool out_doc_result(OutDoc *d, const EvalResult *r, const OutOptions *o);
bool out_doc_scenarios(OutDoc *d, const EvalResult *const *rs, int n, const OutOptions *o, bool report);
void out_doc_free(OutDoc *d);
/* The rows of a table (header excluded), and one cell (row 0 is the header). */
int out_table_rows(const OutTable *t);
const char *out_table_cell(const OutTable *t, int row, int col);

/* For the HTML report (out_report.c): the pieces of out_doc.c it reuses. Before writing to
 * d->page directly, out_doc_flush writes the table being collected. */
void out_doc_start(OutDoc *d, const EvalResult *r, const OutOptions *o);
bool out_doc_finish(OutDoc *d);
void out_doc_flush(OutDoc *d);
void out_doc_indicator_table(OutDoc *d, const IndicatorResult *ind);
void out_doc_valuation_table(OutDoc *d, const ValuationResult *v);
const char *out_doc_label(const OutDoc *d, const char *name);   /* a stakeholder's or chain's */
/* The sections of the analysis methods (out_methods.c): sensitivity of the bilans. */
void out_doc_methods(OutDoc *d, const EvalResult *r);
/* The section of the composite indices (out_index.c), written by out_doc_methods. */
void out_doc_indices(OutDoc *d, const EvalResult *r);
/* The paragraph "Estimation pour la profession : 446 M€ [IC 95 % : 432 – 460 M€]". */
void out_doc_estimate_sentence(OutDoc *d, const EstimateResult *e);
/* A bilan's declared conventions, its published figures beside the computed ones, and its
 * lines under its conventions (what it has of them), written to d's page. */
void out_doc_statement_notes(OutDoc *d, const StatementResult *st);

/* `--format html` of one result: the report (out_report.c); false when out of memory. */
bool out_report(OutDoc *d, const EvalResult *r, const OutOptions *o);
/* Charts (out_chart.c), as SVG appended to svg. A waterfall's steps are totals (drawn from
 * zero) or changes (drawn from the running total). */
typedef struct ChartItem { const char *label; const Num *value; bool total; } ChartItem;
void out_chart_bars(OutStr *svg, const ChartItem *items, int n, const char *title, const char *currency, const OutOptions *o);
void out_chart_waterfall(OutStr *svg, const ChartItem *steps, int n, const char *title, const char *currency,
                         const OutOptions *o);
/* The tornado of a sensitivity analysis: per row, the ratio with the input moved down and up
 * around the base ratio; the threshold drawn as the switching point. */
typedef struct TornadoRow { const char *label; const Num *low, *high; } TornadoRow;
void out_chart_tornado(OutStr *svg, const TornadoRow *rows, int n, const Num *base, const Num *threshold,
                       const char *title, const OutOptions *o);
double out_chart_px(const Num *v);   /* pixels from the display-rounded value (see out_chart.c) */
/* Stacked bars: per row its parts (row-major, nseries each; NULL: none), not negative, and
 * its total written after the bar with `decimals`; a legend of the series. */
typedef struct ChartStack {
  const char *const *rows; int nrows;
  const char *const *series; int nseries;
  const Num *const *parts; const Num *const *totals;
  int decimals;
} ChartStack;
void out_chart_stacked(OutStr *svg, const ChartStack *c, const char *title, const OutOptions *o);
/* The map of an indicator broken down by département or région (out_map.c). */
#include "territory.h"
bool out_map_level(const IndicatorResult *ind, TerrLevel *lv);
void out_map(OutStr *svg, const IndicatorResult *ind, const char *title, const OutOptions *o);

/* ---- SROI results as every writer says them (out_sroi.c) -------------------------------- */
const char *out_cur(const char *currency);            /* a result's currency: NULL is € */
int out_stmt_decimals(const StatementResult *st);     /* a bilan's amounts: décimales, else 2 */
int out_ratio_decimals(const StatementResult *st);    /* its ratio: décimales, else 0 for N:1, 2 */
/* a in its currency, always suffixed ("1 234,00 €", "665 000 AUD"); NULL a is missing. */
void out_str_money(OutStr *s, const Num *a, int decimals, const char *currency, const OutOptions *o);
/* A bilan's ratio as it declares it: "5,62", or "6:1"; NULL is missing. */
void out_str_ratio(OutStr *s, const Num *ratio, const StatementResult *st, const OutOptions *o);
/* "Conventions: …." in words; "Value to: État only." / "Costs borne by: …" (nothing if all). */
void out_str_conventions(OutStr *s, const StatementResult *st, const OutOptions *o);
void out_str_scope(OutStr *s, const StatementResult *st, bool costs, const EvalResult *r, const OutOptions *o);
const char *out_label(const EvalResult *r, const char *name);   /* a stakeholder's or chain's label */
/* A valorisation's timeline in words, when it is not the default one (one year, one cohort). */
bool out_timeline_default(const SroiTimeline *t);
void out_str_timeline(OutStr *s, const SroiTimeline *t, const OutOptions *o);
/* A published figure's difference: "+1 000,00 € (+0,67 %)" (currency NULL: a plain number). */
void out_str_difference(OutStr *s, const Published *p, int decimals, const char *currency, const OutOptions *o);
const char *out_discount_word(SroiDiscount d);        /* own, rate, none, green_book, france_strategie */

int out_wide_write(FILE *f, const EvalResult *r, const OutOptions *o);   /* csv-wide */
/* The Excel workbook of rs[0] (and of every scénario when n > 1); ENOTSUP without
 * libxlsxwriter. */
int out_xlsx_write(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o);
/* The machine writers. */
int out_csv_write(FILE *f, const EvalResult *const *rs, int n, bool with_scenario,
                  const OutOptions *o);
int out_json_write(FILE *f, const EvalResult *r, const OutOptions *o);
int out_json_write_scenarios(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o);
#endif
