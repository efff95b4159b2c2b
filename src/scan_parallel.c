/* scan_parallel.c — the parallel scan (pvs eval --jobs N): one pass over a table's file read by
 * N threads, each over a part of the file, into accumulators of its own, then merged in the
 * order of the file. Exact arithmetic makes sums and counts independent of the order; what
 * is not (the ids of new groups, médiane's values, the first failures of a row-level
 * contrôle, a column's decimal mark) is merged in file order, so every output is the serial
 * reading's, byte for byte, whatever N.
 *
 * Parts. The data after the header is cut at N-1 nominal offsets; part k starts at a line
 * start at or after its nominal offset, preferably one whose line and the line before it
 * hold no quote (a record start, unless a quoted field spans both). Each worker reads
 * records from its start until the first record that starts at or after the next nominal
 * offset, so it ends where a record ends, having started where one starts. Part k+1's start
 * was right exactly when worker k stopped there: a line start inside a quoted field is
 * never where a record ends. Part 0 starts after the header, read by the caller.
 *
 * Anything else goes back to the serial reading: a wrong start, or a worker meeting what
 * the serial reading reports (a data error, a CSV error, an older commune code, a decimal
 * mark other than the one the column uses first). The parts are then dropped and the file
 * is read from its header on by one thread, so diagnostics are always the serial reading's.
 *
 * A worker runs on copies of the Plan and of the table (row state, columns, breakdowns,
 * aggregates, shared row expressions, row-level contrôles); the evaluator reaches the row
 * through ev_rt/ev_rs (eval_int.h), which give a worker its copies. A worker never
 * allocates in the arena, never adds to a breakdown (groups new to it get local ids, see
 * scan_group.c), never reports; its keys go to the uniqueness check in batches, under a
 * lock (the check does not depend on their order). Indicators and valuations its rows read
 * are computed before the threads start.
 *
 * The first read of a table designated by réf is split too: a worker keeps the rows for the
 * index aside (key, line, stored columns); they are added to the index in file order before
 * anything else is merged; a key met twice empties the index, and the file is read serially
 * (which reports it).
 *
 * Read by one thread, said by `pvs explain --plan`: a database table, a file converted from
 * latin1/cp1252 or digested (--format html), a table that designates its own rows through
 * réf, a pass whose rows read a cost or an aggregate directly. Also (not a
 * property of the plan, so not said) a file with less than MIN_PART bytes per part, and
 * --jobs 1. For tests: PVS_SCAN_PART=BYTES lowers MIN_PART (tiny files are split),
 * PVS_SCAN_NAIVE=1 starts parts at the first line start (quoted newlines then make wrong
 * starts, which must be caught). */
#include "eval_int.h"
#include "intl.h"
#include "mem.h"
#include "pgsrc.h"
#include "territory.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MIN_PART = 4 << 20, MAX_JOBS = 64, PEEK = 1 << 16 };

typedef struct Scan { Plan *p; TablePlan *tp; pthread_mutex_t lock; } Scan;
/* A row a worker keeps for the réf index: its key, its line (from the part's start), the
 * values of the stored columns (texts copied). */
typedef struct Kept { char *key; size_t len; long line; Value *vals; } Kept;

typedef struct ScanWorker {
  Scan *sc;
  Plan p; TablePlan t;             /* its copies; t.rd reads its part */
  long long start, stop;           /* its first record; the next part's start (-1: none) */
  long long stopped; long lines;   /* where it stopped; physical lines from start to there */
  int rc;                          /* ev_scan_rows: 1 the end, 0 stopped at stop, -1 failed */
  Slot *slots; SharedExpr *shared; TableSpace *spaces; RowCheck *checks; CheckResult *res;
  KeyRun keys;                     /* key fingerprints not yet given to the check */
  struct Kept *kept; long nkept, kcap;   /* rows kept for the réf index, in file order */
  pthread_t th;
} Worker;

/* ---- what the scan may split ---- */
typedef struct Walk { Plan *p; bool ok, compute; } Walk;

