/* test_out.c — Check suite for the out_ writers: EvalResults built by hand (the brief's
 * example: part_qpv 156/5, expulsions_évitées PV 184088800/12167, bilan_2024 with 420000 €
 * of costs) written in every format and compared byte for byte; French and machine-like
 * display, half-up and half-even display of a tie, missing values, UTF-8 alignment, JSON
 * escaping, scénarios side by side, and the atomic output file.
 * PVS_OUT_DUMP=1 prints each output instead of only comparing it (to review a change). */
#include "out.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
  ValuationRow vrows[2];
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
static size_t out_len;

static const OutOptions plain = {false, NUM_HALF_UP}, french = {true, NUM_HALF_UP};

static const char *finish(FILE *f, int rc) {
  ck_assert_int_eq(rc, 0);
  ck_assert_int_eq(fclose(f), 0);
  return out_buf;
}

static FILE *start(void) {
  free(out_buf);
  out_buf = NULL;
  FILE *f = open_memstream(&out_buf, &out_len);
  ck_assert_ptr_nonnull(f);
  return f;
}

static const char *write_one(const EvalResult *r, OutFormat fmt, const OutOptions *o) {
  FILE *f = start();
  return finish(f, out_write(f, r, fmt, o));
}

static const char *write_many(const EvalResult *const *rs, int n, OutFormat fmt,
                              const OutOptions *o) {
  FILE *f = start();
  return finish(f, out_write_scenarios(f, rs, n, fmt, o));
}

/* Compares got with the expected bytes; with PVS_OUT_DUMP=DIR, writes DIR/id.out instead
 * (to review a deliberate change and paste it back). */
static void expect(const char *id, const char *got, const char *want) {
  const char *dir = getenv("PVS_OUT_DUMP");
  if (dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s.out", dir, id);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(got, f);
    fclose(f);
    return;
  }
  ck_assert_msg(strcmp(got, want) == 0, "%s: got\n%s\nwant\n%s", id, got, want);
}

static void teardown(void) {
  free(out_buf);
  out_buf = NULL;
}

/* ---- the brief's example in each format ------------------------------------------------------ */

START_TEST(t01_json_example) {
  Fx x;
  fx_example(&x);
  expect("t01", write_one(&x.r, OUT_JSON, &plain), "{\n"
      "  \"framework\": {\n"
      "    \"name\": \"exemple-bailleur\",\n"
      "    \"version\": \"2026.1\"\n"
      "  },\n"
      "  \"date\": \"2024-12-31\",\n"
      "  \"indicators\": [\n"
      "    {\n"
      "      \"name\": \"part_qpv\",\n"
      "      \"label\": \"Part du parc en quartier prioritaire\",\n"
      "      \"unit\": \"%\",\n"
      "      \"by\": [\n"
      "        \"département\"\n"
      "      ],\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {\n"
      "            \"département\": \"01\"\n"
      "          },\n"
      "          \"value\": \"31.2\",\n"
      "          \"exact\": \"31.2\"\n"
      "        },\n"
      "        {\n"
      "          \"key\": {\n"
      "            \"département\": \"07\"\n"
      "          },\n"
      "          \"value\": \"33.3\",\n"
      "          \"exact\": \"100/3\"\n"
      "        },\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"value\": \"30.4\",\n"
      "          \"exact\": \"30.4\"\n"
      "        }\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"nb_logements\",\n"
      "      \"label\": \"Nombre de logements\",\n"
      "      \"unit\": \"logement\",\n"
      "      \"by\": [],\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"value\": \"12480\",\n"
      "          \"exact\": \"12480\"\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ],\n"
      "  \"valuations\": [\n"
      "    {\n"
      "      \"name\": \"expulsions_évitées\",\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"present_value\": \"15130.17\",\n"
      "          \"present_value_exact\": \"184088800/12167\",\n"
      "          \"impact\": [\n"
      "            \"5964.00\",\n"
      "            \"5367.60\",\n"
      "            \"4830.84\"\n"
      "          ],\n"
      "          \"by_stakeholder\": {\n"
      "            \"état\": \"10591.12\",\n"
      "            \"collectivités\": \"4539.05\"\n"
      "          },\n"
      "          \"discounted\": [\n"
      "            \"5762.32\",\n"
      "            \"5010.71\",\n"
      "            \"4357.14\"\n"
      "          ]\n"
      "        }\n"
      "      ],\n"
      "      \"label\": \"Expulsions évitées par l'accompagnement social\",\n"
      "      \"chain\": \"gestion_sociale\",\n"
      "      \"by\": []\n"
      "    }\n"
      "  ],\n"
      "  \"statements\": [\n"
      "    {\n"
      "      \"name\": \"bilan_2024\",\n"
      "      \"present_value\": \"15130.17\",\n"
      "      \"costs\": \"420000.00\",\n"
      "      \"net_present_value\": \"-404869.83\",\n"
      "      \"ratio\": \"0.04\",\n"
      "      \"ratio_exact\": \"32873/912525\",\n"
      "      \"by_stakeholder\": {\n"
      "        \"état\": \"10591.12\",\n"
      "        \"collectivités\": \"4539.05\"\n"
      "      },\n"
      "      \"by_chain\": {\n"
      "        \"gestion_sociale\": \"15130.17\"\n"
      "      },\n"
      "      \"label\": \"Bilan de la plus-value sociale\"\n"
      "    }\n"
      "  ],\n"
      "  \"checks\": [\n"
      "    {\n"
      "      \"name\": \"loyer_positif\",\n"
      "      \"status\": \"pass\",\n"
      "      \"failures\": 0\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"surface_renseignée\",\n"
      "      \"status\": \"fail\",\n"
      "      \"failures\": 2,\n"
      "      \"first_failures\": [\n"
      "        {\n"
      "          \"file\": \"parc.csv\",\n"
      "          \"line\": 4\n"
      "        },\n"
      "        {\n"
      "          \"file\": \"parc.csv\",\n"
      "          \"line\": 9\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ],\n"
      "  \"parameters\": [\n"
      "    {\n"
      "      \"name\": \"taux_actualisation\",\n"
      "      \"value\": \"3.5\",\n"
      "      \"since\": null\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"coût_expulsion\",\n"
      "      \"value\": \"14200\",\n"
      "      \"since\": \"2022-01-01\"\n"
      "    }\n"
      "  ],\n"
      "  \"costs\": [\n"
      "    {\n"
      "      \"name\": \"accompagnement\",\n"
      "      \"label\": \"Coût de l'accompagnement social\",\n"
      "      \"amount\": \"420000.00\",\n"
      "      \"amount_exact\": \"420000\"\n"
      "    }\n"
      "  ]\n"
      "}\n");
  /* French and half-even change nothing in machine forms here */
  expect("t01", write_one(&x.r, OUT_JSON, &french), "{\n"
      "  \"framework\": {\n"
      "    \"name\": \"exemple-bailleur\",\n"
      "    \"version\": \"2026.1\"\n"
      "  },\n"
      "  \"date\": \"2024-12-31\",\n"
      "  \"indicators\": [\n"
      "    {\n"
      "      \"name\": \"part_qpv\",\n"
      "      \"label\": \"Part du parc en quartier prioritaire\",\n"
      "      \"unit\": \"%\",\n"
      "      \"by\": [\n"
      "        \"département\"\n"
      "      ],\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {\n"
      "            \"département\": \"01\"\n"
      "          },\n"
      "          \"value\": \"31.2\",\n"
      "          \"exact\": \"31.2\"\n"
      "        },\n"
      "        {\n"
      "          \"key\": {\n"
      "            \"département\": \"07\"\n"
      "          },\n"
      "          \"value\": \"33.3\",\n"
      "          \"exact\": \"100/3\"\n"
      "        },\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"value\": \"30.4\",\n"
      "          \"exact\": \"30.4\"\n"
      "        }\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"nb_logements\",\n"
      "      \"label\": \"Nombre de logements\",\n"
      "      \"unit\": \"logement\",\n"
      "      \"by\": [],\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"value\": \"12480\",\n"
      "          \"exact\": \"12480\"\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ],\n"
      "  \"valuations\": [\n"
      "    {\n"
      "      \"name\": \"expulsions_évitées\",\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"present_value\": \"15130.17\",\n"
      "          \"present_value_exact\": \"184088800/12167\",\n"
      "          \"impact\": [\n"
      "            \"5964.00\",\n"
      "            \"5367.60\",\n"
      "            \"4830.84\"\n"
      "          ],\n"
      "          \"by_stakeholder\": {\n"
      "            \"état\": \"10591.12\",\n"
      "            \"collectivités\": \"4539.05\"\n"
      "          },\n"
      "          \"discounted\": [\n"
      "            \"5762.32\",\n"
      "            \"5010.71\",\n"
      "            \"4357.14\"\n"
      "          ]\n"
      "        }\n"
      "      ],\n"
      "      \"label\": \"Expulsions évitées par l'accompagnement social\",\n"
      "      \"chain\": \"gestion_sociale\",\n"
      "      \"by\": []\n"
      "    }\n"
      "  ],\n"
      "  \"statements\": [\n"
      "    {\n"
      "      \"name\": \"bilan_2024\",\n"
      "      \"present_value\": \"15130.17\",\n"
      "      \"costs\": \"420000.00\",\n"
      "      \"net_present_value\": \"-404869.83\",\n"
      "      \"ratio\": \"0.04\",\n"
      "      \"ratio_exact\": \"32873/912525\",\n"
      "      \"by_stakeholder\": {\n"
      "        \"état\": \"10591.12\",\n"
      "        \"collectivités\": \"4539.05\"\n"
      "      },\n"
      "      \"by_chain\": {\n"
      "        \"gestion_sociale\": \"15130.17\"\n"
      "      },\n"
      "      \"label\": \"Bilan de la plus-value sociale\"\n"
      "    }\n"
      "  ],\n"
      "  \"checks\": [\n"
      "    {\n"
      "      \"name\": \"loyer_positif\",\n"
      "      \"status\": \"pass\",\n"
      "      \"failures\": 0\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"surface_renseignée\",\n"
      "      \"status\": \"fail\",\n"
      "      \"failures\": 2,\n"
      "      \"first_failures\": [\n"
      "        {\n"
      "          \"file\": \"parc.csv\",\n"
      "          \"line\": 4\n"
      "        },\n"
      "        {\n"
      "          \"file\": \"parc.csv\",\n"
      "          \"line\": 9\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ],\n"
      "  \"parameters\": [\n"
      "    {\n"
      "      \"name\": \"taux_actualisation\",\n"
      "      \"value\": \"3.5\",\n"
      "      \"since\": null\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"coût_expulsion\",\n"
      "      \"value\": \"14200\",\n"
      "      \"since\": \"2022-01-01\"\n"
      "    }\n"
      "  ],\n"
      "  \"costs\": [\n"
      "    {\n"
      "      \"name\": \"accompagnement\",\n"
      "      \"label\": \"Coût de l'accompagnement social\",\n"
      "      \"amount\": \"420000.00\",\n"
      "      \"amount_exact\": \"420000\"\n"
      "    }\n"
      "  ]\n"
      "}\n");
  fx_free(&x);
}
END_TEST

