/* chk_strict.c — the rules for a shared référentiel (`pvs check --strict`) and the
 * warnings every run shows (an unused parameter). Only the files named on the command line
 * are held to them, not the modules they import. */
#include "chk_int.h"
#include "intl.h"
#include <string.h>

static bool placeholder(const char *s) {
  return strstr(s, "compléter") || strstr(s, "completer") || strstr(s, "TODO");
}

static void need_field(Chk *k, Sym *s, FieldId f, const char *example) {
  Item *it = schema_find(s->decl, f);
  if (!it) {
    diag_error(k->d, s->loc, _("--strict: %s '%s' needs a '%s'; add `%s`"), sym_kind_name(s->kind), s->name,
               schema_field(f)->fr, example);
    return;
  }
  Expr *v = it->values.n ? it->values.v[0]->value : NULL;
  if (f == F_SOURCE && v && v->kind == EX_STR && placeholder(v->str))
    diag_warning(k->d, v->loc, _("the source of '%s' is still a placeholder (\"%s\"); write where the value comes from"), s->name, v->str);
}

static void strict_indicator(Chk *k, Sym *s) {
  Decl *d = s->decl;
  if (!d->label) diag_error(k->d, s->loc, _("--strict: indicateur '%s' needs a label in quotes after its name"), s->name);
  if (!d->unit) diag_error(k->d, s->loc, _("--strict: indicateur '%s' needs a unit, e.g. indicateur %s \"…\" : logement"), s->name, s->name);
  need_field(k, s, F_DESCRIPTION, "description: \"…\"");
  need_field(k, s, F_CHAIN, "chaîne: NAME");
}

void chk_strict(Chk *k, Module *m) {
  if (!m->framework)
    diag_error(k->d, (Loc){m->prog->file, 0, 0},
               _("--strict: a shared référentiel starts with its header; add `référentiel \"name\" version \"2026.1\"`"));
  else if (!m->framework->version)
    diag_error(k->d, m->framework->kw_loc, _("--strict: the référentiel header needs a version, e.g. référentiel \"%s\" version \"2026.1\""),
               m->framework->name);
  for (int i = 0; i < m->nsyms; i++) {
    Sym *s = m->syms[i];
    if (s->kind == S_INDICATOR) strict_indicator(k, s);
    if (s->kind == S_PARAM || s->kind == S_VALUATION || s->kind == S_OVERRIDE) need_field(k, s, F_SOURCE, "source: \"…\"");
  }
}

/* An unused parameter is worth a warning in an organisation's script, not in a shared
 * référentiel (a module with a `référentiel` header): its parameters are there for the
 * scripts that import it. */
void chk_unused(Chk *k, Module *m) {
  if (m->framework) return;
  for (int i = 0; i < m->nsyms; i++) {
    Sym *s = m->syms[i];
    const ChkSym *cs = s->chk;
    if (s->kind == S_PARAM && cs && !cs->used)
      diag_warning(k->d, s->loc, _("parameter '%s' is never used; use it in a formula or remove it"), s->name);
  }
}
