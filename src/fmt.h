/* fmt.h — the canonical printer behind `pvs fmt` (layout rules: doc/fmt.md).
 *
 * fmt_program() prints a Program that parsed without errors; it borrows everything and
 * allocates nothing that outlives the call. The output parses back to the same tree
 * (ast_dump equal), keeps every comment, and is a fixed point: formatting it again gives
 * the same bytes. */
#ifndef PVS_FMT_H
#define PVS_FMT_H
#include "ast.h"
#include <stdio.h>

typedef struct FmtOptions {
  KwLang keywords;   /* the language every keyword is written in (LANG_FR by default) */
  bool names;        /* also write field and built-in function names in that language
                        (pvs fmt --keywords): without it they stay as written */
} FmtOptions;

/* Prints `p` in the canonical layout to `out`. */
void fmt_program(FILE *out, const Program *p, const FmtOptions *o);

/* Prints one expression of `p` (the program it was parsed from: a multi-line `selon` keeps
 * one arm per line) in the canonical layout, without comments or a final newline. Borrows
 * everything. Used by `pvs doc` to show formulas. */
void fmt_expr(FILE *out, const Expr *e, const Program *p, const FmtOptions *o);

/* The spelling of a field name and of a built-in function name in the output language,
 * from fields.def and builtins.def; a name that is neither is returned as written. */
const char *fmt_field_name(const char *name, KwLang lang);
const char *fmt_call_name(const char *name, KwLang lang);
#endif
