/* rep_parc.c — the whole-référentiel benchmark's input: a table's CSV (examples/bailleur's
 * parc.csv) replicated until it has N data rows, every row keeping a unique key.
 *
 *   rep_parc --in FILE --rows N --out FILE        (--out - writes to standard output)
 *
 * The header is copied once; then the data rows are written again and again in order. The
 * first copy is the file as it is (so the other tables of the example, whose réf columns
 * name its keys, still find every row they refer to); copy k > 0 appends "-k" to the first
 * field of each row (L000001-1, L000001-2…). Rows are split at line ends: the input must
 * have no newline inside a quoted cell (parc.csv has none), which is checked. Output goes
 * through one large buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: rep_parc --in FILE --rows N --out FILE\n";

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "rep_parc: %s: %s\n", path, strerror(errno)); return NULL; }
  size_t cap = 1 << 20, len = 0;
  char *buf = malloc(cap);
  for (size_t r; buf && (r = fread(buf + len, 1, cap - len, f)) > 0;) {
    len += r;
    if (len == cap) { cap *= 2; char *nb = realloc(buf, cap); if (!nb) { free(buf); buf = NULL; } else buf = nb; }
  }
  fclose(f);
  if (!buf) { fputs("rep_parc: out of memory\n", stderr); return NULL; }
  *n = len;
  return buf;
}

int main(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  long rows = -1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--in")) in = argv[i + 1];
    else if (!strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!strcmp(argv[i], "--rows")) rows = strtol(argv[i + 1], NULL, 10);
    else { fputs(usage, stderr); return 2; }
  }
  if (!in || !out || rows < 0 || argc % 2 == 0) { fputs(usage, stderr); return 2; }
  size_t n;
  char *src = slurp(in, &n);
  if (!src) return 2;
  if (memchr(src, '"', n)) { fprintf(stderr, "rep_parc: %s has quoted cells; only plain rows are replicated\n", in); return 2; }
  char *body = memchr(src, '\n', n);
  if (!body || body + 1 >= src + n) { fprintf(stderr, "rep_parc: %s has no data row\n", in); return 2; }
  body++;
  FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
  if (!f) { fprintf(stderr, "rep_parc: %s: %s\n", out, strerror(errno)); return 2; }
  static char obuf[1 << 20];
  setvbuf(f, obuf, _IOFBF, sizeof obuf);
  fwrite(src, 1, (size_t)(body - src), f);
  long written = 0;
  for (long copy = 0; written < rows; copy++)
    for (const char *l = body; l < src + n && written < rows; written++) {
      const char *e = memchr(l, '\n', (size_t)(src + n - l));
      const char *end = e ? e + 1 : src + n;
      const char *sep = memchr(l, ';', (size_t)(end - l));
      if (!sep) sep = end;
      fwrite(l, 1, (size_t)(sep - l), f);
      if (copy) fprintf(f, "-%ld", copy);
      fwrite(sep, 1, (size_t)(end - sep), f);
      if (!e) fputc('\n', f);
      l = end;
    }
  free(src);
  if (fflush(f) || ferror(f) || (f != stdout && fclose(f))) { fprintf(stderr, "rep_parc: %s: write failed\n", out); return 2; }
  return 0;
}
