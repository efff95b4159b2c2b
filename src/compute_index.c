/* compute_index.c — composite indices (`indice`, doc/methode-indices.md; OECD/JRC Handbook on
 * Constructing Composite Indicators, 2008), computed from the indicators' results once every
 * table has been read: nothing here reads a row.
 *
 * The groups are those of the components' common breakdown (a group missing from one
 * component has no value there). Each component is normalised over the groups that have a
 * value, then the index of each group aggregates the normalised values with the weights:
 *
 *   min_max          100·(x − min)/(max − min); lower is better: 100·(max − x)/(max − min)
 *   distance_cible   100·(1 + (x − t)/|t|); lower is better: 100·(1 − (x − t)/|t|)
 *                    (100 = the target reached; computed for the total row too)
 *   z_score          (x − mean)/σ, σ the population standard deviation (divisor n);
 *                    lower is better: its opposite — each z computed to 20 decimals,
 *                    correctly rounded, as sign·√((x − mean)²/σ²): never through a double
 *   rangs            the group's rank among those with a value, 1 the worst, ties sharing
 *                    their mean rank (exact)
 *   arithmétique     Σ wᵢ·yᵢ (exact but for z-scores)
 *   géométrique      Π yᵢ^wᵢ: with wᵢ = pᵢ/q (weights in hundredths of a percent, so q ≤
 *                    10,000), the q-th root of the exact Π yᵢ^pᵢ, to 20 decimals, correctly
 *                    rounded; a negative normalised value leaves the group without an index
 *   manquant         aucune_valeur: a group lacking a component has no index; exclure: its
 *                    present components' weights are rescaled to add up to 100 %.
 * Min-max and z-scores need the groups to differ: a component equal in every group is
 * normalised nowhere (said once). */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

static const IndicatorResult *result_of(const EvalResult *r, const Sym *s) {
  for (int i = 0; i < r->ninds; i++)
    if (r->inds[i].sym == s) return &r->inds[i];
  return NULL;
}

static const Sym *indicator_of(const Sym *s, const Expr *e) {
  Resolved r = e->kind == EX_NAME ? sym_resolve(s->mod, NULL, &e->name) : (Resolved){0};
  return r.kind == R_GLOBAL && r.sym->kind == S_INDICATOR ? r.sym : NULL;
}

static ChoiceId word(const Sym *s, FieldId f) {
  Item *it = schema_find(s->decl, f);
  const Expr *e = it && it->values.n ? it->values.v[0]->value : NULL;
  ChoiceId c = e && e->kind == EX_NAME && e->name.n == 1 ? schema_choice_lookup(f, e->name.parts[0]) : C__COUNT;
  for (int i = 0; c == C__COUNT && i < C__COUNT; i++)
    if (schema_choice((ChoiceId)i)->field == f) c = (ChoiceId)i;
  return c;
}

static int declared_decimals(const Sym *s, int otherwise) {
  const Item *it = schema_find(s->decl, F_DECIMALS);
  const Expr *e = it && it->values.n ? it->values.v[0]->value : NULL;
  Num n = NUM_INIT;
  long d = -1;
  if (!e || e->kind != EX_NUM || !num_parse_literal(&n, e->num.text) || !num_to_long(&n, &d) || d < 0 || d > 12) d = otherwise;
  num_clear(&n);
  return (int)d;
}

/* The number after component ind in field f (poids: a 40 %, cibles: a 80 %), as written. */
static bool named_number(const Sym *s, FieldId f, const Sym *ind, Num *out) {
  Item *it = schema_find(s->decl, f);
  for (int i = 0; it && i < it->values.n; i++) {
    const FieldValue *v = it->values.v[i];
    if (v->share && v->share->kind == EX_NUM && indicator_of(s, v->value) == ind) return num_parse_literal(out, v->share->num.text);
  }
  return false;
}

static bool listed(const Sym *s, FieldId f, const Sym *ind) {
  Item *it = schema_find(s->decl, f);
  for (int i = 0; it && i < it->values.n; i++)
    if (indicator_of(s, it->values.v[i]->value) == ind) return true;
  return false;
}

