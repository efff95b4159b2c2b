/* page_html.c — a page (page.h) as one self-contained HTML page: inline CSS, no script, no
 * font, image or anything else fetched from the network; `pvs doc --format html` and
 * `pvs eval --format html`. One stylesheet for both: a readable measure, system fonts,
 * styled tables (numbers right-aligned, tabular figures), code, property lists, warning
 * badges, figures (SVG drawn by pvs) and the report's sections; `@media print` gives a
 * clean A4 document (no table of contents, each top-level section on a new page, headings
 * kept with what follows, rows and figures never cut, links printed as text). The only
 * escaper of the project's HTML lives here. */
#include "page_impl.h"
#include <string.h>

static const char css[] =
  ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0b5cad;--code:#f6f8fa;"
  "--warn-bg:#fff4d6;--warn-fg:#7a4b00;--ok:#1a7f37;--bad:#b42318}\n"
  "*{box-sizing:border-box}\n"
  "body{margin:0;color:var(--fg);background:#fff;font:16px/1.6 system-ui,-apple-system,\"Segoe UI\","
  "Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
  "main{max-width:54rem;margin:0 auto;padding:2.5rem 1.5rem 4rem}\n"
  "main.report{max-width:62rem}\n"
  "main.report section.detail table{width:auto;min-width:60%}\n"
  "h1{font-size:2rem;line-height:1.25;margin:0 0 1rem;padding-bottom:.5rem;border-bottom:3px solid var(--accent)}\n"
  "h2{font-size:1.55rem;line-height:1.3;margin:3rem 0 1rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}\n"
  "h3{font-size:1.25rem;margin:2.4rem 0 .3rem}\n"
  "h4{font-size:1.08rem;margin:2rem 0 .3rem}\n"
  "p{margin:.5rem 0}\n"
  "p.meta{color:var(--muted);font-size:.9rem;margin-top:0}\n"
  "a{color:var(--accent);text-decoration:none}\n"
  "a:hover{text-decoration:underline}\n"
  "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,\"Liberation Mono\",monospace;font-size:.88em}\n"
  "code{background:var(--code);padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}\n"
  "pre{background:var(--code);border:1px solid var(--line);border-left:4px solid var(--accent);"
  "border-radius:4px;padding:.75rem 1rem;overflow-x:auto;white-space:pre-wrap}\n"
  "pre code{background:none;padding:0;font-size:1em}\n"
  "dl.props{display:grid;grid-template-columns:minmax(9rem,13rem) 1fr;gap:.3rem 1.2rem;margin:.8rem 0}\n"
  "dl.props dt{font-weight:600;color:var(--muted)}\n"
  "dl.props dd{margin:0}\n"
  "table{border-collapse:collapse;width:100%;margin:.8rem 0 1.4rem;font-size:.92rem}\n"
  "th,td{border:1px solid var(--line);padding:.35rem .6rem;min-width:5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\n"
  "thead th{background:var(--code)}\n"
  "main.report thead th::first-letter{text-transform:uppercase}\n"
  "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}\n"
  "tbody tr:nth-child(even){background:#fafbfc}\n"
  "th.n{white-space:normal;overflow-wrap:anywhere}\n"
  ".sens td,.sens th{overflow-wrap:break-word}.sens td.n{white-space:normal}\n"
  ".badge{display:inline-block;background:var(--warn-bg);color:var(--warn-fg);border:1px solid #e3b341;"
  "border-radius:999px;padding:0 .6em;font-size:.85em;font-weight:600;white-space:nowrap}\n"
  "nav.toc{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:.3rem 1.5rem .6rem;margin:1.5rem 0}\n"
  "nav.toc h2{border:0;margin:.6rem 0 .2rem;font-size:1.1rem}\n"
  "ul{padding-left:1.4rem}\n"
  "li{margin:.15rem 0}\n"
  "figure{margin:1rem 0 1.6rem}\n"
  "figure svg{display:block;max-width:100%;height:auto}\n"
  "figcaption{color:var(--muted);font-size:.9rem;margin:0 0 .4rem;font-weight:600}\n"
  ".legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.85rem;margin-top:.5rem}\n"
  ".legend i{display:inline-block;width:1.1rem;height:.8rem;border:1px solid #8c959f;margin-right:.35rem;vertical-align:-.05rem}\n"
  "section.cover td code{white-space:nowrap}\n"
  "section.cover{padding-top:2rem}\n"
  "section.cover h1{font-size:2.3rem}\n"
  "section.cover p.lead{font-size:1.2rem;color:var(--muted)}\n"
  ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem;margin:1rem 0}\n"
  ".side{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2rem;align-items:start}\n"
  "@media (max-width:48rem){.side{grid-template-columns:1fr}}\n"
  "svg.chart{display:block;width:100%;max-width:720px;height:auto}\n"
  "svg.chart text{fill:var(--fg)}svg.chart text.v{fill:var(--muted);font-variant-numeric:tabular-nums}\n"
  "svg.map{display:block;width:100%;height:auto}\n"
  ".card{border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:6px;padding:.7rem .9rem;background:#fff}\n"
  ".card-label{color:var(--muted);font-size:.85rem;font-weight:600}\n"
  ".card-value{font-size:1.7rem;font-weight:700;line-height:1.2;margin-top:.2rem;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
  ".card-note{color:var(--muted);font-size:.8rem}\n"
  ".side2{display:grid;grid-template-columns:1fr;gap:.4rem}\n"
  "ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:1.3rem}\n"
  "ul.tree{padding-left:0;margin:1rem 0}\n"
  "ul.tree li{position:relative;margin:.2rem 0;padding-left:.9rem}\n"
  "ul.tree ul li::before{content:\"\";position:absolute;left:-.6rem;top:-.25rem;height:1.05rem;width:1.1rem;"
  "border-left:2px solid var(--line);border-bottom:2px solid var(--line)}\n"
  "ul.tree ul li:not(:last-child)::after{content:\"\";position:absolute;left:-.6rem;top:.8rem;bottom:-.45rem;border-left:2px solid var(--line)}\n"
  "ul.tree span.family{display:inline-block;font-weight:700;background:#e8f0fa;border:1px solid #b6cbe6;border-radius:4px;padding:.05rem .5rem}\n"
  "ul.tree li.leaf{display:flex;gap:1rem;justify-content:space-between;max-width:40rem;border-bottom:1px dotted var(--line)}\n"
  "ul.tree li.leaf .value{font-variant-numeric:tabular-nums;white-space:nowrap;font-weight:600}\n"
  "ul.tree li.money .value::after{content:\" €\";display:none}\n"
  "ul.tree li.money .name::before{content:\"€\";display:inline-block;font-size:.72rem;font-weight:700;color:#fff;background:#1a7f37;"
  "border-radius:3px;padding:0 .3rem;margin-right:.4rem;vertical-align:.1rem}\n"
  "@media print{\n"
  "  @page{size:A4;margin:16mm 14mm}\n"
  "  body{font-size:10pt;line-height:1.4}\n"
  "  main,main.report{max-width:none;padding:0}\n"
  "  nav.toc{display:none}\n"
  "  h2{break-before:page}\n"
  "  section.cover+section h2,section.cover h2{break-before:auto}\n"
  "  section.cover{min-height:0;break-after:page}\n"
  "  h2,h3,h4,p:has(+ table),p:has(+ ul),p:has(+ pre){break-after:avoid}\n"
  "  pre,tr,dl.props,figure,.side,.cards,ul.tree>li{break-inside:avoid}\n"
  "  .card{border-top-width:3px;padding:.4rem .6rem}\n"
  "  .cards{grid-template-columns:repeat(4,1fr);gap:.5rem}\n"
  "  .card-value{font-size:1.3rem}\n"
  "  table{break-inside:auto}\n"
  "  a{color:inherit}\n"
  "  a[href^=\"http\"]::after{content:\" (\" attr(href) \")\"}\n"
  "  pre,code,thead th,tbody tr:nth-child(even){background:none}\n"
  "  .badge{color:#000;background:none;border-color:#000}\n"
  "}\n";

