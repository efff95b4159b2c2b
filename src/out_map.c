/* out_map.c — the choropleth map of the HTML report: an indicator broken down by
 * département or by région, drawn on the map of France (geo.h, overseas départements in
 * insets), in up to five classes of equal counts (quantiles of the groups' exact values),
 * with a legend; the report puts the table of values beside it. When every value lies in a
 * small part of metropolitan France (a regional organisation), the map shows that part and
 * its neighbours, each valued territory marked with its code.
 *
 * Class bounds are exact values and every text is the report's display of one; the shapes'
 * coordinates are whole units of the frame, and the only double is a stroke width. */
#include "geo.h"
#include "mem.h"
#include "intl.h"
#include "out_impl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

static const char *const blues[5] = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"};
#define NO_VALUE "#eef0f2"

typedef struct Area { const char *code; const Num *value; } Area;

static int by_value(const void *a, const void *b) {
  return num_cmp(((const Area *)a)->value, ((const Area *)b)->value);
}

/* The groups of ind that have a value, sorted by value; *n their count. */
static Area *areas(const IndicatorResult *ind, int *n) {
  Area *v = mem_calloc((size_t)ind->nrows + 1, sizeof *v);
  *n = 0;
  for (int r = 0; v && r < ind->nrows; r++) {
    const ResultRow *row = &ind->rows[r];
    if (!row->key || !row->key[0] || row->cell.missing) continue;
    v[(*n)++] = (Area){row->key[0], &row->cell.value};
  }
  if (v) qsort(v, (size_t)*n, sizeof *v, by_value);
  return v;
}

/* Class of each sorted area (k classes of equal counts; equal values share a class). */
static int classes(const Area *a, int n, int *cls) {
  int k = n < 5 ? n : 5;
  for (int i = 0; i < n; i++) {
    cls[i] = (int)((long)i * k / (n ? n : 1));
    if (i && !num_cmp(a[i].value, a[i - 1].value)) cls[i] = cls[i - 1];
  }
  return k;
}

static const char *colour(int c, int k) {
  if (k <= 1) return blues[2];
  return blues[c * 4 / (k - 1)];
}

static const Area *find(const Area *a, int n, const char *code) {
  for (int i = 0; i < n; i++) if (!strcmp(a[i].code, code)) return &a[i];
  return NULL;
}

static void shapes(OutStr *svg, const GeoShape *g, int ng, TerrLevel lv, const Area *a, const int *cls, int n, int k,
                   const IndicatorResult *ind, const OutOptions *o) {
  for (int i = 0; i < ng; i++) {
    const Area *hit = find(a, n, g[i].code);
    char name[160];
    territory_display(lv, g[i].code, strlen(g[i].code), name, sizeof name);
    out_str_printf(svg, "<path d=\"%s\" fill=\"%s\"><title>", g[i].path, hit ? colour(cls[hit - a], k) : NO_VALUE);
    page_escape_html(svg, name);
    if (hit) {
      OutStr t = {0};
      out_str_display(&t, hit->value, ind->decimals, ind->unit, o);
      out_str_add(svg, " : ");
      page_escape_html(svg, out_str_get(&t));
      out_str_free(&t);
    }
    out_str_add(svg, "</title></path>\n");
  }
}

/* The legend, in HTML under the drawing: one swatch and its range a class, then "no value". */
static void legend(OutStr *h, const Area *a, const int *cls, int n, int k, const IndicatorResult *ind, const OutOptions *o) {
  out_str_add(h, "<div class=\"legend\">");
  for (int c = 0; c < k; c++) {
    int lo = -1, hi = -1;
    for (int i = 0; i < n; i++) if (cls[i] == c) { if (lo < 0) lo = i; hi = i; }
    if (lo < 0) continue;
    OutStr t = {0};
    out_str_display(&t, a[lo].value, ind->decimals, ind->unit, o);
    if (num_cmp(a[lo].value, a[hi].value)) {
      out_str_add(&t, " – ");
      out_str_display(&t, a[hi].value, ind->decimals, ind->unit, o);
    }
    out_str_printf(h, "<span><i style=\"background:%s\"></i>", colour(c, k));
    page_escape_html(h, out_str_get(&t));
    out_str_add(h, "</span>");
    out_str_free(&t);
  }
  out_str_printf(h, "<span><i style=\"background:%s\"></i>", NO_VALUE);
  page_escape_html(h, _("no value"));
  out_str_add(h, "</span></div>");
}

/* The bounding box of an SVG path of geo_fr.c ("M x y l dx dy … z", whole units). */
typedef struct Box { int x0, y0, x1, y1; } Box;

static void box_add(Box *b, int x, int y) {
  if (x < b->x0) b->x0 = x;
  if (y < b->y0) b->y0 = y;
  if (x > b->x1) b->x1 = x;
  if (y > b->y1) b->y1 = y;
}

