/* page.c — recording a document (see page.h): the builder calls, each appending one node
 * with its own copies of the strings, and the dispatch to the renderers. */
#include "page_impl.h"
#include "mem.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void page_init(Page *p, bool french, const char *generator) {
  *p = (Page){.french = french, .generator = generator};
}

void page_free(Page *p) {
  for (int i = 0; i < p->n; i++) {
    free(p->v[i].a);
    free(p->v[i].b);
    free(p->v[i].right);
  }
  free(p->v);
  free(p->title);
  *p = (Page){0};
}

static char *dup(Page *p, const char *s) {
  if (!s) return NULL;
  char *t = mem_strdup(s);
  if (!t) p->oom = true;
  return t;
}

static PageNode *push(Page *p, PageKind k, const char *a, const char *b) {
  if (p->oom) return NULL;
  if (p->n == p->cap) {
    int cap = p->cap ? 2 * p->cap : 64;
    PageNode *v = mem_realloc(p->v, (size_t)cap * sizeof *v);
    if (!v) { p->oom = true; return NULL; }
    p->v = v;
    p->cap = cap;
  }
  PageNode *n = &p->v[p->n++];
  *n = (PageNode){.k = k, .a = dup(p, a), .b = dup(p, b)};
  return p->oom ? NULL : n;
}

void page_set_title(Page *p, const char *title) {
  free(p->title);
  p->title = dup(p, title);
}

void page_heading(Page *p, int level, const char *anchor, const char *text) {
  PageNode *n = push(p, PN_HEADING, anchor, text ? text : "");
  if (n) n->level = level;
}

void page_para_begin(Page *p, bool muted) {
  PageNode *n = push(p, PN_PARA_BEGIN, NULL, NULL);
  if (n) n->flag = muted;
}
void page_para_end(Page *p) { push(p, PN_PARA_END, NULL, NULL); }

void page_para(Page *p, const char *text) {
  page_para_begin(p, false);
  page_text(p, text);
  page_para_end(p);
}

void page_text(Page *p, const char *s) { if (s && *s) push(p, PN_TEXT, s, NULL); }
void page_strong(Page *p, const char *s) { push(p, PN_STRONG, s ? s : "", NULL); }
void page_code(Page *p, const char *s) { push(p, PN_CODE, s ? s : "", NULL); }

void page_link(Page *p, const char *anchor, const char *text, bool code) {
  PageNode *n = push(p, PN_LINK, anchor, text ? text : "");
  if (n) n->flag = code;
}

void page_badge(Page *p, const char *s) { push(p, PN_BADGE, s ? s : "", NULL); }
void page_anchor(Page *p, const char *id) { push(p, PN_ANCHOR, id, NULL); }
void page_code_block(Page *p, const char *s) { push(p, PN_CODE_BLOCK, s ? s : "", NULL); }
void page_list_begin(Page *p) { push(p, PN_LIST_BEGIN, NULL, NULL); }
void page_list_end(Page *p) { push(p, PN_LIST_END, NULL, NULL); }
void page_item_begin(Page *p) { push(p, PN_ITEM_BEGIN, NULL, NULL); }
void page_item_end(Page *p) { push(p, PN_ITEM_END, NULL, NULL); }
void page_props_begin(Page *p) { push(p, PN_PROPS_BEGIN, NULL, NULL); }
void page_props_end(Page *p) { push(p, PN_PROPS_END, NULL, NULL); }
void page_prop_begin(Page *p, const char *label) { push(p, PN_PROP_BEGIN, label ? label : "", NULL); }
void page_prop_end(Page *p) { push(p, PN_PROP_END, NULL, NULL); }

void page_table_begin(Page *p, int ncols, const char *const *heads, const bool *right) {
  PageNode *n = push(p, PN_TABLE_BEGIN, NULL, NULL);
  if (!n) return;
  n->ncols = ncols;
  n->right = mem_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof *n->right);
  if (!n->right) { p->oom = true; return; }
  for (int i = 0; right && i < ncols; i++) n->right[i] = right[i];
  PageNode *h = push(p, PN_ROW_BEGIN, NULL, NULL);
  if (h) h->flag = true;   /* the header row */
  for (int i = 0; i < ncols; i++) page_cell(p, heads ? heads[i] : NULL);
  page_row_end(p);
}

void page_table_end(Page *p) { push(p, PN_TABLE_END, NULL, NULL); }
void page_row_begin(Page *p) { push(p, PN_ROW_BEGIN, NULL, NULL); }
void page_row_end(Page *p) { push(p, PN_ROW_END, NULL, NULL); }
void page_cell_begin(Page *p) { push(p, PN_CELL_BEGIN, NULL, NULL); }
void page_cell_end(Page *p) { push(p, PN_CELL_END, NULL, NULL); }

void page_cell(Page *p, const char *text) {
  page_cell_begin(p);
  page_text(p, text);
  page_cell_end(p);
}

void page_nav_begin(Page *p) { push(p, PN_NAV_BEGIN, NULL, NULL); }
void page_nav_end(Page *p) { push(p, PN_NAV_END, NULL, NULL); }
void page_figure(Page *p, const char *svg, const char *alt) { push(p, PN_FIGURE, svg, alt ? alt : ""); }
void page_html(Page *p, const char *markup) { push(p, PN_HTML, markup ? markup : "", NULL); }
void page_section_begin(Page *p, const char *cls) { push(p, PN_SECTION_BEGIN, cls ? cls : "", NULL); }
void page_section_end(Page *p) { push(p, PN_SECTION_END, NULL, NULL); }

