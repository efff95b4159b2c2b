/* explain.c — `pvs explain`: how one value was computed. Evaluates the script like
 * `pvs eval`, then walks the compiled expression of the named declaration and prints every
 * input with its value and origin: aggregates with their table, file, rows read, rows kept
 * by the filter and missing values skipped; parameters with the value in force, the date it
 * applies from and its source; referenced indicators; for a valuation the SROI arithmetic
 * year by year; for a bilan its terms; per group when the declaration has a breakdown.
 * With --plan: how many times each data file was read, and why (eval_explain_plan). */
#include "chk.h"
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

typedef struct Ex { Plan *p; FILE *out; const char *group; char days[2][32]; } Ex;

/* A date as the reader writes it (31/12/2024 in French), in buffer slot 0 or 1. */
static const char *day(Ex *x, int slot, const char *iso) {
  return intl_date(x->days[slot], sizeof x->days[slot], iso, intl_date_form(INTL_DATE_SHORT));
}

/* The source text of e on one line (newlines as spaces), whole: an arena copy. */
static const char *src_text(Ex *x, const Expr *e) {
  size_t len;
  const char *t = diag_source_text(x->p->d, e->loc.file, &len);
  size_t n = e->loc.end > e->loc.start ? e->loc.end - e->loc.start : 0;
  if (!t || e->loc.end > len) n = 0;
  char *buf = arena_strndup(x->p->a, n ? t + e->loc.start : "", n);
  for (char *c = buf; *c; c++) if (*c == '\n') *c = ' ';
  return buf;
}

/* file:line of loc, the file as readers know it: a module of the installed référentiel is
 * "stdlib/NAME.pvs", never the machine's path. */
static void where(Ex *x, Loc loc) {
  int line, col;
  diag_linecol(x->p->d, loc.file, loc.start, &line, &col);
  const char *path = diag_source_path(x->p->d, loc.file);
  for (int i = 0; i < x->p->c->nmods; i++)
    if (x->p->c->mods[i]->shown && !strcmp(x->p->c->mods[i]->path, path)) { path = x->p->c->mods[i]->shown; break; }
  fprintf(x->out, "%s:%d", path, line);
}

/* n written at `decimals` as the reader writes numbers: 1 234,57 in French, 1234.57 otherwise
 * (an arena copy). */
static const char *fixed_text(Ex *x, const Num *n, int decimals) {
  size_t (*fmt)(char *, size_t, const Num *, int, NumRound) = intl_french() ? num_fmt_fr : num_fmt_fixed;
  size_t len = fmt(NULL, 0, n, decimals, NUM_HALF_UP);
  char *a = arena_alloc(x->p->a, len + 1);
  fmt(a, len + 1, n, decimals, NUM_HALF_UP);
  return a;
}

/* An exact value: a decimal as the reader writes it (0,25 in French), a fraction as a/b. */
static const char *exact_text(Ex *x, const Num *n) {
  int d = num_decimals(n);
  return d >= 0 && d <= 60 ? fixed_text(x, n, d) : ev_num_text(x->p, n);
}

static void put_value(Ex *x, const Value *v) {
  switch (v->k) {
  case V_NUM: fputs(exact_text(x, &v->n), x->out); break;
  case V_BOOL: fputs(v->b ? "vrai" : "faux", x->out); break;
  case V_TEXT: fprintf(x->out, "\"%.*s\"", (int)v->len, v->s); break;
  case V_DATE: fprintf(x->out, "%04ld-%02ld-%02ld", v->date / 10000, v->date / 100 % 100, v->date % 100); break;
  default: fputs(_("(missing)"), x->out);
  }
}

/* A value rounded for display, its unit, then its exact value when rounding changed it. */
static void put_num_unit(Ex *x, const Num *n, int decimals, const char *unit) {
  Num r;
  num_init(&r);
  num_round(&r, n, decimals, NUM_HALF_UP);
  fprintf(x->out, "%s%s%s", fixed_text(x, n, decimals), *unit ? " " : "", unit);
  if (num_cmp(&r, n)) fprintf(x->out, _(" (exact %s)"), exact_text(x, n));
  num_clear(&r);
}

static void put_num(Ex *x, const Num *n, int decimals) { put_num_unit(x, n, decimals, ""); }

/* ---- inputs of an expression ---- */
typedef struct Inputs { const ENode **v; int n, cap; Arena *a; } Inputs;

static bool same_input(const ENode *a, const ENode *b) {
  if (a->k != b->k) return false;
  switch (a->k) {
  case N_AGG: return a->slot == b->slot;
  case N_IND: return a->ind == b->ind;
  default: return a->sym == b->sym;
  }
}

/* A parameter as compiled: a constant, or (selon a column) an expression of the row. */
static bool is_param(const ENode *n) { return n->sym && n->sym->kind == S_PARAM; }

static bool collect_kid(const ENode *n, void *ctx);

