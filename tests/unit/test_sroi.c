/* test_sroi.c — the SROI arithmetic (ev_sroi, sroi_stream, sroi_costs) against a direct
 * evaluation of the formulas, term by term in closed form, on random exact inputs:
 *   PV = Σ_{n=1..N} Q·P·(1−d)(1−s)(1−a)·(1−o)^(n−1) / (1+r)^n
 * and, under every declared convention and timeline (doc/methode-sroi.md),
 *   PV = Σ_cohorts Σ_years Q·P·F·(1−o)^k·D(t)
 * with F multiplicative or additive, k counted from the cohort's start or from the end of the
 * period, t = y or y − 1, and D the constant rate's, none, France Stratégie's or the Green
 * Book's — the last as a product of whole bands (1.035^−min(t,30) × 1.03^−…), not year by
 * year as sroi.c does; plus the brief's worked example, FACTS §1.5's constructed values and
 * the hand-computed values of doc/methode-sroi.md. */
#include "eval_int.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static void set_dec(Num *n, const char *text) { ck_assert(num_parse_literal(n, text)); }

static void fmt(char *buf, size_t cap, const Num *n) { num_fmt_exact(buf, cap, n); }

/* The closed form of one year's discounted impact: no iteration, powers computed afresh. */
static void direct_term(const Num *q, const Num *p, const Num rate[R__COUNT], int n, Num *out) {
  Num one, x, t, pw;
  num_init(&one); num_init(&x); num_init(&t); num_init(&pw);
  num_set_long(&one, 1);
  num_mul(&x, q, p);
  int order[3] = {R_DEADWEIGHT, R_DISPLACEMENT, R_ATTRIBUTION};
  for (int i = 0; i < 3; i++) { num_sub(&t, &one, &rate[order[i]]); num_mul(&x, &x, &t); }
  num_sub(&t, &one, &rate[R_DROP_OFF]);
  num_pow(&pw, &t, n - 1);
  num_mul(&x, &x, &pw);
  num_add(&t, &one, &rate[R_RATE]);
  num_pow(&pw, &t, n);
  ck_assert(num_div(out, &x, &pw));
  num_clear(&one); num_clear(&x); num_clear(&t); num_clear(&pw);
}

static void run(const char *q_s, const char *p_s, const char *rates[R__COUNT], int years, const char *pv_expect) {
  Num q, p, rate[R__COUNT], pv, direct, term, impact[50], disc[50];
  num_init(&q); num_init(&p); num_init(&pv); num_init(&direct); num_init(&term);
  set_dec(&q, q_s);
  set_dec(&p, p_s);
  for (int r = 0; r < R__COUNT; r++) { num_init(&rate[r]); set_dec(&rate[r], rates[r]); }
  for (int y = 0; y < years; y++) { num_init(&impact[y]); num_init(&disc[y]); }
  ev_sroi(&q, &p, rate, years, impact, disc, &pv);
  for (int n = 1; n <= years; n++) {
    direct_term(&q, &p, rate, n, &term);
    ck_assert_int_eq(num_cmp(&term, &disc[n - 1]), 0);
    num_add(&direct, &direct, &term);
  }
  ck_assert_int_eq(num_cmp(&direct, &pv), 0);
  if (pv_expect) {
    char buf[256];
    fmt(buf, sizeof buf, &pv);
    ck_assert_str_eq(buf, pv_expect);
  }
  num_clear(&q); num_clear(&p); num_clear(&pv); num_clear(&direct); num_clear(&term);
  for (int r = 0; r < R__COUNT; r++) num_clear(&rate[r]);
  for (int y = 0; y < years; y++) { num_clear(&impact[y]); num_clear(&disc[y]); }
}

/* The brief's example: Q = 3 × 25 %, proxy 14 200 €, deadweight 20 %, attribution 30 %,
 * displacement 0 %, drop-off 10 %, 3 years at 3.5 %: PV = 184088800/12167. */
