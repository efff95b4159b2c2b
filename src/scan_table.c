/* scan_table.c — reading the data: each table's file (once, or once more per stage of
 * aggregates that use indicators, as plan_table.c planned), its header mapped to the
 * declared columns, every cell parsed, the réf of each row followed and checked, tables that
 * others reference indexed by key, and every aggregate and row-level contrôle of the stage
 * accumulated per group in that pass. The per-row path (parse_row, slot_row, check_row, the
 * accumulators, ev_scan_rows) stays in this one file so that the compiler inlines it.
 * Breakdowns are in scan_group.c, the parallel scan in scan_parallel.c, the values of the
 * accumulators in compute_agg.c. */
#include "eval_int.h"
#include "mem.h"
#include "intl.h"
#include "pgsrc.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- tables ---- */
/* Whether table t is given by --data (its file, when missing, is named so). */
static bool given_by_data(const Plan *p, const Sym *t) {
  for (int i = 0; i < p->o->ndata; i++)
    if (!strcmp(p->o->data[i].table, t->name)) return true;
  return false;
}

CsvReader *ev_open_source(const TablePlan *tp) {
  return pg_is_url(tp->src) ? pg_open(tp->src, tp->path) : csv_open(tp->src, &tp->copt);
}

/* ---- data errors ---- */
void ev_data_error(Plan *p, TablePlan *tp, int field, const char *fmt, ...) {
  if (p->scan_tp) { p->scan_failed = true; return; }   /* a worker: the serial reading will say it */
  if (p->quiet) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  long line = tp->line, col = 1;
  const char *text = NULL;
  size_t tlen = 0;
  if (tp->rd && field >= 0) csv_field_pos(tp->rd, field, &line, &col, &text, &tlen);
  char *lt = text ? arena_strndup(p->a, text, tlen) : NULL;
  diag_at(p->d, DIAG_ERROR, tp->path, line, col, lt, "%s", msg);
  p->data_error = true;
  p->data_errors++;
}

/* ---- cells ---- */
static const char *kind_words(const ColPlan *c) {
  if (c->percent && c->fraction) return _("a fraction such as 0.439 (or a percentage written with its sign: 43.9 %)");
  if (c->percent && c->kind == COL_INTEGER) return _("a whole percentage such as 43 or 43 %");
  if (c->percent) return _("a percentage in points such as 43.9 or 43.9 % (a column of fractions such as 0.439 is declared 'décimal % fraction')");
  switch (c->kind) {
  case COL_INTEGER: return _("a whole number");
  case COL_DECIMAL: return _("a number such as 1234,56 or 1234.56");
  case COL_BOOLEAN: return _("a boolean: 1/0, oui/non, vrai/faux or true/false");
  case COL_DATE: return _("a date: YYYY-MM-DD or DD/MM/YYYY");
  default: return _("a text");
  }
}

/* Decimal marks tried, in order: `décimale:` alone when given; else a comma then a point when
 * the delimiter is not a comma; else a point. Set once the header is read. */
static void set_decimals(TablePlan *tp) {
  if (tp->decimal) { tp->dec1 = tp->decimal; tp->dec2 = 0; }
  else if (csv_delimiter(tp->rd) != ',') { tp->dec1 = ','; tp->dec2 = '.'; }
  else { tp->dec1 = '.'; tp->dec2 = 0; }
}

/* When both marks are possible (a ';' or tab file), a column keeps the mark of its first
 * number written with one: "1.234" after "12,5" is an error, not one point two three four. */
static bool same_mark(Plan *p, TablePlan *tp, int col, const char *s, size_t n, char mark) {
  ColPlan *c = &tp->cols[col];
  if (!tp->dec2 || !memchr(s, mark, n)) return true;
  if (!c->mark) { c->mark = mark; c->mark_line = tp->line; return true; }
  if (c->mark == mark) return true;
  ev_data_error(p, tp, c->csv, _("'%.*s' in column '%s' uses '%c' as decimal mark, but the column uses '%c' (line %ld); "
                                 "write every number of a column the same way"),
                (int)(n > 60 ? 60 : n), s, c->sym->name, mark, c->mark, c->mark_line);
  return false;
}

static bool parse_plain_number(Plan *p, TablePlan *tp, int col, const char *s, size_t n, Num *out, bool *reported) {
  size_t bad;
  char mark = 0;
  if (num_parse_cell(out, s, n, tp->dec1, &bad) == NUM_OK) mark = tp->dec1;
  else if (tp->dec2 && num_parse_cell(out, s, n, tp->dec2, &bad) == NUM_OK) mark = tp->dec2;
  if (!mark) return false;
  if (same_mark(p, tp, col, s, n, mark)) return true;
  *reported = true;
  return false;
}

