/* test_fmt.c — the properties of `pvs fmt` on every script of the repository, plus a few
 * layout cases and the --check/--write command.
 *
 * For each .pvs file under tests/, examples/ and stdlib/ (run from the repository root) that
 * parses without errors: fmt(x) parses, has the same tree as x (ast_dump) and as many
 * comments; fmt(fmt(x)) == fmt(x); and going through English keywords and back gives the
 * same text. */
#define _XOPEN_SOURCE 700   /* nftw */
#include "ast.h"
#include "cli.h"
#include "fmt.h"
#include "parse.h"
#include <check.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */
static char *files[4096];
static int nfiles;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st; (void)ftw;
  size_t n = strlen(path);
  if (type == FTW_F && n > 4 && !strcmp(path + n - 4, ".pvs") && nfiles < 4096) files[nfiles++] = strdup(path);
  return 0;
}

typedef struct Parsed { Arena *a; Diag *d; Program *p; ParseStatus st; } Parsed;

static Parsed parse_str(const char *name, const char *text, size_t len) {
  Parsed r = {arena_new(), diag_new(), NULL, PARSE_OK};
  r.p = parse_text(r.a, r.d, name, text, len, &r.st);
  return r;
}
static void parsed_free(Parsed *r) { diag_free(r->d); arena_free(r->a); }

static char *fmt_str(const Program *p, KwLang lang) {
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  FmtOptions o = {lang, false};
  fmt_program(m, p, &o);
  fclose(m);
  return buf;
}

static char *dump_str(const Program *p) {
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  ast_dump(m, p);
  fclose(m);
  return buf;
}

/* fmt of `text` in French (owned), or NULL with a failure when it does not reparse. */
static char *fmt_text(const char *name, const char *text, KwLang lang) {
  Parsed r = parse_str(name, text, strlen(text));
  ck_assert_msg(r.st == PARSE_OK, "%s: does not parse:\n%s", name, text);
  char *out = fmt_str(r.p, lang);
  parsed_free(&r);
  return out;
}

/* ---- the properties, on every script that parses ---- */
static void check_file(const char *path) {
  size_t len;
  char *text = parse_read_file(path, &len);
  ck_assert_msg(text != NULL, "cannot read %s", path);
  Parsed x = parse_str(path, text, len);
  if (x.st == PARSE_OK) {
    char *f1 = fmt_str(x.p, LANG_FR), *d0 = dump_str(x.p);
    Parsed y = parse_str(path, f1, strlen(f1));
    ck_assert_msg(y.st == PARSE_OK, "%s: fmt output does not parse:\n%s", path, f1);
    char *d1 = dump_str(y.p), *f2 = fmt_str(y.p, LANG_FR);
    ck_assert_msg(!strcmp(d0, d1), "%s: fmt changed the tree:\n%s\n---\n%s", path, d0, d1);
    ck_assert_msg(x.p->ncomments == y.p->ncomments, "%s: %d comments became %d", path, x.p->ncomments, y.p->ncomments);
    ck_assert_msg(!strcmp(f1, f2), "%s: fmt is not idempotent:\n%s\n---\n%s", path, f1, f2);
    char *en = fmt_str(x.p, LANG_EN);
    Parsed z = parse_str(path, en, strlen(en));
    ck_assert_msg(z.st == PARSE_OK, "%s: English output does not parse:\n%s", path, en);
    char *d2 = dump_str(z.p), *f3 = fmt_str(z.p, LANG_FR);
    ck_assert_msg(!strcmp(d0, d2), "%s: --keywords en changed the tree", path);
    ck_assert_msg(!strcmp(f1, f3), "%s: French -> English -> French is not the identity", path);
    free(f1); free(f2); free(f3); free(d0); free(d1); free(d2); free(en);
    parsed_free(&y);
    parsed_free(&z);
  }
  parsed_free(&x);
  free(text);
}

START_TEST(roundtrip_repository) {
  const char *roots[] = {"tests", "examples", "stdlib"};
  for (int i = 0; i < 3; i++)
    if (access(roots[i], F_OK) == 0) nftw(roots[i], collect, 16, FTW_PHYS);
  ck_assert_msg(nfiles >= 4, "found only %d .pvs files: is the test run from the repository root?", nfiles);
  for (int i = 0; i < nfiles; i++) { check_file(files[i]); free(files[i]); }
}
END_TEST

/* ---- layout cases ---- */
static void expect_fmt(const char *in, const char *want) {
  char *got = fmt_text("case", in, LANG_FR);
  ck_assert_str_eq(got, want);
  char *again = fmt_text("case", got, LANG_FR);
  ck_assert_str_eq(again, want);
  free(got);
  free(again);
}

START_TEST(one_line_block_becomes_multi_line) {
  expect_fmt("indicateur x \"X\" { formule: 1 + 1; décimales: 0 }\n",
             "indicateur x \"X\" {\n  formule: 1 + 1\n  décimales: 0\n}\n");
}
END_TEST

