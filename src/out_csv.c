/* out_csv.c — `--format csv`: every figure of an evaluation as one flat table, for a
 * spreadsheet or a pipeline. Header `kind,name,dimensions,group,value,exact,unit,label` (with
 * `scenario` first for --scenario all); one row per indicator × group, then the valuations
 * (present value, impact per year, share per stakeholder), costs, statements (four figures,
 * by stakeholder, by chain), contrôles and parameters. doc/formats.md lists every kind.
 *
 * Numbers in machine form: `value` rounded for display ('.' decimal mark, no grouping),
 * `exact` the exact value; both empty when missing. A group's dimensions and key values are
 * joined with '|', and `label` holds the official names of its territory codes ("Nord",
 * "Hauts-de-France"), joined the same way; the total row has them empty. RFC 4180 quoting when a field holds a
 * comma, a quote or a line break; LF line ends. */
#include "out_impl.h"

#include <errno.h>
#include <string.h>

typedef struct C {
  FILE *f;
  const OutOptions *o;
  const char *scenario; /* first column, or NULL for a single result */
  const char *label;    /* last column: the names of the current group's territories, or NULL */
  bool oom;
} C;

static void c_field(C *c, const char *s, bool first) {
  if (!first)
    putc(',', c->f);
  if (!s[strcspn(s, ",\"\r\n")]) {
    fputs(s, c->f);
    return;
  }
  putc('"', c->f);
  for (; *s; s++) {
    if (*s == '"')
      putc('"', c->f);
    putc(*s, c->f);
  }
  putc('"', c->f);
}

/* One row; every field is text already. */
static void c_row_text(C *c, const char *kind, const char *name, const char *dims,
                       const char *group, const char *value, const char *exact,
                       const char *unit) {
  const char *fields[] = {kind, name, dims, group, value, exact, unit, c->label};
  if (c->scenario)
    c_field(c, c->scenario, true);
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    c_field(c, fields[i] ? fields[i] : "", i == 0 && !c->scenario);
  putc('\n', c->f);
}

/* One row of a number (NULL: missing) rounded to decimals, with its exact value. */
static void c_row(C *c, const char *kind, const char *name, const char *dims, const char *group,
                  const Num *a, int decimals, const char *unit) {
  OutStr v = {0}, x = {0};
  if (a) {
    out_str_num(&v, a, OUT_FIXED, decimals, c->o->rounding);
    out_str_num(&x, a, OUT_EXACT, 0, c->o->rounding);
  }
  c->oom |= v.oom || x.oom;
  c_row_text(c, kind, name, dims, group, out_str_get(&v), out_str_get(&x), unit);
  out_str_free(&v);
  out_str_free(&x);
}

/* dims and key joined with '|' into d and g, the names of its territories into l (empty
 * when none has one); all empty for the total row (key NULL). */
static void c_group(OutStr *d, OutStr *g, OutStr *l, const Breakdown *by, const char **key) {
  bool named = false;
  for (int i = 0; key && i < by->ndims; i++) {
    const char *name = out_key_name(by, i, key[i]);
    out_str_add(d, i ? "|" : "");
    out_str_add(d, by->dims[i]);
    out_str_add(g, i ? "|" : "");
    out_str_add(g, key[i] ? key[i] : "");
    out_str_add(l, i ? "|" : "");
    out_str_add(l, name ? name : "");
    named |= name != NULL;
  }
  if (!named && l->s) {
    l->len = 0;
    l->s[0] = '\0';
  }
}

/* "name.suffix" (a valuation's year or stakeholder, a statement's figure). */
static const char *dotted(OutStr *s, const char *name, const char *suffix) {
  s->len = 0;
  out_str_printf(s, "%s.%s", name, suffix);
  return out_str_get(s);
}

static void c_indicator(C *c, const IndicatorResult *ind) {
  for (int r = 0; r < ind->nrows; r++) {
    const ResultRow *row = &ind->rows[r];
    OutStr d = {0}, g = {0}, l = {0};
    c_group(&d, &g, &l, &ind->by, row->key);
    c->label = out_str_get(&l);
    c_row(c, "indicator", ind->name, out_str_get(&d), out_str_get(&g),
          row->cell.missing ? NULL : &row->cell.value, ind->decimals, ind->unit);
    c->label = NULL;
    c->oom |= d.oom || g.oom || l.oom;
    out_str_free(&d);
    out_str_free(&g);
    out_str_free(&l);
  }
}

