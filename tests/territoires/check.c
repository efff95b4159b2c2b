/* check.c — the compiled-in territory table read back through territory.h and compared with
 * the published originals in ../shared/data, row by row: every commune and arrondissement of
 * the COG (code, name, département, région), every département and région (name, région),
 * every EPCI member (EPCI, its name and nature), the zone of every commune the zonage lists
 * under its current code, and every code of the RPLS file (known, or an older code). This is
 * an independent recomputation: it shares nothing with tools/territoires/territoires.py but
 * the files it reads.
 *
 *   terr_check SHARED_DATA_DIR      prints "territoires: N checks, F failed"; exit 1 if F > 0 */
#include "csv.h"
#include "territory.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long checks, failed;

static void expect(bool ok, const char *file, long line, const char *what, const char *got, const char *want) {
  checks++;
  if (ok) return;
  if (++failed <= 20) fprintf(stderr, "%s:%ld: %s: got '%s', expected '%s'\n", file, line, what, got ? got : "(none)", want);
}

static void expect_str(const char *file, long line, const char *what, const char *got, const char *want) {
  expect(got && !strcmp(got, want), file, line, what, got, want);
}

/* Reads path and calls row() with each record's fields by header name. */
typedef struct Row { const CsvField *f; const CsvField *h; int nh; const char *file; long line; } Row;

static const char *get(const Row *r, const char *name, char *buf, size_t cap) {
  for (int i = 0; i < r->nh; i++)
    if (r->h[i].len == strlen(name) && !memcmp(r->h[i].s, name, r->h[i].len)) {
      size_t n = r->f[i].len < cap ? r->f[i].len : cap - 1;
      memcpy(buf, r->f[i].s, n);
      buf[n] = 0;
      return buf;
    }
  fprintf(stderr, "%s: no column %s\n", r->file, name);
  exit(2);
}

static void each_row(const char *dir, const char *rel, char sep, void (*row)(const Row *)) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  CsvOptions o = {.delimiter = sep};
  CsvReader *rd = csv_open(path, &o);
  const CsvField *h, *f;
  int nh = csv_header(rd, &h);
  if (nh < 0) { fprintf(stderr, "%s: %s\n", path, csv_error(rd)->message); exit(2); }
  CsvField *hc = malloc(sizeof *hc * (size_t)nh);   /* the header's fields, kept across records */
  char **names = malloc(sizeof *names * (size_t)nh);
  for (int i = 0; i < nh; i++) {
    names[i] = strndup(h[i].s, h[i].len);
    hc[i] = (CsvField){names[i], h[i].len};
  }
  while (csv_next(rd, &f) > 0) {
    Row r = {f, hc, nh, rel, csv_record_line(rd)};
    row(&r);
  }
  if (csv_error(rd)) { fprintf(stderr, "%s: %s\n", path, csv_error(rd)->message); exit(2); }
  for (int i = 0; i < nh; i++) free(names[i]);
  free(names);
  free(hc);
  csv_close(rd);
}

static long ncommunes;

static void commune_row(const Row *r) {
  char type[8], com[8], dep[8], reg[8], name[256], parent[8];
  get(r, "TYPECOM", type, sizeof type);
  get(r, "COM", com, sizeof com);
  get(r, "LIBELLE", name, sizeof name);
  TerrCommune c = territory_commune(com, strlen(com));
  if (!strcmp(type, "COM")) {
    ncommunes++;
    expect(c.match == TERR_CURRENT, r->file, r->line, "a current commune", c.code, com);
    expect_str(r->file, r->line, "commune name", territory_name(TERR_COMMUNE, com, 5), name);
    expect_str(r->file, r->line, "département", territory_parent(TERR_COMMUNE, com, 5, TERR_DEPARTEMENT), get(r, "DEP", dep, sizeof dep));
    expect_str(r->file, r->line, "région", territory_parent(TERR_COMMUNE, com, 5, TERR_REGION), get(r, "REG", reg, sizeof reg));
    expect(territory_parent(TERR_COMMUNE, com, 5, TERR_ZONE_ABC) != NULL, r->file, r->line, "a zone", NULL, "one");
  } else if (!strcmp(type, "ARM")) {
    expect(c.match == TERR_ARRONDISSEMENT, r->file, r->line, "an arrondissement", c.code, com);
    expect_str(r->file, r->line, "arrondissement's commune", c.code, get(r, "COMPARENT", parent, sizeof parent));
    expect_str(r->file, r->line, "arrondissement name", territory_name(TERR_COMMUNE, com, 5), name);
    expect(territory_code(TERR_COMMUNE, com, 5) == NULL, r->file, r->line, "not a commune itself", com, "NULL");
  } else if (c.match != TERR_CURRENT) {   /* a commune déléguée or associée: its commune today */
    expect(c.match == TERR_FORMER || c.match == TERR_UNKNOWN, r->file, r->line, "an older code", c.code, com);
    if (c.match == TERR_FORMER) expect_str(r->file, r->line, "commune it is part of", c.code, get(r, "COMPARENT", parent, sizeof parent));
  }
}

