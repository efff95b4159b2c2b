#!/usr/bin/env python3
"""random.py PVS SEEDS FIRST ENGINE… -- `pvs sql` against `pvs eval` on random référentiels.

For each seed, writes a random script and its CSV files: those of the random differential
test of pvs eval (tests/diff/diff.py: filtered aggregates over two tables broken down by a
zone, missing values, et/ou/non, % columns in points, --by, valuations, costs that may be
missing, a bilan), plus a table of dwellings with commune codes (current ones, older codes of
merged communes, municipal arrondissements, missing ones) broken down by commune,
département, région, EPCI and zone A/B/C, a parameter `selon zone_abc` read in the rows, %
columns in points and in fractions, costs read by other costs, valuations whose quantity may
be missing, and a second bilan. Then evaluates it with `pvs eval --format csv`, compiles it
with `pvs sql` (--schema, then the query) for each ENGINE (postgresql: psql on the cluster
of the environment, PGHOST…; duckdb: node and tests/sql/duckdb_run.js with NODE_PATH), runs
it, and compares the rows with tests/sql/compare.py (the declarations the script names as
not exact may differ by one unit of their last displayed decimal).

A failure prints the seed; `python3 tests/sql/random.py build/pvs 1 SEED postgresql` replays
it, and KEEP=DIR keeps the case in DIR. Prints `sql differential-random: N passed, N failed`.
DuckDB computes exact fractions on 128-bit integers (38 digits): a long chain of fractions may
exceed them, and DuckDB then stops with an overflow error; such cases are counted and named,
not failed (PostgreSQL, whose numeric has no such limit, must still match)."""
import os
import shutil
import subprocess
import sys
import tempfile
import threading

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "diff"))
sys.path.insert(0, here)
import diff  # noqa: E402  (the generator of tests/diff)
import compare  # noqa: E402  (tests/sql/compare.py)

# Commune codes as files write them: current communes, municipal arrondissements (Paris 12e,
# Lyon 1er, Marseille 1er), older codes of merged communes (14011 → 14712, 93059 → 93066…)
# and communes of one EPCI and zone, so that groups have several rows.
COMMUNES = ["59350", "59350", "59512", "59009", "75056", "75112", "75101", "69123", "69381", "13055", "13201",
            "14011", "93059", "01039", "2A004", "97101", "29019", "62041", "01001", "33063", "06088"]
TERRITORIES = False   # the table l has a commune column, and results are broken down by territory