/* KIND_published NAME and KIND_difference NAME: a printed figure beside the computed one. */
static void c_published(C *c, const char *kind, const char *name, const Published *p, int decimals, const char *unit) {
  if (!p->given) return;
  OutStr k = {0};
  out_str_printf(&k, "%s_published", kind);
  c_row(c, out_str_get(&k), name, "", "", &p->value, decimals, unit);
  k.len = 0;
  out_str_printf(&k, "%s_difference", kind);
  c_row(c, out_str_get(&k), name, "", "", &p->diff, decimals, unit);
  c->oom |= k.oom;
  out_str_free(&k);
}

static void c_valuation_row(C *c, const ValuationResult *v, const ValuationRow *row) {
  OutStr d = {0}, g = {0}, n = {0}, l = {0};
  c_group(&d, &g, &l, &v->by, row->key);
  const char *dims = out_str_get(&d), *group = out_str_get(&g);
  c->label = out_str_get(&l);
  c_row(c, "valuation", v->name, dims, group, row->missing ? NULL : &row->present_value,
        OUT_MONEY_DECIMALS, out_cur(v->currency));
  for (int y = 0; !row->missing && y < row->nyears; y++) {
    char year[24];
    snprintf(year, sizeof year, "%d", y + 1);
    c_row(c, "valuation_impact", dotted(&n, v->name, year), dims, group, &row->impact[y],
          OUT_MONEY_DECIMALS, out_cur(v->currency));
  }
  for (int i = 0; !row->missing && i < row->nshares; i++)
    c_row(c, "valuation_share", dotted(&n, v->name, row->shares[i].stakeholder), dims, group,
          &row->shares[i].value, OUT_MONEY_DECIMALS, out_cur(v->currency));
  if (!row->key) c_published(c, "valuation", v->name, &v->published, OUT_MONEY_DECIMALS, out_cur(v->currency));
  c->label = NULL;
  c->oom |= d.oom || g.oom || n.oom || l.oom;
  out_str_free(&d);
  out_str_free(&g);
  out_str_free(&n);
  out_str_free(&l);
}

static void c_named(C *c, const char *kind, const char *name, const Named *v, int nv, const StatementResult *st) {
  OutStr n = {0};
  for (int i = 0; i < nv; i++)
    c_row(c, kind, dotted(&n, name, v[i].name), "", "", v[i].missing ? NULL : &v[i].value, out_stmt_decimals(st),
          out_cur(st->currency));
  c->oom |= n.oom;
  out_str_free(&n);
}

/* statement_convention NAME.WHAT: the words of its conventions; statement_line NAME.PART:
 * each valorisation and coût under them. */
static void c_conventions(C *c, const EvalResult *r, const StatementResult *st) {
  OutStr n = {0}, v = {0};
  const SroiConv *cv = &st->conv;
  const char *words[][2] = {
    {"discount", out_discount_word(cv->discount)}, {"first_year", cv->year0 ? "undiscounted" : "discounted"},
    {"filters", cv->additive ? "additive" : "multiplicative"},
    {"drop_off_from", cv->dropoff_after_period ? "end_of_period" : "second_year"},
    {"ratio", st->ratio_to_one ? "to_one" : "number"},
  };
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    c_row_text(c, "statement_convention", dotted(&n, st->name, words[i][0]), "", "", words[i][1], "", "");
  if (cv->discount == SROI_DISC_RATE || cv->discount == SROI_DISC_FRANCE_STRATEGIE)
    c_row(c, "statement_convention", dotted(&n, st->name, "rate"), "", "", &cv->rate, out_own_decimals(&cv->rate), "");
  if (cv->discount == SROI_DISC_FRANCE_STRATEGIE)
    c_row(c, "statement_convention", dotted(&n, st->name, "beta"), "", "", &st->beta, out_own_decimals(&st->beta), "");
  for (int i = 0; i < st->nonly_for; i++)
    c_row_text(c, "statement_convention", dotted(&n, st->name, "for"), "", "", st->only_for[i], "", "");
  for (int i = 0; i < st->nfunders; i++)
    c_row_text(c, "statement_convention", dotted(&n, st->name, "funder"), "", "", st->funders[i], "", "");
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    c_row(c, "statement_line", dotted(&n, st->name, l->cost >= 0 ? r->costs[l->cost].name : r->vals[l->val].name), "", "",
          l->missing ? NULL : &l->present_value, out_stmt_decimals(st), out_cur(st->currency));
  }
  c->oom |= n.oom || v.oom;
  out_str_free(&n);
  out_str_free(&v);
}

