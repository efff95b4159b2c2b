/* scan_terr.c — territories in evaluation (the geography itself is territory.c).
 *
 * A cell of a `territoire` column of a built-in level is checked against the official
 * geography and read as its current code: a municipal arrondissement (75112) as its commune
 * (75056), an older commune code (a commune merged or given a new code) as the commune it
 * became, with one warning per column counting them; an unknown code is a data error naming
 * the nearest existing codes. A column declared `millésime aucun` is read as it is.
 *
 * A territory column also gives the levels above it: a commune its département, région, EPCI
 * and zone A/B/C; a département its région. Breakdowns (par:, --by) and names read in a row
 * (`selon zone_abc` in a parameter) use them.
 *
 * And the functions on codes: nom (the official name of a territory), département_qpv (the
 * département in a QPV code), début and sous_texte (codes inside other identifiers). */
#include "eval_int.h"
#include "intl.h"
#include <stdlib.h>
#include <string.h>

/* Older codes met in one column: all of them, those older than the column's millésime, and
 * the first of the kind the warning cites (file position and the code's story). */
typedef struct TerrSeen {
  long n, older;
  long line, col; const char *text;
  const char *code, *to; int last;
  int newest;                      /* the latest COG year among them: the millésime to suggest */
} TerrSeen;

static bool vintage_none(const char *v) { return v && (!strcmp(v, "aucun") || !strcmp(v, "none")); }

void ev_terr_column(ColPlan *c) {
  const ColType *ct = c->sym->item->col;
  c->terr = TERR_OTHER;
  c->vintage = 0;
  if (ct->kind != COL_TERRITORY || vintage_none(ct->vintage)) return;
  c->terr = territory_level(ct->target);
  if (ct->vintage) c->vintage = atoi(ct->vintage);
}

/* ---- cells ---- */
static const char *level_words(Plan *p, TerrLevel lv) {
  switch (lv) {
  case TERR_COMMUNE:
    return arena_printf(p->a, _("a commune code of the COG %d, nor an older one (5 characters: 59350, 2A004, 97101)"),
                        territory_cog_year());
  case TERR_DEPARTEMENT: return _("a département code (01 to 95, 2A, 2B, 971 to 976)");
  case TERR_REGION: return _("a région code (11 to 94, 01 to 06 overseas)");
  case TERR_EPCI: return _("the SIREN of an EPCI à fiscalité propre (9 digits)");
  default: return _("a zone A/B/C: A_bis, A, B1, B2 or C");
  }
}

/* "; did you mean 59350 (Lille) or 59530 (Hondschoote)?", or "" (arena). */
static const char *suggestion(Plan *p, TerrLevel lv, const char *s, size_t n) {
  const char *near[3];
  int k = territory_nearest(lv, s, n, near, 3);
  if (!k) return "";
  const char *list = NULL;
  for (int i = 0; i < k; i++) {
    char shown[256];
    territory_display(lv, near[i], strlen(near[i]), shown, sizeof shown);
    const char *item = lv == TERR_COMMUNE || lv == TERR_DEPARTEMENT ? arena_strdup(p->a, shown)
                                                                     : arena_printf(p->a, "%s (%s)", near[i], shown);
    if (lv == TERR_ZONE_ABC) item = near[i];
    list = !list ? item : arena_printf(p->a, i + 1 < k ? "%s, %s" : _("%s or %s"), list, item);
  }
  return arena_printf(p->a, _("; did you mean %s?"), list);
}

/* Remembers an older code met at field `field` of the current row. */
static void seen_former(Plan *p, TablePlan *tp, ColPlan *c, const char *s, size_t n, const TerrCommune *tc) {
  if (tp->reads) return;   /* counted on the first pass only */
  if (p->scan_tp) { p->scan_failed = true; return; }   /* a worker: its place is for the serial reading */
  if (!c->seen) c->seen = arena_alloc(p->a, sizeof *c->seen);
  TerrSeen *t = c->seen;
  bool older = c->vintage && tc->last_year < c->vintage;
  t->n++;
  if (older) t->older++;
  if (tc->last_year > t->newest) t->newest = tc->last_year;
  if (t->code && !(older && t->older == 1)) return;   /* the first one, or the first older one */
  const char *text = NULL;
  size_t tlen = 0;
  t->line = tp->line; t->col = 1;
  if (tp->rd) csv_field_pos(tp->rd, c->csv, &t->line, &t->col, &text, &tlen);
  t->text = text ? arena_strndup(p->a, text, tlen) : NULL;
  t->code = arena_strndup(p->a, s, n);
  t->to = tc->code;
  t->last = tc->last_year;
}

