/* out_report.c — `pvs eval --format html`: the report an Hlm director reads, one
 * self-contained page (no script, nothing fetched) that prints as a clean A4 document.
 *
 * Order: a title page (the organisation's référentiel, the référentiels it builds on, the
 * evaluation date, the scénario, the data files read with their rows, the pvs version);
 * the synthèse first (per bilan: SROI ratio, present value, costs, net value as key
 * figures; the SROI waterfall from gross impact to present value; the value by stakeholder
 * and by chaîne as bar charts; the key indicators of the arbre with their labels); maps of
 * the indicators broken down by département or région (out_map.c) with their tables; the
 * arbre des plus-values drawn, each leaf with its value; then the detail, grouped by the
 * arbre's families (labels as headings, names in small print); contrôles with labels and
 * readable details; an annex of the parameters (value, date in force, source) and of the
 * data files (rows, SHA-256); and the method with the conventions applied.
 *
 * Every figure is exact until display (out_str_display); charts take their pixels from
 * display-rounded values (out_chart.c). The text and Markdown reports stay out_doc.c's. */
#include "intl.h"
#include "mem.h"
#include "out_impl.h"
#include "schema.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

typedef struct Report {
  OutDoc d;           /* its page is the report; its tables are out_doc.c's */
  Page *p;
  const EvalResult *r;
  const OutOptions *o;
  const Compilation *c;   /* may be NULL (unit tests): no arbre, sources or référentiels */
} Report;

/* ---- small helpers ---- */
static void para_text(Page *p, bool muted, const char *s) {
  page_para_begin(p, muted);
  page_text(p, s);
  page_para_end(p);
}

static const char *str_field(const Sym *s, FieldId f) {
  const Item *it = s && s->decl && s->decl->has_block ? schema_find(s->decl, f) : NULL;
  const Expr *e = it && it->values.n ? it->values.v[0]->value : NULL;
  return e && e->kind == EX_STR ? e->str : NULL;
}

static void cell_display(Page *p, const Num *a, int decimals, const char *unit, const OutOptions *o) {
  OutStr s = {0};
  out_str_display(&s, a, decimals, unit, o);
  page_cell(p, out_str_get(&s));
  out_str_free(&s);
}

static const Cell *ind_total(const IndicatorResult *ind) {
  return ind && ind->nrows && !ind->rows[ind->nrows - 1].key ? &ind->rows[ind->nrows - 1].cell : NULL;
}

static const ValuationRow *val_total(const ValuationResult *v) {
  return v && v->nrows && !v->rows[v->nrows - 1].key ? &v->rows[v->nrows - 1] : NULL;
}

static const char *label_or_name(const char *label, const char *name) { return label && *label ? label : name; }

/* ---- the title page ---- */
static void data_files(Report *R, bool full) {
  const EvalResult *r = R->r;
  if (!r->ntables) return;
  const char *heads[] = {_("Table"), _("File"), _("Rows"), full ? _("SHA-256 of the file") : _("SHA-256 (start)")};
  bool right[] = {false, false, true, false};
  page_table_begin(R->p, 4, heads, right);
  for (int i = 0; i < r->ntables; i++) {
    const TableRead *t = &r->tables[i];
    page_row_begin(R->p);
    page_cell(R->p, label_or_name(t->label, t->name));
    page_cell_begin(R->p);
    page_code(R->p, t->path);
    page_cell_end(R->p);
    Num n = NUM_INIT;
    num_set_long(&n, t->rows);
    cell_display(R->p, &n, 0, "", R->o);
    num_clear(&n);
    page_cell_begin(R->p);
    if (t->sha256) {   /* digested by the evaluator as it read the file (csv_sha256) */
      char grouped[80];   /* four groups of 16 digits, so that the column can wrap */
      size_t o = 0;
      for (size_t k = 0; t->sha256[k] && (full || k < 16); k++) {
        if (full && k && k % 16 == 0) grouped[o++] = ' ';
        grouped[o++] = t->sha256[k];
      }
      strcpy(grouped + o, full ? "" : "…");
      page_code(R->p, grouped);
    } else page_text(R->p, _("(a database, not a file)"));
    page_cell_end(R->p);
    page_row_end(R->p);
  }
  page_table_end(R->p);
}

