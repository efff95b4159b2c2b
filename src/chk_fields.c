/* chk_fields.c — declaration schemas (fields.def) and the values of metadata fields.
 *
 * For every block declaration: each field must exist, apply to that kind, appear once
 * (unless repeatable, like `valeur:`), and every required field must be there. Values of
 * the kinds that need no formula context are checked here (text, whole numbers,
 * percentages, years, stakeholders with their shares, chains, tables, names); formulas,
 * dated values and breakdowns are checked by the declaration's own checker (chk.c). Also
 * here: the leaves of an arbre, the targets of a scénario and `par:` breakdowns. */
#include "chk_int.h"
#include "intl.h"
#include "sroi.h"
#include <stdlib.h>
#include <string.h>

const char *chk_field_name(FieldId f) { return schema_field(f)->fr; }

static bool applies(FieldId f, DeclKind k) { return (schema_field(f)->kinds >> k) & 1u; }

/* The language a declaration is written in: that of its keyword. */
static KwLang decl_lang(const Sym *s) {
  const Decl *d = s->decl;
  const char *en = ast_decl_kind_name(d->kind, LANG_EN), *src = s->mod->prog->text + d->kw_loc.start;
  size_t n = d->kw_loc.end - d->kw_loc.start;
  return strlen(en) == n && !strncmp(src, en, n) && strcmp(en, ast_decl_kind_name(d->kind, LANG_FR)) ? LANG_EN : LANG_FR;
}
static const char *field_spelling(FieldId f, KwLang lang) { return lang == LANG_EN ? schema_field(f)->en : schema_field(f)->fr; }

static FieldId unknown_field(Chk *k, Sym *s, Item *it) {
  Decl *d = s->decl;
  KwLang lang = decl_lang(s);
  const char *name = it->path.parts[0];
  const char *c[3 * F__COUNT];
  int n = 0;
  for (int f = 0; f < F__COUNT; f++) {
    if (!applies((FieldId)f, d->kind)) continue;
    const FieldInfo *fi = schema_field((FieldId)f);
    c[n++] = fi->fr; c[n++] = fi->en;
    if (fi->plain) c[n++] = fi->plain;
  }
  const char *all = "";
  for (int f = 0; f < F__COUNT; f++)
    if (applies((FieldId)f, d->kind)) all = arena_printf(k->a, "%s%s%s", all, *all ? ", " : "", field_spelling((FieldId)f, lang));
  diag_error(k->d, it->path.locs[0], _("unknown field '%s' in %s '%s'%s"), name, ast_decl_kind_name(d->kind, lang), s->name,
             chk_suggest_or(k, name, c, n, arena_printf(k->a, _("; its fields are: %s"), all)));
  const char *best = sym_suggest(name, c, n);
  return best ? schema_field_lookup(best) : F__COUNT;
}

static void misplaced_field(Chk *k, Sym *s, Item *it, FieldId f) {
  KwLang lang = decl_lang(s);
  const char *kinds = "";
  for (int dk = D_TABLE; dk <= D_INDEX; dk++)
    if (applies(f, (DeclKind)dk)) kinds = arena_printf(k->a, "%s%s%s", kinds, *kinds ? ", " : "", ast_decl_kind_name((DeclKind)dk, lang));
  diag_error(k->d, it->path.locs[0], _("field '%s' does not apply to %s '%s'; it is a field of: %s"), it->path.parts[0],
             ast_decl_kind_name(s->decl->kind, lang), s->name, kinds);
}

static bool scenario_target(const Decl *d, const Item *it) {
  if (d->kind != D_SCENARIO || it->kind != IT_FIELD) return false;
  FieldId f = it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
  return f == F__COUNT || !applies(f, D_SCENARIO);
}

