/* out_wide.c — `--format csv-wide`: the figures as a spreadsheet reads them: one table per
 * breakdown, one row per group (the total last), one column per indicator or valuation
 * (its present value; "(AUD)" after its name when not in €), then one table of the bilans
 * (one row each: present value, costs, net present value, ratio, and the published figures
 * when some bilan gives them). Blocks are separated by an empty line. With the French
 * display the separator is ';' and the decimal mark ',' (what a French spreadsheet expects),
 * the file starts with a UTF-8 byte order mark (so that Excel reads its accents right) and
 * the header names each column by its label; otherwise ',' and '.', no mark, names. Values
 * are rounded as displayed; a missing value is an empty cell. */
#include "out_impl.h"
#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct Col { const char *name, *label; const Breakdown *by; const ResultRow *irows; const ValuationRow *vrows; int nrows, decimals; } Col;

static bool same_by(const Breakdown *a, const Breakdown *b) {
  if (a->ndims != b->ndims) return false;
  for (int i = 0; i < a->ndims; i++) if (strcmp(a->dims[i], b->dims[i])) return false;
  return true;
}

static void field(FILE *f, const char *s, char sep, bool first) {
  if (!first) putc(sep, f);
  if (!s[strcspn(s, "\"\r\n;,")]) { fputs(s, f); return; }
  putc('"', f);
  for (; *s; s++) { if (*s == '"') putc('"', f); putc(*s, f); }
  putc('"', f);
}

/* The key of row r of column c as one string (dims joined by \x1f); NULL for the total. */
static char *key_of(const Col *c, int r, int ndims) {
  const char **k = c->irows ? c->irows[r].key : c->vrows[r].key;
  if (!k) return NULL;
  OutStr s = {0};
  for (int d = 0; d < ndims; d++) { if (d) out_str_add(&s, "\x1f"); out_str_add(&s, k[d] ? k[d] : ""); }
  return out_str_take(&s);
}

/* The part of key k (dims joined by \x1f; NULL: the total) for dimension d, into buf. */
static const char *key_part(const char *k, int d, char *buf, size_t cap) {
  const char *s = k;
  for (int j = 0; j < d && s; j++) { s = strchr(s, '\x1f'); if (s) s++; }
  size_t n = s ? strcspn(s, "\x1f") : 0;
  if (n >= cap) n = cap - 1;
  if (s) memcpy(buf, s, n);
  buf[n] = 0;
  return buf;
}

/* Rows in the reports' order: dimension by dimension, "not given" first, then ev_key_compare
 * (numbers by value, zones from A bis to C, EPCI by département then name, others by bytes). */
static const Breakdown *sort_by;
static int cmp_key(const void *a, const void *b) {
  const char *ka = *(char *const *)a, *kb = *(char *const *)b;
  for (int d = 0; d < sort_by->ndims; d++) {
    char x[512], y[512];
    key_part(ka, d, x, sizeof x);
    key_part(kb, d, y, sizeof y);
    size_t nx = strlen(x), ny = strlen(y);
    int c = !nx || !ny ? (nx > 0) - (ny > 0) : ev_key_compare(out_key_level(sort_by, d), out_key_kind(sort_by, d), x, nx, y, ny);
    if (c) return c;
  }
  return 0;
}

static const Num *value_at(const Col *c, const char *key, int ndims) {
  for (int r = 0; r < c->nrows; r++) {
    char *k = key_of(c, r, ndims);
    bool hit = (!k && !key) || (k && key && !strcmp(k, key));
    free(k);
    if (!hit) continue;
    if (c->irows) return c->irows[r].cell.missing ? NULL : &c->irows[r].cell.value;
    return c->vrows[r].missing ? NULL : &c->vrows[r].present_value;
  }
  return NULL;
}

static void cell(FILE *f, const Num *a, int decimals, const OutOptions *o, char sep) {
  putc(sep, f);
  if (!a) return;
  OutStr s = {0};
  out_str_num(&s, a, OUT_FIXED, decimals, o->rounding);
  char *t = out_str_take(&s);
  if (t && o->french) for (char *p = t; *p; p++) if (*p == '.') *p = ',';
  if (t) fputs(t, f);
  free(t);
}

