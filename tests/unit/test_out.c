/* test_out.c — Check suite for the out_ writers: EvalResults built by hand (the brief's
 * example: part_qpv 156/5, expulsions_évitées PV 184088800/12167, bilan_2024 with 420000 €
 * of costs) written in every format and compared byte for byte; French and machine-like
 * display, half-up and half-even display of a tie, missing values, UTF-8 alignment, JSON
 * escaping, scénarios side by side, and the atomic output file.
 * PVS_OUT_DUMP=1 prints each output instead of only comparing it (to review a change). */
#include "out.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"

/* ---- building results by hand -------------------------------------------------------------- */

/* Everything one hand-made result needs; owned[] lists the Nums to clear. */
typedef struct Fx {
  EvalResult r;
  IndicatorResult inds[3];
  ResultRow qpv_rows[3], nb_rows[1], tie_rows[1];
  const char *key_01[1], *key_07[1];
  ValuationResult vals[1];
  ValuationRow vrows[1];
  Num impact[3], disc[3];
  Share shares[2];
  CostResult costs[1];
  StatementResult stmts[1];
  Named by_sh[2], by_ch[1];
  CheckResult checks[2];
  ParamUse params[2];
  Num *owned[64];
  int nowned;
} Fx;

static const char *dims_dep[] = {"département"};

static Num *own(Fx *x, Num *n) {
  ck_assert_int_lt(x->nowned, 64);
  x->owned[x->nowned++] = n;
  return n;
}

static void set_lit(Fx *x, Num *n, const char *text) {
  num_init(own(x, n));
  ck_assert_msg(num_parse_literal(n, text), "literal %s", text);
}

static void set_frac(Fx *x, Num *n, long p, long q) {
  num_init(own(x, n));
  num_set_frac(n, p, q);
}

static void fx_free(Fx *x) {
  for (int i = 0; i < x->nowned; i++)
    num_clear(x->owned[i]);
}

static void fx_indicators(Fx *x) {
  x->key_01[0] = "01";
  x->key_07[0] = "07";
  x->inds[0] = (IndicatorResult){.name = "part_qpv",
                                 .label = "Part du parc en quartier prioritaire",
                                 .unit = "%",
                                 .decimals = 1,
                                 .by = {dims_dep, 1},
                                 .rows = x->qpv_rows,
                                 .nrows = 3};
  x->qpv_rows[0].key = x->key_01;
  set_frac(x, &x->qpv_rows[0].cell.value, 156, 5);
  x->qpv_rows[1].key = x->key_07;
  set_frac(x, &x->qpv_rows[1].cell.value, 100, 3);
  set_frac(x, &x->qpv_rows[2].cell.value, 152, 5);
  x->inds[1] = (IndicatorResult){.name = "nb_logements",
                                 .label = "Nombre de logements",
                                 .unit = "logement",
                                 .rows = x->nb_rows,
                                 .nrows = 1};
  set_lit(x, &x->nb_rows[0].cell.value, "12480");
  x->r.inds = x->inds;
  x->r.ninds = 2;
}

/* impact 5964, ×0.9 each year; discounted at 3.5 %; PV 184088800/12167, 70/30 shares. */
static void fx_valuation(Fx *x) {
  static const char *years[] = {"5964", "5367.6", "4830.84"};
  Num rate = NUM_INIT, p = NUM_INIT;
  ck_assert(num_parse_literal(&rate, "1.035"));
  for (int i = 0; i < 3; i++) {
    set_lit(x, &x->impact[i], years[i]);
    num_init(own(x, &x->disc[i]));
    ck_assert(num_pow(&p, &rate, i + 1));
    ck_assert(num_div(&x->disc[i], &x->impact[i], &p));
  }
  num_clear(&rate);
  num_clear(&p);
  ValuationRow *row = &x->vrows[0];
  *row = (ValuationRow){.impact = x->impact, .discounted = x->disc, .nyears = 3,
                        .shares = x->shares, .nshares = 2};
  set_lit(x, &row->quantity, "0.6");
  set_lit(x, &row->proxy, "14200");
  set_frac(x, &row->present_value, 184088800, 12167);
  x->shares[0].stakeholder = "état";
  set_frac(x, &x->shares[0].value, 128862160, 12167);
  x->shares[1].stakeholder = "collectivités";
  set_frac(x, &x->shares[1].value, 55226640, 12167);
  x->vals[0] = (ValuationResult){.name = "expulsions_évitées",
                                 .label = "Expulsions évitées par l'accompagnement social",
                                 .chain = "gestion_sociale", .years = 3, .rows = x->vrows,
                                 .nrows = 1};
  x->r.vals = x->vals;
  x->r.nvals = 1;
}

