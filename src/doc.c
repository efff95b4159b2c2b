/* doc.c — `pvs doc` (see doc.h): the frame of the document (title, introduction, table of
 * contents, index), the documented modules and their anchors, and the helpers every
 * section shares: formulas as text, sources with their warning badge, the names a formula
 * refers to and the parameters a declaration uses, transitively.
 *
 * Several FILEs are several compilations; a file imported by more than one is documented
 * once: modules are identified by their real path (a "canon" id), and a symbol met through
 * any compilation finds its anchor by (canon, namespace, name). */
#include "doc_impl.h"
#include "units.h"
#include "mem.h"
#include "fmt.h"
#include "intl.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

bool doc_format_lookup(const char *name, DocFormat *f) {
  if (!strcmp(name, "md") || !strcmp(name, "markdown")) { *f = DOC_MD; return true; }
  if (!strcmp(name, "html")) { *f = DOC_HTML; return true; }
  return false;
}

/* ---- modules and anchors ---- */
int doc_canon(Doc *D, const Module *m) {
  for (int i = 0; i < D->nseen; i++) if (D->seen[i] == m) return D->seen_canon[i];
  char buf[PATH_MAX];
  const char *real = realpath(m->path, buf) ? buf : m->path;
  int c = 0;
  while (c < D->nreals && strcmp(D->reals[c], real)) c++;
  if (c == D->nreals) ARENA_PUSH(D->arena, D->reals, D->nreals, D->rcap, arena_strdup(D->arena, real));
  int n = D->nseen;
  ARENA_PUSH(D->arena, D->seen, D->nseen, D->scap, (Module *)m);
  ARENA_PUSH(D->arena, D->seen_canon, n, D->sccap, c);
  return c;
}

static bool documented(Doc *D, int canon) {
  for (int i = 0; i < D->nmods; i++) if (D->mod_canon[i] == canon) return true;
  return false;
}

static void collect_modules(Doc *D, Compilation *const *comps, int n) {
  int ccap = 0, nc = 0;
  for (int k = 0; k < n; k++)
    for (int i = 0; i < comps[k]->nmods; i++) {
      Module *m = comps[k]->mods[i];
      int c = doc_canon(D, m);
      if (documented(D, c)) continue;
      ARENA_PUSH(D->arena, D->mod_canon, nc, ccap, c);
      ARENA_PUSH(D->arena, D->mods, D->nmods, D->mcap, m);
    }
}

static const char *kind_prefix(SymKind k) {
  static const char *p[] = {
    [S_TABLE] = "table", [S_PARAM] = "param", [S_INDICATOR] = "ind", [S_VALUATION] = "val",
    [S_COST] = "cout", [S_CHECK] = "ctl", [S_TREE] = "arbre", [S_STATEMENT] = "bilan",
    [S_SCENARIO] = "scen", [S_OVERRIDE] = "surcharge", [S_INDEX] = "indice", [S_UNIT] = "unite", [S_STAKEHOLDER] = "pp", [S_CHAIN] = "chaine",
    [S_LEVEL] = "terr", [S_COLUMN] = "col", [S_FRAMEWORK] = "ref",
  };
  return p[k];
}

static bool anchor_taken(const Doc *D, const char *a) {
  for (int i = 0; i < D->nsyms; i++) if (!strcmp(D->syms[i].anchor, a)) return true;
  return false;
}

static void add_anchors(Doc *D) {
  for (int i = 0; i < D->nmods; i++)
    for (int j = 0; j < D->mods[i]->nsyms; j++) {
      const Sym *s = D->mods[i]->syms[j];
      const char *a = arena_printf(D->arena, "%s-%s", kind_prefix(s->kind), s->name);
      if (anchor_taken(D, a)) a = arena_printf(D->arena, "%s-%s-%s", kind_prefix(s->kind), D->mods[i]->name, s->name);
      for (int k = 2; anchor_taken(D, a); k++)   /* two files with the same name */
        a = arena_printf(D->arena, "%s-%s-%s-%d", kind_prefix(s->kind), D->mods[i]->name, s->name, k);
      DocSym e = {s, D->mod_canon[i], a, NULL, 0, false};
      ARENA_PUSH(D->arena, D->syms, D->nsyms, D->cap, e);
    }
}

