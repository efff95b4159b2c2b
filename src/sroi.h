/* sroi.h — the SROI arithmetic, exactly, under the conventions an analysis declares: the
 * value stream of one outcome over its timeline, discount factors, and the present value of
 * costs spread over years. Pure arithmetic on exact Nums (no plan, no results): the
 * evaluator (compute_sroi.c, compute_bilan.c), explain and the unit tests call it.
 *
 * Timeline of an outcome (the SROI value map's columns):
 *   period P ≥ 1           the activity's years (1 by default);
 *   start b ≥ 1            the year of its first value (1: the year of the activity);
 *   cohorts                one cohort of Q each year c = 1…P of the period (else one, c = 1);
 *   duration N ≥ 1         each cohort lasts N years from its start s = c + b − 1, or
 *   after A ≥ 1            it lasts from s to the end of year P + A (beyond the period).
 * Per year y: flow(y) = Σ_cohorts Q × P × F × level(y), with the filters
 *   F = (1 − d)(1 − s)(1 − a)   multiplicative (default), or 1 − d − s − a (additive),
 * and drop-off o applied from the cohort's second year, level = (1 − o)^(y − s), or only
 * after the end of the period, level = (1 − o)^(y − max(P, s)) beyond it and 1 before.
 * Discounting: PV = Σ flow(y) × D(t), t = y (year 1 discounted, the default) or y − 1 (year 0
 * not discounted); D(t) = 1 / (1 + r)^t for a constant rate, Π_{k=1..t} 1 / (1 + r_k) for the
 * Green Book's declining schedule (3.5 % up to year 30, 3 % to 75, 2.5 % to 125, 2 % to 200,
 * 1.5 % to 300, 1 % beyond), 1 without discounting.
 *
 * Ownership: every function borrows its inputs and writes into Nums the caller has
 * initialised and owns (num.h). */
#ifndef PVS_SROI_H
#define PVS_SROI_H
#include "num.h"

/* The rates of a valuation, in this order. */
enum { R_DEADWEIGHT, R_ATTRIBUTION, R_DISPLACEMENT, R_DROP_OFF, R_RATE, R__COUNT };

enum { SROI_YEARS_MAX = 200 };   /* the longest stream (and cost schedule) computed */

typedef enum SroiDiscount {
  SROI_DISC_OWN,       /* each valuation at its own rate; costs not discounted (the default) */
  SROI_DISC_RATE,      /* one constant rate for every valuation and cost */
  SROI_DISC_NONE,      /* no discounting */
  SROI_DISC_GREEN_BOOK,/* HM Treasury's declining schedule */
  SROI_DISC_FRANCE_STRATEGIE /* 1.2 % + β × 2 %, a constant rate (in `rate`) */
} SroiDiscount;

typedef struct SroiConv {
  SroiDiscount discount;
  Num rate;                  /* SROI_DISC_RATE and _FRANCE_STRATEGIE: the rate */
  bool year0;                /* the first year is not discounted (t = y − 1) */
  bool additive;             /* filters 1 − d − s − a */
  bool dropoff_after_period; /* drop-off only beyond the end of the period */
} SroiConv;

typedef struct SroiTimeline {
  int period, start;         /* ≥ 1 */
  bool cohorts;
  int duration;              /* ≥ 1, or 0 when `after` gives the end */
  int after;                 /* years beyond the period (when duration is 0) */
} SroiTimeline;

/* The default conventions (own rates, year 1 discounted, multiplicative, drop-off from the
 * second year) and timeline (one year's activity, one cohort from year 1, `years` long).
 * sroi_conv_clear releases c->rate. */
void sroi_conv_default(SroiConv *c);
void sroi_conv_clear(SroiConv *c);
SroiTimeline sroi_timeline_default(int years);

/* The cohorts of t (P with yearly cohorts, else 1); cohort c's (1-based) first and last year;
 * the years of drop-off applied in year y of cohort c under c's conventions. */
int sroi_cohorts(const SroiTimeline *t);
void sroi_cohort_span(const SroiTimeline *t, int c, int *first, int *last);
long sroi_dropoff_years(const SroiTimeline *t, const SroiConv *c, int first, int y);

/* The number of years the stream of t spans (its last year with a value), 0 when no cohort
 * has a year (it starts after it ends). */
int sroi_years(const SroiTimeline *t);

/* The number of cohort-years of t: Σ over its cohorts of the years each lasts (the count of
 * Q × P its gross value adds up). */
int sroi_cohort_years(const SroiTimeline *t);

/* The filters' factor F of rate[] (R_* order) into *f; false when additive filters add up
 * to more than 100 % (*f is then negative). */
bool sroi_filters(const Num rate[R__COUNT], bool additive, Num *f);

/* The Green Book rate of year k (the step from year k − 1 to k) into *r. */
void sroi_green_book_rate(long k, Num *r);

/* France Stratégie's rate (2021): 1.2 % + β × 2 %, into *r. */
void sroi_france_strategie(const Num *beta, Num *r);

/* D(t(y)) for y = 1…n into out[0…n): the discount factor of each year of a stream under c;
 * own_rate is the valuation's rate (SROI_DISC_OWN), NULL for a cost (not discounted then). */
void sroi_factors(const SroiConv *c, const Num *own_rate, int n, Num *out);

/* The stream of one outcome: flows[0…n) (undiscounted), discounted[0…n) and *pv = their
 * sum, where n = sroi_years(t) (the caller sizes the arrays). False when additive filters
 * exceed 100 % (nothing written). */
bool sroi_stream(const Num *q, const Num *proxy, const Num rate[R__COUNT], const SroiTimeline *t,
                 const SroiConv *c, Num *flows, Num *discounted, Num *pv);

/* Costs a[0…n) of years 1…n under c: discounted[0…n) and *pv. */
void sroi_costs(const SroiConv *c, const Num *a, int n, Num *discounted, Num *pv);
#endif
