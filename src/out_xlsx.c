/* out_xlsx.c — `--format xlsx`: the results as an Excel workbook (libxlsxwriter), for the
 * analysts who live in spreadsheets. One sheet per section, in this order: the synthèse
 * (the bilans), the impact map (out_xlsx_map.c: live formulas an auditor can change),
 * indicators, valuations, costs, contrôles, parameters, the composite indices (when there are
 * some), the sensitivity (--sensibilité) and a panel's estimates (out_xlsx_methods.c), and
 * with `--scenario all` the scénarios side by side.
 *
 * Numbers are written as numbers, never as text, with number formats that Excel and
 * LibreOffice show with the reader's separators (`1 234,57 €` in French); dates are dates
 * (31/12/2024 in French). A missing value is an empty cell. Exact values become the nearest
 * double, the only precision a spreadsheet has; the exact forms stay in `--format json`.
 * Headers are frozen and columns fitted to their content. The workbook is byte-identical
 * from run to run: its creation date is the evaluation date.
 *
 * libxlsxwriter writes to a named file, so the workbook is built in a temporary file of its
 * own (TMPDIR, else /tmp) and copied to the output stream, which out.c makes atomic. Numbers
 * are formatted in the C locale whatever LC_NUMERIC says (an XML number has a '.'). Built
 * only with PVS_HAVE_XLSX (the Makefile sets it when pkg-config finds libxlsxwriter); without
 * it out_xlsx_available() is false and `pvs eval --format xlsx` says how to get it. */
#include "out_impl.h"
#include "mem.h"

#include <errno.h>

#ifndef PVS_HAVE_XLSX
bool out_xlsx_available(void) { return false; }
int out_xlsx_write(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o) {
  (void)f, (void)rs, (void)n, (void)o;
  return ENOTSUP;
}
#else
#include "intl.h"
#include "out_xlsx.h"
#include "units.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define L(en) xw_word(x, en) /* the workbook's words (po/fr.po) */
#define XW_TEXT_MAX 32767 /* Excel's longest cell text, in characters */
#define XW_WIDTH_MIN 6.0
#define XW_WIDTH_MAX 60.0
#define XW_HEAD_WIDTH_MAX 24.0 /* headers wrap beyond this */

bool out_xlsx_available(void) { return true; }

/* ---- errors ------------------------------------------------------------------------------- */

static int lxw_errno(lxw_error e) {
  switch (e) {
  case LXW_NO_ERROR: return 0;
  case LXW_ERROR_MEMORY_MALLOC_FAILED: return ENOMEM;
  case LXW_ERROR_CREATING_XLSX_FILE: case LXW_ERROR_CREATING_TMPFILE:
  case LXW_ERROR_READING_TMPFILE: case LXW_ERROR_ZIP_FILE_OPERATION:
  case LXW_ERROR_ZIP_FILE_ADD: case LXW_ERROR_ZIP_CLOSE: return errno ? errno : EIO;
  case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED:
    return EFBIG;
  default: return EINVAL;
  }
}

static void fail(Xw *x, lxw_error e) {
  if (e != LXW_NO_ERROR && !x->err) x->err = lxw_errno(e);
}

/* ---- formats ------------------------------------------------------------------------------ */

lxw_format *xw_format(Xw *x, const char *num, unsigned style) {
  for (int i = 0; i < x->nfmts; i++)
    if (x->fmts[i].style == style && !strcmp(x->fmts[i].num ? x->fmts[i].num : "", num ? num : ""))
      return x->fmts[i].f;
  lxw_format *f = workbook_add_format(x->wb);
  if (!f) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); return NULL; }
  if (num) format_set_num_format(f, num);
  if (style & (XS_HEAD | XS_TITLE | XS_BOLD)) format_set_bold(f);
  if (style & XS_HEAD) { format_set_bottom(f, LXW_BORDER_THIN); format_set_text_wrap(f); format_set_align(f, LXW_ALIGN_VERTICAL_TOP); }
  if (style & XS_TITLE) format_set_font_size(f, 14);
  if (style & XS_INPUT) { format_set_bg_color(f, 0xFFF2CC); format_set_pattern(f, LXW_PATTERN_SOLID); }
  if (style & XS_NOTE) { format_set_italic(f); format_set_font_color(f, 0x595959); }
  if (x->nfmts < XW_FORMATS_MAX) {
    char *copy = num ? mem_strdup(num) : NULL;
    if (num && !copy) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); return f; }
    x->fmts[x->nfmts++] = (XwFormat){copy, style, f};
  }
  return f;
}

const char *xw_fmt_money(const Xw *x) { return x->money; }