/* Two group keys in the report's order (ev_key_compare: numbers by value, dates by date…). */
static int key_cmp(const Breakdown *by, const char **a, const char **b) {
  for (int d = 0; d < by->ndims; d++) {
    TerrLevel lv = by->levels ? by->levels[d] : TERR_OTHER;
    int c = ev_key_compare(lv, by->kinds ? by->kinds[d] : KEY_TEXT, a[d], strlen(a[d]), b[d], strlen(b[d]));
    if (c) return c;
  }
  return 0;
}

typedef struct Key { const char **key; const Breakdown *by; } Key;
static int qsort_keys(const void *a, const void *b) {
  const Key *x = a, *y = b;
  return key_cmp(x->by, x->key, y->key);
}

static bool same_breakdown(const Breakdown *a, const Breakdown *b) {
  if (a->ndims != b->ndims) return false;
  for (int d = 0; d < a->ndims; d++)
    if (strcmp(a->dims[d], b->dims[d])) return false;
  return true;
}

/* The groups of every component (their union, in key order), then the total row when the
 * normalisation gives it a meaning (distance to target). */
static void make_rows(Plan *p, IndexResult *x, const IndicatorResult **ir) {
  int cap = 0, n = 0;
  for (int c = 0; c < x->ncomps; c++) cap += ir[c]->nrows;
  Key *keys = arena_alloc(p->a, sizeof *keys * (size_t)(cap + 1));
  for (int c = 0; c < x->ncomps; c++)
    for (int k = 0; k < ir[c]->nrows; k++)
      if (ir[c]->rows[k].key) keys[n++] = (Key){ir[c]->rows[k].key, &x->by};
  qsort(keys, (size_t)n, sizeof *keys, qsort_keys);
  int m = 0;
  for (int i = 0; i < n; i++)
    if (!m || key_cmp(&x->by, keys[m - 1].key, keys[i].key)) keys[m++] = keys[i];
  bool total = x->norm == C_NORM_TARGET;
  x->rows = arena_alloc(p->a, sizeof *x->rows * (size_t)(m + 1));
  x->nrows = m + total;
  int *at = arena_alloc(p->a, sizeof *at * (size_t)(x->ncomps + 1));   /* each component's next row */
  for (int g = 0; g < x->nrows; g++) {
    IndexRow *row = &x->rows[g];
    row->key = g < m ? keys[g].key : NULL;
    num_init(&row->value);
    row->parts = arena_alloc(p->a, sizeof *row->parts * (size_t)x->ncomps);
    for (int c = 0; c < x->ncomps; c++) {
      IndexPart *pt = &row->parts[c];
      num_init(&pt->value); num_init(&pt->norm); num_init(&pt->weight); num_init(&pt->contribution);
      pt->missing = pt->absent = true;
      /* the component's rows are in the same order (groups, then the total): a merge */
      while (at[c] < ir[c]->nrows && ir[c]->rows[at[c]].key && (!row->key || key_cmp(&x->by, ir[c]->rows[at[c]].key, row->key) < 0))
        at[c]++;
      const ResultRow *rr = at[c] < ir[c]->nrows ? &ir[c]->rows[at[c]] : NULL;
      if (!rr || (row->key ? !rr->key || key_cmp(&x->by, rr->key, row->key) : rr->key != NULL)) continue;
      if (!rr->cell.missing) { num_set(&pt->value, &rr->cell.value); pt->missing = pt->absent = false; }
    }
  }
}

/* ---- normalisations ---- */
static void no_spread(Plan *p, const IndexResult *x, const IndexComponent *c) {
  diag_warning(p->d, x->sym->loc, _("indice '%s': component '%s' has the same value in every group, so %s cannot normalise "
                                    "it; it has no normalised value"), x->name, c->name,
               schema_choice(x->norm)->fr);
  p->res->warnings++;
}

