/* out_json.c — `--format json`: one object in the shape LANGUAGE.md fixes ("framework",
 * "date", "indicators", "valuations", "statements", "checks", in that order, each with its
 * keys in the order shown there), then the additive keys ("parameters", "costs", and a few
 * details inside objects, always after the keys the brief shows).
 *
 * Numbers are strings: the value rounded for display in machine form ("31.2"), and beside it
 * the exact value ("156/5"); a missing value is null. Pretty-printed with 2-space indentation
 * (empty arrays and objects as [] and {}), UTF-8 as is: only '"', '\' and control characters
 * are escaped. Keys come in a fixed order, so the output is byte-identical run to run. */
#include "out_impl.h"

#include <errno.h>
#include <string.h>

#define J_DEPTH_MAX 32

/* The emitter: which containers are open, and whether each still has no member. */
typedef struct J {
  FILE *f;
  const OutOptions *o;
  const EvalResult *r;  /* the result being written (the names of a bilan's lines) */
  int depth;
  bool empty[J_DEPTH_MAX];
  bool after_key;
  bool oom;
} J;

static void j_indent(J *j, int depth) {
  putc('\n', j->f);
  for (int i = 0; i < depth; i++)
    fputs("  ", j->f);
}

/* Before a value: the comma and new line a member needs, unless a key just came. */
static void j_pre(J *j) {
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  if (j->depth == 0)
    return;
  if (!j->empty[j->depth - 1])
    putc(',', j->f);
  j->empty[j->depth - 1] = false;
  j_indent(j, j->depth);
}

