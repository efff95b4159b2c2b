/* out_methods.c — the report's sections for the analysis methods of an evaluation, written
 * into the report's page after the bilans (text, Markdown, and the HTML report):
 *
 *   Sensibilité   per bilan, one row per input of each valuation: the input's value, the
 *                 ratio with the input moved down and up (largest swing first: the order of
 *                 a tornado chart), and its switching value.
 *
 * Figures are rounded for display only: ratios to 2 decimals, inputs to their own decimals
 * (at most 6), rates in %. */
#include "intl.h"
#include "out_impl.h"

#include <string.h>

#define L(en) out_word(d->o, en)

/* A number as a person reads it, appended as one cell. */
static void num_cell(OutDoc *d, const Num *a, int decimals, const char *unit) {
  OutStr s = {0};
  out_str_display(&s, a, decimals, unit, d->o);
  page_cell(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
}

/* ---- sensitivity ---- */
static int input_decimals(const SensInput *si) {
  int a = out_own_decimals(&si->base), b = out_own_decimals(&si->low), c = out_own_decimals(&si->high);
  int m = a > b ? a : b;
  return m > c ? m : c;
}

static const char *input_unit(const SensInput *si) {
  if (si->percent) return "%";
  return strcmp(si->input, "durée") ? "" : NULL;
}

/* "3 → 2 / 4": the input and its two moved values. */
static void moved_cell(OutDoc *d, const SensInput *si) {
  OutStr s = {0};
  int dec = input_decimals(si);
  const char *unit = input_unit(si);
  out_str_display(&s, &si->base, dec, unit ? unit : "", d->o);
  out_str_add(&s, " → ");
  out_str_display(&s, &si->low, dec, unit ? unit : "", d->o);
  out_str_add(&s, " / ");
  out_str_display(&s, &si->high, dec, unit ? unit : "", d->o);
  if (!unit) out_str_add(&s, L(" years"));
  page_cell(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
}

static void switching_cell(OutDoc *d, const SensInput *si) {
  OutStr s = {0};
  const char *unit = input_unit(si);
  if (si->sw == SW_NONE) out_str_add(&s, L("none"));
  else {
    if (si->sw == SW_BISECTION) out_str_add(&s, "≈ ");
    out_str_display(&s, &si->switching, si->sw == SW_YEARS ? 0 : si->percent ? 4 : 2, unit ? unit : "", d->o);
    if (!unit) out_str_add(&s, L(" years"));
  }
  page_cell(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
}

static void sensitivity(OutDoc *d, const SensResult *sr) {
  OutStr s = {0};
  out_str_printf(&s, L("Sensitivity of %s"), sr->statement);
  page_heading(&d->page, 3, NULL, out_str_get(&s));
  out_str_free(&s);
  out_str_add(&s, L("One input moved at a time, the others unchanged: quantities and proxies by "));
  out_str_display(&s, &sr->step, out_own_decimals(&sr->step), "%", d->o);
  out_str_add(&s, L(", rates by "));
  out_str_display(&s, &sr->points, out_own_decimals(&sr->points), "", d->o);
  out_str_add(&s, L(" points, the duration by one year. Switching value: the input's value at which the ratio is "));
  out_str_display(&s, &sr->threshold, out_own_decimals(&sr->threshold), "", d->o);
  out_str_add(&s, L(" (≈: found by bisection, to 0.0001 point)."));
  page_para(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
  if (!sr->ninputs) {
    page_para(&d->page, L("No ratio to move: the bilan has no costs or a value is missing."));
    return;
  }
  const char *heads[] = {L("valuation"), L("input"), L("value → low / high"), L("ratio low"), L("ratio high"),
                         L("switching value")};
  const bool right[] = {false, false, true, true, true, true};
  page_table_begin(&d->page, 6, heads, right);
  for (int i = 0; i < sr->ninputs; i++) {
    const SensInput *si = &sr->inputs[i];
    page_row_begin(&d->page);
    page_cell(&d->page, si->valuation);
    page_cell(&d->page, si->input);
    moved_cell(d, si);
    num_cell(d, &si->ratio_low, OUT_RATIO_DECIMALS, "");
    num_cell(d, &si->ratio_high, OUT_RATIO_DECIMALS, "");
    switching_cell(d, si);
    page_row_end(&d->page);
  }
  page_table_end(&d->page);
}

void out_doc_methods(OutDoc *d, const EvalResult *r) {
  out_doc_flush(d);
  if (r->nsens) page_heading(&d->page, 2, "sensibilite", L("Sensitivity"));
  for (int i = 0; i < r->nsens; i++) sensitivity(d, &r->sens[i]);
}
