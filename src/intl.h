/* intl.h — message translation hook.
 * Every user-visible string goes through _() so it can be translated with gettext;
 * N_() marks a string for extraction where it is stored, not printed. */
#ifndef PVS_INTL_H
#define PVS_INTL_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
#endif
