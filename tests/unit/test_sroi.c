/* test_sroi.c — the SROI arithmetic (ev_sroi) against a direct evaluation of the brief's
 * formulas, term by term in closed form, on random exact inputs:
 *   PV = Σ_{n=1..N} Q·P·(1−d)(1−s)(1−a)·(1−o)^(n−1) / (1+r)^n
 * plus the brief's worked example and FACTS §1.5's constructed check values. */
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

int main(void) {
  Suite *s = suite_create("sroi");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, t01_brief);
  tcase_add_test(tc, t02_facts);
  tcase_add_test(tc, t03_random);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
