/* csv.c — the streaming CSV reader: buffer refills, UTF-8 validation and iconv conversion,
 * delimiter detection, record splitting, and lazily computed positions for errors.
 *
 * The buffer holds [pos, len) published text (valid UTF-8, ready to parse) and [len, end)
 * bytes read but held back (an incomplete UTF-8 sequence at a chunk boundary, or what
 * follows an encoding error). A record is always parsed from its first byte: when it runs
 * past `len` the reader refills (moving the record to the start of the buffer, doubling the
 * buffer when it is more than three quarters full) and parses it again from scratch. So
 * field pointers never dangle, and nothing but the record in progress is kept.
 *
 * Encoding and NUL errors found while filling are "pending": the text before them is
 * published, and the error is raised only when the parser needs the bytes after it, so
 * every record before the bad byte is delivered first and the error gets its exact place.
 *
 * Typed cell helpers live in csv_cell.c. */
#include "csv.h"
#include "mem.h"
#include "inputs.h"
#include "intl.h"
#include "sha256.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { DEFAULT_BUFFER = 1 << 20 };
enum { BUF_PAD = 64 };  /* readable bytes after buf + cap: 16-byte loads may run past len */
enum { NEED_MORE = -2, SKIPPED = -3, HAS_QUOTE = -4 };  /* parse results besides a count, 0 (end), -1 */
typedef enum Pending { PEND_NONE, PEND_UTF8, PEND_TRUNC, PEND_NUL, PEND_ENC } Pending;

struct CsvReader {
  CsvError err;
  bool failed;
  char *name;
  /* source: a file descriptor, borrowed memory, or a byte source (src.read) */
  int fd;
  CsvSource src;
  const char *mem;
  size_t mem_len, mem_pos;
  bool in_eof;               /* the source has no more bytes */
  Sha256 *sha;               /* CsvOptions.sha256: the source bytes so far, until the end */
  char sha_hex[65];          /* …then their digest ("" before the end) */
  off_t fd_size, fd_read;    /* a file's size when opened, and the bytes read from it */
  /* conversion (latin1, cp1252): raw source bytes go through iconv into buf */
  iconv_t cd;
  bool conv;
  const char *enc_name;      /* for messages */
  char *raw;
  size_t raw_pos, raw_len, raw_cap;
  /* the buffer, see the file header */
  char *buf;
  size_t cap, pos, len, end;
  size_t consumed;           /* bytes dropped before buf[0] (file offset of buf[0]) */
  bool src_eof;              /* no byte will be appended to buf any more */
  Pending pend;
  size_t pend_off;           /* offset in buf of the pending error */
  unsigned char pend_byte;
  /* dialect */
  char delim;
  bool strict;
  bool header_done, at_end;
  int header_n;
  /* records: the current one is [rec, rec_end) starting on line rec_line */
  long line;                 /* line of buf + pos */
  size_t rec, rec_end;
  long rec_line;
  CsvField *f;
  int nf, fcap;
  char *scratch;
  size_t scap;
};

/* ---- memory and errors --------------------------------------------------------------- */

static bool final_data(const CsvReader *r) { return r->src_eof && r->pend == PEND_NONE; }

/* Length of the valid UTF-8 sequence at s (n bytes available, s[0] >= 0x80): the length,
 * 0 when it is cut short by the end of the bytes, -1 when it is invalid. */
static int utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0], lo = 0x80, hi = 0xBF;
  int need;
  if (c < 0xC2 || c > 0xF4) return -1;
  if (c < 0xE0) need = 2;
  else if (c < 0xF0) { need = 3; lo = c == 0xE0 ? 0xA0 : 0x80; hi = c == 0xED ? 0x9F : 0xBF; }
  else { need = 4; lo = c == 0xF0 ? 0x90 : 0x80; hi = c == 0xF4 ? 0x8F : 0xBF; }
  if (n < 2) return 0;
  if (s[1] < lo || s[1] > hi) return -1;
  for (int j = 2; j < need; j++) {
    if ((size_t)j >= n) return 0;
    if ((s[j] & 0xC0) != 0x80) return -1;
  }
  return need;
}

/* Copy of a line for display: invalid UTF-8 and NUL bytes become '?'. */
static char *display_copy(const char *s, size_t n) {
  char *out = mem_realloc(NULL, n + 1);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    int k = u[i] < 0x80 ? 1 : utf8_seq(u + i, n - i);
    if (k <= 0 || u[i] == 0) { out[i++] = '?'; continue; }
    memcpy(out + i, s + i, (size_t)k);
    i += (size_t)k;
  }
  out[n] = 0;
  return out;
}

