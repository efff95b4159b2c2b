/* page.h — the one document model behind what pvs writes for people: the report of
 * `pvs eval` (out_doc.c) and the référentiel of `pvs doc` (doc.c, doc_decl.c).
 *
 * Content is recorded once, as a flat sequence of structural pieces — headings, paragraphs
 * of inline runs (text, strong, code, links, warning badges, anchors), code blocks, lists,
 * label/value properties, tables (numbers right-aligned), a table of contents, and, for the
 * HTML report only, figures (an SVG drawn by pvs) and sections — and rendered by one of three
 * renderers: plain text with aligned columns (page_text.c), Markdown (page_md.c) and one
 * self-contained HTML page (page_html.c). Each renderer escapes every piece of text itself,
 * so content never contains Markdown or HTML syntax, and every format says the same thing.
 *
 * Every string passed in is copied. Allocation failures are sticky: the page remembers it,
 * later calls do nothing, and page_render returns ENOMEM. */
#ifndef PVS_PAGE_H
#define PVS_PAGE_H
#include <stdbool.h>
#include <stdio.h>

typedef enum PageKind {
  PN_HEADING,                  /* level 1…4, anchor (may be NULL), text */
  PN_PARA_BEGIN, PN_PARA_END,  /* flag: muted (small print) */
  PN_TEXT, PN_STRONG, PN_CODE, /* inline runs */
  PN_LINK,                     /* a: anchor, b: text; flag: shown as code */
  PN_BADGE,                    /* a visible warning */
  PN_ANCHOR,                   /* a link target inside a line */
  PN_CODE_BLOCK,
  PN_LIST_BEGIN, PN_LIST_END, PN_ITEM_BEGIN, PN_ITEM_END,
  PN_PROPS_BEGIN, PN_PROPS_END, PN_PROP_BEGIN, PN_PROP_END,   /* prop: a is the label */
  PN_TABLE_BEGIN, PN_TABLE_END, PN_ROW_BEGIN, PN_ROW_END, PN_CELL_BEGIN, PN_CELL_END,
  PN_NAV_BEGIN, PN_NAV_END,    /* the table of contents (left out when printed) */
  PN_FIGURE,                   /* a: SVG markup, b: its text alternative; HTML only */
  PN_SECTION_BEGIN, PN_SECTION_END,   /* a: a class name (HTML); others ignore it */
  PN_HTML,                     /* a: markup built with page_escape_html (cards, the arbre); HTML only */
} PageKind;

typedef struct PageNode {
  PageKind k;
  int level, ncols;   /* heading level; columns of a table */
  bool flag;          /* muted paragraph, code link, header row */
  char *a, *b;        /* owned */
  bool *right;        /* a table's right-aligned columns (ncols), owned */
} PageNode;

typedef struct Page {
  PageNode *v;
  int n, cap;
  bool oom;
  bool french;        /* the document's language (html lang) */
  char *title;        /* the HTML <title>; the first heading when NULL */
  const char *generator;   /* "pvs eval", "pvs doc" */
} Page;

typedef enum PageFormat { PAGE_TEXT, PAGE_MD, PAGE_HTML } PageFormat;

void page_init(Page *p, bool french, const char *generator);
void page_free(Page *p);
void page_set_title(Page *p, const char *title);

void page_heading(Page *p, int level, const char *anchor, const char *text);
void page_para_begin(Page *p, bool muted);
void page_para_end(Page *p);
void page_para(Page *p, const char *text);   /* a whole paragraph of plain text */
void page_text(Page *p, const char *s);
void page_strong(Page *p, const char *s);
void page_code(Page *p, const char *s);
void page_link(Page *p, const char *anchor, const char *text, bool code);
void page_badge(Page *p, const char *s);
void page_anchor(Page *p, const char *id);
void page_code_block(Page *p, const char *s);
void page_list_begin(Page *p);
void page_list_end(Page *p);
void page_item_begin(Page *p);
void page_item_end(Page *p);
void page_props_begin(Page *p);
void page_props_end(Page *p);
void page_prop_begin(Page *p, const char *label);
void page_prop_end(Page *p);
/* A table of ncols columns; heads[i] the header cells; right (may be NULL) the columns
 * aligned right (numbers). Then rows of ncols cells each. */
void page_table_begin(Page *p, int ncols, const char *const *heads, const bool *right);
void page_table_end(Page *p);
void page_row_begin(Page *p);
void page_row_end(Page *p);
void page_cell_begin(Page *p);
void page_cell_end(Page *p);
void page_cell(Page *p, const char *text);   /* a cell of plain text (NULL: empty) */
void page_nav_begin(Page *p);
void page_nav_end(Page *p);
void page_figure(Page *p, const char *svg, const char *alt);
/* Markup for the HTML page only (its writer escapes every text with page_escape_html). */
void page_html(Page *p, const char *markup);
void page_section_begin(Page *p, const char *cls);
void page_section_end(Page *p);

/* Writes the page in fmt. Returns 0, ENOMEM, or the stream's errno value. */
int page_render(FILE *f, const Page *p, PageFormat fmt);

/* ---- for the renderers ---- */
/* The index of the node closing the one opened at i (its matching *_END), or p->n. */
int page_close_of(const Page *p, int i);
/* Width of a UTF-8 string in characters. */
size_t page_utf8_width(const char *s);
int page_text_render(FILE *f, const Page *p);
int page_md_render(FILE *f, const Page *p);
int page_html_render(FILE *f, const Page *p);
#endif
