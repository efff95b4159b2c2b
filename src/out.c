/* out.c — the writers' front door: format names, dispatch to each format,
 * the helpers every writer shares (numbers for display and for machines),
 * and the atomic output file.
 *
 * An output file is never written in place: `pvs eval -o report.json` writes a temp file
 * beside the target (same folder, so the rename cannot cross file systems), syncs it and
 * renames it over the target, so a failed or interrupted run leaves the old report whole. */
#include "intl.h"
#include "mem.h"
#include "out_impl.h"
#include "units.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- numbers ------------------------------------------------------------------------------ */

static size_t fmt_num(char *buf, size_t cap, const Num *a, OutNumForm form, int dec, NumRound m) {
  switch (form) {
  case OUT_FIXED: return num_fmt_fixed(buf, cap, a, dec, m);
  case OUT_FR: return num_fmt_fr(buf, cap, a, dec, m);
  default: return num_fmt_exact(buf, cap, a);
  }
}

void out_str_num(OutStr *s, const Num *a, OutNumForm form, int decimals, NumRound mode) {
  char buf[64];
  size_t n = fmt_num(buf, sizeof buf, a, form, decimals, mode);
  if (n < sizeof buf) {
    out_str_addn(s, buf, n);
    return;
  }
  char *big = mem_alloc(n + 1);
  if (!big) {
    s->oom = true;
    return;
  }
  fmt_num(big, n + 1, a, form, decimals, mode);
  out_str_addn(s, big, n);
  free(big);
}

const char *out_missing(const OutOptions *o) { return o->french ? "—" : "n/a"; }   /* English as written */

bool out_unit_is_suffixed(const char *unit) {
  return unit && (strcmp(unit, "%") == 0 || strncmp(unit, "€", strlen("€")) == 0);
}

void out_str_unit(OutStr *s, const char *unit) {
  char buf[256];
  out_str_add(s, units_display(buf, sizeof buf, unit ? unit : ""));
}

void out_str_display(OutStr *s, const Num *a, int decimals, const char *unit,
                     const OutOptions *o) {
  if (!a) {
    out_str_add(s, out_missing(o));
    return;
  }
  out_str_num(s, a, o->french ? OUT_FR : OUT_FIXED, decimals, o->rounding);
  if (out_unit_is_suffixed(unit)) {
    out_str_add(s, o->french ? OUT_NBSP : " ");
    out_str_unit(s, unit);
  }
}

/* A French unit word takes an s from 2 on ("61 ménages", "1,5 ménage"): a word of 4 letters
 * or more, no abbreviation (etp, m2), no compound (€/logement), not already ending in s/x/z. */
static bool unit_takes_plural(const char *unit) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)unit; *p; p++, n++)
    if (!(*p >= 'a' && *p <= 'z') && *p < 0x80) return false;   /* accented letters pass */
  char last = n ? unit[n - 1] : 0;
  return out_utf8_width(unit) >= 4 && last != 's' && last != 'x' && last != 'z';
}

void out_str_unit_after(OutStr *s, const Num *a, const char *unit, const OutOptions *o) {
  if (!unit || !*unit || out_unit_is_suffixed(unit)) return;
  out_str_add(s, " ");
  out_str_unit(s, unit);
  if (!a || !o->french || !unit_takes_plural(unit)) return;
  Num abs = NUM_INIT, two = NUM_INIT;
  num_abs(&abs, a);
  num_set_long(&two, 2);
  if (num_cmp(&abs, &two) >= 0) out_str_add(s, "s");
  num_clear(&abs), num_clear(&two);
}

void out_str_money_short(OutStr *s, const Num *a, const char *currency, const OutOptions *o) {
  if (!a) {
    out_str_add(s, out_missing(o));
    return;
  }
  Num abs = NUM_INIT, unit = NUM_INIT, q = NUM_INIT, mega = NUM_INIT, kilo = NUM_INIT;
  num_abs(&abs, a);
  num_set_long(&mega, 1000000);
  num_set_long(&kilo, 10000);
  const char *cur = currency && strcmp(currency, "€") ? currency : NULL;   /* "350 k AUD" */
  const char *suffix = cur ? cur : "€";
  int decimals = 0;
  if (num_cmp(&abs, &mega) >= 0) {
    num_set_long(&unit, 1000000);
    suffix = cur ? "M " : "M€", decimals = 1;
  } else if (num_cmp(&abs, &kilo) >= 0) {
    num_set_long(&unit, 1000);
    suffix = cur ? "k " : "k€";
  } else num_set_long(&unit, 1);
  num_div(&q, a, &unit);
  out_str_num(s, &q, o->french ? OUT_FR : OUT_FIXED, decimals, o->rounding);
  out_str_add(s, o->french ? OUT_NBSP : " ");
  out_str_add(s, suffix);
  if (cur && suffix != cur) out_str_add(s, cur);
  num_clear(&abs), num_clear(&unit), num_clear(&q), num_clear(&mega), num_clear(&kilo);
}

