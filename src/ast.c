/* ast.c — syntax-tree constructors (called once per grammar action), keyword spellings,
 * and the layout-free dump that fmt's round-trip property compares.
 * The constructors also keep the tree shallow: each node knows its depth and one deeper than
 * AST_MAX_DEPTH is reported and replaced by a leaf; a chain of one associative operator is
 * collected while it is parsed and built when something uses it (fin), left-leaning as
 * written up to AST_CHAIN_FLAT operands, balanced beyond. */
#include "ast.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

static const struct { const char *fr, *plain, *en; } keywords[] = {
#define KW(tok, fr, plain, en) {fr, plain, en},
#include "keywords.def"
#undef KW
};

const char *ast_keyword(KwId k, KwLang lang) { return lang == LANG_EN ? keywords[k].en : keywords[k].fr; }

/* Called by the lexer on every identifier: the first byte rules out almost every spelling
 * before any length is measured. */
KwId ast_keyword_lookup(const char *s, size_t n) {
  if (!n) return KW__COUNT;
  for (int k = 0; k < KW__COUNT; k++) {
    const char *c[3] = {keywords[k].fr, keywords[k].plain, keywords[k].en};
    for (int j = 0; j < 3; j++)
      if (c[j] && c[j][0] == s[0] && !strncmp(c[j], s, n) && !c[j][n]) return (KwId)k;
  }
  return KW__COUNT;
}

static Expr *expr(AstBuilder *b, ExprKind k, Loc loc) {
  Expr *e = arena_alloc(b->arena, sizeof *e);
  e->kind = k;
  e->loc = loc;
  e->depth = 1;
  return e;
}

/* ---- depth ---- */
void ast_too_deep(AstBuilder *b, Loc loc) {
  diag_error(b->diag, loc, _("expression nested too deeply (more than %d levels); split it into "
                             "intermediate indicators"), AST_MAX_DEPTH);
}
static int depth_of(const Expr *e) { return e ? e->depth : 0; }
static int depth_list(const ExprList *l) {
  int d = 0;
  for (int i = 0; l && i < l->n; i++) if (depth_of(l->v[i]) > d) d = depth_of(l->v[i]);
  return d;
}
/* Sets e's depth from its children's deepest (kids); past the limit, reports it once (at the
 * first node past it) and returns a leaf standing for it, so that the tree stays shallow. */
static Expr *deepen(AstBuilder *b, Expr *e, int kids) {
  e->depth = kids + 1;
  if (e->depth <= AST_MAX_DEPTH) return e;
  if (kids <= AST_MAX_DEPTH) ast_too_deep(b, e->loc);
  Expr *leaf = expr(b, EX_BOOL, e->loc);
  leaf->depth = AST_MAX_DEPTH + 1;
  return leaf;
}

/* ---- chains: a + b + c … collected flat while parsed ---- */
struct AstChain { Expr **v; uint32_t *end; int n, cap, ecap; uint32_t start; };

static bool chainable(Op op) { return op == OP_ADD || op == OP_MUL || op == OP_AND || op == OP_OR; }

static Expr *bin_node(AstBuilder *b, Op op, Expr *l, Expr *r, Loc loc) {
  Expr *e = expr(b, EX_BINARY, loc);
  e->bin.op = op; e->bin.l = l; e->bin.r = r;
  return deepen(b, e, depth_of(l) > depth_of(r) ? depth_of(l) : depth_of(r));
}

/* Operands lo..hi-1 of a chain: left-leaning up to AST_CHAIN_FLAT of them, else two balanced
 * halves (recursion log n deep). */
static Expr *build(AstBuilder *b, Op op, const AstChain *c, int lo, int hi, Loc loc) {
  if (hi - lo <= AST_CHAIN_FLAT) {
    Expr *t = c->v[lo];
    for (int i = lo + 1; i < hi; i++) t = bin_node(b, op, t, c->v[i], (Loc){loc.file, loc.start, c->end[i]});
    return t;
  }
  int mid = lo + (hi - lo) / 2;
  Expr *l = build(b, op, c, lo, mid, (Loc){loc.file, loc.start, c->end[mid - 1]});
  Expr *r = build(b, op, c, mid, hi, (Loc){loc.file, c->v[mid]->loc.start, loc.end});
  if (r->kind == EX_BINARY) r->bin.implicit = true;
  return bin_node(b, op, l, r, loc);
}