START_TEST(t02_csv_example) {
  Fx x;
  fx_example(&x);
  expect("t02", write_one(&x.r, OUT_CSV, &plain), "kind,name,dimensions,group,value,exact,unit\n"
      "indicator,part_qpv,département,01,31.2,31.2,%\n"
      "indicator,part_qpv,département,07,33.3,100/3,%\n"
      "indicator,part_qpv,,,30.4,30.4,%\n"
      "indicator,nb_logements,,,12480,12480,logement\n"
      "valuation,expulsions_évitées,,,15130.17,184088800/12167,€\n"
      "valuation_impact,expulsions_évitées.1,,,5964.00,5964,€\n"
      "valuation_impact,expulsions_évitées.2,,,5367.60,5367.6,€\n"
      "valuation_impact,expulsions_évitées.3,,,4830.84,4830.84,€\n"
      "valuation_share,expulsions_évitées.état,,,10591.12,128862160/12167,€\n"
      "valuation_share,expulsions_évitées.collectivités,,,4539.05,55226640/12167,€\n"
      "cost,accompagnement,,,420000.00,420000,€\n"
      "statement,bilan_2024.present_value,,,15130.17,184088800/12167,€\n"
      "statement,bilan_2024.costs,,,420000.00,420000,€\n"
      "statement,bilan_2024.net_present_value,,,-404869.83,-4926051200/12167,€\n"
      "statement,bilan_2024.ratio,,,0.04,32873/912525,\n"
      "statement_stakeholder,bilan_2024.état,,,10591.12,128862160/12167,€\n"
      "statement_stakeholder,bilan_2024.collectivités,,,4539.05,55226640/12167,€\n"
      "statement_chain,bilan_2024.gestion_sociale,,,15130.17,184088800/12167,€\n"
      "check,loyer_positif,,,pass,0,\n"
      "check,surface_renseignée,,,fail,2,\n"
      "parameter,taux_actualisation,,,3.5,3.5,\n"
      "parameter,coût_expulsion,since,2022-01-01,14200,14200,\n");
  fx_free(&x);
}
END_TEST

