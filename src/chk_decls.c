/* chk_decls.c — the declarations made of references: the leaves of an arbre and the
 * overrides of a scénario (`param: value`, `valorisation.field: value`). */
#include "chk_int.h"
#include "intl.h"
#include <string.h>

static const char **values_of(Chk *k, const Module *m, SymKind a, SymKind b, int *n) {
  Sym **v;
  int nv = sym_visible(k->c, m, NS_VALUE, &v);
  const char **c = arena_alloc(k->a, sizeof *c * (size_t)(nv + 1));
  *n = 0;
  for (int i = 0; i < nv; i++) if (v[i]->kind == a || v[i]->kind == b) c[(*n)++] = v[i]->name;
  return c;
}

/* leaf -> "label": NAME | NAME */
static void tree_leaf(Ctx *x, Item *it) {
  Expr *e = it->leaf;
  Resolved r = e->kind == EX_NAME ? sym_resolve(x->m, NULL, &e->name) : (Resolved){0};
  if (r.kind == R_GLOBAL && r.used == e->name.n && (r.sym->kind == S_INDICATOR || r.sym->kind == S_VALUATION)) {
    chk_depend(x, r.sym);
    chk_sym(x->k, r.sym)->used = true;
    return;
  }
  if (r.kind == R_GLOBAL) {
    diag_error(x->k->d, e->loc, _("a leaf of an arbre names an indicateur or a valorisation; '%s' is a %s"),
               r.sym->name, sym_kind_name(r.sym->kind));
    return;
  }
  if (e->kind != EX_NAME) {
    diag_error(x->k->d, e->loc, _("a leaf of an arbre names an indicateur or a valorisation; define this formula as an indicateur"));
    return;
  }
  int n;
  const char **c = values_of(x->k, x->m, S_INDICATOR, S_VALUATION, &n);
  diag_error(x->k->d, e->loc, _("unknown indicateur or valorisation '%s'%s"), e->name.parts[0],
             chk_suggest(x->k, e->name.parts[0], c, n));
}

void chk_tree_items(Ctx *x, ItemList *items) {
  for (int i = 0; i < items->n; i++) {
    Item *it = items->v[i];
    if (it->kind == IT_NODE) chk_tree_items(x, &it->children);
    else if (it->kind == IT_LEAF) tree_leaf(x, it);
  }
}

/* ---- scénario ---- */
static void override_param(Chk *k, Sym *sc, Sym *p, Item *it) {
  chk_symbol(k, p);
  ChkSym *cs = chk_sym(k, p);
  Ctx x = chk_ctx(k, sc->mod, NULL);
  x.bare_unit = cs->type.k == T_NUM ? &cs->type.u : NULL;
  x.value_of = p;
  FieldValue *v = it->values.v[0];
  Type t = chk_expr(&x, v->value);
  if (!chk_type_fits(&t, &cs->type))
    diag_error(k->d, v->value->loc, _("parameter '%s' is %s, but scénario '%s' gives it %s; write the value in %s"),
               p->name, chk_type_text(k, &cs->type), sc->name, chk_type_text(k, &t), chk_type_text(k, &cs->type));
}

static void override_field(Chk *k, Sym *sc, Sym *val, Item *it, int part) {
  const char *name = it->path.parts[part];
  FieldId f = schema_field_lookup(name);
  FieldValueKind vk = f == F__COUNT ? FV_STRING : schema_field(f)->value;
  Ctx x = chk_ctx(k, sc->mod, NULL);
  FieldValue *v = it->values.v[0];
  if (f != F__COUNT && vk == FV_PERCENT) { chk_percent_value(&x, v, name); return; }
  if (f != F__COUNT && vk == FV_YEARS) { chk_years_value(&x, v, name); return; }
  bool own = f != F__COUNT && (schema_field(f)->kinds & FK_VALUATION);
  if (own && vk == FV_YEAR) { chk_year_value(&x, v, name); return; }
  if (own && vk == FV_CHOICE) { chk_choice_value(&x, f, v, name); return; }
  if (f == F_QUANTITY || f == F_PROXY) {
    chk_symbol(k, val);
    ChkSym *cs = chk_sym(k, val);
    Type want = f == F_QUANTITY ? cs->qty : cs->proxy;
    Type t = chk_expr(&x, v->value);
    if (!chk_type_fits(&t, &want))
      diag_error(k->d, v->value->loc, _("the %s of '%s' is %s, but scénario '%s' gives %s"), name, val->name,
                 chk_type_text(k, &want), sc->name, chk_type_text(k, &t));
    return;
  }
  static const char *const c[] = {"quantité", "proxy", "aubaine", "attribution", "déplacement", "durée", "dégressivité", "actualisation",
                                  "quantity", "deadweight", "displacement", "duration", "drop_off", "discount_rate",
                                  "période", "début", "cohortes", "durée_après", "period", "start", "cohorts", "duration_after"};
  diag_error(k->d, it->path.locs[part], _("a scénario can change quantité, proxy, aubaine, attribution, déplacement, durée, "
                                          "dégressivité, actualisation, période, début, cohortes or durée_après of a "
                                          "valorisation, not '%s'%s"),
             name, chk_suggest(k, name, c, 22));
}

static void override(Chk *k, Sym *sc, Item *it) {
  const Module *m = sc->mod;
  int off = 0;
  if (it->path.n >= 2 && sym_module_alias(m, it->path.parts[0])) { m = sym_module_alias(m, it->path.parts[0]); off = 1; }
  Sym *t = sym_lookup(m, NS_VALUE, it->path.parts[off]);
  int rest = it->path.n - off - 1;
  if (it->values.n > 1) diag_error(k->d, it->values.v[1]->loc, _("a scénario gives one value per line; remove this one"));
  if (!t) {
    int n;
    const char **c = values_of(k, m, S_PARAM, S_VALUATION, &n);
    diag_error(k->d, it->path.locs[off], _("scénario '%s' changes '%s', which is no parameter or valorisation%s"), sc->name,
               it->path.parts[off], chk_suggest(k, it->path.parts[off], c, n));
  } else if (t->kind == S_PARAM && rest == 0) override_param(k, sc, t, it);
  else if (t->kind == S_VALUATION && rest == 1) override_field(k, sc, t, it, off + 1);
  else if (t->kind == S_VALUATION)
    diag_error(k->d, it->path.locs[off], _("name the field of '%s' to change, e.g. %s.aubaine: 40 %%"), t->name, t->name);
  else
    diag_error(k->d, it->path.locs[off], _("'%s' is a %s; a scénario changes parameters (name: value) and valorisation fields (name.field: value)"),
               t->name, sym_kind_name(t->kind));
}

static const char *target_text(Chk *k, const Item *it) { return chk_join(k, it->path.parts, it->path.n, "."); }

void chk_scenario(Chk *k, Sym *s) {
  Decl *d = s->decl;
  for (int i = 0; i < d->items.n; i++) {
    Item *it = d->items.v[i];
    if (it->kind != IT_FIELD) continue;
    FieldId f = it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
    if (f != F__COUNT && (schema_field(f)->kinds & FK_SCENARIO)) continue;
    override(k, s, it);
    for (int j = 0; j < i; j++) {
      Item *o = d->items.v[j];
      if (o->kind == IT_FIELD && !strcmp(target_text(k, o), target_text(k, it))) {
        diag_error(k->d, it->path.locs[0], _("scénario '%s' changes '%s' twice; keep one"), s->name, target_text(k, it));
        diag_note(k->d, o->path.locs[0], _("it is first changed here"));
        break;
      }
    }
  }
}