static void min_max(Plan *p, IndexResult *x, int c) {
  IndexComponent *k = &x->comps[c];
  bool any = false;
  for (int g = 0; g < x->nrows; g++) {
    const IndexPart *pt = &x->rows[g].parts[c];
    if (pt->missing || !x->rows[g].key) continue;
    if (!any || num_cmp(&pt->value, &k->lo) < 0) num_set(&k->lo, &pt->value);
    if (!any || num_cmp(&pt->value, &k->hi) > 0) num_set(&k->hi, &pt->value);
    any = true;
  }
  Num range = NUM_INIT, h = NUM_INIT;
  num_sub(&range, &k->hi, &k->lo);
  num_set_long(&h, 100);
  k->spread = any && !num_is_zero(&range);
  if (any && !k->spread) no_spread(p, x, k);
  for (int g = 0; g < x->nrows; g++) {
    IndexPart *pt = &x->rows[g].parts[c];
    if (pt->missing) continue;
    if (!k->spread) { pt->missing = true; continue; }
    if (k->lower_better) num_sub(&pt->norm, &k->hi, &pt->value);
    else num_sub(&pt->norm, &pt->value, &k->lo);
    num_mul(&pt->norm, &pt->norm, &h);
    num_div(&pt->norm, &pt->norm, &range);
  }
  num_clear(&range); num_clear(&h);
}

static void distance(IndexResult *x, int c) {
  IndexComponent *k = &x->comps[c];
  Num t = NUM_INIT, h = NUM_INIT, one = NUM_INIT;
  num_abs(&t, &k->target);
  num_set_long(&h, 100);
  num_set_long(&one, 1);
  for (int g = 0; g < x->nrows; g++) {
    IndexPart *pt = &x->rows[g].parts[c];
    if (pt->missing) continue;
    num_sub(&pt->norm, &pt->value, &k->target);
    num_div(&pt->norm, &pt->norm, &t);
    if (k->lower_better) num_sub(&pt->norm, &one, &pt->norm);
    else num_add(&pt->norm, &one, &pt->norm);
    num_mul(&pt->norm, &pt->norm, &h);
  }
  num_clear(&t); num_clear(&h); num_clear(&one);
}

static void z_score(Plan *p, IndexResult *x, int c) {
  IndexComponent *k = &x->comps[c];
  Num sum = NUM_INIT, var = NUM_INIT, d = NUM_INIT, cnt = NUM_INIT;
  long n = 0;
  for (int g = 0; g < x->nrows; g++)
    if (!x->rows[g].parts[c].missing) { num_add(&sum, &sum, &x->rows[g].parts[c].value); n++; }
  if (n) {
    num_set_long(&cnt, n);
    num_div(&k->lo, &sum, &cnt);   /* the mean */
    for (int g = 0; g < x->nrows; g++) {
      if (x->rows[g].parts[c].missing) continue;
      num_sub(&d, &x->rows[g].parts[c].value, &k->lo);
      num_mul(&d, &d, &d);
      num_add(&var, &var, &d);
    }
    num_div(&var, &var, &cnt);
    num_sqrt(&k->hi, &var, INDEX_DECIMALS);
  }
  k->spread = n && !num_is_zero(&var);
  if (n && !k->spread) no_spread(p, x, k);
  for (int g = 0; g < x->nrows; g++) {
    IndexPart *pt = &x->rows[g].parts[c];
    if (pt->missing) continue;
    if (!k->spread) { pt->missing = true; continue; }
    num_sub(&d, &pt->value, &k->lo);
    int sign = num_sign(&d) * (k->lower_better ? -1 : 1);
    num_mul(&d, &d, &d);
    num_div(&d, &d, &var);
    num_sqrt(&pt->norm, &d, INDEX_DECIMALS);
    if (sign < 0) num_neg(&pt->norm, &pt->norm);
  }
  num_clear(&sum); num_clear(&var); num_clear(&d); num_clear(&cnt);
}

static int by_value(const void *a, const void *b) { return num_cmp(&(*(IndexPart *const *)a)->value, &(*(IndexPart *const *)b)->value); }

/* Sorted by value, each run of equal values gets the mean of its ranks: 1 + below + (ties − 1)/2. */
static void ranks(Plan *p, IndexResult *x, int c) {
  IndexPart **v = arena_alloc(p->a, sizeof *v * (size_t)(x->nrows + 1));
  long n = 0;
  for (int g = 0; g < x->nrows; g++)
    if (!x->rows[g].parts[c].missing) v[n++] = &x->rows[g].parts[c];
  qsort(v, (size_t)n, sizeof *v, by_value);
  for (long i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && !num_cmp(&v[j]->value, &v[i]->value); j++) {}
    long below = x->comps[c].lower_better ? n - j : i, ties = j - i;
    for (long k = i; k < j; k++) num_set_frac(&v[k]->norm, 2 * below + ties + 1, 2);
  }
}