START_TEST(t03_text_plain) {
  Fx x;
  fx_example(&x);
  expect("t03", write_one(&x.r, OUT_TEXT, &plain), "exemple-bailleur 2026.1\n"
      "=======================\n"
      "\n"
      "Date: 2024-12-31\n"
      "\n"
      "Indicators\n"
      "----------\n"
      "\n"
      "Part du parc en quartier prioritaire (part_qpv) [%]\n"
      "  département   value\n"
      "  -----------  ------\n"
      "  01           31.2 %\n"
      "  07           33.3 %\n"
      "  total        30.4 %\n"
      "\n"
      "Nombre de logements (nb_logements) [logement]\n"
      "         value\n"
      "  -----  -----\n"
      "  total  12480\n"
      "\n"
      "Valuations\n"
      "----------\n"
      "\n"
      "Expulsions évitées par l'accompagnement social (expulsions_évitées) [€]\n"
      "Chain: gestion_sociale\n"
      "                               total\n"
      "  ----------------------  ----------\n"
      "  impact year 1            5964.00 €\n"
      "  impact year 2            5367.60 €\n"
      "  impact year 3            4830.84 €\n"
      "  present value           15130.17 €\n"
      "  of which état           10591.12 €\n"
      "  of which collectivités   4539.05 €\n"
      "\n"
      "Costs\n"
      "-----\n"
      "\n"
      "  cost            label                                 amount\n"
      "  --------------  -------------------------------  -----------\n"
      "  accompagnement  Coût de l'accompagnement social  420000.00 €\n"
      "\n"
      "Statements\n"
      "----------\n"
      "\n"
      "Bilan de la plus-value sociale (bilan_2024)\n"
      "  figure                    value\n"
      "  -----------------  ------------\n"
      "  present value        15130.17 €\n"
      "  costs               420000.00 €\n"
      "  net present value  -404869.83 €\n"
      "  SROI ratio                 0.04\n"
      "\n"
      "  stakeholder    present value\n"
      "  -------------  -------------\n"
      "  état              10591.12 €\n"
      "  collectivités      4539.05 €\n"
      "\n"
      "  chain            present value\n"
      "  ---------------  -------------\n"
      "  gestion_sociale     15130.17 €\n"
      "\n"
      "Checks\n"
      "------\n"
      "\n"
      "  check               status  failures  detail\n"
      "  ------------------  ------  --------  -------------\n"
      "  loyer_positif       pass           0\n"
      "  surface_renseignée  fail           2  parc.csv:4, 9\n"
      "\n"
      "Parameters\n"
      "----------\n"
      "\n"
      "  parameter           value  since       note\n"
      "  ------------------  -----  ----------  ----\n"
      "  taux_actualisation    3.5\n"
      "  coût_expulsion      14200  2022-01-01\n");
  fx_free(&x);
}
END_TEST

START_TEST(t04_text_french) {
  Fx x;
  fx_example(&x);
  expect("t04", write_one(&x.r, OUT_TEXT, &french), "exemple-bailleur 2026.1\n"
      "=======================\n"
      "\n"
      "Date : 2024-12-31\n"
      "\n"
      "Indicateurs\n"
      "-----------\n"
      "\n"
      "Part du parc en quartier prioritaire (part_qpv) [%]\n"
      "  département  valeur\n"
      "  -----------  ------\n"
      "  01           31,2" NBSP "%\n"
      "  07           33,3" NBSP "%\n"
      "  total        30,4" NBSP "%\n"
      "\n"
      "Nombre de logements (nb_logements) [logement]\n"
      "         valeur\n"
      "  -----  ------\n"
      "  total  12" NNBSP "480\n"
      "\n"
      "Valorisations\n"
      "-------------\n"
      "\n"
      "Expulsions évitées par l'accompagnement social (expulsions_évitées) [€]\n"
      "Chaîne : gestion_sociale\n"
      "                            total\n"
      "  ------------------  -----------\n"
      "  impact année 1       5" NNBSP "964,00" NBSP "€\n"
      "  impact année 2       5" NNBSP "367,60" NBSP "€\n"
      "  impact année 3       4" NNBSP "830,84" NBSP "€\n"
      "  valeur actualisée   15" NNBSP "130,17" NBSP "€\n"
      "  dont état           10" NNBSP "591,12" NBSP "€\n"
      "  dont collectivités   4" NNBSP "539,05" NBSP "€\n"
      "\n"
      "Coûts\n"
      "-----\n"
      "\n"
      "  coût            libellé                               montant\n"
      "  --------------  -------------------------------  ------------\n"
      "  accompagnement  Coût de l'accompagnement social  420" NNBSP "000,00" NBSP "€\n"
      "\n"
      "Bilans\n"
      "------\n"
      "\n"
      "Bilan de la plus-value sociale (bilan_2024)\n"
      "  grandeur                        valeur\n"
      "  -----------------------  -------------\n"
      "  valeur actualisée          15" NNBSP "130,17" NBSP "€\n"
      "  coûts                     420" NNBSP "000,00" NBSP "€\n"
      "  valeur actualisée nette  -404" NNBSP "869,83" NBSP "€\n"
      "  ratio SROI                        0,04\n"
      "\n"
      "  partie prenante  valeur actualisée\n"
      "  ---------------  -----------------\n"
      "  état                   10" NNBSP "591,12" NBSP "€\n"
      "  collectivités           4" NNBSP "539,05" NBSP "€\n"
      "\n"
      "  chaîne           valeur actualisée\n"
      "  ---------------  -----------------\n"
      "  gestion_sociale        15" NNBSP "130,17" NBSP "€\n"
      "\n"
      "Contrôles\n"
      "---------\n"
      "\n"
      "  contrôle            statut  échecs  détail\n"
      "  ------------------  ------  ------  -------------\n"
      "  loyer_positif       réussi       0\n"
      "  surface_renseignée  échec        2  parc.csv:4, 9\n"
      "\n"
      "Paramètres\n"
      "----------\n"
      "\n"
      "  paramètre           valeur  depuis      note\n"
      "  ------------------  ------  ----------  ----\n"
      "  taux_actualisation     3,5\n"
      "  coût_expulsion      14" NNBSP "200  2022-01-01\n");
  fx_free(&x);
}
END_TEST