static void collect(const ENode *n, Inputs *in) {
  if (!n) return;
  bool input = n->k == N_AGG || n->k == N_IND || n->k == N_VALUATION || n->k == N_COST || is_param(n);
  if (!input) { ev_each_kid(n, collect_kid, in); return; }
  for (int i = 0; i < in->n; i++) if (same_input(in->v[i], n)) return;
  ARENA_PUSH(in->a, in->v, in->n, in->cap, n);
}

static bool collect_kid(const ENode *n, void *ctx) { collect(n, ctx); return true; }

static const char *param_source(const Sym *s) {
  Item *it = schema_find(s->decl, F_SOURCE);
  return it && it->values.n && it->values.v[0]->value->kind == EX_STR ? it->values.v[0]->value->str : NULL;
}

static void explain_inputs(Ex *x, const Inputs *in);

static void explain_agg(Ex *x, const Slot *s) {
  TablePlan *tp = s->tp;
  fprintf(x->out, _("      table %s, file %s: %ld rows read"), tp->sym->name, tp->path, tp->rows_read);
  if (s->filter) fprintf(x->out, _(", %ld kept by the filter"), s->total.rows);
  if (s->ekind) fprintf(x->out, _(", %ld values"), s->total.n);
  if (s->total.missing) fprintf(x->out, _(", %ld missing values skipped"), s->total.missing);
  fputc('\n', x->out);
  Inputs in = {.a = x->p->a};   /* parameters and indicators its rows use */
  collect(s->filter, &in);
  collect(s->expr, &in);
  if (in.n) explain_inputs(x, &in);
}

/* Which value was used when a surcharge gives local ones, and the référentiel's beside it. */
static void explain_local(Ex *x, const ParamUse *u, const char *indent) {
  fprintf(x->out, _("%sthe local value was used: surcharge at "), indent);
  where(x, u->local->loc);
  fprintf(x->out, _("; source: %s\n"), u->local_source ? u->local_source : _("(none given)"));
  fprintf(x->out, _("%sréférentiel value on %s (not used): "), indent, day(x, 0, x->p->res->date));
  if (u->ref_missing) fputs(_("none"), x->out);
  else if (u->ref_row_dependent) fputs(u->ref_text ? u->ref_text : _("depends on each row"), x->out);
  else put_num(x, &u->ref_value, 4);
  if (u->ref_since && !u->ref_missing) fprintf(x->out, _(" since %s"), day(x, 1, u->ref_since));
  fputc('\n', x->out);
}

static void explain_param(Ex *x, const Sym *s) {
  EvalResult *r = x->p->res;
  bool local = false;
  for (int i = 0; i < r->nparams; i++) {
    if (r->params[i].sym != s) continue;
    ParamUse *u = &r->params[i];
    local = u->local && !u->overridden;
    if (u->overridden) fprintf(x->out, _("      value set by the scénario %s\n"), r->scenario);
    else if (u->missing && u->first_since)
      fprintf(x->out, _("      no value in force on %s (the first is since %s): what uses it is left empty\n"), day(x, 0, r->date),
              day(x, 1, u->first_since));
    else if (u->missing) fprintf(x->out, _("      no value in force on %s: what uses it is left empty\n"), day(x, 0, r->date));
    else if (u->since) fprintf(x->out, _("      value in force on %s: the one since %s\n"), day(x, 0, r->date), day(x, 1, u->since));
    else fprintf(x->out, _("      undated value\n"));
    if (local) explain_local(x, u, "      ");
  }
  const char *src = param_source(s);
  if (local) fprintf(x->out, _("      référentiel source: %s\n"), src ? src : _("(none given)"));
  else fprintf(x->out, _("      source: %s\n"), src ? src : _("(none given)"));
}

/* The `valeur:` lines of a paramètre or a surcharge, as written. */
static void explain_values(Ex *x, const Decl *d, const char *indent) {
  if (d->formula) fprintf(x->out, _("%svalue: %s\n"), indent, src_text(x, d->formula));
  for (int n = 0;; n++) {
    Item *it = schema_find_nth(d, F_VALUE, n);
    if (!it) break;
    for (int j = 0; j < it->values.n; j++) {
      fprintf(x->out, _("%svalue: %s"), indent, src_text(x, it->values.v[j]->value));
      if (it->values.v[j]->since) fprintf(x->out, _(" since %s"), day(x, 0, it->values.v[j]->since->str));
      fputc('\n', x->out);
    }
  }
}

