/* test_diag.c — the diagnostics renderer: file:line:col in characters, the source line and
 * a caret under the span, sorting by position with notes kept under their error, counts,
 * --werror, data-file diagnostics, and PVS_ASSERT (a broken invariant: file:line, abort). */
#include "diag.h"
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *render(Diag *d) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  diag_render(d, f);
  fclose(f);
  char *copy = strdup(buf);   /* (a copy: gcc cannot tell that buf outlives the stream) */
  free(buf);
  return copy;
}

START_TEST(t01_caret_in_characters) {
  Diag *d = diag_new();
  const char *src = "indicateur économie = 1 +\n  ménages_accompagnés\n";
  uint32_t f = diag_add_source(d, "p.pvs", src, strlen(src));
  const char *at = strstr(src, "ménages");
  uint32_t start = (uint32_t)(at - src);
  diag_error(d, (Loc){f, start, start + (uint32_t)strlen("ménages_accompagnés")}, "unknown name '%s'", "ménages_accompagnés");
  char *out = render(d);
  ck_assert_str_eq(out, "p.pvs:2:3: error: unknown name 'ménages_accompagnés'\n"
                        "    2 |   ménages_accompagnés\n"
                        "      |   ^~~~~~~~~~~~~~~~~~~\n");
  ck_assert_int_eq(diag_errors(d), 1);
  free(out);
  diag_free(d);
}
END_TEST

START_TEST(t02_sorted_with_notes) {
  Diag *d = diag_new();
  const char *src = "a\nb\nc\n";
  uint32_t f = diag_add_source(d, "p.pvs", src, strlen(src));
  diag_error(d, (Loc){f, 4, 5}, "third");
  diag_note(d, (Loc){f, 0, 1}, "note of third");
  diag_warning(d, (Loc){f, 2, 3}, "second");
  char *out = render(d);
  const char *w = strstr(out, "warning: second"), *e = strstr(out, "error: third"), *n = strstr(out, "note: note of third");
  ck_assert(w && e && n && w < e && e < n);
  ck_assert_int_eq(diag_errors(d), 1);
  ck_assert_int_eq(diag_warnings(d), 1);
  free(out);
  diag_free(d);
}
END_TEST

START_TEST(t03_werror) {
  Diag *d = diag_new();
  diag_set_werror(d, true);
  const char *src = "x\n";
  uint32_t f = diag_add_source(d, "p.pvs", src, strlen(src));
  diag_warning(d, (Loc){f, 0, 1}, "unused");
  ck_assert_int_eq(diag_errors(d), 1);
  char *out = render(d);
  ck_assert_ptr_nonnull(strstr(out, "p.pvs:1:1: error: unused"));
  free(out);
  diag_free(d);
}
END_TEST

START_TEST(t04_data_file) {
  Diag *d = diag_new();
  diag_at(d, DIAG_ERROR, "parc.csv", 4, 17, "L3;2A004;1;C;70;35O;400", "'%s' is not a number", "35O");
  diag_at(d, DIAG_ERROR, "nope.csv", 0, 0, NULL, "cannot open %s", "nope.csv");
  char *out = render(d);
  ck_assert_str_eq(out, "parc.csv:4:17: error: '35O' is not a number\n"
                        "    4 | L3;2A004;1;C;70;35O;400\n"
                        "      |                 ^\n"
                        "nope.csv: error: cannot open nope.csv\n");
  free(out);
  diag_free(d);
}
END_TEST

/* Runs PVS_ASSERT(value == 2) in a child; its exit status and what it wrote on stderr. */
static int assert_in_child(int value, char *err, size_t cap) {
  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 2);
    PVS_ASSERT(value == 2);
    _exit(0);
  }
  close(fds[1]);
  size_t n = 0;
  ssize_t r;
  while (n + 1 < cap && (r = read(fds[0], err + n, cap - 1 - n)) > 0) n += (size_t)r;
  err[n] = '\0';
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

START_TEST(t05_assert) {
  char err[4096];
  int st = assert_in_child(2, err, sizeof err);   /* holds: nothing said, a normal exit */
  ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  ck_assert_str_eq(err, "");
  st = assert_in_child(3, err, sizeof err);       /* broken: where and what, then abort */
  ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
  ck_assert_ptr_nonnull(strstr(err, "test_diag.c:"));
  ck_assert_ptr_nonnull(strstr(err, "value == 2"));
  ck_assert_ptr_nonnull(strstr(err, "internal error"));
}
END_TEST

int main(void) {
  Suite *s = suite_create("diag");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, t01_caret_in_characters);
  tcase_add_test(tc, t02_sorted_with_notes);
  tcase_add_test(tc, t03_werror);
  tcase_add_test(tc, t04_data_file);
  tcase_add_test(tc, t05_assert);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
