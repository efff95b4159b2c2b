/* pgsrc.c — PostgreSQL as a data source (see pgsrc.h): the URL (which rows, which
 * connection, what may be shown), and, with libpq, the stream of COPY rows handed to the
 * CSV reader as a CsvSource.
 *
 * The URL's own parameters `table` and `query` are taken out before the rest goes to
 * libpq; `query=` runs to the end of the URL (an SQL query may contain '&'). Both are
 * percent-decoded. The rows are those of `SELECT * FROM (rows) AS pvs_rows`, where rows is
 * the query or `SELECT * FROM "schema"."table"` (identifiers quoted, as stored); boolean
 * columns are read as text (true/false) because COPY writes them t/f. */
#include "pgsrc.h"
#include "mem.h"
#include "intl.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef PVS_WITH_LIBPQ
#include <libpq-fe.h>
#endif

/* ---- strings ---- */
typedef struct Str { char *s; size_t n, cap; } Str;

static void str_add_n(Str *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = mem_realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void str_add(Str *b, const char *s) { str_add_n(b, s, strlen(s)); }

static char *str_take(Str *b) {
  if (!b->s) str_add_n(b, "", 0);
  return b->s;
}

static const char *after_scheme(const char *s) {
  static const char *const schemes[] = {"postgresql://", "postgres://"};
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
    if (!strncmp(s, schemes[i], strlen(schemes[i]))) return s + strlen(schemes[i]);
  return NULL;
}

bool pg_is_url(const char *s) { return s && after_scheme(s) != NULL; }

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decoded copy of [s, s + n), malloc'd. */
static char *decode(const char *s, size_t n) {
  Str b = {0};
  for (size_t i = 0; i < n; i++) {
    int h, l;
    if (s[i] == '%' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
      char c = (char)(h * 16 + l);
      str_add_n(&b, &c, 1);
      i += 2;
    } else str_add_n(&b, &s[i], 1);
  }
  return str_take(&b);
}

/* ---- the URL ---- */
typedef struct Url {
  char *conninfo;      /* what libpq gets: the URL without table= and query= */
  char *table, *query; /* decoded; one of them is set on a valid URL */
  char *password;      /* decoded, to scrub from messages; NULL if none in the URL */
} Url;

static void url_free(Url *u) { free(u->conninfo); free(u->table); free(u->query); free(u->password); }

/* The userinfo of the URL's authority: [*start, *at) before the '@', or false. */
static bool userinfo(const char *url, const char **start, const char **at) {
  const char *p = after_scheme(url);
  if (!p) return false;
  const char *end = p + strcspn(p, "?"), *a = NULL;
  for (const char *q = p; q < end; q++) if (*q == '@') a = q;
  if (!a) return false;
  *start = p;
  *at = a;
  return true;
}

static bool url_parse(const char *url, Url *u) {
  memset(u, 0, sizeof *u);
  const char *us, *at;
  if (userinfo(url, &us, &at)) {
    const char *colon = memchr(us, ':', (size_t)(at - us));
    if (colon) u->password = decode(colon + 1, (size_t)(at - colon - 1));
  }
  const char *q = strchr(url, '?');
  Str ci = {0};
  str_add_n(&ci, url, q ? (size_t)(q - url) : strlen(url));
  bool first = true;
  for (const char *p = q ? q + 1 : NULL; p && *p;) {
    if (!strncmp(p, "query=", 6)) { free(u->query); u->query = decode(p + 6, strlen(p + 6)); break; }
    size_t n = strcspn(p, "&");
    if (!strncmp(p, "table=", 6)) { free(u->table); u->table = decode(p + 6, n - 6); }
    else if (n) {
      if (!strncmp(p, "password=", 9) && !u->password) u->password = decode(p + 9, n - 9);
      str_add(&ci, first ? "?" : "&");
      str_add_n(&ci, p, n);
      first = false;
    }
    p += n + (p[n] == '&');
  }
  u->conninfo = str_take(&ci);
  return (u->table && *u->table) != (u->query && *u->query);
}

char *pg_redact(const char *url) {
  Str b = {0};
  const char *us, *at, *p = url;
  if (userinfo(url, &us, &at)) {
    const char *colon = memchr(us, ':', (size_t)(at - us));
    if (colon) {
      str_add_n(&b, url, (size_t)(colon + 1 - url));
      str_add(&b, "***");
      p = at;
    }
  }
  const char *q = strchr(p, '?');
  str_add_n(&b, p, q ? (size_t)(q - p) : strlen(p));
  for (const char *r = q; r && *r;) {          /* r: at '?' or '&' */
    str_add_n(&b, r, 1);
    r++;
    if (!strncmp(r, "query=", 6)) { str_add(&b, r); break; }
    size_t n = strcspn(r, "&");
    if (!strncmp(r, "password=", 9)) str_add(&b, "password=***");
    else str_add_n(&b, r, n);
    r += n;
    if (!*r) break;
  }
  return str_take(&b);
}

/* ---- the source ---- */
typedef struct PgSrc {
  Url url;
  bool url_ok;
#ifdef PVS_WITH_LIBPQ
  PGconn *conn;
  char *row; size_t row_len, row_pos;
#endif
  bool started, done;
  char *pending;       /* an error met after some bytes were delivered */
} PgSrc;

/* msg without the password, on one line: into err. */
static void scrub(const PgSrc *s, const char *msg, char *err, size_t errlen) {
  Str b = {0};
  const char *pw = s->url.password && *s->url.password ? s->url.password : NULL;
  const char *env = getenv("PGPASSWORD");
  if (env && !*env) env = NULL;
  for (const char *p = msg; *p;) {
    if (pw && !strncmp(p, pw, strlen(pw))) { str_add(&b, "***"); p += strlen(pw); continue; }
    if (env && !strncmp(p, env, strlen(env))) { str_add(&b, "***"); p += strlen(env); continue; }
    if (*p == '\n' || *p == '\t' || *p == '\r') {
      while (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') p++;
      if (*p && b.n) str_add(&b, " ");
      continue;
    }
    str_add_n(&b, p++, 1);
  }
  snprintf(err, errlen, "%s", str_take(&b));
  free(b.s);
}

static void fail(const PgSrc *s, char *err, size_t errlen, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  scrub(s, tmp, err, errlen);
}

#ifdef PVS_WITH_LIBPQ
/* The primary message of a failed result, with its detail and hint when there are. */
static void result_error(const PgSrc *s, PGresult *res, char *err, size_t errlen) {
  const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *h = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
  if (!m) m = PQerrorMessage(s->conn);
  fail(s, err, errlen, _("PostgreSQL: %s%s%s"), m, h ? "; " : "", h ? h : "");
}

static bool exec_ok(PgSrc *s, const char *sql, ExecStatusType want, char *err, size_t errlen) {
  PGresult *res = PQexec(s->conn, sql);
  bool ok = PQresultStatus(res) == want;
  if (!ok) result_error(s, res, err, errlen);
  PQclear(res);
  return ok;
}

/* "schema"."table": each dotted part quoted as an identifier. */
static bool quote_table(PgSrc *s, const char *name, Str *out) {
  for (const char *p = name;;) {
    size_t n = strcspn(p, ".");
    char *q = PQescapeIdentifier(s->conn, p, n);
    if (!q) return false;
    str_add(out, q);
    PQfreemem(q);
    if (!p[n]) return true;
    str_add(out, ".");
    p += n + 1;
  }
}

/* The rows as a SELECT: the query as given (without a final ';'), or the whole table. */
static bool rows_sql(PgSrc *s, Str *rows, char *err, size_t errlen) {
  if (s->url.table) {
    str_add(rows, "SELECT * FROM ");
    if (!quote_table(s, s->url.table, rows)) { result_error(s, NULL, err, errlen); return false; }
    return true;
  }
  size_t n = strlen(s->url.query);
  while (n && (s->url.query[n - 1] == ';' || s->url.query[n - 1] == ' ' || s->url.query[n - 1] == '\n')) n--;
  str_add_n(rows, s->url.query, n);
  return true;
}

/* COPY of the rows, booleans as text: the column types are asked first (nothing runs). */
static bool copy_sql(PgSrc *s, const char *rows, Str *out, char *err, size_t errlen) {
  Str probe = {0};
  str_add(&probe, "SELECT * FROM (");
  str_add(&probe, rows);
  str_add(&probe, "\n) AS pvs_rows");
  PGresult *res = PQprepare(s->conn, "", str_take(&probe), 0, NULL);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) result_error(s, res, err, errlen);
  PQclear(res);
  free(probe.s);
  if (!ok) return false;
  res = PQdescribePrepared(s->conn, "");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) { result_error(s, res, err, errlen); PQclear(res); return false; }
  enum { BOOLOID = 16 };
  str_add(out, "COPY (SELECT ");
  for (int i = 0; i < PQnfields(res); i++) {
    char *q = PQescapeIdentifier(s->conn, PQfname(res, i), strlen(PQfname(res, i)));
    if (!q) { result_error(s, NULL, err, errlen); PQclear(res); return false; }
    str_add(out, i ? ", pvs_rows." : "pvs_rows.");
    str_add(out, q);
    if (PQftype(res, i) == BOOLOID) { str_add(out, "::text AS "); str_add(out, q); }
    PQfreemem(q);
  }
  if (!PQnfields(res)) str_add(out, "*");
  PQclear(res);
  str_add(out, " FROM (");
  str_add(out, rows);
  str_add(out, "\n) AS pvs_rows) TO STDOUT (FORMAT csv, HEADER)");
  return true;
}

