/* fmt.c — the canonical printer (see fmt.h; the layout rules are in doc/fmt.md).
 *
 * It walks the tree in source order and prints one declaration, field, column or tree node
 * per line, with a cursor over the program's comments (sorted by offset, as the scanner
 * recorded them). Before an element it prints the comments that precede it, each on its own
 * line; comments that fall inside an element that is printed on one line are moved just
 * above it; after an element, a comment on the same source line stays at the end of the
 * printed line. Blank lines are kept (at most one) where the source had them, and forced
 * between block declarations. Expressions get parentheses only where precedence needs them:
 * the tree has no parenthesis nodes, so the printer decides from the table below, which
 * mirrors the %left/%right/%precedence lines of grammar/parser.y. */
#include "fmt.h"
#include "mem.h"
#include "schema.h"
#include "intl.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Fmt {
  FILE *out;
  const Program *p;
  KwLang lang;
  bool names;
  int indent;         /* in steps of 2 spaces */
  int ci;             /* the next comment to place */
  uint32_t last;      /* source offset where the last printed thing ended */
  bool fresh;         /* nothing printed yet in this block: no blank line */
  bool want_blank;    /* the next line must be preceded by a blank line */
  long *marks; int nmarks, cmarks;   /* output offsets of the trailing comments' "  #" */
} Fmt;

const char *fmt_field_name(const char *name, KwLang lang) {
  FieldId f = schema_field_lookup(name);
  if (f == F__COUNT) return name;
  return lang == LANG_EN ? schema_field(f)->en : schema_field(f)->fr;
}

const char *fmt_call_name(const char *name, KwLang lang) {
  BuiltinId b = schema_builtin_lookup(name);
  if (b == B__COUNT) return name;
  return lang == LANG_EN ? schema_builtin(b)->en : schema_builtin(b)->fr;
}

/* ---- source positions and comments ---- */
static int newlines(const Fmt *F, uint32_t a, uint32_t b) {
  int n = 0;
  if (b > F->p->len) b = (uint32_t)F->p->len;
  for (uint32_t i = a; i < b; i++) n += F->p->text[i] == '\n';
  return n;
}
static bool gap(const Fmt *F, uint32_t at) { return newlines(F, F->last, at) >= 2; }

static const Comment *next_comment(const Fmt *F) {
  return F->ci < F->p->ncomments ? &F->p->comments[F->ci] : NULL;
}
static bool comment_before(const Fmt *F, uint32_t limit) {
  const Comment *c = next_comment(F);
  return c && c->loc.start < limit;
}

/* Offset of the '{' that opens a block whose header ends at `from` (comments skipped). */
static uint32_t open_brace(const Fmt *F, uint32_t from) {
  const char *s = F->p->text;
  for (uint32_t i = from; i < F->p->len; i++) {
    if (s[i] == '{') return i;
    if (s[i] == '#') while (i + 1 < F->p->len && s[i + 1] != '\n') i++;
  }
  return from;
}

static void put_comment(Fmt *F, const Comment *c) {
  size_t n = strlen(c->text);
  while (n > 1 && strchr(" \t\r", c->text[n - 1])) n--;
  fwrite(c->text, 1, n, F->out);
}

/* Indentation for a new line, after a blank line when the layout asks for one. */
static void start_line(Fmt *F, bool blank) {
  if (!F->fresh && (blank || F->want_blank)) fputc('\n', F->out);
  F->want_blank = F->fresh = false;
  fprintf(F->out, "%*s", 2 * F->indent, "");
}

static void comment_line(Fmt *F, bool blank) {
  const Comment *c = next_comment(F);
  start_line(F, blank);
  put_comment(F, c);
  fputc('\n', F->out);
  F->last = c->loc.end;
  F->ci++;
}

/* Own-line comments before `limit`, keeping the blank lines between them. */
static void comments_until(Fmt *F, uint32_t limit) {
  while (comment_before(F, limit)) comment_line(F, gap(F, next_comment(F)->loc.start));
}

/* Leading comments, then the comments inside the element's one-line part [start, body),
 * then the indentation of the element's first line. */
static void begin_element(Fmt *F, uint32_t start, uint32_t body) {
  comments_until(F, start);
  bool blank = gap(F, start);
  while (comment_before(F, body)) { comment_line(F, blank); blank = false; }
  start_line(F, blank);
}