const char *xw_fmt_fixed(char *buf, size_t cap, int decimals, const char *suffix) {
  int n = snprintf(buf, cap, "#,##0%s%.*s", decimals > 0 ? "." : "", decimals > 0 ? decimals : 0,
                   "000000000000000000000000000000");
  char shown[256];
  if (suffix && *suffix && n > 0 && (size_t)n < cap && !strchr(suffix, '"'))
    snprintf(buf + n, cap - (size_t)n, " \"%s\"", units_display(shown, sizeof shown, suffix));   /* €/m²/mois */
  return buf;
}

const char *xw_fmt_percent(char *buf, size_t cap, const Num *fraction) {
  Num pct, hundred;
  num_init(&pct); num_init(&hundred);
  num_set_long(&hundred, 100);
  num_mul(&pct, fraction, &hundred);
  int d = out_own_decimals(&pct);
  num_clear(&pct); num_clear(&hundred);
  snprintf(buf, cap, "0%s%.*s %%", d > 0 ? "." : "", d, "000000");
  return buf;
}

static const char *fmt_date(const Xw *x) { return x->o->french ? "dd/mm/yyyy" : "yyyy-mm-dd"; }

/* ---- cells -------------------------------------------------------------------------------- */

static void widen(XwSheet *s, int col, double w, unsigned style) {
  if (style & XS_HEAD && w > XW_HEAD_WIDTH_MAX) w = XW_HEAD_WIDTH_MAX;
  if (style & (XS_TITLE | XS_NOTE)) return;   /* titles and notes overflow to the right */
  if (col >= 0 && col < XW_WIDTH_COLS && w > s->width[col]) s->width[col] = w;
}

void xw_text(Xw *x, XwSheet *s, int row, int col, const char *t, unsigned style) {
  if (x->err || !t) return;
  char *cut = NULL;
  if (out_utf8_width(t) > XW_TEXT_MAX) {   /* Excel's limit: keep the first characters */
    size_t i = 0, n = 0;
    while (t[i] && n < XW_TEXT_MAX - 1) { i++; while (((unsigned char)t[i] & 0xC0) == 0x80) i++; n++; }
    if (!(cut = mem_strndup(t, i))) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
    t = cut;
  }
  fail(x, worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, t, xw_format(x, NULL, style)));
  widen(s, col, (double)out_utf8_width(t) + 1, style);
  free(cut);
}

double xw_double(Xw *x, const Num *a) {
  OutStr s = {0};
  int d = num_decimals(a);
  if (d >= 0 && d <= 60) out_str_num(&s, a, OUT_EXACT, 0, NUM_HALF_EVEN);   /* exact text */
  else {
    long dec = 40 - num_ilog10(a);   /* 40 significant digits of a fraction */
    out_str_num(&s, a, OUT_FIXED, dec < 0 ? 0 : dec > 400 ? 400 : (int)dec, NUM_HALF_EVEN);
  }
  if (s.oom) fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
  double v = strtod(out_str_get(&s), NULL);   /* correctly rounded; the C locale (see top) */
  out_str_free(&s);
  return v;
}

/* The width a number takes shown with 2 decimals and grouping, plus a unit. */
static double num_width(const Num *a) {
  char buf[64];
  size_t n = num_fmt_fixed(buf, sizeof buf, a, 2, NUM_HALF_UP);
  return (double)n + n / 3.0 + 4;
}

void xw_num(Xw *x, XwSheet *s, int row, int col, const Num *a, const char *numfmt,
            unsigned style) {
  if (x->err || !a) {
    if (!x->err && style & XS_INPUT)
      fail(x, worksheet_write_blank(s->ws, (lxw_row_t)row, (lxw_col_t)col, xw_format(x, numfmt, style)));
    return;
  }
  double v = xw_double(x, a);
  fail(x, worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, v, xw_format(x, numfmt, style)));
  widen(s, col, num_width(a), style);
}

void xw_long(Xw *x, XwSheet *s, int row, int col, long v, const char *numfmt, unsigned style) {
  Num a;
  num_init(&a);
  num_set_long(&a, v);
  xw_num(x, s, row, col, &a, numfmt, style);
  num_clear(&a);
}

void xw_formula(Xw *x, XwSheet *s, int row, int col, const char *formula, const Num *cached,
                const char *numfmt, unsigned style) {
  if (x->err) return;
  double v = cached ? xw_double(x, cached) : 0;
  fail(x, worksheet_write_formula_num(s->ws, (lxw_row_t)row, (lxw_col_t)col, formula,
                                      xw_format(x, numfmt, style), v));
  if (cached) widen(s, col, num_width(cached), style);
}

void xw_note(Xw *x, XwSheet *s, int row, const char *t) { xw_text(x, s, row, 0, t, XS_NOTE); }

void xw_finish_sheet(XwSheet *s, int rows, int cols) {
  for (int c = 0; c < XW_WIDTH_COLS; c++)
    if (s->width[c] > 0)
      worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                           s->width[c] < XW_WIDTH_MIN ? XW_WIDTH_MIN : s->width[c] > XW_WIDTH_MAX ? XW_WIDTH_MAX : s->width[c], NULL);
  if (rows || cols) worksheet_freeze_panes(s->ws, (lxw_row_t)rows, (lxw_col_t)cols);
}

