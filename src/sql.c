/* sql.c — the table passes of `pvs sql` (see sql_int.h): each table used by an aggregate is
 * read once, by one CTE that computes every aggregate over it for every grouping set it is
 * broken down by (GROUP BY GROUPING SETS (…, ())), with its réf columns joined and its
 * dimensions derived (a column, or a territory level: département from a commune code by
 * the INSEE rule, région from the table pvs_territoire). Also the breakdowns, and the
 * pass results a group-level formula joins (sq_ref). */
#include "intl.h"
#include "sql_int.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }

SBy *sq_by(SqlGen *g, const char **dims, int ndims) {
  if (!ndims) return NULL;
  const char *sig = dims[0];
  for (int i = 1; i < ndims; i++) sig = arena_printf(g->a, "%s|%s", sig, dims[i]);
  for (int i = 0; i < g->nbys; i++) if (!strcmp(g->bys[i]->sig, sig)) return g->bys[i];
  SBy *b = arena_alloc(g->a, sizeof *b);
  b->dims = arena_alloc(g->a, sizeof *b->dims * (size_t)ndims);
  memcpy(b->dims, dims, sizeof *dims * (size_t)ndims);
  b->ndims = ndims;
  b->numeric = arena_alloc(g->a, sizeof *b->numeric * (size_t)ndims);
  for (int i = 0; i < ndims; i++) b->numeric[i] = false;
  b->sig = sig;
  b->id = g->nbys + 1;
  ARENA_PUSH(g->a, g->bys, g->nbys, g->bycap, b);
  return b;
}

SPass *sq_pass(SqlGen *g, Sym *table) {
  for (int i = 0; i < g->npasses; i++) if (g->passes[i]->table == table) return g->passes[i];
  SPass *p = arena_alloc(g->a, sizeof *p);
  p->table = table;
  p->id = g->npasses + 1;
  ARENA_PUSH(g->a, g->passes, g->npasses, g->pcap, p);
  return p;
}

int sq_pass_agg(SqlGen *g, SPass *p, const char *sql) {
  for (int i = 0; i < p->naggs; i++) if (!strcmp(p->aggs[i], sql)) return i + 1;
  ARENA_PUSH(g->a, p->aggs, p->naggs, p->acap, sql);
  return p->naggs;
}

/* Whether dim is read from an entier or décimal column of t (directly or through réf, as
 * dim_sql reads it). */
static bool dim_numeric(const Sym *t, const char *dim, int depth) {
  Sym *col = sym_column(t, dim);
  if (col) return col->item->col->kind == COL_INTEGER || col->item->col->kind == COL_DECIMAL;
  for (int k = 0; depth < 3 && territory_level(dim) == TERR_OTHER && k < t->ncolumns; k++) {
    Sym *tgt = sym_ref_target(t->columns[k]);
    if (tgt && dim_numeric(tgt, dim, depth + 1)) return true;
  }
  return false;
}

void sq_pass_by(SqlGen *g, SPass *p, SBy *by) {
  for (int i = 0; i < p->nbys; i++) if (p->bys[i] == by) return;
  ARENA_PUSH(g->a, p->bys, p->nbys, p->bcap, by);
  for (int d = 0; d < by->ndims; d++) {
    by->numeric[d] |= dim_numeric(p->table, by->dims[d], 0);
    bool have = false;
    for (int i = 0; i < p->ndims; i++) have |= !strcmp(p->dims[i], by->dims[d]);
    if (!have) ARENA_PUSH(g->a, p->dims, p->ndims, p->dcap, by->dims[d]);
  }
}

const char *sq_join(SqlGen *g, SPass *p, const char *from_alias, Sym *refcol) {
  for (int i = 0; i < p->njoins; i++)
    if (p->joins[i].col == refcol && !strcmp(p->joins[i].from_alias, from_alias)) return p->joins[i].alias;
  SJoin j = {arena_printf(g->a, "j%d", p->njoins + 1), from_alias, refcol, sym_ref_target(refcol)};
  ARENA_PUSH(g->a, p->joins, p->njoins, p->jcap, j);
  return j.alias;
}

const char *sq_ref(SqlGen *g, GCtx *cx, SPass *p, SBy *by) {
  const char *alias = arena_printf(g->a, "p%db%d", p->id, by ? by->id : 0);
  for (int i = 0; i < cx->nrefs; i++) if (cx->refs[i].pass == p && cx->refs[i].by == by) return alias;
  SRef r = {p, by};
  ARENA_PUSH(g->a, cx->refs, cx->nrefs, cx->rcap, r);
  return alias;
}

/* ---- dimensions ---- */
static int key_col(const Sym *t) {
  for (int i = 0; i < t->ncolumns; i++) if (t->columns[i]->item->col->key) return i;
  return -1;
}