static void cover(Report *R) {
  Page *p = R->p;
  const EvalResult *r = R->r;
  OutStr s = {0};
  page_section_begin(p, "cover");
  para_text(p, true, _("Social value report"));
  page_heading(p, 1, "haut", r->framework ? label_or_name(r->framework_label, r->framework) : _("Evaluation"));
  page_props_begin(p);
  if (r->framework) {
    page_prop_begin(p, _("Référentiel"));
    out_str_printf(&s, r->version ? _("%s, version %s") : "%s", r->framework, r->version);
    page_text(p, out_str_get(&s));
    out_str_free(&s);
    page_prop_end(p);
  }
  for (int i = 0; R->c && i < R->c->nmods; i++) {
    const Decl *f = R->c->mods[i]->framework;
    if (!f || R->c->mods[i] == R->c->main) continue;
    if (!s.len) page_prop_begin(p, _("Builds on"));
    out_str_printf(&s, "%s%s%s%s", s.len ? ", " : "", f->name, f->version ? " " : "", f->version ? f->version : "");
  }
  if (s.len) { page_text(p, out_str_get(&s)); page_prop_end(p); }
  out_str_free(&s);
  char day[64];
  page_prop_begin(p, _("Evaluation date"));
  page_text(p, intl_date(day, sizeof day, r->date, R->o->french ? INTL_DATE_LONG : INTL_DATE_ISO));
  page_prop_end(p);
  page_prop_begin(p, _("Scénario"));
  page_text(p, r->scenario ? r->scenario : _("none (the base values)"));
  page_prop_end(p);
  page_prop_begin(p, _("Produced by"));
  out_str_printf(&s, "pvs %s", PVS_VERSION);
  page_text(p, out_str_get(&s));
  out_str_free(&s);
  page_prop_end(p);
  page_props_end(p);
  if (r->ntables) {
    para_text(p, false, _("Data files read:"));
    data_files(R, false);
  }
  page_section_end(p);
}

/* ---- the synthèse ---- */
static void card(OutStr *h, const char *label, const char *value, const char *note) {
  out_str_add(h, "<div class=\"card\"><div class=\"card-label\">");
  page_escape_html(h, label);
  out_str_add(h, "</div><div class=\"card-value\">");
  page_escape_html(h, value);
  out_str_add(h, "</div>");
  if (note) { out_str_add(h, "<div class=\"card-note\">"); page_escape_html(h, note); out_str_add(h, "</div>"); }
  out_str_add(h, "</div>");
}

static void key_figures(Report *R, const StatementResult *st) {
  OutStr h = {0}, v = {0}, n = {0};
  out_str_add(&h, "<div class=\"cards\">");
  out_str_ratio(&v, st->ratio_missing ? NULL : &st->ratio, st, R->o);
  if (!st->ratio_missing && !strcmp(out_cur(st->currency), "€")) out_str_printf(&n, _("€ of social value for each € of cost"));
  else if (!st->ratio_missing) out_str_printf(&n, _("%s of social value for each %s of cost"), out_cur(st->currency), out_cur(st->currency));
  card(&h, _("Social return (SROI ratio)"), out_str_get(&v), st->ratio_missing ? NULL : out_str_get(&n));
  out_str_free(&v);
  out_str_free(&n);
  out_str_money_short(&v, st->present_value_missing ? NULL : &st->present_value, out_cur(st->currency), R->o);
  card(&h, _("Value created (present value)"), out_str_get(&v), NULL);
  out_str_free(&v);
  out_str_money_short(&v, st->costs_missing ? NULL : &st->costs, out_cur(st->currency), R->o);
  card(&h, _("Costs"), out_str_get(&v), NULL);
  out_str_free(&v);
  out_str_money_short(&v, st->present_value_missing || st->costs_missing ? NULL : &st->net_present_value, out_cur(st->currency), R->o);
  card(&h, _("Net value"), out_str_get(&v), _("present value less costs"));
  out_str_free(&v);
  out_str_add(&h, "</div>");
  page_html(R->p, out_str_get(&h));
  out_str_free(&h);
}

/* The SROI waterfall of a bilan's valuations (their totals, under its conventions), exact:
 *   gross = Σ C·Q·P (C: the cohort-years of its timeline); then less the deadweight, the
 *   attribution and the displacement (each on what remains, or each on the gross value with
 *   additive filters); then with the drop-off (Σ of its yearly flows); then discounted (its
 *   present value in the bilan). A bilan that keeps some stakeholders' value counts their part. */