static void check_item_kind(Chk *k, Decl *d, Item *it) {
  if (it->kind == IT_COLUMN && d->kind != D_TABLE && d->kind != D_FRAME && d->kind != D_PANEL)
    diag_error(k->d, it->loc, _("'%s: …' declares a column, and columns belong in a table; write a field, e.g. description: \"…\""),
               it->path.parts[0]);
  else if ((it->kind == IT_NODE || it->kind == IT_LEAF) && d->kind != D_TREE) {
    if (it->kind == IT_LEAF && !it->label)
      diag_error(k->d, it->loc, _("expected 'field: value' here; a bare name is only a leaf of an arbre"));
    else diag_error(k->d, it->loc, _("a labelled entry belongs in an arbre; write 'field: value' here"));
  }
}

static void check_field_item(Chk *k, Sym *s, Item *it, Item **seen, bool *suggested) {
  Decl *d = s->decl;
  if (it->path.n > 1) {
    diag_error(k->d, it->path.locs[1], _("a field name has no '.'; dotted targets belong in a scénario"));
    return;
  }
  FieldId f = schema_field_lookup(it->path.parts[0]);
  if (f == F__COUNT) {
    FieldId near = unknown_field(k, s, it);
    if (near != F__COUNT) suggested[near] = true;
    return;
  }
  if (!applies(f, d->kind)) { misplaced_field(k, s, it, f); return; }
  if (seen[f] && !(schema_field(f)->flags & FF_MULTI)) {
    diag_error(k->d, it->path.locs[0], _("field '%s' is given twice; keep one"), it->path.parts[0]);
    diag_note(k->d, seen[f]->path.locs[0], _("it is first given here"));
    return;
  }
  if (!seen[f]) seen[f] = it;
  Ctx x = chk_ctx(k, s->mod, s);
  chk_field_value(&x, s, it, f);
}

void chk_fields(Chk *k, Sym *s) {
  Decl *d = s->decl;
  FieldId one = schema_one_line_field(d->kind);
  KwLang lang = decl_lang(s);
  if (d->formula && one == F__COUNT)
    diag_error(k->d, d->formula->loc, _("%s '%s' is declared with a block { … }, not with '= formula'"), ast_decl_kind_name(d->kind, lang), s->name);
  Item *seen[F__COUNT] = {0};
  bool suggested[F__COUNT] = {0};
  for (int i = 0; i < d->items.n; i++) {
    Item *it = d->items.v[i];
    if (it->kind != IT_FIELD) check_item_kind(k, d, it);
    else if (!scenario_target(d, it)) check_field_item(k, s, it, seen, suggested);
  }
  if (d->kind == D_CHECK && d->formula) return;
  for (int f = 0; f < F__COUNT; f++) {
    if (!schema_field_required((FieldId)f, d->kind) || seen[f] || suggested[f] || (d->formula && f == (int)one)) continue;
    const char *name = field_spelling((FieldId)f, lang);
    diag_error(k->d, d->name_loc, _("%s '%s' has no '%s'; add `%s: …`"), ast_decl_kind_name(d->kind, lang), s->name, name, name);
  }
}

/* ---- values ---- */
/* The exact text of a percentage (150, 12.5, 1/3). */
static const char *pct_text(Chk *k, const Num *v) {
  char buf[128];
  num_fmt_exact(buf, sizeof buf, v);
  return arena_strdup(k->a, buf);
}

/* -1, 0 or 1 as v is below 0, within [0, 100], or above 100. */
static int pct_range(const Num *v) {
  Num h;
  num_init(&h);
  num_set_long(&h, 100);
  int r = num_sign(v) < 0 ? -1 : num_cmp(v, &h) > 0 ? 1 : 0;
  num_clear(&h);
  return r;
}

static bool is_hundred(const Num *v) {
  Num h;
  num_init(&h);
  num_set_long(&h, 100);
  bool eq = num_cmp(v, &h) == 0;
  num_clear(&h);
  return eq;
}

static void times_100(Num *v) {
  Num h;
  num_init(&h);
  num_set_long(&h, 100);
  num_mul(v, v, &h);
  num_clear(&h);
}