/* The dimension as text ('' when missing, as pvs groups it). */
static const char *as_key(SqlGen *g, const char *col, ColKind k) {
  if (k == COL_BOOLEAN) return arena_printf(g->a, "(CASE WHEN %s THEN 'vrai' WHEN NOT %s THEN 'faux' ELSE '' END)", col, col);
  if (k == COL_TEXT || k == COL_TERRITORY || k == COL_REF) return arena_printf(g->a, "coalesce(%s, '')", col);
  const char *t = arena_printf(g->a, "CAST(%s AS %s)", col, duck(g) ? "VARCHAR" : "text");
  if (k == COL_DECIMAL)   /* as pvs writes the number: 2.5, not DuckDB's 2.500000 nor the file's 2.50 */
    t = arena_printf(g->a, "(CASE WHEN strpos(%s, '.') > 0 THEN rtrim(rtrim(%s, '0'), '.') ELSE %s END)", t, t, t);
  return arena_printf(g->a, "coalesce(%s, '')", t);
}

static int territory_col(const Sym *t, TerrLevel *lv) {
  for (int i = 0; i < t->ncolumns; i++) {
    ColType *ct = t->columns[i]->item->col;
    if (ct->kind != COL_TERRITORY) continue;
    *lv = territory_level(ct->target);
    if (*lv == TERR_COMMUNE || *lv == TERR_DEPARTEMENT) return i;
  }
  return -1;
}

/* Département of a commune code: 3 characters for 97x, else 2 (territory_departement). */
static const char *departement_sql(SqlGen *g, const char *col, TerrLevel have) {
  if (have == TERR_DEPARTEMENT) return arena_printf(g->a, "substr(%s, 1, 3)", col);
  return arena_printf(g->a, "(CASE WHEN length(%s) < 2 THEN NULL WHEN %s LIKE '97%%' THEN "
                            "(CASE WHEN length(%s) >= 3 THEN substr(%s, 1, 3) END) ELSE substr(%s, 1, 2) END)",
                      col, col, col, col, col);
}

/* dim read from table t (alias), directly, by territory, or through réf (depth ≤ 3). */
static const char *dim_sql(SqlGen *g, SPass *p, const Sym *t, const char *alias, const char *dim, int depth) {
  Sym *col = sym_column(t, dim);
  if (col) return as_key(g, arena_printf(g->a, "%s.%s", alias, sq_ident(g, col->name)), col->item->col->kind);
  TerrLevel want = territory_level(dim), have;
  int i = (want == TERR_DEPARTEMENT || want == TERR_REGION) ? territory_col(t, &have) : -1;
  if (i >= 0) {
    const char *dep = departement_sql(g, arena_printf(g->a, "%s.%s", alias, sq_ident(g, t->columns[i]->name)), have);
    if (want == TERR_DEPARTEMENT) return arena_printf(g->a, "coalesce(%s, '')", dep);
    if (p->region_dep && strcmp(p->region_dep, dep)) {
      sq_fail(g, t->loc, _("régions derived from two territory columns of one table; only one is supported"));
      return "''";
    }
    p->region_dep = dep;
    return "coalesce(terr.region, '')";
  }
  if (depth >= 3) return NULL;
  for (int k = 0; k < t->ncolumns; k++) {
    Sym *tgt = sym_ref_target(t->columns[k]);
    if (!tgt) continue;
    const char *j = sq_join(g, p, alias, t->columns[k]);
    const char *s = dim_sql(g, p, tgt, j, dim, depth + 1);
    if (s) return s;
  }
  return NULL;
}

static void plan_dims(SqlGen *g, SPass *p) {
  p->dimsql = arena_alloc(g->a, sizeof *p->dimsql * (size_t)(p->ndims + 1));
  for (int i = 0; i < p->ndims; i++) {
    p->dimsql[i] = dim_sql(g, p, p->table, "t", p->dims[i], 0);
    if (!p->dimsql[i]) {
      g->owner = NULL;
      sq_fail(g, p->table->loc, _("table '%s' has no column '%s' to break results down by, nor a territory column it can be derived from"),
              p->table->name, p->dims[i]);
      p->dimsql[i] = "''";
    }
  }
}

/* GROUPING(d1…dn) of the grouping set of `by` (NULL: the total): bit n-1-i set when
 * dimension i is not in the set. */
static int grouping_id(const SPass *p, const SBy *by) {
  int id = 0;
  for (int i = 0; i < p->ndims; i++) {
    bool in = false;
    for (int d = 0; by && d < by->ndims; d++) in |= !strcmp(by->dims[d], p->dims[i]);
    if (!in) id |= 1 << (p->ndims - 1 - i);
  }
  return id;
}

/* The column of the pass holding dimension `dim` (d1, d2…). */
static int dim_index(const SPass *p, const char *dim) {
  for (int i = 0; i < p->ndims; i++) if (!strcmp(p->dims[i], dim)) return i + 1;
  return 0;
}