/* ---- for the renderers ---- */
static PageKind closer(PageKind k) {
  switch (k) {
  case PN_PARA_BEGIN: return PN_PARA_END;
  case PN_LIST_BEGIN: return PN_LIST_END;
  case PN_ITEM_BEGIN: return PN_ITEM_END;
  case PN_PROPS_BEGIN: return PN_PROPS_END;
  case PN_PROP_BEGIN: return PN_PROP_END;
  case PN_TABLE_BEGIN: return PN_TABLE_END;
  case PN_ROW_BEGIN: return PN_ROW_END;
  case PN_CELL_BEGIN: return PN_CELL_END;
  case PN_NAV_BEGIN: return PN_NAV_END;
  case PN_SECTION_BEGIN: return PN_SECTION_END;
  default: return k;
  }
}

int page_close_of(const Page *p, int i) {
  PageKind open = p->v[i].k, close = closer(open);
  if (close == open) return i;
  int depth = 0;
  for (int j = i; j < p->n; j++) {
    if (p->v[j].k == open) depth++;
    else if (p->v[j].k == close && --depth == 0) return j;
  }
  return p->n;
}

size_t page_utf8_width(const char *s) {
  size_t w = 0;
  for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

int page_render(FILE *f, const Page *p, PageFormat fmt) {
  if (p->oom) return ENOMEM;
  errno = 0;
  switch (fmt) {
  case PAGE_MD: return page_md_render(f, p);
  case PAGE_HTML: return page_html_render(f, p);
  default: return page_text_render(f, p);
  }
}

/* ---- strings ---- */
static bool str_reserve(PageStr *s, size_t extra) {
  if (s->oom) return false;
  if (s->len + extra + 1 <= s->cap) return true;
  size_t cap = s->cap ? s->cap : 64;
  while (cap < s->len + extra + 1) cap *= 2;
  char *t = mem_realloc(s->s, cap);
  if (!t) { s->oom = true; return false; }
  s->s = t;
  s->s[s->len] = '\0';
  s->cap = cap;
  return true;
}

void page_str_addn(PageStr *s, const char *t, size_t n) {
  if (!str_reserve(s, n)) return;
  memcpy(s->s + s->len, t, n);
  s->len += n;
  s->s[s->len] = '\0';
}

void page_str_add(PageStr *s, const char *t) { page_str_addn(s, t, strlen(t)); }

void page_str_printf(PageStr *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !str_reserve(s, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(s->s + s->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  s->len += (size_t)n;
}

const char *page_str_get(const PageStr *s) { return s->s && !s->oom ? s->s : ""; }

char *page_str_take(PageStr *s) {
  if (str_reserve(s, 0)) s->s[s->len] = '\0';   /* an empty string gets its terminator too */
  char *t = s->oom ? NULL : s->s;
  if (s->oom) free(s->s);
  *s = (PageStr){0};
  return t;
}

void page_str_free(PageStr *s) {
  free(s->s);
  *s = (PageStr){0};
}

/* ---- tables as grids ---- */
bool page_grid(const Page *p, int i, PageInlineFn fn, PageGrid *g) {
  int end = page_close_of(p, i);
  *g = (PageGrid){.ncols = p->v[i].ncols, .right = p->v[i].right};
  int nrows = 0;
  for (int k = i + 1; k < end; k++) nrows += p->v[k].k == PN_ROW_BEGIN;
  g->cells = mem_calloc((size_t)(nrows * g->ncols + 1), sizeof *g->cells);
  if (!g->cells) return false;
  bool ok = true;
  for (int k = i + 1; k < end; k++) {
    if (p->v[k].k != PN_ROW_BEGIN) continue;
    int rend = page_close_of(p, k), c = 0;
    for (int j = k + 1; j < rend; j++) {
      if (p->v[j].k != PN_CELL_BEGIN) continue;
      int cend = page_close_of(p, j);
      if (c < g->ncols) {
        PageStr s = {0};
        fn(p, j + 1, cend, &s);
        char *t = page_str_take(&s);
        ok &= t != NULL;
        g->cells[g->nrows * g->ncols + c++] = t;
      }
      j = cend;
    }
    for (; c < g->ncols; c++) {
      g->cells[g->nrows * g->ncols + c] = mem_strdup("");
      ok &= g->cells[g->nrows * g->ncols + c] != NULL;
    }
    g->nrows++;
    k = rend;
  }
  if (!ok) page_grid_free(g);
  return ok;
}

const char *page_grid_cell(const PageGrid *g, int row, int col) { return g->cells[row * g->ncols + col]; }

size_t *page_grid_widths(const PageGrid *g) {
  size_t *w = mem_calloc((size_t)(g->ncols ? g->ncols : 1), sizeof *w);
  for (int r = 0; w && r < g->nrows; r++)
    for (int c = 0; c < g->ncols; c++) {
      size_t cw = page_utf8_width(page_grid_cell(g, r, c));
      w[c] = cw > w[c] ? cw : w[c];
    }
  return w;
}

void page_grid_free(PageGrid *g) {
  for (int i = 0; g->cells && i < g->nrows * g->ncols; i++) free(g->cells[i]);
  free(g->cells);
  *g = (PageGrid){0};
}

int page_stream_status(FILE *f) {
  if (fflush(f) != 0 || ferror(f)) return errno ? errno : EIO;
  return 0;
}