static void mark(Fmt *F) {
  if (F->nmarks == F->cmarks) {
    F->cmarks = F->cmarks ? 2 * F->cmarks : 64;
    F->marks = mem_realloc(F->marks, sizeof *F->marks * (size_t)F->cmarks);
  }
  F->marks[F->nmarks++] = ftell(F->out);
}

/* Ends a printed line whose source ended at `end`: a comment that followed on the same
 * source line (and before `limit`, where the next element starts) stays at its end. */
static void end_line(Fmt *F, uint32_t end, uint32_t limit) {
  const Comment *c = next_comment(F);
  if (end > F->last) F->last = end;
  if (c && c->loc.start < limit && c->loc.start >= F->last && newlines(F, F->last, c->loc.start) == 0) {
    mark(F);
    fputs("  ", F->out);
    put_comment(F, c);
    F->last = c->loc.end;
    F->ci++;
  }
  fputc('\n', F->out);
}

/* ---- atoms ---- */
static void kw(Fmt *F, KwId k) { fputs(ast_keyword(k, F->lang), F->out); }

static void quoted(Fmt *F, const char *s) {
  fputc('"', F->out);
  for (; *s; s++) {
    switch (*s) {
    case '"': fputs("\\\"", F->out); break;
    case '\\': fputs("\\\\", F->out); break;
    case '\n': fputs("\\n", F->out); break;
    case '\t': fputs("\\t", F->out); break;
    default: fputc(*s, F->out);
    }
  }
  fputc('"', F->out);
}

/* A unit in the order written: €/m2/mois, m^2, an^-1 (a leading divisor keeps its sign). */
static void unit(Fmt *F, const UnitExpr *u) {
  for (int i = 0; i < u->n; i++) {
    const UnitTerm *t = &u->terms[i];
    int e = t->exp;
    if (i > 0) { fputc(e < 0 ? '/' : '*', F->out); if (e < 0) e = -e; }
    fputs(t->name, F->out);
    if (e != 1) fprintf(F->out, "^%d", e);
  }
}

static void path(Fmt *F, const NamePath *p, bool field) {
  for (int i = 0; i < p->n; i++) {
    const char *s = p->parts[i];
    if (field && i == p->n - 1 && F->names) s = fmt_field_name(s, F->lang);
    fprintf(F->out, "%s%s", i ? "." : "", s);
  }
}

/* ---- expressions ---- */
/* Binding strength, loosest first, as in parser.y: si, ou, et, non, comparisons and dans,
 * + -, * /, unary -, ^, then primaries. */
enum { P_IF, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_NEG, P_POW, P_PRIMARY };

static int op_prec(Op op) {
  switch (op) {
  case OP_OR: return P_OR;
  case OP_AND: return P_AND;
  case OP_NOT: return P_NOT;
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: return P_CMP;
  case OP_ADD: case OP_SUB: return P_ADD;
  case OP_MUL: case OP_DIV: return P_MUL;
  case OP_NEG: return P_NEG;
  case OP_POW: return P_POW;
  }
  return P_PRIMARY;
}

static int expr_prec(const Expr *e) {
  switch (e->kind) {
  case EX_UNARY: return op_prec(e->un.op);
  case EX_BINARY: return op_prec(e->bin.op);
  case EX_IF: case EX_WHERE: return P_IF;
  case EX_IN: return P_CMP;
  default: return P_PRIMARY;
  }
}

static void expr(Fmt *F, const Expr *e, int need);

static void expr_list(Fmt *F, const ExprList *l) {
  for (int i = 0; i < l->n; i++) {
    if (i) fputs(", ", F->out);
    expr(F, l->v[i], P_IF);
  }
}

static void binary(Fmt *F, const Expr *e) {
  int p = op_prec(e->bin.op);
  bool right_assoc = e->bin.op == OP_POW, nonassoc = p == P_CMP;
  expr(F, e->bin.l, right_assoc || nonassoc ? p + 1 : p);
  fputc(' ', F->out);
  if (e->bin.op == OP_AND) kw(F, KW_K_AND);
  else if (e->bin.op == OP_OR) kw(F, KW_K_OR);
  else fputs(ast_op_text(e->bin.op), F->out);
  fputc(' ', F->out);
  const Expr *r = e->bin.r;   /* a group the parser made for balance was written without () */
  bool implicit = r->kind == EX_BINARY && r->bin.implicit && r->bin.op == e->bin.op;
  expr(F, r, right_assoc || implicit ? p : p + 1);
}