/* ---- aggregation ---- */
static void arithmetic(IndexRow *row, int n) {
  for (int c = 0; c < n; c++) {
    IndexPart *pt = &row->parts[c];
    if (pt->missing) continue;
    num_mul(&pt->contribution, &pt->weight, &pt->norm);
    num_add(&row->value, &row->value, &pt->contribution);
  }
}

static unsigned long gcd(unsigned long a, unsigned long b) {
  while (b) { unsigned long t = a % b; a = b; b = t; }
  return a;
}

/* Component c's declared weight in hundredths of a percent (40 % → 4000; the checker allows
 * two decimals with a geometric mean), 0 when absent from the row, -1 when not whole. */
static long hundredths(const IndexResult *x, const IndexRow *row, int c) {
  if (row->parts[c].missing) return 0;
  Num t = NUM_INIT, k = NUM_INIT;
  num_set_long(&k, 10000);
  num_mul(&t, &x->comps[c].weight, &k);
  long v;
  if (!num_to_long(&t, &v)) v = -1;
  num_clear(&t); num_clear(&k);
  return v;
}

/* Π y^w as the q-th root of the exact Π y^p (w = p/q); false when a y is negative. */
static bool geometric(const IndexResult *x, IndexRow *row) {
  unsigned long q = 0, g = 0;
  bool ok = true;
  for (int c = 0; c < x->ncomps; c++) {
    long h = hundredths(x, row, c);
    if (h < 0 || (h && num_sign(&row->parts[c].norm) < 0)) ok = false;
    if (h <= 0) continue;
    q += (unsigned long)h;
    g = gcd(g, (unsigned long)h);
  }
  if (!ok || !g) return false;
  Num t = NUM_INIT, prod = NUM_INIT;
  num_set_long(&prod, 1);
  for (int c = 0; c < x->ncomps; c++) {
    long h = hundredths(x, row, c);
    if (h <= 0) continue;
    num_pow(&t, &row->parts[c].norm, h / (long)g);
    num_mul(&prod, &prod, &t);
    num_root(&row->parts[c].contribution, &t, q / g, INDEX_DECIMALS);
  }
  num_root(&row->value, &prod, q / g, INDEX_DECIMALS);
  num_clear(&t); num_clear(&prod);
  return true;
}

static void aggregate(Plan *p, IndexResult *x, bool *warned) {
  for (int g = 0; g < x->nrows; g++) {
    IndexRow *row = &x->rows[g];
    Num present = NUM_INIT;
    bool lacking = false;
    for (int c = 0; c < x->ncomps; c++) {
      if (row->parts[c].missing) lacking = true;
      else num_add(&present, &present, &x->comps[c].weight);
    }
    row->missing = num_is_zero(&present) || (lacking && x->missing_policy == C_MISSING_NO_VALUE);
    for (int c = 0; !row->missing && c < x->ncomps; c++)
      if (!row->parts[c].missing) num_div(&row->parts[c].weight, &x->comps[c].weight, &present);
    num_clear(&present);
    if (row->missing) continue;
    if (x->agg == C_AGG_ARITHMETIC) { arithmetic(row, x->ncomps); continue; }
    if (geometric(x, row)) continue;
    row->missing = true;
    if (*warned) continue;
    *warned = true;
    diag_warning(p->d, x->sym->loc, _("indice '%s': a geometric mean of negative normalised values has no meaning; the groups "
                                      "with one have no index"), x->name);
    p->res->warnings++;
  }
}