/* Whether a row expression can be evaluated by a worker: not a cost or an aggregate read
 * directly (their values are computed on demand, in shared state); indicators and
 * valuations are computed now when `compute`. */
static bool walk(const ENode *n, void *ctx) {
  Walk *w = ctx;
  if (!n) return true;
  switch (n->k) {
  case N_COST: case N_AGG: w->ok = false; return false;
  case N_IND: if (w->compute) ev_compute_indicator(w->p, n->ind); return true;
  case N_VALUATION: if (w->compute && n->sym->eval) ev_valuation_compute(w->p, n->sym->eval); return true;
  default: return ev_each_kid(n, walk, ctx);
  }
}

/* Walks the row expressions of the current stage's aggregates and contrôles of tp. */
static bool walk_rows(Plan *p, TablePlan *tp, bool compute) {
  Walk w = {p, true, compute};
  for (int i = 0; i < tp->nslots && w.ok; i++)
    if (tp->slots[i]->stage == p->stage) { walk(tp->slots[i]->filter, &w); if (w.ok) walk(tp->slots[i]->expr, &w); }
  for (int i = 0; i < tp->nchecks && w.ok; i++)
    if (tp->checks[i].uses->stage == p->stage) walk(tp->checks[i].cond, &w);
  return w.ok;
}

static bool utf8(const char *enc) { return !enc || !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8"); }

/* Why this pass is read by one thread whatever --jobs says (a msgid), or NULL. */
static const char *serial_reason(Plan *p, TablePlan *tp) {
  if (pg_is_url(tp->src)) return N_("a database table is read through one connection");
  if (p->o->checksums && !tp->reads) return N_("its SHA-256 is computed as it is read");
  if (!utf8(tp->copt.encoding)) return N_("it is converted from its encoding as it is read");
  for (int c = 0; tp->reftp && c < tp->ncols; c++)
    if (tp->reftp[c] == tp) return N_("it designates its own rows through réf");
  if (!walk_rows(p, tp, false)) return N_("its rows read a cost or an aggregate directly");
  return NULL;
}

int ev_scan_jobs(const Plan *p) {
  int n = p->o->jobs;
  const char *e = getenv("PVS_JOBS");
  if (n <= 0 && e && atoi(e) > 0) n = atoi(e);
  if (n <= 0) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    n = c > 0 ? (int)c : 1;
  }
  return n > MAX_JOBS ? MAX_JOBS : n;
}

static long long min_part(void) {
  const char *e = getenv("PVS_SCAN_PART");
  return e && atoll(e) > 0 ? atoll(e) : MIN_PART;
}

/* ---- where parts start ---- */
/* The first line start at or after `from` (> 0), or `size` when there is none. */
static long long first_line_start(int fd, long long from, long long size) {
  char buf[8192];
  for (long long at = from - 1; at < size;) {
    ssize_t k = pread(fd, buf, sizeof buf, (off_t)at);
    if (k <= 0) return size;
    const char *nl = memchr(buf, '\n', (size_t)k);
    if (nl) return at + (nl - buf) + 1;
    at += k;
  }
  return size;
}

/* Whether [s, e) is a whole record written plainly: no quote, nh fields. */
static bool plain_line(const char *s, const char *e, char delim, int nh) {
  if (e > s && e[-1] == '\r') e--;
  if (e == s || memchr(s, '"', (size_t)(e - s))) return false;
  int n = 1;
  for (const char *q = s; q < e; q++) n += *q == delim;
  return n == nh;
}

/* A line start at or after `from` that is most likely a record start: within PEEK bytes,
 * the first whose line and the line before it are whole plain records (a quoted field
 * spanning both would need a line of exactly nh fields without a quote); else the first
 * line start. (A likelihood only: the workers' ends check it.) `data`: where the records
 * begin. */
