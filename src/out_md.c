/* out_md.c — `--format md`: the report model (out_doc.c) as Markdown, for a report or a
 * wiki page: '#' headings, paragraphs, and pipe tables with numbers right-aligned (`---:`).
 *
 * Cells are padded to their column's width (in characters) so the source reads as well as
 * the rendering; '|' and '\' in a cell are escaped. Every block is followed by a blank line. */
#include "out_impl.h"

#include <errno.h>
#include <stdlib.h>

static void md_pad(FILE *f, size_t n) {
  while (n--)
    putc(' ', f);
}

/* A cell's text with | and \ escaped, and its width once escaped. */
static size_t md_cell_width(const char *s) {
  size_t w = out_utf8_width(s);
  for (; *s; s++)
    w += *s == '|' || *s == '\\';
  return w;
}

static void md_cell(FILE *f, const char *s) {
  for (; *s; s++) {
    if (*s == '|' || *s == '\\')
      putc('\\', f);
    putc(*s == '\n' ? ' ' : *s, f);
  }
}

static size_t *md_widths(const OutTable *t) {
  size_t *w = calloc((size_t)t->ncols, sizeof *w);
  for (int c = 0; w && c < t->ncols; c++) {
    w[c] = 3; /* "---" */
    for (int r = 0; r <= out_table_rows(t); r++) {
      size_t cw = md_cell_width(out_table_cell(t, r, c));
      w[c] = cw > w[c] ? cw : w[c];
    }
  }
  return w;
}

static void md_row(FILE *f, const OutTable *t, const size_t *w, int r) {
  for (int c = 0; c < t->ncols; c++) {
    const char *s = out_table_cell(t, r, c);
    size_t pad = w[c] - md_cell_width(s);
    fputs("| ", f);
    if (t->right[c])
      md_pad(f, pad);
    md_cell(f, s);
    if (!t->right[c])
      md_pad(f, pad);
    putc(' ', f);
  }
  fputs("|\n", f);
}

static void md_rule(FILE *f, const OutTable *t, const size_t *w) {
  for (int c = 0; c < t->ncols; c++) {
    fputs("| ", f);
    for (size_t k = 0; k + 1 < w[c]; k++)
      putc('-', f);
    putc(t->right[c] ? ':' : '-', f);
    putc(' ', f);
  }
  fputs("|\n", f);
}

static int md_table(FILE *f, const OutTable *t) {
  size_t *w = md_widths(t);
  if (!w)
    return ENOMEM;
  md_row(f, t, w, 0);
  md_rule(f, t, w);
  for (int r = 1; r <= out_table_rows(t); r++)
    md_row(f, t, w, r);
  free(w);
  return 0;
}

int out_md_render(FILE *f, const OutDoc *d) {
  for (int i = 0; i < d->n; i++) {
    const OutBlock *b = &d->b[i];
    if (i)
      putc('\n', f);
    switch (b->kind) {
    case OUT_H1: fprintf(f, "# %s\n", b->text); break;
    case OUT_H2: fprintf(f, "## %s\n", b->text); break;
    case OUT_H3: fprintf(f, "### %s\n", b->text); break;
    case OUT_TABLE:
      if (md_table(f, &b->t))
        return ENOMEM;
      break;
    default: fprintf(f, "%s\n", b->text); break;
    }
  }
  return out_stream_status(f);
}