START_TEST(t05_md_french) {
  Fx x;
  fx_example(&x);
  expect("t05", write_one(&x.r, OUT_MD, &french), "# exemple-bailleur 2026.1\n"
      "\n"
      "Date : 2024-12-31\n"
      "\n"
      "## Indicateurs\n"
      "\n"
      "### Part du parc en quartier prioritaire (part_qpv) [%]\n"
      "\n"
      "| département | valeur |\n"
      "| ----------- | -----: |\n"
      "| 01          | 31,2" NBSP "% |\n"
      "| 07          | 33,3" NBSP "% |\n"
      "| total       | 30,4" NBSP "% |\n"
      "\n"
      "### Nombre de logements (nb_logements) [logement]\n"
      "\n"
      "|       | valeur |\n"
      "| ----- | -----: |\n"
      "| total | 12" NNBSP "480 |\n"
      "\n"
      "## Valorisations\n"
      "\n"
      "### Expulsions évitées par l'accompagnement social (expulsions_évitées) [€]\n"
      "\n"
      "Chaîne : gestion_sociale\n"
      "\n"
      "|                    |       total |\n"
      "| ------------------ | ----------: |\n"
      "| impact année 1     |  5" NNBSP "964,00" NBSP "€ |\n"
      "| impact année 2     |  5" NNBSP "367,60" NBSP "€ |\n"
      "| impact année 3     |  4" NNBSP "830,84" NBSP "€ |\n"
      "| valeur actualisée  | 15" NNBSP "130,17" NBSP "€ |\n"
      "| dont état          | 10" NNBSP "591,12" NBSP "€ |\n"
      "| dont collectivités |  4" NNBSP "539,05" NBSP "€ |\n"
      "\n"
      "## Coûts\n"
      "\n"
      "| coût           | libellé                         |      montant |\n"
      "| -------------- | ------------------------------- | -----------: |\n"
      "| accompagnement | Coût de l'accompagnement social | 420" NNBSP "000,00" NBSP "€ |\n"
      "\n"
      "## Bilans\n"
      "\n"
      "### Bilan de la plus-value sociale (bilan_2024)\n"
      "\n"
      "| grandeur                |        valeur |\n"
      "| ----------------------- | ------------: |\n"
      "| valeur actualisée       |   15" NNBSP "130,17" NBSP "€ |\n"
      "| coûts                   |  420" NNBSP "000,00" NBSP "€ |\n"
      "| valeur actualisée nette | -404" NNBSP "869,83" NBSP "€ |\n"
      "| ratio SROI              |          0,04 |\n"
      "\n"
      "| partie prenante | valeur actualisée |\n"
      "| --------------- | ----------------: |\n"
      "| état            |       10" NNBSP "591,12" NBSP "€ |\n"
      "| collectivités   |        4" NNBSP "539,05" NBSP "€ |\n"
      "\n"
      "| chaîne          | valeur actualisée |\n"
      "| --------------- | ----------------: |\n"
      "| gestion_sociale |       15" NNBSP "130,17" NBSP "€ |\n"
      "\n"
      "## Contrôles\n"
      "\n"
      "| contrôle           | statut | échecs | détail        |\n"
      "| ------------------ | ------ | -----: | ------------- |\n"
      "| loyer_positif      | réussi |      0 |               |\n"
      "| surface_renseignée | échec  |      2 | parc.csv:4, 9 |\n"
      "\n"
      "## Paramètres\n"
      "\n"
      "| paramètre          | valeur | depuis     | note |\n"
      "| ------------------ | -----: | ---------- | ---- |\n"
      "| taux_actualisation |    3,5 |            |      |\n"
      "| coût_expulsion     | 14" NNBSP "200 | 2022-01-01 |      |\n");
  fx_free(&x);
}
END_TEST

/* ---- small results: rounding, missing values, alignment, escaping ------------------------------ */

/* One indicator with the given rows (keys by "département"; NULL key: the total). */
typedef struct Small {
  EvalResult r;
  IndicatorResult ind;
  ResultRow rows[4];
  const char *keys[4][1];
  Num *owned[8];
  int nowned;
} Small;

static void small(Small *s, const char *unit, int decimals, int nrows, const char *const *keys,
                  const char *const *values) {
  memset(s, 0, sizeof *s);
  s->ind = (IndicatorResult){.name = "x", .label = "X", .unit = unit, .decimals = decimals,
                             .by = {dims_dep, 1}, .rows = s->rows, .nrows = nrows};
  for (int i = 0; i < nrows; i++) {
    s->keys[i][0] = keys[i];
    s->rows[i].key = keys[i] ? s->keys[i] : NULL;
    s->rows[i].cell.missing = !values[i];
    if (values[i])
      ck_assert(num_parse_literal(&s->rows[i].cell.value, values[i]));
  }
  s->r.inds = &s->ind;
  s->r.ninds = 1;
}

static void small_free(Small *s) {
  for (int i = 0; i < s->ind.nrows; i++)
    num_clear(&s->rows[i].cell.value);
}

START_TEST(t06_tie_rounding) {
  static const char *const keys[] = {NULL}, *const values[] = {"2.125"};
  static const OutOptions even = {false, NUM_HALF_EVEN}, even_fr = {true, NUM_HALF_EVEN};
  Small s;
  small(&s, "€", 2, 1, keys, values);
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_JSON, &plain), "\"value\": \"2.13\""));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_JSON, &even), "\"value\": \"2.12\""));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_JSON, &even), "\"exact\": \"2.125\""));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_CSV, &plain), ",2.13,2.125,€\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_CSV, &even), ",2.12,2.125,€\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_TEXT, &plain), "  total        2.13 €\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_TEXT, &even_fr), "  total        2,12" NBSP "€\n"));
  small_free(&s);
}
END_TEST

START_TEST(t07_missing) {
  static const char *const keys[] = {"01", NULL}, *const values[] = {NULL, "12.5"};
  Small s;
  small(&s, "%", 1, 2, keys, values);
  expect("t07j", write_one(&s.r, OUT_JSON, &plain), "{\n"
      "  \"framework\": null,\n"
      "  \"date\": null,\n"
      "  \"indicators\": [\n"
      "    {\n"
      "      \"name\": \"x\",\n"
      "      \"label\": \"X\",\n"
      "      \"unit\": \"%\",\n"
      "      \"by\": [\n"
      "        \"département\"\n"
      "      ],\n"
      "      \"rows\": [\n"
      "        {\n"
      "          \"key\": {\n"
      "            \"département\": \"01\"\n"
      "          },\n"
      "          \"value\": null,\n"
      "          \"exact\": null\n"
      "        },\n"
      "        {\n"
      "          \"key\": {},\n"
      "          \"value\": \"12.5\",\n"
      "          \"exact\": \"12.5\"\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ],\n"
      "  \"valuations\": [],\n"
      "  \"statements\": [],\n"
      "  \"checks\": [],\n"
      "  \"parameters\": [],\n"
      "  \"costs\": []\n"
      "}\n");
  expect("t07c", write_one(&s.r, OUT_CSV, &plain), "kind,name,dimensions,group,value,exact,unit\n"
      "indicator,x,département,01,,,%\n"
      "indicator,x,,,12.5,12.5,%\n");
  expect("t07t", write_one(&s.r, OUT_TEXT, &plain), "Evaluation\n"
      "==========\n"
      "\n"
      "Indicators\n"
      "----------\n"
      "\n"
      "X (x) [%]\n"
      "  département   value\n"
      "  -----------  ------\n"
      "  01              n/a\n"
      "  total        12.5 %\n");
  expect("t07f", write_one(&s.r, OUT_TEXT, &french), "Évaluation\n"
      "==========\n"
      "\n"
      "Indicateurs\n"
      "-----------\n"
      "\n"
      "X (x) [%]\n"
      "  département  valeur\n"
      "  -----------  ------\n"
      "  01                —\n"
      "  total        12,5" NBSP "%\n");
  small_free(&s);
}
END_TEST

