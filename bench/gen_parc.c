/* gen_parc.c — the benchmark's synthetic national social-housing stock, a C17 port of
 * shared/bench/gen_parc.py that writes byte-identical CSV for the same --rows and --seed.
 *
 *   gen_parc --rows N --out FILE [--seed 42]        (--out - writes to standard output)
 *
 * It owns a copy of CPython's random.Random: MT19937 seeded from an integer the way
 * random_seed() does it (init_by_array over the 32-bit words of |seed|, least significant
 * first) and random() built from two draws (53 bits). Every floating-point operation of the
 * Python script is repeated in the same order with the same constants (pow() from libm for
 * `**`, truncation for int(), bisect_right on doubles); multiply-adds are split over two
 * statements so that no compiler fuses them into an FMA (and -std=c17 keeps GCC's
 * -ffp-contract off). Output goes through one large buffer.
 *
 * tests/unit/test_gen_parc.c includes this file with GEN_PARC_NO_MAIN defined and calls
 * gp_write(). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CPython-compatible MT19937 ---------------------------------------------------------- */

enum { GP_N = 624, GP_M = 397 };

typedef struct {
  uint32_t mt[GP_N];
  int mti;
} GpRng;

static void gp_init_genrand(GpRng *r, uint32_t s) {
  r->mt[0] = s;
  for (int i = 1; i < GP_N; i++)
    r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
  r->mti = GP_N;
}

static void gp_init_by_array(GpRng *r, const uint32_t *key, size_t len) {
  gp_init_genrand(r, 19650218u);
  size_t i = 1, j = 0;
  for (size_t k = GP_N > len ? GP_N : len; k; k--) {
    r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
    if (++i >= GP_N) { r->mt[0] = r->mt[GP_N - 1]; i = 1; }
    if (++j >= len) j = 0;
  }
  for (size_t k = GP_N - 1; k; k--) {
    r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
    if (++i >= GP_N) { r->mt[0] = r->mt[GP_N - 1]; i = 1; }
  }
  r->mt[0] = 0x80000000u;
}

/* random.Random(seed) for an int seed: the key is |seed| in 32-bit words, [0] for 0. */
static void gp_seed(GpRng *r, int64_t seed) {
  uint64_t n = seed < 0 ? (uint64_t)0 - (uint64_t)seed : (uint64_t)seed;
  uint32_t key[2] = {(uint32_t)n, (uint32_t)(n >> 32)};
  gp_init_by_array(r, key, key[1] ? 2 : 1);
}