static void explain_inputs(Ex *x, const Inputs *in) {
  for (int i = 0; i < in->n; i++) {
    const ENode *n = in->v[i];
    if (is_param(n) && n->k != N_CONST) {   /* selon a column: one value per row */
      fprintf(x->out, _("    %s: depends on each row   (parameter, "), n->sym->name);
      where(x, n->sym->loc);
      fputs(")\n", x->out);
      explain_param(x, n->sym);
      continue;
    }
    Value v = {0};
    ev_eval(x->p, n, GID_TOTAL, &v);
    fprintf(x->out, "    %s = ", n->src ? src_text(x, n->src) : n->sym ? n->sym->name : "?");
    put_value(x, &v);
    ev_value_clear(&v);
    switch (n->k) {
    case N_AGG: fputc('\n', x->out); explain_agg(x, n->slot); break;
    case N_IND: fprintf(x->out, _("   (indicator; explain it with: pvs explain %s %s)\n"), x->p->c->main->path, n->ind->sym->name); break;
    case N_CONST: fprintf(x->out, _("   (parameter %s, "), n->sym->name); where(x, n->sym->loc); fputs(")\n", x->out); explain_param(x, n->sym); break;
    case N_VALUATION: fprintf(x->out, _("   (present value of valuation %s)\n"), n->sym->name); break;
    default: fprintf(x->out, _("   (cost %s)\n"), n->sym->name); break;
    }
  }
}

/* A group as a person reads it: its values joined by " / ", territories by name ("Lille
 * (59350)"), "not given" for a missing one. `key` holds the values joined by \x1f. */
static void put_group(Ex *x, const TerrLevel *levels, int ndims, const char *key) {
  for (int d = 0; d < ndims; d++) {
    size_t n = strcspn(key, "\x1f");
    char buf[256];
    if (!n) fputs(_("not given"), x->out);
    else if (territory_display(levels ? levels[d] : TERR_OTHER, key, n, buf, sizeof buf) < sizeof buf) fputs(buf, x->out);
    else fprintf(x->out, "%.*s", (int)n, key);
    key += n + (key[n] != 0);
    if (d + 1 < ndims) fputs(" / ", x->out);
  }
}

/* One line per group: the inputs, then the result. */
static void explain_groups(Ex *x, const GroupSpace *gs, const Inputs *in, const ENode *result, bool percent) {
  if (!gs) return;
  int *ids = ev_sorted_groups(x->p, gs);
  fprintf(x->out, _("  by %s:\n"), gs->sig);
  for (int i = 0; i < gs->nkeys; i++) {
    const char *key = gs->keys[ids[i]];
    if (x->group && strcmp(key, x->group)) continue;
    fputs("    ", x->out);
    put_group(x, gs->levels, gs->ndims, key);
    fputc(':', x->out);
    for (int k = 0; k < in->n; k++) {
      Value v = {0};
      ev_eval(x->p, in->v[k], ids[i], &v);
      fputs(k ? "; " : " ", x->out);
      put_value(x, &v);
      ev_value_clear(&v);
    }
    Value v = {0};
    ev_eval(x->p, result, ids[i], &v);
    Cell c;
    ev_cell(&v, percent, &c);
    fputs(" → ", x->out);
    if (c.missing) fputs(_("(missing)"), x->out); else put_num(x, &c.value, 2);
    num_clear(&c.value);
    ev_value_clear(&v);
    fputc('\n', x->out);
  }
}

/* A formula folded to a constant (parameters and literals only) keeps no parameter node:
 * the parameters it names, with the value used and where it comes from. */
typedef struct Folded { Ex *x; const Module *m; const Sym **seen; int n, cap; } Folded;
static bool folded_param(const Expr *e, void *ctx) {
  Folded *f = ctx;
  if (e->kind != EX_NAME) return ast_each_child(e, folded_param, ctx);
  Resolved r = {.kind = e->ann.kind == ANN_GLOBAL ? R_GLOBAL : R_NONE, .sym = e->ann.sym};   /* as the checker resolved it */
  if (r.kind != R_GLOBAL || r.sym->kind != S_PARAM) return true;
  for (int i = 0; i < f->n; i++) if (f->seen[i] == r.sym) return true;
  ARENA_PUSH(f->x->p->a, f->seen, f->n, f->cap, r.sym);
  const EvalResult *res = f->x->p->res;
  for (int i = 0; i < res->nparams; i++) {
    const ParamUse *u = &res->params[i];
    if (u->sym != r.sym) continue;
    fprintf(f->x->out, "    %s = ", r.sym->name);
    if (u->missing) fputs(_("(missing)"), f->x->out);
    else if (u->row_dependent) fputs(_("depends on each row"), f->x->out);
    else put_num(f->x, &u->value, 4);
    fputs(_("   (parameter, "), f->x->out);
    where(f->x, r.sym->loc);
    fputs(")\n", f->x->out);
  }
  explain_param(f->x, r.sym);
  return true;
}

static void explain_folded(Ex *x, const Module *m, const Expr *e) {
  Folded f = {x, m, NULL, 0, 0};
  if (!e) return;
  fputs(_("  inputs (totals):\n"), x->out);
  folded_param(e, &f);
}