START_TEST(t08_missing_ratio) {
  Fx x;
  fx_example(&x);
  x.stmts[0].ratio_missing = true;
  x.vrows[0].missing = true;
  const char *j = write_one(&x.r, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "\"ratio\": null,\n      \"ratio_exact\": null,\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"present_value\": null,\n          "
                                  "\"present_value_exact\": null,\n          \"impact\": [],\n"
                                  "          \"by_stakeholder\": {},\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&x.r, OUT_CSV, &plain),
                               "\nstatement,bilan_2024.ratio,,,,,\n"));
  const char *line = strstr(write_one(&x.r, OUT_TEXT, &french), "  ratio SROI ");
  ck_assert_ptr_nonnull(line);
  const char *eol = strchr(line, '\n');
  ck_assert(eol && eol - line > 4 && !strncmp(eol - 3, "—", 3));   /* a missing ratio shows — */
  ck_assert_ptr_nonnull(strstr(write_one(&x.r, OUT_TEXT, &plain),
                               "  present value             n/a\n"));
  fx_free(&x);
}
END_TEST

/* Accented keys and French numbers line up by characters, in text and Markdown. */
START_TEST(t09_utf8_alignment) {
  static const char *const keys[] = {"Ain", "Ardèche", "Côte-d'Or", NULL};
  static const char *const values[] = {"1234.5", "7", "1234567.891", "1235809.391"};
  Small s;
  small(&s, "€/an", 2, 4, keys, values);
  expect("t09t", write_one(&s.r, OUT_TEXT, &french), "Évaluation\n"
      "==========\n"
      "\n"
      "Indicateurs\n"
      "-----------\n"
      "\n"
      "X (x) [€/an]\n"
      "  département             valeur\n"
      "  -----------  -----------------\n"
      "  Ain              1" NNBSP "234,50" NBSP "€/an\n"
      "  Ardèche              7,00" NBSP "€/an\n"
      "  Côte-d'Or    1" NNBSP "234" NNBSP "567,89" NBSP "€/an\n"
      "  total        1" NNBSP "235" NNBSP "809,39" NBSP "€/an\n");
  expect("t09m", write_one(&s.r, OUT_MD, &french), "# Évaluation\n"
      "\n"
      "## Indicateurs\n"
      "\n"
      "### X (x) [€/an]\n"
      "\n"
      "| département |            valeur |\n"
      "| ----------- | ----------------: |\n"
      "| Ain         |     1" NNBSP "234,50" NBSP "€/an |\n"
      "| Ardèche     |         7,00" NBSP "€/an |\n"
      "| Côte-d'Or   | 1" NNBSP "234" NNBSP "567,89" NBSP "€/an |\n"
      "| total       | 1" NNBSP "235" NNBSP "809,39" NBSP "€/an |\n");
  small_free(&s);
}
END_TEST

START_TEST(t10_escaping) {
  static const char *const keys[] = {"a,\"b\"\n|c", NULL}, *const values[] = {"1", "1"};
  Small s;
  small(&s, "", 0, 2, keys, values);
  s.ind.label = "Tab\there, \"quoted\" \\ and \x01";
  const char *j = write_one(&s.r, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "\"label\": \"Tab\\there, \\\"quoted\\\" \\\\ and \\u0001\","));
  ck_assert_ptr_nonnull(strstr(j, "\"département\": \"a,\\\"b\\\"\\n|c\""));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_CSV, &plain),
                               "\nindicator,x,département,\"a,\"\"b\"\"\n|c\",1,1,\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_MD, &plain), "| a,\"b\" \\|c   |"));
  small_free(&s);
}
END_TEST

/* ---- scénarios side by side -------------------------------------------------------------------- */

/* The example under scénario "prudent": a lower present value, and no nb_logements. */
static void fx_prudent(Fx *x) {
  fx_example(x);
  x->r.scenario = "prudent";
  x->r.ninds = 1;
  StatementResult *st = &x->stmts[0];
  num_clear(&x->vrows[0].present_value);
  ck_assert(num_parse_literal(&x->vrows[0].present_value, "11347.625"));
  num_clear(&st->present_value);
  ck_assert(num_parse_literal(&st->present_value, "11347.625"));
  num_sub(&st->net_present_value, &st->present_value, &st->costs);
  ck_assert(num_div(&st->ratio, &st->present_value, &st->costs));
}

