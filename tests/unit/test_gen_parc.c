/* test_gen_parc.c — the benchmark generator bench/gen_parc.c against CPython, without
 * Python: MT19937 draws and random() values hard-coded from CPython 3.11
 * (random.Random(seed).getrandbits(32) and .random()), and 1,000 rows of seed 42 compared
 * byte for byte with tests/data/parc1k_seed42.csv, written by shared/bench/gen_parc.py.
 * The generator is included as source (its main() is left out). Runs from the repository
 * root, as `make check` does. */
#define GEN_PARC_NO_MAIN
#include "../../bench/gen_parc.c"

#include <check.h>

#define FIXTURE "tests/data/parc1k_seed42.csv"

static void assert_random(int64_t seed, const double *want, int n) {
  GpRng r;
  gp_seed(&r, seed);
  for (int i = 0; i < n; i++) {
    double got = gp_random(&r);
    ck_assert_msg(got == want[i], "seed %lld draw %d: got %.17g, want %.17g", (long long)seed, i,
                  got, want[i]);
  }
}

START_TEST(test_genrand_uint32_seed42) {
  static const uint32_t want[] = {2746317213u, 478163327u, 107420369u};
  GpRng r;
  gp_seed(&r, 42);
  for (int i = 0; i < 3; i++) ck_assert_uint_eq(gp_u32(&r), want[i]);
}
END_TEST

START_TEST(test_random_small_seeds) {
  static const double s42[] = {0.6394267984578837, 0.025010755222666936, 0.27502931836911926,
                               0.22321073814882275, 0.7364712141640124};
  static const double s7[] = {0.32383276483316237, 0.15084917392450192, 0.6509344730398537};
  static const double s0[] = {0.8444218515250481, 0.7579544029403025, 0.420571580830845};
  assert_random(42, s42, 5);
  assert_random(7, s7, 3);
  assert_random(0, s0, 3);
}
END_TEST

/* Seeds beyond 32 bits use a two-word key; a negative seed is its absolute value. */
START_TEST(test_random_wide_and_negative_seeds) {
  static const double wide[] = {0.5043802970418443, 0.2686044399723282, 0.9257865475671585};
  static const double two_words[] = {0.2309331037176915};
  static const double s42[] = {0.6394267984578837};
  assert_random(((int64_t)1 << 40) + 5, wide, 3);
  assert_random(((int64_t)1 << 32) + 1, two_words, 1);
  assert_random(-42, s42, 1);
}
END_TEST

/* Reads all of f from the start into a malloc'd buffer; *len gets its size. */
static char *slurp(FILE *f, size_t *len) {
  if (fseek(f, 0, SEEK_END)) return NULL;
  long size = ftell(f);
  if (size < 0 || fseek(f, 0, SEEK_SET)) return NULL;
  char *buf = malloc((size_t)size + 1);
  if (buf) *len = fread(buf, 1, (size_t)size, f);
  return buf;
}

START_TEST(test_1000_rows_match_python) {
  FILE *want_f = fopen(FIXTURE, "rb");
  ck_assert_msg(want_f != NULL, "cannot open " FIXTURE " (run from the repository root)");
  FILE *got_f = tmpfile();
  ck_assert_ptr_nonnull(got_f);
  ck_assert_int_eq(gp_write(got_f, 1000, 42), 0);
  size_t want_n = 0, got_n = 0;
  char *want = slurp(want_f, &want_n), *got = slurp(got_f, &got_n);
  ck_assert_ptr_nonnull(want);
  ck_assert_ptr_nonnull(got);
  size_t i = 0;
  while (i < want_n && i < got_n && want[i] == got[i]) i++;
  ck_assert_msg(i == want_n && i == got_n, "differs at byte %zu (sizes %zu and %zu)", i, got_n, want_n);
  free(want);
  free(got);
  fclose(want_f);
  fclose(got_f);
}
END_TEST

/* A smaller --rows gives a prefix of a larger file. */
START_TEST(test_prefix_property) {
  FILE *a = tmpfile(), *b = tmpfile();
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_int_eq(gp_write(a, 10, 7), 0);
  ck_assert_int_eq(gp_write(b, 20, 7), 0);
  size_t na = 0, nb = 0;
  char *sa = slurp(a, &na), *sb = slurp(b, &nb);
  ck_assert_ptr_nonnull(sa);
  ck_assert_ptr_nonnull(sb);
  ck_assert_uint_lt(na, nb);
  ck_assert_int_eq(memcmp(sa, sb, na), 0);
  free(sa);
  free(sb);
  fclose(a);
  fclose(b);
}
END_TEST

static Suite *gen_parc_suite(void) {
  Suite *s = suite_create("gen_parc");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_genrand_uint32_seed42);
  tcase_add_test(tc, test_random_small_seeds);
  tcase_add_test(tc, test_random_wide_and_negative_seeds);
  tcase_add_test(tc, test_1000_rows_match_python);
  tcase_add_test(tc, test_prefix_property);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(gen_parc_suite());
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
