/* diff_out.c — the writers of `pvs diff`: a summary for a person (in the language of the
 * messages: French by default) and one JSON object for tools. Both list additions,
 * removals, renames and changes in that order, then, with data, the results that differ.
 * Output is byte-identical from run to run. */
#include "diff.h"
#include "intl.h"
#include <errno.h>
#include <string.h>

static int status(FILE *f) { return fflush(f) || ferror(f) ? (errno ? errno : EIO) : 0; }

/* ---- text ---- */
static void who(FILE *f, const DiffEntry *e, const char *module) {
  if (module) fprintf(f, "%s.pvs: ", module);
  fprintf(f, "%s %s", e->what, e->name);
}

static void text_change(FILE *f, const DiffChange *c, bool fr) {
  const char *o = c->old ? c->old : _("(absent)"), *n = c->new ? c->new : _("(absent)");
  if (strlen(c->field) + strlen(o) + strlen(n) < 80 && !strchr(o, '\n') && !strchr(n, '\n'))
    fprintf(f, "      %s%s: %s → %s\n", c->field, fr ? " " : "", o, n);
  else
    fprintf(f, "      %s%s:\n        %s\n      → %s\n", c->field, fr ? " " : "", o, n);
}

static void text_entries(FILE *f, const DiffReport *r, DiffKind k, const char *title, bool fr) {
  if (!r->counts[k]) return;
  fprintf(f, "\n");
  fprintf(f, _(title), r->counts[k]);
  fputc('\n', f);
  static const char marks[] = {'+', '-', '~', '*'};
  for (int i = 0; i < r->n; i++) {
    const DiffEntry *e = &r->entries[i];
    if (e->kind != k) continue;
    fprintf(f, "  %c ", marks[k]);
    who(f, e, e->module);
    if (k == DIFF_RENAMED && strcmp(e->name, e->new_name)) fprintf(f, " → %s", e->new_name);
    if (k == DIFF_RENAMED && e->module && strcmp(e->module, e->new_module)) {
      fputs(" (", f);
      fprintf(f, _("moved from %s to %s"), e->module, e->new_module);
      fputc(')', f);
    }
    if (e->label && k != DIFF_CHANGED) fprintf(f, " « %s »", e->label);
    fputc('\n', f);
    for (int c = 0; c < e->nchanges; c++) text_change(f, &e->changes[c], fr);
  }
}

static void num_show(FILE *f, const Num *v, bool missing, int decimals, const char *unit, bool fr, bool sign) {
  char buf[128];
  if (missing) { fputs(_("n/a"), f); return; }
  if (sign && num_sign(v) >= 0) fputc('+', f);
  if (fr) num_fmt_fr(buf, sizeof buf, v, decimals, NUM_HALF_UP);
  else num_fmt_fixed(buf, sizeof buf, v, decimals, NUM_HALF_UP);
  fputs(buf, f);
  if (unit && (!strcmp(unit, "%") || !strncmp(unit, "€", strlen("€")))) fprintf(f, "%s%s", fr ? "\xC2\xA0" : " ", unit);
  else if (unit && *unit) fprintf(f, " %s", unit);
}

static void text_value(FILE *f, const DiffValue *v, bool fr) {
  fputs("  ", f);
  if (v->module) fprintf(f, "%s.pvs: ", v->module);
  fprintf(f, "%s %s, %s, %s%s: ", v->what, v->name, v->figure, v->group ? v->group : _("total"), fr ? " " : "");
  num_show(f, &v->old, v->old_missing, v->decimals, v->unit, fr, false);
  fputs(" → ", f);
  num_show(f, &v->new, v->new_missing, v->decimals, v->unit, fr, false);
  if (!v->old_missing && !v->new_missing) {
    Num d = NUM_INIT;
    num_sub(&d, &v->new, &v->old);
    fputs(" (", f);
    num_show(f, &d, false, v->decimals, v->unit, fr, true);
    fputc(')', f);
    num_clear(&d);
  }
  fputc('\n', f);
}