static void j_escaped(J *j, const char *s) {
  putc('"', j->f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(j->f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", j->f);
    else if (c == '\t')
      fputs("\\t", j->f);
    else if (c == '\r')
      fputs("\\r", j->f);
    else if (c < 0x20)
      fprintf(j->f, "\\u%04x", c);
    else
      putc(c, j->f);
  }
  putc('"', j->f);
}

static void j_key(J *j, const char *k) {
  j_pre(j);
  j_escaped(j, k);
  fputs(": ", j->f);
  j->after_key = true;
}

static void j_open(J *j, char c) {
  j_pre(j);
  putc(c, j->f);
  if (j->depth < J_DEPTH_MAX)
    j->empty[j->depth] = true;
  j->depth++;
}

static void j_close(J *j, char c) {
  j->depth--;
  if (!j->empty[j->depth])
    j_indent(j, j->depth);
  putc(c, j->f);
}

static void j_str(J *j, const char *s) {
  j_pre(j);
  if (s)
    j_escaped(j, s);
  else
    fputs("null", j->f);
}

static void j_long(J *j, long v) {
  j_pre(j);
  fprintf(j->f, "%ld", v);
}

static void j_bool(J *j, bool v) {
  j_pre(j);
  fputs(v ? "true" : "false", j->f);
}

/* a in a form, as a JSON string; NULL a is null. */
static void j_num(J *j, const Num *a, OutNumForm form, int decimals) {
  OutStr s = {0};
  if (a)
    out_str_num(&s, a, form, decimals, j->o->rounding);
  j->oom |= s.oom;
  j_str(j, a ? out_str_get(&s) : NULL);
  out_str_free(&s);
}

/* "key": rounded, "key_exact": exact (value and exact for indicators). */
static void j_pair(J *j, const char *key, const char *exact_key, const Num *a, int decimals) {
  j_key(j, key);
  j_num(j, a, OUT_FIXED, decimals);
  j_key(j, exact_key);
  j_num(j, a, OUT_EXACT, 0);
}

/* "key": {dim: value, …}, {} for the total row; when dimensions hold territory codes,
 * "label": {dim: official name (null when unknown), …} for those. */
static void j_group(J *j, const Breakdown *by, const char **key) {
  j_key(j, "key");
  j_open(j, '{');
  bool territories = false;
  for (int i = 0; key && i < by->ndims; i++) {
    j_key(j, by->dims[i]);
    j_str(j, key[i]);
  }
  j_close(j, '}');
  for (int i = 0; i < by->ndims; i++) territories |= out_key_level(by, i) != TERR_OTHER;
  if (!territories) return;
  j_key(j, "label");
  j_open(j, '{');
  for (int i = 0; key && i < by->ndims; i++) {
    if (out_key_level(by, i) == TERR_OTHER) continue;
    j_key(j, by->dims[i]);
    j_str(j, out_key_name(by, i, key[i]));
  }
  j_close(j, '}');
}

static void j_named(J *j, const char *key, const Named *v, int n, int decimals) {
  j_key(j, key);
  j_open(j, '{');
  for (int i = 0; i < n; i++) {
    j_key(j, v[i].name);
    j_num(j, v[i].missing ? NULL : &v[i].value, OUT_FIXED, decimals);
  }
  j_close(j, '}');
}

/* "key": {"value", "exact", "difference", "difference_exact", "relative", "relative_exact"}:
 * a printed figure beside the computed one (difference = computed − published). */
static void j_published(J *j, const char *key, const Published *p, int decimals) {
  if (!p->given) return;
  j_key(j, key);
  j_open(j, '{');
  j_pair(j, "value", "exact", &p->value, decimals);
  j_pair(j, "difference", "difference_exact", &p->diff, decimals);
  j_pair(j, "relative", "relative_exact", p->rel_missing ? NULL : &p->rel, 4);
  j_close(j, '}');
}

static void j_strings(J *j, const char *key, const char *const *v, int n) {
  j_key(j, key);
  j_open(j, '[');
  for (int i = 0; i < n; i++)
    j_str(j, v[i]);
  j_close(j, ']');
}

/* ---- the sections --------------------------------------------------------------------- */

static void j_indicator(J *j, const IndicatorResult *ind) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, ind->name);
  j_key(j, "label"), j_str(j, ind->label);
  j_key(j, "unit"), j_str(j, ind->unit ? ind->unit : "");
  j_key(j, "by");
  j_open(j, '[');
  for (int i = 0; i < ind->by.ndims; i++)
    j_str(j, ind->by.dims[i]);
  j_close(j, ']');
  j_key(j, "rows");
  j_open(j, '[');
  for (int r = 0; r < ind->nrows; r++) {
    const ResultRow *row = &ind->rows[r];
    j_open(j, '{');
    j_group(j, &ind->by, row->key);
    j_pair(j, "value", "exact", row->cell.missing ? NULL : &row->cell.value, ind->decimals);
    if (row->skipped)
      j_key(j, "skipped"), j_long(j, row->skipped);
    j_close(j, '}');
  }
  j_close(j, ']');
  j_close(j, '}');
}

static void j_money_list(J *j, const char *key, const Num *v, int n) {
  j_key(j, key);
  j_open(j, '[');
  for (int i = 0; v && i < n; i++)
    j_num(j, &v[i], OUT_FIXED, OUT_MONEY_DECIMALS);
  j_close(j, ']');
}

static void j_valuation_row(J *j, const ValuationResult *v, const ValuationRow *row) {
  j_open(j, '{');
  j_group(j, &v->by, row->key);
  j_pair(j, "present_value", "present_value_exact", row->missing ? NULL : &row->present_value,
         OUT_MONEY_DECIMALS);
  j_money_list(j, "impact", row->missing ? NULL : row->impact, row->nyears);
  j_key(j, "by_stakeholder");
  j_open(j, '{');
  for (int i = 0; !row->missing && i < row->nshares; i++) {
    j_key(j, row->shares[i].stakeholder);
    j_num(j, &row->shares[i].value, OUT_FIXED, OUT_MONEY_DECIMALS);
  }
  j_close(j, '}');
  j_money_list(j, "discounted", row->missing ? NULL : row->discounted, row->nyears);
  j_close(j, '}');
}