/* Line, column and line text of the byte at p, counted from the current record start. */
static void locate(const CsvReader *r, const char *p, long *line, long *col, const char **ls_out,
                   size_t *ll_out) {
  const char *base = r->buf + r->rec, *limit = r->buf + r->end, *ls = base;
  long ln = r->rec_line;
  for (const char *q = base; q < p && (q = memchr(q, '\n', (size_t)(p - q))); q++) { ln++; ls = q + 1; }
  long c = 1;
  for (const char *q = ls; q < p; q++) c += ((unsigned char)*q & 0xC0) != 0x80;
  const char *le = memchr(ls, '\n', (size_t)(limit - ls));
  if (!le) le = limit;
  if (le > ls && le[-1] == '\r') le--;
  if (line) *line = ln;
  if (col) *col = c;
  if (ls_out) *ls_out = ls;
  if (ll_out) *ll_out = (size_t)(le - ls);
}

static void set_message(CsvReader *r, const char *fmt, va_list ap) {
  char tmp[512];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  free(r->err.message);
  r->err.message = mem_strndup(tmp, strlen(tmp));
  r->failed = true;
}

/* Records an error without a position (a file that cannot be read, a bad option). */
static int fail_nopos(CsvReader *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  set_message(r, fmt, ap);
  va_end(ap);
  r->err.line = r->err.col = 0;
  return -1;
}

/* Records an error at the byte p of the buffer (at or after the current record start). */
static int fail_at(CsvReader *r, const char *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  set_message(r, fmt, ap);
  va_end(ap);
  const char *ls;
  size_t ll;
  locate(r, p, &r->err.line, &r->err.col, &ls, &ll);
  free(r->err.line_text);
  r->err.line_text = display_copy(ls, ll);
  return -1;
}

static const char *delim_name(char d) {
  switch (d) {
  case '\t': return _("tab");
  case ';': return "';'";
  case '|': return "'|'";
  default: return "','";
  }
}

/* ---- filling the buffer -------------------------------------------------------------- */

/* Reads up to n bytes of the source itself into dst: the count, 0 at the end, -1 on error. */
static long read_raw(CsvReader *r, char *dst, size_t n) {
  if (r->src.read) {
    char msg[512] = "";
    long k = r->src.read(r->src.ctx, dst, n, msg, sizeof msg);
    if (k < 0) return fail_nopos(r, "%s", msg);
    if (k == 0) r->in_eof = true;
    return k;
  }
  if (r->mem) {
    size_t k = r->mem_len - r->mem_pos < n ? r->mem_len - r->mem_pos : n;
    memcpy(dst, r->mem + r->mem_pos, k);
    r->mem_pos += k;
    if (k == 0) r->in_eof = true;
    return (long)k;
  }
  ssize_t k;
  do k = read(r->fd, dst, n); while (k < 0 && errno == EINTR);
  if (k < 0) return fail_nopos(r, _("cannot read %s: %s"), r->name, strerror(errno));
  r->fd_read += k;
  if (k == 0 && r->fd_read < r->fd_size)   /* truncated while read: the rows would be silently fewer */
    return fail_nopos(r, _("%s shrank while it was being read (%lld bytes, then only %lld); read it again "
                           "once it is no longer being written"), r->name, (long long)r->fd_size, (long long)r->fd_read);
  if (k == 0) r->in_eof = true;
  return (long)k;
}

/* Reads up to n source bytes into dst: the count, 0 at the end, -1 on error. The bytes
 * go through the digest when one is asked for; at the end it is finished. */
static long read_src(CsvReader *r, char *dst, size_t n) {
  if (r->in_eof) return 0;
  long k = read_raw(r, dst, n);
  if (r->sha && k > 0) sha256_add(r->sha, dst, (size_t)k);
  if (r->sha && k == 0) {
    sha256_hex(r->sha, r->sha_hex);
    free(r->sha);
    r->sha = NULL;
  }
  return k;
}

static void set_pending(CsvReader *r, Pending kind, size_t off, unsigned char byte) {
  r->pend = kind;
  r->pend_off = off;
  r->pend_byte = byte;
}