/* An expression about to be used: a chain still open is built now. */
static Expr *fin(AstBuilder *b, Expr *e) {
  if (!e || e->kind != EX_BINARY || !e->bin.chain) return e;
  AstChain *c = e->bin.chain;
  e->bin.chain = NULL;
  return build(b, e->bin.op, c, 0, c->n, (Loc){e->loc.file, c->start, e->loc.end});
}

Expr *ast_num(AstBuilder *b, const char *text, UnitExpr *unit, bool bracketed, Loc loc) {
  Expr *e = expr(b, EX_NUM, loc);
  e->num.text = text; e->num.unit = unit; e->num.bracketed = bracketed;
  return e;
}
Expr *ast_str(AstBuilder *b, const char *s, Loc loc) { Expr *e = expr(b, EX_STR, loc); e->str = s; return e; }
Expr *ast_bool(AstBuilder *b, bool v, Loc loc) { Expr *e = expr(b, EX_BOOL, loc); e->boolean = v; return e; }
Expr *ast_date(AstBuilder *b, const char *s, Loc loc) { Expr *e = expr(b, EX_DATE, loc); e->str = s; return e; }
Expr *ast_name(AstBuilder *b, NamePath *p, Loc loc) { Expr *e = expr(b, EX_NAME, loc); e->name = *p; return e; }

Expr *ast_unary(AstBuilder *b, Op op, Expr *x, Loc loc) {
  Expr *e = expr(b, EX_UNARY, loc);
  e->un.op = op; e->un.e = fin(b, x);
  return deepen(b, e, depth_of(e->un.e));
}
/* l op r: for +, *, et, ou, appended to l's chain when l is one still open. */
Expr *ast_binary(AstBuilder *b, Op op, Expr *l, Expr *r, Loc loc) {
  r = fin(b, r);
  if (!chainable(op)) return bin_node(b, op, fin(b, l), r, loc);
  AstChain *c;
  Expr *e;
  if (l && l->kind == EX_BINARY && l->bin.op == op && l->bin.chain) {
    e = l;
    c = l->bin.chain;
  } else {
    e = expr(b, EX_BINARY, loc);
    e->bin.op = op;
    c = e->bin.chain = arena_alloc(b->arena, sizeof *c);
    c->start = loc.start;
    int n = c->n;
    ARENA_PUSH(b->arena, c->v, c->n, c->cap, fin(b, l));
    c->n = n;
    ARENA_PUSH(b->arena, c->end, c->n, c->ecap, loc.start);
  }
  int n = c->n;
  ARENA_PUSH(b->arena, c->v, c->n, c->cap, r);
  c->n = n;
  ARENA_PUSH(b->arena, c->end, c->n, c->ecap, loc.end);
  e->loc.end = loc.end;
  return e;
}
Expr *ast_if(AstBuilder *b, Expr *c, Expr *t, Expr *f, Loc loc) {
  Expr *e = expr(b, EX_IF, loc);
  e->ifx.cond = fin(b, c); e->ifx.then = fin(b, t); e->ifx.els = fin(b, f);
  int d = depth_of(e->ifx.cond);
  if (depth_of(e->ifx.then) > d) d = depth_of(e->ifx.then);
  if (depth_of(e->ifx.els) > d) d = depth_of(e->ifx.els);
  return deepen(b, e, d);
}
Expr *ast_match(AstBuilder *b, Expr *subject, ArmList *arms, Loc loc) {
  Expr *e = expr(b, EX_MATCH, loc);
  e->match.subject = fin(b, subject);
  if (arms) e->match.arms = *arms;
  int d = depth_of(e->match.subject);
  for (int i = 0; i < e->match.arms.n; i++) {
    const MatchArm *a = e->match.arms.v[i];
    if (depth_list(&a->keys) > d) d = depth_list(&a->keys);
    if (depth_of(a->value) > d) d = depth_of(a->value);
  }
  return deepen(b, e, d);
}
Expr *ast_in(AstBuilder *b, Expr *subject, ExprList *items, Loc loc) {
  Expr *e = expr(b, EX_IN, loc);
  e->in.subject = fin(b, subject);
  if (items) e->in.items = *items;
  int d = depth_list(&e->in.items);
  return deepen(b, e, depth_of(e->in.subject) > d ? depth_of(e->in.subject) : d);
}
Expr *ast_call(AstBuilder *b, const char *name, Loc name_loc, ExprList *args, Loc loc) {
  Expr *e = expr(b, EX_CALL, loc);
  e->call.name = name; e->call.name_loc = name_loc;
  if (args) e->call.args = *args;
  return deepen(b, e, depth_list(&e->call.args));
}
Expr *ast_where(AstBuilder *b, Expr *table, Expr *cond, Loc loc) {
  Expr *e = expr(b, EX_WHERE, loc);
  e->where.table = fin(b, table); e->where.cond = fin(b, cond);
  int d = depth_of(e->where.table);
  return deepen(b, e, depth_of(e->where.cond) > d ? depth_of(e->where.cond) : d);
}
Expr *ast_paren(AstBuilder *b, Expr *e, Loc loc) { (void)loc; return fin(b, e); }

