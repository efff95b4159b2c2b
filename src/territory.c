/* territory.c — lookups in the territory table (see territory.h; the data is territory_data.c,
 * its layout territory_impl.h).
 *
 * Commune codes are found through a direct index built on first use: a code's integer key
 * (département characters in base 12, so that 2A/2B fit, then the three last digits) points
 * at a current commune, an arrondissement or an older code. The index lives in static
 * storage (about 240 KB, zero until then); building it reads the 39,000 codes once, which
 * takes well under a millisecond. Départements, régions and EPCI are small sorted arrays,
 * searched by bisection. */
#include "territory.h"
#include "territory_impl.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum { KEY_SPACE = 120 * 1000 };   /* (9 * 12 + 11 + 1) * 1000 keys */

static const struct { const char *code, *label; } zones[TERR_NZONES] = {
  {"A_bis", "A bis"}, {"A", "A"}, {"B1", "B1"}, {"B2", "B2"}, {"C", "C"},
};
static const char *const natures[] = {"CC", "CA", "CU", "métropole"};

/* ---- levels ---- */
TerrLevel territory_level(const char *name) {
  static const struct { const char *name; TerrLevel lv; } names[] = {
    {"commune", TERR_COMMUNE}, {"département", TERR_DEPARTEMENT}, {"departement", TERR_DEPARTEMENT},
    {"région", TERR_REGION}, {"region", TERR_REGION}, {"epci", TERR_EPCI}, {"zone_abc", TERR_ZONE_ABC},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i].name)) return names[i].lv;
  return TERR_OTHER;
}

const char *territory_level_name(TerrLevel lv) {
  static const char *const names[] = {"commune", "département", "région", "epci", "zone_abc", ""};
  return names[lv <= TERR_OTHER ? lv : TERR_OTHER];
}

bool territory_derives(TerrLevel from, TerrLevel to) {
  if (from == TERR_OTHER || to == TERR_OTHER) return false;
  return from == to || from == TERR_COMMUNE || (from == TERR_DEPARTEMENT && to == TERR_REGION);
}

int territory_cog_year(void) { return terr_cog_year; }
const char *territory_sources(void) { return terr_sources; }

/* ---- the commune index ---- */
/* entry = 1 + commune index; then arrondissements; then older codes; 0: none. */
static unsigned short com_index[KEY_SPACE];
static unsigned com_name[TERR_NCOMMUNES];   /* offset of each name in terr_com_names */
static bool built;

static int code_key(const char *c, size_t len) {
  if (len != 5 || c[0] < '0' || c[0] > '9') return -1;
  int d1 = c[1] >= '0' && c[1] <= '9' ? c[1] - '0' : c[1] == 'A' ? 10 : c[1] == 'B' ? 11 : -1;
  if (d1 < 0) return -1;
  int k = (c[0] - '0') * 12 + d1;
  for (int i = 2; i < 5; i++) {
    if (c[i] < '0' || c[i] > '9') return -1;
    k = k * 10 + (c[i] - '0');
  }
  return k < KEY_SPACE ? k : -1;
}

static void build(void) {
  if (built) return;
  for (int i = 0; i < TERR_NCOMMUNES; i++) com_index[code_key(terr_com_codes + 6 * i, 5)] = (unsigned short)(1 + i);
  for (int i = 0; i < TERR_NARMS; i++) com_index[code_key(terr_arms[i].code, 5)] = (unsigned short)(1 + TERR_NCOMMUNES + i);
  for (int i = 0; i < TERR_NOLD; i++)
    com_index[code_key(terr_old_codes + 6 * i, 5)] = (unsigned short)(1 + TERR_NCOMMUNES + TERR_NARMS + i);
  unsigned off = 0;
  for (int i = 0; i < TERR_NCOMMUNES; i++) {
    com_name[i] = off;
    off += (unsigned)strlen(terr_com_names + off) + 1;
  }
  built = true;
}

/* The entry of a commune code (see com_index), 0 when none. */
static int com_entry(const char *code, size_t len) {
  int k = code_key(code, len);
  if (k < 0) return 0;
  build();
  return com_index[k];
}

/* The index of a current commune, -1 if the code is not one. */
static int commune_id(const char *code, size_t len) {
  int e = com_entry(code, len);
  return e >= 1 && e <= TERR_NCOMMUNES ? e - 1 : -1;
}

TerrCommune territory_commune(const char *code, size_t len) {
  TerrCommune r = {TERR_UNKNOWN, NULL, 0};
  int e = com_entry(code, len) - 1;
  if (e < 0) return r;
  if (e < TERR_NCOMMUNES) {
    r.match = TERR_CURRENT;
    r.code = terr_com_codes + 6 * e;
  } else if (e < TERR_NCOMMUNES + TERR_NARMS) {
    r.match = TERR_ARRONDISSEMENT;
    r.code = terr_com_codes + 6 * terr_arms[e - TERR_NCOMMUNES].parent;
  } else {
    int o = e - TERR_NCOMMUNES - TERR_NARMS;
    r.match = TERR_FORMER;
    r.code = terr_com_codes + 6 * terr_old_target[o];
    r.last_year = 1900 + terr_old_last[o];
  }
  return r;
}

