/* territory.c — département and région from INSEE codes (see territory.h). The
 * département → région table is the 2016 map (18 régions, 101 départements). */
#include "territory.h"
#include <string.h>

TerrLevel territory_level(const char *name) {
  if (!strcmp(name, "commune")) return TERR_COMMUNE;
  if (!strcmp(name, "département") || !strcmp(name, "departement")) return TERR_DEPARTEMENT;
  if (!strcmp(name, "région") || !strcmp(name, "region")) return TERR_REGION;
  return TERR_OTHER;
}

bool territory_departement(const char *c, size_t len, char out[4]) {
  if (len < 2) return false;
  size_t n = (c[0] == '9' && c[1] == '7') ? 3 : 2;
  if (len < n) return false;
  memcpy(out, c, n);
  out[n] = 0;
  return true;
}

static const struct { const char *code, *name, *deps; } regions[] = {
  {"84", "Auvergne-Rhône-Alpes", " 01 03 07 15 26 38 42 43 63 69 73 74 "},
  {"27", "Bourgogne-Franche-Comté", " 21 25 39 58 70 71 89 90 "},
  {"53", "Bretagne", " 22 29 35 56 "},
  {"24", "Centre-Val de Loire", " 18 28 36 37 41 45 "},
  {"94", "Corse", " 2A 2B "},
  {"44", "Grand Est", " 08 10 51 52 54 55 57 67 68 88 "},
  {"32", "Hauts-de-France", " 02 59 60 62 80 "},
  {"11", "Île-de-France", " 75 77 78 91 92 93 94 95 "},
  {"28", "Normandie", " 14 27 50 61 76 "},
  {"75", "Nouvelle-Aquitaine", " 16 17 19 23 24 33 40 47 64 79 86 87 "},
  {"76", "Occitanie", " 09 11 12 30 31 32 34 46 48 65 66 81 82 "},
  {"52", "Pays de la Loire", " 44 49 53 72 85 "},
  {"93", "Provence-Alpes-Côte d'Azur", " 04 05 06 13 83 84 "},
  {"01", "Guadeloupe", " 971 "},
  {"02", "Martinique", " 972 "},
  {"03", "Guyane", " 973 "},
  {"04", "La Réunion", " 974 "},
  {"06", "Mayotte", " 976 "},
};

const char *territory_region(const char *dep, size_t len) {
  if (len < 2 || len > 3) return NULL;
  char key[6] = {' ', 0, 0, 0, 0, 0};
  memcpy(key + 1, dep, len);
  key[len + 1] = ' ';
  for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
    if (strstr(regions[i].deps, key)) return regions[i].code;
  return NULL;
}

const char *territory_region_name(const char *code) {
  for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
    if (!strcmp(regions[i].code, code)) return regions[i].name;
  return NULL;
}
