/* csv.h — streaming reader for the data tables of a pvs script (RFC 4180, UTF-8 output).
 *
 * The reader owns one read buffer (1 MiB by default, grown only for a record longer than
 * the buffer), so memory does not depend on the number of rows. Fields are borrowed
 * pointer+length pairs: an unquoted field, or a quoted field without `""`, points into the
 * read buffer; a quoted field with `""` escapes is unescaped into a scratch buffer. Every
 * field pointer stays valid until the next csv_header()/csv_next()/csv_close(). The reader
 * never prints and never exits: an error is kept (sticky) and read with csv_error().
 *
 * Conventions as implemented (doc/csv.md says the same, with the reasons):
 *  - Records end with LF or CRLF; the last one may have no final newline. A CR alone inside
 *    an unquoted field is data. Inside quotes, LF and CRLF are kept as they are.
 *  - Empty lines (nothing, or a lone CR, before the LF) are skipped anywhere: before the
 *    header, between records, at the end. A line made of delimiters only (`,,`) is a record.
 *  - Quoting: a field that starts with `"` is quoted, `""` inside it is one quote, and after
 *    the closing quote only the delimiter or the end of the line may follow (error otherwise).
 *    A quote inside an unquoted field (`37°36'37.8"N`) is kept literally, as Python's csv
 *    module does; with CsvOptions.strict_quotes it is an error instead.
 *  - Delimiter: forced by the caller, or detected from the header line among `,` `;` tab
 *    `|`, counting outside quotes; the most frequent wins; a tie goes to the one least
 *    likely to appear inside a column name: tab, then `;`, then `|`, then `,`; a header
 *    without any of them (one column) gives `,`.
 *  - Encodings: UTF-8 (default; a leading BOM is skipped; invalid UTF-8 and NUL bytes are
 *    errors), latin1 (ISO-8859-1) and cp1252 (Windows-1252), converted to UTF-8 with iconv
 *    chunk by chunk. A byte undefined in cp1252 (0x81 0x8D 0x8F 0x90 0x9D) is an error.
 *  - Positions: lines are 1-based physical lines of the file (a quoted field with newlines
 *    spans several); columns are 1-based and count characters (UTF-8 code points of the
 *    converted text), a tab counting as one. A field's position is the one of its first
 *    byte as written (its opening quote when quoted). Positions are computed only on demand.
 *  - Limits (against runaway input, e.g. an unterminated quote): a record may not exceed
 *    CSV_MAX_RECORD bytes nor CSV_MAX_FIELDS fields.
 * Typed cell helpers (bool, date, trim) are pure functions that never allocate. */
#ifndef PVS_CSV_H
#define PVS_CSV_H
#include <stdbool.h>
#include <stddef.h>

#define CSV_MAX_RECORD ((size_t)64 << 20)
#define CSV_MAX_FIELDS 100000

typedef struct CsvField { const char *s; size_t len; } CsvField;  /* borrowed, see above */

/* An error: `path` as given to csv_open; `line` and `col` are 1-based (0 when the error has
 * no position, e.g. a file that cannot be opened); `line_text` is that physical line,
 * without its line end, NUL-terminated (NULL when there is no position); `message` is
 * translated and says what was expected. All owned by the reader. */
typedef struct CsvError { char *path; long line, col; char *line_text; char *message; } CsvError;

typedef struct CsvOptions {
  char delimiter;        /* 0 = detect from the header line */
  const char *encoding;  /* NULL, "utf-8", "latin1", "cp1252" (see csv_open) */
  bool strict_quotes;    /* a quote inside an unquoted field is an error */
  size_t buffer_size;    /* initial read buffer in bytes; 0 = 1 MiB (tests use tiny ones) */
  bool sha256;           /* digest the source bytes as they are read (see csv_sha256) */
} CsvOptions;

typedef struct CsvReader CsvReader;

/* Opens `path` for reading (borrowed; copied for messages). `opt` may be NULL (defaults).
 * Encoding names are case-insensitive: "utf-8" "utf8"; "latin1" "latin-1" "iso-8859-1"
 * "iso8859-1"; "cp1252" "windows-1252". Never returns NULL (except when out of memory,
 * which aborts): check csv_error() — an unreadable file or an unknown encoding is an error.
 * The caller owns the reader and frees it with csv_close(). */
CsvReader *csv_open(const char *path, const CsvOptions *opt);

/* Same over `len` bytes of memory at `data` (borrowed: must outlive the reader); `name`
 * (borrowed, copied) stands for the path in errors. */
CsvReader *csv_open_mem(const char *name, const char *data, size_t len, const CsvOptions *opt);

/* Opens `path` at byte `offset`, where a record starts (the parallel scan, scan_parallel.c):
 * the header is taken as read, with `nfields` fields and the delimiter `delim`; lines are
 * counted from 1 at `offset`; csv_tell's offsets are the file's. Only for a UTF-8 file
 * (opt->encoding is ignored: the caller reads converted files whole), without a digest. */