START_TEST(t11_scenarios) {
  Fx base, prudent;
  fx_example(&base);
  fx_prudent(&prudent);
  const EvalResult *rs[] = {&base.r, &prudent.r};
  expect("t11t", write_many(rs, 2, OUT_TEXT, &french), "exemple-bailleur 2026.1\n"
      "=======================\n"
      "\n"
      "Date : 2024-12-31\n"
      "\n"
      "Indicateurs\n"
      "-----------\n"
      "\n"
      "  indicateur      base  prudent\n"
      "  ------------  ------  -------\n"
      "  part_qpv      30,4" NBSP "%   30,4" NBSP "%\n"
      "  nb_logements  12" NNBSP "480        —\n"
      "\n"
      "Valorisations : valeur actualisée\n"
      "---------------------------------\n"
      "\n"
      "  valorisation               base      prudent\n"
      "  ------------------  -----------  -----------\n"
      "  expulsions_évitées  15" NNBSP "130,17" NBSP "€  11" NNBSP "347,63" NBSP "€\n"
      "\n"
      "Bilans\n"
      "------\n"
      "\n"
      "Bilan de la plus-value sociale (bilan_2024)\n"
      "  grandeur                          base        prudent\n"
      "  -----------------------  -------------  -------------\n"
      "  valeur actualisée          15" NNBSP "130,17" NBSP "€    11" NNBSP "347,63" NBSP "€\n"
      "  valeur actualisée nette  -404" NNBSP "869,83" NBSP "€  -408" NNBSP "652,38" NBSP "€\n"
      "  ratio SROI                        0,04           0,03\n");
  expect("t11m", write_many(rs, 2, OUT_MD, &plain), "# exemple-bailleur 2026.1\n"
      "\n"
      "Date: 2024-12-31\n"
      "\n"
      "## Indicators\n"
      "\n"
      "| indicator    |   base | prudent |\n"
      "| ------------ | -----: | ------: |\n"
      "| part_qpv     | 30.4 % |  30.4 % |\n"
      "| nb_logements |  12480 |     n/a |\n"
      "\n"
      "## Valuations: present value\n"
      "\n"
      "| valuation          |       base |    prudent |\n"
      "| ------------------ | ---------: | ---------: |\n"
      "| expulsions_évitées | 15130.17 € | 11347.63 € |\n"
      "\n"
      "## Statements\n"
      "\n"
      "### Bilan de la plus-value sociale (bilan_2024)\n"
      "\n"
      "| figure            |         base |      prudent |\n"
      "| ----------------- | -----------: | -----------: |\n"
      "| present value     |   15130.17 € |   11347.63 € |\n"
      "| net present value | -404869.83 € | -408652.38 € |\n"
      "| SROI ratio        |         0.04 |         0.03 |\n");
  expect("t11c", write_many(rs, 2, OUT_CSV, &plain), "scenario,kind,name,dimensions,group,value,exact,unit\n"
      "base,indicator,part_qpv,département,01,31.2,31.2,%\n"
      "base,indicator,part_qpv,département,07,33.3,100/3,%\n"
      "base,indicator,part_qpv,,,30.4,30.4,%\n"
      "base,indicator,nb_logements,,,12480,12480,logement\n"
      "base,valuation,expulsions_évitées,,,15130.17,184088800/12167,€\n"
      "base,valuation_impact,expulsions_évitées.1,,,5964.00,5964,€\n"
      "base,valuation_impact,expulsions_évitées.2,,,5367.60,5367.6,€\n"
      "base,valuation_impact,expulsions_évitées.3,,,4830.84,4830.84,€\n"
      "base,valuation_share,expulsions_évitées.état,,,10591.12,128862160/12167,€\n"
      "base,valuation_share,expulsions_évitées.collectivités,,,4539.05,55226640/12167,€\n"
      "base,cost,accompagnement,,,420000.00,420000,€\n"
      "base,statement,bilan_2024.present_value,,,15130.17,184088800/12167,€\n"
      "base,statement,bilan_2024.costs,,,420000.00,420000,€\n"
      "base,statement,bilan_2024.net_present_value,,,-404869.83,-4926051200/12167,€\n"
      "base,statement,bilan_2024.ratio,,,0.04,32873/912525,\n"
      "base,statement_stakeholder,bilan_2024.état,,,10591.12,128862160/12167,€\n"
      "base,statement_stakeholder,bilan_2024.collectivités,,,4539.05,55226640/12167,€\n"
      "base,statement_chain,bilan_2024.gestion_sociale,,,15130.17,184088800/12167,€\n"
      "base,check,loyer_positif,,,pass,0,\n"
      "base,check,surface_renseignée,,,fail,2,\n"
      "base,parameter,taux_actualisation,,,3.5,3.5,\n"
      "base,parameter,coût_expulsion,since,2022-01-01,14200,14200,\n"
      "prudent,indicator,part_qpv,département,01,31.2,31.2,%\n"
      "prudent,indicator,part_qpv,département,07,33.3,100/3,%\n"
      "prudent,indicator,part_qpv,,,30.4,30.4,%\n"
      "prudent,valuation,expulsions_évitées,,,11347.63,11347.625,€\n"
      "prudent,valuation_impact,expulsions_évitées.1,,,5964.00,5964,€\n"
      "prudent,valuation_impact,expulsions_évitées.2,,,5367.60,5367.6,€\n"
      "prudent,valuation_impact,expulsions_évitées.3,,,4830.84,4830.84,€\n"
      "prudent,valuation_share,expulsions_évitées.état,,,10591.12,128862160/12167,€\n"
      "prudent,valuation_share,expulsions_évitées.collectivités,,,4539.05,55226640/12167,€\n"
      "prudent,cost,accompagnement,,,420000.00,420000,€\n"
      "prudent,statement,bilan_2024.present_value,,,11347.63,11347.625,€\n"
      "prudent,statement,bilan_2024.costs,,,420000.00,420000,€\n"
      "prudent,statement,bilan_2024.net_present_value,,,-408652.38,-408652.375,€\n"
      "prudent,statement,bilan_2024.ratio,,,0.03,90781/3360000,\n"
      "prudent,statement_stakeholder,bilan_2024.état,,,10591.12,128862160/12167,€\n"
      "prudent,statement_stakeholder,bilan_2024.collectivités,,,4539.05,55226640/12167,€\n"
      "prudent,statement_chain,bilan_2024.gestion_sociale,,,15130.17,184088800/12167,€\n"
      "prudent,check,loyer_positif,,,pass,0,\n"
      "prudent,check,surface_renseignée,,,fail,2,\n"
      "prudent,parameter,taux_actualisation,,,3.5,3.5,\n"
      "prudent,parameter,coût_expulsion,since,2022-01-01,14200,14200,\n");
  const char *j = write_many(rs, 2, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "{\n  \"scenarios\": [\n    {\n      \"name\": \"base\",\n"
                                  "      \"framework\": {\n"));
  ck_assert_ptr_nonnull(strstr(j, "\n    {\n      \"name\": \"prudent\",\n"
                                  "      \"framework\": {\n"));
  ck_assert_ptr_null(strstr(j, "\"scenario\":"));
  ck_assert_ptr_nonnull(strstr(j, "\"present_value\": \"11347.63\""));
  ck_assert(strlen(j) > 0 && j[strlen(j) - 2] == '}' && j[strlen(j) - 1] == '\n');
  /* a single result says which scénario it is */
  ck_assert_ptr_nonnull(strstr(write_one(&prudent.r, OUT_JSON, &plain),
                               "\"date\": \"2024-12-31\",\n  \"scenario\": \"prudent\",\n"));
  fx_free(&base);
  fx_free(&prudent);
}
END_TEST

START_TEST(t12_empty_result) {
  EvalResult r = {0};
  expect("t12j", write_one(&r, OUT_JSON, &plain), "{\n"
      "  \"framework\": null,\n"
      "  \"date\": null,\n"
      "  \"indicators\": [],\n"
      "  \"valuations\": [],\n"
      "  \"statements\": [],\n"
      "  \"checks\": [],\n"
      "  \"parameters\": [],\n"
      "  \"costs\": []\n"
      "}\n");
  expect("t12t", write_one(&r, OUT_TEXT, &plain), "Evaluation\n"
      "==========\n");
  ck_assert_str_eq(write_one(&r, OUT_CSV, &plain), "kind,name,dimensions,group,value,exact,unit\n");
}
END_TEST

/* ---- the atomic output file -------------------------------------------------------------------- */

static char tmpdir[64];

static void read_file(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "r");
  ck_assert_ptr_nonnull(f);
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

