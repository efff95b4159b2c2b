/* test_csv.c — Check suite of the CSV reader (csv.c) and its cell helpers (csv_cell.c).
 *
 * Most cases read a whole table with dump(), which writes every record as [f1][f2]... one
 * per line, then "ERR line:col: message" if the reader failed; each of those runs with
 * several buffer sizes (8 bytes upwards) so that records, quoted fields and UTF-8
 * characters straddle buffer refills, and must give the same text every time.
 * Case ids (CSV-nn) can be grepped. */
#include "csv.h"
#include "sha256.h"
#include <check.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const size_t bufsizes[] = {8, 9, 13, 16, 31, 64, 1 << 20};
enum { NBUF = sizeof bufsizes / sizeof bufsizes[0] };

typedef struct Out { char *s; size_t len, cap; } Out;

static void out_add(Out *o, const char *s, size_t n) {
  if (o->len + n + 1 > o->cap) {
    o->cap = (o->len + n + 1) * 2;
    o->s = realloc(o->s, o->cap);
  }
  memcpy(o->s + o->len, s, n);
  o->len += n;
  o->s[o->len] = 0;
}

static void out_str(Out *o, const char *s) { out_add(o, s, strlen(s)); }

/* The records a reader gives (header included) as text; closes it. */
static char *dump_reader(CsvReader *r) {
  Out out = {calloc(1, 1), 0, 1};
  const CsvField *f;
  int n = csv_header(r, &f);
  while (n > 0) {
    for (int i = 0; i < n; i++) { out_str(&out, "["); out_add(&out, f[i].s, f[i].len); out_str(&out, "]"); }
    out_str(&out, "\n");
    n = csv_next(r, &f);
  }
  const CsvError *e = csv_error(r);
  if (e) {
    char tmp[600];
    snprintf(tmp, sizeof tmp, "ERR %ld:%ld: %s", e->line, e->col, e->message);
    out_str(&out, tmp);
  }
  csv_close(r);
  return out.s;
}

/* The records of `data` (header included) as text, read with `opt` and buffer size bs. */
static char *dump_bs(const char *data, size_t len, const CsvOptions *opt, size_t bs) {
  CsvOptions o = opt ? *opt : (CsvOptions){0};
  o.buffer_size = bs;
  return dump_reader(csv_open_mem("t.csv", data, len, &o));
}

/* Same, and checks that every buffer size gives the same text. */
static char *dump_opt(const char *data, size_t len, const CsvOptions *opt) {
  char *first = dump_bs(data, len, opt, bufsizes[0]);
  for (int i = 1; i < NBUF; i++) {
    char *again = dump_bs(data, len, opt, bufsizes[i]);
    ck_assert_msg(!strcmp(first, again), "buffer %zu gives\n%s\ninstead of\n%s", bufsizes[i], again, first);
    free(again);
  }
  return first;
}

static char *dump(const char *data) { return dump_opt(data, strlen(data), NULL); }

#define CHECK_DUMP(data, expected)                                                         \
  do {                                                                                     \
    char *got_ = dump(data);                                                               \
    ck_assert_str_eq(got_, expected);                                                      \
    free(got_);                                                                            \
  } while (0)

#define CHECK_DUMP_OPT(data, len, opt, expected)                                           \
  do {                                                                                     \
    char *got_ = dump_opt(data, len, opt);                                                 \
    ck_assert_str_eq(got_, expected);                                                      \
    free(got_);                                                                            \
  } while (0)

/* ---- record conventions -------------------------------------------------------------- */

START_TEST(csv01_lf_crlf_final_newline) {
  CHECK_DUMP("a,b\n1,2\n", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\r\n1,2\r\n", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\n1,2", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\r\n1,2\r", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\n1,\n,\n", "[a][b]\n[1][]\n[][]\n");
  CHECK_DUMP("a\nx\ry\n", "[a]\n[x\ry]\n");  /* a CR alone is data */
}
END_TEST