int out_own_decimals(const Num *a) {
  int d = num_decimals(a);
  return d < 0 || d > OUT_PARAM_DECIMALS_MAX ? OUT_PARAM_DECIMALS_MAX : d;
}

const char *out_result_name(const EvalResult *r) { return r->scenario ? r->scenario : "base"; }


/* ---- the report's words ---- */
const char *out_word(const OutOptions *o, const char *english) {
  return o && !o->french ? english : _(english);
}

/* ---- the organisation ---- */
void out_framework_title(OutStr *s, const EvalResult *r, const OutOptions *o) {
  if (!r->framework) {
    out_str_add(s, out_word(o, N_("Evaluation")));
    return;
  }
  OutStr id = {0};
  out_str_printf(&id, "%s%s%s", r->framework, r->version ? " " : "", r->version ? r->version : "");
  if (r->framework_label && *r->framework_label)
    out_str_printf(s, out_word(o, N_("%s (framework %s)")), r->framework_label, out_str_get(&id));
  else out_str_add(s, out_str_get(&id));
  s->oom |= id.oom;
  out_str_free(&id);
}

/* ---- group keys ----------------------------------------------------------------------------- */
TerrLevel out_key_level(const Breakdown *by, int d) { return by->levels ? by->levels[d] : TERR_OTHER; }

const char *out_key_name(const Breakdown *by, int d, const char *key) {
  return key ? territory_name(out_key_level(by, d), key, strlen(key)) : NULL;
}

KeyKind out_key_kind(const Breakdown *by, int d) { return by->kinds ? by->kinds[d] : KEY_TEXT; }

void out_key_value(OutStr *s, const Breakdown *by, int d, const char *key, const OutOptions *o) {
  char day[64];
  if (!key) out_str_add(s, out_word(o, "not given"));
  else if (out_key_kind(by, d) == KEY_DATE) out_str_add(s, intl_date(day, sizeof day, key, o->french ? INTL_DATE_SHORT : INTL_DATE_ISO));
  else if (out_key_kind(by, d) == KEY_NUMBER && o->french && strchr(key, '.')) {   /* 2,5 pièces */
    size_t at = s->len;
    out_str_add(s, key);
    for (size_t i = at; i < s->len && s->s; i++) if (s->s[i] == '.') s->s[i] = ',';
  } else out_str_add(s, key);
}

void out_key_text(OutStr *s, const Breakdown *by, int d, const char *key, const OutOptions *o) {
  if (!key || out_key_level(by, d) == TERR_OTHER) {
    out_key_value(s, by, d, key, o);
    return;
  }
  char buf[256];
  size_t n = territory_display(out_key_level(by, d), key, strlen(key), buf, sizeof buf);
  if (n < sizeof buf) out_str_add(s, buf);
  else out_str_add(s, key);   /* (no name is that long) */
}

/* ---- lookups ---- */
const IndicatorResult *out_find_ind(const EvalResult *r, const char *name) {
  for (int i = 0; i < r->ninds; i++) if (!strcmp(r->inds[i].name, name)) return &r->inds[i];
  return NULL;
}

const ValuationResult *out_find_val(const EvalResult *r, const char *name) {
  for (int i = 0; i < r->nvals; i++) if (!strcmp(r->vals[i].name, name)) return &r->vals[i];
  return NULL;
}

const StatementResult *out_find_stmt(const EvalResult *r, const char *name) {
  for (int i = 0; i < r->nstmts; i++) if (!strcmp(r->stmts[i].name, name)) return &r->stmts[i];
  return NULL;
}

/* ---- formats and dispatch --------------------------------------------------------------- */

bool out_format_lookup(const char *name, OutFormat *f) {
  static const struct { const char *name; OutFormat f; } fmts[] = {
      {"text", OUT_TEXT}, {"csv", OUT_CSV}, {"json", OUT_JSON}, {"md", OUT_MD}, {"html", OUT_HTML},
      {"csv-wide", OUT_CSV_WIDE}, {"xlsx", OUT_XLSX}};
  for (size_t i = 0; name && i < sizeof fmts / sizeof fmts[0]; i++)
    if (strcmp(name, fmts[i].name) == 0) {
      *f = fmts[i].f;
      return true;
    }
  return false;
}

/* Renders a built report with the text or Markdown renderer. */
static int render_doc(FILE *f, OutDoc *d, bool built, OutFormat fmt) {
  int rc = !built ? ENOMEM : page_render(f, &d->page, fmt == OUT_MD ? PAGE_MD : fmt == OUT_HTML ? PAGE_HTML : PAGE_TEXT);
  out_doc_free(d);
  return rc;
}

