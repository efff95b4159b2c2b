/* arena.h — region allocator: one arena per compilation owns source text, tokens, AST and
 * symbol tables, and frees them all at once (so error recovery can never leak).
 * Its blocks come from mem.h, so an allocation failure follows the one policy there. */
#ifndef PVS_ARENA_H
#define PVS_ARENA_H
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);                       /* frees every block at once */
void *arena_alloc(Arena *a, size_t n);           /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Growable arrays in the arena: *items has room for *cap; grows to hold n+1. */
void arena_grow(Arena *a, void **items, int *cap, int n, size_t elem);
#define ARENA_PUSH(a, arr, n, cap, val)                                       \
  do {                                                                        \
    arena_grow((a), (void **)&(arr), &(cap), (n), sizeof *(arr));             \
    (arr)[(n)++] = (val);                                                     \
  } while (0)
#endif