void xw_ref(char *buf, size_t cap, int row, int col, bool abs) {
  char letters[8];
  int n = 0;
  for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
  char rev[8];
  for (int i = 0; i < n; i++) rev[i] = letters[n - 1 - i];
  rev[n] = 0;
  snprintf(buf, cap, abs ? "$%s$%d" : "%s%d", rev, row + 1);
}

void xw_sheet_ref(char *buf, size_t cap, const XwSheet *s, int row, int col) {
  char cell[16], name[40];
  size_t k = 0;
  for (const char *p = s->name; *p && k + 2 < sizeof name; p++) {   /* ' doubles inside '…' */
    if (*p == '\'') name[k++] = '\'';
    name[k++] = *p;
  }
  name[k] = 0;
  xw_ref(cell, sizeof cell, row, col, true);
  snprintf(buf, cap, "'%s'!%s", name, cell);
}

const char *xw_label(const Xw *x, const char *name) {
  for (int i = 0; name && i < x->r->nlabels; i++)
    if (!strcmp(x->r->labels[i].name, name) && x->r->labels[i].label) return x->r->labels[i].label;
  return name;
}

const char *xw_word(const Xw *x, const char *english) { return out_word(x->o, english); }

/* A row of headers from column 0. */
static void headers(Xw *x, XwSheet *s, int row, const char *const *words, int n) {
  for (int i = 0; i < n; i++) xw_text(x, s, row, i, xw_word(x, words[i]), XS_HEAD);
}

static void date_cell(Xw *x, XwSheet *s, int row, int col, const char *iso) {
  int y, m, d;
  if (x->err || !iso) return;
  if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) { xw_text(x, s, row, col, iso, XS_PLAIN); return; }
  lxw_datetime dt = {y, m, d, 0, 0, 0};
  fail(x, worksheet_write_datetime(s->ws, (lxw_row_t)row, (lxw_col_t)col, &dt, xw_format(x, fmt_date(x), XS_PLAIN)));
  widen(s, col, 12, XS_PLAIN);
}

/* A group's key as one text ("59", "A / 59"), "total" for the total row. */
static char *group_text(const Xw *x, const Breakdown *by, const char **key) {
  OutStr s = {0};
  if (!key) out_str_add(&s, L("total"));
  for (int d = 0; key && d < by->ndims; d++) {
    if (d) out_str_add(&s, " / ");
    out_key_value(&s, by, d, key[d], x->o);   /* "not given" for the rows whose value is missing */
  }
  return out_str_take(&s);
}

static char *dims_text(const Breakdown *by) {
  OutStr s = {0};
  for (int d = 0; d < by->ndims; d++) {
    if (d) out_str_add(&s, " / ");
    out_str_add(&s, by->dims[d]);
  }
  return out_str_take(&s);
}

/* The official names of the territories of a key ("Lille", "Nord / Hauts-de-France"), the
 * other key values as they are; NULL when no dimension is a known territory. */
static char *territory_text(const Breakdown *by, const char **key) {
  OutStr s = {0};
  bool any = false;
  for (int d = 0; key && d < by->ndims; d++) {
    const char *name = out_key_name(by, d, key[d]);
    if (d) out_str_add(&s, " / ");
    out_str_add(&s, name ? name : key[d] ? key[d] : "—");
    any |= name != NULL;
  }
  char *t = out_str_take(&s);
  if (!any) { free(t); return NULL; }
  return t;
}

static void text_owned(Xw *x, XwSheet *s, int row, int col, char *t, unsigned style) {
  if (!t) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
  xw_text(x, s, row, col, t, style);
  free(t);
}

/* ---- synthèse ----------------------------------------------------------------------------- */

static void title_block(Xw *x, XwSheet *s) {
  const EvalResult *r = x->r;
  OutStr t = {0};
  out_framework_title(&t, r, x->o);
  text_owned(x, s, 0, 0, out_str_take(&t), XS_TITLE);
  xw_text(x, s, 1, 0, L("date"), XS_BOLD);
  date_cell(x, s, 1, 1, r->date);
  if (r->scenario) {
    xw_text(x, s, 2, 0, L("scenario"), XS_BOLD);
    xw_text(x, s, 2, 1, r->scenario, XS_PLAIN);
  }
}

/* A cell of the synthèse that reads the map's value column at `row`. */
static void map_link(Xw *x, XwSheet *s, const XwSheet *map, int row, int col, int map_row,
                     const Num *cached, const char *numfmt, unsigned style) {
  char ref[XW_REF], f[XW_REF + 2];
  xw_sheet_ref(ref, sizeof ref, map, map_row, XW_MAP_VALUE_COL);
  snprintf(f, sizeof f, "=%s", ref);
  xw_formula(x, s, row, col, f, cached, numfmt, style);
}