int out_write(FILE *f, const EvalResult *r, OutFormat fmt, const OutOptions *o) {
  OutDoc d = {0};
  errno = 0; /* so that a failed write's errno is the one reported */
  switch (fmt) {
  case OUT_CSV: return out_csv_write(f, &r, 1, false, o);
  case OUT_CSV_WIDE: return out_wide_write(f, r, o);
  case OUT_JSON: return out_json_write(f, r, o);
  case OUT_HTML: return render_doc(f, &d, out_report(&d, r, o), fmt);
  case OUT_XLSX: return out_xlsx_write(f, &r, 1, o);
  default: return render_doc(f, &d, out_doc_result(&d, r, o), fmt);
  }
}

int out_write_scenarios(FILE *f, const EvalResult *const *rs, int n, OutFormat fmt,
                        const OutOptions *o) {
  OutDoc d = {0};
  errno = 0;
  switch (fmt) {
  case OUT_CSV: case OUT_CSV_WIDE: return out_csv_write(f, rs, n, true, o);   /* side by side: the long form */
  case OUT_JSON: return out_json_write_scenarios(f, rs, n, o);
  case OUT_XLSX: return out_xlsx_write(f, rs, n, o);
  default: return render_doc(f, &d, out_doc_scenarios(&d, rs, n, o, fmt == OUT_HTML), fmt);
  }
}

/* ---- the atomic output file ------------------------------------------------------------- */

static bool is_stdout(const char *path) { return !path || strcmp(path, "-") == 0; }

/* The mode the new file gets: the old file's, else what open(2) would give (0666 & ~umask). */
static mode_t target_mode(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return st.st_mode & 07777;
  mode_t um = umask(022);
  umask(um);
  return 0666 & ~um;
}

/* A run stopped by a signal (Ctrl-C, kill) removes its temp file; only SIGKILL or a crash
 * can leave one, named FILE.pvs-tmp-XXXXXX so that it is obviously safe to delete. */
static char *volatile pending_tmp;

static void release(OutFile *of) {
  if (of->tmp && pending_tmp == of->tmp) pending_tmp = NULL;
  free(of->path);
  free(of->tmp);
  *of = (OutFile){0};
}

void out_remove_pending(void) {
  char *t = pending_tmp;
  if (t) unlink(t);
}

static void on_signal(int sig) {
  char *t = pending_tmp;
  if (t) unlink(t);
  signal(sig, SIG_DFL);
  raise(sig);
}
static void clean_on_signals(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    struct sigaction old;
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) signal(sigs[i], on_signal);
  }
}

bool out_open(OutFile *of, const char *path) {
  *of = (OutFile){0};
  if (is_stdout(path)) {
    of->f = stdout;
    return true;
  }
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    return false;
  }
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {   /* a device or a pipe: written as it is */
    of->f = fopen(path, "w");
    return of->f != NULL;
  }
  of->path = realpath(path, NULL);   /* onto a symbolic link: its target is written, as by fmt --write */
  if (!of->path) of->path = mem_strdup(path);
  size_t n = of->path ? strlen(of->path) : 0;
  of->tmp = mem_alloc(n + sizeof ".pvs-tmp-XXXXXX");
  if (!of->path || !of->tmp) {
    release(of);
    errno = ENOMEM;
    return false;
  }
  memcpy(of->tmp, of->path, n);
  memcpy(of->tmp + n, ".pvs-tmp-XXXXXX", sizeof ".pvs-tmp-XXXXXX");
  clean_on_signals();
  int fd = mkstemp(of->tmp);
  if (fd >= 0) pending_tmp = of->tmp;
  if (fd < 0 || fchmod(fd, target_mode(of->path)) != 0 || !(of->f = fdopen(fd, "w"))) {
    int e = errno;
    if (fd >= 0) {
      close(fd);
      unlink(of->tmp);
    }
    release(of);
    errno = e;
    return false;
  }
  return true;
}

/* Flushes, syncs and closes the temp file; 0 or an errno value. */
static int close_synced(OutFile *of) {
  int rc = out_stream_status(of->f);
  if (!rc && fsync(fileno(of->f)) != 0)
    rc = errno;
  if (fclose(of->f) != 0 && !rc)
    rc = errno ? errno : EIO;
  of->f = NULL;
  return rc;
}

int out_commit(OutFile *of) {
  if (!of->tmp) {   /* stdout, a device or a pipe */
    int rc = of->f ? out_stream_status(of->f) : 0;
    if (of->f && of->f != stdout && fclose(of->f) != 0 && !rc) rc = errno ? errno : EIO;
    release(of);
    return rc;
  }
  int rc = close_synced(of);
  if (!rc && rename(of->tmp, of->path) != 0)
    rc = errno;
  if (rc)
    unlink(of->tmp);
  release(of);
  return rc;
}

void out_abort(OutFile *of) {
  if (of->f && of->f != stdout)
    fclose(of->f);
  if (of->tmp)
    unlink(of->tmp);
  release(of);
}
