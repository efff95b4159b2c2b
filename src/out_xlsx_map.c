/* out_xlsx_map.c — the impact map of the Excel workbook: the SROI "value map" analysts know,
 * one line per valuation (its total), whose results are live formulas reproducing pvs's
 * computation (doc/methode-sroi.md, src/compute_sroi.c) so that an auditor who changes a proxy
 * sees the present values, the bilans, their ratio and the synthèse move:
 *
 *   year 1     = Q × P × (1 − deadweight) × (1 − displacement) × (1 − attribution)
 *   year n     = year n−1 × (1 − drop-off)      while n ≤ duration, else 0
 *   VA         = SUMPRODUCT(years / (1 + r)^n)   year 1 is discounted
 *   VA of a stakeholder = VA × its share
 *   bilan      VA = Σ VA of its valuations, costs = Σ its costs, VAN = VA − costs,
 *              ratio = VA / costs
 *
 * The year headers are the numbers n (shown "Année n"), which the VA formula reads. The
 * assumptions (quantity, proxy, rates, duration, shares, cost amounts) are shaded cells
 * holding the exact values pvs used, as doubles; every result cell stores the value pvs
 * computed exactly, which a spreadsheet shows until it recomputes (Excel recomputes on
 * opening). A valuation whose quantity or proxy is missing has empty cells and no formula;
 * so has every figure of a bilan that pvs leaves missing because a part has no value.
 *
 * A valuation with a timeline (période, début, cohortes, durée_après: doc/methode-sroi.md
 * § 5) has, each year, Q × P × filters × Σ of (1 − drop-off)^k over the cohorts present. A
 * bilan that declares its conventions (§ 4) sums, for each valuation, Q × P × its filters
 * (multiplicative or additive) × Σ of (1 − drop-off)^k × D(t) over its cohorts and years, with
 * the bilan's discount factors D written as numbers (the valuation's own rate stays a cell
 * when the bilan keeps it), × the share it keeps (`pour:`); its costs, × the bilan's factor of
 * each year. So the map redoes those bilans too, and follows an edited assumption. */
#include "intl.h"
#include "mem.h"
#include "out_xlsx.h"
#include "sroi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { C_LABEL, C_NAME, C_CHAIN, C_Q, C_P, C_DEADWEIGHT, C_DISPLACEMENT, C_ATTRIBUTION, C_DROP_OFF, C_YEARS, C_RATE, C_Y1 };
enum { R_TITLE, R_NOTE1, R_NOTE2, R_NAMES, R_HEAD, R_FIRST };
#define L(en) xw_word(x, en) /* the workbook's words (po/fr.po) */
#define XW_SUM_ARGS 200 /* arguments per SUM (Excel takes 255) */

typedef struct Map {
  Xw *x;
  XwSheet *s;
  int years;              /* year columns */
  const char **sh; int nsh;
  int c_pv, c_part, c_shva;   /* first column of the VA, the shares, the stakeholders' VA */
  int *row_of;            /* map row of each valuation of x->r */
} Map;

static int holder_index(const Map *m, const char *name) {
  for (int k = 0; k < m->nsh; k++) if (!strcmp(m->sh[k], name)) return k;
  return -1;
}

static void header(Map *m) {
  static const char *const head[] = {N_("valuation"), N_("name"), N_("chain"), N_("quantity"), N_("proxy"), N_("deadweight"),
                                     N_("displacement"), N_("attribution"), N_("drop-off"), N_("duration (years)"), N_("discount rate")};
  Xw *x = m->x;
  for (int i = 0; i < C_Y1; i++) xw_text(x, m->s, R_HEAD, i, xw_word(x, head[i]), XS_HEAD);
  char fmt[64];
  snprintf(fmt, sizeof fmt, "\"%s \"0", L("Year"));
  for (int y = 0; y < m->years; y++) xw_long(x, m->s, R_HEAD, C_Y1 + y, y + 1, fmt, XS_HEAD);
  xw_text(x, m->s, R_HEAD, m->c_pv, L("present value"), XS_HEAD);
  char buf[160];
  for (int k = 0; k < m->nsh; k++) {
    snprintf(buf, sizeof buf, L("share %s"), xw_label(x, m->sh[k]));
    xw_text(x, m->s, R_HEAD, m->c_part + k, buf, XS_HEAD);
    snprintf(buf, sizeof buf, L("of which %s"), xw_label(x, m->sh[k]));
    xw_text(x, m->s, R_HEAD, m->c_shva + k, buf, XS_HEAD);
    xw_text(x, m->s, R_NAMES, m->c_part + k, m->sh[k], XS_NOTE);   /* names in small print */
    xw_text(x, m->s, R_NAMES, m->c_shva + k, m->sh[k], XS_NOTE);
  }
}