/* ---- départements, régions, EPCI, zones ---- */
static int cmp_code(const char *a, const char *b, size_t blen) {
  int c = strncmp(a, b, blen);
  return c ? c : a[blen] != 0;
}

/* Bisection over an array of n records of `size` bytes sorted by the code at offset `off`. */
static int bisect(const void *base, int n, size_t size, size_t off, const char *code, size_t len) {
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = cmp_code((const char *)base + (size_t)mid * size + off, code, len);
    if (!c) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* Départements by a direct index too (their codes are read on every row of a breakdown by
 * département): 2 characters as a base-12 key, 97x by its last digit; entry = 1 + index. */
static unsigned char dep_index[120 + 10];
static bool deps_built;

static int dep_key(const char *c, size_t len) {
  if (len == 3) return c[0] == '9' && c[1] == '7' && c[2] >= '0' && c[2] <= '9' ? 120 + c[2] - '0' : -1;
  if (len != 2 || c[0] < '0' || c[0] > '9') return -1;
  int d1 = c[1] >= '0' && c[1] <= '9' ? c[1] - '0' : c[1] == 'A' ? 10 : c[1] == 'B' ? 11 : -1;
  return d1 < 0 ? -1 : (c[0] - '0') * 12 + d1;
}

static void build_deps(void) {
  if (deps_built) return;
  for (int i = 0; i < TERR_NDEPS; i++) dep_index[dep_key(terr_deps[i].code, strlen(terr_deps[i].code))] = (unsigned char)(1 + i);
  deps_built = true;
}

static int dep_id(const char *code, size_t len) {
  int k = dep_key(code, len);
  if (k < 0) return -1;
  build_deps();
  return dep_index[k] - 1;
}

void territory_prepare(void) {
  build();
  build_deps();
}

static int region_id(const char *code, size_t len) {
  return len != 2 ? -1 : bisect(terr_regions, TERR_NREGIONS, sizeof *terr_regions, offsetof(TerrRegion, code), code, len);
}

static int epci_id(const char *code, size_t len) {
  return len != 9 ? -1 : bisect(terr_epcis, TERR_NEPCIS, sizeof *terr_epcis, offsetof(TerrEpci, siren), code, len);
}

static int zone_id(const char *code, size_t len) {
  for (int i = 0; i < TERR_NZONES; i++)
    if (strlen(zones[i].code) == len && !memcmp(zones[i].code, code, len)) return i;
  return -1;
}

/* The index of a current code at level lv, -1 if unknown. */
static int find(TerrLevel lv, const char *code, size_t len) {
  switch (lv) {
  case TERR_COMMUNE: return commune_id(code, len);
  case TERR_DEPARTEMENT: return dep_id(code, len);
  case TERR_REGION: return region_id(code, len);
  case TERR_EPCI: return epci_id(code, len);
  case TERR_ZONE_ABC: return zone_id(code, len);
  default: return -1;
  }
}

/* The static code of territory `id` of level lv. */
static const char *code_of(TerrLevel lv, int id) {
  switch (lv) {
  case TERR_COMMUNE: return terr_com_codes + 6 * id;
  case TERR_DEPARTEMENT: return terr_deps[id].code;
  case TERR_REGION: return terr_regions[id].code;
  case TERR_EPCI: return terr_epcis[id].siren;
  case TERR_ZONE_ABC: return zones[id].code;
  default: return NULL;
  }
}

const char *territory_code(TerrLevel lv, const char *code, size_t len) {
  int id = find(lv, code, len);
  return id < 0 ? NULL : code_of(lv, id);
}

const char *territory_name(TerrLevel lv, const char *code, size_t len) {
  if (lv == TERR_COMMUNE) {
    int e = com_entry(code, len) - 1;
    if (e >= 0 && e < TERR_NCOMMUNES) return terr_com_names + com_name[e];
    if (e >= TERR_NCOMMUNES && e < TERR_NCOMMUNES + TERR_NARMS) return terr_arms[e - TERR_NCOMMUNES].name;
    return NULL;
  }
  int id = find(lv, code, len);
  if (id < 0) return NULL;
  switch (lv) {
  case TERR_DEPARTEMENT: return terr_deps[id].name;
  case TERR_REGION: return terr_regions[id].name;
  case TERR_EPCI: return terr_epcis[id].name;
  case TERR_ZONE_ABC: return zones[id].label;
  default: return NULL;
  }
}

const char *territory_epci_nature(const char *siren, size_t len) {
  int id = epci_id(siren, len);
  return id < 0 ? NULL : natures[terr_epcis[id].nature];
}

/* The département index of a current commune (its code's first 2 or 3 characters). */
static int commune_dep(int id) {
  const char *c = terr_com_codes + 6 * id;
  return dep_id(c, c[0] == '9' && c[1] == '7' ? 3 : 2);
}

const char *territory_parent(TerrLevel from, const char *code, size_t len, TerrLevel to) {
  if (!territory_derives(from, to)) return NULL;
  int id = find(from, code, len);
  if (id < 0) return NULL;
  if (from == to) return code_of(from, id);
  if (from == TERR_DEPARTEMENT) return terr_regions[terr_deps[id].region].code;
  switch (to) {
  case TERR_DEPARTEMENT: { int d = commune_dep(id); return d < 0 ? NULL : terr_deps[d].code; }
  case TERR_REGION: { int d = commune_dep(id); return d < 0 ? NULL : terr_regions[terr_deps[d].region].code; }
  case TERR_EPCI: return terr_com_epci[id] == TERR_NONE ? NULL : terr_epcis[terr_com_epci[id]].siren;
  case TERR_ZONE_ABC: return zones[terr_com_zone[id] - '0'].code;
  default: return NULL;
  }
}

size_t territory_display(TerrLevel lv, const char *code, size_t len, char *buf, size_t cap) {
  const char *name = territory_name(lv, code, len);
  if (!name) return (size_t)snprintf(buf, cap, "%.*s", (int)len, code);
  if (lv == TERR_COMMUNE || lv == TERR_DEPARTEMENT) return (size_t)snprintf(buf, cap, "%s (%.*s)", name, (int)len, code);
  return (size_t)snprintf(buf, cap, "%s", name);
}

/* Report rank of a known code: zones and EPCI have their own order; -1 for others. */
static int rank(TerrLevel lv, const char *code, size_t len) {
  if (lv == TERR_ZONE_ABC) return zone_id(code, len);
  if (lv == TERR_EPCI) { int id = epci_id(code, len); return id < 0 ? -1 : terr_epcis[id].rank; }
  return find(lv, code, len) < 0 ? -1 : 0;
}

int territory_compare(TerrLevel lv, const char *a, size_t alen, const char *b, size_t blen) {
  int ra = rank(lv, a, alen), rb = rank(lv, b, blen);
  if ((ra < 0) != (rb < 0)) return ra < 0 ? 1 : -1;   /* unknown codes last */
  if (ra != rb) return ra < rb ? -1 : 1;
  size_t m = alen < blen ? alen : blen;
  int c = memcmp(a, b, m);
  return c ? c : (alen > blen) - (alen < blen);
}

/* ---- probable typos ---- */
typedef struct Near { TerrLevel lv; const char **out; int n, max; } Near;

static void near_try(Near *nr, const char *cand, size_t len) {
  if (nr->n >= nr->max) return;
  const char *c = territory_code(nr->lv, cand, len);
  if (!c) return;
  for (int i = 0; i < nr->n; i++) if (nr->out[i] == c) return;
  nr->out[nr->n++] = c;
}

static const char alphabet[] = "0123456789AB";

int territory_nearest(TerrLevel lv, const char *code, size_t len, const char **out, int max) {
  Near nr = {lv, out, 0, max};
  char buf[16];
  if (len + 1 >= sizeof buf || len == 0 || max <= 0) return 0;
  buf[0] = '0';                                   /* a spreadsheet ate the leading zero */
  memcpy(buf + 1, code, len);
  near_try(&nr, buf, len + 1);
  if (len >= 2 && code[0] == '2' && code[1] == '0')   /* Corsica before 1976: 20 → 2A, 2B */
    for (const char *c = "AB"; *c; c++) {
      memcpy(buf, code, len);
      buf[1] = *c;
      near_try(&nr, buf, len);
    }
  for (size_t i = 0; i + 1 < len; i++) {          /* two characters swapped */
    memcpy(buf, code, len);
    buf[i] = code[i + 1];
    buf[i + 1] = code[i];
    if (buf[i] != buf[i + 1]) near_try(&nr, buf, len);
  }
  for (size_t i = len; i-- > 0;)                  /* one character wrong, the last ones first */
    for (int d = 1; d < 23; d++) {                /* nearest digits first: 5 → 6, 4, 7, 3… */
      int off = (d + 1) / 2 * (d % 2 ? 1 : -1);
      const char *p = strchr(alphabet, code[i]);
      if (!p) continue;
      int j = (int)(p - alphabet) + off;
      if (j < 0 || j >= 12) continue;
      memcpy(buf, code, len);
      buf[i] = alphabet[j];
      near_try(&nr, buf, len);
    }
  return nr.n;
}

/* ---- codes inside other codes ---- */
bool territory_departement(const char *c, size_t len, char out[4]) {
  if (len < 2) return false;
  size_t n = (c[0] == '9' && c[1] == '7') ? 3 : 2;
  if (len < n) return false;
  memcpy(out, c, n);
  out[n] = 0;
  return true;
}

int territory_departement_prefix(const char *c, size_t len) {
  if (len < 2) return -1;
  size_t n = (c[0] == '9' && c[1] == '7') ? 3 : 2;
  return len < n ? -1 : dep_key(c, n);
}

const char *territory_qpv_departement(const char *code, size_t len) {
  if (len < 7 || code[0] != 'Q' || (code[1] != 'P' && code[1] != 'N')) return NULL;
  const char *d = code + 2;
  if (d[0] == '0') return territory_code(TERR_DEPARTEMENT, d + 1, 2);   /* 059 → 59, 02A → 2A */
  return territory_code(TERR_DEPARTEMENT, d, 3);                        /* 971 */
}
