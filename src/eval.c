/* eval.c — `pvs eval` from start to end (see eval.h): choose the date and the scénario,
 * compile every declaration to evaluate, read each table once, then compute indicators,
 * valuations, costs, bilans and contrôles into an EvalResult.
 *
 * What is evaluated: every declaration of the main script, and every declaration of the
 * modules it imports whose data tables are there (an imported référentiel declares more
 * tables than one organisation fills in); the main script's tables must all be there. */
#include "chk.h"
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- date and scénario ---- */
static bool set_date(Plan *p) {
  const char *d = p->o->date;
  char buf[16];
  if (!d) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    d = buf;
  }
  int y, m, dd;
  if (strlen(d) != 10 || !csv_parse_date(d, 10, &y, &m, &dd) || d[4] != '-') {
    diag_error(p->d, (Loc){0}, _("--date wants a date written YYYY-MM-DD, not '%s'"), d);
    return false;
  }
  p->date = csv_date_pack(y, m, dd);
  p->date_text = arena_strdup(p->a, d);
  return true;
}

static bool set_scenario(Plan *p) {
  const char *name = p->o->scenario;
  if (!name) return true;
  Sym *s = sym_lookup(p->c->main, NS_VALUE, name);
  if (!s || s->kind != S_SCENARIO) {
    const char *known = NULL;
    for (int i = 0; i < p->c->main->nsyms; i++)
      if (p->c->main->syms[i]->kind == S_SCENARIO)
        known = arena_printf(p->a, "%s%s%s", known ? known : "", known ? ", " : "", p->c->main->syms[i]->name);
    if (known) diag_error(p->d, (Loc){0}, _("no scénario named '%s' in %s; its scénarios are: %s"), name, p->c->main->path, known);
    else diag_error(p->d, (Loc){0}, _("no scénario named '%s': %s declares none"), name, p->c->main->path);
    return false;
  }
  for (int i = 0; i < s->decl->items.n; i++) {
    Item *it = s->decl->items.v[i];
    if (it->kind != IT_FIELD || !it->values.n) continue;
    Override o = {NULL, F__COUNT, it};
    Sym *t = sym_lookup(s->mod, NS_VALUE, it->path.parts[0]);
    if (!t) {
      Module *am = it->path.n > 1 ? sym_module_alias(s->mod, it->path.parts[0]) : NULL;
      t = am ? sym_lookup(am, NS_VALUE, it->path.parts[1]) : NULL;
    }
    int last = it->path.n - 1;
    if (t && t->kind != S_PARAM && last >= 1) o.field = schema_field_lookup(it->path.parts[last]);
    if (!t || (t->kind != S_PARAM && o.field == F__COUNT)) continue;   /* the checker reports these */
    o.target = t;
    ARENA_PUSH(p->a, p->ovr, p->novr, p->ocap, o);
  }
  return true;
}

/* --plage: every parameter that declares a plage takes its low (or high) bound, after the
 * scénario's own overrides (which win). */
static void set_range(Plan *p) {
  for (int m = 0; p->o->range && m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      Sym *s = p->c->mods[m]->syms[i];
      Item *it = s->kind == S_PARAM ? schema_find(s->decl, F_RANGE) : NULL;
      if (!it || it->values.n != 2) continue;
      Item *bound = arena_alloc(p->a, sizeof *bound);
      *bound = *it;
      bound->values.v = &it->values.v[p->o->range > 0 ? 1 : 0];
      bound->values.n = 1;
      Override o = {s, F__COUNT, bound};
      ARENA_PUSH(p->a, p->ovr, p->novr, p->ocap, o);
    }
}

/* ---- results ---- */
static const char *unit_expr_text(Plan *p, const UnitExpr *u) {
  if (!u) return "";
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ast_unit_print(f, u);
  fclose(f);
  const char *t = arena_strdup(p->a, buf ? buf : "");
  free(buf);
  return t;
}

const char *ev_unit_text(Plan *p, const Sym *s) { return unit_expr_text(p, chk_unit_of(s)); }

/* Whether the indicator's values (its total and every group it has) are whole numbers. */
static bool all_whole(const IndPlan *ip) {
  if (ip->total.k == V_NUM && !num_is_integer(&ip->total.n)) return false;
  for (int g = 0; g < ip->ngroups; g++)
    if (ip->reached[g] && ip->groups[g].k == V_NUM && !num_is_integer(&ip->groups[g].n)) return false;
  return true;
}

