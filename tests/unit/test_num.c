/* test_num.c — Check suite for the num_ module: parsing, exact arithmetic, rounding in every
 * mode, the three output forms, big values and overflow promotion, and a property test that
 * runs millions of random operations through the fast path and the GMP-only reference path.
 * PVS_PROP_OPS sets the property test's operation count, each run through both paths
 * (default 2,000,000; 400,000 under AddressSanitizer), plus a quarter as many parsed sums. */
#include "num.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"

static char buf[512];

static const char *exact(const Num *a) {
  num_fmt_exact(buf, sizeof buf, a);
  return buf;
}

static const char *fixed(const Num *a, int d, NumRound m) {
  num_fmt_fixed(buf, sizeof buf, a, d, m);
  return buf;
}

static const char *fr(const Num *a, int d) {
  num_fmt_fr(buf, sizeof buf, a, d, NUM_HALF_UP);
  return buf;
}

static Num lit(const char *s) {
  Num n = NUM_INIT;
  ck_assert_msg(num_parse_literal(&n, s), "literal %s", s);
  return n;
}

static Num cell(const char *s, char decimal) {
  Num n = NUM_INIT;
  size_t bad = 0;
  ck_assert_int_eq(num_parse_cell(&n, s, strlen(s), decimal, &bad), NUM_OK);
  return n;
}

/* ---- parsing ------------------------------------------------------------------------------ */

START_TEST(t01_literals) {
  static const char *ok[][2] = {{"12", "12"},         {"12.5", "12.5"},  {"1_250.50", "1250.5"},
                                {"3.5 %", "0.035"},   {"3.5%", "0.035"}, {"1_250_000", "1250000"},
                                {"0.000", "0"},       {"007", "7"},      {"100 %", "1"},
                                {"123456789012345678901234567890.123", "123456789012345678901234567890.123"}};
  static const char *bad[] = {"", "_1", "1_", "1__2", "1.", ".5", "-1", "1e3", "12 ", "1.5.2",
                              "1,5", "%", "1 2"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    Num n = lit(ok[i][0]);
    ck_assert_str_eq(exact(&n), ok[i][1]);
    num_clear(&n);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    Num n = NUM_INIT;
    num_set_long(&n, 42);
    ck_assert_msg(!num_parse_literal(&n, bad[i]), "accepted %s", bad[i]);
    ck_assert_str_eq(exact(&n), "42"); /* untouched */
  }
}
END_TEST

START_TEST(t02_cells) {
  static const struct {
    const char *s;
    char dec;
    const char *want;
  } ok[] = {{"1 234,56", ',', "1234.56"},
            {"1" NBSP "234,56", ',', "1234.56"},
            {"1" NNBSP "234" NNBSP "567,5", ',', "1234567.5"},
            {"-1.5E+03", '.', "-1500"},
            {"-1,5E+03", ',', "-1500"},
            {"1.5e-2", '.', "0.015"},
            {"+3", '.', "3"},
            {"  12  ", '.', "12"},
            {"\t7\t", ',', "7"},
            {NBSP "8" NNBSP, ',', "8"},
            {"1234.56", '.', "1234.56"},
            {"1234,56", ',', "1234.56"},
            {"-0,00", ',', "0"},
            {".5", '.', "0.5"},
            {"5.", '.', "5"},
            {"12 345 678.9", '.', "12345678.9"},
            {"-123456789012345678901234.5", '.', "-123456789012345678901234.5"},
            {"9223372036854775807", '.', "9223372036854775807"},
            {"-9223372036854775808", '.', "-9223372036854775808"},
            {"9223372036854775808", '.', "9223372036854775808"},
            {"1E+25", '.', "10000000000000000000000000"},
            {"1E-25", '.', "0.0000000000000000000000001"},
            {"0.10000000000000000000000", '.', "0.1"}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    Num n = cell(ok[i].s, ok[i].dec);
    ck_assert_msg(strcmp(exact(&n), ok[i].want) == 0, "%s gave %s", ok[i].s, buf);
    num_clear(&n);
  }
}
END_TEST

