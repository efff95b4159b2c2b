/* out_chart.c — the charts of the HTML report, as SVG drawn by pvs: horizontal bars (value
 * by stakeholder, by chaîne), the SROI waterfall (gross impact → deadweight → attribution
 * → displacement → drop-off → discount → present value) and stacked bars (the contributions
 * of a composite index's components, group by group).
 *
 * Values are exact Nums and every number written as text goes through the report's display
 * (out_str_money_short). Pixel coordinates are the only doubles of the writers: each comes
 * from a value already rounded for display (2 decimals, half-up), parsed back — never from
 * an exact value, and never fed back into a figure. Texts are escaped by the page's one
 * HTML escaper; labels are shortened (…) to fit their column. */
#include "intl.h"
#include "mem.h"
#include "out_impl.h"
#include <stdlib.h>
#include <string.h>

#define CHART_W 720
#define ACCENT "#0b5cad"
#define LOSS "#c2410c"
#define TOTAL "#1f4e79"

/* The pixel-side number of a value: rounded for display first (see the header). */
double out_chart_px(const Num *v) {
  char buf[64];
  size_t n = num_fmt_fixed(buf, sizeof buf, v, OUT_MONEY_DECIMALS, NUM_HALF_UP);
  if (n < sizeof buf) return strtod(buf, NULL);
  char *big = mem_alloc(n + 1);
  double d = 0;
  if (big) { num_fmt_fixed(big, n + 1, v, OUT_MONEY_DECIMALS, NUM_HALF_UP); d = strtod(big, NULL); free(big); }
  return d;
}

/* At most max characters of s (UTF-8), with "…" when shortened, escaped. */
static void short_text(OutStr *svg, const char *s, size_t max) {
  size_t chars = 0;
  const char *p = s;
  for (; *p; p++) {
    if (((unsigned char)*p & 0xC0) != 0x80 && chars++ == max) break;
  }
  if (!*p) { page_escape_html(svg, s); return; }
  char *cut = mem_strndup(s, (size_t)(p - s));
  if (!cut) { svg->oom = true; return; }
  /* back to the character before the last one, then the ellipsis */
  size_t len = strlen(cut);
  while (len && ((unsigned char)cut[len - 1] & 0xC0) == 0x80) len--;
  if (len) len--;
  cut[len] = 0;
  page_escape_html(svg, cut);
  out_str_add(svg, "…");
  free(cut);
}

static void svg_open(OutStr *svg, const char *cls, int w, int h, const char *title) {
  out_str_printf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", cls, w, h, w, h);
  page_escape_html(svg, title);
  out_str_add(svg, "\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\" font-size=\"13\">\n<title>");
  page_escape_html(svg, title);
  out_str_add(svg, "</title>\n");
}

static void text_at(OutStr *svg, double x, double y, const char *anchor, const char *cls, const char *s) {
  out_str_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>", x, y, anchor, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
  page_escape_html(svg, s);
  out_str_add(svg, "</text>\n");
}

/* A label ending at x (text-anchor end), on one line or, longer than max characters, on two
 * (cut at the last space that keeps the first within max; the second shortened to max). */
static void row_label(OutStr *svg, double x, double y, const char *s, size_t max) {
  if (out_utf8_width(s) <= max) {
    out_str_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x, y);
    page_escape_html(svg, s);
    out_str_add(svg, "</text>\n");
    return;
  }
  const char *cut = NULL;
  size_t chars = 0;
  for (const char *p = s; *p && chars <= max; p++) {
    if (*p == ' ') cut = p;
    if (((unsigned char)*p & 0xC0) != 0x80) chars++;
  }
  if (!cut) {   /* one long word: shortened on one line */
    out_str_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x, y);
    short_text(svg, s, max);
    out_str_add(svg, "</text>\n");
    return;
  }
  char *first = mem_strndup(s, (size_t)(cut - s));
  if (!first) { svg->oom = true; return; }
  out_str_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\"><tspan x=\"%.1f\">", x, y - 6, x);
  page_escape_html(svg, first);
  out_str_printf(svg, "</tspan><tspan x=\"%.1f\" dy=\"13\">", x);
  short_text(svg, cut + 1, max);
  out_str_add(svg, "</tspan></text>\n");
  free(first);
}

