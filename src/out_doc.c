/* out_doc.c — the report: what a person reads about an evaluation, as headings, paragraphs
 * and tables of display strings, recorded once in the document model (page.h) and rendered
 * as text (aligned columns), Markdown or HTML, so every format carries the same content.
 *
 * Layout of one result: title and date; indicators (a table of groups, total last);
 * valuations (one column per group, total last; rows: impact per year, present value, its
 * share per stakeholder); costs; statements (the four figures, then by stakeholder and by
 * chain); contrôles; the parameter values used. Side by side (--scenario all): one column per
 * result, rows the figures of rs[0], matched by name. */
#include "intl.h"
#include "mem.h"
#include "out_impl.h"
#include "sym.h"

/* A word of the report in its language: French with French display, else English (through
 * gettext). */
#define L(en) out_word(d->o, en)

#include <stdlib.h>
#include <string.h>

/* ---- building blocks ---------------------------------------------------------------------- */
/* Headings and paragraphs go straight to the page; a table collects its cells (row by row,
 * the header first) until the next block, then goes to the page whole. */

static void table_free(OutTable *t) {
  for (int c = 0; c < t->ncells; c++) free(t->cells[c]);
  free(t->cells);
  free(t->right);
  *t = (OutTable){0};
}

static const char *label_of(const OutDoc *d, const char *name);
static void flush(OutDoc *d);

void out_doc_flush(OutDoc *d) { flush(d); }

/* The table being collected, if any, written to the page. */
static void flush(OutDoc *d) {
  OutTable *t = &d->t;
  if (!t->ncols) return;
  if (!d->oom && t->ncells >= t->ncols) {
    page_table_begin(&d->page, t->ncols, (const char *const *)t->cells, t->right);
    for (int r = 1; r <= out_table_rows(t); r++) {
      page_row_begin(&d->page);
      for (int c = 0; c < t->ncols; c++) page_cell(&d->page, out_table_cell(t, r, c));
      page_row_end(&d->page);
    }
    page_table_end(&d->page);
  }
  table_free(t);
}

/* A heading or paragraph; takes s's text. */
static void doc_take(OutDoc *d, OutBlockKind k, OutStr *s) {
  flush(d);
  char *t = out_str_take(s);
  if (!t) { d->oom = true; return; }
  if (k == OUT_PARA) page_para(&d->page, t);
  else page_heading(&d->page, k == OUT_H1 ? 1 : k == OUT_H2 ? 2 : 3, NULL, t);
  free(t);
}

static void doc_text(OutDoc *d, OutBlockKind k, const char *text) {
  OutStr s = {0};
  out_str_add(&s, text);
  doc_take(d, k, &s);
}

/* A new table of ncols columns, all left-aligned; valid until the next block is pushed. */
static OutTable *doc_table(OutDoc *d, int ncols) {
  flush(d);
  if (d->oom) return NULL;
  d->t.ncols = ncols;
  d->t.right = mem_calloc((size_t)ncols, sizeof *d->t.right);
  if (!d->t.right) {
    d->oom = true;
    d->t.ncols = 0;
    return NULL;
  }
  return &d->t;
}

static void cell_take(OutDoc *d, OutTable *t, OutStr *s) {
  char *text = out_str_take(s);
  if (!t || !text || d->oom) {
    d->oom = true;
    free(text);
    return;
  }
  if (t->ncells == t->cap) {
    int cap = t->cap ? t->cap * 2 : 32;
    char **c = mem_realloc(t->cells, (size_t)cap * sizeof *c);
    if (!c) {
      d->oom = true;
      free(text);
      return;
    }
    t->cells = c;
    t->cap = cap;
  }
  t->cells[t->ncells++] = text;
}

static void cell(OutDoc *d, OutTable *t, const char *text) {
  OutStr s = {0};
  out_str_add(&s, text ? text : out_missing(d->o));
  cell_take(d, t, &s);
}

/* A number as shown to a person; a NULL a is missing. */
static void cell_num(OutDoc *d, OutTable *t, const Num *a, int decimals, const char *unit) {
  OutStr s = {0};
  out_str_display(&s, a, decimals, unit, d->o);
  cell_take(d, t, &s);
}

/* A value with its unit whatever the unit (a parameter's table has no unit column):
 * "1 607 heure/personne", "6 403 GBP/personne". */