/* Appends converted bytes (latin1, cp1252) to the buffer; 0 at the end, -1 on error. */
static long fill_conv(CsvReader *r) {
  if (r->raw_pos == r->raw_len) {
    long n = read_src(r, r->raw, r->raw_cap);
    if (n <= 0) {
      if (n == 0) r->src_eof = true;
      return n;
    }
    r->raw_pos = 0;
    r->raw_len = (size_t)n;
  }
  char *in = r->raw + r->raw_pos, *out = r->buf + r->end;
  size_t inleft = r->raw_len - r->raw_pos, outleft = r->cap - r->end;
  size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
  size_t produced = (size_t)(out - (r->buf + r->end));
  if (rc == (size_t)-1 && errno != E2BIG)  /* EILSEQ (EINVAL cannot happen: one byte each) */
    set_pending(r, PEND_ENC, r->end + produced, (unsigned char)*in);
  r->raw_pos = (size_t)(in - r->raw);
  r->end += produced;
  return (long)produced;
}

/* Appends source bytes to the buffer; 0 at the end, -1 on error. */
static long fill(CsvReader *r) {
  if (r->conv) return fill_conv(r);
  long n = read_src(r, r->buf + r->end, r->cap - r->end);
  if (n > 0) r->end += (size_t)n;
  if (n == 0) r->src_eof = true;
  return n;
}

/* True when one of the 8 bytes of v is >= 0x80 or is 0. */
static inline bool word_special(uint64_t v) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((v | ((v - ones) & ~v)) & highs) != 0;
}

/* Publishes the valid UTF-8 of [len, end): moves len up to the first error (made pending)
 * or up to an incomplete sequence at the end (held back until more bytes come). */
static void validate(CsvReader *r) {
  const unsigned char *s = (const unsigned char *)r->buf;
  size_t i = r->len, lim = r->pend ? r->pend_off : r->end;
  while (i < lim) {
    uint64_t v;
#if defined(__SSE2__)
    for (; i + 32 <= lim; i += 32) {   /* 32 bytes at a time: none >= 0x80, none 0 */
      __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i)), b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
      __m128i zero = _mm_setzero_si128(), special = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(b, zero)));
      if (_mm_movemask_epi8(special)) break;
    }
#endif
    while (i + 8 <= lim && (memcpy(&v, s + i, 8), !word_special(v))) i += 8;
    if (i >= lim) break;
    if (s[i] == 0) { set_pending(r, PEND_NUL, i, 0); break; }
    if (s[i] < 0x80) { i++; continue; }
    int k = utf8_seq(s + i, lim - i);
    if (k > 0) { i += (size_t)k; continue; }
    if (k == 0 && !r->src_eof) break;
    set_pending(r, k == 0 ? PEND_TRUNC : PEND_UTF8, i, s[i]);
    break;
  }
  r->len = i;
}

/* Raises the pending error found at buf + pend_off (== len, the parser reached it). */
static int raise_pending(CsvReader *r) {
  const char *p = r->buf + r->pend_off;
  unsigned b = r->pend_byte;
  bool at_start = r->consumed + r->pend_off == 0;
  switch (r->pend) {
  case PEND_NUL:
    return fail_at(r, p, _("a NUL byte (0x00): is this a binary file, or a UTF-16 file? save it as UTF-8"));
  case PEND_TRUNC:
    return fail_at(r, p, _("the file ends in the middle of a UTF-8 character (byte 0x%02X)"), b);
  case PEND_ENC:
    return fail_at(r, p, _("byte 0x%02X is not a character in %s: is the encoding right?"), b, r->enc_name);
  default:
    if (at_start && (b == 0xFF || b == 0xFE))
      return fail_at(r, p, _("this file is in UTF-16 (it starts with byte 0x%02X): save it as UTF-8"), b);
    if (b >= 0x80 && b <= 0x9F)
      return fail_at(r, p, _("invalid UTF-8 byte 0x%02X: is this file in cp1252 (Windows)? add encodage: \"cp1252\" to the table"), b);
    return fail_at(r, p, _("invalid UTF-8 byte 0x%02X: is this file in latin1? add encodage: \"latin1\" to the table"), b);
  }
}

/* Moves [pos, end) to the start of the buffer; the current record starts there. */
static void compact(CsvReader *r) {
  size_t k = r->pos;
  if (k == 0) return;
  memmove(r->buf, r->buf + k, r->end - k);
  r->consumed += k;
  r->len -= k;
  r->end -= k;
  if (r->pend) r->pend_off -= k;
  r->pos = r->rec = 0;
  r->rec_line = r->line;
}