bool ev_terr_cell(Plan *p, TablePlan *tp, int col, const char *s, size_t n, Value *v) {
  ColPlan *c = &tp->cols[col];
  const char *code = NULL;
  if (c->terr == TERR_COMMUNE) {
    TerrCommune tc = territory_commune(s, n);
    code = tc.code;
    if (tc.match == TERR_FORMER) seen_former(p, tp, c, s, n, &tc);
  } else code = territory_code(c->terr, s, n);
  if (!code && c->terr == TERR_ZONE_ABC && ((n == 4 && !memcmp(s, "Abis", 4)) || (n == 5 && !memcmp(s, "A bis", 5))))
    code = territory_code(TERR_ZONE_ABC, "A_bis", 5);   /* as the ministry's file writes it */
  if (!code) {
    ev_value_clear(v);
    if (p->scan_tp) { p->scan_failed = true; return false; }   /* a worker: the message is built in the arena */
    ev_data_error(p, tp, c->csv, _("'%.*s' in column '%s' is not %s%s"), (int)(n > 60 ? 60 : n), s, c->sym->name,
                  level_words(p, c->terr), suggestion(p, c->terr, s, n));
    return false;
  }
  ev_value_clear(v);
  v->k = V_TEXT;
  v->s = code;
  v->len = strlen(code);
  return true;
}

void ev_terr_report(Plan *p, TablePlan *tp) {
  for (int i = 0; i < tp->ncols; i++) {
    const ColPlan *c = &tp->cols[i];
    const TerrSeen *t = c->seen;
    if (!t || (c->vintage && !t->older)) continue;   /* all of the declared millésime: as expected */
    const char *name = territory_name(TERR_COMMUNE, t->to, strlen(t->to));
    if (c->vintage)
      diag_at(p->d, DIAG_WARNING, tp->path, t->line, t->col, t->text,
              _("column '%s' follows COG %d (its millésime), but codes that had stopped being communes before it: %ld; "
                "they are counted in the commune they became (the first, %s, a commune until %d, is now %s, %s)"),
              c->sym->name, c->vintage, t->older, t->code, t->last, t->to, name);
    else
      diag_at(p->d, DIAG_WARNING, tp->path, t->line, t->col, t->text,
              _("column '%s': older commune codes (communes merged or given a new code): %ld; they are counted in the "
                "commune they became (the first, %s, a commune until %d, is now %s, %s); if the file follows an "
                "earlier COG, say so: %s: territoire commune millésime %d"),
              c->sym->name, t->n, t->code, t->last, t->to, name, c->sym->name, t->newest);
    p->res->warnings++;
  }
}

/* ---- levels derived from a territory column ---- */
int ev_terr_source(const Sym *t, TerrLevel want, TerrDerive *d) {
  if (want == TERR_OTHER) return -1;
  for (int pass = 0; pass < 2; pass++)   /* a column of that level first, then one it derives from */
    for (int i = 0; i < t->ncolumns; i++) {
      const ColType *ct = t->columns[i]->item->col;
      if (ct->kind != COL_TERRITORY) continue;
      TerrLevel lv = territory_level(ct->target);
      if (pass == 0 ? lv != want : !territory_derives(lv, want)) continue;
      *d = (TerrDerive){lv, lv == want ? TERR_OTHER : want, !vintage_none(ct->vintage)};
      return i;
    }
  return -1;
}

