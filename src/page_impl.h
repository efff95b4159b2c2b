/* page_impl.h — what the page renderers share: a growing string, and a table laid out as a
 * grid of cells already rendered to text (for the renderers that align columns). */
#ifndef PVS_PAGE_IMPL_H
#define PVS_PAGE_IMPL_H
#include "page.h"
#include <stdarg.h>

/* A growing string; allocation failures are sticky (oom), later calls do nothing. */
typedef struct PageStr {
  char *s;   /* NUL-terminated once anything was added; owned */
  size_t len, cap;
  bool oom;
} PageStr;
void page_str_add(PageStr *s, const char *t);
void page_str_addn(PageStr *s, const char *t, size_t n);
void page_str_printf(PageStr *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *page_str_get(const PageStr *s);   /* "" when empty; borrowed */
char *page_str_take(PageStr *s);              /* owned by the caller (NULL when oom); s reset */
void page_str_free(PageStr *s);

/* Renders the inline runs between nodes from and to (exclusive) into s. */
typedef void (*PageInlineFn)(const Page *p, int from, int to, PageStr *s);
typedef struct PageGrid {
  int ncols, nrows;   /* row 0 is the header */
  char **cells;       /* row by row, owned */
  const bool *right;  /* borrowed from the table node */
} PageGrid;
/* The table opened at node i, each cell rendered by fn; false when out of memory. */
bool page_grid(const Page *p, int i, PageInlineFn fn, PageGrid *g);
const char *page_grid_cell(const PageGrid *g, int row, int col);
size_t *page_grid_widths(const PageGrid *g);   /* widest cell per column, in characters; owned */
void page_grid_free(PageGrid *g);
/* Appends t with & < > " as entities: the project's one HTML escaper (page_html.c). */
void page_escape_html(PageStr *s, const char *t);
/* Flushes f; 0, or the errno of its failed write (EIO when unknown). */
int page_stream_status(FILE *f);
#endif
