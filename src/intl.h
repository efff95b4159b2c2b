/* intl.h — the language of everything a person reads, and the message translation hook.
 *
 * Every user-visible string goes through _() so it can be translated with gettext (English
 * msgids, French catalogue po/fr.po); N_() marks a string for extraction where it is stored,
 * not printed. French is the default; English when asked (`--locale en`, or an English
 * LANGUAGE/LC_ALL/LC_MESSAGES/LANG: the rule is intl_env_lang's). intl_init() binds the
 * catalogue whatever locales the machine has generated: it does not need fr_FR.UTF-8.
 * Before intl_init (unit tests), _() returns the English msgid. */
#ifndef PVS_INTL_H
#define PVS_INTL_H
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define _(s) intl_text(s)
#define N_(s) (s)

typedef enum IntlLang { INTL_FR, INTL_EN } IntlLang;

/* The translation of msgid in the chosen language (msgid itself in English). */
const char *intl_text(const char *msgid) __attribute__((format_arg(1)));
/* "fr…" is French; "en…", "C" and "POSIX" are English. Returns false for anything else. */
bool intl_lang_lookup(const char *name, IntlLang *lang);
/* The language the environment asks for: English when the first non-empty of LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG starts with "en"; French otherwise (unset, C, fr_FR…). */
IntlLang intl_env_lang(void);
/* Chooses the language for the rest of the process and, for French, binds the catalogue
 * (beside the executable in a build tree, else the installed one). May be called again. */
void intl_init(IntlLang lang);
bool intl_french(void);
/* A date of the form YYYY-MM-DD as a French reader writes it: INTL_DATE_SHORT 31/12/2024,
 * INTL_DATE_LONG "31 décembre 2024"; INTL_DATE_ISO, or a text that is no such date, is
 * copied as is. Writes at most cap bytes (NUL included) to buf and returns buf. */
typedef enum IntlDate { INTL_DATE_ISO, INTL_DATE_SHORT, INTL_DATE_LONG } IntlDate;
const char *intl_date(char *buf, size_t cap, const char *iso, IntlDate form);
/* The form for the chosen language: `french_form` in French, else INTL_DATE_ISO. */
IntlDate intl_date_form(IntlDate french_form);
#endif