/* A number cell. In a % column it is in points (43,9 is 43,9 % = 0,439) with an optional
 * % sign (43,9 %, 43,9%); in a `fraction` column, a fraction (0,439), or points with the sign. */
static bool parse_number(Plan *p, TablePlan *tp, int col, const char *s, size_t n, Num *out, bool *reported) {
  ColPlan *c = &tp->cols[col];
  if (!c->percent) return parse_plain_number(p, tp, col, s, n, out, reported);
  bool sign = n && s[n - 1] == '%';
  if (sign) { n--; csv_trim(&s, &n); }
  if (!n || !parse_plain_number(p, tp, col, s, n, out, reported)) return false;
  if (c->kind == COL_INTEGER && !num_is_integer(out)) return false;   /* entier %: whole points */
  if (c->fraction && !sign) return true;
  Num hundred;
  num_init(&hundred);
  num_set_long(&hundred, 100);
  num_div(out, out, &hundred);
  num_clear(&hundred);
  return true;
}

static void parse_cell(Plan *p, TablePlan *tp, int col, Value *v) {
  ColPlan *c = &tp->cols[col];
  const char *s = tp->f[c->csv].s;
  size_t n = tp->f[c->csv].len;
  if (n && ((unsigned char)s[0] <= ' ' || (unsigned char)s[0] >= 0x80 || (unsigned char)s[n - 1] <= ' ' ||
            (unsigned char)s[n - 1] >= 0x80)) csv_trim(&s, &n);   /* most cells need no trimming */
  if (n == 0) {
    ev_value_clear(v);
    if (!c->optional)
      ev_data_error(p, tp, c->csv, _("empty cell in column '%s', which is required: fill it, or declare the column 'optionnel'"), c->sym->name);
    return;
  }
  bool ok = true, reported = false;
  switch (c->kind) {
  case COL_DECIMAL: case COL_INTEGER:
    if (v->k != V_NUM) { v->k = V_NUM; num_init(&v->n); }
    else if (v->n.big) num_clear(&v->n);         /* the fast parser writes into a plain Num */
    ok = parse_number(p, tp, col, s, n, &v->n, &reported) &&
         (c->kind == COL_DECIMAL || c->percent || (!v->n.big && v->n.scale == 0) || num_is_integer(&v->n));
    if (!ok) ev_value_clear(v);
    break;
  case COL_BOOLEAN:
    ev_value_clear(v);
    if (n == 1 && (s[0] == '0' || s[0] == '1')) { v->b = s[0] == '1'; v->k = V_BOOL; break; }
    ok = csv_parse_bool(s, n, &v->b);
    if (ok) v->k = V_BOOL;
    break;
  case COL_DATE: {
    int y, m, d;
    ev_value_clear(v);
    ok = csv_parse_date(s, n, &y, &m, &d);
    if (ok) { v->k = V_DATE; v->date = csv_date_pack(y, m, d); }
    break;
  }
  default:
    if (c->terr != TERR_OTHER) { ok = ev_terr_cell(p, tp, col, s, n, v); reported = true; break; }
    ev_value_clear(v); v->k = V_TEXT; v->s = s; v->len = n; break;
  }
  if (!ok && !reported)
    ev_data_error(p, tp, c->csv, _("'%.*s' in column '%s' is not %s"), (int)(n > 60 ? 60 : n), s, c->sym->name, kind_words(c));
}


static bool is_textual(ColKind k) { return k == COL_TEXT || k == COL_TERRITORY || k == COL_REF; }

/* Parses every declared column of the current row into the row cache: a bad cell is a data
 * error wherever it is, used or not. Plain text cells (most) take a short path. */
enum { PK_OTHER, PK_TEXT, PK_BOOL, PK_DECIMAL, PK_INTEGER };

/* Once the header is read: each column's place in the record and its short-path kind,
 * in two small arrays the row loop walks. */
static void plan_row(Plan *p, TablePlan *tp) {
  tp->pcsv = arena_alloc(p->a, sizeof *tp->pcsv * (size_t)(tp->ncols + 1));
  tp->pkind = arena_alloc(p->a, (size_t)tp->ncols + 1);
  for (int c = 0; c < tp->ncols; c++) {
    ColKind k = tp->cols[c].kind;
    tp->pcsv[c] = tp->cols[c].csv;
    tp->pkind[c] = tp->cols[c].terr != TERR_OTHER ? PK_OTHER : is_textual(k) ? PK_TEXT : k == COL_BOOLEAN ? PK_BOOL : tp->cols[c].percent ? PK_OTHER :
                   k == COL_DECIMAL ? PK_DECIMAL : k == COL_INTEGER ? PK_INTEGER : PK_OTHER;
  }
  for (int i = 0; i < tp->nshared; i++)   /* number trees as flat programs */
    if (ev_is_num_tree(tp->shared[i].n)) tp->shared[i].prog = ev_num_prog(p, tp, tp->shared[i].n);
}