/* A percentage given by a parameter: each of its literal values between 0 % and 100 %. */
static bool param_percent(Ctx *x, Expr *e, const char *what) {
  Resolved r = sym_resolve(x->m, NULL, &e->name);
  if (r.kind != R_GLOBAL || r.sym->kind != S_PARAM) return true;
  Decl *d = r.sym->decl;
  for (int n = 0;; n++) {
    Item *it = d->formula ? NULL : schema_find_nth(d, F_VALUE, n);
    Expr *val = d->formula ? (n ? NULL : d->formula) : it && it->values.n ? it->values.v[0]->value : NULL;
    if (!val) return true;
    Num v;
    Unit pct;
    num_init(&v);
    bool in_pct = d->unit && d->unit->n == 1 && !strcmp(d->unit->terms[0].name, "%");
    if (!chk_num_literal(val, &v, &pct)) { num_clear(&v); continue; }
    if (!pct.percent && !in_pct) times_100(&v);   /* a bare number in a parameter in % is in % */
    if (pct_range(&v)) {
      diag_error(x->k->d, e->loc, _("'%s' must be between 0 %% and 100 %%, but parameter '%s' is %s %%"), what, r.sym->name,
                 pct_text(x->k, &v));
      num_clear(&v);
      return false;
    }
    num_clear(&v);
  }
}

bool chk_percent_value(Ctx *x, FieldValue *v, const char *what) {
  Chk *k = x->k;
  Type t = chk_expr(x, v->value);
  if (t.k == T_ERROR) return false;
  if (t.k != T_NUM || !units_dimensionless(&t.u)) {
    diag_error(k->d, v->value->loc, _("'%s' is a percentage (e.g. 20 %%), not %s"), what, chk_type_text(k, &t));
    return false;
  }
  Unit pct;
  if (v->value->kind == EX_NAME) return param_percent(x, v->value, what);
  Num val;
  num_init(&val);
  bool ok = true;
  if (!chk_num_literal(v->value, &val, &pct)) { num_clear(&val); return true; }
  if (!pct.percent && !num_is_zero(&val)) {
    times_100(&val);
    diag_error(k->d, v->value->loc, _("write '%s' as a percentage, e.g. %s %%"), what, pct_text(k, &val));
    ok = false;
  } else if (pct_range(&val)) {
    diag_error(k->d, v->value->loc, _("'%s' must be between 0 %% and 100 %%, not %s %%"), what, pct_text(k, &val));
    ok = false;
  }
  num_clear(&val);
  return ok;
}

bool chk_years_value(Ctx *x, FieldValue *v, const char *what) {
  Chk *k = x->k;
  Type t = chk_expr(x, v->value);
  if (t.k == T_ERROR) return false;
  Unit an = units_atom("an", 1);
  Num d;
  long years = 0;
  num_init(&d);
  bool lit = chk_num_literal(v->value, &d, NULL);
  bool whole = lit && num_to_long(&d, &years) && years >= 1;
  num_clear(&d);
  if (t.k != T_NUM || !units_equal(&t.u, &an) || (lit && !whole)) {
    diag_error(k->d, v->value->loc, _("'%s' is a positive whole number of years, e.g. 3 an"), what);
    return false;
  }
  return true;
}

/* début: a year of a timeline, counted from 1: a whole number (or a parameter). */
bool chk_year_value(Ctx *x, FieldValue *v, const char *what) {
  Type t = chk_expr(x, v->value);
  if (t.k == T_ERROR) return false;
  Num d;
  long y = 0;
  num_init(&d);
  bool lit = chk_num_literal(v->value, &d, NULL);
  bool whole = lit && num_to_long(&d, &y) && y >= 1 && y <= SROI_YEARS_MAX;
  num_clear(&d);
  if (t.k != T_NUM || t.u.n || t.u.percent || (lit && !whole)) {
    diag_error(x->k->d, v->value->loc, _("'%s' is a year of the timeline, counted from 1 (the year of the activity) "
                                         "to %d, e.g. %s: 2"), what, SROI_YEARS_MAX, what);
    return false;
  }
  return true;
}

