/* territory.h — the official French geography pvs ships: communes of the INSEE COG (with
 * the municipal arrondissements of Paris, Lyon and Marseille as their children, and the
 * older codes of merged or renamed communes), départements, régions, EPCI à fiscalité propre
 * and the zonage A/B/C, with their official names. The table is generated from the
 * published files (tools/territoires/, doc/territoires.md) and compiled in: nothing is read
 * at start-up.
 *
 * Codes are the official ones: commune "59350", "2A004", "97101"; département "59", "2A",
 * "971"; région "32"; EPCI its SIREN "200093201"; zone "A_bis", "A", "B1", "B2", "C".
 * Every string returned is static (never freed, never changed). Codes passed in are borrowed
 * and need not be NUL-terminated (a length is given). */
#ifndef PVS_TERRITORY_H
#define PVS_TERRITORY_H
#include <stdbool.h>
#include <stddef.h>

typedef enum TerrLevel { TERR_COMMUNE, TERR_DEPARTEMENT, TERR_REGION, TERR_EPCI, TERR_ZONE_ABC, TERR_OTHER } TerrLevel;

/* The level named `name` ("commune", "département"/"departement", "région"/"region", "epci",
 * "zone_abc"), TERR_OTHER for anything else. */
TerrLevel territory_level(const char *name);
/* The level's name as the language spells it ("département"); "" for TERR_OTHER. */
const char *territory_level_name(TerrLevel lv);
/* Whether a code at level `from` gives the code at level `to`: a commune gives its
 * département, région, EPCI and zone; a département gives its région; a level gives itself. */
bool territory_derives(TerrLevel from, TerrLevel to);
/* The COG year of the table (2026), and its sources as one French sentence. */
int territory_cog_year(void);
const char *territory_sources(void);

/* ---- current codes ---- */
/* The static copy of `code` when it is a current code at level lv (a commune, not an
 * arrondissement), else NULL. */
const char *territory_code(TerrLevel lv, const char *code, size_t len);
/* The official name ("Lille", "Nord", "Hauts-de-France", "Métropole Européenne de Lille",
 * "A bis") of a code at level lv (a commune may be an arrondissement: "Paris 1er
 * Arrondissement"), or NULL when there is none. */
const char *territory_name(TerrLevel lv, const char *code, size_t len);
/* The code at level `to` of the territory that contains `code` (a current code at level
 * `from`): NULL when territory_derives(from, to) is false, the code is unknown, or it has
 * none (the four island communes outside any EPCI). */
const char *territory_parent(TerrLevel from, const char *code, size_t len, TerrLevel to);
/* The nature of an EPCI ("CC", "CA", "CU", "métropole"), or NULL. */
const char *territory_epci_nature(const char *siren, size_t len);
/* How a person reads a territory: "Lille (59350)", "Nord (59)", "Hauts-de-France", the EPCI's
 * name, "A bis"; the code itself when it is not known. Writes at most cap bytes with the NUL
 * (cap > 0) and returns the full length, as snprintf does. */
size_t territory_display(TerrLevel lv, const char *code, size_t len, char *buf, size_t cap);
/* The report order of two codes of a level, as strcmp: zones from A bis to C, EPCI by the
 * département of their seat then by name, other levels by code (communes thus come within
 * their département); unknown codes after known ones, by bytes. */
int territory_compare(TerrLevel lv, const char *a, size_t alen, const char *b, size_t blen);

/* ---- commune codes as data files write them ---- */
typedef enum TerrMatch {
  TERR_UNKNOWN,                    /* no commune has, or had, this code */
  TERR_CURRENT,                    /* a commune of the table's COG */
  TERR_ARRONDISSEMENT,             /* a municipal arrondissement: read as its commune */
  TERR_FORMER,                     /* an older code: read as the commune it became */
} TerrMatch;
typedef struct TerrCommune {
  TerrMatch match;
  const char *code;                /* the current commune (static, 5 characters), NULL if unknown */
  int last_year;                   /* TERR_FORMER: the last COG year in which the code was a commune */
} TerrCommune;
TerrCommune territory_commune(const char *code, size_t len);
/* Builds the lookup indexes (otherwise built on first use): before threads read codes. */
void territory_prepare(void);
/* Up to max current codes of level lv that the code was probably meant to be (a lost leading
 * zero, two characters swapped, one character wrong), most likely first; returns how many. */
int territory_nearest(TerrLevel lv, const char *code, size_t len, const char **out, int max);

/* ---- codes inside other codes ---- */
/* The département of a commune code by its first characters (2, or 3 for 97x), without
 * looking it up: for codes a column declares unchecked. False if too short. */
bool territory_departement(const char *commune, size_t len, char out[4]);
/* The same characters as one number below TERR_DEP_PREFIXES, a different one per prefix
 * (tables indexed by département prefix); -1 when they cannot be a département code
 * (too short, not digits, 2A/2B apart). */
enum { TERR_DEP_PREFIXES = 130 };
int territory_departement_prefix(const char *commune, size_t len);
/* The département (a current code, static) of a QPV code: "QP059001" (2015), "QN05901M"
 * (2024) → "59"; "QN02A01M" → "2A"; "QN97101I" → "971"; NULL when it is not one. */
const char *territory_qpv_departement(const char *code, size_t len);
#endif