static void unary(Fmt *F, const Expr *e) {
  if (e->un.op == OP_NOT) { kw(F, KW_K_NOT); fputc(' ', F->out); expr(F, e->un.e, P_NOT); }
  else { fputc('-', F->out); expr(F, e->un.e, P_POW); }   /* -(-x), -(a * b), -a ^ 2 */
}

static void if_expr(Fmt *F, const Expr *e) {
  kw(F, KW_K_IF); fputc(' ', F->out); expr(F, e->ifx.cond, P_OR);
  fputc(' ', F->out); kw(F, KW_K_THEN); fputc(' ', F->out); expr(F, e->ifx.then, P_OR);
  fputc(' ', F->out); kw(F, KW_K_ELSE); fputc(' ', F->out); expr(F, e->ifx.els, P_IF);
}

/* A `selon` written over several lines stays so: one arm per line, so that each arm keeps
 * its comments. The arms are laid out like the items of a block. */
static bool multi_line(const Fmt *F, const Expr *e) {
  return e->kind == EX_MATCH && newlines(F, e->loc.start, e->loc.end) > 0;
}
static uint32_t match_open(const Fmt *F, const Expr *e) { return open_brace(F, e->match.subject->loc.end); }

/* Where the first multi-line `selon` of e opens (comments before it move above the line),
 * or UINT32_MAX. */
static uint32_t first_block(const Fmt *F, const Expr *e) {
  if (!e) return UINT32_MAX;
  if (multi_line(F, e)) return match_open(F, e);
  const Expr *kids[3] = {NULL, NULL, NULL};
  const ExprList *list = NULL;
  switch (e->kind) {
  case EX_UNARY: kids[0] = e->un.e; break;
  case EX_BINARY: kids[0] = e->bin.l; kids[1] = e->bin.r; break;
  case EX_IF: kids[0] = e->ifx.cond; kids[1] = e->ifx.then; kids[2] = e->ifx.els; break;
  case EX_MATCH: kids[0] = e->match.subject; break;   /* one-line: its arms are on the line too */
  case EX_IN: kids[0] = e->in.subject; list = &e->in.items; break;
  case EX_CALL: list = &e->call.args; break;
  case EX_WHERE: kids[0] = e->where.table; kids[1] = e->where.cond; break;
  default: break;
  }
  uint32_t best = UINT32_MAX;
  for (int i = 0; i < 3; i++) { uint32_t b = first_block(F, kids[i]); if (b < best) best = b; }
  for (int i = 0; list && i < list->n; i++) { uint32_t b = first_block(F, list->v[i]); if (b < best) best = b; }
  return best;
}
static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

static void arm(Fmt *F, const MatchArm *a) {
  if (a->other) kw(F, KW_K_OTHER); else expr_list(F, &a->keys);
  fputs(": ", F->out);
  expr(F, a->value, P_IF);
}

static void match_lines(Fmt *F, const Expr *e) {
  const ArmList *l = &e->match.arms;
  uint32_t open = match_open(F, e), close = e->loc.end - 1;
  fputs(" {", F->out);
  end_line(F, open + 1, l->v[0]->loc.start);
  F->indent++;
  F->fresh = true;
  for (int i = 0; i < l->n; i++) {
    const MatchArm *a = l->v[i];
    begin_element(F, a->loc.start, min_u32(a->loc.end, first_block(F, a->value)));
    arm(F, a);
    end_line(F, a->loc.end, i + 1 < l->n ? l->v[i + 1]->loc.start : close);
  }
  comments_until(F, close);
  F->indent--;
  F->fresh = F->want_blank = false;
  start_line(F, false);
  fputc('}', F->out);
  F->last = e->loc.end;
}

static void match_expr(Fmt *F, const Expr *e) {
  kw(F, KW_K_MATCH); fputc(' ', F->out); expr(F, e->match.subject, P_OR);
  if (multi_line(F, e)) { match_lines(F, e); return; }
  fputs(" { ", F->out);
  for (int i = 0; i < e->match.arms.n; i++) {
    if (i) fputs(", ", F->out);
    arm(F, e->match.arms.v[i]);
  }
  fputs(" }", F->out);
}

