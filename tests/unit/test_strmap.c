/* test_strmap.c — the string → id map against a plain list searched linearly: random keys
 * of every length around the short-key limit (7 bytes), with NULs, shared 7-byte prefixes
 * and duplicates; ids dense in insertion order, absent keys not found, stored copies stable
 * while the map grows. */
#include "strmap.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

enum { NKEYS = 20000 };

typedef struct { char s[24]; size_t n; } Key;

static unsigned long rng = 12345;
static unsigned rnd(unsigned k) {
  rng = rng * 6364136223846793005u + 1442695040888963407u;
  return (unsigned)(rng >> 33) % k;
}

/* Keys drawn from a small alphabet so that duplicates and common prefixes happen. */
static void draw(Key *k) {
  k->n = rnd(20);
  if (rnd(4) == 0) { memcpy(k->s, "ABCDEFG", 7); if (k->n < 7) k->n = 7 + rnd(10); }
  else for (size_t i = 0; i < 7 && i < k->n; i++) k->s[i] = "ab\0c"[rnd(4)];
  for (size_t i = 7; i < k->n; i++) k->s[i] = "xy\0"[rnd(3)];
}

static int naive_find(const Key *v, int n, const Key *k) {
  for (int i = 0; i < n; i++)
    if (v[i].n == k->n && !memcmp(v[i].s, k->s, k->n)) return i;
  return -1;
}

START_TEST(against_a_list) {
  StrMap m = {0};
  Key *seen = malloc(sizeof *seen * NKEYS);
  const char **first = malloc(sizeof *first * NKEYS);
  ck_assert_ptr_nonnull(seen);
  int nseen = 0;
  ck_assert_int_eq(strmap_find(&m, "", 0), -1);
  for (int i = 0; i < NKEYS; i++) {
    Key k;
    draw(&k);
    int want = naive_find(seen, nseen, &k);
    ck_assert_int_eq(strmap_find(&m, k.s, k.n), want);
    bool added;
    int id = strmap_add(&m, k.s, k.n, &added);
    ck_assert_int_eq(added, want < 0);
    if (want < 0) { ck_assert_int_eq(id, nseen); first[nseen] = strmap_key(&m, id, NULL); seen[nseen++] = k; }
    else ck_assert_int_eq(id, want);
  }
  ck_assert_int_eq(strmap_count(&m), nseen);
  ck_assert_int_gt(nseen, 1000);
  for (int i = 0; i < nseen; i++) {
    size_t n;
    const char *s = strmap_key(&m, i, &n);
    ck_assert_ptr_eq(s, first[i]);       /* never moved */
    ck_assert_uint_eq(n, seen[i].n);
    ck_assert(!memcmp(s, seen[i].s, n));
    ck_assert_int_eq(s[n], 0);
    ck_assert_int_eq(strmap_find(&m, seen[i].s, seen[i].n), i);
  }
  ck_assert_int_gt((long)strmap_bytes(&m), 0);
  strmap_free(&m);
  ck_assert_int_eq(strmap_count(&m), 0);
  ck_assert_int_eq(strmap_find(&m, "a", 1), -1);
  free(seen);
  free(first);
}
END_TEST

START_TEST(short_and_long) {
  StrMap m = {0};
  /* 7 bytes is a short key, 8 a long one with the same first 7 */
  ck_assert_int_eq(strmap_add(&m, "1234567", 7, NULL), 0);
  ck_assert_int_eq(strmap_add(&m, "12345678", 8, NULL), 1);
  ck_assert_int_eq(strmap_add(&m, "12345679", 8, NULL), 2);
  ck_assert_int_eq(strmap_add(&m, "", 0, NULL), 3);
  ck_assert_int_eq(strmap_add(&m, "\0", 1, NULL), 4);
  ck_assert_int_eq(strmap_find(&m, "123456", 6), -1);
  ck_assert_int_eq(strmap_find(&m, "12345678", 8), 1);
  ck_assert_int_eq(strmap_find(&m, "", 0), 3);
  ck_assert_int_eq(strmap_find(&m, "\0", 1), 4);
  ck_assert_int_eq(strmap_find(&m, "\0\0", 2), -1);
  strmap_free(&m);
}
END_TEST

int main(void) {
  Suite *s = suite_create("strmap");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, against_a_list);
  tcase_add_test(tc, short_and_long);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
