/* cli_explain.c — `pvs explain FILE NAME [--date D] [--scenario S] [--data T=P] [--group K]`:
 * how one value was computed, with every input used (see eval_explain); `pvs explain FILE
 * --plan`: how each data file was read, and why (eval_explain_plan). */
#include "chk.h"
#include "mem.h"
#include "cli.h"
#include "eval.h"
#include "intl.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DATA = 256, OPT_DATE, OPT_SCENARIO, OPT_GROUP, OPT_PLAN, OPT_JOBS };

int cmd_explain(const Command *self, int argc, char **argv) {
  static const struct option opts[] = {
    {"data", required_argument, 0, OPT_DATA}, {"date", required_argument, 0, OPT_DATE},
    {"scenario", required_argument, 0, OPT_SCENARIO}, {"group", required_argument, 0, OPT_GROUP}, {"plan", no_argument, 0, OPT_PLAN}, {"jobs", required_argument, 0, OPT_JOBS},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
  EvalOptions eo = {0};
  const char *group = NULL;
  bool plan = false;
  int c, status = -1;
  optind = 1;
  while (status < 0 && (c = getopt_long(argc, argv, ":j:hV", opts, NULL)) != -1) {
    if (c == OPT_DATE) eo.date = optarg;
    else if (c == OPT_SCENARIO) eo.scenario = optarg;
    else if (c == OPT_GROUP) group = optarg;
    else if (c == OPT_PLAN) plan = true;
    else if (c == OPT_JOBS || c == 'j') status = cli_jobs(self, optarg, &eo.jobs);
    else if (c == OPT_DATA) {
      char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg) { status = cli_usage_error(self, _("--data wants TABLE=PATH, not '%s'"), optarg); break; }
      *eq = 0;
      eo.data = mem_realloc(eo.data, sizeof *eo.data * (size_t)(eo.ndata + 1));
      eo.data[eo.ndata].table = optarg;
      eo.data[eo.ndata++].path = eq + 1;
    } else status = cli_common_option(self, c, argv[optind - 1]);
  }
  if (status < 0 && plan && optind != argc - 1) status = cli_usage_error(self, _("--plan explains the whole evaluation: give the script only"));
  if (status < 0 && !plan && optind != argc - 2) status = cli_usage_error(self, _("give a script and the name of what to explain"));
  if (status >= 0) { free(eo.data); return status; }
  Arena *a = arena_new();
  Diag *d = diag_new();
  LoadStatus ls;
  Compilation *comp = load_compilation(a, d, argv[optind], &ls);
  ChkOptions co = {false};
  status = ls == LOAD_IO ? 2 : ls == LOAD_ERRORS ? 1 : chk_run(comp, &co) ? 1 : 0;
  if (!status) {
    EvalStatus st = plan ? eval_explain_plan(comp, &eo, stdout) : eval_explain(comp, &eo, argv[optind + 1], group, stdout);
    status = st == EVAL_OK ? 0 : st == EVAL_SCRIPT_ERROR ? 1 : 2;
  }
  diag_render(d, stderr);
  diag_free(d);
  arena_free(a);
  free(eo.data);
  return status;
}