/* Display decimals: the declaration's `décimales:`; else 2 for money, 1 for %; 0 for counts
 * (compte, compte_distinct) and for a quantity in one unit of things (logement, personne,
 * jour…) whose values are all whole; 2 otherwise. Only the value's own unit and values
 * decide, never another declaration (doc/evaluation.md, Arrondis). */
static int decimals_of(const IndPlan *ip) {
  const Sym *s = ip->sym;
  Item *it = schema_find(s->decl, F_DECIMALS);
  long d;
  if (it && it->values.n && it->values.v[0]->value->kind == EX_NUM) {
    Num n; num_init(&n);
    bool ok = num_parse_literal(&n, it->values.v[0]->value->num.text) && num_to_long(&n, &d);
    num_clear(&n);
    if (ok && d >= 0 && d <= 18) return (int)d;
  }
  const UnitExpr *u = chk_unit_of(s);
  if (u) {
    for (int i = 0; i < u->n; i++) if (!strcmp(u->terms[i].name, "€") || !strcmp(u->terms[i].name, "EUR")) return 2;
    if (u->n == 1 && !strcmp(u->terms[0].name, "%")) return 1;
    if (u->n == 1 && u->terms[0].exp == 1) return all_whole(ip) ? 0 : 2;
  }
  const ENode *f = ip->formula;
  if (f && f->k == N_AGG && (f->slot->agg == B_COUNT || f->slot->agg == B_COUNT_DISTINCT)) return 0;
  return 2;
}

bool ev_percent_unit(const Sym *s) {
  const UnitExpr *u = chk_unit_of(s);
  return u && u->n == 1 && !strcmp(u->terms[0].name, "%") && u->terms[0].exp == 1;
}

/* The cell of a value, in the declared unit (×100 for %). */
void ev_cell(const Value *v, bool percent, Cell *c) {
  num_init(&c->value);
  c->missing = v->k != V_NUM;
  if (c->missing) return;
  num_set(&c->value, &v->n);
  if (percent) {
    Num h; num_init(&h); num_set_long(&h, 100); num_mul(&c->value, &c->value, &h); num_clear(&h);
  }
}

const char **ev_group_key(Plan *p, const GroupSpace *gs, int gid) {
  const char **k = arena_alloc(p->a, sizeof *k * (size_t)gs->ndims);
  for (int d = 0; d < gs->ndims; d++) {
    const char *s = ev_group_label(gs, gid, d), *e = strchr(s, '\x1f');
    k[d] = e ? arena_strndup(p->a, s, (size_t)(e - s)) : s;
    if (!*k[d]) k[d] = NULL;   /* the rows whose value is missing: the group "not given" */
  }
  return k;
}

/* A number of a group key (its exact text, or a data cell's) into n; false when it is none. */
static bool key_number(Num *n, const char *s, size_t len) {
  return num_parse_cell_slow(n, s, len, '.', NULL) == NUM_OK;
}

int ev_key_compare(TerrLevel lv, KeyKind kind, const char *a, size_t alen, const char *b, size_t blen) {
  if (kind == KEY_NUMBER) {
    Num x, y;
    num_init(&x); num_init(&y);
    bool ok = key_number(&x, a, alen) && key_number(&y, b, blen);
    int c = ok ? num_cmp(&x, &y) : 0;
    num_clear(&x); num_clear(&y);
    if (c) return c;
  }   /* dates are ISO in keys: their bytes are their order */
  return territory_compare(lv, a, alen, b, blen);
}

static const GroupSpace *sort_gs;
/* Dimension by dimension, in each level's report order (ev_key_compare: numbers by value,
 * zones from A bis to C, EPCI by département then name, other codes and plain values by bytes). */
static int cmp_gid(const void *a, const void *b) {
  const char *ka = sort_gs->keys[*(const int *)a], *kb = sort_gs->keys[*(const int *)b];
  for (int d = 0; d < sort_gs->ndims; d++) {
    size_t na = strcspn(ka, "\x1f"), nb = strcspn(kb, "\x1f");
    int c = !na || !nb ? (na > 0) - (nb > 0) : ev_key_compare(sort_gs->levels[d], sort_gs->kinds[d], ka, na, kb, nb);   /* not given first */
    if (c) return c;
    ka += na + (ka[na] != 0);
    kb += nb + (kb[nb] != 0);
  }
  return 0;
}

