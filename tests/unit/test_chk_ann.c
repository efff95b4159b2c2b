/* test_chk_ann.c — the checker's annotations (ast.h ExprAnn): after chk_run, every name,
 * number, date and call of every expression the checker accepted carries what the checker
 * found, with the right content — the evaluator reads them instead of resolving or parsing
 * again (and asserts them). Also: a module's declarations are annotated in the module's
 * own context, whoever imports them. */
#include "chk.h"
#include "csv.h"
#include "schema.h"
#include "territory.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *module_src =
  "paramètre base = 3\n"
  "indicateur double = base * 2\n";

static const char *main_src =
  "importe voisin comme v\n"
  "unité logement, m2\n"
  "partie_prenante locataires, état\n"
  "table parc : logement {\n"
  "  id: texte clé\n"
  "  type: texte\n"
  "  commune: territoire commune\n"
  "  loyer: décimal €/mois\n"
  "  surface: décimal m2\n"
  "  livré: date\n"
  "}\n"
  "table attributions {\n"
  "  id: texte clé\n"
  "  logement: réf parc\n"
  "}\n"
  "paramètre hausse : % = 2 %\n"
  "paramètre base_locale = 7\n"
  "paramètre énorme = 123456789012345678901234567890\n"
  "paramètre taux : % = selon type { \"T1\": 5 %, autre: 3 % }\n"
  "indicateur loyers : €/mois = arrondi(somme(parc où livré >= 2024-03-01, loyer * (1 + hausse)), 2, demi_pair)\n"
  "indicateur surfaces : m2 = somme(attributions, logement.surface)\n"
  "indicateur en_a : logement = compte(parc où zone_abc = \"A\")\n"
  "indicateur ponderé : € = somme(parc, loyer * taux * 1 mois)\n"
  "indicateur mixte = min(base_locale, énorme) + v.double + nb_noms\n"
  "indicateur nb_noms = compte_distinct(parc, id)\n"
  "indicateur unitaire : €/m2/mois = 11.2 €/m2/mois\n"
  "valorisation v1 \"Un\" : € {\n"
  "  quantité: compte(parc)\n"
  "  proxy: 100 €/logement\n"
  "  pour: locataires 70 %, état 30 %\n"
  "  aubaine: 10 %\n"
  "}\n"
  "contrôle loyers_positifs {\n"
  "  pour_chaque: parc\n"
  "  condition: loyer >= 0 €/mois\n"
  "}\n";

typedef struct Fixture { Arena *a; Diag *d; Compilation *c; int errors; char dir[64]; } Fixture;

