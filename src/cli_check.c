/* cli_check.c — `pvs check FILE…` (parse, then check each script) and `pvs dump FILE`
 * (the layout-free syntax tree, used by fmt's round-trip tests). */
#include "ast.h"
#include "chk.h"
#include "cli.h"
#include "intl.h"
#include "parse.h"
#include <getopt.h>
#include <stdlib.h>

enum { OPT_STRICT = 256, OPT_WERROR };

int cmd_check(const Command *self, int argc, char **argv) {
  static const struct option opts[] = {
    {"strict", no_argument, 0, OPT_STRICT}, {"werror", no_argument, 0, OPT_WERROR},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
  bool werror = false, strict = false;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
    if (c == OPT_STRICT) strict = true;
    else if (c == OPT_WERROR) werror = true;
    else return cli_common_option(self, c, argv[optind - 1]);
  }
  if (optind >= argc) return cli_usage_error(self, _("no file to check"));
  int status = 0;
  for (int i = optind; i < argc; i++) {
    Arena *a = arena_new();
    Diag *d = diag_new();
    diag_set_werror(d, werror);
    LoadStatus st;
    Compilation *comp = load_compilation(a, d, argv[i], &st);
    ChkOptions co = {strict};
    if (st == LOAD_OK) chk_run(comp, &co);
    diag_render(d, stderr);
    int s = st == LOAD_IO ? 2 : diag_errors(d) ? 1 : 0;
    if (s > status) status = s;
    diag_free(d);
    arena_free(a);
  }
  return status;
}

int cmd_dump(const Command *self, int argc, char **argv) {
  if (argc != 2) return cli_usage_error(self, _("expected one file"));
  Arena *a = arena_new();
  Diag *d = diag_new();
  ParseStatus st;
  Program *p = parse_file(a, d, argv[1], &st);
  diag_render(d, stderr);
  if (st == PARSE_OK) ast_dump(stdout, p);
  diag_free(d);
  arena_free(a);
  return st == PARSE_IO ? 2 : st == PARSE_SYNTAX ? 1 : 0;
}
