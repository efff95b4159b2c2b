/* doc_decl.c — the sections of `pvs doc`, one per declaration kind: what a reader needs to
 * know about each indicator, valuation, table, parameter, cost, contrôle, tree, bilan and
 * scénario, in French, recorded in the document model (page.h). Declarations come
 * in declaration order, module by module (dependencies first). */
#include "chk.h"
#include "doc_impl.h"
#include "intl.h"
#include <string.h>

#define W (D->w)

/* ---- iteration ---- */
static int module_count(const Module *m, SymKind k) {
  int n = 0;
  for (int i = 0; i < m->nsyms; i++) n += m->syms[i]->kind == k;
  return n;
}

int doc_count(const Doc *D, SymKind k) {
  int n = 0;
  for (int i = 0; i < D->nmods; i++) n += module_count(D->mods[i], k);
  return n;
}

typedef void (*DocOne)(Doc *D, const Sym *s);

/* Calls one() for every symbol of kind k, under a heading per module when there are several. */
static void each(Doc *D, SymKind k, const char *section, DocOne one) {
  for (int i = 0; i < D->nmods; i++) {
    const Module *m = D->mods[i];
    if (!module_count(m, k)) continue;
    if (doc_multi_module(D))
      page_heading(W, 3, doc_module_anchor(D, section, i),
                   arena_printf(D->arena, _("Module “%s”"), doc_module_title(D, m)));
    for (int j = 0; j < m->nsyms; j++) if (m->syms[j]->kind == k) one(D, m->syms[j]);
  }
}

/* ---- common pieces ---- */
static void head(Doc *D, const Sym *s) {
  const Decl *d = s->decl;
  page_heading(W, D->item_level, doc_anchor(D, s), d->label ? d->label : s->name);
  page_para_begin(W, true);
  page_code(W, s->name);
  page_text(W, " — ");
  page_text(W, sym_kind_name(s->kind));
  if (doc_multi_module(D)) page_text(W, arena_printf(D->arena, _(", module “%s”"), doc_module_title(D, s->mod)));
  page_para_end(W);
  const char *desc = doc_field_str(d, F_DESCRIPTION);
  if (!desc) return;
  page_para_begin(W, false);
  page_text(W, desc);
  page_para_end(W);
}

static void prop_text(Doc *D, const char *label, const char *text) {
  page_prop_begin(W, label);
  page_text(W, text);
  page_prop_end(W);
}

static void prop_code(Doc *D, const char *label, const char *code) {
  page_prop_begin(W, label);
  page_code(W, code);
  page_prop_end(W);
}

/* The declared unit, or the one the checker inferred from the formula. */
static void prop_unit(Doc *D, const Sym *s, const char *none) {
  const char *u = doc_unit_text(D, chk_unit_of(s));
  if (u) prop_code(D, _("Unit"), u);
  else if (none) prop_text(D, _("Unit"), none);
}

static void formula_block(Doc *D, const Sym *s, const Expr *e) {
  if (e) page_code_block(W, doc_expr_text(D, s->mod, e));
}

/* A declared name of namespace ns: its label linked, then its name. */
static void named(Doc *D, const Module *m, Namespace ns, const Expr *e) {
  const char *name = e->kind == EX_NAME ? e->name.parts[e->name.n - 1] : NULL;
  const Sym *s = name ? sym_lookup(m, ns, name) : NULL;
  if (!s) { page_code(W, doc_expr_text(D, m, e)); return; }
  doc_link_sym(D, s, false);
  if (s->def && s->def->label) { page_text(W, " ("); page_code(W, s->name); page_text(W, ")"); }
}

static void prop_chain(Doc *D, const Sym *s) {
  const Expr *e = doc_field_expr(s->decl, F_CHAIN);
  if (!e) return;
  page_prop_begin(W, _("Value chain"));
  named(D, s->mod, NS_CHAIN, e);
  page_prop_end(W);
}

