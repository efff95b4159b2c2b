/* csv_cell.c — typed cell helpers of the CSV reader: trimming, booleans and dates.
 * Pure functions over borrowed spans: no allocation, no locale, no floating point.
 * Numbers are not here: num_parse_cell (num.c) owns them. */
#include "csv.h"
#include <string.h>

/* Length of the space at the start of s (0 when none): ASCII space, tab, CR, and the
 * UTF-8 no-break spaces U+00A0 (C2 A0) and U+202F (E2 80 AF). */
static size_t space_at(const char *s, size_t len) {
  if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r')) return 1;
  if (len >= 2 && !memcmp(s, "\xC2\xA0", 2)) return 2;
  if (len >= 3 && !memcmp(s, "\xE2\x80\xAF", 3)) return 3;
  return 0;
}

/* Length of the space at the end of s (0 when none). */
static size_t space_before(const char *s, size_t len) {
  if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) return 1;
  if (len >= 2 && !memcmp(s + len - 2, "\xC2\xA0", 2)) return 2;
  if (len >= 3 && !memcmp(s + len - 3, "\xE2\x80\xAF", 3)) return 3;
  return 0;
}

void csv_trim(const char **s, size_t *len) {
  size_t k;
  while ((k = space_at(*s, *len))) { *s += k; *len -= k; }
  while ((k = space_before(*s, *len))) *len -= k;
}

/* ASCII case-insensitive equality of the span with a lower-case word. */
static bool word_eq(const char *s, size_t len, const char *word) {
  if (strlen(word) != len) return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    if (c != word[i]) return false;
  }
  return true;
}

bool csv_parse_bool(const char *s, size_t len, bool *out) {
  static const char *const yes[] = {"1", "vrai", "true", "oui"};
  static const char *const no[] = {"0", "faux", "false", "non"};
  csv_trim(&s, &len);
  for (int i = 0; i < 4; i++) {
    if (word_eq(s, len, yes[i])) { *out = true; return true; }
    if (word_eq(s, len, no[i])) { *out = false; return true; }
  }
  return false;
}

/* Reads 1..max decimal digits at s[*i] (at least min): the value, or -1. */
static int digits(const char *s, size_t len, size_t *i, int min, int max) {
  int v = 0, k = 0;
  while (*i < len && k < max && s[*i] >= '0' && s[*i] <= '9') { v = v * 10 + (s[*i] - '0'); (*i)++; k++; }
  return k >= min ? v : -1;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool valid_date(int y, int m, int d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* yyyy-mm-dd, exactly 4-2-2 digits. */
static bool iso_date(const char *s, size_t len, int v[3]) {
  size_t i = 0;
  if (len != 10 || s[4] != '-' || s[7] != '-') return false;
  v[0] = digits(s, len, &i, 4, 4);
  i++;
  v[1] = digits(s, len, &i, 2, 2);
  i++;
  v[2] = digits(s, len, &i, 2, 2);
  return v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && i == len;
}

/* d/m/yyyy with day and month of 1 or 2 digits. */
static bool french_date(const char *s, size_t len, int v[3]) {
  size_t i = 0;
  v[2] = digits(s, len, &i, 1, 2);
  if (v[2] < 0 || i >= len || s[i++] != '/') return false;
  v[1] = digits(s, len, &i, 1, 2);
  if (v[1] < 0 || i >= len || s[i++] != '/') return false;
  v[0] = digits(s, len, &i, 4, 4);
  return v[0] >= 0 && i == len;
}

bool csv_parse_date(const char *s, size_t len, int *y, int *m, int *d) {
  int v[3];
  csv_trim(&s, &len);
  if (!iso_date(s, len, v) && !french_date(s, len, v)) return false;
  if (!valid_date(v[0], v[1], v[2])) return false;
  *y = v[0];
  *m = v[1];
  *d = v[2];
  return true;
}

/* Howard Hinnant's days_from_civil: exact integer arithmetic, any year >= 1. */
long csv_date_days(int y, int m, int d) {
  long yy = (long)y - (m <= 2);
  long era = yy / 400;  /* yy >= 0 for year >= 1 */
  long yoe = yy - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

long csv_date_pack(int y, int m, int d) { return (long)y * 10000 + m * 100 + d; }