/* One table of the synthèse: each bilan's present value by stakeholder, or by chain. */
static int named_table(Xw *x, XwSheet *s, const XwSheet *map, int row, bool chains) {
  static const char *const head[2][3] = {{N_("statement"), N_("stakeholder"), N_("present value")},
                                         {N_("statement"), N_("chain"), N_("present value")}};
  headers(x, s, row++, head[chains], 3);
  for (int i = 0; i < x->r->nstmts; i++) {
    const StatementResult *st = &x->r->stmts[i];
    const Named *v = chains ? st->by_chain : st->by_stakeholder;
    const int *map_rows = chains ? x->stmt_rows[i].chain : x->stmt_rows[i].sh;
    for (int k = 0; k < (chains ? st->nchains : st->nstakeholders); k++, row++) {
      xw_text(x, s, row, 0, st->name, XS_PLAIN);
      xw_text(x, s, row, 1, xw_label(x, v[k].name), XS_PLAIN);
      if (!v[k].missing) map_link(x, s, map, row, 2, map_rows[k], &v[k].value, xw_fmt_money(x), XS_PLAIN);
    }
  }
  return row;
}

static void synthesis(Xw *x, XwSheet *s, const XwSheet *map) {
  static const char *const head[] = {N_("statement"), N_("name"), N_("present value"), N_("costs"), N_("net present value"), N_("SROI ratio")};
  const EvalResult *r = x->r;
  title_block(x, s);
  if (!map->ws) {   /* nothing valued: no impact map, no bilan */
    xw_note(x, s, 3, L("The script declares no valuation, cost or bilan: its results are in the other sheets."));
    xw_finish_sheet(s, 4, 0);
    return;
  }
  xw_note(x, s, 3, L("The amounts of this sheet are formulas over the impact map."));
  int row = 5;
  headers(x, s, row++, head, 6);
  for (int i = 0; i < r->nstmts; i++, row++) {
    const StatementResult *st = &r->stmts[i];
    const XwStmtRows *m = &x->stmt_rows[i];
    xw_text(x, s, row, 0, st->label ? st->label : st->name, XS_PLAIN);
    xw_text(x, s, row, 1, st->name, XS_PLAIN);
    if (!st->present_value_missing) map_link(x, s, map, row, 2, m->va, &st->present_value, xw_fmt_money(x), XS_PLAIN);
    if (!st->costs_missing) map_link(x, s, map, row, 3, m->costs, &st->costs, xw_fmt_money(x), XS_PLAIN);
    if (!st->present_value_missing && !st->costs_missing)
      map_link(x, s, map, row, 4, m->npv, &st->net_present_value, xw_fmt_money(x), XS_PLAIN);
    if (!st->ratio_missing) map_link(x, s, map, row, 5, m->ratio, &st->ratio, "0.00", XS_BOLD);
  }
  row = named_table(x, s, map, row + 1, false);
  named_table(x, s, map, row + 1, true);
  xw_finish_sheet(s, 6, 0);
}

/* ---- indicators --------------------------------------------------------------------------- */

static void indicators(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("indicator"), N_("name"), N_("unit"), N_("dimensions"), N_("group"), N_("territory"), N_("value"), N_("missing values skipped")};
  headers(x, s, 0, head, 8);
  int row = 1;
  for (int i = 0; i < x->r->ninds; i++) {
    const IndicatorResult *ind = &x->r->inds[i];
    char fmt[96], unit[256];
    xw_fmt_fixed(fmt, sizeof fmt, ind->decimals, out_unit_is_suffixed(ind->unit) ? ind->unit : NULL);
    for (int k = 0; k < ind->nrows; k++, row++) {
      const ResultRow *rr = &ind->rows[k];
      unsigned st = rr->key ? XS_PLAIN : XS_BOLD;
      xw_text(x, s, row, 0, ind->label ? ind->label : ind->name, st);
      xw_text(x, s, row, 1, ind->name, XS_PLAIN);
      xw_text(x, s, row, 2, units_display(unit, sizeof unit, ind->unit ? ind->unit : ""), XS_PLAIN);
      text_owned(x, s, row, 3, dims_text(&ind->by), XS_PLAIN);
      text_owned(x, s, row, 4, group_text(x, &ind->by, rr->key), st);
      char *terr = territory_text(&ind->by, rr->key);
      if (terr) text_owned(x, s, row, 5, terr, XS_PLAIN);
      xw_num(x, s, row, 6, rr->cell.missing ? NULL : &rr->cell.value, fmt, st);
      if (rr->skipped) xw_long(x, s, row, 7, rr->skipped, "0", XS_PLAIN);
    }
  }
  xw_finish_sheet(s, 1, 2);
}

