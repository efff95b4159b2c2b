/* sql_terr.c — territories in `pvs sql`, read as pvs eval reads them (scan_terr.c):
 *
 *  - the tables: pvs_territoire (département → région, names), pvs_commune (every current
 *    commune: name, département, région, EPCI, zone A/B/C) and pvs_code (every code a checked
 *    territory column may hold, per level, with the current code pvs eval reads it as — an
 *    arrondissement of Paris, Lyon or Marseille as its commune, an older commune code as the
 *    commune it became, 'Abis' as A_bis — the rank of each current code in the reports'
 *    order, territory_compare, and the official name of each code, what nom() reads), written
 *    by `pvs sql --territories` and `--schema`;
 *  - in a query, a checked territory column's cell as its current code (a join on pvs_code;
 *    an unknown code stops the query with an error naming the table and column, as pvs eval
 *    stops), the levels a territory column gives (a commune its département, région, EPCI and
 *    zone; a département its région) by joins on pvs_commune and pvs_territoire — each join
 *    once per table pass — and the sort key of a territory group. */
#include "eval.h"
#include "intl.h"
#include "mem.h"
#include "sql_int.h"
#include <stdlib.h>
#include <string.h>

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }

/* The level as pvs_code.niveau spells it (ASCII). */
static const char *niveau(TerrLevel lv) {
  static const char *const names[] = {"commune", "departement", "region", "epci", "zone_abc", ""};
  return names[lv <= TERR_OTHER ? lv : TERR_OTHER];
}

/* ---- the tables ---- */
static void put_text(FILE *out, const char *s) {
  putc('\'', out);
  for (const char *p = s ? s : ""; *p; p++) { if (*p == '\'') putc('\'', out); putc(*p, out); }
  putc('\'', out);
}

/* Every current département code (01…95, 2A, 2B, 971…976), as the table knows it. */
static int departements(const char **out) {
  int n = 0;
  char code[16];
  for (int i = 1; i <= 976; i++) {
    if (i > 95 && i < 971) continue;
    snprintf(code, sizeof code, i <= 95 ? "%02d" : "%d", i);
    const char *c = i == 20 ? NULL : territory_code(TERR_DEPARTEMENT, code, strlen(code));
    if (c) out[n++] = c;
    if (i == 20) {
      if ((c = territory_code(TERR_DEPARTEMENT, "2A", 2))) out[n++] = c;
      if ((c = territory_code(TERR_DEPARTEMENT, "2B", 2))) out[n++] = c;
    }
  }
  return n;
}

/* pvs_territoire: département → région, with names (what pvs sql's queries join). */
static void territory_table(const SqlOptions *o, FILE *out) {
  const char *txt = o->dialect == SQL_DUCKDB ? "VARCHAR" : "text";
  fprintf(out, "CREATE TABLE pvs_territoire (departement %s PRIMARY KEY, departement_nom %s NOT NULL, region %s NOT NULL, "
               "region_nom %s NOT NULL);\nINSERT INTO pvs_territoire VALUES", txt, txt, txt, txt);
  const char *deps[128];
  int n = departements(deps);
  for (int i = 0; i < n; i++) {
    const char *r = territory_parent(TERR_DEPARTEMENT, deps[i], strlen(deps[i]), TERR_REGION);
    fprintf(out, "%s\n  (", i ? "," : "");
    put_text(out, deps[i]); fputs(", ", out);
    put_text(out, territory_name(TERR_DEPARTEMENT, deps[i], strlen(deps[i]))); fputs(", ", out);
    put_text(out, r); fputs(", ", out);
    put_text(out, r ? territory_name(TERR_REGION, r, strlen(r)) : "");
    fputs(")", out);
  }
  fputs(";\n", out);
}

/* Every code of 5 characters a commune has, or had (00000…99999, 2A000…2B999), in turn. */
static bool commune_code(int i, char code[16]) {
  if (i < 100000) snprintf(code, 16, "%05d", i);
  else if (i < 102000) snprintf(code, 16, "2%c%03d", i < 101000 ? 'A' : 'B', i % 1000);
  else return false;
  return true;
}