static void prop_stakeholders(Doc *D, const Sym *s) {
  const Item *it = s->decl->has_block ? schema_find(s->decl, F_FOR) : NULL;
  if (!it) return;
  page_prop_begin(W, _("Stakeholders"));
  for (int i = 0; i < it->values.n; i++) {
    const FieldValue *v = it->values.v[i];
    if (i) page_text(W, ", ");
    named(D, s->mod, NS_STAKEHOLDER, v->value);
    if (v->share) { page_text(W, " : "); page_text(W, doc_expr_text(D, s->mod, v->share)); }
  }
  if (it->values.n == 1 && s->kind == S_VALUATION) page_text(W, _(" (receives the whole value)"));
  page_prop_end(W);
}

static void prop_by(Doc *D, const Sym *s) {
  const Item *it = s->decl->has_block ? schema_find(s->decl, F_BY) : NULL;
  if (!it) return;
  page_prop_begin(W, _("Default breakdown"));
  for (int i = 0; i < it->values.n; i++) {
    if (i) page_text(W, ", ");
    page_code(W, doc_expr_text(D, s->mod, it->values.v[i]->value));
  }
  page_prop_end(W);
}

/* "Utilise": the tables, indicators, parameters… its formulas read directly. */
static void prop_uses(Doc *D, const Sym *s) {
  const Sym **refs;
  int n = doc_decl_refs(D, s, &refs);
  if (!n) return;
  page_prop_begin(W, _("Uses"));
  for (int i = 0; i < n; i++) {
    if (i) page_text(W, ", ");
    doc_link_sym(D, refs[i], false);
    page_text(W, arena_printf(D->arena, " (%s)", sym_kind_name(refs[i]->kind)));
  }
  page_prop_end(W);
}

static void params_used(Doc *D, const Sym *s) {
  const Sym **ps;
  int n = doc_params_used(D, s, &ps);
  if (!n) return;
  page_para_begin(W, false);
  page_strong(W, _("Parameters used and the history of their values"));
  page_para_end(W);
  doc_param_history(D, ps, n, true);
}

/* ---- indicateurs ---- */
static void indicator(Doc *D, const Sym *s) {
  const Expr *f = doc_formula(s->decl);
  head(D, s);
  formula_block(D, s, f);
  page_props_begin(W);
  prop_unit(D, s, _("not declared (the formula's)"));
  prop_chain(D, s);
  prop_stakeholders(D, s);
  prop_by(D, s);
  prop_uses(D, s);
  doc_source(D, s->decl, false);
  page_props_end(W);
  params_used(D, s);
}

void doc_section_indicators(Doc *D) { each(D, S_INDICATOR, "indicateurs", indicator); }

/* ---- valorisations ---- */
typedef struct Rate { FieldId f; const char *label, *dflt; } Rate;

static void prop_field(Doc *D, const Sym *s, const Rate *r) {
  const Expr *e = doc_field_expr(s->decl, r->f);
  page_prop_begin(W, _(r->label));
  if (e) page_code(W, doc_expr_text(D, s->mod, e));
  else { page_code(W, r->dflt); page_text(W, _(" (default)")); }
  page_prop_end(W);
}

/* The fields of `r` that s declares (nothing for the others: their defaults are the
 * method's, said in doc/methode-sroi.md). */
static void prop_declared(Doc *D, const Sym *s, const Rate *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const Item *it = s->decl->has_block ? schema_find(s->decl, r[i].f) : NULL;
    if (!it) continue;
    page_prop_begin(W, _(r[i].label));
    for (int k = 0; k < it->values.n; k++) {
      if (k) page_text(W, ", ");
      page_code(W, doc_expr_text(D, s->mod, it->values.v[k]->value));
    }
    page_prop_end(W);
  }
}

static const Rate timeline[] = {
  {F_PERIOD, N_("Period of the activity"), NULL},
  {F_START, N_("Year of the first value"), NULL},
  {F_COHORTS, N_("Cohorts"), NULL},
  {F_DURATION_AFTER, N_("Duration after the period"), NULL},
  {F_PUBLISHED, N_("Published figure"), NULL},
};