static void text_results(FILE *f, const DiffReport *r, bool fr) {
  if (!r->with_data) return;
  fputc('\n', f);
  if (!r->nvalues) fprintf(f, "%s\n", _("Results: none changes"));
  else fprintf(f, _("Results that change (%d)"), r->nvalues), fputc('\n', f);
  for (int i = 0; i < r->nvalues; i++) text_value(f, &r->values[i], fr);
  for (int i = 0; i < r->nne; i++) {
    fputs("  ", f);
    fprintf(f, _("not evaluated: %s"), r->not_evaluated[i]);
    fputc('\n', f);
  }
}

int diff_write_text(FILE *f, const DiffReport *r, bool fr) {
  fprintf(f, _("Comparing %s and %s"), r->old_path, r->new_path);
  fputc('\n', f);
  if (r->old_framework || r->new_framework) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s → %s %s", r->old_framework ? r->old_framework : "—", r->old_version ? r->old_version : "",
             r->new_framework ? r->new_framework : "—", r->new_version ? r->new_version : "");
    fprintf(f, _("Framework: %s"), buf);
    fputc('\n', f);
  }
  text_entries(f, r, DIFF_ADDED, N_("Added (%d)"), fr);
  text_entries(f, r, DIFF_REMOVED, N_("Removed (%d)"), fr);
  text_entries(f, r, DIFF_RENAMED, N_("Renamed (%d)"), fr);
  text_entries(f, r, DIFF_CHANGED, N_("Changed (%d)"), fr);
  text_results(f, r, fr);
  fputc('\n', f);
  if (diff_same(r)) fprintf(f, "%s\n", _("No change in meaning."));
  else {
    fprintf(f, _("In all: %d added, %d removed, %d renamed, %d changed."), r->counts[DIFF_ADDED], r->counts[DIFF_REMOVED],
            r->counts[DIFF_RENAMED], r->counts[DIFF_CHANGED]);
    if (r->nvalues) { fputc(' ', f); fprintf(f, _("Results that change: %d."), r->nvalues); }
    fputc('\n', f);
  }
  return status(f);
}

/* ---- JSON ---- */
static void j_str(FILE *f, const char *s) {
  if (!s) { fputs("null", f); return; }
  putc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else putc(c, f);
  }
  putc('"', f);
}

static void j_num(FILE *f, const Num *v, bool missing, int decimals, bool exact) {
  char buf[256];
  if (missing) { fputs("null", f); return; }
  if (exact) num_fmt_exact(buf, sizeof buf, v);
  else num_fmt_fixed(buf, sizeof buf, v, decimals, NUM_HALF_UP);
  j_str(f, buf);
}

static void j_framework(FILE *f, const char *key, const char *name, const char *version, bool last) {
  fprintf(f, "    \"%s\": ", key);
  if (!name) fputs("null", f);
  else {
    fputs("{\"name\": ", f);
    j_str(f, name);
    fputs(", \"version\": ", f);
    j_str(f, version);
    fputc('}', f);
  }
  fputs(last ? "\n" : ",\n", f);
}

static void j_entry(FILE *f, const DiffEntry *e, bool first) {
  fputs(first ? "\n    {" : ",\n    {", f);
  fputs("\"kind\": ", f); j_str(f, e->what);
  if (e->kind == DIFF_RENAMED) {
    fputs(", \"from\": ", f); j_str(f, e->name);
    fputs(", \"to\": ", f); j_str(f, e->new_name);
  } else {
    fputs(", \"name\": ", f); j_str(f, e->name);
  }
  fputs(", \"label\": ", f); j_str(f, e->label);
  if (e->module) { fputs(", \"module\": ", f); j_str(f, e->module); }
  if (e->new_module) { fputs(", \"new_module\": ", f); j_str(f, e->new_module); }
  if (e->kind == DIFF_CHANGED) {
    fputs(", \"changes\": [", f);
    for (int c = 0; c < e->nchanges; c++) {
      fputs(c ? ",\n      {" : "\n      {", f);
      fputs("\"field\": ", f); j_str(f, e->changes[c].field);
      fputs(", \"old\": ", f); j_str(f, e->changes[c].old);
      fputs(", \"new\": ", f); j_str(f, e->changes[c].new);
      fputc('}', f);
    }
    fputs("\n    ]", f);
  }
  fputc('}', f);
}