START_TEST(csv02_empty_lines) {
  CHECK_DUMP("a,b\n1,2\n\n\n", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\n1,2\r\n\r\n\r\n", "[a][b]\n[1][2]\n");
  CHECK_DUMP("\n\r\na,b\n\n1,2\n\r\n3,4", "[a][b]\n[1][2]\n[3][4]\n");
  CHECK_DUMP("a,b\n1,2\n\r", "[a][b]\n[1][2]\n");
  CHECK_DUMP("a,b\n,\n", "[a][b]\n[][]\n");  /* delimiters only: a record */
}
END_TEST

START_TEST(csv03_empty_line_keeps_line_numbers) {
  const char *data = "a\n\n\nx\n\r\ny\n";
  CsvReader *r = csv_open_mem("t.csv", data, strlen(data), NULL);
  const CsvField *f;
  ck_assert_int_eq(csv_header(r, &f), 1);
  ck_assert_int_eq(csv_record_line(r), 1);
  ck_assert_int_eq(csv_next(r, &f), 1);
  ck_assert_int_eq(csv_record_line(r), 4);
  ck_assert_int_eq(csv_next(r, &f), 1);
  ck_assert_int_eq(csv_record_line(r), 6);
  ck_assert_int_eq(csv_next(r, &f), 0);
  ck_assert_int_eq(csv_next(r, &f), 0);
  ck_assert_ptr_null(csv_error(r));
  csv_close(r);
}
END_TEST

START_TEST(csv04_bom) {
  CHECK_DUMP("\xEF\xBB\xBF" "a;b\n1;2\n", "[a][b]\n[1][2]\n");
  CHECK_DUMP("\xEF\xBB\xBF" "a", "[a]\n");
  char *got = dump("\xEF\xBB\xBF");
  ck_assert_str_eq(got, "ERR 0:0: t.csv is empty: a header line (the column names) was expected");
  free(got);
}
END_TEST

START_TEST(csv05_quoting) {
  CHECK_DUMP("a,b\n\"x,y\",z\n", "[a][b]\n[x,y][z]\n");
  CHECK_DUMP("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", "[a][b]\n[say \"hi\"][\"]\n");
  CHECK_DUMP("a,b\n\"\",\"\"", "[a][b]\n[][]\n");
  CHECK_DUMP("a,b\n\"one\ntwo\",\"three\r\nfour\"\r\n5,6\n", "[a][b]\n[one\ntwo][three\r\nfour]\n[5][6]\n");
  CHECK_DUMP("a\n\"x\"\r\n\"y\"\r", "[a]\n[x]\n[y]\n");
  CHECK_DUMP("a,b\n\"\"\"\",x\n", "[a][b]\n[\"][x]\n");
  CHECK_DUMP("a,b\nx,\"\n\"\n", "[a][b]\n[x][\n]\n");
}
END_TEST

START_TEST(csv06_bare_quote_kept) {
  CHECK_DUMP("a,b\n37'37.8\"N,x\"y\"\n", "[a][b]\n[37'37.8\"N][x\"y\"]\n");
}
END_TEST

START_TEST(csv07_long_records_across_refills) {
  size_t n = 100000;
  char *data = malloc(2 * n + 64), *exp = malloc(2 * n + 64);
  char *p = data;
  p += sprintf(p, "h1,h2\n\"");
  for (size_t i = 0; i < n; i++) *p++ = i % 1000 == 999 ? '\n' : i % 500 == 0 ? '"' : 'x';
  /* double each quote inside */
  char *q = data + 7;
  Out o = {calloc(1, 1), 0, 1};
  out_str(&o, "h1,h2\n\"");
  for (size_t i = 0; i < n; i++) { out_add(&o, q + i, 1); if (q[i] == '"') out_add(&o, "\"", 1); }
  out_str(&o, "\",");
  for (size_t i = 0; i < n; i++) out_str(&o, "y");
  out_str(&o, "\n1,2\n");
  char *e = exp;
  e += sprintf(e, "[h1][h2]\n[");
  memcpy(e, q, n);
  e += n;
  *e++ = ']';
  *e++ = '[';
  memset(e, 'y', n);
  e += n;
  strcpy(e, "]\n[1][2]\n");
  CHECK_DUMP_OPT(o.s, o.len, NULL, exp);
  free(o.s);
  free(data);
  free(exp);
}
END_TEST

/* ---- delimiter detection --------------------------------------------------------------- */

static char detected(const char *header) {
  CsvReader *r = csv_open_mem("t.csv", header, strlen(header), NULL);
  const CsvField *f;
  ck_assert_int_eq(csv_delimiter(r), 0);
  ck_assert_int_gt(csv_header(r, &f), 0);
  char d = csv_delimiter(r);
  csv_close(r);
  return d;
}

START_TEST(csv08_delimiter_detection) {
  ck_assert_int_eq(detected("a,b,c\n1;2;3;4;5\n"), ',');
  ck_assert_int_eq(detected("a;b;c\n"), ';');
  ck_assert_int_eq(detected("a\tb\n"), '\t');
  ck_assert_int_eq(detected("a|b|c"), '|');
  ck_assert_int_eq(detected("seul\n1\n"), ',');         /* one column */
  ck_assert_int_eq(detected("a;b,c;d,e,f\n"), ',');    /* most frequent */
  ck_assert_int_eq(detected("\"x;y;z\",b\n"), ',');    /* quoted ones do not count */
  ck_assert_int_eq(detected("\n\r\na;b\n"), ';');     /* empty lines before the header */
  ck_assert_int_eq(detected("\"a\nb;c;d\",e\n"), ','); /* a header field with a newline */
}
END_TEST

START_TEST(csv09_delimiter_ties) {
  ck_assert_int_eq(detected("a;b,c\n"), ';');     /* ; beats , */
  ck_assert_int_eq(detected("a|b,c\n"), '|');     /* | beats , */
  ck_assert_int_eq(detected("a;b|c\n"), ';');     /* ; beats | */
  ck_assert_int_eq(detected("a\tb;c\n"), '\t');   /* tab beats everything */
  ck_assert_int_eq(detected("a,b\tc|d;e\n"), '\t');
}
END_TEST

START_TEST(csv10_delimiter_forced) {
  CsvOptions o = {.delimiter = ';'};
  CHECK_DUMP_OPT("a,b;c\n1,5;2\n", 12, &o, "[a,b][c]\n[1,5][2]\n");
  o.delimiter = '\t';
  CHECK_DUMP_OPT("a;b\tc\n", 6, &o, "[a;b][c]\n");
  o.delimiter = '"';
  CHECK_DUMP_OPT("a\n", 2, &o,
                 "ERR 0:0: invalid delimiter (byte 0x22): expected an ASCII character other than a quote or a line end");
  CHECK_DUMP("a;b\n1;\"x;y\"\n", "[a][b]\n[1][x;y]\n");
  CHECK_DUMP("a\tb\n1\t\"x\ty\"\n", "[a][b]\n[1][x\ty]\n");
}
END_TEST

/* ---- encodings ------------------------------------------------------------------------- */

START_TEST(csv11_latin1) {
  CsvOptions o = {.encoding = "latin1"};
  const char *d = "nom;ville\n\xC9lise;S\xE8te\n";
  CHECK_DUMP_OPT(d, strlen(d), &o, "[nom][ville]\n[\xC3\x89lise][S\xC3\xA8te]\n");
  o.encoding = "ISO-8859-1";
  CHECK_DUMP_OPT("a\n\x80\xFF\n", 5, &o, "[a]\n[\xC2\x80\xC3\xBF]\n");
}
END_TEST

START_TEST(csv12_cp1252) {
  CsvOptions o = {.encoding = "CP1252"};
  const char *d = "prix;note\n12 \x80;l\x92\xE9t\xE9\n";
  CHECK_DUMP_OPT(d, strlen(d), &o, "[prix][note]\n[12 \xE2\x82\xAC][l\xE2\x80\x99\xC3\xA9t\xC3\xA9]\n");
  o.encoding = "windows-1252";
  CHECK_DUMP_OPT(d, strlen(d), &o, "[prix][note]\n[12 \xE2\x82\xAC][l\xE2\x80\x99\xC3\xA9t\xC3\xA9]\n");
}
END_TEST

START_TEST(csv13_cp1252_undefined_byte) {
  CsvOptions o = {.encoding = "cp1252"};
  const char *d = "a\n\xE9t\xE9\nb\x81z\n";
  CHECK_DUMP_OPT(d, strlen(d), &o,
                 "[a]\n[\xC3\xA9t\xC3\xA9]\nERR 3:2: byte 0x81 is not a character in cp1252: is the encoding right?");
}
END_TEST

START_TEST(csv14_unknown_encoding) {
  CsvOptions o = {.encoding = "ebcdic"};
  CHECK_DUMP_OPT("a\n", 2, &o, "ERR 0:0: unknown encoding \"ebcdic\": expected \"utf-8\", \"latin1\" or \"cp1252\"");
  o.encoding = "UTF-8";
  CHECK_DUMP_OPT("a\n\xC3\xA9\n", 5, &o, "[a]\n[\xC3\xA9]\n");
}
END_TEST

START_TEST(csv15_utf8_multibyte_across_refills) {
  /* 2-, 3- and 4-byte characters at every offset against the small buffers */
  CHECK_DUMP("\xCA\xA4,\xE2\x82\xAC\n\xF0\x9F\x98\x80\xF0\x9F\x98\x80,\xC3\xA9\xC3\xA9\xC3\xA9\n",
             "[\xCA\xA4][\xE2\x82\xAC]\n[\xF0\x9F\x98\x80\xF0\x9F\x98\x80][\xC3\xA9\xC3\xA9\xC3\xA9]\n");
}
END_TEST

/* ---- errors: exact line, column and message -------------------------------------------- */

static const CsvError *read_all(CsvReader *r) {
  const CsvField *f;
  while (csv_next(r, &f) > 0) {}
  return csv_error(r);
}

START_TEST(csv16_invalid_utf8) {
  const char *d = "nom,ville\nx,S\xE8te\ny,z\n";
  CsvReader *r = csv_open_mem("parc.csv", d, strlen(d), NULL);
  const CsvError *e = read_all(r);
  ck_assert_ptr_nonnull(e);
  ck_assert_str_eq(e->path, "parc.csv");
  ck_assert_int_eq(e->line, 2);
  ck_assert_int_eq(e->col, 4);
  ck_assert_str_eq(e->line_text, "x,S?te");
  ck_assert_str_eq(e->message, "invalid UTF-8 byte 0xE8: is this file in latin1? add encodage: \"latin1\" to the table");
  csv_close(r);
  CHECK_DUMP("a\n\xC3\xA0\xC3\xA0\x92\n",
             "[a]\nERR 2:3: invalid UTF-8 byte 0x92: is this file in cp1252 (Windows)? add encodage: \"cp1252\" to the table");
  CHECK_DUMP("a\n\xED\xA0\x80\n", "[a]\nERR 2:1: invalid UTF-8 byte 0xED: is this file in latin1? add encodage: \"latin1\" to the table");
  CHECK_DUMP("a\n\xC0\xAF\n", "[a]\nERR 2:1: invalid UTF-8 byte 0xC0: is this file in latin1? add encodage: \"latin1\" to the table");
  CHECK_DUMP("a\nb\xE2\x82", "[a]\nERR 2:2: the file ends in the middle of a UTF-8 character (byte 0xE2)");
  CHECK_DUMP("\xFF\xFE" "a\0,\0", "ERR 1:1: this file is in UTF-16 (it starts with byte 0xFF): save it as UTF-8");
}
END_TEST

START_TEST(csv17_nul_byte) {
  CHECK_DUMP_OPT("a,b\n1,2\n3\0,4\n", 13, NULL,
                 "[a][b]\n[1][2]\nERR 3:2: a NUL byte (0x00): is this a binary file, or a UTF-16 file? save it as UTF-8");
}
END_TEST

START_TEST(csv18_unterminated_quote) {
  const char *d = "h1,h2\nx,\"abc\ndef\n";
  CsvReader *r = csv_open_mem("t.csv", d, strlen(d), NULL);
  const CsvError *e = read_all(r);
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(e->line, 2);
  ck_assert_int_eq(e->col, 3);
  ck_assert_str_eq(e->line_text, "x,\"abc");
  ck_assert_str_eq(e->message, "unterminated quoted field (it starts here)");
  csv_close(r);
  CHECK_DUMP("h\n\"", "[h]\nERR 2:1: unterminated quoted field (it starts here)");
  CHECK_DUMP("h\n\"ab\"\"", "[h]\nERR 2:1: unterminated quoted field (it starts here)");
}
END_TEST

START_TEST(csv19_text_after_closing_quote) {
  CHECK_DUMP("h,i\n\"ab\"c,d\n",
             "[h][i]\nERR 2:5: after the closing quote of a field, expected the delimiter ',' or the end of the line");
  CHECK_DUMP("h;i\n\xC3\xA9;\"ab\" ;d\n",
             "[h][i]\nERR 2:7: after the closing quote of a field, expected the delimiter ';' or the end of the line");
  CHECK_DUMP("h\ti\nx\t\"ab\"\rz\n",
             "[h][i]\nERR 2:7: after the closing quote of a field, expected the delimiter tab or the end of the line");
}
END_TEST

START_TEST(csv20_strict_quotes) {
  CsvOptions o = {.strict_quotes = true};
  const char *d = "a,b\n\"ok\",\xC3\xA9t\xC3\xA9 12\"\n";
  CHECK_DUMP_OPT(d, strlen(d), &o,
                 "[a][b]\nERR 2:12: a quote inside an unquoted field: quote the whole field (\"...\") and double the quotes inside it");
}
END_TEST

START_TEST(csv21_field_count) {
  const char *d = "a,b,c\n1,2\n1,2,3\n1,2,3,4\n";
  CsvReader *r = csv_open_mem("t.csv", d, strlen(d), NULL);
  const CsvField *f;
  int nh = csv_header(r, &f);
  ck_assert_int_eq(nh, 3);
  ck_assert_int_eq(csv_header_count(r), 3);
  ck_assert_int_eq(csv_next(r, &f), 2);
  ck_assert(!csv_expect_fields(r, nh));
  const CsvError *e = csv_error(r);
  ck_assert_str_eq(e->message, "line 2 has 2 fields, the header has 3");
  ck_assert_int_eq(e->line, 2);
  ck_assert_int_eq(e->col, 4);
  ck_assert_str_eq(e->line_text, "1,2");
  ck_assert_int_eq(csv_next(r, &f), -1);  /* errors are sticky */
  csv_close(r);

  r = csv_open_mem("t.csv", d, strlen(d), NULL);
  csv_header(r, &f);
  csv_next(r, &f);
  ck_assert_int_eq(csv_next(r, &f), 3);
  ck_assert(csv_expect_fields(r, 3));
  ck_assert_int_eq(csv_next(r, &f), 4);
  ck_assert(!csv_expect_fields(r, 3));
  e = csv_error(r);
  ck_assert_str_eq(e->message, "line 4 has 4 fields, the header has 3");
  ck_assert_int_eq(e->col, 7);
  csv_close(r);

  r = csv_open_mem("t.csv", "a,b\r\nx\r\n", 8, NULL);
  csv_header(r, &f);
  ck_assert_int_eq(csv_next(r, &f), 1);
  ck_assert(!csv_expect_fields(r, 2));
  ck_assert_str_eq(csv_error(r)->message, "line 2 has 1 field, the header has 2");
  ck_assert_int_eq(csv_error(r)->col, 2);
  ck_assert_str_eq(csv_error(r)->line_text, "x");
  csv_close(r);
}
END_TEST

START_TEST(csv22_open_errors) {
  CsvReader *r = csv_open("/nonexistent/dir/parc.csv", NULL);
  const CsvError *e = csv_error(r);
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(e->line, 0);
  ck_assert_ptr_null(e->line_text);
  ck_assert_str_eq(e->message, "cannot open /nonexistent/dir/parc.csv: No such file or directory");
  const CsvField *f;
  ck_assert_int_eq(csv_header(r, &f), -1);
  ck_assert_int_eq(csv_next(r, &f), -1);
  csv_close(r);
  char *got = dump("");
  ck_assert_str_eq(got, "ERR 0:0: t.csv is empty: a header line (the column names) was expected");
  free(got);
  got = dump("\n\r\n\n");
  ck_assert_str_eq(got, "ERR 0:0: t.csv is empty: a header line (the column names) was expected");
  free(got);
  r = csv_open("/", NULL);
  ck_assert_int_eq(csv_header(r, &f), -1);
  ck_assert_str_eq(csv_error(r)->message, "/ is a folder, not a data file; give the CSV file inside it");
  csv_close(r);
}
END_TEST

/* ---- field positions ------------------------------------------------------------------- */

START_TEST(csv23_field_pos) {
  const char *d = "h1,h2,h3\n\"multi\nline\",\xC3\xA9,x\r\n1,\"2\",3\n";
  CsvReader *r = csv_open_mem("t.csv", d, strlen(d), NULL);
  const CsvField *f;
  long line, col;
  const char *text;
  size_t tl;
  csv_header(r, &f);
  csv_field_pos(r, 2, &line, &col, &text, &tl);
  ck_assert_int_eq(line, 1);
  ck_assert_int_eq(col, 7);
  ck_assert_int_eq(csv_next(r, &f), 3);
  ck_assert_int_eq(csv_record_line(r), 2);
  csv_field_pos(r, 0, &line, &col, &text, &tl);
  ck_assert_int_eq(line, 2);
  ck_assert_int_eq(col, 1);
  ck_assert_int_eq(tl, 6);
  ck_assert(!memcmp(text, "\"multi", 6));
  csv_field_pos(r, 1, &line, &col, &text, &tl);
  ck_assert_int_eq(line, 3);
  ck_assert_int_eq(col, 7);
  ck_assert_int_eq(tl, 10);  /* line end not included */
  ck_assert(!memcmp(text, "line\",\xC3\xA9,x", 10));
  csv_field_pos(r, 2, &line, &col, NULL, NULL);
  ck_assert_int_eq(line, 3);
  ck_assert_int_eq(col, 9);
  csv_field_pos(r, 3, &line, &col, NULL, NULL);  /* out of range: after the last byte */
  ck_assert_int_eq(col, 10);
  ck_assert_int_eq(csv_next(r, &f), 3);
  ck_assert_int_eq(csv_record_line(r), 4);
  csv_field_pos(r, 2, &line, &col, NULL, NULL);
  ck_assert_int_eq(line, 4);
  ck_assert_int_eq(col, 7);
  csv_close(r);
}
END_TEST

START_TEST(csv24_read_file) {
  char path[] = "/tmp/test_csv_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE *f = fdopen(fd, "w");
  fputs("\xEF\xBB\xBFid;surface\r\n", f);
  for (int i = 0; i < 50000; i++) fprintf(f, "L%08d;%d,%02d\r\n", i, i % 140, i % 100);
  fclose(f);
  CsvReader *r = csv_open(path, NULL);
  const CsvField *fl;
  ck_assert_int_eq(csv_header(r, &fl), 2);
  ck_assert_int_eq(csv_delimiter(r), ';');
  ck_assert(fl[0].len == 2 && !memcmp(fl[0].s, "id", 2));
  int n, rows = 0;
  char want[32];
  while ((n = csv_next(r, &fl)) == 2) {
    int k = snprintf(want, sizeof want, "%d,%02d", rows % 140, rows % 100);
    ck_assert(fl[1].len == (size_t)k && !memcmp(fl[1].s, want, (size_t)k));
    rows++;
  }
  ck_assert_int_eq(n, 0);
  ck_assert_int_eq(rows, 50000);
  ck_assert_int_eq(csv_record_line(r), 50002);
  csv_close(r);
  unlink(path);
}
END_TEST

/* Random bytes (mostly CSV punctuation) must never crash, and must give the same result
 * whatever the buffer size. */
START_TEST(csv25_fuzz) {
  static const char alphabet[] = ",;\t|\"\"\"\r\n\n ab\xC3\xA9\xE2\x82\xAC\x80\xFF";
  unsigned long long s = 12345;
  char data[300];
  for (int iter = 0; iter < 1500; iter++) {
    size_t len = (size_t)(iter % 300);
    for (size_t i = 0; i < len; i++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      int k = (int)((s >> 33) % (sizeof alphabet - 1));
      data[i] = iter % 7 == 0 ? (char)(s >> 40) : alphabet[k];
    }
    CsvOptions o = {.strict_quotes = iter % 2, .encoding = iter % 5 == 0 ? "cp1252" : NULL};
    free(dump_opt(data, len, &o));
  }
}
END_TEST

/* Writes field (k bytes) to csv after a comma (`sep`), quoted (`q`, quotes doubled) or not,
 * and the way dump() gives it back to want. */
static void write_field(Out *csv, Out *want, bool sep, const char *field, int k, bool q) {
  if (sep) out_str(csv, ",");
  if (q) out_str(csv, "\"");
  for (int i = 0; i < k; i++) out_add(csv, field[i] == '"' ? "\"\"" : field + i, field[i] == '"' ? 2 : 1);
  if (q) out_str(csv, "\"");
  out_str(want, "[");
  out_add(want, field, (size_t)k);
  out_str(want, "]");
}

static void end_row(Out *csv, Out *want, bool crlf) {
  out_str(csv, crlf ? "\r\n" : "\n");
  out_str(want, "\n");
}

/* The table written in csv reads back as want (every buffer size); both freed. */
static void check_table(Out *csv, Out *want) {
  CsvOptions o = {.delimiter = ','};
  CHECK_DUMP_OPT(csv->s, csv->len, &o, want->s);
  free(csv->s);
  free(want->s);
}

/* Random tables written with RFC 4180 quoting (a field is quoted when it holds the
 * delimiter, a quote, CR or LF, or at random) read back field for field. The last ones are
 * wide records of short fields: many delimiters in each 16-byte block of the split's fast
 * path, a quote or LF in the middle of a block, more fields than the field array first
 * holds. */
START_TEST(csv30_roundtrip) {
  static const char alphabet[] = "ab,;\"\r\n \xC3\xA9";
  unsigned long long s = 777;
#define RND(n) (s = s * 6364136223846793005ULL + 1442695040888963407ULL, (int)((s >> 33) % (n)))
  for (int iter = 0; iter < 420; iter++) {
    bool wide = iter >= 300;
    Out csv = {calloc(1, 1), 0, 1}, want = {calloc(1, 1), 0, 1};
    int ncols = 1 + (wide ? RND(iter % 3 ? 40 : 300) : RND(4)), nrows = 1 + RND(wide ? 4 : 6);
    for (int row = 0; row < nrows; row++) {
      for (int c = 0; c < ncols; c++) {
        char field[16];
        int len = RND(wide ? 4 : 6), k = 0;
        while (k < len) {
          int a = RND((int)sizeof alphabet - 1);
          if ((unsigned char)alphabet[a] == 0xC3) { if (k + 2 > len) break; field[k++] = alphabet[a]; a++; }
          else if ((unsigned char)alphabet[a] == 0xA9) a = 0;
          field[k++] = alphabet[a];
        }
        bool q = RND(4) == 0 || (ncols == 1 && k == 0) || memchr(field, ',', (size_t)k) ||
                 memchr(field, '"', (size_t)k) || memchr(field, '\r', (size_t)k) || memchr(field, '\n', (size_t)k);
        write_field(&csv, &want, c > 0, field, k, q);
      }
      end_row(&csv, &want, RND(2));
    }
    check_table(&csv, &want);
  }
#undef RND
}
END_TEST

/* CSV_MAX_FIELDS fields in a record are read; one more is an error on the first extra. */
START_TEST(csv36_max_fields) {
  for (int extra = 0; extra < 2; extra++) {
    size_t n = CSV_MAX_FIELDS + (size_t)extra;
    char *data = malloc(n + 8);
    memcpy(data, "h\n", 2);
    memset(data + 2, ',', n - 1);
    data[n + 1] = '\n';
    CsvOptions o = {.delimiter = ',', .buffer_size = 1 << 20};
    CsvReader *r = csv_open_mem("t.csv", data, n + 2, &o);
    const CsvField *f;
    ck_assert_int_eq(csv_header(r, &f), 1);
    ck_assert_int_eq(csv_next(r, &f), extra ? -1 : CSV_MAX_FIELDS);
    if (extra) {
      ck_assert_ptr_nonnull(csv_error(r));
      ck_assert_int_eq(csv_error(r)->col, CSV_MAX_FIELDS + 1);
      ck_assert(strstr(csv_error(r)->message, "fields in one record") != NULL);
    }
    csv_close(r);
    free(data);
  }
}
END_TEST

/* ---- cell helpers ---------------------------------------------------------------------- */

START_TEST(csv26_bool) {
  static const char *const yes[] = {"1", "vrai", "VRAI", "true", "True", "oui", " Oui ", "\tTRUE\r", "\xC2\xA0vrai"};
  static const char *const no[] = {"0", "faux", "Faux", "false", "FALSE", "non", "  NON"};
  static const char *const bad[] = {"", " ", "2", "yes", "no", "vraie", "o", "1.0", "true1", "v rai"};
  bool b;
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
    b = false;
    ck_assert_msg(csv_parse_bool(yes[i], strlen(yes[i]), &b) && b, "%s", yes[i]);
  }
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
    b = true;
    ck_assert_msg(csv_parse_bool(no[i], strlen(no[i]), &b) && !b, "%s", no[i]);
  }
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) ck_assert_msg(!csv_parse_bool(bad[i], strlen(bad[i]), &b), "%s", bad[i]);
  ck_assert(csv_parse_bool("ouix", 3, &b) && b);  /* only len bytes are read */
}
END_TEST