static void j_valuation(J *j, const ValuationResult *v) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, v->name);
  j_key(j, "rows");
  j_open(j, '[');
  for (int r = 0; r < v->nrows; r++)
    j_valuation_row(j, v, &v->rows[r]);
  j_close(j, ']');
  j_key(j, "label"), j_str(j, v->label);
  j_key(j, "chain"), j_str(j, v->chain);
  j_key(j, "by");
  j_open(j, '[');
  for (int i = 0; i < v->by.ndims; i++)
    j_str(j, v->by.dims[i]);
  j_close(j, ']');
  if (strcmp(out_cur(v->currency), "€"))
    j_key(j, "currency"), j_str(j, out_cur(v->currency));
  if (!out_timeline_default(&v->timeline)) {
    const SroiTimeline *t = &v->timeline;
    j_key(j, "timeline");
    j_open(j, '{');
    j_key(j, "period"), j_long(j, t->period);
    j_key(j, "start"), j_long(j, t->start);
    j_key(j, "cohorts"), j_str(j, t->cohorts ? "yearly" : "one");
    if (t->duration > 0) j_key(j, "duration"), j_long(j, t->duration);
    else j_key(j, "duration_after"), j_long(j, t->after);
    j_close(j, '}');
  }
  j_published(j, "published", &v->published, OUT_MONEY_DECIMALS);
  j_close(j, '}');
}

/* A bilan's declared conventions, in machine words. */
static void j_conventions(J *j, const StatementResult *st) {
  const SroiConv *c = &st->conv;
  j_key(j, "conventions");
  j_open(j, '{');
  j_key(j, "discount"), j_str(j, out_discount_word(c->discount));
  if (c->discount == SROI_DISC_RATE || c->discount == SROI_DISC_FRANCE_STRATEGIE)
    j_key(j, "rate"), j_num(j, &c->rate, OUT_EXACT, 0);
  if (c->discount == SROI_DISC_FRANCE_STRATEGIE)
    j_key(j, "beta"), j_num(j, &st->beta, OUT_EXACT, 0);
  j_key(j, "first_year"), j_str(j, c->year0 ? "undiscounted" : "discounted");
  j_key(j, "filters"), j_str(j, c->additive ? "additive" : "multiplicative");
  j_key(j, "drop_off_from"), j_str(j, c->dropoff_after_period ? "end_of_period" : "second_year");
  j_key(j, "ratio"), j_str(j, st->ratio_to_one ? "to_one" : "number");
  j_strings(j, "for", st->only_for, st->nonly_for);
  j_strings(j, "funder", st->funders, st->nfunders);
  j_close(j, '}');
}

/* Each valorisation and coût of a bilan under its conventions. */
static void j_lines(J *j, const EvalResult *r, const StatementResult *st) {
  j_key(j, "lines");
  j_open(j, '[');
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    j_open(j, '{');
    j_key(j, "name"), j_str(j, l->cost >= 0 ? r->costs[l->cost].name : r->vals[l->val].name);
    j_key(j, "kind"), j_str(j, l->cost >= 0 ? "cost" : "valuation");
    j_pair(j, "present_value", "present_value_exact", l->missing ? NULL : &l->present_value, out_stmt_decimals(st));
    j_money_list(j, "flows", l->missing ? NULL : l->flows, l->nyears);
    j_money_list(j, "discounted", l->missing ? NULL : l->discounted, l->nyears);
    j_close(j, '}');
  }
  j_close(j, ']');
}

static void j_statement(J *j, const StatementResult *st) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, st->name);
  bool npv_missing = st->present_value_missing || st->costs_missing;
  int dec = out_stmt_decimals(st);
  j_key(j, "present_value");
  j_num(j, st->present_value_missing ? NULL : &st->present_value, OUT_FIXED, dec);
  j_key(j, "costs"), j_num(j, st->costs_missing ? NULL : &st->costs, OUT_FIXED, dec);
  j_key(j, "net_present_value");
  j_num(j, npv_missing ? NULL : &st->net_present_value, OUT_FIXED, dec);
  j_pair(j, "ratio", "ratio_exact", st->ratio_missing ? NULL : &st->ratio, out_ratio_decimals(st));
  j_named(j, "by_stakeholder", st->by_stakeholder, st->nstakeholders, dec);
  j_named(j, "by_chain", st->by_chain, st->nchains, dec);
  j_key(j, "label"), j_str(j, st->label);
  if (st->nmissing) {   /* the valuations and costs without a value */
    j_key(j, "missing");
    j_open(j, '[');
    for (int i = 0; i < st->nmissing; i++)
      j_str(j, st->missing[i]);
    j_close(j, ']');
  }
  if (strcmp(out_cur(st->currency), "€"))
    j_key(j, "currency"), j_str(j, out_cur(st->currency));
  if (st->ratio_to_one && !st->ratio_missing) {
    OutStr s = {0};
    out_str_ratio(&s, &st->ratio, st, &(OutOptions){.rounding = j->o->rounding});
    j->oom |= s.oom;
    j_key(j, "ratio_shown"), j_str(j, out_str_get(&s));
    out_str_free(&s);
  }
  if (st->declared) {
    j_conventions(j, st);
    j_lines(j, j->r, st);
  }
  j_published(j, "published", &st->published, dec);
  j_published(j, "published_ratio", &st->published_ratio, OUT_RATIO_DECIMALS);
  j_close(j, '}');
}

