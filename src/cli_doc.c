/* cli_doc.c — `pvs doc FILE… [--format md|html] [-o OUT]`: load and check every script like
 * `pvs check`, then write one document covering them all (doc.h), atomically with -o.
 * Exit 0; 1 when a script has errors (reported, nothing written); 2 for usage and I/O
 * errors. */
#include "chk.h"
#include "mem.h"
#include "cli.h"
#include "doc.h"
#include "inputs.h"
#include "intl.h"
#include "out.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_FORMAT = 256 };

typedef struct DocArgs { DocFormat fmt; const char *out; char **files; int nfiles; } DocArgs;

static int parse_args(const Command *self, int argc, char **argv, DocArgs *a) {
  static const struct option opts[] = {
    {"format", required_argument, 0, OPT_FORMAT}, {"output", required_argument, 0, 'o'},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:hV", opts, NULL)) != -1) {
    if (c == OPT_FORMAT) {
      if (!doc_format_lookup(optarg, &a->fmt)) return cli_usage_error(self, _("unknown format '%s'; use md or html"), optarg);
    } else if (c == 'o') a->out = optarg;
    else return cli_common_option(self, c, argv[optind - 1]);
  }
  if (optind >= argc) return cli_usage_error(self, _("no script to document"));
  a->files = argv + optind;
  a->nfiles = argc - optind;
  return -1;
}

/* Loads and checks every file; returns the exit status so far (0, 1 or 2). */
static int load_all(Arena *arena, Diag *d, const DocArgs *a, Compilation **comps) {
  int status = 0;
  for (int i = 0; i < a->nfiles; i++) {
    LoadStatus st;
    comps[i] = load_compilation(arena, d, a->files[i], &st);
    ChkOptions co = {false};
    int s = st == LOAD_IO ? 2 : st == LOAD_ERRORS ? 1 : chk_run(comps[i], &co) ? 1 : 0;
    if (s > status) status = s;
  }
  return diag_errors(d) && !status ? 1 : status;
}

static int write_doc(const DocArgs *a, Compilation **comps) {
  OutFile of;
  if (inputs_has(a->out)) {
    fprintf(stderr, _("pvs doc: '%s' is also an input of this run (a script or a module); write the "
                      "documentation to another file\n"), a->out);
    return 2;
  }
  if (!out_open(&of, a->out)) {
    fprintf(stderr, _("pvs doc: cannot write '%s': %s\n"), a->out, strerror(errno));
    return 2;
  }
  int err = doc_write(of.f, comps, a->nfiles, a->fmt);
  if (err) { out_abort(&of); fprintf(stderr, _("pvs doc: cannot write the document: %s\n"), strerror(err)); return 2; }
  if ((err = out_commit(&of))) { fprintf(stderr, _("pvs doc: cannot write '%s': %s\n"), a->out, strerror(err)); return 2; }
  return 0;
}

int cmd_doc(const Command *self, int argc, char **argv) {
  DocArgs a = {DOC_MD, NULL, NULL, 0};
  int r = parse_args(self, argc, argv, &a);
  if (r >= 0) return r;
  Arena *arena = arena_new();
  Diag *d = diag_new();
  Compilation **comps = mem_calloc((size_t)a.nfiles, sizeof *comps);
  int status = comps ? load_all(arena, d, &a, comps) : 2;
  diag_render(d, stderr);
  if (!status) status = write_doc(&a, comps);
  free(comps);
  diag_free(d);
  arena_free(arena);
  return status;
}
