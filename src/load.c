/* load.c — loading a script and the modules it imports (see sym.h).
 *
 * `importe NAME` looks for NAME.pvs beside the importing file, then in each folder of
 * PVS_PATH (':'-separated), then in the stdlib/ folder beside the pvs executable's folder
 * (a development tree: build/pvs → stdlib/) or in share/pvs/stdlib/ there (an install,
 * even moved), then in the installed stdlib (PVS_STDLIB_DIR).
 * Each file is parsed once (identified by its real path); import cycles are reported with
 * their path (a → b → a). */
#include "intl.h"
#include "parse.h"
#include "sym.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ST_NEW, ST_LOADING, ST_DONE };

static const char *dirname_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, (size_t)(slash - path) + (slash == path)) : ".";
}

static bool readable(const char *path) { return access(path, R_OK) == 0; }

/* The folder above the pvs executable's (build/ in a development tree, PREFIX once
 * installed, wherever it was moved to), or NULL. */
static const char *exe_prefix(Arena *a) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return NULL;
  buf[n] = 0;
  return dirname_of(a, dirname_of(a, buf));
}

/* Where NAME.pvs is, or NULL; *stdlib tells whether it was found in the référentiel's
 * installed (or development) stdlib/ folder rather than beside the script or in PVS_PATH. */
static const char *find_module(Compilation *c, const Module *from, const char *name, bool *stdlib) {
  Arena *a = c->arena;
  *stdlib = from->in_stdlib;
  const char *p = strcmp(from->dir, ".") ? arena_printf(a, "%s/%s.pvs", from->dir, name) : arena_printf(a, "%s.pvs", name);
  if (readable(p)) return p;
  *stdlib = false;
  const char *env = getenv("PVS_PATH");
  if (env && *env) {
    for (const char *s = env; *s;) {
      size_t n = strcspn(s, ":");
      if (n) { p = arena_printf(a, "%.*s/%s.pvs", (int)n, s, name); if (readable(p)) return p; }
      s += n + (s[n] == ':');
    }
  }
  *stdlib = true;
  const char *pre = exe_prefix(a);
  if (pre) {   /* a development tree (stdlib/), or a relocated install (share/pvs/stdlib/) */
    p = arena_printf(a, "%s/stdlib/%s.pvs", pre, name);
    if (readable(p)) return p;
    p = arena_printf(a, "%s/share/pvs/stdlib/%s.pvs", pre, name);
    if (readable(p)) return p;
  }
  p = arena_printf(a, "%s/%s.pvs", PVS_STDLIB_DIR, name);
  return readable(p) ? p : NULL;
}

static Module *find_loaded(Compilation *c, const char *real) {
  for (int i = 0; i < c->nmods; i++) {
    char buf[PATH_MAX];
    if (realpath(c->mods[i]->path, buf) && !strcmp(buf, real)) return c->mods[i];
  }
  return NULL;
}

/* "a → b → a": the chain of modules being loaded, from `to` back to itself. */
static const char *cycle_path(Compilation *c, Module **stack, int depth, const Module *to) {
  const char *s = NULL;
  for (int i = 0; i < depth; i++) {
    if (!s && stack[i] != to) continue;
    s = s ? arena_printf(c->arena, "%s → %s", s, stack[i]->name) : stack[i]->name;
  }
  return arena_printf(c->arena, "%s → %s", s ? s : "?", to->name);
}

static Module *load_module(Compilation *c, const char *name, const char *path, bool stdlib, Module **stack, int depth,
                           LoadStatus *st);

static void load_imports(Compilation *c, Module *m, Module **stack, int depth, LoadStatus *st) {
  for (int i = 0; i < m->prog->decls.n; i++) {
    Decl *d = m->prog->decls.v[i];
    if (d->kind != D_IMPORT) continue;
    bool stdlib;
    const char *path = find_module(c, m, d->name, &stdlib);
    if (!path) {
      diag_error(c->diag, d->name_loc, _("cannot find module '%s': looked for %s.pvs beside this file, in PVS_PATH and in the installed stdlib/"), d->name, d->name);
      if (*st == LOAD_OK) *st = LOAD_ERRORS;
      continue;
    }
    char real[PATH_MAX];
    Module *dep = realpath(path, real) ? find_loaded(c, real) : NULL;
    if (dep && dep->state == ST_LOADING) {
      diag_error(c->diag, d->name_loc, _("import cycle: %s; a module cannot import itself, even indirectly"), cycle_path(c, stack, depth, dep));
      if (*st == LOAD_OK) *st = LOAD_ERRORS;
      continue;
    }
    if (!dep && depth >= LOAD_MAX_IMPORT_DEPTH) {
      diag_error(c->diag, d->name_loc, _("imports nested more than %d deep (a module importing a module importing…); "
                                         "import the modules you need from fewer levels"), LOAD_MAX_IMPORT_DEPTH);
      if (*st == LOAD_OK) *st = LOAD_ERRORS;
      continue;
    }
    if (!dep) dep = load_module(c, d->name, path, stdlib, stack, depth, st);
    if (!dep) continue;
    Import imp = {dep, d->alias, d};
    ARENA_PUSH(c->arena, m->imports, m->nimports, m->icap, imp);
  }
}

static Module *load_module(Compilation *c, const char *name, const char *path, bool stdlib, Module **stack, int depth,
                           LoadStatus *st) {
  ParseStatus ps;
  Program *p = parse_file(c->arena, c->diag, path, &ps);
  if (ps == PARSE_IO) { *st = LOAD_IO; return NULL; }
  if (ps == PARSE_SYNTAX && *st == LOAD_OK) *st = LOAD_ERRORS;
  Module *m = arena_alloc(c->arena, sizeof *m);
  m->name = name; m->path = path; m->dir = dirname_of(c->arena, path); m->prog = p;
  m->in_stdlib = stdlib;
  m->shown = stdlib ? arena_printf(c->arena, "stdlib/%s.pvs", name) : path;
  m->state = ST_LOADING;
  int idx = c->nmods;
  ARENA_PUSH(c->arena, c->mods, c->nmods, c->mcap, m);  /* registered now so cycles are seen */
  stack[depth] = m;
  load_imports(c, m, stack, depth + 1, st);
  m->state = ST_DONE;
  /* keep dependencies before dependents: move m after everything it loaded */
  for (int i = idx; i < c->nmods - 1; i++) c->mods[i] = c->mods[i + 1];
  c->mods[c->nmods - 1] = m;
  return m;
}

Compilation *load_compilation(Arena *a, Diag *d, const char *path, LoadStatus *st) {
  Compilation *c = arena_alloc(a, sizeof *c);
  c->arena = a; c->diag = d;
  *st = LOAD_OK;
  Module *stack[LOAD_MAX_IMPORT_DEPTH + 2];
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t n = strlen(base);
  if (n > 4 && !strcmp(base + n - 4, ".pvs")) n -= 4;
  c->main = load_module(c, arena_strndup(a, base, n), path, false, stack, 0, st);
  if (c->main && *st != LOAD_IO) sym_build(c);
  if (*st == LOAD_OK && diag_errors(d)) *st = LOAD_ERRORS;
  return c;
}
