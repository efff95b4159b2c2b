/* cli.h — subcommands of the pvs command line. Each lives in its own file (cli_*.c), parses
 * its options with getopt_long, and returns the exit status. */
#ifndef PVS_CLI_H
#define PVS_CLI_H
#include <stdio.h>

typedef struct Command Command;
struct Command {
  const char *name;
  int (*run)(const Command *self, int argc, char **argv);   /* argv[0] is the command name */
  const char *usage, *summary;
  const char *options;   /* help text for the options, one per line */
};
const Command *cli_find(const char *name);
int cli_help(const Command *c, FILE *out);   /* prints the command's usage and options */
/* Common handling of --help/--version and an unknown option: returns -1 to continue. */
int cli_common_option(const Command *c, int opt, const char *arg0);
/* --jobs N (-j N): a whole number of threads, 1 to 64, into *jobs; -1 when it is one, else
 * the exit status of the usage error said. */
int cli_jobs(const Command *c, const char *arg, int *jobs);
/* "pvs CMD: message; run 'pvs help CMD'" on stderr; returns 2. */
int cli_usage_error(const Command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_check(const Command *self, int argc, char **argv);
int cmd_fmt(const Command *self, int argc, char **argv);
int cmd_eval(const Command *self, int argc, char **argv);
int cmd_doc(const Command *self, int argc, char **argv);
int cmd_explain(const Command *self, int argc, char **argv);
int cmd_sql(const Command *self, int argc, char **argv);
int cmd_diff(const Command *self, int argc, char **argv);
int cmd_dump(const Command *self, int argc, char **argv);
#endif