static void explain_indicator(Ex *x, Sym *s) {
  IndPlan *ip = s->eval;
  IndicatorResult *ir = NULL;
  for (int i = 0; i < x->p->res->ninds; i++) if (x->p->res->inds[i].sym == s) ir = &x->p->res->inds[i];
  fprintf(x->out, _("indicator %s \"%s\" (%s)  "), s->name, s->decl->label ? s->decl->label : "", ir && *ir->unit ? ir->unit : "-");
  where(x, s->loc);
  fprintf(x->out, _("\n  formula: %s\n"), src_text(x, ip->formula->src ? ip->formula->src : s->decl->formula));
  if (ir) {
    fputs(_("  value (total): "), x->out);
    const Cell *c = &ir->rows[ir->nrows - 1].cell;
    if (c->missing) fputs(_("(missing)"), x->out); else put_num_unit(x, &c->value, ir->decimals, ir->unit);
    fputc('\n', x->out);
  }
  Inputs in = {.a = x->p->a};
  collect(ip->formula, &in);
  if (in.n) fputs(_("  inputs (totals):\n"), x->out);
  explain_inputs(x, &in);
  if (!in.n && ip->formula->k == N_CONST) explain_folded(x, s->mod, ip->formula->src ? ip->formula->src : s->decl->formula);
  explain_groups(x, ip->gs, &in, ip->formula, ev_percent_unit(s));
}

static void explain_valuation(Ex *x, Sym *s) {
  ValPlan *vp = s->eval;
  ValuationResult *vr = NULL;
  for (int i = 0; i < x->p->res->nvals; i++) if (x->p->res->vals[i].sym == s) vr = &x->p->res->vals[i];
  fprintf(x->out, _("valuation %s \"%s\"  "), s->name, s->decl->label ? s->decl->label : "");
  where(x, s->loc);
  fputc('\n', x->out);
  Inputs in = {.a = x->p->a};
  if (vp->quantity) { fprintf(x->out, _("  quantity Q: %s\n"), src_text(x, vp->quantity->src)); collect(vp->quantity, &in); }
  if (vp->proxy) { fprintf(x->out, _("  proxy P: %s\n"), src_text(x, vp->proxy->src)); collect(vp->proxy, &in); }
  if (in.n) fputs(_("  inputs (totals):\n"), x->out);
  explain_inputs(x, &in);
  static const char *names[R__COUNT] = {N_("deadweight d"), N_("attribution a"), N_("displacement s"), N_("drop-off o"), N_("discount rate r")};
  for (int r = 0; r < R__COUNT; r++) { fprintf(x->out, "  %s = ", _(names[r])); put_num(x, &vp->rate[r], 4); fputc('\n', x->out); }
  if (vp->tl.period == 1 && vp->tl.start == 1 && !vp->tl.cohorts && vp->tl.duration > 0)
    fprintf(x->out, _("  duration N = %ld year(s)\n"), vp->years);
  else
    fprintf(x->out, vp->tl.duration > 0 ? _("  timeline: period %d year(s), first value in year %d, %s, each lasting %d year(s); "
                                            "%ld year(s) in all\n")
                                        : _("  timeline: period %d year(s), first value in year %d, %s, lasting until %d year(s) "
                                            "after the period; %ld year(s) in all\n"),
            vp->tl.period, vp->tl.start, vp->tl.cohorts ? _("a cohort of Q each year of the period") : _("one cohort"),
            vp->tl.duration > 0 ? vp->tl.duration : vp->tl.after, vp->years);
  fputs(_("  impact(1) = Q × P × (1 − d) × (1 − s) × (1 − a); impact(n) = impact(n−1) × (1 − o);\n"
          "  PV = Σ impact(n) / (1 + r)^n, year 1 discounted\n"), x->out);
  for (int i = 0; vr && i < vr->nrows; i++) {
    ValuationRow *row = &vr->rows[i];
    bool total = !row->key;
    const char *k0 = total ? NULL : row->key[0] ? row->key[0] : "";
    if (x->group && (total || strcmp(k0, x->group))) continue;
    if (!total) {
      fputs("  [", x->out);
      put_group(x, vr->by.levels, 1, k0);
      fputs("]\n", x->out);
    }
    if (row->missing) { fputs(_("    (missing: the quantity or the proxy has no value)\n"), x->out); continue; }
    fputs("    Q = ", x->out); put_num(x, &row->quantity, 4);
    fputs(", P = ", x->out); put_num(x, &row->proxy, 2); fputc('\n', x->out);
    for (int y = 0; y < row->nyears; y++) {
      fprintf(x->out, _("    year %d: impact "), y + 1); put_num(x, &row->impact[y], 2);
      fputs(_(", discounted "), x->out); put_num(x, &row->discounted[y], 2); fputc('\n', x->out);
    }
    fputs(_("    present value PV = "), x->out); put_num(x, &row->present_value, 2); fputc('\n', x->out);
    for (int k = 0; k < row->nshares; k++) {
      fprintf(x->out, _("    share of %s = PV × "), row->shares[k].stakeholder);
      put_num(x, &vp->shares[k], 4); fputs(" = ", x->out); put_num(x, &row->shares[k].value, 2); fputc('\n', x->out);
    }
  }
}

static void explain_shares(Ex *x, const StatementResult *st);