static long long part_start(int fd, long long from, long long size, long long data, char delim, int nh) {
  long long first = first_line_start(fd, from, size);
  const char *naive = getenv("PVS_SCAN_NAIVE");
  if (first >= size || (naive && *naive)) return first;
  long long lo = first - PEEK / 4 > data ? first - PEEK / 4 : data, hi = first + PEEK < size ? first + PEEK : size;
  char *buf = mem_alloc((size_t)(hi - lo));
  ssize_t got = pread(fd, buf, (size_t)(hi - lo), (off_t)lo);
  long long best = first;
  for (long long c = first; got == hi - lo && c < hi; c++) {
    if (c > lo && buf[c - 1 - lo] != '\n') continue;
    long long ps = c - 1;   /* the line before c starts after the newline before c - 1 */
    while (ps > lo && buf[ps - 1 - lo] != '\n') ps--;
    if (ps == lo && lo > data) continue;   /* its start is not in the window */
    const char *ne = memchr(buf + (c - lo), '\n', (size_t)(hi - c));
    if (!ne) break;
    if (plain_line(buf + (ps - lo), buf + (c - 1 - lo), delim, nh) && plain_line(buf + (c - lo), ne, delim, nh)) {
      best = c;
      break;
    }
  }
  mem_free(buf);
  return best;
}

/* ---- workers ---- */
static void worker_init(Scan *sc, Worker *w, long long start, long long stop) {
  const Plan *p = sc->p;
  const TablePlan *tp = sc->tp;
  memset(w, 0, sizeof *w);
  w->sc = sc; w->start = start; w->stop = stop;
  ev_keys_run_init(&w->keys);
  w->p = *p;
  w->p.scan_of = sc->tp; w->p.scan_tp = &w->t; w->p.scan = w;
  w->p.scan_failed = false; w->p.divzero = false; w->p.novalue = NULL;
  TablePlan *t = &w->t;
  *t = *tp;
  t->rd = NULL; t->f = NULL; t->nf = 0; t->line = 0; t->stamp = 0; t->rows_read = 0; t->keys = NULL;
  t->cache = mem_calloc((size_t)tp->ncols + 1, sizeof *t->cache);
  t->cols = mem_alloc(sizeof *t->cols * (size_t)(tp->ncols + 1));
  memcpy(t->cols, tp->cols, sizeof *t->cols * (size_t)tp->ncols);
  w->spaces = mem_calloc((size_t)tp->nspaces + 1, sizeof *w->spaces);
  t->spaces = mem_alloc(sizeof *t->spaces * (size_t)(tp->nspaces + 1));
  for (int i = 0; i < tp->nspaces; i++) {
    const TableSpace *o = tp->spaces[i];
    TableSpace *s = &w->spaces[i];
    s->gs = o->gs; s->dims = o->dims; s->stamp = -1; s->owner = o->owner; s->idx = o->idx;
    s->nslots = o->nslots; s->base = o->gs->nkeys;
    t->spaces[i] = s;
  }
  w->slots = mem_calloc((size_t)tp->nslots + 1, sizeof *w->slots);
  t->slots = mem_alloc(sizeof *t->slots * (size_t)(tp->nslots + 1));
  for (int i = 0; i < tp->nslots; i++) {
    Slot *s = &w->slots[i];
    *s = *tp->slots[i];
    ev_acc_init(&s->total);
    s->divzero = 0;
    if (s->space) s->space = t->spaces[s->space->idx];
    t->slots[i] = s;
  }
  w->shared = mem_calloc((size_t)tp->nshared + 1, sizeof *w->shared);
  for (int i = 0; i < tp->nshared; i++) {
    SharedExpr *e = &w->shared[i];
    e->n = tp->shared[i].n; e->sig = tp->shared[i].sig; e->prog = tp->shared[i].prog;
    e->pstamp = e->vstamp = e->nstamp = -1;
  }
  t->shared = w->shared;
  w->checks = mem_calloc((size_t)tp->nchecks + 1, sizeof *w->checks);
  w->res = mem_calloc((size_t)tp->nchecks + 1, sizeof *w->res);
  for (int i = 0; i < tp->nchecks; i++) {
    w->checks[i] = tp->checks[i];
    w->checks[i].res = &w->res[i];
  }
  t->checks = w->checks;
}