START_TEST(t01_brief) {
  const char *rates[R__COUNT] = {"0.2", "0.3", "0", "0.1", "0.035"};
  run("0.75", "14200", rates, 3, "184088800/12167");
}
END_TEST

/* FACTS.md §1.5 (constructed): Q 100, P 1 000, DW 25 %, DS 10 %, AT 20 %, DO 10 %, 3 years,
 * r 3.5 %: impacts 54 000, 48 600, 43 740; PV 136 993.507027… */
START_TEST(t02_facts) {
  const char *rates[R__COUNT] = {"0.25", "0.2", "0.1", "0.1", "0.035"};
  Num q, p, rate[R__COUNT], pv, impact[3], disc[3];
  num_init(&q); num_init(&p); num_init(&pv);
  set_dec(&q, "100"); set_dec(&p, "1000");
  for (int r = 0; r < R__COUNT; r++) { num_init(&rate[r]); set_dec(&rate[r], rates[r]); }
  for (int y = 0; y < 3; y++) { num_init(&impact[y]); num_init(&disc[y]); }
  ev_sroi(&q, &p, rate, 3, impact, disc, &pv);
  char buf[64];
  const char *want[3] = {"54000", "48600", "43740"};
  for (int y = 0; y < 3; y++) { fmt(buf, sizeof buf, &impact[y]); ck_assert_str_eq(buf, want[y]); }
  num_fmt_fixed(buf, sizeof buf, &pv, 2, NUM_HALF_UP);
  ck_assert_str_eq(buf, "136993.51");
  num_clear(&q); num_clear(&p); num_clear(&pv);
  for (int r = 0; r < R__COUNT; r++) num_clear(&rate[r]);
  for (int y = 0; y < 3; y++) { num_clear(&impact[y]); num_clear(&disc[y]); }
}
END_TEST

/* Random exact inputs: quantities and proxies with 0–3 decimals, percentages in whole and
 * half percents, durations 1–12 years. */
START_TEST(t03_random) {
  unsigned seed = 12345;
  for (int it = 0; it < 400; it++) {
    char q[32], p[32], r[R__COUNT][16];
    const char *rates[R__COUNT];
    seed = seed * 1103515245u + 12345u;
    snprintf(q, sizeof q, "%u.%03u", (seed >> 8) % 5000, (seed >> 3) % 1000);
    seed = seed * 1103515245u + 12345u;
    snprintf(p, sizeof p, "%u.%02u", (seed >> 8) % 100000, (seed >> 4) % 100);
    for (int k = 0; k < R__COUNT; k++) {
      seed = seed * 1103515245u + 12345u;
      unsigned half = (seed >> 9) % 201;      /* 0 .. 100 %, in half percents */
      snprintf(r[k], sizeof r[k], "0.%03u", half * 5);
      if (half == 200) snprintf(r[k], sizeof r[k], "1");
      rates[k] = r[k];
    }
    seed = seed * 1103515245u + 12345u;
    run(q, p, rates, 1 + (int)((seed >> 10) % 12), NULL);
  }
}
END_TEST

/* ---- conventions and timelines -------------------------------------------------------- */
static void frac(Num *n, long p, long q) { num_set_frac(n, p, q); }

/* (1 + r)^−n, from a power. */
static void inv_pow(Num *out, const Num *r, long n) {
  Num one = NUM_INIT, b = NUM_INIT, pw = NUM_INIT;
  num_set_long(&one, 1);
  num_add(&b, &one, r);
  num_pow(&pw, &b, n);
  ck_assert(num_div(out, &one, &pw));
  num_clear(&one); num_clear(&b); num_clear(&pw);
}

