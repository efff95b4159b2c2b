/* test_out.c — Check suite for the out_ writers: EvalResults built by hand (the brief's
 * example: part_qpv 156/5, expulsions_évitées PV 184088800/12167, bilan_2024 with 420000 €
 * of costs) written in every format and compared byte for byte; French and machine-like
 * display, half-up and half-even display of a tie, missing values, UTF-8 alignment, JSON
 * escaping, scénarios side by side, and the atomic output file.
 * The expected outputs are files, tests/unit/out/ID.out; PVS_OUT_DUMP=DIR writes each output
 * there instead of comparing it (PVS_OUT_DUMP=tests/unit/out to accept a reviewed change). */
#include "intl.h"
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

/* Compares got with the expected bytes of tests/unit/out/ID.out (the folder is
 * $PVS_OUT_EXPECTED, default relative to the repository root where make runs the tests);
 * with PVS_OUT_DUMP=DIR, writes DIR/ID.out instead (PVS_OUT_DUMP=tests/unit/out rewrites the
 * expectations after a deliberate change: review the diff). */
static void expect(const char *id, const char *got) {
  const char *dump = getenv("PVS_OUT_DUMP");
  const char *dir = dump ? dump : getenv("PVS_OUT_EXPECTED");
  char path[512];
  snprintf(path, sizeof path, "%s/%s.out", dir ? dir : "tests/unit/out", id);
  FILE *f = fopen(path, dump ? "w" : "r");
  ck_assert_msg(f != NULL, "%s: cannot open %s", id, path);
  if (dump) {
    fputs(got, f);
    fclose(f);
    return;
  }
  size_t cap = 1 << 16, n;
  char *want = malloc(cap);
  ck_assert_ptr_nonnull(want);
  n = fread(want, 1, cap - 1, f);
  fclose(f);
  ck_assert_msg(n < cap - 1, "%s: %s is too large", id, path);
  want[n] = '\0';
  int same = strcmp(got, want) == 0;
  if (!same)
    fprintf(stderr, "%s: got\n%s\nwant (%s)\n%s\n", id, got, path, want);
  free(want);
  ck_assert_msg(same, "%s: output differs from %s", id, path);
}

/* The report's words come from the French catalogue (build/locale, found from the test
 * program's folder); writers given `plain` options stay English all the same. */
static void french_catalogue(void) { intl_init(INTL_FR); }

static void teardown(void) {
  free(out_buf);
  out_buf = NULL;
}

/* ---- the brief's example in each format ------------------------------------------------------ */

START_TEST(t01_json_example) {
  Fx x;
  fx_example(&x);
  expect("t01", write_one(&x.r, OUT_JSON, &plain));
  /* French and half-even change nothing in machine forms here */
  expect("t01f", write_one(&x.r, OUT_JSON, &french));
  fx_free(&x);
}
END_TEST

START_TEST(t02_csv_example) {
  Fx x;
  fx_example(&x);
  expect("t02", write_one(&x.r, OUT_CSV, &plain));
  fx_free(&x);
}
END_TEST

START_TEST(t03_text_plain) {
  Fx x;
  fx_example(&x);
  expect("t03", write_one(&x.r, OUT_TEXT, &plain));
  fx_free(&x);
}
END_TEST

START_TEST(t04_text_french) {
  Fx x;
  fx_example(&x);
  expect("t04", write_one(&x.r, OUT_TEXT, &french));
  fx_free(&x);
}
END_TEST

START_TEST(t05_md_french) {
  Fx x;
  fx_example(&x);
  expect("t05", write_one(&x.r, OUT_MD, &french));
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
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_CSV, &plain), ",2.13,2.125,€,\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_CSV, &even), ",2.12,2.125,€,\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_TEXT, &plain), "  total        2.13 €\n"));
  ck_assert_ptr_nonnull(strstr(write_one(&s.r, OUT_TEXT, &even_fr), "  total        2,12" NBSP "€\n"));
  small_free(&s);
}
END_TEST

