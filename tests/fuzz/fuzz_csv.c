/* fuzz_csv.c — libFuzzer target: the CSV reader. The first byte picks the options (detected
 * or given delimiter, encoding, strict quotes, a tiny buffer so that fields straddle refills),
 * the rest is the file. Every field of every record is then read as each column kind would
 * read it: a number with either decimal mark, a boolean, a date. Properties: no crash, leak or
 * undefined behaviour; a field count that csv_next reports is the number of fields given. */
#include "csv.h"
#include "fuzz_util.h"
#include "num.h"

static const char *const encodings[] = {NULL, "utf-8", "latin1", "cp1252"};
static const char delimiters[] = {0, ',', ';', '\t'};

static void cells(const CsvField *f, int n) {
  for (int i = 0; i < n; i++) {
    FUZZ_ASSERT(f[i].s != NULL || f[i].len == 0, "field %d has no text but a length", i);
    Num v = NUM_INIT;
    size_t bad;
    num_parse_cell(&v, f[i].s, f[i].len, '.', &bad);
    num_parse_cell(&v, f[i].s, f[i].len, ',', &bad);
    num_clear(&v);
    bool b;
    csv_parse_bool(f[i].s, f[i].len, &b);
    int y, m, d;
    if (csv_parse_date(f[i].s, f[i].len, &y, &m, &d)) csv_date_days(y, m, d);
  }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len) {
  if (len < 1) return 0;
  unsigned k = data[0];
  CsvOptions o = {.delimiter = delimiters[k & 3],
                  .encoding = encodings[(k >> 2) & 3],
                  .strict_quotes = (k >> 4) & 1,
                  .buffer_size = (k >> 5) & 1 ? 7 : 0,
                  .sha256 = (k >> 6) & 1};
  CsvReader *r = csv_open_mem("fuzz.csv", (const char *)data + 1, len - 1, &o);
  const CsvField *f;
  int n = csv_header(r, &f);
  if (n > 0) {
    cells(f, n);
    for (int rows = 0; rows < 100000 && (n = csv_next(r, &f)) > 0; rows++) {
      cells(f, n);
      csv_expect_fields(r, csv_header_count(r));
    }
  }
  csv_error(r);
  csv_sha256(r);
  csv_close(r);
  return 0;
}