static bool date(const char *s, int *y, int *m, int *d) { return csv_parse_date(s, strlen(s), y, m, d); }

START_TEST(csv27_date) {
  int y = 0, m = 0, d = 0;
  ck_assert(date("2024-02-29", &y, &m, &d) && y == 2024 && m == 2 && d == 29);
  ck_assert(date("29/02/2024", &y, &m, &d) && y == 2024 && m == 2 && d == 29);
  ck_assert(date(" 1/3/2023 ", &y, &m, &d) && y == 2023 && m == 3 && d == 1);
  ck_assert(date("31/12/9999", &y, &m, &d) && y == 9999);
  ck_assert(date("2000-02-29", &y, &m, &d));
  static const char *const bad[] = {"29/02/2023", "2024-13-01", "2024-00-10", "2024-04-31", "1900-02-29",
                                    "0000-01-01", "32/01/2024", "00/01/2024", "2024-1-01", "24-01-01",
                                    "2024/01/01", "01-01-2024", "1/1/24", "001/01/2024", "2024-01-01x",
                                    "", "//", "2024-01-0a", "29/02/2023\n"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) ck_assert_msg(!date(bad[i], &y, &m, &d), "%s", bad[i]);
}
END_TEST

START_TEST(csv28_date_numbers) {
  ck_assert_int_eq(csv_date_days(1970, 1, 1), 0);
  ck_assert_int_eq(csv_date_days(1970, 1, 2), 1);
  ck_assert_int_eq(csv_date_days(1969, 12, 31), -1);
  ck_assert_int_eq(csv_date_days(2000, 3, 1) - csv_date_days(2000, 2, 28), 2);
  ck_assert_int_eq(csv_date_days(2024, 1, 1), 19723);
  ck_assert_int_eq(csv_date_days(1, 1, 1), -719162);
  ck_assert_int_eq(csv_date_pack(2024, 2, 29), 20240229);
  ck_assert_int_eq(csv_date_pack(9999, 12, 31), 99991231);
}
END_TEST