MatchArm *ast_arm(AstBuilder *b, ExprList *keys, Expr *value, Loc loc) {
  MatchArm *a = arena_alloc(b->arena, sizeof *a);
  if (keys) a->keys = *keys; else a->other = true;
  a->value = fin(b, value); a->loc = loc;
  return a;
}

NamePath *ast_path(AstBuilder *b, NamePath *p, const char *part, Loc loc) {
  if (!p) p = arena_alloc(b->arena, sizeof *p);
  int cap = p->cap, n = p->n;
  ARENA_PUSH(b->arena, p->parts, p->n, p->cap, part);
  p->cap = cap; p->n = n;
  ARENA_PUSH(b->arena, p->locs, p->n, p->cap, loc);
  return p;
}

UnitExpr *ast_unit(AstBuilder *b, UnitExpr *u, const char *atom, int exp, Loc loc) {
  if (!u) { u = arena_alloc(b->arena, sizeof *u); u->loc = loc; }
  UnitTerm t = {atom, exp, loc};
  ARENA_PUSH(b->arena, u->terms, u->n, u->cap, t);
  u->loc.end = loc.end;
  return u;
}

UnitExpr *ast_unit_pow(AstBuilder *b, UnitExpr *u, const char *exp_text, bool negative, Loc loc) {
  (void)b;
  long v = strtol(exp_text, NULL, 10);
  if (v > 99) v = 99;
  UnitTerm *t = &u->terms[u->n - 1];
  t->exp *= (int)(negative ? -v : v);
  u->loc.end = loc.end;
  return u;
}

#define LIST_PUSH(T, L, x) { if (!l) l = arena_alloc(b->arena, sizeof *l); ARENA_PUSH(b->arena, l->v, l->n, l->cap, x); return l; }
ExprList *ast_exprs(AstBuilder *b, ExprList *l, Expr *e) {
  e = fin(b, e);
  LIST_PUSH(ExprList, l, e)
}
ArmList *ast_arms(AstBuilder *b, ArmList *l, MatchArm *a) LIST_PUSH(ArmList, l, a)
ValueList *ast_values(AstBuilder *b, ValueList *l, FieldValue *v) LIST_PUSH(ValueList, l, v)
ItemList *ast_items(AstBuilder *b, ItemList *l, Item *it) {
  if (!l) l = arena_alloc(b->arena, sizeof *l);
  if (it) ARENA_PUSH(b->arena, l->v, l->n, l->cap, it);
  return l;
}
NameDefList *ast_namedefs(AstBuilder *b, NameDefList *l, const char *name, Loc loc, const char *label, Loc label_loc) {
  NameDef *d = arena_alloc(b->arena, sizeof *d);
  d->name = name; d->loc = loc; d->label = label; d->label_loc = label_loc;
  LIST_PUSH(NameDefList, l, d)
}