static void gp_twist(GpRng *r) {
  static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
  int k;
  uint32_t y;
  for (k = 0; k < GP_N - GP_M; k++) {
    y = (r->mt[k] & 0x80000000u) | (r->mt[k + 1] & 0x7fffffffu);
    r->mt[k] = r->mt[k + GP_M] ^ (y >> 1) ^ mag01[y & 1u];
  }
  for (; k < GP_N - 1; k++) {
    y = (r->mt[k] & 0x80000000u) | (r->mt[k + 1] & 0x7fffffffu);
    r->mt[k] = r->mt[k + (GP_M - GP_N)] ^ (y >> 1) ^ mag01[y & 1u];
  }
  y = (r->mt[GP_N - 1] & 0x80000000u) | (r->mt[0] & 0x7fffffffu);
  r->mt[GP_N - 1] = r->mt[GP_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
  r->mti = 0;
}

static uint32_t gp_u32(GpRng *r) {
  if (r->mti >= GP_N) gp_twist(r);
  uint32_t y = r->mt[r->mti++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* random.random(): (a*2^26 + b) / 2^53; a*2^26 is exact, so the sum rounds once. */
static double gp_random(GpRng *r) {
  uint32_t a = gp_u32(r) >> 5, b = gp_u32(r) >> 6;
  double hi = a * 67108864.0;
  double sum = hi + b;
  return sum * (1.0 / 9007199254740992.0);
}

/* ---- geography and organismes --------------------------------------------------------- */

enum { GP_METRO_COMMUNES = 310, GP_N_ORG = 600, GP_MAX_COMMUNES = 98 * GP_METRO_COMMUNES + 129 };
enum { Z_A_BIS, Z_A, Z_B1, Z_B2, Z_C };

static const char *const gp_zone_name[] = {"A_bis", "A", "B1", "B2", "C"};
/* loyer_marche / loyer in thousandths, by zone */
static const int gp_market[][2] = {{2000, 2500}, {1700, 2200}, {1500, 1900}, {1300, 1600}, {1200, 1400}};
static const char *const gp_drom[] = {"971", "972", "973", "974", "976"};
static const int gp_drom_communes[] = {32, 34, 22, 24, 17};
static const double gp_dpe_cut[] = {.03, .11, .36, .68, .86, .95, 1.0};
static const char *const gp_dpe_val[] = {"A", "B", "C", "D", "E", "F", "G"};
static const double gp_fin_cut[] = {.15, .80, .95, 1.0};
static const char *const gp_fin_val[] = {"PLAI", "PLUS", "PLS", "PLI"};

typedef struct {
  int ncommunes;
  char code[GP_MAX_COMMUNES][6];
  unsigned char zone[GP_MAX_COMMUNES];
  double com_cum[GP_MAX_COMMUNES];
  int org[GP_N_ORG];          /* organisme number of each size rank */
  double org_cum[GP_N_ORG];
} GpWorld;

static int gp_in(const char *dep, const char *const *set, size_t n) {
  for (size_t i = 0; i < n; i++) if (!strcmp(dep, set[i])) return 1;
  return 0;
}

static int gp_big(const char *dep) {
  static const char *const big[] = {"75", "13", "69", "59", "92", "93", "94", "33", "31", "06"};
  return gp_in(dep, big, sizeof big / sizeof big[0]);
}

/* Zone of the rank-th biggest commune (1 = biggest) of a département. */
static int gp_zone_for(const char *dep, int rank) {
  static const char *const petite_couronne[] = {"92", "93", "94"};
  static const char *const idf[] = {"77", "78", "91", "92", "93", "94", "95"};
  if (!strcmp(dep, "75") || (gp_in(dep, petite_couronne, 3) && rank <= 20)) return Z_A_BIS;
  if ((gp_big(dep) && rank <= 5) || gp_in(dep, idf, 7)) return Z_A;
  if (rank == 1) return Z_B1;
  return rank <= 15 ? Z_B2 : Z_C;
}

/* Python's shuffled(): Fisher-Yates from the end, j = int(random() * (i + 1)). */
static void gp_shuffle(GpRng *r, int *items, int n) {
  for (int i = n - 1; i > 0; i--) {
    int j = (int)(gp_random(r) * (i + 1));
    int t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/* v (0 <= v < 10^width) as exactly `width` digits, NUL-terminated */
static void gp_digits(char *dst, int v, int width) {
  for (int k = width - 1; k >= 0; k--, v /= 10) dst[k] = (char)('0' + v % 10);
  dst[width] = '\0';
}

/* The département's commune suffixes, biggest first; returns how many. */
static int gp_suffixes(GpRng *r, const char *dep, int drom, char suffix[][4]) {
  if (drom >= 0) {
    for (int k = 1; k <= gp_drom_communes[drom]; k++) gp_digits(suffix[k - 1], k, 2);
    return gp_drom_communes[drom];
  }
  (void)dep;
  int items[999];
  for (int k = 0; k < 999; k++) items[k] = k + 1;
  gp_shuffle(r, items, 999);
  for (int k = 0; k < GP_METRO_COMMUNES; k++) gp_digits(suffix[k], items[k], 3);
  return GP_METRO_COMMUNES;
}

/* dep + suffix: always 5 characters (2 + 3, or 3 + 2 overseas) */
static void gp_code(char code[6], const char *dep, const char *suffix) {
  size_t d = strlen(dep), s = strlen(suffix);
  if (d + s > 5) abort();
  memcpy(code, dep, d);
  memcpy(code + d, suffix, s + 1);
}

/* One département of build_geography(): its weight, then Zipf sizes inside it. */
static void gp_departement(GpRng *r, GpWorld *w, const char *dep, int drom, double *total) {
  double x = gp_random(r);
  double cube = 3.0 * pow(x, 3.0);
  double dep_w = 0.3 + cube;
  if (gp_big(dep)) dep_w *= 4;
  char suffix[GP_METRO_COMMUNES][4];
  if (drom >= 0) dep_w *= 0.5;
  int n = gp_suffixes(r, dep, drom, suffix);
  double harmonic = 0.0;
  for (int k = 1; k <= n; k++) harmonic += 1 / pow(k, 1.1);
  for (int rank = 1; rank <= n; rank++) {
    double share = dep_w * (1 / pow(rank, 1.1)) / harmonic;
    *total += share;
    int c = w->ncommunes++;
    gp_code(w->code[c], dep, suffix[rank - 1]);
    w->zone[c] = (unsigned char)gp_zone_for(dep, rank);
    w->com_cum[c] = *total;
  }
}

static void gp_build_geography(GpRng *r, GpWorld *w) {
  double total = 0.0;
  char dep[4];
  w->ncommunes = 0;
  for (int d = 1; d <= 95; d++) {
    if (d == 20) continue;
    gp_digits(dep, d, 2);
    gp_departement(r, w, dep, -1, &total);
  }
  gp_departement(r, w, "2A", -1, &total);
  gp_departement(r, w, "2B", -1, &total);
  for (int i = 0; i < 5; i++) gp_departement(r, w, gp_drom[i], i, &total);
}

static void gp_build_organismes(GpRng *r, GpWorld *w) {
  for (int k = 0; k < GP_N_ORG; k++) w->org[k] = k + 1;
  gp_shuffle(r, w->org, GP_N_ORG);
  double t = 0.0;
  for (int k = 1; k <= GP_N_ORG; k++) {
    t += 1 / pow(k, 0.8);
    w->org_cum[k - 1] = t;
  }
}

static size_t gp_bisect_right(const double *a, size_t n, double x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* ---- buffered output -------------------------------------------------------------------- */

enum { GP_BUF = 1 << 20, GP_ROW_MAX = 256 };

typedef struct {
  FILE *f;
  size_t n;
  int err;
  char buf[GP_BUF];
} GpOut;

static void gp_flush(GpOut *o) {
  if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n) o->err = 1;
  o->n = 0;
}

static void gp_str(GpOut *o, const char *s) {
  while (*s) o->buf[o->n++] = *s++;
}

static void gp_chr(GpOut *o, char c) { o->buf[o->n++] = c; }

/* v in decimal, zero-padded to at least width digits */
static void gp_uint(GpOut *o, uint64_t v, int width) {
  char tmp[24];
  int k = 0;
  do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (k < width) tmp[k++] = '0';
  while (k) o->buf[o->n++] = tmp[--k];
}

/* money(cents): "E.CC" */
static void gp_money(GpOut *o, int64_t cents) {
  gp_uint(o, (uint64_t)(cents / 100), 1);
  gp_chr(o, '.');
  gp_uint(o, (uint64_t)(cents % 100), 2);
}

/* ---- rows ------------------------------------------------------------------------------- */

static const char gp_header[] = "id,organisme,commune,qpv,zone,annee_construction,surface,loyer,"
                                "loyer_marche,dpe,vacant,financement,revenu_menage,impaye,accompagne\n";

/* The draws of one dwelling, in the script's order, formatted as one CSV line. */
static void gp_row(GpRng *r, const GpWorld *w, GpOut *o, uint64_t i) {
  size_t nc = (size_t)w->ncommunes;
  size_t c = gp_bisect_right(w->com_cum, nc, gp_random(r) * w->com_cum[nc - 1]);
  if (c > nc - 1) c = nc - 1;
  size_t g = gp_bisect_right(w->org_cum, GP_N_ORG, gp_random(r) * w->org_cum[GP_N_ORG - 1]);
  if (g > GP_N_ORG - 1) g = GP_N_ORG - 1;
  int zone = w->zone[c];
  int qpv = gp_random(r) < 0.30;
  int annee = 1950 + (int)(gp_random(r) * 75);
  double s1 = gp_random(r);
  double s2 = gp_random(r);
  int64_t surface = 1500 + (int64_t)((s1 + s2) / 2 * 12501);
  int64_t loyer = (surface * (500 + (int64_t)(gp_random(r) * 701)) + 50) / 100;
  int lo = gp_market[zone][0], hi = gp_market[zone][1];
  int64_t marche = (loyer * (lo + (int64_t)(gp_random(r) * (hi - lo + 1))) + 500) / 1000;
  size_t dpe = gp_bisect_right(gp_dpe_cut, 7, gp_random(r));
  int vacant = gp_random(r) < 0.03;
  size_t fin = gp_bisect_right(gp_fin_cut, 4, gp_random(r));
  double u = gp_random(r), v = gp_random(r), x = gp_random(r);
  int64_t revenu = -1, impaye = 0;
  int accomp = 0;
  if (!vacant) {
    revenu = 600000 + (int64_t)(u * u * 5400001);
    impaye = x < 0.10 ? 1000 + (int64_t)(pow(v, 3.0) * 499001) : 0;
    accomp = gp_random(r) < (impaye ? 0.30 : 0.0556);
  }
  gp_chr(o, 'L'); gp_uint(o, i, 8); gp_chr(o, ',');
  gp_str(o, "ORG"); gp_uint(o, (uint64_t)w->org[g], 3); gp_chr(o, ',');
  gp_str(o, w->code[c]); gp_chr(o, ',');
  gp_chr(o, (char)('0' + qpv)); gp_chr(o, ',');
  gp_str(o, gp_zone_name[zone]); gp_chr(o, ',');
  gp_uint(o, (uint64_t)annee, 1); gp_chr(o, ',');
  gp_money(o, surface); gp_chr(o, ',');
  gp_money(o, loyer); gp_chr(o, ',');
  gp_money(o, marche); gp_chr(o, ',');
  gp_str(o, gp_dpe_val[dpe]); gp_chr(o, ',');
  gp_chr(o, (char)('0' + vacant)); gp_chr(o, ',');
  gp_str(o, gp_fin_val[fin]); gp_chr(o, ',');
  if (revenu >= 0) gp_money(o, revenu);
  gp_chr(o, ',');
  gp_money(o, impaye); gp_chr(o, ',');
  gp_chr(o, (char)('0' + accomp)); gp_chr(o, '\n');
}

/* Writes the header and `rows` dwellings for `seed` to f (borrowed, not closed).
 * Returns 0, or -1 on a write or allocation error. */
static int gp_write(FILE *f, uint64_t rows, int64_t seed) {
  GpRng *r = malloc(sizeof *r);
  GpWorld *w = malloc(sizeof *w);
  GpOut *o = malloc(sizeof *o);
  int rc = -1;
  if (r && w && o) {
    gp_seed(r, seed);
    gp_build_geography(r, w);
    gp_build_organismes(r, w);
    *o = (GpOut){.f = f};
    gp_str(o, gp_header);
    for (uint64_t i = 1; i <= rows; i++) {
      gp_row(r, w, o, i);
      if (o->n > GP_BUF - GP_ROW_MAX) gp_flush(o);
    }
    gp_flush(o);
    rc = o->err || fflush(f) ? -1 : 0;
  }
  free(r);
  free(w);
  free(o);
  return rc;
}

#ifndef GEN_PARC_NO_MAIN
/* ---- command line ----------------------------------------------------------------------- */

static const char gp_usage[] = "usage: gen_parc --rows N --out FILE [--seed 42]   (--out - for stdout)\n";

/* "--name VALUE" or "--name=VALUE": the value, advancing *i past it; NULL if not this option. */
static const char *gp_opt(int argc, char **argv, int *i, const char *name) {
  size_t len = strlen(name);
  if (strncmp(argv[*i], name, len)) return NULL;
  if (argv[*i][len] == '=') return argv[*i] + len + 1;
  if (argv[*i][len] || *i + 1 >= argc) return NULL;
  return argv[++*i];
}

static int gp_parse_int(const char *s, long long *out) {
  char *end;
  if (!s || !*s) return -1;
  errno = 0;
  *out = strtoll(s, &end, 10);
  return *end || errno ? -1 : 0;
}

int main(int argc, char **argv) {
  const char *out = NULL, *rows_arg = NULL, *seed_arg = "42", *v;
  long long rows, seed;
  for (int i = 1; i < argc; i++) {
    if ((v = gp_opt(argc, argv, &i, "--rows"))) rows_arg = v;
    else if ((v = gp_opt(argc, argv, &i, "--seed"))) seed_arg = v;
    else if ((v = gp_opt(argc, argv, &i, "--out"))) out = v;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { fputs(gp_usage, stdout); return 0; }
    else { fputs(gp_usage, stderr); return 2; }
  }
  if (!out || gp_parse_int(rows_arg, &rows) || gp_parse_int(seed_arg, &seed)) {
    fputs(gp_usage, stderr);
    return 2;
  }
  FILE *f = strcmp(out, "-") ? fopen(out, "w") : stdout;
  if (!f) { perror(out); return 2; }
  int rc = gp_write(f, rows < 0 ? 0 : (uint64_t)rows, (int64_t)seed);
  if (f != stdout && fclose(f)) rc = -1;
  if (rc) { fprintf(stderr, "gen_parc: cannot write %s\n", out); return 2; }
  return 0;
}
#endif