START_TEST(csv29_trim) {
  const char *s = " \t\xC2\xA0" "12,5\xE2\x80\xAF \r";
  size_t len = strlen(s);
  csv_trim(&s, &len);
  ck_assert_int_eq(len, 4);
  ck_assert(!memcmp(s, "12,5", 4));
  s = "   ";
  len = 3;
  csv_trim(&s, &len);
  ck_assert_int_eq(len, 0);
  s = "\xC2";  /* a cut no-break space is not a space */
  len = 1;
  csv_trim(&s, &len);
  ck_assert_int_eq(len, 1);
}
END_TEST

/* ---- CSV-31: a byte source (csv_open_source) reads like memory, in any chunking ---- */
typedef struct Chunks { const char *data; size_t len, pos; unsigned seed; long fail_at; int closed; } Chunks;

static long chunk_read(void *ctx, char *dst, size_t n, char *err, size_t errlen) {
  Chunks *c = ctx;
  if (c->fail_at >= 0 && c->pos >= (size_t)c->fail_at) { snprintf(err, errlen, "stream broken"); return -1; }
  c->seed = c->seed * 1103515245u + 12345u;
  size_t k = 1 + (c->seed >> 16) % 7;
  if (k > n) k = n;
  if (k > c->len - c->pos) k = c->len - c->pos;
  if (c->fail_at >= 0 && c->pos + k > (size_t)c->fail_at) k = (size_t)c->fail_at - c->pos;
  memcpy(dst, c->data + c->pos, k);
  c->pos += k;
  return (long)k;
}