/* Group ids of gs in report order (cmp_gid), as an arena array. */
int *ev_sorted_groups(Plan *p, const GroupSpace *gs) {
  int *ids = arena_alloc(p->a, sizeof *ids * (size_t)(gs->nkeys + 1));
  for (int i = 0; i < gs->nkeys; i++) ids[i] = i;
  sort_gs = gs;
  qsort(ids, (size_t)gs->nkeys, sizeof *ids, cmp_gid);
  return ids;
}

void ev_breakdown(Plan *p, const GroupSpace *gs, Breakdown *b) {
  b->ndims = gs ? gs->ndims : 0;
  b->dims = gs ? gs->dims : NULL;
  b->levels = gs ? gs->levels : NULL;
  b->kinds = gs ? gs->kinds : NULL;
  (void)p;
}

/* Missing values skipped by the aggregates behind a figure, for one group of gs (or the total):
 * an aggregate of the same breakdown counts that group's, any other its total. */
static long skipped_of(const SlotSet *s, const GroupSpace *gs, int gid) {
  long n = 0;
  for (int i = 0; i < s->n; i++)
    n += ev_slot_skipped(s->v[i], gid >= 0 && s->v[i]->space && s->v[i]->space->gs == gs ? gid : GID_TOTAL);
  return n;
}

static void indicator_result(Plan *p, IndPlan *ip, IndicatorResult *r) {
  ev_compute_indicator(p, ip);
  r->sym = ip->sym; r->name = ip->sym->name; r->label = ip->sym->decl->label;
  r->unit = ev_unit_text(p, ip->sym);
  r->decimals = decimals_of(ip);
  bool pct = ev_percent_unit(ip->sym);
  ev_breakdown(p, ip->gs, &r->by);
  int nall = ip->gs ? ip->ngroups : 0, ng = 0;
  r->rows = arena_alloc(p->a, sizeof *r->rows * (size_t)(nall + 1));
  int *ids = nall ? ev_sorted_groups(p, ip->gs) : NULL;
  SlotSet slots = {.a = p->a};
  ev_slot_set(ip->formula, &slots);
  for (int i = 0; i < nall; i++) {
    int g = ids[i];
    if (g >= ip->ngroups || !ip->reached[g]) continue;   /* only the groups of the rows it reads */
    r->rows[ng].key = ev_group_key(p, ip->gs, g);
    ev_cell(&ip->groups[g], pct, &r->rows[ng].cell);
    r->rows[ng++].skipped = skipped_of(&slots, ip->gs, g);
  }
  ev_cell(&ip->total, pct, &r->rows[ng].cell);
  r->rows[ng].skipped = skipped_of(&slots, ip->gs, GID_TOTAL);
  r->nrows = ng + 1;
}

/* ---- contrôles ---- */
typedef struct CheckPlan { Sym *sym; ENode *cond; CheckResult *res; } CheckPlan;

