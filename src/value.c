/* value.c — the evaluator's values (value.h, where clearing one is inline): copying one
 * (deep, reusing the destination's number when it can) and comparing two. The lowest module
 * of evaluation: the table reader (scan_table.c) and the row programs use it without
 * reaching into expression code. */
#include "value.h"
#include <string.h>

/* dst = src (deep); dst must be a Value whose k is set (its Num is read only when V_NUM). */
void ev_value_copy(Value *dst, const Value *src) {
  if (src->k != V_NUM) {
    if (dst->k == V_NUM) num_clear(&dst->n);
    *dst = *src;
    num_init(&dst->n);
    return;
  }
  if (dst->k != V_NUM) num_init(&dst->n);
  Num keep = dst->n;
  *dst = *src;
  dst->n = keep;
  if (!src->n.big && !keep.big) dst->n = src->n;
  else num_set(&dst->n, &src->n);
}

/* -1, 0, 1 as a <, =, > b; 2 when they cannot be compared (different kinds, missing). */
int ev_compare(const Value *a, const Value *b) {
  if (a->k == V_NUM && b->k == V_NUM) return num_cmp(&a->n, &b->n);
  if (a->k == V_TEXT && b->k == V_TEXT) {
    size_t m = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, m);
    return c ? (c > 0) - (c < 0) : (a->len > b->len) - (a->len < b->len);
  }
  if (a->k == V_DATE && b->k == V_DATE) return (a->date > b->date) - (a->date < b->date);
  if (a->k == V_BOOL && b->k == V_BOOL) return (int)a->b - (int)b->b;
  return 2;   /* incomparable */
}
