/* sql_schema.c — `pvs sql --schema`: the tables of a référentiel as SQL
 * (types that hold every value exactly: NUMERIC / DECIMAL(18,6), BIGINT, BOOLEAN, DATE, text;
 * the key as PRIMARY KEY, a réf as REFERENCES, a required column NOT NULL), and the
 * statements that load each table's CSV file with its conventions: the file's own header
 * (read here, so the columns are matched by name as pvs eval does), its delimiter, decimal
 * comma, thousands spaces, French booleans, DD/MM/YYYY dates and encoding. Every cell goes
 * through a text staging column and an explicit conversion that fails loudly on a value
 * pvs eval would refuse, instead of rounding or guessing. */
#include "csv.h"
#include "intl.h"
#include "sql_int.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct Schema { SqlGen *g; FILE *out; } Schema;

static bool duck(const SqlGen *g) { return g->o->dialect == SQL_DUCKDB; }

static const char *field_string(const Sym *t, FieldId f) {
  Item *it = schema_find(t->decl, f);
  return it && it->values.n && it->values.v[0]->value->kind == EX_STR ? it->values.v[0]->value->str : NULL;
}

/* The CSV of a table, as pvs eval finds it: --data, else source: beside the main script
 * (for an imported table, when there), else beside its own module. */
static const char *table_path(SqlGen *g, const Sym *t) {
  for (int i = 0; i < g->o->ndata; i++)
    if (!strcmp(g->o->data[i].table, t->name)) return g->o->data[i].path;
  const char *src = field_string(t, F_SOURCE);
  if (!src) src = arena_printf(g->a, "%s.csv", t->name);
  if (src[0] == '/') return src;
  const Module *main = g->c->main;
  if (t->mod != main) {
    const char *q = strcmp(main->dir, ".") ? arena_printf(g->a, "%s/%s", main->dir, src) : src;
    if (access(q, R_OK) == 0) return q;
  }
  return strcmp(t->mod->dir, ".") ? arena_printf(g->a, "%s/%s", t->mod->dir, src) : src;
}

static const char *sql_type(const SqlGen *g, const ColType *ct) {
  switch (ct->kind) {
  case COL_INTEGER: return duck(g) ? "BIGINT" : "bigint";
  case COL_DECIMAL: return duck(g) ? "DECIMAL(18,6)" : "numeric";
  case COL_BOOLEAN: return duck(g) ? "BOOLEAN" : "boolean";
  case COL_DATE: return duck(g) ? "DATE" : "date";
  default: return duck(g) ? "VARCHAR" : "text";
  }
}

static int key_col(const Sym *t) {
  for (int i = 0; i < t->ncolumns; i++) if (t->columns[i]->item->col->key) return i;
  return -1;
}

static void create_table(Schema *s, const Sym *t) {
  SqlGen *g = s->g;
  fprintf(s->out, "CREATE TABLE %s (", sq_ident(g, t->name));
  for (int i = 0; i < t->ncolumns; i++) {
    const ColType *ct = t->columns[i]->item->col;
    fprintf(s->out, "%s\n  %s %s", i ? "," : "", sq_ident(g, t->columns[i]->name), sql_type(g, ct));
    if (ct->key) fputs(" PRIMARY KEY", s->out);
    else if (!ct->optional) fputs(" NOT NULL", s->out);
    const Sym *tgt = ct->kind == COL_REF ? sym_ref_target(t->columns[i]) : NULL;
    int k = tgt ? key_col(tgt) : -1;
    if (k >= 0) fprintf(s->out, " REFERENCES %s (%s)", sq_ident(g, tgt->name), sq_ident(g, tgt->columns[k]->name));
  }
  fputs("\n);\n", s->out);
}

/* ---- the CSV file: header, delimiter, encoding ---- */
typedef struct Csv { const char **names; int n; char delim; const char *enc; bool have; } Csv;

