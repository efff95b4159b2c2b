/* doc_html.c — the HTML renderer of `pvs doc`: one self-contained page (inline CSS, no
 * script, no font, image or anything else fetched from the network) that reads well on a
 * screen (a readable measure, system fonts, styled tables and code) and prints well
 * (`@media print`: no table of contents, each top-level section on a new page, headings
 * kept with what follows, links printed as text). Every piece of text is escaped here. */
#include "doc_impl.h"
#include "intl.h"

static const char css[] =
  ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0b5cad;--code:#f6f8fa;"
  "--warn-bg:#fff4d6;--warn-fg:#7a4b00}\n"
  "*{box-sizing:border-box}\n"
  "body{margin:0;color:var(--fg);background:#fff;font:16px/1.6 system-ui,-apple-system,\"Segoe UI\","
  "Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
  "main{max-width:54rem;margin:0 auto;padding:2.5rem 1.5rem 4rem}\n"
  "h1{font-size:2rem;line-height:1.25;margin:0 0 1rem;padding-bottom:.5rem;border-bottom:3px solid var(--accent)}\n"
  "h2{font-size:1.55rem;line-height:1.3;margin:3rem 0 1rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}\n"
  "h3{font-size:1.25rem;margin:2.4rem 0 .3rem}\n"
  "h4{font-size:1.08rem;margin:2rem 0 .3rem}\n"
  "p{margin:.5rem 0}\n"
  "p.meta{color:var(--muted);font-size:.9rem;margin-top:0}\n"
  "a{color:var(--accent);text-decoration:none}\n"
  "a:hover{text-decoration:underline}\n"
  "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,\"Liberation Mono\",monospace;font-size:.88em}\n"
  "code{background:var(--code);padding:.1em .3em;border-radius:4px}\n"
  "pre{background:var(--code);border:1px solid var(--line);border-left:4px solid var(--accent);"
  "border-radius:4px;padding:.75rem 1rem;overflow-x:auto;white-space:pre-wrap}\n"
  "pre code{background:none;padding:0;font-size:1em}\n"
  "dl.props{display:grid;grid-template-columns:minmax(9rem,13rem) 1fr;gap:.3rem 1.2rem;margin:.8rem 0}\n"
  "dl.props dt{font-weight:600;color:var(--muted)}\n"
  "dl.props dd{margin:0}\n"
  "table{border-collapse:collapse;width:100%;margin:.8rem 0 1.4rem;font-size:.92rem}\n"
  "th,td{border:1px solid var(--line);padding:.35rem .6rem;min-width:5rem;text-align:left;vertical-align:top}\n"
  "thead th{background:var(--code)}\n"
  "tbody tr:nth-child(even){background:#fafbfc}\n"
  ".badge{display:inline-block;background:var(--warn-bg);color:var(--warn-fg);border:1px solid #e3b341;"
  "border-radius:999px;padding:0 .6em;font-size:.85em;font-weight:600;white-space:nowrap}\n"
  "nav.toc{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:.3rem 1.5rem .6rem;margin:1.5rem 0}\n"
  "nav.toc h2{border:0;margin:.6rem 0 .2rem;font-size:1.1rem}\n"
  "ul{padding-left:1.4rem}\n"
  "li{margin:.15rem 0}\n"
  "@media print{\n"
  "  @page{margin:18mm 16mm}\n"
  "  body{font-size:10.5pt;line-height:1.45}\n"
  "  main{max-width:none;padding:0}\n"
  "  nav.toc{display:none}\n"
  "  h2{break-before:page}\n"
  "  h2,h3,h4,p:has(+ table),p:has(+ ul),p:has(+ pre){break-after:avoid}\n"
  "  pre,tr,dl.props{break-inside:avoid}\n"
  "  a{color:inherit}\n"
  "  a[href^=\"http\"]::after{content:\" (\" attr(href) \")\"}\n"
  "  pre,code,thead th,tbody tr:nth-child(even){background:none}\n"
  "  .badge{color:#000;background:none;border-color:#000}\n"
  "}\n";

static void esc(DocW *w, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", w->f); break;
    case '<': fputs("&lt;", w->f); break;
    case '>': fputs("&gt;", w->f); break;
    case '"': fputs("&quot;", w->f); break;
    default: fputc(*s, w->f);
    }
  }
}

static void tag(DocW *w, const char *s) { fputs(s, w->f); }