static const char *entity(char c) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  default: return NULL;
  }
}

static void esc(FILE *f, const char *s) {
  for (; *s; s++) {
    const char *e = entity(*s);
    if (e) fputs(e, f); else fputc(*s, f);
  }
}

void page_escape_html(PageStr *s, const char *t) {
  for (const char *run = t;; t++) {
    const char *e = *t ? entity(*t) : NULL;
    if (!*t || e) {
      page_str_addn(s, run, (size_t)(t - run));
      if (!*t) return;
      page_str_add(s, e);
      run = t + 1;
    }
  }
}

static void runs(FILE *f, const Page *p, int from, int to) {
  for (int i = from; i < to; i++) {
    const PageNode *n = &p->v[i];
    switch (n->k) {
    case PN_TEXT: esc(f, n->a); break;
    case PN_STRONG: fputs("<strong>", f); esc(f, n->a); fputs("</strong>", f); break;
    case PN_CODE: fputs("<code>", f); esc(f, n->a); fputs("</code>", f); break;
    case PN_LINK:
      fputs("<a href=\"#", f); esc(f, n->a); fputs("\">", f);
      if (n->flag) { fputs("<code>", f); esc(f, n->b); fputs("</code>", f); } else esc(f, n->b);
      fputs("</a>", f);
      break;
    case PN_BADGE: fputs("<span class=\"badge\">⚠ ", f); esc(f, n->a); fputs("</span>", f); break;
    case PN_ANCHOR: fputs("<span id=\"", f); esc(f, n->a); fputs("\"></span>", f); break;
    default: break;
    }
  }
}

