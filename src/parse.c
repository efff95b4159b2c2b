/* parse.c — reading a script (see parse.h).
 *
 * The token filter implements the statement rule of the brief: a newline ends a statement
 * when the line's last token can end one (a name, literal, unit, `)`, `]`, `}`…) and we are
 * not inside ( ) or [ ]; it is also dropped when the next line starts with a token that can
 * only continue one (an operator, `alors`, `sinon`, `où`, `{`…), so both
 * `a +⏎ b` and `a⏎ + b` read as one formula. Runs of newlines collapse into one. */
#include "parse.h"
#include "intl.h"
#include "parser.h"
#include "lexer.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct Tok { int kind; YYSTYPE val; Loc loc; } Tok;

struct ParseCtx {
  AstBuilder b;
  LexState ls;
  yyscan_t scanner;
  Tok pending; bool has_pending;
  Tok prev, cur;                 /* the last two tokens handed to the parser */
  Loc opens[256]; int nopens;    /* unclosed ( [ { */
  char open_ch[256];
  int last_err_line;
};

AstBuilder *parse_builder(struct ParseCtx *P) { return &P->b; }

char *parse_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 8192, n = 0;
  char *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (cap - n < 2) { char *nb = realloc(buf, cap *= 2); if (!nb) { free(buf); buf = NULL; } else buf = nb; }
  }
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (!buf || err) { free(buf); errno = err ? err : ENOMEM; return NULL; }
  buf[n] = 0;
  *len = n;
  return buf;
}

/* Offset of the first byte that is not valid UTF-8 (overlongs and surrogates included), or len. */
static size_t utf8_invalid(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (n < 0 || i + (size_t)n >= len + (n == 0)) return i;
    for (int k = 1; k <= n; k++) if ((s[i + k] & 0xC0) != 0x80) return i;
    if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) ||
        (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F)) return i;
    if (c == 0 && i < len) return i;    /* a NUL byte is not text */
    i += (size_t)n + 1;
  }
  return len;
}

/* ---- scanner helpers ---- */
void lex_comment(LexState *ls, Loc loc, const char *text, size_t n) {
  Program *p = ls->b->prog;
  Comment c = {loc, arena_strndup(ls->b->arena, text, n)};
  ARENA_PUSH(ls->b->arena, p->comments, p->ncomments, p->ccap, c);
}

const char *lex_string(LexState *ls, Loc loc, const char *body, size_t n) {
  char *out = arena_alloc(ls->b->arena, n + 1), *o = out;
  for (size_t i = 0; i < n; i++) {
    if (body[i] != '\\') { *o++ = body[i]; continue; }
    char c = i + 1 < n ? body[++i] : '\\';
    switch (c) {
    case '"': case '\\': *o++ = c; break;
    case 'n': *o++ = '\n'; break;
    case 't': *o++ = '\t'; break;
    default: {
      Loc at = {loc.file, loc.start + 1 + (uint32_t)i - 1, loc.start + 1 + (uint32_t)i + 1};
      ls->last_error = at;
      diag_error(ls->b->diag, at, _("unknown escape '\\%c' in a string; write '\\\\' for a backslash, '\\\"' for a quote"), c);
      *o++ = c;
    }
    }
  }
  *o = 0;
  return out;
}

const char *lex_unterminated(LexState *ls, Loc loc, const char *body, size_t n) {
  Loc at = {loc.file, loc.start, loc.start + 1};
  ls->last_error = at;
  diag_error(ls->b->diag, at, _("unterminated string (it starts here); close it with '\"' on the same line"));
  return lex_string(ls, loc, body, n);
}

void lex_bad_char(LexState *ls, Loc loc, const char *text) {
  const char *hint = "";
  switch (text[0]) {
  case '\'': hint = _("; strings are written between double quotes \"…\""); break;
  case '&': hint = _("; write 'et' (and) to combine conditions"); break;
  case '|': hint = _("; write 'ou' (or) to combine conditions"); break;
  case '!': hint = _("; write 'non' (not) to negate a condition"); break;
  default: break;
  }
  size_t n = loc.end - loc.start;
  ls->last_error = loc;
  diag_error(ls->b->diag, loc, _("unexpected character '%.*s'%s"), (int)n, text, hint);
}

/* ---- token filter ---- */
static bool ends_statement(int k) {
  switch (k) {
  case NAME: case NUMBER: case STRING: case DATE: case EURO: case PERCENT:
  case ')': case ']': case '}': case K_TRUE: case K_FALSE: case K_TEXT: case K_INTEGER:
  case K_DECIMAL: case K_BOOLEAN: case K_DATE: case K_KEY: case K_OPTIONAL:
    return true;
  default: return false;
  }
}

static bool continues(int k) {
  switch (k) {
  case K_THEN: case K_ELSE: case K_AND: case K_OR: case K_WHERE: case K_IN: case K_SINCE: case K_AS:
  case '+': case '-': case '*': case '/': case '^': case '=': case '<': case '>': case LE: case GE:
  case NE: case ',': case '{':
    return true;
  default: return false;
  }
}

