/* page_md.c — a page (page.h) as GitHub-flavoured Markdown: `pvs eval --format md` and
 * `pvs doc`. Headings carry an `<a id>` anchor when they have one, paragraphs and blocks
 * are separated by one blank line, properties are "- **label** : value" lines, lists nest
 * by two spaces, tables are pipe tables padded to their columns' widths (in characters) so
 * the source reads as well as the rendering, numbers right-aligned (`---:`).
 *
 * Every piece of text is escaped here (esc: what Markdown would read as markup gets a
 * backslash); inside a table cell newlines become spaces and pipes are escaped, even in
 * code spans. Figures exist only
 * in HTML and are left out. */
#include "page_impl.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c & 0x80); }

/* True when the '[' at t would open a link: a ']' follows, itself followed by '(' or '['. */
static bool opens_link(const char *t) {
  const char *close = strchr(t, ']');
  return close && (close[1] == '(' || close[1] == '[');
}

/* Escapes what Markdown would read as markup, and only that, so the source stays readable:
 * always \ ` * ; `_` at a word boundary (GFM reads intraword underscores literally); `[` that
 * would open a link; `<` that would open a tag; `#` and `>` at the start of a line; `|` in a
 * table cell, where a newline becomes a space. */
static void esc(PageStr *s, const char *t, bool cell) {
  const char *start = t;
  for (; *t; t++) {
    char c = *t;
    if (c == '\n') { page_str_add(s, cell ? " " : "\n"); continue; }
    bool bol = t == start || t[-1] == '\n';
    bool mark = c == '\\' || c == '`' || c == '*' || (c == '|' && cell) ||
                (c == '_' && !(t > start && alnum(t[-1]) && alnum(t[1]))) ||
                (c == '[' && opens_link(t)) ||
                (c == '<' && (alnum(t[1]) || t[1] == '/' || t[1] == '!' || t[1] == '?')) ||
                ((c == '#' || c == '>') && bol);
    if (mark) page_str_add(s, "\\");
    page_str_addn(s, &c, 1);
  }
}

static void code(PageStr *s, const char *t, bool cell) {
  int run = 0, longest = 0;
  for (const char *q = t; *q; q++) { run = *q == '`' ? run + 1 : 0; if (run > longest) longest = run; }
  const char *pad = longest || *t == '`' ? " " : "";
  page_str_printf(s, "%.*s%s", longest + 1, "``````````", pad);
  for (; *t; t++) {
    if (*t == '\n') { page_str_add(s, " "); continue; }
    if (*t == '|' && cell) page_str_add(s, "\\");
    page_str_addn(s, t, 1);
  }
  page_str_printf(s, "%s%.*s", pad, longest + 1, "``````````");
}

static void runs(const Page *p, int from, int to, PageStr *s, bool cell) {
  for (int i = from; i < to; i++) {
    const PageNode *n = &p->v[i];
    switch (n->k) {
    case PN_TEXT: esc(s, n->a, cell); break;
    case PN_STRONG: page_str_add(s, "**"); esc(s, n->a, cell); page_str_add(s, "**"); break;
    case PN_CODE: code(s, n->a, cell); break;
    case PN_LINK:
      page_str_add(s, "[");
      if (n->flag) code(s, n->b, cell); else esc(s, n->b, cell);
      page_str_printf(s, "](#%s)", n->a);
      break;
    case PN_BADGE: page_str_add(s, "**⚠ "); esc(s, n->a, cell); page_str_add(s, "**"); break;
    case PN_ANCHOR: page_str_printf(s, "<a id=\"%s\"></a>", n->a); break;
    default: break;
    }
  }
}

static void cell_runs(const Page *p, int from, int to, PageStr *s) { runs(p, from, to, s, true); }

/* ---- tables ---- */
static void pad(PageStr *s, size_t n) { while (n--) page_str_add(s, " "); }

