/* test_parse.c — the scanner, the token filter and the grammar, seen through the tree:
 * identifiers and keywords in every spelling, literals and units, comments with their
 * offsets, the newline rules (Go-style statement ends), separators and node spans. */
#include "ast.h"
#include "parse.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parsed { Arena *a; Diag *d; Program *p; ParseStatus st; } Parsed;

static Parsed parse(const char *text) {
  Parsed r = {arena_new(), diag_new(), NULL, PARSE_OK};
  r.p = parse_text(r.a, r.d, "t.pvs", text, strlen(text), &r.st);
  return r;
}
static void done(Parsed *r) { diag_free(r->d); arena_free(r->a); }

static char *dump(const Program *p) {
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  ast_dump(m, p);
  fclose(m);
  return buf;
}

/* The dump of `text`, which must parse without errors. */
static void expect_dump(const char *text, const char *want) {
  Parsed r = parse(text);
  ck_assert_msg(r.st == PARSE_OK, "does not parse: %s", text);
  char *got = dump(r.p);
  ck_assert_str_eq(got, want);
  free(got);
  done(&r);
}

static void expect_same_tree(const char *a, const char *b) {
  Parsed x = parse(a), y = parse(b);
  ck_assert_msg(x.st == PARSE_OK, "does not parse: %s", a);
  ck_assert_msg(y.st == PARSE_OK, "does not parse: %s", b);
  char *dx = dump(x.p), *dy = dump(y.p);
  ck_assert_str_eq(dx, dy);
  free(dx); free(dy);
  done(&x); done(&y);
}

static void expect_error(const char *text) {
  Parsed r = parse(text);
  ck_assert_msg(r.st == PARSE_SYNTAX, "should not parse: %s", text);
  done(&r);
}

/* ---- identifiers and keywords ---- */
START_TEST(accented_identifiers) {
  Parsed r = parse("indicateur ménages_accompagnés = dette_réglée_à_échéance\n");
  ck_assert_int_eq(r.st, PARSE_OK);
  ck_assert_str_eq(r.p->decls.v[0]->name, "ménages_accompagnés");
  ck_assert_str_eq(r.p->decls.v[0]->formula->name.parts[0], "dette_réglée_à_échéance");
  done(&r);
}
END_TEST

START_TEST(every_spelling_is_the_same_keyword) {
  for (int k = 0; k < KW__COUNT; k++) {
    const char *fr = ast_keyword((KwId)k, LANG_FR), *en = ast_keyword((KwId)k, LANG_EN);
    ck_assert_int_eq(ast_keyword_lookup(fr, strlen(fr)), k);
    ck_assert_int_eq(ast_keyword_lookup(en, strlen(en)), k);
  }
  ck_assert_int_eq(ast_keyword_lookup("unite", 5), KW_K_UNIT);
  ck_assert_int_eq(ast_keyword_lookup("parametre", 9), KW_K_PARAM);
  ck_assert_int_eq(ast_keyword_lookup("ou", 2), KW_K_OR);
  ck_assert_int_eq(ast_keyword_lookup("où", strlen("où")), KW_K_WHERE);
  ck_assert_int_eq(ast_keyword_lookup("ménage", strlen("ménage")), KW__COUNT);
}
END_TEST

static const char *prog_fr =
  "référentiel \"r\" version \"1\"\nimporte socle comme s\nunité ménage\npartie_prenante état\n"
  "chaîne c\nterritoire t\n"
  "table parc : logement { id: texte clé; n: entier optionnel; d: décimal €; b: booléen; j: date; "
  "c: territoire commune; r: réf parc }\n"
  "paramètre p : € { valeur: 1 € depuis 2020-01-01 }\n"
  "indicateur i = si non a et b ou c alors vrai sinon faux\n"
  "indicateur k = compte(parc où x dans (1, 2)) + selon z { 1: 2, autre: 3 }\n"
  "valorisation v { pour: état 70 % }\ncoût co = 1\ncontrôle ct = 1\narbre a { \"l\": i }\n"
  "bilan bi { coûts: co }\nscénario sc { p: 2 € }\n";
static const char *prog_plain =
  "referentiel \"r\" version \"1\"\nimporte socle comme s\nunite ménage\npartie_prenante état\n"
  "chaine c\nterritoire t\n"
  "table parc : logement { id: texte cle; n: entier optionnel; d: decimal €; b: booleen; j: date; "
  "c: territoire commune; r: ref parc }\n"
  "parametre p : € { valeur: 1 € depuis 2020-01-01 }\n"
  "indicateur i = si non a et b ou c alors vrai sinon faux\n"
  "indicateur k = compte(parc où x dans (1, 2)) + selon z { 1: 2, autre: 3 }\n"
  "valorisation v { pour: état 70 % }\ncout co = 1\ncontrole ct = 1\narbre a { \"l\": i }\n"
  "bilan bi { coûts: co }\nscenario sc { p: 2 € }\n";