static void number(Fmt *F, const Expr *e) {
  fputs(e->num.text, F->out);
  if (!e->num.unit) return;
  fputs(e->num.bracketed ? " [" : " ", F->out);
  unit(F, e->num.unit);
  if (e->num.bracketed) fputc(']', F->out);
}

static void expr_body(Fmt *F, const Expr *e) {
  switch (e->kind) {
  case EX_NUM: number(F, e); break;
  case EX_STR: quoted(F, e->str); break;
  case EX_BOOL: kw(F, e->boolean ? KW_K_TRUE : KW_K_FALSE); break;
  case EX_DATE: fputs(e->str, F->out); break;
  case EX_NAME: path(F, &e->name, false); break;
  case EX_UNARY: unary(F, e); break;
  case EX_BINARY: binary(F, e); break;
  case EX_IF: if_expr(F, e); break;
  case EX_MATCH: match_expr(F, e); break;
  case EX_IN:
    expr(F, e->in.subject, P_ADD); fputc(' ', F->out); kw(F, KW_K_IN);
    fputs(" (", F->out); expr_list(F, &e->in.items); fputc(')', F->out);
    break;
  case EX_CALL:
    fprintf(F->out, "%s(", F->names ? fmt_call_name(e->call.name, F->lang) : e->call.name);
    expr_list(F, &e->call.args); fputc(')', F->out);
    break;
  case EX_WHERE:
    expr(F, e->where.table, P_OR); fputc(' ', F->out); kw(F, KW_K_WHERE);
    fputc(' ', F->out); expr(F, e->where.cond, P_IF);
    break;
  }
}

/* Prints e, in parentheses when it binds more loosely than its place needs. */
static void expr(Fmt *F, const Expr *e, int need) {
  bool paren = expr_prec(e) < need;
  if (paren) fputc('(', F->out);
  expr_body(F, e);
  if (paren) fputc(')', F->out);
}

/* ---- block items ---- */
static void values(Fmt *F, const ValueList *l) {
  for (int i = 0; i < l->n; i++) {
    const FieldValue *v = l->v[i];
    if (i) fputs(", ", F->out);
    expr(F, v->value, P_IF);
    if (v->since) { fputc(' ', F->out); kw(F, KW_K_SINCE); fputc(' ', F->out); expr(F, v->since, P_PRIMARY); }
    if (v->share) { fputc(' ', F->out); expr(F, v->share, P_PRIMARY); }
  }
}

static void coltype(Fmt *F, const ColType *c) {
  static const KwId kws[] = {
    [COL_TEXT] = KW_K_TEXT, [COL_INTEGER] = KW_K_INTEGER, [COL_DECIMAL] = KW_K_DECIMAL,
    [COL_BOOLEAN] = KW_K_BOOLEAN, [COL_DATE] = KW_K_DATE, [COL_TERRITORY] = KW_K_TERRITORY,
    [COL_REF] = KW_K_REF,
  };
  kw(F, kws[c->kind]);
  if (c->unit) { fputc(' ', F->out); unit(F, c->unit); }
  if (c->target) fprintf(F->out, " %s", c->target);
  if (c->key) { fputc(' ', F->out); kw(F, KW_K_KEY); }
  if (c->optional) { fputc(' ', F->out); kw(F, KW_K_OPTIONAL); }
  if (c->fraction) { fputc(' ', F->out); kw(F, KW_K_FRACTION); }
  if (c->vintage) {   /* `aucun` / `none` follow the keywords' language */
    bool none = !strcmp(c->vintage, "aucun") || !strcmp(c->vintage, "none");
    fputc(' ', F->out);
    kw(F, KW_K_VINTAGE);
    fprintf(F->out, " %s", none ? (F->lang == LANG_EN ? "none" : "aucun") : c->vintage);
  }
}

static void items(Fmt *F, const ItemList *l, uint32_t close);

/* The body of a block whose header was just printed: " {…}" up to the closing brace at
 * `close`; `end`/`limit` as for end_line. */