/* bêta, ratio_publié: a plain number (maybe negative, maybe a parameter). */
bool chk_number_value(Ctx *x, FieldValue *v, const char *what) {
  Type t = chk_expr(x, v->value);
  if (t.k == T_ERROR) return false;
  if (t.k != T_NUM || !units_dimensionless(&t.u)) {
    diag_error(x->k->d, v->value->loc, _("'%s' is a plain number, e.g. 0.5; not %s"), what, chk_type_text(x->k, &t));
    return false;
  }
  return true;
}

/* The choice word e names for field f, or C__COUNT (e is no single name, or not one of them). */
ChoiceId chk_choice_word(FieldId f, const Expr *e) {
  if (e->kind != EX_NAME || e->name.n != 1) return C__COUNT;
  return schema_choice_lookup(f, e->name.parts[0]);
}

/* The words of field f in the language of s's keyword, "a, b or c". */
static const char *choice_words(Chk *k, FieldId f, KwLang lang) {
  const char *w[C__COUNT];
  int n = 0;
  for (int c = 0; c < C__COUNT; c++)
    if (schema_choice((ChoiceId)c)->field == f) w[n++] = lang == LANG_EN ? schema_choice((ChoiceId)c)->en : schema_choice((ChoiceId)c)->fr;
  const char *s = "";
  for (int i = 0; i < n; i++) s = arena_printf(k->a, "%s%s%s", s, i == 0 ? "" : i == n - 1 ? _(" or ") : ", ", w[i]);
  return s;
}

void chk_choice_value(Ctx *x, FieldId f, FieldValue *v, const char *what) {
  if (chk_choice_word(f, v->value) != C__COUNT) return;
  const char *c[2 * C__COUNT];
  int n = 0;
  for (int i = 0; i < C__COUNT; i++)
    if (schema_choice((ChoiceId)i)->field == f) { c[n++] = schema_choice((ChoiceId)i)->fr; c[n++] = schema_choice((ChoiceId)i)->en; }
  const char *got = v->value->kind == EX_NAME ? chk_join(x->k, v->value->name.parts, v->value->name.n, ".") : chk_src(x->k, v->value->loc);
  KwLang lang = x->self ? decl_lang(x->self) : LANG_FR;
  diag_error(x->k->d, v->value->loc, _("'%s' takes %s, not '%s'%s"), what, choice_words(x->k, f, lang), got,
             chk_suggest(x->k, got, c, n));
}

/* A share written as a percentage literal (`70 %`): its exact value in % into *v. */
static bool share_value(const Expr *e, Num *v) {
  return e->kind == EX_NUM && e->num.unit && e->num.unit->n == 1 && !strcmp(e->num.unit->terms[0].name, "%") &&
         num_parse_literal(v, e->num.text);
}

static Sym *lookup_ns(Ctx *x, Expr *e, Namespace ns) {
  if (e->kind != EX_NAME) return NULL;
  if (e->name.n == 1) return chk_vocab(x->m, ns, e->name.parts[0]);
  Module *m = e->name.n == 2 ? sym_module_alias(x->m, e->name.parts[0]) : NULL;
  return m ? sym_lookup(m, ns, e->name.parts[1]) : NULL;
}

static const char *expr_name(Chk *k, const Expr *e) {
  if (e->kind != EX_NAME) return "?";
  return chk_join(k, e->name.parts, e->name.n, ".");
}

static void unknown_in(Ctx *x, Expr *e, Namespace ns, const char *what, const char *decl_kw) {
  Sym **v;
  int n = sym_visible(x->k->c, x->m, ns, &v);
  const char **c = arena_alloc(x->k->a, sizeof *c * (size_t)(n + 1));
  for (int i = 0; i < n; i++) c[i] = v[i]->name;
  const char *name = expr_name(x->k, e);
  diag_error(x->k->d, e->loc, _("unknown %s '%s'%s"), what, name,
             chk_suggest_or(x->k, name, c, n, arena_printf(x->k->a, _("; declare it with `%s %s`"), decl_kw, name)));
}

