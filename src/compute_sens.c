/* compute_sens.c — `pvs eval --sensibilité`: how robust each bilan's SROI ratio is (stage 5 of
 * the SROI guide). For every input of every valuation of the bilan — quantité, proxy,
 * aubaine, attribution, déplacement, dégressivité, durée, actualisation — the ratio when
 * that input alone moves down and up by a step (quantities and proxies by a relative step,
 * 10 % by default; rates by points, 10 by default, kept within 0–100 %; the duration by one
 * year), the other valuations unchanged; and its switching value: the value of the input
 * at which the ratio reaches the threshold (1 by default).
 *
 * The present value is linear in the quantity, the proxy and each (1 − rate) factor of the
 * first year, so their switching values are exact. It is monotone but not linear in the
 * drop-off and the discount rate: their switching values are found by bisection on exact
 * present values (ev_sroi) to 10^-6 (0.0001 point), and the duration's as the shortest
 * whole number of years. "none" when no value of the input (a rate within 0–100 %, a
 * nonnegative quantity or proxy, a duration of 1 to 200 years) reaches the threshold.
 * Everything is computed from the bilan's totals in the result, exactly, under the bilan's
 * conventions and each valuation's timeline (sroi.h), as the bilan itself is: the duration
 * moved is a cohort's `durée` (or `durée_après`); the valuation's own discount rate is an
 * input only when the bilan discounts each valuation at its own rate; a valuation counts in
 * the bilan by the share of its `pour:` stakeholders. */
#include "eval_int.h"
#include "intl.h"
#include "mem.h"
#include <stdlib.h>
#include <string.h>

enum { IN_QUANTITY, IN_PROXY, IN_DEADWEIGHT, IN_ATTRIBUTION, IN_DISPLACEMENT, IN_DROP_OFF, IN_DURATION, IN_RATE, IN__COUNT };
static const FieldId in_field[IN__COUNT] = {F_QUANTITY, F_PROXY, F_DEADWEIGHT, F_ATTRIBUTION, F_DISPLACEMENT,
                                            F_DROP_OFF, F_DURATION, F_DISCOUNT_RATE};
static const int in_rate[IN__COUNT] = {-1, -1, R_DEADWEIGHT, R_ATTRIBUTION, R_DISPLACEMENT, R_DROP_OFF, -1, R_RATE};
#define MAX_YEARS 200

/* One valuation's inputs, as ev_sroi takes them. */
typedef struct In {
  Num q, p, rate[R__COUNT], share;   /* share: what the bilan keeps of it (its pour:) */
  SroiTimeline tl;
  const SroiConv *conv;
} In;
#define IN_INIT {NUM_INIT, NUM_INIT, {NUM_INIT, NUM_INIT, NUM_INIT, NUM_INIT, NUM_INIT}, NUM_INIT, {0}, NULL}

static void in_copy(In *dst, const In *src) {
  num_set(&dst->q, &src->q);
  num_set(&dst->p, &src->p);
  for (int i = 0; i < R__COUNT; i++) num_set(&dst->rate[i], &src->rate[i]);
  num_set(&dst->share, &src->share);
  dst->tl = src->tl;
  dst->conv = src->conv;
}

static void in_clear(In *x) {
  num_clear(&x->q);
  num_clear(&x->p);
  for (int i = 0; i < R__COUNT; i++) num_clear(&x->rate[i]);
  num_clear(&x->share);
}

/* pv = the present value of x in the bilan (0 when additive filters exceed 100 %). */
static void present_value(const In *x, Num *pv) {
  int n = sroi_years(&x->tl);
  num_set_long(pv, 0);
  if (n < 1) return;
  Num *flows = mem_calloc((size_t)n, sizeof *flows), *disc = mem_calloc((size_t)n, sizeof *disc);
  for (int y = 0; y < n; y++) { num_init(&flows[y]); num_init(&disc[y]); }
  if (sroi_stream(&x->q, &x->p, x->rate, &x->tl, x->conv, flows, disc, pv)) num_mul(pv, pv, &x->share);
  else num_set_long(pv, 0);
  for (int y = 0; y < n; y++) { num_clear(&flows[y]); num_clear(&disc[y]); }
  mem_free(flows);
  mem_free(disc);
}

/* The value of input k of x (in its own unit: a rate as a fraction), and setting it. */
static void get_input(const In *x, int k, Num *v) {
  if (k == IN_QUANTITY) num_set(v, &x->q);
  else if (k == IN_PROXY) num_set(v, &x->p);
  else if (k == IN_DURATION) num_set_long(v, x->tl.duration ? x->tl.duration : x->tl.after);
  else num_set(v, &x->rate[in_rate[k]]);
}