def extras(g, d, lines):
    """The table l (communes, % columns) and what reads it; appends to lines, writes l.csv."""
    r = g.r
    n = r.randint(1, 14)
    opt = r.random() < 0.5
    with open(os.path.join(d, "l.csv"), "w", encoding="utf-8") as f:
        f.write("id;commune;tx;fr;m\n")
        for i in range(n):
            c = "" if opt and r.random() < 0.15 else r.choice(COMMUNES)
            tx = "%d,%d%s" % (r.randint(0, 99), r.randint(0, 9), r.choice(["", " %", "%"]))
            fr = r.choice(["0,%d" % r.randint(0, 999), "%d %%" % r.randint(0, 100)])
            m = "" if r.random() < 0.3 else str(r.randint(-5, 40))
            f.write("L%d;%s;%s;%s;%s\n" % (i, c, tx, fr, m))
    lines += ['table l "L" {', '  source: "l.csv"', "  id: texte clé"]
    if TERRITORIES:
        lines += ["  commune: territoire commune%s" % (" optionnel" if opt else "")]
    lines += ["  tx: décimal %", "  fr: décimal % fraction", "  m: entier optionnel", "}", ""]
    if TERRITORIES:
        lines += ['paramètre plafond "Plafond" = selon zone_abc { "A_bis": 9, "A": 7, "B1": 6, "B2": 5, autre: %d }'
                  % r.randint(0, 8), ""]
        levels = ["commune", "département", "région", "epci", "zone_abc"]
        flts = [" où commune = \"75056\"", " où commune dans (\"13055\", \"14712\")"]
    else:
        lines += ['paramètre plafond "Plafond" = %d' % r.randint(0, 8), ""]
        levels, flts = [], []
    flt = r.choice(["", " où m > plafond", " où tx > 50 %", " où m < plafond ou fr > 0.5", " où non (m > 3 et tx < 40 %)"] + flts)
    forms = ["compte(l%s)" % flt, "somme(l%s, m)" % flt, "moyenne(l%s, tx) * 100" % flt, "max(l%s, fr)" % flt,
             "somme(l, tx * m) / somme(l, m)", "part(l%s)" % flt, "min(l%s, m - plafond)" % flt, "moyenne(l%s, m / 7)" % flt]
    if TERRITORIES:
        forms.append("compte_distinct(l%s, commune)" % flt)
    for i in range(r.randint(1, 3)):
        lines += ['indicateur l%d "L%d" {' % (i, i), "  formule: " + r.choice(forms)]
        if levels and r.random() < 0.8:
            lines.append("  par: " + ", ".join(r.sample(levels, 1 if r.random() < 0.8 else 2)))
        lines += ["}", ""]
    # contrôles: row-level (a missing condition fails) and over an indicator
    lines += ['contrôle kr "KR" {', "  pour_chaque: l", "  condition: m %s plafond" % r.choice(["<", ">=", "!="]), "}", "",
              'contrôle ki "KI" = l0 %s %d' % (r.choice(["<", ">="]), r.randint(0, 20)), ""]
    # valuations whose quantity may be missing; costs read by other costs; a second bilan
    q = r.choice(["max(l, m)", "min(l où m > 100, m)", "compte(l)", "moyenne(l, m)"])
    lines += ['valorisation w "W" {', "  quantité: %s" % q, "  proxy: %d €" % r.randint(1, 50),
              "  durée: %d an" % r.randint(1, 3)] + (["  par: %s" % r.choice(levels)] if levels and r.random() < 0.5 else []) + ["}", ""]
    lines += ['coût k1 "K1" : € = %s' % r.choice(["max(l, m) * 1 €", "12 €", "moyenne(l où m > 30, m) * 1 €"]), "",
              'coût k2 "K2" : € = k1 + %d €' % r.randint(0, 9), ""]
    lines += ['bilan bw "BW" {', "  valorisations: w", "  coûts: k1, k2", "}", ""]