static int grow(CsvReader *r) {
  if (r->end >= CSV_MAX_RECORD)
    return fail_at(r, r->buf + r->pos, _("a record longer than %zu MiB starts here: is a quoted field left open?"),
                   CSV_MAX_RECORD >> 20);
  r->cap *= 2;
  r->buf = mem_realloc(r->buf, r->cap + BUF_PAD);
  return 0;
}

/* Makes more text available after len: 1 when some was published, 0 when the data is
 * complete (final_data), -1 on error (a pending error reached, a read error). */
static int refill(CsvReader *r) {
  for (;;) {
    if (r->pend) return raise_pending(r);
    if (r->src_eof) return 0;
    compact(r);
    size_t room = r->cap / 4 > 4 ? r->cap / 4 : 4;
    if (r->cap - r->end < room && grow(r) < 0) return -1;
    size_t before = r->len;
    if (fill(r) < 0) return -1;
    validate(r);
    if (r->len > before) return 1;
  }
}

/* ---- opening and closing ------------------------------------------------------------- */

static const char *iconv_name(const char *enc) {
  static const char *const latin1[] = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", NULL};
  static const char *const cp1252[] = {"cp1252", "windows-1252", "win1252", NULL};
  for (int i = 0; latin1[i]; i++) if (!strcasecmp(enc, latin1[i])) return "ISO-8859-1";
  for (int i = 0; cp1252[i]; i++) if (!strcasecmp(enc, cp1252[i])) return "CP1252";
  return NULL;
}

static void set_encoding(CsvReader *r, const char *enc) {
  if (!enc || !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8")) return;
  const char *from = iconv_name(enc);
  if (!from) {
    fail_nopos(r, _("unknown encoding \"%s\": expected \"utf-8\", \"latin1\" or \"cp1252\""), enc);
    return;
  }
  r->cd = iconv_open("UTF-8", from);
  if (r->cd == (iconv_t)-1) {
    fail_nopos(r, _("cannot convert from %s: %s"), enc, strerror(errno));
    return;
  }
  r->conv = true;
  r->enc_name = !strcmp(from, "CP1252") ? "cp1252" : "latin1";
  r->raw_cap = r->cap;
  r->raw = mem_realloc(NULL, r->raw_cap);
}

static void set_delimiter(CsvReader *r, char d) {
  if (d == '"' || d == '\n' || d == '\r' || d == 0 || (unsigned char)d >= 0x80)
    fail_nopos(r, _("invalid delimiter (byte 0x%02X): expected an ASCII character other than a quote or a line end"),
               (unsigned)(unsigned char)d);
  else r->delim = d;
}

static CsvReader *new_reader(const char *name, const CsvOptions *opt) {
  CsvReader *r = mem_realloc(NULL, sizeof *r);
  memset(r, 0, sizeof *r);
  r->fd = -1;
  r->cd = (iconv_t)-1;
  r->name = mem_strndup(name, strlen(name));
  r->err.path = mem_strndup(name, strlen(name));
  r->line = r->rec_line = 1;
  r->cap = opt && opt->buffer_size ? opt->buffer_size : DEFAULT_BUFFER;
  if (r->cap < 8) r->cap = 8;
  r->buf = mem_realloc(NULL, r->cap + BUF_PAD);
  r->enc_name = "UTF-8";
  if (opt) {
    r->strict = opt->strict_quotes;
    if (opt->sha256) {
      r->sha = mem_alloc(sizeof *r->sha);
      sha256_init(r->sha);
    }
    if (opt->delimiter) set_delimiter(r, opt->delimiter);
    if (!r->failed) set_encoding(r, opt->encoding);
  }
  return r;
}

CsvReader *csv_open(const char *path, const CsvOptions *opt) {
  CsvReader *r = new_reader(path, opt);
  if (r->failed) return r;
  r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);   /* a FIFO without a writer must not hang */
  if (r->fd < 0) {
    fail_nopos(r, _("cannot open %s: %s"), path, strerror(errno));
    return r;
  }
  struct stat st;
  if (fstat(r->fd, &st) != 0) st.st_mode = 0;
  if (!S_ISREG(st.st_mode)) {
    fail_nopos(r, S_ISDIR(st.st_mode) ? _("%s is a folder, not a data file; give the CSV file inside it")
                                      : _("%s is not a regular file (a pipe or a device); save the data to a file first"),
               path);
    return r;
  }
  fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) & ~O_NONBLOCK);
  r->fd_size = st.st_size;
  posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  inputs_note_fd(r->fd);
  return r;
}