static void fx_statement(Fx *x) {
  x->costs[0] = (CostResult){.name = "accompagnement", .label = "Coût de l'accompagnement social"};
  set_lit(x, &x->costs[0].amount, "420000");
  StatementResult *st = &x->stmts[0];
  *st = (StatementResult){.name = "bilan_2024", .label = "Bilan de la plus-value sociale",
                          .by_stakeholder = x->by_sh, .nstakeholders = 2,
                          .by_chain = x->by_ch, .nchains = 1};
  set_frac(x, &st->present_value, 184088800, 12167);
  set_lit(x, &st->costs, "420000");
  num_init(own(x, &st->net_present_value));
  num_sub(&st->net_present_value, &st->present_value, &st->costs);
  num_init(own(x, &st->ratio));
  ck_assert(num_div(&st->ratio, &st->present_value, &st->costs));
  x->by_sh[0].name = "état";
  set_frac(x, &x->by_sh[0].value, 128862160, 12167);
  x->by_sh[1].name = "collectivités";
  set_frac(x, &x->by_sh[1].value, 55226640, 12167);
  x->by_ch[0].name = "gestion_sociale";
  set_frac(x, &x->by_ch[0].value, 184088800, 12167);
  x->r.costs = x->costs;
  x->r.ncosts = 1;
  x->r.stmts = x->stmts;
  x->r.nstmts = 1;
}

static void fx_checks_params(Fx *x) {
  x->checks[0] = (CheckResult){.name = "loyer_positif", .label = "Loyers strictement positifs",
                               .passed = true, .rows_checked = 3};
  x->checks[1] = (CheckResult){.name = "surface_renseignée", .passed = false,
                               .rows_checked = 3, .failures = 2, .nfirst = 2,
                               .first = {{"parc.csv", 4}, {"parc.csv", 9}}};
  x->params[0] = (ParamUse){.name = "taux_actualisation"};
  set_lit(x, &x->params[0].value, "3.5");
  x->params[1] = (ParamUse){.name = "coût_expulsion", .since = "2022-01-01"};
  set_lit(x, &x->params[1].value, "14200");
  x->r.checks = x->checks;
  x->r.nchecks = 2;
  x->r.params = x->params;
  x->r.nparams = 2;
}

/* The brief's example, plus a second département, a count, a failing contrôle. */
static void fx_example(Fx *x) {
  memset(x, 0, sizeof *x);
  x->r.framework = "exemple-bailleur";
  x->r.version = "2026.1";
  x->r.date = "2024-12-31";
  fx_indicators(x);
  fx_valuation(x);
  fx_statement(x);
  fx_checks_params(x);
}

/* ---- running a writer ------------------------------------------------------------------------ */

static char *out_buf;

static const OutOptions plain = {false, NUM_HALF_UP}, french = {true, NUM_HALF_UP};

static const char *finish(FILE *f, size_t *len, int rc) {
  ck_assert_int_eq(rc, 0);
  fclose(f);
  if (getenv("PVS_OUT_DUMP"))
    fprintf(stderr, "----\n%s----\n", out_buf);
  (void)len;
  return out_buf;
}

static const char *write_one(const EvalResult *r, OutFormat fmt, const OutOptions *o) {
  size_t len;
  free(out_buf);
  FILE *f = open_memstream(&out_buf, &len);
  return finish(f, &len, out_write(f, r, fmt, o));
}

__attribute__((unused)) static const char *write_many(const EvalResult *const *rs, int n, OutFormat fmt,
                              const OutOptions *o) {
  size_t len;
  free(out_buf);
  FILE *f = open_memstream(&out_buf, &len);
  return finish(f, &len, out_write_scenarios(f, rs, n, fmt, o));
}

static void teardown(void) {
  free(out_buf);
  out_buf = NULL;
}


START_TEST(t01_dump) {
  Fx x;
  fx_example(&x);
  write_one(&x.r, OUT_JSON, &plain);
  write_one(&x.r, OUT_CSV, &plain);
  write_one(&x.r, OUT_TEXT, &plain);
  write_one(&x.r, OUT_TEXT, &french);
  write_one(&x.r, OUT_MD, &french);
  fx_free(&x);
}
END_TEST

static Suite *out_suite(void) {
  Suite *s = suite_create("out");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, NULL, teardown);
  tcase_add_test(tc, t01_dump);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(out_suite());
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