static void cell_with_unit(OutDoc *d, OutTable *t, const Num *a, int decimals, const char *unit) {
  OutStr s = {0};
  out_str_display(&s, a, decimals, unit, d->o);
  if (a && unit && *unit && !out_unit_is_suffixed(unit)) {
    out_str_add(&s, d->o->french ? OUT_NBSP : " ");
    out_str_unit(&s, unit);
  }
  cell_take(d, t, &s);
}

/* An amount in its currency, at `decimals`. */
static void cell_amount(OutDoc *d, OutTable *t, const Num *a, int decimals, const char *currency) {
  OutStr s = {0};
  out_str_money(&s, a, decimals, currency, d->o);
  cell_take(d, t, &s);
}

static void cell_money(OutDoc *d, OutTable *t, const Num *a, const char *currency) {
  cell_amount(d, t, a, OUT_MONEY_DECIMALS, currency);
}

static void cell_long(OutDoc *d, OutTable *t, long v) {
  Num n = NUM_INIT;
  num_set_long(&n, v);
  cell_num(d, t, &n, 0, "");
  num_clear(&n);
}

/* "v1 / v2" for a group's key (territories by name: "Lille (59350) / A"), "total" for the
 * total row (key NULL). */
static void cell_key(OutDoc *d, OutTable *t, const Breakdown *by, const char **key) {
  OutStr s = {0};
  if (!key)
    out_str_add(&s, L("total"));
  for (int i = 0; key && i < by->ndims; i++) {
    out_str_add(&s, i ? " / " : "");
    out_key_text(&s, by, i, key[i], d->o);
  }
  cell_take(d, t, &s);
}

/* One dimension of a group's key: "Lille (59350)", a plain value, "not given". */
static void cell_dim(OutDoc *d, OutTable *t, const Breakdown *by, int i, const char *key) {
  OutStr s = {0};
  out_key_text(&s, by, i, key, d->o);
  cell_take(d, t, &s);
}

/* "Label (name)", or "name" when there is no label, then " [unit]" when there is one. */
static void heading(OutDoc *d, OutBlockKind k, const char *name, const char *label,
                    const char *unit) {
  OutStr s = {0};
  if (label && *label)
    out_str_printf(&s, "%s (%s)", label, name);
  else
    out_str_add(&s, name);
  if (unit && *unit)
    out_str_add(&s, " ["), out_str_unit(&s, unit), out_str_add(&s, "]");
  doc_take(d, k, &s);
}

/* Title, date and scénario of a report. */
static void title(OutDoc *d, const EvalResult *r) {
  OutStr s = {0};
  out_framework_title(&s, r, d->o);
  doc_take(d, OUT_H1, &s);
  if (r->date) {
    char day[64];
    out_str_printf(&s, L("Date: %s"), intl_date(day, sizeof day, r->date, d->o->french ? INTL_DATE_LONG : INTL_DATE_ISO));
    doc_take(d, OUT_PARA, &s);
  }
  if (r->scenario) {
    out_str_printf(&s, L("Scenario: %s"), r->scenario);
    doc_take(d, OUT_PARA, &s);
  }
}

/* ---- one result ----------------------------------------------------------------------------- */

/* indicator: dimension columns (one blank one when none), then the value; total last. */
static void indicator(OutDoc *d, const IndicatorResult *ind) {
  heading(d, OUT_H3, ind->name, ind->label, ind->unit);
  out_doc_indicator_table(d, ind);
}

void out_doc_indicator_table(OutDoc *d, const IndicatorResult *ind) {
  int nd = ind->by.ndims;
  bool skipped = false;   /* a column for the missing values its aggregates skipped, when any */
  for (int r = 0; r < ind->nrows; r++)
    skipped |= ind->rows[r].skipped > 0;
  OutTable *t = doc_table(d, (nd ? nd : 1) + 1 + skipped);
  if (!t)
    return;
  t->right[(nd ? nd : 1)] = true;
  t->right[t->ncols - 1] = true;
  for (int i = 0; i < nd; i++)
    cell(d, t, ind->by.dims[i]);
  if (!nd)
    cell(d, t, "");
  cell(d, t, L("value"));
  if (skipped)
    cell(d, t, L("missing values skipped"));
  for (int r = 0; r < ind->nrows; r++) {
    const ResultRow *row = &ind->rows[r];
    for (int i = 0; i < (nd ? nd : 1); i++) {
      if (row->key) cell_dim(d, t, &ind->by, i, row->key[i]);
      else cell(d, t, i ? "" : d->report ? L("All together") : L("total"));   /* the report: as its maps say */
    }
    cell_num(d, t, row->cell.missing ? NULL : &row->cell.value, ind->decimals, ind->unit);
    if (skipped)
      cell_long(d, t, row->skipped);
  }
}