static const Rate conventions[] = {
  {F_DISCOUNT_RATE, N_("Discounting"), NULL},
  {F_BETA, N_("β (France Stratégie)"), NULL},
  {F_FIRST_YEAR, N_("First year"), NULL},
  {F_FILTERS, N_("Filters"), NULL},
  {F_DROP_OFF_FROM, N_("Drop-off from"), NULL},
  {F_RATIO, N_("Ratio shown"), NULL},
  {F_FOR, N_("Value of"), NULL},
  {F_FUNDER, N_("Costs of the funder"), NULL},
  {F_DECIMALS, N_("Decimals"), NULL},
  {F_PUBLISHED, N_("Published present value"), NULL},
  {F_PUBLISHED_RATIO, N_("Published ratio"), NULL},
};

static const Rate cost_fields[] = {
  {F_AMOUNT, N_("Amount per year"), NULL},
  {F_DURATION, N_("Duration"), NULL},
  {F_PUBLISHED, N_("Published figure"), NULL},
};

static const char *field_text(Doc *D, const Sym *s, FieldId f, const char *dflt) {
  const Expr *e = doc_field_expr(s->decl, f);
  return e ? doc_expr_text(D, s->mod, e) : dflt;
}

static void item_text(Doc *D, const char *t) {
  page_item_begin(W);
  page_text(W, t);
  page_item_end(W);
}

/* The duration in prose: "1 an", "5 ans" ("1 year", "5 years") for a literal in years;
 * otherwise as written. */
static const char *duration_words(Doc *D, const Sym *s) {
  const Expr *e = doc_field_expr(s->decl, F_DURATION);
  if (!e) return _("1 year");
  bool years = e->kind == EX_NUM && (!e->num.unit || (e->num.unit->n == 1 && e->num.unit->terms[0].exp == 1 &&
                                                      !strcmp(e->num.unit->terms[0].name, "an")));
  if (!years) return doc_expr_text(D, s->mod, e);
  bool one = !strcmp(e->num.text, "1") || !strcmp(e->num.text, "0") || !strncmp(e->num.text, "1.", 2) ||
             !strncmp(e->num.text, "0.", 2);
  return arena_printf(D->arena, one ? _("%s year") : _("%s years"), e->num.text);
}

/* The SROI arithmetic in words, with this valuation's figures. */
static void sroi_words(Doc *D, const Sym *s) {
  page_para_begin(W, false);
  page_strong(W, _("How the value is computed"));
  page_para_end(W);
  page_list_begin(W);
  item_text(D, arena_printf(D->arena, _("First-year impact = quantity × proxy × (1 − "
                                        "deadweight %s) × (1 − displacement %s) × (1 − attribution %s)."),
                            field_text(D, s, F_DEADWEIGHT, "0 %"), field_text(D, s, F_DISPLACEMENT, "0 %"),
                            field_text(D, s, F_ATTRIBUTION, "0 %")));
  item_text(D, arena_printf(D->arena, _("Each following year, impact = the previous "
                                        "year's impact × (1 − drop-off %s), over a duration of %s."),
                            field_text(D, s, F_DROP_OFF, "0 %"), duration_words(D, s)));
  item_text(D, arena_printf(D->arena, _("Present value = the sum, over each year n, of year n's impact "
                                        "divided by (1 + r) to the power n, where r is the discount rate (%s)."),
                            field_text(D, s, F_DISCOUNT_RATE, "0 %")));
  item_text(D, _("The present value is shared between the stakeholders by their shares; in a "
                 "statement, the SROI ratio is the sum of the present values divided by the sum of the costs."));
  page_list_end(W);
}

static const Rate rates[] = {
  {F_DEADWEIGHT, N_("Deadweight (what would have happened anyway)"), "0 %"},
  {F_ATTRIBUTION, N_("Attribution (the share due to others)"), "0 %"},
  {F_DISPLACEMENT, N_("Displacement"), "0 %"},
  {F_DURATION, N_("Duration"), "1 an"},
  {F_DROP_OFF, N_("Drop-off (each year after the first)"), "0 %"},
  {F_DISCOUNT_RATE, N_("Discount rate"), "0 %"},
};

