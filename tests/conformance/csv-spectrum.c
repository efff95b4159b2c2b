/* csv-spectrum.c — runs the csv-spectrum acid tests (../shared/conformance/csv-spectrum)
 * against the CSV reader: each csvs/NAME.csv, read with the delimiter forced to ',', must
 * give the records of json/NAME.json (a list of objects of strings; a tiny JSON reader for
 * exactly that shape is below).
 *
 * location_coordinates is a known upstream defect (its JSON is one object, not a list, and
 * has another phone number than the CSV): there we only check that the bare quote in the
 * unquoted field is kept literally, and count the case as an expected failure.
 * Usage: conf_csv-spectrum DIR. Exit status 1 on any real failure. */
#include "csv.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Str { char *s; size_t len; } Str;
typedef struct Obj { Str *keys, *vals; int n; } Obj;
typedef struct Json { const char *p, *e; bool bad; } Json;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, k;
  char *b = malloc(cap);
  while ((k = fread(b + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) b = realloc(b, cap *= 2);
  }
  fclose(f);
  *len = n;
  return b;
}

static void ws(Json *j) {
  while (j->p < j->e && strchr(" \t\r\n", *j->p)) j->p++;
}

static bool eat(Json *j, char c) {
  ws(j);
  if (j->p < j->e && *j->p == c) { j->p++; return true; }
  return false;
}

static void put_utf8(char *out, size_t *n, unsigned long cp) {
  if (cp < 0x80) out[(*n)++] = (char)cp;
  else if (cp < 0x800) { out[(*n)++] = (char)(0xC0 | cp >> 6); out[(*n)++] = (char)(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out[(*n)++] = (char)(0xE0 | cp >> 12);
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*n)++] = (char)(0xF0 | cp >> 18);
    out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  }
}

static unsigned long hex4(Json *j) {
  unsigned long v = 0;
  for (int i = 0; i < 4; i++) {
    char c = j->p < j->e ? *j->p++ : 0;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) { j->bad = true; return 0; }
    v = v * 16 + (unsigned long)d;
  }
  return v;
}

/* string -> '"' chars with escapes \" \\ \/ \b \f \n \r \t \uXXXX '"' */
static Str jstring(Json *j) {
  Str s = {NULL, 0};
  if (!eat(j, '"')) { j->bad = true; return s; }
  s.s = malloc((size_t)(j->e - j->p) * 2 + 1);
  while (j->p < j->e && *j->p != '"') {
    char c = *j->p++;
    if (c != '\\') { s.s[s.len++] = c; continue; }
    c = j->p < j->e ? *j->p++ : 0;
    switch (c) {
    case 'n': s.s[s.len++] = '\n'; break;
    case 'r': s.s[s.len++] = '\r'; break;
    case 't': s.s[s.len++] = '\t'; break;
    case 'b': s.s[s.len++] = '\b'; break;
    case 'f': s.s[s.len++] = '\f'; break;
    case 'u': {
      unsigned long cp = hex4(j);
      if (cp >= 0xD800 && cp < 0xDC00 && j->p + 6 <= j->e && j->p[0] == '\\' && j->p[1] == 'u') {
        j->p += 2;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(j) - 0xDC00);
      }
      put_utf8(s.s, &s.len, cp);
      break;
    }
    default: s.s[s.len++] = c;  /* \" \\ \/ */
    }
  }
  if (!eat(j, '"')) j->bad = true;
  s.s[s.len] = 0;
  return s;
}

/* object -> '{' (string ':' string (',' string ':' string)*)? '}' */
static Obj jobject(Json *j) {
  Obj o = {NULL, NULL, 0};
  if (!eat(j, '{')) { j->bad = true; return o; }
  if (eat(j, '}')) return o;
  do {
    o.keys = realloc(o.keys, sizeof(Str) * (size_t)(o.n + 1));
    o.vals = realloc(o.vals, sizeof(Str) * (size_t)(o.n + 1));
    o.keys[o.n] = jstring(j);
    if (!eat(j, ':')) j->bad = true;
    o.vals[o.n] = jstring(j);
    o.n++;
  } while (!j->bad && eat(j, ','));
  if (!eat(j, '}')) j->bad = true;
  return o;
}

/* document -> '[' (object (',' object)*)? ']' | object */
static Obj *jdocument(Json *j, int *n) {
  Obj *objs = NULL;
  *n = 0;
  ws(j);
  bool list = eat(j, '[');
  if (list && eat(j, ']')) return objs;
  do {
    objs = realloc(objs, sizeof(Obj) * (size_t)(*n + 1));
    objs[(*n)++] = jobject(j);
  } while (list && !j->bad && eat(j, ','));
  if (list && !eat(j, ']')) j->bad = true;
  return objs;
}

static void free_objs(Obj *o, int n) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < o[i].n; k++) { free(o[i].keys[k].s); free(o[i].vals[k].s); }
    free(o[i].keys);
    free(o[i].vals);
  }
  free(o);
}