static void check_shares(Ctx *x, Sym *s, Item *it, const Num *sum, int nshares) {
  int n = it->values.n;
  if (s->kind != S_VALUATION) {
    if (nshares) diag_error(x->k->d, it->loc, _("shares only apply to a valorisation's 'pour'; remove them"));
    return;
  }
  if (n > 1 && !nshares)
    diag_error(x->k->d, it->loc, _("valorisation '%s' goes to %d stakeholders but gives no shares; give each one its share, e.g. pour: a 70 %%, b 30 %%"),
               s->name, n);
  else if (nshares && nshares < n)
    diag_error(x->k->d, it->loc, _("some stakeholders of '%s' have a share and others not; give each one its share"), s->name);
  else if (nshares && !is_hundred(sum))   /* exactly: 33.33 % + 66.67 % is 100 %, 33.3 % × 3 is not */
    diag_error(x->k->d, it->loc, _("the shares of '%s' add up to %s %%, not 100 %%; correct them"), s->name, pct_text(x->k, sum));
}

/* `pour: a 150 %, b -50 %` reads `b -50 %` as b minus 50 %: say so. */
static bool negative_share(Ctx *x, FieldValue *v) {
  Expr *e = v->value;
  if (v->share || e->kind != EX_BINARY || e->bin.op != OP_SUB || e->bin.l->kind != EX_NAME || e->bin.r->kind != EX_NUM)
    return false;
  diag_error(x->k->d, e->loc, _("'%s' reads as '%s' minus %s: a share cannot be negative; give each stakeholder a share "
                                "from 0 %% to 100 %%, the shares adding up to 100 %%"),
             chk_src(x->k, e->loc), expr_name(x->k, e->bin.l), chk_src(x->k, e->bin.r->loc));
  return true;
}

/* A share outside 0–100 %: said, and the sum is then not worth checking. */
static bool share_in_range(Ctx *x, FieldValue *v, const Num *m) {
  Num lim;
  num_init(&lim);
  num_set_long(&lim, 100);
  bool ok = num_sign(m) >= 0 && num_cmp(m, &lim) <= 0;
  num_clear(&lim);
  if (!ok)
    diag_error(x->k->d, v->share->loc, _("the share of '%s' is %s %%; a share is from 0 %% to 100 %%"), expr_name(x->k, v->value),
               pct_text(x->k, m));
  return ok;
}

static void check_stakeholders(Ctx *x, Sym *s, Item *it) {
  Num sum, m;
  num_init(&sum);
  num_init(&m);
  int nshares = 0;
  bool bad = false;
  for (int i = 0; i < it->values.n; i++) {
    FieldValue *v = it->values.v[i];
    if (negative_share(x, v)) { bad = true; continue; }
    Sym *p = lookup_ns(x, v->value, NS_STAKEHOLDER);
    if (!p) unknown_in(x, v->value, NS_STAKEHOLDER, _("stakeholder"), "partie_prenante");
    for (int j = 0; p && j < i; j++)
      if (lookup_ns(x, it->values.v[j]->value, NS_STAKEHOLDER) == p)
        diag_error(x->k->d, v->value->loc, _("stakeholder '%s' is listed twice; list it once"), p->name);
    if (!v->share) continue;
    if (!share_value(v->share, &m)) { diag_error(x->k->d, v->share->loc, _("a share is a percentage, e.g. 30 %%")); continue; }
    chk_literal(x->k, v->share);
    if (!share_in_range(x, v, &m)) bad = true;
    else { num_add(&sum, &sum, &m); nshares++; }
  }
  if (!bad) check_shares(x, s, it, &sum, nshares);
  num_clear(&sum);
  num_clear(&m);
}