static void valuation(Doc *D, const Sym *s) {
  head(D, s);
  page_props_begin(W);
  const Expr *q = doc_field_expr(s->decl, F_QUANTITY), *p = doc_field_expr(s->decl, F_PROXY);
  if (q) prop_code(D, _("Quantity"), doc_expr_text(D, s->mod, q));
  if (p) prop_code(D, _("Financial proxy (value of one unit)"), doc_expr_text(D, s->mod, p));
  for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) prop_field(D, s, &rates[i]);
  prop_declared(D, s, timeline, sizeof timeline / sizeof *timeline);
  prop_stakeholders(D, s);
  prop_chain(D, s);
  prop_by(D, s);
  prop_uses(D, s);
  doc_source(D, s->decl, true);
  page_props_end(W);
  sroi_words(D, s);
  params_used(D, s);
}

void doc_section_valuations(Doc *D) { each(D, S_VALUATION, "valorisations", valuation); }

/* ---- tables ---- */
static const char *col_kind(ColKind k) {
  static const char *names[] = {
    [COL_TEXT] = N_("text"), [COL_INTEGER] = N_("integer"), [COL_DECIMAL] = N_("decimal"),
    [COL_BOOLEAN] = N_("boolean (yes/no)"), [COL_DATE] = N_("date"), [COL_TERRITORY] = N_("territory"),
    [COL_REF] = N_("reference"),
  };
  return _(names[k]);
}

static void cell_begin(Doc *D) { page_cell_begin(W); }
static void cell_end(Doc *D) { page_cell_end(W); }

static void column_row(Doc *D, const Sym *c) {
  const ColType *ct = c->item->col;
  page_row_begin(W);
  cell_begin(D); page_code(W, c->name); cell_end(D);
  cell_begin(D);
  page_text(W, col_kind(ct->kind));
  if (ct->kind == COL_TERRITORY && ct->target) { page_text(W, " "); page_text(W, ct->target); }
  const Sym *ref = ct->kind == COL_REF ? sym_ref_target(c) : NULL;
  if (ref) { page_text(W, _(" to ")); doc_link_sym(D, ref, true); }
  else if (ct->kind == COL_REF && ct->target) { page_text(W, " "); page_code(W, ct->target); }
  cell_end(D);
  cell_begin(D);
  if (ct->unit) page_code(W, doc_unit_text(D, ct->unit));
  if (ct->fraction) page_text(W, _(" (as fractions: 0.439 = 43.9 %)"));
  cell_end(D);
  cell_begin(D);
  page_text(W, ct->key ? _("key (unique)") : ct->optional ? _("optional (empty cells allowed)") : _("required"));
  cell_end(D);
  page_row_end(W);
}

static void csv_props(Doc *D, const Sym *s) {
  const char *src = doc_field_str(s->decl, F_SOURCE);
  page_prop_begin(W, _("Expected CSV file"));
  if (src) page_code(W, src);
  else page_badge(W, _("file not given"));
  page_text(W, arena_printf(D->arena, _(" (path relative to the script; replaced by --data %s=PATH)"), s->name));
  page_prop_end(W);
  static const FieldId opt[] = {F_SEPARATOR, F_DECIMAL_MARK, F_ENCODING};
  static const char *labels[] = {N_("Delimiter"), N_("Decimal mark"), N_("Encoding")};
  for (int i = 0; i < 3; i++) {
    const char *v = doc_field_str(s->decl, opt[i]);
    if (v) prop_code(D, _(labels[i]), v);
  }
}

static void table(Doc *D, const Sym *s) {
  head(D, s);
  page_props_begin(W);
  const char *u = doc_unit_text(D, s->decl->unit);
  if (u) prop_code(D, _("One row is"), arena_printf(D->arena, "1 %s", u));
  csv_props(D, s);
  page_props_end(W);
  const char *h[] = {_("Column"), _("Type"), _("Unit"), _("Role")};
  page_table_begin(W, 4, h, NULL);
  for (int i = 0; i < s->ncolumns; i++) column_row(D, s->columns[i]);
  page_table_end(W);
}

void doc_section_tables(Doc *D) { each(D, S_TABLE, "tables", table); }

/* ---- paramètres ---- */
static bool uses_param(Doc *D, const Sym *user, const DocSym *p) {
  const Sym **ps;
  int n = doc_params_used(D, user, &ps);
  for (int i = 0; i < n; i++) if (doc_find(D, ps[i]) == p) return true;
  return false;
}

