/* parse.c — reading a script (see parse.h).
 *
 * The token filter implements the statement rule of the brief: a newline ends a statement
 * when the line's last token can end one (a name, literal, unit, `)`, `]`, `}`…) and we are
 * not inside ( ) or [ ]; it is also dropped when the next line starts with a token that can
 * only continue one (an operator, `alors`, `sinon`, `où`, `{`…), so both
 * `a +⏎ b` and `a⏎ + b` read as one formula. Runs of newlines collapse into one.
 *
 * Syntax errors are worded here, from the expected-token set and the last few tokens: the
 * most specific hint that applies (field_hint, number_hint, expr_hint, decl_hint) says
 * what to write; otherwise "unexpected X; expected Y". One error per line, and none for a
 * '}' that only follows from an earlier error. */
#include "parse.h"
#include "mem.h"
#include "inputs.h"
#include "intl.h"
#include "parser.h"
#include "lexer.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Tok { int kind; YYSTYPE val; Loc loc; } Tok;

struct ParseCtx {
  AstBuilder b;
  LexState ls;
  yyscan_t scanner;
  Tok queue[8]; int nqueued;     /* raw tokens read ahead, handed out first (at most 4) */
  bool resync;                   /* an end of line was put before a declaration (resync()) */
  Loc resync_open; char resync_ch;  /* the innermost ( [ it closed, to report; resync_ch 0: none */
  int closing;                   /* '}' still to hand out before that declaration */
  Tok pprev2, pprev, prev, cur;  /* the last four tokens handed to the parser */
  Loc opens[256]; int nopens;    /* unclosed ( [ { */
  char open_ch[256];
  bool cur_unmatched;            /* cur is a ')' ']' '}' that closes nothing */
  bool unclosed_said;            /* an unclosed '{' was reported before the end of file */
  bool if_en;                    /* the last 'si' was written 'if' */
  int last_err_line;
};

AstBuilder *parse_builder(struct ParseCtx *P) { return &P->b; }

char *parse_read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);   /* a FIFO without a writer must not hang */
  struct stat st;
  if (fd < 0) return NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    int e = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR : ENOTSUP;
    close(fd);
    errno = e;
    return NULL;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FILE *f = fdopen(fd, "rb");
  if (!f) { close(fd); return NULL; }
  inputs_note_fd(fd);
  size_t cap = 8192, n = 0;
  char *buf = mem_alloc(cap);
  for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (n > PARSE_MAX_BYTES) { free(buf); fclose(f); errno = EFBIG; return NULL; }
    if (cap - n < 2) { char *nb = mem_realloc(buf, cap *= 2); if (!nb) { free(buf); buf = NULL; } else buf = nb; }
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

/* 'texte' — an analyst's habit from spreadsheets: said once, then read as a string. */
const char *lex_single_quoted(LexState *ls, Loc loc, const char *body, size_t n) {
  ls->last_error = loc;
  diag_error(ls->b->diag, loc, _("text is written between double quotes: \"%.*s\""), (int)n, body);
  return arena_strndup(ls->b->arena, body, n);
}

/* How much of an unterminated string `s` (n bytes, from its quote) to keep: a final '{'
 * (`indicateur x "Label {`) is given back to the scanner so that the block still opens. */