def make(seed, d):
    """Writes prog.pvs and its CSV files in d; returns the pvs options (--by)."""
    rows, inds, vals, costs, by_all, _conv = diff.make_case(seed, d)
    g = diff.Gen(seed * 7919 + 1)
    with open(os.path.join(d, "prog.pvs"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if os.environ.get("EXTRAS", "1") == "1": extras(g, d, lines)
    with open(os.path.join(d, "prog.pvs"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return ["--by", "zone"] if by_all else []


def run(cmd, cwd, out=None, env=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    if out is not None:
        with open(out, "w", encoding="utf-8") as f:
            f.write(p.stdout)
    return p


def prepare(pvs, seed, d, engines):
    """The case of seed in d: pvs eval's rows and each engine's SQL; problems so far."""
    opts = make(seed, d)
    env = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
    p = run([pvs, "eval", "prog.pvs", "--date", "2024-12-31", "--format", "csv"] + opts, d, os.path.join(d, "eval.csv"), env)
    if p.returncode not in (0, 1) or not p.stdout or "error:" in p.stderr:   # 1: a contrôle failed
        return ["pvs eval: exit %d: %s" % (p.returncode, p.stderr.strip()[:400])]
    problems = []
    for engine in engines:
        dialect = ["--dialect", engine]
        s = run([pvs, "sql", "prog.pvs", "--schema"] + dialect, d, os.path.join(d, engine + "-schema.sql"), env)
        q = run([pvs, "sql", "prog.pvs", "--date", "2024-12-31"] + dialect + opts, d, os.path.join(d, engine + "-query.sql"), env)
        if s.returncode or q.returncode:
            problems.append("%s: pvs sql: %s" % (engine, (s.stderr + q.stderr).strip()[:600]))
    return problems


def run_postgresql(d):
    """Schema and query in a schema of its own, by one psql; the error text, or None."""
    psql = [os.environ.get("PSQL", "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv"]
    name = "pvs_" + os.path.basename(d).replace("-", "_")
    r = run(psql + ["-c", "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET search_path TO %s" % (name, name, name),
                    "-f", "postgresql-schema.sql", "-f", "postgresql-query.sql", "-c", "DROP SCHEMA %s CASCADE" % name],
            d, os.path.join(d, "postgresql.csv"))
    return r.stderr.strip() if r.returncode else None


def run_duckdb(dirs):
    """Every case in one node process (tests/sql/duckdb_run.js --jobs)."""
    jobs = os.path.join(os.path.dirname(dirs[0]), "duckdb-jobs")
    with open(jobs, "w", encoding="utf-8") as f:
        for d in dirs:
            f.write("%s\tduckdb.csv\tduckdb-schema.sql\tduckdb-query.sql\n" % d)
    run(["node", os.path.join(here, "duckdb_run.js"), "--jobs", jobs], os.path.dirname(dirs[0]))


def main():
    pvs = os.path.abspath(sys.argv[1])
    n, first = int(sys.argv[2]), int(sys.argv[3])
    engines = sys.argv[4:]
    root = tempfile.mkdtemp(prefix="pvs-sql-random-")
    seeds = list(range(first, first + n))
    dirs = {s: os.path.join(root, "seed%d" % s) for s in seeds}
    problems, overflows = {}, []
    try:
        for s in seeds:
            os.makedirs(dirs[s])
            problems[s] = prepare(pvs, s, dirs[s], engines)
        ready = [s for s in seeds if not problems[s]]
        pg_errors = {}
        if "duckdb" in engines and ready:   # DuckDB in one process, beside PostgreSQL's cases
            duck = threading.Thread(target=run_duckdb, args=([dirs[s] for s in ready],))
            duck.start()
        if "postgresql" in engines:
            for s in ready:
                pg_errors[s] = run_postgresql(dirs[s])
        if "duckdb" in engines and ready:
            duck.join()
        for s in ready:
            d = dirs[s]
            for engine in engines:
                err = pg_errors.get(s) if engine == "postgresql" else None
                if engine == "duckdb" and os.path.exists(os.path.join(d, "duckdb.csv.err")):
                    with open(os.path.join(d, "duckdb.csv.err"), encoding="utf-8") as f:
                        err = f.read().strip()
                    if "INT128" in err and ("Overflow" in err or "out of range" in err):   # past 38 digits DuckDB stops, loudly (doc/sql.md)
                        overflows.append(s)
                        continue
                if err:
                    problems[s].append("%s: the engine failed: %s" % (engine, err[:600]))
                    continue
                diffs = compare.differences(os.path.join(d, "eval.csv"), os.path.join(d, engine + ".csv"),
                                            os.path.join(d, engine + "-query.sql"))
                if diffs:
                    problems[s].append("%s:\n%s" % (engine, "\n".join(diffs)))
        failed = [s for s in seeds if problems[s]]
        for s in failed[:5]:
            print("FAIL sql differential-random seed %d (replay: python3 tests/sql/random.py %s 1 %d %s)"
                  % (s, sys.argv[1], s, " ".join(engines)))
            for pr in problems[s][:2]:
                print("  " + pr.replace("\n", "\n  "))
        if failed and os.environ.get("KEEP"):
            for s in failed:
                shutil.copytree(dirs[s], os.path.join(os.environ["KEEP"], "seed%d" % s), dirs_exist_ok=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if overflows:
        print("sql differential-random: %d cases stopped by DuckDB's 38-digit integers (an error, as doc/sql.md says; "
              "PostgreSQL computed them): seeds %s" % (len(overflows), " ".join(map(str, overflows[:10]))))
    print("sql differential-random: %d passed, %d failed" % (len(seeds) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