CsvReader *csv_open_at(const char *path, const CsvOptions *opt, long long offset, char delim, int nfields) {
  CsvOptions o = opt ? *opt : (CsvOptions){0};
  o.delimiter = delim;
  o.encoding = NULL;
  o.sha256 = false;
  CsvReader *r = csv_open(path, &o);
  if (r->failed) return r;
  if (offset < 0 || offset > r->fd_size || lseek(r->fd, (off_t)offset, SEEK_SET) < 0) {
    fail_nopos(r, _("cannot read %s: %s"), path, strerror(errno ? errno : EINVAL));
    return r;
  }
  r->fd_size -= (off_t)offset;
  r->consumed = (size_t)offset;
  r->header_done = true;
  r->header_n = nfields;
  return r;
}

void csv_tell(const CsvReader *r, long long *offset, long *line) {
  *offset = (long long)(r->consumed + r->pos);
  *line = r->line;
}

CsvReader *csv_open_mem(const char *name, const char *data, size_t len, const CsvOptions *opt) {
  CsvReader *r = new_reader(name, opt);
  r->mem = data ? data : "";
  r->mem_len = data ? len : 0;
  return r;
}

CsvReader *csv_open_source(const char *name, CsvSource src, const CsvOptions *opt) {
  CsvReader *r = new_reader(name, opt);
  r->src = src;
  return r;
}

void csv_close(CsvReader *r) {
  if (!r) return;
  if (r->fd >= 0) close(r->fd);
  if (r->src.close) r->src.close(r->src.ctx);
  if (r->cd != (iconv_t)-1) iconv_close(r->cd);
  free(r->sha);
  free(r->raw);
  free(r->buf);
  free(r->scratch);
  free(r->f);
  free(r->name);
  free(r->err.path);
  free(r->err.line_text);
  free(r->err.message);
  free(r);
}

const CsvError *csv_error(const CsvReader *r) { return r->failed ? &r->err : NULL; }
char csv_delimiter(const CsvReader *r) { return r->delim; }
int csv_header_count(const CsvReader *r) { return r->header_n; }
long csv_record_line(const CsvReader *r) { return r->rec_line; }
const char *csv_sha256(const CsvReader *r) { return r->sha_hex[0] ? r->sha_hex : NULL; }

/* ---- splitting records --------------------------------------------------------------- */

static int grow_fields(CsvReader *r, const char *at) {
  if (r->fcap >= CSV_MAX_FIELDS)
    return fail_at(r, at, _("more than %d fields in one record"), CSV_MAX_FIELDS);
  r->fcap = r->fcap ? r->fcap * 2 : 64;
  if (r->fcap > CSV_MAX_FIELDS) r->fcap = CSV_MAX_FIELDS;
  r->f = mem_realloc(r->f, (size_t)r->fcap * sizeof *r->f);
  return 0;
}

static inline int push(CsvReader *r, int n, const char *s, size_t len) {
  if (n == r->fcap && grow_fields(r, s) < 0) return -1;
  r->f[n].s = s;
  r->f[n].len = len;
  return n + 1;
}

/* Sets the field [s, e) as field n, dropping a CR before the line end: n + 1, or -1. */
static inline int push_last(CsvReader *r, int n, const char *s, const char *e) {
  if (e > s && e[-1] == '\r') e--;
  return push(r, n, s, (size_t)(e - s));
}

#if defined(__SSE2__)
/* Fast path: a record whose first line has no quote, split in one pass over 16-byte
 * blocks (a bit mask of delimiters, and one of LFs and quotes). Returns the field count with
 * rec_end set, HAS_QUOTE (a quote before the LF: use the quoted path), NEED_MORE or -1.
 * Loads may read up to 15 bytes past e: the buffer has BUF_PAD bytes of slack, and the
 * mask drops them. The delimiters before a block's first LF or quote are fields without
 * a test each; when the field array has room for a whole block (16 more), without a
 * capacity check either. */