static const Expr *field_expr(const Decl *d, FieldId f) {
  Item *it = schema_find(d, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

/* The source text of an expression (an arena copy). */
const char *ev_expr_text(Plan *p, const Expr *e) {
  size_t len;
  const char *text = diag_source_text(p->d, e->loc.file, &len);
  if (!text || e->loc.end > len || e->loc.start > e->loc.end) return "";
  return arena_strndup(p->a, text + e->loc.start, e->loc.end - e->loc.start);
}

static void plan_check(Plan *p, Sym *s, CheckResult *res, CheckPlan *cp) {
  res->sym = s; res->name = s->name; res->label = s->decl->label; res->passed = true;
  cp->sym = s; cp->res = res; cp->cond = NULL;
  const Expr *each = field_expr(s->decl, F_FOR_EACH);
  const Expr *cond = s->decl->formula ? s->decl->formula : field_expr(s->decl, F_CONDITION);
  if (!cond) cond = field_expr(s->decl, F_FORMULA);
  if (!cond) return;
  res->condition = ev_expr_text(p, cond);
  p->owner_required = s->mod == p->c->main;
  if (each && each->kind == EX_NAME) {
    Resolved r = sym_resolve(s->mod, NULL, &each->name);
    if (r.kind != R_GLOBAL || r.sym->kind != S_TABLE) return;
    TablePlan *tp = ev_table(p, r.sym);
    CCtx cx = {s->mod, tp, NULL, false, s};
    Slot *uses = arena_alloc(p->a, sizeof *uses);   /* collects the indicators the condition reads */
    p->cur_slot = uses;
    RowCheck rc = {s, ev_compile(p, &cx, cond), res, uses};
    p->cur_slot = NULL;
    /* a contrôle evaluate() leaves out is never checked on rows that are read (a table
     * without a data file is not read: it keeps the contrôle, to be named as left out) */
    bool kept = !(p->hit_unavailable && !p->owner_required) && !p->hit_no_value;
    if (kept || !tp->available) ARENA_PUSH(p->a, tp->checks, tp->nchecks, tp->ccap, rc);
    return;
  }
  CCtx cx = {s->mod, NULL, NULL, false, s};
  cp->cond = ev_compile(p, &cx, cond);
}

const char *ev_num_text(Plan *p, const Num *n) {
  NumText t;
  num_text(&t, n);
  const char *s = arena_strndup(p->a, t.s, t.len);
  num_text_free(&t);
  return s;
}

/* Decimals of a number as written or computed, at most 6 (a literal shows as written). */
static int own_decimals(const Num *a) {
  int d = num_decimals(a);
  return d < 0 || d > 6 ? 6 : d;
}

/* One side of a compared contrôle: its value in the unit a person reads it in (31.9 %, not
 * 0.319), its unit and the decimals the report shows it with. */
static void check_side(Plan *p, const ENode *n, const Value *v, CheckSide *side) {
  const char *unit = "";
  int dec = -1;
  if (n->k == N_IND) { unit = ev_unit_text(p, n->ind->sym); dec = decimals_of(n->ind); }
  else if (n->k == N_VALUATION || n->k == N_COST) { unit = "€"; dec = 2; }
  else if (n->k == N_CONST && n->sym && n->sym->kind == S_PARAM) unit = ev_unit_text(p, n->sym);
  else if (n->k == N_CONST && n->src && n->src->kind == EX_NUM) unit = unit_expr_text(p, n->src->num.unit);
  ev_cell(v, !strcmp(unit, "%"), &side->cell);
  side->unit = unit;
  side->decimals = dec >= 0 ? dec : side->cell.missing ? 2 : own_decimals(&side->cell.value);
}

static const char *side_text(Plan *p, const CheckSide *side) {
  if (side->cell.missing) return _("(missing)");
  char buf[128];
  num_fmt_fixed(buf, sizeof buf, &side->cell.value, side->decimals, NUM_HALF_UP);
  return arena_printf(p->a, "%s%s%s", buf, *side->unit ? " " : "", side->unit);
}

static void finish_check(Plan *p, CheckPlan *cp) {
  CheckResult *r = cp->res;
  if (!cp->cond) { r->passed = r->failures == 0; return; }
  Value v = {0};
  ev_eval(p, cp->cond, GID_TOTAL, &v);
  r->passed = v.k == V_BOOL && v.b;
  r->failures = r->passed ? 0 : 1;
  ev_value_clear(&v);
  if (cp->cond->k == N_BIN && cp->cond->op >= OP_EQ && cp->cond->op <= OP_GE) {
    Value a = {0}, b = {0};
    ev_eval(p, cp->cond->a, GID_TOTAL, &a);
    ev_eval(p, cp->cond->b, GID_TOTAL, &b);
    if (a.k == V_NUM || b.k == V_NUM || (a.k == V_MISSING && b.k == V_MISSING)) {
      r->compared = true;
      r->op = ast_op_text(cp->cond->op);
      check_side(p, cp->cond->a, &a, &r->lhs);
      check_side(p, cp->cond->b, &b, &r->rhs);
      r->detail = arena_printf(p->a, "%s %s %s", side_text(p, &r->lhs), r->op, side_text(p, &r->rhs));
    }
    ev_value_clear(&a);
    ev_value_clear(&b);
  }
}

/* ---- costs ---- */
/* Compiles a coût's amounts: the one-line formula, or `montant:` (a value per year), repeated
 * over its `durée:`. Returns the first year's node. */
static ENode *plan_cost(Plan *p, Sym *s, CostYears *cy) {
  const Item *it = s->decl->formula ? NULL : schema_find(s->decl, F_AMOUNT);
  p->owner_required = s->mod == p->c->main;
  CCtx cx = {s->mod, NULL, NULL, false, s};
  cy->n = s->decl->formula ? 1 : it ? it->values.n : 0;
  cy->v = arena_alloc(p->a, sizeof *cy->v * (size_t)(cy->n + 1));
  for (int i = 0; i < cy->n; i++) cy->v[i] = ev_compile(p, &cx, s->decl->formula ? s->decl->formula : it->values.v[i]->value);
  Num d;
  num_init(&d);
  cy->repeat = 1;
  if (schema_find(s->decl, F_DURATION) && ev_const_num(p, s, F_DURATION, &d, 1) &&
      (!num_to_long(&d, &cy->repeat) || cy->repeat < 1 || cy->repeat > SROI_YEARS_MAX)) {
    diag_error(p->d, schema_find(s->decl, F_DURATION)->loc, _("the durée of coût '%s' must be a whole number of years from 1 to %d"),
               s->name, SROI_YEARS_MAX);
    p->script_error = true;
    cy->repeat = 1;
  }
  num_clear(&d);
  return cy->n ? cy->v[0] : NULL;
}

/* Cost i's amount of each year into c (amount: their sum); false when one has no value. */
static bool cost_amounts(Plan *p, int i, CostResult *c) {
  const CostYears *cy = &p->cost_years[i];
  c->nyears = cy->n * (int)cy->repeat;
  c->amounts = arena_alloc(p->a, sizeof *c->amounts * (size_t)(c->nyears + 1));
  bool ok = cy->n > 0;
  for (int y = 0; y < c->nyears; y++) {
    num_init(&c->amounts[y]);
    Value v = {0};
    if (y < cy->n) ev_eval(p, cy->v[y], GID_TOTAL, &v);
    if (y < cy->n && v.k != V_NUM) ok = false;
    num_set(&c->amounts[y], y < cy->n ? (v.k == V_NUM ? &v.n : &c->amounts[0]) : &c->amounts[y % cy->n]);
    num_add(&c->amount, &c->amount, &c->amounts[y]);
    ev_value_clear(&v);
  }
  return ok;
}

void ev_cost_total(Plan *p, int i, Value *out) {
  const CostYears *cy = &p->cost_years[i];
  Value v = {0}, sum = {0};
  sum.k = V_NUM;
  num_init(&sum.n);
  for (int y = 0; y < cy->n && sum.k == V_NUM; y++) {
    ev_eval(p, cy->v[y], GID_TOTAL, &v);
    if (v.k != V_NUM) sum.k = V_MISSING;
    else num_add(&sum.n, &sum.n, &v.n);
    ev_value_clear(&v);
  }
  if (sum.k == V_NUM && cy->repeat > 1) {
    Num r;
    num_init(&r);
    num_set_long(&r, cy->repeat);
    num_mul(&sum.n, &sum.n, &r);
    num_clear(&r);
  }
  if (!cy->n) sum.k = V_MISSING;
  ev_value_clear(out);
  if (sum.k == V_NUM) ev_value_copy(out, &sum);
  num_clear(&sum.n);
}

/* Rows whose aggregate expression divided by zero were skipped as missing: say so once per
 * aggregate, with the count (an error under --strict). */
static void warn_row_divisions(Plan *p) {
  for (int i = 0; i < p->ntables; i++)
    for (int j = 0; j < p->tables[i]->nslots; j++) {
      const Slot *s = p->tables[i]->slots[j];
      if (!s->divzero || !s->expr) continue;
      if (p->o->strict) {
        diag_error(p->d, s->expr->loc, _("division by zero in %ld rows of table '%s'"), s->divzero, s->tp->sym->name);
        p->script_error = true;
      } else {
        diag_warning(p->d, s->expr->loc, _("division by zero in %ld rows of table '%s': those rows are skipped as missing values"),
                     s->divzero, s->tp->sym->name);
        p->res->warnings++;
      }
    }
}

/* Imported declarations whose tables have no data file are left out: say which tables, and
 * which contrôles were not run for that reason (they are neither passed nor failed). */
static void note_skipped_tables(Plan *p, const char *not_run) {
  const char *list = NULL;
  for (int i = 0; i < p->ntables; i++) {
    const TablePlan *tp = p->tables[i];
    if (tp->available || tp->required || !(tp->nslots || tp->nchecks)) continue;
    const char *file = strrchr(tp->path, '/') ? strrchr(tp->path, '/') + 1 : tp->path;
    list = arena_printf(p->a, "%s%s%s (%s)", list ? list : "", list ? ", " : "", tp->sym->name, file);
  }
  if (!list) return;
  if (not_run)
    diag_warning(p->d, (Loc){0}, _("what the imported référentiel computes from tables without a data file was left out: %s; "
                                   "give a file with --data TABLE=PATH to include it; contrôles not run for that reason: %s"),
                 list, not_run);
  else
    diag_warning(p->d, (Loc){0}, _("what the imported référentiel computes from tables without a data file was left out: %s; "
                                   "give a file with --data TABLE=PATH to include it"), list);
  p->res->warnings++;
}

/* ---- the run ---- */
typedef struct Todo { Sym **v; int n, cap; } Todo;

static void collect(Plan *p, SymKind k, Todo *t) {
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++)
      if (p->c->mods[m]->syms[i]->kind == k) ARENA_PUSH(p->a, t->v, t->n, t->cap, p->c->mods[m]->syms[i]);
}

static void reset_eval_slots(Compilation *c) {
  for (int m = 0; m < c->nmods; m++)
    for (int i = 0; i < c->mods[m]->nsyms; i++) {
      Sym *s = c->mods[m]->syms[i];
      s->eval = NULL;
      for (int j = 0; s->kind == S_TABLE && j < s->ncolumns; j++) s->columns[j]->eval = NULL;
    }
}

static void evaluate(Plan *p) {
  EvalResult *r = p->res;
  Todo inds = {0}, costs = {0}, checks = {0};
  collect(p, S_INDICATOR, &inds);
  collect(p, S_COST, &costs);
  collect(p, S_CHECK, &checks);
  for (int i = 0; i < inds.n; i++) { p->owner_required = false; p->hit_unavailable = false; ev_indicator(p, inds.v[i]); }
  ev_plan_valuations(p);
  ev_plan_panels(p);
  if (p->o->by && !p->by_used) {
    diag_warning(p->d, (Loc){0}, _("--by %s: no indicator can be broken down by '%s' (no table has such a column, or a "
                                   "territory column it can be derived from); the results keep their own breakdowns"),
                 p->o->by, p->o->by);
    p->res->warnings++;
  }
  ENode **cost_nodes = arena_alloc(p->a, sizeof *cost_nodes * (size_t)(costs.n + 1));
  bool *cost_skip = arena_alloc(p->a, sizeof *cost_skip * (size_t)(costs.n + 1));
  p->cost_years = arena_alloc(p->a, sizeof *p->cost_years * (size_t)(costs.n + 1));
  for (int i = 0; i < costs.n; i++) {
    p->hit_unavailable = false;
    int t0 = ev_params_begin(p);
    cost_nodes[i] = plan_cost(p, costs.v[i], &p->cost_years[i]);
    int t1 = ev_params_end(p);
    cost_skip[i] = p->hit_unavailable && !p->owner_required;
    if (!cost_skip[i]) ev_params_keep(p, t0, t1);
  }
  p->cost_syms = costs.v; p->cost_nodes = cost_nodes; p->ncosts = costs.n;
  r->checks = arena_alloc(p->a, sizeof *r->checks * (size_t)(checks.n + 1));
  CheckPlan *cps = arena_alloc(p->a, sizeof *cps * (size_t)(checks.n + 1));
  int ncp = 0;
  const char *not_run = NULL, *no_value = NULL;
  for (int i = 0; i < checks.n; i++) {
    p->hit_unavailable = p->hit_no_value = false;
    int t0 = ev_params_begin(p);
    plan_check(p, checks.v[i], &r->checks[r->nchecks], &cps[ncp]);
    int t1 = ev_params_end(p);
    if (p->hit_unavailable && !p->owner_required) {
      not_run = arena_printf(p->a, "%s%s%s", not_run ? not_run : "", not_run ? ", " : "", checks.v[i]->name);
      continue;
    }
    ev_params_keep(p, t0, t1);
    if (p->hit_no_value) {   /* nothing to check it against: not run, never failed */
      no_value = arena_printf(p->a, "%s%s%s", no_value ? no_value : "", no_value ? ", " : "", checks.v[i]->name);
      continue;
    }
    r->nchecks++; ncp++;
  }
  for (int i = 0; i < p->ninds; i++)   /* final now: a later declaration may have required one */
    if (!p->inds[i]->skip) ev_params_keep(p, p->inds[i]->pt0, p->inds[i]->pt1);
  ev_params_settle(p);
  if (p->script_error || !ev_run_tables(p)) return;
  warn_row_divisions(p);
  note_skipped_tables(p, not_run);
  if (no_value) {
    diag_warning(p->d, (Loc){0}, _("contrôles not run, a parameter they read having no value on %s: %s"), p->date_text, no_value);
    p->res->warnings++;
  }
  r->inds = arena_alloc(p->a, sizeof *r->inds * (size_t)(inds.n + 1));
  for (int i = 0; i < inds.n; i++) {
    IndPlan *ip = inds.v[i]->eval;
    if (!ip->skip) indicator_result(p, ip, &r->inds[r->ninds++]);
  }
  r->costs = arena_alloc(p->a, sizeof *r->costs * (size_t)(costs.n + 1));
  for (int i = 0; i < costs.n; i++) {
    if (cost_skip[i]) continue;
    CostResult *c = &r->costs[r->ncosts++];
    c->sym = costs.v[i]; c->name = costs.v[i]->name; c->label = costs.v[i]->decl->label;
    c->currency = ev_currency(costs.v[i]->mod);
    num_init(&c->amount);
    p->divzero = false;
    c->missing = !cost_amounts(p, i, c);
    if (c->missing) {
      diag_warning(p->d, costs.v[i]->loc, _("cost '%s' has no amount: %s; it is shown as missing, never as 0"), c->name,
                   p->divzero ? _("its formula divides by zero") : _("its formula reads a missing value"));
      p->res->warnings++;
    }
    Num pub;
    num_init(&pub);
    if (schema_find(costs.v[i]->decl, F_PUBLISHED) && ev_const_num(p, costs.v[i], F_PUBLISHED, &pub, 0) && !c->missing)
      ev_published(&c->amount, &pub, &c->published);
    num_clear(&pub);
  }
  ev_valuations(p);
  ev_statements(p);
  ev_panels(p);
  ev_indices(p);
  for (int i = 0; i < ncp; i++) finish_check(p, &cps[i]);
}

void ev_free_plan(Plan *p) {
  ev_valplans_free(p);
  ev_tables_free(p);
  for (int i = 0; i < p->nnodes; i++) ev_value_clear(&p->nodes[i]->c);
  for (int i = 0; i < p->ninds; i++) {
    IndPlan *ip = p->inds[i];
    for (int g = 0; g < ip->ngroups; g++) ev_value_clear(&ip->groups[g]);
    free(ip->groups);
    free(ip->reached);
    ev_value_clear(&ip->total);
  }
  reset_eval_slots(p->c);
}

/* The labels of stakeholders and chains (`partie_prenante état "État"`), for the reports. */
static void collect_labels(Plan *p) {
  EvalResult *r = p->res;
  int cap = 0;
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      const Sym *s = p->c->mods[m]->syms[i];
      if ((s->kind != S_STAKEHOLDER && s->kind != S_CHAIN) || !s->def || !s->def->label) continue;
      Label l = {s->name, s->def->label};
      ARENA_PUSH(p->a, r->labels, r->nlabels, cap, l);
    }
}