static void prop_used_by(Doc *D, const Sym *p) {
  bool any = false;
  const DocSym *target = doc_find(D, p);
  for (int i = 0; i < D->nsyms; i++) {
    const Sym *u = D->syms[i].sym;
    if (u == p || (u->kind != S_INDICATOR && u->kind != S_VALUATION && u->kind != S_COST && u->kind != S_PARAM)) continue;
    if (!uses_param(D, u, target)) continue;
    if (!any) page_prop_begin(W, _("Used by"));
    else page_text(W, ", ");
    doc_link_sym(D, u, false);
    any = true;
  }
  if (any) page_prop_end(W);
}

static void param(Doc *D, const Sym *s) {
  head(D, s);
  page_props_begin(W);
  prop_unit(D, s, _("no unit"));
  doc_source(D, s->decl, true);
  prop_used_by(D, s);
  const Sym *ov = chk_override_of(s);
  if (ov) {   /* the organisation's values replace these */
    page_prop_begin(W, _("Local values"));
    doc_link_sym(D, ov, false);
    page_text(W, _(" (a surcharge replaces the values below)"));
    page_prop_end(W);
  }
  page_props_end(W);
  const Sym *one[] = {s};
  doc_param_history(D, one, 1, false);
}

void doc_section_params(Doc *D) { each(D, S_PARAM, "parametres", param); }

/* ---- surcharges ---- */
/* surcharge NAME { … }: the organisation's values of a référentiel parameter, with the
 * référentiel's beside them. */
static void override(Doc *D, const Sym *s) {
  head(D, s);
  Sym *t = sym_lookup(s->mod, NS_VALUE, s->name);
  page_para_begin(W, false);
  page_text(W, _("Local values of the référentiel parameter "));
  if (t) doc_link_sym(D, t, true); else page_code(W, s->name);
  page_text(W, _(": on every date they replace the référentiel's values, which are shown after them."));
  page_para_end(W);
  page_props_begin(W);
  if (t) prop_unit(D, t, _("no unit"));
  doc_source(D, s->decl, true);
  page_props_end(W);
  const Sym *one[] = {s};
  doc_param_history(D, one, 1, false);
  if (!t || t->kind != S_PARAM) return;
  page_para_begin(W, false);
  page_strong(W, _("Values of the référentiel (replaced)"));
  page_para_end(W);
  const Sym *ref[] = {t};
  doc_param_history(D, ref, 1, false);
}

void doc_section_overrides(Doc *D) { each(D, S_OVERRIDE, "surcharges", override); }

/* ---- coûts ---- */
static void cost(Doc *D, const Sym *s) {
  head(D, s);
  formula_block(D, s, doc_formula(s->decl));
  page_props_begin(W);
  prop_unit(D, s, NULL);
  if (chk_cost_over_years(s)) prop_declared(D, s, cost_fields, sizeof cost_fields / sizeof *cost_fields);
  else prop_declared(D, s, cost_fields + 2, 1);
  prop_chain(D, s);
  prop_stakeholders(D, s);
  prop_uses(D, s);
  doc_source(D, s->decl, false);
  page_props_end(W);
  params_used(D, s);
}

void doc_section_costs(Doc *D) { each(D, S_COST, "couts", cost); }

/* ---- contrôles ---- */
static void check(Doc *D, const Sym *s) {
  head(D, s);
  const Expr *each_t = doc_field_expr(s->decl, F_FOR_EACH), *cond = doc_field_expr(s->decl, F_CONDITION);
  const Expr *f = doc_formula(s->decl);
  page_para_begin(W, false);
  if (each_t && cond) {
    page_text(W, _("For each row of table "));
    named(D, s->mod, NS_VALUE, each_t);
    page_text(W, _(", the following condition must hold:"));
  } else page_text(W, _("The following condition must hold:"));
  page_para_end(W);
  formula_block(D, s, each_t && cond ? cond : f ? f : cond);
  page_props_begin(W);
  doc_source(D, s->decl, false);
  page_props_end(W);
}

