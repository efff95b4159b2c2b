/* mem.c — the allocation choke point (see mem.h): malloc and friends, the failure handler,
 * GMP's memory functions, and the PVS_FAIL_ALLOC test hook. */
#include "mem.h"
#include <gmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static MemFailFn on_fail;
static long fail_at = -1, count;   /* PVS_FAIL_ALLOC: the allocation to refuse (1-based) */

void mem_on_failure(MemFailFn fn) { on_fail = fn; }

void mem_fail(size_t n) {
  if (on_fail) on_fail(n);
  abort();
}
#define failed mem_fail

/* True when this allocation is the one the test hook refuses. */
static int injected(void) {
  if (fail_at == -1) {
    const char *s = getenv("PVS_FAIL_ALLOC");
    fail_at = s && *s ? strtol(s, NULL, 10) : 0;
  }
  return fail_at > 0 && ++count == fail_at;
}

void *mem_alloc(size_t n) {
  void *p = injected() ? NULL : malloc(n ? n : 1);
  if (!p) failed(n);
  return p;
}

void *mem_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) failed(SIZE_MAX);
  void *p = injected() ? NULL : calloc(n ? n : 1, size ? size : 1);
  if (!p) failed(n * size);
  return p;
}

void *mem_realloc(void *p, size_t n) {
  void *q = injected() ? NULL : realloc(p, n ? n : 1);
  if (!q) failed(n);
  return q;
}

char *mem_strndup(const char *s, size_t n) {
  char *p = mem_alloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *mem_strdup(const char *s) { return mem_strndup(s, strlen(s)); }

void mem_free(void *p) { free(p); }

static void *gmp_alloc(size_t n) { return mem_alloc(n); }
static void *gmp_realloc(void *p, size_t old, size_t n) { (void)old; return mem_realloc(p, n); }
static void gmp_free(void *p, size_t n) { (void)n; free(p); }

void mem_route_gmp(void) { mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free); }