/* The assumptions of one valuation: the shaded cells. */
static void inputs(Map *m, int row, const ValuationResult *v, const ValuationRow *t) {
  Xw *x = m->x;
  char fq[96], fp[96], fr[64];
  const Num *rates[] = {&v->deadweight, &v->displacement, &v->attribution, &v->drop_off};
  xw_num(x, m->s, row, C_Q, t->missing ? NULL : &t->quantity,
         xw_fmt_fixed(fq, sizeof fq, t->missing ? 0 : out_own_decimals(&t->quantity), NULL), XS_INPUT);
  int pd = t->missing ? 2 : out_own_decimals(&t->proxy);
  xw_num(x, m->s, row, C_P, t->missing ? NULL : &t->proxy, xw_fmt_fixed(fp, sizeof fp, pd < 2 ? 2 : pd, out_cur(v->currency)), XS_INPUT);
  for (int i = 0; i < 4; i++)
    xw_num(x, m->s, row, C_DEADWEIGHT + i, rates[i], xw_fmt_percent(fr, sizeof fr, rates[i]), XS_INPUT);
  xw_long(x, m->s, row, C_YEARS, v->years, "0", XS_INPUT);
  xw_num(x, m->s, row, C_RATE, &v->rate, xw_fmt_percent(fr, sizeof fr, &v->rate), XS_INPUT);
  for (int k = 0; k < v->nparts; k++) {
    int h = holder_index(m, v->parts[k].stakeholder);
    if (h >= 0) xw_num(x, m->s, row, m->c_part + h, &v->parts[k].value, xw_fmt_percent(fr, sizeof fr, &v->parts[k].value), XS_INPUT);
  }
}

/* A number in a formula: exact enough for a double (20 decimals). */
static void add_number(OutStr *f, const Num *v) {
  char buf[128];
  num_fmt_fixed(buf, sizeof buf, v, 20, NUM_HALF_UP);
  out_str_add(f, buf);
}

/* "Q*P*F" of the valuation on `row`: F multiplicative, or additive. */
static void qpf(OutStr *f, int row, bool additive) {
  char q[16], p[16], d[16], s[16], a[16];
  xw_ref(q, sizeof q, row, C_Q, false); xw_ref(p, sizeof p, row, C_P, false);
  xw_ref(d, sizeof d, row, C_DEADWEIGHT, false); xw_ref(s, sizeof s, row, C_DISPLACEMENT, false);
  xw_ref(a, sizeof a, row, C_ATTRIBUTION, false);
  if (additive) out_str_printf(f, "%s*%s*(1-%s-%s-%s)", q, p, d, s, a);
  else out_str_printf(f, "%s*%s*(1-%s)*(1-%s)*(1-%s)", q, p, d, s, a);
}

/* Year y (0-based) of a valuation with a timeline: Q×P×F × Σ over its cohorts present that
 * year of (1 − drop-off)^k (default conventions); "=0" when none is. */
static void timeline_year(OutStr *f, int row, const SroiTimeline *t, int y) {
  SroiConv c;
  sroi_conv_default(&c);
  char o[16];
  xw_ref(o, sizeof o, row, C_DROP_OFF, false);
  int n = 0;
  for (int k = 1; k <= sroi_cohorts(t); k++) {
    int first, last;
    sroi_cohort_span(t, k, &first, &last);
    if (y + 1 < first || y + 1 > last) continue;
    out_str_add(f, n++ ? "+" : "");
    out_str_printf(f, "(1-%s)^%ld", o, sroi_dropoff_years(t, &c, first, y + 1));
  }
  sroi_conv_clear(&c);
  char *terms = out_str_take(f);
  if (!n) out_str_add(f, "=0");
  else { out_str_add(f, "="); qpf(f, row, false); out_str_printf(f, "*(%s)", terms); }
  free(terms);
}

