/* parse.h — reading a script: file loading and UTF-8 check, the token filter between the
 * flex scanner and the bison parser (Go-style statement ends), syntax-error wording, and the
 * helpers the scanner calls (strings, comments, bad characters).
 *
 * The Program and everything in it belong to the arena passed in; diagnostics go to `d`. */
#ifndef PVS_PARSE_H
#define PVS_PARSE_H
#include "arena.h"
#include "ast.h"
#include "diag.h"

typedef enum ParseStatus { PARSE_OK, PARSE_SYNTAX, PARSE_IO } ParseStatus;

/* Reads and parses `path`. PARSE_IO: unreadable, or not valid UTF-8 (diagnostic given, exit 2);
 * PARSE_SYNTAX: errors reported, the returned Program holds what could be parsed. */
Program *parse_file(Arena *a, Diag *d, const char *path, ParseStatus *st);
Program *parse_text(Arena *a, Diag *d, const char *name, const char *text, size_t len, ParseStatus *st);
/* Reads a whole file into a malloc'd buffer (NUL-terminated); NULL with errno on failure
 * (EFBIG past PARSE_MAX_BYTES: `pvs check /dev/zero` stops there). */
#define PARSE_MAX_BYTES (64L << 20)
char *parse_read_file(const char *path, size_t *len);

/* ---- for the scanner and the grammar (internal) ---- */
typedef struct LexState { AstBuilder *b; uint32_t file, pos; Loc last_error; } LexState;
struct ParseCtx;
AstBuilder *parse_builder(struct ParseCtx *P);
void lex_comment(LexState *ls, Loc loc, const char *text, size_t n);
const char *lex_string(LexState *ls, Loc loc, const char *body, size_t n);
const char *lex_unterminated(LexState *ls, Loc loc, const char *body, size_t n);
void lex_bad_char(LexState *ls, Loc loc, const char *text);
const char *lex_single_quoted(LexState *ls, Loc loc, const char *body, size_t n);
size_t lex_unterminated_keep(const char *s, size_t n);
void parse_error(struct ParseCtx *P, Loc loc, const char *msg);
void parse_syntax_error(struct ParseCtx *P, Loc loc, const char *token, bool at_eof,
                        const char *const *expected, int n);
#endif