static void j_check(J *j, const CheckResult *c) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, c->name);
  j_key(j, "status"), j_str(j, c->passed ? "pass" : "fail");
  j_key(j, "failures"), j_long(j, c->failures);
  if (c->nfirst > 0) {
    j_key(j, "first_failures");
    j_open(j, '[');
    for (int i = 0; i < c->nfirst; i++) {
      j_open(j, '{');
      j_key(j, "file"), j_str(j, c->first[i].path);
      j_key(j, "line"), j_long(j, c->first[i].line);
      j_close(j, '}');
    }
    j_close(j, ']');
  }
  if (c->detail)
    j_key(j, "detail"), j_str(j, c->detail);
  if (c->compared) {   /* the two sides, exact, in the unit a person reads them in */
    j_key(j, "compared");
    j_open(j, '{');
    j_key(j, "left"), j_num(j, c->lhs.cell.missing ? NULL : &c->lhs.cell.value, OUT_EXACT, 0);
    j_key(j, "operator"), j_str(j, c->op);
    j_key(j, "right"), j_num(j, c->rhs.cell.missing ? NULL : &c->rhs.cell.value, OUT_EXACT, 0);
    j_close(j, '}');
  }
  j_close(j, '}');
}

static void j_param(J *j, const ParamUse *p) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, p->name);
  j_key(j, "value"), j_num(j, p->row_dependent || p->missing ? NULL : &p->value, OUT_EXACT, 0);
  j_key(j, "since"), j_str(j, p->since);
  if (p->unit && *p->unit)
    j_key(j, "unit"), j_str(j, p->unit);
  if (p->row_dependent)
    j_key(j, "row_dependent"), j_bool(j, true);
  if (p->overridden)
    j_key(j, "overridden"), j_bool(j, true);
  if (p->local) {   /* a surcharge's value, and the référentiel's beside it */
    j_key(j, "local"), j_bool(j, true);
    j_key(j, "local_source"), j_str(j, p->local_source);
    j_key(j, "framework");
    j_open(j, '{');
    j_key(j, "value"), j_num(j, p->ref_row_dependent || p->ref_missing ? NULL : &p->ref_value, OUT_EXACT, 0);
    j_key(j, "since"), j_str(j, p->ref_missing ? NULL : p->ref_since);
    if (p->ref_row_dependent)
      j_key(j, "row_dependent"), j_bool(j, true);
    j_close(j, '}');
  }
  if (p->missing) {   /* no value in force on the date: what uses it is empty */
    j_key(j, "missing"), j_bool(j, true);
    j_key(j, "first_since"), j_str(j, p->first_since);
  }
  j_close(j, '}');
}

static void j_cost(J *j, const CostResult *c) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, c->name);
  j_key(j, "label"), j_str(j, c->label);
  j_pair(j, "amount", "amount_exact", c->missing ? NULL : &c->amount, OUT_MONEY_DECIMALS);
  if (c->nyears > 1)
    j_money_list(j, "amounts", c->missing ? NULL : c->amounts, c->nyears);
  if (strcmp(out_cur(c->currency), "€"))
    j_key(j, "currency"), j_str(j, out_cur(c->currency));
  j_published(j, "published", &c->published, OUT_MONEY_DECIMALS);
  j_close(j, '}');
}