static void waterfall(Report *R, const StatementResult *st) {
  Num lv[6], one = NUM_INIT, t = NUM_INIT, f = NUM_INIT, g = NUM_INIT;
  for (int k = 0; k < 6; k++) num_init(&lv[k]);
  num_set_long(&one, 1);
  bool any = false;
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    const ValuationResult *v = l->val >= 0 ? &R->r->vals[l->val] : NULL;
    const ValuationRow *row = v ? val_total(v) : NULL;
    if (!row || row->missing || l->missing) continue;
    any = true;
    const Num *cut[3] = {&v->deadweight, &v->attribution, &v->displacement};
    num_mul(&g, &row->quantity, &row->proxy);
    num_set_long(&f, sroi_cohort_years(&v->timeline));
    num_mul(&g, &g, &f);
    num_mul(&g, &g, &l->share);
    num_add(&lv[0], &lv[0], &g);
    num_set(&t, &g);
    for (int k = 0; k < 3; k++) {
      if (st->conv.additive) num_mul(&f, &g, cut[k]), num_sub(&t, &t, &f);
      else num_sub(&f, &one, cut[k]), num_mul(&t, &t, &f);
      num_add(&lv[k + 1], &lv[k + 1], &t);
    }
    num_set_long(&t, 0);   /* num_sum adds to its target */
    num_sum(&t, l->flows, (size_t)l->nyears);
    num_mul(&t, &t, &l->share);
    num_add(&lv[4], &lv[4], &t);
    num_add(&lv[5], &lv[5], &l->present_value);
  }
  if (any) {
    static const char *const names[] = {N_("Gross impact"), N_("Deadweight"), N_("Attribution"), N_("Displacement"),
                                        N_("Drop-off"), N_("Discounting"), N_("Present value")};
    Num delta[5];
    ChartItem steps[7];
    steps[0] = (ChartItem){_(names[0]), &lv[0], true};
    for (int k = 0; k < 5; k++) {
      num_init(&delta[k]);
      num_sub(&delta[k], &lv[k + 1], &lv[k]);
      steps[k + 1] = (ChartItem){_(names[k + 1]), &delta[k], false};
    }
    steps[6] = (ChartItem){_(names[6]), &lv[5], true};
    bool deducts = false;   /* valuations declared net of every filter: no step to draw */
    for (int k = 0; k < 5; k++) deducts |= !num_is_zero(&delta[k]);
    OutStr svg = {0};
    if (deducts) {
      out_chart_waterfall(&svg, steps, 7, _("From gross impact to present value"), out_cur(st->currency), R->o);
      page_figure(R->p, out_str_get(&svg), _("From gross impact to present value: what the SROI method deducts, step by step (all valuations of the bilan, over their whole duration)"));
    }
    out_str_free(&svg);
    for (int k = 0; k < 5; k++) num_clear(&delta[k]);
  }
  for (int k = 0; k < 6; k++) num_clear(&lv[k]);
  num_clear(&one);
  num_clear(&t);
  num_clear(&f);
  num_clear(&g);
}

static void named_chart(Report *R, const Named *v, int n, const char *title, const char *currency) {
  if (!n || (n == 1 && !strcmp(v[0].name, "—"))) return;   /* no valuation names its chaîne: nothing to compare */
  ChartItem *items = mem_calloc((size_t)n, sizeof *items);
  if (!items) { R->d.oom = true; return; }
  for (int i = 0; i < n; i++) items[i] = (ChartItem){out_doc_label(&R->d, v[i].name), v[i].missing ? NULL : &v[i].value, false};
  OutStr svg = {0};
  out_chart_bars(&svg, items, n, title, currency, R->o);
  page_figure(R->p, out_str_get(&svg), title);
  out_str_free(&svg);
  free(items);
}

/* ---- the arbre ---- */
typedef void (*LeafFn)(Report *R, const char *family, const Item *it, const Sym *s, int depth);

static const Sym *leaf_sym(const Module *m, const Item *it) {
  const Expr *e = it->leaf;
  if (!e || e->kind != EX_NAME) return NULL;
  Resolved res = sym_resolve(m, NULL, &e->name);
  return res.kind == R_GLOBAL ? res.sym : NULL;
}

/* The arbres of the compilation, in load order (the shared référentiel's first, then the
 * organisation's own), every one: *out is allocated (free it), NULL when there are none. */
static int trees(const Report *R, const Sym ***out) {
  int n = 0;
  *out = NULL;
  for (int pass = 0; pass < 2; pass++) {
    int k = 0;
    for (int m = 0; R->c && m < R->c->nmods; m++)
      for (int i = 0; i < R->c->mods[m]->nsyms; i++)
        if (R->c->mods[m]->syms[i]->kind == S_TREE) {
          if (pass) (*out)[k] = R->c->mods[m]->syms[i];
          k++;
        }
    if (!pass && (!k || !(*out = malloc(sizeof **out * (size_t)k)))) return 0;
    n = k;
  }
  return n;
}

/* A leaf's value as shown: an indicator's total, a valuation's present value. */
static void leaf_value(Report *R, const Sym *s, OutStr *out, bool *money) {
  const IndicatorResult *ind = s ? out_find_ind(R->r, s->name) : NULL;
  const ValuationResult *v = s && !ind ? out_find_val(R->r, s->name) : NULL;
  *money = v != NULL;
  if (ind) {
    const Cell *c = ind_total(ind);
    out_str_display(out, c && !c->missing ? &c->value : NULL, ind->decimals, ind->unit, R->o);
    if (c && !c->missing) out_str_unit_after(out, &c->value, ind->unit, R->o);
  } else if (v) {
    const ValuationRow *row = val_total(v);
    out_str_money(out, row && !row->missing ? &row->present_value : NULL, OUT_MONEY_DECIMALS, out_cur(v->currency), R->o);
  } else out_str_add(out, out_missing(R->o));
}

