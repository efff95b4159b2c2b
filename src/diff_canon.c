/* diff_canon.c — the canonical text of expressions and declarations, for `pvs diff`.
 *
 * Two texts are equal exactly when the declarations mean the same: the canonical form of
 * an expression is a prefix form without layout, with built-in functions and fields under
 * their French names (compte = count), numbers by exact value (1_000 = 1000 = 1000.0), units
 * in canonical order, and, on the old side, names renamed in the new version under their
 * new names. A declaration becomes a list of fields (label, unit, each field, each column,
 * each leaf of an arbre, each target of a scénario), whose order in the source is not
 * meaning; a repeated `valeur:` is one field whose values are compared as a set. */
#include "diff_impl.h"
#include "fmt.h"
#include "num.h"
#include "schema.h"
#include <stdlib.h>
#include <string.h>

/* ---- a string in the arena, written through a FILE ---- */
typedef struct Mem { FILE *f; char *buf; size_t len; } Mem;

static void mem_open(Mem *m) {
  m->buf = NULL;
  m->len = 0;
  m->f = open_memstream(&m->buf, &m->len);
  if (!m->f) abort();
}

static const char *mem_close(Mem *m, Arena *a) {
  fclose(m->f);
  const char *s = arena_strndup(a, m->buf ? m->buf : "", m->len);
  free(m->buf);
  return s;
}

/* ---- expressions ---- */
static const char *renamed(const Renames *rn, const char *name) {
  for (int i = 0; rn && i < rn->n; i++)
    if (!strcmp(rn->v[i].from, name)) return rn->v[i].to;
  return name;
}

static void canon_unit(FILE *f, const UnitExpr *u) {
  if (!u) return;
  fputs(" [", f);
  ast_unit_print(f, u);
  fputc(']', f);
}

static void canon_num(FILE *f, const Expr *e) {
  Num n = NUM_INIT;
  char buf[128];
  if (num_parse_literal(&n, e->num.text) && num_fmt_exact(buf, sizeof buf, &n) < sizeof buf) fputs(buf, f);
  else fputs(e->num.text, f);
  num_clear(&n);
  canon_unit(f, e->num.unit);
}

static void canon(FILE *f, const Expr *e, const Renames *rn);

static void canon_list(FILE *f, const ExprList *l, const Renames *rn) {
  for (int i = 0; i < l->n; i++) {
    fputc(' ', f);
    canon(f, l->v[i], rn);
  }
}

static void canon_call(FILE *f, const Expr *e, const Renames *rn) {
  BuiltinId b = schema_builtin_lookup(e->call.name);
  fprintf(f, "(call %s", b == B__COUNT ? e->call.name : schema_builtin(b)->fr);
  for (int i = 0; i < e->call.args.n; i++) {
    const Expr *a = e->call.args.v[i];
    int mode = b == B_ROUND && i == 2 && a->kind == EX_NAME && a->name.n == 1 ? schema_rounding_lookup(a->name.parts[0]) : -1;
    if (mode >= 0) fprintf(f, " (mode %d)", mode);
    else { fputc(' ', f); canon(f, a, rn); }
  }
  fputc(')', f);
}

static void canon_match(FILE *f, const Expr *e, const Renames *rn) {
  fputs("(selon ", f);
  canon(f, e->match.subject, rn);
  for (int i = 0; i < e->match.arms.n; i++) {
    const MatchArm *a = e->match.arms.v[i];
    fputs(a->other ? " (autre" : " (arm", f);
    canon_list(f, &a->keys, rn);
    fputs(" => ", f);
    canon(f, a->value, rn);
    fputc(')', f);
  }
  fputc(')', f);
}

static void canon(FILE *f, const Expr *e, const Renames *rn) {
  if (!e) { fputs("nil", f); return; }
  switch (e->kind) {
  case EX_NUM: fputs("(num ", f); canon_num(f, e); fputc(')', f); break;
  case EX_STR: fprintf(f, "(str \"%s\")", e->str); break;
  case EX_BOOL: fputs(e->boolean ? "vrai" : "faux", f); break;
  case EX_DATE: fprintf(f, "(date %s)", e->str); break;
  case EX_NAME:
    fprintf(f, "(name %s", renamed(rn, e->name.parts[0]));
    for (int i = 1; i < e->name.n; i++) fprintf(f, ".%s", e->name.parts[i]);
    fputc(')', f);
    break;
  case EX_UNARY: fprintf(f, "(%s ", e->un.op == OP_NEG ? "neg" : "non"); canon(f, e->un.e, rn); fputc(')', f); break;
  case EX_BINARY:
    fprintf(f, "(%s ", ast_op_text(e->bin.op));
    canon(f, e->bin.l, rn);
    fputc(' ', f);
    canon(f, e->bin.r, rn);
    fputc(')', f);
    break;
  case EX_IF:
    fputs("(si ", f);
    canon(f, e->ifx.cond, rn);
    fputc(' ', f);
    canon(f, e->ifx.then, rn);
    fputc(' ', f);
    canon(f, e->ifx.els, rn);
    fputc(')', f);
    break;
  case EX_MATCH: canon_match(f, e, rn); break;
  case EX_IN: fputs("(dans ", f); canon(f, e->in.subject, rn); canon_list(f, &e->in.items, rn); fputc(')', f); break;
  case EX_CALL: canon_call(f, e, rn); break;
  case EX_WHERE: fputs("(où ", f); canon(f, e->where.table, rn); fputc(' ', f); canon(f, e->where.cond, rn); fputc(')', f); break;
  }
}

