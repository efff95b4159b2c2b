/* cli_diff.c — `pvs diff OLD NEW [options]`: compare two versions of a référentiel (two
 * scripts, or two folders) and say what changed in meaning. Exit 0 when nothing did (a
 * federation can gate a release on it), 1 when something did, 2 for usage, I/O, syntax or
 * data errors. */
#include "cli.h"
#include "diff.h"
#include "intl.h"
#include "out.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DATA = 256, OPT_DATE, OPT_FORMAT };

typedef struct DiffArgs {
  DiffDataOptions dd;
  bool json, french, data;
  const char *out;
  int dcap, dircap;
} DiffArgs;

static int add_data(const Command *self, DiffArgs *a, char *arg) {
  char *eq = strchr(arg, '=');
  a->data = true;
  if (!eq) {   /* a folder of data files */
    const char **v = realloc(a->dd.dirs, sizeof *v * (size_t)(a->dd.ndirs + 1));
    if (!v) return cli_usage_error(self, _("out of memory"));
    a->dd.dirs = v;
    a->dd.dirs[a->dd.ndirs++] = arg;
    return -1;
  }
  if (eq == arg || !eq[1]) return cli_usage_error(self, _("--data wants TABLE=PATH or a folder, not '%s'"), arg);
  *eq = 0;
  __typeof__(a->dd.data) v = realloc(a->dd.data, sizeof *v * (size_t)(a->dd.ndata + 1));
  if (!v) return cli_usage_error(self, _("out of memory"));
  a->dd.data = v;
  a->dd.data[a->dd.ndata].table = arg;
  a->dd.data[a->dd.ndata++].path = eq + 1;
  return -1;
}

static int option(const Command *self, DiffArgs *a, int c, char *arg, const char *word) {
  switch (c) {
  case OPT_DATA: return add_data(self, a, arg);
  case OPT_DATE: a->dd.date = arg; return -1;
  case OPT_FORMAT:
    if (!strcmp(arg, "json")) a->json = true;
    else if (!strcmp(arg, "text")) a->json = false;
    else return cli_usage_error(self, _("unknown format '%s'; use text or json"), arg);
    return -1;
  case 'o': a->out = arg; return -1;
  default: return cli_common_option(self, c, word);
  }
}

static int parse_args(const Command *self, int argc, char **argv, DiffArgs *a, const char **paths) {
  static const struct option opts[] = {
    {"data", required_argument, 0, OPT_DATA}, {"date", required_argument, 0, OPT_DATE},
    {"format", required_argument, 0, OPT_FORMAT},
    {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'},
    {0, 0, 0, 0}};
  a->french = intl_french();   /* --locale is taken by main, for every command */
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:hV", opts, NULL)) != -1) {
    int r = option(self, a, c, optarg, argv[optind - 1]);
    if (r >= 0) return r;
  }
  if (argc - optind != 2) return cli_usage_error(self, _("give two versions to compare: OLD NEW"));
  paths[0] = argv[optind];
  paths[1] = argv[optind + 1];
  return -1;
}

static int write_report(const DiffArgs *a, const DiffReport *r) {
  OutFile of;
  if (!out_open(&of, a->out)) {
    fprintf(stderr, _("pvs diff: cannot write '%s': %s\n"), a->out, strerror(errno));
    return 2;
  }
  int err = a->json ? diff_write_json(of.f, r) : diff_write_text(of.f, r, a->french);
  if (err) { out_abort(&of); fprintf(stderr, _("pvs diff: cannot write the comparison: %s\n"), strerror(err)); return 2; }
  if ((err = out_commit(&of))) { fprintf(stderr, _("pvs diff: cannot write '%s': %s\n"), a->out, strerror(err)); return 2; }
  return diff_same(r) ? 0 : 1;
}

int cmd_diff(const Command *self, int argc, char **argv) {
  DiffArgs a = {0};
  const char *paths[2] = {NULL, NULL};
  int status = parse_args(self, argc, argv, &a, paths);
  if (status < 0) {
    Diag *d = diag_new();
    DiffStatus st;
    DiffReport *r = diff_run(d, paths[0], paths[1], &st);
    status = !r ? 2 : a.data && !diff_results(r, d, &a.dd) ? 2 : -1;
    diag_render(d, stderr);
    if (status < 0) status = write_report(&a, r);
    diff_free(r);
    diag_free(d);
  }
  free(a.dd.data);
  free(a.dd.dirs);
  return status;
}