/* Whether share i of row r is its stakeholder's first appearance over the valuation's rows
 * (the stakeholders are listed in that order, every one of them). */
static bool first_share(const ValuationResult *v, int r, int i) {
  const char *name = v->rows[r].shares[i].stakeholder;
  for (int q = 0; q <= r; q++)
    for (int k = 0; k < (q == r ? i : v->rows[q].nshares); k++)
      if (!strcmp(v->rows[q].shares[k].stakeholder, name))
        return false;
  return true;
}

static const Num *share_of(const ValuationRow *row, const char *stakeholder) {
  for (int i = 0; i < row->nshares; i++)
    if (strcmp(row->shares[i].stakeholder, stakeholder) == 0)
      return &row->shares[i].value;
  return NULL;
}

/* A valuation row's figure: impact of year `year` (1…N), else a stakeholder's share, else
 * the present value; NULL when missing. */
static const Num *val_figure(const ValuationRow *row, int year, const char *stakeholder) {
  if (row->missing)
    return NULL;
  if (year > 0)
    return year <= row->nyears ? &row->impact[year - 1] : NULL;
  return stakeholder ? share_of(row, stakeholder) : &row->present_value;
}

/* A stakeholder's or chain's label when it has one, else its name. */
const char *out_doc_label(const OutDoc *d, const char *name) { return label_of(d, name); }

static const char *label_of(const OutDoc *d, const char *name) {
  for (int i = 0; d->r && i < d->r->nlabels; i++)
    if (!strcmp(d->r->labels[i].name, name)) return d->r->labels[i].label;
  return name;
}

/* One figure line of a valuation's table: its label (taken), then one cell per group. */
static void valuation_line(OutDoc *d, OutTable *t, const ValuationResult *v, OutStr *label,
                           int year, const char *stakeholder) {
  cell_take(d, t, label);
  for (int r = 0; r < v->nrows; r++)
    cell_money(d, t, val_figure(&v->rows[r], year, stakeholder), out_cur(v->currency));
}

/* The published present value and its difference, under the total (the groups blank). */
static void valuation_published(OutDoc *d, OutTable *t, const ValuationResult *v) {
  for (int k = 0; k < 2; k++) {
    cell(d, t, k ? L("difference") : L("published value"));
    for (int r = 0; r + 1 < v->nrows; r++)
      cell(d, t, "");
    OutStr s = {0};
    if (k) out_str_difference(&s, &v->published, OUT_MONEY_DECIMALS, out_cur(v->currency), d->o);
    else out_str_money(&s, &v->published.value, OUT_MONEY_DECIMALS, out_cur(v->currency), d->o);
    cell_take(d, t, &s);
  }
}

/* valuation: rows impact year 1…N, present value, "of which" each stakeholder; one column
 * per group, total last. */
static void valuation(OutDoc *d, const ValuationResult *v) {
  heading(d, OUT_H3, v->name, v->label, out_cur(v->currency));
  out_doc_valuation_table(d, v);
}

void out_doc_valuation_table(OutDoc *d, const ValuationResult *v) {
  OutStr s = {0};
  if (v->chain) {
    out_str_printf(&s, L("Chain: %s"), label_of(d, v->chain));
    doc_take(d, OUT_PARA, &s);
  }
  if (!out_timeline_default(&v->timeline)) {
    out_str_timeline(&s, &v->timeline, d->o);
    doc_take(d, OUT_PARA, &s);
  }
  OutTable *t = doc_table(d, 1 + v->nrows);
  if (!t)
    return;
  for (int c = 1; c < t->ncols; c++)
    t->right[c] = true;
  for (int i = 0; i < v->by.ndims; i++)
    out_str_printf(&s, "%s%s", i ? " / " : "", v->by.dims[i]);
  cell_take(d, t, &s);
  for (int r = 0; r < v->nrows; r++)
    cell_key(d, t, &v->by, v->rows[r].key);
  int years = 0;
  for (int r = 0; r < v->nrows; r++)
    years = v->rows[r].nyears > years ? v->rows[r].nyears : years;
  for (int y = 1; y <= years; y++) {
    out_str_printf(&s, L("impact year %d"), y);
    valuation_line(d, t, v, &s, y, NULL);
  }
  out_str_add(&s, L("present value"));
  valuation_line(d, t, v, &s, 0, NULL);
  for (int r = 0; r < v->nrows; r++)
    for (int i = 0; i < v->rows[r].nshares; i++) {
      if (!first_share(v, r, i))
        continue;
      const char *sh = v->rows[r].shares[i].stakeholder;
      out_str_printf(&s, L("of which %s"), label_of(d, sh));
      valuation_line(d, t, v, &s, 0, sh);
    }
  if (v->published.given) valuation_published(d, t, v);
}