static bool start(PgSrc *s, char *err, size_t errlen) {
  s->started = true;
  s->conn = PQconnectdb(s->url.conninfo);
  if (PQstatus(s->conn) != CONNECTION_OK) {
    fail(s, err, errlen, _("cannot connect to PostgreSQL: %s"), PQerrorMessage(s->conn));
    return false;
  }
  if (PQsetClientEncoding(s->conn, "UTF8") != 0) { result_error(s, NULL, err, errlen); return false; }
  if (!exec_ok(s, "SET DateStyle = 'ISO, YMD'", PGRES_COMMAND_OK, err, errlen)) return false;
  Str rows = {0}, copy = {0};
  bool ok = rows_sql(s, &rows, err, errlen) && copy_sql(s, str_take(&rows), &copy, err, errlen) &&
            exec_ok(s, str_take(&copy), PGRES_COPY_OUT, err, errlen);
  free(rows.s);
  free(copy.s);
  return ok;
}

/* The next row of the COPY into s->row: true, or false at the end (s->done) or on error. */
static bool next_row(PgSrc *s, char *err, size_t errlen) {
  if (s->row) { PQfreemem(s->row); s->row = NULL; }
  int len = PQgetCopyData(s->conn, &s->row, 0);
  if (len >= 0) { s->row_len = (size_t)len; s->row_pos = 0; return true; }
  s->done = true;
  if (len == -2) { result_error(s, NULL, err, errlen); return false; }
  PGresult *res = PQgetResult(s->conn);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) result_error(s, res, err, errlen);
  PQclear(res);
  while ((res = PQgetResult(s->conn))) PQclear(res);
  if (!ok) return false;
  err[0] = 0;
  return false;
}