static Tok raw(ParseCtx *P) {
  if (P->has_pending) { P->has_pending = false; return P->pending; }
  Tok t;
  memset(&t, 0, sizeof t);
  t.kind = pvs_raw_lex(&t.val, &t.loc, P->scanner);
  if (t.kind == 0) t.loc = (Loc){P->ls.file, P->ls.pos, P->ls.pos};
  return t;
}

static void track(ParseCtx *P, const Tok *t) {
  int k = t->kind;
  if ((k == '(' || k == '[' || k == '{') && P->nopens < 256) {
    P->open_ch[P->nopens] = (char)k;
    P->opens[P->nopens++] = t->loc;
  } else if ((k == ')' || k == ']' || k == '}') && P->nopens > 0) {
    P->nopens--;
  }
}

static bool in_parens(const ParseCtx *P) {
  return P->nopens > 0 && P->open_ch[P->nopens - 1] != '{';
}

int yylex(YYSTYPE *lval, Loc *lloc, ParseCtx *P) {
  Tok t = raw(P);
  while (t.kind == NEWLINE) {
    if (in_parens(P) || !ends_statement(P->cur.kind)) { t = raw(P); continue; }
    Tok next = raw(P);
    while (next.kind == NEWLINE) next = raw(P);
    if (continues(next.kind)) { t = next; break; }
    P->pending = next;
    P->has_pending = true;
    break;
  }
  track(P, &t);
  P->prev = P->cur;
  P->cur = t;
  *lval = t.val;
  *lloc = t.loc;
  return t.kind;
}

/* ---- syntax errors ---- */
static int line_of(ParseCtx *P, Loc loc) {
  int line, col;
  diag_linecol(P->b.diag, loc.file, loc.start, &line, &col);
  return line;
}

static void unquote(char *dst, size_t cap, const char *name) {
  size_t n = strlen(name);
  if (n >= 2 && name[0] == '"' && name[n - 1] == '"') { name++; n -= 2; }
  if (n >= cap) n = cap - 1;
  memcpy(dst, name, n);
  dst[n] = 0;
}

static const char *tok_text(ParseCtx *P, const Tok *t) {
  size_t len;
  const char *src = diag_source_text(P->b.diag, t->loc.file, &len);
  uint32_t n = t->loc.end - t->loc.start;
  if (n > 40) n = 40;
  return arena_strndup(P->b.arena, src + t->loc.start, n);
}

/* "name 'x'", "number 12", "end of line", "'alors'"… */
static const char *describe(ParseCtx *P, const Tok *t, const char *bison_name) {
  char name[64];
  unquote(name, sizeof name, bison_name);
  switch (t->kind) {
  case NAME: return arena_printf(P->b.arena, _("name '%s'"), tok_text(P, t));
  case NUMBER: return arena_printf(P->b.arena, _("number %s"), tok_text(P, t));
  case STRING: return arena_printf(P->b.arena, _("text %s"), tok_text(P, t));
  case DATE: return arena_printf(P->b.arena, _("date %s"), tok_text(P, t));
  case 0: return _("end of file");
  case NEWLINE: return _("end of line");
  default: break;
  }
  if (t->kind >= K_FRAMEWORK && t->kind <= K_DATE)
    return arena_printf(P->b.arena, _("keyword '%s'"), tok_text(P, t));
  return arena_printf(P->b.arena, "'%s'", tok_text(P, t));
}

static bool has(const char *const *names, int n, const char *want) {
  char name[64], w[64];
  unquote(w, sizeof w, want);
  for (int i = 0; i < n; i++) { unquote(name, sizeof name, names[i]); if (!strcmp(name, w)) return true; }
  return false;
}

/* Words for the expected-token set: expression starters and declaration keywords are
 * summarised, the rest listed ("':', end of line or '}'"). */