static void block(Fmt *F, const ItemList *l, uint32_t open, uint32_t close, uint32_t end, uint32_t limit) {
  if (l->n == 0 && !comment_before(F, close)) { fputs(" {}", F->out); end_line(F, end, limit); return; }
  fputs(" {", F->out);
  end_line(F, open + 1, l->n ? l->v[0]->loc.start : close);
  F->indent++;
  F->fresh = true;
  items(F, l, close);
  comments_until(F, close);
  F->indent--;
  F->fresh = F->want_blank = false;
  start_line(F, false);
  fputc('}', F->out);
  end_line(F, end, limit);
}

/* A field's word (actualisation: aucune, filtres: additifs), in the language asked for;
 * false when the value is not one. */
static bool choice_word(Fmt *F, const Item *it) {
  FieldId f = it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
  const Expr *e = it->values.n == 1 ? it->values.v[0]->value : NULL;
  if (f == F__COUNT || !F->names || !e || e->kind != EX_NAME || e->name.n != 1) return false;
  ChoiceId c = schema_choice_lookup(f, e->name.parts[0]);
  if (c == C__COUNT) return false;
  fputs(F->lang == LANG_EN ? schema_choice(c)->en : schema_choice(c)->fr, F->out);
  return true;
}

static void item(Fmt *F, const Item *it, uint32_t limit) {
  uint32_t open = it->kind == IT_NODE ? open_brace(F, it->label_loc.end) : it->loc.end;
  if (it->kind == IT_LEAF) open = min_u32(open, first_block(F, it->leaf));
  for (int i = 0; it->kind == IT_FIELD && i < it->values.n; i++) open = min_u32(open, first_block(F, it->values.v[i]->value));
  begin_element(F, it->loc.start, open);
  switch (it->kind) {
  case IT_FIELD: path(F, &it->path, true); fputs(": ", F->out); if (!choice_word(F, it)) values(F, &it->values); break;
  case IT_COLUMN: path(F, &it->path, false); fputs(": ", F->out); coltype(F, it->col); break;   /* a column is named by its file */
  case IT_LEAF:
    if (it->label) { quoted(F, it->label); fputs(": ", F->out); }
    expr(F, it->leaf, P_IF);
    break;
  case IT_NODE:
    quoted(F, it->label);
    block(F, &it->children, open, it->loc.end - 1, it->loc.end, limit);
    return;
  }
  end_line(F, it->loc.end, limit);
}

static void items(Fmt *F, const ItemList *l, uint32_t close) {
  for (int i = 0; i < l->n; i++) item(F, l->v[i], i + 1 < l->n ? l->v[i + 1]->loc.start : close);
}

/* ---- declarations ---- */
static void namedefs(Fmt *F, const NameDefList *l) {
  for (int i = 0; i < l->n; i++) {
    if (i) fputc(',', F->out);
    fprintf(F->out, " %s", l->v[i]->name);
    if (l->v[i]->label) { fputc(' ', F->out); quoted(F, l->v[i]->label); }
  }
}

static uint32_t header_end(const Decl *d) {
  uint32_t e = d->name_loc.end;
  if (d->label && d->label_loc.end > e) e = d->label_loc.end;
  if (d->unit && d->unit->loc.end > e) e = d->unit->loc.end;
  return e;
}

static void head(Fmt *F, const Decl *d) {
  kw(F, ast_decl_keyword(d->kind));
  switch (d->kind) {
  case D_FRAMEWORK:
    fputc(' ', F->out); quoted(F, d->name);
    if (d->label) { fputc(' ', F->out); quoted(F, d->label); }
    if (d->version) { fputc(' ', F->out); kw(F, KW_K_VERSION); fputc(' ', F->out); quoted(F, d->version); }
    if (d->currency) { fputc(' ', F->out); kw(F, KW_K_CURRENCY); fprintf(F->out, " %s", d->currency); }
    return;
  case D_IMPORT:
    fprintf(F->out, " %s", d->name);
    if (d->alias) { fputc(' ', F->out); kw(F, KW_K_AS); fprintf(F->out, " %s", d->alias); }
    return;
  case D_UNIT: case D_STAKEHOLDER: case D_CHAIN: case D_TERRITORY: case D_CURRENCY: namedefs(F, &d->names); return;
  default: break;
  }
  fprintf(F->out, " %s", d->name);
  if (d->label) { fputc(' ', F->out); quoted(F, d->label); }
  if (d->unit) { fputs(" : ", F->out); unit(F, d->unit); }
}