/* ---- bars ---- */
void out_chart_bars(OutStr *svg, const ChartItem *items, int n, const char *title, const char *currency, const OutOptions *o) {
  enum { ROW = 30, TOP = 10, LABEL_W = 250, VALUE_W = 110 };
  int h = TOP * 2 + ROW * (n ? n : 1);
  double lo = 0, hi = 0;
  for (int i = 0; i < n; i++) {
    double v = items[i].value ? out_chart_px(items[i].value) : 0;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  double span = hi - lo > 0 ? hi - lo : 1, x0 = LABEL_W, w = CHART_W - LABEL_W - VALUE_W;
  double zero = x0 + (0 - lo) / span * w;
  svg_open(svg, "chart", CHART_W, h, title);
  for (int i = 0; i < n; i++) {
    double y = TOP + i * ROW, v = items[i].value ? out_chart_px(items[i].value) : 0;
    double a = zero, b = x0 + (v - lo) / span * w;
    if (b < a) { double t = a; a = b; b = t; }
    row_label(svg, LABEL_W - 8, y + ROW / 2.0 + 4, items[i].label, 30);
    out_str_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" rx=\"2\"/>\n", a, y + 6,
                   b - a < 1 && items[i].value && !num_is_zero(items[i].value) ? 1.0 : b - a, ROW - 12, ACCENT);
    OutStr t = {0};
    out_str_money_short(&t, items[i].value, currency, o);
    text_at(svg, (b > zero ? b : zero) + 6, y + ROW / 2.0 + 4, "start", "v", out_str_get(&t));
    out_str_free(&t);
  }
  out_str_printf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#59636e\"/>\n</svg>", zero, TOP - 4, zero, h - TOP + 4);
}

/* ---- the waterfall ---- */
/* A label on at most two lines under a column (split at the space nearest the middle). */
static void column_label(OutStr *svg, double x, double y, const char *s, size_t max) {
  size_t len = strlen(s);
  const char *best = NULL;
  if (out_utf8_width(s) > max)
    for (const char *p = s; *p; p++)
      if (*p == ' ' && (!best || labs((long)(p - s) - (long)len / 2) < labs((long)(best - s) - (long)len / 2))) best = p;
  out_str_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, y);
  if (!best) { short_text(svg, s, max); out_str_add(svg, "</text>\n"); return; }
  char *first = mem_strndup(s, (size_t)(best - s));
  if (!first) { svg->oom = true; return; }
  out_str_printf(svg, "<tspan x=\"%.1f\">", x);
  short_text(svg, first, max);
  out_str_printf(svg, "</tspan><tspan x=\"%.1f\" dy=\"15\">", x);
  short_text(svg, best + 1, max);
  out_str_add(svg, "</tspan></text>\n");
  free(first);
}