/* pvs_commune: every current commune of the COG with its name, département, région, EPCI and
 * zone A/B/C (territory.h). */
static void commune_table(const SqlOptions *o, FILE *out) {
  const char *txt = o->dialect == SQL_DUCKDB ? "VARCHAR" : "text";
  fprintf(out, "CREATE TABLE pvs_commune (commune %s PRIMARY KEY, nom %s NOT NULL, departement %s NOT NULL, region %s, epci %s, "
               "zone_abc %s);\nINSERT INTO pvs_commune VALUES", txt, txt, txt, txt, txt, txt);
  static const TerrLevel up[] = {TERR_DEPARTEMENT, TERR_REGION, TERR_EPCI, TERR_ZONE_ABC};
  char code[16];
  int n = 0;
  for (int i = 0; commune_code(i, code); i++) {
    const char *c = territory_code(TERR_COMMUNE, code, 5);
    if (!c) continue;
    fprintf(out, "%s\n  (", n++ ? "," : "");
    put_text(out, c);
    fputs(", ", out);
    put_text(out, territory_name(TERR_COMMUNE, c, 5));
    for (int u = 0; u < 4; u++) {
      const char *p = territory_parent(TERR_COMMUNE, c, 5, up[u]);
      fputs(", ", out);
      if (p) put_text(out, p); else fputs("NULL", out);
    }
    fputs(")", out);
  }
  fputs(";\n", out);
}

/* The current codes of one level (static strings), without repeats, for ranking. */
typedef struct Codes { const char **v; int n, cap; } Codes;

static void codes_add(Codes *c, const char *code) {
  if (!code) return;
  if (c->n == c->cap) { c->cap = c->cap ? 2 * c->cap : 256; c->v = mem_realloc(c->v, sizeof *c->v * (size_t)c->cap); }
  c->v[c->n++] = code;
}

static TerrLevel sort_level;
static int cmp_code(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return territory_compare(sort_level, x, strlen(x), y, strlen(y));
}

static void code_row(FILE *out, int *n, TerrLevel lv, const char *code, const char *current, long rank) {
  fprintf(out, "%s\n  ('%s', ", (*n)++ ? "," : "", niveau(lv));
  put_text(out, code);
  fputs(", ", out);
  put_text(out, current);
  if (rank) fprintf(out, ", %ld, ", rank); else fputs(", NULL, ", out);
  const char *name = territory_name(lv, code, strlen(code));   /* an arrondissement has its own */
  if (name) put_text(out, name); else fputs("NULL", out);
  fputs(")", out);
}

/* The current codes of lv ranked in the reports' order (territory_compare), one row each. */
static void ranked_rows(FILE *out, int *n, TerrLevel lv, Codes *c) {
  sort_level = lv;
  qsort(c->v, (size_t)c->n, sizeof *c->v, cmp_code);
  long rank = 0;
  for (int i = 0; i < c->n; i++)
    if (!i || strcmp(c->v[i], c->v[i - 1])) code_row(out, n, lv, c->v[i], c->v[i], ++rank);
  mem_free(c->v);
  *c = (Codes){0};
}

/* pvs_code: every code pvs eval accepts in a checked territory column, per level: the
 * current code it is read as, the rank of a current code in the reports' order, and the
 * official name of the code (what nom() gives). */