static void tree_html(Report *R, const Module *m, const ItemList *l, OutStr *h, int depth) {
  out_str_add(h, depth ? "<ul>" : "<ul class=\"tree\">");
  for (int i = 0; i < l->n; i++) {
    const Item *it = l->v[i];
    if (it->kind == IT_NODE) {
      out_str_add(h, "<li><span class=\"family\">");
      page_escape_html(h, it->label);
      out_str_add(h, "</span>");
      tree_html(R, m, &it->children, h, depth + 1);
      out_str_add(h, "</li>");
    } else if (it->kind == IT_LEAF) {
      const Sym *s = leaf_sym(m, it);
      OutStr v = {0};
      bool money;
      leaf_value(R, s, &v, &money);
      out_str_add(h, money ? "<li class=\"leaf money\"><span class=\"name\">" : "<li class=\"leaf\"><span class=\"name\">");
      page_escape_html(h, it->label ? it->label : s && s->decl && s->decl->label ? s->decl->label : s ? s->name : "?");
      out_str_add(h, "</span> <span class=\"value\">");
      page_escape_html(h, out_str_get(&v));
      out_str_add(h, "</span></li>");
      out_str_free(&v);
    }
  }
  out_str_add(h, "</ul>");
}

static void walk_leaves(Report *R, const Module *m, const ItemList *l, const char *family, int depth, LeafFn fn) {
  for (int i = 0; i < l->n; i++) {
    const Item *it = l->v[i];
    if (it->kind == IT_NODE) walk_leaves(R, m, &it->children, depth ? family : it->label, depth + 1, fn);
    else if (it->kind == IT_LEAF) fn(R, family, it, leaf_sym(m, it), depth);
  }
}

static const char *last_family;   /* the family of the previous row (shown once) */

static void key_indicator_row(Report *R, const char *family, const Item *it, const Sym *s, int depth) {
  (void)depth;
  OutStr v = {0};
  bool money;
  leaf_value(R, s, &v, &money);
  page_row_begin(R->p);
  page_cell(R->p, family && family != last_family ? family : "");
  last_family = family;
  page_cell(R->p, it->label ? it->label : s && s->decl && s->decl->label ? s->decl->label : s ? s->name : "?");
  page_cell(R->p, out_str_get(&v));
  page_row_end(R->p);
  out_str_free(&v);
}

static void key_indicators(Report *R) {
  const Sym **t;
  int nt = trees(R, &t);
  if (!nt) return;
  page_heading(R->p, 3, NULL, _("Key indicators"));
  const char *heads[] = {_("Family"), _("Indicator"), _("Value")};
  bool right[] = {false, false, true};
  page_table_begin(R->p, 3, heads, right);
  last_family = NULL;
  for (int i = 0; i < nt; i++) walk_leaves(R, t[i]->mod, &t[i]->decl->items, NULL, 0, key_indicator_row);
  page_table_end(R->p);
  free(t);
}

/* A panel's estimates for the profession, each under its panel's label and its variable. */
static void estimates(Report *R) {
  for (int i = 0; i < R->r->nests; i++) {
    const EstimateResult *e = &R->r->ests[i];
    const char *var = strchr(e->name, '.') ? strchr(e->name, '.') + 1 : e->name;
    OutStr h = {0};
    if (e->label && *e->label) out_str_printf(&h, "%s — ", e->label);
    for (const char *c = var; *c; c++) out_str_addn(&h, *c == '_' ? " " : c, 1);   /* the variable, as words */
    page_heading(R->p, 3, NULL, out_str_get(&h));
    R->d.oom |= h.oom;
    out_str_free(&h);
    out_doc_estimate_sentence(&R->d, e);
  }
}

