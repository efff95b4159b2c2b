/* diag.c — source map, diagnostic list and caret rendering (see diag.h). */
#include "diag.h"
#include "mem.h"
#include "intl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Source { char *path, *text; size_t len; uint32_t *lines; int nlines; } Source;
typedef struct Msg {
  DiagLevel level; Loc loc; char *text;
  char *path; long line, col; char *line_text;  /* for unregistered files */
  int seq, parent;                               /* notes sort with their parent */
  int pkind; uint32_t pfile, pstart; int pseq;   /* the parent's sort key (diag_render) */
} Msg;
struct Diag {
  Source *src; int nsrc;
  Msg *msgs; int nmsgs, cap;
  int errors, warnings, seq; bool werror;
};

Diag *diag_new(void) { return mem_calloc(1, sizeof(Diag)); }

static void free_msgs(Diag *d) {
  for (int i = 0; i < d->nmsgs; i++) { free(d->msgs[i].text); free(d->msgs[i].path); free(d->msgs[i].line_text); }
  d->nmsgs = 0;
}

void diag_free(Diag *d) {
  if (!d) return;
  free_msgs(d);
  free(d->msgs);
  for (int i = 0; i < d->nsrc; i++) { free(d->src[i].path); free(d->src[i].text); free(d->src[i].lines); }
  free(d->src);
  free(d);
}

uint32_t diag_add_source(Diag *d, const char *path, const char *text, size_t len) {
  d->src = mem_realloc(d->src, sizeof *d->src * (size_t)(d->nsrc + 1));
  Source *s = &d->src[d->nsrc++];
  s->path = mem_strndup(path, strlen(path));
  s->text = mem_strndup(text, len);
  s->len = len;
  s->nlines = 1;
  for (size_t i = 0; i < len; i++) if (text[i] == '\n') s->nlines++;
  s->lines = mem_realloc(NULL, sizeof *s->lines * (size_t)s->nlines);
  s->lines[0] = 0;
  for (size_t i = 0, k = 1; i < len; i++) if (text[i] == '\n') s->lines[k++] = (uint32_t)i + 1;
  return (uint32_t)d->nsrc;
}

static const Source *source(const Diag *d, uint32_t file) {
  return file >= 1 && (int)file <= d->nsrc ? &d->src[file - 1] : NULL;
}
const char *diag_source_path(const Diag *d, uint32_t file) { const Source *s = source(d, file); return s ? s->path : "?"; }
const char *diag_source_text(const Diag *d, uint32_t file, size_t *len) {
  const Source *s = source(d, file);
  if (len) *len = s ? s->len : 0;
  return s ? s->text : "";
}

static int utf8_chars(const char *s, size_t n) {
  int c = 0;
  for (size_t i = 0; i < n; i++) if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  return c;
}

void diag_linecol(const Diag *d, uint32_t file, uint32_t off, int *line, int *col) {
  const Source *s = source(d, file);
  if (!s) { *line = *col = 0; return; }
  if (off > s->len) off = (uint32_t)s->len;
  int lo = 0, hi = s->nlines - 1;
  while (lo < hi) { int mid = (lo + hi + 1) / 2; if (s->lines[mid] <= off) lo = mid; else hi = mid - 1; }
  *line = lo + 1;
  *col = utf8_chars(s->text + s->lines[lo], off - s->lines[lo]) + 1;
}

static Msg *push(Diag *d, DiagLevel lv) {
  if (d->nmsgs == d->cap) { d->cap = d->cap ? 2 * d->cap : 16; d->msgs = mem_realloc(d->msgs, sizeof *d->msgs * (size_t)d->cap); }
  Msg *m = &d->msgs[d->nmsgs++];
  memset(m, 0, sizeof *m);
  m->level = lv;
  m->seq = d->seq++;
  m->parent = m->seq;
  if (lv == DIAG_NOTE) {
    for (int i = d->nmsgs - 2; i >= 0; i--) if (d->msgs[i].level != DIAG_NOTE) { m->parent = d->msgs[i].seq; break; }
  } else if (lv == DIAG_ERROR || d->werror) d->errors++;
  else d->warnings++;
  return m;
}

