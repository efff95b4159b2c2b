/* eval_keys.c — the uniqueness of every table's `clé`, in memory that does not grow with
 * the rows. A table designated by `réf` and kept whole checks its keys as it indexes them
 * (eval_table.c); every other key — of a table nothing designates, or the keys a join on
 * the small side does not keep — is checked here, exactly:
 *
 *   1. While the table is read, each key (as text, a number in its canonical form) gives a
 *      64-bit fingerprint. Fingerprints fill a run of at most RUN entries (2 MiB); a full
 *      run is sorted (radix) and written to a temporary file.
 *   2. After the pass, the runs are merged (one run: a scan of the sorted run); a
 *      fingerprint met twice is a suspect.
 *   3. Only if there is a suspect, the table's key column is read once more and the keys
 *      whose fingerprint is a suspect are compared as texts: a real duplicate is a data
 *      error on its second row (as for designated tables); a mere collision of
 *      fingerprints (about one chance in 10^7 for five million keys) is nothing.
 *
 * Memory: the run, its sort scratch, and a buffer per spilled run while merging; disk: 8
 * bytes per key when the table has more than RUN keys. If the temporary file cannot be
 * written, the table's keys are left unchecked and a note names the table.
 *
 * For tests: PVS_KEY_RUN=N makes runs of N keys (spills on small files), PVS_KEY_BITS=B
 * keeps B bits of each fingerprint (collisions on small files: the exact check must keep
 * them from being reported). */
#include "eval_int.h"
#include "intl.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { RUN = 1 << 18, MERGE_BUF = 4096, MAX_SUSPECTS = 4096 };