size_t lex_unterminated_keep(const char *s, size_t n) {
  size_t e = n;
  while (e > 1 && strchr(" \t\r", s[e - 1])) e--;
  return e > 1 && s[e - 1] == '{' ? e - 1 : n;
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
  case K_DECIMAL: case K_BOOLEAN: case K_DATE: case K_KEY: case K_OPTIONAL: case K_FRACTION:
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

static Tok lex_next(ParseCtx *P) {
  Tok t;
  memset(&t, 0, sizeof t);
  t.kind = pvs_raw_lex(&t.val, &t.loc, P->scanner);
  if (t.kind == 0) t.loc = (Loc){P->ls.file, P->ls.pos, P->ls.pos};
  return t;
}

static Tok raw(ParseCtx *P) {
  if (!P->nqueued) return lex_next(P);
  Tok t = P->queue[0];
  P->nqueued--;
  memmove(P->queue, P->queue + 1, (size_t)P->nqueued * sizeof t);
  return t;
}

/* Gives t back: the next raw() returns it. */
static void unread(ParseCtx *P, Tok t) {
  memmove(P->queue + 1, P->queue, (size_t)P->nqueued * sizeof t);
  P->queue[0] = t;
  P->nqueued++;
}

/* The i-th raw token ahead (0: the next one), without consuming it. */
static const Tok *peek_at(ParseCtx *P, int i) {
  while (P->nqueued <= i) P->queue[P->nqueued++] = lex_next(P);
  return &P->queue[i];
}

/* t (just read, first on its line) and the token after it start a declaration:
 * `indicateur nom`, `importe nom`, `référentiel "nom"`… — never the continuation of a
 * formula, so a newline before it ends the statement even inside ( ) or after an operator. */
static bool starts_declaration(ParseCtx *P, const Tok *t) {
  int next = peek_at(P, 0)->kind;
  switch (t->kind) {
  case K_FRAMEWORK: return next == STRING || next == NAME;
  case K_IMPORT: case K_UNIT: case K_STAKEHOLDER: case K_CHAIN: case K_TERRITORY: case K_CURRENCY:
  case K_TABLE: case K_PARAM: case K_INDICATOR: case K_VALUATION: case K_COST: case K_CHECK:
  case K_TREE: case K_STATEMENT: case K_SCENARIO: case K_OVERRIDE: case K_INDEX:
    return next == NAME;
  default: return false;
  }
}

static void track(ParseCtx *P, const Tok *t) {
  int k = t->kind;
  if (k != NEWLINE) P->resync = false;
  P->cur_unmatched = (k == ')' || k == ']' || k == '}') && P->nopens == 0;
  if (k == K_IF) P->if_en = !strcmp(t->val.str, ast_keyword(KW_K_IF, LANG_EN));
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

static int line_of(ParseCtx *P, Loc loc);

/* `decl` starts a line and a declaration while a formula is unfinished or a bracket is
 * still open above it: the tokens that end them are handed out first — an end of line
 * (a syntax error if a formula is unfinished: reported, then recovered from), a '}' per
 * open block (reported here), an end of line — so that every declaration further down is
 * still read and its own errors reported. Returns the first of them. */
static Tok resync(ParseCtx *P, Tok decl) {
  Loc at = {P->cur.loc.file, P->cur.loc.end, P->cur.loc.end};
  Tok nl = {.kind = NEWLINE, .loc = at};
  unread(P, decl);
  unread(P, nl);
  int blocks = 0, inner = -1;
  for (int i = 0; i < P->nopens; i++)
    if (P->open_ch[i] == '{') { blocks++; inner = i; }
  if (blocks) {
    diag_error(P->b.diag, P->opens[inner], _("'{' opened on line %d is never closed; add '}' before the declaration on line %d"),
               line_of(P, P->opens[inner]), line_of(P, decl.loc));
    P->unclosed_said = true;
  }
  P->closing = blocks;
  P->resync_ch = 0;
  if (in_parens(P)) { P->resync_open = P->opens[P->nopens - 1]; P->resync_ch = P->open_ch[P->nopens - 1]; }
  while (in_parens(P)) P->nopens--;
  if (P->resync_ch || !ends_statement(P->cur.kind)) { P->resync = true; return nl; }
  P->closing--;
  return (Tok){.kind = '}', .loc = at};
}

/* Whether the newline before `next` needs resync(): an open bracket or an unfinished
 * formula, and a declaration starting the line. */
static bool needs_resync(ParseCtx *P, const Tok *next) {
  int k = P->cur.kind;
  bool open = P->nopens > 0 || (k != 0 && k != NEWLINE && k != ';' && !ends_statement(k));
  return open && !P->resync && starts_declaration(P, next);
}

int yylex(YYSTYPE *lval, Loc *lloc, ParseCtx *P) {
  Tok t;
  if (P->closing > 0) {
    P->closing--;
    t = (Tok){.kind = '}', .loc = {P->cur.loc.file, P->cur.loc.end, P->cur.loc.end}};
  } else {
    t = raw(P);
  }
  while (t.kind == NEWLINE) {
    Tok next = raw(P);
    while (next.kind == NEWLINE) next = raw(P);
    if (needs_resync(P, &next)) { t = resync(P, next); break; }
    if (in_parens(P) || !ends_statement(P->cur.kind)) { t = next; continue; }
    if (continues(next.kind)) { t = next; break; }
    unread(P, next);
    break;
  }
  track(P, &t);
  P->pprev2 = P->pprev;
  P->pprev = P->prev;
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

/* The user's words for a token bison names in English (grammar/parser.y's aliases: "end of
 * file", "number"…); NULL for a keyword or a sign, shown as it is written ('alors', ':'). */
static const char *token_words(const char *bison_name) {
  static const struct { const char *bison, *words; } w[] = {
    {"end of file", N_("end of file")}, {"end of line", N_("end of line")}, {"name", N_("a name")},
    {"number", N_("a number")}, {"text in quotes", N_("a text in quotes")}, {"date", N_("a date")},
  };
  for (size_t i = 0; i < sizeof w / sizeof *w; i++)
    if (!strcmp(bison_name, w[i].bison)) return _(w[i].words);
  return NULL;
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
    const char *words = token_words(name);
    items[k++] = words ? words : arena_strdup(P->b.arena, name);
  }
  if (ops && k < 8) items[k++] = _("an operator");
  if (k == 0) return _("something else");
  const char *s = items[0];
  for (int i = 1; i < k; i++)
    s = arena_printf(P->b.arena, i == k - 1 ? _("%s or %s") : "%s, %s", s, items[i]);
  return s;
}

/* bison's own messages: the only one a custom error report leaves is "memory exhausted", when
 * its stack would pass YYMAXDEPTH, i.e. when brackets or operators nest that deep. */
void parse_error(ParseCtx *P, Loc loc, const char *msg) {
  if (strcmp(msg, "memory exhausted") == 0)
    ast_too_deep(&P->b, loc);
  else
    diag_error(P->b.diag, loc, "%s", msg);
}

static bool is_word(int k) { return k == NAME || (k >= K_FRAMEWORK && k <= K_DATE); }
static bool is_decl_kw(int k) { return k >= K_TABLE && k <= K_OVERRIDE; }
static bool is_cmp(int k) { return k == '=' || k == NE || k == '<' || k == LE || k == '>' || k == GE; }
static bool new_line(ParseCtx *P, const Tok *before, const Tok *t) {
  return before->kind && line_of(P, before->loc) < line_of(P, t->loc);
}
static void report_open(ParseCtx *P, Loc o, char c) {
  diag_error(P->b.diag, o, _("'%c' opened on line %d is never closed; add '%c'"), c, line_of(P, o),
             c == '{' ? '}' : c == '(' ? ')' : ']');
}
static void report_unclosed(ParseCtx *P) { report_open(P, P->opens[P->nopens - 1], P->open_ch[P->nopens - 1]); }

/* The next raw token, without consuming it (it stays queued for the parser). */
static const Tok *peek(ParseCtx *P) { return peek_at(P, 0); }

/* Errors around a ':' or a field name: a field with no value, two fields on a line, a
 * missing ':', a field outside any block, a block left open before the next declaration. */
static bool field_hint(ParseCtx *P, Loc loc, const char *const *exp, int n) {
  Diag *d = P->b.diag;
  bool in_block = P->nopens > 0 && !in_parens(P);
  if (P->cur.kind == ':' && is_word(P->prev.kind) && P->pprev.kind == ':' && new_line(P, &P->pprev, &P->prev)) {
    diag_error(d, P->pprev.loc, _("'%s:' has no value; write it after the ':'"), tok_text(P, &P->pprev2));
    return true;
  }
  if (P->cur.kind == ':' && is_word(P->prev.kind) && in_block && !new_line(P, &P->pprev, &P->prev)) {
    diag_error(d, P->prev.loc, _("'%s:' starts a new field; put it on its own line or separate it with ';'"), tok_text(P, &P->prev));
    return true;
  }
  if (is_word(P->cur.kind) && !is_decl_kw(P->cur.kind) && P->nopens == 0 && !has(exp, n, "\"':'\"") && peek(P)->kind == ':') {
    diag_error(d, loc, _("'%s:' is a field, but it is outside any declaration block; is a '{' missing above?"), tok_text(P, &P->cur));
    return true;
  }
  if (!is_word(P->prev.kind) || !has(exp, n, "\"':'\"") || !in_block) return false;
  if (is_decl_kw(P->prev.kind) && P->cur.kind == NAME && new_line(P, &P->pprev, &P->prev) && P->open_ch[P->nopens - 1] == '{') {
    Loc o = P->opens[P->nopens - 1];
    diag_error(d, o, _("'{' opened on line %d is never closed; add '}' before the declaration on line %d"),
               line_of(P, o), line_of(P, P->prev.loc));
    P->unclosed_said = true;
    return true;
  }
  diag_error(d, loc, _("expected ':' after field name '%s'"), tok_text(P, &P->prev));
  return true;
}

/* Errors inside formulas: si without alors/sinon, a missing value at the end of a line,
 * chained comparisons, 'où' outside an aggregate. */
static bool expr_hint(ParseCtx *P, Loc loc, const char *const *exp, int n) {
  Diag *d = P->b.diag;
  if (has(exp, n, "\"'alors'\"") && !has(exp, n, "\"'sinon'\"")) {
    diag_error(d, loc, P->if_en ? _("'if …' needs 'then': write 'if CONDITION then A else B'")
                                : _("'si …' needs 'alors': write 'si CONDITION alors A sinon B'"));
    return true;
  }
  if (has(exp, n, "\"'sinon'\"")) {
    diag_error(d, loc, P->if_en ? _("'if … then …' needs 'else': write 'if CONDITION then A else B'")
                                : _("'si … alors …' needs 'sinon': write 'si CONDITION alors A sinon B'"));
    return true;
  }
  bool want_value = has(exp, n, "\"number\"") && has(exp, n, "\"name\"");
  bool line_end = P->cur.kind == NEWLINE || new_line(P, &P->prev, &P->cur);
  if (want_value && P->prev.kind == '=' && line_end) {
    diag_error(d, P->prev.loc, _("a formula is missing after '='"));
    return true;
  }
  if (want_value && P->prev.kind == ':' && line_end) {
    diag_error(d, P->prev.loc, _("'%s:' has no value; write it after the ':'"), tok_text(P, &P->pprev));
    return true;
  }
  if (want_value && P->prev.kind != '(' && P->prev.kind != ',' && line_end) {
    diag_error(d, P->prev.loc, _("a value is missing after '%s' at the end of this line"), tok_text(P, &P->prev));
    return true;
  }
  if (is_cmp(P->cur.kind) && has(exp, n, "'+'")) {
    diag_error(d, loc, _("comparisons cannot be chained; write 'a < b et b < c'"));
    return true;
  }
  if (P->cur.kind == K_WHERE) {
    diag_error(d, loc, _("'%s' filters the rows of a table inside an aggregate, as in 'compte(parc où qpv)'"), tok_text(P, &P->cur));
    return true;
  }
  if (want_value && P->cur.kind >= K_FRAMEWORK && P->cur.kind <= K_DATE && P->cur.kind != K_IF && P->cur.kind != K_NOT &&
      P->cur.kind != K_MATCH && P->cur.kind != K_TRUE && P->cur.kind != K_FALSE) {
    const char *w = tok_text(P, &P->cur);   /* a column named like a keyword (date, texte, version…) */
    diag_error(d, loc, _("'%s' is a keyword; to read a column named '%s', write it with its table, as in TABLE.%s"),
               w, w, w);
    return true;
  }
  return false;
}

/* `12.` and `2024-13`: a number or a date written incompletely; `3,5`: a decimal comma. */
static bool number_hint(ParseCtx *P, Loc loc) {
  if (P->prev.kind != NUMBER || P->prev.loc.end != loc.start) return false;
  const Tok *next = peek(P);
  if (P->cur.kind == ',' && next->kind == NUMBER && next->loc.start == loc.end) {
    const Tok *unit = peek_at(P, 1);
    bool atom = unit->kind == PERCENT || unit->kind == EURO;
    diag_error(P->b.diag, (Loc){loc.file, P->prev.loc.start, next->loc.end},
               _("in a script the decimal mark is a point: write %s.%s%s%s"), tok_text(P, &P->prev), tok_text(P, next),
               atom ? " " : "", atom ? tok_text(P, unit) : "");
    return true;
  }
  if (P->cur.kind == '.') {
    diag_error(P->b.diag, loc, _("a decimal number needs digits after the '.', as in 12.5"));
    return true;
  }
  if (P->cur.kind == '-' && P->prev.loc.end - P->prev.loc.start == 4) {
    diag_error(P->b.diag, P->prev.loc, _("a date is written YYYY-MM-DD, as in 2024-12-31"));
    return true;
  }
  return false;
}

/* Errors in a declaration's header: a keyword used as a name, a missing name or body. */
static bool decl_hint(ParseCtx *P, Loc loc, const char *const *exp, int n) {
  Diag *d = P->b.diag;
  bool want_name = has(exp, n, "\"name\"") && !has(exp, n, "\"number\"");
  if (want_name && P->cur.kind >= K_FRAMEWORK && P->cur.kind <= K_DATE && !has(exp, n, "\"'€'\"")) {
    diag_error(d, loc, _("'%s' is a keyword and cannot be a name; choose another name"), tok_text(P, &P->cur));
    return true;
  }
  if (want_name && is_decl_kw(P->prev.kind)) {
    diag_error(d, loc, _("expected the name of the declaration after '%s', as in '%s nom \"Libellé\"'"),
               tok_text(P, &P->prev), tok_text(P, &P->prev));
    return true;
  }
  if (want_name && P->prev.kind == K_REF) {
    diag_error(d, P->prev.loc, _("'%s' needs the name of the table it refers to, as in '%s parc'"), tok_text(P, &P->prev), tok_text(P, &P->prev));
    return true;
  }
  if (want_name && has(exp, n, "\"'€'\"") && has(exp, n, "\"'%'\"") && !has(exp, n, "'+'") && P->prev.kind != NUMBER) {
    diag_error(d, loc, _("unexpected %s; expected a unit (a name such as 'mois', '€' or '%%')"), describe(P, &P->cur, ""));
    return true;
  }
  if (has(exp, n, "'='") && has(exp, n, "'{'") && P->nopens == 0) {
    diag_error(d, loc, _("unexpected %s; a declaration needs a formula ('= …') or a block ('{ … }')"), describe(P, &P->cur, ""));
    return true;
  }
  return false;
}

/* Words an error is worded with: the most specific hint that applies, else "unexpected X;
 * expected Y". One syntax error per line: the rest are usually consequences. */
void parse_syntax_error(ParseCtx *P, Loc loc, const char *token, bool at_eof,
                        const char *const *exp, int n) {
  int line = line_of(P, loc);
  if (line == P->last_err_line) return;
  if (P->ls.last_error.file && line_of(P, P->ls.last_error) == line) return;  /* the scanner said it */
  P->last_err_line = line;
  Diag *d = P->b.diag;
  if (P->resync && P->resync_ch) { report_open(P, P->resync_open, P->resync_ch); return; }
  if ((at_eof && P->nopens > 0) || (in_parens(P) && line_of(P, P->opens[P->nopens - 1]) < line)) {
    if (!(at_eof && P->unclosed_said)) report_unclosed(P);
    return;
  }
  if (P->cur.kind == '}' && P->cur_unmatched) { diag_error(d, loc, _("'}' does not close any '{'; remove it")); return; }
  if (P->cur.kind == '}' && !has(exp, n, "\"'}'\"") && diag_errors(d)) return;   /* a consequence of an earlier error */
  if (field_hint(P, loc, exp, n) || number_hint(P, loc) || expr_hint(P, loc, exp, n) || decl_hint(P, loc, exp, n)) return;
  diag_error(d, loc, _("unexpected %s; expected %s"), describe(P, &P->cur, token), expected_words(P, exp, n));
}

/* ---- entry points ---- */
/* The text as the scanner reads it (in the arena): without a UTF-8 byte-order mark, and with
 * each lone CR (old Mac line ends) read as a line end; same offsets otherwise. */
static char *source_text(Arena *a, const char **text, size_t *len) {
  if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3)) { *text += 3; *len -= 3; }
  char *t = arena_strndup(a, *text, *len);
  for (size_t i = 0; i < *len; i++)
    if (t[i] == '\r' && (i + 1 == *len || t[i + 1] != '\n')) t[i] = '\n';
  return t;
}

