#!/usr/bin/env python3
"""keys.py PVS [SEEDS] — every table's clé is unique (src/scan_keys.c), checked against an
independent computation: random tables (text or integer keys, a few duplicates or none,
keys written with spaces or leading zeros), evaluated with fingerprints cut to a few bits
(PVS_KEY_BITS: collisions galore, which the exact re-check must not report) and tiny runs
(PVS_KEY_RUN: the runs spilled to a temporary file, checked part after part). The lines pvs reports
as a key's second appearance must be exactly those Python finds. Some tables are also
designated by a réf from a small table (PVS_JOIN=small: only the designated keys are kept,
the others are checked here)."""
import os, random, re, subprocess, sys, tempfile

def case(pvs, seed, work):
    rnd = random.Random(seed)
    n = rnd.choice([0, 1, 2, 5, 40, 300, 2000])
    integer = rnd.random() < 0.4
    keys = []
    for i in range(n):
        if keys and rnd.random() < rnd.choice([0, 0.01, 0.1]):
            keys.append(rnd.choice(keys))                  # a duplicate
        else:
            keys.append(rnd.randrange(10**6) if integer else "L%06d" % rnd.randrange(10**6))
    def cell(k):
        if integer:
            return rnd.choice(["%d", "0%d", " %d "]) % k   # 007 and 7 are one number
        return rnd.choice(["%s", " %s"]) % k
    rows = [cell(k) for k in keys]
    designated = rnd.random() < 0.4 and n > 0
    with open(os.path.join(work, "parc.csv"), "w") as f:
        f.write("id,v\n")
        for r in rows:
            f.write('"%s",1\n' % r)
    prog = ['unité logement',
            'table parc "Parc" : logement {', '  id: %s clé' % ("entier" if integer else "texte"), '  v: entier', '}',
            'indicateur n "N" : logement = compte(parc)']
    want = []
    if designated:
        with open(os.path.join(work, "suivis.csv"), "w") as f:
            f.write("s,logement\n")
            for i, k in enumerate(rnd.sample(keys, min(3, len(keys)))):
                f.write("%d,%s\n" % (i, k))
        prog[5:5] = ['table suivis "Suivis" {', '  s: entier clé', '  logement: réf parc', '}']
        prog.append('indicateur m "M" = compte(suivis où logement.v > 0)')
    open(os.path.join(work, "prog.pvs"), "w").write("\n".join(prog) + "\n")
    seen, expect = set(), []
    for line, k in enumerate(keys, start=2):
        if k in seen:
            expect.append(line)
        seen.add(k)
    env = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8", PVS_KEY_BITS=str(rnd.choice([2, 6, 63])),
               PVS_KEY_RUN=str(rnd.choice([1, 7, 100, 100000])), PVS_JOIN=rnd.choice(["small", "whole"]),
               PVS_JOBS=str(rnd.choice([1, 2, 3])), PVS_SCAN_PART="200")
    r = subprocess.run([pvs, "eval", "prog.pvs", "--date", "2024-12-31", "--format", "csv"], cwd=work,
                       env=env, capture_output=True, text=True)
    got = [int(m.group(1)) for m in re.finditer(r"parc\.csv:(\d+):\d+: error: key '[^']*' of table 'parc' appears twice", r.stderr)]
    # pvs stops after 10 data errors: then any 10 of them (designated keys are found while
    # the table is read, the others after it)
    ok = (len(set(got)) == len(got) == min(10, len(expect)) and set(got) <= set(expect)
          and r.returncode == (2 if expect else 0))
    if not ok:
        print("keys: seed %d: expected duplicates on lines %s (exit %d), pvs said %s (exit %d), env %s\n%s"
              % (seed, expect, 2 if expect else 0, got, r.returncode,
                 {k: env[k] for k in ("PVS_KEY_BITS", "PVS_KEY_RUN", "PVS_JOIN", "PVS_JOBS")}, r.stderr[:2000]))
    return ok

def main():
    pvs = os.path.abspath(sys.argv[1])
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        for seed in range(seeds):
            for f in os.listdir(work):
                os.remove(os.path.join(work, f))
            failed += not case(pvs, seed, work)
    print("keys: %d passed, %d failed" % (seeds - failed, failed))
    sys.exit(1 if failed else 0)

main()
