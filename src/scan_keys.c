/* scan_keys.c — the uniqueness of every table's `clé`, in memory that does not grow with
 * the rows. A table designated by `réf` and kept whole checks its keys as it indexes them
 * (scan_table.c); every other key — of a table nothing designates, or the keys a join on
 * the small side does not keep — is checked here, exactly:
 *
 *   1. While the table is read, each key (as text, a number in its canonical form) gives a
 *      64-bit fingerprint. Fingerprints fill a run of at most RUN entries (2 MiB); a full
 *      run is cut into PARTS parts by the fingerprints' top bits (one counting pass) and
 *      written to a temporary file, part after part.
 *   2. After the pass, each part is checked in turn: its slices of every run (the last one
 *      still in memory) go into a small hash set; a fingerprint met twice is a suspect.
 *      Two equal fingerprints always fall in the same part, and a part's set fits in the
 *      cache (RUN / PARTS entries per run), so this costs a few ns per key — no sort and
 *      no merge of the runs.
 *   3. Only if there is a suspect, the table's key column is read once more and the keys
 *      whose fingerprint is a suspect are compared as texts: a real duplicate is a data
 *      error on its second row (as for designated tables); a mere collision of
 *      fingerprints (about one chance in 10^7 for five million keys) is nothing.
 *
 * Memory: the run and its scratch, a read buffer per spilled run and PARTS offsets per
 * spilled run while checking, the set of one part; disk: 8 bytes per key when the table
 * has more than RUN keys. If the temporary file cannot be written, the table's keys are
 * left unchecked and a note names the table.
 *
 * For tests: PVS_KEY_RUN=N makes runs of N keys (spills on small files), PVS_KEY_BITS=B
 * keeps B bits of each fingerprint (collisions on small files: the exact check must keep
 * them from being reported). */
#include "eval_int.h"
#include "intl.h"
#include "mem.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { RUN = 1 << 18, PART_BITS = 10, PARTS = 1 << PART_BITS, READ_BUF = 4096, MAX_SUSPECTS = 4096, MAX_THREADS = 16 };

typedef struct Suspects { uint64_t *v; int n; } Suspects;

struct KeyCheck {
  uint64_t *run; int n, cap;   /* the current run, in the order met */
  int run_max; uint64_t mask;  /* RUN and all bits, unless a test says otherwise */
  FILE *spill; long nspilled;  /* runs written, each part after part */
  uint32_t *offs; long ocap;   /* offs[r * (PARTS + 1) + j]: where part j of spilled run r starts */
  Suspects sus;                /* fingerprints met twice */
  bool failed;                 /* the check was given up (a note said so) */
};