/* A bilan's totals (costs_label: how its costs are named), net value, ratio, then its parts. */
static void explain_totals(Ex *x, const StatementResult *st, const char *costs_label, int ratio_decimals) {
  bool npv_missing = st->present_value_missing || st->costs_missing;
  fputs(_("  total present value = "), x->out);
  if (st->present_value_missing) fputs(_("(missing)"), x->out); else put_num(x, &st->present_value, 2);
  fputs(costs_label, x->out);
  if (st->costs_missing) fputs(_("(missing)"), x->out); else put_num(x, &st->costs, 2);
  fputs(_("\n  net present value = PV − costs = "), x->out);
  if (npv_missing) fputs(_("(missing)"), x->out); else put_num(x, &st->net_present_value, 2);
  fputs(_("\n  SROI ratio = PV / costs = "), x->out);
  if (npv_missing) fputs(_("(missing)"), x->out);
  else if (st->ratio_missing) fputs(_("(no costs)"), x->out); else put_num(x, &st->ratio, ratio_decimals);
  fputc('\n', x->out);
  explain_shares(x, st);
}

/* A bilan that declares its conventions: them, then each line year by year under them. */
static void explain_lines(Ex *x, const StatementResult *st) {
  const EvalResult *r = x->p->res;
  static const char *const disc[] = {"own", "rate", "none", "green_book", "france_strategie"};
  fprintf(x->out, _("  conventions: discount %s"), disc[st->conv.discount]);
  if (st->conv.discount == SROI_DISC_RATE || st->conv.discount == SROI_DISC_FRANCE_STRATEGIE) {
    fputs(" ", x->out);
    put_num(x, &st->conv.rate, 6);
  }
  fprintf(x->out, _(", first year %s, filters %s, drop-off from %s\n"), st->conv.year0 ? "undiscounted" : "discounted",
          st->conv.additive ? "additive" : "multiplicative", st->conv.dropoff_after_period ? "end_of_period" : "second_year");
  for (int i = 0; i < st->nlines; i++) {
    const StatementLine *l = &st->lines[i];
    fprintf(x->out, "  %s %s", l->cost >= 0 ? _("cost") : _("valuation"), l->cost >= 0 ? r->costs[l->cost].name : r->vals[l->val].name);
    if (l->missing) { fputs(_(": (missing)\n"), x->out); continue; }
    fputc('\n', x->out);
    for (int y = 0; y < l->nyears; y++) {
      fprintf(x->out, _("    year %d: %s "), y + 1, l->cost >= 0 ? _("amount") : _("impact"));
      put_num(x, &l->flows[y], 2);
      fputs(_(", discounted "), x->out);
      put_num(x, &l->discounted[y], 2);
      fputc('\n', x->out);
    }
    fputs(_("    present value = "), x->out);
    put_num(x, &l->present_value, 2);
    Num one = NUM_INIT;
    num_set_long(&one, 1);
    if (l->val >= 0 && num_cmp(&l->share, &one) != 0) {
      fputs(_(" (its share × "), x->out);
      put_num(x, &l->share, 4);
      fputc(')', x->out);
    }
    fputc('\n', x->out);
  }
  explain_totals(x, st, _("\n  total costs (present value) = "), 4);
}

static void explain_statement(Ex *x, Sym *s) {
  StatementResult *st = NULL;
  for (int i = 0; i < x->p->res->nstmts; i++) if (x->p->res->stmts[i].sym == s) st = &x->p->res->stmts[i];
  fprintf(x->out, _("bilan %s \"%s\"  "), s->name, s->decl->label ? s->decl->label : "");
  where(x, s->loc);
  fputc('\n', x->out);
  if (!st) return;
  if (st->declared) { explain_lines(x, st); return; }
  const Item *vals = schema_find(s->decl, F_VALUATIONS), *costs = schema_find(s->decl, F_COSTS);
  EvalResult *r = x->p->res;
  fputs(_("  present values (totals):\n"), x->out);
  for (int i = 0; i < r->nvals; i++) {
    ValuationRow *tot = &r->vals[i].rows[r->vals[i].nrows - 1];
    bool in = !vals;
    for (int k = 0; vals && k < vals->values.n; k++) {
      const Expr *e = vals->values.v[k]->value;
      if (e->kind == EX_NAME && !strcmp(e->name.parts[e->name.n - 1], r->vals[i].name)) in = true;
    }
    if (!in) continue;
    fprintf(x->out, "    %s = ", r->vals[i].name);
    if (tot->missing) fputs(_("(missing)"), x->out); else put_num(x, &tot->present_value, 2);
    fputc('\n', x->out);
  }
  fputs(_("  costs:\n"), x->out);
  for (int i = 0; i < r->ncosts; i++) {
    bool in = !costs;
    for (int k = 0; costs && k < costs->values.n; k++) {
      const Expr *e = costs->values.v[k]->value;
      if (e->kind == EX_NAME && !strcmp(e->name.parts[e->name.n - 1], r->costs[i].name)) in = true;
    }
    if (!in) continue;
    fprintf(x->out, "    %s = ", r->costs[i].name);
    if (r->costs[i].missing) fputs(_("(missing)"), x->out); else put_num(x, &r->costs[i].amount, 2);
    fputc('\n', x->out);
  }
  explain_totals(x, st, _("\n  total costs = "), 2);
}

