/* chk.c — the semantic checker (see chk.h). First version: the symbol tables built by
 * load_compilation are the only checks; types, units and the rest come next. */
#include "chk.h"

int chk_run(Compilation *c, const ChkOptions *o) { (void)c; (void)o; return 0; }

const UnitExpr *chk_unit_of(const Sym *s) { return s && s->decl ? s->decl->unit : NULL; }

int chk_order(const Compilation *c, Sym ***out) { *out = c->main->syms; return c->main->nsyms; }