static void set_input(In *x, int k, const Num *v) {
  long n;
  if (k == IN_QUANTITY) num_set(&x->q, v);
  else if (k == IN_PROXY) num_set(&x->p, v);
  else if (k == IN_DURATION && num_to_long(v, &n)) *(x->tl.duration ? &x->tl.duration : &x->tl.after) = (int)n;
  else num_set(&x->rate[in_rate[k]], v);
}

/* The PV of x with input k set to v. */
static void pv_at(const In *x, int k, const Num *v, Num *pv) {
  In y = IN_INIT;
  in_copy(&y, x);
  set_input(&y, k, v);
  present_value(&y, pv);
  in_clear(&y);
}

/* ---- the context of one bilan ---- */
typedef struct Ctx {
  Num others, costs, threshold, target;   /* target: the PV the valuation needs for the ratio to be the threshold */
} Ctx;

static void ratio_of(const Ctx *c, const Num *pv, Num *ratio) {
  Num t = NUM_INIT;
  num_add(&t, &c->others, pv);
  if (!num_div(ratio, &t, &c->costs)) num_set_long(ratio, 0);
  num_clear(&t);
}

/* ---- moved values ---- */
static void clamp(Num *v, long lo_num, long lo_den, long hi_num, long hi_den) {
  Num b = NUM_INIT;
  num_set_frac(&b, lo_num, lo_den);
  if (num_cmp(v, &b) < 0) num_set(v, &b);
  if (hi_den) {
    num_set_frac(&b, hi_num, hi_den);
    if (num_cmp(v, &b) > 0) num_set(v, &b);
  }
  num_clear(&b);
}

/* v moved by the step in direction dir (−1, +1): relative for quantities and proxies, by
 * points for rates (kept within 0–100 %, the discount rate only above 0), by a year for
 * the duration (at least 1). */
static void moved(int k, const Num *base, int dir, const Num *step, const Num *points, Num *v) {
  Num d = NUM_INIT, hundred = NUM_INIT;
  num_set_long(&hundred, 100);
  if (k == IN_QUANTITY || k == IN_PROXY) {
    num_div(&d, step, &hundred);
    num_mul(&d, &d, base);
  } else if (k == IN_DURATION) num_set_long(&d, 1);
  else num_div(&d, points, &hundred);
  if (dir < 0) num_sub(v, base, &d);
  else num_add(v, base, &d);
  if (k == IN_DURATION) clamp(v, 1, 1, MAX_YEARS, 1);
  else if (k == IN_RATE) clamp(v, 0, 1, 0, 0);
  else if (k != IN_QUANTITY && k != IN_PROXY) clamp(v, 0, 1, 1, 1);
  num_clear(&d);
  num_clear(&hundred);
}

/* ---- switching values ---- */
/* Linear inputs. Quantity, proxy: PV(v) = a·v, a = PV at v = 1. The three filters (aubaine,
 * attribution, déplacement): with K the PV without any filter, PV(v) = K·(1 − v)·F, F the
 * product of (1 − r) of the two others (multiplicative filters), or PV(v) = K·(1 − S − v), S
 * the sum of the two others (additive filters, which must stay within 100 %). */
static SensSwitch switch_linear(const In *x, int k, const Ctx *c, Num *out) {
  Num a = NUM_INIT, one = NUM_INIT, f = NUM_INIT, t = NUM_INIT;
  num_set_long(&one, 1);
  SensSwitch sw = SW_NONE;
  if (k == IN_QUANTITY || k == IN_PROXY) {
    pv_at(x, k, &one, &a);
    if (!num_is_zero(&a)) {
      num_div(out, &c->target, &a);
      sw = num_sign(out) >= 0 ? SW_EXACT : SW_NONE;
    }
  } else {
    In y = IN_INIT;
    in_copy(&y, x);
    num_set_long(&y.rate[in_rate[k]], 0);
    sroi_filters(y.rate, x->conv->additive, &f);     /* the two others: F, or 1 − S */
    for (int r = R_DEADWEIGHT; r <= R_DISPLACEMENT; r++) num_set_long(&y.rate[r], 0);
    present_value(&y, &a);                            /* K */
    in_clear(&y);
    if (!x->conv->additive) num_mul(&a, &a, &f);      /* PV(v) = a·(1 − v) */
    if (!num_is_zero(&a)) {
      num_div(&t, &c->target, &a);                    /* mult.: 1 − v; add.: (1 − S − v) / 1 */
      if (x->conv->additive) num_sub(out, &f, &t);    /* v = 1 − S − target / K */
      else num_sub(out, &one, &t);
      bool ok = num_sign(out) >= 0 && num_cmp(out, &one) <= 0 && (!x->conv->additive || num_cmp(out, &f) <= 0);
      sw = ok ? SW_EXACT : SW_NONE;
    }
  }
  num_clear(&a);
  num_clear(&one);
  num_clear(&f);
  num_clear(&t);
  return sw;
}