static inline bool has_byte(const char *s, size_t n, char c) {
  for (size_t i = 0; i < n; i++) if (s[i] == c) return true;
  return false;
}

/* Every cell of the row, parsed once. The common cells (plain text, 0/1, a number in the
 * table's first decimal mark) take a short path; everything else, empty cells and errors
 * included, goes through parse_cell. */
static void parse_row(Plan *p, TablePlan *tp) {
  for (int c = 0; c < tp->ncols; c++) {
    const CsvField *f = &tp->f[tp->pcsv[c]];
    const unsigned char *s = (const unsigned char *)f->s;
    size_t n = f->len, bad;
    Value *v = &tp->cache[c];
    if (n) switch (tp->pkind[c]) {
      case PK_TEXT:
        if (s[0] > ' ' && s[0] < 0x80 && s[n - 1] > ' ' && s[n - 1] < 0x80) {
          if (v->k == V_NUM) num_clear(&v->n);
          v->k = V_TEXT; v->s = f->s; v->len = n;
          continue;
        }
        break;
      case PK_BOOL:
        if ((n == 1 && (s[0] == '0' || s[0] == '1')) ||
            (n == 3 && ((s[0] == 'o' && s[1] == 'u' && s[2] == 'i') || (s[0] == 'n' && s[1] == 'o' && s[2] == 'n')))) {
          if (v->k == V_NUM) num_clear(&v->n);
          v->k = V_BOOL; v->b = s[0] == '1' || s[0] == 'o';
          continue;
        }
        break;
      case PK_DECIMAL: case PK_INTEGER:   /* (with two possible marks: once the column's is known, or none written) */
        if (v->k == V_NUM && !v->n.big && (!tp->dec2 || tp->cols[c].mark == tp->dec1 || !has_byte(f->s, n, tp->dec1)) &&
            num_parse_cell(&v->n, f->s, n, tp->dec1, &bad) == NUM_OK &&
            (tp->pkind[c] == PK_DECIMAL || (!v->n.big && v->n.scale == 0)))
          continue;
        break;
      default: break;
      }
    parse_cell(p, tp, c, v);
  }
}

void ev_row_value(Plan *p, TablePlan *tp, int col, Value *out) { ev_value_copy(out, ev_row_peek(p, tp, col)); }

/* ---- réf index ---- */
static long index_find(const TablePlan *tp, const char *key, size_t len) { return strmap_find(&tp->index, key, len); }

const char *ev_row_key(Plan *p, TablePlan *tp, bool parse, NumText *nt, size_t *len) {
  if (parse) {
    p->quiet++;
    parse_cell(p, tp, tp->keycol, &tp->cache[tp->keycol]);
    p->quiet--;
  }
  const Value *key = ev_row_peek(p, tp, tp->keycol);
  const ColPlan *c = &tp->cols[tp->keycol];
  if (c->terr != TERR_OTHER && key->k != V_MISSING) {   /* a territory code as the file writes it, as réf cells name it */
    const char *s = tp->f[c->csv].s;
    size_t n = tp->f[c->csv].len;
    csv_trim(&s, &n);
    *len = n;
    return s;
  }
  if (key->k == V_NUM) {
    const char *s = num_text(nt, &key->n);
    *len = nt->len;
    return s;
  }
  *len = key->len;
  return key->k == V_TEXT ? key->s : NULL;
}

/* Room for row r in the stored columns. */
static void index_room(TablePlan *tp, long r) {
  tp->nrows_stored++;              /* the index gives rows their ids in order: r is the row */
  if (r >= tp->icap) {
    long ncap = tp->icap ? tp->icap * 2 : 1024;
    tp->stored_line = mem_realloc(tp->stored_line, sizeof *tp->stored_line * (size_t)ncap);
    for (int c = 0; c < tp->ncols; c++)
      if (tp->cols[c].stored) tp->stored[c] = mem_realloc(tp->stored[c], sizeof **tp->stored * (size_t)ncap);
    tp->icap = ncap;
  }
}

/* The current row kept in the index under its key ks (a réf may designate it); a worker of
 * the parallel scan keeps it aside, for ev_index_merge. */
