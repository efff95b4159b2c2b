/* scan_group.c — breakdowns: the groups of each breakdown in use (keys → ids, short keys
 * hashed as integers), how a dimension is read from a table's row (a column, a territory
 * level derived from a commune or département code, possibly through réf columns), and
 * the current row's group. */
#include "eval_int.h"
#include "mem.h"
#include "intl.h"
#include "territory.h"
#include <stdlib.h>
#include <string.h>

/* ---- group spaces ---- */
/* The group of key (key, len), added when new: its id is its place in gs->keys (copies in
 * the plan's arena: results point at them after the tables are freed). */
int gs_find(Plan *p, GroupSpace *gs, const char *key, size_t len) {
  bool added;
  int g = strmap_add(&gs->ids, key, len, &added);
  if (g < 0) abort();
  if (added) ARENA_PUSH(p->a, gs->keys, gs->nkeys, gs->kcap, arena_strndup(p->a, key, len));
  return g;
}

GroupSpace *ev_space(Plan *p, const char **dims, int ndims) {
  const char *sig = dims[0];
  for (int i = 1; i < ndims; i++) sig = arena_printf(p->a, "%s|%s", sig, dims[i]);
  for (int i = 0; i < p->nspaces; i++) if (!strcmp(p->spaces[i]->sig, sig)) return p->spaces[i];
  GroupSpace *gs = arena_alloc(p->a, sizeof *gs);
  gs->dims = arena_alloc(p->a, sizeof *gs->dims * (size_t)ndims);
  memcpy(gs->dims, dims, sizeof *dims * (size_t)ndims);
  gs->levels = arena_alloc(p->a, sizeof *gs->levels * (size_t)ndims);
  gs->kinds = arena_alloc(p->a, sizeof *gs->kinds * (size_t)ndims);
  for (int i = 0; i < ndims; i++) gs->levels[i] = territory_level(dims[i]), gs->kinds[i] = KEY_TEXT;   /* until a table says */
  gs->ndims = ndims; gs->sig = sig;
  ARENA_PUSH(p->a, p->spaces, p->nspaces, p->gcap, gs);
  return gs;
}

/* ---- breakdowns: how a dimension is read from a table's rows ---- */
/* Whether table t can give `dim` (same rules as dim_in, without using anything). */
bool ev_dim_possible(const Sym *t, const char *dim, int depth) {
  TerrDerive d;
  if (ev_dim_column(t, dim, &d) >= 0) return true;
  if (depth >= 3) return false;
  for (int i = 0; i < t->ncolumns; i++) {
    Sym *tgt = sym_ref_target(t->columns[i]);
    if (tgt && ev_dim_possible(tgt, dim, depth + 1)) return true;
  }
  return false;
}

/* Finds `dim` in table t (directly, by territory, or through réf columns, depth ≤ 3). */
static bool dim_in(Plan *p, TablePlan *tp, const char *dim, DimPlan *dp, int depth) {
  Sym *t = tp->sym;
  int c = ev_dim_column(t, dim, &dp->derive);
  if (c >= 0) {
    dp->col = ev_column_use(p, tp, t->columns[c], dp->nnav > 0);
    dp->level = dp->derive.to != TERR_OTHER ? dp->derive.to : dp->derive.from;
    ColKind k = t->columns[c]->item->col->kind;
    dp->kind = dp->derive.to != TERR_OTHER ? KEY_TEXT : k == COL_INTEGER || k == COL_DECIMAL ? KEY_NUMBER : k == COL_DATE ? KEY_DATE : KEY_TEXT;
    return true;
  }
  if (depth >= 3 || dp->nnav >= SYM_MAX_NAV) return false;
  for (int i = 0; i < t->ncolumns; i++) {
    Sym *tgt = sym_ref_target(t->columns[i]);
    if (!tgt) continue;
    int k = dp->nnav;
    TablePlan *ttp = ev_table(p, tgt);
    dp->nav[k] = ev_column_use(p, tp, t->columns[i], k > 0);
    dp->navtp[k] = ttp;
    dp->nnav++;
    if (dim_in(p, ttp, dim, dp, depth + 1)) {
      ttp->indexed = true;
      ev_table_dep(p, tp, ttp);
      return true;
    }
    dp->nnav--;
  }
  return false;
}

TableSpace *ev_table_space(Plan *p, TablePlan *tp, GroupSpace *gs) {
  for (int i = 0; i < tp->nspaces; i++) if (tp->spaces[i]->gs == gs) return tp->spaces[i];
  TableSpace *ts = arena_alloc(p->a, sizeof *ts);
  ts->gs = gs;
  ts->stamp = -1;
  ts->owner = tp;
  ts->idx = tp->nspaces;
  ts->dims = arena_alloc(p->a, sizeof *ts->dims * (size_t)gs->ndims);
  for (int d = 0; d < gs->ndims; d++)
    if (dim_in(p, tp, gs->dims[d], &ts->dims[d], 0)) gs->levels[d] = ts->dims[d].level, gs->kinds[d] = ts->dims[d].kind;
    else {
      diag_error(p->d, tp->sym->loc, _("table '%s' has no column '%s' to break results down by, nor a territory column "
                                       "it can be derived from"), tp->sym->name, gs->dims[d]);
      p->script_error = true;
    }
  ARENA_PUSH(p->a, tp->spaces, tp->nspaces, tp->spcap, ts);
  return ts;
}

/* ---- grouping ---- */
/* Appends n bytes to the space's key buffer (grown as needed, kept for the next row). */
static void key_add(TableSpace *ts, size_t *len, const char *s, size_t n) {
  if (*len + n + 1 > ts->kcap) {
    size_t cap = (*len + n + 1) * 2;
    char *k = mem_realloc(ts->kbuf, cap);
    ts->kbuf = k; ts->kcap = cap;
  }
  memcpy(ts->kbuf + *len, s, n);
  *len += n;
}

