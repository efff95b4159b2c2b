/* arena.c — region allocator (see arena.h). Blocks are chained; large requests get
 * their own block. */
#include "arena.h"
#include "mem.h"
#include "intl.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Block { struct Block *next; size_t used, size; _Alignas(16) unsigned char data[]; } Block;
struct Arena { Block *head; };

Arena *arena_new(void) {
  Arena *a = mem_alloc(sizeof *a);
  a->head = NULL;
  return a;
}

void arena_free(Arena *a) {
  if (!a) return;
  for (Block *b = a->head, *next; b; b = next) { next = b->next; free(b); }
  free(a);
}

static Block *new_block(Arena *a, size_t size) {
  Block *b = mem_alloc(sizeof *b + size);
  b->used = 0; b->size = size; b->next = a->head; a->head = b;
  return b;
}

void *arena_alloc(Arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  Block *b = a->head;
  if (!b || b->size - b->used < n) {
    if (n > 16384) { /* big: own block, keep the current one at the head */
      Block *big = mem_alloc(sizeof *big + n);
      big->used = n; big->size = n;
      if (b) { big->next = b->next; b->next = big; } else { big->next = NULL; a->head = big; }
      memset(big->data, 0, n);
      return big->data;
    }
    b = new_block(a, 65536);
  }
  void *p = b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap, aq;
  va_start(ap, fmt);
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, aq);
  va_end(aq);
  return p;
}

void arena_grow(Arena *a, void **items, int *cap, int n, size_t elem) {
  if (n < *cap) return;
  int ncap = *cap ? *cap * 2 : 8;
  void *p = arena_alloc(a, (size_t)ncap * elem);
  if (*items) memcpy(p, *items, (size_t)n * elem);
  *items = p;
  *cap = ncap;
}
