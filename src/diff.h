/* diff.h — `pvs diff OLD NEW`: two versions of a référentiel (two scripts, or two folders
 * of .pvs files) compared declaration by declaration, in meaning: layout, comments, the
 * language of keywords and names (formule/formula, compte/count), underscores in numbers and
 * the one-line or block form of a declaration are not changes.
 *
 * A declaration is matched by its kind family and name (and its file, between folders).
 * What is left over on both sides is paired as a rename when the kind, the label and every
 * field are the same (references to other renamed names included). Matched declarations
 * are compared field by field: label, unit, each field of the block (a repeated `valeur:`
 * as a set of dated values), each column of a table, each leaf of an arbre, each target of a
 * scénario. With data (diff_results), the results of both versions are compared too.
 *
 * Everything in a DiffReport lives in its arena (texts are display forms: formulas as
 * `pvs fmt` writes them). Library code: nothing is printed but by diff_write_*. */
#ifndef PVS_DIFF_H
#define PVS_DIFF_H
#include "arena.h"
#include "diag.h"
#include "eval.h"
#include "num.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum DiffKind { DIFF_ADDED, DIFF_REMOVED, DIFF_RENAMED, DIFF_CHANGED } DiffKind;

/* One field that differs: its name as a person reads it ("formule", "colonne surface"),
 * and the old and new values as written (NULL: absent on that side). */
typedef struct DiffChange { const char *field, *old, *new; } DiffChange;

typedef struct DiffEntry {
  DiffKind kind;
  const char *what;             /* the declaring keyword, French: "indicateur", "unité"… */
  const char *name;             /* renamed: the old name */
  const char *new_name;         /* renamed: the new name; else NULL */
  const char *label;
  const char *module, *new_module;   /* the file (folders only), else NULL */
  DiffChange *changes; int nchanges, ccap;
} DiffEntry;

/* A result that differs between the versions (with data). */
typedef struct DiffValue {
  const char *module;           /* the evaluated script (folders only), else NULL */
  const char *what, *name;      /* "indicateur", "valorisation", "bilan" */
  const char *figure;           /* "valeur", "valeur actualisée", "ratio SROI" */
  const char *group;            /* "59 / A", NULL for the total */
  const char *unit;             /* as printed, "" if none */
  int decimals;
  bool old_missing, new_missing;
  Num old, new;                 /* released by diff_free */
} DiffValue;

typedef struct DiffReport {
  const char *old_path, *new_path;
  bool folders;
  const char **modules; int nmodules, mcap;  /* folders: the scripts present in both */
  const char *old_framework, *old_version, *new_framework, *new_version;
  DiffEntry *entries; int n, cap;            /* added, removed, renamed, changed: in that order */
  int counts[4];                             /* by DiffKind */
  DiffValue *values; int nvalues, vcap;       /* with data */
  bool with_data;
  const char **not_evaluated; int nne, necap;   /* scripts whose results could not be compared */
  Arena *arena;
} DiffReport;

typedef enum DiffStatus { DIFF_OK, DIFF_IO } DiffStatus;

/* Reads both versions (a file or a folder each) and compares their declarations. Syntax
 * errors and unreadable files go to d and give DIFF_IO with a NULL report. */
DiffReport *diff_run(Diag *d, const char *old_path, const char *new_path, DiffStatus *st);

typedef struct DiffDataOptions {
  const char *date;
  struct { const char *table, *path; } *data; int ndata;   /* TABLE=PATH */
  const char **dirs; int ndirs;                             /* folders of data files */
} DiffDataOptions;
/* Evaluates both versions over the same data and records every result that differs.
 * Folders: each script present in both is evaluated; one that cannot be (missing data,
 * errors) is listed in not_evaluated. Two files that cannot be evaluated give false (the
 * diagnostics are in d). */
bool diff_results(DiffReport *r, Diag *d, const DiffDataOptions *o);

/* True when nothing differs in meaning (the version string alone does not count). */
bool diff_same(const DiffReport *r);

/* The writers: a French (or English) summary, or one JSON object. Return 0 or an errno. */
int diff_write_text(FILE *f, const DiffReport *r, bool french);
int diff_write_json(FILE *f, const DiffReport *r);

void diff_free(DiffReport *r);
#endif
