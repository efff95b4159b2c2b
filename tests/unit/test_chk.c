/* test_chk.c — the checker's interface for the evaluator: chk_run's error count,
 * chk_unit_of (declared or inferred units) and chk_order (dependencies first). */
#include "chk.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *src =
  "unité logement\n"
  "table parc : logement { id: texte clé; vacant: booléen; loyer: décimal €/mois }\n"
  "indicateur taux_vacance = part(parc où vacant)\n"
  "indicateur annuel = somme(parc, loyer) * 12 [mois/an] * (1 + hausse)\n"
  "paramètre hausse : % = 2 %\n"
  "indicateur nb = compte(parc)\n";

typedef struct Fixture { Arena *a; Diag *d; Compilation *c; int errors; } Fixture;

static Fixture load(const char *text) {
  char path[] = "/tmp/pvs_test_chk_XXXXXX.pvs";
  int fd = mkstemps(path, 4);
  ck_assert_int_ge(fd, 0);
  ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  close(fd);
  Fixture f = {arena_new(), diag_new(), NULL, 0};
  LoadStatus st;
  f.c = load_compilation(f.a, f.d, path, &st);
  ck_assert_int_eq(st, LOAD_OK);
  ChkOptions o = {false};
  f.errors = chk_run(f.c, &o);
  unlink(path);
  return f;
}
static void done(Fixture *f) { diag_free(f->d); arena_free(f->a); }

static const char *unit_text(const Compilation *c, const char *name) {
  static char buf[64];
  const UnitExpr *u = chk_unit_of(sym_lookup(c->main, NS_VALUE, name));
  if (!u) return "";
  FILE *m = fmemopen(buf, sizeof buf, "w");
  ast_unit_print(m, u);
  fclose(m);
  return buf;
}

START_TEST(units_inferred) {
  Fixture f = load(src);
  ck_assert_int_eq(f.errors, 0);
  ck_assert_str_eq(unit_text(f.c, "taux_vacance"), "%");
  ck_assert_str_eq(unit_text(f.c, "annuel"), "€/an");
  ck_assert_str_eq(unit_text(f.c, "nb"), "logement");
  ck_assert_str_eq(unit_text(f.c, "hausse"), "%");
  done(&f);
}
END_TEST

static int pos(Sym **order, int n, const char *name) {
  for (int i = 0; i < n; i++) if (!strcmp(order[i]->name, name)) return i;
  return -1;
}

START_TEST(order_dependencies_first) {
  Fixture f = load(src);
  Sym **order;
  int n = chk_order(f.c, &order);
  ck_assert_int_eq(n, 4);
  ck_assert_int_lt(pos(order, n, "hausse"), pos(order, n, "annuel"));
  done(&f);
}
END_TEST

START_TEST(cycle_left_out) {
  Fixture f = load("indicateur a = b + 1\nindicateur b = a\nindicateur c = 2\n");
  ck_assert_int_eq(f.errors, 1);
  Sym **order;
  int n = chk_order(f.c, &order);
  ck_assert_int_eq(pos(order, n, "c") >= 0, 1);
  ck_assert_int_eq(pos(order, n, "a"), -1);
  done(&f);
}
END_TEST

int main(void) {
  Suite *s = suite_create("chk");
  TCase *tc = tcase_create("interface");
  tcase_add_test(tc, units_inferred);
  tcase_add_test(tc, order_dependencies_first);
  tcase_add_test(tc, cycle_left_out);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
