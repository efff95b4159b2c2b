/* num_sum.c — benchmark: sum 10 million two-decimal values parsed from text.
 *
 * Generates the values as text in memory (deterministic PRNG, no files), parses them with
 * num_parse_cell, then times three sums over the same parsed values: (a) a plain int64 loop
 * over the cents, (b) the Num fast path (num_add), (c) GMP only, one mpq_t per value. Each
 * sum runs several times and the best time is kept. All three sums must agree exactly.
 * Usage: num_sum [COUNT]   (default 10,000,000). Benches are not library code: this file
 * includes <gmp.h> for (c) and uses floating point only to print timings.
 */
#include "num.h"

#include <gmp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT 5
#define CELL 16 /* bytes per generated cell: "-999999.99" fits */

static uint64_t rng = 0x243F6A8885A308D3ULL;

static uint64_t rnd(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1DULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* n cells of text, each NUL-padded to CELL bytes: amounts from -999999.99 to 999999.99. */
static char *generate(size_t n) {
  char *text = calloc(n, CELL);
  for (size_t i = 0; i < n; i++) {
    int64_t c = (int64_t)(rnd() % 199999999ULL) - 99999999;
    int64_t a = c < 0 ? -c : c;
    snprintf(text + i * CELL, CELL, "%s%" PRId64 ".%02" PRId64, c < 0 ? "-" : "", a / 100,
             a % 100);
  }
  return text;
}

static int64_t sum_int64(const int64_t *cents, size_t n) {
  int64_t s = 0;
  for (size_t i = 0; i < n; i++)
    s += cents[i];
  return s;
}

static void sum_num(Num *s, const Num *v, size_t n) {
  num_clear(s);
  num_set_dec(s, 0, 2);
  for (size_t i = 0; i < n; i++)
    num_add(s, s, &v[i]);
}

static void sum_num_sum(Num *s, const Num *v, size_t n) {
  num_clear(s);
  num_set_dec(s, 0, 2);
  num_sum(s, v, n);
}

static void sum_mpq(mpq_t s, mpq_t *q, size_t n) {
  mpq_set_ui(s, 0, 1);
  for (size_t i = 0; i < n; i++)
    mpq_add(s, s, q[i]);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
  char *text = generate(n);
  Num *v = calloc(n, sizeof *v), s = NUM_INIT;
  int64_t *cents = calloc(n, sizeof *cents), isum = 0;
  mpq_t *q = malloc(n * sizeof *q), qs;
  double t, best_parse = 1e9, best[4] = {1e9, 1e9, 1e9, 1e9};
  char a[64], b[64], c[64];

  for (int r = 0; r < REPEAT; r++) {
    t = now();
    for (size_t i = 0; i < n; i++) {
      const char *cell = text + i * CELL;
      if (num_parse_cell(&v[i], cell, strlen(cell), '.', NULL) != NUM_OK)
        return fprintf(stderr, "parse error: %s\n", cell), 1;
    }
    t = now() - t;
    best_parse = t < best_parse ? t : best_parse;
  }
  for (size_t i = 0; i < n; i++) {
    cents[i] = v[i].v; /* every cell has two decimals: v is in cents */
    mpq_init(q[i]);
    mpq_set_si(q[i], v[i].v, 100);
    mpq_canonicalize(q[i]);
  }
  mpq_init(qs);
  for (int r = 0; r < REPEAT; r++) {
    t = now();
    isum = sum_int64(cents, n);
    __asm__ volatile("" : : "r"(isum) : "memory");
    t = now() - t;
    best[0] = t < best[0] ? t : best[0];
    t = now();
    sum_num(&s, v, n);
    t = now() - t;
    best[1] = t < best[1] ? t : best[1];
    t = now();
    sum_mpq(qs, q, n);
    t = now() - t;
    best[2] = t < best[2] ? t : best[2];
    Num s2 = NUM_INIT;
    t = now();
    sum_num_sum(&s2, v, n);
    t = now() - t;
    best[3] = t < best[3] ? t : best[3];
    if (num_cmp(&s2, &s) != 0)
      return fprintf(stderr, "num_sum and num_add loops differ\n"), 1;
    num_clear(&s2);
  }
  Num ni = NUM_INIT;
  num_set_dec(&ni, isum, 2);
  num_fmt_exact(a, sizeof a, &ni);
  num_fmt_exact(b, sizeof b, &s);
  gmp_snprintf(c, sizeof c, "%Qd", qs);
  printf("num_sum: %zu values, best of %d runs (sums: int64 %s, Num %s, mpq %s)\n", n, REPEAT,
         a, b, c);
  printf("  parse (num_parse_cell)       %7.2f ns/value\n", best_parse * 1e9 / (double)n);
  printf("  (a) plain int64 loop         %7.2f ns/value\n", best[0] * 1e9 / (double)n);
  printf("  (b) Num fast path, num_sum    %7.2f ns/value   %.2fx the int64 loop\n",
         best[3] * 1e9 / (double)n, best[3] / best[0]);
  printf("  (b') Num fast path, num_add loop %6.2f ns/value  %.2fx the int64 loop\n",
         best[1] * 1e9 / (double)n, best[1] / best[0]);
  printf("  (c) GMP, one mpq_t per value %7.2f ns/value   %.1fx num_sum, %.1fx the num_add loop\n",
         best[2] * 1e9 / (double)n, best[2] / best[3], best[2] / best[1]);
  int ok = num_cmp(&s, &ni) == 0 && mpq_cmp_si(qs, isum, 100) == 0;
  for (size_t i = 0; i < n; i++)
    mpq_clear(q[i]);
  mpq_clear(qs);
  free(q);
  free(v);
  free(cents);
  free(text);
  num_clear(&s);
  if (!ok)
    fprintf(stderr, "num_sum: the three sums differ\n");
  return ok ? 0 : 1;
}