static void check_names(Ctx *x, Item *it, SymKind want) {
  for (int i = 0; i < it->values.n; i++) {
    Expr *e = it->values.v[i]->value;
    Resolved r = e->kind == EX_NAME ? sym_resolve(x->m, NULL, &e->name) : (Resolved){0};
    if (r.kind == R_GLOBAL && r.sym->kind == want) { chk_depend(x, r.sym); chk_sym(x->k, r.sym)->used = true; continue; }
    if (r.kind == R_GLOBAL)
      diag_error(x->k->d, e->loc, _("'%s' is a %s, but '%s' lists %ss; remove it from this list"), expr_name(x->k, e), sym_kind_name(r.sym->kind),
                 it->path.parts[0], sym_kind_name(want));
    else {
      Sym **v;
      int n = sym_visible(x->k->c, x->m, NS_VALUE, &v), nc = 0;
      const char **c = arena_alloc(x->k->a, sizeof *c * (size_t)(n + 1));
      for (int j = 0; j < n; j++) if (v[j]->kind == want) c[nc++] = v[j]->name;
      diag_error(x->k->d, e->loc, _("unknown %s '%s'%s"), sym_kind_name(want), expr_name(x->k, e),
                 chk_suggest_or(x->k, expr_name(x->k, e), c, nc, arena_printf(x->k->a, _("; declare it, or list declared %ss"), sym_kind_name(want))));
    }
  }
}

/* Reports values a field does not take; false if its value is not worth reading further. */
static bool check_one_value(Chk *k, Item *it, FieldValueKind vk) {
  for (int i = 0; i < it->values.n; i++) {
    FieldValue *v = it->values.v[i];
    if (v->since && vk != FV_DATED) diag_error(k->d, v->since->loc, _("'depuis' only dates a parameter's 'valeur'"));
    if (v->share && vk != FV_STAKEHOLDERS && vk != FV_DATED && vk != FV_NAMED) diag_error(k->d, v->share->loc, _("unexpected number after the value"));
  }
  if (vk == FV_EXPRS) {   /* one value per year: `3,5` would be the years 3 and 5 */
    for (int i = 1; i < it->values.n; i++)
      if (chk_decimal_comma(k, it->values.v[i - 1], it->values.v[i], true)) return false;
    return true;
  }
  if (vk == FV_STAKEHOLDERS || vk == FV_NAMES || vk == FV_NAMED || vk == FV_DIMS || vk == FV_RANGE || it->values.n < 2) return true;
  if (chk_decimal_comma(k, it->values.v[0], it->values.v[1], true)) return false;
  diag_error(k->d, it->values.v[1]->loc, _("'%s' takes one value; remove this one"), it->path.parts[0]);
  return true;
}

void chk_field_value(Ctx *x, Sym *s, Item *it, FieldId f) {
  Chk *k = x->k;
  FieldValueKind vk = schema_field(f)->value;
  if (!check_one_value(k, it, vk)) return;
  FieldValue *v = it->values.v[0];
  long n;
  switch (vk) {
  case FV_STRING:
    if (v->value->kind != EX_STR) diag_error(k->d, v->value->loc, _("'%s' takes text in quotes, e.g. \"…\""), it->path.parts[0]);
    break;
  case FV_INT:
    if (!chk_whole_literal(v->value, &n) || n < 0 || n > 12)
      diag_error(k->d, v->value->loc, _("'%s' takes a whole number from 0 to 12, e.g. 2"), it->path.parts[0]);
    break;
  case FV_PERCENT:
    if (chk_choice_word(f, v->value) != C__COUNT) {   /* a word before any name */
      if (s->kind != S_STATEMENT)   /* actualisation: green_book is a bilan's convention */
        diag_error(k->d, v->value->loc, _("a valorisation's '%s' is its rate (e.g. 3.5 %%); '%s' is a convention of a bilan: "
                                          "declare it there"), it->path.parts[0], v->value->name.parts[0]);
      break;
    }
    chk_percent_value(x, v, it->path.parts[0]);
    break;
  case FV_YEARS: chk_years_value(x, v, it->path.parts[0]); break;
  case FV_YEAR: chk_year_value(x, v, it->path.parts[0]); break;
  case FV_NUMBER: chk_number_value(x, v, it->path.parts[0]); break;
  case FV_CHOICE: chk_choice_value(x, f, v, it->path.parts[0]); break;
  case FV_STAKEHOLDERS: check_stakeholders(x, s, it); break;
  case FV_CHAIN:
    if (!lookup_ns(x, v->value, NS_CHAIN)) unknown_in(x, v->value, NS_CHAIN, _("chain"), "chaîne");
    break;
  case FV_TABLE: {   /* pour_chaque: annotated with its table (ast.h), which the evaluator reads */
    Resolved r = v->value->kind == EX_NAME ? sym_resolve(x->m, NULL, &v->value->name) : (Resolved){0};
    if (r.kind != R_GLOBAL || r.sym->kind != S_TABLE) check_names(x, it, S_TABLE);
    else { v->value->ann.kind = ANN_TABLE; v->value->ann.sym = r.sym; }
    break;
  }
  case FV_NAMES:
    check_names(x, it, f == F_COSTS ? S_COST : f == F_COMPONENTS || f == F_LOWER_BETTER ? S_INDICATOR : S_VALUATION);
    break;
  default: break;   /* formulas, dated values, breakdowns: the declaration's checker */
  }
}