/* Drop-off and discount rate: PV is monotone on [0, 1]; bisection on the sign of
 * PV(v) − target, to 10^-7, rounded to 10^-6. */
static SensSwitch switch_bisect(const In *x, int k, const Ctx *c, Num *out) {
  Num lo = NUM_INIT, hi = NUM_INIT, mid = NUM_INIT, pv = NUM_INIT, eps = NUM_INIT, w = NUM_INIT, two = NUM_INIT;
  num_set_long(&hi, 1);
  num_set_long(&two, 2);
  num_set_frac(&eps, 1, 10000000);
  pv_at(x, k, &lo, &pv);
  int slo = num_cmp(&pv, &c->target);
  pv_at(x, k, &hi, &pv);
  int shi = num_cmp(&pv, &c->target);
  SensSwitch sw = SW_NONE;
  if (slo == 0) { num_set_long(out, 0); sw = SW_EXACT; }
  else if (shi == 0) { num_set_long(out, 1); sw = SW_EXACT; }
  else if (slo != shi) {
    for (int i = 0; i < 64; i++) {
      num_sub(&w, &hi, &lo);
      if (num_cmp(&w, &eps) <= 0) break;
      num_add(&mid, &lo, &hi);
      num_div(&mid, &mid, &two);
      pv_at(x, k, &mid, &pv);
      int s = num_cmp(&pv, &c->target);
      if (s == 0) { num_set(&lo, &mid); num_set(&hi, &mid); break; }
      if (s == slo) num_set(&lo, &mid);
      else num_set(&hi, &mid);
    }
    num_add(&mid, &lo, &hi);
    num_div(&mid, &mid, &two);
    num_round(out, &mid, 6, NUM_HALF_UP);
    sw = SW_BISECTION;
  }
  num_clear(&lo); num_clear(&hi); num_clear(&mid); num_clear(&pv);
  num_clear(&eps); num_clear(&w); num_clear(&two);
  return sw;
}

/* Duration: the shortest whole number of years for which the ratio reaches the threshold
 * (impacts of one sign: the PV grows with the duration); none when even 200 years do not,
 * or when one year already does while the ratio is at or above it (it cannot fall there). */
static SensSwitch switch_years(const In *x, const Ctx *c, Num *out, bool base_above) {
  Num pv = NUM_INIT, v = NUM_INIT;
  SensSwitch sw = SW_NONE;
  for (long n = 1; n <= MAX_YEARS; n++) {
    num_set_long(&v, n);
    pv_at(x, IN_DURATION, &v, &pv);
    if (num_cmp(&pv, &c->target) >= 0) {
      if (!(n == 1 && base_above)) { num_set_long(out, n); sw = SW_YEARS; }
      break;
    }
  }
  num_clear(&pv);
  num_clear(&v);
  return sw;
}

static SensSwitch switching(const In *x, int k, const Ctx *c, Num *out, bool base_above) {
  switch (k) {
  case IN_DROP_OFF: case IN_RATE: return switch_bisect(x, k, c, out);
  case IN_DURATION: return num_sign(&x->q) * num_sign(&x->p) >= 0 ? switch_years(x, c, out, base_above) : SW_NONE;
  default: return switch_linear(x, k, c, out);
  }
}

/* ---- one bilan ---- */
/* In display units: a rate in points (×100), the rest as is. */
static void shown(int k, Num *v) {
  if (in_rate[k] < 0) return;
  Num h = NUM_INIT;
  num_set_long(&h, 100);
  num_mul(v, v, &h);
  num_clear(&h);
}

static void one_input(Plan *p, SensResult *sr, const ValuationResult *v, const In *x, int k, const Ctx *c, bool base_above) {
  SensInput si = {0};
  si.valuation = v->name;
  si.input = schema_field(in_field[k])->fr;
  si.percent = in_rate[k] >= 0;
  Num pv = NUM_INIT;
  get_input(x, k, &si.base);
  moved(k, &si.base, -1, &sr->step, &sr->points, &si.low);
  moved(k, &si.base, +1, &sr->step, &sr->points, &si.high);
  pv_at(x, k, &si.low, &pv);
  ratio_of(c, &pv, &si.ratio_low);
  pv_at(x, k, &si.high, &pv);
  ratio_of(c, &pv, &si.ratio_high);
  si.sw = switching(x, k, c, &si.switching, base_above);
  shown(k, &si.base);
  shown(k, &si.low);
  shown(k, &si.high);
  if (si.sw != SW_NONE) shown(k, &si.switching);
  num_clear(&pv);
  ARENA_PUSH(p->a, sr->inputs, sr->ninputs, sr->icap, si);
}

