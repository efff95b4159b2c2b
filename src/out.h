/* out.h — the writers of `pvs eval`: an EvalResult as a readable report (text), a flat
 * table (csv), one JSON object (json) or Markdown (md), alone or several scénarios side by
 * side; and the atomic output file behind `-o FILE`.
 *
 * Writers borrow the results and never change them: values are rounded for display only
 * (to the row's decimals, money to 2, ratios to 2) with the chosen rounding mode; machine
 * forms (csv, json) always use '.' and no grouping, the French display (text, md) groups
 * thousands with U+202F and puts U+00A0 before '%' and '€'. The exact value is given
 * beside the rounded one in csv and json. Output is byte-identical from run to run.
 * doc/formats.md describes every format. Library code: nothing is printed but the output,
 * nothing exits; errors come back as errno values. */
#ifndef PVS_OUT_H
#define PVS_OUT_H
#include "eval.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum OutFormat { OUT_TEXT, OUT_CSV, OUT_JSON, OUT_MD, OUT_HTML, OUT_CSV_WIDE, OUT_XLSX } OutFormat;

typedef struct OutOptions {
  bool french;       /* French display (text, md, html): 1 234,57 € with U+202F and U+00A0,
                      * 31/12/2024, and the report's words from the French catalogue */
  NumRound rounding; /* display rounding: NUM_HALF_UP by default, --rounding half-even */
} OutOptions;

/* Borrows name ("text", "csv", "json", "md", "html", "csv-wide", "xlsx"); sets *f and returns
 * true when it is known. */
bool out_format_lookup(const char *name, OutFormat *f);
/* False when pvs was built without libxlsxwriter: --format xlsx cannot be written. */
bool out_xlsx_available(void);

/* Writes r to f in fmt; borrows everything. Returns 0, or an errno value (ENOMEM, or the
 * stream's error). */
int out_write(FILE *f, const EvalResult *r, OutFormat fmt, const OutOptions *o);
/* --scenario all: rs[0] (the base) and every scénario side by side (the sensitivity table of
 * an SROI report). Figures are matched by name with rs[0]'s. Borrows everything; returns 0
 * or an errno value. */
int out_write_scenarios(FILE *f, const EvalResult *const *rs, int n, OutFormat fmt,
                        const OutOptions *o);

/* Atomic output: out_open writes to PATH.pvs-tmp-XXXXXX in PATH's folder (PATH a symbolic
 * link: its target's; removed if a signal stops the run); out_commit flushes, fsyncs and
 * renames it over PATH, out_abort removes it. Path "-" or NULL is stdout (commit
 * only flushes it). of owns path and tmp until commit or abort. */
typedef struct OutFile {
  FILE *f;
  char *path, *tmp;
} OutFile;
/* Borrows path. Returns false with errno set (nothing created) on failure. */
bool out_open(OutFile *of, const char *path);
/* Returns 0, or an errno value; on error the target is untouched and the temp file removed.
 * Releases of either way. */
int out_commit(OutFile *of);
/* Removes the temp file of an output being written, if any (async-signal-safe: for a run
 * that must stop at once, e.g. out of memory). */
void out_remove_pending(void);
/* Closes and removes the temp file, releases of; the target is untouched. */
void out_abort(OutFile *of);
#endif
