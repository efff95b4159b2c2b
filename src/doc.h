/* doc.h — `pvs doc`: the référentiel as a document for people who will never read a .pvs
 * file, in French, as GitHub-flavoured Markdown or as one self-contained HTML page.
 *
 * The document describes declarations, not figures: every indicator with its definition,
 * formula, unit, chain, stakeholders, breakdown, sources and the dated history of every
 * parameter it uses; valuations (with the SROI arithmetic in words), tables and their CSV
 * files, parameters, costs, contrôles, the tree of social value, bilans, scénarios, and an
 * alphabetical index. Layout: doc/doc-command.md. Library code: it writes the document and
 * nothing else; errors come back as errno values. */
#ifndef PVS_DOC_H
#define PVS_DOC_H
#include "sym.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum DocFormat { DOC_MD, DOC_HTML } DocFormat;

/* Borrows name ("md", "markdown", "html"); sets *f and returns true when it is known. */
bool doc_format_lookup(const char *name, DocFormat *f);

/* Writes one document covering the compilations comps[0..n) (each loaded and checked
 * without error; a module imported by several is described once). Borrows everything;
 * allocates its strings in comps[0]'s arena. Returns 0, or the stream's errno value. */
int doc_write(FILE *out, Compilation *const *comps, int n, DocFormat fmt);
#endif
