/* out_index.c — the report's section on composite indices (compute_index.c), written into the
 * report's page with the analysis methods (text, Markdown and the HTML report):
 *
 *   per indice: its method in words (normalisation, aggregation, missing policy), its
 *   components with their labels, weights, polarity and target; then a table of the index
 *   and each component's contribution per group, and one of the normalised values; in the
 *   HTML report, the
 *   contributions as stacked bars (out_chart.c) under a weighted arithmetic mean of values
 *   that are not negative (min-max, ranks, distance to target within reach) — the bars of a
 *   geometric mean's factors would not add up to its index, and z-scores go both ways, so
 *   those have the table only.
 *
 * Figures are rounded for display only, to the index's decimals. */
#include "intl.h"
#include "mem.h"
#include "out_impl.h"

#include <stdlib.h>
#include <string.h>

#define L(en) out_word(d->o, en)

static void num_cell(OutDoc *d, const Num *a, int decimals) {
  OutStr s = {0};
  out_str_display(&s, a, decimals, "", d->o);
  page_cell(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
}

/* The method in words a reader follows (doc/methode-indices.md), not the script's keywords. */
static const char *norm_words(const OutDoc *d, ChoiceId c) {
  switch (c) {
  case C_NORM_TARGET: return L("distance to the target (100 = target reached, above 100: better than the target)");
  case C_NORM_Z_SCORE: return L("z-score (in standard deviations around the mean of the groups)");
  case C_NORM_RANKS: return L("ranks (1 for the worst group; ties share their mean rank)");
  default: return L("min-max (0 for the worst group, 100 for the best)");
  }
}

/* "Normalisation: min-max (…); weighted arithmetic mean; a group missing a component has no
 * index." then "Components: Part des logements DPE A à C (part_econome), weight 50 %, target
 * 80 %; …" */
static void method(OutDoc *d, const IndexResult *x) {
  OutStr s = {0};
  out_str_printf(&s, L("Normalisation: %s; %s; %s"), norm_words(d, x->norm),
                 x->agg == C_AGG_GEOMETRIC ? L("weighted geometric mean") : L("weighted arithmetic mean"),
                 x->missing_policy == C_MISSING_EXCLUDE
                     ? L("a missing component is left out, the weights of the others brought back to 100 %.")
                     : L("a group missing a component has no index."));
  if (!x->exact) out_str_add(&s, L(" z-scores and geometric means are computed to 20 decimals, correctly rounded."));
  page_para(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
  OutStr c = {0};
  Num pct = NUM_INIT, h = NUM_INIT;
  num_set_long(&h, 100);
  out_str_add(&c, L("Components: "));
  for (int i = 0; i < x->ncomps; i++) {
    const IndexComponent *k = &x->comps[i];
    num_mul(&pct, &k->weight, &h);
    if (i) out_str_add(&c, d->o->french ? " ; " : "; ");
    if (k->label) out_str_printf(&c, "%s (%s)", k->label, k->name);
    else out_str_add(&c, k->name);
    out_str_add(&c, L(", weight "));
    out_str_display(&c, &pct, out_own_decimals(&pct), "%", d->o);
    if (k->has_target) {
      out_str_add(&c, L(", target "));
      out_str_display(&c, &k->target, out_own_decimals(&k->target), k->unit, d->o);
      if (*k->unit && !out_unit_is_suffixed(k->unit)) out_str_printf(&c, " %s", k->unit);
    }
    if (k->lower_better) out_str_add(&c, L(", lower is better"));
  }
  out_str_add(&c, ".");
  page_para(&d->page, out_str_get(&c));
  d->oom |= c.oom;
  out_str_free(&c);
  num_clear(&pct);
  num_clear(&h);
}

static void group_cells(OutDoc *d, const IndexResult *x, const IndexRow *row) {
  int nd = x->by.ndims;
  for (int i = 0; i < (nd ? nd : 1); i++) {
    if (!row->key) { page_cell(&d->page, i ? "" : L("total")); continue; }
    OutStr s = {0};
    out_key_text(&s, &x->by, i, row->key[i], d->o);
    page_cell(&d->page, out_str_get(&s));
    d->oom |= s.oom;
    out_str_free(&s);
  }
}

/* One table per group row: the groups, [the index,] then one column per component (by its
 * label, as every table of the report) — its normalised value, or its contribution to the
 * index. Two narrow tables read better than one with two columns per component. */
static void table(OutDoc *d, const IndexResult *x, bool contributions) {
  int nd = x->by.ndims ? x->by.ndims : 1, first = nd + (contributions ? 1 : 0), ncols = first + x->ncomps;
  const char **heads = mem_calloc((size_t)ncols, sizeof *heads);
  bool *right = mem_calloc((size_t)ncols, sizeof *right);
  if (!heads || !right) { d->oom = true; free(heads); free(right); return; }
  for (int i = 0; i < nd; i++) heads[i] = x->by.ndims ? x->by.dims[i] : "";
  if (contributions) heads[nd] = L("index");
  for (int c = 0; c < x->ncomps; c++) heads[first + c] = x->comps[c].label ? x->comps[c].label : x->comps[c].name;
  for (int i = 0; i < ncols; i++) right[i] = i >= nd;
  const char *intro = !contributions ? L("Normalised values of the components:")
                      : x->agg == C_AGG_GEOMETRIC
                          ? L("The index and the factor of each component (its normalised value to the power of its weight; their product is the index):")
                          : L("The index and the contribution of each component (its weight × its normalised value; they add up to the index):");
  page_para(&d->page, intro);
  page_table_begin(&d->page, ncols, heads, right);
  free(heads);
  free(right);
  for (int g = 0; g < x->nrows; g++) {
    const IndexRow *row = &x->rows[g];
    page_row_begin(&d->page);
    group_cells(d, x, row);
    if (contributions) num_cell(d, row->missing ? NULL : &row->value, x->decimals);
    for (int c = 0; c < x->ncomps; c++) {
      const IndexPart *pt = &row->parts[c];
      if (contributions) num_cell(d, row->missing || pt->missing ? NULL : &pt->contribution, x->decimals);
      else num_cell(d, pt->missing ? NULL : &pt->norm, x->decimals);
    }
    page_row_end(&d->page);
  }
  page_table_end(&d->page);
}

static bool chartable(const IndexResult *x) {
  if (x->agg != C_AGG_ARITHMETIC || x->norm == C_NORM_Z_SCORE) return false;
  for (int g = 0; g < x->nrows; g++)
    for (int c = 0; c < x->ncomps; c++)
      if (!x->rows[g].missing && !x->rows[g].parts[c].missing && num_sign(&x->rows[g].parts[c].contribution) < 0) return false;
  return x->nrows > 0;
}

static void chart(OutDoc *d, const IndexResult *x) {
  if (!chartable(x)) return;
  int n = x->nrows, k = x->ncomps;
  const char **rows = mem_calloc((size_t)n + 1, sizeof *rows), **series = mem_calloc((size_t)k + 1, sizeof *series);
  const Num **parts = mem_calloc((size_t)(n * k) + 1, sizeof *parts), **totals = mem_calloc((size_t)n + 1, sizeof *totals);
  OutStr *labels = mem_calloc((size_t)n + 1, sizeof *labels), svg = {0}, title = {0};
  if (!rows || !series || !parts || !totals || !labels) d->oom = true;
  for (int c = 0; !d->oom && c < k; c++) series[c] = x->comps[c].label ? x->comps[c].label : x->comps[c].name;
  for (int g = 0; !d->oom && g < n; g++) {
    const IndexRow *row = &x->rows[g];
    for (int i = 0; row->key && i < x->by.ndims; i++) {
      if (i) out_str_add(&labels[g], " / ");
      out_key_text(&labels[g], &x->by, i, row->key[i], d->o);
    }
    rows[g] = row->key ? out_str_get(&labels[g]) : L("total");
    totals[g] = row->missing ? NULL : &row->value;
    for (int c = 0; c < k; c++) parts[g * k + c] = row->missing || row->parts[c].missing ? NULL : &row->parts[c].contribution;
  }
  if (!d->oom) {
    out_str_printf(&title, L("%s: contributions of the components, by group"), x->label ? x->label : x->name);
    ChartStack cs = {rows, n, series, k, parts, totals, x->decimals};
    out_chart_stacked(&svg, &cs, out_str_get(&title), d->o);
    page_figure(&d->page, out_str_get(&svg), out_str_get(&title));
    d->oom |= svg.oom || title.oom;
  }
  for (int g = 0; labels && g < n; g++) { d->oom |= labels[g].oom; out_str_free(&labels[g]); }
  out_str_free(&svg);
  out_str_free(&title);
  free(rows); free(series); free(parts); free(totals); free(labels);
}

static void one(OutDoc *d, const IndexResult *x) {
  OutStr s = {0};
  if (x->label) out_str_printf(&s, "%s (%s)", x->label, x->name);
  else out_str_add(&s, x->name);
  page_heading(&d->page, 3, NULL, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
  method(d, x);
  table(d, x, true);
  table(d, x, false);
  chart(d, x);
}

void out_doc_indices(OutDoc *d, const EvalResult *r) {
  if (r->nidxs) page_heading(&d->page, 2, "indices", L("Composite indices"));
  for (int i = 0; i < r->nidxs; i++) one(d, &r->idxs[i]);
}