/* Appends the row's text for one dimension to the key; nothing when the value is missing
 * (the group "not given"), or when a territory code gives no département or région. */
static void dim_text(Plan *p, TablePlan *tp, TableSpace *ts, const DimPlan *dp, size_t *len) {
  TablePlan *t = tp;
  long row = -1;
  const Value *v;
  if (dp->nnav) {
    if (!ev_follow(p, tp, dp->nav, dp->navtp, dp->nnav, &t, &row)) return;
    v = &t->stored[dp->col][row];
  } else v = ev_row_peek(p, tp, dp->col);
  char buf[32];
  NumText nt = {0};
  const char *s = NULL;
  size_t n = 0;
  if (v->k == V_TEXT) { s = v->s; n = v->len; }
  else if (v->k == V_NUM) { s = num_text(&nt, &v->n); n = nt.len; }
  else if (v->k == V_BOOL) { s = v->b ? "vrai" : "faux"; n = strlen(s); }
  else if (v->k == V_DATE) {
    n = (size_t)snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v->date / 10000, v->date / 100 % 100, v->date % 100);
    s = buf;
  }
  if (s && dp->derive.to != TERR_OTHER) {   /* a level above the column's territory: département, EPCI… */
    s = ev_terr_derive(&dp->derive, s, n);
    n = s ? strlen(s) : 0;
  }
  if (s) key_add(ts, len, s, n);
  num_text_free(&nt);
}

/* A breakdown of one dimension read from a text cell of the row itself: the cell's text
 * gives the group (its territory level derived, its key built) once, then from a memo. */
static bool memo_group(Plan *p, TablePlan *tp, TableSpace *ts, const Value **cell) {
  *cell = NULL;
  if (ts->gs->ndims != 1 || ts->dims[0].nnav) return false;
  const Value *v = ev_row_peek(p, tp, ts->dims[0].col);
  if (v->k != V_TEXT) return false;
  int id = strmap_find(&ts->memo, v->s, v->len);
  if (id < 0) { *cell = v; return false; }
  ts->gid = ts->memo_gid[id];
  return true;
}

static void memo_add(TableSpace *ts, const Value *cell) {
  int id = strmap_add(&ts->memo, cell->s, cell->len, NULL);
  if (id < 0) abort();
  if (id >= ts->mcap) {
    ts->mcap = ts->mcap ? ts->mcap * 2 : 16;
    ts->memo_gid = realloc(ts->memo_gid, sizeof *ts->memo_gid * (size_t)ts->mcap);
    if (!ts->memo_gid) abort();
  }
  ts->memo_gid[id] = ts->gid;
}

/* The group of key (key, len) in ts's breakdown. A worker of the parallel scan never adds to
 * the breakdown (others read it meanwhile): a group new to it gets a local id, after the
 * ones it had; ev_merge_groups adds them later, in the order of the file. */
static int row_gid(Plan *p, TableSpace *ts, const char *key, size_t len) {
  if (!p->scan_tp) return gs_find(p, ts->gs, key, len);
  int g = strmap_find(&ts->gs->ids, key, len);
  if (g >= 0) return g;
  int l = strmap_add(&ts->local, key, len, NULL);
  if (l < 0) abort();
  return ts->base + l;
}

int *ev_merge_groups(Plan *p, TableSpace *ts) {
  int n = strmap_count(&ts->local);
  int *ids = mem_alloc(sizeof *ids * (size_t)(n + 1));
  for (int l = 0; l < n; l++) {
    size_t len;
    const char *k = strmap_key(&ts->local, l, &len);
    ids[l] = gs_find(p, ts->gs, k, len);
  }
  return ids;
}

/* A breakdown by the département or région of commune codes read as written (millésime
 * aucun): the group follows from the code's first characters alone, so a small table by
 * prefix gives it without hashing the commune (a national stock has 30,000 of them: the
 * memo's lookups missed the cache). *pre: the prefix, -1 when this path does not apply. */
static bool prefix_group(Plan *p, TablePlan *tp, TableSpace *ts, int *pre) {
  const DimPlan *dp = &ts->dims[0];
  *pre = -1;
  if (ts->gs->ndims != 1 || dp->nnav || !ev_terr_by_prefix(&dp->derive)) return false;
  const Value *v = ev_row_peek(p, tp, dp->col);
  if (v->k != V_TEXT || (*pre = territory_departement_prefix(v->s, v->len)) < 0 || !ts->prefix_gid[*pre]) return false;
  ts->gid = ts->prefix_gid[*pre] - 1;
  return true;
}

int ev_row_group(Plan *p, TablePlan *tp, TableSpace *ts) {
  if (ts->stamp == tp->stamp) return ts->gid;
  const Value *cell = NULL;
  int pre;
  if (prefix_group(p, tp, ts, &pre) || (pre < 0 && memo_group(p, tp, ts, &cell))) { ts->stamp = tp->stamp; return ts->gid; }
  size_t n = 0;
  for (int d = 0; d < ts->gs->ndims; d++) {
    if (d) key_add(ts, &n, "\x1f", 1);
    dim_text(p, tp, ts, &ts->dims[d], &n);
  }
  ts->gid = row_gid(p, ts, n ? ts->kbuf : "", n);
  ts->stamp = tp->stamp;
  if (pre >= 0) ts->prefix_gid[pre] = ts->gid + 1;
  else if (cell) memo_add(ts, cell);
  return ts->gid;
}
