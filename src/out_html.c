/* out_html.c — `--format html`: the report model (out_doc.c) as one self-contained HTML
 * page: inline CSS (readable width, styled tables, print rules), no script, no network.
 * Every text is escaped (& < > "). Numbers are right-aligned in tables. */
#include "out_impl.h"

static void esc(FILE *f, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: putc(*s, f);
    }
  }
}

static const char *css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;"
    "margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}"
    "h1{font-size:1.6rem;border-bottom:2px solid #2b5797;padding-bottom:.3rem}"
    "h2{font-size:1.25rem;color:#2b5797;margin-top:2rem}h3{font-size:1.05rem;margin-top:1.4rem}"
    "table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}"
    "th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}"
    "th{background:#f3f6fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr:nth-child(even) td{background:#fafbfc}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-before:page}"
    "h2:first-of-type{break-before:auto}table{break-inside:auto}tr{break-inside:avoid}}";

static void table(FILE *f, const OutTable *t) {
  fputs("<table>\n<thead><tr>", f);
  for (int c = 0; c < t->ncols; c++) {
    fputs(t->right[c] ? "<th class=\"n\">" : "<th>", f);
    esc(f, out_table_cell(t, 0, c));
    fputs("</th>", f);
  }
  fputs("</tr></thead>\n<tbody>\n", f);
  for (int r = 1; r <= out_table_rows(t); r++) {
    fputs("<tr>", f);
    for (int c = 0; c < t->ncols; c++) {
      fputs(t->right[c] ? "<td class=\"n\">" : "<td>", f);
      esc(f, out_table_cell(t, r, c));
      fputs("</td>", f);
    }
    fputs("</tr>\n", f);
  }
  fputs("</tbody></table>\n", f);
}

int out_html_render(FILE *f, const OutDoc *d) {
  const char *title = d->n && d->b[0].kind == OUT_H1 ? d->b[0].text : "pvs";
  fputs(d->o->french ? "<!DOCTYPE html>\n<html lang=\"fr\">\n" : "<!DOCTYPE html>\n<html lang=\"en\">\n", f);
  fputs("<head>\n<meta charset=\"utf-8\">\n<title>", f);
  esc(f, title);
  fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
  for (int i = 0; i < d->n; i++) {
    const OutBlock *b = &d->b[i];
    static const char *tags[] = {[OUT_H1] = "h1", [OUT_H2] = "h2", [OUT_H3] = "h3", [OUT_PARA] = "p"};
    if (b->kind == OUT_TABLE) { table(f, &b->t); continue; }
    fprintf(f, "<%s>", tags[b->kind]);
    esc(f, b->text);
    fprintf(f, "</%s>\n", tags[b->kind]);
  }
  fputs("</body>\n</html>\n", f);
  return out_stream_status(f);
}