static void synthese(Report *R) {
  Page *p = R->p;
  page_section_begin(p, "synthese");
  page_heading(p, 2, "synthese", _("Summary"));
  for (int i = 0; i < R->r->nstmts; i++) {
    const StatementResult *st = &R->r->stmts[i];
    page_heading(p, 3, NULL, label_or_name(st->label, st->name));
    key_figures(R, st);
    if (!st->ratio_missing) {
      OutStr s = {0}, v = {0};
      out_str_display(&v, &st->ratio, st->has_decimals ? st->decimals : OUT_RATIO_DECIMALS, "", R->o);   /* 5,62 under 6:1 */
      if (!strcmp(out_cur(st->currency), "€"))
        out_str_printf(&s, _("Each euro spent produced %s € of social value, counted over the duration of each effect and discounted."), out_str_get(&v));
      else
        out_str_printf(&s, _("Each %s spent produced %s %s of social value, counted over the duration of each effect."), out_cur(st->currency),
                       out_str_get(&v), out_cur(st->currency));
      para_text(p, false, out_str_get(&s));
      out_str_free(&s);
      out_str_free(&v);
    }
    out_doc_statement_notes(&R->d, st);
    waterfall(R, st);
    page_html(p, "<div class=\"side2\">");
    named_chart(R, st->by_stakeholder, st->nstakeholders, _("Value by stakeholder"), out_cur(st->currency));
    named_chart(R, st->by_chain, st->nchains, _("Value by chaîne"), out_cur(st->currency));
    page_html(p, "</div>");
  }
  estimates(R);
  if (!R->r->nstmts && !R->r->nests) para_text(p, true, _("The script declares no bilan: the report gives its indicators."));
  key_indicators(R);
  page_section_end(p);
}

/* ---- maps ---- */
static void map_table(Report *R, const IndicatorResult *ind, TerrLevel lv) {
  const char *heads[] = {lv == TERR_REGION ? _("Région") : _("Département"), _("Value")};
  bool right[] = {false, true};
  page_table_begin(R->p, 2, heads, right);
  for (int r = 0; r < ind->nrows; r++) {
    const ResultRow *row = &ind->rows[r];
    char name[160];
    page_row_begin(R->p);
    if (!row->key) page_cell(R->p, _("All together"));
    else if (!row->key[0]) page_cell(R->p, out_word(R->o, "not given"));
    else {
      territory_display(lv, row->key[0], strlen(row->key[0]), name, sizeof name);
      page_cell(R->p, name);
    }
    cell_display(R->p, row->cell.missing ? NULL : &row->cell.value, ind->decimals, ind->unit, R->o);
    page_row_end(R->p);
  }
  page_table_end(R->p);
}

static void maps(Report *R) {
  int n = 0;
  TerrLevel lv;
  for (int i = 0; i < R->r->ninds; i++) n += out_map_level(&R->r->inds[i], &lv);
  if (!n) return;
  page_section_begin(R->p, "maps");
  page_heading(R->p, 2, "cartes", n == 1 ? _("Map") : _("Maps"));
  for (int i = 0; i < R->r->ninds; i++) {
    const IndicatorResult *ind = &R->r->inds[i];
    if (!out_map_level(ind, &lv)) continue;
    const char *title = label_or_name(ind->label, ind->name);
    page_heading(R->p, 3, NULL, title);
    OutStr svg = {0};
    out_map(&svg, ind, title, R->o);
    page_html(R->p, "<div class=\"side\">");
    page_figure(R->p, out_str_get(&svg), lv == TERR_REGION ? _("By région") : _("By département"));
    out_str_free(&svg);
    map_table(R, ind, lv);
    page_html(R->p, "</div>");
  }
  page_section_end(R->p);
}

/* ---- the arbre drawn ---- */
static void arbre(Report *R) {
  const Sym **t;
  int nt = trees(R, &t);
  if (!nt) return;
  page_section_begin(R->p, "arbre");
  page_heading(R->p, 2, "arbre", _("The tree of social value"));
  para_text(R->p, true, _("Families of social value, and each indicator or valuation with its value (valuations, in €, are marked €)."));
  for (int i = 0; i < nt; i++) {
    if (nt > 1) page_heading(R->p, 3, NULL, label_or_name(t[i]->decl->label, t[i]->name));
    OutStr h = {0};
    tree_html(R, t[i]->mod, &t[i]->decl->items, &h, 0);
    page_html(R->p, out_str_get(&h));
    out_str_free(&h);
  }
  page_section_end(R->p);
  free(t);
}

/* ---- the detail ---- */
typedef struct Seen { const char **names; int n, cap; } Seen;

static bool seen(Seen *s, const char *name) {
  for (int i = 0; i < s->n; i++) if (!strcmp(s->names[i], name)) return true;
  if (s->n == s->cap) {
    int cap = s->cap ? 2 * s->cap : 64;
    const char **v = mem_realloc(s->names, sizeof *v * (size_t)cap);
    if (!v) return true;
    s->names = v;
    s->cap = cap;
  }
  s->names[s->n++] = name;
  return false;
}

static Seen *detail_seen;   /* the names already detailed (one report at a time) */

static bool detail_seen_has(const char *name) {
  for (int i = 0; i < detail_seen->n; i++) if (!strcmp(detail_seen->names[i], name)) return true;
  return false;
}
static const char *detail_family;