Program *parse_text(Arena *a, Diag *d, const char *name, const char *text, size_t len, ParseStatus *st) {
  Program *prog = arena_alloc(a, sizeof *prog);
  prog->path = arena_strdup(a, name);
  text = prog->text = source_text(a, &text, &len);
  prog->file = diag_add_source(d, name, text, len);
  prog->len = len;
  size_t bad = utf8_invalid((const unsigned char *)text, len);
  if (bad < len) {
    diag_error(d, (Loc){prog->file, (uint32_t)bad, (uint32_t)bad + 1},
               _("this file is not valid UTF-8 (byte 0x%02X); save it as UTF-8"), (unsigned char)text[bad]);
    *st = PARSE_IO;
    return prog;
  }
  ParseCtx *P = mem_calloc(1, sizeof *P);
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
  if (!text && errno == ENOTSUP)
    diag_error(d, (Loc){0}, _("cannot read '%s': it is not a regular file (a pipe or a device); save the script "
                              "to a file first"), path);
  else if (!text && errno == EFBIG)
    diag_error(d, (Loc){0}, _("'%s' is larger than %d MiB, too large for a script; split it into modules"),
               path, (int)(PARSE_MAX_BYTES >> 20));
  else if (!text)
    diag_error(d, (Loc){0}, _("cannot read '%s': %s"), path, strerror(errno));
  if (!text) {
    *st = PARSE_IO;
    return NULL;
  }
  Program *p = parse_text(a, d, path, text, len, st);
  free(text);
  return p;
}