static void worker_free(Worker *w) {
  TablePlan *t = &w->t;
  csv_close(t->rd);
  for (int c = 0; c < t->ncols; c++) ev_value_clear(&t->cache[c]);
  mem_free(t->cache);
  mem_free(t->cols);
  for (int i = 0; i < t->nslots; i++) ev_acc_free(&w->slots[i].total);
  for (int i = 0; i < t->nspaces; i++) {
    TableSpace *s = &w->spaces[i];
    for (long k = 0; k < (long)s->ngroups * s->nslots; k++) ev_acc_free(&s->accs[k]);
    mem_free(s->accs);
    mem_free(s->kbuf);
    mem_free(s->memo_gid);
    strmap_free(&s->memo);
    strmap_free(&s->local);
  }
  for (int i = 0; i < t->nshared; i++) { ev_value_clear(&w->shared[i].tmp); num_clear(&w->shared[i].num); }
  for (long i = 0; i < w->nkept; i++) {
    Kept *k = &w->kept[i];
    for (int c = 0; c < t->ncols; c++) {
      if (k->vals[c].k == V_TEXT) mem_free((char *)k->vals[c].s);
      else ev_value_clear(&k->vals[c]);
    }
    mem_free(k->vals);
    mem_free(k->key);
  }
  mem_free(w->kept);
  ev_keys_run_free(&w->keys);
  mem_free(w->slots); mem_free(t->slots); mem_free(w->spaces); mem_free(t->spaces);
  mem_free(w->shared); mem_free(w->checks); mem_free(w->res);
}

/* A worker's keys go to the check a run at a time: the run is cut into its parts first,
 * so that the lock is held only while it is written (the workers rarely wait). The last,
 * partial run is given key by key. */
static void flush_keys(Worker *w, bool all) {
  KeyRun *r = &w->keys;
  if (!all) ev_keys_run_cut(r);
  pthread_mutex_lock(&w->sc->lock);
  if (!all) ev_keys_add_run(w->sc->p, w->sc->tp, r);
  for (int i = 0; all && i < r->n; i++) ev_keys_add_fp(w->sc->p, w->sc->tp, r->fp[i]);
  pthread_mutex_unlock(&w->sc->lock);
  r->n = 0;
}

void ev_scan_key(Plan *p, const char *key, size_t len) {
  Worker *w = p->scan;
  ev_keys_run_add(&w->keys, ev_key_fingerprint(key, len));
  if (w->keys.n == w->keys.cap) flush_keys(w, false);
}

void ev_scan_keep(Plan *p, TablePlan *tp, const char *key, size_t len) {
  Worker *w = p->scan;
  if (w->nkept == w->kcap) {
    w->kcap = w->kcap ? 2 * w->kcap : 256;
    w->kept = mem_realloc(w->kept, sizeof *w->kept * (size_t)w->kcap);
  }
  Kept *k = &w->kept[w->nkept++];
  k->key = mem_strndup(key, len);
  k->len = len;
  k->line = tp->line;
  k->vals = mem_calloc((size_t)tp->ncols + 1, sizeof *k->vals);
  for (int c = 0; c < tp->ncols; c++) {
    if (!tp->cols[c].stored) continue;
    ev_row_value(p, tp, c, &k->vals[c]);
    if (k->vals[c].k == V_TEXT) k->vals[c].s = mem_strndup(k->vals[c].s, k->vals[c].len);
  }
}

static void *work(void *arg) {
  Worker *w = arg;
  w->rc = ev_scan_rows(&w->p, &w->t, w->stop);
  long line;
  csv_tell(w->t.rd, &w->stopped, &line);
  w->lines = line - 1;
  if (w->rc >= 0) flush_keys(w, true);
  return NULL;
}

/* ---- merging, in the order of the file ---- */
/* Adds what src accumulated to dst: counts and sums add up exactly, extremes keep the first
 * of equal values (dst's), médiane values follow dst's in order (moved: src keeps none). */
