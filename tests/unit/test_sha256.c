/* test_sha256.c — SHA-256 on the FIPS 180-4 examples, fed in uneven pieces (the CSV reader's
 * digest of a file as it reads it is checked in test_csv.c). */
#include "sha256.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *hex_of(const char *s, size_t n) {
  static char out[65];
  Sha256 h;
  sha256_init(&h);
  for (size_t i = 0; i < n; i += 7) sha256_add(&h, s + i, n - i < 7 ? n - i : 7);   /* in uneven pieces */
  sha256_hex(&h, out);
  return out;
}

START_TEST(vectors) {
  ck_assert_str_eq(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ck_assert_str_eq(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  ck_assert_str_eq(hex_of(two, strlen(two)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  char *mil = malloc(1000000);
  ck_assert_ptr_nonnull(mil);
  memset(mil, 'a', 1000000);
  ck_assert_str_eq(hex_of(mil, 1000000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(mil);
}
END_TEST

int main(void) {
  Suite *s = suite_create("sha256");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, vectors);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