static int plain_record(CsvReader *r, const char *p, const char *e, bool final) {
  const __m128i vd = _mm_set1_epi8(r->delim), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"');
  const char *s = p;
  int n = 0;
  for (const char *blk = p; blk < e; blk += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)blk);
    unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
    unsigned me = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, vn), _mm_cmpeq_epi8(v, vq)));
    if (e - blk < 16) { md &= (1u << (e - blk)) - 1; me &= (1u << (e - blk)) - 1; }
    if (me) md &= (me & -me) - 1;   /* the delimiters before the first LF or quote */
    if (n + 16 <= r->fcap) {
      for (CsvField *f = r->f + n; md; md &= md - 1, f++) {
        const char *q = blk + __builtin_ctz(md);
        f->s = s; f->len = (size_t)(q - s);
        s = q + 1;
        n++;
      }
    } else {
      for (; md; md &= md - 1) {
        const char *q = blk + __builtin_ctz(md);
        if ((n = push(r, n, s, (size_t)(q - s))) < 0) return -1;
        s = q + 1;
      }
    }
    if (me) {
      const char *q = blk + __builtin_ctz(me);
      if (*q == '"') return HAS_QUOTE;
      r->rec_end = (size_t)(q + 1 - r->buf);
      return push_last(r, n, s, q);
    }
  }
  if (!final) return NEED_MORE;
  r->rec_end = (size_t)(e - r->buf);
  return push_last(r, n, s, e);
}
#else
/* Portable fast path (same contract as the SSE2 one): memchr for the LF and for a quote,
 * then one pass for the delimiters. */
static int plain_record(CsvReader *r, const char *p, const char *e, bool final) {
  const char *nl = memchr(p, '\n', (size_t)(e - p));
  if (!nl && !final) return NEED_MORE;
  const char *le = nl ? nl : e, *s = p;
  if (memchr(p, '"', (size_t)(le - p))) return HAS_QUOTE;
  const char d = r->delim;
  int n = 0;
  for (const char *q = p; q < le; q++) {
    if (*q != d) continue;
    if ((n = push(r, n, s, (size_t)(q - s))) < 0) return -1;
    s = q + 1;
  }
  r->rec_end = (size_t)((nl ? nl + 1 : e) - r->buf);
  return push_last(r, n, s, le);
}
#endif

/* First quote in [p, e), or NULL: inline for the short fields of quoted exports (a
 * memchr call costs more than the scan); loads may read past e, into BUF_PAD. */
static inline const char *find_quote(const char *p, const char *e) {
#if defined(__SSE2__)
  const __m128i vq = _mm_set1_epi8('"');
  for (; p < e; p += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq));
    if (e - p < 16) m &= (1u << (e - p)) - 1;
    if (m) return p + __builtin_ctz(m);
  }
  return NULL;
#else
  return memchr(p, '"', (size_t)(e - p));
#endif
}

static void ensure_scratch(CsvReader *r, size_t n) {
  if (r->scap >= n) return;
  r->scap = n > r->cap ? n : r->cap;
  r->scratch = mem_realloc(r->scratch, r->scap);
}

/* Quoted field whose opening quote is at *pp: the field (unescaped into the scratch buffer
 * when it has `""`), *pp moved after the closing quote. NEED_MORE, -1, or 0. */
static int quoted_field(CsvReader *r, const char **pp, const char *e, size_t *sl, CsvField *out) {
  const char *open = *pp, *p = open + 1, *seg = p;
  size_t s0 = *sl;
  bool copied = false;
  bool final = final_data(r);
  for (;;) {
    const char *q = find_quote(p, e);
    if (!q) return final ? fail_at(r, open, _("unterminated quoted field (it starts here)")) : NEED_MORE;
    if (q + 1 == e && !final) return NEED_MORE;
    bool escaped = q + 1 < e && q[1] == '"';
    if (escaped || copied) {
      size_t k = (size_t)(q + escaped - seg);
      memcpy(r->scratch + *sl, seg, k);
      *sl += k;
      copied = true;
    }
    if (escaped) { p = seg = q + 2; continue; }
    out->s = copied ? r->scratch + s0 : seg;
    out->len = copied ? *sl - s0 : (size_t)(q - seg);
    *pp = q + 1;
    return 0;
  }
}

/* What ends a quoted field at p: 1 for the delimiter, 0 for the end of the record (with
 * *rec_end set), NEED_MORE, or -1 for anything else. */
static int after_quote(CsvReader *r, const char *p, const char *e, const char **rec_end) {
  bool final = final_data(r);
  if (p == e) { *rec_end = e; return 0; }  /* only reached when final */
  if (*p == r->delim) return 1;
  if (*p == '\n') { *rec_end = p + 1; return 0; }
  if (*p == '\r' && p + 1 < e && p[1] == '\n') { *rec_end = p + 2; return 0; }
  if (*p == '\r' && p + 1 == e) {
    if (!final) return NEED_MORE;
    *rec_end = e;
    return 0;
  }
  return fail_at(r, p, _("after the closing quote of a field, expected the delimiter %s or the end of the line"),
                 delim_name(r->delim));
}