/* A coût's amount of each year: "100 000,00 € ; 120 000,00 €" (empty for one year). */
static void cell_years(OutDoc *d, OutTable *t, const CostResult *c) {
  OutStr s = {0};
  for (int y = 0; !c->missing && c->nyears > 1 && y < c->nyears; y++) {
    out_str_add(&s, y ? " ; " : "");
    out_str_money(&s, &c->amounts[y], OUT_MONEY_DECIMALS, out_cur(c->currency), d->o);
  }
  cell_take(d, t, &s);
}

static void costs(OutDoc *d, const EvalResult *r) {
  doc_text(d, OUT_H2, L("Costs"));
  bool years = false, published = false;
  for (int i = 0; i < r->ncosts; i++) {
    years |= r->costs[i].nyears > 1;
    published |= r->costs[i].published.given;
  }
  OutTable *t = doc_table(d, 3 + years + 2 * published);
  if (!t)
    return;
  for (int c = 2; c < t->ncols; c++)
    t->right[c] = true;
  cell(d, t, L("cost"));
  cell(d, t, L("label"));
  cell(d, t, L("amount"));
  if (years) cell(d, t, L("per year"));
  if (published) { cell(d, t, L("published value")); cell(d, t, L("difference")); }
  for (int i = 0; i < r->ncosts; i++) {
    const CostResult *c = &r->costs[i];
    cell(d, t, c->name);
    cell(d, t, c->label ? c->label : "");
    cell_money(d, t, c->missing ? NULL : &c->amount, out_cur(c->currency));
    if (years) cell_years(d, t, c);
    if (!published) continue;
    OutStr s = {0};
    if (c->published.given) out_str_money(&s, &c->published.value, OUT_MONEY_DECIMALS, out_cur(c->currency), d->o);
    cell_take(d, t, &s);
    if (c->published.given) out_str_difference(&s, &c->published, OUT_MONEY_DECIMALS, out_cur(c->currency), d->o);
    cell_take(d, t, &s);
  }
}

/* A two-column table of named amounts (by stakeholder, by chain) of a bilan. */
static void named_table(OutDoc *d, const char *what, const Named *v, int n, const StatementResult *st) {
  OutTable *t = n ? doc_table(d, 2) : NULL;
  if (!t)
    return;
  t->right[1] = true;
  cell(d, t, what);
  cell(d, t, L("present value"));
  for (int i = 0; i < n; i++) {
    cell(d, t, label_of(d, v[i].name));
    cell_amount(d, t, v[i].missing ? NULL : &v[i].value, out_stmt_decimals(st), out_cur(st->currency));
  }
}

/* Its conventions and what it keeps, in words. */
static void statement_conventions(OutDoc *d, const StatementResult *st) {
  OutStr s = {0};
  out_str_conventions(&s, st, d->o);
  doc_take(d, OUT_PARA, &s);
  for (int k = 0; k < 2; k++) {
    out_str_scope(&s, st, k, d->r, d->o);
    if (s.len) doc_take(d, OUT_PARA, &s);
  }
}