static void code_table(const SqlOptions *o, FILE *out) {
  const char *txt = o->dialect == SQL_DUCKDB ? "VARCHAR" : "text";
  fprintf(out, "CREATE TABLE pvs_code (niveau %s NOT NULL, code %s NOT NULL, courant %s NOT NULL, rang integer, nom %s, "
               "PRIMARY KEY (niveau, code));\nINSERT INTO pvs_code VALUES", txt, txt, txt, txt);
  int n = 0;
  Codes com = {0}, dep = {0}, reg = {0}, epci = {0}, zone = {0};
  char code[16];
  for (int i = 0; commune_code(i, code); i++) {
    TerrCommune tc = territory_commune(code, 5);
    if (tc.match == TERR_UNKNOWN) continue;
    if (tc.match != TERR_CURRENT) { code_row(out, &n, TERR_COMMUNE, code, tc.code, 0); continue; }
    codes_add(&com, tc.code);
    codes_add(&epci, territory_parent(TERR_COMMUNE, tc.code, 5, TERR_EPCI));
    codes_add(&zone, territory_parent(TERR_COMMUNE, tc.code, 5, TERR_ZONE_ABC));
  }
  const char *deps[128];
  int nd = departements(deps);
  for (int i = 0; i < nd; i++) {
    codes_add(&dep, deps[i]);
    codes_add(&reg, territory_parent(TERR_DEPARTEMENT, deps[i], strlen(deps[i]), TERR_REGION));
  }
  const char *abis = territory_code(TERR_ZONE_ABC, "A_bis", 5);   /* as the ministry's file writes it */
  if (abis) { code_row(out, &n, TERR_ZONE_ABC, "Abis", abis, 0); code_row(out, &n, TERR_ZONE_ABC, "A bis", abis, 0); }
  ranked_rows(out, &n, TERR_COMMUNE, &com);
  ranked_rows(out, &n, TERR_DEPARTEMENT, &dep);
  ranked_rows(out, &n, TERR_REGION, &reg);
  ranked_rows(out, &n, TERR_EPCI, &epci);
  ranked_rows(out, &n, TERR_ZONE_ABC, &zone);
  fputs(";\n", out);
}

void sql_territories(const SqlOptions *o, FILE *out) {
  fprintf(out, _("-- The territories pvs knows (COG %d): %s\n"), territory_cog_year(), territory_sources());
  territory_table(o, out);
  commune_table(o, out);
  code_table(o, out);
}

/* ---- in a query ---- */
/* The alias of the join of `table` on table.key = value (and niveau, when given) in pass p,
 * added once. */
static const char *tjoin(SqlGen *g, SPass *p, const char *table, const char *key, TerrLevel lv, const char *value) {
  for (int i = 0; i < p->ntj; i++) {
    const STJoin *j = &p->tjoins[i];
    if (!strcmp(j->table, table) && !strcmp(j->key, key) && j->level == lv && !strcmp(j->value, value)) return j->alias;
  }
  STJoin j = {arena_printf(g->a, "tr%d", p->ntj + 1), table, key, lv, value};
  ARENA_PUSH(g->a, p->tjoins, p->ntj, p->tjcap, j);
  return j.alias;
}

void sq_write_terr_joins(SqlGen *g, const SPass *p, FILE *out) {
  (void)g;
  for (int i = 0; i < p->ntj; i++) {
    const STJoin *j = &p->tjoins[i];
    fprintf(out, "\n    LEFT JOIN %s AS %s ON %s.%s = %s", j->table, j->alias, j->alias, j->key, j->value);
    if (j->level != TERR_OTHER) fprintf(out, " AND %s.niveau = '%s'", j->alias, niveau(j->level));
  }
}

static bool vintage_none(const char *v) { return v && (!strcmp(v, "aucun") || !strcmp(v, "none")); }

/* The level of a territory column whose codes pvs eval checks, else TERR_OTHER. */
static TerrLevel checked_level(const ColType *ct) {
  return ct->kind == COL_TERRITORY && !vintage_none(ct->vintage) ? territory_level(ct->target) : TERR_OTHER;
}

/* The cell of a checked column as its current code; an unknown code an error. */
static const char *current_code(SqlGen *g, SPass *p, const char *raw, const Sym *col, TerrLevel lv) {
  const char *a = tjoin(g, p, "pvs_code", "code", lv, raw);
  const char *msg = sq_text(g, arena_printf(g->a, _("pvs: table '%s', column '%s': not a %s code pvs knows (COG %d), which pvs eval "
                                                    "refuses too: "), col->table->name, col->name, territory_level_name(lv),
                                            territory_cog_year()));
  const char *err = duck(g) ? arena_printf(g->a, "error(%s || %s)", msg, raw)
                            : arena_printf(g->a, "CAST(CAST(%s || %s AS integer) AS text)", msg, raw);
  return arena_printf(g->a, "(CASE WHEN %s IS NULL THEN NULL WHEN %s.courant IS NOT NULL THEN %s.courant ELSE %s END)", raw, a, a, err);
}