static bool same(const char *a, size_t alen, Str b) { return alen == b.len && !memcmp(a, b.s, alen); }

/* Reads the CSV and compares it with the objects: NULL when equal, else what differs. */
static const char *compare(const char *csv, Obj *objs, int nobj, char *why, size_t whylen) {
  CsvOptions opt = {.delimiter = ','};
  CsvReader *r = csv_open(csv, &opt);
  const CsvField *f;
  int nh = csv_header(r, &f), rec = 0, n;
  char **head = calloc((size_t)(nh > 0 ? nh : 1), sizeof *head);
  size_t *hlen = calloc((size_t)(nh > 0 ? nh : 1), sizeof *hlen);
  for (int i = 0; i < nh; i++) { head[i] = malloc(f[i].len + 1); memcpy(head[i], f[i].s, f[i].len); hlen[i] = f[i].len; }
  why[0] = 0;
  while (!why[0] && (n = csv_next(r, &f)) > 0) {
    if (rec >= nobj) { snprintf(why, whylen, "more records than expected"); break; }
    if (n != objs[rec].n || n != nh) { snprintf(why, whylen, "record %d: %d fields, expected %d", rec + 1, n, objs[rec].n); break; }
    for (int i = 0; i < n && !why[0]; i++)
      if (!same(head[i], hlen[i], objs[rec].keys[i]) || !same(f[i].s, f[i].len, objs[rec].vals[i]))
        snprintf(why, whylen, "record %d, field %d differs: got \"%.*s\"", rec + 1, i + 1, (int)f[i].len, f[i].s);
    rec++;
  }
  if (!why[0] && csv_error(r)) snprintf(why, whylen, "error at %ld:%ld: %s", csv_error(r)->line, csv_error(r)->col, csv_error(r)->message);
  if (!why[0] && rec != nobj) snprintf(why, whylen, "%d records, expected %d", rec, nobj);
  for (int i = 0; i < nh; i++) free(head[i]);
  free(head);
  free(hlen);
  csv_close(r);
  return why[0] ? why : NULL;
}

/* The upstream defect case: only the bare quote of an unquoted field must be kept. */
static bool bare_quote_kept(const char *csv, Obj *objs, int nobj) {
  CsvOptions opt = {.delimiter = ','};
  CsvReader *r = csv_open(csv, &opt);
  const CsvField *f;
  bool ok = csv_header(r, &f) == 4 && csv_next(r, &f) == 4 && nobj == 1 && objs[0].n == 4 &&
            same(f[1].s, f[1].len, objs[0].vals[1]) && memchr(f[1].s, '"', f[1].len);
  csv_close(r);
  return ok;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s CSV-SPECTRUM-DIR\n", argv[0]); return 2; }
  char path[4096];
  snprintf(path, sizeof path, "%s/csvs", argv[1]);
  DIR *dir = opendir(path);
  if (!dir) { fprintf(stderr, "csv-spectrum: cannot open %s\n", path); return 2; }
  char *names[256];
  int nn = 0, run = 0, passed = 0, xfail = 0, failed = 0;
  for (struct dirent *de; (de = readdir(dir)) && nn < 256;) {
    size_t l = strlen(de->d_name);
    if (l > 4 && !strcmp(de->d_name + l - 4, ".csv")) names[nn++] = strndup(de->d_name, l - 4);
  }
  closedir(dir);
  qsort(names, (size_t)nn, sizeof *names, cmp_names);
  for (int i = 0; i < nn; i++) {
    char csv[4096], js[4096], why[512];
    snprintf(csv, sizeof csv, "%s/csvs/%s.csv", argv[1], names[i]);
    snprintf(js, sizeof js, "%s/json/%s.json", argv[1], names[i]);
    size_t jl;
    char *text = slurp(js, &jl);
    Json j = {text, text ? text + jl : NULL, text == NULL};
    int nobj = 0;
    Obj *objs = text ? jdocument(&j, &nobj) : NULL;
    run++;
    const char *diff = j.bad ? "cannot read the JSON expectation" : NULL;
    if (!strcmp(names[i], "location_coordinates")) {
      if (!j.bad && bare_quote_kept(csv, objs, nobj)) xfail++;
      else { failed++; printf("FAIL %s: the bare quote of the unquoted field was not kept literally\n", names[i]); }
    } else {
      if (!diff) diff = compare(csv, objs, nobj, why, sizeof why);
      if (diff) { failed++; printf("FAIL %s: %s\n", names[i], diff); }
      else passed++;
    }
    free_objs(objs, nobj);
    free(text);
    free(names[i]);
  }
  printf("csv-spectrum: %d run, %d passed, %d expected failure%s, %d failed\n", run, passed, xfail,
         xfail ? " (location_coordinates: upstream defect)" : "", failed);
  return failed ? 1 : 0;
}
