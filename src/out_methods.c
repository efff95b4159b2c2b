/* out_methods.c — the report's sections for the analysis methods of an evaluation, written
 * into the report's page after the bilans (text, Markdown, and the HTML report):
 *
 *   Sensibilité   per bilan, one row per input of each valuation: the input's value, the
 *                 ratio with the input moved down and up (largest swing first: the order of
 *                 a tornado chart), and its switching value.
 *   Extrapolation per estimate of a panel: the sentence of a report ("Estimation pour la
 *                 profession : 412 M€ [IC 95 % : 371 – 453 M€]"), its method, standard
 *                 error and coefficient of variation, and a table of its strata.
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

/* What the HTML report names a valuation and a bilan by: its label (the text reports: its name). */
static const char *val_label(const OutDoc *d, const char *name) {
  const ValuationResult *v = d->report ? out_find_val(d->r, name) : NULL;
  return v && v->label && *v->label ? v->label : name;
}

#define TORNADO_ROWS 12   /* the inputs that move the ratio most; the table lists them all */

/* The tornado chart of the HTML report: "Valuation — input" rows, largest swing first. */
static void tornado(OutDoc *d, const SensResult *sr) {
  int n = sr->ninputs < TORNADO_ROWS ? sr->ninputs : TORNADO_ROWS;
  TornadoRow rows[TORNADO_ROWS];
  OutStr labels[TORNADO_ROWS] = {{0}};
  for (int i = 0; i < n; i++) {
    const SensInput *si = &sr->inputs[i];
    out_str_printf(&labels[i], "%s — %s", val_label(d, si->valuation), si->input);
    rows[i] = (TornadoRow){out_str_get(&labels[i]), &si->ratio_low, &si->ratio_high};
  }
  OutStr svg = {0}, cap = {0};
  out_str_add(&cap, L("The SROI ratio when each input moves alone (the inputs that move it most)"));
  out_chart_tornado(&svg, rows, n, &sr->ratio, &sr->threshold, out_str_get(&cap), d->o);
  page_figure(&d->page, out_str_get(&svg), out_str_get(&cap));
  d->oom |= svg.oom || cap.oom;
  out_str_free(&svg);
  out_str_free(&cap);
  for (int i = 0; i < n; i++) d->oom |= labels[i].oom, out_str_free(&labels[i]);
}

static void sensitivity(OutDoc *d, const SensResult *sr) {
  OutStr s = {0};
  const StatementResult *st = d->report ? out_find_stmt(d->r, sr->statement) : NULL;
  if (st && st->label && *st->label) out_str_printf(&s, L("Sensitivity: %s"), st->label);
  else out_str_printf(&s, L("Sensitivity of %s"), sr->statement);
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
  if (d->report) {
    tornado(d, sr);
    page_html(&d->page, "<div class=\"sens\">");   /* a table whose words wrap, not break */
  }
  const char *heads[] = {L("valuation"), L("input"), L("value → low / high"), L("ratio low"), L("ratio high"),
                         L("switching value")};
  const bool right[] = {false, false, true, true, true, true};
  page_table_begin(&d->page, 6, heads, right);
  for (int i = 0; i < sr->ninputs; i++) {
    const SensInput *si = &sr->inputs[i];
    page_row_begin(&d->page);
    page_cell(&d->page, val_label(d, si->valuation));
    page_cell(&d->page, si->input);
    moved_cell(d, si);
    num_cell(d, &si->ratio_low, OUT_RATIO_DECIMALS, "");
    num_cell(d, &si->ratio_high, OUT_RATIO_DECIMALS, "");
    switching_cell(d, si);
    page_row_end(&d->page);
  }
  page_table_end(&d->page);
  if (d->report) page_html(&d->page, "</div>");
}

/* ---- extrapolation ---- */
/* Millions of euros from 1 M€ up, with three significant digits (412 M€, 41.2 M€); else the
 * value to the unit's decimals. One scale for the three figures of a sentence. */
static int money_scale(const EstimateResult *e, int *decimals) {
  Num m = NUM_INIT, a = NUM_INIT;
  num_set_long(&m, 1000000);
  num_abs(&a, &e->estimate);
  int scale = strncmp(e->unit, "€", strlen("€")) == 0 && num_cmp(&a, &m) >= 0;
  *decimals = 0;
  if (scale) {
    num_div(&a, &a, &m);
    long lg = num_ilog10(&a);
    *decimals = lg >= 2 ? 0 : (int)(2 - lg);
  }
  num_clear(&m);
  num_clear(&a);
  return scale;
}

static void figure(OutDoc *d, OutStr *s, const Num *v, const EstimateResult *e, int scale, int decimals, bool unit) {
  Num x = NUM_INIT, m = NUM_INIT;
  num_set(&x, v);
  num_set_long(&m, 1000000);
  if (scale) num_div(&x, &x, &m);
  bool money = !strncmp(e->unit, "€", strlen("€"));
  out_str_display(s, &x, scale ? decimals : money ? 0 : 1, scale || !unit ? "" : e->unit, d->o);
  if (scale && unit) out_str_add(s, d->o->french ? "\xC2\xA0M€" : " M€");
  else if (unit && !money) out_str_unit_after(s, v, e->unit, d->o);
  num_clear(&x);
  num_clear(&m);
}