/* ---- par: ---- */
/* Can table t give `dim`: a column, a level one of its territoire columns gives (commune
 * → département, région, EPCI, zone A/B/C; département → région; a declared level gives
 * itself), or the same through its réf
 * columns (a suivi by its logement's département), at most 3 hops as the evaluator reads. */
static bool table_gives(const Sym *t, const char *dim, int depth) {
  if (sym_column(t, dim) || chk_derives(t, dim)) return true;
  for (int j = 0; j < t->ncolumns; j++) {
    ColType *ct = t->columns[j]->item->col;
    if (ct->kind == COL_TERRITORY && !strcmp(ct->target, dim)) return true;   /* a declared level */
  }
  for (int j = 0; depth < 3 && j < t->ncolumns; j++) {
    Sym *tgt = sym_ref_target(t->columns[j]);
    if (tgt && tgt != t && table_gives(tgt, dim, depth + 1)) return true;
  }
  return false;
}

/* Is `dim` given by every table the formula aggregates? (by one, for now: see chk_dims) */
static bool dim_ok(Ctx *x, const char *dim) {
  for (int i = 0; i < x->naggs; i++)
    if (table_gives(x->aggs[i], dim, 0)) return true;
  return false;
}

void chk_keep_aggs(Ctx *x, Sym *s) {
  ChkSym *cs = chk_sym(x->k, s);
  cs->aggs = x->aggs;
  cs->naggs = x->naggs;
}

void chk_dims(Ctx *x, Sym *s, Item *it) {
  const char **names = arena_alloc(x->k->a, sizeof *names * (size_t)it->values.n);
  int n = 0;
  for (int i = 0; i < it->values.n; i++) {
    Expr *e = it->values.v[i]->value;
    if (e->kind != EX_NAME || e->name.n != 1) {
      diag_error(x->k->d, e->loc, _("'par' takes column names or territory levels, e.g. par: département"));
      continue;
    }
    const char *dim = e->name.parts[0];
    names[n++] = dim;
    if (dim_ok(x, dim)) continue;
    const char *c[64];
    int nc = 0;
    static const char *const lv[] = {"commune", "département", "région", "epci", "zone_abc"};
    for (int j = 0; j < 5; j++) if (dim_ok(x, lv[j])) c[nc++] = lv[j];
    for (int t = 0; t < x->naggs; t++)
      for (int j = 0; j < x->aggs[t]->ncolumns && nc < 64; j++) {
        const char *col = x->aggs[t]->columns[j]->name;
        bool seen = false;
        for (int k = 0; k < nc && !seen; k++) seen = !strcmp(c[k], col);
        if (!seen) c[nc++] = col;   /* a column named like a level is listed once */
      }
    if (!x->naggs)
      diag_error(x->k->d, e->loc, _("'%s' cannot be broken down by '%s': its formula aggregates no table; remove 'par'"), s->name, dim);
    else
      diag_error(x->k->d, e->loc, _("'par: %s' is neither a column of %s nor a territory level derived from one%s"), dim,
                 x->aggs[0]->name, chk_suggest_or(x->k, dim, c, nc, arena_printf(x->k->a, _("; use one of: %s"), chk_join(x->k, c, nc, ", "))));
  }
  chk_sym(x->k, s)->by = n ? chk_join(x->k, names, n, ", ") : NULL;
}