/* ---- fingerprints ---- */
static uint64_t mix(uint64_t x) {   /* splitmix64's finaliser */
  x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27; x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static uint64_t fingerprint(const char *s, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL * (n + 1);
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  return mix(h ^ w ^ ((uint64_t)n << 56));
}

/* ---- runs ---- */
/* The part of a fingerprint: the top bits of a bijective mix (so that the few bits kept by
 * PVS_KEY_BITS still spread over the parts). Equal fingerprints, same part. */
static unsigned part_of(uint64_t fp) { return (unsigned)((fp * 0x9E3779B97F4A7C15ULL) >> (64 - PART_BITS)); }

/* Copies the n fingerprints of a into out, part after part; off[j]: where part j starts,
 * off[PARTS] = n. */
static void partition(const uint64_t *a, uint64_t *out, int n, uint32_t *off) {
  uint32_t at[PARTS + 1] = {0};
  for (int i = 0; i < n; i++) at[part_of(a[i]) + 1]++;
  for (int j = 0; j < PARTS; j++) at[j + 1] += at[j];
  memcpy(off, at, sizeof at);
  for (int i = 0; i < n; i++) out[at[part_of(a[i])]++] = a[i];
}

/* The size of a run and the bits kept of each fingerprint: RUN and all, unless a test says
 * otherwise (PVS_KEY_RUN, PVS_KEY_BITS). */
static int run_size(void) {
  const char *run = getenv("PVS_KEY_RUN");
  return run && atoi(run) > 0 && atoi(run) < RUN ? atoi(run) : RUN;
}

static uint64_t fp_mask(void) {
  const char *bits = getenv("PVS_KEY_BITS");
  return bits && atoi(bits) > 0 && atoi(bits) < 64 ? (UINT64_C(1) << atoi(bits)) - 1 : UINT64_MAX;
}

static void give_up(Plan *p, TablePlan *tp, const char *why) {
  KeyCheck *k = tp->keys;
  if (k->failed) return;
  k->failed = true;
  diag_at(p->d, DIAG_NOTE, tp->path, 0, 0, NULL,
          _("the keys of table '%s' were not checked for duplicates (%s); the rest of the evaluation is not affected"),
          tp->sym->name, why);
}

/* A fingerprint met twice (each is given once). Past MAX_SUSPECTS of them, the smallest
 * are kept (a max-heap): the same ones whatever order the parts are checked in, those a
 * sorted merge of the runs kept. */
static void suspect(Suspects *s, uint64_t fp) {
  if (!s->v && !(s->v = malloc(sizeof *s->v * MAX_SUSPECTS))) return;
  int i;
  if (s->n < MAX_SUSPECTS) {
    for (i = s->n++; i > 0 && s->v[(i - 1) / 2] < fp; i = (i - 1) / 2) s->v[i] = s->v[(i - 1) / 2];
    s->v[i] = fp;
    return;
  }
  if (fp >= s->v[0]) return;
  for (i = 0;;) {   /* the largest makes room: fp sifts down from the top */
    int c = 2 * i + 1;
    if (c >= s->n) break;
    if (c + 1 < s->n && s->v[c + 1] > s->v[c]) c++;
    if (s->v[c] <= fp) break;
    s->v[i] = s->v[c];
    i = c;
  }
  s->v[i] = fp;
}

/* An anonymous temporary file in $TMPDIR (else /tmp), removed at once: gone when closed. */
static FILE *temp_file(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  size_t n = strlen(dir) + sizeof "/pvs-keys-XXXXXX";
  char *path = malloc(n);
  if (!path) return NULL;
  snprintf(path, n, "%s/pvs-keys-XXXXXX", dir);
  int fd = mkstemp(path);
  FILE *f = NULL;
  if (fd >= 0) {
    unlink(path);
    if (!(f = fdopen(fd, "w+b"))) close(fd);
  }
  free(path);
  return f;
}

/* Writes the current run to the temporary file, part after part, and keeps where its parts
 * start. */
/* Writes a full run, cut into its parts (cut, with off: where each part starts), to the
 * temporary file, and keeps off. */
static void spill_parts(Plan *p, TablePlan *tp, const uint64_t *cut, const uint32_t *off) {
  KeyCheck *k = tp->keys;
  if (k->nspilled == k->ocap) {
    long cap = k->ocap ? 2 * k->ocap : 8;
    uint32_t *o = realloc(k->offs, sizeof *o * (size_t)(PARTS + 1) * (size_t)cap);
    if (o) { k->offs = o; k->ocap = cap; }
  }
  if (k->nspilled == k->ocap) { give_up(p, tp, _("out of memory")); return; }
  if (!k->spill && !(k->spill = temp_file())) { give_up(p, tp, _("no temporary file could be created")); return; }
  if (fwrite(cut, sizeof *cut, (size_t)k->run_max, k->spill) != (size_t)k->run_max) {
    give_up(p, tp, _("the temporary file could not be written"));
    return;
  }
  memcpy(k->offs + k->nspilled * (PARTS + 1), off, sizeof *off * (PARTS + 1));
  k->nspilled++;
}

/* The current run, full: cut into its parts and written. */
static void spill(Plan *p, TablePlan *tp) {
  KeyCheck *k = tp->keys;
  uint64_t *tmp = malloc(sizeof *tmp * (size_t)k->n);
  if (!tmp) { give_up(p, tp, _("out of memory")); return; }
  uint32_t off[PARTS + 1];
  partition(k->run, tmp, k->n, off);
  spill_parts(p, tp, tmp, off);
  free(tmp);
  k->n = 0;
}

static KeyCheck *new_check(void) {
  KeyCheck *k = calloc(1, sizeof *k);
  if (!k) return NULL;
  k->run_max = run_size();
  k->mask = fp_mask();
  return k;
}

/* ---- runs gathered by the workers of the parallel scan ---- */
/* (A worker's run is the scan's memory, under the allocation policy: mem.h.) */
void ev_keys_run_init(KeyRun *r) {
  memset(r, 0, sizeof *r);
  r->cap = run_size();
  r->mask = fp_mask();
}

void ev_keys_run_free(KeyRun *r) {
  mem_free(r->fp);
  mem_free(r->cut);
  mem_free(r->off);
  memset(r, 0, sizeof *r);
}

void ev_keys_run_add(KeyRun *r, uint64_t fp) {
  if (!r->fp) r->fp = mem_alloc(sizeof *r->fp * (size_t)r->cap);
  r->fp[r->n++] = fp;
}

void ev_keys_run_cut(KeyRun *r) {
  if (!r->cut) r->cut = mem_alloc(sizeof *r->cut * (size_t)r->cap);
  if (!r->off) r->off = mem_alloc(sizeof *r->off * (PARTS + 1));
  for (int i = 0; i < r->n; i++) r->fp[i] &= r->mask;
  partition(r->fp, r->cut, r->n, r->off);
}

void ev_keys_add_run(Plan *p, TablePlan *tp, KeyRun *r) {
  if (!tp->keys && !(tp->keys = new_check())) return;
  if (!tp->keys->failed) spill_parts(p, tp, r->cut, r->off);
  r->n = 0;
}

/* A key of the table's first read that the réf index does not hold. */
void ev_keys_add(Plan *p, TablePlan *tp, const char *key, size_t len) { ev_keys_add_fp(p, tp, fingerprint(key, len)); }

uint64_t ev_key_fingerprint(const char *key, size_t len) { return fingerprint(key, len); }

/* The same by its fingerprint (the parallel scan's workers compute them, then add them in
 * batches: the check does not depend on their order). */
void ev_keys_add_fp(Plan *p, TablePlan *tp, uint64_t fp) {
  if (!tp->keys && !(tp->keys = new_check())) return;
  KeyCheck *k = tp->keys;
  if (k->failed) return;
  if (k->n == k->cap) {
    int cap = k->cap ? 2 * k->cap : 1024;
    uint64_t *v = realloc(k->run, sizeof *v * (size_t)cap);
    if (!v) { give_up(p, tp, _("out of memory")); return; }
    k->run = v;
    k->cap = cap;
  }
  k->run[k->n++] = fp & k->mask;
  if (k->n == k->run_max) spill(p, tp);
}

/* ---- checking part after part: a fingerprint met twice is a suspect ---- */
/* The parts are checked in ranges, one per thread when the scan has several (--jobs): a
 * part depends on nothing outside it. */
/* A spilled run read part after part: its entries [at, end) in the file not yet buffered,
 * buf[i..n) buffered. */
typedef struct Cursor { long at, end; uint64_t buf[READ_BUF]; int n, i; } Cursor;

/* The set of one part: open addressing over 2^bits slots, 0 = empty (the fingerprint 0 is
 * counted aside); twice[j]: slot j's fingerprint is already a suspect (each suspect is
 * kept once: a key met thousands of times must not fill the MAX_SUSPECTS others need). */
typedef struct PartSet { uint64_t *slot; unsigned char *twice; int bits; long zeros; } PartSet;

/* A range of parts [j0, j1) and what checking it found; err: 1 out of memory, 2 the
 * temporary file could not be read. */
typedef struct Range {
  const KeyCheck *k; int fd; const uint64_t *last; const uint32_t *loff;
  int j0, j1;
  Suspects sus; int err;
  pthread_t th;
} Range;

static void set_add(Suspects *sus, PartSet *s, uint64_t fp) {
  if (!fp) { if (s->zeros++ == 1) suspect(sus, fp); return; }
  uint64_t mask = ((uint64_t)1 << s->bits) - 1;
  /* below the part's bits, which are the same for the whole part */
  for (uint64_t j = ((fp * 0x9E3779B97F4A7C15ULL) >> (64 - PART_BITS - s->bits)) & mask;; j = (j + 1) & mask) {
    if (!s->slot[j]) { s->slot[j] = fp; return; }
    if (s->slot[j] != fp) continue;
    if (!s->twice[j]) suspect(sus, fp);
    s->twice[j] = 1;
    return;
  }
}

/* Adds the next `count` entries of the spilled run c (read with pread: the ranges read the
 * file at once) to the set; false on a read error. */
static bool cursor_add(Range *g, Cursor *c, long count, PartSet *s) {
  while (count > 0) {
    if (c->i == c->n) {
      long want = c->end - c->at < READ_BUF ? c->end - c->at : READ_BUF;
      ssize_t got = want > 0 ? pread(g->fd, c->buf, sizeof *c->buf * (size_t)want, (off_t)c->at * (off_t)sizeof(uint64_t)) : 0;
      c->n = got > 0 ? (int)(got / (ssize_t)sizeof *c->buf) : 0;
      c->i = 0;
      c->at += c->n;
      if (!c->n) return false;
    }
    for (; c->i < c->n && count > 0; count--) set_add(&g->sus, s, c->buf[c->i++]);
  }
  return true;
}

/* Where part j of spilled run r starts, in entries from the run's start. */
static long part_at(const KeyCheck *k, long r, int j) { return k->offs[r * (PARTS + 1) + j]; }

static long part_total(const KeyCheck *k, const uint32_t *loff, int j) {
  long n = (long)loff[j + 1] - loff[j];
  for (long r = 0; r < k->nspilled; r++) n += part_at(k, r, j + 1) - part_at(k, r, j);
  return n;
}

/* The bits of a set for n entries: at least twice as many slots. */
static int set_bits(long n) {
  int bits = 4;
  while (((long)1 << bits) < 2 * n && bits < 64 - PART_BITS) bits++;
  return bits;
}

static void *check_range(void *arg) {
  Range *g = arg;
  const KeyCheck *k = g->k;
  long nr = k->nspilled, most = 0;
  for (int j = g->j0; j < g->j1; j++) if (part_total(k, g->loff, j) > most) most = part_total(k, g->loff, j);
  Cursor *cur = malloc(sizeof *cur * (size_t)(nr ? nr : 1));
  PartSet set = {malloc(sizeof *set.slot << set_bits(most)), malloc((size_t)1 << set_bits(most)), 0, 0};
  if (!cur || !set.slot || !set.twice) { free(cur); free(set.slot); free(set.twice); g->err = 1; return NULL; }
  for (long r = 0; r < nr; r++)
    cur[r] = (Cursor){.at = r * k->run_max + part_at(k, r, g->j0), .end = r * k->run_max + part_at(k, r, g->j1)};
  bool ok = true;
  for (int j = g->j0; j < g->j1 && ok; j++) {
    set.bits = set_bits(part_total(k, g->loff, j));
    memset(set.slot, 0, sizeof *set.slot << set.bits);
    memset(set.twice, 0, (size_t)1 << set.bits);
    set.zeros = 0;
    for (long r = 0; r < nr && ok; r++) ok = cursor_add(g, &cur[r], part_at(k, r, j + 1) - part_at(k, r, j), &set);
    for (uint32_t i = g->loff[j]; i < g->loff[j + 1]; i++) set_add(&g->sus, &set, g->last[i]);
  }
  g->err = ok ? 0 : 2;
  free(cur);
  free(set.slot);
  free(set.twice);
  return NULL;
}

/* Checks every part: in as many ranges as the scan has threads when runs were spilled
 * (a table of more than RUN keys), else in one; the suspects are gathered in part order. */
static void check_parts(Plan *p, TablePlan *tp, const uint64_t *last, const uint32_t *loff) {
  KeyCheck *k = tp->keys;
  int n = k->nspilled ? ev_scan_jobs(p) : 1, err = 0;
  if (n > MAX_THREADS) n = MAX_THREADS;
  if (k->nspilled) fflush(k->spill);
  Range g[MAX_THREADS];
  for (int i = 0; i < n; i++)
    g[i] = (Range){k, k->nspilled ? fileno(k->spill) : -1, last, loff, PARTS * i / n, PARTS * (i + 1) / n, {NULL, 0}, 0, 0};
  bool threaded[MAX_THREADS] = {false};
  for (int i = 1; i < n; i++) threaded[i] = !pthread_create(&g[i].th, NULL, check_range, &g[i]);
  for (int i = 0; i < n; i++) if (!threaded[i]) check_range(&g[i]);   /* range 0, and any thread not started */
  for (int i = 0; i < n; i++) {
    if (threaded[i]) pthread_join(g[i].th, NULL);
    for (int s = 0; s < g[i].sus.n; s++) suspect(&k->sus, g[i].sus.v[s]);
    free(g[i].sus.v);
    if (g[i].err > err) err = g[i].err;
  }
  if (err == 1) give_up(p, tp, _("out of memory"));
  if (err == 2 || (k->nspilled && ferror(k->spill))) give_up(p, tp, _("the temporary file could not be read"));
}

/* The last run cut into its parts in memory, then every part checked. */
static void find_suspects(Plan *p, TablePlan *tp) {
  KeyCheck *k = tp->keys;
  uint64_t *last = malloc(sizeof *last * (size_t)(k->n ? k->n : 1));
  if (!last) { give_up(p, tp, _("out of memory")); return; }
  uint32_t loff[PARTS + 1];
  partition(k->run, last, k->n, loff);
  check_parts(p, tp, last, loff);
  free(last);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* ---- the exact check of the suspects ---- */
static bool grow_lines(long **lines, int *cap, int id) {
  int ncap = *cap ? 2 * *cap : 64;
  while (ncap <= id) ncap *= 2;
  long *v = realloc(*lines, sizeof *v * (size_t)ncap);
  if (!v) return false;
  *lines = v;
  *cap = ncap;
  return true;
}

static void recheck(Plan *p, TablePlan *tp) {
  KeyCheck *k = tp->keys;
  qsort(k->sus.v, (size_t)k->sus.n, sizeof *k->sus.v, cmp_u64);
  CsvReader *rd = ev_open_source(tp);
  const CsvField *h;
  if (csv_error(rd) || csv_header(rd, &h) <= 0) { csv_close(rd); give_up(p, tp, _("the file could not be read again")); return; }
  StrMap seen = {0};   /* the suspects' keys met so far, and the line of each */
  long *lines = NULL;
  int lcap = 0;
  tp->rd = rd;
  int nf;
  while ((nf = csv_next(rd, &tp->f)) > 0 && p->data_errors < EV_MAX_DATA_ERRORS) {
    if (tp->cols[tp->keycol].csv >= nf) continue;
    tp->nf = nf;
    tp->line = csv_record_line(rd);
    NumText nt = {0};
    size_t len;
    const char *s = ev_row_key(p, tp, true, &nt, &len);
    uint64_t fp = s ? fingerprint(s, len) & k->mask : 0;
    bool added = false;
    bool mine = s && !(tp->indexed && ev_row_wanted(tp, s, len));   /* a designated key was checked as indexed */
    int id = mine && bsearch(&fp, k->sus.v, (size_t)k->sus.n, sizeof fp, cmp_u64) ? strmap_add(&seen, s, len, &added) : -1;
    if (id >= 0 && !added)
      ev_data_error(p, tp, tp->cols[tp->keycol].csv, _("key '%.*s' of table '%s' appears twice (first on line %ld); each row needs its own key"),
                    (int)len, s, tp->sym->name, id < lcap ? lines[id] : 0L);
    else if (id >= 0 && (id < lcap || grow_lines(&lines, &lcap, id))) lines[id] = tp->line;
    num_text_free(&nt);
  }
  strmap_free(&seen);
  free(lines);
  csv_close(rd);
  tp->rd = NULL;
  tp->f = NULL;
}

/* After the table's first pass (complete: the whole file was read): finds the duplicates. */
void ev_keys_end(Plan *p, TablePlan *tp, bool complete) {
  KeyCheck *k = tp->keys;
  if (!k) return;
  if (complete && !k->failed) {
    find_suspects(p, tp);
  }
  free(k->run);
  k->run = NULL;
  free(k->offs);
  k->offs = NULL;
  if (k->spill) fclose(k->spill);
  k->spill = NULL;
  if (complete && !k->failed && k->sus.n) recheck(p, tp);
  free(k->sus.v);
  free(k);
  tp->keys = NULL;
}