/* The formulas of one valuation: each year, the VA, each stakeholder's VA. */
static void formulas(Map *m, int row, const ValuationResult *v, const ValuationRow *t) {
  Xw *x = m->x;
  char f[512], a[16], b[16], c[16], d[16], e[16], g[16], h[16], n[16], dur[16], drop[16];
  Num zero;
  num_init(&zero);
  bool timeline = !out_timeline_default(&v->timeline);
  for (int y = 0; y < m->years && !x->err; y++) {
    if (timeline) {
      OutStr tf = {0};
      timeline_year(&tf, row, &v->timeline, y);
      xw_formula(x, m->s, row, C_Y1 + y, out_str_get(&tf), y < t->nyears ? &t->impact[y] : &zero, xw_fmt_money(x), XS_PLAIN);
      out_str_free(&tf);
      continue;
    }
    xw_ref(n, sizeof n, R_HEAD, C_Y1 + y, true);
    xw_ref(dur, sizeof dur, row, C_YEARS, false);
    if (y == 0) {
      xw_ref(a, sizeof a, row, C_Q, false); xw_ref(b, sizeof b, row, C_P, false);
      xw_ref(c, sizeof c, row, C_DEADWEIGHT, false); xw_ref(d, sizeof d, row, C_DISPLACEMENT, false);
      xw_ref(e, sizeof e, row, C_ATTRIBUTION, false);
      snprintf(f, sizeof f, "=IF(%s<=%s,%s*%s*(1-%s)*(1-%s)*(1-%s),0)", n, dur, a, b, c, d, e);
    } else {
      xw_ref(g, sizeof g, row, C_Y1 + y - 1, false);
      xw_ref(drop, sizeof drop, row, C_DROP_OFF, false);
      snprintf(f, sizeof f, "=IF(%s<=%s,%s*(1-%s),0)", n, dur, g, drop);
    }
    xw_formula(x, m->s, row, C_Y1 + y, f, y < t->nyears ? &t->impact[y] : &zero, xw_fmt_money(x), XS_PLAIN);
  }
  num_clear(&zero);
  xw_ref(a, sizeof a, row, C_Y1, false); xw_ref(b, sizeof b, row, C_Y1 + m->years - 1, false);
  xw_ref(c, sizeof c, row, C_RATE, false);
  xw_ref(d, sizeof d, R_HEAD, C_Y1, true); xw_ref(e, sizeof e, R_HEAD, C_Y1 + m->years - 1, true);
  snprintf(f, sizeof f, "=SUMPRODUCT(%s:%s/(1+%s)^%s:%s)", a, b, c, d, e);
  xw_formula(x, m->s, row, m->c_pv, f, &t->present_value, xw_fmt_money(x), XS_BOLD);
  xw_ref(g, sizeof g, row, m->c_pv, false);
  for (int k = 0; k < t->nshares; k++) {
    int hi = holder_index(m, t->shares[k].stakeholder);
    if (hi < 0) continue;
    xw_ref(h, sizeof h, row, m->c_part + hi, false);
    snprintf(f, sizeof f, "=%s*%s", g, h);
    xw_formula(x, m->s, row, m->c_shva + hi, f, &t->shares[k].value, xw_fmt_money(x), XS_PLAIN);
  }
}

static void valuation_line(Map *m, int row, const ValuationResult *v) {
  Xw *x = m->x;
  const ValuationRow *t = &v->rows[v->nrows - 1];
  xw_text(x, m->s, row, C_LABEL, v->label ? v->label : v->name, XS_PLAIN);
  xw_text(x, m->s, row, C_NAME, v->name, XS_PLAIN);
  if (v->chain) xw_text(x, m->s, row, C_CHAIN, xw_label(x, v->chain), XS_PLAIN);
  inputs(m, row, v, t);
  if (!t->missing) formulas(m, row, v, t);
}

/* "=SUM(a,b,…)+SUM(…)" over the cells of `col` at rows[0..n), "=0" when n is 0. */
static void sum_formula(OutStr *f, const int *rows, int n, int col) {
  char ref[16];
  out_str_add(f, "=");
  if (!n) out_str_add(f, "0");
  for (int i = 0; i < n; i++) {
    if (i % XW_SUM_ARGS == 0) out_str_add(f, i ? ")+SUM(" : "SUM(");
    else out_str_add(f, ",");
    xw_ref(ref, sizeof ref, rows[i], col, false);
    out_str_add(f, ref);
  }
  if (n) out_str_add(f, ")");
}

