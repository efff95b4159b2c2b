/* test_pgsrc.c — Check suite of the PostgreSQL source's URL handling (pgsrc.c): what is a
 * PostgreSQL URL, and that what may be shown of it never holds its password. Reading rows
 * needs a server: tests/pg/reader.sh does that. Case ids (PG-nn) can be grepped. */
#include "pgsrc.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static void redacts(const char *url, const char *want) {
  char *got = pg_redact(url);
  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(pg01_is_url) {
  ck_assert(pg_is_url("postgresql://h/db?table=parc"));
  ck_assert(pg_is_url("postgres:///db?table=parc"));
  ck_assert(!pg_is_url("parc.csv"));
  ck_assert(!pg_is_url("/data/postgresql://x"));
  ck_assert(!pg_is_url("mysql://h/db"));
  ck_assert(!pg_is_url(NULL));
}
END_TEST

START_TEST(pg02_redact) {
  redacts("postgresql://h/db?table=parc", "postgresql://h/db?table=parc");
  redacts("postgresql://ana@h/db?table=parc", "postgresql://ana@h/db?table=parc");
  redacts("postgresql://ana:s3cr%40t@h:5433/db?table=parc", "postgresql://ana:***@h:5433/db?table=parc");
  redacts("postgresql:///db?host=/tmp&password=s3cr3t&table=parc", "postgresql:///db?host=/tmp&password=***&table=parc");
  redacts("postgres://a:b@h/db?sslmode=require&password=x", "postgres://a:***@h/db?sslmode=require&password=***");
  /* query= runs to the end of the URL: a '@' or 'password=' inside it is SQL, kept */
  redacts("postgresql://h/db?query=SELECT * FROM t WHERE m = 'a@b' AND password='x'",
          "postgresql://h/db?query=SELECT * FROM t WHERE m = 'a@b' AND password='x'");
}
END_TEST

static char *first_error(const char *url) {
  CsvReader *r = pg_open(url, "shown");
  const CsvField *f;
  ck_assert_int_eq(csv_header(r, &f), -1);
  const CsvError *e = csv_error(r);
  ck_assert_ptr_nonnull(e);
  ck_assert_str_eq(e->path, "shown");
  char *m = strdup(e->message);
  csv_close(r);
  return m;
}

START_TEST(pg03_url_needs_table_or_query) {
  const char *bad[] = {"postgresql:///db", "postgresql:///db?table=", "postgresql:///db?table=a&query=SELECT 1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *m = first_error(bad[i]);
    ck_assert_msg(strstr(m, "?table=NAME or ?query=") != NULL, "%s: %s", bad[i], m);
    free(m);
  }
}
END_TEST

/* A connection that fails: the message never holds the password. */
START_TEST(pg04_connect_error_redacted) {
  char *m = first_error("postgresql://ana:s3cr3t@/db?host=/nonexistent-pvs-dir&connect_timeout=2&table=t");
#ifdef PVS_WITH_LIBPQ
  ck_assert_msg(strstr(m, "cannot connect to PostgreSQL") != NULL, "%s", m);
#else
  ck_assert_msg(strstr(m, "without PostgreSQL support") != NULL, "%s", m);
#endif
  ck_assert_msg(strstr(m, "s3cr3t") == NULL, "%s", m);
  ck_assert_msg(strchr(m, '\n') == NULL, "%s", m);
  free(m);
}
END_TEST

static Suite *pg_suite(void) {
  Suite *s = suite_create("pgsrc");
  TCase *t = tcase_create("url");
  tcase_add_test(t, pg01_is_url);
  tcase_add_test(t, pg02_redact);
  tcase_add_test(t, pg03_url_needs_table_or_query);
  tcase_add_test(t, pg04_connect_error_redacted);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(pg_suite());
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
