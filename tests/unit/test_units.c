/* test_units.c — the unit algebra: canonical printing, cancellation, % and € = EUR. */
#include "units.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static const char *show(Unit u) {
  static char buf[128];
  units_snprint(buf, sizeof buf, &u);
  return buf;
}
static Unit U(const char *a, int e) { return units_atom(a, e); }

START_TEST(canonical_order) {
  Unit u = units_div(units_div(U("mois", 1), U("m2", 1)), U("mois", 1));   /* 1/m2 */
  ck_assert_str_eq(show(u), "1/m2");
  u = units_div(units_div(U("€", 1), U("mois", 1)), U("m2", 1));
  ck_assert_str_eq(show(u), "€/m2/mois");
  u = units_mul(U("logement", 1), U("€", 1));
  ck_assert_str_eq(show(u), "€*logement");
  ck_assert_str_eq(show(units_mul(U("m2", 1), U("m2", 1))), "m2^2");
  ck_assert_str_eq(show(units_div(U("€", 1), units_mul(U("an", 1), U("ménage", 1)))), "€/ménage/an");
}
END_TEST

START_TEST(cancellation) {
  Unit a = units_div(U("€", 1), U("ménage", 1));
  Unit r = units_mul(a, U("ménage", 1));
  Unit e = U("€", 1);
  ck_assert(units_equal(&r, &e));
  ck_assert_str_eq(show(r), "€");
  Unit m = units_mul(units_div(U("€", 1), U("mois", 1)), units_div(U("mois", 1), U("an", 1)));
  ck_assert_str_eq(show(m), "€/an");
  Unit z = units_div(U("logement", 1), U("logement", 1));
  ck_assert(units_dimensionless(&z));
  ck_assert_str_eq(show(units_pow(U("m2", 1), -2)), "1/m2^2");
}
END_TEST

START_TEST(percent_dimensionless) {
  Unit p = U("%", 1), none = units_none();
  ck_assert(units_dimensionless(&p));
  ck_assert(units_equal(&p, &none));
  ck_assert(p.percent);
  ck_assert_str_eq(show(p), "%");
  Unit ratio = units_div(U("logement", 1), U("logement", 1));
  ck_assert(units_equal(&ratio, &p));
  Unit q = units_mul(U("€", 1), p);
  Unit e = U("€", 1);
  ck_assert(units_equal(&q, &e));
  ck_assert(!q.percent);
  ck_assert(units_mul(p, none).percent);
}
END_TEST

START_TEST(euro_spellings) {
  Unit a = U("EUR", 1), b = U("€", 1);
  ck_assert(units_equal(&a, &b));
  ck_assert_str_eq(show(a), "€");
  ck_assert(units_builtin("EUR") && units_builtin("jour") && !units_builtin("m2"));
  char buf[64];
  Unit none = units_none();
  ck_assert_str_eq(units_describe(&none, buf, sizeof buf), "a plain number");
}
END_TEST

/* Reports show m2, m3 (and km2, cm3…) as m², m³; nothing else changes; too small a buffer
 * gives the text unchanged (cut), never a half-converted one. */
START_TEST(display_squares) {
  static const char *const cases[][2] = {
      {"m2", "m²"}, {"m3", "m³"}, {"€/m2/mois", "€/m²/mois"}, {"logement/km2", "logement/km²"},
      {"m2*m3", "m²*m³"}, {"cm3", "cm³"}, {"m2x", "m2x"}, {"xm2", "xm2"}, {"m", "m"}, {"m4", "m4"},
      {"mm", "mm"}, {"m2^2", "m²^2"}, {"", ""}, {"am2", "am2"}, {"€/m", "€/m"},
  };
  char buf[64];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    ck_assert_str_eq(units_display(buf, sizeof buf, cases[i][0]), cases[i][1]);
  char small[4];
  ck_assert_str_eq(units_display(small, sizeof small, "€/m2"), "\xE2\x82\xAC");   /* "€/m2" cut to 3 bytes */
}
END_TEST

int main(void) {
  Suite *s = suite_create("units");
  TCase *tc = tcase_create("algebra");
  tcase_add_test(tc, canonical_order);
  tcase_add_test(tc, cancellation);
  tcase_add_test(tc, percent_dimensionless);
  tcase_add_test(tc, euro_spellings);
  tcase_add_test(tc, display_squares);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