static void dep_row(const Row *r) {
  char dep[8], reg[8], name[256];
  get(r, "DEP", dep, sizeof dep);
  expect_str(r->file, r->line, "département name", territory_name(TERR_DEPARTEMENT, dep, strlen(dep)), get(r, "LIBELLE", name, sizeof name));
  expect_str(r->file, r->line, "région of département", territory_parent(TERR_DEPARTEMENT, dep, strlen(dep), TERR_REGION), get(r, "REG", reg, sizeof reg));
}

static void region_row(const Row *r) {
  char reg[8], name[256];
  get(r, "REG", reg, sizeof reg);
  expect_str(r->file, r->line, "région name", territory_name(TERR_REGION, reg, strlen(reg)), get(r, "LIBELLE", name, sizeof name));
}

static void epci_row(const Row *r) {
  char com[8], siren[16], name[512], nature[16];
  get(r, "insee", com, sizeof com);
  get(r, "siren", siren, sizeof siren);
  get(r, "nature_juridique", nature, sizeof nature);
  expect_str(r->file, r->line, "EPCI of commune", territory_parent(TERR_COMMUNE, com, 5, TERR_EPCI), siren);
  expect_str(r->file, r->line, "EPCI name", territory_name(TERR_EPCI, siren, strlen(siren)), get(r, "raison_sociale", name, sizeof name));
  const char *want = !strcmp(nature, "METRO") || !strcmp(nature, "MET69") ? "métropole" : nature;
  expect_str(r->file, r->line, "EPCI nature", territory_epci_nature(siren, strlen(siren)), want);
}

static void zone_row(const Row *r) {
  char com[8], zone[16];
  get(r, "CODGEO", com, sizeof com);
  get(r, "Zone en vigueur depuis le 5 juillet 2024", zone, sizeof zone);
  if (!territory_code(TERR_COMMUNE, com, strlen(com))) return;   /* older codes: through the mouvements */
  expect_str(r->file, r->line, "zone", territory_parent(TERR_COMMUNE, com, 5, TERR_ZONE_ABC), !strcmp(zone, "Abis") ? "A_bis" : zone);
}

static void rpls_row(const Row *r) {
  char com[8];
  get(r, "DEPCOM_ARM", com, sizeof com);
  TerrCommune c = territory_commune(com, strlen(com));
  expect(c.match != TERR_UNKNOWN, r->file, r->line, "a known commune code", NULL, com);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: terr_check SHARED_DATA_DIR\n"); return 2; }
  const char *d = argv[1];
  each_row(d, "cog/communes-2026.csv", ',', commune_row);
  expect(ncommunes == 34875, "cog/communes-2026.csv", 0, "communes", NULL, "34875");
  each_row(d, "cog/departements.csv", ',', dep_row);
  each_row(d, "cog/regions.csv", ',', region_row);
  each_row(d, "epci/epcicom2025.csv", ',', epci_row);
  each_row(d, "zonage-abc/zonage-abc-juillet-2024.csv", ';', zone_row);
  each_row(d, "rpls/lgt_soc_2024_extracted.csv", ',', rpls_row);
  printf("territoires: %ld checks against ../shared/data, %ld failed\n", checks, failed);
  return failed ? 1 : 0;
}
