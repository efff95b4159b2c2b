/* fuzz_num.c — libFuzzer target: exact numbers. The input is read as a data cell (both
 * decimal marks) and as a source literal; each value read is printed (fixed, French, exact)
 * and read back. Properties: no crash, leak or undefined behaviour; the fixed display with
 * the value's own number of decimals reads back as the same value; a + b - b = a;
 * (a * b) / b = a for b != 0; rounding to d decimals leaves at most d decimals. */
#include "fuzz_util.h"
#include "num.h"

static void props(const Num *a, const Num *b) {
  char buf[4096];
  int dec = num_decimals(a);
  if (dec >= 0 && dec < 200 && num_ilog10(a) < 200) {
    size_t n = num_fmt_fixed(buf, sizeof buf, a, dec, NUM_HALF_UP);
    if (n < sizeof buf) {
      Num back = NUM_INIT;
      const char *s = buf;
      size_t l = strlen(buf);
      FUZZ_ASSERT(num_parse_cell_slow(&back, s, l, '.', NULL) == NUM_OK, "fixed display '%s' does not read back", buf);
      FUZZ_ASSERT(num_cmp(&back, a) == 0, "fixed display '%s' reads back as another value", buf);
      num_clear(&back);
    }
  }
  num_fmt_fr(buf, sizeof buf, a, 2, NUM_HALF_EVEN);
  num_fmt_exact(buf, sizeof buf, a);
  Num s = NUM_INIT, t = NUM_INIT;
  num_add(&s, a, b);
  num_sub(&t, &s, b);
  FUZZ_ASSERT(num_cmp(&t, a) == 0, "a + b - b != a");
  if (!num_is_zero(b)) {
    num_mul(&s, a, b);
    FUZZ_ASSERT(num_div(&t, &s, b), "division by a non-zero number failed");
    FUZZ_ASSERT(num_cmp(&t, a) == 0, "a * b / b != a");
  }
  for (int d = 0; d < 4; d++) {
    num_round(&s, a, d, (NumRound)(d % 3));
    FUZZ_ASSERT(num_decimals(&s) >= 0 && num_decimals(&s) <= d, "rounding to %d decimals left more", d);
  }
  num_clear(&s);
  num_clear(&t);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len) {
  if (len > 4096) return 0;
  const char *s = (const char *)data;
  size_t cut = memchr(s, '|', len) ? (size_t)((const char *)memchr(s, '|', len) - s) : len;
  Num a = NUM_INIT, b = NUM_INIT;
  NumParse pa = num_parse_cell_slow(&a, s, cut, '.', NULL);
  NumParse pb = cut < len ? num_parse_cell_slow(&b, s + cut + 1, len - cut - 1, ',', NULL) : NUM_EMPTY;
  Num fast = NUM_INIT;
  FUZZ_ASSERT(num_parse_cell(&fast, s, cut, '.', NULL) == pa, "fast and slow cell parsers disagree");
  if (pa == NUM_OK) FUZZ_ASSERT(num_cmp(&fast, &a) == 0, "fast and slow cell parsers give different values");
  num_clear(&fast);
  if (pa == NUM_OK) props(&a, pb == NUM_OK ? &b : &a);
  char *lit = fuzz_str(data, cut);
  Num l = NUM_INIT;
  if (num_parse_literal(&l, lit)) props(&l, &l);
  free(lit);
  num_clear(&l);
  num_clear(&a);
  num_clear(&b);
  return 0;
}
