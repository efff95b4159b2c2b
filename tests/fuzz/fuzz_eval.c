/* fuzz_eval.c — libFuzzer target: a small script evaluated over a small CSV (written once,
 * beside it: table `parc` with every column kind) and every report format written. The
 * input is the script. Properties: no crash, leak or undefined behaviour; eval_run gives a
 * result or a status, never both missing. */
#include "chk.h"
#include "eval.h"
#include "fuzz_util.h"
#include "out.h"
#include "sym.h"

static const char parc_csv[] =
    "id,commune,surface,loyer,qpv,livraison,part\n"
    "1,59350,52.5,412.30,oui,2019-03-01,40\n"
    "2,59009,71,,non,2021-11-15,12.5\n"
    "3,07186,33.25,298,vrai,,0\n"
    "4,,120,1250.5,faux,2024-12-31,100\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len) {
  if (len > 8192) return 0;
  static int once;
  if (!once++) fuzz_write("parc.csv", parc_csv, sizeof parc_csv - 1);
  const char *path = fuzz_write("prog.pvs", data, len);
  Arena *a = arena_new();
  Diag *d = diag_new();
  LoadStatus ls;
  Compilation *c = load_compilation(a, d, path, &ls);
  ChkOptions co = {false};
  if (ls == LOAD_OK && chk_run(c, &co) == 0) {
    EvalOptions eo = {.date = "2024-12-31"};
    EvalStatus st;
    EvalResult *r = eval_run(c, &eo, &st);
    FUZZ_ASSERT(r || st != EVAL_OK, "eval_run gave no result and no error");
    if (r && st == EVAL_OK) {
      static const OutFormat fmts[] = {OUT_TEXT, OUT_CSV, OUT_JSON, OUT_MD, OUT_HTML};
      for (int i = 0; i < 5; i++) {
        char *buf = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&buf, &n);
        OutOptions oo = {i & 1, NUM_HALF_UP};
        out_write(m, r, fmts[i], &oo);
        fclose(m);
        free(buf);
      }
    }
    if (r) eval_free(r);
  }
  FILE *null = fopen("/dev/null", "w");
  diag_render(d, null);
  fclose(null);
  diag_free(d);
  arena_free(a);
  return 0;
}