static void j_entries(FILE *f, const DiffReport *r, DiffKind k, const char *key) {
  fprintf(f, "  \"%s\": [", key);
  bool first = true;
  for (int i = 0; i < r->n; i++)
    if (r->entries[i].kind == k) { j_entry(f, &r->entries[i], first); first = false; }
  fputs(first ? "],\n" : "\n  ],\n", f);
}

static void j_value(FILE *f, const DiffValue *v, bool first) {
  fputs(first ? "\n    {" : ",\n    {", f);
  if (v->module) { fputs("\"module\": ", f); j_str(f, v->module); fputs(", ", f); }
  fputs("\"kind\": ", f); j_str(f, v->what);
  fputs(", \"name\": ", f); j_str(f, v->name);
  fputs(", \"figure\": ", f); j_str(f, v->figure);
  fputs(", \"group\": ", f); j_str(f, v->group);
  fputs(", \"unit\": ", f); j_str(f, v->unit);
  fputs(",\n     \"old\": ", f); j_num(f, &v->old, v->old_missing, v->decimals, false);
  fputs(", \"new\": ", f); j_num(f, &v->new, v->new_missing, v->decimals, false);
  Num d = NUM_INIT;
  bool dm = v->old_missing || v->new_missing;
  if (!dm) num_sub(&d, &v->new, &v->old);
  fputs(", \"difference\": ", f); j_num(f, &d, dm, v->decimals, false);
  fputs(",\n     \"old_exact\": ", f); j_num(f, &v->old, v->old_missing, 0, true);
  fputs(", \"new_exact\": ", f); j_num(f, &v->new, v->new_missing, 0, true);
  fputs(", \"difference_exact\": ", f); j_num(f, &d, dm, 0, true);
  num_clear(&d);
  fputc('}', f);
}

int diff_write_json(FILE *f, const DiffReport *r) {
  fputs("{\n  \"old\": ", f); j_str(f, r->old_path);
  fputs(",\n  \"new\": ", f); j_str(f, r->new_path);
  fputs(",\n  \"same\": ", f); fputs(diff_same(r) ? "true" : "false", f);
  fputs(",\n  \"framework\": {\n", f);
  j_framework(f, "old", r->old_framework, r->old_version, false);
  j_framework(f, "new", r->new_framework, r->new_version, true);
  fputs("  },\n", f);
  j_entries(f, r, DIFF_ADDED, "added");
  j_entries(f, r, DIFF_REMOVED, "removed");
  j_entries(f, r, DIFF_RENAMED, "renamed");
  fputs("  \"changed\": [", f);
  bool first = true;
  for (int i = 0; i < r->n; i++)
    if (r->entries[i].kind == DIFF_CHANGED) { j_entry(f, &r->entries[i], first); first = false; }
  fputs(first ? "]" : "\n  ]", f);
  if (r->with_data) {
    fputs(",\n  \"results\": [", f);
    for (int i = 0; i < r->nvalues; i++) j_value(f, &r->values[i], i == 0);
    fputs(r->nvalues ? "\n  ]" : "]", f);
    fputs(",\n  \"not_evaluated\": [", f);
    for (int i = 0; i < r->nne; i++) { fputs(i ? ", " : "", f); j_str(f, r->not_evaluated[i]); }
    fputs("]", f);
  }
  fputs("\n}\n", f);
  return status(f);
}