static void c_statement(C *c, const EvalResult *r, const StatementResult *st) {
  OutStr n = {0};
  bool npv_missing = st->present_value_missing || st->costs_missing;
  int dec = out_stmt_decimals(st);
  c_row(c, "statement", dotted(&n, st->name, "present_value"), "", "",
        st->present_value_missing ? NULL : &st->present_value, dec, out_cur(st->currency));
  c_row(c, "statement", dotted(&n, st->name, "costs"), "", "", st->costs_missing ? NULL : &st->costs,
        dec, out_cur(st->currency));
  c_row(c, "statement", dotted(&n, st->name, "net_present_value"), "", "",
        npv_missing ? NULL : &st->net_present_value, dec, out_cur(st->currency));
  c_row(c, "statement", dotted(&n, st->name, "ratio"), "", "",
        st->ratio_missing ? NULL : &st->ratio, out_ratio_decimals(st), "");
  if (st->ratio_to_one && !st->ratio_missing) {   /* as the bilan shows it: 6:1 */
    OutStr v = {0};
    out_str_ratio(&v, &st->ratio, st, &(OutOptions){.rounding = c->o->rounding});
    c_row_text(c, "statement", dotted(&n, st->name, "ratio_shown"), "", "", out_str_get(&v), "", "");
    c->oom |= v.oom;
    out_str_free(&v);
  }
  c_published(c, "statement", dotted(&n, st->name, "present_value"), &st->published, dec, out_cur(st->currency));
  c_published(c, "statement", dotted(&n, st->name, "ratio"), &st->published_ratio, OUT_RATIO_DECIMALS, "");
  c->oom |= n.oom;
  out_str_free(&n);
  if (st->declared) c_conventions(c, r, st);
  c_named(c, "statement_stakeholder", st->name, st->by_stakeholder, st->nstakeholders, st);
  c_named(c, "statement_chain", st->name, st->by_chain, st->nchains, st);
  for (int i = 0; i < st->nmissing; i++)   /* what has no value, by name */
    c_row_text(c, "statement_missing", dotted(&n, st->name, st->missing[i]), "", "", "", "", "");
  c->oom |= n.oom;
  out_str_free(&n);
}

/* cost NAME, then cost_year NAME.N for a coût over several years. */
static void c_cost(C *c, const CostResult *k) {
  c_row(c, "cost", k->name, "", "", k->missing ? NULL : &k->amount, OUT_MONEY_DECIMALS, out_cur(k->currency));
  OutStr n = {0};
  for (int y = 0; !k->missing && k->nyears > 1 && y < k->nyears; y++) {
    char year[24];
    snprintf(year, sizeof year, "%d", y + 1);
    c_row(c, "cost_year", dotted(&n, k->name, year), "", "", &k->amounts[y], OUT_MONEY_DECIMALS, out_cur(k->currency));
  }
  c_published(c, "cost", k->name, &k->published, OUT_MONEY_DECIMALS, out_cur(k->currency));
  c->oom |= n.oom;
  out_str_free(&n);
}

/* value: pass or fail; exact: the number of failing rows. */
static void c_check(C *c, const CheckResult *k) {
  char failures[24];
  snprintf(failures, sizeof failures, "%ld", k->failures);
  c_row_text(c, "check", k->name, "", "", k->passed ? "pass" : "fail", failures, "");
}

/* The value in force: dimension "since", group its date. */
static void c_param(C *c, const ParamUse *p) {
  c_row(c, "parameter", p->name, p->since ? "since" : "", p->since ? p->since : "",
        p->row_dependent || p->missing ? NULL : &p->value, out_own_decimals(&p->value), p->unit ? p->unit : "");
  if (p->local)   /* a surcharge's value: the référentiel's beside it */
    c_row(c, "parameter_framework", p->name, p->ref_since && !p->ref_missing ? "since" : "",
          p->ref_since && !p->ref_missing ? p->ref_since : "", p->ref_row_dependent || p->ref_missing ? NULL : &p->ref_value,
          out_own_decimals(&p->ref_value), p->unit ? p->unit : "");
}

/* --sensibilité: per input, its moved values and the ratios (group low, high), then its
 * switching value (empty when none). */
