/* test_xlsx.c — Check suite for the helpers of the Excel writer (out_xlsx.c): exact values
 * become the correctly rounded double (the expected doubles are Python's
 * float(Fraction(p, q)), as hex literals), cell references past Z and ZZ, and the number
 * formats. The workbooks themselves are checked by tests/xlsx/ (an independent reader, the
 * JSON, and recomputed formulas). Without libxlsxwriter the suite checks that the format is
 * reported unavailable. */
#include "out.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>

#ifdef PVS_HAVE_XLSX
#include "out_xlsx.h"

static double dbl(const char *p, const char *q) {
  Num a, b;
  num_init(&a); num_init(&b);
  ck_assert(num_parse_literal(&a, p));
  ck_assert(num_parse_literal(&b, q));
  ck_assert(num_div(&a, &a, &b));
  Xw x = {0};
  double v = xw_double(&x, &a);
  ck_assert_int_eq(x.err, 0);
  num_clear(&a); num_clear(&b);
  return v;
}

START_TEST(t01_nearest_double) {
  ck_assert(out_xlsx_available());
  ck_assert(dbl("184088800", "12167") == 0x1.d8d15fcc27fa2p+13);
  ck_assert(dbl("1", "3") == 0x1.5555555555555p-2);
  ck_assert(dbl("200000000000000000000", "3") == 0x1.ce97ca0f21055p+65);
  ck_assert(dbl("32873", "912525") == 0x1.271c430c49b6bp-5);
  ck_assert(dbl("1", "10") == 0.1);
  ck_assert(dbl("35", "1000") == 0.035);
  ck_assert(dbl("0", "7") == 0.0);
  Num a;
  num_init(&a);
  num_set_frac(&a, -4926051200, 12167);
  Xw x = {0};
  ck_assert(xw_double(&x, &a) == -0x1.8b6175019ec03p+18);
  num_clear(&a);
}
END_TEST

START_TEST(t02_references) {
  char buf[64];
  xw_ref(buf, sizeof buf, 0, 0, false); ck_assert_str_eq(buf, "A1");
  xw_ref(buf, sizeof buf, 11, 25, false); ck_assert_str_eq(buf, "Z12");
  xw_ref(buf, sizeof buf, 11, 26, true); ck_assert_str_eq(buf, "$AA$12");
  xw_ref(buf, sizeof buf, 0, 701, false); ck_assert_str_eq(buf, "ZZ1");
  xw_ref(buf, sizeof buf, 0, 702, false); ck_assert_str_eq(buf, "AAA1");
  XwSheet s = {.name = "Carte d'impact"};
  xw_sheet_ref(buf, sizeof buf, &s, 39, 3);
  ck_assert_str_eq(buf, "'Carte d''impact'!$D$40");
}
END_TEST

START_TEST(t03_formats) {
  char buf[96];
  Num a;
  num_init(&a);
  ck_assert_str_eq(xw_fmt_fixed(buf, sizeof buf, 0, NULL), "#,##0");
  ck_assert_str_eq(xw_fmt_fixed(buf, sizeof buf, 2, "€"), "#,##0.00 \"€\"");
  ck_assert_str_eq(xw_fmt_fixed(buf, sizeof buf, 1, "%"), "#,##0.0 \"%\"");
  ck_assert(num_parse_literal(&a, "3.5 %"));
  ck_assert_str_eq(xw_fmt_percent(buf, sizeof buf, &a), "0.0 %");
  ck_assert(num_parse_literal(&a, "70 %"));
  ck_assert_str_eq(xw_fmt_percent(buf, sizeof buf, &a), "0 %");
  num_clear(&a);
}
END_TEST

static void add_tests(TCase *tc) {
  tcase_add_test(tc, t01_nearest_double);
  tcase_add_test(tc, t02_references);
  tcase_add_test(tc, t03_formats);
}
#else
START_TEST(t00_unavailable) {
  ck_assert(!out_xlsx_available());
  ck_assert_int_eq(out_write(stdout, NULL, OUT_XLSX, NULL), ENOTSUP);
}
END_TEST

static void add_tests(TCase *tc) { tcase_add_test(tc, t00_unavailable); }
#endif

int main(void) {
  Suite *s = suite_create("xlsx");
  TCase *tc = tcase_create("core");
  add_tests(tc);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
