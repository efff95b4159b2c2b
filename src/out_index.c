/* out_index.c — the report's section on composite indices (eval_index.c), written into the
 * report's page with the analysis methods (text, Markdown and the HTML report):
 *
 *   per indice: its method in one sentence (normalisation, aggregation, missing policy,
 *   each component's weight, polarity and target), then one row per group: the index, and
 *   for each component its normalised value and its contribution; in the HTML report, the
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

static const char *word(const OutDoc *d, ChoiceId c) { return d->o->french ? schema_choice(c)->fr : schema_choice(c)->en; }

/* "Normalisation: min_max; aggregation: arithmétique; …; weights: a 50 % (target 80 %, lower is
 * better), b 50 %." */
static void method(OutDoc *d, const IndexResult *x) {
  OutStr s = {0};
  out_str_printf(&s, L("Normalisation: %s; aggregation: %s; missing component: %s; weights: "), word(d, x->norm),
                 word(d, x->agg), word(d, x->missing_policy));
  Num pct = NUM_INIT, h = NUM_INIT;
  num_set_long(&h, 100);
  for (int c = 0; c < x->ncomps; c++) {
    const IndexComponent *k = &x->comps[c];
    num_mul(&pct, &k->weight, &h);
    out_str_printf(&s, "%s%s ", c ? ", " : "", k->name);
    out_str_display(&s, &pct, out_own_decimals(&pct), "%", d->o);
    if (k->has_target || k->lower_better) out_str_add(&s, " (");
    if (k->has_target) {
      out_str_add(&s, L("target "));
      out_str_display(&s, &k->target, out_own_decimals(&k->target), k->unit, d->o);
      if (*k->unit && !out_unit_is_suffixed(k->unit)) out_str_printf(&s, " %s", k->unit);
    }
    if (k->lower_better) out_str_add(&s, k->has_target ? L(", lower is better") : L("lower is better"));
    if (k->has_target || k->lower_better) out_str_add(&s, ")");
  }
  out_str_add(&s, ".");
  if (!x->exact) out_str_add(&s, L(" z-scores and geometric means are computed to 20 decimals, correctly rounded."));
  page_para(&d->page, out_str_get(&s));
  d->oom |= s.oom;
  out_str_free(&s);
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

static void table(OutDoc *d, const IndexResult *x) {
  int nd = x->by.ndims ? x->by.ndims : 1, ncols = nd + 1 + 2 * x->ncomps;
  const char **heads = mem_calloc((size_t)ncols, sizeof *heads);
  bool *right = mem_calloc((size_t)ncols, sizeof *right);
  OutStr *names = mem_calloc((size_t)(2 * x->ncomps + 1), sizeof *names);
  if (!heads || !right || !names) { d->oom = true; free(heads); free(right); free(names); return; }
  for (int i = 0; i < nd; i++) heads[i] = x->by.ndims ? x->by.dims[i] : "";
  heads[nd] = L("index");
  for (int c = 0; c < x->ncomps; c++) {
    out_str_printf(&names[2 * c], L("%s normalised"), x->comps[c].name);
    out_str_printf(&names[2 * c + 1], L("%s contribution"), x->comps[c].name);
    heads[nd + 1 + 2 * c] = out_str_get(&names[2 * c]);
    heads[nd + 2 + 2 * c] = out_str_get(&names[2 * c + 1]);
  }
  for (int i = 0; i < ncols; i++) right[i] = i >= nd;
  page_table_begin(&d->page, ncols, heads, right);
  for (int i = 0; i < 2 * x->ncomps; i++) { d->oom |= names[i].oom; out_str_free(&names[i]); }
  free(heads);
  free(right);
  free(names);
  for (int g = 0; g < x->nrows; g++) {
    const IndexRow *row = &x->rows[g];
    page_row_begin(&d->page);
    group_cells(d, x, row);
    num_cell(d, row->missing ? NULL : &row->value, x->decimals);
    for (int c = 0; c < x->ncomps; c++) {
      const IndexPart *pt = &row->parts[c];
      num_cell(d, pt->missing ? NULL : &pt->norm, x->decimals);
      num_cell(d, row->missing || pt->missing ? NULL : &pt->contribution, x->decimals);
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
  table(d, x);
  chart(d, x);
}

void out_doc_indices(OutDoc *d, const EvalResult *r) {
  if (r->nidxs) page_heading(&d->page, 2, "indices", L("Composite indices"));
  for (int i = 0; i < r->nidxs; i++) one(d, &r->idxs[i]);
}
