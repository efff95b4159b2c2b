/* out_map.c — the choropleth map of the HTML report: an indicator broken down by
 * département or by région, drawn on the map of France (geo.h, overseas départements in
 * insets), in up to five classes of equal counts (quantiles of the groups' exact values),
 * with a legend; the report puts the table of values beside it.
 *
 * Class bounds are exact values and every text is the report's display of one; the only
 * doubles are the frame's fixed pixel coordinates. */
#include "geo.h"
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
  Area *v = calloc((size_t)ind->nrows + 1, sizeof *v);
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

/* The legend under the map: three entries a row. */
#define LEG_X(i) ((i) % 3 * 410)
#define LEG_Y(i) ((i) / 3 * 46)
#define LEGEND_H 110

static void legend(OutStr *svg, const Area *a, const int *cls, int n, int k, const IndicatorResult *ind, const OutOptions *o) {
  out_str_printf(svg, "<g font-size=\"30\" transform=\"translate(20 %d)\">\n", GEO_H + 14);
  for (int c = 0; c < k; c++) {
    int lo = -1, hi = -1;
    for (int i = 0; i < n; i++) if (cls[i] == c) { if (lo < 0) lo = i; hi = i; }
    if (lo < 0) continue;
    OutStr t = {0};
    out_str_display(&t, a[lo].value, ind->decimals, ind->unit, o);
    if (num_cmp(a[lo].value, a[hi].value)) {
      out_str_add(&t, lo == hi ? "" : " – ");
      out_str_display(&t, a[hi].value, ind->decimals, ind->unit, o);
    }
    out_str_printf(svg, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"30\" fill=\"%s\" stroke=\"#8c959f\"/>", LEG_X(c), LEG_Y(c), colour(c, k));
    out_str_printf(svg, "<text x=\"%d\" y=\"%d\">", LEG_X(c) + 52, LEG_Y(c) + 25);
    page_escape_html(svg, out_str_get(&t));
    out_str_add(svg, "</text>\n");
    out_str_free(&t);
  }
  out_str_printf(svg, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"30\" fill=\"%s\" stroke=\"#8c959f\"/><text x=\"%d\" y=\"%d\">",
                 LEG_X(k), LEG_Y(k), NO_VALUE, LEG_X(k) + 52, LEG_Y(k) + 25);
  page_escape_html(svg, _("no value"));
  out_str_add(svg, "</text>\n</g>\n");
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
  int *cls = calloc((size_t)n + 1, sizeof *cls);
  if (!a || !cls) { svg->oom = true; free(a); free(cls); return; }
  int k = classes(a, n, cls);
  out_str_printf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
                 GEO_W, GEO_H + LEGEND_H, GEO_W / 2, (GEO_H + LEGEND_H) / 2);
  page_escape_html(svg, title);
  out_str_add(svg, "\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\">\n<title>");
  page_escape_html(svg, title);
  out_str_add(svg, "</title>\n<g stroke=\"#ffffff\" stroke-width=\"1.2\" stroke-linejoin=\"round\">\n");
  if (lv == TERR_REGION) shapes(svg, geo_regions, geo_regions_n, lv, a, cls, n, k, ind, o);
  else shapes(svg, geo_departements, geo_departements_n, lv, a, cls, n, k, ind, o);
  out_str_add(svg, "</g>\n<g fill=\"none\" stroke=\"#c9d1d9\" stroke-width=\"2\">\n");
  for (int i = 0; i < geo_insets_n; i++)
    out_str_printf(svg, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>\n", geo_insets[i].x, geo_insets[i].y,
                   geo_insets[i].w, geo_insets[i].h);
  out_str_add(svg, "</g>\n");
  legend(svg, a, cls, n, k, ind, o);
  out_str_add(svg, "</svg>");
  free(a);
  free(cls);
}