/* Each valorisation and coût under the bilan's conventions. */
static void statement_lines(OutDoc *d, const StatementResult *st) {
  OutTable *t = st->nlines ? doc_table(d, 3) : NULL;
  if (!t)
    return;
  t->right[1] = t->right[2] = true;
  cell(d, t, L("valuation or cost"));
  cell(d, t, L("years"));
  cell(d, t, L("present value"));
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    const char *name = l->cost >= 0 ? d->r->costs[l->cost].name : d->r->vals[l->val].name;
    const char *label = l->cost >= 0 ? d->r->costs[l->cost].label : d->r->vals[l->val].label;
    cell(d, t, d->report && label && *label ? label : name);   /* the HTML report: its label */
    cell_long(d, t, l->nyears);
    cell_amount(d, t, l->missing ? NULL : &l->present_value, out_stmt_decimals(st), out_cur(st->currency));
  }
}

/* The figures a report printed beside the computed ones, and by how much they differ. */
static void statement_published(OutDoc *d, const StatementResult *st) {
  OutTable *t = doc_table(d, 4);
  if (!t)
    return;
  t->right[1] = t->right[2] = t->right[3] = true;
  cell(d, t, L("figure"));
  cell(d, t, L("computed"));
  cell(d, t, L("published"));
  cell(d, t, L("difference"));
  OutStr s = {0};
  for (int k = 0; k < 2; k++) {
    const Published *p = k ? &st->published_ratio : &st->published;
    if (!p->given) continue;
    cell(d, t, k ? L("SROI ratio") : L("present value"));
    if (k) {
      cell_num(d, t, &st->ratio, out_own_decimals(&st->ratio), "");
      out_str_display(&s, &p->value, out_own_decimals(&p->value), "", d->o);
      cell_take(d, t, &s);
      out_str_difference(&s, p, out_own_decimals(&p->diff), NULL, d->o);
    } else {
      cell_amount(d, t, &st->present_value, out_stmt_decimals(st), out_cur(st->currency));
      cell_amount(d, t, &p->value, out_stmt_decimals(st), out_cur(st->currency));
      out_str_difference(&s, p, out_stmt_decimals(st), out_cur(st->currency), d->o);
    }
    cell_take(d, t, &s);
  }
}

void out_doc_statement_notes(OutDoc *d, const StatementResult *st) {
  if (st->declared)
    statement_conventions(d, st);
  if (st->published.given || st->published_ratio.given)
    statement_published(d, st);
  if (st->declared)
    statement_lines(d, st);
  flush(d);
}

static void statement(OutDoc *d, const StatementResult *st) {
  heading(d, OUT_H3, st->name, st->label, NULL);
  if (st->declared)
    statement_conventions(d, st);
  OutTable *t = doc_table(d, 2);
  if (!t)
    return;
  t->right[1] = true;
  int dec = out_stmt_decimals(st);
  cell(d, t, L("figure"));
  cell(d, t, L("value"));
  cell(d, t, L("present value"));
  cell_amount(d, t, st->present_value_missing ? NULL : &st->present_value, dec, out_cur(st->currency));
  cell(d, t, L("costs"));
  cell_amount(d, t, st->costs_missing ? NULL : &st->costs, dec, out_cur(st->currency));
  cell(d, t, L("net present value"));
  cell_amount(d, t, st->present_value_missing || st->costs_missing ? NULL : &st->net_present_value, dec, out_cur(st->currency));
  cell(d, t, L("SROI ratio"));
  OutStr s = {0};
  out_str_ratio(&s, st->ratio_missing ? NULL : &st->ratio, st, d->o);
  cell_take(d, t, &s);
  if (st->nmissing) {   /* say what has no value, rather than leave it out or count it 0 */
    out_str_add(&s, L("Without a value:"));
    for (int i = 0; i < st->nmissing; i++)
      out_str_printf(&s, "%s %s", i ? "," : "", st->missing[i]);
    doc_take(d, OUT_PARA, &s);
  }
  if (st->published.given || st->published_ratio.given)
    statement_published(d, st);
  if (st->declared)
    statement_lines(d, st);
  named_table(d, L("stakeholder"), st->by_stakeholder, st->nstakeholders, st);
  named_table(d, L("chain"), st->by_chain, st->nchains, st);
}

/* "file:line" of the first failing rows (up to 10: "parc.csv:4, 5, 9"), or the compared
 * values of an aggregate contrôle. */