/* The Green Book's D(t), band by band. */
static void gb_closed(Num *out, long t) {
  static const long lo[] = {0, 30, 75, 125, 200, 300}, hi[] = {30, 75, 125, 200, 300, 1000000}, pm[] = {35, 30, 25, 20, 15, 10};
  Num r = NUM_INIT, x = NUM_INIT;
  num_set_long(out, 1);
  for (int b = 0; b < 6; b++) {
    long n = (t < hi[b] ? t : hi[b]) - lo[b];
    if (n <= 0) continue;
    frac(&r, pm[b], 1000);
    inv_pow(&x, &r, n);
    num_mul(out, out, &x);
  }
  num_clear(&r); num_clear(&x);
}

static void d_closed(const SroiConv *c, const Num *own, long t, Num *out) {
  if (c->discount == SROI_DISC_NONE) num_set_long(out, 1);
  else if (c->discount == SROI_DISC_GREEN_BOOK) gb_closed(out, t);
  else inv_pow(out, c->discount == SROI_DISC_OWN ? own : &c->rate, t);
}

/* Σ over cohorts and years, each term computed afresh. */
static void stream_closed(const Num *q, const Num *p, const Num rate[R__COUNT], const SroiTimeline *t, const SroiConv *c,
                          Num *pv) {
  Num f = NUM_INIT, one = NUM_INIT, x = NUM_INIT, keep = NUM_INIT, lv = NUM_INIT, d = NUM_INIT;
  num_set_long(&one, 1);
  num_set_long(pv, 0);
  if (c->additive) {
    num_sub(&f, &one, &rate[R_DEADWEIGHT]); num_sub(&f, &f, &rate[R_DISPLACEMENT]); num_sub(&f, &f, &rate[R_ATTRIBUTION]);
  } else {
    num_sub(&f, &one, &rate[R_DEADWEIGHT]);
    num_sub(&x, &one, &rate[R_DISPLACEMENT]); num_mul(&f, &f, &x);
    num_sub(&x, &one, &rate[R_ATTRIBUTION]); num_mul(&f, &f, &x);
  }
  num_sub(&keep, &one, &rate[R_DROP_OFF]);
  for (int k = 1; k <= (t->cohorts ? t->period : 1); k++) {
    long first = k + t->start - 1, last = t->duration ? first + t->duration - 1 : t->period + t->after;
    for (long y = first; y <= last; y++) {
      long from = first > t->period ? first : t->period;
      long drop = c->dropoff_after_period ? (y > from ? y - from : 0) : y - first;
      num_pow(&lv, &keep, drop);
      d_closed(c, &rate[R_RATE], c->year0 ? y - 1 : y, &d);
      num_mul(&x, q, p); num_mul(&x, &x, &f); num_mul(&x, &x, &lv); num_mul(&x, &x, &d);
      num_add(pv, pv, &x);
    }
  }
  num_clear(&f); num_clear(&one); num_clear(&x); num_clear(&keep); num_clear(&lv); num_clear(&d);
}

static unsigned next(unsigned *seed, unsigned n) { *seed = *seed * 1103515245u + 12345u; return (*seed >> 8) % n; }

/* Random timelines and conventions: sroi_stream's PV (and the sum of its yearly values) is the
 * closed form's. */