static Box path_box(const char *d) {
  Box b = {GEO_W, GEO_H, 0, 0};
  int x = 0, y = 0;
  bool rel = false;
  while (*d) {
    if (*d == 'M') { rel = false; d++; }
    else if (*d == 'l') { rel = true; d++; }
    else if (*d == 'z' || *d == ' ') { d++; }
    else {
      char *end;
      long dx = strtol(d, &end, 10);
      long dy = strtol(end, &end, 10);
      if (end == d) break;
      x = rel ? x + (int)dx : (int)dx;
      y = rel ? y + (int)dy : (int)dy;
      box_add(&b, x, y);
      d = end;
    }
  }
  return b;
}

/* What to show: the whole frame when a value is overseas or the values spread over much of
 * metropolitan France; otherwise the valued territories and their surroundings. */
static Box view(const GeoShape *g, int ng, const Area *a, int n, bool *insets) {
  Box all = {0, 0, GEO_W, GEO_H}, b = {GEO_W, GEO_H, 0, 0};
  *insets = true;
  if (!n) return all;
  for (int i = 0; i < ng; i++) {
    bool valued = false;
    for (int k = 0; k < n; k++) valued |= !strcmp(a[k].code, g[i].code);
    if (!valued) continue;
    if (!strncmp(g[i].code, "97", 2) || (g == geo_regions && strlen(g[i].code) == 2 && g[i].code[0] == '0')) return all;
    Box p = path_box(g[i].path);
    box_add(&b, p.x0, p.y0);
    box_add(&b, p.x1, p.y1);
  }
  int w = b.x1 - b.x0, h = b.y1 - b.y0;
  if (w > GEO_W / 2 || h > GEO_H / 2) return all;
  int side = (w > h ? w : h) * 3 / 2 + 120;   /* a margin of neighbours, square-ish */
  int cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
  *insets = false;
  return (Box){cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2};
}

/* The code of each valued territory, at the middle of its shape (zoomed maps only). */
static void codes(OutStr *svg, const GeoShape *g, int ng, const Area *a, int n, int size) {
  out_str_printf(svg, "<g font-size=\"%d\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1f2328\" stroke=\"#ffffff\" "
                      "stroke-width=\"%d\" paint-order=\"stroke\">\n", size, size / 6 + 1);
  for (int i = 0; i < ng; i++) {
    bool valued = false;
    for (int k = 0; k < n; k++) valued |= !strcmp(a[k].code, g[i].code);
    if (!valued) continue;
    Box p = path_box(g[i].path);
    out_str_printf(svg, "<text x=\"%d\" y=\"%d\">", (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2 + size / 3);
    page_escape_html(svg, g[i].code);
    out_str_add(svg, "</text>\n");
  }
  out_str_add(svg, "</g>\n");
}

bool out_map_level(const IndicatorResult *ind, TerrLevel *lv) {
  if (ind->by.ndims != 1) return false;
  *lv = territory_level(ind->by.dims[0]);
  return *lv == TERR_DEPARTEMENT || *lv == TERR_REGION;
}

void out_map(OutStr *svg, const IndicatorResult *ind, const char *title, const OutOptions *o) {
  TerrLevel lv;
  if (!out_map_level(ind, &lv)) return;
  int n = 0;
  Area *a = areas(ind, &n);
  int *cls = mem_calloc((size_t)n + 1, sizeof *cls);
  if (!a || !cls) { svg->oom = true; free(a); free(cls); return; }
  int k = classes(a, n, cls);
  const GeoShape *g = lv == TERR_REGION ? geo_regions : geo_departements;
  int ng = lv == TERR_REGION ? geo_regions_n : geo_departements_n;
  bool insets;
  Box v = view(g, ng, a, n, &insets);
  int vw = v.x1 - v.x0, vh = v.y1 - v.y0;
  out_str_printf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"%d %d %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
                 v.x0, v.y0, vw, vh, 620, 620 * vh / vw);
  page_escape_html(svg, title);
  out_str_add(svg, "\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\">\n<title>");
  page_escape_html(svg, title);
  out_str_printf(svg, "</title>\n<g stroke=\"#ffffff\" stroke-width=\"%.1f\" stroke-linejoin=\"round\">\n", vw / 1000.0 + 0.2);
  shapes(svg, g, ng, lv, a, cls, n, k, ind, o);
  out_str_add(svg, "</g>\n");
  if (insets) {
    out_str_add(svg, "<g fill=\"none\" stroke=\"#c9d1d9\" stroke-width=\"2\">\n");
    for (int i = 0; i < geo_insets_n; i++)
      out_str_printf(svg, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>\n", geo_insets[i].x, geo_insets[i].y,
                     geo_insets[i].w, geo_insets[i].h);
    out_str_add(svg, "</g>\n");
  } else codes(svg, g, ng, a, n, vw / 28 + 1);
  out_str_add(svg, "</svg>\n");
  legend(svg, a, cls, n, k, ind, o);
  free(a);
  free(cls);
}
