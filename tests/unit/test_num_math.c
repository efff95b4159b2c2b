/* test_num_math.c — Check suite for num_math.c: n-th roots and Student's t quantiles, each
 * correctly rounded (half away from zero) to the decimals asked. The expected values come
 * from an independent implementation, mpmath at 90 significant digits rounded with Python's
 * decimal ROUND_HALF_UP: tests/unit/num_math_reference.py prints these tables again. */
#include "num.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static char buf[512];

static Num lit(const char *s) {
  Num n = NUM_INIT;
  ck_assert_msg(num_parse_literal(&n, s), "literal %s", s);
  return n;
}

static const char *fixed(const Num *a, int d) {
  num_fmt_fixed(buf, sizeof buf, a, d, NUM_HALF_UP);
  return buf;
}

/* {a, n, decimals, a^(1/n) rounded} */
static const struct { const char *a; unsigned long n; int d; const char *want; } roots[] = {
    {"2", 2, 30, "1.414213562373095048801688724210"},
    {"10", 3, 25, "2.1544346900318837217592936"},
    {"0.333333333333333333333333333333", 5, 20, "0.80274156176023068210"},
    {"1234567.891", 2, 12, "1111.111106505556"},
    {"6.25", 2, 0, "3"},
    {"0.0625", 2, 1, "0.3"},
    {"2.25", 2, 1, "1.5"},
    {"0", 2, 5, "0.00000"},
    {"1000000", 3, 3, "100.000"},
};

START_TEST(t01_roots) {
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    Num a = lit(roots[i].a), r = NUM_INIT;
    ck_assert(num_root(&r, &a, roots[i].n, roots[i].d));
    ck_assert_msg(!strcmp(fixed(&r, roots[i].d), roots[i].want), "root %lu of %s: %s, want %s", roots[i].n, roots[i].a,
                  buf, roots[i].want);
    num_clear(&a);
    num_clear(&r);
  }
}
END_TEST

START_TEST(t02_root_ties_and_errors) {
  Num a = NUM_INIT, r = NUM_INIT;
  num_set_frac(&a, 1, 4);                        /* √(1/4) = 0.5 exactly: rounds away to 1 */
  ck_assert(num_sqrt(&r, &a, 0));
  ck_assert_str_eq(fixed(&r, 0), "1");
  ck_assert(num_sqrt(&r, &a, 1));
  ck_assert_str_eq(fixed(&r, 1), "0.5");
  num_set_long(&a, -4);
  num_set_long(&r, 7);
  ck_assert(!num_sqrt(&r, &a, 2));              /* no root of a negative number; r untouched */
  ck_assert_str_eq(fixed(&r, 0), "7");
  ck_assert(!num_root(&r, &a, 0, 2));
  num_set_long(&a, 4);
  ck_assert(num_sqrt(&r, &a, 40));              /* a perfect square stays exact */
  ck_assert(num_is_integer(&r));
  ck_assert_str_eq(fixed(&r, 0), "2");
  num_clear(&a);
  num_clear(&r);
}
END_TEST

/* {level, df, decimals, t such that P(|T| <= t) = level, rounded} */
static const struct { const char *level; long df; int d; const char *want; } quantiles[] = {
    {"0.9", 1, 20, "6.31375151467504309898"},
    {"0.95", 2, 30, "4.302652729749463852320943892621"},
    {"0.99", 7, 25, "3.4994832973504939200842049"},
    {"0.95", 30, 20, "2.04227245630123830996"},
    {"0.9", 59, 18, "1.671093032103895014"},
    {"0.8", 120, 15, "1.288646233656378"},
    {"0.5", 1, 12, "1.000000000000"},
    {"0.999", 3, 10, "12.9239786367"},
    {"0.95", 600, 20, "1.96392562204272955048"},
};

START_TEST(t03_t_quantiles) {
  for (size_t i = 0; i < sizeof quantiles / sizeof quantiles[0]; i++) {
    Num l = lit(quantiles[i].level), r = NUM_INIT;
    ck_assert(num_t_quantile(&r, &l, quantiles[i].df, quantiles[i].d));
    ck_assert_msg(!strcmp(fixed(&r, quantiles[i].d), quantiles[i].want), "t(%s, %ld): %s, want %s", quantiles[i].level,
                  quantiles[i].df, buf, quantiles[i].want);
    num_clear(&l);
    num_clear(&r);
  }
}
END_TEST

START_TEST(t04_t_quantile_exact_tie) {
  /* ν = 2: P(|T| <= t) = t / √(2 + t²); at t = 1/2 that is 1/3 exactly, so the quantile of
   * 1/3 is 0.5 exactly: a tie at 0 decimals, which rounds away from zero */
  Num l = NUM_INIT, r = NUM_INIT;
  num_set_frac(&l, 1, 3);
  ck_assert(num_t_quantile(&r, &l, 2, 0));
  ck_assert_str_eq(fixed(&r, 0), "1");
  ck_assert(num_t_quantile(&r, &l, 2, 3));
  ck_assert_str_eq(fixed(&r, 3), "0.500");
  num_clear(&l);
  num_clear(&r);
}
END_TEST

START_TEST(t05_t_quantile_refuses) {
  Num l = NUM_INIT, r = NUM_INIT;
  num_set_long(&r, 7);
  num_set_long(&l, 1);
  ck_assert(!num_t_quantile(&r, &l, 10, 3));     /* a level of 100 % has no quantile */
  num_set_long(&l, 0);
  ck_assert(!num_t_quantile(&r, &l, 10, 3));
  num_set_frac(&l, 95, 100);
  ck_assert(!num_t_quantile(&r, &l, 0, 3));      /* no degree of freedom */
  ck_assert_str_eq(fixed(&r, 0), "7");
  num_clear(&l);
  num_clear(&r);
}
END_TEST

int main(void) {
  Suite *s = suite_create("num_math");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, t01_roots);
  tcase_add_test(tc, t02_root_ties_and_errors);
  tcase_add_test(tc, t03_t_quantiles);
  tcase_add_test(tc, t04_t_quantile_exact_tie);
  tcase_add_test(tc, t05_t_quantile_refuses);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