/* Département of a commune code by its first characters: 3 for 97x, else 2 (territory_departement). */
static const char *departement_rule(SqlGen *g, const char *v) {
  return arena_printf(g->a, "(CASE WHEN length(%s) < 2 THEN NULL WHEN %s LIKE '97%%' THEN "
                            "(CASE WHEN length(%s) >= 3 THEN substr(%s, 1, 3) END) ELSE substr(%s, 1, 2) END)",
                      v, v, v, v, v);
}

const char *sq_terr_value(SqlGen *g, SPass *p, const char *alias, const Sym *col, const TerrDerive *d) {
  const ColType *ct = col->item->col;
  const char *v = arena_printf(g->a, "%s.%s", alias, sq_ident(g, col->name));
  TerrLevel lv = checked_level(ct);
  if (lv != TERR_OTHER) v = current_code(g, p, v, col, lv);
  if (!d || d->to == TERR_OTHER || d->to == d->from) return v;
  if (d->from == TERR_DEPARTEMENT) return arena_printf(g->a, "%s.region", tjoin(g, p, "pvs_territoire", "departement", TERR_OTHER, v));
  if (d->from != TERR_COMMUNE) return "NULL";
  const char *out = d->to == TERR_DEPARTEMENT ? "departement" : d->to == TERR_REGION ? "region" : d->to == TERR_EPCI ? "epci" : "zone_abc";
  if (!d->checked && (d->to == TERR_DEPARTEMENT || d->to == TERR_REGION))   /* codes not checked: by the first characters */
    return arena_printf(g->a, "%s.%s", tjoin(g, p, "pvs_territoire", "departement", TERR_OTHER, departement_rule(g, v)), out);
  return arena_printf(g->a, "%s.%s", tjoin(g, p, "pvs_commune", "commune", TERR_OTHER, v), out);
}

/* The official name of the code `value` of level lv (nom()), or NULL: pvs_code.nom. */
const char *sq_terr_name(SqlGen *g, SPass *p, TerrLevel lv, const char *value) {
  return arena_printf(g->a, "%s.nom", tjoin(g, p, "pvs_code", "code", lv, value));
}

/* ---- the reports' order ---- */
TerrLevel sq_dim_level(SqlGen *g, const char *dim) {
  TerrLevel lv = territory_level(dim);
  if (lv != TERR_OTHER) return lv;
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
      const Sym *t = g->c->mods[m]->syms[i];
      TerrDerive d;
      int k = t->kind == S_TABLE ? ev_dim_column(t, dim, &d) : -1;
      if (k >= 0) return d.to != TERR_OTHER ? d.to : d.from;
    }
  return TERR_OTHER;
}

const char *sq_sort_key(SqlGen *g, const SBy *by, int d) {
  const char *k = arena_printf(g->a, "k.k%d", d + 1);
  if (sq_dim_level(g, by->dims[d]) == TERR_OTHER) return k;
  const char *txt = duck(g) ? "VARCHAR" : "text";
  return arena_printf(g->a, "(CASE WHEN %s = '' THEN '' WHEN o%d.rang IS NULL THEN '~' || %s ELSE lpad(CAST(o%d.rang AS %s), 6, '0') END)",
                      k, d + 1, k, d + 1, txt);
}

const char *sq_sort_joins(SqlGen *g, const SBy *by) {
  const char *s = "";
  for (int d = 0; by && d < by->ndims; d++) {
    TerrLevel lv = sq_dim_level(g, by->dims[d]);
    if (lv != TERR_OTHER)
      s = arena_printf(g->a, "%s\n      LEFT JOIN pvs_code AS o%d ON o%d.niveau = '%s' AND o%d.code = k.k%d", s, d + 1, d + 1,
                       niveau(lv), d + 1, d + 1);
  }
  return s;
}
