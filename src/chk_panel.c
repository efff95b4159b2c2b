/* chk_panel.c — the meaning of a sampling frame (`base_sondage`) and of a panel sampled from
 * it (`panel`), both tables whose columns the table checker has already checked:
 *
 *   base_sondage  strates: columns of the frame that define the strata (none: one stratum)
 *   panel         one `réf` column to a base_sondage (the organisation each row measures);
 *                 estimer: the panel's numeric columns to extrapolate to the whole frame;
 *                 auxiliaire: a numeric column of the frame known for every organisation
 *                 (required by the ratio estimators); méthode: expansion, ratio,
 *                 ratio_séparé (default with an auxiliary) or ratio_combiné; niveau: the
 *                 confidence level, strictly between 0 % and 100 % (default 95 %).
 * The evaluator (compute_panel.c) relies on what is checked here. */
#include "chk_int.h"
#include "intl.h"
#include <string.h>

static bool numeric(const Sym *col) {
  ColKind k = col->item->col->kind;
  return k == COL_INTEGER || k == COL_DECIMAL;
}

/* A field whose values are column names of table t (strates:, estimer:), numeric if asked. */
static void column_names(Chk *k, Sym *t, FieldId f, bool need_numeric) {
  Item *it = schema_find(t->decl, f);
  for (int i = 0; it && i < it->values.n; i++) {
    Expr *e = it->values.v[i]->value;
    Sym *col = e->kind == EX_NAME && e->name.n == 1 ? sym_column(t, e->name.parts[0]) : NULL;
    if (!col) {
      diag_error(k->d, e->loc, _("'%s' takes columns of '%s'; '%s' is not one"), chk_field_name(f), t->name,
                 e->kind == EX_NAME ? e->name.parts[0] : "?");
      continue;
    }
    if (need_numeric && !numeric(col))
      diag_error(k->d, e->loc, _("'%s' of panel '%s' takes numeric columns (entier, décimal); '%s' is not one"),
                 chk_field_name(f), t->name, col->name);
  }
}

/* The one réf column of panel t that points into a base_sondage, or NULL (reported). */
static Sym *frame_of(Chk *k, Sym *t) {
  Sym *frame = NULL;
  for (int i = 0; i < t->ncolumns; i++) {
    Sym *target = sym_ref_target(t->columns[i]);
    if (!target || target->decl->kind != D_FRAME) continue;
    if (frame) {
      diag_error(k->d, t->columns[i]->loc, _("panel '%s' has two réf columns to a base_sondage; keep one"), t->name);
      return NULL;
    }
    frame = target;
  }
  if (!frame)
    diag_error(k->d, t->decl->name_loc, _("panel '%s' names no base_sondage: add a column that references it, e.g. "
                                          "organisme: réf organismes"), t->name);
  return frame;
}

static const Expr *word_of(Sym *t, FieldId f) {
  Item *it = schema_find(t->decl, f);
  return it && it->values.n ? it->values.v[0]->value : NULL;
}

static void check_level(Chk *k, Sym *t) {
  const Expr *e = word_of(t, F_LEVEL);
  Num v = NUM_INIT, hundred = NUM_INIT;
  Unit pct;
  num_set_long(&hundred, 100);   /* the literal as written: 95 in `95 %` */
  if (e && chk_num_literal(e, &v, &pct) && pct.percent && (num_is_zero(&v) || num_cmp(&v, &hundred) >= 0))
    diag_error(k->d, e->loc, _("a confidence level is strictly between 0 %% and 100 %%, e.g. niveau: 95 %%"));
  num_clear(&v);
  num_clear(&hundred);
}

static void check_panel(Chk *k, Sym *t) {
  Sym *frame = frame_of(k, t);
  if (!schema_find(t->decl, F_ESTIMATE))
    diag_error(k->d, t->decl->name_loc, _("panel '%s' estimates nothing: add `estimer: COLUMN, …` (the measured values "
                                          "to extrapolate)"), t->name);
  column_names(k, t, F_ESTIMATE, true);
  const Expr *m = word_of(t, F_METHOD), *aux = word_of(t, F_AUXILIARY);
  int method = -1;
  if (m && (m->kind != EX_NAME || m->name.n != 1 || (method = schema_panel_method(m->name.parts[0])) < 0))
    diag_error(k->d, m->loc, _("'méthode' is expansion, ratio, ratio_séparé or ratio_combiné"));
  if (aux && frame) {
    Sym *col = aux->kind == EX_NAME && aux->name.n == 1 ? sym_column(frame, aux->name.parts[0]) : NULL;
    if (!col || !numeric(col))
      diag_error(k->d, aux->loc, _("'auxiliaire' is a numeric column of base_sondage '%s' (known for every organisation)"),
                 frame->name);
  }
  if (!aux && method > PM_EXPANSION)
    diag_error(k->d, m->loc, _("a ratio estimator needs an auxiliary variable: add `auxiliaire: COLUMN` (a column of the "
                               "base_sondage, e.g. its dwellings)"));
  check_level(k, t);
}

void chk_panel(Chk *k, Sym *t) {
  if (t->decl->kind == D_FRAME) column_names(k, t, F_STRATA, false);
  else check_panel(k, t);
}
