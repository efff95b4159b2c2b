/* test_intl.c — the language rule (French unless English is asked for), the French
 * catalogue found from a build tree, and dates as a person reads them. */
#include "intl.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static void clear_env(void) {
  unsetenv("LANGUAGE");
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
}

START_TEST(env_rule) {
  clear_env();
  ck_assert_int_eq(intl_env_lang(), INTL_FR);          /* nothing set: French */
  setenv("LANG", "C.UTF-8", 1);
  ck_assert_int_eq(intl_env_lang(), INTL_FR);          /* C is no language: French */
  setenv("LANG", "en_US.UTF-8", 1);
  ck_assert_int_eq(intl_env_lang(), INTL_EN);
  setenv("LC_MESSAGES", "fr_FR.UTF-8", 1);             /* LC_MESSAGES before LANG */
  ck_assert_int_eq(intl_env_lang(), INTL_FR);
  setenv("LC_ALL", "en_GB", 1);                        /* LC_ALL before LC_MESSAGES */
  ck_assert_int_eq(intl_env_lang(), INTL_EN);
  setenv("LC_ALL", "", 1);                             /* empty counts as unset */
  ck_assert_int_eq(intl_env_lang(), INTL_FR);
  setenv("LANGUAGE", "en:fr", 1);                      /* LANGUAGE first, its first entry */
  ck_assert_int_eq(intl_env_lang(), INTL_EN);
  setenv("LANGUAGE", "fr_BE:en", 1);
  setenv("LC_ALL", "en_US.UTF-8", 1);
  ck_assert_int_eq(intl_env_lang(), INTL_FR);
  setenv("LANGUAGE", "de", 1);                         /* another language: French */
  ck_assert_int_eq(intl_env_lang(), INTL_FR);
}
END_TEST

START_TEST(lookup) {
  IntlLang l = INTL_FR;
  ck_assert(intl_lang_lookup("en", &l) && l == INTL_EN);
  ck_assert(intl_lang_lookup("fr_FR.UTF-8", &l) && l == INTL_FR);
  ck_assert(intl_lang_lookup("C", &l) && l == INTL_EN);
  ck_assert(intl_lang_lookup("POSIX", &l) && l == INTL_EN);
  l = INTL_FR;
  ck_assert(!intl_lang_lookup("de", &l) && l == INTL_FR);
  ck_assert(!intl_lang_lookup("", &l));
}
END_TEST

/* French whatever the machine's locales: the test runs under C (no fr_FR generated). */
START_TEST(catalogue) {
  clear_env();
  setenv("LC_ALL", "C", 1);
  intl_init(INTL_EN);
  ck_assert(!intl_french());
  ck_assert_str_eq(_("Costs"), "Costs");
  intl_init(INTL_FR);
  ck_assert(intl_french());
  ck_assert_str_eq(_("Costs"), "Coûts");
  ck_assert_str_eq(_("present value"), "valeur actualisée");
  intl_init(INTL_EN);
  ck_assert_str_eq(_("Costs"), "Costs");
}
END_TEST

START_TEST(dates) {
  char b[64];
  intl_init(INTL_EN);
  ck_assert_int_eq(intl_date_form(INTL_DATE_LONG), INTL_DATE_ISO);
  ck_assert_str_eq(intl_date(b, sizeof b, "2024-12-31", INTL_DATE_ISO), "2024-12-31");
  intl_init(INTL_FR);
  ck_assert_int_eq(intl_date_form(INTL_DATE_LONG), INTL_DATE_LONG);
  ck_assert_str_eq(intl_date(b, sizeof b, "2024-12-31", INTL_DATE_SHORT), "31/12/2024");
  ck_assert_str_eq(intl_date(b, sizeof b, "2024-12-31", INTL_DATE_LONG), "31 décembre 2024");
  ck_assert_str_eq(intl_date(b, sizeof b, "2025-01-01", INTL_DATE_LONG), "1er janvier 2025");
  ck_assert_str_eq(intl_date(b, sizeof b, "2025-08-05", INTL_DATE_SHORT), "05/08/2025");
  ck_assert_str_eq(intl_date(b, sizeof b, "2025-13-05", INTL_DATE_SHORT), "2025-13-05");   /* not a date: as is */
  ck_assert_str_eq(intl_date(b, sizeof b, "2025-1-5", INTL_DATE_SHORT), "2025-1-5");
  ck_assert_str_eq(intl_date(b, sizeof b, NULL, INTL_DATE_SHORT), "");
  ck_assert_str_eq(intl_date(b, 6, "2024-12-31", INTL_DATE_SHORT), "31/12");   /* truncated, terminated */
}
END_TEST

int main(void) {
  Suite *s = suite_create("intl");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, env_rule);
  tcase_add_test(tc, lookup);
  tcase_add_test(tc, catalogue);
  tcase_add_test(tc, dates);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