START_TEST(t03_bad_cells) {
  static const struct {
    const char *s;
    char dec;
    size_t off;
  } bad[] = {{"12 34", ',', 2},  {"1.5", ',', 1},     {"1,5", '.', 1},     {"abc", '.', 0},
             {"-", '.', 1},      {"1e", '.', 2},      {"1 2345", ',', 5},  {"1234 567", ',', 4},
             {"1  234", ',', 1}, {"--1", '.', 1},     {"1e1000000", '.', 8}, {"12 ,5", ',', 2},
             {"1.234.567", ',', 1}, {"12€", '.', 2}, {" x1", '.', 1},    {"1 234 56", ',', 5},
             {"e5", '.', 0},     {"1e+", '.', 3},     {"0x10", '.', 1}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    Num n = NUM_INIT;
    size_t off = 999;
    num_set_long(&n, 42);
    ck_assert_msg(num_parse_cell(&n, bad[i].s, strlen(bad[i].s), bad[i].dec, &off) == NUM_SYNTAX,
                  "accepted %s", bad[i].s);
    ck_assert_msg(off == bad[i].off, "%s: offset %zu, want %zu", bad[i].s, off, bad[i].off);
    ck_assert_str_eq(exact(&n), "42");
  }
  Num n = NUM_INIT;
  ck_assert_int_eq(num_parse_cell(&n, "", 0, '.', NULL), NUM_EMPTY);
  ck_assert_int_eq(num_parse_cell(&n, " " NBSP "\t", 4, ',', NULL), NUM_EMPTY);
  ck_assert_int_eq(num_parse_cell(&n, "12", 1, '.', NULL), NUM_OK); /* len is honoured */
  ck_assert_str_eq(exact(&n), "1");
}
END_TEST

/* ---- arithmetic --------------------------------------------------------------------------- */

START_TEST(t04_point_one_plus_point_two) {
  Num a = lit("0.1"), b = lit("0.2"), c = lit("0.3"), r = NUM_INIT;
  num_add(&r, &a, &b);
  ck_assert_int_eq(num_cmp(&r, &c), 0);
  ck_assert_str_eq(exact(&r), "0.3");
  ck_assert_uint_eq(num_hash(&r), num_hash(&c));
  num_sub(&r, &r, &c);
  ck_assert(num_is_zero(&r));
}
END_TEST

START_TEST(t05_representations_agree) {
  Num a = lit("1.50"), b = lit("1.5"), c = NUM_INIT, d = NUM_INIT;
  num_set_frac(&c, 3, 2);
  num_force_big(&d, &b);
  ck_assert(num_is_big(&d));
  ck_assert(!num_is_big(&c));
  ck_assert_int_eq(num_cmp(&a, &b), 0);
  ck_assert_int_eq(num_cmp(&a, &d), 0);
  ck_assert_int_eq(num_cmp(&d, &c), 0);
  ck_assert_uint_eq(num_hash(&a), num_hash(&b));
  ck_assert_uint_eq(num_hash(&a), num_hash(&d));
  ck_assert_str_eq(exact(&a), "1.5");
  ck_assert_str_eq(exact(&d), "1.5");
  Num z1 = lit("0.00"), z2 = NUM_INIT;
  ck_assert_uint_eq(num_hash(&z1), num_hash(&z2));
  num_clear(&d);
}
END_TEST

START_TEST(t06_division) {
  Num a = NUM_INIT, b = NUM_INIT, r = NUM_INIT;
  num_set_long(&a, 1);
  num_set_long(&r, 7);
  ck_assert(!num_div(&r, &a, &b)); /* division by zero: refused, r untouched */
  ck_assert_str_eq(exact(&r), "7");
  num_set_long(&b, 3);
  ck_assert(num_div(&r, &a, &b));
  ck_assert_str_eq(exact(&r), "1/3");
  ck_assert_int_eq(num_decimals(&r), -1);
  num_set_frac(&r, 152, 5);
  ck_assert_str_eq(exact(&r), "30.4");
  ck_assert_str_eq(fixed(&r, 1, NUM_HALF_UP), "30.4");
  num_set_long(&a, 184088800);
  num_set_long(&b, 12167);
  num_div(&r, &a, &b);
  ck_assert_str_eq(exact(&r), "184088800/12167");
  ck_assert_str_eq(fixed(&r, 2, NUM_HALF_UP), "15130.17");
  num_set_long(&a, -7);
  num_set_long(&b, -28);
  num_div(&r, &a, &b);
  ck_assert_str_eq(exact(&r), "0.25");
  ck_assert(!num_is_big(&r)); /* demoted to the fast form */
  num_set_frac(&r, 5, -3);
  ck_assert_str_eq(exact(&r), "-5/3");
  num_clear(&r);
}
END_TEST