/* Plans and evaluates; the plan stays alive for explain. Returns the status. */
/* Every --data TABLE=PATH must name a table of the script or of its imports. */
static bool check_data_options(Plan *p) {
  bool ok = true;
  for (int i = 0; i < p->o->ndata; i++) {
    Sym *t = sym_lookup(p->c->main, NS_VALUE, p->o->data[i].table);
    if (t && t->kind == S_TABLE) continue;
    Sym **v;
    int n = sym_visible(p->c, p->c->main, NS_VALUE, &v), nt = 0;
    const char **names = arena_alloc(p->a, sizeof *names * (size_t)(n + 1));
    for (int k = 0; k < n; k++) if (v[k]->kind == S_TABLE) names[nt++] = v[k]->name;
    const char *sug = sym_suggest(p->o->data[i].table, names, nt);
    if (sug) diag_error(p->d, (Loc){0}, _("--data %s=…: no table named '%s'; did you mean '%s'?"), p->o->data[i].table, p->o->data[i].table, sug);
    else diag_error(p->d, (Loc){0}, _("--data %s=…: no table named '%s' in %s"), p->o->data[i].table, p->o->data[i].table, p->c->main->path);
    ok = false;
  }
  return ok;
}

/* The tables whose file was read, for the report's list of sources. */
static void record_tables(Plan *p) {
  EvalResult *r = p->res;
  int cap = 0;
  for (int i = 0; i < p->ntables; i++) {
    const TablePlan *tp = p->tables[i];
    if (!tp->reads) continue;
    TableRead t = {tp->sym->name, tp->sym->decl ? tp->sym->decl->label : NULL, arena_strdup(p->a, tp->path), tp->rows_read,
                   tp->sha256};
    ARENA_PUSH(p->a, r->tables, r->ntables, cap, t);
  }
}

