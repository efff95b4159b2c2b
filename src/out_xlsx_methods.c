/* out_xlsx_methods.c — the workbook's sheets of the analysis methods, written when the
 * evaluation has them: `Sensibilité` (--sensibilité: per bilan, each input of each valuation
 * moved down and up, the ratios and the switching value, largest swing first) and
 * `Estimations` (a panel's estimates for the profession: estimate, standard error, interval,
 * coefficient of variation, n, N and degrees of freedom, then the strata).
 *
 * Numbers are numbers, as on the other sheets: rates in points shown with " %", the
 * coefficient of variation as a percentage of its fraction, money in the result's currency.
 * These sheets are results, not formulas: the exact values stay in `--format json`. */
#include "intl.h"
#include "out_xlsx.h"
#include "schema.h"
#include "units.h"

#include <string.h>

#define L(en) xw_word(x, en)

static void heads(Xw *x, XwSheet *s, int row, const char *const *words, int n) {
  for (int i = 0; i < n; i++) xw_text(x, s, row, i, L(words[i]), XS_HEAD);
}

static const char *valuation_label(const Xw *x, const char *name) {
  const ValuationResult *v = out_find_val(x->r, name);
  return v && v->label && *v->label ? v->label : name;
}

/* ---- sensitivity ---- */
static const char *switch_word(SensSwitch sw) {
  switch (sw) {
  case SW_EXACT: return N_("exact");
  case SW_BISECTION: return N_("bisection");
  case SW_YEARS: return N_("whole years");
  default: return N_("none");
  }
}

static void sens_row(Xw *x, XwSheet *s, int row, const SensResult *sr, const SensInput *si) {
  const StatementResult *st = out_find_stmt(x->r, sr->statement);
  char fmt[96];
  xw_text(x, s, row, 0, st && st->label && *st->label ? st->label : sr->statement, XS_PLAIN);
  xw_text(x, s, row, 1, valuation_label(x, si->valuation), XS_PLAIN);
  xw_text(x, s, row, 2, si->valuation, XS_PLAIN);
  xw_text(x, s, row, 3, si->input, XS_PLAIN);
  int dec = out_own_decimals(&si->base);
  dec = out_own_decimals(&si->low) > dec ? out_own_decimals(&si->low) : dec;
  dec = out_own_decimals(&si->high) > dec ? out_own_decimals(&si->high) : dec;
  const char *f = xw_fmt_fixed(fmt, sizeof fmt, dec, si->percent ? "%" : NULL);
  xw_num(x, s, row, 4, &si->base, f, XS_PLAIN);
  xw_num(x, s, row, 5, &si->low, f, XS_PLAIN);
  xw_num(x, s, row, 6, &si->high, f, XS_PLAIN);
  xw_num(x, s, row, 7, &si->ratio_low, "0.00", XS_PLAIN);
  xw_num(x, s, row, 8, &si->ratio_high, "0.00", XS_PLAIN);
  if (si->sw != SW_NONE)
    xw_num(x, s, row, 9, &si->switching, si->sw == SW_YEARS ? "0" : xw_fmt_fixed(fmt, sizeof fmt, si->percent ? 4 : 2, si->percent ? "%" : NULL), XS_PLAIN);
  xw_text(x, s, row, 10, L(switch_word(si->sw)), XS_PLAIN);
}

void xw_sensitivity(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("bilan"), N_("valuation"), N_("name"), N_("input"), N_("value"), N_("low"), N_("high"),
                                     N_("ratio low"), N_("ratio high"), N_("switching value"), N_("found by")};
  heads(x, s, 0, head, 11);
  int row = 1;
  for (int i = 0; i < x->r->nsens; i++)
    for (int k = 0; k < x->r->sens[i].ninputs; k++) sens_row(x, s, row++, &x->r->sens[i], &x->r->sens[i].inputs[k]);
  xw_note(x, s, row + 1, L("One input moved at a time, the others unchanged; the switching value is the input's value at which the ratio reaches the threshold (pvs eval --sensibilité, doc/methode-sroi.md)."));
  xw_finish_sheet(s, 1, 2);
}