static void store_row(Plan *p, TablePlan *tp, const char *ks, size_t kl) {
  if (p->scan_tp) { ev_scan_keep(p, tp, ks, kl); return; }
  bool added;
  long r = strmap_add(&tp->index, ks, kl, &added);
  if (r < 0) abort();
  if (!added) {
    ev_data_error(p, tp, tp->cols[tp->keycol].csv, _("key '%.*s' of table '%s' appears twice (first on line %ld); each row needs its own key"),
                  (int)kl, ks, tp->sym->name, tp->stored_line[r]);
    return;
  }
  index_room(tp, r);
  tp->stored_line[r] = tp->line;
  for (int c = 0; c < tp->ncols; c++) {
    if (!tp->cols[c].stored) continue;
    Value *v = &tp->stored[c][r];
    memset(v, 0, sizeof *v);
    ev_row_value(p, tp, c, v);
    if (v->k == V_TEXT) v->s = arena_strndup(p->a, v->s, v->len);
  }
}

bool ev_index_merge(Plan *p, TablePlan *tp, const char *ks, size_t kl, long line, Value *vals) {
  bool added;
  long r = strmap_add(&tp->index, ks, kl, &added);
  if (r < 0) abort();
  if (!added) return false;
  index_room(tp, r);
  tp->stored_line[r] = line;
  for (int c = 0; c < tp->ncols; c++) {
    if (!tp->cols[c].stored) continue;
    Value *v = &tp->stored[c][r];
    *v = vals[c];
    if (v->k == V_TEXT) { v->s = arena_strndup(p->a, vals[c].s, v->len); mem_free((char *)vals[c].s); }
    vals[c].k = V_MISSING;
  }
  return true;
}

void ev_index_reset(TablePlan *tp) {
  for (int c = 0; c < tp->ncols; c++)
    for (long r = 0; tp->cols[c].stored && r < tp->nrows_stored; r++) ev_value_clear(&tp->stored[c][r]);
  tp->nrows_stored = 0;
  strmap_free(&tp->index);
}

/* The key of a row of the table's first read: indexed when a réf may designate it (the index
 * finds its duplicates), else counted by the uniqueness check of every key (scan_keys.c). */
static void row_key(Plan *p, TablePlan *tp) {
  NumText nt = {0};
  size_t kl;
  const char *ks = ev_row_key(p, tp, false, &nt, &kl);
  if (ks && tp->indexed && ev_row_wanted(tp, ks, kl)) store_row(p, tp, ks, kl);
  else if (ks && p->scan_tp) ev_scan_key(p, ks, kl);
  else if (ks) ev_keys_add(p, tp, ks, kl);
  num_text_free(&nt);
}

/* Follows the réf hops of n from the current row of n->tp: the table and stored row read last.
 * A dangling first hop is a data error, reported (if `say`) by the check of every réf of a
 * row on the table's first read — once, not again by each formula that follows it. */
static bool follow(Plan *p, TablePlan *from, const int *nav, TablePlan *const *navtp, int nnav, TablePlan **tp, long *row,
                   bool say) {
  Value key = {0};
  long r = -1;
  TablePlan *cur = from;
  for (int i = 0; i < nnav; i++) {
    if (i == 0) ev_row_value(p, cur, nav[0], &key);
    else ev_value_copy(&key, &cur->stored[nav[i]][r]);
    if (key.k == V_MISSING) { ev_value_clear(&key); return false; }
    NumText nt = {0};
    const char *ks = key.s;
    size_t kl = key.len;
    if (key.k == V_NUM) { ks = num_text(&nt, &key.n); kl = nt.len; }
    TablePlan *tgt = navtp[i];
    r = index_find(tgt, ks, kl);
    if (r < 0 && i == 0 && say)
      ev_data_error(p, from, from->cols[nav[0]].csv, _("'%.*s' in column '%s' refers to no row of table '%s' (dangling réf)"),
                    (int)kl, ks, from->cols[nav[0]].sym->name, tgt->sym->name);
    num_text_free(&nt);
    if (r < 0) {
      ev_value_clear(&key);
      return false;
    }
    cur = tgt;
  }
  ev_value_clear(&key);
  *tp = cur;
  *row = r;
  return true;
}

bool ev_follow(Plan *p, TablePlan *from, const int *nav, TablePlan *const *navtp, int nnav, TablePlan **tp, long *row) {
  return follow(p, from, nav, navtp, nnav, tp, row, false);
}

bool ev_nav(Plan *p, const ENode *n, TablePlan **tp, long *row) {
  return ev_follow(p, n->tp, n->nav, n->navtp, n->nnav, tp, row);
}

/* ---- accumulation ---- */
static void acc_init(Acc *a) {
  memset(a, 0, sizeof *a);
  num_init(&a->sum);
}
void ev_acc_init(Acc *a) { acc_init(a); }

static AccX *acc_x(Acc *a) {
  if (!a->x) {
    a->x = mem_calloc(1, sizeof *a->x);
    num_init(&a->x->min); num_init(&a->x->max);
  }
  return a->x;
}