static void chunk_close(void *ctx) { ((Chunks *)ctx)->closed++; }

static char *dump_source(Chunks *c, size_t bs) {
  CsvOptions o = {.buffer_size = bs};
  return dump_reader(csv_open_source("db", (CsvSource){chunk_read, chunk_close, c}, &o));
}

START_TEST(csv31_byte_source) {
  const char *data = "id,nom,montant\nL1,\"a, b\",12.5\r\nL2,\"é\"\"x\",3\n\nL3,,0\n";
  char *want = dump(data);
  for (int i = 0; i < NBUF; i++)
    for (unsigned seed = 1; seed < 20; seed++) {
      Chunks c = {data, strlen(data), 0, seed, -1, 0};
      char *got = dump_source(&c, bufsizes[i]);
      ck_assert_str_eq(got, want);
      ck_assert_int_eq(c.closed, 1);
      free(got);
    }
  free(want);
  Chunks c = {data, strlen(data), 0, 3, 30, 0};      /* fails inside the second record */
  char *got = dump_source(&c, 16);
  ck_assert_str_eq(got, "[id][nom][montant]\nERR 0:0: stream broken");
  ck_assert_int_eq(c.closed, 1);
  free(got);
}
END_TEST

/* A file truncated while it is read (another program rewriting it) is an error, not a
 * silently shorter table; a FIFO or a folder is refused at once (never a hang). */
