/* doc_md.c — the Markdown renderer of `pvs doc` (GitHub-flavoured): headings carry an
 * `<a id>` anchor, properties are a list of **label** : value lines, tables are pipe
 * tables. Every piece of text is escaped here: Markdown punctuation gets a backslash, and
 * inside a table cell newlines become spaces and pipes are escaped, even in code spans. */
#include "doc_impl.h"
#include "intl.h"
#include <string.h>

static void put(DocW *w, const char *s) {
  size_t n = strlen(s);
  if (!n) return;
  fwrite(s, 1, n, w->f);
  w->bol = s[n - 1] == '\n';
}

static void newline(DocW *w) { if (!w->bol) put(w, "\n"); }

static void esc(DocW *w, const char *s) {
  for (; *s; s++) {
    char c = *s;
    if (c == '\n') { put(w, w->in_cell ? " " : "\n"); continue; }
    if (strchr("\\`*_[]<>|#", c)) fputc('\\', w->f);
    fputc(c, w->f);
    w->bol = false;
  }
}

static void md_begin(DocW *w, const char *title) { (void)w; (void)title; }
static void md_end(DocW *w) { (void)w; }
static void md_nav(DocW *w) { (void)w; }

static void md_heading(DocW *w, int level, const char *anchor, const char *text) {
  newline(w);
  fprintf(w->f, "%.*s ", level, "######");
  if (anchor) fprintf(w->f, "<a id=\"%s\"></a>", anchor);
  esc(w, text);
  put(w, "\n\n");
}

static void md_para_begin(DocW *w, bool muted) { (void)muted; newline(w); }
static void md_para_end(DocW *w) { put(w, "\n\n"); }
static void md_text(DocW *w, const char *s) { esc(w, s); }
static void md_strong(DocW *w, const char *s) { put(w, "**"); esc(w, s); put(w, "**"); }

static void md_code(DocW *w, const char *s) {
  int run = 0, longest = 0;
  for (const char *p = s; *p; p++) { run = *p == '`' ? run + 1 : 0; if (run > longest) longest = run; }
  const char *pad = longest || *s == '`' ? " " : "";
  fprintf(w->f, "%.*s%s", longest + 1, "``````````", pad);
  for (; *s; s++) {
    if (*s == '\n') { fputc(' ', w->f); continue; }
    if (*s == '|' && w->in_cell) fputc('\\', w->f);
    fputc(*s, w->f);
  }
  fprintf(w->f, "%s%.*s", pad, longest + 1, "``````````");
  w->bol = false;
}

static void md_link(DocW *w, const char *anchor, const char *text, bool code) {
  put(w, "[");
  if (code) md_code(w, text); else esc(w, text);
  fprintf(w->f, "](#%s)", anchor);
}

static void md_badge(DocW *w, const char *s) { put(w, "**⚠ "); esc(w, s); put(w, "**"); }
static void md_anchor(DocW *w, const char *id) { fprintf(w->f, "<a id=\"%s\"></a>", id); w->bol = false; }

static void md_code_block(DocW *w, const char *s) {
  newline(w);
  put(w, "```pvs\n");
  put(w, s);
  put(w, "\n```\n\n");
}

static void md_list_begin(DocW *w) { if (w->depth) put(w, "\n"); else newline(w); w->depth++; }
static void md_list_end(DocW *w) { newline(w); if (--w->depth == 0) put(w, "\n"); }
static void md_item_begin(DocW *w) { newline(w); fprintf(w->f, "%*s- ", 2 * (w->depth - 1), ""); w->bol = false; }
static void md_item_end(DocW *w) { newline(w); }

static void md_props_begin(DocW *w) { newline(w); w->nprops = 0; }
static void md_props_end(DocW *w) { if (w->nprops) put(w, "\n"); }
static void md_prop_begin(DocW *w, const char *label) { put(w, "- **"); esc(w, label); put(w, "** : "); w->nprops++; }
static void md_prop_end(DocW *w) { put(w, "\n"); }

static void md_table_begin(DocW *w, int ncols, const char *const *heads) {
  newline(w);
  w->ncols = ncols;
  w->in_cell = true;
  for (int i = 0; i < ncols; i++) { put(w, "| "); esc(w, heads[i]); put(w, " "); }
  put(w, "|\n");
  for (int i = 0; i < ncols; i++) put(w, "|---");
  put(w, "|\n");
  w->in_cell = false;
}
static void md_table_end(DocW *w) { put(w, "\n"); }
static void md_row_begin(DocW *w) { put(w, "|"); }
static void md_row_end(DocW *w) { put(w, "\n"); }
static void md_cell_begin(DocW *w) { put(w, " "); w->in_cell = true; }
static void md_cell_end(DocW *w) { put(w, " |"); w->in_cell = false; }

const DocOps doc_md_ops = {
  .begin = md_begin, .end = md_end, .nav_begin = md_nav, .nav_end = md_nav,
  .heading = md_heading, .para_begin = md_para_begin, .para_end = md_para_end, .text = md_text,
  .strong = md_strong, .code = md_code, .link = md_link, .badge = md_badge, .anchor = md_anchor,
  .code_block = md_code_block, .list_begin = md_list_begin, .list_end = md_list_end,
  .item_begin = md_item_begin, .item_end = md_item_end, .props_begin = md_props_begin,
  .props_end = md_props_end, .prop_begin = md_prop_begin, .prop_end = md_prop_end,
  .table_begin = md_table_begin, .table_end = md_table_end, .row_begin = md_row_begin,
  .row_end = md_row_end, .cell_begin = md_cell_begin, .cell_end = md_cell_end,
};