/* The stakeholders' and chains' parts of a bilan. */
static void explain_shares(Ex *x, const StatementResult *st) {
  if (st->nstakeholders) fputs(_("  by stakeholder (sum of each valuation's shares):\n"), x->out);
  for (int i = 0; i < st->nstakeholders; i++) {
    fprintf(x->out, "    %s = ", st->by_stakeholder[i].name);
    if (st->by_stakeholder[i].missing) fputs(_("(missing)"), x->out); else put_num(x, &st->by_stakeholder[i].value, 2);
    fputc('\n', x->out);
  }
  if (st->nchains) fputs(_("  by chain (sum of the present values of its valuations):\n"), x->out);
  for (int i = 0; i < st->nchains; i++) {
    fprintf(x->out, "    %s = ", st->by_chain[i].name);
    if (st->by_chain[i].missing) fputs(_("(missing)"), x->out); else put_num(x, &st->by_chain[i].value, 2);
    fputc('\n', x->out);
  }
}

static void explain_param_decl(Ex *x, Sym *s) {
  fprintf(x->out, _("parameter %s \"%s\"  "), s->name, s->decl->label ? s->decl->label : "");
  where(x, s->loc);
  fputc('\n', x->out);
  explain_values(x, s->decl, "  ");
  const Sym *ov = chk_override_of(s);
  if (ov) {
    fputs(_("  local values (surcharge at "), x->out);
    where(x, ov->loc);
    fputs(_("), which replace the référentiel's:\n"), x->out);
    explain_values(x, ov->decl, "    ");
  }
  EvalResult *r = x->p->res;
  for (int i = 0; i < r->nparams; i++)
    if (r->params[i].sym == s) {
      fprintf(x->out, _("  in force on %s: "), day(x, 0, r->date));
      if (r->params[i].missing) fputs(_("none (what uses it is left empty)"), x->out);
      else if (r->params[i].row_dependent) fputs(_("depends on each row"), x->out);
      else put_num(x, &r->params[i].value, 4);
      fputc('\n', x->out);
      if (r->params[i].local && !r->params[i].overridden) explain_local(x, &r->params[i], "  ");
    }
  const char *src = param_source(s);
  if (ov) fprintf(x->out, _("  référentiel source: %s\n"), src ? src : _("(none given)"));
  else fprintf(x->out, _("  source: %s\n"), src ? src : _("(none given)"));
}

static void explain_cost(Ex *x, Sym *s) {
  fprintf(x->out, _("coût %s \"%s\"  "), s->name, s->decl->label ? s->decl->label : "");
  where(x, s->loc);
  fputc('\n', x->out);
  for (int i = 0; i < x->p->ncosts; i++) {
    const ENode *n = x->p->cost_nodes[i];
    if (x->p->cost_syms[i] != s || !n) continue;
    fprintf(x->out, _("  amount: %s\n"), src_text(x, n->src));
    Value v;
    v.k = V_MISSING;
    ev_eval(x->p, n, GID_TOTAL, &v);
    fputs(_("  value: "), x->out);
    if (v.k == V_NUM) put_num(x, &v.n, 2); else put_value(x, &v);
    fputc('\n', x->out);
    ev_value_clear(&v);
    Inputs in = {.a = x->p->a};
    collect(n, &in);
    if (in.n) fputs(_("  inputs (totals):\n"), x->out);
    explain_inputs(x, &in);
  }
}

static void explain_check(Ex *x, Sym *s) {
  if (s->decl->label) fprintf(x->out, _("contrôle %s \"%s\"  "), s->name, s->decl->label);
  else fprintf(x->out, _("contrôle %s  "), s->name);
  where(x, s->loc);
  fputc('\n', x->out);
  bool run = false;
  for (int i = 0; i < x->p->res->nchecks; i++) {
    CheckResult *c = &x->p->res->checks[i];
    if (c->sym != s) continue;
    run = true;
    if (c->condition) fprintf(x->out, _("  condition: %s\n"), c->condition);
    fprintf(x->out, _("  status: %s\n"), c->passed ? _("pass") : _("fail"));
    if (c->rows_checked) fprintf(x->out, _("  rows checked: %ld, failing: %ld\n"), c->rows_checked, c->failures);
    for (int k = 0; k < c->nfirst; k++) fprintf(x->out, "    %s:%ld\n", c->first[k].path, c->first[k].line);
    if (c->detail) fprintf(x->out, _("  compared: %s\n"), c->detail);
  }
  if (!run) fputs(_("  not run: what it reads comes from tables of the imported référentiel that have no data file\n"), x->out);
}