START_TEST(csv32_shrinking_and_special_files) {
  char dir[] = "/tmp/pvs-test-csv-XXXXXX", path[64];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/t.csv", dir);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs("a,b\n", f);
  for (int i = 0; i < 200; i++) fprintf(f, "%d,%d\n", i, i);
  fclose(f);
  CsvOptions o = {0};
  o.buffer_size = 16;
  CsvReader *r = csv_open(path, &o);
  const CsvField *fl;
  ck_assert_int_eq(csv_header(r, &fl), 2);
  ck_assert_int_eq(truncate(path, 40), 0);
  int n, rows = 0;
  while ((n = csv_next(r, &fl)) > 0) rows++;
  ck_assert_int_lt(n, 0);
  ck_assert_ptr_nonnull(strstr(csv_error(r)->message, "shrank"));
  csv_close(r);
  char fifo[80];
  snprintf(fifo, sizeof fifo, "%s/fifo.csv", dir);
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  r = csv_open(fifo, NULL);
  ck_assert_ptr_nonnull(csv_error(r));
  ck_assert_ptr_nonnull(strstr(csv_error(r)->message, "not a regular file"));
  csv_close(r);
  r = csv_open(dir, NULL);
  ck_assert_ptr_nonnull(strstr(csv_error(r)->message, "folder"));
  csv_close(r);
  unlink(fifo);
  unlink(path);
  rmdir(dir);
  (void)rows;
}
END_TEST

