/* main.c — the command line: global options, then a table of subcommands. Each command
 * parses its own options with getopt_long and returns the process exit status:
 * 0 success, 1 the script has errors (or a contrôle failed), 2 usage, I/O or data errors. */
#include "cli.h"
#include "inputs.h"
#include "mem.h"
#include "out.h"
#include "intl.h"
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const Command commands[] = {
  {"check", cmd_check, N_("pvs check [--strict] [--werror] FILE…"), N_("parse and check scripts"),
   N_("  --strict     also demand the metadata of a shared référentiel\n"
      "  --werror     treat warnings as errors\n")},
  {"fmt", cmd_fmt, N_("pvs fmt [--check | --write] [--keywords fr|en] FILE…"), N_("print scripts in the canonical layout"),
   N_("  --check          list the files that are not formatted (exit 1 if any)\n"
      "  --write          rewrite the files in place\n"
      "  --keywords LANG  write keywords in French (fr) or English (en)\n")},
  {"eval", cmd_eval, N_("pvs eval FILE [--data TABLE=PATH] [--by DIM] [--date YYYY-MM-DD] [--scenario NAME] [--format text|csv|csv-wide|json|md|html|xlsx] [--sensibilité] [--plage] [-j N] [-o FILE]"), N_("evaluate a script over its data"),
   N_("  --data TABLE=PATH   read TABLE from PATH instead of its source:\n"
      "  --by DIM            break every indicator down by DIM (a column or a territory level)\n"
      "  --date YYYY-MM-DD   evaluation date: picks the parameter values in force (default: today)\n"
      "  --scenario NAME     apply a scénario; 'all' shows the base and every scénario side by side\n"
      "  --format FORMAT     text (default), csv, csv-wide (one column per indicator), json, md, html\n"
      "                      or xlsx (an Excel workbook with a live impact map; not to a terminal)\n"
      "  -o, --output FILE   write to FILE (atomically) instead of the standard output\n"
      "  --rounding MODE     display rounding: half-up (default) or half-even\n"
      "  --strict            a division by zero is an error, not a warning\n"
      "  --sensibilité       each bilan's ratio with each input moved alone, and switching values\n"
      "  --pas N, --pas-taux N, --seuil X   its steps (10 relative, 10 points) and threshold (1)\n"
      "  --plage             the base, then every parameter at the low and at the high bound of its plage\n"
      "  -j, --jobs N        threads that read a big file by parts (default: the number of cores)\n")},
  {"doc", cmd_doc, N_("pvs doc FILE… [--format md|html] [-o FILE]"), N_("the référentiel as a document"),
   N_("  --format FORMAT     md (GitHub Markdown, default) or html (one self-contained page)\n"
      "  -o, --output FILE   write to FILE (atomically) instead of the standard output\n")},
  {"explain", cmd_explain, N_("pvs explain FILE NAME|--plan [--date YYYY-MM-DD] [--scenario NAME] [--data TABLE=PATH] [--group KEY]"),
   N_("how one value was computed"),
   N_("  --date, --scenario, --data   as for pvs eval\n"
      "  --group KEY                  only that group (département 59, zone A…)\n"
      "  --plan                       instead of NAME: how each data file was read, and why\n"
      "  -j, --jobs N                 as for pvs eval\n")},
  {"sql", cmd_sql, N_("pvs sql FILE [--dialect postgresql|duckdb] [--date YYYY-MM-DD] [--scenario NAME] [--by DIM] [--schema [--data TABLE=PATH] [--no-territories]] [--territories]"),
   N_("compile the référentiel to SQL (PostgreSQL, DuckDB)"),
   N_("  --dialect NAME      postgresql (default) or duckdb\n"
      "  --date, --scenario  as for pvs eval: the parameters written into the SQL\n"
      "  --by DIM            as for pvs eval: break every indicator and valuation down by DIM\n"
      "  --schema            CREATE TABLE and CSV loading statements instead of the queries\n"
      "  --data TABLE=PATH   with --schema: load TABLE from PATH instead of its source:\n"
      "  --no-territories    with --schema: not the territory tables (created once by --territories)\n"
      "  --territories       the territory tables alone (départements, régions, communes, codes)\n")},
  {"diff", cmd_diff, N_("pvs diff OLD NEW [--format text|json] [--data TABLE=PATH|DIR]… [--date YYYY-MM-DD] [-o FILE]"),
   N_("compare two versions of a référentiel"),
   N_("  OLD, NEW            two scripts, or two folders of .pvs files\n"
      "  --format FORMAT     text (a summary, default) or json\n"
      "  --data TABLE=PATH   also evaluate both versions and list the results that change;\n"
      "  --data DIR          a folder: each table is read from its source file found there\n"
      "  --date YYYY-MM-DD   evaluation date with --data (default: today)\n"
      "  -o, --output FILE   write to FILE (atomically) instead of the standard output\n"
      "exit status: 0 nothing changed in meaning, 1 something changed, 2 errors\n")},
  {"dump", cmd_dump, N_("pvs dump FILE"), N_("print the syntax tree (for tests)"), NULL},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out) {
  fprintf(out, _("usage: pvs COMMAND [OPTIONS] FILE…\n\ncommands:\n"));
  for (int i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, "dump")) fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf(out, _("\n'pvs help COMMAND' or 'pvs COMMAND --help' describes one command.\n"
                 "--locale en (or an English LANG) writes in English; French is the default.\n"
                 "Exit status: 0 success, 1 errors in a script or a failed contrôle, 2 usage, I/O or data errors.\n"));
}