const char *diff_canon_expr(Arena *a, const Expr *e, const Renames *rn) {
  Mem m;
  mem_open(&m);
  canon(m.f, e, rn);
  return mem_close(&m, a);
}

const char *diff_show_expr(Arena *a, const Expr *e, const Program *p) {
  Mem m;
  mem_open(&m);
  FmtOptions o = {LANG_FR, false};
  fmt_expr(m.f, e, p, &o);
  return mem_close(&m, a);
}

/* ---- fields ---- */
static void add_field(Arena *a, Entity *ent, const char *key, const char *canon_text, const char *shown) {
  for (int i = 0; i < ent->nfields; i++)
    if (!strcmp(ent->fields[i].key, key)) {   /* a repeated field (valeur:, two leaves alike) */
      ent->fields[i].canon = arena_printf(a, "%s\x1e%s", ent->fields[i].canon, canon_text);
      ent->fields[i].shown = arena_printf(a, "%s, %s", ent->fields[i].shown, shown);
      return;
    }
  Field fl = {key, canon_text, shown};
  ARENA_PUSH(a, ent->fields, ent->nfields, ent->cap, fl);
}

/* One value of a field: the value, then `depuis DATE` or a share, canonical and shown. */
static void value_texts(Arena *a, const Entity *ent, const FieldValue *v, const Renames *rn, const char **c, const char **s) {
  *c = diff_canon_expr(a, v->value, rn);
  *s = diff_show_expr(a, v->value, ent->prog);
  if (v->since) {
    *c = arena_printf(a, "%s depuis %s", *c, diff_canon_expr(a, v->since, rn));
    *s = arena_printf(a, "%s depuis %s", *s, diff_show_expr(a, v->since, ent->prog));
  }
  if (v->share) {
    *c = arena_printf(a, "%s part %s", *c, diff_canon_expr(a, v->share, rn));
    *s = arena_printf(a, "%s %s", *s, diff_show_expr(a, v->share, ent->prog));
  }
}

static bool scenario_target(const Decl *d, const Item *it) {
  if (d->kind != D_SCENARIO) return false;
  FieldId f = it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
  return f == F__COUNT || !((schema_field(f)->kinds >> D_SCENARIO) & 1u);
}

static const char *field_key(Arena *a, const Decl *d, const Item *it, const Renames *rn) {
  if (scenario_target(d, it)) {
    const char *k = renamed(rn, it->path.parts[0]);
    for (int i = 1; i < it->path.n; i++) {
      FieldId f = schema_field_lookup(it->path.parts[i]);
      k = arena_printf(a, "%s.%s", k, f == F__COUNT ? it->path.parts[i] : schema_field(f)->fr);
    }
    return k;
  }
  FieldId f = schema_field_lookup(it->path.parts[0]);
  return f == F__COUNT ? it->path.parts[0] : schema_field(f)->fr;
}

/* The values of a field: sorted canonical texts (a list of names is a set too). */
static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

static void field_item(Arena *a, Entity *ent, const Item *it, const Renames *rn) {
  int n = it->values.n;
  const char **c = arena_alloc(a, sizeof *c * (size_t)(n + 1)), *shown = "";
  for (int i = 0; i < n; i++) {
    const char *s;
    value_texts(a, ent, it->values.v[i], rn, &c[i], &s);
    shown = arena_printf(a, "%s%s%s", shown, i ? ", " : "", s);
  }
  qsort(c, (size_t)n, sizeof *c, cmp_str);
  const char *all = "";
  for (int i = 0; i < n; i++) all = arena_printf(a, "%s%s%s", all, i ? "\x1e" : "", c[i]);
  add_field(a, ent, field_key(a, ent->decl, it, rn), all, shown);
}