START_TEST(t04_conventions_random) {
  unsigned seed = 2024;
  for (int it = 0; it < 300; it++) {
    Num q = NUM_INIT, p = NUM_INIT, rate[R__COUNT], pv = NUM_INIT, direct = NUM_INIT, sum = NUM_INIT, flows[SROI_YEARS_MAX],
        disc[SROI_YEARS_MAX];
    for (int r = 0; r < R__COUNT; r++) { num_init(&rate[r]); frac(&rate[r], next(&seed, 41), 100); }
    frac(&rate[R_RATE], next(&seed, 60), 1000);
    frac(&q, 1 + next(&seed, 500), 1 + next(&seed, 4));
    frac(&p, 1 + next(&seed, 5000), 10);
    SroiTimeline t = {.period = 1 + next(&seed, 4), .start = 1 + next(&seed, 3), .cohorts = next(&seed, 2)};
    if (next(&seed, 3)) t.duration = next(&seed, 8) ? 1 + next(&seed, 5) : 25 + next(&seed, 60);
    else t.after = 1 + next(&seed, 3) + (t.start > t.period ? t.start - t.period : 0);
    SroiConv c;
    sroi_conv_default(&c);
    c.discount = (SroiDiscount)next(&seed, 5);
    frac(&c.rate, next(&seed, 50), 1000);
    if (c.discount == SROI_DISC_FRANCE_STRATEGIE) {
      Num beta = NUM_INIT;
      frac(&beta, (long)next(&seed, 30) - 5, 10);
      sroi_france_strategie(&beta, &c.rate);
      num_clear(&beta);
    }
    c.year0 = next(&seed, 2);
    c.additive = next(&seed, 2);
    c.dropoff_after_period = next(&seed, 2);
    int n = sroi_years(&t);
    ck_assert(n >= 1 && n <= SROI_YEARS_MAX);
    for (int y = 0; y < n; y++) { num_init(&flows[y]); num_init(&disc[y]); }
    bool ok = sroi_stream(&q, &p, rate, &t, &c, flows, disc, &pv);
    Num add = NUM_INIT;
    ck_assert_int_eq(ok, sroi_filters(rate, c.additive, &add));   /* refused exactly when 1 − d − s − a < 0 */
    num_clear(&add);
    if (ok) {
      stream_closed(&q, &p, rate, &t, &c, &direct);
      ck_assert_int_eq(num_cmp(&direct, &pv), 0);
      num_sum(&sum, disc, (size_t)n);
      ck_assert_int_eq(num_cmp(&sum, &pv), 0);
    }
    for (int y = 0; y < n; y++) { num_clear(&flows[y]); num_clear(&disc[y]); }
    for (int r = 0; r < R__COUNT; r++) num_clear(&rate[r]);
    num_clear(&q); num_clear(&p); num_clear(&pv); num_clear(&direct); num_clear(&sum);
    sroi_conv_clear(&c);
  }
}
END_TEST

/* The worked examples of doc/methode-sroi.md § 4–6, computed by hand there. */
static void check_pv(const SroiTimeline *t, const SroiConv *c, const char *rates[R__COUNT], const char *want) {
  Num q = NUM_INIT, p = NUM_INIT, rate[R__COUNT], pv = NUM_INIT, flows[SROI_YEARS_MAX], disc[SROI_YEARS_MAX];
  set_dec(&q, "100");
  set_dec(&p, "1000");
  for (int r = 0; r < R__COUNT; r++) { num_init(&rate[r]); set_dec(&rate[r], rates[r]); }
  int n = sroi_years(t);
  for (int y = 0; y < n; y++) { num_init(&flows[y]); num_init(&disc[y]); }
  ck_assert(sroi_stream(&q, &p, rate, t, c, flows, disc, &pv));
  char buf[128];
  fmt(buf, sizeof buf, &pv);
  ck_assert_str_eq(buf, want);
  for (int y = 0; y < n; y++) { num_clear(&flows[y]); num_clear(&disc[y]); }
  for (int r = 0; r < R__COUNT; r++) num_clear(&rate[r]);
  num_clear(&q); num_clear(&p); num_clear(&pv);
}