void out_chart_waterfall(OutStr *svg, const ChartItem *steps, int n, const char *title, const char *currency,
                         const OutOptions *o) {
  enum { H = 330, TOP = 34, BOTTOM = 56, LEFT = 10 };
  if (n < 2) return;
  double *level = mem_calloc((size_t)n + 1, sizeof *level);
  if (!level) { svg->oom = true; return; }
  /* level[i]: where the running total stands after step i (totals set it, changes move it) */
  double lo = 0, hi = 0, run = 0;
  for (int i = 0; i < n; i++) {
    double v = steps[i].value ? out_chart_px(steps[i].value) : 0;
    run = steps[i].total ? v : run + v;
    level[i] = run;
    lo = run < lo ? run : lo;
    hi = run > hi ? run : hi;
  }
  double span = hi - lo > 0 ? hi - lo : 1, plot_h = H - TOP - BOTTOM;
  double col = (CHART_W - 2.0 * LEFT) / n, bw = col * 0.62;
#define Y(v) (TOP + (hi - (v)) / span * plot_h)
  svg_open(svg, "chart", CHART_W, H, title);
  out_str_printf(svg, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#59636e\"/>\n", LEFT, Y(0), CHART_W - LEFT, Y(0));
  for (int i = 0; i < n; i++) {
    double from = steps[i].total ? 0 : (i ? level[i - 1] : 0), to = level[i];
    double x = LEFT + i * col + (col - bw) / 2, y1 = Y(from > to ? from : to), y2 = Y(from > to ? to : from);
    const char *fill = steps[i].total ? TOTAL : to < from ? LOSS : ACCENT;
    out_str_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" rx=\"2\"/>\n", x, y1, bw,
                   y2 - y1 < 1 ? 1.0 : y2 - y1, fill);
    if (i + 1 < n && !steps[i + 1].total)
      out_str_printf(svg, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\" stroke-dasharray=\"3 3\"/>\n",
                     x + bw, Y(to), x + col, Y(to));
    OutStr t = {0};
    out_str_money_short(&t, steps[i].value, currency, o);
    text_at(svg, x + bw / 2, y1 - 6, "middle", "v", out_str_get(&t));
    out_str_free(&t);
    column_label(svg, x + bw / 2, H - BOTTOM + 20, steps[i].label, 14);
  }
#undef Y
  out_str_add(svg, "</svg>");
  free(level);
}

/* ---- stacked bars ---- */
static const char *const SERIES[] = {"#0b5cad", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490", "#be123c", "#4d7c0f"};

/* One horizontal bar per row, its parts (row-major, nseries per row; NULL: none) stacked in
 * the series' colours, the row's total written after it; a legend of the series above. The
 * parts are not negative (the caller draws no chart otherwise). */
void out_chart_stacked(OutStr *svg, const ChartStack *c, const char *title, const OutOptions *o) {
  enum { ROW = 26, LEGEND = 26, TOP = 8, LABEL_W = 200, VALUE_W = 80 };
  int h = LEGEND + TOP * 2 + ROW * (c->nrows ? c->nrows : 1);
  double hi = 0;
  for (int r = 0; r < c->nrows; r++) {
    double v = c->totals[r] ? out_chart_px(c->totals[r]) : 0;
    hi = v > hi ? v : hi;
  }
  double x0 = LABEL_W, w = CHART_W - LABEL_W - VALUE_W, scale = hi > 0 ? w / hi : 0;
  svg_open(svg, "chart", CHART_W, h, title);
  double lx = 8;
  for (int s = 0; s < c->nseries; s++) {
    out_str_printf(svg, "<rect x=\"%.1f\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", lx, SERIES[s % 8]);
    out_str_printf(svg, "<text x=\"%.1f\" y=\"16\">", lx + 16);
    short_text(svg, c->series[s], 24);
    out_str_add(svg, "</text>\n");
    lx += 16 + 8 * (double)(out_utf8_width(c->series[s]) < 24 ? out_utf8_width(c->series[s]) : 24) + 18;
  }
  for (int r = 0; r < c->nrows; r++) {
    double y = LEGEND + TOP + r * ROW, x = x0;
    out_str_printf(svg, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LABEL_W - 8, y + ROW / 2.0 + 4);
    short_text(svg, c->rows[r], 28);
    out_str_add(svg, "</text>\n");
    for (int s = 0; s < c->nseries; s++) {
      const Num *v = c->parts[r * c->nseries + s];
      double len = v ? out_chart_px(v) * scale : 0;
      if (len <= 0) continue;
      out_str_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", x, y + 5, len, ROW - 10,
                     SERIES[s % 8]);
      x += len;
    }
    OutStr t = {0};
    out_str_display(&t, c->totals[r], c->decimals, "", o);
    text_at(svg, x + 6, y + ROW / 2.0 + 4, "start", "v", out_str_get(&t));
    out_str_free(&t);
  }
  out_str_printf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#59636e\"/>\n</svg>", x0, LEGEND + TOP - 4, x0,
                 h - TOP + 4);
}

