/* test_territory.c — départements from commune codes (Corsica, overseas) and the 2016
 * régions of départements. */
#include "territory.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dep(const char *commune) {
  static char out[4];
  return territory_departement(commune, strlen(commune), out) ? out : NULL;
}

START_TEST(t01_departement) {
  ck_assert_str_eq(dep("59350"), "59");
  ck_assert_str_eq(dep("01001"), "01");
  ck_assert_str_eq(dep("2A004"), "2A");
  ck_assert_str_eq(dep("2B033"), "2B");
  ck_assert_str_eq(dep("97101"), "971");
  ck_assert_str_eq(dep("97611"), "976");
  ck_assert_ptr_null(dep("5"));
}
END_TEST

START_TEST(t02_region) {
  ck_assert_str_eq(territory_region("59", 2), "32");
  ck_assert_str_eq(territory_region("75", 2), "11");
  ck_assert_str_eq(territory_region("2A", 2), "94");
  ck_assert_str_eq(territory_region("2B", 2), "94");
  ck_assert_str_eq(territory_region("971", 3), "01");
  ck_assert_str_eq(territory_region("976", 3), "06");
  ck_assert_str_eq(territory_region("974", 3), "04");
  ck_assert_ptr_null(territory_region("20", 2));      /* not a département since 1976 */
  ck_assert_ptr_null(territory_region("975", 3));     /* Saint-Pierre-et-Miquelon: no région */
  ck_assert_str_eq(territory_region_name("32"), "Hauts-de-France");
}
END_TEST

/* Every metropolitan département 01..95 (but 20) and 2A, 2B, 971..974, 976 has exactly one
 * région: 101 départements. */
START_TEST(t03_all_departements) {
  int n = 0;
  char d[4];
  for (int i = 1; i <= 95; i++) {
    if (i == 20) continue;
    snprintf(d, sizeof d, "%02d", i);
    ck_assert_msg(territory_region(d, 2) != NULL, "no région for %s", d);
    n++;
  }
  const char *more[] = {"2A", "2B", "971", "972", "973", "974", "976"};
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++, n++) ck_assert_ptr_nonnull(territory_region(more[i], strlen(more[i])));
  ck_assert_int_eq(n, 101);
}
END_TEST

START_TEST(t04_levels) {
  ck_assert_int_eq(territory_level("commune"), TERR_COMMUNE);
  ck_assert_int_eq(territory_level("département"), TERR_DEPARTEMENT);
  ck_assert_int_eq(territory_level("departement"), TERR_DEPARTEMENT);
  ck_assert_int_eq(territory_level("région"), TERR_REGION);
  ck_assert_int_eq(territory_level("zone"), TERR_OTHER);
}
END_TEST

int main(void) {
  Suite *s = suite_create("territory");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, t01_departement);
  tcase_add_test(tc, t02_region);
  tcase_add_test(tc, t03_all_departements);
  tcase_add_test(tc, t04_levels);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