START_TEST(t07_pow) {
  static const struct {
    const char *base;
    long n;
    const char *want;
  } cases[] = {{"2", -3, "0.125"}, {"3", -2, "1/9"},    {"1.1", 2, "1.21"}, {"0", 0, "1"},
               {"2.5", 0, "1"},    {"10", 20, "100000000000000000000"},     {"1.035", -1, "200/207"},
               {"0", 5, "0"},      {"0.5", -2, "4"}};
  Num r = NUM_INIT, m = NUM_INIT;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Num a = lit(cases[i].base);
    ck_assert(num_pow(&r, &a, cases[i].n));
    ck_assert_msg(strcmp(exact(&r), cases[i].want) == 0, "%s^%ld = %s", cases[i].base,
                  cases[i].n, buf);
  }
  num_set_long(&m, -2);
  ck_assert(num_pow(&r, &m, 3));
  ck_assert_str_eq(exact(&r), "-8");
  ck_assert(num_pow(&r, &m, -3));
  ck_assert_str_eq(exact(&r), "-0.125");
  Num z = NUM_INIT;
  num_set_long(&r, 9);
  ck_assert(!num_pow(&r, &z, -1));
  ck_assert_str_eq(exact(&r), "9");
  num_clear(&r);
}
END_TEST

START_TEST(t08_queries) {
  Num a = lit("12.00"), b = lit("2.5"), r = NUM_INIT;
  long v = 0;
  ck_assert(num_is_integer(&a));
  ck_assert(num_to_long(&a, &v));
  ck_assert_int_eq(v, 12);
  ck_assert(!num_to_long(&b, &v));
  num_neg(&r, &b);
  ck_assert_int_eq(num_sign(&r), -1);
  num_floor(&a, &r);
  ck_assert_str_eq(exact(&a), "-3");
  num_ceil(&a, &r);
  ck_assert_str_eq(exact(&a), "-2");
  num_abs(&a, &r);
  ck_assert_str_eq(exact(&a), "2.5");
  num_min(&a, &r, &b);
  ck_assert_str_eq(exact(&a), "-2.5");
  num_max(&a, &r, &b);
  ck_assert_str_eq(exact(&a), "2.5");
  ck_assert_int_eq(num_ilog10(&b), 0);
  Num c = lit("0.05"), d = lit("999");
  ck_assert_int_eq(num_ilog10(&c), -2);
  ck_assert_int_eq(num_ilog10(&d), 2);
  ck_assert_int_eq(num_decimals(&c), 2);
}
END_TEST

/* ---- rounding ----------------------------------------------------------------------------- */