static void c_sens(C *c, const SensResult *sr) {
  OutStr n = {0};
  for (int i = 0; i < sr->ninputs; i++) {
    const SensInput *si = &sr->inputs[i];
    out_str_printf(&n, "%s.%s.%s", sr->statement, si->valuation, si->input);
    const char *name = out_str_get(&n), *unit = si->percent ? "%" : !strcmp(si->input, "durée") ? "an" : "";
    c_row(c, "sensitivity", name, "input", "low", &si->low, out_own_decimals(&si->low), unit);
    c_row(c, "sensitivity", name, "input", "high", &si->high, out_own_decimals(&si->high), unit);
    c_row(c, "sensitivity", name, "ratio", "low", &si->ratio_low, OUT_RATIO_DECIMALS, "");
    c_row(c, "sensitivity", name, "ratio", "high", &si->ratio_high, OUT_RATIO_DECIMALS, "");
    c_row(c, "switching_value", name, "", "", si->sw == SW_NONE ? NULL : &si->switching,
          si->sw == SW_YEARS ? 0 : si->percent ? 4 : 2, unit);
    c->oom |= n.oom;
    out_str_free(&n);
  }
}

/* A panel's estimate: its figures (group: the figure's name), then each stratum's estimate. */
static void c_estimate(C *c, const EstimateResult *e) {
  c_row(c, "estimate", e->name, "figure", "estimate", e->missing ? NULL : &e->estimate, 2, e->unit);
  const Num *fig[] = {&e->se, &e->ci_low, &e->ci_high};
  static const char *const names[] = {"standard_error", "ci_low", "ci_high"};
  for (int i = 0; i < 3; i++) c_row(c, "estimate", e->name, "figure", names[i], e->se_missing ? NULL : fig[i], 2, e->unit);
  c_row(c, "estimate", e->name, "figure", "cv", e->se_missing ? NULL : &e->cv, 4, "");
  for (int i = 0; i < e->nstrata; i++)
    if (e->strata[i].key)
      c_row(c, "estimate_stratum", e->name, "stratum", e->strata[i].key, e->strata[i].missing ? NULL : &e->strata[i].estimate, 2,
            e->unit);
}

/* A composite index: per group, the index, then each component's normalised value and
 * contribution (name: index.component). */
static void c_index(C *c, const IndexResult *x) {
  OutStr n = {0};
  for (int r = 0; r < x->nrows; r++) {
    const IndexRow *row = &x->rows[r];
    OutStr d = {0}, g = {0}, l = {0};
    c_group(&d, &g, &l, &x->by, row->key);
    c->label = out_str_get(&l);
    c_row(c, "index", x->name, out_str_get(&d), out_str_get(&g), row->missing ? NULL : &row->value, x->decimals, "");
    for (int k = 0; k < x->ncomps; k++) {
      const IndexPart *pt = &row->parts[k];
      const char *name = dotted(&n, x->name, x->comps[k].name);
      c_row(c, "index_normalised", name, out_str_get(&d), out_str_get(&g), pt->missing ? NULL : &pt->norm,
            x->decimals, "");
      c_row(c, "index_contribution", name, out_str_get(&d), out_str_get(&g),
            row->missing || pt->missing ? NULL : &pt->contribution, x->decimals, "");
    }
    c->label = NULL;
    c->oom |= d.oom || g.oom || l.oom || n.oom;
    out_str_free(&d);
    out_str_free(&g);
    out_str_free(&l);
  }
  out_str_free(&n);
}

static void c_result(C *c, const EvalResult *r) {
  for (int i = 0; i < r->ninds; i++)
    c_indicator(c, &r->inds[i]);
  for (int i = 0; i < r->nvals; i++)
    for (int k = 0; k < r->vals[i].nrows; k++)
      c_valuation_row(c, &r->vals[i], &r->vals[i].rows[k]);
  for (int i = 0; i < r->ncosts; i++)
    c_cost(c, &r->costs[i]);
  for (int i = 0; i < r->nstmts; i++)
    c_statement(c, r, &r->stmts[i]);
  for (int i = 0; i < r->nchecks; i++)
    c_check(c, &r->checks[i]);
  for (int i = 0; i < r->nparams; i++)
    c_param(c, &r->params[i]);
  for (int i = 0; i < r->nsens; i++)
    c_sens(c, &r->sens[i]);
  for (int i = 0; i < r->nests; i++)
    c_estimate(c, &r->ests[i]);
  for (int i = 0; i < r->nidxs; i++)
    c_index(c, &r->idxs[i]);
}

int out_csv_write(FILE *f, const EvalResult *const *rs, int n, bool with_scenario,
                  const OutOptions *o) {
  C c = {.f = f, .o = o};
  if (with_scenario)
    fputs("scenario,", f);
  fputs("kind,name,dimensions,group,value,exact,unit,label\n", f);
  for (int i = 0; i < n; i++) {
    c.scenario = with_scenario ? out_result_name(rs[i]) : NULL;
    c_result(&c, rs[i]);
  }
  return c.oom ? ENOMEM : out_stream_status(f);
}