FieldValue *ast_value(AstBuilder *b, Expr *value, Expr *since, Expr *share, Loc loc) {
  FieldValue *v = arena_alloc(b->arena, sizeof *v);
  v->value = fin(b, value); v->since = fin(b, since); v->share = fin(b, share); v->loc = loc;
  return v;
}

ColType *ast_coltype(AstBuilder *b, ColKind kind, UnitExpr *unit, const char *target, Loc target_loc, Loc loc) {
  ColType *c = arena_alloc(b->arena, sizeof *c);
  c->kind = kind; c->unit = unit; c->target = target; c->target_loc = target_loc; c->loc = loc;
  return c;
}

ColType *ast_coltype_ref(AstBuilder *b, NamePath *table, Loc table_loc, Loc loc) {
  const char *name = table->parts[0];
  for (int i = 1; i < table->n; i++) name = arena_printf(b->arena, "%s.%s", name, table->parts[i]);
  return ast_coltype(b, COL_REF, NULL, name, table_loc, loc);
}

ColType *ast_colmod(AstBuilder *b, ColType *c, KwId mod, Loc loc) {
  bool *flag = mod == KW_K_KEY ? &c->key : mod == KW_K_FRACTION ? &c->fraction : &c->optional;
  if (*flag) diag_warning(b->diag, loc, "'%s' is written twice", ast_keyword(mod, LANG_FR));
  *flag = true;
  c->loc.end = loc.end;
  return c;
}

ColType *ast_colvintage(AstBuilder *b, ColType *c, const char *vintage, Loc loc) {
  if (c->vintage) diag_warning(b->diag, loc, _("'millésime' is written twice; the last one is kept"));
  c->vintage = !strcmp(vintage, "none") ? "aucun" : vintage;   /* one spelling in the tree */
  c->vintage_loc = loc;
  c->loc.end = loc.end;
  return c;
}

static Item *item(AstBuilder *b, ItemKind k, Loc loc) {
  Item *it = arena_alloc(b->arena, sizeof *it);
  it->kind = k; it->loc = loc;
  return it;
}
Item *ast_field(AstBuilder *b, NamePath *path, ValueList *values, Loc loc) {
  Item *it = item(b, IT_FIELD, loc);
  it->path = *path;
  if (values) it->values = *values;
  return it;
}
Item *ast_column(AstBuilder *b, NamePath *path, ColType *col, Loc loc) {
  Item *it = item(b, IT_COLUMN, loc);
  it->path = *path; it->col = col;
  return it;
}
Item *ast_node(AstBuilder *b, const char *label, Loc label_loc, ItemList *children, Loc loc) {
  Item *it = item(b, IT_NODE, loc);
  it->label = label; it->label_loc = label_loc;
  if (children) it->children = *children;
  int d = 0;
  for (int i = 0; i < it->children.n; i++)
    if (it->children.v[i]->kind == IT_NODE && it->children.v[i]->depth > d) d = it->children.v[i]->depth;
  it->depth = d + 1;
  if (it->depth > AST_MAX_DEPTH) {   /* reported once, by the first node past the limit */
    if (d == AST_MAX_DEPTH)
      diag_error(b->diag, label_loc, _("tree nested too deeply (more than %d levels); flatten it"), AST_MAX_DEPTH);
    it->depth = AST_MAX_DEPTH + 1;
    it->children = (ItemList){0};
  }
  return it;
}
Item *ast_leaf(AstBuilder *b, const char *label, Loc label_loc, Expr *e, Loc loc) {
  Item *it = item(b, IT_LEAF, loc);
  it->label = label; it->label_loc = label_loc; it->leaf = fin(b, e);
  return it;
}