static void check_detail(OutDoc *d, OutTable *t, const CheckResult *c) {
  OutStr s = {0};
  for (int i = 0; i < c->nfirst; i++) {
    bool same = i > 0 && c->first[i].path && c->first[i - 1].path && !strcmp(c->first[i].path, c->first[i - 1].path);
    if (same) out_str_printf(&s, ", %ld", c->first[i].line);
    else out_str_printf(&s, "%s%s:%ld", i ? ", " : "", c->first[i].path ? c->first[i].path : "?", c->first[i].line);
  }
  if (c->nfirst > 0 && c->failures > c->nfirst) out_str_add(&s, ", …");
  else if (c->nfirst == 0)
    out_str_compared(&s, c, d->o, false);
  cell_take(d, t, &s);
}

void out_str_compared(OutStr *s, const CheckResult *c, const OutOptions *o, bool math_signs) {
  if (!c->compared) {
    if (c->detail) out_str_add(s, c->detail);
    return;
  }
  static const char *const signs[][2] = {{"<=", "≤"}, {">=", "≥"}, {"!=", "≠"}};
  const char *op = c->op;
  for (size_t i = 0; math_signs && i < sizeof signs / sizeof signs[0]; i++)
    if (!strcmp(op, signs[i][0])) op = signs[i][1];
  out_str_display(s, c->lhs.cell.missing ? NULL : &c->lhs.cell.value, c->lhs.decimals, c->lhs.unit, o);
  out_str_printf(s, " %s ", op);
  out_str_display(s, c->rhs.cell.missing ? NULL : &c->rhs.cell.value, c->rhs.decimals, c->rhs.unit, o);
}

/* A contrôle as a person reads it: "Label (name)", or its name. */
static void cell_check(OutDoc *d, OutTable *t, const CheckResult *c) {
  OutStr s = {0};
  if (c->label && *c->label) out_str_printf(&s, "%s (%s)", c->label, c->name);
  else out_str_add(&s, c->name);
  cell_take(d, t, &s);
}

static void checks(OutDoc *d, const EvalResult *r) {
  doc_text(d, OUT_H2, L("Checks"));
  OutTable *t = doc_table(d, 4);
  if (!t)
    return;
  t->right[2] = true;
  cell(d, t, L("check"));
  cell(d, t, L("status"));
  cell(d, t, L("failures"));
  cell(d, t, L("detail"));
  for (int i = 0; i < r->nchecks; i++) {
    const CheckResult *c = &r->checks[i];
    cell_check(d, t, c);
    cell(d, t, c->passed ? L("pass") : L("fail"));
    cell_long(d, t, c->failures);
    check_detail(d, t, c);
  }
}

static void params(OutDoc *d, const EvalResult *r) {
  doc_text(d, OUT_H2, L("Parameters"));
  OutTable *t = doc_table(d, 4);
  if (!t)
    return;
  t->right[1] = true;
  cell(d, t, L("parameter"));
  cell(d, t, L("value"));
  cell(d, t, L("since"));
  cell(d, t, L("note"));
  for (int i = 0; i < r->nparams; i++) {
    const ParamUse *p = &r->params[i];
    cell(d, t, p->name);
    if (p->row_dependent)
      cell(d, t, L("per row"));
    else
      cell_with_unit(d, t, p->missing ? NULL : &p->value, out_own_decimals(&p->value), p->unit);
    char day[64];
    cell(d, t, p->since ? intl_date(day, sizeof day, p->since, d->o->french ? INTL_DATE_SHORT : INTL_DATE_ISO) : "");
    OutStr note = {0};
    out_param_note(&note, p, d->o);
    cell_take(d, t, &note);
  }
}

/* "local value (surcharge); référentiel: 13.10 €/m2/mois since 2024-01-01" */
static void param_local_note(OutStr *s, const ParamUse *p, const OutOptions *o) {
  char day[64];
  if (p->row_dependent && p->text) out_str_printf(s, out_word(o, N_("local value (surcharge): %s; référentiel: ")), p->text);
  else out_str_add(s, out_word(o, N_("local value (surcharge); référentiel: ")));
  if (p->ref_row_dependent) out_str_add(s, p->ref_text ? p->ref_text : out_word(o, "per row"));
  else if (p->ref_missing) out_str_add(s, out_word(o, N_("none on this date")));
  else out_str_display(s, &p->ref_value, out_own_decimals(&p->ref_value), p->unit ? p->unit : "", o);
  if (p->ref_since && !p->ref_missing)
    out_str_printf(s, out_word(o, N_(" since %s")), intl_date(day, sizeof day, p->ref_since, o->french ? INTL_DATE_SHORT : INTL_DATE_ISO));
}