static char *vfmt(const char *fmt, va_list ap) {
  va_list aq; va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *p = mem_realloc(NULL, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

void diag_vreport(Diag *d, DiagLevel lv, Loc loc, const char *fmt, va_list ap) {
  Msg *m = push(d, lv);
  m->loc = loc;
  m->text = vfmt(fmt, ap);
}

#define REPORT(lv) { va_list ap; va_start(ap, fmt); diag_vreport(d, lv, loc, fmt, ap); va_end(ap); }
void diag_error(Diag *d, Loc loc, const char *fmt, ...) REPORT(DIAG_ERROR)
void diag_warning(Diag *d, Loc loc, const char *fmt, ...) REPORT(DIAG_WARNING)
void diag_note(Diag *d, Loc loc, const char *fmt, ...) REPORT(DIAG_NOTE)

void diag_at(Diag *d, DiagLevel lv, const char *path, long line, long col, const char *line_text,
             const char *fmt, ...) {
  Msg *m = push(d, lv);
  va_list ap; va_start(ap, fmt); m->text = vfmt(fmt, ap); va_end(ap);
  m->path = mem_strndup(path, strlen(path));
  m->line = line; m->col = col;
  if (line_text) m->line_text = mem_strndup(line_text, strlen(line_text));
}

int diag_errors(const Diag *d) { return d->errors; }

void diag_assert_fail(const char *cond, const char *file, int line) {
  fprintf(stderr, _("%s:%d: internal error: '%s' does not hold; this is a bug in pvs, please report it\n"), file, line, cond);
  fflush(stderr);
  abort();
}
int diag_warnings(const Diag *d) { return d->warnings; }
void diag_set_werror(Diag *d, bool on) { d->werror = on; }

static const char *level_name(const Diag *d, DiagLevel lv) {
  switch (lv) {
  case DIAG_ERROR: return _("error");
  case DIAG_WARNING: return d->werror ? _("error") : _("warning");
  default: return _("note");
  }
}

/* Sort key of a message: its parent's position (notes stay under their parent). Unlocated
 * (file 0) and data-file messages keep their order, after source ones. */
static int kind_of(const Msg *m) { return m->path ? 2 : m->loc.file ? 0 : 1; }
static void set_keys(Diag *d) {   /* msgs in report order: a note's parent is the message before */
  const Msg *parent = NULL;
  for (int i = 0; i < d->nmsgs; i++) {
    Msg *m = &d->msgs[i];
    if (m->level != DIAG_NOTE || !parent) parent = m;
    m->pkind = kind_of(parent); m->pfile = parent->loc.file; m->pstart = parent->loc.start; m->pseq = parent->seq;
  }
}
static int cmp_msg(const void *pa, const void *pb) {
  const Msg *a = pa, *b = pb;
  if (a->pseq != b->pseq) {
    if (a->pkind != b->pkind) return a->pkind - b->pkind;
    if (a->pkind == 0) {
      if (a->pfile != b->pfile) return a->pfile < b->pfile ? -1 : 1;
      if (a->pstart != b->pstart) return a->pstart < b->pstart ? -1 : 1;
    }
    return a->pseq - b->pseq;
  }
  return a->seq - b->seq;
}

/* Byte offset of the c-th character (1-based) of text[0, len). */
static size_t char_off(const char *text, size_t len, long c) {
  size_t i = 0;
  for (long k = 1; k < c && i < len; k++) {
    i++;
    while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80) i++;
  }
  return i;
}

/* Prints `line_text` (one line, no newline) and a caret line under [c0, c0+width). A line
 * longer than ECHO_MAX characters is shown as a window around the caret, cut ends as "…". */
enum { ECHO_MAX = 240, ECHO_BEFORE = 80 };
static void caret(FILE *out, long lineno, const char *text, size_t len, long c0, long width) {
  long total = utf8_chars(text, len), first = 1, last = total;
  if (total > ECHO_MAX) {
    first = c0 > ECHO_BEFORE ? c0 - ECHO_BEFORE : 1;
    last = first + ECHO_MAX - 1;
    if (last > total) { last = total; first = total - ECHO_MAX + 1; }
  }
  size_t b = char_off(text, len, first), e = char_off(text, len, last + 1);
  fprintf(out, "%5ld | %s", lineno, first > 1 ? "…" : "");
  for (size_t i = b; i < e; i++) fputc(text[i] == '\t' ? ' ' : text[i], out);
  fputs(last < total ? "…\n      | " : "\n      | ", out);
  for (long i = first > 1 ? first - 1 : 1; i < c0; i++) fputc(' ', out);
  fputc('^', out);
  if (c0 + width - 1 > last) width = last - c0 + 1;
  for (long i = 1; i < width; i++) fputc('~', out);
  fputc('\n', out);
}

static void render_one(const Diag *d, const Msg *m, FILE *out) {
  const char *lv = level_name(d, m->level);
  if (m->path && m->line <= 0) { fprintf(out, "%s: %s: %s\n", m->path, lv, m->text); return; }
  if (m->path) {
    fprintf(out, "%s:%ld:%ld: %s: %s\n", m->path, m->line, m->col, lv, m->text);
    if (m->line_text) caret(out, m->line, m->line_text, strlen(m->line_text), m->col, 1);
    return;
  }
  const Source *s = source(d, m->loc.file);
  if (!s) { fprintf(out, "pvs: %s: %s\n", lv, m->text); return; }
  int line, col;
  diag_linecol(d, m->loc.file, m->loc.start, &line, &col);
  fprintf(out, "%s:%d:%d: %s: %s\n", s->path, line, col, lv, m->text);
  uint32_t b = s->lines[line - 1], e = b;
  while (e < s->len && s->text[e] != '\n' && s->text[e] != '\r') e++;
  uint32_t end = m->loc.end > m->loc.start ? m->loc.end : m->loc.start + 1;
  if (end > e) end = e > m->loc.start ? e : m->loc.start + 1;
  long width = m->loc.start < e ? utf8_chars(s->text + m->loc.start, end - m->loc.start) : 1;
  caret(out, line, s->text + b, e - b, col, width < 1 ? 1 : width);
}

/* At most DIAG_MAX_PER_FILE messages (notes included) of one source file are shown; the rest
 * are counted in one line. The whole report is written at once (stderr is unbuffered). */
void diag_render(Diag *d, FILE *out) {
  set_keys(d);
  if (d->nmsgs) qsort(d->msgs, (size_t)d->nmsgs, sizeof *d->msgs, cmp_msg);   /* msgs is NULL when empty */
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  FILE *to = mem ? mem : out;
  int shown = 0, hidden = 0;
  for (int i = 0; i < d->nmsgs; i++) {
    const Msg *m = &d->msgs[i];
    bool same = i > 0 && m->pkind == 0 && d->msgs[i - 1].pkind == 0 && m->pfile == d->msgs[i - 1].pfile;
    if (!same) {
      if (hidden) fprintf(to, _("%s: %d more messages not shown; fix the ones above and check again\n"),
                          diag_source_path(d, d->msgs[i - 1].pfile), hidden);
      shown = hidden = 0;
    }
    if (m->pkind == 0 && shown >= DIAG_MAX_PER_FILE) { hidden++; continue; }
    shown++;
    render_one(d, m, to);
  }
  if (hidden) fprintf(to, _("%s: %d more messages not shown; fix the ones above and check again\n"),
                      diag_source_path(d, d->msgs[d->nmsgs - 1].pfile), hidden);
  if (mem) {
    fclose(mem);
    fwrite(buf, 1, len, out);
    free(buf);
  }
  fflush(out);
  free_msgs(d);
}
