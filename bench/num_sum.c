/* num_sum.c — benchmark: parse 10 million two-decimal cells, then sum them.
 *
 * Generates the values as text in memory (deterministic PRNG, no files; the length of each
 * cell is known, as the CSV reader knows it, so no strlen is timed). Parsing is timed twice
 * over the same cells: with num_parse_cell_slow (the general parser: the figure before the
 * inline fast path) and with num_parse_cell (inline fast path, general parser as fallback),
 * on two data sets: signed amounts -999999.99 … 999999.99 (mostly 9–10 bytes) and CSV-like
 * non-negative amounts whose integer part has 1 to 6 digits at random ("0.00" … "999999.99",
 * lengths vary from cell to cell, so the branch predictor cannot learn them). Both parsers
 * must give identical values. Then three sums over the parsed values: (a) a plain int64 loop
 * over the cents, (b) the Num fast path (num_add), (c) GMP only, one mpq_t per value. Each
 * timing is the best of several runs. All sums must agree exactly.
 * Usage: num_sum [COUNT]   (default 10,000,000). Benches are not library code: this file
 * includes <gmp.h> for (c) and uses floating point only to print timings.
 */
#include "num.h"

#include <gmp.h>
#include <inttypes.h>
#include <stdbool.h>
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

/* n cells of text, each NUL-padded to CELL bytes, lengths in len[]: signed amounts from
 * -999999.99 to 999999.99, or (csv) non-negative ones with 1 to 6 integer digits. */
static char *generate(size_t n, size_t *len, bool csv) {
  static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  char *text = calloc(n, CELL);
  for (size_t i = 0; i < n; i++) {
    int64_t c = csv ? (int64_t)(rnd() % (uint64_t)p10[1 + rnd() % 6]) * 100 + (int64_t)(rnd() % 100)
                    : (int64_t)(rnd() % 199999999ULL) - 99999999;
    int64_t a = c < 0 ? -c : c;
    len[i] = (size_t)snprintf(text + i * CELL, CELL, "%s%" PRId64 ".%02" PRId64,
                              c < 0 ? "-" : "", a / 100, a % 100);
  }
  return text;
}

/* Best time of REPEAT parses of the n cells into v, with the general parser (slow) or the
 * inline fast path. */
static double time_parse(Num *v, const char *text, const size_t *len, size_t n, bool slow) {
  double best = 1e9;
  for (int r = 0; r < REPEAT; r++) {
    double t = now();
    if (slow) {
      for (size_t i = 0; i < n; i++)
        if (num_parse_cell_slow(&v[i], text + i * CELL, len[i], '.', NULL) != NUM_OK)
          return fprintf(stderr, "parse error: %s\n", text + i * CELL), exit(1), 0;
    } else {
      for (size_t i = 0; i < n; i++)
        if (num_parse_cell(&v[i], text + i * CELL, len[i], '.', NULL) != NUM_OK)
          return fprintf(stderr, "parse error: %s\n", text + i * CELL), exit(1), 0;
    }
    t = now() - t;
    best = t < best ? t : best;
  }
  return best;
}

/* Parse figures on one data set: general parser, then the inline fast path; same values. */
static void bench_parse(Num *v, Num *w, size_t n, bool csv, const char *what) {
  size_t *len = calloc(n, sizeof *len);
  char *text = generate(n, len, csv);
  double slow = time_parse(w, text, len, n, true), fast = time_parse(v, text, len, n, false);
  for (size_t i = 0; i < n; i++)
    if (v[i].v != w[i].v || v[i].scale != w[i].scale || v[i].big || w[i].big)
      fprintf(stderr, "parsers differ on %s\n", text + i * CELL), exit(1);
  printf("  parse %-28s general %6.2f ns/value, fast path %5.2f ns/value (%.1fx)\n", what,
         slow * 1e9 / (double)n, fast * 1e9 / (double)n, slow / fast);
  free(text);
  free(len);
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
  Num *v = calloc(n, sizeof *v), *w = calloc(n, sizeof *w), s = NUM_INIT;
  int64_t *cents = calloc(n, sizeof *cents), isum = 0;
  mpq_t *q, qs;
  double t, best[4] = {1e9, 1e9, 1e9, 1e9};
  char a[64], b[64], c[64];

  printf("num_sum: %zu values, best of %d runs\n", n, REPEAT);
  bench_parse(v, w, n, true, "CSV-like 0.00 … 999999.99:");
  bench_parse(v, w, n, false, "signed ±999999.99:");
  free(w);
  q = malloc(n * sizeof *q);
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
  printf("  sums: int64 %s, Num %s, mpq %s\n", a, b, c);
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
  num_clear(&s);
  if (!ok)
    fprintf(stderr, "num_sum: the three sums differ\n");
  return ok ? 0 : 1;
}