START_TEST(t09_rounding_modes) {
  static const struct {
    const char *v;
    int d;
    const char *want[5]; /* HALF_UP, HALF_EVEN, TRUNC, FLOOR, CEIL */
  } cases[] = {
      {"2.5", 0, {"3", "2", "2", "2", "3"}},
      {"-2.5", 0, {"-3", "-2", "-2", "-3", "-2"}},
      {"3.5", 0, {"4", "4", "3", "3", "4"}},
      {"-3.5", 0, {"-4", "-4", "-3", "-4", "-3"}},
      {"0.125", 2, {"0.13", "0.12", "0.12", "0.12", "0.13"}},
      {"-0.125", 2, {"-0.13", "-0.12", "-0.12", "-0.13", "-0.12"}},
      {"0.135", 2, {"0.14", "0.14", "0.13", "0.13", "0.14"}},
      {"1.005", 2, {"1.01", "1", "1", "1", "1.01"}},
      {"2.4999", 0, {"2", "2", "2", "2", "3"}},
      {"-2.5001", 0, {"-3", "-3", "-2", "-3", "-2"}},
      {"1234567", -3, {"1235000", "1235000", "1234000", "1234000", "1235000"}},
      {"-1234500", -3, {"-1235000", "-1234000", "-1234000", "-1235000", "-1234000"}},
      {"-0.001", 2, {"0", "0", "0", "-0.01", "0"}},
      {"7", 2, {"7", "7", "7", "7", "7"}},
      {"123456789012345678901234567890.5", 0,
       {"123456789012345678901234567891", "123456789012345678901234567890",
        "123456789012345678901234567890", "123456789012345678901234567890",
        "123456789012345678901234567891"}},
      {"0.5", -1, {"0", "0", "0", "0", "10"}},
      {"5", -1, {"10", "0", "0", "0", "10"}},
      {"-15", -1, {"-20", "-20", "-10", "-20", "-10"}},
  };
  Num r = NUM_INIT;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    for (int m = 0; m < 5; m++) {
      Num a = lit(cases[i].v[0] == '-' ? cases[i].v + 1 : cases[i].v);
      if (cases[i].v[0] == '-')
        num_neg(&a, &a);
      num_round(&r, &a, cases[i].d, (NumRound)m);
      ck_assert_msg(strcmp(exact(&r), cases[i].want[m]) == 0, "round(%s, %d, mode %d) = %s",
                    cases[i].v, cases[i].d, m, buf);
      num_clear(&a);
    }
  Num third = NUM_INIT;
  num_set_frac(&third, -2, 3);
  num_round(&r, &third, 3, NUM_HALF_UP);
  ck_assert_str_eq(exact(&r), "-0.667");
  num_round(&r, &third, 3, NUM_TRUNC);
  ck_assert_str_eq(exact(&r), "-0.666");
  num_clear(&r);
  num_clear(&third);
}
END_TEST

START_TEST(t10_display_never_changes_value) {
  Num a = lit("1.005"), keep = lit("1.005");
  ck_assert_str_eq(fixed(&a, 2, NUM_HALF_UP), "1.01");
  ck_assert_str_eq(fixed(&a, 2, NUM_HALF_EVEN), "1.00");
  ck_assert_int_eq(num_cmp(&a, &keep), 0);
}
END_TEST

/* ---- formatting --------------------------------------------------------------------------- */

START_TEST(t11_formats) {
  Num a = lit("1234.567"), r = NUM_INIT;
  num_neg(&a, &a);
  ck_assert_str_eq(fixed(&a, 2, NUM_HALF_UP), "-1234.57");
  ck_assert_str_eq(fr(&a, 2), "-1" NNBSP "234,57");
  Num b = lit("999.995");
  ck_assert_str_eq(fr(&b, 2), "1" NNBSP "000,00");
  Num c = lit("1234567.891");
  ck_assert_str_eq(fr(&c, 2), "1" NNBSP "234" NNBSP "567,89");
  ck_assert_str_eq(fr(&c, 0), "1" NNBSP "234" NNBSP "568");
  ck_assert_str_eq(fr(&c, -3), "1" NNBSP "235" NNBSP "000");
  Num z = lit("0.001");
  num_neg(&z, &z);
  ck_assert_str_eq(fixed(&z, 2, NUM_HALF_UP), "0.00"); /* no negative zero */
  ck_assert_str_eq(fr(&z, 2), "0,00");
  ck_assert_str_eq(fixed(&z, 3, NUM_HALF_UP), "-0.001");
  ck_assert_str_eq(fixed(&z, 5, NUM_HALF_UP), "-0.00100");
  ck_assert_str_eq(exact(&z), "-0.001");
  Num s = lit("5");
  ck_assert_str_eq(fixed(&s, 3, NUM_HALF_UP), "5.000");
  ck_assert_str_eq(fr(&s, 1), "5,0");
  num_set_frac(&r, 1, 3);
  ck_assert_str_eq(fixed(&r, 4, NUM_HALF_UP), "0.3333");
  ck_assert_str_eq(fixed(&r, 25, NUM_HALF_UP), "0.3333333333333333333333333");
  ck_assert_str_eq(exact(&r), "1/3");
  /* snprintf contract: the needed length comes back, the text is cut and NUL-ended */
  char small[5];
  ck_assert_uint_eq(num_fmt_fixed(small, sizeof small, &a, 2, NUM_HALF_UP), 8);
  ck_assert_str_eq(small, "-123");
  ck_assert_uint_eq(num_fmt_fr(NULL, 0, &a, 2, NUM_HALF_UP), 11);
  ck_assert_uint_eq(num_fmt_exact(small, sizeof small, &r), 3);
  num_clear(&r);
}
END_TEST

