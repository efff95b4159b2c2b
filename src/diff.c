/* diff.c — `pvs diff` (see diff.h): read both versions, list their declarations as
 * entities, match them by family and name, pair what is left as renames, and compare the
 * matched ones field by field.
 *
 * A version is a script, or a folder whose .pvs files (sorted by name) are its modules.
 * Only the files given are read, not what they import: a référentiel is compared as it is
 * written. Between folders, a declaration is matched within its file, and one that moved to
 * another file with nothing else changed is reported as renamed (moved). */
#include "diff_impl.h"
#include "intl.h"
#include "parse.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- reading a version ---- */
static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_name(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* The .pvs files of a folder, sorted; false when it cannot be read. */
static bool list_dir(Arena *a, Diag *d, Side *s) {
  DIR *dir = opendir(s->path);
  if (!dir) {
    diag_error(d, (Loc){0}, _("cannot read the folder '%s'"), s->path);
    return false;
  }
  for (struct dirent *e; (e = readdir(dir));) {
    size_t n = strlen(e->d_name);
    if (n > 4 && !strcmp(e->d_name + n - 4, ".pvs") && e->d_name[0] != '.')
      ARENA_PUSH(a, s->files, s->nfiles, s->fcap, arena_printf(a, "%s/%s", s->path, e->d_name));
  }
  closedir(dir);
  if (s->nfiles) qsort(s->files, (size_t)s->nfiles, sizeof *s->files, cmp_name);
  return true;
}

static const char *module_of(Arena *a, const char *path) {
  const char *b = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t n = strlen(b);
  return arena_strndup(a, b, n > 4 && !strcmp(b + n - 4, ".pvs") ? n - 4 : n);
}

static void push_entity(Arena *a, Side *s, Entity e) {
  e.partner = -1;
  ARENA_PUSH(a, s->ents, s->n, s->cap, e);
}

static Family list_family(DeclKind k) {
  switch (k) {
  case D_UNIT: return FAM_UNIT;
  case D_STAKEHOLDER: return FAM_STAKEHOLDER;
  case D_CHAIN: return FAM_CHAIN;
  default: return FAM_LEVEL;
  }
}

static void add_decl(Arena *a, Side *s, const Program *p, const Decl *d, const char *module) {
  Entity e = {.kind = d->kind, .what = ast_decl_kind_name(d->kind, LANG_FR), .module = module, .decl = d, .prog = p};
  switch (d->kind) {
  case D_FRAMEWORK:
    if (!s->framework) s->framework = d;
    return;
  case D_IMPORT:
    e.fam = FAM_IMPORT;
    e.name = d->name;
    push_entity(a, s, e);
    return;
  case D_UNIT: case D_STAKEHOLDER: case D_CHAIN: case D_TERRITORY:
    for (int i = 0; i < d->names.n; i++) {
      Entity l = e;
      l.fam = list_family(d->kind);
      l.name = d->names.v[i]->name;
      l.label = d->names.v[i]->label;
      l.def = d->names.v[i];
      l.decl = NULL;
      push_entity(a, s, l);
    }
    return;
  default:
    e.fam = FAM_VALUE;
    e.name = d->name;
    e.label = d->label;
    push_entity(a, s, e);
  }
}

static bool read_side(Arena *a, Diag *d, Side *s, bool folder) {
  if (folder) { if (!list_dir(a, d, s)) return false; }
  else ARENA_PUSH(a, s->files, s->nfiles, s->fcap, s->path);
  bool ok = true;
  for (int i = 0; i < s->nfiles; i++) {
    ParseStatus st;
    Program *p = parse_file(a, d, s->files[i], &st);
    if (st != PARSE_OK) { ok = false; continue; }
    const char *module = folder ? module_of(a, s->files[i]) : NULL;
    for (int k = 0; k < p->decls.n; k++) add_decl(a, s, p, p->decls.v[k], module);
  }
  return ok;
}

/* ---- matching ---- */
static bool same_str(const char *x, const char *y) { return (!x && !y) || (x && y && !strcmp(x, y)); }

static bool same_key(const Entity *x, const Entity *y) {
  return x->fam == y->fam && !strcmp(x->name, y->name) && same_str(x->module, y->module);
}

static void match_names(Side *o, Side *n) {
  for (int i = 0; i < n->n; i++)
    for (int j = 0; j < o->n; j++)
      if (o->ents[j].partner < 0 && same_key(&o->ents[j], &n->ents[i])) {
        o->ents[j].partner = i;
        n->ents[i].partner = j;
        break;
      }
}

/* What is left on both sides, with the same kind, label and fields: a rename (or a move
 * to another file). */
static void match_renames(Side *o, Side *n, Renames *rn, Arena *a) {
  for (int i = 0; i < n->n; i++) {
    Entity *ne = &n->ents[i];
    if (ne->partner >= 0 || ne->fam == FAM_IMPORT) continue;
    for (int j = 0; j < o->n; j++) {
      Entity *oe = &o->ents[j];
      if (oe->partner >= 0 || oe->fam != ne->fam || oe->kind != ne->kind || !same_str(oe->label, ne->label) ||
          strcmp(oe->body, ne->body))
        continue;
      oe->partner = i;
      ne->partner = j;
      if (strcmp(oe->name, ne->name)) {
        Rename x = {oe->name, ne->name};
        ARENA_PUSH(a, rn->v, rn->n, rn->cap, x);
      }
      break;
    }
  }
}

/* ---- the report ---- */
static DiffEntry *entry(DiffReport *r, DiffKind k, const Entity *e) {
  DiffEntry x = {.kind = k, .what = e->what, .name = e->name, .label = e->label, .module = e->module};
  ARENA_PUSH(r->arena, r->entries, r->n, r->cap, x);
  r->counts[k]++;
  return &r->entries[r->n - 1];
}

static void change(DiffReport *r, DiffEntry *de, const char *field, const char *old, const char *new) {
  DiffChange c = {field, old, new};
  ARENA_PUSH(r->arena, de->changes, de->nchanges, de->ccap, c);
}

static const Field *find_field(const Entity *e, const char *key) {
  for (int i = 0; i < e->nfields; i++)
    if (!strcmp(e->fields[i].key, key)) return &e->fields[i];
  return NULL;
}

/* Field by field: changed and removed fields in the old order, then the added ones. */
static void compare(DiffReport *r, DiffEntry *de, const Entity *oe, const Entity *ne) {
  if (oe->kind != ne->kind)
    change(r, de, "nature", oe->what, ne->what);
  for (int i = 0; i < oe->nfields; i++) {
    const Field *of = &oe->fields[i], *nf = find_field(ne, of->key);
    if (!nf) change(r, de, of->key, of->shown, NULL);
    else if (strcmp(of->canon, nf->canon)) change(r, de, of->key, of->shown, nf->shown);
  }
  for (int i = 0; i < ne->nfields; i++)
    if (!find_field(oe, ne->fields[i].key)) change(r, de, ne->fields[i].key, NULL, ne->fields[i].shown);
}

static void build_report(DiffReport *r, Side *o, Side *n) {
  for (int i = 0; i < n->n; i++)
    if (n->ents[i].partner < 0) entry(r, DIFF_ADDED, &n->ents[i]);
  for (int j = 0; j < o->n; j++)
    if (o->ents[j].partner < 0) entry(r, DIFF_REMOVED, &o->ents[j]);
  for (int i = 0; i < n->n; i++) {
    const Entity *ne = &n->ents[i], *oe = ne->partner >= 0 ? &o->ents[ne->partner] : NULL;
    if (!oe || same_key(oe, ne)) continue;
    DiffEntry *de = entry(r, DIFF_RENAMED, oe);
    de->new_name = ne->name;
    de->new_module = ne->module;
  }
  for (int i = 0; i < n->n; i++) {
    const Entity *ne = &n->ents[i], *oe = ne->partner >= 0 ? &o->ents[ne->partner] : NULL;
    if (!oe || !same_key(oe, ne)) continue;
    DiffEntry probe = {0};
    DiffReport tmp = *r;
    tmp.entries = &probe;
    compare(&tmp, &probe, oe, ne);
    if (!probe.nchanges) continue;
    DiffEntry *de = entry(r, DIFF_CHANGED, ne);
    de->changes = probe.changes;
    de->nchanges = probe.nchanges;
  }
}

static void fields_of(Arena *a, Side *s, const Renames *rn) {
  for (int i = 0; i < s->n; i++) diff_entity_fields(a, &s->ents[i], rn);
}

DiffReport *diff_run(Diag *d, const char *old_path, const char *new_path, DiffStatus *st) {
  Arena *a = arena_new();
  DiffReport *r = arena_alloc(a, sizeof *r);
  r->arena = a;
  r->old_path = old_path;
  r->new_path = new_path;
  bool fo = is_dir(old_path), fn = is_dir(new_path);
  if (fo != fn) {
    diag_error(d, (Loc){0}, _("compare a script with a script, or a folder with a folder: '%s' is a %s, '%s' a %s"),
               old_path, fo ? _("folder") : _("file"), new_path, fn ? _("folder") : _("file"));
    arena_free(a);
    *st = DIFF_IO;
    return NULL;
  }
  r->folders = fo;
  Side o = {.path = old_path}, n = {.path = new_path};
  bool ok = read_side(a, d, &o, fo);
  ok = read_side(a, d, &n, fn) && ok;
  if (!ok) { arena_free(a); *st = DIFF_IO; return NULL; }
  fields_of(a, &o, NULL);
  fields_of(a, &n, NULL);
  Renames rn = {0};
  match_names(&o, &n);
  for (int before = -1; before != rn.n;) {   /* a rename can reveal another (b uses a) */
    before = rn.n;
    match_renames(&o, &n, &rn, a);
    fields_of(a, &o, &rn);   /* references to renamed names read as their new names */
  }
  build_report(r, &o, &n);
  for (int i = 0; fo && i < n.nfiles; i++) {
    const char *m = module_of(a, n.files[i]);
    for (int j = 0; j < o.nfiles; j++)
      if (!strcmp(m, module_of(a, o.files[j]))) { ARENA_PUSH(a, r->modules, r->nmodules, r->mcap, m); break; }
  }
  if (o.framework && !fo) { r->old_framework = o.framework->name; r->old_version = o.framework->version; }
  if (n.framework && !fn) { r->new_framework = n.framework->name; r->new_version = n.framework->version; }
  *st = DIFF_OK;
  return r;
}

bool diff_same(const DiffReport *r) {
  return r->n == 0 && r->nvalues == 0 && same_str(r->old_framework, r->new_framework);
}

void diff_free(DiffReport *r) {
  if (!r) return;
  for (int i = 0; i < r->nvalues; i++) { num_clear(&r->values[i].old); num_clear(&r->values[i].new); }
  arena_free(r->arena);
}