static long pg_read(void *ctx, char *dst, size_t n, char *err, size_t errlen) {
  PgSrc *s = ctx;
  if (s->pending) { snprintf(err, errlen, "%s", s->pending); return -1; }
  if (!s->url_ok) {
    fail(s, err, errlen, _("a postgresql:// source names its rows with ?table=NAME or ?query=SELECT … (one of them)"));
    return -1;
  }
  if (!s->started && !start(s, err, errlen)) return -1;
  size_t k = 0;
  while (k < n) {
    if (s->row_pos == s->row_len) {
      if (s->done) break;
      if (!next_row(s, err, errlen)) {
        if (!err[0]) break;
        if (!k) return -1;
        s->pending = mem_strdup(err);   /* delivered bytes first, the error on the next read */
        break;
      }
      continue;
    }
    size_t m = s->row_len - s->row_pos < n - k ? s->row_len - s->row_pos : n - k;
    memcpy(dst + k, s->row + s->row_pos, m);
    s->row_pos += m;
    k += m;
  }
  return (long)k;
}

static void pg_close(void *ctx) {
  PgSrc *s = ctx;
  if (s->row) PQfreemem(s->row);
  if (s->conn) PQfinish(s->conn);
  url_free(&s->url);
  free(s->pending);
  free(s);
}
#else
static long pg_read(void *ctx, char *dst, size_t n, char *err, size_t errlen) {
  (void)dst; (void)n;
  fail(ctx, err, errlen, _("this pvs was built without PostgreSQL support (libpq was not found at build time): "
                           "export the table to a CSV file, or install libpq-dev and rebuild pvs"));
  return -1;
}

static void pg_close(void *ctx) {
  PgSrc *s = ctx;
  url_free(&s->url);
  free(s->pending);
  free(s);
}
#endif

CsvReader *pg_open(const char *url, const char *display) {
  PgSrc *s = mem_calloc(1, sizeof *s);
  s->url_ok = url_parse(url, &s->url);
  CsvOptions opt = {.delimiter = ','};
  return csv_open_source(display, (CsvSource){pg_read, pg_close, s}, &opt);
}