/* ---- big values and promotion ------------------------------------------------------------- */

START_TEST(t12_big_values) {
  Num a = NUM_INIT, one = NUM_INIT, r = NUM_INIT, sum = NUM_INIT;
  num_set_dec(&a, INT64_MAX, 0);
  num_set_long(&one, 1);
  num_add(&r, &a, &one);
  ck_assert(num_is_big(&r));
  ck_assert_str_eq(exact(&r), "9223372036854775808");
  num_sub(&r, &r, &one);
  ck_assert(!num_is_big(&r)); /* back to the fast form */
  ck_assert_int_eq(num_cmp(&r, &a), 0);
  num_set_dec(&a, INT64_MIN, 0);
  num_neg(&r, &a);
  ck_assert_str_eq(exact(&r), "9223372036854775808");
  num_abs(&r, &a);
  ck_assert_str_eq(exact(&r), "9223372036854775808");
  num_sub(&r, &a, &one);
  ck_assert_str_eq(exact(&r), "-9223372036854775809");
  /* sums beyond 2^53 cents, then beyond int64 */
  num_set_dec(&a, 4503599627370496LL + 1, 2); /* 2^52 + 1 cents */
  for (int i = 0; i < 4; i++)
    num_add(&sum, &sum, &a);
  ck_assert_str_eq(exact(&sum), "180143985094819.88");
  ck_assert(!num_is_big(&sum));
  num_set_dec(&a, INT64_MAX, 2);
  num_init(&sum);
  for (int i = 0; i < 1000; i++)
    num_add(&sum, &sum, &a);
  ck_assert(num_is_big(&sum));
  ck_assert_str_eq(exact(&sum), "92233720368547758070");
  ck_assert_str_eq(fixed(&sum, 2, NUM_HALF_UP), "92233720368547758070.00");
  for (int i = 0; i < 1000; i++)
    num_sub(&sum, &sum, &a);
  ck_assert(num_is_zero(&sum));
  ck_assert(!num_is_big(&sum));
  /* products: int64 overflow, and scales beyond 18 decimals */
  num_set_long(&a, 3037000500);
  num_mul(&r, &a, &a);
  ck_assert_str_eq(exact(&r), "9223372037000250000");
  Num tiny = lit("0.000000001");
  num_mul(&r, &tiny, &tiny);
  ck_assert(!num_is_big(&r));
  num_mul(&r, &r, &tiny);
  ck_assert(num_is_big(&r));
  ck_assert_str_eq(exact(&r), "0.000000000000000000000000001");
  Num ten18 = lit("1.000000000000000000"); /* scale 18 */
  num_mul(&r, &ten18, &ten18);                   /* scale 36, value 1 */
  ck_assert(!num_is_big(&r));
  ck_assert_str_eq(exact(&r), "1");
  /* comparisons across scales at the int64 edge */
  Num x = NUM_INIT, y = NUM_INIT;
  num_set_dec(&x, INT64_MAX, 18);
  num_set_dec(&y, INT64_MAX, 0);
  ck_assert_int_eq(num_cmp(&x, &y), -1);
  ck_assert_int_eq(num_cmp(&y, &x), 1);
  num_clear(&r);
  num_clear(&sum);
}
END_TEST

