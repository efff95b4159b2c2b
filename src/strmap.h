/* strmap.h — one small hash map from byte strings to dense ids, for every "have I seen this
 * text" table of the program: the keys of a table referenced with `réf`, the groups of a
 * breakdown, the distinct values of `compte_distinct`.
 *
 * A key is any byte string (NULs allowed) with its length; the map copies it. Ids are
 * given in insertion order, 0, 1, 2…, so that a caller can keep per-key data in its own
 * arrays indexed by id. A stored key never moves: strmap_key's pointer stays valid until
 * strmap_free. Open addressing with linear probing over slots of 8 bytes (an id and 32 bits
 * of the key's hash, compared before the key), load at most 1/2 (a missing key, the common
 * case of a filtered join, is known after a probe or two): 16 to 32 bytes of slots per key,
 * 8 for its place, besides its copy. Memory grows from a few hundred bytes, so that thousands of small maps
 * (one per group of a compte_distinct) stay cheap.
 *
 * Library code: never exits; strmap_add returns -1 when memory runs out (the map is left as
 * it was). A zeroed StrMap is an empty map. */
#ifndef PVS_STRMAP_H
#define PVS_STRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct StrMapSlot { int32_t id; uint32_t hash; } StrMapSlot;   /* id -1: empty */
typedef struct StrMapBlock StrMapBlock;
typedef struct StrMap {
  StrMapSlot *slots; uint32_t mask;   /* mask + 1 slots (a power of two), or none */
  int n;                               /* keys stored */
  const char **keys; int kcap;         /* per id: its stored copy, length just before it */
  StrMapBlock *blocks;                 /* where the copies are, newest first */
} StrMap;

/* The id of key (s, n), or -1 when it is not in the map. */
int strmap_find(const StrMap *m, const char *s, size_t n);
/* The id of key (s, n), added (with the next id) when new; *added (may be NULL) says which.
 * -1 when out of memory. */
int strmap_add(StrMap *m, const char *s, size_t n, bool *added);
/* The stored key of id (NUL-terminated as well), its length in *len (may be NULL). */
const char *strmap_key(const StrMap *m, int id, size_t *len);
static inline int strmap_count(const StrMap *m) { return m->n; }
/* Bytes the map holds (slots, ids, copies), for the benchmark's memory notes. */
size_t strmap_bytes(const StrMap *m);
void strmap_free(StrMap *m);
#endif