static void put(const char *dir, const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

static Fixture load(void) {
  Fixture f = {arena_new(), diag_new(), NULL, 0, "/tmp/pvs_test_ann_XXXXXX"};
  ck_assert_ptr_nonnull(mkdtemp(f.dir));
  put(f.dir, "voisin.pvs", module_src);
  put(f.dir, "prog.pvs", main_src);
  char path[128];
  snprintf(path, sizeof path, "%s/prog.pvs", f.dir);
  LoadStatus st;
  f.c = load_compilation(f.a, f.d, path, &st);
  ck_assert_int_eq(st, LOAD_OK);
  ChkOptions o = {false};
  f.errors = chk_run(f.c, &o);
  return f;
}

static void done(Fixture *f) {
  char path[128];
  snprintf(path, sizeof path, "%s/prog.pvs", f->dir); unlink(path);
  snprintf(path, sizeof path, "%s/voisin.pvs", f->dir); unlink(path);
  rmdir(f->dir);
  diag_free(f->d);
  arena_free(f->a);
}

/* ---- every expression ---- */
typedef struct Walk { int names, nums, dates, calls, missing; } Walk;

static bool visit(const Expr *e, void *ctx) {
  Walk *w = ctx;
  switch (e->kind) {
  case EX_NAME: w->names++; break;
  case EX_NUM: w->nums++; break;
  case EX_DATE: w->dates++; break;
  case EX_CALL: w->calls++; break;
  default: break;
  }
  bool want = e->kind == EX_NAME || e->kind == EX_NUM || e->kind == EX_DATE || e->kind == EX_CALL;
  if (want && e->ann.kind == ANN_NONE) {
    w->missing++;
    fprintf(stderr, "not annotated: expression of kind %d at byte %u\n", (int)e->kind, e->loc.start);
  }
  return ast_each_child(e, visit, ctx);
}

/* The expression fields of a declaration (not its words: pour's stakeholders, par's
 * dimensions, depuis's dates, which are no expressions); a stakeholder's share is read as
 * a number by the evaluator, so it counts. */
static void walk_decl(const Decl *d, Walk *w) {
  if (d->formula) visit(d->formula, w);
  for (int i = 0; i < d->items.n; i++) {
    const Item *it = d->items.v[i];
    FieldId f = it->kind == IT_FIELD && it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
    if (f == F__COUNT) continue;
    FieldValueKind vk = schema_field(f)->value;
    for (int j = 0; j < it->values.n; j++) {
      const FieldValue *v = it->values.v[j];
      if (vk == FV_EXPR || vk == FV_EXPRS || vk == FV_DATED || vk == FV_PERCENT || vk == FV_YEARS || vk == FV_NUMBER)
        visit(v->value, w);
      if (vk == FV_STAKEHOLDERS && v->share) visit(v->share, w);
    }
  }
}

START_TEST(every_expression_annotated) {
  Fixture f = load();
  ck_assert_int_eq(f.errors, 0);
  Walk w = {0};
  for (int m = 0; m < f.c->nmods; m++)
    for (int i = 0; i < f.c->mods[m]->prog->decls.n; i++) walk_decl(f.c->mods[m]->prog->decls.v[i], &w);
  ck_assert_int_eq(w.missing, 0);
  ck_assert_int_ge(w.names, 20);   /* the walk saw the program */
  ck_assert_int_ge(w.nums, 10);
  ck_assert_int_eq(w.dates, 1);
  ck_assert_int_eq(w.calls, 8);
  done(&f);
}
END_TEST

/* ---- content ---- */
static Sym *decl(const Fixture *f, const char *name) {
  Sym *s = sym_lookup(f->c->main, NS_VALUE, name);
  ck_assert_ptr_nonnull(s);
  return s;
}

static const Expr *formula(const Fixture *f, const char *name) {
  const Decl *d = decl(f, name)->decl;
  if (d->formula) return d->formula;
  const Item *it = schema_find(d, F_VALUE);
  ck_assert_ptr_nonnull(it);
  return it->values.v[0]->value;
}

static const Expr *field(const Fixture *f, const char *name, FieldId fid) {
  const Item *it = schema_find(decl(f, name)->decl, fid);
  ck_assert_ptr_nonnull(it);
  return it->values.v[0]->value;
}

static Sym *column(const Fixture *f, const char *table, const char *col) { return sym_column(decl(f, table), col); }

static long fast_value(const Num *n) {
  long v = 0;
  ck_assert_ptr_null(n->big);
  ck_assert(num_to_long(n, &v));
  return v;
}

START_TEST(names_resolved) {
  Fixture f = load();
  /* arrondi(somme(parc où livré >= 2024-03-01, loyer * (1 + hausse)), 2, demi_pair) */
  const Expr *round = formula(&f, "loyers");
  ck_assert_int_eq(round->ann.kind, ANN_CALL);
  ck_assert_int_eq(round->ann.fn, B_ROUND);
  ck_assert(!round->ann.agg);
  const Expr *sum = round->call.args.v[0], *where = sum->call.args.v[0];
  ck_assert_int_eq(sum->ann.kind, ANN_CALL);
  ck_assert_int_eq(sum->ann.fn, B_SUM);
  ck_assert(sum->ann.agg);
  ck_assert_int_eq(where->kind, EX_WHERE);
  ck_assert_int_eq(where->where.table->ann.kind, ANN_TABLE);
  ck_assert_ptr_eq(where->where.table->ann.sym, decl(&f, "parc"));
  const Expr *livre = where->where.cond->bin.l, *date = where->where.cond->bin.r;
  ck_assert_int_eq(livre->ann.kind, ANN_COLUMN);
  ck_assert_ptr_eq(livre->ann.sym, column(&f, "parc", "livré"));
  ck_assert_int_eq(livre->ann.type, AT_DATE);
  ck_assert_int_eq(date->ann.kind, ANN_LITERAL);
  ck_assert_int_eq(date->ann.date, csv_date_pack(2024, 3, 1));
  const Expr *loyer = sum->call.args.v[1]->bin.l, *hausse = sum->call.args.v[1]->bin.r->bin.r;
  ck_assert_int_eq(loyer->ann.kind, ANN_COLUMN);
  ck_assert_ptr_eq(loyer->ann.table, decl(&f, "parc"));
  ck_assert_ptr_eq(loyer->ann.sym, column(&f, "parc", "loyer"));
  ck_assert_int_eq(loyer->ann.nnav, 0);
  ck_assert_int_eq(loyer->ann.type, AT_NUM);
  ck_assert_int_eq(hausse->ann.kind, ANN_GLOBAL);
  ck_assert_ptr_eq(hausse->ann.sym, decl(&f, "hausse"));
  ck_assert_int_eq(round->call.args.v[1]->ann.kind, ANN_LITERAL);
  ck_assert_int_eq(fast_value(&round->call.args.v[1]->ann.num), 2);
  ck_assert_int_eq(round->call.args.v[2]->ann.kind, ANN_WORD);
  ck_assert_int_eq(round->call.args.v[2]->ann.word, NUM_HALF_EVEN);

  /* somme(attributions, logement.surface): through the réf column */
  const Expr *nav = formula(&f, "surfaces")->call.args.v[1];
  ck_assert_int_eq(nav->ann.kind, ANN_COLUMN);
  ck_assert_ptr_eq(nav->ann.table, decl(&f, "attributions"));
  ck_assert_int_eq(nav->ann.nnav, 1);
  ck_assert_ptr_eq(nav->ann.nav[0], column(&f, "attributions", "logement"));
  ck_assert_ptr_eq(nav->ann.sym, column(&f, "parc", "surface"));

  /* zone_abc, derived from the commune inside an aggregate over parc */
  const Expr *zone = formula(&f, "en_a")->call.args.v[0]->where.cond->bin.l;
  ck_assert_int_eq(zone->ann.kind, ANN_DERIVED);
  ck_assert_int_eq(zone->ann.type, AT_TERR);

  /* selon type in a parameter's value: a column of whichever row the parameter is read in */
  const Expr *type = formula(&f, "taux")->match.subject;
  ck_assert_int_eq(type->ann.kind, ANN_ROW_NAME);

  /* compte_distinct(parc, id) */
  const Expr *distinct = formula(&f, "nb_noms");
  ck_assert_int_eq(distinct->ann.fn, B_COUNT_DISTINCT);
  ck_assert(distinct->ann.agg);
  ck_assert_int_eq(distinct->call.args.v[1]->ann.kind, ANN_COLUMN);

  /* a row-level contrôle: pour_chaque's table, the condition's column in its rows */
  const Expr *each = field(&f, "loyers_positifs", F_FOR_EACH), *cond = field(&f, "loyers_positifs", F_CONDITION);
  ck_assert_int_eq(each->ann.kind, ANN_TABLE);
  ck_assert_ptr_eq(each->ann.sym, decl(&f, "parc"));
  ck_assert_int_eq(cond->bin.l->ann.kind, ANN_COLUMN);
  ck_assert_ptr_eq(cond->bin.l->ann.table, decl(&f, "parc"));
  done(&f);
}
END_TEST

START_TEST(modules_in_their_own_context) {
  Fixture f = load();
  /* min(base_locale, énorme) + v.double + nb_noms: `base_locale` is the main script's (7), v.double the
   * module's indicator, whose own `base` is the module's (3) */
  const Expr *sum = formula(&f, "mixte"), *min = sum->bin.l->bin.l, *dbl = sum->bin.l->bin.r;
  ck_assert_int_eq(min->ann.kind, ANN_CALL);
  ck_assert_int_eq(min->ann.fn, B_MIN);
  ck_assert(!min->ann.agg);
  Sym *base = min->call.args.v[0]->ann.sym;
  ck_assert_ptr_eq(base, decl(&f, "base_locale"));
  ck_assert_ptr_eq(base->mod, f.c->main);
  ck_assert_int_eq(dbl->ann.kind, ANN_GLOBAL);
  Sym *i = dbl->ann.sym;
  ck_assert_str_eq(i->name, "double");
  ck_assert_ptr_ne(i->mod, f.c->main);
  const Expr *inner = i->decl->formula->bin.l;
  ck_assert_int_eq(inner->ann.kind, ANN_GLOBAL);
  ck_assert_ptr_eq(inner->ann.sym->mod, i->mod);
  ck_assert_ptr_ne(inner->ann.sym, base);
  ck_assert_int_eq(sum->bin.r->ann.kind, ANN_GLOBAL);
  ck_assert_ptr_eq(sum->bin.r->ann.sym, decl(&f, "nb_noms"));
  done(&f);
}
END_TEST

START_TEST(literals_parsed) {
  Fixture f = load();
  const Expr *pct = formula(&f, "hausse");
  ck_assert_int_eq(pct->ann.kind, ANN_LITERAL);
  ck_assert(pct->ann.percent);
  ck_assert_int_eq(fast_value(&pct->ann.num), 2);   /* as written: 2, for 2 % */
  const Expr *big = formula(&f, "énorme");
  ck_assert_int_eq(big->ann.kind, ANN_LITERAL);
  ck_assert(big->ann.big);   /* beyond the fast form: the lexeme, checked */
  const Expr *arm = formula(&f, "taux")->match.arms.v[0]->value;
  ck_assert(arm->ann.percent);
  ck_assert_int_eq(fast_value(&arm->ann.num), 5);
  /* 11.2 €/m2/mois: the checker folds the division by units into one literal */
  const Expr *unit = formula(&f, "unitaire");
  ck_assert_int_eq(unit->kind, EX_NUM);
  ck_assert_int_eq(unit->ann.kind, ANN_LITERAL);
  ck_assert(!unit->ann.percent);
  Num want = NUM_INIT;
  num_set_frac(&want, 112, 10);
  ck_assert_int_eq(num_cmp(&unit->ann.num, &want), 0);
  /* a valuation's fields and its shares */
  ck_assert_int_eq(field(&f, "v1", F_QUANTITY)->ann.fn, B_COUNT);
  const Expr *aubaine = field(&f, "v1", F_DEADWEIGHT);
  ck_assert(aubaine->ann.percent);
  ck_assert_int_eq(fast_value(&aubaine->ann.num), 10);
  const Item *pour = schema_find(decl(&f, "v1")->decl, F_FOR);
  ck_assert_int_eq(fast_value(&pour->values.v[1]->share->ann.num), 30);
  done(&f);
}
END_TEST

int main(void) {
  Suite *s = suite_create("chk_ann");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, every_expression_annotated);
  tcase_add_test(tc, names_resolved);
  tcase_add_test(tc, modules_in_their_own_context);
  tcase_add_test(tc, literals_parsed);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