START_TEST(parentheses_only_where_needed) {
  expect_fmt("indicateur x = ((a + b)) * (c) + (d * e) - (f - g)\n",
             "indicateur x = (a + b) * c + d * e - (f - g)\n");
  expect_fmt("indicateur x = (non a) et (b ou c) ou (a et b)\n",
             "indicateur x = non a et (b ou c) ou a et b\n");
  expect_fmt("indicateur x = (2 ^ 3) ^ 2 + 2 ^ (3 ^ 2) + (-2) ^ 2 + -(2 ^ 2)\n",
             "indicateur x = (2 ^ 3) ^ 2 + 2 ^ 3 ^ 2 + (-2) ^ 2 + -2 ^ 2\n");
}
END_TEST

START_TEST(spacing_and_spellings) {
  expect_fmt("indicateur   x=a≤b et c≠d ou e≥f\n", "indicateur x = a <= b et c != d ou e >= f\n");
  expect_fmt("parametre p:€/mois=12_000.50 €\n", "paramètre p : €/mois = 12_000.50 €\n");
  expect_fmt("scenario s{p:1[€/m2/mois];q:\"a\\\"b\"}\n", "scénario s {\n  p: 1 [€/m2/mois]\n  q: \"a\\\"b\"\n}\n");
}
END_TEST

START_TEST(blank_lines) {
  expect_fmt("\n\nunité a\n\n\n\nunité b\nunité c\nindicateur x { formule: 1 }\nunité d\n\n",
             "unité a\n\nunité b\nunité c\n\nindicateur x {\n  formule: 1\n}\n\nunité d\n");
  expect_fmt("indicateur x {\n\n  a: 1\n\n\n  b: 2\n\n}\n", "indicateur x {\n  a: 1\n\n  b: 2\n}\n");
}
END_TEST

START_TEST(comments_keep_their_place) {
  expect_fmt("# head\nunité a # one\n# before b\nunité b\n# tail\n",
             "# head\nunité a  # one\n# before b\nunité b\n# tail\n");
  expect_fmt("indicateur x = 1 + # inside\n  2\n", "# inside\nindicateur x = 1 + 2\n");
  expect_fmt("indicateur x { # brace\n  a: 1 # a\n  bb: 2 # b\n  # end\n}\n",
             "indicateur x {  # brace\n  a: 1   # a\n  bb: 2  # b\n  # end\n}\n");
}
END_TEST

START_TEST(english_keywords) {
  char *got = fmt_text("case", "indicateur x = si non a alors vrai sinon compte(t où b dans (1))\n", LANG_EN);
  ck_assert_str_eq(got, "indicator x = if not a then true else compte(t where b in (1))\n");
  free(got);
}
END_TEST

/* ---- the command ---- */
static int run_fmt(int argc, char **argv) {
  static const Command c = {"fmt", cmd_fmt, "", "", NULL};
  FILE *out = stdout, *err = stderr;
  stdout = fopen("/dev/null", "w");
  stderr = fopen("/dev/null", "w");
  int s = cmd_fmt(&c, argc, argv);
  fclose(stdout);
  fclose(stderr);
  stdout = out;
  stderr = err;
  return s;
}

START_TEST(check_and_write) {
  char dir[] = "/tmp/pvs-fmt-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/x.pvs", dir);
  FILE *f = fopen(path, "w");
  fputs("unité   a\nindicateur x{formule:1}\n", f);
  fclose(f);
  chmod(path, 0640);
  char *check[] = {"fmt", "--check", path, NULL}, *write[] = {"fmt", "--write", path, NULL};
  ck_assert_int_eq(run_fmt(3, check), 1);
  ck_assert_int_eq(run_fmt(3, write), 0);
  ck_assert_int_eq(run_fmt(3, check), 0);
  size_t len;
  char *text = parse_read_file(path, &len);
  ck_assert_str_eq(text, "unité a\n\nindicateur x {\n  formule: 1\n}\n");
  free(text);
  struct stat st;
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0640);
  char *bad[] = {"fmt", "--keywords", "de", path, NULL};
  ck_assert_int_eq(run_fmt(4, bad), 2);
  unlink(path);
  ck_assert_int_eq(rmdir(dir), 0);   /* no temporary file left behind */
}
END_TEST

int main(void) {
  Suite *s = suite_create("fmt");
  TCase *tc = tcase_create("fmt");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, roundtrip_repository);
  tcase_add_test(tc, one_line_block_becomes_multi_line);
  tcase_add_test(tc, parentheses_only_where_needed);
  tcase_add_test(tc, spacing_and_spellings);
  tcase_add_test(tc, blank_lines);
  tcase_add_test(tc, comments_keep_their_place);
  tcase_add_test(tc, english_keywords);
  tcase_add_test(tc, check_and_write);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? 1 : 0;
}