START_TEST(t07_missing) {
  static const char *const keys[] = {"01", NULL}, *const values[] = {NULL, "12.5"};
  Small s;
  small(&s, "%", 1, 2, keys, values);
  expect("t07j", write_one(&s.r, OUT_JSON, &plain));
  expect("t07c", write_one(&s.r, OUT_CSV, &plain));
  expect("t07t", write_one(&s.r, OUT_TEXT, &plain));
  expect("t07f", write_one(&s.r, OUT_TEXT, &french));
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
                               "\nstatement,bilan_2024.ratio,,,,,,\n"));
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
  expect("t09t", write_one(&s.r, OUT_TEXT, &french));
  expect("t09m", write_one(&s.r, OUT_MD, &french));
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
                               "\nindicator,x,département,\"a,\"\"b\"\"\n|c\",1,1,,\n"));
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
  expect("t11t", write_many(rs, 2, OUT_TEXT, &french));
  expect("t11m", write_many(rs, 2, OUT_MD, &plain));
  expect("t11c", write_many(rs, 2, OUT_CSV, &plain));
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
  expect("t12j", write_one(&r, OUT_JSON, &plain));
  expect("t12t", write_one(&r, OUT_TEXT, &plain));
  ck_assert_str_eq(write_one(&r, OUT_CSV, &plain), "kind,name,dimensions,group,value,exact,unit,label\n");
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
  /* a folder stands at the target: refused when opened (EISDIR), nothing created */
  snprintf(path, sizeof path, "%s/folder", tmpdir);
  ck_assert_int_eq(mkdir(path, 0700), 0);
  ck_assert(!out_open(&of, path));
  ck_assert_int_eq(errno, EISDIR);
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
  ck_assert_str_eq(buf, "kind,name,dimensions,group,value,exact,unit,label\n"
                        "indicator,part_qpv,département,01,31.2,31.2,%,\n"
                        "indicator,part_qpv,département,07,33.3,100/3,%,\n"
                        "indicator,part_qpv,,,30.4,30.4,%,\n"
                        "indicator,nb_logements,,,12480,12480,logement,\n"
                        "valuation,expulsions_évitées,,,15130.17,184088800/12167,€,\n"
                        "valuation_impact,expulsions_évitées.1,,,5964.00,5964,€,\n"
                        "valuation_impact,expulsions_évitées.2,,,5367.60,5367.6,€,\n"
                        "valuation_impact,expulsions_évitées.3,,,4830.84,4830.84,€,\n"
                        "valuation_share,expulsions_évitées.état,,,10591.12,128862160/12167,€,\n"
                        "valuation_share,expulsions_évitées.collectivités,,,4539.05,55226640/12167,€,\n"
                        "cost,accompagnement,,,420000.00,420000,€,\n"
                        "statement,bilan_2024.present_value,,,15130.17,184088800/12167,€,\n"
                        "statement,bilan_2024.costs,,,420000.00,420000,€,\n"
                        "statement,bilan_2024.net_present_value,,,-404869.83,-4926051200/12167,€,\n"
                        "statement,bilan_2024.ratio,,,0.04,32873/912525,,\n"
                        "statement_stakeholder,bilan_2024.état,,,10591.12,128862160/12167,€,\n"
                        "statement_stakeholder,bilan_2024.collectivités,,,4539.05,55226640/12167,€,\n"
                        "statement_chain,bilan_2024.gestion_sociale,,,15130.17,184088800/12167,€,\n"
                        "check,loyer_positif,,,pass,0,,\n"
                        "check,surface_renseignée,,,fail,2,,\n"
                        "parameter,taux_actualisation,,,3.5,3.5,,\n"
                        "parameter,coût_expulsion,since,2022-01-01,14200,14200,,\n");
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
  x.vals[0].by = (Breakdown){dims_dep, 1, NULL, NULL};
  x.vals[0].nrows = 2;
  expect("t18t", write_one(&x.r, OUT_TEXT, &plain));
  const char *c = write_one(&x.r, OUT_CSV, &plain);
  ck_assert_ptr_nonnull(strstr(c, "\nvaluation,expulsions_évitées,département,07,15130.17,"
                                  "184088800/12167,€,\n"));
  ck_assert_ptr_nonnull(strstr(c, "\nvaluation_share,expulsions_évitées.état,département,07,"
                                  "10591.12,128862160/12167,€,\nvaluation,expulsions_évitées,,,"));
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
  ck_assert_ptr_nonnull(strstr(t, "  part_qpv_bornée                              fail           0  part_qpv = 130.4 > 100\n"));
  ck_assert_ptr_nonnull(strstr(t, "  taux_actualisation      3.5         scenario\n"
                                  "  coût_expulsion      per row\n"));
  const char *j = write_one(&x.r, OUT_JSON, &plain);
  ck_assert_ptr_nonnull(strstr(j, "\"failures\": 0,\n      \"detail\": \"part_qpv = 130.4 > 100\"\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"since\": null,\n      \"overridden\": true\n"));
  ck_assert_ptr_nonnull(strstr(j, "\"value\": null,\n      \"since\": null,\n"
                                  "      \"row_dependent\": true\n"));
  const char *c = write_one(&x.r, OUT_CSV, &plain);
  ck_assert_ptr_nonnull(strstr(c, "\ncheck,part_qpv_bornée,,,fail,0,,\n"));
  ck_assert_ptr_nonnull(strstr(c, "\nparameter,coût_expulsion,,,,,,\n"));
  fx_free(&x);
}
END_TEST

/* ---- names and locale ------------------------------------------------------------------------- */

START_TEST(t15_lookup) {
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
}
END_TEST

static Suite *out_suite(void) {
  Suite *s = suite_create("out");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, french_catalogue, teardown);
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
  tcase_add_test(tc, t15_lookup);
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
