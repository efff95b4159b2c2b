/* test_territory.c — the territory module on known facts of the official geography: names,
 * parents (commune → département → région, EPCI, zone), arrondissements and older codes,
 * probable typos, report order, QPV codes, levels. The whole table is compared with its
 * originals by tests/territoires/ (when ../shared is there). */
#include "territory.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(x) x, strlen(x)

static const char *parent(TerrLevel from, const char *code, TerrLevel to) { return territory_parent(from, S(code), to); }

START_TEST(t01_names) {
  ck_assert_str_eq(territory_name(TERR_COMMUNE, S("59350")), "Lille");
  ck_assert_str_eq(territory_name(TERR_COMMUNE, S("2A004")), "Ajaccio");
  ck_assert_str_eq(territory_name(TERR_COMMUNE, S("01001")), "L'Abergement-Clémenciat");
  ck_assert_str_eq(territory_name(TERR_COMMUNE, S("75101")), "Paris 1er Arrondissement");
  ck_assert_str_eq(territory_name(TERR_DEPARTEMENT, S("59")), "Nord");
  ck_assert_str_eq(territory_name(TERR_DEPARTEMENT, S("971")), "Guadeloupe");
  ck_assert_str_eq(territory_name(TERR_REGION, S("32")), "Hauts-de-France");
  ck_assert_str_eq(territory_name(TERR_REGION, S("04")), "La Réunion");
  ck_assert_str_eq(territory_name(TERR_EPCI, S("200093201")), "Métropole Européenne de Lille");
  ck_assert_str_eq(territory_name(TERR_ZONE_ABC, S("A_bis")), "A bis");
  ck_assert_ptr_null(territory_name(TERR_COMMUNE, S("59999")));
  ck_assert_ptr_null(territory_name(TERR_DEPARTEMENT, S("20")));
  ck_assert_ptr_null(territory_name(TERR_DEPARTEMENT, S("975")));   /* Saint-Pierre-et-Miquelon: no département of the COG list */
  ck_assert_ptr_null(territory_name(TERR_COMMUNE, S("5935")));
  ck_assert_ptr_null(territory_name(TERR_OTHER, S("59")));
}
END_TEST

START_TEST(t02_parents) {
  ck_assert_str_eq(parent(TERR_COMMUNE, "59350", TERR_DEPARTEMENT), "59");
  ck_assert_str_eq(parent(TERR_COMMUNE, "59350", TERR_REGION), "32");
  ck_assert_str_eq(parent(TERR_COMMUNE, "59350", TERR_EPCI), "200093201");
  ck_assert_str_eq(parent(TERR_COMMUNE, "59350", TERR_ZONE_ABC), "A");
  ck_assert_str_eq(parent(TERR_COMMUNE, "75056", TERR_ZONE_ABC), "A_bis");
  ck_assert_str_eq(parent(TERR_COMMUNE, "75056", TERR_EPCI), "200054781");
  ck_assert_str_eq(parent(TERR_COMMUNE, "2A004", TERR_DEPARTEMENT), "2A");
  ck_assert_str_eq(parent(TERR_COMMUNE, "2A004", TERR_REGION), "94");
  ck_assert_str_eq(parent(TERR_COMMUNE, "97101", TERR_DEPARTEMENT), "971");
  ck_assert_str_eq(parent(TERR_COMMUNE, "97101", TERR_REGION), "01");
  ck_assert_str_eq(parent(TERR_COMMUNE, "97101", TERR_ZONE_ABC), "B1");
  ck_assert_str_eq(parent(TERR_COMMUNE, "01001", TERR_ZONE_ABC), "C");
  ck_assert_str_eq(parent(TERR_DEPARTEMENT, "2B", TERR_REGION), "94");
  ck_assert_str_eq(parent(TERR_DEPARTEMENT, "976", TERR_REGION), "06");
  ck_assert_str_eq(parent(TERR_COMMUNE, "59350", TERR_COMMUNE), "59350");
  ck_assert_ptr_null(parent(TERR_COMMUNE, "29083", TERR_EPCI));   /* Île-de-Sein: in no EPCI */
  ck_assert_ptr_null(parent(TERR_DEPARTEMENT, "59", TERR_EPCI));
  ck_assert_ptr_null(parent(TERR_REGION, "32", TERR_DEPARTEMENT));
  ck_assert_ptr_null(parent(TERR_COMMUNE, "75101", TERR_DEPARTEMENT));   /* an arrondissement: read it with territory_commune */
  ck_assert_str_eq(territory_epci_nature(S("200093201")), "métropole");
  ck_assert_str_eq(territory_epci_nature(S("200018653")), "CA");
}
END_TEST