/* The accumulators of group gid in ts, one per slot of the space (made when new). */
static Acc *group_accs(TableSpace *ts, int gid) {
  if (gid >= ts->ngroups) {
    int n = ts->ngroups ? ts->ngroups : 8;
    while (n <= gid) n *= 2;
    ts->accs = mem_realloc(ts->accs, sizeof *ts->accs * (size_t)n * (size_t)ts->nslots);
    for (long i = (long)ts->ngroups * ts->nslots; i < (long)n * ts->nslots; i++) acc_init(&ts->accs[i]);
    ts->ngroups = n;
  }
  return &ts->accs[(long)gid * ts->nslots];
}

static Acc *group_acc(Slot *s, int gid) { return group_accs(s->space, gid) + s->sidx; }
Acc *ev_group_acc(Slot *s, int gid) { return group_acc(s, gid); }
AccX *ev_acc_x(Acc *a) { return acc_x(a); }


static void distinct_add(AccX *a, const Value *v) {
  char buf[32];
  NumText nt = {0};
  const char *s = v->s;
  size_t n = v->len;
  if (v->k == V_NUM) { s = num_text(&nt, &v->n); n = nt.len; }
  else if (v->k == V_BOOL) { s = v->b ? "1" : "0"; n = 1; }
  else if (v->k == V_DATE) { n = (size_t)snprintf(buf, sizeof buf, "%ld", v->date); s = buf; }
  if (strmap_add(&a->dist, s, n, NULL) < 0) abort();
  num_text_free(&nt);
}

static void acc_value(Slot *s, Acc *a, const Value *v) {
  if (v->k == V_MISSING) { a->missing++; return; }
  a->n++;
  switch (s->agg) {
  case B_SUM: case B_MEAN: if (v->k == V_NUM) num_add(&a->sum, &a->sum, &v->n); break;
  case B_MIN: case B_MAX: {
    if (v->k != V_NUM) break;
    AccX *x = acc_x(a);
    if (!x->has) { num_set(&x->min, &v->n); num_set(&x->max, &v->n); x->has = true; break; }
    if (num_cmp(&v->n, &x->min) < 0) num_set(&x->min, &v->n);
    if (num_cmp(&v->n, &x->max) > 0) num_set(&x->max, &v->n);
    break;
  }
  case B_MEDIAN: {
    if (v->k != V_NUM) break;
    AccX *x = acc_x(a);
    if (x->nvals == x->vcap) { x->vcap = x->vcap ? x->vcap * 2 : 64; x->vals = mem_realloc(x->vals, sizeof *x->vals * (size_t)x->vcap); }
    num_init(&x->vals[x->nvals]);
    num_set(&x->vals[x->nvals++], &v->n);
    break;
  }
  case B_COUNT_DISTINCT: distinct_add(acc_x(a), v); break;
  default: break;
  }
}

static bool separate_total(BuiltinId b) { return b == B_MEDIAN || b == B_COUNT_DISTINCT; }

/* A filter or expression shared by aggregates: computed for the current row once. */
static int shared_pred(Plan *p, TablePlan *tp, int i) {
  SharedExpr *e = &tp->shared[i];
  if (e->pstamp != tp->stamp) { e->pred = ev_row_pred(p, e->n); e->pstamp = tp->stamp; }
  return e->pred;
}

static const Value *shared_value(Plan *p, TablePlan *tp, int i) {
  SharedExpr *e = &tp->shared[i];
  if (e->vstamp == tp->stamp) return e->v;
  p->divzero = false;
  e->v = ev_peek(p, e->n, GID_ROW, &e->tmp);
  e->divzero = p->divzero;
  e->vstamp = tp->stamp;
  return e->v;
}

static const Num *shared_num(Plan *p, TablePlan *tp, int i) {
  SharedExpr *e = &tp->shared[i];
  if (e->nstamp == tp->stamp) return e->nv;
  p->divzero = false;
  e->nv = e->prog ? ev_prog_num(p, e->prog, tp->cache, e->n, &e->num) : ev_row_num(p, e->n, &e->num);
  e->divzero = p->divzero;
  e->nstamp = tp->stamp;
  return e->nv;
}

static bool slot_filter(Plan *p, TablePlan *tp, const Slot *s) {
  const Value *f;
  switch (s->fkind) {
  case 0: return true;
  case 1: f = &tp->cache[s->fcol]; return f->k == V_BOOL && f->b;
  case 2: f = &tp->cache[s->fcol]; return f->k == V_BOOL && !f->b;
  default: return shared_pred(p, tp, s->fshared) == 1;
  }
}