static void decl(Fmt *F, const Decl *d, uint32_t limit) {
  uint32_t open = d->has_block ? open_brace(F, header_end(d)) : min_u32(d->loc.end, first_block(F, d->formula));
  begin_element(F, d->loc.start, open);
  head(F, d);
  if (d->has_block) { block(F, &d->items, open, d->loc.end - 1, d->loc.end, limit); return; }
  if (d->formula) { fputs(" = ", F->out); expr(F, d->formula, P_IF); }
  end_line(F, d->loc.end, limit);
}

/* ---- trailing-comment alignment ---- */
/* One output line: where it starts and ends, where its trailing comment starts (-1: none),
 * how many characters come before that, and its indentation. */
typedef struct Line { long start, end, mark; int width, indent; } Line;

static int utf8_width(const char *s, long n) {
  int w = 0;
  for (long i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

static Line *split_lines(const char *buf, long n, const long *marks, int nmarks, int *nlines) {
  Line *v = NULL;
  int k = 0, cap = 0, m = 0;
  for (long s = 0; s < n;) {
    long e = s;
    while (e < n && buf[e] != '\n') e++;
    if (k == cap) v = mem_realloc(v, sizeof *v * (size_t)(cap = cap ? 2 * cap : 256));
    Line *l = &v[k++];
    *l = (Line){s, e, -1, 0, 0};
    while (l->indent < e - s && buf[s + l->indent] == ' ') l->indent++;
    if (m < nmarks && marks[m] >= s && marks[m] <= e) { l->mark = marks[m++]; l->width = utf8_width(buf + s, l->mark - s); }
    s = e + 1;
  }
  *nlines = k;
  return v;
}

/* Copies buf to out, aligning the trailing comments of each run of consecutive lines that
 * have one, at the same indentation, two spaces after the longest of them (as gofmt does). */
static void align_comments(FILE *out, const char *buf, long n, const long *marks, int nmarks) {
  int nl;
  Line *v = split_lines(buf, n, marks, nmarks, &nl);
  for (int i = 0; i < nl;) {
    int j = i, col = 0;
    while (j < nl && v[j].mark >= 0 && v[j].indent == v[i].indent) { if (v[j].width > col) col = v[j].width; j++; }
    if (j == i) j = i + 1;
    for (int k = i; k < j; k++) {
      const Line *l = &v[k];
      if (l->mark < 0) { fwrite(buf + l->start, 1, (size_t)(l->end - l->start), out); fputc('\n', out); continue; }
      fwrite(buf + l->start, 1, (size_t)(l->mark - l->start), out);
      fprintf(out, "%*s", col - l->width + 2, "");
      fwrite(buf + l->mark + 2, 1, (size_t)(l->end - l->mark - 2), out);
      fputc('\n', out);
    }
    i = j;
  }
  free(v);
}

void fmt_program(FILE *out, const Program *p, const FmtOptions *o) {
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  if (!m) mem_fail(0);
  Fmt F = {m, p, o ? o->keywords : LANG_FR, o && o->names, 0, 0, 0, true, false, NULL, 0, 0};
  const DeclList *l = &p->decls;
  uint32_t eof = (uint32_t)p->len + 1;
  for (int i = 0; i < l->n; i++) {
    F.want_blank = i > 0 && (l->v[i]->has_block || l->v[i - 1]->has_block);
    decl(&F, l->v[i], i + 1 < l->n ? l->v[i + 1]->loc.start : eof);
  }
  F.want_blank = false;
  comments_until(&F, eof);
  fclose(m);
  align_comments(out, buf, (long)n, F.marks, F.nmarks);
  free(F.marks);
  free(buf);
}

void fmt_expr(FILE *out, const Expr *e, const Program *p, const FmtOptions *o) {
  /* every comment already placed: a formula shown alone carries none */
  Fmt F = {out, p, o ? o->keywords : LANG_FR, o && o->names, 0, p->ncomments, e->loc.start, true, false, NULL, 0, 0};
  expr(&F, e, P_IF);
  free(F.marks);
}