void doc_section_checks(Doc *D) { each(D, S_CHECK, "controles", check); }

/* ---- arbre ---- */
static void leaf(Doc *D, const Module *m, const Item *it) {
  const Expr *e = it->leaf;
  const Sym *s = NULL;
  if (e && e->kind == EX_NAME) {
    Resolved r = sym_resolve(m, NULL, &e->name);
    if (r.kind == R_GLOBAL) s = r.sym;
  }
  if (it->label) { page_text(W, it->label); page_text(W, " : "); }
  if (!s) { page_code(W, doc_expr_text(D, m, e)); return; }
  doc_link_sym(D, s, false);
  page_text(W, " ("); page_code(W, s->name); page_text(W, ")");
}

static void tree_items(Doc *D, const Module *m, const ItemList *l) {
  page_list_begin(W);
  for (int i = 0; i < l->n; i++) {
    const Item *it = l->v[i];
    if (it->kind != IT_NODE && it->kind != IT_LEAF) continue;
    page_item_begin(W);
    if (it->kind == IT_LEAF) leaf(D, m, it);
    else { page_strong(W, it->label); tree_items(D, m, &it->children); }
    page_item_end(W);
  }
  page_list_end(W);
}

static void tree(Doc *D, const Sym *s) {
  head(D, s);
  tree_items(D, s->mod, &s->decl->items);
}

void doc_section_trees(Doc *D) { each(D, S_TREE, "arbre", tree); }

/* ---- bilans ---- */
static void prop_names(Doc *D, const Sym *s, FieldId f, const char *label) {
  const Item *it = s->decl->has_block ? schema_find(s->decl, f) : NULL;
  if (!it) return;
  page_prop_begin(W, label);
  for (int i = 0; i < it->values.n; i++) {
    const FieldValue *v = it->values.v[i];
    if (i) page_text(W, ", ");
    named(D, s->mod, NS_VALUE, v->value);
    if (v->share) page_text(W, arena_printf(D->arena, " %s", doc_expr_text(D, s->mod, v->share)));   /* poids: a 50 % */
  }
  page_prop_end(W);
}

static void statement(Doc *D, const Sym *s) {
  head(D, s);
  page_props_begin(W);
  prop_names(D, s, F_VALUATIONS, _("Valuations"));
  prop_names(D, s, F_COSTS, _("Costs"));
  prop_declared(D, s, conventions, sizeof conventions / sizeof *conventions);
  page_props_end(W);
  page_para_begin(W, false);
  page_text(W, _("The statement gives the total present value of its valuations, by stakeholder and by value chain, the total "
                 "costs, the net present value (present value less costs) and the SROI ratio (total present value divided by the costs)."));
  page_para_end(W);
}

void doc_section_statements(Doc *D) { each(D, S_STATEMENT, "bilans", statement); }

/* ---- indices ---- */
static const Rate index_fields[] = {
  {F_LOWER_BETTER, N_("Lower is better"), NULL},
  {F_NORMALISATION, N_("Normalisation"), NULL},
  {F_AGGREGATION, N_("Aggregation"), NULL},
  {F_MISSING, N_("Missing component"), NULL},
  {F_DECIMALS, N_("Decimals"), NULL},
};

static void index_decl(Doc *D, const Sym *s) {
  head(D, s);
  page_props_begin(W);
  prop_names(D, s, F_COMPONENTS, _("Components"));
  prop_names(D, s, F_WEIGHTS, _("Weights"));
  prop_names(D, s, F_TARGETS, _("Targets"));
  prop_declared(D, s, index_fields, sizeof index_fields / sizeof *index_fields);
  page_props_end(W);
  page_para_begin(W, false);
  page_text(W, _("A composite index: each component is normalised over the groups of their common breakdown (min-max by "
                 "default, from 0 for the worst group to 100 for the best), then the normalised values are averaged with the "
                 "weights (doc/methode-indices.md)."));
  page_para_end(W);
}

void doc_section_indices(Doc *D) { each(D, S_INDEX, "indices", index_decl); }

/* ---- scénarios ---- */
static bool metadata(const Item *it) {
  FieldId f = it->path.n == 1 ? schema_field_lookup(it->path.parts[0]) : F__COUNT;
  return f == F_DESCRIPTION || f == F_SOURCE;
}