/* Unquoted field starting at *pp: *pp moved to its delimiter or line end (or e). */
static int plain_field(CsvReader *r, const char **pp, const char *e, CsvField *out) {
  const char *p = *pp, *q = p;
  const char d = r->delim;
  while (q < e && *q != d && *q != '\n') {
    if (*q == '"' && r->strict)
      return fail_at(r, q, _("a quote inside an unquoted field: quote the whole field (\"...\") and double the quotes inside it"));
    q++;
  }
  if (q == e && !final_data(r)) return NEED_MORE;
  const char *fe = q;
  if ((q == e || *q == '\n') && fe > p && fe[-1] == '\r') fe--;
  out->s = p;
  out->len = (size_t)(fe - p);
  *pp = q;
  return 0;
}

/* A record with at least one quote, parsed field by field from buf + pos. */
static int parse_quoted_record(CsvReader *r) {
  const char *p = r->buf + r->pos, *e = r->buf + r->len, *rec_end = e;
  size_t sl = 0;
  int n = 0;
  ensure_scratch(r, (size_t)(e - p));
  for (;;) {
    CsvField fld = {NULL, 0};
    int rc;
    if (p < e && *p == '"') {
      rc = quoted_field(r, &p, e, &sl, &fld);
      if (rc == 0 && (n = push(r, n, fld.s, fld.len)) < 0) return -1;
      if (rc == 0) rc = after_quote(r, p, e, &rec_end);
      if (rc == 1) { p++; continue; }
    } else {
      rc = plain_field(r, &p, e, &fld);
      if (rc == 0 && (n = push(r, n, fld.s, fld.len)) < 0) return -1;
      if (rc == 0 && p < e && *p == r->delim) { p++; continue; }
      if (rc == 0) rec_end = p < e ? p + 1 : e;
    }
    if (rc < 0) return rc;
    break;
  }
  r->rec_end = (size_t)(rec_end - r->buf);
  return n;
}

static long count_newlines(const char *p, const char *e) {
  long k = 0;
  while (p < e && (p = memchr(p, '\n', (size_t)(e - p)))) { k++; p++; }
  return k;
}

/* An empty line at p (LF, CRLF, or a CR ending the data): its length, 0 when the line is
 * not empty, NEED_MORE when a CR is the last byte available. */
static int empty_line(const char *p, const char *e, bool final) {
  if (*p == '\n') return 1;
  if (*p != '\r') return 0;
  if (p + 1 < e) return p[1] == '\n' ? 2 : 0;
  return final ? 1 : NEED_MORE;
}

/* One record from buf + pos: its field count, SKIPPED (an empty line), 0 at the end,
 * NEED_MORE, or -1. On success pos and line move past it. */
static int parse_record(CsvReader *r) {
  const char *p = r->buf + r->pos, *e = r->buf + r->len;
  bool final = final_data(r);
  r->rec = r->rec_end = r->pos;
  r->rec_line = r->line;
  r->nf = 0;
  if (p == e) return final ? 0 : NEED_MORE;
  int k = empty_line(p, e, final);
  if (k) {
    if (k < 0) return k;
    r->pos += (size_t)k;
    r->line += p[k - 1] == '\n';
    return SKIPPED;
  }
  int n = plain_record(r, p, e, final);
  bool quoted = n == HAS_QUOTE;
  if (quoted) n = parse_quoted_record(r);
  if (n <= 0) return n;
  if (quoted) r->line += count_newlines(p, r->buf + r->rec_end);
  else r->line += r->buf[r->rec_end - 1] == '\n';
  r->pos = r->rec_end;
  r->nf = n;
  return n;
}

static int next_record(CsvReader *r, const CsvField **fields) {
  if (r->failed) return -1;
  if (r->at_end) return 0;
  for (;;) {
    int n = parse_record(r);
    if (n == SKIPPED) continue;
    if (n == NEED_MORE) {
      if (refill(r) < 0) return -1;
      continue;
    }
    if (n == 0) r->at_end = true;
    if (n > 0 && fields) *fields = r->f;
    return n;
  }
}

/* ---- header and delimiter detection -------------------------------------------------- */

/* Makes at least n bytes available at pos, unless the data ends first (or a pending
 * error comes first: it is raised only when the parser reaches it); -1 on error. */
static int ensure(CsvReader *r, size_t n) {
  while (r->len - r->pos < n && !r->pend) {
    int rc = refill(r);
    if (rc <= 0) return rc;
  }
  return 1;
}