static void detail_heading(Report *R, const char *label, const char *name, const char *unit, const char *desc) {
  page_heading(R->p, 4, NULL, label_or_name(label, name));
  OutStr s = {0};
  out_str_add(&s, name);
  if (unit && *unit) out_str_add(&s, " · "), out_str_unit(&s, unit);
  para_text(R->p, true, out_str_get(&s));
  out_str_free(&s);
  if (desc) para_text(R->p, false, desc);
}

static bool broken_down(const Report *R, const char *name) {
  const IndicatorResult *ind = out_find_ind(R->r, name);
  const ValuationResult *v = ind ? NULL : out_find_val(R->r, name);
  return ind ? ind->by.ndims > 0 : v ? v->by.ndims > 0 || (val_total(v) && val_total(v)->nyears > 1) : false;
}

static void detail_one(Report *R, const Sym *s) {
  if (!s || seen(detail_seen, s->name)) return;
  const IndicatorResult *ind = out_find_ind(R->r, s->name);
  const ValuationResult *v = ind ? NULL : out_find_val(R->r, s->name);
  if (ind) {
    detail_heading(R, ind->label, ind->name, ind->unit, str_field(s, F_DESCRIPTION));
    out_doc_indicator_table(&R->d, ind);
  } else if (v) {
    detail_heading(R, v->label, v->name, out_cur(v->currency), str_field(s, F_DESCRIPTION));
    out_doc_valuation_table(&R->d, v);
  }
  out_doc_flush(&R->d);
}

/* A family's results: first those that are one value each, in one table (label, name,
 * value), then each broken-down one with its own table. */
static const Sym **family_single;   /* grows; freed at the end of the detail */
static int family_nsingle, family_cap;

static void flush_singles(Report *R) {
  if (!family_nsingle) return;
  int singles = 0;
  for (int i = 0; i < family_nsingle; i++) singles += !broken_down(R, family_single[i]->name);
  const char *heads[] = {_("Indicator"), _("Value")};
  bool right[] = {false, true};
  if (singles) page_table_begin(R->p, 2, heads, right);
  for (int i = 0; i < family_nsingle; i++) {
    const Sym *s = family_single[i];
    if (broken_down(R, s->name)) continue;
    const IndicatorResult *ind = out_find_ind(R->r, s->name);
    const ValuationResult *v = ind ? NULL : out_find_val(R->r, s->name);
    OutStr val = {0};
    bool money;
    leaf_value(R, s, &val, &money);
    page_row_begin(R->p);
    page_cell_begin(R->p);
    page_text(R->p, label_or_name(ind ? ind->label : v ? v->label : NULL, s->name));
    page_text(R->p, " ");
    page_code(R->p, s->name);
    page_cell_end(R->p);
    page_cell(R->p, out_str_get(&val));
    page_row_end(R->p);
    out_str_free(&val);
  }
  if (singles) page_table_end(R->p);
  for (int i = 0; i < family_nsingle; i++)
    if (broken_down(R, family_single[i]->name)) detail_one(R, family_single[i]);
  family_nsingle = 0;
}

static void detail_item(Report *R, const Sym *s) {
  if (!s || (!out_find_ind(R->r, s->name) && !out_find_val(R->r, s->name))) return;
  for (int i = 0; i < family_nsingle; i++) if (family_single[i] == s) return;
  if (broken_down(R, s->name) ? detail_seen_has(s->name) : seen(detail_seen, s->name)) return;
  if (family_nsingle == family_cap) {
    int cap = family_cap ? 2 * family_cap : 64;
    const Sym **v = realloc(family_single, sizeof *v * (size_t)cap);
    if (!v) return;
    family_single = v;
    family_cap = cap;
  }
  family_single[family_nsingle++] = s;
}

static void detail_leaf(Report *R, const char *family, const Item *it, const Sym *s, int depth) {
  (void)it;
  (void)depth;
  if (family && family != detail_family) {
    flush_singles(R);
    page_heading(R->p, 3, NULL, family);
    detail_family = family;
  }
  detail_item(R, s);
}

