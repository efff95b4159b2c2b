/* compute_agg.c — an aggregate's value for one group (or the total), from the accumulators
 * the table passes filled (scan_table.c): compte, somme, moyenne, part, min, max, médiane,
 * compte_distinct; moyenne, part, min, max and médiane of nothing have no value (missing,
 * never 0). Also the rows that reached the aggregate and the missing values it skipped. */
#include "eval_int.h"
#include <stdlib.h>

static int cmp_num_ptr(const void *a, const void *b) { return num_cmp(a, b); }

static void median(Acc *acc, Value *out) {
  AccX *a = acc->x;
  if (!a || !a->nvals) return;
  qsort(a->vals, (size_t)a->nvals, sizeof *a->vals, cmp_num_ptr);
  out->k = V_NUM;
  num_init(&out->n);
  if (a->nvals % 2) { num_set(&out->n, &a->vals[a->nvals / 2]); return; }
  Num two;
  num_init(&two);
  num_set_long(&two, 2);
  num_add(&out->n, &a->vals[a->nvals / 2 - 1], &a->vals[a->nvals / 2]);
  num_div(&out->n, &out->n, &two);
  num_clear(&two);
}

long ev_slot_rows(Slot *s, int gid) {
  const Acc *a = gid >= 0 && s->space ? ev_find_acc(s, gid) : &s->total;
  return a ? a->all : 0;
}

long ev_slot_skipped(Slot *s, int gid) {
  const Acc *a = gid >= 0 && s->space ? ev_find_acc(s, gid) : &s->total;
  return a ? a->missing : 0;
}

void ev_slot_result(Plan *p, Slot *s, int gid, Value *out, long *skipped) {
  Acc empty;
  ev_acc_init(&empty);
  Acc *a = gid >= 0 && s->space ? ev_find_acc(s, gid) : &s->total;
  if (!a) a = &empty;
  ev_value_clear(out);
  *skipped = a->missing;
  Num x;
  num_init(&x);
  switch (s->agg) {
  case B_COUNT: num_set_long(&x, a->rows); break;
  case B_SUM: num_set(&x, &a->sum); break;
  case B_COUNT_DISTINCT: num_set_long(&x, a->x ? strmap_count(&a->x->dist) : 0); break;
  case B_MEAN: {
    if (!a->n) { p->novalue = s; num_clear(&x); return; }
    Num n; num_init(&n); num_set_long(&n, a->n); num_div(&x, &a->sum, &n); num_clear(&n);
    break;
  }
  case B_SHARE: {
    if (!a->all) { p->novalue = s; num_clear(&x); return; }
    num_set_frac(&x, a->rows, a->all);
    break;
  }
  case B_MIN: case B_MAX:
    if (!a->x || !a->x->has) { p->novalue = s; num_clear(&x); return; }
    num_set(&x, s->agg == B_MIN ? &a->x->min : &a->x->max);
    break;
  case B_MEDIAN: num_clear(&x); median(a, out); if (out->k == V_MISSING) p->novalue = s; return;
  default: break;
  }
  out->k = V_NUM;
  out->n = x;
}

