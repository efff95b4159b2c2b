/* csv_scan.c — throughput of the CSV reader alone (csv_next over every record).
 *
 * Generates, in a fresh temporary directory, a file shaped like the benchmark's parc file
 * (15 columns, ASCII, ',' delimiter, no quotes, LF, ~78 bytes a row, one empty cell in
 * ~3% of rows) with a deterministic PRNG (splitmix64, so no Python at `make bench` time),
 * reads it once to warm the page cache, then times 3 full scans and prints the median.
 * Usage: csv_scan [ROWS [quoted]] (default 1000000 rows). With `quoted`, the same rows are
 * written the way many French open-data exports are: ';' delimiter, every field quoted.
 * The file is deleted at the end. `csv_scan FILE.csv` times an existing file instead (e.g.
 * the output of ../shared/bench/gen_parc.py). */
#include "csv.h"
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng_state = 42;

static uint64_t rnd(void) {  /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* A decimal with 2 places in [lo, hi) hundredths. */
static void money(FILE *f, unsigned lo, unsigned hi) {
  unsigned v = lo + below(hi - lo);
  fprintf(f, "%u.%02u", v / 100, v % 100);
}

static void gen_row(FILE *f, long i) {
  static const char *const zones[] = {"A_bis", "A", "B1", "B2", "C"};
  static const char *const fin[] = {"PLAI", "PLUS", "PLS", "PLI"};
  unsigned dep = 1 + below(95), vacant = below(100) < 3;
  fprintf(f, "L%08ld,ORG%03u,%02u%03u,%u,%s,%u,", i, 1 + below(600), dep, below(1000), below(10) < 3,
          zones[below(5)], 1950 + below(75));
  money(f, 1500, 14000);
  fputc(',', f);
  money(f, 7500, 168000);
  fputc(',', f);
  money(f, 9000, 420000);
  fprintf(f, ",%c,%u,%s,", 'A' + below(7), vacant, fin[below(4)]);
  if (!vacant) money(f, 600000, 6000000);
  fputc(',', f);
  if (!vacant && below(10) == 0) money(f, 1000, 500000);
  else fputs("0.00", f);
  fprintf(f, ",%u\n", !vacant && below(100) < 8);
}

/* Writes line (ending in LF) with ';' and every field quoted. */
static void put_quoted(FILE *f, const char *line) {
  fputc('"', f);
  for (const char *p = line; *p && *p != '\n'; p++) fputs(*p == ',' ? "\";\"" : (char[]){*p, 0}, f);
  fputs("\"\n", f);
}

static void gen_file(FILE *f, long nrows, bool quoted) {
  const char *header = "id,organisme,commune,qpv,zone,annee_construction,surface,loyer,loyer_marche,dpe,vacant,"
                       "financement,revenu_menage,impaye,accompagne\n";
  char line[512];
  FILE *mem = quoted ? fmemopen(line, sizeof line, "w") : f;
  if (quoted) put_quoted(f, header);
  else fputs(header, f);
  for (long i = 1; i <= nrows; i++) {
    if (!quoted) { gen_row(f, i); continue; }
    rewind(mem);
    gen_row(mem, i);
    fputc(0, mem);
    fflush(mem);
    put_quoted(f, line);
  }
  if (quoted) fclose(mem);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* One full scan: nanoseconds, and the checksum of field lengths in *sum. */
static int64_t scan(const char *path, long *rows, uint64_t *sum) {
  int64_t t0 = now_ns();
  CsvReader *r = csv_open(path, NULL);
  const CsvField *f;
  int n = csv_header(r, &f);
  *rows = 0;
  *sum = 0;
  while (n > 0 && (n = csv_next(r, &f)) > 0) {
    (*rows)++;
    for (int i = 0; i < n; i++) *sum += f[i].len;
  }
  if (csv_error(r)) fprintf(stderr, "csv_scan: %s:%ld:%ld: %s\n", path, csv_error(r)->line, csv_error(r)->col, csv_error(r)->message);
  csv_close(r);
  return now_ns() - t0;
}

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Times 3 scans of path after a warm-up one and prints the median. */
static long report(const char *path, const char *what, long bytes) {
  long rows;
  uint64_t sum;
  int64_t t[3];
  scan(path, &rows, &sum);  /* warm-up: page cache */
  for (int k = 0; k < 3; k++) t[k] = scan(path, &rows, &sum);
  qsort(t, 3, sizeof *t, cmp64);
  int64_t mbps = t[1] > 0 ? (int64_t)bytes * 1000 / t[1] : 0;  /* bytes/ns = 1000 MB/s */
  printf("csv_scan%s: %ld rows, %ld bytes, median of 3: %" PRId64 ".%03" PRId64 " s, %" PRId64
         " MB/s (checksum %" PRIu64 ")\n", what, rows, bytes, t[1] / 1000000000, t[1] / 1000000 % 1000, mbps, sum);
  return rows;
}

int main(int argc, char **argv) {
  if (argc > 1 && (argv[1][0] < '0' || argv[1][0] > '9')) {
    FILE *in = fopen(argv[1], "rb");
    if (!in || fseek(in, 0, SEEK_END) != 0) { perror(argv[1]); return 1; }
    long size = ftell(in);
    fclose(in);
    report(argv[1], "", size);
    return 0;
  }
  long nrows = argc > 1 ? atol(argv[1]) : 1000000;
  const char *tmp = getenv("TMPDIR");
  char dir[4096], path[4200];
  snprintf(dir, sizeof dir, "%s/pvs-csv-scan-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) { perror("csv_scan: mkdtemp"); return 1; }
  snprintf(path, sizeof path, "%s/parc.csv", dir);
  FILE *f = fopen(path, "w");
  if (!f) { perror("csv_scan: fopen"); return 1; }
  bool quoted = argc > 2 && !strcmp(argv[2], "quoted");
  gen_file(f, nrows, quoted);
  long bytes = ftell(f);
  fclose(f);
  long rows = report(path, quoted ? " (quoted)" : "", bytes);
  unlink(path);
  rmdir(dir);
  return rows == nrows ? 0 : 1;
}