/* ---- property test: fast path versus the GMP-only reference ----------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A random value: small decimals, values near the int64 edge, powers of ten, and some big. */
static void random_num(Num *n) {
  static const int64_t edges[] = {INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1,
                                  1000000000000000000LL, -1000000000000000000LL,
                                  3037000499LL, 3037000500LL, 4294967296LL, 0, 1, -1};
  uint64_t k = rnd();
  int scale = (int)(rnd() % (k & 1 ? 4 : NUM_SCALE_MAX + 1));
  int64_t v;
  switch ((k >> 1) % 8) {
  case 0:
    /* an edge, give or take one: wraps around in unsigned arithmetic, never signed overflow */
    v = (int64_t)((uint64_t)edges[rnd() % (sizeof edges / sizeof edges[0])] + rnd() % 3 - 1);
    break;
  case 1:
    v = (int64_t)rnd();
    break;
  case 2:
    num_set_dec(n, (int64_t)rnd(), scale);
    num_mul(n, n, n); /* often big */
    return;
  default:
    v = (int64_t)(rnd() % 2000001) - 1000000;
    if ((k >> 5) % 3 == 0)
      v *= (int64_t)(rnd() % 10000000);
  }
  num_set_dec(n, v, scale);
}

/* Check asserts log every passing call (a write per call): in hot loops, test then abort. */
#define REQUIRE(cond, ...)                                                                   \
  do {                                                                                       \
    if (!(cond))                                                                             \
      ck_abort_msg(__VA_ARGS__);                                                             \
  } while (0)

static void same(const Num *fast, const Num *ref, const char *what, long i) {
  char f[256], r[256];
  bool eq = num_cmp(fast, ref) == 0 && num_cmp(ref, fast) == 0;
  if (!eq || i % 4 == 0) {
    num_fmt_exact(f, sizeof f, fast);
    num_fmt_exact(r, sizeof r, ref);
    REQUIRE(eq && strcmp(f, r) == 0, "%s #%ld: %s vs %s", what, i, f, r);
  }
  REQUIRE(num_hash(fast) == num_hash(ref), "%s #%ld hashes differ", what, i);
}

static long prop_ops(void) {
  const char *env = getenv("PVS_PROP_OPS");
#if defined(__SANITIZE_ADDRESS__)
  long dflt = 400000;
#else
  long dflt = 2000000;
#endif
  return env ? strtol(env, NULL, 10) : dflt;
}

START_TEST(t13_property_fast_equals_gmp) {
  Num a = NUM_INIT, b = NUM_INIT, f = NUM_INIT, r = NUM_INIT;
  long n = prop_ops() / 2, promoted = 0; /* two operations per step */
  for (long i = 0; i < n; i++) {
    random_num(&a);
    random_num(&b);
    switch (i % 5) {
    case 0:
      num_add(&f, &a, &b);
      num_ref_add(&r, &a, &b);
      break;
    case 1:
      num_sub(&f, &a, &b);
      num_ref_sub(&r, &a, &b);
      break;
    case 2:
      num_mul(&f, &a, &b);
      num_ref_mul(&r, &a, &b);
      break;
    case 3:
      REQUIRE(num_cmp(&a, &b) == num_ref_cmp(&a, &b), "cmp #%ld", i);
      num_set(&f, &a);
      num_set(&r, &a);
      break;
    default: {
      int d = (int)(rnd() % 26) - 5;
      NumRound m = (NumRound)(rnd() % 5);
      num_round(&f, &a, d, m);
      num_ref_round(&r, &a, d, m);
    }
    }
    promoted += num_is_big(&f);
    same(&f, &r, "op", i);
    /* accumulate too, so sums run through both paths over many steps */
    num_add(&a, &f, &b);
    num_ref_add(&r, &r, &b);
    same(&a, &r, "sum", i);
  }
  ck_assert_int_gt(promoted, n / 100); /* the big path was exercised */
  num_clear(&a);
  num_clear(&b);
  num_clear(&f);
  num_clear(&r);
}
END_TEST