void out_param_note(OutStr *s, const ParamUse *p, const OutOptions *o) {
  if (p->overridden) out_str_add(s, out_word(o, "scenario"));
  if (p->local) {
    if (p->overridden) out_str_add(s, "; ");
    param_local_note(s, p, o);
  }
  if (!p->missing) return;
  if (p->overridden || p->local) out_str_add(s, "; ");
  char day[64];
  if (p->first_since)
    out_str_printf(s, out_word(o, N_("no value on this date (the first is since %s)")),
                   intl_date(day, sizeof day, p->first_since, o->french ? INTL_DATE_SHORT : INTL_DATE_ISO));
  else out_str_add(s, out_word(o, N_("no value on this date")));
}

void out_doc_start(OutDoc *d, const EvalResult *r, const OutOptions *o) {
  *d = (OutDoc){.o = o, .r = r};
  page_init(&d->page, o->french, "pvs eval");
}

/* Writes the last table; true unless out of memory. */
bool out_doc_finish(OutDoc *d) {
  flush(d);
  return !d->oom && !d->page.oom;
}

bool out_doc_result(OutDoc *d, const EvalResult *r, const OutOptions *o) {
  out_doc_start(d, r, o);
  title(d, r);
  if (r->ninds)
    doc_text(d, OUT_H2, L("Indicators"));
  for (int i = 0; i < r->ninds; i++)
    indicator(d, &r->inds[i]);
  if (r->nvals)
    doc_text(d, OUT_H2, L("Valuations"));
  for (int i = 0; i < r->nvals; i++)
    valuation(d, &r->vals[i]);
  if (r->ncosts)
    costs(d, r);
  if (r->nstmts)
    doc_text(d, OUT_H2, L("Statements"));
  for (int i = 0; i < r->nstmts; i++)
    statement(d, &r->stmts[i]);
  out_doc_methods(d, r);
  if (r->nchecks)
    checks(d, r);
  if (r->nparams)
    params(d, r);
  return out_doc_finish(d);
}

/* ---- side by side --------------------------------------------------------------------------- */

/* A result's column: its scénario's name ("base" without one); in the report, its label. */
static const char *result_title(const OutDoc *d, const EvalResult *r) {
  const Sym *s = d->report && r->scenario && r->comp ? sym_lookup(r->comp->main, NS_VALUE, r->scenario) : NULL;
  if (s && s->kind == S_SCENARIO && s->decl && s->decl->label && *s->decl->label)
    return s->decl->label;
  return d->report && !r->scenario ? L("base values") : out_result_name(r);
}

/* A table whose first column names the figure and then one column per result. */
static OutTable *side_table(OutDoc *d, const char *what, const EvalResult *const *rs, int n) {
  OutTable *t = doc_table(d, 1 + n);
  if (!t)
    return NULL;
  cell(d, t, what);
  for (int i = 0; i < n; i++) {
    t->right[1 + i] = true;
    cell(d, t, result_title(d, rs[i]));
  }
  return t;
}

static const Num *ind_total(const IndicatorResult *ind) {
  if (!ind || !ind->nrows || ind->rows[ind->nrows - 1].key ||
      ind->rows[ind->nrows - 1].cell.missing)
    return NULL;
  return &ind->rows[ind->nrows - 1].cell.value;
}

static const Num *val_total(const ValuationResult *v) {
  if (!v || !v->nrows || v->rows[v->nrows - 1].key || v->rows[v->nrows - 1].missing)
    return NULL;
  return &v->rows[v->nrows - 1].present_value;
}

/* Whether an indicator has the same total in every result (both missing counts as same). */
static bool same_everywhere(const EvalResult *const *rs, int n, const char *name) {
  const Num *a = ind_total(out_find_ind(rs[0], name));
  for (int k = 1; k < n; k++) {
    const Num *b = ind_total(out_find_ind(rs[k], name));
    if (!a != !b || (a && num_cmp(a, b)))
      return false;
  }
  return true;
}

/* The report (HTML) names a figure by its label; the text and Markdown by its name. */
static const char *side_name(const OutDoc *d, const char *name, const char *label) {
  return d->report && label && *label ? label : name;
}