EvalStatus ev_run_plan(Plan *p, Compilation *c, const EvalOptions *o) {
  Arena *a = arena_new();
  EvalResult *r = arena_alloc(a, sizeof *r);
  r->arena = a;
  *p = (Plan){.c = c, .d = c->diag, .a = a, .o = o, .res = r};
  reset_eval_slots(c);
  if (!set_date(p) || !set_scenario(p) || !check_data_options(p)) return EVAL_DATA_ERROR;
  r->date = p->date_text;
  set_range(p);
  r->scenario = o->range < 0 ? _("low") : o->range > 0 ? _("high") : o->scenario;
  collect_labels(p);
  if (c->main->framework) {
    r->framework = c->main->framework->name;
    r->version = c->main->framework->version;
    r->framework_label = c->main->framework->label;
  }
  r->currency = ev_currency(c->main);
  evaluate(p);
  if (o->sensitivity && !p->script_error && !p->data_error) ev_sensitivity(p);
  record_tables(p);
  r->comp = c;
  return p->script_error ? EVAL_SCRIPT_ERROR : p->data_error ? EVAL_DATA_ERROR : EVAL_OK;
}

EvalResult *eval_run(Compilation *c, const EvalOptions *o, EvalStatus *st) {
  Plan plan;
  *st = ev_run_plan(&plan, c, o);
  ev_free_plan(&plan);
  if (*st != EVAL_OK) { eval_free(plan.res); return NULL; }
  return plan.res;
}