static void slot_row(Plan *p, TablePlan *tp, Slot *s) {
  Acc *a = s->space ? s->space->row + s->sidx : &s->total;   /* the row's group: ev_scan_rows */
  bool both = s->both;
  a->all++;
  if (both) s->total.all++;
  if (!slot_filter(p, tp, s)) return;
  a->rows++;
  if (both) s->total.rows++;
  if (!s->ekind) return;
  if (s->ekind == 1 && !both) {
    const Value *v = &tp->cache[s->ecol];
    if (v->k == V_NUM && (s->agg == B_SUM || s->agg == B_MEAN)) { a->n++; num_add(&a->sum, &a->sum, &v->n); }
    else acc_value(s, a, v);
    return;
  }
  if (s->ekind == 3 && !both) {    /* a number expression: computed in place, once per row */
    const Num *x = shared_num(p, tp, s->eshared);
    if (tp->shared[s->eshared].divzero) s->divzero++;
    if (!x) a->missing++;
    else if (s->agg == B_SUM || s->agg == B_MEAN) { a->n++; num_add(&a->sum, &a->sum, x); }
    else { Value v = {.k = V_NUM, .n = *x}; acc_value(s, a, &v); }
    return;
  }
  if (s->eshared >= 0) {            /* a general expression, maybe shared with other aggregates */
    const Value *v = shared_value(p, tp, s->eshared);
    if (tp->shared[s->eshared].divzero) s->divzero++;
    acc_value(s, a, v);
    if (both) acc_value(s, &s->total, v);
    return;
  }
  Value tv;
  tv.k = V_MISSING;
  p->divzero = false;
  const Value *v = ev_peek(p, s->expr, GID_ROW, &tv);
  if (p->divzero) s->divzero++;
  acc_value(s, a, v);
  if (both) acc_value(s, &s->total, v);
  ev_value_clear(&tv);
}

static void check_row(Plan *p, TablePlan *tp, RowCheck *rc) {
  rc->res->rows_checked++;
  if (ev_row_pred(p, rc->cond) != 1) {   /* false or missing: a failure */
    rc->res->failures++;
    if (rc->res->nfirst < 10) rc->res->first[rc->res->nfirst++] = (CheckFailure){tp->path, tp->line};
  }
}

