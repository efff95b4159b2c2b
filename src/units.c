/* units.c — unit algebra over sorted atoms with integer exponents (see units.h). */
#include "units.h"
#include "intl.h"
#include <string.h>

static const char *const time_units[] = {"an", "mois", "jour"};

bool units_builtin(const char *name) {
  return !strcmp(name, "€") || !strcmp(name, "EUR") || !strcmp(name, "%") || !strcmp(name, "an") ||
         !strcmp(name, "mois") || !strcmp(name, "jour");
}

/* Sort rank: € first, declared atoms by name, then time units from longest to shortest. */
static int rank(const char *name) {
  if (!strcmp(name, "€")) return 0;
  for (int i = 0; i < 3; i++) if (!strcmp(name, time_units[i])) return 2 + i;
  return 1;
}
static int atom_cmp(const char *a, const char *b) {
  int ra = rank(a), rb = rank(b);
  return ra != rb ? ra - rb : strcmp(a, b);
}

Unit units_none(void) { Unit u; memset(&u, 0, sizeof u); return u; }
Unit units_percent(void) { Unit u = units_none(); u.percent = true; return u; }

/* Multiplies u by name^exp in place, keeping the atoms sorted and dropping zero exponents. */
static void add_atom(Unit *u, const char *name, int exp) {
  int i = 0;
  while (i < u->n && atom_cmp(u->a[i].name, name) < 0) i++;
  if (i < u->n && !atom_cmp(u->a[i].name, name)) {
    u->a[i].exp += exp;
    if (!u->a[i].exp) { memmove(&u->a[i], &u->a[i + 1], sizeof u->a[0] * (size_t)(u->n - i - 1)); u->n--; }
    return;
  }
  if (!exp) return;
  if (u->n == UNITS_MAX) { u->overflow = true; return; }
  memmove(&u->a[i + 1], &u->a[i], sizeof u->a[0] * (size_t)(u->n - i));
  u->a[i] = (UnitAtom){name, exp};
  u->n++;
}

Unit units_atom(const char *name, int exp) {
  Unit u = units_none();
  if (!strcmp(name, "%")) { u.percent = exp != 0; return u; }
  add_atom(&u, !strcmp(name, "EUR") ? "€" : name, exp);
  return u;
}

static Unit combine(Unit a, Unit b, int sign) {
  for (int i = 0; i < b.n; i++) add_atom(&a, b.a[i].name, sign * b.a[i].exp);
  a.overflow |= b.overflow;
  a.percent = a.n == 0 && (a.percent || b.percent);   /* the display hint; units_div refines it */
  return a;
}
Unit units_mul(Unit a, Unit b) { return combine(a, b, 1); }
Unit units_div(Unit a, Unit b) {
  Unit r = combine(a, b, -1);
  r.percent = r.n == 0 && a.percent && !b.percent && !b.n;
  return r;
}

Unit units_pow(Unit a, int n) {
  Unit r = units_none();
  for (int i = 0; i < a.n; i++) add_atom(&r, a.a[i].name, a.a[i].exp * n);
  r.overflow = a.overflow;
  return r;
}

bool units_dimensionless(const Unit *u) { return u->n == 0 && !u->overflow; }

bool units_equal(const Unit *a, const Unit *b) {
  if (a->n != b->n || a->overflow || b->overflow) return false;
  for (int i = 0; i < a->n; i++)
    if (strcmp(a->a[i].name, b->a[i].name) || a->a[i].exp != b->a[i].exp) return false;
  return true;
}

int units_snprint(char *buf, size_t n, const Unit *u) {
  size_t k = 0;
  int first = 1;
#define PUT(...) do { int w = snprintf(buf + k, k < n ? n - k : 0, __VA_ARGS__); if (w > 0) k += (size_t)w; } while (0)
  if (n) buf[0] = 0;
  if (u->n == 0) { PUT("%s", u->percent ? "%" : "1"); return (int)k; }
  for (int i = 0; i < u->n; i++) {
    if (u->a[i].exp <= 0) continue;
    PUT("%s%s", first ? "" : "*", u->a[i].name);
    if (u->a[i].exp != 1) PUT("^%d", u->a[i].exp);
    first = 0;
  }
  if (first) PUT("1");
  for (int i = 0; i < u->n; i++) {
    if (u->a[i].exp >= 0) continue;
    PUT("/%s", u->a[i].name);
    if (u->a[i].exp != -1) PUT("^%d", -u->a[i].exp);
  }
#undef PUT
  return (int)k;
}

void units_print(FILE *out, const Unit *u) {
  char buf[256];
  units_snprint(buf, sizeof buf, u);
  fputs(buf, out);
}

/* Whether c ends an atom of a unit's text ("/", "*", "^", a space, brackets, the end). */
static bool atom_end(char c) { return !c || strchr("/*^[]() ", c); }

const char *units_display(char *buf, size_t n, const char *unit) {
  size_t k = 0;
  if (!n) return buf;
  for (const char *p = unit; *p; p++) {
    bool start = p == unit || atom_end(p[-1]) || (unsigned char)p[-1] == 0xB7;   /* after '/', or '·' */
    size_t m = start && p[0] && strchr("kcdm", p[0]) && p[1] == 'm' ? 1 : 0;   /* km2, cm3… */
    const char *sup = !start || p[m] != 'm' ? NULL : p[m + 1] == '2' ? "²" : p[m + 1] == '3' ? "³" : NULL;
    if (sup && !atom_end(p[m + 2])) sup = NULL;
    size_t len = sup ? m + 1 + strlen(sup) : 1;
    if (k + len + 1 > n) { snprintf(buf, n, "%s", unit); return buf; }
    if (sup) { memcpy(buf + k, p, m + 1); k += m + 1; memcpy(buf + k, sup, strlen(sup)); k += strlen(sup); p += m + 1; }
    else buf[k++] = *p;
  }
  buf[k] = 0;
  return buf;
}

const char *units_describe(const Unit *u, char *buf, size_t n) {
  if (units_dimensionless(u) && !u->percent) snprintf(buf, n, "%s", _("a plain number"));
  else units_snprint(buf, n, u);
  return buf;
}