/* ---- one index ---- */
static bool components(Plan *p, const Sym *s, IndexResult *x, const IndicatorResult ***out) {
  Item *it = schema_find(s->decl, F_COMPONENTS);
  int n = it ? it->values.n : 0;
  const IndicatorResult **ir = arena_alloc(p->a, sizeof *ir * (size_t)(n + 1));
  x->comps = arena_alloc(p->a, sizeof *x->comps * (size_t)(n + 1));
  Num h = NUM_INIT;
  num_set_long(&h, 100);
  for (int c = 0; c < n; c++) {
    const Sym *ind = indicator_of(s, it->values.v[c]->value);
    ir[c] = ind ? result_of(p->res, ind) : NULL;
    if (!ir[c]) { num_clear(&h); return false; }   /* not computed (its tables were not given) */
    if (c && !same_breakdown(&ir[0]->by, &ir[c]->by)) {
      diag_warning(p->d, s->loc, _("indice '%s' is not computed: its components are not broken down the same way in this "
                                   "evaluation ('%s' and '%s'; --by?)"), s->name, ir[0]->name, ir[c]->name);
      p->res->warnings++;
      num_clear(&h);
      return false;
    }
    IndexComponent *k = &x->comps[x->ncomps++];
    *k = (IndexComponent){.name = ir[c]->name, .label = ir[c]->label, .unit = ir[c]->unit, .decimals = ir[c]->decimals,
                          .lower_better = listed(s, F_LOWER_BETTER, ind)};
    num_init(&k->weight); num_init(&k->target); num_init(&k->lo); num_init(&k->hi);
    if (named_number(s, F_WEIGHTS, ind, &k->weight)) num_div(&k->weight, &k->weight, &h);
    k->has_target = named_number(s, F_TARGETS, ind, &k->target);
  }
  num_clear(&h);
  *out = ir;
  return n > 0;
}

static bool one_index(Plan *p, const Sym *s, IndexResult *x) {
  *x = (IndexResult){.sym = s, .name = s->name, .label = s->decl->label};
  x->norm = word(s, F_NORMALISATION);
  x->agg = word(s, F_AGGREGATION);
  x->missing_policy = word(s, F_MISSING);
  x->decimals = declared_decimals(s, x->norm == C_NORM_Z_SCORE ? 2 : 1);
  x->exact = x->norm != C_NORM_Z_SCORE && x->agg == C_AGG_ARITHMETIC;
  const IndicatorResult **ir = NULL;
  if (!components(p, s, x, &ir)) return false;
  x->by = ir[0]->by;
  make_rows(p, x, ir);
  for (int c = 0; c < x->ncomps; c++) {
    switch (x->norm) {
    case C_NORM_TARGET: distance(x, c); break;
    case C_NORM_Z_SCORE: z_score(p, x, c); break;
    case C_NORM_RANKS: ranks(p, x, c); break;
    default: min_max(p, x, c); break;
    }
  }
  bool warned = false;
  aggregate(p, x, &warned);
  return true;
}

static void index_free(IndexResult *x) {
  for (int c = 0; c < x->ncomps; c++) {
    IndexComponent *k = &x->comps[c];
    num_clear(&k->weight); num_clear(&k->target); num_clear(&k->lo); num_clear(&k->hi);
  }
  for (int g = 0; g < x->nrows; g++) {
    num_clear(&x->rows[g].value);
    for (int c = 0; c < x->ncomps; c++) {
      IndexPart *pt = &x->rows[g].parts[c];
      num_clear(&pt->value); num_clear(&pt->norm); num_clear(&pt->weight); num_clear(&pt->contribution);
    }
  }
}

void ev_indices(Plan *p) {
  EvalResult *r = p->res;
  int n = 0;
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) n += p->c->mods[m]->syms[i]->kind == S_INDEX;
  r->idxs = arena_alloc(p->a, sizeof *r->idxs * (size_t)(n + 1));
  for (int m = 0; m < p->c->nmods; m++)
    for (int i = 0; i < p->c->mods[m]->nsyms; i++) {
      const Sym *s = p->c->mods[m]->syms[i];
      if (s->kind != S_INDEX) continue;
      if (one_index(p, s, &r->idxs[r->nidxs])) r->nidxs++;
      else index_free(&r->idxs[r->nidxs]);
    }
}

void ev_indices_free(EvalResult *r) {
  for (int i = 0; i < r->nidxs; i++) index_free(&r->idxs[i]);
}