static const char *expected_words(ParseCtx *P, const char *const *exp, int n) {
  const char *items[32];
  int k = 0;
  bool expr = has(exp, n, "\"number\"") && has(exp, n, "\"name\"");
  bool decl = has(exp, n, "\"'indicateur'\"") && has(exp, n, "\"'table'\"");
  bool ops = has(exp, n, "'+'") && has(exp, n, "'*'");
  if (has(exp, n, "')'")) items[k++] = "')'";
  if (has(exp, n, "']'")) items[k++] = "']'";
  if (has(exp, n, "','")) items[k++] = "','";
  if (decl) items[k++] = _("a declaration (table, paramètre, indicateur, valorisation…)");
  if (expr) items[k++] = _("a value or an expression");
  for (int i = 0; i < n && k < 6; i++) {
    char name[64];
    unquote(name, sizeof name, exp[i]);
    if (expr && (!strcmp(name, "number") || !strcmp(name, "name") || !strcmp(name, "text in quotes") ||
                 !strcmp(name, "date") || !strcmp(name, "'('") || !strcmp(name, "'-'") ||
                 !strcmp(name, "'si'") || !strcmp(name, "'non'") || !strcmp(name, "'selon'") ||
                 !strcmp(name, "'vrai'") || !strcmp(name, "'faux'"))) continue;
    if (decl && name[0] == '\'' && strcmp(name, "'}'") && strcmp(name, "';'")) continue;
    if (!strcmp(name, "';'") && has(exp, n, "\"end of line\"")) continue;
    if (!strcmp(name, "')'") || !strcmp(name, "']'") || !strcmp(name, "','")) continue;
    if (ops && (strchr("'+-*/^=<>!", name[1]) || !strcmp(name, "'et'") || !strcmp(name, "'ou'") ||
                !strcmp(name, "'dans'") || !strcmp(name, "'<='") || !strcmp(name, "'>='"))) continue;
    if (!strcmp(name, "name")) { items[k++] = _("a name"); continue; }
    if (!strcmp(name, "text in quotes")) { items[k++] = _("a text in quotes"); continue; }
    items[k++] = arena_strdup(P->b.arena, name);
  }
  if (ops && k < 8) items[k++] = _("an operator");
  if (k == 0) return _("something else");
  const char *s = items[0];
  for (int i = 1; i < k; i++)
    s = arena_printf(P->b.arena, i == k - 1 ? _("%s or %s") : "%s, %s", s, items[i]);
  return s;
}

void parse_error(ParseCtx *P, Loc loc, const char *msg) { diag_error(P->b.diag, loc, "%s", msg); }

void parse_syntax_error(ParseCtx *P, Loc loc, const char *token, bool at_eof,
                        const char *const *exp, int n) {
  int line = line_of(P, loc);
  if (line == P->last_err_line) return;
  if (P->ls.last_error.file && line_of(P, P->ls.last_error) == line) return;  /* the scanner said it */     /* one syntax error per line is enough */
  P->last_err_line = line;
  Diag *d = P->b.diag;
  if ((at_eof && P->nopens > 0) || (in_parens(P) && line_of(P, P->opens[P->nopens - 1]) < line)) {
    Loc o = P->opens[P->nopens - 1];
    char c = P->open_ch[P->nopens - 1];
    diag_error(d, o, _("'%c' opened on line %d is never closed; add '%c'"), c, line_of(P, o),
               c == '{' ? '}' : c == '(' ? ')' : ']');
    return;
  }
  if (P->cur.kind == '}' && P->nopens == 0 && !has(exp, n, "\"'}'\"")) {
    diag_error(d, loc, _("'}' does not close any '{'; remove it"));
    return;
  }
  bool field_name = (P->prev.kind == NAME || (P->prev.kind >= K_FRAMEWORK && P->prev.kind <= K_DATE)) &&
                    has(exp, n, "\"':'\"") && !in_parens(P) && P->nopens > 0;
  if (field_name) {
    diag_error(d, loc, _("expected ':' after field name '%s'"), tok_text(P, &P->prev));
    return;
  }
  diag_error(d, loc, _("unexpected %s; expected %s"), describe(P, &P->cur, token), expected_words(P, exp, n));
}

/* ---- entry points ---- */
Program *parse_text(Arena *a, Diag *d, const char *name, const char *text, size_t len, ParseStatus *st) {
  Program *prog = arena_alloc(a, sizeof *prog);
  prog->path = arena_strdup(a, name);
  prog->file = diag_add_source(d, name, text, len);
  prog->text = arena_strndup(a, text, len);
  prog->len = len;
  size_t bad = utf8_invalid((const unsigned char *)text, len);
  if (bad < len) {
    diag_error(d, (Loc){prog->file, (uint32_t)bad, (uint32_t)bad + 1},
               _("this file is not valid UTF-8 (byte 0x%02X); save it as UTF-8"), (unsigned char)text[bad]);
    *st = PARSE_IO;
    return prog;
  }
  ParseCtx *P = calloc(1, sizeof *P);
  if (!P) { *st = PARSE_IO; return prog; }
  P->b = (AstBuilder){a, d, prog};
  P->ls = (LexState){&P->b, prog->file, 0, (Loc){0, 0, 0}};
  int errors0 = diag_errors(d);
  pvs_raw_lex_init_extra(&P->ls, &P->scanner);
  YY_BUFFER_STATE buf = pvs_raw__scan_bytes(text, (int)len, P->scanner);
  yyparse(P);
  pvs_raw__delete_buffer(buf, P->scanner);
  pvs_raw_lex_destroy(P->scanner);
  free(P);
  *st = diag_errors(d) > errors0 ? PARSE_SYNTAX : PARSE_OK;
  return prog;
}

Program *parse_file(Arena *a, Diag *d, const char *path, ParseStatus *st) {
  size_t len;
  char *text = parse_read_file(path, &len);
  if (!text) {
    diag_error(d, (Loc){0}, _("cannot read '%s': %s"), path, strerror(errno));
    *st = PARSE_IO;
    return NULL;
  }
  Program *p = parse_text(a, d, path, text, len, st);
  free(text);
  return p;
}