DocSym *doc_find(Doc *D, const Sym *s) {
  if (!s) return NULL;
  for (int i = 0; i < D->nsyms; i++) if (D->syms[i].sym == s) return &D->syms[i];
  int c = doc_canon(D, s->mod);
  Namespace ns = sym_namespace(s->kind);
  for (int i = 0; i < D->nsyms; i++) {
    DocSym *e = &D->syms[i];
    if (e->canon == c && sym_namespace(e->sym->kind) == ns && !strcmp(e->sym->name, s->name)) return e;
  }
  return NULL;
}

const char *doc_anchor(Doc *D, const Sym *s) {
  const DocSym *e = doc_find(D, s);
  return e ? e->anchor : NULL;
}

static void source_inline(Page *w, const Decl *d);

bool doc_multi_module(const Doc *D) { return D->nmods > 1; }

static bool name_shared(const Doc *D, const Module *m) {
  for (int i = 0; i < D->nmods; i++) if (D->mods[i] != m && !strcmp(D->mods[i]->name, m->name)) return true;
  return false;
}

const char *doc_module_title(const Doc *D, const Module *m) { return name_shared(D, m) ? m->path : m->name; }

const char *doc_module_anchor(Doc *D, const char *section, int i) {
  const Module *m = D->mods[i];
  if (name_shared(D, m)) return arena_printf(D->arena, "module-%s-%s-%d", section, m->name, i + 1);
  return arena_printf(D->arena, "module-%s-%s", section, m->name);
}

/* ---- text of formulas and units ---- */
static const char *capture_end(Doc *D, FILE *m, char **buf) {
  fclose(m);
  const char *s = arena_strdup(D->arena, *buf ? *buf : "");
  free(*buf);
  return s;
}

const char *doc_expr_text(Doc *D, const Module *mod, const Expr *e) {
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  if (!m) return "";
  FmtOptions o = {LANG_FR, true};   /* a French document: French names too */
  fmt_expr(m, e, mod->prog, &o);
  return capture_end(D, m, &buf);
}

const char *doc_unit_text(Doc *D, const UnitExpr *u) {
  if (!u) return NULL;
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  if (!m) return "";
  ast_unit_print(m, u);
  const char *text = capture_end(D, m, &buf);
  char shown[256];   /* m2 and m3 as a report shows them: m², m³ */
  return arena_strdup(D->arena, units_display(shown, sizeof shown, text));
}