int ev_dim_column(const Sym *t, const char *dim, TerrDerive *d) {
  const Sym *col = sym_column(t, dim);
  for (int i = 0; !col && territory_level(dim) == TERR_OTHER && i < t->ncolumns; i++) {   /* territoire arrondissement */
    const ColType *ct = t->columns[i]->item->col;
    if (ct->kind == COL_TERRITORY && !strcmp(ct->target, dim)) col = t->columns[i];
  }
  for (int i = 0; col && i < t->ncolumns; i++)
    if (t->columns[i] == col) {
      const ColType *ct = col->item->col;
      bool terr = ct->kind == COL_TERRITORY;
      *d = (TerrDerive){terr ? territory_level(ct->target) : TERR_OTHER, TERR_OTHER, terr && !vintage_none(ct->vintage)};
      return i;
    }
  return ev_terr_source(t, territory_level(dim), d);
}

bool ev_terr_by_prefix(const TerrDerive *d) {
  return !d->checked && d->from == TERR_COMMUNE && (d->to == TERR_DEPARTEMENT || d->to == TERR_REGION);
}

const char *ev_terr_derive(const TerrDerive *d, const char *s, size_t n) {
  if (!ev_terr_by_prefix(d)) return territory_parent(d->from, s, n, d->to);
  char dep[4];   /* codes not checked (millésime aucun): the département by the first characters */
  if (!territory_departement(s, n, dep)) return NULL;
  const char *code = territory_code(TERR_DEPARTEMENT, dep, strlen(dep));
  return code && d->to == TERR_REGION ? territory_parent(TERR_DEPARTEMENT, code, strlen(code), TERR_REGION) : code;
}

TerrLevel ev_node_level(const ENode *n) {
  switch (n->k) {
  case N_TERR: return n->derive.to;
  case N_FUNC: return n->fn == B_QPV_DEP ? TERR_DEPARTEMENT : TERR_OTHER;
  case N_COL: {
    const TablePlan *t = n->nnav ? n->navtp[n->nnav - 1] : n->tp;
    const ColType *ct = t->cols[n->col].sym->item->col;
    return ct->kind == COL_TERRITORY ? territory_level(ct->target) : TERR_OTHER;
  }
  default: return TERR_OTHER;
  }
}

/* ---- functions on codes ---- */
/* The byte length of the first `chars` characters (UTF-8 code points) of (s, n). */
static size_t utf8_prefix(const char *s, size_t n, long chars) {
  size_t i = 0;
  for (; i < n && chars > 0; chars--)
    for (i++; i < n && ((unsigned char)s[i] & 0xC0) == 0x80; i++) {}
  return i;
}

static void set_text(Value *out, const char *s, size_t n) {
  ev_value_clear(out);
  out->k = V_TEXT;
  out->s = s;
  out->len = n;
}

/* A whole number from a value, false when it is missing or not whole. */
static bool whole(const Value *v, long *out) { return v && v->k == V_NUM && num_is_integer(&v->n) && num_to_long(&v->n, out); }

void ev_code_func(BuiltinId fn, TerrLevel lv, const Value *a, const Value *b, const Value *c, Value *out) {
  ev_value_clear(out);
  if (a->k != V_TEXT) return;
  long from, len;
  switch (fn) {
  case B_NAME: {
    const char *name = territory_name(lv, a->s, a->len);
    if (name) set_text(out, name, strlen(name));
    break;
  }
  case B_QPV_DEP: {
    const char *dep = territory_qpv_departement(a->s, a->len);
    if (dep) set_text(out, dep, strlen(dep));
    break;
  }
  case B_LEFT:
    if (whole(b, &len) && len >= 0) set_text(out, a->s, utf8_prefix(a->s, a->len, len));
    break;
  case B_SUBSTR: {   /* from the 1-based character `from`, `len` characters or to the end */
    if (!whole(b, &from) || from < 1 || (c && (!whole(c, &len) || len < 0))) break;
    size_t start = utf8_prefix(a->s, a->len, from - 1);
    size_t n = c ? utf8_prefix(a->s + start, a->len - start, len) : a->len - start;
    set_text(out, a->s + start, n);
    break;
  }
  default: break;
  }
}