Decl *ast_decl(AstBuilder *b, DeclKind kind, Loc kw_loc, const char *name, Loc name_loc,
               const char *label, Loc label_loc, UnitExpr *unit) {
  Decl *d = arena_alloc(b->arena, sizeof *d);
  d->kind = kind; d->kw_loc = kw_loc; d->loc = kw_loc;
  d->name = name; d->name_loc = name_loc; d->label = label; d->label_loc = label_loc; d->unit = unit;
  return d;
}
Decl *ast_decl_formula(AstBuilder *b, Decl *d, Expr *formula, Loc loc) {
  d->formula = fin(b, formula); d->loc = loc;
  return d;
}
Decl *ast_decl_block(AstBuilder *b, Decl *d, ItemList *items, Loc loc) {
  (void)b;
  d->has_block = true;
  if (items) d->items = *items;
  d->loc = loc;
  return d;
}
Decl *ast_framework(AstBuilder *b, const char *name, Loc name_loc, const char *label, Loc label_loc,
                    const char *version, Loc version_loc, const char *currency, Loc currency_loc, Loc loc) {
  Decl *d = ast_decl(b, D_FRAMEWORK, loc, name, name_loc, label, label ? label_loc : (Loc){0}, NULL);
  d->version = version; d->version_loc = version_loc; d->loc = loc;
  d->currency = currency; d->currency_loc = currency_loc;
  return d;
}
Decl *ast_import(AstBuilder *b, NamePath *module, const char *alias, Loc alias_loc, Loc loc) {
  const char *name = module->parts[0];
  for (int i = 1; i < module->n; i++) name = arena_printf(b->arena, "%s.%s", name, module->parts[i]);
  Decl *d = ast_decl(b, D_IMPORT, loc, name, module->locs[0], NULL, (Loc){0}, NULL);
  d->name_loc.end = module->locs[module->n - 1].end;
  d->alias = alias; d->alias_loc = alias_loc; d->loc = loc;
  return d;
}
Decl *ast_namelist(AstBuilder *b, DeclKind kind, NameDefList *names, Loc loc) {
  Decl *d = ast_decl(b, kind, loc, NULL, (Loc){0}, NULL, (Loc){0}, NULL);
  d->names = *names; d->loc = loc;
  return d;
}
void ast_program_add(AstBuilder *b, Decl *d) {
  if (d) ARENA_PUSH(b->arena, b->prog->decls.v, b->prog->decls.n, b->prog->decls.cap, d);
}

/* ---- queries ---- */
static const KwId decl_kw[] = {
  [D_FRAMEWORK] = KW_K_FRAMEWORK, [D_IMPORT] = KW_K_IMPORT, [D_UNIT] = KW_K_UNIT,
  [D_STAKEHOLDER] = KW_K_STAKEHOLDER, [D_CHAIN] = KW_K_CHAIN, [D_TERRITORY] = KW_K_TERRITORY,
  [D_TABLE] = KW_K_TABLE, [D_PARAM] = KW_K_PARAM, [D_INDICATOR] = KW_K_INDICATOR,
  [D_VALUATION] = KW_K_VALUATION, [D_COST] = KW_K_COST, [D_CHECK] = KW_K_CHECK,
  [D_TREE] = KW_K_TREE, [D_STATEMENT] = KW_K_STATEMENT, [D_SCENARIO] = KW_K_SCENARIO,
  [D_OVERRIDE] = KW_K_OVERRIDE,
  [D_FRAME] = KW_K_FRAME, [D_PANEL] = KW_K_PANEL, [D_INDEX] = KW_K_INDEX,
  [D_CURRENCY] = KW_K_CURRENCY,
};
KwId ast_decl_keyword(DeclKind k) { return decl_kw[k]; }
const char *ast_decl_kind_name(DeclKind k, KwLang lang) { return ast_keyword(decl_kw[k], lang); }