/* ---- fields ---- */
const Expr *doc_field_expr(const Decl *d, FieldId f) {
  const Item *it = d->has_block ? schema_find(d, f) : NULL;
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

const char *doc_field_str(const Decl *d, FieldId f) {
  const Expr *e = doc_field_expr(d, f);
  return e && e->kind == EX_STR ? e->str : NULL;
}

const Expr *doc_formula(const Decl *d) {
  if (d->formula) return d->formula;
  FieldId f = d->kind == D_COST ? F_AMOUNT : F_FORMULA;
  return doc_field_expr(d, f);
}

/* ---- inline pieces ---- */
void doc_link_sym(Doc *D, const Sym *s, bool by_name) {
  const char *a = doc_anchor(D, s);
  const char *label = s->def ? s->def->label : s->decl && s->kind != S_COLUMN ? s->decl->label : NULL;
  bool code = by_name || !label;
  const char *text = code ? s->name : label;
  if (a) page_link(D->w, a, text, code);
  else if (code) page_code(D->w, text);
  else page_text(D->w, text);
}

static bool to_complete(const char *s) {
  return !strcmp(s, "à compléter") || !strcmp(s, "a completer") || !strcmp(s, "À compléter") ||
         !strcmp(s, "TODO") || !*s;
}

void doc_source(Doc *D, const Decl *d, bool required) {
  const char *src = doc_field_str(d, F_SOURCE);
  if (!src && !required) return;
  page_prop_begin(D->w, _("Source"));
  source_inline(D->w, d);
  page_prop_end(D->w);
}

/* ---- what a formula refers to ---- */
static void push_ref(Doc *D, const Sym *s, const Sym ***out, int *n, int *cap) {
  for (int i = 0; i < *n; i++) if ((*out)[i] == s) return;
  ARENA_PUSH(D->arena, *out, *n, *cap, s);
}

/* The table an aggregate's first argument ranges over (`T` or `T où c`), or NULL. */
static const Sym *agg_table(const Module *m, const Sym *row_table, const Expr *a) {
  if (a->kind == EX_WHERE) a = a->where.table;
  if (a->kind != EX_NAME) return NULL;
  Resolved r = sym_resolve(m, row_table, &a->name);
  return r.kind == R_GLOBAL && r.sym->kind == S_TABLE ? r.sym : NULL;
}

/* The walk's state: where the references go, and the table whose columns are in scope. */
typedef struct {
  Doc *D;
  const Module *m;
  const Sym *rt;
  const Sym ***out;
  int *n, *cap;
} RefWalk;

static bool refs_child(const Expr *e, void *ctx);

/* Walks e's children with row table rt (an aggregate's arguments after the first, a `T où c`'s
 * condition, see T's columns). */
static void refs_in(const RefWalk *w, const Sym *rt, const Expr *e) {
  RefWalk in = *w;
  in.rt = rt;
  refs_child(e, &in);
}

static bool refs_child(const Expr *e, void *ctx) {
  const RefWalk *w = ctx;
  if (e->kind == EX_NAME) {
    Resolved r = sym_resolve(w->m, w->rt, &e->name);
    if (r.kind == R_GLOBAL) push_ref(w->D, r.sym, w->out, w->n, w->cap);
    else if (r.kind == R_COLUMN && r.table != w->rt) push_ref(w->D, r.table, w->out, w->n, w->cap);
    return true;
  }
  if (e->kind == EX_WHERE) {
    refs_child(e->where.table, ctx);
    const Sym *t = agg_table(w->m, w->rt, e);
    refs_in(w, t ? t : w->rt, e->where.cond);
    return true;
  }
  if (e->kind == EX_CALL) {
    BuiltinId b = schema_builtin_lookup(e->call.name);
    const Sym *t = b != B__COUNT && schema_builtin(b)->cls != BC_FUNC && e->call.args.n
                       ? agg_table(w->m, w->rt, e->call.args.v[0]) : NULL;
    if (t) {
      refs_child(e->call.args.v[0], ctx);
      for (int i = 1; i < e->call.args.n; i++) refs_in(w, t, e->call.args.v[i]);
      return true;
    }
  }
  ast_each_child(e, refs_child, ctx);   /* every other kind: its children, in the same scope */
  return true;
}

void doc_refs(Doc *D, const Module *m, const Sym *rt, const Expr *e, const Sym ***out, int *n, int *cap) {
  if (!e) return;
  RefWalk w = {D, m, rt, out, n, cap};
  refs_child(e, &w);
}

/* Fields whose values are formulas (not names of stakeholders, chains, dimensions…). */
static bool formula_field(const Item *it) {
  if (it->kind != IT_FIELD || it->path.n != 1) return false;
  FieldId f = schema_field_lookup(it->path.parts[0]);
  if (f == F__COUNT) return false;
  FieldValueKind v = schema_field(f)->value;
  return v == FV_EXPR || v == FV_EXPRS || v == FV_DATED || v == FV_PERCENT || v == FV_YEARS || v == FV_YEAR || v == FV_NUMBER;
}

/* Every symbol the formulas of s refer to. */
static void decl_refs(Doc *D, const Sym *s, const Sym ***out, int *n, int *cap) {
  const Decl *d = s->decl;
  const Expr *each = d->has_block ? doc_field_expr(d, F_FOR_EACH) : NULL;
  const Sym *rt = each ? agg_table(s->mod, NULL, each) : NULL;
  if (d->formula) doc_refs(D, s->mod, NULL, d->formula, out, n, cap);
  for (int i = 0; d->has_block && i < d->items.n; i++) {
    const Item *it = d->items.v[i];
    if (!formula_field(it)) continue;
    bool row = schema_field_lookup(it->path.parts[0]) == F_CONDITION;
    for (int j = 0; j < it->values.n; j++) doc_refs(D, s->mod, row ? rt : NULL, it->values.v[j]->value, out, n, cap);
  }
}

int doc_decl_refs(Doc *D, const Sym *s, const Sym ***out) {
  int n = 0, cap = 0;
  *out = NULL;
  decl_refs(D, s, out, &n, &cap);
  return n;
}

static int params_walk(Doc *D, const Sym *s, const Sym ***out) {
  const Sym **work = NULL, **params = NULL;
  int nw = 0, cw = 0, np = 0, cp = 0;
  push_ref(D, s, &work, &nw, &cw);
  for (int i = 0; i < nw && i < 10000; i++) {
    const Sym **refs = NULL;
    int nr = 0, cr = 0;
    decl_refs(D, work[i], &refs, &nr, &cr);
    for (int j = 0; j < nr; j++) {
      SymKind k = refs[j]->kind;
      if (k == S_PARAM) push_ref(D, refs[j], &params, &np, &cp);
      if (k == S_PARAM || k == S_INDICATOR || k == S_VALUATION || k == S_COST) push_ref(D, refs[j], &work, &nw, &cw);
    }
  }
  *out = params;
  return np;
}

int doc_params_used(Doc *D, const Sym *s, const Sym ***out) {
  DocSym *e = doc_find(D, s);
  if (!e) return params_walk(D, s, out);
  if (!e->params_done) { e->nparams = params_walk(D, e->sym, &e->params); e->params_done = true; }
  *out = e->params;
  return e->nparams;
}

/* ---- parameter history ---- */
static bool unit_start(const char *p) { return *p == '%' || *p == '[' || !strncmp(p, "€", strlen("€")); }

/* A value on one line for a table cell: a multi-line `selon` gets its commas back, and a
 * number keeps its unit on the same line (U+00A0, as French typography writes 13 000 €). */
static const char *one_line(Doc *D, const char *s) {
  size_t n = strlen(s);
  char *t = arena_alloc(D->arena, 2 * n + 1), *o = t;
  for (const char *p = s; *p; p++) {
    if (*p == ' ' && p > s && p[-1] >= '0' && p[-1] <= '9' && unit_start(p + 1)) { memcpy(o, "\u00a0", 2); o += 2; continue; }
    if (*p != '\n') { *o++ = *p; continue; }
    while (p[1] == ' ') p++;
    bool open = o > t && o[-1] == '{', close = p[1] == '}';
    if (!open && !close) *o++ = ',';
    *o++ = ' ';
  }
  *o = 0;
  return t;
}

static void cell_text(Page *w, const char *s) { page_cell_begin(w); if (s) page_text(w, s); page_cell_end(w); }

static void cell_code(Page *w, const char *s) { page_cell_begin(w); if (s) page_code(w, s); page_cell_end(w); }

static void source_inline(Page *w, const Decl *d) {
  const char *src = doc_field_str(d, F_SOURCE);
  if (!src) page_badge(w, _("source missing"));
  else if (to_complete(src)) page_badge(w, _("source to be completed"));
  else page_text(w, src);
}

/* A plain number as the reader writes it: "3,5 %", "20 550 €/personne" in French (the
 * script's "3.5 %", "20550 €/personne"); the rest of the text (its unit) as is. */
static const char *reader_number(Doc *D, const char *s) {
  if (!intl_french()) return s;
  const char *p = s + (*s == '-'), *int_end = p;
  while (*int_end >= '0' && *int_end <= '9') int_end++;
  size_t digits = (size_t)(int_end - p);
  if (!digits) return s;
  char *t = arena_alloc(D->arena, strlen(s) + 3 * digits + 1), *o = t;
  if (*s == '-') *o++ = '-';
  for (size_t i = 0; i < digits; i++) {
    if (i && (digits - i) % 3 == 0) { memcpy(o, "\u202f", 3); o += 3; }   /* as the reports: 1 000 */
    *o++ = p[i];
  }
  const char *q = int_end;
  if (*q == '.' && q[1] >= '0' && q[1] <= '9') { *o++ = ','; q++; }
  strcpy(o, q);
  return t;
}

static void history_row(Doc *D, const Sym *p, const FieldValue *v, bool first, bool with_name) {
  Page *w = D->w;
  const char *unit = doc_unit_text(D, p->decl->unit);
  page_row_begin(w);
  if (with_name) {
    page_cell_begin(w);
    if (first) {
      doc_link_sym(D, p, false);
      if (unit) { page_text(w, " ("); page_text(w, unit); page_text(w, ")"); }
    }
    page_cell_end(w);
  }
  const Expr *e = v ? v->value : p->decl->formula;
  const char *text = one_line(D, doc_expr_text(D, p->mod, e));
  if (e && e->kind == EX_NUM && !e->num.bracketed) cell_text(w, reader_number(D, text));   /* a number, not code */
  else cell_code(w, text);
  char day[32];
  if (v && v->since) cell_text(w, intl_date(day, sizeof day, v->since->str, intl_date_form(INTL_DATE_SHORT)));
  else cell_text(w, _("always"));
  if (with_name) {
    page_cell_begin(w);
    if (first) source_inline(w, p->decl);
    page_cell_end(w);
  }
  page_row_end(w);
}

void doc_param_history(Doc *D, const Sym *const *ps, int n, bool with_name) {
  static const char *heads[] = {N_("Parameter"), N_("Value"), N_("In force since"), N_("Source")};
  const char *h[4];
  for (int i = 0; i < 4; i++) h[i] = _(heads[i]);
  page_table_begin(D->w, with_name ? 4 : 2, with_name ? h : h + 1, NULL);
  for (int i = 0; i < n; i++) {
    const Decl *d = ps[i]->decl;
    int k = 0;
    for (const Item *it; d->has_block && (it = schema_find_nth(d, F_VALUE, k)); k++)
      for (int j = 0; j < it->values.n; j++) history_row(D, ps[i], it->values.v[j], k == 0 && j == 0, with_name);
    if (k == 0 && d->formula) history_row(D, ps[i], NULL, true, with_name);
  }
  page_table_end(D->w);
}

/* ---- the frame ---- */
static const Decl *framework(const Doc *D, Compilation *const *comps, int n) {
  for (int k = 0; k < n; k++) if (comps[k]->main && comps[k]->main->framework) return comps[k]->main->framework;
  for (int i = 0; i < D->nmods; i++) if (D->mods[i]->framework) return D->mods[i]->framework;
  return NULL;
}

/* "Référentiel « habitat-des-hauts », version 2024.1", after its label when it has one
 * ("Habitat des Hauts : référentiel « … »"). */
static const char *title(Doc *D, const Decl *fw) {
  if (!fw) return _("Social value framework");
  if (fw->label && *fw->label)
    return fw->version ? arena_printf(D->arena, _("%s: framework “%s”, version %s"), fw->label, fw->name, fw->version)
                       : arena_printf(D->arena, _("%s: framework “%s”"), fw->label, fw->name);
  if (!fw->version) return arena_printf(D->arena, _("Framework “%s”"), fw->name);
  return arena_printf(D->arena, _("Framework “%s”, version %s"), fw->name, fw->version);
}

typedef struct Section { SymKind kind; const char *anchor, *title; void (*write)(Doc *); } Section;
static const Section sections[] = {
  {S_INDICATOR, "indicateurs", N_("Indicators"), doc_section_indicators},
  {S_VALUATION, "valorisations", N_("Valuations (SROI)"), doc_section_valuations},
  {S_TABLE, "tables", N_("Data tables"), doc_section_tables},
  {S_PARAM, "parametres", N_("Parameters"), doc_section_params},
  {S_COST, "couts", N_("Costs"), doc_section_costs},
  {S_CHECK, "controles", N_("Checks"), doc_section_checks},
  {S_TREE, "arbre", N_("Social value tree"), doc_section_trees},
  {S_STATEMENT, "bilans", N_("Statements"), doc_section_statements},
  {S_INDEX, "indices", N_("Composite indices"), doc_section_indices},
  {S_SCENARIO, "scenarios", N_("Scenarios"), doc_section_scenarios},
  {S_OVERRIDE, "surcharges", N_("Local values (surcharges)"), doc_section_overrides},
  {S_STAKEHOLDER, "glossaire", N_("Stakeholders, chains and units"), doc_section_glossary},
};
enum { NSECTIONS = sizeof sections / sizeof sections[0] };

static int section_count(const Doc *D, const Section *s) {
  int n = doc_count(D, s->kind);
  if (s->kind == S_STAKEHOLDER) n += doc_count(D, S_CHAIN) + doc_count(D, S_UNIT) + doc_count(D, S_LEVEL);
  return n;
}

static void count_phrase(Doc *D, SymKind k, const char *one, const char *many, bool *first) {
  int n = doc_count(D, k);
  if (!n) return;
  page_text(D->w, *first ? " " : ", ");
  page_text(D->w, arena_printf(D->arena, "%d %s", n, n == 1 ? _(one) : _(many)));
  *first = false;
}

static void intro(Doc *D, const Decl *fw) {
  Page *w = D->w;
  page_para_begin(w, false);
  bool counts = doc_count(D, S_INDICATOR) + doc_count(D, S_VALUATION) + doc_count(D, S_TABLE) + doc_count(D, S_PARAM);
  const char *version = fw && fw->version ? fw->version : "", *comma = fw && fw->version ? _(", version ") : "";
  if (fw && fw->label && *fw->label)
    page_text(w, arena_printf(D->arena, _("This document presents the framework “%s” (%s)%s%s%s"), fw->label, fw->name, comma,
                              version, counts ? _(":") : ""));
  else if (fw) page_text(w, arena_printf(D->arena, _("This document presents the framework “%s”%s%s%s"), fw->name, comma,
                                         version, counts ? _(":") : ""));
  else page_text(w, counts ? _("This document presents a social value framework:")
                              : _("This document presents a social value framework"));
  bool first = true;
  count_phrase(D, S_INDICATOR, N_("indicator"), N_("indicators"), &first);
  count_phrase(D, S_VALUATION, N_("valuation"), N_("valuations"), &first);
  count_phrase(D, S_TABLE, N_("data table"), N_("data tables"), &first);
  count_phrase(D, S_PARAM, N_("parameter"), N_("parameters"), &first);
  page_text(w, _(". It says what each indicator measures, how it is computed and "
                    "where its parameters come from; the figures themselves are produced by "));
  page_code(w, "pvs eval");
  page_text(w, ".");
  page_para_end(w);
}

static void sources_line(Doc *D) {
  Page *w = D->w;
  page_para_begin(w, true);
  page_text(w, D->nmods == 1 ? _("File described: ") : _("Files described: "));
  for (int i = 0; i < D->nmods; i++) {
    if (i) page_text(w, ", ");
    page_code(w, D->mods[i]->shown);
  }
  page_text(w, ".");
  page_para_end(w);
}

static void toc(Doc *D) {
  Page *w = D->w;
  page_nav_begin(w);
  page_heading(w, 2, "sommaire", _("Contents"));
  page_list_begin(w);
  for (int i = 0; i < NSECTIONS; i++) {
    int n = section_count(D, &sections[i]);
    if (!n) continue;
    page_item_begin(w);
    page_link(w, sections[i].anchor, _(sections[i].title), false);
    page_text(w, arena_printf(D->arena, " (%d)", n));
    page_item_end(w);
  }
  page_item_begin(w);
  page_link(w, "index", _("Index"), false);
  page_item_end(w);
  page_list_end(w);
  page_nav_end(w);
}

/* ---- index ---- */
/* A sort key that ignores case and the accents of French (é sorts with e). */
static void fold(const char *s, char *out, size_t cap) {
  static const char *latin1 = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < cap; p++) {
    unsigned c = *p;
    if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) c = (unsigned char)latin1[p[1] & 0x3F], p++;
    else if (c == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) c = 'o', p++;
    out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  out[o] = 0;
}