/* ---- composite indices ------------------------------------------------------------------- */
/* One row per group: the index; then one per component of it: its normalised value, the
 * weight applied and its contribution (out_index.c says the same in the report). */
static void indices(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("index"), N_("name"), N_("dimensions"), N_("group"), N_("territory"), N_("component"),
                                     N_("value"), N_("normalised"), N_("weight"), N_("contribution")};
  headers(x, s, 0, head, 10);
  int row = 1;
  for (int i = 0; i < x->r->nidxs; i++) {
    const IndexResult *ix = &x->r->idxs[i];
    char fmt[96];
    xw_fmt_fixed(fmt, sizeof fmt, ix->decimals, NULL);
    for (int g = 0; g < ix->nrows; g++) {
      const IndexRow *ir = &ix->rows[g];
      for (int c = -1; c < ix->ncomps; c++, row++) {
        const IndexPart *pt = c < 0 ? NULL : &ir->parts[c];
        unsigned st = c < 0 ? XS_BOLD : XS_PLAIN;
        xw_text(x, s, row, 0, ix->label ? ix->label : ix->name, st);
        xw_text(x, s, row, 1, ix->name, XS_PLAIN);
        text_owned(x, s, row, 2, dims_text(&ix->by), XS_PLAIN);
        text_owned(x, s, row, 3, group_text(x, &ix->by, ir->key), st);
        char *terr = territory_text(&ix->by, ir->key);
        if (terr) text_owned(x, s, row, 4, terr, XS_PLAIN);
        if (!pt) { xw_num(x, s, row, 6, ir->missing ? NULL : &ir->value, fmt, st); continue; }
        xw_text(x, s, row, 5, ix->comps[c].name, XS_PLAIN);
        xw_num(x, s, row, 6, pt->absent ? NULL : &pt->value, NULL, XS_PLAIN);
        xw_num(x, s, row, 7, pt->missing ? NULL : &pt->norm, fmt, XS_PLAIN);
        xw_num(x, s, row, 8, ir->missing || pt->missing ? NULL : &pt->weight, "0.00%", XS_PLAIN);
        xw_num(x, s, row, 9, ir->missing || pt->missing ? NULL : &pt->contribution, fmt, XS_PLAIN);
      }
    }
  }
  xw_finish_sheet(s, 1, 2);
}

/* ---- valuations --------------------------------------------------------------------------- */

const char **xw_stakeholders(const EvalResult *r, int *n) {
  int cap = 0;
  for (int i = 0; i < r->nvals; i++) cap += r->vals[i].nparts;
  const char **v = mem_calloc((size_t)cap + 1, sizeof *v);
  *n = 0;
  for (int i = 0; v && i < r->nvals; i++)
    for (int k = 0; k < r->vals[i].nparts; k++) {
      const char *h = r->vals[i].parts[k].stakeholder;
      int j = 0;
      while (j < *n && strcmp(v[j], h)) j++;
      if (j == *n) v[(*n)++] = h;
    }
  return v;
}

int xw_max_years(const EvalResult *r) {
  int n = 1;
  for (int i = 0; i < r->nvals; i++) if (r->vals[i].years > n) n = r->vals[i].years;
  return n;
}

static void valuation_head(Xw *x, XwSheet *s, int years, const char **sh, int nsh) {
  static const char *const head[] = {N_("valuation"), N_("name"), N_("chain"), N_("dimensions"), N_("group"), N_("quantity"), N_("proxy"), N_("present value")};
  headers(x, s, 0, head, 8);
  char buf[128];
  for (int y = 0; y < years; y++) {
    snprintf(buf, sizeof buf, L("impact year %d"), y + 1);
    xw_text(x, s, 0, 8 + y, buf, XS_HEAD);
    snprintf(buf, sizeof buf, L("discounted year %d"), y + 1);
    xw_text(x, s, 0, 8 + years + y, buf, XS_HEAD);
  }
  for (int k = 0; k < nsh; k++) {
    snprintf(buf, sizeof buf, L("of which %s"), xw_label(x, sh[k]));
    xw_text(x, s, 0, 8 + 2 * years + k, buf, XS_HEAD);
  }
}