/* ---- --plan: how each table was read, and why ---- */
static void explain_pass(Ex *x, const TablePlan *tp, int k, const PassNote *n) {
  fprintf(x->out, _("  read %d — aggregates: %d, row-level contrôles: %d"), k, n->nslots, n->nchecks);
  if (n->stage) fprintf(x->out, _(" (stage %d: after the indicators their rows read)"), n->stage);
  if (n->first && tp->indexed && tp->filtered)
    fprintf(x->out, _("; keeps the %ld rows designated by réf (join on the small side)"), tp->nrows_stored);
  else if (n->first && tp->indexed) fprintf(x->out, _("; keeps its %ld rows for the tables that designate it by réf"), tp->nrows_stored);
  else if (n->first && !n->nslots && !n->nchecks) fputs(_("; every cell and réf checked"), x->out);
  if (n->parts > 1) fprintf(x->out, _("; in %d parts read in parallel (--jobs)"), n->parts);
  else if (n->serial) fprintf(x->out, _("; by one thread: %s"), _(n->serial));
  fputc('\n', x->out);
}

static void explain_table_reads(Ex *x, const TablePlan *tp) {
  int reads = tp->nkeyfor + tp->npasses;
  if (!reads) return;
  if (reads == 1) fprintf(x->out, _("table %s, file %s, %ld rows: read once\n"), tp->sym->name, tp->path, tp->rows_read);
  else fprintf(x->out, _("table %s, file %s, %ld rows: read %d times\n"), tp->sym->name, tp->path, tp->rows_read, reads);
  int k = 0;
  for (int i = 0; i < tp->nkeyfor; i++)
    fprintf(x->out, _("  read %d — its réf columns into %s only, so that %s keeps only the rows they designate\n"), ++k,
            tp->keyfor[i]->sym->name, tp->keyfor[i]->sym->name);
  for (int i = 0; i < tp->npasses; i++) explain_pass(x, tp, ++k, &tp->passes[i]);
}

/* An indice: its method and, per component, what the groups give its normalisation (min and
 * max, mean and standard deviation, target); then per group each component's value,
 * normalised value, weight and contribution, and the index (compute_index.c). */
static void explain_norm(Ex *x, const IndexResult *r, const IndexComponent *k) {
  switch (r->norm) {
  case C_NORM_MIN_MAX:
    if (!k->spread) { fputs(_("the same value in every group: not normalised"), x->out); break; }
    fputs(k->lower_better ? _("normalised = 100 × (max − x) / (max − min), min ") : _("normalised = 100 × (x − min) / (max − min), min "), x->out);
    put_num(x, &k->lo, k->decimals); fputs(_(", max "), x->out); put_num(x, &k->hi, k->decimals);
    break;
  case C_NORM_TARGET:
    fputs(k->lower_better ? _("normalised = 100 × (1 − (x − t) / |t|), target t = ") : _("normalised = 100 × (1 + (x − t) / |t|), target t = "), x->out);
    put_num(x, &k->target, num_decimals(&k->target) > 0 ? num_decimals(&k->target) : 0);
    break;
  case C_NORM_Z_SCORE:
    if (!k->spread) { fputs(_("the same value in every group: not normalised"), x->out); break; }
    fputs(k->lower_better ? _("normalised = (mean − x) / σ, mean ") : _("normalised = (x − mean) / σ, mean "), x->out);
    put_num(x, &k->lo, k->decimals + 2); fputs(_(", σ (population, 20 decimals) "), x->out); put_num(x, &k->hi, INDEX_DECIMALS);
    break;
  default:
    fputs(k->lower_better ? _("normalised = its rank, 1 for the highest value (ties share their mean rank)")
                          : _("normalised = its rank, 1 for the lowest value (ties share their mean rank)"), x->out);
  }
}

static void explain_index_row(Ex *x, const IndexResult *r, const IndexRow *row) {
  bool geo = r->agg == C_AGG_GEOMETRIC;
  int dec = r->exact ? r->decimals + 3 : INDEX_DECIMALS;
  for (int c = 0; c < r->ncomps; c++) {
    const IndexPart *pt = &row->parts[c];
    fprintf(x->out, "    %s = ", r->comps[c].name);
    if (pt->absent) { fputs(_("(missing)\n"), x->out); continue; }
    put_num(x, &pt->value, r->comps[c].decimals);
    fputs(" → ", x->out);
    if (pt->missing) { fputs(_("not normalised\n"), x->out); continue; }
    put_num(x, &pt->norm, r->norm == C_NORM_Z_SCORE ? INDEX_DECIMALS : r->decimals + 3);
    if (row->missing) { fputc('\n', x->out); continue; }
    fputs(geo ? _(", to the power ") : _(", weight "), x->out);
    put_num(x, &pt->weight, 4);
    fputs(" = ", x->out);
    put_num(x, &pt->contribution, dec);
    fputc('\n', x->out);
  }
  fputs(_("    index = "), x->out);
  if (row->missing) {
    fputs(r->missing_policy == C_MISSING_NO_VALUE ? _("(missing: a component has no value, manquant: aucune_valeur)\n")
                                                  : _("(missing: no component has a value, or a negative one under a geometric mean)\n"), x->out);
    return;
  }
  fputs(geo ? _("the product of the factors = ") : _("the sum of the contributions = "), x->out);
  put_num(x, &row->value, dec);
  fputc('\n', x->out);
}