/* Sums of parsed two-decimal cells: fast path against one GMP value per step. */
START_TEST(t14_property_parsed_sums) {
  Num sum = NUM_INIT, ref = NUM_INIT, x = NUM_INIT;
  char text[64];
  long n = prop_ops() / 4;
  for (long i = 0; i < n; i++) {
    int64_t cents = (int64_t)(rnd() % 200000000000ULL) - 100000000000LL;
    if (i % 1000 == 0)
      cents = INT64_MAX - (int64_t)(rnd() % 100);
    snprintf(text, sizeof text, "%s%" PRId64 ",%02" PRId64, cents < 0 ? "-" : "",
             (cents < 0 ? -(cents / 100) : cents / 100), (cents < 0 ? -(cents % 100) : cents % 100));
    REQUIRE(num_parse_cell(&x, text, strlen(text), ',', NULL) == NUM_OK, "%s", text);
    num_add(&sum, &sum, &x);
    num_ref_add(&ref, &ref, &x);
  }
  ck_assert_int_eq(num_cmp(&sum, &ref), 0);
  ck_assert_str_eq(exact(&sum), (num_fmt_exact(text, sizeof text, &ref), text));
  num_clear(&sum);
  num_clear(&ref);
  num_clear(&x);
}
END_TEST

/* num_sum: register runs, overflow mid-run, scale changes and big values, against GMP. */
START_TEST(t15_num_sum) {
  enum { N = 20000 };
  static Num vals[N];
  Num sum = NUM_INIT, ref = NUM_INIT;
  for (int round = 0; round < 20; round++) {
    for (int i = 0; i < N; i++)
      random_num(&vals[i]);
    num_set_dec(&sum, (int64_t)rnd(), (int)(rnd() % 3));
    num_set(&ref, &sum);
    num_sum(&sum, vals, N);
    for (int i = 0; i < N; i++)
      num_ref_add(&ref, &ref, &vals[i]);
    ck_assert_int_eq(num_cmp(&sum, &ref), 0);
  }
  for (int i = 0; i < N; i++)
    num_set_dec(&vals[i], INT64_MAX / 3, 2); /* overflows after three values */
  num_clear(&sum);
  num_set_dec(&sum, 0, 2);
  num_sum(&sum, vals, N);
  ck_assert_str_eq(exact(&sum), "614891469123651720400");
  for (int i = 0; i < N; i++)
    num_clear(&vals[i]);
  num_clear(&sum);
  num_clear(&ref);
}
END_TEST

/* ---- t16: the inline cell fast path against the general parser ---------------------------- */

/* One random cell into out (no NUL needed): mostly near the fast form, often just off it. */
static size_t random_cell(char *out, char *decimal) {
  static const char *const odd[] = {"",        "+",         "-",          ".",        ",",
                                    "-0.00",   "+0",        "-0",         ".5",       "5.",
                                    "-.5",     "+5.",       "1,5",        "1.5",      " 1.5",
                                    "1.5 ",    "1 234,56",  "1 234.56",   "1.5E+03",  "-1.5e-3",
                                    "1e5",     "--1",       "+-1",        "1..5",     "1.5.",
                                    "..",      "-.",        "+.",         "1-",       "0x10",
                                    "12 34",   "1 2345",    "1234 567",   "\t7\t",    NBSP "3,5",
                                    "1" NNBSP "000,5", "9223372036854775807", "9223372036854775808",
                                    "-9223372036854775808", "-9223372036854775809",
                                    "999999999999999999", "1000000000000000000",
                                    "99999999999999999.9", "0.000000000000000001",
                                    "0.0000000000000000001", "00000000000000000000001",
                                    "123456789.12345678", "1234567890123456.78"};
  static const char alpha[] = "0123456789012345678901234567890123456789..,,+-eE x\t";
  size_t n = 0;
  *decimal = rnd() % 2 ? '.' : ',';
  switch (rnd() % 8) {
  case 0: { /* a fixed adversarial string, maybe with its mark swapped */
    const char *s = odd[rnd() % (sizeof odd / sizeof *odd)];
    n = strlen(s);
    memcpy(out, s, n);
    return n;
  }
  case 1: /* random bytes from a small alphabet */
    n = rnd() % 24;
    for (size_t i = 0; i < n; i++)
      out[i] = alpha[rnd() % (sizeof alpha - 1)];
    return n;
  default: { /* sign? digits (mark digits)?, lengths around 0..20, one perturbation sometimes */
    int nint = (int)(rnd() % 21), nfrac = (int)(rnd() % 21);
    if (rnd() % 2) {
      nint = (int)(rnd() % 10);
      nfrac = (int)(rnd() % 4);
    }
    if (rnd() % 4 == 0)
      out[n++] = rnd() % 2 ? '-' : '+';
    for (int i = 0; i < nint; i++)
      out[n++] = (char)('0' + (rnd() % 5 == 0 ? 9 : rnd() % 10));
    if (rnd() % 4)
      out[n++] = rnd() % 8 ? *decimal : (*decimal == '.' ? ',' : '.');
    for (int i = 0; i < nfrac; i++)
      out[n++] = (char)('0' + (rnd() % 5 == 0 ? 9 : rnd() % 10));
    if (n && rnd() % 6 == 0) /* one byte replaced by anything */
      out[rnd() % n] = (char)(rnd() % 256);
    if (rnd() % 10 == 0) /* an exponent */
      n += (size_t)snprintf(out + n, 8, "E%+d", (int)(rnd() % 41) - 20);
    return n;
  }
  }
}