static void h_begin(DocW *w, const char *title) {
  tag(w, intl_french() ? "<!DOCTYPE html>\n<html lang=\"fr\">\n" : "<!DOCTYPE html>\n<html lang=\"en\">\n");
  tag(w, "<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"pvs doc\">\n<title>");
  esc(w, title);
  fprintf(w->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
}
static void h_end(DocW *w) { tag(w, "</main>\n</body>\n</html>\n"); }
static void h_nav_begin(DocW *w) { tag(w, "<nav class=\"toc\">\n"); }
static void h_nav_end(DocW *w) { tag(w, "</nav>\n"); }

static void h_heading(DocW *w, int level, const char *anchor, const char *text) {
  fprintf(w->f, "<h%d", level);
  if (anchor) { tag(w, " id=\""); esc(w, anchor); tag(w, "\""); }
  tag(w, ">");
  esc(w, text);
  fprintf(w->f, "</h%d>\n", level);
}

static void h_para_begin(DocW *w, bool muted) { tag(w, muted ? "<p class=\"meta\">" : "<p>"); }
static void h_para_end(DocW *w) { tag(w, "</p>\n"); }
static void h_text(DocW *w, const char *s) { esc(w, s); }
static void h_strong(DocW *w, const char *s) { tag(w, "<strong>"); esc(w, s); tag(w, "</strong>"); }
static void h_code(DocW *w, const char *s) { tag(w, "<code>"); esc(w, s); tag(w, "</code>"); }

static void h_link(DocW *w, const char *anchor, const char *text, bool code) {
  tag(w, "<a href=\"#");
  esc(w, anchor);
  tag(w, "\">");
  if (code) h_code(w, text); else esc(w, text);
  tag(w, "</a>");
}

static void h_badge(DocW *w, const char *s) { tag(w, "<span class=\"badge\">⚠ "); esc(w, s); tag(w, "</span>"); }
static void h_anchor(DocW *w, const char *id) { tag(w, "<span id=\""); esc(w, id); tag(w, "\"></span>"); }
static void h_code_block(DocW *w, const char *s) { tag(w, "<pre><code>"); esc(w, s); tag(w, "</code></pre>\n"); }
static void h_list_begin(DocW *w) { tag(w, "<ul>\n"); }
static void h_list_end(DocW *w) { tag(w, "</ul>\n"); }
static void h_item_begin(DocW *w) { tag(w, "<li>"); }
static void h_item_end(DocW *w) { tag(w, "</li>\n"); }
static void h_props_begin(DocW *w) { w->nprops = 0; }
static void h_props_end(DocW *w) { if (w->nprops) tag(w, "</dl>\n"); }

static void h_prop_begin(DocW *w, const char *label) {
  if (!w->nprops++) tag(w, "<dl class=\"props\">\n");
  tag(w, "<dt>");
  esc(w, label);
  tag(w, "</dt><dd>");
}
static void h_prop_end(DocW *w) { tag(w, "</dd>\n"); }

static void h_table_begin(DocW *w, int ncols, const char *const *heads) {
  tag(w, "<table>\n<thead><tr>");
  for (int i = 0; i < ncols; i++) { tag(w, "<th>"); esc(w, heads[i]); tag(w, "</th>"); }
  tag(w, "</tr></thead>\n<tbody>\n");
}
static void h_table_end(DocW *w) { tag(w, "</tbody>\n</table>\n"); }
static void h_row_begin(DocW *w) { tag(w, "<tr>"); }
static void h_row_end(DocW *w) { tag(w, "</tr>\n"); }
static void h_cell_begin(DocW *w) { tag(w, "<td>"); }
static void h_cell_end(DocW *w) { tag(w, "</td>"); }

const DocOps doc_html_ops = {
  .begin = h_begin, .end = h_end, .nav_begin = h_nav_begin, .nav_end = h_nav_end,
  .heading = h_heading, .para_begin = h_para_begin, .para_end = h_para_end, .text = h_text,
  .strong = h_strong, .code = h_code, .link = h_link, .badge = h_badge, .anchor = h_anchor,
  .code_block = h_code_block, .list_begin = h_list_begin, .list_end = h_list_end,
  .item_begin = h_item_begin, .item_end = h_item_end, .props_begin = h_props_begin,
  .props_end = h_props_end, .prop_begin = h_prop_begin, .prop_end = h_prop_end,
  .table_begin = h_table_begin, .table_end = h_table_end, .row_begin = h_row_begin,
  .row_end = h_row_end, .cell_begin = h_cell_begin, .cell_end = h_cell_end,
};