/* Counts the candidate delimiters on the first non-empty line [p, e) outside quotes;
 * returns true when that line is complete in the buffer. */
static bool count_delims(const char *p, const char *e, long counts[4]) {
  static const char cand[4] = {'\t', ';', '|', ','};
  bool inq = false, seen = false;
  for (; p < e; p++) {
    char c = *p;
    if (c == '"') { inq = !inq; seen = true; continue; }
    if (inq) continue;
    if (c == '\n') { if (seen) return true; continue; }
    if (c != '\r') seen = true;
    for (int k = 0; k < 4; k++) counts[k] += c == cand[k];
  }
  return false;
}

static int detect_delimiter(CsvReader *r) {
  static const char cand[4] = {'\t', ';', '|', ','};  /* tie order: first wins */
  for (;;) {
    long counts[4] = {0, 0, 0, 0};
    bool whole = count_delims(r->buf + r->pos, r->buf + r->len, counts);
    if (whole || final_data(r)) {
      int best = 3;
      for (int k = 0; k < 4; k++)
        if (counts[k] > counts[best] || (counts[k] == counts[best] && counts[k] > 0 && k < best)) best = k;
      r->delim = cand[best];
      return 0;
    }
    if (refill(r) < 0) return -1;
  }
}

long long csv_next_start(CsvReader *r) {
  for (;;) {
    if (r->failed) return -1;
    const char *p = r->buf + r->pos, *e = r->buf + r->len;
    bool final = final_data(r);
    int k = p == e ? (final ? 0 : NEED_MORE) : empty_line(p, e, final);
    if (k == NEED_MORE) {
      if (refill(r) < 0) return -1;
      if (final_data(r) && r->pos == r->len) break;
      continue;
    }
    if (!k) break;
    r->pos += (size_t)k;
    r->line += p[k - 1] == '\n';
  }
  return (long long)(r->consumed + r->pos);
}

int csv_header(CsvReader *r, const CsvField **fields) {
  if (r->failed) return -1;
  if (r->header_done) return fail_nopos(r, _("internal error: the CSV header was read twice"));
  r->header_done = true;
  if (ensure(r, 3) < 0) return -1;
  if (!r->conv && r->len - r->pos >= 3 && !memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3)) r->pos += 3;
  r->rec = r->pos;  /* positions on the header line do not count the BOM */
  if (!r->delim && detect_delimiter(r) < 0) return -1;
  if (!r->delim) r->delim = ',';
  int n = next_record(r, fields);
  if (n == 0) return fail_nopos(r, _("%s is empty: a header line (the column names) was expected"), r->name);
  r->header_n = n > 0 ? n : 0;
  return n;
}

int csv_next(CsvReader *r, const CsvField **fields) {
  if (!r->header_done && csv_header(r, NULL) < 0) return -1;
  return next_record(r, fields);
}

/* ---- positions ----------------------------------------------------------------------- */

/* Skips the field starting at p (quoted or not) within the record [p, e): returns its end
 * (the delimiter, the line end, or e). */
static const char *skip_field(const char *p, const char *e, char d) {
  if (p < e && *p == '"') {
    for (p++; p < e; p++) {
      if (*p != '"') continue;
      if (p + 1 < e && p[1] == '"') p++;
      else { p++; break; }
    }
  }
  while (p < e && *p != d && *p != '\n') p++;
  return p;
}

/* Start of field i of the current record, or the end of its text when out of range. */
static const char *field_start(const CsvReader *r, int i) {
  const char *p = r->buf + r->rec, *e = r->buf + r->rec_end;
  const char *ce = e;
  if (ce > p && ce[-1] == '\n') ce--;
  if (ce > p && ce[-1] == '\r') ce--;
  if (i < 0 || i >= r->nf) return ce;
  for (int k = 0; k < i; k++) {
    p = skip_field(p, e, r->delim);
    if (p < e && *p == r->delim) p++;
  }
  return p;
}

void csv_field_pos(CsvReader *r, int i, long *line, long *col, const char **line_text, size_t *line_len) {
  locate(r, field_start(r, i), line, col, line_text, line_len);
}

bool csv_expect_fields(CsvReader *r, int expected) {
  if (r->nf == expected) return true;
  const char *at = field_start(r, r->nf > expected ? expected : r->nf);
  if (r->nf == 1)
    fail_at(r, at, _("line %ld has 1 field, the header has %d"), r->rec_line, expected);
  else
    fail_at(r, at, _("line %ld has %d fields, the header has %d"), r->rec_line, r->nf, expected);
  return false;
}