static void side_indicators(OutDoc *d, const EvalResult *const *rs, int n) {
  doc_text(d, OUT_H2, L("Indicators"));
  int same = 0;   /* the report lists the indicators that change, and counts the others */
  for (int i = 0; d->report && i < rs[0]->ninds; i++)
    same += same_everywhere(rs, n, rs[0]->inds[i].name);
  if (same == rs[0]->ninds)
    doc_text(d, OUT_PARA, L("Every indicator has the same value in every scénario."));
  if (same == rs[0]->ninds)
    return;
  OutTable *t = side_table(d, L("indicator"), rs, n);
  for (int i = 0; t && i < rs[0]->ninds; i++) {
    const IndicatorResult *base = &rs[0]->inds[i];
    if (d->report && same_everywhere(rs, n, base->name))
      continue;
    cell(d, t, side_name(d, base->name, base->label));
    for (int k = 0; k < n; k++)
      cell_num(d, t, ind_total(out_find_ind(rs[k], base->name)), base->decimals, base->unit);
  }
  if (same) {
    OutStr s = {0};
    if (same == 1) out_str_add(&s, L("One other indicator has the same value in every scénario."));
    else out_str_printf(&s, L("The %d other indicators have the same value in every scénario."), same);
    doc_take(d, OUT_PARA, &s);
  }
}

static void side_valuations(OutDoc *d, const EvalResult *const *rs, int n) {
  doc_text(d, OUT_H2, L("Valuations: present value"));
  OutTable *t = side_table(d, L("valuation"), rs, n);
  for (int i = 0; t && i < rs[0]->nvals; i++) {
    cell(d, t, side_name(d, rs[0]->vals[i].name, rs[0]->vals[i].label));
    for (int k = 0; k < n; k++)
      cell_money(d, t, val_total(out_find_val(rs[k], rs[0]->vals[i].name)), out_cur(rs[0]->vals[i].currency));
  }
}

/* One statement: present value, net present value and ratio across the results. */
static void side_statement(OutDoc *d, const EvalResult *const *rs, int n, const char *name) {
  const char *label = out_find_stmt(rs[0], name)->label;
  if (d->report && label && *label)
    doc_text(d, OUT_H3, label);
  else
    heading(d, OUT_H3, name, label, NULL);
  OutTable *t = side_table(d, L("figure"), rs, n);
  for (int f = 0; t && f < 3; f++) {
    static const char *const figures[] = {N_("present value"), N_("net present value"),
                                          N_("SROI ratio")};
    cell(d, t, L(figures[f]));
    for (int k = 0; k < n; k++) {
      const StatementResult *st = out_find_stmt(rs[k], name);
      OutStr s = {0};
      if (f == 2 && st)
        out_str_ratio(&s, !st->ratio_missing ? &st->ratio : NULL, st, d->o);
      else if (st)
        out_str_money(&s, st->present_value_missing || (f && st->costs_missing) ? NULL
                          : f ? &st->net_present_value : &st->present_value, out_stmt_decimals(st), out_cur(st->currency), d->o);
      else
        out_str_add(&s, out_missing(d->o));
      cell_take(d, t, &s);
    }
  }
}

static void side_statements(OutDoc *d, const EvalResult *const *rs, int n) {
  if (rs[0]->nstmts)
    doc_text(d, OUT_H2, L("Statements"));
  for (int i = 0; i < rs[0]->nstmts; i++)
    side_statement(d, rs, n, rs[0]->stmts[i].name);
}

bool out_doc_scenarios(OutDoc *d, const EvalResult *const *rs, int n, const OutOptions *o, bool report) {
  out_doc_start(d, n ? rs[0] : NULL, o);
  d->report = report;
  if (n <= 0)
    return true;
  title(d, rs[0]);
  if (report)   /* the HTML report: the bilans first, as its synthèse */
    side_statements(d, rs, n);
  if (rs[0]->ninds)
    side_indicators(d, rs, n);
  if (rs[0]->nvals)
    side_valuations(d, rs, n);
  if (!report)
    side_statements(d, rs, n);
  return out_doc_finish(d);
}

/* ---- access and release --------------------------------------------------------------------- */

int out_table_rows(const OutTable *t) { return t->ncols ? t->ncells / t->ncols - 1 : 0; }

const char *out_table_cell(const OutTable *t, int row, int col) {
  return t->cells[row * t->ncols + col];
}

void out_doc_free(OutDoc *d) {
  table_free(&d->t);
  page_free(&d->page);
  *d = (OutDoc){0};
}
