#!/usr/bin/env python3
# gen_panel.py — the fictional data of examples/panel: a sampling frame of 600 organisations
# Hlm (famille OPH/ESH/coop/SEM in the proportions of the profession, a size class from
# their dwellings, a market-tension zone) and a panel of 60 of them drawn at random within
# each famille × size stratum (at least 2 per stratum), with the two figures each measured
# with pvs: evictions avoided and social value in €. Deterministic (its own LCG, not Python's
# random, so the files never change with the interpreter):
#   python3 examples/panel/gen/gen_panel.py examples/panel
import os, sys

class Lcg:
    def __init__(self, seed): self.s = seed
    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        return self.s >> 33
    def below(self, n): return self.next() % n
    def unit(self): return self.next() / 2 ** 31

FAMILLES = [('OPH', 190), ('ESH', 170), ('coop', 130), ('SEM', 110)]   # 600, as 257/229/172/142 nationally
ZONES = ['A', 'B1', 'B2', 'C']

def size_class(d): return 'petit' if d < 1500 else 'moyen' if d < 10000 else 'grand'

def frame(rng):
    orgs, k = [], 0
    for fam, n in FAMILLES:
        for _ in range(n):
            k += 1
            u = rng.unit()
            base = {'OPH': 9000, 'ESH': 11000, 'coop': 900, 'SEM': 3000}[fam]
            dwell = max(40, int(base * (0.1 + 2.4 * u * u)))
            orgs.append(('O%03d' % k, fam, size_class(dwell), ZONES[rng.below(4)], dwell))
    return orgs

def panel(rng, orgs, size=60):
    strata = {}
    for o in orgs: strata.setdefault((o[1], o[2]), []).append(o)
    keys = sorted(strata)
    alloc = {h: max(2, round(size * len(strata[h]) / len(orgs))) for h in keys}
    while sum(alloc.values()) > size:   # trim the largest allocations, never below 2
        h = max((h for h in keys if alloc[h] > 2), key=lambda h: alloc[h] - size * len(strata[h]) / len(orgs))
        alloc[h] -= 1
    while sum(alloc.values()) < size:
        h = max(keys, key=lambda h: size * len(strata[h]) / len(orgs) - alloc[h])
        alloc[h] += 1
    rows = []
    for h in keys:
        pool = list(strata[h])
        for _ in range(min(alloc[h], len(pool))):
            o = pool.pop(rng.below(len(pool)))
            evict = round(o[4] * (0.0025 + 0.002 * rng.unit()), 1)
            value = round(o[4] * (95 + 50 * rng.unit()) + 20000 * rng.unit(), 2)
            rows.append((o[0], evict, value))
    return sorted(rows)

def main(out):
    rng = Lcg(20241231)
    orgs = frame(rng)
    with open(os.path.join(out, 'organismes.csv'), 'w', encoding='utf-8') as f:
        f.write('id;famille;taille;zone;logements\n')
        for o in orgs: f.write('%s;%s;%s;%s;%d\n' % o)
    with open(os.path.join(out, 'panel.csv'), 'w', encoding='utf-8') as f:
        f.write('organisme;expulsions_évitées;valeur_sociale\n')
        for o, e, v in panel(rng, orgs): f.write(('%s;%.1f;%.2f\n' % (o, e, v)).replace('.', ','))

main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