START_TEST(t05_doc_examples) {
  const char *rates[R__COUNT] = {"0.25", "0.2", "0.1", "0.1", "0.035"};
  SroiTimeline three = sroi_timeline_default(3);
  SroiConv c;
  sroi_conv_default(&c);
  check_pv(&three, &c, rates, "1666800000/12167");               /* § 3: the default */
  c.year0 = true;
  check_pv(&three, &c, rates, "75006000/529");                    /* § 4.3: year 0 not discounted */
  c.discount = SROI_DISC_GREEN_BOOK;
  check_pv(&three, &c, rates, "75006000/529");                    /* § 4.4: 3.5 % up to year 30 */
  c.year0 = false;
  c.discount = SROI_DISC_NONE;
  check_pv(&three, &c, rates, "146340");                          /* § 4.6 */
  c.additive = true;
  check_pv(&three, &c, rates, "121950");                          /* § 4.7 */
  c.additive = false;
  c.discount = SROI_DISC_OWN;
  c.additive = true;
  check_pv(&three, &c, rates, "1389000000/12167");                /* § 4.7, at 3.5 % */
  c.additive = false;
  SroiTimeline later = {.period = 1, .start = 2, .duration = 3};
  check_pv(&later, &c, rates, "37040000000/279841");              /* § 5.2: début: 2 */
  c.discount = SROI_DISC_NONE;
  SroiTimeline after = {.period = 2, .start = 1, .after = 2};
  check_pv(&after, &c, rates, "185706");                          /* § 5.4 */
  c.dropoff_after_period = true;
  check_pv(&after, &c, rates, "200340");                          /* § 4.8 */
  c.dropoff_after_period = false;
  SroiTimeline cohorts = {.period = 3, .start = 1, .cohorts = true, .duration = 2};
  check_pv(&cohorts, &c, rates, "307800");                        /* § 5.3 */
  Num beta = NUM_INIT;
  set_dec(&beta, "1");
  c.discount = SROI_DISC_FRANCE_STRATEGIE;
  sroi_france_strategie(&beta, &c.rate);
  check_pv(&three, &c, rates, "10952437500/79507");               /* § 4.5: 3.2 % */
  num_clear(&beta);
  sroi_conv_clear(&c);
}
END_TEST

/* Costs over years (§ 6): 100 000 €, then 60 000 € and 50 000 € at 3.5 %, year 0 not discounted. */
START_TEST(t06_costs) {
  SroiConv c;
  sroi_conv_default(&c);
  Num a[2], d[2], pv = NUM_INIT;
  for (int i = 0; i < 2; i++) { num_init(&a[i]); num_init(&d[i]); }
  set_dec(&a[0], "60000");
  set_dec(&a[1], "50000");
  sroi_costs(&c, a, 2, d, &pv);   /* the default: costs not discounted */
  char buf[64];
  fmt(buf, sizeof buf, &pv);
  ck_assert_str_eq(buf, "110000");
  c.discount = SROI_DISC_RATE;
  set_dec(&c.rate, "0.035");
  c.year0 = true;
  sroi_costs(&c, a, 2, d, &pv);
  fmt(buf, sizeof buf, &pv);
  ck_assert_str_eq(buf, "22420000/207");   /* 60 000 + 50 000 / 1.035 = 108 309.18… */
  c.discount = SROI_DISC_GREEN_BOOK;
  Num x = NUM_INIT, f[40];
  for (int i = 0; i < 40; i++) num_init(&f[i]);
  sroi_factors(&c, NULL, 40, f);   /* year y → t = y − 1 */
  fmt(buf, sizeof buf, &f[1]);
  ck_assert_str_eq(buf, "200/207");
  for (int t = 0; t < 40; t++) {   /* across the band's edge: year 31 at 3 % */
    gb_closed(&x, t);
    ck_assert_int_eq(num_cmp(&x, &f[t]), 0);
  }
  for (int i = 0; i < 40; i++) num_clear(&f[i]);
  sroi_green_book_rate(31, &pv);
  fmt(buf, sizeof buf, &pv);
  ck_assert_str_eq(buf, "0.03");
  sroi_green_book_rate(30, &pv);
  fmt(buf, sizeof buf, &pv);
  ck_assert_str_eq(buf, "0.035");
  num_clear(&x);
  for (int i = 0; i < 2; i++) { num_clear(&a[i]); num_clear(&d[i]); }
  num_clear(&pv);
  sroi_conv_clear(&c);
}
END_TEST

int main(void) {
  Suite *s = suite_create("sroi");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, t01_brief);
  tcase_add_test(tc, t02_facts);
  tcase_add_test(tc, t03_random);
  tcase_add_test(tc, t04_conventions_random);
  tcase_add_test(tc, t05_doc_examples);
  tcase_add_test(tc, t06_costs);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