static const char *prog_en =
  "framework \"r\" version \"1\"\nimport socle as s\nunit ménage\nstakeholder état\n"
  "chain c\nterritory t\n"
  "table parc : logement { id: text key; n: integer optional; d: decimal €; b: boolean; j: date; "
  "c: territory commune; r: ref parc }\n"
  "parameter p : € { valeur: 1 € since 2020-01-01 }\n"
  "indicator i = if not a and b or c then true else false\n"
  "indicator k = compte(parc where x in (1, 2)) + match z { 1: 2, other: 3 }\n"
  "valuation v { pour: état 70 % }\ncost co = 1\ncheck ct = 1\ntree a { \"l\": i }\n"
  "statement bi { coûts: co }\nscenario sc { p: 2 € }\n";

START_TEST(french_unaccented_and_english_give_one_tree) {
  expect_same_tree(prog_fr, prog_plain);
  expect_same_tree(prog_fr, prog_en);
}
END_TEST

START_TEST(ou_is_or_and_ou_grave_is_where) {
  expect_dump("indicateur x = compte(t où a ou b)\n",
              "(indicator x = (call compte (where (name t) (ou (name a) (name b)))))\n");
  expect_dump("indicateur x = compte(t ou a où b)\n",
              "(indicator x = (call compte (where (ou (name t) (name a)) (name b))))\n");
  expect_error("indicateur x = a où b\n");   /* où only filters an aggregate's table */
}
END_TEST

START_TEST(keywords_as_field_names) {
  expect_dump("indicateur x { chaîne: c; date: d; version: v }\n",
              "(indicator x {\n  (field chaîne (name c))\n  (field date (name d))\n  (field version (name v))\n})\n");
}
END_TEST

/* ---- literals and units ---- */
START_TEST(numbers_and_units) {
  expect_dump("indicateur x = 1_250_000 + 12.5\n", "(indicator x = (+ (num 1250000) (num 12.5)))\n");
  expect_dump("indicateur x = 13000 € + 3 an + 250 ménage\n",
              "(indicator x = (+ (+ (num 13000 [€]) (num 3 [an])) (num 250 [ménage])))\n");
  expect_dump("indicateur x = 25 [€/m2/mois] * 12 [mois/an]\n",
              "(indicator x = (* (num 25 [€/m2/mois]) (num 12 [mois/an])))\n");
  expect_dump("indicateur x = 2 [m^2] + 1 [€*an^-1]\n", "(indicator x = (+ (num 2 [m^2]) (num 1 [€/an])))\n");
  expect_dump("indicateur x : % = 3.5 %\n", "(indicator x [%] = (num 3.5 [%]))\n");
  Parsed r = parse("indicateur x = 1_000 €\n");
  ck_assert_str_eq(r.p->decls.v[0]->formula->num.text, "1_000");   /* the lexeme is kept */
  ck_assert(!r.p->decls.v[0]->formula->num.bracketed);
  done(&r);
}
END_TEST

START_TEST(comparison_symbols) {
  expect_same_tree("indicateur x = a ≤ b et c ≥ d et e ≠ f et g × h ÷ i = j\n",
                   "indicateur x = a <= b et c >= d et e != f et g * h / i = j\n");
  expect_same_tree("indicateur x = a <> b\n", "indicateur x = a != b\n");
}
END_TEST

START_TEST(dates_booleans_strings) {
  expect_dump("indicateur x = 2024-12-31\n", "(indicator x = (date 2024-12-31))\n");
  expect_dump("indicateur x = vrai ou false\n", "(indicator x = (ou true false))\n");
  Parsed r = parse("indicateur x = \"a\\\"b\\\\c\\nd\\te\"\n");
  ck_assert_int_eq(r.st, PARSE_OK);
  ck_assert_str_eq(r.p->decls.v[0]->formula->str, "a\"b\\c\nd\te");
  done(&r);
  expect_error("indicateur x = \"a\\qb\"\n");
  expect_error("indicateur x = \"abc\n");
}
END_TEST

