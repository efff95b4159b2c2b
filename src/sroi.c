/* sroi.c — the SROI arithmetic under declared conventions (see sroi.h): filters, drop-off,
 * cohorts over a timeline, discount factors (constant, none, the Green Book's declining
 * schedule, France Stratégie's 1.2 % + β × 2 %), and costs over years. Everything exact. */
#include "sroi.h"

void sroi_conv_default(SroiConv *c) {
  *c = (SroiConv){.discount = SROI_DISC_OWN};
  num_init(&c->rate);
}

void sroi_conv_clear(SroiConv *c) { num_clear(&c->rate); }

SroiTimeline sroi_timeline_default(int years) {
  return (SroiTimeline){.period = 1, .start = 1, .cohorts = false, .duration = years, .after = 0};
}

void sroi_cohort_span(const SroiTimeline *t, int c, int *first, int *last) {
  *first = c + t->start - 1;
  *last = t->duration > 0 ? *first + t->duration - 1 : t->period + t->after;
}

int sroi_cohorts(const SroiTimeline *t) { return t->cohorts ? t->period : 1; }

int sroi_years(const SroiTimeline *t) {
  int n = 0;
  for (int c = 1; c <= sroi_cohorts(t); c++) {
    int first, last;
    sroi_cohort_span(t, c, &first, &last);
    if (last >= first && last > n) n = last;
  }
  return n;
}

int sroi_cohort_years(const SroiTimeline *t) {
  int n = 0;
  for (int c = 1; c <= sroi_cohorts(t); c++) {
    int first, last;
    sroi_cohort_span(t, c, &first, &last);
    if (last >= first) n += last - first + 1;
  }
  return n;
}

static void one_minus(Num *r, const Num *x) {
  Num one = NUM_INIT;
  num_set_long(&one, 1);
  num_sub(r, &one, x);
  num_clear(&one);
}

bool sroi_filters(const Num rate[R__COUNT], bool additive, Num *f) {
  static const int order[3] = {R_DEADWEIGHT, R_DISPLACEMENT, R_ATTRIBUTION};
  Num t = NUM_INIT;
  num_set_long(f, 1);
  for (int i = 0; i < 3; i++) {
    if (additive) num_sub(f, f, &rate[order[i]]);
    else {
      one_minus(&t, &rate[order[i]]);
      num_mul(f, f, &t);
    }
  }
  num_clear(&t);
  return num_sign(f) >= 0;
}

void sroi_green_book_rate(long k, Num *r) {
  static const struct { long upto; int permille; } band[] = {
    {30, 35}, {75, 30}, {125, 25}, {200, 20}, {300, 15},
  };
  int pm = 10;   /* 1 % from year 301 */
  for (int i = 0; i < 5; i++)
    if (k <= band[i].upto) { pm = band[i].permille; break; }
  num_set_frac(r, pm, 1000);
}

void sroi_france_strategie(const Num *beta, Num *r) {
  Num base = NUM_INIT, premium = NUM_INIT;
  num_set_frac(&base, 12, 1000);
  num_set_frac(&premium, 2, 100);
  num_mul(r, beta, &premium);
  num_add(r, r, &base);
  num_clear(&base);
  num_clear(&premium);
}

/* The rate of the step to year k under c (own: the valuation's rate). */
static void step_rate(const SroiConv *c, const Num *own_rate, long k, Num *r) {
  if (c->discount == SROI_DISC_GREEN_BOOK) sroi_green_book_rate(k, r);
  else if (c->discount == SROI_DISC_OWN) num_set(r, own_rate);
  else if (c->discount == SROI_DISC_NONE) num_set_long(r, 0);
  else num_set(r, &c->rate);
}

void sroi_factors(const SroiConv *c, const Num *own_rate, int n, Num *out) {
  Num d = NUM_INIT, r = NUM_INIT, one = NUM_INIT;
  num_set_long(&one, 1);
  num_set_long(&d, 1);
  bool none = c->discount == SROI_DISC_NONE || (c->discount == SROI_DISC_OWN && !own_rate);
  for (int y = 1; y <= n; y++) {
    long t = c->year0 ? y - 1 : y;   /* the exponent of year y */
    if (!none && t >= 1) {
      step_rate(c, own_rate, t, &r);
      num_add(&r, &one, &r);
      if (!num_div(&d, &d, &r)) num_set_long(&d, 0);   /* a rate of −100 %: the checker refuses it */
    }
    num_set(&out[y - 1], &d);
  }
  num_clear(&d);
  num_clear(&r);
  num_clear(&one);
}

long sroi_dropoff_years(const SroiTimeline *t, const SroiConv *c, int first, int y) {
  if (!c->dropoff_after_period) return y - first;
  int from = first > t->period ? first : t->period;
  return y > from ? y - from : 0;
}

bool sroi_stream(const Num *q, const Num *proxy, const Num rate[R__COUNT], const SroiTimeline *t,
                 const SroiConv *c, Num *flows, Num *discounted, Num *pv) {
  Num base = NUM_INIT, keep = NUM_INIT, lv = NUM_INIT, x = NUM_INIT;
  bool ok = sroi_filters(rate, c->additive, &base);
  int n = sroi_years(t);
  if (ok) {
    num_mul(&base, &base, q);
    num_mul(&base, &base, proxy);
    one_minus(&keep, &rate[R_DROP_OFF]);
    for (int y = 0; y < n; y++) num_set_long(&flows[y], 0);
    for (int k = 1; k <= sroi_cohorts(t); k++) {
      int first, last;
      sroi_cohort_span(t, k, &first, &last);
      for (int y = first; y <= last; y++) {
        num_pow(&lv, &keep, sroi_dropoff_years(t, c, first, y));
        num_mul(&x, &base, &lv);
        num_add(&flows[y - 1], &flows[y - 1], &x);
      }
    }
    sroi_factors(c, &rate[R_RATE], n, discounted);
    num_set_long(pv, 0);
    for (int y = 0; y < n; y++) {
      num_mul(&discounted[y], &discounted[y], &flows[y]);
      num_add(pv, pv, &discounted[y]);
    }
  }
  num_clear(&base);
  num_clear(&keep);
  num_clear(&lv);
  num_clear(&x);
  return ok;
}

void sroi_costs(const SroiConv *c, const Num *a, int n, Num *discounted, Num *pv) {
  sroi_factors(c, NULL, n, discounted);
  num_set_long(pv, 0);
  for (int y = 0; y < n; y++) {
    num_mul(&discounted[y], &discounted[y], &a[y]);
    num_add(pv, pv, &discounted[y]);
  }
}