static void detail(Report *R) {
  Seen s = {0};
  detail_seen = &s;
  detail_family = NULL;
  page_section_begin(R->p, "detail");
  page_heading(R->p, 2, "detail", _("Detailed results"));
  const Sym **t;
  int nt = trees(R, &t);
  for (int i = 0; i < nt; i++) walk_leaves(R, t[i]->mod, &t[i]->decl->items, NULL, 0, detail_leaf);
  free(t);
  flush_singles(R);
  bool titled = false;
  for (int i = 0; i < R->r->ninds + R->r->nvals; i++) {
    const Sym *sym = i < R->r->ninds ? R->r->inds[i].sym : R->r->vals[i - R->r->ninds].sym;
    const char *name = i < R->r->ninds ? R->r->inds[i].name : R->r->vals[i - R->r->ninds].name;
    bool done = false;
    for (int k = 0; k < s.n; k++) done |= !strcmp(s.names[k], name);
    for (int k = 0; k < family_nsingle; k++) done |= !strcmp(family_single[k]->name, name);
    if (done || !sym) continue;
    if (!titled) { page_heading(R->p, 3, NULL, nt ? _("Other indicators and valuations") : _("Indicators and valuations")); titled = true; }
    detail_item(R, sym);
  }
  flush_singles(R);
  if (R->r->ncosts) {
    page_heading(R->p, 3, NULL, _("Costs"));
    const char *heads[] = {_("Cost"), _("Amount")};
    bool right[] = {false, true};
    page_table_begin(R->p, 2, heads, right);
    for (int i = 0; i < R->r->ncosts; i++) {
      const CostResult *c = &R->r->costs[i];
      page_row_begin(R->p);
      page_cell(R->p, label_or_name(c->label, c->name));
      OutStr a = {0};
      out_str_money(&a, c->missing ? NULL : &c->amount, OUT_MONEY_DECIMALS, out_cur(c->currency), R->o);
      page_cell(R->p, out_str_get(&a));
      out_str_free(&a);
      page_row_end(R->p);
    }
    page_table_end(R->p);
  }
  page_section_end(R->p);
  free(s.names);
  free(family_single);
  family_single = NULL;
  family_cap = 0;
  detail_seen = NULL;
}

/* ---- contrôles ---- */
static void check_text(Report *R, const CheckResult *c, OutStr *s) {
  if (c->passed) {
    if (c->rows_checked) {
      Num n = NUM_INIT;
      OutStr v = {0};
      num_set_long(&n, c->rows_checked);
      out_str_display(&v, &n, 0, "", R->o);
      out_str_printf(s, _("every row checked (%s) meets the condition"), out_str_get(&v));
      out_str_free(&v);
      num_clear(&n);
    } else out_str_compared(s, c, R->o, true);
    return;
  }
  if (c->nfirst) {
    out_str_printf(s, _("%ld failing rows out of %ld; the first: "), c->failures, c->rows_checked);
    for (int i = 0; i < c->nfirst; i++) {
      bool same = i > 0 && c->first[i].path && c->first[i - 1].path && !strcmp(c->first[i].path, c->first[i - 1].path);
      if (same) out_str_printf(s, ", %ld", c->first[i].line);
      else out_str_printf(s, _("%s%s line %ld"), i ? "; " : "", c->first[i].path ? c->first[i].path : "?", c->first[i].line);
    }
  } else out_str_compared(s, c, R->o, true);
}

static void checks(Report *R) {
  if (!R->r->nchecks) return;
  page_section_begin(R->p, "checks");
  page_heading(R->p, 2, "controles", _("Checks"));
  int failed = 0;
  for (int i = 0; i < R->r->nchecks; i++) failed += !R->r->checks[i].passed;
  OutStr s = {0};
  if (failed) out_str_printf(&s, _("%d of %d checks failed: the figures they concern are to be read with care."), failed, R->r->nchecks);
  else out_str_printf(&s, _("All %d checks passed."), R->r->nchecks);
  para_text(R->p, false, out_str_get(&s));
  out_str_free(&s);
  const char *heads[] = {_("Check"), _("Result"), _("Detail")};
  page_table_begin(R->p, 3, heads, NULL);
  for (int i = 0; i < R->r->nchecks; i++) {
    const CheckResult *c = &R->r->checks[i];
    page_row_begin(R->p);
    page_cell_begin(R->p);
    page_text(R->p, label_or_name(c->label, c->name));
    page_cell_end(R->p);
    page_cell_begin(R->p);
    if (c->passed) page_text(R->p, _("✓ passed"));
    else page_badge(R->p, _("failed"));
    page_cell_end(R->p);
    check_text(R, c, &s);
    page_cell(R->p, out_str_get(&s));
    out_str_free(&s);
    page_row_end(R->p);
  }
  page_table_end(R->p);
  page_section_end(R->p);
}