/* "key": [each(item) …] over an array of n elements of the given size. */
#define J_ARRAY(j, key, arr, n, each)                                                          \
  do {                                                                                         \
    j_key(j, key);                                                                             \
    j_open(j, '[');                                                                            \
    for (int i_ = 0; i_ < (n); i_++)                                                           \
      each(j, &(arr)[i_]);                                                                     \
    j_close(j, ']');                                                                           \
  } while (0)

/* --sensibilité: a bilan's inputs, largest swing first (the bars of a tornado chart). */
static void j_sens_input(J *j, const SensInput *si) {
  j_open(j, '{');
  j_key(j, "valuation"), j_str(j, si->valuation);
  j_key(j, "input"), j_str(j, si->input);
  j_key(j, "unit"), j_str(j, si->percent ? "%" : !strcmp(si->input, "durée") ? "an" : "");
  j_pair(j, "value", "value_exact", &si->base, out_own_decimals(&si->base));
  j_pair(j, "low", "low_exact", &si->low, out_own_decimals(&si->low));
  j_pair(j, "high", "high_exact", &si->high, out_own_decimals(&si->high));
  j_pair(j, "ratio_low", "ratio_low_exact", &si->ratio_low, OUT_RATIO_DECIMALS);
  j_pair(j, "ratio_high", "ratio_high_exact", &si->ratio_high, OUT_RATIO_DECIMALS);
  static const char *const how[] = {"none", "exact", "bisection", "years"};
  j_key(j, "switching_method"), j_str(j, how[si->sw]);
  j_pair(j, "switching_value", "switching_value_exact", si->sw == SW_NONE ? NULL : &si->switching,
         si->sw == SW_YEARS ? 0 : si->percent ? 4 : 2);
  j_close(j, '}');
}

static void j_sens(J *j, const SensResult *sr) {
  j_open(j, '{');
  j_key(j, "statement"), j_str(j, sr->statement);
  j_pair(j, "ratio", "ratio_exact", &sr->ratio, OUT_RATIO_DECIMALS);
  j_key(j, "threshold"), j_num(j, &sr->threshold, OUT_EXACT, 0);
  j_key(j, "step_percent"), j_num(j, &sr->step, OUT_EXACT, 0);
  j_key(j, "step_points"), j_num(j, &sr->points, OUT_EXACT, 0);
  J_ARRAY(j, "inputs", sr->inputs, sr->ninputs, j_sens_input);
  j_close(j, '}');
}

/* A panel's estimate of a total (compute_panel.c): the figures, then per stratum. */
static void j_stratum(J *j, const EstStratum *s) {
  j_open(j, '{');
  j_key(j, "stratum"), j_str(j, s->key);
  j_key(j, "N"), j_long(j, s->N);
  j_key(j, "n"), j_long(j, s->n);
  j_key(j, "auxiliary_total"), j_num(j, &s->X, OUT_EXACT, 0);
  j_pair(j, "estimate", "estimate_exact", s->missing ? NULL : &s->estimate, 2);
  j_close(j, '}');
}

