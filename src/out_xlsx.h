/* out_xlsx.h — what the two halves of the Excel writer share and nobody else sees: the
 * workbook being written (libxlsxwriter), its cached cell formats, the column widths of each
 * sheet, and the cell writers that turn exact Nums into spreadsheet numbers.
 *
 * out_xlsx.c writes the workbook and its plain sheets (synthèse, indicators, valuations,
 * costs, contrôles, parameters, scénarios); out_xlsx_map.c writes the impact map, the sheet
 * of live formulas that redo pvs's SROI computation, and the bilans computed over it;
 * out_xlsx_methods.c the sensitivity and the estimates for the profession.
 *
 * Errors are sticky: the first failure (an errno value) is kept in Xw.err, later writes do
 * nothing, and the writer returns it at the end. Included only when PVS_HAVE_XLSX is set. */
#ifndef PVS_OUT_XLSX_H
#define PVS_OUT_XLSX_H
#include "out_impl.h"
#include <xlsxwriter.h>

#define XW_FORMATS_MAX 96
#define XW_WIDTH_COLS 512  /* columns whose width is fitted to their content */
#define XW_REF 64          /* room for one cell reference with its sheet */

/* Cell styles, combined with a number format into one cached lxw_format. */
enum {
  XS_PLAIN = 0,
  XS_HEAD = 1,   /* a column header: bold, bottom border, wrapped */
  XS_TITLE = 2,  /* a sheet title: bold, larger */
  XS_INPUT = 4,  /* an assumption an auditor may change: shaded */
  XS_BOLD = 8,   /* a total */
  XS_NOTE = 16,  /* an explanation: italic, grey */
};

typedef struct XwFormat { char *num; unsigned style; lxw_format *f; } XwFormat;

typedef struct XwSheet {
  lxw_worksheet *ws;
  const char *name;              /* as shown on its tab */
  double width[XW_WIDTH_COLS];   /* widest cell of each column, in characters */
} XwSheet;

/* Where the map put each bilan's figures (rows of the map's value column), for the synthèse. */
typedef struct XwStmtRows { int va, costs, npv, ratio; int *sh, *chain; } XwStmtRows;

typedef struct Xw {
  lxw_workbook *wb;
  const EvalResult *r;
  const OutOptions *o;
  XwFormat fmts[XW_FORMATS_MAX];
  int nfmts;
  int err;                       /* first error, an errno value; 0 while all is well */
  XwStmtRows *stmt_rows;         /* one per bilan of r, filled by the map */
  char money[64];                /* the money format, in r's currency */
} Xw;

/* The cell format for a number format (NULL: general) and a style; cached. */
lxw_format *xw_format(Xw *x, const char *num, unsigned style);
/* Number formats: money with 2 decimals (`# ##0,00 €`), a number with `decimals` and an
 * optional suffix shown after it, a percentage of a fraction (0.2 shown `20 %`). Written
 * into buf (at least 64 bytes); Excel shows them with the reader's separators. */
const char *xw_fmt_money(const Xw *x);   /* in the result's currency (€, or its `devise`) */
const char *xw_fmt_fixed(char *buf, size_t cap, int decimals, const char *suffix);
const char *xw_fmt_percent(char *buf, size_t cap, const Num *fraction);

/* Cell writers; they record the width of what they write. xw_num writes nothing for a NULL
 * value (a missing value is an empty cell). xw_formula stores `formula` (Excel syntax, with
 * the leading '=') and `cached`, the value pvs computed, shown until the sheet recomputes. */
void xw_text(Xw *x, XwSheet *s, int row, int col, const char *t, unsigned style);
void xw_num(Xw *x, XwSheet *s, int row, int col, const Num *a, const char *numfmt,
            unsigned style);
void xw_long(Xw *x, XwSheet *s, int row, int col, long v, const char *numfmt, unsigned style);
void xw_formula(Xw *x, XwSheet *s, int row, int col, const char *formula, const Num *cached,
                const char *numfmt, unsigned style);
/* A note spanning the sheet's first columns. */
void xw_note(Xw *x, XwSheet *s, int row, const char *t);
/* Applies the recorded widths and freezes the rows above `rows` and the columns left of
 * `cols`. */
void xw_finish_sheet(XwSheet *s, int rows, int cols);

/* "AB12", "$AB$12" (abs), or with the sheet: "'Carte d''impact'!$AB$12". */
void xw_ref(char *buf, size_t cap, int row, int col, bool abs);
void xw_sheet_ref(char *buf, size_t cap, const XwSheet *s, int row, int col);
/* The nearest double to a (exact decimal, or 40 significant digits of a fraction). */
double xw_double(Xw *x, const Num *a);
/* The label of a stakeholder or chain (its name when it has none). */
const char *xw_label(const Xw *x, const char *name);
const char *xw_word(const Xw *x, const char *english);

/* The stakeholders of every valuation, in order of first appearance (*n of them); an array
 * the caller frees, NULL when out of memory. The longest duration of any valuation (>= 1). */
const char **xw_stakeholders(const EvalResult *r, int *n);
int xw_max_years(const EvalResult *r);

/* The impact map (out_xlsx_map.c): fills s, and x->stmt_rows (rows of its column
 * XW_MAP_VALUE_COL). */
#define XW_MAP_VALUE_COL 3
void xw_impact_map(Xw *x, XwSheet *s);
/* The sheets of the analysis methods (out_xlsx_methods.c), when the result has them: the
 * sensitivity of the bilans (--sensibilité) and a panel's estimates for the profession. */
void xw_sensitivity(Xw *x, XwSheet *s);
void xw_estimates(Xw *x, XwSheet *s);
#endif
