/* cli_eval.c — `pvs eval FILE [options]`: load and check the script, evaluate it over its
 * data, write the results (atomically with -o). Exit 0, or 1 when the script has errors or
 * a contrôle failed (after every output is written), or 2 for usage, I/O and data errors. */
#include "chk.h"
#include "mem.h"
#include "cli.h"
#include "eval.h"
#include "inputs.h"
#include "intl.h"
#include "out.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_DATA = 256, OPT_BY, OPT_DATE, OPT_SCENARIO, OPT_FORMAT, OPT_ROUNDING, OPT_STRICT, OPT_SENS, OPT_STEP, OPT_POINTS, OPT_THRESHOLD, OPT_RANGE, OPT_JOBS };

typedef struct EvalArgs {
  EvalOptions eo;
  OutFormat fmt;
  OutOptions oo;
  const char *out, *file;
  bool all_scenarios;
  bool ranges;               /* --plage: the base, then every plage at its low and at its high bound */
} EvalArgs;

static int add_data(const Command *self, EvalArgs *a, char *arg) {
  char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1]) return cli_usage_error(self, _("--data wants TABLE=PATH, not '%s'"), arg);
  *eq = 0;
  a->eo.data = mem_realloc(a->eo.data, sizeof *a->eo.data * (size_t)(a->eo.ndata + 1));
  a->eo.data[a->eo.ndata].table = arg;
  a->eo.data[a->eo.ndata++].path = eq + 1;
  return -1;
}

static int option(const Command *self, EvalArgs *a, int c, char *arg, const char *word) {
  switch (c) {
  case OPT_DATA: return add_data(self, a, arg);
  case OPT_BY: a->eo.by = arg; return -1;
  case OPT_DATE: a->eo.date = arg; return -1;
  case OPT_SCENARIO: if (!strcmp(arg, "all")) a->all_scenarios = true; else a->eo.scenario = arg; return -1;
  case OPT_FORMAT:
    if (!out_format_lookup(arg, &a->fmt)) return cli_usage_error(self, _("unknown format '%s'; use text, csv, csv-wide, json, md, html or xlsx"), arg);
    if (a->fmt == OUT_XLSX && !out_xlsx_available())
      return cli_usage_error(self, _("this pvs was built without libxlsxwriter, so it cannot write xlsx; install it (Debian: apt-get install libxlsxwriter-dev) and rebuild pvs with make"));
    return -1;
  case OPT_ROUNDING:
    if (!strcmp(arg, "half-even") || !strcmp(arg, "demi-pair")) a->oo.rounding = NUM_HALF_EVEN;
    else if (!strcmp(arg, "half-up") || !strcmp(arg, "demi-haut")) a->oo.rounding = NUM_HALF_UP;
    else return cli_usage_error(self, _("--rounding is half-up or half-even, not '%s'"), arg);
    return -1;
  case OPT_STRICT: a->eo.strict = true; return -1;
  case OPT_SENS: a->eo.sensitivity = true; return -1;
  case OPT_RANGE: a->ranges = true; return -1;
  case OPT_STEP: a->eo.sens_step = arg; a->eo.sensitivity = true; return -1;
  case OPT_POINTS: a->eo.sens_points = arg; a->eo.sensitivity = true; return -1;
  case OPT_THRESHOLD: a->eo.sens_threshold = arg; a->eo.sensitivity = true; return -1;
  case OPT_JOBS: case 'j': return cli_jobs(self, arg, &a->eo.jobs);
  case 'o': a->out = arg; return -1;
  default: return cli_common_option(self, c, word);
  }
}

static int parse_args(const Command *self, int argc, char **argv, EvalArgs *a) {
  static const struct option opts[] = {
    {"data", required_argument, 0, OPT_DATA}, {"by", required_argument, 0, OPT_BY},
    {"date", required_argument, 0, OPT_DATE}, {"scenario", required_argument, 0, OPT_SCENARIO},
    {"format", required_argument, 0, OPT_FORMAT},
    {"rounding", required_argument, 0, OPT_ROUNDING}, {"strict", no_argument, 0, OPT_STRICT},
    {"sensibilité", no_argument, 0, OPT_SENS}, {"sensibilite", no_argument, 0, OPT_SENS},
    {"sensitivity", no_argument, 0, OPT_SENS}, {"pas", required_argument, 0, OPT_STEP},
    {"step", required_argument, 0, OPT_STEP}, {"pas-taux", required_argument, 0, OPT_POINTS},
    {"rate-step", required_argument, 0, OPT_POINTS}, {"seuil", required_argument, 0, OPT_THRESHOLD},
    {"threshold", required_argument, 0, OPT_THRESHOLD}, {"plage", no_argument, 0, OPT_RANGE},
    {"range", no_argument, 0, OPT_RANGE}, {"jobs", required_argument, 0, OPT_JOBS},
    {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'},
    {0, 0, 0, 0}};
  a->oo.french = intl_french();   /* --locale is taken by main, for every command */
  a->oo.rounding = NUM_HALF_UP;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:j:hV", opts, NULL)) != -1) {
    int r = option(self, a, c, optarg, argv[optind - 1]);
    if (r >= 0) return r;
  }
  if (optind != argc - 1) return cli_usage_error(self, optind >= argc ? _("no script to evaluate") : _("give one script"));
  a->file = argv[optind];
  if (a->fmt == OUT_XLSX && (!a->out || !strcmp(a->out, "-")) && isatty(STDOUT_FILENO))
    return cli_usage_error(self, _("an xlsx workbook is not for a terminal; write it to a file with -o FILE.xlsx (or redirect the output)"));
  return -1;
}