/* One figure line of a bilan: its words in the first column, the formula in the value column;
 * a figure pvs leaves missing (a part has no value) is an empty cell, without formula: a
 * spreadsheet would count the missing part as 0, and the value saved with a formula can only
 * be a number. */
static void figure(Map *m, int row, const char *words, OutStr *f, const Num *cached, const char *fmt,
                   unsigned style) {
  xw_text(m->x, m->s, row, C_LABEL, words, style);
  char *t = out_str_take(f);
  if (!t) { if (!m->x->err) m->x->err = ENOMEM; return; }
  if (cached) xw_formula(m->x, m->s, row, XW_MAP_VALUE_COL, t, cached, fmt, style);
  free(t);
}

static int costs_block(Map *m, int row, int *cost_row) {
  Xw *x = m->x;
  if (!x->r->ncosts) return row;
  xw_text(x, m->s, row, C_LABEL, L("cost"), XS_HEAD);
  xw_text(x, m->s, row, C_NAME, L("name"), XS_HEAD);
  xw_text(x, m->s, row, XW_MAP_VALUE_COL, L("amount"), XS_HEAD);
  row++;
  for (int i = 0; i < x->r->ncosts; i++, row++) {
    const CostResult *c = &x->r->costs[i];
    cost_row[i] = row;
    xw_text(x, m->s, row, C_LABEL, c->label ? c->label : c->name, XS_PLAIN);
    xw_text(x, m->s, row, C_NAME, c->name, XS_PLAIN);
    xw_num(x, m->s, row, XW_MAP_VALUE_COL, c->missing ? NULL : &c->amount, xw_fmt_money(x), XS_INPUT);
  }
  return row + 1;
}

/* The map rows of the valuations of st matching a stakeholder (col of its VA) or a chain. */
static int pick_rows(const Map *m, const StatementResult *st, const char *holder, const char *chain, int *rows) {
  int n = 0;
  for (int i = 0; i < st->nvals; i++) {
    const ValuationResult *v = &m->x->r->vals[st->vals[i]];
    bool ok = true;
    if (holder) {
      ok = false;
      for (int k = 0; k < v->nparts; k++) ok |= !strcmp(v->parts[k].stakeholder, holder);
    }
    if (chain) ok = ok && !strcmp(v->chain ? v->chain : "—", chain);
    if (ok) rows[n++] = m->row_of[st->vals[i]];
  }
  return n;
}

/* ---- a bilan that declares its conventions ---- */
/* "(Q*P*F*(Σ …))": valuation v (map row `row`) under st's conventions, before any share. */
static void conv_term(OutStr *f, const StatementResult *st, const ValuationResult *v, int row) {
  const SroiTimeline *t = &v->timeline;
  const SroiConv *c = &st->conv;
  bool own = c->discount == SROI_DISC_OWN;
  int years = sroi_years(t) > 0 ? sroi_years(t) : 1;
  Num *d = calloc((size_t)years + 1, sizeof *d), *coef = calloc(2 * (size_t)years + 2, sizeof *coef);
  if (!d || !coef) { free(d); free(coef); f->oom = true; return; }
  sroi_factors(c, NULL, years, d);   /* (own: none here; the rate cell below) */
  char o[16], r[16];
  xw_ref(o, sizeof o, row, C_DROP_OFF, false);
  xw_ref(r, sizeof r, row, C_RATE, false);
  out_str_add(f, "(");
  qpf(f, row, c->additive);
  out_str_add(f, "*(0");
  for (int k = 1; k <= sroi_cohorts(t); k++) {
    int first, last;
    sroi_cohort_span(t, k, &first, &last);
    for (int y = first; y <= last; y++) {
      long e = sroi_dropoff_years(t, c, first, y), tt = c->year0 ? y - 1 : y;
      if (own) out_str_printf(f, "+(1-%s)^%ld/(1+%s)^%ld", o, e, r, tt);
      else num_add(&coef[e], &coef[e], &d[y - 1]);   /* grouped by the exponent of the drop-off */
    }
  }
  for (int e = 0; !own && e <= 2 * years; e++) {
    if (num_is_zero(&coef[e])) continue;
    out_str_add(f, "+");
    add_number(f, &coef[e]);
    out_str_printf(f, "*(1-%s)^%d", o, e);
  }
  out_str_add(f, "))");
  for (int i = 0; i < years; i++) num_clear(&d[i]);
  for (int i = 0; i <= 2 * years + 1; i++) num_clear(&coef[i]);
  free(d);
  free(coef);
}