START_TEST(t03_data_codes) {
  TerrCommune c = territory_commune(S("59350"));
  ck_assert_int_eq(c.match, TERR_CURRENT);
  ck_assert_str_eq(c.code, "59350");
  c = territory_commune(S("75112"));
  ck_assert_int_eq(c.match, TERR_ARRONDISSEMENT);
  ck_assert_str_eq(c.code, "75056");
  c = territory_commune(S("13201"));
  ck_assert_str_eq(c.code, "13055");
  c = territory_commune(S("69381"));
  ck_assert_str_eq(c.code, "69123");
  c = territory_commune(S("01039"));            /* Béon, merged into Culoz-Béon on 1 January 2023 */
  ck_assert_int_eq(c.match, TERR_FORMER);
  ck_assert_str_eq(c.code, "01138");
  ck_assert_int_eq(c.last_year, 2022);
  c = territory_commune(S("14011"));            /* Aurseulles, new code 14581 on 24 April 2024 */
  ck_assert_int_eq(c.match, TERR_FORMER);
  ck_assert_str_eq(c.code, "14581");
  ck_assert_int_eq(c.last_year, 2024);
  ck_assert_int_eq(territory_commune(S("59999")).match, TERR_UNKNOWN);
  ck_assert_int_eq(territory_commune(S("5935")).match, TERR_UNKNOWN);
  ck_assert_int_eq(territory_commune(S("2C004")).match, TERR_UNKNOWN);
  ck_assert_int_eq(territory_commune(S("")).match, TERR_UNKNOWN);
  ck_assert_ptr_null(territory_commune(S("59999")).code);
}
END_TEST

static const char *nearest(TerrLevel lv, const char *code) {
  static char buf[128];
  const char *out[3];
  int n = territory_nearest(lv, S(code), out, 3);
  buf[0] = 0;
  for (int i = 0; i < n; i++) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "", out[i]);
  return buf;
}

START_TEST(t04_nearest) {
  ck_assert_str_eq(nearest(TERR_COMMUNE, "1001"), "01001");          /* leading zero lost */
  ck_assert_str_eq(nearest(TERR_DEPARTEMENT, "1"), "01");
  ck_assert_str_eq(nearest(TERR_REGION, "1"), "01");
  ck_assert_str_eq(nearest(TERR_COMMUNE, "20004"), "2A004 02004 21004");   /* Corsica written 20 first */
  ck_assert_str_eq(nearest(TERR_DEPARTEMENT, "20"), "2A 2B 02");
  const char *n = nearest(TERR_COMMUNE, "59530");                    /* swapped: 59350 first */
  ck_assert_msg(!strncmp(n, "59350", 5), "got %s", n);
  ck_assert_str_eq(nearest(TERR_COMMUNE, "zzzzz"), "");
  ck_assert_str_eq(nearest(TERR_COMMUNE, ""), "");
}
END_TEST