/* ---- header ---- */
static bool ascii_ieq(const char *a, size_t an, const char *b) {
  size_t bn = strlen(b);
  if (an != bn) return false;
  for (size_t i = 0; i < an; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int ev_header_find(const CsvField *h, int nh, const char *name) {
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < nh; i++) {
      const char *s = h[i].s;
      size_t n = h[i].len;
      csv_trim(&s, &n);
      if (pass ? ascii_ieq(s, n, name) : n == strlen(name) && !memcmp(s, name, n)) return i;
    }
  return -1;
}

static bool map_header(Plan *p, TablePlan *tp) {
  const CsvField *h;
  int nh = csv_header(tp->rd, &h);
  if (nh < 0) return false;
  for (int c = 0; c < tp->ncols; c++) {
    const char *name = tp->cols[c].sym->name;
    if (tp->cols[c].csv < 0) tp->cols[c].csv = ev_header_find(h, nh, name);
    for (int i = tp->cols[c].csv + 1; tp->cols[c].csv >= 0 && !tp->reads && i < nh; i++) {
      const char *s = h[i].s;
      size_t n = h[i].len;
      csv_trim(&s, &n);
      if (n == strlen(name) && !memcmp(s, name, n)) {
        diag_at(p->d, DIAG_ERROR, tp->path, csv_record_line(tp->rd), 1, NULL,
                _("column '%s' appears twice in the header (fields %d and %d); keep one"), name, tp->cols[c].csv + 1, i + 1);
        p->data_error = true;
      }
    }
    if (tp->cols[c].csv < 0) {
      const char **cands = arena_alloc(p->a, sizeof *cands * (size_t)(nh + 1));
      for (int i = 0; i < nh; i++) cands[i] = arena_strndup(p->a, h[i].s, h[i].len);
      const char *sug = sym_suggest(name, cands, nh);
      char hint[200] = "";
      if (sug) snprintf(hint, sizeof hint, _("; did you mean '%s'?"), sug);
      diag_at(p->d, DIAG_ERROR, tp->path, csv_record_line(tp->rd), 1, NULL,
              _("the header has no column '%s', declared in table '%s'%s"), name, tp->sym->name, hint);
      p->data_error = true;
    }
  }
  return !p->data_error;
}

/* ---- the pass over one table ---- */
/* Every réf must point at a row of its table. */
static void check_refs(Plan *p, TablePlan *tp) {
  for (int c = 0; c < tp->ncols; c++) {
    if (tp->cols[c].kind != COL_REF || !tp->reftp[c] || tp->cache[c].k == V_MISSING) continue;
    TablePlan *tgt;
    long row;
    int nav[1] = {c};
    TablePlan *navtp[1] = {tp->reftp[c]};
    follow(p, tp, nav, navtp, 1, &tgt, &row, !tp->reads);
  }
}

static bool csv_failed(Plan *p, TablePlan *tp) {
  const CsvError *e = csv_error(tp->rd);
  if (!e) return false;
  if (p->scan_tp) { p->scan_failed = true; return true; }
  if (e->line == 0 && tp->sym->mod != p->c->main && !pg_is_url(tp->src) && !given_by_data(p, tp->sym))
    diag_at(p->d, DIAG_ERROR, tp->path, 0, 0, NULL, _("table '%s' (of the imported module '%s'): %s; put the file beside the "
                                                     "script, or give it with --data %s=PATH"),
            tp->sym->name, tp->sym->mod->name, e->message, tp->sym->name);
  else if (e->line == 0)
    diag_at(p->d, DIAG_ERROR, tp->path, 0, 0, NULL, _("table '%s': %s"), tp->sym->name, e->message);
  else diag_at(p->d, DIAG_ERROR, e->path, e->line, e->col, e->line_text, "%s", e->message);
  p->data_error = true;
  return true;
}

/* What this pass computes, for explain --plan. */
static void note_pass(Plan *p, TablePlan *tp) {
  PassNote n = {p->stage, 0, 0, !tp->reads, 1, NULL};
  for (int i = 0; i < tp->nslots; i++) n.nslots += tp->slots[i]->stage == p->stage;
  for (int i = 0; i < tp->nchecks; i++) n.nchecks += tp->checks[i].uses->stage == p->stage;
  ARENA_PUSH(p->a, tp->passes, tp->npasses, tp->pscap, n);
}

static void pass(Plan *p, TablePlan *tp) {
  note_pass(p, tp);
  tp->copt.sha256 = p->o->checksums && !tp->reads;   /* digested while read, never read again for it */
  tp->rd = ev_open_source(tp);
  tp->copt.sha256 = false;
  if (csv_failed(p, tp)) return;
  if (!map_header(p, tp)) { csv_failed(p, tp); return; }
  set_decimals(tp);
  if (!tp->pkind) plan_row(p, tp);
  /* the whole file was read: by parts in parallel, or here */
  bool complete = ev_scan_parallel(p, tp, &tp->passes[tp->npasses - 1]) || ev_scan_rows(p, tp, -1) == 1;
  if (!tp->reads) ev_terr_report(p, tp);
  if (!tp->reads && csv_sha256(tp->rd)) tp->sha256 = arena_strdup(p->a, csv_sha256(tp->rd));
  csv_close(tp->rd);
  tp->rd = NULL;
  if (!tp->reads) ev_keys_end(p, tp, complete);
  strmap_free(&tp->want);          /* the designated rows are kept: the keys are no longer needed */
  tp->reads++;
}

/* The rows of the pass; run[0..nrun): the aggregates of the current stage. */
static int scan_loop(Plan *p, TablePlan *tp, long long stop, Slot *const *run, int nrun) {
  int nh = csv_header_count(tp->rd);
  for (;;) {
    if (stop >= 0 && csv_next_start(tp->rd) >= stop) return 0;
    int nf = csv_next(tp->rd, &tp->f);
    if (nf <= 0) { if (nf < 0) csv_failed(p, tp); return nf < 0 ? -1 : 1; }
    tp->nf = nf;
    tp->line = csv_record_line(tp->rd);
    tp->stamp++;
    if (!tp->reads) tp->rows_read++;
    if (!csv_expect_fields(tp->rd, nh)) { csv_failed(p, tp); return -1; }
    parse_row(p, tp);
    if (tp->nrefs) check_refs(p, tp);
    if (tp->keycol >= 0 && !tp->reads) row_key(p, tp);
    for (int i = 0; i < tp->nspaces; i++) {   /* each breakdown's group, and its accumulators */
      TableSpace *ts = tp->spaces[i];
      int gid = ev_row_group(p, tp, ts);
      if (ts->nslots) ts->row = group_accs(ts, gid);
    }
    for (int i = 0; i < nrun; i++) slot_row(p, tp, run[i]);
    for (int i = 0; i < tp->nchecks; i++)
      if (tp->checks[i].uses->stage == p->stage) check_row(p, tp, &tp->checks[i]);
    if (p->scan_failed) return -1;
    if (p->data_errors >= EV_MAX_DATA_ERRORS) {
      diag_at(p->d, DIAG_NOTE, tp->path, 0, 0, NULL, _("stopped reading after %d data errors; correct these and run again"),
              EV_MAX_DATA_ERRORS);
      return -1;
    }
  }
}

int ev_scan_rows(Plan *p, TablePlan *tp, long long stop) {
  Slot **run = mem_alloc(sizeof *run * (size_t)(tp->nslots + 1));   /* the stage's aggregates, once per pass */
  int nrun = 0;
  for (int i = 0; i < tp->nslots; i++) {
    Slot *s = tp->slots[i];
    s->both = s->space && separate_total(s->agg);
    if (s->stage == p->stage) run[nrun++] = s;
  }
  int rc = scan_loop(p, tp, stop, run, nrun);
  mem_free(run);
  return rc;
}

/* Whether tp is read in the current stage: for the aggregates of that stage, and the first
 * time for its row-level contrôles and its réf index. */
static bool due(const Plan *p, const TablePlan *tp) {
  if (!ev_table_needed(tp)) return false;
  if (!tp->reads && (tp->indexed || tp->validate)) return true;   /* every table with data is read once */
  for (int i = 0; i < tp->nslots; i++) if (tp->slots[i]->stage == p->stage) return true;
  for (int i = 0; i < tp->nchecks; i++) if (tp->checks[i].uses->stage == p->stage) return true;
  return false;
}

static void run_in_order(Plan *p, TablePlan *tp) {
  if (tp->state == 2 || p->data_error) return;
  if (tp->state == 1) {
    diag_error(p->d, tp->sym->loc, _("tables refer to each other in a cycle through 'réf' columns; this is not supported"));
    p->script_error = true;
    return;
  }
  tp->state = 1;
  for (int i = 0; i < tp->ndeps; i++) run_in_order(p, tp->deps[i]);
  if (due(p, tp)) {
    if (!tp->stored) tp->stored = arena_alloc(p->a, sizeof *tp->stored * (size_t)(tp->ncols + 1));
    pass(p, tp);
  }
  tp->state = 2;
}

/* Sums the per-group accumulators of additive aggregates into the total. */
static void finalize(Slot *s) {
  if (!s->space || separate_total(s->agg)) return;
  for (int g = 0; g < s->space->ngroups; g++) {
    Acc *a = ev_find_acc(s, g);
    s->total.all += a->all; s->total.rows += a->rows; s->total.n += a->n; s->total.missing += a->missing;
    num_add(&s->total.sum, &s->total.sum, &a->sum);
    if (!a->x || !a->x->has) continue;
    AccX *t = acc_x(&s->total);
    if (!t->has || num_cmp(&a->x->min, &t->min) < 0) num_set(&t->min, &a->x->min);
    if (!t->has || num_cmp(&a->x->max, &t->max) > 0) num_set(&t->max, &a->x->max);
    t->has = true;
  }
}

/* Runs the passes plan_table.c planned: stage by stage, every table due in it, in réf order. */
bool ev_run_tables(Plan *p, int top) {
  for (p->stage = 0; p->stage <= top && !p->data_error; p->stage++) {
    for (int i = 0; i < p->ntables; i++) p->tables[i]->state = 0;
    for (int i = 0; i < p->ntables; i++) run_in_order(p, p->tables[i]);
    for (int i = 0; i < p->ntables; i++)
      for (int j = 0; j < p->tables[i]->nslots; j++)
        if (p->tables[i]->slots[j]->stage == p->stage) finalize(p->tables[i]->slots[j]);
  }
  return !p->data_error;
}

void ev_acc_free(Acc *a) {
  num_clear(&a->sum);
  if (!a->x) return;
  num_clear(&a->x->min); num_clear(&a->x->max);
  for (long i = 0; i < a->x->nvals; i++) num_clear(&a->x->vals[i]);
  free(a->x->vals);
  strmap_free(&a->x->dist);
  free(a->x);
}

/* Frees what tables and slots hold outside the arena. */
void ev_tables_free(Plan *p) {
  for (int i = 0; i < p->ntables; i++) {
    TablePlan *tp = p->tables[i];
    for (int j = 0; j < tp->nslots; j++) ev_acc_free(&tp->slots[j]->total);
    for (int j = 0; j < tp->nspaces; j++) {
      TableSpace *ts = tp->spaces[j];
      for (long k = 0; k < (long)ts->ngroups * ts->nslots; k++) ev_acc_free(&ts->accs[k]);
      free(ts->accs);
      free(ts->kbuf);
      strmap_free(&ts->memo); free(ts->memo_gid);
    }
    for (int j = 0; j < tp->nshared; j++) { ev_value_clear(&tp->shared[j].tmp); num_clear(&tp->shared[j].num); }
    for (int c = 0; c < tp->ncols; c++) {
      ev_value_clear(&tp->cache[c]);
      if (!tp->stored || !tp->stored[c]) continue;
      for (long r = 0; r < tp->nrows_stored; r++) ev_value_clear(&tp->stored[c][r]);
      free(tp->stored[c]);
    }
    strmap_free(&tp->index); strmap_free(&tp->want); free(tp->stored_line);
    if (tp->rd) csv_close(tp->rd);
  }
  for (int i = 0; i < p->nspaces; i++) strmap_free(&p->spaces[i]->ids);
}
