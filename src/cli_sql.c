/* cli_sql.c — `pvs sql FILE [--dialect postgresql|duckdb] [--date D] [--scenario S] [--by DIM]
 * [--schema [--data T=P] [--no-territories]] [--territories]`: the référentiel compiled to SQL (sql.h). */
#include "chk.h"
#include "mem.h"
#include "cli.h"
#include "intl.h"
#include "sql.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DIALECT = 256, OPT_DATE, OPT_SCENARIO, OPT_SCHEMA, OPT_TERRITORIES, OPT_NO_TERRITORIES, OPT_DATA, OPT_BY };

static int parse(const Command *self, int argc, char **argv, SqlOptions *o, bool *schema, bool *terr) {
  static const struct option opts[] = {
    {"dialect", required_argument, 0, OPT_DIALECT}, {"date", required_argument, 0, OPT_DATE},
    {"scenario", required_argument, 0, OPT_SCENARIO}, {"schema", no_argument, 0, OPT_SCHEMA},
    {"territories", no_argument, 0, OPT_TERRITORIES}, {"data", required_argument, 0, OPT_DATA},
    {"by", required_argument, 0, OPT_BY}, {"no-territories", no_argument, 0, OPT_NO_TERRITORIES},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
  int c, status = -1;
  optind = 1;
  while (status < 0 && (c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
    if (c == OPT_DIALECT) {
      if (!strcmp(optarg, "postgresql") || !strcmp(optarg, "postgres")) o->dialect = SQL_POSTGRESQL;
      else if (!strcmp(optarg, "duckdb")) o->dialect = SQL_DUCKDB;
      else status = cli_usage_error(self, _("--dialect wants postgresql or duckdb, not '%s'"), optarg);
    } else if (c == OPT_DATE) o->date = optarg;
    else if (c == OPT_SCENARIO) o->scenario = optarg;
    else if (c == OPT_BY) o->by = optarg;
    else if (c == OPT_SCHEMA) *schema = true;
    else if (c == OPT_TERRITORIES) *terr = true;
    else if (c == OPT_NO_TERRITORIES) o->no_territories = true;
    else if (c == OPT_DATA) {
      char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg) { status = cli_usage_error(self, _("--data wants TABLE=PATH, not '%s'"), optarg); break; }
      *eq = 0;
      o->data = mem_realloc(o->data, sizeof *o->data * (size_t)(o->ndata + 1));
      o->data[o->ndata].table = optarg;
      o->data[o->ndata++].path = eq + 1;
    } else status = cli_common_option(self, c, argv[optind - 1]);
  }
  if (status < 0 && *terr && optind == argc) return -1;
  if (status < 0 && optind != argc - 1) status = cli_usage_error(self, _("give one script"));
  return status;
}

int cmd_sql(const Command *self, int argc, char **argv) {
  SqlOptions o = {.dialect = SQL_POSTGRESQL};
  bool schema = false, terr = false;
  int status = parse(self, argc, argv, &o, &schema, &terr);
  if (status >= 0) { free(o.data); return status; }
  if (terr && optind == argc) { sql_territories(&o, stdout); free(o.data); return 0; }
  Arena *a = arena_new();
  Diag *d = diag_new();
  LoadStatus ls;
  Compilation *comp = load_compilation(a, d, argv[optind], &ls);
  ChkOptions co = {false};
  status = ls == LOAD_IO ? 2 : ls == LOAD_ERRORS ? 1 : chk_run(comp, &co) ? 1 : 0;
  if (!status && terr) sql_territories(&o, stdout);
  else if (!status && schema) status = sql_schema(comp, &o, stdout) ? 2 : 0;
  else if (!status) status = sql_compile(comp, &o, stdout);
  diag_render(d, stderr);
  diag_free(d);
  arena_free(a);
  free(o.data);
  return status;
}