CsvReader *csv_open_at(const char *path, const CsvOptions *opt, long long offset, char delim, int nfields);

/* Where the reader is: the file offset of the first byte not yet parsed (after the last
 * record returned) and its physical line. */
void csv_tell(const CsvReader *r, long long *offset, long *line);

/* Skips the empty lines before the next record (as csv_next would): the file offset where
 * that record starts (the end of the data when there is none), or -1 on error. */
long long csv_next_start(CsvReader *r);

/* A byte source the reader pulls from (a database stream, …): `read` fills up to n bytes of
 * dst and returns the count, 0 at the end, or -1 on error with a translated message in
 * err (errlen bytes, NUL-terminated); `close` frees ctx (called once, by csv_close). The
 * bytes are read exactly as a file's would be: same encoding checks, same positions. */
typedef struct CsvSource {
  long (*read)(void *ctx, char *dst, size_t n, char *err, size_t errlen);
  void (*close)(void *ctx);
  void *ctx;
} CsvSource;

/* Same over a byte source (owned by the reader from now on, even when this fails); `name`
 * (borrowed, copied) stands for the path in errors. */
CsvReader *csv_open_source(const char *name, CsvSource src, const CsvOptions *opt);

/* The sticky error, or NULL. Borrowed from the reader. */
const CsvError *csv_error(const CsvReader *r);

/* Reads the header row (detecting the delimiter if not forced): returns its field count
 * (>= 1) and points *fields at them (borrowed), or -1 on error (an empty file is one).
 * Call it once, first; csv_next() reads (and drops) the header itself if it was not. */
int csv_header(CsvReader *r, const CsvField **fields);

/* Reads the next record: returns its field count (>= 1) with *fields (borrowed), 0 at the
 * end of the data, -1 on error. The count is not compared with the header's: see
 * csv_expect_fields(). */
int csv_next(CsvReader *r, const CsvField **fields);

/* Checks that the current record has `expected` fields; if not, records the error
 * "line N has 5 fields, the header has 6" (caret on the first extra field, or at the end
 * of the record when fields are missing) and returns false. */
bool csv_expect_fields(CsvReader *r, int expected);

/* Field count of the header (0 before csv_header). */
int csv_header_count(const CsvReader *r);

/* Physical line (1-based) where the current record (or header) starts. */
long csv_record_line(const CsvReader *r);

/* Position of field `i` of the current record, computed now by rescanning the record:
 * its line and column, and that whole line (borrowed pointer into the read buffer, not
 * NUL-terminated, without its line end; valid until the next csv_next). Any output pointer
 * may be NULL. An out-of-range `i` gives the position just after the record's last byte. */
void csv_field_pos(CsvReader *r, int i, long *line, long *col, const char **line_text,
                   size_t *line_len);

/* The delimiter in use: the forced one, or the detected one once the header is read
 * (0 before that). */
char csv_delimiter(const CsvReader *r);

/* With CsvOptions.sha256: the SHA-256 of the source bytes as read (before any conversion,
 * BOM included), as 64 hex digits, once the reader has reached the end of the source; NULL
 * before that (a source that failed never gets there), or without the option. So the
 * digest is of exactly the bytes the rows came from, without reading the file again.
 * Borrowed from the reader. */
const char *csv_sha256(const CsvReader *r);

/* Frees the reader, its buffers and its error; NULL is allowed. */
void csv_close(CsvReader *r);

/* ---- typed cells: pure, no allocation ------------------------------------------------ */

/* Removes leading and trailing spaces, tabs, CR and the UTF-8 no-break spaces U+00A0 and
 * U+202F from the span (s, len); the span is only narrowed. */
void csv_trim(const char **s, size_t *len);

/* `1` `0` `vrai` `faux` `true` `false` `oui` `non`, ASCII case-insensitive, surrounding
 * spaces ignored (csv_trim). Returns false (and leaves *out) for anything else. */
bool csv_parse_bool(const char *s, size_t len, bool *out);

/* `YYYY-MM-DD` (exactly 4-2-2 digits) or `DD/MM/YYYY` (day and month of 1 or 2 digits,
 * 4-digit year), surrounding spaces ignored; year 1..9999, month 1..12, day valid for the
 * month (Gregorian leap years). Returns false for anything else (outputs untouched). */
bool csv_parse_date(const char *s, size_t len, int *y, int *m, int *d);

/* Day number of a valid date: days since 1970-01-01 (negative before), proleptic
 * Gregorian. Differences give durations in days. */
long csv_date_days(int y, int m, int d);

/* Packed yyyymmdd (20240229): sorts like the date. */
long csv_date_pack(int y, int m, int d);
#endif