START_TEST(comments_with_offsets) {
  const char *text = "unité a # one\n# two\nunité b\n#three";
  Parsed r = parse(text);
  ck_assert_int_eq(r.st, PARSE_OK);
  ck_assert_int_eq(r.p->ncomments, 3);
  ck_assert_str_eq(r.p->comments[0].text, "# one");
  ck_assert_uint_eq(r.p->comments[0].loc.start, strstr(text, "# one") - text);
  ck_assert_uint_eq(r.p->comments[0].loc.end, strstr(text, "# one") - text + 5);
  ck_assert_str_eq(r.p->comments[1].text, "# two");
  ck_assert_uint_eq(r.p->comments[1].loc.start, strstr(text, "# two") - text);
  ck_assert_str_eq(r.p->comments[2].text, "#three");
  ck_assert_int_eq(r.p->decls.n, 2);
  done(&r);
  r = parse("indicateur x \"a # b\" = 1\n");   /* not a comment inside a string */
  ck_assert_int_eq(r.p->ncomments, 0);
  done(&r);
}
END_TEST

/* ---- the newline rules ---- */
static const char *one_plus_two = "(indicator x = (+ (num 1) (num 2)))\n";

START_TEST(newlines_inside_brackets_are_ignored) {
  expect_dump("indicateur x = (1\n+\n2\n)\n", one_plus_two);
  expect_dump("indicateur x = f(\n  1,\n  2\n)\n", "(indicator x = (call f (num 1) (num 2)))\n");
  expect_dump("indicateur x = 1 [€/\nmois]\n", "(indicator x = (num 1 [€/mois]))\n");
}
END_TEST

START_TEST(line_ending_with_an_operator_continues) {
  expect_dump("indicateur x = 1 +\n  2\n", one_plus_two);
  expect_dump("indicateur x = 1 +\n\n  2\n", one_plus_two);
  expect_dump("indicateur x = a et\n  b\n", "(indicator x = (et (name a) (name b)))\n");
  expect_dump("indicateur x =\n  1 + 2\n", one_plus_two);
}
END_TEST

START_TEST(line_starting_with_an_operator_continues) {
  expect_dump("indicateur x = 1\n  + 2\n", one_plus_two);
  expect_dump("indicateur x = si a\n  alors 1\n  sinon 2\n", "(indicator x = (if (name a) (num 1) (num 2)))\n");
  expect_dump("indicateur x = a\n  ou b\n", "(indicator x = (ou (name a) (name b)))\n");
  expect_dump("paramètre p {\n  valeur: 1 €\n    depuis 2020-01-01\n}\n",
              "(parameter p {\n  (field valeur (num 1 [€]) since (date 2020-01-01))\n})\n");
  expect_dump("indicateur x \"X\"\n{\n  formule: 1\n}\n", "(indicator x \"X\" {\n  (field formule (num 1))\n})\n");
}
END_TEST

START_TEST(newline_ends_a_statement) {
  expect_dump("indicateur x = a\nindicateur y = b\n", "(indicator x = (name a))\n(indicator y = (name b))\n");
  expect_dump("\n\n\nunité a\n\n\n\nunité b\n\n", "(unit a)\n(unit b)\n");
  expect_dump("unité a\r\nunité b\r\n", "(unit a)\n(unit b)\n");
  expect_error("indicateur x = a b\n");
}
END_TEST

START_TEST(semicolons_and_one_line_blocks) {
  expect_dump("unité a; unité b;\n", "(unit a)\n(unit b)\n");
  expect_same_tree("indicateur x \"X\" { formule: 1 + 1; décimales: 0 }\n",
                   "indicateur x \"X\" {\n  formule: 1 + 1\n  décimales: 0\n}\n");
  expect_same_tree("indicateur x { formule: 1; }\n", "indicateur x {\n  formule: 1\n}\n");
  expect_dump("indicateur x {}\n", "(indicator x {\n})\n");
  expect_dump("indicateur x = selon z {\n  \"A\": 1\n  \"B\": 2,\n  autre: 3\n}\n",
              "(indicator x = (match (name z) (arm (str \"A\") => (num 1)) (arm (str \"B\") => (num 2)) (other => (num 3))))\n");
}
END_TEST

/* ---- precedence ---- */
START_TEST(precedence_and_associativity) {
  expect_dump("indicateur x = 1 - 2 - 3 * 4 ^ 2 ^ 3\n",
              "(indicator x = (- (- (num 1) (num 2)) (* (num 3) (^ (num 4) (^ (num 2) (num 3))))))\n");
  expect_dump("indicateur x = -a ^ 2 * b\n", "(indicator x = (* (neg (^ (name a) (num 2))) (name b)))\n");
  expect_dump("indicateur x = non a = b et c ou d\n",
              "(indicator x = (ou (et (not (= (name a) (name b))) (name c)) (name d)))\n");
  expect_error("indicateur x = a < b < c\n");
}
END_TEST

