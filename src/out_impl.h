/* out_impl.h — what the writers (out_*.c) share and nobody else sees: a growing string,
 * number formatting for display and for machines, and the report model that the text and
 * Markdown writers both render.
 *
 * Allocation failures are sticky: a string or a report that failed to grow sets `oom`, every
 * later call on it does nothing, and the writer returns ENOMEM at the end. */
#ifndef PVS_OUT_IMPL_H
#define PVS_OUT_IMPL_H
#include "out.h"
#include <stdarg.h>

#define OUT_MONEY_DECIMALS 2 /* valuations, costs and statements are in € */
#define OUT_RATIO_DECIMALS 2
#define OUT_PARAM_DECIMALS_MAX 6 /* a parameter shows its own decimals, at most this many */
#define OUT_NBSP "\xC2\xA0"      /* U+00A0 before % and € in French */

/* ---- strings ------------------------------------------------------------------------------ */
typedef struct OutStr {
  char *s; /* NUL-terminated when len > 0 or after any add; owned */
  size_t len, cap;
  bool oom;
} OutStr;

void out_str_add(OutStr *s, const char *t);
void out_str_addn(OutStr *s, const char *t, size_t n);
void out_str_printf(OutStr *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *out_str_get(OutStr *s);      /* the text so far ("" when empty); borrowed */
char *out_str_take(OutStr *s);           /* the text, owned by the caller; s is reset */
void out_str_free(OutStr *s);
size_t out_utf8_width(const char *t);    /* characters, not bytes */

/* ---- numbers ------------------------------------------------------------------------------ */
typedef enum OutNumForm { OUT_FIXED, OUT_FR, OUT_EXACT } OutNumForm;
/* Appends a in the form; decimals and mode are ignored for OUT_EXACT. Borrows a. */
void out_str_num(OutStr *s, const Num *a, OutNumForm form, int decimals, NumRound mode);
/* Appends a as shown to a person (French or machine-like), with " %" or " €…" when unit is
 * % or a money unit; a NULL a is missing ("—", or "n/a" outside French). */
void out_str_display(OutStr *s, const Num *a, int decimals, const char *unit,
                     const OutOptions *o);
const char *out_missing(const OutOptions *o);
/* The report's words (headings, column names) in French when o->french, else in English. */
const char *out_word(const OutOptions *o, const char *english);
/* Decimals to show a value that has no declared precision (a parameter): its own, capped. */
int out_own_decimals(const Num *a);
/* The column header of a result: its scénario name, or "base". */
const char *out_result_name(const EvalResult *r);
/* Flushes f; returns 0, or the errno of its failed write (EIO when unknown). */
int out_stream_status(FILE *f);

/* ---- the report model: headings, paragraphs and tables ----------------------------------- */
typedef enum OutBlockKind { OUT_H1, OUT_H2, OUT_H3, OUT_PARA, OUT_TABLE } OutBlockKind;
typedef struct OutTable {
  int ncols, ncells; /* cells row by row; row 0 is the header */
  char **cells;
  bool *right; /* right-aligned columns (numbers) */
  int cap;
} OutTable;
typedef struct OutBlock {
  OutBlockKind kind;
  char *text; /* headings and paragraphs */
  OutTable t;
} OutBlock;
typedef struct OutDoc {
  OutBlock *b;
  int n, cap;
  bool oom;
  const OutOptions *o;
  const EvalResult *r;  /* for the labels of stakeholders and chains */
} OutDoc;

/* Builds the report of r (out_doc_result) or the side-by-side table of n results
 * (out_doc_scenarios) into d, which borrows o; returns false when out of memory. */
bool out_doc_result(OutDoc *d, const EvalResult *r, const OutOptions *o);
bool out_doc_scenarios(OutDoc *d, const EvalResult *const *rs, int n, const OutOptions *o);
void out_doc_free(OutDoc *d);
/* The rows of a table (header excluded), and one cell (row 0 is the header). */
int out_table_rows(const OutTable *t);
const char *out_table_cell(const OutTable *t, int row, int col);

/* The renderers: text (aligned columns) and Markdown. Return 0 or an errno value. */
int out_text_render(FILE *f, const OutDoc *d);
int out_md_render(FILE *f, const OutDoc *d);
int out_html_render(FILE *f, const OutDoc *d);   /* one self-contained page */
int out_wide_write(FILE *f, const EvalResult *r, const OutOptions *o);   /* csv-wide */
/* The machine writers. */
int out_csv_write(FILE *f, const EvalResult *const *rs, int n, bool with_scenario,
                  const OutOptions *o);
int out_json_write(FILE *f, const EvalResult *r, const OutOptions *o);
int out_json_write_scenarios(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o);
#endif