static void j_estimate(J *j, const EstimateResult *e) {
  Num pct = NUM_INIT, h = NUM_INIT;
  num_set_long(&h, 100);
  num_mul(&pct, &e->level, &h);
  j_open(j, '{');
  j_key(j, "name"), j_str(j, e->name);
  j_key(j, "label"), j_str(j, e->label);
  j_key(j, "unit"), j_str(j, e->unit);
  j_key(j, "frame"), j_str(j, e->frame);
  j_key(j, "auxiliary"), j_str(j, e->auxiliary);
  j_key(j, "method"), j_str(j, schema_panel_method_name(e->method));
  j_key(j, "level"), j_num(j, &pct, OUT_EXACT, 0);
  j_pair(j, "estimate", "estimate_exact", e->missing ? NULL : &e->estimate, 2);
  j_key(j, "variance_exact"), j_num(j, e->missing || e->se_missing ? NULL : &e->variance, OUT_EXACT, 0);
  /* irrational: shown rounded, and to the 20 decimals they are computed to */
  const Num *fig[] = {&e->se, &e->ci_low, &e->ci_high, &e->cv};
  static const char *const keys[][2] = {{"standard_error", "standard_error_20"}, {"ci_low", "ci_low_20"},
                                        {"ci_high", "ci_high_20"}, {"cv", "cv_20"}};
  for (int i = 0; i < 4; i++) {
    j_key(j, keys[i][0]), j_num(j, e->se_missing ? NULL : fig[i], OUT_FIXED, i == 3 ? 4 : 2);
    j_key(j, keys[i][1]), j_num(j, e->se_missing ? NULL : fig[i], OUT_FIXED, 20);
  }
  j_key(j, "t"), j_num(j, e->se_missing ? NULL : &e->t, OUT_EXACT, 0);
  j_key(j, "n"), j_long(j, e->n);
  j_key(j, "N"), j_long(j, e->N);
  j_key(j, "df"), j_long(j, e->df);
  J_ARRAY(j, "strata", e->strata, e->nstrata, j_stratum);
  j_close(j, '}');
  num_clear(&pct);
  num_clear(&h);
}

/* A composite index (compute_index.c): its method and components, then per group the index and
 * each component's value, normalised value, weight and contribution. Figures that are exact
 * come with their exact value ("…_exact"); z-scores and geometric means with the 20 decimals
 * they are computed to ("…_20"). */
static void j_index_num(J *j, const char *key, const Num *a, int decimals, bool exact) {
  OutStr k = {0};
  j_key(j, key), j_num(j, a, OUT_FIXED, decimals);
  out_str_printf(&k, exact ? "%s_exact" : "%s_20", key);
  j_key(j, out_str_get(&k)), j_num(j, a, exact ? OUT_EXACT : OUT_FIXED, exact ? 0 : INDEX_DECIMALS);
  out_str_free(&k);
}

static void j_index_component(J *j, const IndexResult *x, int c) {
  const IndexComponent *k = &x->comps[c];
  j_open(j, '{');
  j_key(j, "name"), j_str(j, k->name);
  j_key(j, "label"), j_str(j, k->label);
  j_key(j, "unit"), j_str(j, k->unit ? k->unit : "");
  j_key(j, "weight"), j_num(j, &k->weight, OUT_EXACT, 0);
  j_key(j, "lower_is_better"), j_bool(j, k->lower_better);
  if (k->has_target) j_key(j, "target"), j_num(j, &k->target, OUT_EXACT, 0);
  if (x->norm == C_NORM_MIN_MAX) {
    j_key(j, "min"), j_num(j, k->spread ? &k->lo : NULL, OUT_EXACT, 0);
    j_key(j, "max"), j_num(j, k->spread ? &k->hi : NULL, OUT_EXACT, 0);
  } else if (x->norm == C_NORM_Z_SCORE) {
    j_key(j, "mean"), j_num(j, &k->lo, OUT_EXACT, 0);
    j_key(j, "standard_deviation_20"), j_num(j, &k->hi, OUT_FIXED, INDEX_DECIMALS);
  }
  j_close(j, '}');
}

static void j_index_row(J *j, const IndexResult *x, const IndexRow *row) {
  bool z = x->norm == C_NORM_Z_SCORE;
  j_open(j, '{');
  j_group(j, &x->by, row->key);
  j_index_num(j, "index", row->missing ? NULL : &row->value, x->decimals, x->exact);
  j_key(j, "components");
  j_open(j, '[');
  for (int c = 0; c < x->ncomps; c++) {
    const IndexPart *pt = &row->parts[c];
    bool weighed = !row->missing && !pt->missing;
    j_open(j, '{');
    j_key(j, "name"), j_str(j, x->comps[c].name);
    j_key(j, "value"), j_num(j, pt->absent ? NULL : &pt->value, OUT_EXACT, 0);
    j_index_num(j, "normalised", pt->missing ? NULL : &pt->norm, x->decimals, !z);
    j_key(j, "weight"), j_num(j, weighed ? &pt->weight : NULL, OUT_EXACT, 0);
    j_index_num(j, "contribution", weighed ? &pt->contribution : NULL, x->decimals, x->exact);
    j_close(j, '}');
  }
  j_close(j, ']');
  j_close(j, '}');
}