static const char *iconv_enc(const char *e, bool duckdb) {
  if (!e || !strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8")) return NULL;
  bool cp = !strcasecmp(e, "cp1252") || !strcasecmp(e, "windows-1252") || !strcasecmp(e, "win1252");
  if (duckdb) return cp ? "cp1252" : "latin-1";
  return cp ? "WIN1252" : "LATIN1";
}

/* Whether the file has a byte 0x80–0x9F (where cp1252 and latin1 differ). */
static bool has_c1(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  int c;
  bool hit = false;
  while (!hit && (c = getc(f)) != EOF) hit = c >= 0x80 && c <= 0x9F;
  fclose(f);
  return hit;
}

static Csv read_header(Schema *s, const Sym *t, const char *path) {
  SqlGen *g = s->g;
  Csv c = {0};
  const char *sep = field_string(t, F_SEPARATOR);
  CsvOptions opt = {.delimiter = sep ? (!strcmp(sep, "\\t") || !strcmp(sep, "tab") ? '\t' : sep[0]) : 0,
                    .encoding = field_string(t, F_ENCODING)};
  c.enc = iconv_enc(opt.encoding, duck(g));
  CsvReader *r = csv_open(path, &opt);
  const CsvField *h;
  int n = csv_header(r, &h);
  if (n > 0) {
    c.have = true;
    c.delim = csv_delimiter(r);
    c.names = arena_alloc(g->a, sizeof *c.names * (size_t)n);
    for (int i = 0; i < n; i++) {
      const char *p = h[i].s;
      size_t len = h[i].len;
      csv_trim(&p, &len);
      c.names[i] = arena_strndup(g->a, p, len);
      for (int j = 0; j < i; j++)   /* an undeclared column named twice: the staging table needs distinct names */
        if (!strcmp(c.names[j], c.names[i])) c.names[i] = arena_printf(g->a, "%s_pvs%d", c.names[i], i + 1);
    }
    c.n = n;
  } else {
    c.delim = opt.delimiter ? opt.delimiter : ',';
    c.names = arena_alloc(g->a, sizeof *c.names * (size_t)(t->ncolumns + 1));
    for (int i = 0; i < t->ncolumns; i++) c.names[c.n++] = t->columns[i]->name;
  }
  csv_close(r);
  return c;
}

/* The header field a declared column reads: exact name first, then ASCII case-insensitive. */
static const char *header_name(const Csv *c, const char *col) {
  for (int i = 0; i < c->n; i++) if (!strcmp(c->names[i], col)) return c->names[i];
  for (int i = 0; i < c->n; i++) if (!strcasecmp(c->names[i], col)) return c->names[i];
  return NULL;
}

/* ---- conversions: text cell → typed value, or an error ---- */
static const char *convert(Schema *s, const Sym *t, const ColType *ct, const char *cell, char delim) {
  SqlGen *g = s->g;
  bool d = duck(g);
  const char *v = d ? arena_printf(g->a, "NULLIF(trim(%s, ' ' || chr(9) || chr(13) || chr(160) || chr(8239)), '')", cell)
                    : arena_printf(g->a, "NULLIF(btrim(%s, U&' \\0009\\000D\\00A0\\202F'), '')", cell);
  const char *bad = d ? "error('%s: ' || %s)" : "CAST('%s: ' || %s AS %s)";
  const char *nospace = d ? arena_printf(g->a, "replace(replace(replace(%s, ' ', ''), chr(160), ''), chr(8239), '')", v)
                          : arena_printf(g->a, "translate(%s, U&' \\00A0\\202F', '')", v);
  const char *mark = field_string(t, F_DECIMAL_MARK);
  bool comma = mark ? mark[0] == ',' : delim != ',';
  bool pct = sq_percent_column(ct);
  if (pct) nospace = arena_printf(g->a, "regexp_replace(%s, '%%$', '')", nospace);   /* 43,9 % is 43,9 in points */
  switch (ct->kind) {
  case COL_DECIMAL: {
    const char *num = comma ? arena_printf(g->a, "replace(%s, ',', '.')", nospace) : nospace;
    /* a fraction column holds fractions: a cell written with the sign is in points */
    const char *sign = pct && ct->fraction ? arena_printf(g->a, "right(%s, 1) = '%%'", v) : NULL;
    if (!d) {
      const char *x = arena_printf(g->a, "CAST(%s AS numeric)", num);
      return sign ? arena_printf(g->a, "(CASE WHEN %s THEN %s / 100 ELSE %s END)", sign, x, x) : x;
    }
    const char *x = arena_printf(g->a, "(CASE WHEN regexp_matches(%s, '\\.[0-9]{%d,}$') THEN error('more than %d decimals: ' || %s) "
                                       "ELSE CAST(%s AS DECIMAL(18,6)) END)", num, SQL_DUCK_SCALE + 1, SQL_DUCK_SCALE, num, num);
    if (!sign) return x;
    return arena_printf(g->a, "(CASE WHEN %s THEN (CASE WHEN regexp_matches(%s, '\\.[0-9]{%d,}$') THEN error('more than %d decimals: ' || %s) "
                              "ELSE CAST(CAST(%s AS DECIMAL(18,4)) * 0.01 AS DECIMAL(18,6)) END) ELSE %s END)",
                        sign, num, SQL_DUCK_SCALE - 1, SQL_DUCK_SCALE - 2, num, num, x);
  }
  case COL_INTEGER: return arena_printf(g->a, "CAST(%s AS %s)", nospace, d ? "BIGINT" : "bigint");
  case COL_BOOLEAN: {
    const char *l = arena_printf(g->a, "lower(%s)", v);
    return arena_printf(g->a, "(CASE WHEN %s IS NULL THEN NULL WHEN %s IN ('1', 'vrai', 'true', 'oui') THEN TRUE "
                              "WHEN %s IN ('0', 'faux', 'false', 'non') THEN FALSE ELSE %s END)", v, l, l,
                        arena_printf(g->a, bad, "not a boolean", v, "boolean"));
  }
  case COL_DATE: {
    const char *iso = d ? arena_printf(g->a, "regexp_matches(%s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')", v)
                        : arena_printf(g->a, "%s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'", v);
    const char *fr = d ? arena_printf(g->a, "regexp_matches(%s, '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$')", v)
                       : arena_printf(g->a, "%s ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$'", v);
    const char *frd = d ? arena_printf(g->a, "CAST(strptime(%s, '%%d/%%m/%%Y') AS DATE)", v) : arena_printf(g->a, "to_date(%s, 'DD/MM/YYYY')", v);
    return arena_printf(g->a, "(CASE WHEN %s IS NULL THEN NULL WHEN %s THEN CAST(%s AS %s) WHEN %s THEN %s ELSE %s END)", v, iso, v,
                        d ? "DATE" : "date", fr, frd, arena_printf(g->a, bad, "not a date", v, "date"));
  }
  default: return v;
  }
}

static const char *delim_sql(char c) {
  static char buf[8];
  if (c == '\t') return "E'\\t'";
  snprintf(buf, sizeof buf, "'%c'", c);
  return buf;
}

static bool load_table(Schema *s, const Sym *t) {
  SqlGen *g = s->g;
  const char *path = table_path(g, t);
  Csv c = read_header(s, t, path);
  if (!c.have) fprintf(s->out, _("-- %s: not readable now; its header is assumed to be the declared columns\n"), path);
  if (c.enc && !strcmp(c.enc, "cp1252")) {
    if (c.have && has_c1(path)) {
      diag_error(g->d, t->loc, _("table '%s': %s is in cp1252 with characters DuckDB cannot read (0x80–0x9F: €, œ, ’…); "
                                 "convert it first: iconv -f cp1252 -t utf-8"), t->name, path);
      return false;
    }
    c.enc = "latin-1";   /* the same characters when no byte is in 0x80–0x9F */
  }
  const char *sel = NULL;
  for (int i = 0; i < t->ncolumns; i++) {
    const char *h = header_name(&c, t->columns[i]->name);
    if (!h) {
      diag_error(g->d, t->loc, _("the header of %s has no column '%s', declared in table '%s'"), path, t->columns[i]->name, t->name);
      return false;
    }
    const char *conv = convert(s, t, t->columns[i]->item->col, sq_ident(g, h), c.delim);
    sel = arena_printf(g->a, "%s%s\n  %s", sel ? sel : "", sel ? "," : "", conv);
  }
  if (duck(g)) {
    fprintf(s->out, "INSERT INTO %s SELECT%s\nFROM read_csv(%s, header = true, delim = %s, quote = '\"', escape = '\"', all_varchar = true%s%s%s);\n",
            sq_ident(g, t->name), sel ? sel : "", sq_text(g, path), delim_sql(c.delim), c.enc ? ", encoding = '" : "",
            c.enc ? c.enc : "", c.enc ? "'" : "");
    return true;
  }
  const char *stage = sq_ident(g, arena_printf(g->a, "pvs_load_%s", t->name));
  fprintf(s->out, "CREATE TEMP TABLE %s (", stage);
  for (int i = 0; i < c.n; i++) fprintf(s->out, "%s%s text", i ? ", " : "", sq_ident(g, c.names[i]));
  fprintf(s->out, ");\n\\copy %s FROM %s WITH (FORMAT csv, HEADER, DELIMITER %s%s%s%s)\n", stage, sq_text(g, path), delim_sql(c.delim),
          c.enc ? ", ENCODING '" : "", c.enc ? c.enc : "", c.enc ? "'" : "");
  fprintf(s->out, "INSERT INTO %s SELECT%s\nFROM %s;\nDROP TABLE %s;\n", sq_ident(g, t->name), sel ? sel : "", stage, stage);
  return true;
}

static bool has_territory(const Compilation *c) {
  for (int m = 0; m < c->nmods; m++)
    for (int i = 0; i < c->mods[m]->nsyms; i++) {
      const Sym *t = c->mods[m]->syms[i];
      for (int k = 0; t->kind == S_TABLE && k < t->ncolumns; k++) if (t->columns[k]->item->col->kind == COL_TERRITORY) return true;
    }
  return false;
}

/* Tables in an order where a referenced table comes first. */
static int ordered_tables(SqlGen *g, Sym ***out) {
  Sym **v = NULL;
  int n = 0, cap = 0, total = 0;
  for (int m = 0; m < g->c->nmods; m++)
    for (int i = 0; i < g->c->mods[m]->nsyms; i++) total += g->c->mods[m]->syms[i]->kind == S_TABLE;
  for (int round = 0; n < total && round <= total; round++)
    for (int m = 0; m < g->c->nmods; m++)
      for (int i = 0; i < g->c->mods[m]->nsyms; i++) {
        Sym *t = g->c->mods[m]->syms[i];
        bool done = t->kind != S_TABLE, ready = true;
        for (int k = 0; k < n && !done; k++) done = v[k] == t;
        for (int k = 0; !done && k < t->ncolumns; k++) {
          Sym *tgt = sym_ref_target(t->columns[k]);
          bool in = !tgt || tgt == t;
          for (int j = 0; j < n && !in; j++) in = v[j] == tgt;
          ready &= in;
        }
        if (!done && (ready || round == total)) ARENA_PUSH(g->a, v, n, cap, t);
      }
  *out = v;
  return n;
}

int sql_schema(Compilation *c, const SqlOptions *o, FILE *out) {
  SqlGen g = {.c = c, .a = c->arena, .d = c->diag, .o = o};
  char *body = NULL;
  size_t len = 0;
  Schema s = {&g, open_memstream(&body, &len)};
  bool ok = true;
  Sym **tables;
  int n = ordered_tables(&g, &tables);
  if (has_territory(c) && !o->no_territories) sql_territories(o, s.out);
  else if (has_territory(c)) fputs(_("-- The territory tables (pvs_territoire, pvs_commune, pvs_code) are those of pvs sql --territories.\n"), s.out);
  for (int i = 0; i < n; i++) create_table(&s, tables[i]);
  for (int i = 0; i < n && ok; i++) ok = load_table(&s, tables[i]);
  fclose(s.out);
  if (ok) {
    fprintf(out, _("-- Tables of %s for pvs sql (%s), loaded from their CSV files.\n"), c->main->path, duck(&g) ? "DuckDB" : "PostgreSQL");
    if (!duck(&g)) fputs(_("-- Run with psql (\\copy reads the files from where psql runs): pvs sql --schema X.pvs | psql\n"), out);
    if (!duck(&g)) fputs("\\set ON_ERROR_STOP on\nBEGIN;\n", out);
    fputs(body, out);
    if (!duck(&g)) fputs("COMMIT;\n", out);
  }
  free(body);
  return ok ? 0 : 1;
}