/* ---- spans ---- */
START_TEST(node_spans) {
  const char *text = "# c\nindicateur x \"X\" : € = a + f(b, 2 €)\nindicateur y {\n  formule: 1\n}\n";
  Parsed r = parse(text);
  ck_assert_int_eq(r.st, PARSE_OK);
  const Decl *x = r.p->decls.v[0], *y = r.p->decls.v[1];
  uint32_t xs = (uint32_t)(strstr(text, "indicateur x") - text);
  uint32_t xe = (uint32_t)(strstr(text, "€)") - text + strlen("€)"));
  ck_assert_uint_eq(x->loc.start, xs);
  ck_assert_uint_eq(x->loc.end, xe);
  ck_assert_uint_eq(x->name_loc.start, xs + 11);
  ck_assert_uint_eq(x->name_loc.end, xs + 12);
  ck_assert_uint_eq(x->label_loc.start, xs + 13);
  ck_assert_uint_eq(x->label_loc.end, xs + 16);
  const Expr *f = x->formula->bin.r;
  ck_assert_int_eq(f->kind, EX_CALL);
  ck_assert_uint_eq(f->loc.start, strstr(text, "f(") - text);
  ck_assert_uint_eq(f->loc.end, xe);
  ck_assert_uint_eq(f->call.args.v[1]->loc.start, strstr(text, "2 €") - text);
  ck_assert_uint_eq(x->formula->loc.start, strstr(text, "a +") - text);
  ck_assert_uint_eq(y->loc.start, strstr(text, "indicateur y") - text);
  ck_assert_uint_eq(y->loc.end, strlen(text) - 1);           /* up to and including '}' */
  const Item *it = y->items.v[0];
  ck_assert_uint_eq(it->loc.start, strstr(text, "formule") - text);
  ck_assert_uint_eq(it->loc.end, strstr(text, "1\n}") - text + 1);
  done(&r);
}
END_TEST

START_TEST(invalid_utf8_is_an_io_error) {
  Parsed r = parse("indicateur x \"caf\xe9\" = 1\n");
  ck_assert_int_eq(r.st, PARSE_IO);
  done(&r);
}
END_TEST


/* ---- the walker over an expression's children ---- */
static bool count_leaf(const Expr *e, void *ctx) {
  int *n = ctx;
  if (e->kind == EX_NUM || e->kind == EX_STR || e->kind == EX_NAME || e->kind == EX_BOOL) (*n)++;
  return ast_each_child(e, count_leaf, ctx);
}
static bool stop_at_first(const Expr *e, void *ctx) { (void)e; (*(int *)ctx)++; return false; }

/* Every kind of node gives all its children, in source order: operands, si, selon (subject,
 * keys, values), dans (subject, items), calls, `T où c`; a false return stops the walk. */
START_TEST(walker_sees_every_child) {
  Parsed r = parse("indicateur x = -a + si b alors 1 sinon 2 * selon z { \"k\", \"l\": 3, autre: 4 } "
                   "+ somme(t où c dans (\"F\", \"G\") et non d, e) + défaut(f, 5)\n");
  ck_assert_int_eq(r.st, PARSE_OK);
  int leaves = 0;
  count_leaf(r.p->decls.v[0]->formula, &leaves);
  /* a, b, 1, 2, z, "k", "l", 3, 4, t, c, "F", "G", d, e, f, 5 */
  ck_assert_int_eq(leaves, 17);
  int calls = 0;
  ck_assert(!ast_each_child(r.p->decls.v[0]->formula, stop_at_first, &calls));
  ck_assert_int_eq(calls, 1);
  done(&r);
}
END_TEST

int main(void) {
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, accented_identifiers);
  tcase_add_test(tc, every_spelling_is_the_same_keyword);
  tcase_add_test(tc, french_unaccented_and_english_give_one_tree);
  tcase_add_test(tc, ou_is_or_and_ou_grave_is_where);
  tcase_add_test(tc, keywords_as_field_names);
  tcase_add_test(tc, numbers_and_units);
  tcase_add_test(tc, comparison_symbols);
  tcase_add_test(tc, dates_booleans_strings);
  tcase_add_test(tc, comments_with_offsets);
  tcase_add_test(tc, newlines_inside_brackets_are_ignored);
  tcase_add_test(tc, line_ending_with_an_operator_continues);
  tcase_add_test(tc, line_starting_with_an_operator_continues);
  tcase_add_test(tc, newline_ends_a_statement);
  tcase_add_test(tc, semicolons_and_one_line_blocks);
  tcase_add_test(tc, precedence_and_associativity);
  tcase_add_test(tc, node_spans);
  tcase_add_test(tc, invalid_utf8_is_an_io_error);
  tcase_add_test(tc, walker_sees_every_child);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? 1 : 0;
}