struct KeyCheck {
  uint64_t *run; int n, cap;   /* the current run, unsorted */
  int run_max; uint64_t mask;  /* RUN and all bits, unless a test says otherwise */
  FILE *spill; long nspilled;  /* sorted runs written, RUN entries each */
  uint64_t *sus; int nsus;     /* fingerprints met twice, sorted at the end */
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
static void radix_sort(uint64_t *a, uint64_t *tmp, int n) {   /* 6 passes of 11 bits */
  enum { BITS = 11, SIZE = 1 << BITS };
  for (int shift = 0; shift < 64; shift += BITS) {
    int count[SIZE + 1] = {0};
    for (int i = 0; i < n; i++) count[((a[i] >> shift) & (SIZE - 1)) + 1]++;
    for (int b = 0; b < SIZE; b++) count[b + 1] += count[b];
    for (int i = 0; i < n; i++) tmp[count[(a[i] >> shift) & (SIZE - 1)]++] = a[i];
    uint64_t *t = a; a = tmp; tmp = t;   /* an even number of passes ends in the caller's array */
  }
}

static void give_up(Plan *p, TablePlan *tp, const char *why) {
  KeyCheck *k = tp->keys;
  if (k->failed) return;
  k->failed = true;
  diag_at(p->d, DIAG_NOTE, tp->path, 0, 0, NULL,
          _("the keys of table '%s' were not checked for duplicates (%s); the rest of the evaluation is not affected"),
          tp->sym->name, why);
}

static void suspect(KeyCheck *k, uint64_t fp) {
  if (k->nsus && k->sus[k->nsus - 1] == fp) return;   /* met in order: a repeat is the last one */
  if (k->nsus == MAX_SUSPECTS) return;   /* so many duplicates: those found are reported */
  if (!k->sus && !(k->sus = malloc(sizeof *k->sus * MAX_SUSPECTS))) return;
  k->sus[k->nsus++] = fp;
}

/* Sorts the current run; false when the scratch cannot be allocated. */
static bool sort_run(KeyCheck *k) {
  uint64_t *tmp = malloc(sizeof *tmp * (size_t)(k->n ? k->n : 1));
  if (!tmp) return false;
  radix_sort(k->run, tmp, k->n);
  free(tmp);
  return true;
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

static void spill(Plan *p, TablePlan *tp) {
  KeyCheck *k = tp->keys;
  if (!sort_run(k)) { give_up(p, tp, _("out of memory")); return; }
  if (!k->spill && !(k->spill = temp_file())) { give_up(p, tp, _("no temporary file could be created")); return; }
  if (fwrite(k->run, sizeof *k->run, (size_t)k->n, k->spill) != (size_t)k->n) {
    give_up(p, tp, _("the temporary file could not be written"));
    return;
  }
  k->nspilled++;
  k->n = 0;
}

static KeyCheck *new_check(void) {
  KeyCheck *k = calloc(1, sizeof *k);
  if (!k) return NULL;
  const char *run = getenv("PVS_KEY_RUN"), *bits = getenv("PVS_KEY_BITS");
  k->run_max = run && atoi(run) > 0 && atoi(run) < RUN ? atoi(run) : RUN;
  k->mask = bits && atoi(bits) > 0 && atoi(bits) < 64 ? (UINT64_C(1) << atoi(bits)) - 1 : UINT64_MAX;
  return k;
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

/* ---- merging: a fingerprint met twice is a suspect ---- */
typedef struct Cursor { long at, end; uint64_t buf[MERGE_BUF]; int n, i; } Cursor;

static bool cursor_next(FILE *f, Cursor *c, uint64_t *out) {
  if (c->i == c->n) {
    long want = c->end - c->at < MERGE_BUF ? c->end - c->at : MERGE_BUF;
    if (want <= 0 || fseek(f, c->at * (long)sizeof(uint64_t), SEEK_SET)) return false;
    c->n = (int)fread(c->buf, sizeof *c->buf, (size_t)want, f);
    c->i = 0;
    c->at += c->n;
    if (!c->n) return false;
  }
  *out = c->buf[c->i++];
  return true;
}

/* A binary heap of the runs' heads, smallest first. */
typedef struct Head { uint64_t fp; int run; } Head;

static void sift_down(Head *h, int n, int i) {
  for (;;) {
    int l = 2 * i + 1, m = i;
    if (l < n && h[l].fp < h[m].fp) m = l;
    if (l + 1 < n && h[l + 1].fp < h[m].fp) m = l + 1;
    if (m == i) return;
    Head t = h[i]; h[i] = h[m]; h[m] = t;
    i = m;
  }
}

static void merge_runs(Plan *p, TablePlan *tp) {
  KeyCheck *k = tp->keys;
  long nr = k->nspilled;
  Cursor *cur = malloc(sizeof *cur * (size_t)nr);
  Head *heap = malloc(sizeof *heap * (size_t)nr);
  if (!cur || !heap) { free(cur); free(heap); give_up(p, tp, _("out of memory")); return; }
  int nh = 0;
  for (long r = 0; r < nr; r++) {
    cur[r] = (Cursor){.at = r * k->run_max, .end = (r + 1) * k->run_max};
    if (cursor_next(k->spill, &cur[r], &heap[nh].fp)) heap[nh++].run = (int)r;
  }
  for (int i = nh / 2 - 1; i >= 0; i--) sift_down(heap, nh, i);
  bool have = false;
  uint64_t last = 0;
  while (nh) {
    uint64_t fp = heap[0].fp;
    if (have && fp == last) suspect(k, fp);
    last = fp;
    have = true;
    if (!cursor_next(k->spill, &cur[heap[0].run], &heap[0].fp)) heap[0] = heap[--nh];
    sift_down(heap, nh, 0);
  }
  if (ferror(k->spill)) give_up(p, tp, _("the temporary file could not be read"));
  free(cur);
  free(heap);
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
  qsort(k->sus, (size_t)k->nsus, sizeof *k->sus, cmp_u64);
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
    int id = mine && bsearch(&fp, k->sus, (size_t)k->nsus, sizeof fp, cmp_u64) ? strmap_add(&seen, s, len, &added) : -1;
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
    if (k->nspilled) {
      spill(p, tp);
      if (!k->failed) merge_runs(p, tp);
    } else if (sort_run(k)) {
      for (int i = 1; i < k->n; i++)
        if (k->run[i] == k->run[i - 1]) suspect(k, k->run[i]);
    } else give_up(p, tp, _("out of memory"));
  }
  free(k->run);
  k->run = NULL;
  if (k->spill) fclose(k->spill);
  k->spill = NULL;
  if (complete && !k->failed && k->nsus) recheck(p, tp);
  free(k->sus);
  free(k);
  tp->keys = NULL;
}