static void valuation_row(Xw *x, XwSheet *s, int row, const ValuationResult *v, const ValuationRow *vr,
                          int years, const char **sh, int nsh) {
  unsigned st = vr->key ? XS_PLAIN : XS_BOLD;
  char fq[96], fp[96];
  xw_text(x, s, row, 0, v->label ? v->label : v->name, st);
  xw_text(x, s, row, 1, v->name, XS_PLAIN);
  if (v->chain) xw_text(x, s, row, 2, xw_label(x, v->chain), XS_PLAIN);
  text_owned(x, s, row, 3, dims_text(&v->by), XS_PLAIN);
  text_owned(x, s, row, 4, group_text(x, &v->by, vr->key), st);
  if (vr->missing) return;
  xw_num(x, s, row, 5, &vr->quantity, xw_fmt_fixed(fq, sizeof fq, out_own_decimals(&vr->quantity), NULL), XS_PLAIN);
  int pd = out_own_decimals(&vr->proxy);
  xw_num(x, s, row, 6, &vr->proxy, xw_fmt_fixed(fp, sizeof fp, pd < 2 ? 2 : pd, out_cur(v->currency)), XS_PLAIN);
  xw_num(x, s, row, 7, &vr->present_value, xw_fmt_money(x), st);
  for (int y = 0; y < vr->nyears && y < years; y++) {
    xw_num(x, s, row, 8 + y, &vr->impact[y], xw_fmt_money(x), XS_PLAIN);
    xw_num(x, s, row, 8 + years + y, &vr->discounted[y], xw_fmt_money(x), XS_PLAIN);
  }
  for (int k = 0; k < nsh; k++)
    for (int j = 0; j < vr->nshares; j++)
      if (!strcmp(vr->shares[j].stakeholder, sh[k])) xw_num(x, s, row, 8 + 2 * years + k, &vr->shares[j].value, xw_fmt_money(x), XS_PLAIN);
}

static void valuations(Xw *x, XwSheet *s) {
  int nsh = 0, years = xw_max_years(x->r);
  const char **sh = xw_stakeholders(x->r, &nsh);
  if (!sh) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
  valuation_head(x, s, years, sh, nsh);
  int row = 1;
  for (int i = 0; i < x->r->nvals; i++)
    for (int k = 0; k < x->r->vals[i].nrows; k++)
      valuation_row(x, s, row++, &x->r->vals[i], &x->r->vals[i].rows[k], years, sh, nsh);
  free(sh);
  xw_finish_sheet(s, 1, 2);
}

/* ---- costs, contrôles, parameters ---------------------------------------------------------- */

static void costs(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("cost"), N_("name"), N_("amount")};
  headers(x, s, 0, head, 3);
  for (int i = 0; i < x->r->ncosts; i++) {
    const CostResult *c = &x->r->costs[i];
    xw_text(x, s, i + 1, 0, c->label ? c->label : c->name, XS_PLAIN);
    xw_text(x, s, i + 1, 1, c->name, XS_PLAIN);
    xw_num(x, s, i + 1, 2, c->missing ? NULL : &c->amount, xw_fmt_money(x), XS_PLAIN);
  }
  xw_finish_sheet(s, 1, 2);
}

static void checks(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("check"), N_("name"), N_("status"), N_("rows checked"), N_("failures"), N_("detail"), N_("first failures")};
  headers(x, s, 0, head, 7);
  for (int i = 0; i < x->r->nchecks; i++) {
    const CheckResult *c = &x->r->checks[i];
    int row = i + 1;
    xw_text(x, s, row, 0, c->label ? c->label : c->name, XS_PLAIN);
    xw_text(x, s, row, 1, c->name, XS_PLAIN);
    xw_text(x, s, row, 2, xw_word(x, c->passed ? "pass" : "fail"), c->passed ? XS_PLAIN : XS_BOLD);
    if (c->rows_checked) xw_long(x, s, row, 3, c->rows_checked, "#,##0", XS_PLAIN);
    xw_long(x, s, row, 4, c->failures, "#,##0", XS_PLAIN);
    if (c->detail) xw_text(x, s, row, 5, c->detail, XS_PLAIN);
    OutStr t = {0};
    for (int k = 0; k < c->nfirst; k++) out_str_printf(&t, "%s%s:%ld", k ? ", " : "", c->first[k].path, c->first[k].line);
    if (c->nfirst) text_owned(x, s, row, 6, out_str_take(&t), XS_PLAIN);
    out_str_free(&t);
  }
  xw_finish_sheet(s, 1, 2);
}

static void parameters(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("parameter"), N_("value"), N_("unit"), N_("since"), N_("per row"), N_("scenario")};
  headers(x, s, 0, head, 6);
  for (int i = 0; i < x->r->nparams; i++) {
    const ParamUse *p = &x->r->params[i];
    int row = i + 1;
    char fmt[96];
    xw_text(x, s, row, 0, p->name, XS_PLAIN);
    if (!p->row_dependent && !p->missing)   /* no value in force at the date: an empty cell */
      xw_num(x, s, row, 1, &p->value, xw_fmt_fixed(fmt, sizeof fmt, out_own_decimals(&p->value), out_unit_is_suffixed(p->unit) ? p->unit : NULL), XS_PLAIN);
    char unit[256];
    xw_text(x, s, row, 2, units_display(unit, sizeof unit, p->unit ? p->unit : ""), XS_PLAIN);
    date_cell(x, s, row, 3, p->since);
    if (p->row_dependent) xw_text(x, s, row, 4, L("per row"), XS_PLAIN);
    if (p->overridden) xw_text(x, s, row, 5, L("scenario"), XS_PLAIN);
  }
  xw_finish_sheet(s, 1, 1);
}