/* One block: the columns sharing breakdown `by`. */
static void block(FILE *f, const Col *cols, int ncols, const Breakdown *by, const OutOptions *o) {
  char sep = o->french ? ';' : ',';
  int nterr = 0;   /* a label column after the dimensions for each one of territory codes */
  for (int d = 0; d < by->ndims; d++) field(f, by->dims[d], sep, d == 0);
  for (int d = 0; d < by->ndims; d++) nterr += out_key_level(by, d) != TERR_OTHER;
  for (int d = 0; d < by->ndims; d++) {
    if (out_key_level(by, d) == TERR_OTHER) continue;
    char head[256];
    snprintf(head, sizeof head, nterr > 1 ? "%s %s" : "%s", out_word(o, "label"), by->dims[d]);
    field(f, head, sep, false);
  }
  if (!by->ndims) field(f, "", sep, true);
  for (int i = 0; i < ncols; i++)
    if (same_by(cols[i].by, by)) field(f, o->french && cols[i].label ? cols[i].label : cols[i].name, sep, false);
  putc('\n', f);
  char **keys = NULL;
  int nk = 0;
  for (int i = 0; i < ncols; i++) {
    if (!same_by(cols[i].by, by)) continue;
    for (int r = 0; r < cols[i].nrows; r++) {
      char *k = key_of(&cols[i], r, by->ndims);
      bool dup = !k;
      for (int j = 0; k && j < nk && !dup; j++) dup = !strcmp(keys[j], k);
      if (dup) { free(k); continue; }
      keys = mem_realloc(keys, sizeof *keys * (size_t)(nk + 1));
      keys[nk++] = k;
    }
  }
  sort_by = by;
  if (nk) qsort(keys, (size_t)nk, sizeof *keys, cmp_key);
  for (int r = 0; r <= nk; r++) {
    const char *k = r < nk ? keys[r] : NULL;
    char buf[512];
    for (int d = 0; d < (by->ndims ? by->ndims : 1); d++) {
      const char *part = !k ? (d == 0 ? out_word(o, "total") : "") : key_part(k, d, buf, sizeof buf);
      field(f, *part || !k ? part : out_word(o, "not given"), sep, d == 0);
    }
    for (int d = 0; d < by->ndims; d++) {
      if (out_key_level(by, d) == TERR_OTHER) continue;
      const char *name = k ? out_key_name(by, d, key_part(k, d, buf, sizeof buf)) : NULL;
      field(f, name ? name : "", sep, false);
    }
    for (int i = 0; i < ncols; i++)
      if (same_by(cols[i].by, by)) cell(f, value_at(&cols[i], k, by->ndims), cols[i].decimals, o, sep);
    putc('\n', f);
  }
  for (int j = 0; j < nk; j++) free(keys[j]);
  free(keys);
}

/* The bilans: one row each. */
static void bilans(FILE *f, const EvalResult *r, const OutOptions *o) {
  char sep = o->french ? ';' : ',';
  bool published = false;
  for (int i = 0; i < r->nstmts; i++) published |= r->stmts[i].published.given || r->stmts[i].published_ratio.given;
  static const char *const head[] = {"bilan", "present value", "costs", "net present value", "SROI ratio",
                                     "published value", "difference", "published ratio", "difference"};
  for (int c = 0; c < (published ? 9 : 5); c++) field(f, c ? out_word(o, head[c]) : "bilan", sep, c == 0);
  putc('\n', f);
  for (int i = 0; i < r->nstmts; i++) {
    const StatementResult *st = &r->stmts[i];
    int dec = out_stmt_decimals(st);
    bool npv_missing = st->present_value_missing || st->costs_missing;
    field(f, st->name, sep, true);
    cell(f, st->present_value_missing ? NULL : &st->present_value, dec, o, sep);
    cell(f, st->costs_missing ? NULL : &st->costs, dec, o, sep);
    cell(f, npv_missing ? NULL : &st->net_present_value, dec, o, sep);
    cell(f, st->ratio_missing ? NULL : &st->ratio, out_ratio_decimals(st), o, sep);
    for (int k = 0; published && k < 2; k++) {
      const Published *p = k ? &st->published_ratio : &st->published;
      cell(f, p->given ? &p->value : NULL, k ? OUT_RATIO_DECIMALS : dec, o, sep);
      cell(f, p->given ? &p->diff : NULL, k ? OUT_RATIO_DECIMALS : dec, o, sep);
    }
    putc('\n', f);
  }
}

int out_wide_write(FILE *f, const EvalResult *r, const OutOptions *o) {
  int n = r->ninds + r->nvals;
  Col *cols = mem_calloc((size_t)n + 1, sizeof *cols);
  if (!cols) return ENOMEM;
  for (int i = 0; i < r->ninds; i++)
    cols[i] = (Col){r->inds[i].name, r->inds[i].label, &r->inds[i].by, r->inds[i].rows, NULL, r->inds[i].nrows, r->inds[i].decimals};
  char **heads = calloc(2 * (size_t)r->nvals + 1, sizeof *heads);   /* "name (AUD)", "label (AUD)" */
  if (!heads) { free(cols); return ENOMEM; }
  for (int i = 0; i < r->nvals; i++) {
    const char *name = r->vals[i].name, *label = r->vals[i].label;
    if (strcmp(out_cur(r->vals[i].currency), "€")) {
      OutStr s = {0};
      out_str_printf(&s, "%s (%s)", name, out_cur(r->vals[i].currency));
      name = heads[2 * i] = out_str_take(&s);
      if (label) out_str_printf(&s, "%s (%s)", label, out_cur(r->vals[i].currency)), label = heads[2 * i + 1] = out_str_take(&s);
      if (!name) name = r->vals[i].name;
    }
    cols[r->ninds + i] = (Col){name, label, &r->vals[i].by, NULL, r->vals[i].rows, r->vals[i].nrows, OUT_MONEY_DECIMALS};
  }
  if (o->french) fputs("\xEF\xBB\xBF", f);   /* UTF-8 BOM: Excel then reads the accents right */
  bool first = true;
  for (int i = 0; i < n; i++) {
    bool seen = false;
    for (int j = 0; j < i && !seen; j++) seen = same_by(cols[j].by, cols[i].by);
    if (seen) continue;
    if (!first) putc('\n', f);
    block(f, cols, n, cols[i].by, o);
    first = false;
  }
  if (r->nstmts) {
    if (!first) putc('\n', f);
    bilans(f, r, o);
  }
  for (int i = 0; i < 2 * r->nvals; i++) free(heads[i]);
  free(heads);
  free(cols);
  return out_stream_status(f);
}
