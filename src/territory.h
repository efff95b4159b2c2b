/* territory.h — territorial levels derived from INSEE codes: the département of a commune
 * (2 characters, 2A/2B for Corsica, 3 for overseas 97x) and the région (2016 regions) of a
 * département, from a built-in table. */
#ifndef PVS_TERRITORY_H
#define PVS_TERRITORY_H
#include <stdbool.h>
#include <stddef.h>

typedef enum TerrLevel { TERR_COMMUNE, TERR_DEPARTEMENT, TERR_REGION, TERR_OTHER } TerrLevel;

/* The level named `name` ("commune", "département"/"departement", "région"/"region"). */
TerrLevel territory_level(const char *name);
/* Writes the département code of a commune code into out (4 bytes); false if malformed. */
bool territory_departement(const char *commune, size_t len, char out[4]);
/* The région code ("32") of a département code, or NULL if unknown. */
const char *territory_region(const char *dep, size_t len);
/* The name of a région code ("Hauts-de-France"), or NULL. */
const char *territory_region_name(const char *code);
#endif