/* Evaluates the base and, with --scenario all, every scénario of the main script. */
static int run(Compilation *comp, EvalArgs *a, EvalResult **rs, int *n) {
  EvalStatus st;
  rs[(*n)++] = eval_run(comp, &a->eo, &st);
  if (st != EVAL_OK) return st == EVAL_DATA_ERROR ? 2 : 1;
  for (int i = 0; a->all_scenarios && i < comp->main->nsyms; i++) {   /* rs has room for each */
    if (comp->main->syms[i]->kind != S_SCENARIO) continue;
    EvalOptions o = a->eo;
    o.scenario = comp->main->syms[i]->name;
    rs[(*n)++] = eval_run(comp, &o, &st);
    if (st != EVAL_OK) return st == EVAL_DATA_ERROR ? 2 : 1;
  }
  for (int dir = -1; a->ranges && dir <= 1; dir += 2) {
    EvalOptions o = a->eo;
    o.range = dir;
    rs[(*n)++] = eval_run(comp, &o, &st);
    if (st != EVAL_OK) return st == EVAL_DATA_ERROR ? 2 : 1;
  }
  return 0;
}

static int write_out(EvalArgs *a, EvalResult **rs, int n) {
  OutFile of;
  if (inputs_has(a->out)) {
    fprintf(stderr, _("pvs eval: '%s' is also an input of this run (the script, a module or a data file); "
                      "write the results to another file\n"), a->out);
    return 2;
  }
  if (!out_open(&of, a->out)) {
    fprintf(stderr, _("pvs eval: cannot write '%s': %s\n"), a->out, strerror(errno));
    return 2;
  }
  int err = a->all_scenarios || a->ranges ? out_write_scenarios(of.f, (const EvalResult *const *)rs, n, a->fmt, &a->oo)
                             : out_write(of.f, rs[0], a->fmt, &a->oo);
  if (err) { out_abort(&of); fprintf(stderr, _("pvs eval: cannot write the results: %s\n"), strerror(err)); return 2; }
  if ((err = out_commit(&of))) { fprintf(stderr, _("pvs eval: cannot write '%s': %s\n"), a->out, strerror(err)); return 2; }
  return 0;
}

static bool checks_failed(EvalResult **rs, int n) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < rs[i]->nchecks; j++) if (!rs[i]->checks[j].passed) return true;
  return false;
}

int cmd_eval(const Command *self, int argc, char **argv) {
  EvalArgs a = {0};
  int r = parse_args(self, argc, argv, &a);
  if (r >= 0) { free(a.eo.data); return r; }
  a.eo.checksums = a.fmt == OUT_HTML;   /* the report lists the data files with their SHA-256 */
  Arena *arena = arena_new();
  Diag *d = diag_new();
  LoadStatus ls;
  Compilation *comp = load_compilation(arena, d, a.file, &ls);
  ChkOptions co = {false};   /* eval --strict is about the data (division by zero), not référentiel metadata */
  int status = ls == LOAD_IO ? 2 : ls == LOAD_ERRORS ? 1 : chk_run(comp, &co) ? 1 : 0;
  int nres = a.ranges ? 3 : 1;
  for (int i = 0; !status && a.all_scenarios && i < comp->main->nsyms; i++) nres += comp->main->syms[i]->kind == S_SCENARIO;
  EvalResult **rs = mem_calloc((size_t)nres, sizeof *rs);
  int n = 0;
  if (!status) status = run(comp, &a, rs, &n);
  diag_render(d, stderr);
  if (!status) status = write_out(&a, rs, n);
  if (!status && checks_failed(rs, n)) status = 1;
  for (int i = 0; i < n; i++) eval_free(rs[i]);
  free(rs);
  diag_free(d);
  arena_free(arena);
  free(a.eo.data);
  return status;
}
