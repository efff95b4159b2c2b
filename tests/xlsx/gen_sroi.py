"""gen_sroi.py SEED DIR — writes a random SROI script for the xlsx tests into DIR: prog.pvs
(stakeholders, chains, 2 to 7 valuations with random quantities, proxies, rates, durations,
drop-offs, discount rates and shares; costs; bilans over random subsets, one over a zero
cost, so without a ratio, one with a valuation (and sometimes a cost) over an empty table,
so missing, which leaves its totals missing), its data, and
edit.txt: a scénario `audit` and the same change as --edit arguments for check_xlsx.py
(what an auditor would type in the impact map).

Every number is a short decimal, so pvs's exact results are known to the JSON; the workbook
must give them back, and its formulas recompute them."""
import os
import random
import sys

HOLDERS = [("état", "État"), ("bailleur", "Bailleur"), ("locataires", "Locataires"), ("collectivités", "Collectivités locales")]
CHAINS = [("gestion_sociale", "Gestion sociale"), ("accès", "Accès au logement")]


def dec(rng, lo, hi, places):
    v = rng.randint(lo * 10 ** places, hi * 10 ** places)
    s = str(v).rjust(places + 1, "0")
    return (s[:-places] + "." + s[-places:]).rstrip("0").rstrip(".") if places else s


def pct(rng, hi):
    return dec(rng, 0, hi, rng.choice([0, 0, 1]))


def shares(rng):
    n = rng.randint(1, 3)
    hs = rng.sample(HOLDERS, n)
    if n == 1:
        return hs[0][0]
    cuts = sorted(rng.sample(range(1, 100), n - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [100])]
    return ", ".join("%s %d %%" % (h[0], p) for h, p in zip(hs, parts))


def main(seed, out):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    lines = ["unité ménage",
             "partie_prenante " + ", ".join('%s "%s"' % h for h in HOLDERS),
             "chaîne " + ", ".join('%s "%s"' % c for c in CHAINS), "",
             'table vide "Une table sans ligne" : ménage {', '  source: "vide.csv"', "  x: décimal", "}", "",
             'table petits "Quelques ménages" : ménage {', '  source: "petits.csv"', "  zone: texte optionnel",
             "  x: décimal", "}", "",
             'indicateur nb_petits "Ménages par zone" : ménage {', "  formule: compte(petits)", "  par: zone", "}", "",
             'indicateur somme_x "Somme de x par zone" {', "  formule: somme(petits, x)", "  par: zone", "}", ""]
    nval = rng.randint(2, 7)
    names = []
    for i in range(nval):
        name = "v%d" % i
        names.append(name)
        lines.append('paramètre p%d "Proxy %d" : €/ménage = %s €' % (i, i, dec(rng, 1, 20000, rng.choice([0, 2]))))
        fields = ["  quantité: %s ménage" % dec(rng, 0, 500, rng.choice([0, 1, 2])),
                  "  proxy: p%d" % i]
        for f, hi in (("aubaine", 60), ("déplacement", 30), ("attribution", 60), ("dégressivité", 50)):
            if rng.random() < 0.8:
                fields.append("  %s: %s %%" % (f, pct(rng, hi)))
        if rng.random() < 0.9:
            fields.append("  durée: %d an" % rng.randint(1, 12))
        if rng.random() < 0.9:
            fields.append("  actualisation: %s %%" % dec(rng, 0, 8, rng.choice([0, 1])))
        fields.append("  pour: " + shares(rng))
        if rng.random() < 0.7:
            fields.append("  chaîne: " + rng.choice(CHAINS)[0])
        lines += ['valorisation %s "Valorisation %d" {' % (name, i)] + fields + ["}", ""]
    # a valuation broken down by zone, one zone "not given" (an empty cell)
    lines += ['paramètre p_zone "Proxy par zone" : €/ménage = %s €' % dec(rng, 1, 5000, 2),
              'valorisation par_zone "Valorisation par zone" {', "  quantité: compte(petits)", "  proxy: p_zone",
              "  par: zone", "  durée: 2 an", "  dégressivité: 10 %", "  pour: bailleur", "}", ""]
    # a parameter with no value in force at the evaluation date (2024-12-31): its value and
    # the valuation that reads it are missing
    lines += ['paramètre futur "Proxy à venir" : €/ménage {', "  valeur: 100 € depuis 2030-01-01", "}",
              'valorisation à_venir "Valorisation à venir" {', "  quantité: 10 ménage", "  proxy: futur",
              "  pour: état", "}", ""]
    # a valuation whose quantity is missing (the mean of an empty table)
    lines += ['valorisation manquante "Quantité manquante" {', "  quantité: moyenne(vide, x) * 1 ménage",
              "  proxy: p0", "  durée: 2 an", "  pour: état", "}", ""]
    ncost = rng.randint(1, 3)
    for i in range(ncost):
        lines.append('coût c%d "Coût %d" : € = %s €' % (i, i, dec(rng, 1000, 900000, rng.choice([0, 2]))))
    lines.append('coût zéro "Coût nul" : € = 0 €')
    lines.append('coût inconnu "Coût sans valeur" : € = moyenne(vide, x) * 1 €')
    lines.append("")
    subset = rng.sample(names, rng.randint(1, nval))
    lines += ['bilan b1 "Bilan principal" {', "  valorisations: " + ", ".join(subset),
              "  coûts: " + ", ".join("c%d" % i for i in range(ncost)), "}", ""]
    lines += ['bilan b2 "Bilan sans coût" {', "  valorisations: " + rng.choice(names), "  coûts: zéro", "}", ""]
    # missing is missing: a bilan with a valuation or a cost without value has no total
    lines += ['bilan b3 "Bilan incomplet" {', "  valorisations: %s, manquante" % rng.choice(names),
              "  coûts: c0" + (", inconnu" if rng.random() < 0.5 else ""), "}", ""]
    target = rng.choice(names)
    idx = names.index(target)
    new_proxy = dec(rng, 1, 20000, 0)
    new_dw = dec(rng, 0, 90, 0)
    lines += ['scénario audit "Un auditeur change un proxy et une aubaine" {',
              "  p%d: %s €" % (idx, new_proxy), "  %s.aubaine: %s %%" % (target, new_dw), "}"]
    with open(os.path.join(out, "prog.pvs"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "vide.csv"), "w", encoding="utf-8") as f:
        f.write("x\n")
    with open(os.path.join(out, "petits.csv"), "w", encoding="utf-8") as f:
        f.write("zone,x\n")
        for _ in range(rng.randint(3, 12)):
            f.write("%s,%s\n" % (rng.choice(["A", "B1", "C", ""]), dec(rng, 0, 100, 2)))
        f.write(",1\n")
    with open(os.path.join(out, "edit.txt"), "w", encoding="utf-8") as f:
        f.write("--edit %s:proxy=%s --edit %s:deadweight=%s\n" % (target, new_proxy, target, int(new_dw) / 100))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