/* The share cells of valuation row `row` that a bilan keeps: "(X1+Y1)", or NULL for all. */
static void kept_cells(const Map *m, OutStr *f, const StatementResult *st, const char *const *holders, int n, int row) {
  char ref[16];
  out_str_add(f, "(0");
  for (int i = 0; i < n; i++) {
    int h = holder_index(m, holders[i]);
    if (h < 0) continue;
    xw_ref(ref, sizeof ref, row, m->c_part + h, false);
    out_str_printf(f, "+%s", ref);
  }
  out_str_add(f, ")");
  (void)st;
}

/* Σ over the valuations of st (matching a stakeholder or a chain) of term × share. */
static void conv_sum(const Map *m, OutStr *f, const StatementResult *st, const char *holder, const char *chain) {
  out_str_add(f, "=0");
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    if (l->val < 0 || l->missing) continue;
    const ValuationResult *v = &m->x->r->vals[l->val];
    if (chain && strcmp(v->chain ? v->chain : "—", chain)) continue;
    bool has = !holder;
    for (int k = 0; holder && k < v->nparts; k++) has |= !strcmp(v->parts[k].stakeholder, holder);
    if (!has) continue;
    out_str_add(f, "+");
    conv_term(f, st, v, m->row_of[l->val]);
    if (holder) { out_str_add(f, "*"); kept_cells(m, f, st, &holder, 1, m->row_of[l->val]); }
    else if (st->nonly_for) { out_str_add(f, "*"); kept_cells(m, f, st, st->only_for, st->nonly_for, m->row_of[l->val]); }
  }
}

/* Σ of its costs × the bilan's discount factor of each year: a one-year cost is its cell; a
 * cost over years, its yearly amounts (numbers) × their factors. */
static void conv_costs(const Map *m, OutStr *f, const StatementResult *st, const int *cost_row) {
  char ref[16];
  out_str_add(f, "=0");
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    if (l->cost < 0 || l->missing) continue;
    const CostResult *c = &m->x->r->costs[l->cost];
    Num *d = calloc((size_t)c->nyears + 1, sizeof *d);
    if (!d) { f->oom = true; return; }
    sroi_factors(&st->conv, NULL, c->nyears, d);
    if (c->nyears == 1) {
      xw_ref(ref, sizeof ref, cost_row[l->cost], XW_MAP_VALUE_COL, false);
      out_str_printf(f, "+%s*", ref);
      add_number(f, &d[0]);
    }
    for (int y = 0; c->nyears > 1 && y < c->nyears; y++) {
      out_str_add(f, "+");
      add_number(f, &c->amounts[y]);
      out_str_add(f, "*");
      add_number(f, &d[y]);
    }
    for (int y = 0; y < c->nyears; y++) num_clear(&d[y]);
    free(d);
  }
}

