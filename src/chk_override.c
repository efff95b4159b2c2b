/* chk_override.c — surcharges: `surcharge NAME { valeur: … depuis …; source: "…" }` gives an
 * imported parameter the organisation's own values (its local market rent, its own cost of
 * a litigation file) without redeclaring it, which stays an error.
 *
 * Rules: NAME is a parameter of an imported module (not one of this file, not another kind);
 * one surcharge per parameter in the whole compilation; its values are checked like the
 * parameter's own, in its unit (bare numbers take it; `: unit`, if written, must be it), and
 * may depend only on the columns the référentiel's value reads (those are in scope wherever
 * the parameter is used). `--strict` asks for its source (chk_strict.c). What the evaluator
 * does with it is in doc/langage.md § 4. */
#include "chk_int.h"
#include "intl.h"
#include <string.h>

const Sym *chk_override_of(const Sym *p) {
  const ChkSym *cs = p ? p->chk : NULL;
  return cs && p->kind == S_PARAM ? cs->override : NULL;
}

/* The imported parameter `ov` names, or NULL (reported). */
static Sym *target(Chk *k, Sym *ov) {
  Sym *t = sym_lookup(ov->mod, NS_VALUE, ov->name);
  if (!t) {
    Sym **v;
    int n = sym_visible(k->c, ov->mod, NS_VALUE, &v), nc = 0;
    const char **c = arena_alloc(k->a, sizeof *c * (size_t)(n + 1));
    for (int i = 0; i < n; i++) if (v[i]->kind == S_PARAM && v[i]->mod != ov->mod) c[nc++] = v[i]->name;
    diag_error(k->d, ov->loc, _("'surcharge %s': no imported parameter is named '%s'%s"), ov->name, ov->name,
               chk_suggest_or(k, ov->name, c, nc, _("; a surcharge gives local values to a parameter of an imported référentiel")));
    return NULL;
  }
  if (t->kind != S_PARAM) {
    diag_error(k->d, ov->loc, _("'%s' (%s) is not a parameter; only a parameter of an imported référentiel can have a surcharge"),
               ov->name, sym_kind_name(t->kind));
    return NULL;
  }
  if (t->mod == ov->mod) {
    diag_error(k->d, ov->loc, _("'%s' is declared in this file: change its values there; a surcharge is for a parameter of an "
                                "imported référentiel"), ov->name);
    diag_note(k->d, t->loc, _("'%s' is declared here"), t->name);
    return NULL;
  }
  return t;
}

/* A second surcharge of the same parameter: which values apply would be a guess. */
static bool first_override(Chk *k, Sym *ov, Sym *t) {
  ChkSym *ts = chk_sym(k, t);
  if (!ts->override) { ts->override = ov; return true; }
  diag_error(k->d, ov->loc, _("parameter '%s' already has a surcharge; keep one, with all its dated values"), t->name);
  diag_note(k->d, ts->override->loc, _("the other surcharge of '%s' is here"), t->name);
  return false;
}

/* `surcharge p : unit`: the parameter's unit, or an error. */
static void same_unit(Chk *k, Sym *ov, Sym *t) {
  if (!ov->decl->unit) return;
  const ChkSym *ts = chk_sym(k, t);
  Unit u = chk_unit(k, ov->mod, ov->decl->unit);
  if (u.overflow || ts->type.k != T_NUM || units_equal(&u, &ts->type.u)) return;
  diag_error(k->d, ov->decl->unit->loc, _("a surcharge keeps the unit of '%s' (%s), not %s; remove ': %s' or write ': %s'"),
             t->name, chk_type_text(k, &ts->type), chk_unit_text(k, &u), chk_unit_text(k, &u), chk_type_text(k, &ts->type));
}

/* Columns the local values read that the référentiel's do not: not in scope where p is used. */
static void same_columns(Chk *k, Sym *ov, Sym *t, int before) {
  ChkSym *ts = chk_sym(k, t);
  for (int i = before; i < ts->nrowcols; i++)
    diag_error(k->d, ov->loc, _("the local values of '%s' read column '%s', which its référentiel value does not read; "
                                "a surcharge may depend only on the columns the référentiel's value reads (%s)"),
               t->name, ts->rowcols[i], before ? chk_join(k, ts->rowcols, before, ", ") : _("none"));
  ts->nrowcols = before;
}

/* surcharge NAME { valeur: … ; source: "…" } */
void chk_override(Chk *k, Sym *ov) {
  Sym *t = target(k, ov);
  if (!t) return;
  chk_symbol(k, t);
  chk_sym(k, ov)->override = t;
  if (!first_override(k, ov, t)) return;
  same_unit(k, ov, t);
  ChkSym *ts = chk_sym(k, t);
  Ctx x = chk_ctx(k, ov->mod, t);   /* what the values use, the parameter uses */
  x.param_value = true;
  x.bare_unit = ts->declared_unit ? &ts->type.u : NULL;
  int before = ts->nrowcols;
  chk_param_values(k, &x, t, ov->decl, false);
  same_columns(k, ov, t, before);
}