static void explain_index(Ex *x, Sym *s) {
  const IndexResult *r = NULL;
  for (int i = 0; i < x->p->res->nidxs; i++) if (x->p->res->idxs[i].sym == s) r = &x->p->res->idxs[i];
  fprintf(x->out, _("indice %s \"%s\"  "), s->name, s->decl->label ? s->decl->label : "");
  int line, col;   /* the module as readers know it: stdlib/NAME.pvs, not this machine's path */
  diag_linecol(x->p->d, s->loc.file, s->loc.start, &line, &col);
  fprintf(x->out, "%s:%d", s->mod->shown ? s->mod->shown : diag_source_path(x->p->d, s->loc.file), line);
  fputc('\n', x->out);
  if (!r) { fputs(_("  not computed: a component has no result (its tables were not given)\n"), x->out); return; }
  fprintf(x->out, _("  normalisation: %s; aggregation: %s; missing component: %s\n"), schema_choice(r->norm)->fr,
          schema_choice(r->agg)->fr, schema_choice(r->missing_policy)->fr);
  for (int c = 0; c < r->ncomps; c++) {
    const IndexComponent *k = &r->comps[c];
    fprintf(x->out, "  %s: ", k->name);
    fputs(_("weight "), x->out); put_num(x, &k->weight, 4); fputs("; ", x->out);
    explain_norm(x, r, k);
    fputc('\n', x->out);
  }
  if (r->agg == C_AGG_GEOMETRIC)
    fputs(_("  index = Π normalisedᵢ ^ weightᵢ (q-th root of the exact product, 20 decimals, correctly rounded)\n"), x->out);
  else fputs(_("  index = Σ weightᵢ × normalisedᵢ\n"), x->out);
  for (int g = 0; g < r->nrows; g++) {
    const IndexRow *row = &r->rows[g];
    if (x->group && (!row->key || strcmp(row->key[0], x->group))) continue;
    fputs("  [", x->out);
    for (int d = 0; row->key && d < r->by.ndims; d++) {
      if (d) fputs(" / ", x->out);
      put_group(x, r->by.levels ? &r->by.levels[d] : NULL, 1, row->key[d]);
    }
    if (!row->key) fputs(_("total"), x->out);
    fputs("]\n", x->out);
    explain_index_row(x, r, row);
  }
}

EvalStatus eval_explain_plan(Compilation *c, const EvalOptions *o, FILE *out) {
  Plan p;
  EvalStatus st = ev_run_plan(&p, c, o);
  if (st == EVAL_OK) {
    Ex x = {.p = &p, .out = out};
    fputs(_("How each data file was read, and why:\n"), out);
    for (int i = 0; i < p.ntables; i++) explain_table_reads(&x, p.tables[i]);
  }
  ev_free_plan(&p);
  eval_free(p.res);
  return st;
}

EvalStatus eval_explain(Compilation *c, const EvalOptions *o, const char *name, const char *group, FILE *out) {
  Plan p;
  EvalStatus st = ev_run_plan(&p, c, o);
  if (st == EVAL_OK) {
    NamePath path = {0};
    char *copy = arena_strdup(p.a, name);
    for (char *part = strtok(copy, "."); part; part = strtok(NULL, "."))
      ast_path(&(AstBuilder){p.a, p.d, NULL}, &path, part, (Loc){0});
    Resolved r = path.n ? sym_resolve(c->main, NULL, &path) : (Resolved){0};
    Ex x = {.p = &p, .out = out, .group = group};
    if (r.kind != R_GLOBAL) {
      diag_error(p.d, (Loc){0}, _("nothing named '%s' in %s; give the name of an indicator, valuation, parameter, cost, contrôle, bilan or indice"), name, c->main->path);
      st = EVAL_DATA_ERROR;
    } else switch (r.sym->kind) {
      case S_INDICATOR: explain_indicator(&x, r.sym); break;
      case S_VALUATION: explain_valuation(&x, r.sym); break;
      case S_STATEMENT: explain_statement(&x, r.sym); break;
      case S_PARAM: explain_param_decl(&x, r.sym); break;
      case S_CHECK: explain_check(&x, r.sym); break;
      case S_COST: explain_cost(&x, r.sym); break;
      case S_INDEX: explain_index(&x, r.sym); break;
      default:
        diag_error(p.d, (Loc){0}, _("'%s' is a %s; explain works on indicators, valuations, parameters, costs, contrôles, bilans and indices"), name, sym_kind_name(r.sym->kind));
        st = EVAL_DATA_ERROR;
      }
  }
  ev_free_plan(&p);
  eval_free(p.res);
  return st;
}
