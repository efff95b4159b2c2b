/* cli.c — help and option handling shared by every subcommand. */
#include "cli.h"
#include "intl.h"
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_help(const Command *c, FILE *out) {
  fprintf(out, _("usage: %s\n%s.\n"), _(c->usage), _(c->summary));
  if (c->options) fprintf(out, _("\noptions:\n%s"), _(c->options));
  fprintf(out, _("  --help       this help\n  --version    the version of pvs\n"));
  return 0;
}

int cli_usage_error(const Command *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "pvs %s: ", c->name);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, _("; run 'pvs help %s'\n"), c->name);
  return 2;
}

int cli_jobs(const Command *c, const char *arg, int *jobs) {
  char *end;
  long n = strtol(arg, &end, 10);
  if (end == arg || *end || n < 1 || n > 64)
    return cli_usage_error(c, _("--jobs wants a number of threads from 1 to 64, not '%s'"), arg);
  *jobs = (int)n;
  return -1;
}

int cli_common_option(const Command *c, int opt, const char *arg0) {
  switch (opt) {
  case 'h': cli_help(c, stdout); return 0;
  case 'V': printf("pvs %s\n", PVS_VERSION); return 0;
  case ':': return cli_usage_error(c, _("option '%s' needs a value"), arg0 ? arg0 : "?");
  default: return cli_usage_error(c, _("unknown option '%s'"), arg0 ? arg0 : "?");
  }
}