static const char *coltype_text(Arena *a, const ColType *ct, bool canonical) {
  static const KwId kw[] = {[COL_TEXT] = KW_K_TEXT, [COL_INTEGER] = KW_K_INTEGER, [COL_DECIMAL] = KW_K_DECIMAL,
                            [COL_BOOLEAN] = KW_K_BOOLEAN, [COL_DATE] = KW_K_DATE, [COL_TERRITORY] = KW_K_TERRITORY,
                            [COL_REF] = KW_K_REF};
  Mem m;
  mem_open(&m);
  fputs(ast_keyword(kw[ct->kind], LANG_FR), m.f);
  if (ct->unit) {
    fputc(' ', m.f);
    if (canonical) canon_unit(m.f, ct->unit);
    else ast_unit_print(m.f, ct->unit);
  }
  if (ct->target) fprintf(m.f, " %s", ct->target);
  if (ct->key) fprintf(m.f, " %s", ast_keyword(KW_K_KEY, LANG_FR));
  if (ct->optional) fprintf(m.f, " %s", ast_keyword(KW_K_OPTIONAL, LANG_FR));
  return mem_close(&m, a);
}

static void tree_items(Arena *a, Entity *ent, const ItemList *items, const char *prefix, const Renames *rn) {
  for (int i = 0; i < items->n; i++) {
    const Item *it = items->v[i];
    const char *label = it->label ? arena_printf(a, "« %s »", it->label) : "·";
    const char *key = arena_printf(a, "%s › %s", prefix, label);
    if (it->kind == IT_NODE && it->children.n) tree_items(a, ent, &it->children, key, rn);
    else if (it->kind == IT_NODE) add_field(a, ent, key, "{}", "{ }");
    else if (it->kind == IT_LEAF) add_field(a, ent, key, diff_canon_expr(a, it->leaf, rn), diff_show_expr(a, it->leaf, ent->prog));
  }
}

static void block_items(Arena *a, Entity *ent, const Renames *rn) {
  const Decl *d = ent->decl;
  for (int i = 0; i < d->items.n; i++) {
    const Item *it = d->items.v[i];
    if (it->kind == IT_FIELD) field_item(a, ent, it, rn);
    else if (it->kind == IT_COLUMN)
      add_field(a, ent, arena_printf(a, "colonne %s", it->path.parts[0]), coltype_text(a, it->col, true), coltype_text(a, it->col, false));
  }
  if (d->kind == D_TREE) tree_items(a, ent, &d->items, "arbre", rn);
}

/* A field given several times (valeur: … depuis …) is a set: its values in sorted order. */
static const char *sorted_set(Arena *a, const char *canon_text) {
  if (!strchr(canon_text, '\x1e')) return canon_text;
  int cap = 0, k = 0;
  const char **parts = NULL;
  for (const char *s = canon_text;; ) {
    const char *e = strchr(s, '\x1e');
    ARENA_PUSH(a, parts, k, cap, arena_strndup(a, s, e ? (size_t)(e - s) : strlen(s)));
    if (!e) break;
    s = e + 1;
  }
  qsort(parts, (size_t)k, sizeof *parts, cmp_str);
  const char *all = "";
  for (int i = 0; i < k; i++) all = arena_printf(a, "%s%s%s", all, i ? "\x1e" : "", parts[i]);
  return all;
}

static int cmp_field(const void *x, const void *y) { return strcmp(((const Field *)x)->key, ((const Field *)y)->key); }

void diff_entity_fields(Arena *a, Entity *ent, const Renames *rn) {
  ent->nfields = 0;
  if (ent->label) add_field(a, ent, "libellé", arena_printf(a, "\"%s\"", ent->label), arena_printf(a, "« %s »", ent->label));
  const Decl *d = ent->decl;
  if (ent->fam == FAM_IMPORT && d->alias) add_field(a, ent, "comme", d->alias, d->alias);
  if (d && ent->fam == FAM_VALUE) {
    if (d->unit) {
      Mem m;
      mem_open(&m);
      ast_unit_print(m.f, d->unit);
      const char *u = mem_close(&m, a);
      add_field(a, ent, "unité", u, u);
    }
    FieldId one = schema_one_line_field(d->kind);
    if (d->formula && one != F__COUNT)
      add_field(a, ent, schema_field(one)->fr, diff_canon_expr(a, d->formula, rn), diff_show_expr(a, d->formula, ent->prog));
    block_items(a, ent, rn);
  }
  for (int i = 0; i < ent->nfields; i++) ent->fields[i].canon = sorted_set(a, ent->fields[i].canon);
  if (ent->nfields) qsort(ent->fields, (size_t)ent->nfields, sizeof *ent->fields, cmp_field);
  const char *body = ast_keyword(ast_decl_keyword(ent->kind), LANG_FR);
  for (int i = 0; i < ent->nfields; i++)
    if (strcmp(ent->fields[i].key, "libellé")) body = arena_printf(a, "%s\x1d%s=%s", body, ent->fields[i].key, ent->fields[i].canon);
  ent->body = body;
}
