/* value.h — a value of evaluation: missing, a number (exact: num.h), a boolean, a text (a
 * span it does not own) or a date (packed yyyymmdd); and its helpers: clear, copy, compare,
 * equal (value.c). The lowest evaluation module: the table reader and the row programs use
 * it without including expression code. */
#ifndef PVS_VALUE_H
#define PVS_VALUE_H
#include "num.h"
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef enum VKind { V_MISSING, V_NUM, V_BOOL, V_TEXT, V_DATE } VKind;
typedef struct Value { VKind k; bool b; long date; const char *s; size_t len; Num n; } Value;

/* v becomes missing (its number freed): called everywhere, so inlined */
static inline void ev_value_clear(Value *v) {
  if (v->k == V_NUM) num_clear(&v->n);
  v->k = V_MISSING;
}
void ev_value_copy(Value *dst, const Value *src);
int ev_compare(const Value *a, const Value *b);        /* 2: incomparable */
/* Whether a = b (ev_compare's 0), texts of different lengths or first bytes without a call. */
static inline bool ev_equal(const Value *a, const Value *b) {
  if (a->k == V_TEXT && b->k == V_TEXT)
    return a->len == b->len && (!a->len || (a->s[0] == b->s[0] && !memcmp(a->s, b->s, a->len)));
  return ev_compare(a, b) == 0;
}
#endif
