/* cli_fmt.c — `pvs fmt [--check | --write] [--keywords fr|en] FILE…`: prints each script in
 * the canonical layout (fmt.h), lists the files that are not formatted (--check, exit 1),
 * or rewrites them in place (--write). A rewrite is atomic: the new text goes to a temporary
 * file in the same folder, with the old file's mode, is flushed to disk, then renamed over
 * the original, so a crash leaves either the old file or the new one, never half of one.
 * A file with syntax errors is never rewritten. */
#include "cli.h"
#include "mem.h"
#include "fmt.h"
#include "intl.h"
#include "parse.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_CHECK = 256, OPT_WRITE, OPT_KEYWORDS };
typedef enum Mode { MODE_PRINT, MODE_CHECK, MODE_WRITE } Mode;

static bool write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    buf += w;
    n -= (size_t)w;
  }
  return true;
}

/* Makes the rename itself durable; a failure here is not worth reporting. */
static void sync_dir(const char *file) {
  char *copy = mem_strdup(file);
  if (!copy) return;
  int fd = open(dirname(copy), O_RDONLY);
  if (fd >= 0) { (void)fsync(fd); close(fd); }
  free(copy);
}

/* Replaces the file `path` (a symbolic link is followed) by `buf`; -1 with errno on failure. */
static int write_atomic(const char *path, const char *buf, size_t n) {
  char *real = realpath(path, NULL);
  if (!real) return -1;
  struct stat st;
  char *tmp = mem_alloc(strlen(real) + 16);
  int fd = -1, err = 0;
  if (!tmp || stat(real, &st) != 0) { err = tmp ? errno : ENOMEM; goto done; }
  sprintf(tmp, "%s.fmt-XXXXXX", real);
  if ((fd = mkstemp(tmp)) < 0) { err = errno; goto done; }
  bool ok = fchmod(fd, st.st_mode & 07777) == 0 && write_all(fd, buf, n) && fsync(fd) == 0;
  if (!ok) err = errno ? errno : EIO;
  if (close(fd) != 0 && ok) { ok = false; err = errno; }
  if (ok && rename(tmp, real) != 0) { ok = false; err = errno; }
  if (!ok) unlink(tmp);
  else sync_dir(real);
done:
  free(tmp);
  free(real);
  errno = err;
  return err ? -1 : 0;
}

/* Formats one file; returns its exit status (0, 1 unformatted or syntax errors, 2 I/O). */
static int fmt_file(const char *path, Mode mode, const FmtOptions *o) {
  Arena *a = arena_new();
  Diag *d = diag_new();
  ParseStatus st;
  Program *p = parse_file(a, d, path, &st);
  diag_render(d, stderr);
  int status = st == PARSE_IO ? 2 : st == PARSE_SYNTAX ? 1 : 0;
  char *buf = NULL;
  size_t n = 0;
  if (status == 0) {
    FILE *m = open_memstream(&buf, &n);
    if (!m) { fprintf(stderr, _("pvs fmt: %s\n"), strerror(errno)); status = 2; }
    else { fmt_program(m, p, o); fclose(m); }
  }
  bool same = buf && n == p->len && memcmp(buf, p->text, n) == 0;
  if (status == 0 && mode == MODE_PRINT) fwrite(buf, 1, n, stdout);
  if (status == 0 && mode == MODE_CHECK && !same) { printf("%s\n", path); status = 1; }
  if (status == 0 && mode == MODE_WRITE && !same && write_atomic(path, buf, n) != 0) {
    fprintf(stderr, _("pvs fmt: cannot write '%s': %s\n"), path, strerror(errno));
    status = 2;
  }
  free(buf);
  diag_free(d);
  arena_free(a);
  return status;
}

int cmd_fmt(const Command *self, int argc, char **argv) {
  static const struct option opts[] = {
    {"check", no_argument, 0, OPT_CHECK}, {"write", no_argument, 0, OPT_WRITE},
    {"keywords", required_argument, 0, OPT_KEYWORDS},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
  FmtOptions o = {LANG_FR, false};
  Mode mode = MODE_PRINT;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
    if (c == OPT_CHECK || c == OPT_WRITE) {
      Mode m = c == OPT_CHECK ? MODE_CHECK : MODE_WRITE;
      if (mode != MODE_PRINT && mode != m) return cli_usage_error(self, _("--check and --write cannot be used together"));
      mode = m;
    } else if (c == OPT_KEYWORDS) {
      o.names = true;
      if (!strcmp(optarg, "fr")) o.keywords = LANG_FR;
      else if (!strcmp(optarg, "en")) o.keywords = LANG_EN;
      else return cli_usage_error(self, _("--keywords takes 'fr' or 'en', not '%s'"), optarg);
    } else {
      return cli_common_option(self, c, argv[optind - 1]);
    }
  }
  if (optind >= argc) return cli_usage_error(self, _("no file to format"));
  int status = 0;
  for (int i = optind; i < argc; i++) {
    int s = fmt_file(argv[i], mode, &o);
    if (s > status) status = s;
  }
  return status;
}
