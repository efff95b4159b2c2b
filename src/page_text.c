/* page_text.c — a page (page.h) as plain text, the default output of `pvs eval`.
 *
 * Titles are underlined ('=' for level 1, '-' for level 2); tables are indented by two
 * spaces with two spaces between columns and a rule of '-' under the header; numbers are
 * right-aligned, text left-aligned, no line ends with a space. Widths count characters, not
 * bytes, so "état", "—" and the U+202F of French numbers line up. A blank line goes before
 * level-2 and level-3 headings, and after a title, a section's underline and a table:
 * paragraphs and tables stay right under their own heading. Lists are "- " items,
 * properties "label : value" lines, code blocks indented by four spaces; figures exist only
 * in HTML and are left out. */
#include "page.h"
#include "page_impl.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void repeat(FILE *f, char c, size_t n) {
  while (n--) putc(c, f);
}

/* The inline runs between nodes (from, to) as plain text. */
static void inline_text(const Page *p, int from, int to, PageStr *s) {
  for (int i = from; i < to; i++) {
    const PageNode *n = &p->v[i];
    switch (n->k) {
    case PN_TEXT: case PN_STRONG: case PN_CODE: page_str_add(s, n->a); break;
    case PN_LINK: page_str_add(s, n->b); break;
    case PN_BADGE: page_str_add(s, "⚠ "); page_str_add(s, n->a); break;
    default: break;
    }
  }
}

/* ---- tables ---- */
static void text_row(FILE *f, const PageGrid *g, const size_t *w, int r) {
  fputs("  ", f);
  for (int c = 0; c < g->ncols; c++) {
    const char *s = page_grid_cell(g, r, c);
    size_t pad = w[c] - page_utf8_width(s);
    if (c) fputs("  ", f);
    if (g->right[c]) repeat(f, ' ', pad);
    fputs(s, f);
    bool rest_empty = true;
    for (int k = c + 1; k < g->ncols; k++) if (*page_grid_cell(g, r, k)) rest_empty = false;
    if (rest_empty) break;
    if (!g->right[c]) repeat(f, ' ', pad);
  }
  putc('\n', f);
}

static int text_table(FILE *f, const Page *p, int i) {
  PageGrid g;
  if (!page_grid(p, i, inline_text, &g)) return ENOMEM;
  size_t *w = page_grid_widths(&g);
  if (!w) { page_grid_free(&g); return ENOMEM; }
  text_row(f, &g, w, 0);
  fputs("  ", f);
  for (int c = 0; c < g.ncols; c++) {
    if (c) fputs("  ", f);
    repeat(f, '-', w[c]);
  }
  putc('\n', f);
  for (int r = 1; r < g.nrows; r++) text_row(f, &g, w, r);
  free(w);
  page_grid_free(&g);
  return 0;
}

/* ---- blocks ---- */
typedef enum { B_H1, B_H2, B_H3, B_PARA, B_TABLE, B_NONE } Block;

static Block block_of(const PageNode *n) {
  switch (n->k) {
  case PN_HEADING: return n->level <= 1 ? B_H1 : n->level == 2 ? B_H2 : B_H3;
  case PN_TABLE_BEGIN: return B_TABLE;
  case PN_PARA_BEGIN: case PN_CODE_BLOCK: case PN_LIST_BEGIN: case PN_PROPS_BEGIN: return B_PARA;
  default: return B_NONE;
  }
}

static void underlined(FILE *f, const char *text, char c) {
  fprintf(f, "%s\n", text);
  repeat(f, c, page_utf8_width(text));
  putc('\n', f);
}

static void line(FILE *f, const Page *p, int from, int to, const char *lead) {
  PageStr s = {0};
  inline_text(p, from, to, &s);
  fprintf(f, "%s%s\n", lead, page_str_get(&s));
  page_str_free(&s);
}

static void code_block(FILE *f, const char *s) {
  fputs("    ", f);
  for (; *s; s++) {
    putc(*s, f);
    if (*s == '\n' && s[1]) fputs("    ", f);
  }
  putc('\n', f);
}

/* Lists and properties: one line per item, nested lists indented. */
static void list(FILE *f, const Page *p, int i, int end, int depth) {
  for (int k = i + 1; k < end; k++) {
    const PageNode *n = &p->v[k];
    if (n->k == PN_ITEM_BEGIN || n->k == PN_PROP_BEGIN) {
      int close = page_close_of(p, k), stop = close;
      for (int j = k + 1; j < close; j++) if (p->v[j].k == PN_LIST_BEGIN) { stop = j; break; }
      char lead[160];
      if (n->k == PN_PROP_BEGIN) snprintf(lead, sizeof lead, "%*s- %s%s", 2 * depth, "", n->a, p->french ? " : " : ": ");
      else snprintf(lead, sizeof lead, "%*s- ", 2 * depth, "");
      line(f, p, k + 1, stop, lead);
      if (stop < close) list(f, p, stop, page_close_of(p, stop), depth + 1);
      k = close;
    }
  }
}

int page_text_render(FILE *f, const Page *p) {
  Block prev = B_NONE;
  bool first = true;
  for (int i = 0; i < p->n; i++) {
    const PageNode *n = &p->v[i];
    Block b = block_of(n);
    if (b == B_NONE) continue;
    if (!first && (b == B_H2 || b == B_H3 || prev == B_TABLE || prev == B_H1 || prev == B_H2)) putc('\n', f);
    first = false;
    prev = b;
    int end = page_close_of(p, i);
    switch (n->k) {
    case PN_HEADING:
      if (n->level <= 2) underlined(f, n->b, n->level <= 1 ? '=' : '-');
      else fprintf(f, "%s\n", n->b);
      break;
    case PN_TABLE_BEGIN:
      if (text_table(f, p, i)) return ENOMEM;
      break;
    case PN_PARA_BEGIN: line(f, p, i + 1, end, ""); break;
    case PN_CODE_BLOCK: code_block(f, n->a); break;
    default: list(f, p, i, end, 0); break;
    }
    i = end;
  }
  return page_stream_status(f);
}