/* ---- scénarios side by side ---------------------------------------------------------------- */

/* One line of the scénarios sheet: kind, name, then each result's figure (NULL: missing). */
typedef const Num *(*Pick)(const EvalResult *r, const char *name, int which);

static const Num *pick_ind(const EvalResult *r, const char *name, int which) {
  (void)which;
  const IndicatorResult *ind = out_find_ind(r, name);
  const ResultRow *t = ind && ind->nrows ? &ind->rows[ind->nrows - 1] : NULL;
  return t && !t->cell.missing ? &t->cell.value : NULL;
}
static const Num *pick_val(const EvalResult *r, const char *name, int which) {
  (void)which;
  const ValuationResult *v = out_find_val(r, name);
  const ValuationRow *t = v && v->nrows ? &v->rows[v->nrows - 1] : NULL;
  return t && !t->missing ? &t->present_value : NULL;
}
static const Num *pick_stmt(const EvalResult *r, const char *name, int which) {
  const StatementResult *st = out_find_stmt(r, name);
  if (!st) return NULL;
  return which == 0 ? &st->present_value : which == 1 ? &st->net_present_value
                     : st->ratio_missing ? NULL : &st->ratio;
}

static int scen_line(Xw *x, XwSheet *s, int row, const EvalResult *const *rs, int n, const char *kind,
                     const char *name, Pick pick, int which, const char *fmt) {
  xw_text(x, s, row, 0, xw_word(x, kind), XS_PLAIN);
  xw_text(x, s, row, 1, name, XS_PLAIN);
  for (int i = 0; i < n; i++) xw_num(x, s, row, 2 + i, pick(rs[i], name, which), fmt, XS_PLAIN);
  return row + 1;
}

static void scenarios(Xw *x, XwSheet *s, const EvalResult *const *rs, int n) {
  xw_text(x, s, 0, 0, L("figure"), XS_HEAD);
  xw_text(x, s, 0, 1, L("name"), XS_HEAD);
  for (int i = 0; i < n; i++) xw_text(x, s, 0, 2 + i, out_result_name(rs[i]), XS_HEAD);
  int row = 1;
  const EvalResult *b = rs[0];
  char fmt[96];
  for (int i = 0; i < b->ninds; i++)
    row = scen_line(x, s, row, rs, n, N_("indicator"), b->inds[i].name, pick_ind, 0,
                    xw_fmt_fixed(fmt, sizeof fmt, b->inds[i].decimals, out_unit_is_suffixed(b->inds[i].unit) ? b->inds[i].unit : NULL));
  for (int i = 0; i < b->nvals; i++)
    row = scen_line(x, s, row, rs, n, N_("valuation"), b->vals[i].name, pick_val, 0, xw_fmt_money(x));
  for (int i = 0; i < b->nstmts; i++) {
    row = scen_line(x, s, row, rs, n, N_("present value"), b->stmts[i].name, pick_stmt, 0, xw_fmt_money(x));
    row = scen_line(x, s, row, rs, n, N_("net present value"), b->stmts[i].name, pick_stmt, 1, xw_fmt_money(x));
    row = scen_line(x, s, row, rs, n, N_("SROI ratio"), b->stmts[i].name, pick_stmt, 2, "0.00");
  }
  xw_finish_sheet(s, 1, 2);
}

/* ---- the workbook ------------------------------------------------------------------------- */

/* The evaluation date at midnight UTC, the workbook's creation date (so runs are identical). */
static time_t creation(const char *iso) {
  struct tm tm = {0};
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  time_t t = timegm(&tm);
  return t > 0 ? t : 0;
}

static lxw_worksheet *sheet(Xw *x, XwSheet *s, const char *english) {
  s->name = xw_word(x, english);
  s->ws = workbook_add_worksheet(x->wb, s->name);
  if (!s->ws) fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
  return s->ws;
}

enum { SH_SUMMARY, SH_MAP, SH_INDICATORS, SH_VALUATIONS, SH_COSTS, SH_CHECKS, SH_PARAMS, SH_INDICES, SH_SENS, SH_ESTIMATES,
       SH_SCENARIOS, SH__COUNT };

/* Whether the result has what sheet i shows (the optional ones: the impact map, valuations and
 * costs when something is valued; indices, sensitivity, estimates, scénarios). An empty sheet
 * with headers only would look like missing results. */
static bool wanted(const Xw *x, int i, int n) {
  switch (i) {
  case SH_MAP: return x->r->nvals || x->r->ncosts || x->r->nstmts;
  case SH_VALUATIONS: return x->r->nvals;
  case SH_COSTS: return x->r->ncosts;
  case SH_INDICES: return x->r->nidxs;
  case SH_SENS: return x->r->nsens;
  case SH_ESTIMATES: return x->r->nests;
  case SH_SCENARIOS: return n > 1;
  default: return true;
  }
}

