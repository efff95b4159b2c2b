/* intl.c — choosing the language and finding the French catalogue (see intl.h).
 *
 * glibc's gettext translates only when the LC_MESSAGES locale is not "C", and picks the
 * catalogue from LANGUAGE. A machine may have no French locale generated at all, so for
 * French we set LC_MESSAGES to the locale the user has, or to C.UTF-8 when that is "C", set
 * LANGUAGE=fr for this process, and ask for UTF-8 output whatever LC_CTYPE says. The
 * catalogue (pvs.mo) is looked for in a build tree first (build/locale beside build/pvs, or
 * above a test program in build/tests/), then under share/locale beside a relocated install,
 * then in the installed PVS_LOCALE_DIR. */
#include "intl.h"
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PVS_LOCALE_DIR
#define PVS_LOCALE_DIR "/usr/local/share/locale"
#endif
#define DOMAIN "pvs"

static bool french;

const char *intl_text(const char *msgid) { return french ? dgettext(DOMAIN, msgid) : msgid; }

bool intl_french(void) { return french; }

bool intl_lang_lookup(const char *name, IntlLang *lang) {
  if (!strncmp(name, "fr", 2)) { *lang = INTL_FR; return true; }
  if (!strncmp(name, "en", 2) || !strcmp(name, "C") || !strcmp(name, "POSIX")) { *lang = INTL_EN; return true; }
  return false;
}

IntlLang intl_env_lang(void) {
  static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "en", 2) ? INTL_FR : INTL_EN;
  }
  return INTL_FR;
}

static bool has_catalogue(const char *dir) {
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/fr/LC_MESSAGES/" DOMAIN ".mo", dir);
  return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* The folder holding fr/LC_MESSAGES/pvs.mo, written to buf. */
static const char *catalogue_dir(char *buf, size_t cap) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    static const char *const rel[] = {"%s/locale", "%s/../locale", "%s/../share/locale"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
      int k = snprintf(buf, cap, rel[i], exe);
      if (k > 0 && (size_t)k < cap && has_catalogue(buf)) return buf;
    }
  }
  return PVS_LOCALE_DIR;
}

void intl_init(IntlLang lang) {
  french = lang == INTL_FR;
  if (!french) return;
  const char *cur = setlocale(LC_MESSAGES, NULL);
  if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
    if (!setlocale(LC_MESSAGES, "C.UTF-8")) setlocale(LC_MESSAGES, "C.utf8");
  setenv("LANGUAGE", "fr", 1);
  char buf[PATH_MAX];
  bindtextdomain(DOMAIN, catalogue_dir(buf, sizeof buf));
  bind_textdomain_codeset(DOMAIN, "UTF-8");
  textdomain(DOMAIN);   /* also tells gettext that LANGUAGE changed */
}

IntlDate intl_date_form(IntlDate french_form) { return french ? french_form : INTL_DATE_ISO; }

const char *intl_date(char *buf, size_t cap, const char *iso, IntlDate form) {
  static const char *const months[] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                       "août", "septembre", "octobre", "novembre", "décembre"};
  int y, m, d, end = 0;
  bool is_date = iso && strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &end) == 3 && end == 10 &&
                 m >= 1 && m <= 12 && d >= 1 && d <= 31;
  if (form == INTL_DATE_ISO || !is_date) snprintf(buf, cap, "%s", iso ? iso : "");
  else if (form == INTL_DATE_LONG) snprintf(buf, cap, "%d%s %s %d", d, d == 1 ? "er" : "", months[m - 1], y);
  else snprintf(buf, cap, "%02d/%02d/%04d", d, m, y);
  return buf;
}