/* Inline runs from i+1 up to the next node that is not inline; returns that node's index. */
static int inline_until_block(FILE *f, const Page *p, int i, int end) {
  int k = i + 1;
  while (k < end && p->v[k].k >= PN_TEXT && p->v[k].k <= PN_ANCHOR) k++;
  runs(f, p, i + 1, k);
  return k;
}

static void table(FILE *f, const Page *p, int i, int end) {
  const PageNode *t = &p->v[i];
  fputs("<table>\n", f);
  int col = 0;
  bool head = false;
  for (int k = i + 1; k < end; k++) {
    const PageNode *n = &p->v[k];
    if (n->k == PN_ROW_BEGIN) {
      head = n->flag;
      col = 0;
      fputs(head ? "<thead><tr>" : "<tr>", f);
    } else if (n->k == PN_ROW_END) {
      fputs(head ? "</tr></thead>\n<tbody>\n" : "</tr>\n", f);
    } else if (n->k == PN_CELL_BEGIN) {
      bool right = col < t->ncols && t->right[col];
      fputs(head ? (right ? "<th class=\"n\">" : "<th>") : (right ? "<td class=\"n\">" : "<td>"), f);
      int ce = page_close_of(p, k);
      runs(f, p, k + 1, ce);
      fputs(head ? "</th>" : "</td>", f);
      col++;
      k = ce;
    }
  }
  fputs("</tbody>\n</table>\n", f);
}

static const char *title_of(const Page *p) {
  if (p->title) return p->title;
  for (int i = 0; i < p->n; i++) if (p->v[i].k == PN_HEADING) return p->v[i].b;
  return "pvs";
}

int page_html_render(FILE *f, const Page *p) {
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
          p->french ? "fr" : "en");
  if (p->generator) { fputs("<meta name=\"generator\" content=\"", f); esc(f, p->generator); fputs("\">\n", f); }
  fputs("<title>", f);
  esc(f, title_of(p));
  fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main%s>\n", css,
          p->generator && !strcmp(p->generator, "pvs eval") ? " class=\"report\"" : "");
  int props = 0;
  for (int i = 0; i < p->n; i++) {
    const PageNode *n = &p->v[i];
    switch (n->k) {
    case PN_HEADING:
      fprintf(f, "<h%d", n->level);
      if (n->a) { fputs(" id=\"", f); esc(f, n->a); fputs("\"", f); }
      fputs(">", f);
      esc(f, n->b);
      fprintf(f, "</h%d>\n", n->level);
      break;
    case PN_PARA_BEGIN: fputs(n->flag ? "<p class=\"meta\">" : "<p>", f); break;
    case PN_PARA_END: fputs("</p>\n", f); break;
    case PN_CODE_BLOCK: fputs("<pre><code>", f); esc(f, n->a); fputs("</code></pre>\n", f); break;
    case PN_LIST_BEGIN: fputs("<ul>\n", f); break;
    case PN_LIST_END: fputs("</ul>\n", f); break;
    case PN_ITEM_BEGIN: fputs("<li>", f); break;
    case PN_ITEM_END: fputs("</li>\n", f); break;
    case PN_PROPS_BEGIN: props = 0; break;
    case PN_PROPS_END: if (props) fputs("</dl>\n", f); break;
    case PN_PROP_BEGIN:
      if (!props++) fputs("<dl class=\"props\">\n", f);
      fputs("<dt>", f); esc(f, n->a); fputs("</dt><dd>", f);
      break;
    case PN_PROP_END: fputs("</dd>\n", f); break;
    case PN_TABLE_BEGIN: {
      int end = page_close_of(p, i);
      table(f, p, i, end);
      i = end;
      break;
    }
    case PN_NAV_BEGIN: fputs("<nav class=\"toc\">\n", f); break;
    case PN_NAV_END: fputs("</nav>\n", f); break;
    case PN_FIGURE:   /* the caption first: it says what the drawing shows */
      fputs("<figure>\n", f);
      if (*n->b) { fputs("<figcaption>", f); esc(f, n->b); fputs("</figcaption>\n", f); }
      fputs(n->a, f);   /* SVG drawn by pvs, every text in it escaped by its writer */
      fputs("\n</figure>\n", f);
      break;
    case PN_HTML: fputs(n->a, f); fputc('\n', f); break;
    case PN_SECTION_BEGIN: fputs("<section class=\"", f); esc(f, n->a); fputs("\">\n", f); break;
    case PN_SECTION_END: fputs("</section>\n", f); break;
    default: i = inline_until_block(f, p, i - 1, p->n) - 1; break;   /* inline runs */
    }
  }
  fputs("</main>\n</body>\n</html>\n", f);
  return page_stream_status(f);
}