/* ---- writing the passes ---- */
static void write_joins(SqlGen *g, const SPass *p, FILE *out) {
  for (int i = 0; i < p->njoins; i++) {
    const SJoin *j = &p->joins[i];
    int k = key_col(j->table);
    if (k < 0) {
      sq_fail(g, j->table->loc, _("table '%s' is referenced with réf but has no 'clé' column"), j->table->name);
      continue;
    }
    fprintf(out, "\n    LEFT JOIN %s AS %s ON %s.%s = %s.%s", sq_ident(g, j->table->name), j->alias, j->alias,
            sq_ident(g, j->table->columns[k]->name), j->from_alias, sq_ident(g, j->col->name));
  }
  if (p->region_dep) fprintf(out, "\n    LEFT JOIN pvs_territoire AS terr ON terr.departement = %s", p->region_dep);
}

static void write_pass(SqlGen *g, SPass *p, FILE *out) {
  fprintf(out, "  p_%d AS MATERIALIZED (   ", p->id);
  fprintf(out, _("-- table %s: one pass"), p->table->name);
  fputs("\n    SELECT ", out);
  if (p->ndims) {
    fputs("GROUPING(", out);
    for (int i = 0; i < p->ndims; i++) fprintf(out, "%s%s", i ? ", " : "", p->dimsql[i]);
    fputs(") AS gs", out);
    for (int i = 0; i < p->ndims; i++) fprintf(out, ",\n      %s AS d%d", p->dimsql[i], i + 1);
  } else fputs("0 AS gs", out);
  for (int i = 0; i < p->naggs; i++) fprintf(out, ",\n      %s AS a%d", p->aggs[i], i + 1);
  fprintf(out, "\n    FROM %s AS t", sq_ident(g, p->table->name));
  write_joins(g, p, out);
  if (p->ndims) {
    fputs("\n    GROUP BY GROUPING SETS (", out);
    for (int b = 0; b < p->nbys; b++) {
      fputs("(", out);
      for (int d = 0; d < p->bys[b]->ndims; d++)
        fprintf(out, "%s%s", d ? ", " : "", p->dimsql[dim_index(p, p->bys[b]->dims[d]) - 1]);
      fputs("), ", out);
    }
    fputs("())", out);
  }
  fputs("\n  )", out);
}

/* The groups of a result broken down by `by`: those of the rows it reads, the union of the
 * keys of every pass result it joins in that breakdown (none when it reads no table). */
static const char *keys_sql(SqlGen *g, const GCtx *cx) {
  const SBy *by = cx->by;
  const char *s = NULL;
  for (int i = 0; i < cx->nrefs; i++) {
    const SPass *p = cx->refs[i].pass;
    if (cx->refs[i].by != by) continue;
    const char *sel = "SELECT ";
    for (int d = 0; d < by->ndims; d++) sel = arena_printf(g->a, "%s%sd%d AS k%d", sel, d ? ", " : "", dim_index(p, by->dims[d]), d + 1);
    s = arena_printf(g->a, "%s%s%s FROM p_%d WHERE gs = %d", s ? s : "", s ? " UNION " : "", sel, p->id, grouping_id(p, by));
  }
  if (s) return s;
  s = "SELECT ";
  for (int d = 0; d < by->ndims; d++) s = arena_printf(g->a, "%s%sCAST(NULL AS %s) AS k%d", s, d ? ", " : "", duck(g) ? "VARCHAR" : "text", d + 1);
  return arena_printf(g->a, "%s WHERE FALSE", s);
}

void sq_write_passes(SqlGen *g, FILE *out) {
  for (int i = 0; i < g->npasses; i++) plan_dims(g, g->passes[i]);
  for (int i = 0; i < g->npasses; i++) { write_pass(g, g->passes[i], out); fputs(",\n", out); }
}

/* FROM keys_<by> (or one row for the total) with the pass results cx joined. */
const char *sq_from(SqlGen *g, const GCtx *cx) {
  const char *s = cx->by ? arena_printf(g->a, "(%s) AS k", keys_sql(g, cx)) : "(SELECT 1 AS one) AS k";
  for (int i = 0; i < cx->nrefs; i++) {
    const SRef *r = &cx->refs[i];
    const char *alias = arena_printf(g->a, "p%db%d", r->pass->id, r->by ? r->by->id : 0);
    const char *on = arena_printf(g->a, "%s.gs = %d", alias, grouping_id(r->pass, r->by));
    for (int d = 0; r->by && d < r->by->ndims; d++)
      on = arena_printf(g->a, "%s AND %s.d%d = k.k%d", on, alias, dim_index(r->pass, r->by->dims[d]), d + 1);
    s = arena_printf(g->a, "%s\n      LEFT JOIN p_%d AS %s ON %s", s, r->pass->id, alias, on);
  }
  return s;
}
