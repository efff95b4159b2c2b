/* fuzz_script.c — libFuzzer target: a script through the lexer, the parser, fmt and the
 * checker. Properties (each failure is a finding): no crash, leak or undefined behaviour;
 * when the script parses, fmt's output parses to the same tree (ast_dump), fmt is idempotent,
 * and French → English → French keywords is the identity; the checker runs to the end. */
#include "ast.h"
#include "chk.h"
#include "fmt.h"
#include "fuzz_util.h"
#include "parse.h"
#include "sym.h"

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

/* Parses text; returns its dump and (through *fmt) its French fmt, or NULL when it does not parse. */
static char *parse_dump(const char *text, size_t len, char **fmt, KwLang lang) {
  Arena *a = arena_new();
  Diag *d = diag_new();
  ParseStatus st;
  Program *p = parse_text(a, d, "fuzz.pvs", text, len, &st);
  char *dump = NULL;
  if (st == PARSE_OK) {
    dump = dump_str(p);
    if (fmt) *fmt = fmt_str(p, lang);
  }
  diag_free(d);
  arena_free(a);
  return dump;
}

static void roundtrip(const char *text, size_t len) {
  char *f1 = NULL, *en = NULL, *f2 = NULL, *f3 = NULL;
  char *d0 = parse_dump(text, len, &f1, LANG_FR);
  if (!d0) return;
  free(parse_dump(text, len, &en, LANG_EN));
  char *d1 = parse_dump(f1, strlen(f1), &f2, LANG_FR);
  FUZZ_ASSERT(d1, "fmt output does not parse:\n%s", f1);
  FUZZ_ASSERT(!strcmp(d0, d1), "fmt changed the tree:\n%s\n---\n%s", d0, d1);
  FUZZ_ASSERT(!strcmp(f1, f2), "fmt is not idempotent:\n%s\n---\n%s", f1, f2);
  char *d2 = parse_dump(en, strlen(en), &f3, LANG_FR);
  FUZZ_ASSERT(d2, "English fmt output does not parse:\n%s", en);
  FUZZ_ASSERT(!strcmp(d0, d2), "English keywords changed the tree");
  FUZZ_ASSERT(!strcmp(f1, f3), "French -> English -> French is not the identity");
  free(d0); free(d1); free(d2); free(f1); free(f2); free(f3); free(en);
}

static void check(const unsigned char *data, size_t len) {
  const char *path = fuzz_write("fuzz.pvs", data, len);
  Arena *a = arena_new();
  Diag *d = diag_new();
  LoadStatus ls;
  Compilation *c = load_compilation(a, d, path, &ls);
  if (ls == LOAD_OK) {
    ChkOptions o = {true};
    chk_run(c, &o);
  }
  FILE *null = fopen("/dev/null", "w");
  diag_render(d, null);
  fclose(null);
  diag_free(d);
  arena_free(a);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len) {
  roundtrip((const char *)data, len);
  check(data, len);
  return 0;
}
