/* sql.c — the table passes of `pvs sql` (see sql_int.h): each table used by an aggregate is
 * read once, by one CTE that computes every aggregate over it for every grouping set it is
 * broken down by (GROUP BY GROUPING SETS (…, ())), with its réf columns joined and its
 * dimensions derived (a column, or a territory level a territory column gives, sql_terr.c).
 * Also the breakdowns, and the pass results a group-level formula joins (sq_ref). */
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

/* dim read from table t (alias): a column of that name, a territory level derived from a
 * territory column (as pvs eval's breakdowns read it, ev_dim_column), or through réf (depth ≤ 3). */
static const char *dim_sql(SqlGen *g, SPass *p, const Sym *t, const char *alias, const char *dim, int depth) {
  TerrDerive d;
  int i = ev_dim_column(t, dim, &d);
  if (i >= 0) {
    const Sym *col = t->columns[i];
    ColKind k = d.to != TERR_OTHER ? COL_TEXT : col->item->col->kind;
    return as_key(g, sq_terr_value(g, p, alias, col, &d), k);
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
  sq_write_terr_joins(g, p, out);
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
  const char *s = cx->by ? arena_printf(g->a, "(%s) AS k%s", keys_sql(g, cx), sq_sort_joins(g, cx->by)) : "(SELECT 1 AS one) AS k";
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

/* ---- unique keys, réf that designate a row ---- */
/* An error expression of the dialect: msg (an SQL text) followed by the SQL text val. */
static const char *data_error(SqlGen *g, const char *msg, const char *val) {
  return duck(g) ? arena_printf(g->a, "error(%s || %s)", msg, val) : arena_printf(g->a, "CAST(%s || %s AS integer)", msg, val);
}

static const char *as_text(SqlGen *g, const char *sql) { return arena_printf(g->a, "CAST(%s AS %s)", sql, duck(g) ? "VARCHAR" : "text"); }

/* 1, or an error naming one duplicated key of table t (its clé column k). */
static const char *unique_key(SqlGen *g, const Sym *t, int k) {
  const char *col = sq_ident(g, t->columns[k]->name);
  const char *msg = sq_text(g, arena_printf(g->a, _("pvs: table '%s': a key appears more than once in column '%s', which pvs eval "
                                                    "refuses too (each row must have its own key): "), t->name, t->columns[k]->name));
  return arena_printf(g->a, "(SELECT CASE WHEN count(*) = 0 THEN 1 ELSE %s END FROM (SELECT %s FROM %s WHERE %s IS NOT NULL "
                            "GROUP BY %s HAVING count(*) > 1) AS d)",
                      data_error(g, msg, as_text(g, arena_printf(g->a, "min(%s)", col))), col, sq_ident(g, t->name), col, col);
}

/* 1, or an error naming one value of réf column c of table t that designates no row. */
static const char *found_ref(SqlGen *g, const Sym *t, const Sym *c) {
  const Sym *u = sym_ref_target(c);
  int k = u ? key_col(u) : -1;
  if (k < 0) return NULL;   /* said by write_joins when the réf is followed */
  const char *col = arena_printf(g->a, "t.%s", sq_ident(g, c->name)), *key = arena_printf(g->a, "u.%s", sq_ident(g, u->columns[k]->name));
  const char *msg = sq_text(g, arena_printf(g->a, _("pvs: table '%s': a value of column '%s' designates no row of table '%s' (a dangling "
                                                    "réf), which pvs eval refuses too: "), t->name, c->name, u->name));
  return arena_printf(g->a, "(SELECT CASE WHEN count(*) = 0 THEN 1 ELSE %s END FROM %s AS t LEFT JOIN %s AS u ON %s = %s "
                            "WHERE %s IS NOT NULL AND %s IS NULL)",
                      data_error(g, msg, as_text(g, arena_printf(g->a, "min(%s)", col))), sq_ident(g, t->name),
                      sq_ident(g, u->name), key, col, col, key);
}

/* pvs eval refuses a table whose clé has a duplicate, or whose réf designates no row (every
 * table, read or not): so does the query, whatever the database's constraints. pvs_cles has
 * one row, or stops the query with an error naming the table and one value. */
bool sq_write_key_guard(SqlGen *g, FILE *out) {
  const char *sum = NULL;
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      const Sym *t = g->c->mods[m]->syms[i];
      if (t->kind != S_TABLE) continue;
      int k = key_col(t);
      const char *one = k >= 0 ? unique_key(g, t, k) : NULL;
      if (one) sum = sum ? arena_printf(g->a, "%s\n      + %s", sum, one) : one;
      for (int c = 0; c < t->ncolumns; c++)
        if (sym_ref_target(t->columns[c]) && (one = found_ref(g, t, t->columns[c])))
          sum = sum ? arena_printf(g->a, "%s\n      + %s", sum, one) : one;
    }
  if (sum) fprintf(out, "  pvs_cles AS MATERIALIZED (   %s\n    SELECT %s AS ok\n  ),\n", _("-- every clé unique and every réf found, as pvs eval requires"), sum);
  return sum != NULL;
}