/* CsvOptions.sha256: the digest of the bytes read, as they are in the source (BOM included,
 * before the cp1252 conversion), from a file or memory, whatever the buffer size; only once
 * the end is reached; none without the option. The expected digest is sha256.c's over the
 * same bytes (itself checked on the FIPS 180-4 vectors in test_sha256.c). */
static void check_sha256(const char *path, const Out *data, const char *enc) {
  char want[65];
  Sha256 h;
  sha256_init(&h);
  sha256_add(&h, data->s, data->len);
  sha256_hex(&h, want);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(data->s, 1, data->len, f), data->len);
  fclose(f);
  for (int file = 0; file < 2; file++)
    for (int i = 0; i < NBUF; i++) {
      CsvOptions o = {.buffer_size = bufsizes[i], .sha256 = true, .encoding = enc};
      CsvReader *r = file ? csv_open(path, &o) : csv_open_mem("t.csv", data->s, data->len, &o);
      const CsvField *fl;
      ck_assert_int_eq(csv_header(r, &fl), 2);
      if (bufsizes[i] < data->len) ck_assert_ptr_null(csv_sha256(r));   /* not at the end yet */
      int n, rows = 0;
      while ((n = csv_next(r, &fl)) > 0) rows++;
      ck_assert_int_eq(n, 0);
      ck_assert_int_eq(rows, 3000);
      ck_assert_ptr_nonnull(csv_sha256(r));
      ck_assert_str_eq(csv_sha256(r), want);
      csv_close(r);
    }
  CsvReader *r = csv_open(path, &(CsvOptions){.encoding = enc});
  const CsvField *fl;
  while (csv_next(r, &fl) > 0) continue;
  ck_assert_ptr_null(csv_sha256(r));   /* not asked for */
  csv_close(r);
}

START_TEST(csv33_sha256_while_reading) {
  char dir[] = "/tmp/pvs-test-csv-XXXXXX", path[64];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/t.csv", dir);
  for (int cp = 0; cp < 2; cp++) {
    Out data = {calloc(1, 1), 0, 1};
    out_str(&data, cp ? "id;nom\r\n" : "\xEF\xBB\xBFid;nom\r\n");
    for (int i = 0; i < 3000; i++) {
      char line[64];
      out_add(&data, line, (size_t)snprintf(line, sizeof line, "L%05d;\"caf%s %d\"\n", i, cp ? "\xE9" : "\xC3\xA9", i * 7));
    }
    check_sha256(path, &data, cp ? "cp1252" : NULL);
    free(data.s);
  }
  unlink(path);
  rmdir(dir);
}
END_TEST