static int index_cmp(const void *a, const void *b) {
  const DocSym *x = *(const DocSym *const *)a, *y = *(const DocSym *const *)b;
  char fx[256], fy[256];
  fold(x->sym->name, fx, sizeof fx);
  fold(y->sym->name, fy, sizeof fy);
  int c = strcmp(fx, fy);
  if (!c) c = strcmp(x->sym->name, y->sym->name);
  return c ? c : strcmp(x->anchor, y->anchor);
}

/* What a symbol is, in words (sym_kind_name gives the keyword). */
static const char *nature(SymKind k) {
  switch (k) {
  case S_STAKEHOLDER: return _("stakeholder");
  case S_CHAIN: return _("value chain");
  case S_LEVEL: return _("territory level");
  default: return sym_kind_name(k);
  }
}

static const char *sym_label(const Sym *s) { return s->def ? s->def->label : s->decl ? s->decl->label : NULL; }

static void index_row(Doc *D, const DocSym *e) {
  Page *w = D->w;
  page_row_begin(w);
  page_cell_begin(w); page_link(w, e->anchor, e->sym->name, true); page_cell_end(w);
  cell_text(w, nature(e->sym->kind));
  cell_text(w, sym_label(e->sym));
  if (doc_multi_module(D)) cell_text(w, e->sym->mod->name);
  page_row_end(w);
}