static void acc_merge(Acc *dst, Acc *src) {
  dst->all += src->all; dst->rows += src->rows; dst->n += src->n; dst->missing += src->missing;
  num_add(&dst->sum, &dst->sum, &src->sum);
  AccX *x = src->x;
  if (!x) return;
  AccX *d = ev_acc_x(dst);
  if (x->has && (!d->has || num_cmp(&x->min, &d->min) < 0)) num_set(&d->min, &x->min);
  if (x->has && (!d->has || num_cmp(&x->max, &d->max) > 0)) num_set(&d->max, &x->max);
  d->has |= x->has;
  if (x->nvals && d->nvals + x->nvals > d->vcap) {
    d->vcap = d->nvals + x->nvals;
    d->vals = mem_realloc(d->vals, sizeof *d->vals * (size_t)d->vcap);
  }
  if (x->nvals) memcpy(d->vals + d->nvals, x->vals, sizeof *x->vals * (size_t)x->nvals);
  d->nvals += x->nvals;
  x->nvals = 0;
  for (int i = 0; i < strmap_count(&x->dist); i++) {
    size_t len;
    const char *k = strmap_key(&x->dist, i, &len);
    if (strmap_add(&d->dist, k, len, NULL) < 0) abort();
  }
}

/* Whether the parts agree on each column's decimal mark (a ';' file, where a column takes
 * the mark of its first number written with one), which is then set as the serial reading
 * would; line[k]: the file's line where part k starts. */
static bool marks_agree(TablePlan *tp, Worker *ws, int n, const long *line) {
  char *mark = mem_calloc((size_t)tp->ncols + 1, 1);
  long *at = mem_calloc((size_t)tp->ncols + 1, sizeof *at);
  bool ok = true;
  for (int c = 0; c < tp->ncols && ok; c++)
    for (int k = 0; k < n && ok && !tp->cols[c].mark; k++) {   /* known before: every part was checked against it */
      const ColPlan *wc = &ws[k].t.cols[c];
      if (!wc->mark) continue;
      ok = !mark[c] || wc->mark == mark[c];
      if (!mark[c]) { mark[c] = wc->mark; at[c] = line[k] + wc->mark_line - 1; }
    }
  for (int c = 0; c < tp->ncols && ok; c++)
    if (mark[c] && !tp->cols[c].mark) { tp->cols[c].mark = mark[c]; tp->cols[c].mark_line = at[c]; }
  mem_free(mark);
  mem_free(at);
  return ok;
}

static void merge(Plan *p, TablePlan *tp, Worker *w, long line) {
  tp->rows_read += w->t.rows_read;
  tp->stamp += w->t.stamp;
  int **ids = mem_calloc((size_t)tp->nspaces + 1, sizeof *ids);
  for (int i = 0; i < tp->nspaces; i++) ids[i] = ev_merge_groups(p, &w->spaces[i]);
  for (int j = 0; j < tp->nslots; j++) {
    Slot *s = tp->slots[j], *ws = &w->slots[j];
    s->divzero += ws->divzero;
    acc_merge(&s->total, &ws->total);
    TableSpace *wts = ws->space;
    for (int g = 0; wts && g < wts->ngroups; g++) {
      Acc *a = &wts->accs[(long)g * wts->nslots + ws->sidx];
      if (a->all) acc_merge(ev_group_acc(s, g < wts->base ? g : ids[wts->idx][g - wts->base]), a);
    }
  }
  for (int i = 0; i < tp->nspaces; i++) mem_free(ids[i]);
  mem_free(ids);
  for (int j = 0; j < tp->nchecks; j++) {
    CheckResult *r = tp->checks[j].res, *x = &w->res[j];
    r->rows_checked += x->rows_checked;
    r->failures += x->failures;
    for (int k = 0; k < x->nfirst && r->nfirst < 10; k++)
      r->first[r->nfirst++] = (CheckFailure){x->first[k].path, line + x->first[k].line - 1};
  }
}