START_TEST(t05_display_order) {
  char buf[128];
  ck_assert_uint_eq(territory_display(TERR_COMMUNE, S("59350"), buf, sizeof buf), strlen("Lille (59350)"));
  ck_assert_str_eq(buf, "Lille (59350)");
  territory_display(TERR_DEPARTEMENT, S("59"), buf, sizeof buf);
  ck_assert_str_eq(buf, "Nord (59)");
  territory_display(TERR_REGION, S("32"), buf, sizeof buf);
  ck_assert_str_eq(buf, "Hauts-de-France");
  territory_display(TERR_ZONE_ABC, S("A_bis"), buf, sizeof buf);
  ck_assert_str_eq(buf, "A bis");
  territory_display(TERR_COMMUNE, S("99999"), buf, sizeof buf);
  ck_assert_str_eq(buf, "99999");
  ck_assert_uint_eq(territory_display(TERR_COMMUNE, S("59350"), buf, 4), strlen("Lille (59350)"));
  ck_assert_str_eq(buf, "Lil");
  ck_assert_int_lt(territory_compare(TERR_ZONE_ABC, S("A_bis"), S("A")), 0);
  ck_assert_int_lt(territory_compare(TERR_ZONE_ABC, S("B2"), S("C")), 0);
  ck_assert_int_lt(territory_compare(TERR_DEPARTEMENT, S("19"), S("2A")), 0);
  ck_assert_int_lt(territory_compare(TERR_DEPARTEMENT, S("2B"), S("30")), 0);
  ck_assert_int_lt(territory_compare(TERR_DEPARTEMENT, S("95"), S("971")), 0);
  ck_assert_int_lt(territory_compare(TERR_COMMUNE, S("2B366"), S("30001")), 0);
  ck_assert_int_lt(territory_compare(TERR_COMMUNE, S("59350"), S("00000")), 0);   /* unknown last */
  ck_assert_int_eq(territory_compare(TERR_REGION, S("32"), S("32")), 0);
  /* EPCI: by the département of their seat, then by name */
  ck_assert_int_lt(territory_compare(TERR_EPCI, S("200029999"), S("200093201")), 0);
}
END_TEST

START_TEST(t06_qpv) {
  ck_assert_str_eq(territory_qpv_departement(S("QP059001")), "59");
  ck_assert_str_eq(territory_qpv_departement(S("QN05901M")), "59");
  ck_assert_str_eq(territory_qpv_departement(S("QN02A01M")), "2A");
  ck_assert_str_eq(territory_qpv_departement(S("QN97101I")), "971");
  ck_assert_ptr_null(territory_qpv_departement(S("QN020010")));
  ck_assert_ptr_null(territory_qpv_departement(S("XX059001")));
  ck_assert_ptr_null(territory_qpv_departement(S("QP05")));
}
END_TEST

START_TEST(t07_levels) {
  ck_assert_int_eq(territory_level("commune"), TERR_COMMUNE);
  ck_assert_int_eq(territory_level("département"), TERR_DEPARTEMENT);
  ck_assert_int_eq(territory_level("departement"), TERR_DEPARTEMENT);
  ck_assert_int_eq(territory_level("région"), TERR_REGION);
  ck_assert_int_eq(territory_level("epci"), TERR_EPCI);
  ck_assert_int_eq(territory_level("zone_abc"), TERR_ZONE_ABC);
  ck_assert_int_eq(territory_level("zone"), TERR_OTHER);
  ck_assert_str_eq(territory_level_name(TERR_DEPARTEMENT), "département");
  ck_assert(territory_derives(TERR_COMMUNE, TERR_ZONE_ABC));
  ck_assert(territory_derives(TERR_DEPARTEMENT, TERR_REGION));
  ck_assert(!territory_derives(TERR_DEPARTEMENT, TERR_EPCI));
  ck_assert(!territory_derives(TERR_EPCI, TERR_REGION));
  ck_assert_int_eq(territory_cog_year(), 2026);
  char dep[4];
  ck_assert(territory_departement(S("97611"), dep));
  ck_assert_str_eq(dep, "976");
  ck_assert(!territory_departement(S("5"), dep));
}
END_TEST

int main(void) {
  Suite *s = suite_create("territory");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, t01_names);
  tcase_add_test(tc, t02_parents);
  tcase_add_test(tc, t03_data_codes);
  tcase_add_test(tc, t04_nearest);
  tcase_add_test(tc, t05_display_order);
  tcase_add_test(tc, t06_qpv);
  tcase_add_test(tc, t07_levels);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