static void index_section(Doc *D) {
  Page *w = D->w;
  const DocSym **v = mem_alloc(sizeof *v * (size_t)(D->nsyms ? D->nsyms : 1));
  if (!v) return;
  int n = 0;
  for (int i = 0; i < D->nsyms; i++) if (D->syms[i].sym->kind != S_LEVEL) v[n++] = &D->syms[i];
  qsort(v, (size_t)n, sizeof *v, index_cmp);
  page_heading(w, 2, "index", _("Index"));
  if (!n) {
    page_para_begin(w, true);
    page_text(w, _("No declaration."));
    page_para_end(w);
    free(v);
    return;
  }
  const char *h[] = {_("Name"), _("Kind"), _("Label"), _("Module")};
  page_table_begin(w, doc_multi_module(D) ? 4 : 3, h, NULL);
  for (int i = 0; i < n; i++) index_row(D, v[i]);
  page_table_end(w);
  free(v);
}

int doc_write(FILE *out, Compilation *const *comps, int n, DocFormat fmt) {
  Page w;
  page_init(&w, intl_french(), "pvs doc");
  Doc D = {.w = &w, .arena = comps[0]->arena};
  collect_modules(&D, comps, n);
  add_anchors(&D);
  D.item_level = doc_multi_module(&D) ? 4 : 3;
  const Decl *fw = framework(&D, comps, n);
  const char *t = title(&D, fw);
  page_set_title(&w, t);
  page_heading(&w, 1, "haut", t);
  intro(&D, fw);
  sources_line(&D);
  toc(&D);
  for (int i = 0; i < NSECTIONS; i++) {
    if (!section_count(&D, &sections[i])) continue;
    page_heading(&w, 2, sections[i].anchor, _(sections[i].title));
    sections[i].write(&D);
  }
  index_section(&D);
  int rc = page_render(out, &w, fmt == DOC_HTML ? PAGE_HTML : PAGE_MD);
  page_free(&w);
  return rc;
}
