/* plan_join.c — joins built on the small side. A table that others designate with `réf` is
 * read before them and its rows are kept (key and the columns read through `réf`). When it
 * is much bigger than the tables that designate it (the socle's parc, designated by
 * attributions, suivis, impayés, enquête), keeping all of its rows would make memory grow
 * with its size; instead, the keys that those tables' réf cells hold are read first (a
 * short pass over the small tables, réf columns only), and the big table keeps only the
 * rows of those keys. When it is the small side, it is kept whole, as before.
 *
 * What a join may need from the big table is exactly the rows its keys designate: every
 * table that points into it is listed, whichever the hop (a deeper hop goes through a
 * table that itself has the réf column). The key pre-pass says nothing: if it meets
 * anything unusual (no file, an error, a header without the column), the table is kept
 * whole and the real passes report what there is to report.
 *
 * PVS_JOIN=small (every designated table keeps only the designated rows, whatever the
 * sizes) and PVS_JOIN=whole (every one is kept whole) are for tests: the results must not
 * change (tests/join.sh runs the evaluation goldens both ways). */
#include "eval_int.h"
#include "pgsrc.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { BIG_FACTOR = 4 };          /* kept whole unless 4 times bigger than its designators */

static long long file_size(const TablePlan *tp) {
  struct stat st;
  if (pg_is_url(tp->src) || stat(tp->src, &st) || !S_ISREG(st.st_mode)) return -1;
  return (long long)st.st_size;
}

/* Whether column c of x is a réf into t. */
static bool points_into(const TablePlan *x, int c, const TablePlan *t) {
  return x->reftp && x->cols[c].kind == COL_REF && x->reftp[c] == t;
}

/* Adds to t->want the keys held by x's réf columns into t; false when x cannot be read
 * quietly (the join then keeps t whole). */
static bool collect_keys(Plan *p, TablePlan *x, TablePlan *t) {
  ARENA_PUSH(p->a, x->keyfor, x->nkeyfor, x->kfcap, t);
  CsvReader *rd = ev_open_source(x);
  const CsvField *h, *f;
  int nh = csv_error(rd) ? -1 : csv_header(rd, &h), nf;
  int cols[64], n = 0;
  for (int c = 0; nh > 0 && c < x->ncols; c++) {
    if (!points_into(x, c, t)) continue;
    int i = ev_header_find(h, nh, x->cols[c].sym->name);
    if (i < 0 || n == (int)(sizeof cols / sizeof *cols)) { nh = -1; break; }
    cols[n++] = i;
  }
  while (nh > 0 && (nf = csv_next(rd, &f)) > 0)
    for (int k = 0; k < n; k++) {
      if (cols[k] >= nf) continue;   /* a short record: the real pass reports it */
      const char *s = f[cols[k]].s;
      size_t len = f[cols[k]].len;
      csv_trim(&s, &len);
      if (len && strmap_add(&t->want, s, len, NULL) < 0) { nh = -1; break; }
    }
  bool ok = nh > 0 && !csv_error(rd);
  csv_close(rd);
  return ok;
}

/* Decides, for table t designated by réf, whether it keeps only the designated rows. */
static void plan_join(Plan *p, TablePlan *t, bool force) {
  long long big = file_size(t), small = 0;
  if (big < 0 && !force) return;
  for (int i = 0; i < p->ntables; i++) {
    TablePlan *x = p->tables[i];
    for (int c = 0; c < x->ncols; c++) {
      if (!points_into(x, c, t)) continue;
      long long s = x == t ? -1 : file_size(x);
      if (s < 0 && !force) return;   /* a database, a missing file, itself: kept whole */
      small += s;
      break;
    }
  }
  if (!force && (!small || big < BIG_FACTOR * small)) return;
  for (int i = 0; i < p->ntables; i++) {
    TablePlan *x = p->tables[i];
    for (int c = 0; c < x->ncols; c++)
      if (points_into(x, c, t)) {
        if (!collect_keys(p, x, t)) { strmap_free(&t->want); return; }
        break;
      }
  }
  t->filtered = true;
}

void ev_plan_joins(Plan *p) {
  const char *mode = getenv("PVS_JOIN");
  if (mode && !strcmp(mode, "whole")) return;
  for (int i = 0; i < p->ntables; i++)
    if (p->tables[i]->indexed && p->tables[i]->available) plan_join(p, p->tables[i], mode && !strcmp(mode, "small"));
}

bool ev_row_wanted(const TablePlan *t, const char *key, size_t len) {
  return !t->filtered || strmap_find(&t->want, key, len) >= 0;
}