/* ---- annex and method ---- */
static void annex(Report *R) {
  page_section_begin(R->p, "annex");
  page_heading(R->p, 2, "annexe", _("Annex: parameters and sources"));
  if (R->r->nparams) {
    para_text(R->p, false, _("The value of each parameter used on the evaluation date, the date it applies from, and its source."));
    const char *heads[] = {_("Parameter"), _("Value"), _("In force since"), _("Source")};
    bool right[] = {false, true, true, false};   /* dates right-aligned, never cut */
    page_table_begin(R->p, 4, heads, right);
    for (int i = 0; i < R->r->nparams; i++) {
      const ParamUse *u = &R->r->params[i];
      const Sym *s = u->sym;
      char day[64];
      page_row_begin(R->p);
      page_cell_begin(R->p);
      page_text(R->p, label_or_name(s && s->decl ? s->decl->label : NULL, u->name));
      page_cell_end(R->p);
      if (u->row_dependent) page_cell(R->p, out_word(R->o, "per row"));
      else cell_display(R->p, u->missing ? NULL : &u->value, out_own_decimals(&u->value), u->unit ? u->unit : "", R->o);
      page_cell_begin(R->p);
      if (u->missing) {
        OutStr note = {0};
        out_param_note(&note, u, R->o);
        page_text(R->p, out_str_get(&note));
        out_str_free(&note);
      } else
        page_text(R->p, u->overridden ? _("set by the scénario") : u->since ? intl_date(day, sizeof day, u->since, R->o->french ? INTL_DATE_SHORT : INTL_DATE_ISO) : _("always"));
      page_cell_end(R->p);
      const char *src = str_field(u->local ? u->local : s, F_SOURCE);
      page_cell_begin(R->p);
      if (src) page_text(R->p, src);
      else page_badge(R->p, _("source missing"));
      if (u->local) {   /* the référentiel's value beside the local one */
        OutStr note = {0};
        out_str_add(&note, " — ");
        out_param_note(&note, u, R->o);
        page_text(R->p, out_str_get(&note));
        out_str_free(&note);
      }
      page_cell_end(R->p);
      page_row_end(R->p);
    }
    page_table_end(R->p);
  }
  if (R->r->ntables) {
    page_heading(R->p, 3, NULL, _("Data files"));
    para_text(R->p, false, _("The files read, their rows and their SHA-256 fingerprint: the same fingerprint means the same file, to the byte."));
    data_files(R, true);
  }
  page_section_end(R->p);
}

static void method(Report *R) {
  Page *p = R->p;
  page_section_begin(p, "method");
  page_heading(p, 2, "methode", _("Method"));
  para_text(p, false, _("Each valuation follows the SROI method (Social Return on Investment): a quantity of outcomes, valued with a financial proxy, less what would have happened anyway, what others contributed and what was merely displaced, over a duration, declining each year, and discounted."));
  page_list_begin(p);
  static const char *const lines[] = {
    N_("impact of year 1 = quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution)"),
    N_("impact of year n = impact of year n−1 × (1 − drop-off)"),
    N_("present value = Σ impact of year n ÷ (1 + discount rate)^n, year 1 discounted"),
    N_("SROI ratio of a bilan = Σ present values ÷ Σ costs; net value = Σ present values − Σ costs"),
  };
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) { page_item_begin(p); page_code(p, _(lines[i])); page_item_end(p); }
  page_list_end(p);
  page_heading(p, 3, NULL, _("Conventions"));
  page_list_begin(p);
  OutStr s = {0};
  char day[64];
  out_str_printf(&s, _("Parameters take the value in force on %s (the evaluation date)."), intl_date(day, sizeof day, R->r->date, R->o->french ? INTL_DATE_LONG : INTL_DATE_ISO));
  page_item_begin(p); page_text(p, out_str_get(&s)); page_item_end(p);
  out_str_free(&s);
  page_item_begin(p);
  page_text(p, _("Every computation is exact (no floating point); figures are rounded only when shown: money to the cent, ratios to two decimals."));
  page_item_end(p);
  page_item_begin(p);
  page_text(p, R->o->rounding == NUM_HALF_EVEN ? _("Rounding for display: half to even.") : _("Rounding for display: half away from zero, as in accounting."));
  page_item_end(p);
  page_item_begin(p);
  page_text(p, _("A missing value (an empty cell, a division by zero) stays missing and is shown as such; it is never counted as zero."));
  page_item_end(p);
  bool declared = false;
  for (int i = 0; i < R->r->nstmts; i++) declared |= R->r->stmts[i].declared;
  if (declared) {
    page_item_begin(p);
    page_text(p, _("A bilan that declares other conventions (discounting, filters, drop-off, ratio) states them in the summary, and its figures follow them."));
    page_item_end(p);
  }
  page_item_begin(p);
  page_text(p, _("Charts and maps show the rounded figures of the tables; map classes hold equal numbers of territories."));
  page_item_end(p);
  page_list_end(p);
  page_section_end(p);
}

bool out_report(OutDoc *d, const EvalResult *r, const OutOptions *o) {
  Report R = {.r = r, .o = o, .c = r->comp};
  out_doc_start(&R.d, r, o);
  R.d.report = true;
  R.p = &R.d.page;
  cover(&R);
  synthese(&R);
  maps(&R);
  arbre(&R);
  detail(&R);
  out_doc_methods(&R.d, r);
  checks(&R);
  annex(&R);
  method(&R);
  bool ok = out_doc_finish(&R.d);
  *d = R.d;
  return ok;
}
