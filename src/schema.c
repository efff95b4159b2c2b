/* schema.c — tables expanded from fields.def and builtins.def, and their lookups. */
#include "schema.h"
#include <stdio.h>
#include <string.h>

static const FieldInfo fields[] = {
#define FIELD(id, fr, plain, en, kinds, value, flags) {fr, plain, en, kinds, value, flags},
#include "fields.def"
#undef FIELD
};
static const ChoiceInfo choices[] = {
#define CHOICE(id, field, fr, plain, en) {field, fr, plain, en},
#include "choices.def"
#undef CHOICE
};
static const BuiltinInfo builtins[] = {
#define BUILTIN(id, fr, plain, en, cls, mn, mx) {fr, plain, en, cls, mn, mx},
#include "builtins.def"
#undef BUILTIN
};

static bool spelled(const char *name, const char *fr, const char *plain, const char *en) {
  return !strcmp(name, fr) || (plain && !strcmp(name, plain)) || !strcmp(name, en);
}

const FieldInfo *schema_field(FieldId f) { return &fields[f]; }

FieldId schema_field_lookup(const char *name) {
  for (int f = 0; f < F__COUNT; f++)
    if (spelled(name, fields[f].fr, fields[f].plain, fields[f].en)) return (FieldId)f;
  return F__COUNT;
}

bool schema_field_required(FieldId f, DeclKind k) {
  unsigned fl = fields[f].flags;
  return (k == D_PARAM && (fl & FF_REQ_PARAM)) || (k == D_INDICATOR && (fl & FF_REQ_INDICATOR)) ||
         (k == D_VALUATION && (fl & FF_REQ_VALUATION)) || (k == D_COST && (fl & FF_REQ_COST)) ||
         (k == D_OVERRIDE && (fl & FF_REQ_OVERRIDE)) || (k == D_INDEX && (fl & FF_REQ_INDEX));
}

FieldId schema_one_line_field(DeclKind k) {
  switch (k) {
  case D_PARAM: return F_VALUE;
  case D_INDICATOR: return F_FORMULA;
  case D_COST: return F_AMOUNT;
  case D_CHECK: return F_CONDITION;
  default: return F__COUNT;
  }
}

Item *schema_find_nth(const Decl *d, FieldId f, int n) {
  for (int i = 0; i < d->items.n; i++) {
    Item *it = d->items.v[i];
    if (it->kind != IT_FIELD || it->path.n != 1) continue;
    if (schema_field_lookup(it->path.parts[0]) == f && n-- == 0) return it;
  }
  return NULL;
}

Item *schema_find(const Decl *d, FieldId f) { return schema_find_nth(d, f, 0); }

/* A `depuis` date as packed yyyymmdd, or -1 when it is not a date. */
static long since_packed(const FieldValue *fv) {
  int y, m, d;
  if (!fv->since || fv->since->kind != EX_DATE || sscanf(fv->since->str, "%d-%d-%d", &y, &m, &d) != 3) return -1;
  return (long)y * 10000 + m * 100 + d;
}

const FieldValue *schema_value_at(const Decl *d, long date) {
  const FieldValue *best = NULL;
  long best_when = -1;
  for (int n = 0;; n++) {
    Item *it = schema_find_nth(d, F_VALUE, n);
    if (!it) break;
    for (int j = 0; j < it->values.n; j++) {
      const FieldValue *fv = it->values.v[j];
      long when = fv->since ? since_packed(fv) : 0;
      if (when < 0) continue;
      if (when <= date && when >= best_when) { best = fv; best_when = when; }
    }
  }
  return best;
}

const char *schema_first_since(const Decl *d) {
  const char *first = NULL;
  for (int n = 0;; n++) {
    Item *it = schema_find_nth(d, F_VALUE, n);
    if (!it) break;
    for (int j = 0; j < it->values.n; j++) {
      const Expr *s = it->values.v[j]->since;
      if (s && s->kind == EX_DATE && (!first || strcmp(s->str, first) < 0)) first = s->str;
    }
  }
  return first;
}

const ChoiceInfo *schema_choice(ChoiceId c) { return &choices[c]; }

ChoiceId schema_choice_lookup(FieldId f, const char *name) {
  for (int c = 0; c < C__COUNT; c++)
    if (choices[c].field == f && spelled(name, choices[c].fr, choices[c].plain, choices[c].en)) return (ChoiceId)c;
  return C__COUNT;
}

const BuiltinInfo *schema_builtin(BuiltinId b) { return &builtins[b]; }

BuiltinId schema_builtin_lookup(const char *name) {
  for (int b = 0; b < B__COUNT; b++)
    if (spelled(name, builtins[b].fr, builtins[b].plain, builtins[b].en)) return (BuiltinId)b;
  return B__COUNT;
}

static const char *const panel_methods[PM__COUNT][4] = {
  {"expansion", NULL, NULL, NULL}, {"ratio", NULL, NULL, NULL},
  {"ratio_séparé", "ratio_separe", "separate_ratio", NULL},
  {"ratio_combiné", "ratio_combine", "combined_ratio", NULL},
};

int schema_panel_method(const char *name) {
  for (int m = 0; m < PM__COUNT; m++)
    for (int j = 0; j < 4 && panel_methods[m][j]; j++) if (!strcmp(name, panel_methods[m][j])) return m;
  return -1;
}

const char *schema_panel_method_name(PanelMethod m) { return panel_methods[m][0]; }

int schema_rounding_lookup(const char *name) {
  static const char *modes[][4] = {
    {"demi_haut", "half_up", NULL, NULL}, {"demi_pair", "half_even", NULL, NULL},
    {"tronqué", "tronque", "truncate", NULL}, {"plancher", "floor", NULL, NULL},
    {"plafond", "ceiling", NULL, NULL},
  };
  for (int m = 0; m < 5; m++)
    for (int j = 0; j < 4 && modes[m][j]; j++) if (!strcmp(name, modes[m][j])) return m;
  return -1;
}