static void j_index(J *j, const IndexResult *x) {
  j_open(j, '{');
  j_key(j, "name"), j_str(j, x->name);
  j_key(j, "label"), j_str(j, x->label);
  j_key(j, "normalisation"), j_str(j, schema_choice(x->norm)->fr);
  j_key(j, "aggregation"), j_str(j, schema_choice(x->agg)->fr);
  j_key(j, "missing"), j_str(j, schema_choice(x->missing_policy)->fr);
  j_key(j, "exact"), j_bool(j, x->exact);
  j_key(j, "by");
  j_open(j, '[');
  for (int i = 0; i < x->by.ndims; i++) j_str(j, x->by.dims[i]);
  j_close(j, ']');
  j_key(j, "components");
  j_open(j, '[');
  for (int c = 0; c < x->ncomps; c++) j_index_component(j, x, c);
  j_close(j, ']');
  j_key(j, "rows");
  j_open(j, '[');
  for (int g = 0; g < x->nrows; g++) j_index_row(j, x, &x->rows[g]);
  j_close(j, ']');
  j_close(j, '}');
}

static void j_framework(J *j, const EvalResult *r) {
  j_key(j, "framework");
  if (!r->framework) {
    j_str(j, NULL);
    return;
  }
  j_open(j, '{');
  j_key(j, "name"), j_str(j, r->framework);
  if (r->framework_label)   /* only when declared: the brief's shape is {"name", "version"} */
    j_key(j, "label"), j_str(j, r->framework_label);
  j_key(j, "version"), j_str(j, r->version);
  if (strcmp(out_cur(r->currency), "€"))
    j_key(j, "currency"), j_str(j, out_cur(r->currency));
  j_close(j, '}');
}

/* The members of a result object; with_scenario adds "scenario" when it is set. */
static void j_result_members(J *j, const EvalResult *r, bool with_scenario) {
  j->r = r;
  j_framework(j, r);
  j_key(j, "date"), j_str(j, r->date);
  if (with_scenario && r->scenario)
    j_key(j, "scenario"), j_str(j, r->scenario);
  J_ARRAY(j, "indicators", r->inds, r->ninds, j_indicator);
  J_ARRAY(j, "valuations", r->vals, r->nvals, j_valuation);
  J_ARRAY(j, "statements", r->stmts, r->nstmts, j_statement);
  J_ARRAY(j, "checks", r->checks, r->nchecks, j_check);
  J_ARRAY(j, "parameters", r->params, r->nparams, j_param);
  J_ARRAY(j, "costs", r->costs, r->ncosts, j_cost);
  if (r->nsens)
    J_ARRAY(j, "sensitivity", r->sens, r->nsens, j_sens);
  if (r->nests)
    J_ARRAY(j, "estimates", r->ests, r->nests, j_estimate);
  if (r->nidxs)
    J_ARRAY(j, "indices", r->idxs, r->nidxs, j_index);
}

int out_json_write(FILE *f, const EvalResult *r, const OutOptions *o) {
  J j = {.f = f, .o = o};
  j_open(&j, '{');
  j_result_members(&j, r, true);
  j_close(&j, '}');
  putc('\n', f);
  return j.oom ? ENOMEM : out_stream_status(f);
}

int out_json_write_scenarios(FILE *f, const EvalResult *const *rs, int n, const OutOptions *o) {
  J j = {.f = f, .o = o};
  j_open(&j, '{');
  j_key(&j, "scenarios");
  j_open(&j, '[');
  for (int i = 0; i < n; i++) {
    j_open(&j, '{');
    j_key(&j, "name"), j_str(&j, out_result_name(rs[i]));
    j_result_members(&j, rs[i], false);
    j_close(&j, '}');
  }
  j_close(&j, ']');
  j_close(&j, '}');
  putc('\n', f);
  return j.oom ? ENOMEM : out_stream_status(f);
}