void out_doc_estimate_sentence(OutDoc *d, const EstimateResult *e) {
  OutStr s = {0};
  int dec, scale = money_scale(e, &dec);
  out_str_add(&s, L("Estimate for the profession: "));
  if (e->missing) out_str_add(&s, out_missing(d->o));
  else figure(d, &s, &e->estimate, e, scale, dec, true);
  if (!e->missing && !e->se_missing) {
    Num pct = NUM_INIT, h = NUM_INIT;
    num_set_long(&h, 100);
    num_mul(&pct, &e->level, &h);
    out_str_add(&s, L(" [CI "));
    out_str_display(&s, &pct, out_own_decimals(&pct), "%", d->o);
    out_str_add(&s, d->o->french ? " : " : ": ");
    figure(d, &s, &e->ci_low, e, scale, dec, false);
    out_str_add(&s, " – ");
    figure(d, &s, &e->ci_high, e, scale, dec, true);
    out_str_add(&s, "]");
    num_clear(&pct);
    num_clear(&h);
  }
  page_para_begin(&d->page, false);
  page_strong(&d->page, out_str_get(&s));
  page_para_end(&d->page);
  d->oom |= s.oom;
  out_str_free(&s);
}

static void estimate_details(OutDoc *d, const EstimateResult *e) {
  OutStr s = {0};
  OutStr method = {0};   /* "ratio séparé": the keyword, as words */
  for (const char *c = schema_panel_method_name(e->method); *c; c++) out_str_addn(&method, *c == '_' ? " " : c, 1);
  out_str_printf(&s, L("Estimator: %s"), out_str_get(&method));
  s.oom |= method.oom;
  out_str_free(&method);
  if (e->auxiliary) out_str_printf(&s, L(" (auxiliary variable: %s)"), e->auxiliary);
  out_str_printf(&s, L("; panel of %ld organisations out of %ld in %s, %d strata, %ld degrees of freedom"), e->n, e->N, e->frame,
                 e->nstrata, e->df);
  if (!e->se_missing) {
    out_str_add(&s, L("; standard error "));
    out_str_display(&s, &e->se, 2, e->unit, d->o);
    out_str_add(&s, L(", coefficient of variation "));
    Num pct = NUM_INIT, h = NUM_INIT;
    num_set_long(&h, 100);
    num_mul(&pct, &e->cv, &h);
    out_str_display(&s, &pct, 1, "%", d->o);
    out_str_add(&s, L(", Student's t "));
    out_str_display(&s, &e->t, 4, "", d->o);
    num_clear(&pct);
    num_clear(&h);
  }
  out_str_add(&s, ".");
  page_para(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
}

static void estimate(OutDoc *d, const EstimateResult *e) {
  OutStr s = {0};
  if (e->label) out_str_printf(&s, "%s (%s)", e->label, e->name);
  else out_str_add(&s, e->name);
  if (*e->unit) out_str_add(&s, " ["), out_str_unit(&s, e->unit), out_str_add(&s, "]");
  page_heading(&d->page, 3, NULL, out_str_get(&s));
  out_str_free(&s);
  out_doc_estimate_sentence(d, e);
  estimate_details(d, e);
  if (e->nstrata < 2 && !e->strata[0].key) return;
  const char *heads[] = {L("stratum"), L("frame N"), L("panel n"), L("auxiliary total"), L("estimate")};
  const bool right[] = {false, true, true, true, true};
  page_table_begin(&d->page, 5, heads, right);
  for (int i = 0; i < e->nstrata; i++) {
    const EstStratum *st = &e->strata[i];
    Num v = NUM_INIT;
    page_row_begin(&d->page);
    page_cell(&d->page, st->key);
    num_set_long(&v, st->N);
    num_cell(d, &v, 0, "");
    num_set_long(&v, st->n);
    num_cell(d, &v, 0, "");
    num_cell(d, &st->X, out_own_decimals(&st->X), "");
    num_cell(d, st->missing ? NULL : &st->estimate, 2, e->unit);
    page_row_end(&d->page);
    num_clear(&v);
  }
  page_table_end(&d->page);
}

void out_doc_methods(OutDoc *d, const EvalResult *r) {
  out_doc_flush(d);
  out_doc_indices(d, r);
  if (r->nests) page_heading(&d->page, 2, "extrapolation", L("Extrapolation to the profession"));
  for (int i = 0; i < r->nests; i++) estimate(d, &r->ests[i]);
  if (r->nsens) page_heading(&d->page, 2, "sensibilite", L("Sensitivity"));
  for (int i = 0; i < r->nsens; i++) sensitivity(d, &r->sens[i]);
}