const Command *cli_find(const char *name) {
  for (int i = 0; i < NCOMMANDS; i++) if (!strcmp(commands[i].name, name)) return &commands[i];
  return NULL;
}

static int help(const char *name) {
  const Command *c = name ? cli_find(name) : NULL;
  if (!name) { usage(stdout); return 0; }
  if (!c) { fprintf(stderr, _("pvs: unknown command '%s'; run 'pvs --help'\n"), name); return 2; }
  return cli_help(c, stdout);
}

/* `--locale fr|en` is global: taken out of argv (before a `--`) wherever it stands, so that
 * every command speaks the chosen language from its first message. Returns false, with
 * *bad set, for a value that is no language. */
static bool take_locale(int *argc, char **argv, IntlLang *lang, const char **bad) {
  int o = 1;
  for (int i = 1; i < *argc; i++) {
    const char *v = NULL;
    bool tail = !strcmp(argv[i], "--");
    if (!strncmp(argv[i], "--locale=", 9)) v = argv[i] + 9;
    else if (!strcmp(argv[i], "--locale")) v = i + 1 < *argc ? argv[++i] : "";
    if (v && !intl_lang_lookup(v, lang)) { *bad = v; return false; }
    if (!v) argv[o++] = argv[i];
    if (tail) while (++i < *argc) argv[o++] = argv[i];
  }
  argv[*argc = o] = NULL;
  return true;
}

/* What could not be written to stdout (a full disk, > /dev/full) fails the run, whatever
 * the command said: the output is not what it should be. */
static int done(int status) {
  int err = fflush(stdout) != 0 ? errno : ferror(stdout) ? EIO : 0;
  inputs_forget();
  if (!err || status == 2) return err ? 2 : status;   /* 2: the command has said what failed */
  fprintf(stderr, _("pvs: cannot write the output: %s\n"), strerror(err));
  return 2;
}

/* The allocation policy's end (mem.h): say it, leave no half-written output, exit 2. */
static void out_of_memory(size_t n) {
  out_remove_pending();
  char msg[160];
  int k = snprintf(msg, sizeof msg, _("pvs: out of memory (%zu bytes could not be allocated); nothing was written\n"), n);
  if (k > 0 && write(2, msg, (size_t)k < sizeof msg ? (size_t)k : sizeof msg - 1) < 0) k = 0;
  _exit(2);
}

int main(int argc, char **argv) {
  mem_on_failure(out_of_memory);
  mem_route_gmp();
  setlocale(LC_ALL, "");
  signal(SIGXFSZ, SIG_IGN);   /* past a file size limit, a write fails (EFBIG) and is reported */
  IntlLang lang = intl_env_lang();
  const char *bad = NULL;
  bool ok = take_locale(&argc, argv, &lang, &bad);
  intl_init(lang);
  if (!ok) { fprintf(stderr, _("pvs: --locale is fr or en, not '%s'\n"), bad); return 2; }
  opterr = 0;   /* the commands say what is wrong with an option, in their own words */
  if (argc < 2) { usage(stderr); return 2; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) { usage(stdout); return done(0); }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) { printf("pvs %s\n", PVS_VERSION); return done(0); }
  if (!strcmp(cmd, "help")) return done(help(argc > 2 ? argv[2] : NULL));
  const Command *c = cli_find(cmd);
  if (!c) { fprintf(stderr, _("pvs: unknown command '%s'; run 'pvs --help'\n"), cmd); return 2; }
  return done(c->run(c, argc - 1, argv + 1));
}