static const char *values_text(Doc *D, const Module *m, const ValueList *l) {
  const char *t = "";
  for (int i = 0; i < l->n; i++) {
    const char *v = doc_expr_text(D, m, l->v[i]->value);
    char day[32];
    if (l->v[i]->since)
      v = arena_printf(D->arena, _("%s since %s"), v, intl_date(day, sizeof day, l->v[i]->since->str, intl_date_form(INTL_DATE_SHORT)));
    t = i ? arena_printf(D->arena, "%s ; %s", t, v) : v;
  }
  return t;
}

/* The value a scénario line replaces: the parameter's values, or the valuation's field. */
static const char *base_value(Doc *D, const Sym *target, const Item *it) {
  const Decl *d = target->decl;
  if (it->path.n == 1 && target->kind == S_PARAM) {
    if (!d->has_block) return doc_expr_text(D, target->mod, d->formula);
    const char *t = "";
    const Item *v;
    for (int k = 0; (v = schema_find_nth(d, F_VALUE, k)); k++)
      t = k ? arena_printf(D->arena, "%s ; %s", t, values_text(D, target->mod, &v->values))
            : values_text(D, target->mod, &v->values);
    return t;
  }
  FieldId f = it->path.n == 2 ? schema_field_lookup(it->path.parts[1]) : F__COUNT;
  if (f == F__COUNT || !d->has_block) return "";
  const Item *v = schema_find(d, f);
  return v ? values_text(D, target->mod, &v->values) : _("(default)");
}

static void override_row(Doc *D, const Sym *s, const Item *it) {
  const Sym *target = sym_lookup(s->mod, NS_VALUE, it->path.parts[0]);
  page_row_begin(W);
  cell_begin(D);
  if (target) doc_link_sym(D, target, false);
  else page_code(W, it->path.parts[0]);
  for (int i = 1; i < it->path.n; i++) { page_text(W, " — "); page_text(W, it->path.parts[i]); }
  cell_end(D);
  cell_begin(D); page_code(W, target ? base_value(D, target, it) : ""); cell_end(D);
  cell_begin(D); page_code(W, values_text(D, s->mod, &it->values)); cell_end(D);
  page_row_end(W);
}

static void scenario(Doc *D, const Sym *s) {
  head(D, s);
  const char *h[] = {_("What changes"), _("Base value"), _("Value in the scenario")};
  page_table_begin(W, 3, h, NULL);
  for (int i = 0; i < s->decl->items.n; i++) {
    const Item *it = s->decl->items.v[i];
    if (it->kind == IT_FIELD && !metadata(it)) override_row(D, s, it);
  }
  page_table_end(W);
}

void doc_section_scenarios(Doc *D) { each(D, S_SCENARIO, "scenarios", scenario); }

/* ---- glossary ---- */
static void names_table(Doc *D, SymKind k, const char *title) {
  if (!doc_count(D, k)) return;
  page_heading(W, 3, arena_printf(D->arena, "glossaire-%s", sym_kind_name(k)), title);
  const char *h[] = {_("Name"), _("Label"), _("Module")};
  page_table_begin(W, doc_multi_module(D) ? 3 : 2, h, NULL);
  for (int i = 0; i < D->nsyms; i++) {
    const Sym *s = D->syms[i].sym;
    if (s->kind != k) continue;
    page_row_begin(W);
    cell_begin(D); page_anchor(W, D->syms[i].anchor); page_code(W, s->name); cell_end(D);
    cell_begin(D); if (s->def && s->def->label) page_text(W, s->def->label); cell_end(D);
    if (doc_multi_module(D)) { cell_begin(D); page_text(W, s->mod->name); cell_end(D); }
    page_row_end(W);
  }
  page_table_end(W);
}

void doc_section_glossary(Doc *D) {
  names_table(D, S_STAKEHOLDER, _("Stakeholders"));
  names_table(D, S_CHAIN, _("Value chains"));
  names_table(D, S_UNIT, _("Declared units"));
  names_table(D, S_LEVEL, _("Territory levels"));
}