/* ---- the tornado of a sensitivity analysis ---- */
/* One bar per input, from the base ratio to the ratio with the input moved down (light) and
 * moved up (dark), largest swing first; a line at the base ratio and one at the threshold
 * (the switching point), the axis spanning every ratio drawn and the threshold. */
void out_chart_tornado(OutStr *svg, const TornadoRow *rows, int n, const Num *base, const Num *threshold,
                       const char *title, const OutOptions *o) {
  enum { ROW = 30, TOP = 58, BOTTOM = 12, LABEL_W = 300, PAD = 56 };
  const char *low_fill = "#8fb8e0", *high_fill = TOTAL;
  double b = out_chart_px(base), th = out_chart_px(threshold), lo = b < th ? b : th, hi = b > th ? b : th;
  for (int i = 0; i < n; i++) {
    double l = out_chart_px(rows[i].low), h = out_chart_px(rows[i].high);
    lo = l < lo ? l : lo, lo = h < lo ? h : lo;
    hi = l > hi ? l : hi, hi = h > hi ? h : hi;
  }
  double span = hi - lo > 0 ? hi - lo : 1, x0 = LABEL_W + PAD, w = CHART_W - x0 - PAD;
  int height = TOP + ROW * (n ? n : 1) + BOTTOM;
#define X(v) (x0 + ((v) - lo) / span * w)
  svg_open(svg, "chart tornado", CHART_W, height, title);
  /* the legend, then the base and threshold lines with their values */
  out_str_printf(svg, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"10\" fill=\"%s\"/>\n", LABEL_W - 240, low_fill);
  text_at(svg, LABEL_W - 220, 15, "start", "v", out_word(o, N_("input moved down")));
  out_str_printf(svg, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"10\" fill=\"%s\"/>\n", LABEL_W + 20, high_fill);
  text_at(svg, LABEL_W + 40, 15, "start", "v", out_word(o, N_("input moved up")));
  for (int k = 0; k < 2; k++) {
    double x = X(k ? th : b), tx = x < x0 ? x0 : x > CHART_W - 50 ? CHART_W - 50 : x;   /* its text inside */
    out_str_printf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>\n", x, TOP - 8, x, height - BOTTOM + 4,
                   k ? LOSS : "#59636e", k ? " stroke-dasharray=\"4 3\"" : "");
    if (k && (X(th) - X(b)) * (X(th) - X(b)) < 90 * 90) continue;   /* next to the base's text: the line says it */
    OutStr t = {0};
    out_str_add(&t, out_word(o, k ? N_("threshold ") : N_("ratio ")));
    out_str_display(&t, k ? threshold : base, OUT_RATIO_DECIMALS, "", o);
    text_at(svg, tx, TOP - 14, "middle", "v", out_str_get(&t));
    svg->oom |= t.oom;
    out_str_free(&t);
  }
  for (int i = 0; i < n; i++) {
    double y = TOP + i * ROW;
    row_label(svg, LABEL_W - 8, y + ROW / 2.0 + 4, rows[i].label, 38);
    for (int k = 0; k < 2; k++) {
      const Num *v = k ? rows[i].high : rows[i].low;
      double e = X(out_chart_px(v)), a = X(b), from = e < a ? e : a, to = e < a ? a : e;
      out_str_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", from, y + 6,
                     to - from, ROW - 12, k ? high_fill : low_fill);
      if (to - from < 0.5) continue;   /* the input does not move the ratio this way */
      OutStr t = {0};
      out_str_display(&t, v, OUT_RATIO_DECIMALS, "", o);
      text_at(svg, e < a ? e - 4 : e + 4, y + ROW / 2.0 + 4, e < a ? "end" : "start", "v", out_str_get(&t));
      svg->oom |= t.oom;
      out_str_free(&t);
    }
  }
#undef X
  out_str_add(svg, "</svg>");
}
