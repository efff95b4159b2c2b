/* mem.h — the one allocation policy of pvs (in the spirit of Lua's lmem.c): every heap
 * allocation of the library goes through these functions, and so do GMP's (mem_route_gmp).
 *
 * Policy: an allocation never returns NULL to its caller. When the system refuses one, the
 * failure handler runs: the program's (main.c: says "out of memory", removes a pending output
 * temp file so that nothing is half-written, and exits with status 2), or by default abort().
 * Library code itself never exits and never checks for NULL from these. Recovering in place
 * is not attempted: GMP cannot (its allocation functions must not return), and a run that
 * lacks memory has no sensible result to give.
 *
 * Tests: PVS_FAIL_ALLOC=N makes the Nth allocation fail (tests/alloc-faults.sh tries every
 * N over a run). */
#ifndef PVS_MEM_H
#define PVS_MEM_H
#include <stddef.h>

void *mem_alloc(size_t n);                 /* malloc; n 0 gives a valid pointer */
void *mem_calloc(size_t n, size_t size);   /* zeroed; n * size checked for overflow */
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);   /* exactly n bytes of s, then a NUL */
void mem_free(void *p);

typedef void (*MemFailFn)(size_t n);        /* must not return */
_Noreturn void mem_fail(size_t n);          /* an allocation failed elsewhere (open_memstream…) */
void mem_on_failure(MemFailFn fn);          /* NULL: the default, abort() */
void mem_route_gmp(void);                   /* GMP's allocations through these functions */
#endif