static void one_valuation(Plan *p, SensResult *sr, const StatementResult *st, const ValuationResult *v) {
  const ValuationRow *tot = &v->rows[v->nrows - 1];
  const ValPlan *vp = v->sym->eval;
  In x = IN_INIT;
  num_set(&x.q, &tot->quantity);
  num_set(&x.p, &tot->proxy);
  for (int i = 0; i < R__COUNT; i++) num_set(&x.rate[i], &vp->rate[i]);
  x.tl = vp->tl;
  x.conv = &st->conv;
  num_set_long(&x.share, 1);
  for (int i = 0; i < st->nlines; i++)
    if (st->lines[i].cost < 0 && &p->res->vals[st->lines[i].val] == v) num_set(&x.share, &st->lines[i].share);
  Ctx c = {NUM_INIT, NUM_INIT, NUM_INIT, NUM_INIT};
  present_value(&x, &c.others);                          /* this valuation's part of the bilan */
  num_sub(&c.others, &st->present_value, &c.others);
  num_set(&c.costs, &st->costs);
  num_set(&c.threshold, &sr->threshold);
  num_mul(&c.target, &c.threshold, &c.costs);
  num_sub(&c.target, &c.target, &c.others);
  bool base_above = num_cmp(&st->ratio, &sr->threshold) >= 0;
  for (int k = 0; k < IN__COUNT; k++)
    if (k != IN_RATE || st->conv.discount == SROI_DISC_OWN) one_input(p, sr, v, &x, k, &c, base_above);
  in_clear(&x);
  num_clear(&c.others); num_clear(&c.costs); num_clear(&c.threshold); num_clear(&c.target);
}

/* Largest swing |ratio_high − ratio_low| first: the order of a tornado chart. */
static int swing_cmp(const void *a, const void *b) {
  const SensInput *x = a, *y = b;
  Num sx = NUM_INIT, sy = NUM_INIT;
  num_sub(&sx, &x->ratio_high, &x->ratio_low);
  num_abs(&sx, &sx);
  num_sub(&sy, &y->ratio_high, &y->ratio_low);
  num_abs(&sy, &sy);
  int c = num_cmp(&sy, &sx);
  num_clear(&sx);
  num_clear(&sy);
  if (c) return c;
  c = strcmp(x->valuation, y->valuation);
  return c ? c : strcmp(x->input, y->input);
}

static bool parse_option(Plan *p, const char *text, long dflt, Num *out, const char *what) {
  num_set_long(out, dflt);
  if (!text) return true;
  if (num_parse_literal(out, text)) return true;
  diag_error(p->d, (Loc){0}, _("%s wants a number, e.g. 10, not '%s'"), what, text);
  return false;
}

void ev_sensitivity(Plan *p) {
  EvalResult *r = p->res;
  const EvalOptions *o = p->o;
  Num step = NUM_INIT, points = NUM_INIT, threshold = NUM_INIT;
  bool ok = parse_option(p, o->sens_step, 10, &step, "--pas") && parse_option(p, o->sens_points, 10, &points, "--pas-taux") &&
            parse_option(p, o->sens_threshold, 1, &threshold, "--seuil");
  r->sens = arena_alloc(p->a, sizeof *r->sens * (size_t)(r->nstmts + 1));
  for (int i = 0; ok && i < r->nstmts; i++) {
    const StatementResult *st = &r->stmts[i];
    SensResult *sr = &r->sens[r->nsens++];
    *sr = (SensResult){.statement = st->name};
    num_set(&sr->ratio, &st->ratio);
    num_set(&sr->step, &step);
    num_set(&sr->points, &points);
    num_set(&sr->threshold, &threshold);
    if (st->ratio_missing || st->present_value_missing) continue;   /* no ratio to move */
    const Item *vals = schema_find(st->sym->decl, F_VALUATIONS);
    for (int j = 0; j < r->nvals; j++) {
      const ValuationResult *v = &r->vals[j];
      if (!ev_listed(vals, v->name) || v->rows[v->nrows - 1].missing) continue;
      one_valuation(p, sr, st, v);
    }
    if (sr->ninputs) qsort(sr->inputs, (size_t)sr->ninputs, sizeof *sr->inputs, swing_cmp);
  }
  if (!ok) p->data_error = true;
  num_clear(&step);
  num_clear(&points);
  num_clear(&threshold);
}

void ev_sensitivity_free(EvalResult *r) {
  for (int i = 0; i < r->nsens; i++) {
    SensResult *sr = &r->sens[i];
    num_clear(&sr->ratio); num_clear(&sr->threshold); num_clear(&sr->step); num_clear(&sr->points);
    for (int k = 0; k < sr->ninputs; k++) {
      SensInput *si = &sr->inputs[k];
      num_clear(&si->base); num_clear(&si->low); num_clear(&si->high);
      num_clear(&si->ratio_low); num_clear(&si->ratio_high); num_clear(&si->switching);
    }
  }
}
