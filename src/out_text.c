/* out_text.c — the default `pvs eval` output: the report model (out_doc.c) as plain text
 * with aligned columns.
 *
 * Titles are underlined ('=' for the report, '-' for a section), tables are indented by two
 * spaces with two spaces between columns and a rule of '-' under the header; numbers are
 * right-aligned, text left-aligned, no line ends with a space. Widths count characters, not
 * bytes, so "état", "—" and the U+202F of French numbers line up. */
#include "out_impl.h"

#include <errno.h>
#include <stdlib.h>

static void repeat(FILE *f, char c, size_t n) {
  while (n--)
    putc(c, f);
}

/* The widest cell of each column. */
static size_t *col_widths(const OutTable *t) {
  size_t *w = calloc((size_t)t->ncols, sizeof *w);
  for (int r = 0; w && r <= out_table_rows(t); r++)
    for (int c = 0; c < t->ncols; c++) {
      size_t cw = out_utf8_width(out_table_cell(t, r, c));
      w[c] = cw > w[c] ? cw : w[c];
    }
  return w;
}

/* True when every column after c is empty on row r (so nothing needs padding after c). */
static bool rest_empty(const OutTable *t, int r, int c) {
  for (int k = c + 1; k < t->ncols; k++)
    if (*out_table_cell(t, r, k))
      return false;
  return true;
}

static void text_row(FILE *f, const OutTable *t, const size_t *w, int r) {
  fputs("  ", f);
  for (int c = 0; c < t->ncols; c++) {
    const char *s = out_table_cell(t, r, c);
    size_t pad = w[c] - out_utf8_width(s);
    if (c)
      fputs("  ", f);
    if (t->right[c])
      repeat(f, ' ', pad);
    fputs(s, f);
    if (rest_empty(t, r, c))
      break;
    if (!t->right[c])
      repeat(f, ' ', pad);
  }
  putc('\n', f);
}

static void text_rule(FILE *f, const OutTable *t, const size_t *w) {
  fputs("  ", f);
  for (int c = 0; c < t->ncols; c++) {
    if (c)
      fputs("  ", f);
    repeat(f, '-', w[c]);
  }
  putc('\n', f);
}

static int text_table(FILE *f, const OutTable *t) {
  size_t *w = col_widths(t);
  if (!w)
    return ENOMEM;
  text_row(f, t, w, 0);
  text_rule(f, t, w);
  for (int r = 1; r <= out_table_rows(t); r++)
    text_row(f, t, w, r);
  free(w);
  return 0;
}

static void underlined(FILE *f, const char *text, char c) {
  fprintf(f, "%s\n", text);
  repeat(f, c, out_utf8_width(text));
  putc('\n', f);
}

/* A blank line before sections and headings, after the title and a section's underline,
 * and after a table: paragraphs and tables stay right under their own heading. */
static bool blank_before(const OutDoc *d, int i) {
  OutBlockKind k = d->b[i].kind, prev = i > 0 ? d->b[i - 1].kind : OUT_H1;
  return i > 0 && (k == OUT_H2 || k == OUT_H3 || prev == OUT_TABLE || prev == OUT_H1 ||
                   prev == OUT_H2);
}

int out_text_render(FILE *f, const OutDoc *d) {
  for (int i = 0; i < d->n; i++) {
    const OutBlock *b = &d->b[i];
    if (blank_before(d, i))
      putc('\n', f);
    switch (b->kind) {
    case OUT_H1: underlined(f, b->text, '='); break;
    case OUT_H2: underlined(f, b->text, '-'); break;
    case OUT_TABLE:
      if (text_table(f, &b->t))
        return ENOMEM;
      break;
    default: fprintf(f, "%s\n", b->text); break;
    }
  }
  return out_stream_status(f);
}