static void build(Xw *x, const EvalResult *const *rs, int n) {
  const char *cur = out_cur(x->r->currency);
  snprintf(x->money, sizeof x->money, "#,##0.00 \"%s\"", strchr(cur, '"') ? "€" : cur);
  static const char *const names[SH__COUNT] = {N_("Summary"), N_("Impact map"), N_("Indicators"), N_("Valuations"), N_("Costs"), N_("Checks"), N_("Parameters"), N_("Composite indices"), N_("Sensitivity"), N_("Estimates"), N_("Scenarios")};
  XwSheet *sh = mem_calloc(SH__COUNT, sizeof *sh);
  x->stmt_rows = mem_calloc((size_t)x->r->nstmts + 1, sizeof *x->stmt_rows);
  if (!sh || !x->stmt_rows) { fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED); free(sh); return; }
  for (int i = 0; i < SH__COUNT && !x->err; i++)
    if (wanted(x, i, n)) sheet(x, &sh[i], names[i]);
  if (!x->err && sh[SH_MAP].ws) xw_impact_map(x, &sh[SH_MAP]);
  if (!x->err) synthesis(x, &sh[SH_SUMMARY], &sh[SH_MAP]);
  if (!x->err) indicators(x, &sh[SH_INDICATORS]);
  if (!x->err && sh[SH_VALUATIONS].ws) valuations(x, &sh[SH_VALUATIONS]);
  if (!x->err && sh[SH_COSTS].ws) costs(x, &sh[SH_COSTS]);
  if (!x->err) checks(x, &sh[SH_CHECKS]);
  if (!x->err) parameters(x, &sh[SH_PARAMS]);
  if (!x->err && x->r->nidxs) indices(x, &sh[SH_INDICES]);
  if (!x->err && x->r->nsens) xw_sensitivity(x, &sh[SH_SENS]);
  if (!x->err && x->r->nests) xw_estimates(x, &sh[SH_ESTIMATES]);
  if (!x->err && n > 1) scenarios(x, &sh[SH_SCENARIOS], rs, n);
  free(sh);
}

static void free_xw(Xw *x) {
  for (int i = 0; i < x->nfmts; i++) free(x->fmts[i].num);
  for (int i = 0; x->stmt_rows && i < x->r->nstmts; i++) { free(x->stmt_rows[i].sh); free(x->stmt_rows[i].chain); }
  free(x->stmt_rows);
}

/* Writes the workbook to path; 0 or an errno value. */
static int write_book(const char *path, const EvalResult *const *rs, int n, const OutOptions *o) {
  Xw x = {.r = rs[0], .o = o};
  errno = 0;
  if (!(x.wb = workbook_new(path))) return errno ? errno : ENOMEM;
  char comments[64];
  snprintf(comments, sizeof comments, "pvs %s", PVS_VERSION);
  const char *org = rs[0]->framework_label ? rs[0]->framework_label : rs[0]->framework;
  lxw_doc_properties props = {.title = (char *)(org ? org : "pvs"),
                              .comments = comments, .created = creation(rs[0]->date)};
  fail(&x, workbook_set_properties(x.wb, &props));
  build(&x, rs, n);
  lxw_error e = workbook_close(x.wb);   /* writes the file; always frees the workbook */
  if (!x.err) fail(&x, e);
  free_xw(&x);
  return x.err;
}

/* Copies the file at path to f; 0 or an errno value. */
static int copy_to(FILE *f, const char *path) {
  FILE *in = fopen(path, "rb");
  if (!in) return errno ? errno : EIO;
  char buf[65536];
  size_t k;
  int rc = 0;
  while ((k = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, k, f) != k) { rc = errno ? errno : EIO; break; }
  if (!rc && ferror(in)) rc = errno ? errno : EIO;
  fclose(in);
  return rc ? rc : out_stream_status(f);
}

int out_xlsx_write(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o) {
  const char *dir = getenv("TMPDIR");
  OutStr path = {0};
  out_str_printf(&path, "%s/pvs-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
  char *tmp = out_str_take(&path);
  if (!tmp) return ENOMEM;
  int fd = mkstemp(tmp);
  if (fd < 0) { int e = errno; free(tmp); return e; }
  close(fd);
  /* the global locale with C numbers: messages keep their language (gettext reads them) */
  locale_t base = duplocale(LC_GLOBAL_LOCALE);
  locale_t c = base ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
  if (base && !c) freelocale(base);
  locale_t old = c ? uselocale(c) : (locale_t)0;
  int rc = c ? write_book(tmp, rs, n, o) : ENOMEM;
  if (c) { uselocale(old); freelocale(c); }
  if (!rc) rc = copy_to(f, tmp);
  unlink(tmp);
  free(tmp);
  return rc;
}
#endif