/* The parallel scan's reader (scan_parallel.c): where a reader is (csv_tell), the next record's
 * start past empty lines (csv_next_start), and a reader opened at a record start with the
 * header taken as read (csv_open_at), its lines counted from there. */
START_TEST(csv34_open_at_and_positions) {
  char dir[] = "/tmp/pvs-test-csv-XXXXXX", path[64];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/t.csv", dir);
  const char *text = "a,b\r\n1,x\r\n\r\n2,\"multi\nline\"\r\n\n3,y";
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
  long long at, rec2 = strstr(text, "2,") - text, rec3 = strstr(text, "3,y") - text, size = (long long)strlen(text);
  long line;
  CsvOptions o = {0};
  o.buffer_size = 8;   /* refills inside every record */
  CsvReader *r = csv_open(path, &o);
  const CsvField *fl;
  ck_assert_int_eq(csv_header(r, &fl), 2);
  csv_tell(r, &at, &line);
  ck_assert_int_eq(at, 5); ck_assert_int_eq(line, 2);
  ck_assert_int_eq(csv_next(r, &fl), 2);
  csv_tell(r, &at, &line);
  ck_assert_int_eq(at, 10); ck_assert_int_eq(line, 3);
  ck_assert_int_eq(csv_next_start(r), rec2);   /* past the empty line */
  csv_tell(r, &at, &line);
  ck_assert_int_eq(at, rec2); ck_assert_int_eq(line, 4);
  ck_assert_int_eq(csv_next(r, &fl), 2);
  ck_assert_int_eq(fl[1].len, 10);
  ck_assert_int_eq(csv_next_start(r), rec3);
  ck_assert_int_eq(csv_next(r, &fl), 2);
  ck_assert_int_eq(csv_record_line(r), 7);
  ck_assert_int_eq(csv_next_start(r), size);   /* the end of the data */
  ck_assert_int_eq(csv_next(r, &fl), 0);
  csv_close(r);
  r = csv_open_at(path, &o, rec2, ',', 2);
  ck_assert_ptr_null(csv_error(r));
  ck_assert_int_eq(csv_header_count(r), 2);
  ck_assert_int_eq(csv_next(r, &fl), 2);
  ck_assert_int_eq(csv_record_line(r), 1);
  ck_assert(fl[0].len == 1 && fl[0].s[0] == '2');
  ck_assert_int_eq(csv_next(r, &fl), 2);
  ck_assert_int_eq(csv_record_line(r), 4);   /* lines counted from the offset */
  ck_assert(fl[1].len == 1 && fl[1].s[0] == 'y');
  ck_assert_int_eq(csv_next(r, &fl), 0);
  csv_tell(r, &at, &line);
  ck_assert_int_eq(at, size);
  csv_close(r);
  r = csv_open_at(path, NULL, size + 1, ',', 2);   /* past the end: an error, no crash */
  ck_assert_ptr_nonnull(csv_error(r));
  csv_close(r);
  unlink(path);
  rmdir(dir);
}
END_TEST

static Suite *csv_suite(void) {
  Suite *s = suite_create("csv");
  TCase *t = tcase_create("reader");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, csv01_lf_crlf_final_newline);
  tcase_add_test(t, csv02_empty_lines);
  tcase_add_test(t, csv03_empty_line_keeps_line_numbers);
  tcase_add_test(t, csv04_bom);
  tcase_add_test(t, csv05_quoting);
  tcase_add_test(t, csv06_bare_quote_kept);
  tcase_add_test(t, csv07_long_records_across_refills);
  tcase_add_test(t, csv08_delimiter_detection);
  tcase_add_test(t, csv09_delimiter_ties);
  tcase_add_test(t, csv10_delimiter_forced);
  tcase_add_test(t, csv11_latin1);
  tcase_add_test(t, csv12_cp1252);
  tcase_add_test(t, csv13_cp1252_undefined_byte);
  tcase_add_test(t, csv14_unknown_encoding);
  tcase_add_test(t, csv15_utf8_multibyte_across_refills);
  tcase_add_test(t, csv16_invalid_utf8);
  tcase_add_test(t, csv17_nul_byte);
  tcase_add_test(t, csv18_unterminated_quote);
  tcase_add_test(t, csv19_text_after_closing_quote);
  tcase_add_test(t, csv20_strict_quotes);
  tcase_add_test(t, csv21_field_count);
  tcase_add_test(t, csv22_open_errors);
  tcase_add_test(t, csv23_field_pos);
  tcase_add_test(t, csv24_read_file);
  tcase_add_test(t, csv25_fuzz);
  tcase_add_test(t, csv30_roundtrip);
  tcase_add_test(t, csv31_byte_source);
  tcase_add_test(t, csv32_shrinking_and_special_files);
  tcase_add_test(t, csv33_sha256_while_reading);
  tcase_add_test(t, csv34_open_at_and_positions);
  tcase_add_test(t, csv36_max_fields);
  suite_add_tcase(s, t);
  TCase *c = tcase_create("cells");
  tcase_add_test(c, csv26_bool);
  tcase_add_test(c, csv27_date);
  tcase_add_test(c, csv28_date_numbers);
  tcase_add_test(c, csv29_trim);
  suite_add_tcase(s, c);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(csv_suite());
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