static void write_path(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

START_TEST(t13_atomic_file) {
  char path[128], buf[4096];
  strcpy(tmpdir, "/tmp/pvs-test-out-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  snprintf(path, sizeof path, "%s/report.txt", tmpdir);
  write_path(path, "old\n");
  OutFile of;
  /* abort: the old file is untouched and no temp file is left */
  ck_assert(out_open(&of, path));
  ck_assert_ptr_nonnull(of.tmp);
  ck_assert_int_eq(count_entries(tmpdir), 2);
  fputs("half-written", of.f);
  out_abort(&of);
  ck_assert_ptr_null(of.tmp);
  read_file(path, buf, sizeof buf);
  ck_assert_str_eq(buf, "old\n");
  ck_assert_int_eq(count_entries(tmpdir), 1);
  /* commit: replaced whole */
  ck_assert(out_open(&of, path));
  fputs("new\n", of.f);
  ck_assert_int_eq(out_commit(&of), 0);
  read_file(path, buf, sizeof buf);
  ck_assert_str_eq(buf, "new\n");
  ck_assert_int_eq(count_entries(tmpdir), 1);
  /* a folder that does not exist: false, errno set, nothing created */
  snprintf(path, sizeof path, "%s/missing/report.txt", tmpdir);
  ck_assert(!out_open(&of, path));
  ck_assert_int_ne(errno, 0);
  ck_assert_int_eq(count_entries(tmpdir), 1);
  /* commit fails (a folder stands at the target): error, target untouched, temp removed */
  snprintf(path, sizeof path, "%s/folder", tmpdir);
  ck_assert_int_eq(mkdir(path, 0700), 0);
  ck_assert(out_open(&of, path));
  fputs("x\n", of.f);
  ck_assert_int_eq(out_commit(&of), EISDIR);
  ck_assert_int_eq(count_entries(tmpdir), 2);
  ck_assert_int_eq(rmdir(path), 0);
  snprintf(path, sizeof path, "%s/report.txt", tmpdir);
  unlink(path);
  ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

START_TEST(t14_atomic_new_file_and_stdout) {
  char path[128], buf[4096];
  strcpy(tmpdir, "/tmp/pvs-test-out-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  snprintf(path, sizeof path, "%s/new.json", tmpdir);
  Fx x;
  fx_example(&x);
  OutFile of;
  ck_assert(out_open(&of, path));
  ck_assert_int_eq(out_write(of.f, &x.r, OUT_CSV, &plain), 0);
  ck_assert_int_eq(out_commit(&of), 0);
  read_file(path, buf, sizeof buf);
  ck_assert_str_eq(buf, "kind,name,dimensions,group,value,exact,unit\n"
                        "indicator,part_qpv,département,01,31.2,31.2,%\n"
                        "indicator,part_qpv,département,07,33.3,100/3,%\n"
                        "indicator,part_qpv,,,30.4,30.4,%\n"
                        "indicator,nb_logements,,,12480,12480,logement\n"
                        "valuation,expulsions_évitées,,,15130.17,184088800/12167,€\n"
                        "valuation_impact,expulsions_évitées.1,,,5964.00,5964,€\n"
                        "valuation_impact,expulsions_évitées.2,,,5367.60,5367.6,€\n"
                        "valuation_impact,expulsions_évitées.3,,,4830.84,4830.84,€\n"
                        "valuation_share,expulsions_évitées.état,,,10591.12,128862160/12167,€\n"
                        "valuation_share,expulsions_évitées.collectivités,,,4539.05,55226640/12167,€\n"
                        "cost,accompagnement,,,420000.00,420000,€\n"
                        "statement,bilan_2024.present_value,,,15130.17,184088800/12167,€\n"
                        "statement,bilan_2024.costs,,,420000.00,420000,€\n"
                        "statement,bilan_2024.net_present_value,,,-404869.83,-4926051200/12167,€\n"
                        "statement,bilan_2024.ratio,,,0.04,32873/912525,\n"
                        "statement_stakeholder,bilan_2024.état,,,10591.12,128862160/12167,€\n"
                        "statement_stakeholder,bilan_2024.collectivités,,,4539.05,55226640/12167,€\n"
                        "statement_chain,bilan_2024.gestion_sociale,,,15130.17,184088800/12167,€\n"
                        "check,loyer_positif,,,pass,0,\n"
                        "check,surface_renseignée,,,fail,2,\n"
                        "parameter,taux_actualisation,,,3.5,3.5,\n"
                        "parameter,coût_expulsion,since,2022-01-01,14200,14200,\n");
  fx_free(&x);
  unlink(path);
  ck_assert_int_eq(rmdir(tmpdir), 0);
  ck_assert(out_open(&of, "-"));
  ck_assert_ptr_eq(of.f, stdout);
  ck_assert_int_eq(out_commit(&of), 0);
  ck_assert(out_open(&of, NULL));
  ck_assert_ptr_eq(of.f, stdout);
  out_abort(&of);
}
END_TEST

/* Values longer than any stack buffer, and a stream that fails (errno comes back). */
START_TEST(t16_big_values_and_write_errors) {
  static const char *const keys[] = {NULL}, *const values[] = {"1"};
  Small s;
  small(&s, "", 2, 1, keys, values);
  Num big = NUM_INIT, three = NUM_INIT;
  ck_assert(num_parse_literal(&big, "1" "00000000000000000000000000000000000000000000000000"
                                    "00000000000000000000"));
  num_set_long(&three, 3);
  ck_assert(num_div(&s.rows[0].cell.value, &big, &three));
  const char *j = write_one(&s.r, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "\"value\": \"333333333333333333333333333333333333333333333333333"
                                  "3333333333333333333.33\",\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"exact\": \"1000000000000000000000000000000000000000000000000000"
                                  "0000000000000000000/3\"\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_TEXT, &french),
                               "333" NNBSP "333" NNBSP "333,33\n"));
  num_clear(&big);
  num_clear(&three);
  FILE *full = fopen("/dev/full", "w");
  if (full) {
    for (OutFormat f = OUT_TEXT; f <= OUT_MD; f++) {
      clearerr(full);
      ck_assert_int_eq(out_write(full, &s.r, f, &plain), ENOSPC);
    }
    fclose(full);
  }
  small_free(&s);
}
END_TEST

/* A valuation broken down by département: one column per group, the total last. */
START_TEST(t18_valuation_groups) {
  Fx x;
  fx_example(&x);
  x.vrows[1] = x.vrows[0]; /* shallow: the fixture owns the numbers once */
  x.vrows[0].key = x.key_07;
  x.vrows[0].nshares = 1;
  x.vals[0].by = (Breakdown){dims_dep, 1};
  x.vals[0].nrows = 2;
  expect("t18t", write_one(&x.r, OUT_TEXT, &plain), "exemple-bailleur 2026.1\n"
      "=======================\n"
      "\n"
      "Date: 2024-12-31\n"
      "\n"
      "Indicators\n"
      "----------\n"
      "\n"
      "Part du parc en quartier prioritaire (part_qpv) [%]\n"
      "  département   value\n"
      "  -----------  ------\n"
      "  01           31.2 %\n"
      "  07           33.3 %\n"
      "  total        30.4 %\n"
      "\n"
      "Nombre de logements (nb_logements) [logement]\n"
      "         value\n"
      "  -----  -----\n"
      "  total  12480\n"
      "\n"
      "Valuations\n"
      "----------\n"
      "\n"
      "Expulsions évitées par l'accompagnement social (expulsions_évitées) [€]\n"
      "Chain: gestion_sociale\n"
      "  département                     07       total\n"
      "  ----------------------  ----------  ----------\n"
      "  impact year 1            5964.00 €   5964.00 €\n"
      "  impact year 2            5367.60 €   5367.60 €\n"
      "  impact year 3            4830.84 €   4830.84 €\n"
      "  present value           15130.17 €  15130.17 €\n"
      "  of which état           10591.12 €  10591.12 €\n"
      "  of which collectivités         n/a   4539.05 €\n"
      "\n"
      "Costs\n"
      "-----\n"
      "\n"
      "  cost            label                                 amount\n"
      "  --------------  -------------------------------  -----------\n"
      "  accompagnement  Coût de l'accompagnement social  420000.00 €\n"
      "\n"
      "Statements\n"
      "----------\n"
      "\n"
      "Bilan de la plus-value sociale (bilan_2024)\n"
      "  figure                    value\n"
      "  -----------------  ------------\n"
      "  present value        15130.17 €\n"
      "  costs               420000.00 €\n"
      "  net present value  -404869.83 €\n"
      "  SROI ratio                 0.04\n"
      "\n"
      "  stakeholder    present value\n"
      "  -------------  -------------\n"
      "  état              10591.12 €\n"
      "  collectivités      4539.05 €\n"
      "\n"
      "  chain            present value\n"
      "  ---------------  -------------\n"
      "  gestion_sociale     15130.17 €\n"
      "\n"
      "Checks\n"
      "------\n"
      "\n"
      "  check               status  failures  detail\n"
      "  ------------------  ------  --------  -------------\n"
      "  loyer_positif       pass           0\n"
      "  surface_renseignée  fail           2  parc.csv:4, 9\n"
      "\n"
      "Parameters\n"
      "----------\n"
      "\n"
      "  parameter           value  since       note\n"
      "  ------------------  -----  ----------  ----\n"
      "  taux_actualisation    3.5\n"
      "  coût_expulsion      14200  2022-01-01\n");
  const char *c = write_one(&x.r, OUT_CSV, &plain);
  ck_assert_ptr_nonnull(strstr(c, "\nvaluation,expulsions_évitées,département,07,15130.17,"
                                  "184088800/12167,€\n"));
  ck_assert_ptr_nonnull(strstr(c, "\nvaluation_share,expulsions_évitées.état,département,07,"
                                  "10591.12,128862160/12167,€\nvaluation,expulsions_évitées,,,"));
  fx_free(&x);
}
END_TEST

/* A contrôle over indicators shows the values it compared; scénario and per-row parameters. */
START_TEST(t17_check_detail_and_parameter_notes) {
  Fx x;
  fx_example(&x);
  x.checks[1] = (CheckResult){.name = "part_qpv_bornée", .passed = false,
                              .detail = "part_qpv = 130.4 > 100"};
  x.params[0].overridden = true;
  x.params[1].row_dependent = true;
  x.params[1].since = NULL;
  const char *t = write_one(&x.r, OUT_TEXT, &plain);
  ck_assert_ptr_nonnull(strstr(t, "  part_qpv_bornée  fail           0  part_qpv = 130.4 > 100\n"));
  ck_assert_ptr_nonnull(strstr(t, "  taux_actualisation      3.5         scenario\n"
                                  "  coût_expulsion      per row\n"));
  const char *j = write_one(&x.r, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "\"failures\": 0,\n      \"detail\": \"part_qpv = 130.4 > 100\"\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"since\": null,\n      \"overridden\": true\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"value\": null,\n      \"since\": null,\n"
                                  "      \"row_dependent\": true\n"));
  const char *c = write_one(&x.r, OUT_CSV, &plain);
  ck_assert_ptr_nonnull(strstr(c, "\ncheck,part_qpv_bornée,,,fail,0,\n"));
  ck_assert_ptr_nonnull(strstr(c, "\nparameter,coût_expulsion,,,,,\n"));
  fx_free(&x);
}
END_TEST

/* ---- names and locale ------------------------------------------------------------------------- */

START_TEST(t15_lookup_and_locale) {
  OutFormat f = OUT_TEXT;
  ck_assert(out_format_lookup("json", &f) && f == OUT_JSON);
  ck_assert(out_format_lookup("csv", &f) && f == OUT_CSV);
  ck_assert(out_format_lookup("md", &f) && f == OUT_MD);
  ck_assert(out_format_lookup("text", &f) && f == OUT_TEXT);
  ck_assert(out_format_lookup("html", &f) && f == OUT_HTML);
  f = OUT_TEXT;
  ck_assert(!out_format_lookup("pdf", &f) && f == OUT_TEXT);
  ck_assert(!out_format_lookup("JSON", &f));
  ck_assert(!out_format_lookup(NULL, &f));
  unsetenv("LC_ALL");
  unsetenv("LC_NUMERIC");
  setenv("LANG", "fr_FR.UTF-8", 1);
  ck_assert(out_locale_is_french());
  setenv("LC_NUMERIC", "C", 1);
  ck_assert(!out_locale_is_french());
  setenv("LC_ALL", "fr_BE", 1);
  ck_assert(out_locale_is_french());
  setenv("LC_ALL", "", 1);
  setenv("LC_NUMERIC", "", 1);
  ck_assert(out_locale_is_french());
  setenv("LANG", "en_US.UTF-8", 1);
  ck_assert(!out_locale_is_french());
  unsetenv("LANG");
  ck_assert(!out_locale_is_french());
}
END_TEST

static Suite *out_suite(void) {
  Suite *s = suite_create("out");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, NULL, teardown);
  tcase_add_test(tc, t01_json_example);
  tcase_add_test(tc, t02_csv_example);
  tcase_add_test(tc, t03_text_plain);
  tcase_add_test(tc, t04_text_french);
  tcase_add_test(tc, t05_md_french);
  tcase_add_test(tc, t06_tie_rounding);
  tcase_add_test(tc, t07_missing);
  tcase_add_test(tc, t08_missing_ratio);
  tcase_add_test(tc, t09_utf8_alignment);
  tcase_add_test(tc, t10_escaping);
  tcase_add_test(tc, t11_scenarios);
  tcase_add_test(tc, t12_empty_result);
  tcase_add_test(tc, t13_atomic_file);
  tcase_add_test(tc, t14_atomic_new_file_and_stdout);
  tcase_add_test(tc, t15_lookup_and_locale);
  tcase_add_test(tc, t16_big_values_and_write_errors);
  tcase_add_test(tc, t17_check_detail_and_parameter_notes);
  tcase_add_test(tc, t18_valuation_groups);
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