static int statement_block(Map *m, int row, const StatementResult *st, const int *cost_row, XwStmtRows *out) {
  Xw *x = m->x;
  OutStr f = {0};
  char va[16], co[16], buf[256];
  int *rows = mem_calloc((size_t)(st->nvals + st->ncosts_in) + 1, sizeof *rows);
  out->sh = mem_calloc((size_t)st->nstakeholders + 1, sizeof *out->sh);
  out->chain = mem_calloc((size_t)st->nchains + 1, sizeof *out->chain);
  if (!rows || !out->sh || !out->chain) { free(rows); if (!x->err) x->err = ENOMEM; return row; }
  snprintf(buf, sizeof buf, "%s (%s)", st->label ? st->label : st->name, st->name);
  if (st->declared) {   /* its conventions in words, beside its name */
    OutStr c = {0};
    out_str_conventions(&c, st, x->o);
    xw_text(x, m->s, row, C_DEADWEIGHT, out_str_get(&c), XS_NOTE);
    out_str_free(&c);
  }
  xw_text(x, m->s, row++, C_LABEL, buf, XS_HEAD);
  int n = pick_rows(m, st, NULL, NULL, rows);
  if (st->declared) conv_sum(m, &f, st, NULL, NULL);
  else sum_formula(&f, rows, n, m->c_pv);
  figure(m, out->va = row++, L("present value"), &f, st->present_value_missing ? NULL : &st->present_value, xw_fmt_money(x), XS_PLAIN);
  for (int i = 0; i < st->ncosts_in; i++) rows[i] = cost_row[st->costs_in[i]];
  if (st->declared) conv_costs(m, &f, st, cost_row);
  else sum_formula(&f, rows, st->ncosts_in, XW_MAP_VALUE_COL);
  figure(m, out->costs = row++, L("costs"), &f, st->costs_missing ? NULL : &st->costs, xw_fmt_money(x), XS_PLAIN);
  xw_ref(va, sizeof va, out->va, XW_MAP_VALUE_COL, false);
  xw_ref(co, sizeof co, out->costs, XW_MAP_VALUE_COL, false);
  out_str_printf(&f, "=%s-%s", va, co);
  figure(m, out->npv = row++, L("net present value"), &f,
         st->present_value_missing || st->costs_missing ? NULL : &st->net_present_value, xw_fmt_money(x), XS_PLAIN);
  out_str_printf(&f, "=IF(%s=0,\"\",%s/%s)", co, va, co);
  figure(m, out->ratio = row++, L("SROI ratio"), &f, st->ratio_missing ? NULL : &st->ratio, "0.00", XS_BOLD);
  for (int k = 0; k < st->nstakeholders; k++) {
    const Named *h = &st->by_stakeholder[k];
    int hi = holder_index(m, h->name);
    n = pick_rows(m, st, h->name, NULL, rows);
    if (st->declared) conv_sum(m, &f, st, h->name, NULL);
    else sum_formula(&f, rows, hi < 0 ? 0 : n, m->c_shva + (hi < 0 ? 0 : hi));
    snprintf(buf, sizeof buf, L("of which %s"), xw_label(x, h->name));
    figure(m, out->sh[k] = row++, buf, &f, h->missing ? NULL : &h->value, xw_fmt_money(x), XS_PLAIN);
  }
  for (int k = 0; k < st->nchains; k++) {
    const Named *ch = &st->by_chain[k];
    n = pick_rows(m, st, NULL, ch->name, rows);
    if (st->declared) conv_sum(m, &f, st, NULL, ch->name);
    else sum_formula(&f, rows, n, m->c_pv);
    snprintf(buf, sizeof buf, L("Chain: %s"), xw_label(x, ch->name));
    figure(m, out->chain[k] = row++, buf, &f, ch->missing ? NULL : &ch->value, xw_fmt_money(x), XS_PLAIN);
  }
  out_str_free(&f);
  free(rows);
  return row + 1;
}

void xw_impact_map(Xw *x, XwSheet *s) {
  Map m = {.x = x, .s = s, .years = xw_max_years(x->r)};
  m.sh = xw_stakeholders(x->r, &m.nsh);
  m.row_of = mem_calloc((size_t)x->r->nvals + 1, sizeof *m.row_of);
  int *cost_row = mem_calloc((size_t)x->r->ncosts + 1, sizeof *cost_row);
  if (!m.sh || !m.row_of || !cost_row) {
    if (!x->err) x->err = ENOMEM;
    free(m.sh); free(m.row_of); free(cost_row);
    return;
  }
  m.c_pv = C_Y1 + m.years;
  m.c_part = m.c_pv + 1;
  m.c_shva = m.c_part + m.nsh;
  xw_text(x, s, R_TITLE, 0, L("Impact map (SROI value map)"), XS_TITLE);
  xw_note(x, s, R_NOTE1, L("Shaded cells are the assumptions pvs used; the others are formulas that redo its computation (impact of year 1 = quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution), then drop-off each year, discounted from year 1): change an assumption and the present values, the bilans and the summary follow."));
  xw_note(x, s, R_NOTE2, L("pvs computes with exact fractions; a spreadsheet stores doubles (about 15 significant digits), so the formulas give pvs's results to the cent. The values saved with the formulas are pvs's own; the exact values are in --format json."));
  header(&m);
  int row = R_FIRST;
  for (int i = 0; i < x->r->nvals; i++, row++) {
    m.row_of[i] = row;
    valuation_line(&m, row, &x->r->vals[i]);
  }
  row = costs_block(&m, row + 1, cost_row);
  for (int i = 0; i < x->r->nstmts && !x->err; i++)
    row = statement_block(&m, row, &x->r->stmts[i], cost_row, &x->stmt_rows[i]);
  xw_finish_sheet(s, R_FIRST, C_Q);
  free(m.sh); free(m.row_of); free(cost_row);
}
