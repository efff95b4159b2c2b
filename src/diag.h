/* diag.h — source map and diagnostics.
 *
 * A Loc is a byte span in one registered source; line and column are computed only when a
 * diagnostic is printed. Library code never prints or exits: it calls diag_error() and
 * friends, which append to a list and bump a sticky count; main renders the list, sorted
 * by position, in the compiler convention
 *
 *     file:line:col: error: message
 *       12 | the source line
 *          |     ^~~~~
 *
 * Diag owns copies of every source text and message; callers keep ownership of theirs. */
#ifndef PVS_DIAG_H
#define PVS_DIAG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Loc { uint32_t file, start, end; } Loc;  /* file 0: no location */
typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;
typedef struct Diag Diag;

Diag *diag_new(void);
void diag_free(Diag *d);

/* Registers a source (text copied); returns its id (>= 1). */
uint32_t diag_add_source(Diag *d, const char *path, const char *text, size_t len);
const char *diag_source_path(const Diag *d, uint32_t file);
const char *diag_source_text(const Diag *d, uint32_t file, size_t *len);

/* 1-based line and column (in characters) of a byte offset. */
void diag_linecol(const Diag *d, uint32_t file, uint32_t off, int *line, int *col);

#define DIAG_FMT __attribute__((format(printf, 3, 4)))
void diag_error(Diag *d, Loc loc, const char *fmt, ...) DIAG_FMT;
void diag_warning(Diag *d, Loc loc, const char *fmt, ...) DIAG_FMT;
void diag_note(Diag *d, Loc loc, const char *fmt, ...) DIAG_FMT;   /* follows the last one */
void diag_vreport(Diag *d, DiagLevel lv, Loc loc, const char *fmt, va_list ap);
/* A diagnostic in a file that is not registered (a CSV data file): explicit line and
 * column; `line_text` (may be NULL) is shown with a caret under column `col`. */
void diag_at(Diag *d, DiagLevel lv, const char *path, long line, long col, const char *line_text,
             const char *fmt, ...) __attribute__((format(printf, 7, 8)));

int diag_errors(const Diag *d);
int diag_warnings(const Diag *d);
void diag_set_werror(Diag *d, bool on);  /* warnings count (and print) as errors */

/* An invariant that a successful check guarantees (e.g. every name the evaluator compiles
 * was resolved by the checker): when it does not hold, pvs has a bug, not the script.
 * Always compiled (tests, releases alike): prints file:line and the condition, aborts. */
#define PVS_ASSERT(cond) ((cond) ? (void)0 : diag_assert_fail(#cond, __FILE__, __LINE__))
_Noreturn void diag_assert_fail(const char *cond, const char *file, int line);

/* Prints every pending diagnostic sorted by position, then forgets them (counts stay). */
enum { DIAG_MAX_PER_FILE = 100 };   /* messages shown per source file; the rest are counted */
void diag_render(Diag *d, FILE *out);
#endif