START_TEST(t16_property_cell_fast_path) {
  long count = prop_ops() / 5 < 300000 ? 300000 : prop_ops() / 5, ok = 0;
  char text[64];
  Num a = NUM_INIT, b = NUM_INIT;
  for (long i = 0; i < count; i++) {
    char decimal;
    size_t len = random_cell(text, &decimal), bad_a = 777, bad_b = 777;
    /* an exactly sized heap copy, not NUL-terminated: AddressSanitizer sees any over-read */
    char *cellp = malloc(len ? len : 1);
    memcpy(cellp, text, len);
    if (i % 64 == 0) { /* the output may hold a big value */
      num_set_dec(&a, INT64_MAX, 0);
      num_mul(&a, &a, &a);
      num_set(&b, &a);
    } else {
      num_set_dec(&a, 12345, 3);
      num_set_dec(&b, 12345, 3);
    }
    NumParse ra = num_parse_cell(&a, cellp, len, decimal, &bad_a);
    NumParse rb = num_parse_cell_slow(&b, cellp, len, decimal, &bad_b);
    REQUIRE(ra == rb, "#%ld '%.*s' (%c): %d vs %d", i, (int)len, text, decimal, ra, rb);
    REQUIRE(bad_a == bad_b, "#%ld '%.*s': offset %zu vs %zu", i, (int)len, text, bad_a, bad_b);
    REQUIRE(num_is_big(&a) == num_is_big(&b) && num_cmp(&a, &b) == 0 &&
                (num_is_big(&a) || (a.v == b.v && a.scale == b.scale)),
            "#%ld '%.*s' (%c): %" PRId64 "/%d vs %" PRId64 "/%d", i, (int)len, text, decimal, a.v,
            a.scale, b.v, b.scale);
    ok += ra == NUM_OK;
    free(cellp);
  }
  ck_assert_int_gt(ok, count / 4); /* plenty of the accepted cases were compared */
  ck_assert_int_lt(ok, count - count / 10);
  num_clear(&a);
  num_clear(&b);
}
END_TEST

static Suite *num_suite(void) {
  Suite *s = suite_create("num");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, t01_literals);
  tcase_add_test(tc, t02_cells);
  tcase_add_test(tc, t03_bad_cells);
  tcase_add_test(tc, t04_point_one_plus_point_two);
  tcase_add_test(tc, t05_representations_agree);
  tcase_add_test(tc, t06_division);
  tcase_add_test(tc, t07_pow);
  tcase_add_test(tc, t08_queries);
  tcase_add_test(tc, t09_rounding_modes);
  tcase_add_test(tc, t10_display_never_changes_value);
  tcase_add_test(tc, t11_formats);
  tcase_add_test(tc, t12_big_values);
  tcase_add_test(tc, t13_property_fast_equals_gmp);
  tcase_add_test(tc, t14_property_parsed_sums);
  tcase_add_test(tc, t15_num_sum);
  tcase_add_test(tc, t16_property_cell_fast_path);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(num_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