const char *ev_currency(const Module *m) {
  const char *c = m->framework ? m->framework->currency : NULL;
  return !c || !strcmp(c, "EUR") ? "€" : c;
}

static void published_free(Published *p) {
  if (!p->given) return;
  num_clear(&p->value); num_clear(&p->diff); num_clear(&p->rel);
}

void eval_free(EvalResult *r) {
  if (!r) return;
  ev_sensitivity_free(r);
  ev_panels_free(r);
  ev_indices_free(r);
  for (int i = 0; i < r->ninds; i++)
    for (int j = 0; j < r->inds[i].nrows; j++) num_clear(&r->inds[i].rows[j].cell.value);
  for (int i = 0; i < r->nvals; i++) {
    ValuationResult *v = &r->vals[i];
    num_clear(&v->deadweight); num_clear(&v->attribution); num_clear(&v->displacement);
    num_clear(&v->drop_off); num_clear(&v->rate);
    for (int k = 0; k < v->nparts; k++) num_clear(&v->parts[k].value);
    for (int j = 0; j < v->nrows; j++) {
      ValuationRow *row = &v->rows[j];
      num_clear(&row->quantity); num_clear(&row->proxy); num_clear(&row->present_value);
      for (int k = 0; k < row->nyears; k++) { num_clear(&row->impact[k]); num_clear(&row->discounted[k]); }
      for (int k = 0; k < row->nshares; k++) num_clear(&row->shares[k].value);
    }
    published_free(&v->published);
  }
  for (int i = 0; i < r->ncosts; i++) {
    CostResult *c = &r->costs[i];
    num_clear(&c->amount);
    for (int k = 0; k < c->nyears; k++) num_clear(&c->amounts[k]);
    published_free(&c->published);
  }
  for (int i = 0; i < r->nstmts; i++) {
    StatementResult *s = &r->stmts[i];
    num_clear(&s->present_value); num_clear(&s->costs); num_clear(&s->net_present_value); num_clear(&s->ratio);
    for (int k = 0; k < s->nstakeholders; k++) num_clear(&s->by_stakeholder[k].value);
    for (int k = 0; k < s->nchains; k++) num_clear(&s->by_chain[k].value);
    for (int k = 0; k < s->nlines; k++) {
      StatementLine *l = &s->lines[k];
      num_clear(&l->present_value);
      num_clear(&l->share);
      for (int y = 0; y < l->nyears; y++) { num_clear(&l->flows[y]); num_clear(&l->discounted[y]); }
    }
    sroi_conv_clear(&s->conv);
    num_clear(&s->beta);
    published_free(&s->published);
    published_free(&s->published_ratio);
  }
  for (int i = 0; i < r->nparams; i++) { num_clear(&r->params[i].value); num_clear(&r->params[i].ref_value); }
  for (int i = 0; i < r->nchecks; i++) { num_clear(&r->checks[i].lhs.cell.value); num_clear(&r->checks[i].rhs.cell.value); }
  arena_free(r->arena);
}
