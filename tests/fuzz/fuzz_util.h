/* fuzz_util.h — what the libFuzzer targets share: a private scratch folder, writing a file
 * there, and printing through open_memstream. A finding is reported by abort() with a line on
 * stderr saying which property failed (libFuzzer then saves the input as crash-…). */
#ifndef PVS_FUZZ_UTIL_H
#define PVS_FUZZ_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_ASSERT(cond, ...)                                      \
  do {                                                              \
    if (!(cond)) {                                                  \
      fprintf(stderr, "fuzz finding: " __VA_ARGS__);                \
      fputc('\n', stderr);                                          \
      abort();                                                      \
    }                                                               \
  } while (0)

/* A scratch folder for this process, made once (removed by nobody: it is in /tmp). */
static inline const char *fuzz_dir(void) {
  static char dir[64];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/pvs-fuzz-XXXXXX");
    if (!mkdtemp(dir)) abort();
  }
  return dir;
}

/* Writes data to DIR/name; returns the path (static buffer). */
static inline const char *fuzz_write(const char *name, const void *data, size_t len) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (len && fwrite(data, 1, len, f) != len) abort();
  fclose(f);
  return path;
}

/* The NUL-terminated copy of a fuzzer input (owned). */
static inline char *fuzz_str(const unsigned char *data, size_t len) {
  char *s = malloc(len + 1);
  if (!s) abort();
  memcpy(s, data, len);
  s[len] = 0;
  return s;
}
#endif