/* The rows the workers kept, added to the réf index in file order (before anything else is
 * merged); false, with the index emptied, when a key appears twice (the serial reading
 * reports it). */
static bool index_agrees(Plan *p, TablePlan *tp, Worker *ws, int n, const long *line) {
  for (int k = 0; k < n; k++)
    for (long i = 0; i < ws[k].nkept; i++) {
      Kept *r = &ws[k].kept[i];
      if (!ev_index_merge(p, tp, r->key, r->len, line[k] + r->line - 1, r->vals)) { ev_index_reset(tp); return false; }
    }
  return true;
}

/* ---- the scan ---- */
/* Where each part starts (starts[0] = data, then about every (size - data) / n bytes); the
 * number of parts, fewer than n when lines are long. */
static int cut(const char *path, long long data, long long size, int n, char delim, int nh, long long *starts) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  starts[0] = data;
  int k = 1;
  for (int i = 1; i < n; i++) {
    long long at = data + (size - data) / n * i;
    long long s = part_start(fd, at, size, data, delim, nh);
    if (s > starts[k - 1] && s < size) starts[k++] = s;
  }
  close(fd);
  return k;
}

bool ev_scan_parallel(Plan *p, TablePlan *tp, PassNote *note) {
  note->serial = serial_reason(p, tp);
  int n = ev_scan_jobs(p);
  struct stat st;
  long long data, size;
  long line0;
  if (note->serial || n < 2 || stat(tp->src, &st) || !S_ISREG(st.st_mode)) return false;
  csv_tell(tp->rd, &data, &line0);
  size = st.st_size;
  if ((size - data) / n < min_part()) n = (int)((size - data) / min_part());
  long long starts[MAX_JOBS];
  if (n < 2 || (n = cut(tp->src, data, size, n, csv_delimiter(tp->rd), csv_header_count(tp->rd), starts)) < 2) return false;
  walk_rows(p, tp, true);
  territory_prepare();
  Scan sc = {p, tp, PTHREAD_MUTEX_INITIALIZER};
  Worker *ws = mem_calloc((size_t)n, sizeof *ws);
  for (int k = 0; k < n; k++) {
    worker_init(&sc, &ws[k], starts[k], k + 1 < n ? starts[k + 1] : -1);
    ws[k].t.rd = csv_open_at(tp->src, &tp->copt, starts[k], csv_delimiter(tp->rd), csv_header_count(tp->rd));
  }
  bool *threaded = mem_calloc((size_t)n, sizeof *threaded);
  for (int k = 1; k < n; k++) threaded[k] = !pthread_create(&ws[k].th, NULL, work, &ws[k]);
  for (int k = 0; k < n; k++) if (!threaded[k]) work(&ws[k]);   /* part 0, and any thread not started */
  for (int k = 1; k < n; k++) if (threaded[k]) pthread_join(ws[k].th, NULL);
  long line[MAX_JOBS];
  line[0] = line0;
  bool ok = true;
  for (int k = 0; k < n && ok; k++) {
    ok = ws[k].rc == (k + 1 < n ? 0 : 1) || (ws[k].rc == 1 && ws[k].stopped == size);
    if (ok && k + 1 < n) { ok = ws[k].stopped == starts[k + 1]; line[k + 1] = line[k] + ws[k].lines; }
  }
  ok = ok && marks_agree(tp, ws, n, line) && index_agrees(p, tp, ws, n, line);
  for (int k = 0; k < n && ok; k++) merge(p, tp, &ws[k], line[k]);
  if (!ok) ev_keys_end(p, tp, false);   /* the keys met are dropped: the serial reading checks them */
  for (int k = 0; k < n; k++) worker_free(&ws[k]);
  mem_free(ws);
  mem_free(threaded);
  pthread_mutex_destroy(&sc.lock);
  note->parts = ok ? n : 1;
  if (!ok) note->serial = N_("a record crossed the boundary of a part, or a cell needed the serial reading");
  return ok;
}
