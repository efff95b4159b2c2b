/* strmap.c — the string → id hash map (strmap.h): slots of (id, hash) probed linearly;
 * the key copies in blocks that never move, each copy preceded by its length. Keys of at
 * most 7 bytes (département codes, zones) are hashed as one integer, longer ones 8 bytes at
 * a time. */
#include "strmap.h"
#include "mem.h"
#include <stdlib.h>
#include <string.h>

struct StrMapBlock { StrMapBlock *next; size_t used, cap; char bytes[]; };

enum { FIRST_SLOTS = 16, FIRST_BLOCK = 240, MAX_BLOCK = 1 << 20, FIRST_KEYS = 8 };

static uint64_t mix(uint64_t h) {
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9u;
  return h ^ (h >> 29);
}

static inline uint64_t load4(const char *s) { uint32_t x; memcpy(&x, s, 4); return x; }
static inline uint64_t load2(const char *s) { uint16_t x; memcpy(&x, s, 2); return x; }

/* The bytes of a key of at most 7 bytes as one integer (first byte lowest), zeros above:
 * two overlapping loads within the key (the bytes they share are the same). */
static inline uint64_t load_short(const char *s, size_t n) {
  if (n >= 4) return load4(s) | load4(s + n - 4) << (8 * (n - 4));
  if (n >= 2) return load2(s) | load2(s + n - 2) << (8 * (n - 2));
  return n ? (unsigned char)s[0] : 0;
}

static uint64_t hash_of(const char *s, size_t n) {
  /* mixed: a product's bits depend only on the factor's bits below them, so the slot bits
   * (from bit 32) of the bare product ignored the last characters (L000001…L000099 shared
   * a slot and its neighbours: probes of 7 slots on average for a key not in the map) */
  if (n <= 7) return mix((n | load_short(s, n) << 8) * 0x9E3779B97F4A7C15u);
  uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15u;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = mix(h ^ w) * 0x94D049BB133111EBu;
  }
  if (i < n) {
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = mix(h ^ w) * 0x94D049BB133111EBu;
  }
  return mix(h);
}

static size_t stored_len(const char *k) {
  uint32_t n;
  memcpy(&n, k - sizeof n, sizeof n);
  return n;
}

/* sw: a short key's bytes (load_short), compared with the stored copy's first 8 bytes
 * (copies of short keys are padded with zeros to 8 bytes). */
static bool same(const StrMap *m, const StrMapSlot *sl, uint32_t hash, const char *s, size_t n, uint64_t sw) {
  if (sl->hash != hash) return false;
  const char *k = m->keys[sl->id];
  if (stored_len(k) != n) return false;
  if (n > 7) return !memcmp(k, s, n);
  uint64_t kw;
  memcpy(&kw, k, sizeof kw);
  return kw == sw;
}

/* The slot a hash starts from (its high bits), and the 32 bits a slot keeps (its low ones). */
static uint32_t home(uint64_t h, uint32_t mask) { return (uint32_t)(h >> 32) & mask; }

int strmap_find(const StrMap *m, const char *s, size_t n) {
  if (!m->slots) return -1;
  uint64_t h = hash_of(s, n), sw = n <= 7 ? load_short(s, n) : 0;
  for (uint32_t j = home(h, m->mask);; j = (j + 1) & m->mask) {
    const StrMapSlot *sl = &m->slots[j];
    if (sl->id < 0) return -1;
    if (same(m, sl, (uint32_t)h, s, n, sw)) return sl->id;
  }
}

/* Doubles the slots (or makes the first ones) and places every key again. */
static bool grow_slots(StrMap *m) {
  uint32_t cap = m->slots ? (m->mask + 1) * 2 : FIRST_SLOTS;
  if (cap < (uint32_t)FIRST_SLOTS || cap > (1u << 31)) return false;
  StrMapSlot *ns = mem_alloc(sizeof *ns * cap);
  if (!ns) return false;
  for (uint32_t i = 0; i < cap; i++) ns[i].id = -1;
  for (uint32_t i = 0; m->slots && i <= m->mask; i++) {
    const StrMapSlot *sl = &m->slots[i];
    if (sl->id < 0) continue;
    const char *k = m->keys[sl->id];
    size_t n = stored_len(k);
    uint32_t j = home(hash_of(k, n), cap - 1);
    while (ns[j].id >= 0) j = (j + 1) & (cap - 1);
    ns[j] = *sl;
  }
  free(m->slots);
  m->slots = ns;
  m->mask = cap - 1;
  return true;
}

/* A stable copy of (s, n), its length stored just before it and a NUL after it; at least 8
 * bytes from its start, zeros after the key. */
static const char *copy_key(StrMap *m, const char *s, size_t n) {
  size_t need = sizeof(uint32_t) + (n + 1 > 8 ? n + 1 : 8);
  StrMapBlock *b = m->blocks;
  if (!b || b->cap - b->used < need) {
    size_t cap = b ? b->cap * 2 : FIRST_BLOCK;
    if (cap > MAX_BLOCK) cap = MAX_BLOCK;
    if (cap < need) cap = need;
    StrMapBlock *nb = mem_alloc(sizeof *nb + cap);
    if (!nb) return NULL;
    nb->next = b; nb->used = 0; nb->cap = cap;
    m->blocks = b = nb;
  }
  char *k = b->bytes + b->used + sizeof(uint32_t);
  uint32_t len = (uint32_t)n;
  memcpy(k - sizeof len, &len, sizeof len);
  if (n) memcpy(k, s, n);
  memset(k + n, 0, need - sizeof len - n);
  b->used += need;
  return k;
}

int strmap_add(StrMap *m, const char *s, size_t n, bool *added) {
  if (added) *added = false;
  if (n > UINT32_MAX || m->n == INT32_MAX) return -1;
  int id = strmap_find(m, s, n);
  if (id >= 0) return id;
  if (2 * ((size_t)m->n + 1) > (m->slots ? (size_t)m->mask + 1 : 0) && !grow_slots(m)) return -1;
  if (m->n == m->kcap) {
    int cap = m->kcap ? (m->kcap > INT32_MAX / 2 ? INT32_MAX : m->kcap * 2) : FIRST_KEYS;
    const char **nk = mem_realloc(m->keys, sizeof *nk * (size_t)cap);
    if (!nk) return -1;
    m->keys = nk; m->kcap = cap;
  }
  const char *k = copy_key(m, s, n);
  if (!k) return -1;
  uint64_t h = hash_of(s, n);
  uint32_t j = home(h, m->mask);
  while (m->slots[j].id >= 0) j = (j + 1) & m->mask;
  id = m->n++;
  m->keys[id] = k;
  m->slots[j] = (StrMapSlot){id, (uint32_t)h};
  if (added) *added = true;
  return id;
}

const char *strmap_key(const StrMap *m, int id, size_t *len) {
  const char *k = m->keys[id];
  if (len) *len = stored_len(k);
  return k;
}

size_t strmap_bytes(const StrMap *m) {
  size_t b = (m->slots ? ((size_t)m->mask + 1) * sizeof *m->slots : 0) + (size_t)m->kcap * sizeof *m->keys;
  for (const StrMapBlock *k = m->blocks; k; k = k->next) b += sizeof *k + k->cap;
  return b;
}

void strmap_free(StrMap *m) {
  free(m->slots);
  free(m->keys);
  for (StrMapBlock *b = m->blocks, *nx; b; b = nx) { nx = b->next; free(b); }
  memset(m, 0, sizeof *m);
}