const char *ast_op_text(Op op) {
  static const char *t[] = {
    [OP_NEG] = "-", [OP_NOT] = "non", [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*",
    [OP_DIV] = "/", [OP_POW] = "^", [OP_EQ] = "=", [OP_NE] = "!=", [OP_LT] = "<",
    [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=", [OP_AND] = "et", [OP_OR] = "ou",
  };
  return t[op];
}

void ast_unit_print(FILE *out, const UnitExpr *u) {
  bool first = true;
  for (int i = 0; i < u->n; i++) {           /* positive exponents first, then the divisors */
    const UnitTerm *t = &u->terms[i];
    if (t->exp <= 0) continue;
    fprintf(out, "%s%s", first ? "" : "*", t->name);
    if (t->exp != 1) fprintf(out, "^%d", t->exp);
    first = false;
  }
  if (first) fputs("1", out);
  for (int i = 0; i < u->n; i++) {
    const UnitTerm *t = &u->terms[i];
    if (t->exp >= 0) continue;
    fprintf(out, "/%s", t->name);
    if (t->exp != -1) fprintf(out, "^%d", -t->exp);
  }
}

/* ---- dump: an S-expression of the tree, without locations ---- */
static void dump_str(FILE *out, const char *s) {
  fputc('"', out);
  for (; s && *s; s++) { if (*s == '"' || *s == '\\') fputc('\\', out); fputc(*s, out); }
  fputc('"', out);
}
static void dump_expr(FILE *out, const Expr *e);
static void dump_list(FILE *out, const ExprList *l) {
  for (int i = 0; i < l->n; i++) { fputc(' ', out); dump_expr(out, l->v[i]); }
}
static void dump_path(FILE *out, const NamePath *p) {
  for (int i = 0; i < p->n; i++) fprintf(out, "%s%s", i ? "." : "", p->parts[i]);
}
/* ---- walking ---- */
static bool each_of(const ExprList *l, AstChildFn fn, void *ctx) {
  for (int i = 0; i < l->n; i++)
    if (l->v[i] && !fn(l->v[i], ctx)) return false;
  return true;
}

bool ast_each_child(const Expr *e, AstChildFn fn, void *ctx) {
  const Expr *kids[3] = {NULL, NULL, NULL};
  switch (e->kind) {
  case EX_UNARY: kids[0] = e->un.e; break;
  case EX_BINARY: kids[0] = e->bin.l; kids[1] = e->bin.r; break;
  case EX_IF: kids[0] = e->ifx.cond; kids[1] = e->ifx.then; kids[2] = e->ifx.els; break;
  case EX_WHERE: kids[0] = e->where.table; kids[1] = e->where.cond; break;
  case EX_MATCH:
    if (e->match.subject && !fn(e->match.subject, ctx)) return false;
    for (int i = 0; i < e->match.arms.n; i++) {
      const MatchArm *a = e->match.arms.v[i];
      if (!each_of(&a->keys, fn, ctx) || (a->value && !fn(a->value, ctx))) return false;
    }
    return true;
  case EX_IN: return (!e->in.subject || fn(e->in.subject, ctx)) && each_of(&e->in.items, fn, ctx);
  case EX_CALL: return each_of(&e->call.args, fn, ctx);
  default: return true;   /* literals and names have no children */
  }
  for (int i = 0; i < 3; i++)
    if (kids[i] && !fn(kids[i], ctx)) return false;
  return true;
}

static void dump_unit(FILE *out, const UnitExpr *u) {
  if (!u) return;
  fputs(" [", out);
  ast_unit_print(out, u);
  fputc(']', out);
}
static void dump_expr(FILE *out, const Expr *e) {
  if (!e) { fputs("nil", out); return; }
  switch (e->kind) {
  case EX_NUM: {
    fputs("(num ", out);
    for (const char *s = e->num.text; *s; s++) if (*s != '_') fputc(*s, out);
    dump_unit(out, e->num.unit);
    fputc(')', out);
    break;
  }
  case EX_STR: fputs("(str ", out); dump_str(out, e->str); fputc(')', out); break;
  case EX_BOOL: fputs(e->boolean ? "true" : "false", out); break;
  case EX_DATE: fprintf(out, "(date %s)", e->str); break;
  case EX_NAME: fputs("(name ", out); dump_path(out, &e->name); fputc(')', out); break;
  case EX_UNARY: fprintf(out, "(%s ", e->un.op == OP_NEG ? "neg" : "not"); dump_expr(out, e->un.e); fputc(')', out); break;
  case EX_BINARY:
    fprintf(out, "(%s ", ast_op_text(e->bin.op));
    dump_expr(out, e->bin.l); fputc(' ', out); dump_expr(out, e->bin.r); fputc(')', out);
    break;
  case EX_IF:
    fputs("(if ", out); dump_expr(out, e->ifx.cond); fputc(' ', out);
    dump_expr(out, e->ifx.then); fputc(' ', out); dump_expr(out, e->ifx.els); fputc(')', out);
    break;
  case EX_MATCH:
    fputs("(match ", out); dump_expr(out, e->match.subject);
    for (int i = 0; i < e->match.arms.n; i++) {
      const MatchArm *a = e->match.arms.v[i];
      fputs(a->other ? " (other" : " (arm", out);
      dump_list(out, &a->keys); fputs(" => ", out); dump_expr(out, a->value); fputc(')', out);
    }
    fputc(')', out);
    break;
  case EX_IN: fputs("(in ", out); dump_expr(out, e->in.subject); dump_list(out, &e->in.items); fputc(')', out); break;
  case EX_CALL: fprintf(out, "(call %s", e->call.name); dump_list(out, &e->call.args); fputc(')', out); break;
  case EX_WHERE: fputs("(where ", out); dump_expr(out, e->where.table); fputc(' ', out); dump_expr(out, e->where.cond); fputc(')', out); break;
  }
}

static void dump_items(FILE *out, const ItemList *l, int depth);
static void dump_item(FILE *out, const Item *it, int depth) {
  fprintf(out, "%*s", 2 * depth, "");
  switch (it->kind) {
  case IT_FIELD:
    fputs("(field ", out); dump_path(out, &it->path);
    for (int i = 0; i < it->values.n; i++) {
      const FieldValue *v = it->values.v[i];
      fputc(' ', out); dump_expr(out, v->value);
      if (v->since) { fputs(" since ", out); dump_expr(out, v->since); }
      if (v->share) { fputs(" share ", out); dump_expr(out, v->share); }
    }
    fputs(")\n", out);
    break;
  case IT_COLUMN: {
    const ColType *c = it->col;
    fputs("(column ", out); dump_path(out, &it->path);
    fprintf(out, " %d", (int)c->kind);
    dump_unit(out, c->unit);
    if (c->target) fprintf(out, " %s", c->target);
    fprintf(out, "%s%s%s", c->key ? " key" : "", c->optional ? " optional" : "", c->fraction ? " fraction" : "");
    fprintf(out, "%s%s)\n", c->vintage ? " vintage " : "", c->vintage ? c->vintage : "");
    break;
  }
  case IT_NODE:
    fputs("(node ", out); dump_str(out, it->label); fputs("\n", out);
    dump_items(out, &it->children, depth + 1);
    fprintf(out, "%*s)\n", 2 * depth, "");
    break;
  case IT_LEAF:
    fputs("(leaf ", out); if (it->label) dump_str(out, it->label); else fputs("-", out);
    fputc(' ', out); dump_expr(out, it->leaf); fputs(")\n", out);
    break;
  }
}
static void dump_items(FILE *out, const ItemList *l, int depth) {
  for (int i = 0; i < l->n; i++) dump_item(out, l->v[i], depth);
}

void ast_dump(FILE *out, const Program *p) {
  for (int i = 0; i < p->decls.n; i++) {
    const Decl *d = p->decls.v[i];
    fprintf(out, "(%s", ast_decl_kind_name(d->kind, LANG_EN));
    if (d->name) fprintf(out, " %s", d->name);
    if (d->label) { fputc(' ', out); dump_str(out, d->label); }
    if (d->version) { fputs(" version ", out); dump_str(out, d->version); }
    if (d->alias) fprintf(out, " as %s", d->alias);
    dump_unit(out, d->unit);
    for (int j = 0; j < d->names.n; j++) {
      fprintf(out, " %s", d->names.v[j]->name);
      if (d->names.v[j]->label) { fputc(' ', out); dump_str(out, d->names.v[j]->label); }
    }
    if (d->formula) { fputs(" = ", out); dump_expr(out, d->formula); }
    if (d->has_block) { fputs(" {\n", out); dump_items(out, &d->items, 1); fputc('}', out); }
    fputs(")\n", out);
  }
}