/* ---- estimates for the profession ---- */
static const char *est_format(Xw *x, const EstimateResult *e, char *buf, size_t cap) {
  if (!strncmp(e->unit, "€", strlen("€"))) return xw_fmt_money(x);
  return xw_fmt_fixed(buf, cap, 2, !strcmp(e->unit, "%") ? "%" : NULL);
}

static int estimate_row(Xw *x, XwSheet *s, int row, const EstimateResult *e) {
  char fmt[96], pct[96], method[64];
  size_t k = 0;   /* "ratio séparé": the keyword, as words */
  for (const char *c = schema_panel_method_name(e->method); *c && k + 1 < sizeof method; c++) method[k++] = *c == '_' ? ' ' : *c;
  method[k] = 0;
  const char *f = est_format(x, e, fmt, sizeof fmt);
  char unit[256];
  xw_text(x, s, row, 0, e->label ? e->label : e->name, XS_PLAIN);
  xw_text(x, s, row, 1, e->name, XS_PLAIN);
  xw_text(x, s, row, 2, units_display(unit, sizeof unit, e->unit), XS_PLAIN);
  xw_text(x, s, row, 3, method, XS_PLAIN);
  xw_num(x, s, row, 4, e->missing ? NULL : &e->estimate, f, XS_BOLD);
  bool se = !e->missing && !e->se_missing;
  xw_num(x, s, row, 5, se ? &e->se : NULL, f, XS_PLAIN);
  xw_num(x, s, row, 6, se ? &e->ci_low : NULL, f, XS_PLAIN);
  xw_num(x, s, row, 7, se ? &e->ci_high : NULL, f, XS_PLAIN);
  xw_num(x, s, row, 8, &e->level, xw_fmt_percent(pct, sizeof pct, &e->level), XS_PLAIN);   /* a fraction: 95 % */
  xw_num(x, s, row, 9, se ? &e->cv : NULL, xw_fmt_percent(pct, sizeof pct, &e->cv), XS_PLAIN);
  xw_long(x, s, row, 10, e->n, "#,##0", XS_PLAIN);
  xw_long(x, s, row, 11, e->N, "#,##0", XS_PLAIN);
  xw_long(x, s, row, 12, e->df, "#,##0", XS_PLAIN);
  return row + 1;
}

static int strata_rows(Xw *x, XwSheet *s, int row, const EstimateResult *e) {
  char fmt[96];
  const char *f = est_format(x, e, fmt, sizeof fmt);
  for (int i = 0; i < e->nstrata; i++) {
    const EstStratum *st = &e->strata[i];
    xw_text(x, s, row, 0, e->label ? e->label : e->name, XS_PLAIN);
    xw_text(x, s, row, 1, e->name, XS_PLAIN);
    xw_text(x, s, row, 2, st->key ? st->key : L("all"), XS_PLAIN);
    xw_long(x, s, row, 3, st->N, "#,##0", XS_PLAIN);
    xw_long(x, s, row, 4, st->n, "#,##0", XS_PLAIN);
    xw_num(x, s, row, 5, &st->X, "#,##0.##", XS_PLAIN);
    xw_num(x, s, row++, 6, st->missing ? NULL : &st->estimate, f, XS_PLAIN);
  }
  return row;
}

void xw_estimates(Xw *x, XwSheet *s) {
  static const char *const head[] = {N_("panel"), N_("name"), N_("unit"), N_("estimator"), N_("estimate"), N_("standard error"),
                                     N_("CI low"), N_("CI high"), N_("level"), N_("coefficient of variation"), N_("panel n"), N_("frame N"),
                                     N_("degrees of freedom")};
  static const char *const strata_head[] = {N_("panel"), N_("name"), N_("stratum"), N_("frame N"), N_("panel n"),
                                            N_("auxiliary total"), N_("estimate")};
  heads(x, s, 0, head, 13);
  int row = 1;
  for (int i = 0; i < x->r->nests; i++) row = estimate_row(x, s, row, &x->r->ests[i]);
  row++;
  heads(x, s, row++, strata_head, 7);
  for (int i = 0; i < x->r->nests; i++) row = strata_rows(x, s, row, &x->r->ests[i]);
  xw_note(x, s, row + 1, L("Estimates for the profession from the panel (doc/methode-extrapolation.md); Student's t interval at n − H degrees of freedom; exact values in --format json."));
  xw_finish_sheet(s, 1, 2);
}