static void md_row(PageStr *o, const PageGrid *g, const size_t *w, int r) {
  for (int c = 0; c < g->ncols; c++) {
    const char *t = page_grid_cell(g, r, c);
    size_t n = w[c] - page_utf8_width(t);
    page_str_add(o, "| ");
    if (g->right[c]) pad(o, n);
    page_str_add(o, t);
    if (!g->right[c]) pad(o, n);
    page_str_add(o, " ");
  }
  page_str_add(o, "|\n");
}

static bool md_table(const Page *p, int i, PageStr *o) {
  PageGrid g;
  if (!page_grid(p, i, cell_runs, &g)) return false;
  size_t *w = page_grid_widths(&g);
  if (!w) { page_grid_free(&g); return false; }
  for (int c = 0; c < g.ncols; c++) w[c] = w[c] < 3 ? 3 : w[c];
  md_row(o, &g, w, 0);
  for (int c = 0; c < g.ncols; c++) {
    page_str_add(o, "| ");
    for (size_t k = 0; k + 1 < w[c]; k++) page_str_add(o, "-");
    page_str_add(o, g.right[c] ? ": " : "- ");
  }
  page_str_add(o, "|\n");
  for (int r = 1; r < g.nrows; r++) md_row(o, &g, w, r);
  free(w);
  page_grid_free(&g);
  return true;
}

/* ---- lists and properties ---- */
static void items(const Page *p, int i, int end, int depth, PageStr *o) {
  for (int k = i + 1; k < end; k++) {
    const PageNode *n = &p->v[k];
    if (n->k != PN_ITEM_BEGIN && n->k != PN_PROP_BEGIN) continue;
    int close = page_close_of(p, k), stop = close;
    for (int j = k + 1; j < close; j++) if (p->v[j].k == PN_LIST_BEGIN) { stop = j; break; }
    pad(o, 2 * (size_t)depth);
    page_str_add(o, "- ");
    if (n->k == PN_PROP_BEGIN) { page_str_add(o, "**"); esc(o, n->a, false); page_str_add(o, "** : "); }
    runs(p, k + 1, stop, o, false);
    page_str_add(o, "\n");
    if (stop < close) items(p, stop, page_close_of(p, stop), depth + 1, o);
    k = close;
  }
}

/* One block (the node at i and what it holds) into o; false when out of memory. */
static bool block(const Page *p, int i, int end, PageStr *o) {
  const PageNode *n = &p->v[i];
  switch (n->k) {
  case PN_HEADING:
    page_str_printf(o, "%.*s ", n->level, "######");
    if (n->a) page_str_printf(o, "<a id=\"%s\"></a>", n->a);
    esc(o, n->b, false);
    page_str_add(o, "\n");
    return true;
  case PN_PARA_BEGIN: runs(p, i + 1, end, o, false); page_str_add(o, "\n"); return true;
  case PN_CODE_BLOCK: page_str_add(o, "```pvs\n"); page_str_add(o, n->a); page_str_add(o, "\n```\n"); return true;
  case PN_TABLE_BEGIN: return md_table(p, i, o);
  default: items(p, i, end, 0, o); return true;
  }
}

int page_md_render(FILE *f, const Page *p) {
  bool first = true;
  for (int i = 0; i < p->n; i++) {
    PageKind k = p->v[i].k;
    if (k != PN_HEADING && k != PN_PARA_BEGIN && k != PN_CODE_BLOCK && k != PN_TABLE_BEGIN &&
        k != PN_LIST_BEGIN && k != PN_PROPS_BEGIN)
      continue;   /* sections and the table of contents are transparent; figures are HTML */
    int end = page_close_of(p, i);
    PageStr o = {0};
    bool ok = block(p, i, end, &o);
    char *t = page_str_take(&o);
    if (!ok || !t) { free(t); return ENOMEM; }
    if (*t) {
      if (!first) putc('\n', f);
      fputs(t, f);
      first = false;
    }
    free(t);
    i = end;
  }
  return page_stream_status(f);
}
