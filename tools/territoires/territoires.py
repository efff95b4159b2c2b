#!/usr/bin/env python3
"""territoires.py — derives pvs's territory table (src/territory_data.[ch]) from the published
originals in ../shared/data (INSEE COG 2026, DGCL EPCI at 1 January 2025, zonage A/B/C of
July 2024). Python 3 standard library only; the output is byte-identical from run to run.

    python3 tools/territoires/territoires.py SHARED_DATA_DIR OUTPUT_DIR

writes OUTPUT_DIR/territory_data.c (the table) and territory_data.h (its sizes).

What it derives (doc/territoires.md says why, and how to update the table):
  - communes of COG 2026 (TYPECOM COM) with their official name (LIBELLE), their EPCI and
    their zone A/B/C; municipal arrondissements (ARM: Paris, Lyon, Marseille) with their
    parent commune;
  - the 101 départements and 18 régions with their official names;
  - the 1,255 EPCI à fiscalité propre (SIREN, name, nature CC/CA/CU/métropole, département
    of the seat), ordered by that département then by name for reports;
  - every older commune code (merged, renamed with a new code, moved to another département,
    now a commune déléguée or associée) with the current commune it became and the last COG
    year in which it was a commune, from the mouvements;
  - the zonage A/B/C, published in COG 2024 geography, carried to COG 2026 communes through
    the same mapping (a commune formed of communes of different zones takes the zone of the
    commune whose code it kept; the script fails if that rule does not decide).
A summary goes to stderr; any inconsistency between the files stops the script (exit 1).
"""
import csv
import os
import sys

COG_YEAR = 2026
ZONES = [("A_bis", "A bis"), ("A", "A"), ("B1", "B1"), ("B2", "B2"), ("C", "C")]
ZONE_OF_FILE = {"Abis": 0, "A": 1, "B1": 2, "B2": 3, "C": 4}
NATURES = {"CC": 0, "CA": 1, "CU": 2, "METRO": 3, "MET69": 3}
NATURE_NAMES = ["CC", "CA", "CU", "métropole"]


def fail(msg):
    sys.stderr.write("territoires.py: " + msg + "\n")
    sys.exit(1)


def read(path, delimiter=","):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def key(code):
    """A commune code as the integer the C side indexes it by (see territory.c)."""
    c0, c1 = code[0], code[1]
    d1 = {"A": 10, "B": 11}.get(c1)
    if d1 is None:
        d1 = int(c1)
    return (int(c0) * 12 + d1) * 1000 + int(code[2:])


def valid_code(code):
    return (len(code) == 5 and code[0].isdigit() and (code[1].isdigit() or code[1] in "AB")
            and code[2:].isdigit())


def last_cog_year(date):
    """The last COG (situation at 1 January) in which a commune that ceased on `date` appears."""
    y, m, d = (int(x) for x in date.split("-"))
    return y - 1 if (m, d) == (1, 1) else y


class Cog:
    def __init__(self, data):
        rows = read(os.path.join(data, "cog", "communes-%d.csv" % COG_YEAR))
        self.com = {r["COM"]: r for r in rows if r["TYPECOM"] == "COM"}
        self.arm = {r["COM"]: r for r in rows if r["TYPECOM"] == "ARM"}
        self.part = {}   # COMD / COMA code -> the commune it is part of today
        for r in rows:
            if r["TYPECOM"] in ("COMD", "COMA") and r["COM"] not in self.com:
                self.part[r["COM"]] = r["COMPARENT"]
        self.deps = read(os.path.join(data, "cog", "departements.csv"))
        self.regs = read(os.path.join(data, "cog", "regions.csv"))
        self.moves = read(os.path.join(data, "cog", "mouvements-communes-%d.csv" % COG_YEAR))
        for code in list(self.com) + list(self.arm):
            if not valid_code(code):
                fail("malformed commune code %r in the COG" % code)
        for code, r in self.arm.items():
            if r["COMPARENT"] not in self.com:
                fail("arrondissement %s: parent %s is not a commune" % (code, r["COMPARENT"]))

    def old_codes(self):
        """{old code: (current commune, last COG year as a commune)} for every code that
        was a commune and is no longer one, when the mouvements say what it became."""
        events = {}   # code -> {date: set of codes it became}
        for m in self.moves:
            if m["TYPECOM_AV"] != "COM" or m["TYPECOM_AP"] != "COM" or not m["COM_AV"]:
                continue
            events.setdefault(m["COM_AV"], {}).setdefault(m["DATE_EFF"], set()).add(m["COM_AP"])
        out = {}
        for code, by_date in events.items():
            if code in self.com or code in self.arm:
                continue
            date = max(by_date)
            last = last_cog_year(date)
            target = self.part.get(code) or self.follow(code, events, 0)
            if target:
                out[code] = (target, last)
        for code, parent in self.part.items():   # a commune déléguée never seen as COM → COM
            if code not in out and parent in self.com and code in events:
                out[code] = (parent, last_cog_year(max(events[code])))
        return out

    def follow(self, code, events, depth):
        """The current commune `code` became, or None when the history splits it."""
        if code in self.com:
            return code
        if depth > 20 or code not in events:
            return self.part.get(code)
        date = max(events[code])
        succ = sorted(events[code][date] - {code}) or sorted(events[code][date])
        if len(succ) != 1:
            return None
        return self.follow(succ[0], events, depth + 1)


def epcis(data, cog):
    members = read(os.path.join(data, "epci", "epcicom2025.csv"))
    by_siren = {}
    commune_epci = {}
    for r in members:
        s = r["siren"]
        if len(s) != 9 or not s.isdigit():
            fail("malformed EPCI SIREN %r" % s)
        if r["nature_juridique"] not in NATURES:
            fail("unknown EPCI nature %r" % r["nature_juridique"])
        by_siren.setdefault(s, (r["raison_sociale"], NATURES[r["nature_juridique"]], r["dept"]))
        if r["insee"] in commune_epci:
            fail("commune %s in two EPCI" % r["insee"])
        if r["insee"] not in cog.com:
            fail("EPCI member %s is not a COG %d commune" % (r["insee"], COG_YEAR))
        commune_epci[r["insee"]] = s
    return by_siren, commune_epci


def zones(data, cog, old):
    rows = read(os.path.join(data, "zonage-abc", "zonage-abc-juillet-2024.csv"), ";")
    col = "Zone en vigueur depuis le 5 juillet 2024"
    votes = {}   # current commune -> {zone: [codes]}
    for r in rows:
        code, z = r["CODGEO"], r[col]
        if z not in ZONE_OF_FILE:
            fail("unknown zone %r for %s" % (z, code))
        cur = code if code in cog.com else old.get(code, (None,))[0]
        if cur is None:
            fail("zonage: %s is neither a COG %d commune nor an older code" % (code, COG_YEAR))
        votes.setdefault(cur, {}).setdefault(ZONE_OF_FILE[z], []).append(code)
    out, mixed = {}, 0
    for cur, v in votes.items():
        if len(v) == 1:
            out[cur] = next(iter(v))
            continue
        mixed += 1
        kept = [z for z, codes in v.items() if cur in codes]
        if len(kept) != 1:
            fail("zonage: commune %s is formed of communes of zones %s and kept none's code"
                 % (cur, sorted(v)))
        out[cur] = kept[0]
    by_file = {r["CODGEO"]: ZONE_OF_FILE[r[col]] for r in rows}
    split = 0
    for m in cog.moves:   # communes re-established after July 2024 keep the zone of their source
        c, src = m["COM_AP"], m["COM_AV"]
        if (m["MOD"] in ("20", "21") and m["TYPECOM_AP"] == "COM" and c in cog.com and c not in out
                and src != c and src in by_file):
            out[c] = by_file[src]
            split += 1
    missing = sorted(set(cog.com) - set(out))
    if missing:
        fail("zonage: no zone for %s" % ", ".join(missing[:10]))
    return out, mixed, split


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap(items, width=100, sep=""):
    """items joined on lines of at most `width` characters (an item longer alone), indented."""
    lines, cur = [], ""
    for it in items:
        if cur and len(cur) + len(sep) + len(it) > width - 2:
            lines.append("  " + cur)
            cur = ""
        cur = cur + sep + it if cur else it
    if cur:
        lines.append("  " + cur)
    return "\n".join(lines)


def nul_strings(items):
    """C string literals, each ending with a NUL, packed on lines."""
    return wrap([c_string(it)[:-1] + '\\0"' for it in items], sep=" ")


def generate(data):
    cog = Cog(data)
    old = cog.old_codes()
    by_siren, commune_epci = epcis(data, cog)
    zone, mixed, split = zones(data, cog, old)

    regs = sorted(cog.regs, key=lambda r: r["REG"])
    reg_index = {r["REG"]: i for i, r in enumerate(regs)}
    deps = sorted(cog.deps, key=lambda r: r["DEP"])
    dep_index = {r["DEP"]: i for i, r in enumerate(deps)}
    for r in deps:
        if r["REG"] not in reg_index:
            fail("département %s: unknown région %s" % (r["DEP"], r["REG"]))
    sirens = sorted(by_siren)
    epci_index = {s: i for i, s in enumerate(sirens)}
    for s in sirens:
        if by_siren[s][2] not in dep_index:
            fail("EPCI %s: unknown département %s" % (s, by_siren[s][2]))
    by_report = sorted(sirens, key=lambda s: (by_siren[s][2], by_siren[s][0], s))
    report_rank = {s: i for i, s in enumerate(by_report)}

    communes = sorted(cog.com)
    com_index = {c: i for i, c in enumerate(communes)}
    for c in communes:
        if cog.com[c]["DEP"] not in dep_index:
            fail("commune %s: unknown département %s" % (c, cog.com[c]["DEP"]))
        if not c.startswith(cog.com[c]["DEP"]):
            fail("commune %s is not in the département its code starts with" % c)
    arms = sorted(cog.arm)
    olds = sorted(old)

    out = []
    w = out.append
    w("/* territory_data.c — GENERATED by tools/territoires/territoires.py from ../shared/data; do not edit.")
    w(" * Run `make territoires` to regenerate it; doc/territoires.md gives the sources, vintages and")
    w(" * licence (Licence Ouverte / Etalab 2.0). */")
    w('#include "territory_impl.h"')
    w("")
    w("const int terr_cog_year = %d;" % COG_YEAR)
    w('const char terr_sources[] = "INSEE COG %d (communes, arrondissements municipaux, départements, régions, '
      'mouvements); DGCL, EPCI à fiscalité propre au 1er janvier 2025; zonage A/B/C en vigueur depuis le '
      '5 juillet 2024 (DHUP)";' % COG_YEAR)
    w("")
    w("const TerrRegion terr_regions[TERR_NREGIONS] = {")
    for r in regs:
        w("  {%s, %s}," % (c_string(r["REG"]), c_string(r["LIBELLE"])))
    w("};")
    w("")
    w("const TerrDep terr_deps[TERR_NDEPS] = {")
    for r in deps:
        w("  {%s, %d, %s}," % (c_string(r["DEP"]), reg_index[r["REG"]], c_string(r["LIBELLE"])))
    w("};")
    w("")
    w("/* By SIREN; `rank` is the report order (département of the seat, then name). */")
    w("const TerrEpci terr_epcis[TERR_NEPCIS] = {")
    for s in sirens:
        name, nature, dep = by_siren[s]
        w("  {%s, %d, %d, %d, %s}," % (c_string(s), nature, dep_index[dep], report_rank[s], c_string(name)))
    w("};")
    w("")
    w("/* Communes by code: the code (NUL after each), the name (NUL-separated, same order), the")
    w(" * EPCI (index in terr_epcis, TERR_NONE outside any) and the zone A/B/C (0 = A bis … 4 = C). */")
    w("const char terr_com_codes[] =")
    w(nul_strings(communes) + ";")
    w("const char terr_com_names[] =")
    w(nul_strings([cog.com[c]["LIBELLE"] for c in communes]) + ";")
    w("const unsigned short terr_com_epci[TERR_NCOMMUNES] = {")
    w(wrap(["%d," % (epci_index[commune_epci[c]] if c in commune_epci else 65535) for c in communes]))
    w("};")
    w("const char terr_com_zone[] =")
    zs = "".join(str(zone[c]) for c in communes)
    w("\n".join("  " + c_string(zs[i:i + 96]) for i in range(0, len(zs), 96)) + ";")
    w("")
    w("/* Municipal arrondissements: code, name, parent commune (index in the communes). */")
    w("const TerrArm terr_arms[TERR_NARMS] = {")
    for a in arms:
        w("  {%s, %d, %s}," % (c_string(a), com_index[cog.arm[a]["COMPARENT"]], c_string(cog.arm[a]["LIBELLE"])))
    w("};")
    w("")
    w("/* Older commune codes: the code (NUL after each), the current commune it became (index in")
    w(" * the communes) and the last COG year in which it was a commune. */")
    w("const char terr_old_codes[] =")
    w(nul_strings(olds) + ";")
    w("const unsigned short terr_old_target[TERR_NOLD] = {")
    w(wrap(["%d," % com_index[old[c][0]] for c in olds]))
    w("};")
    w("const unsigned char terr_old_last[TERR_NOLD] = {   /* year - 1900 */")
    w(wrap(["%d," % (old[c][1] - 1900) for c in olds]))
    w("};")
    counts = [("TERR_NREGIONS", len(regs)), ("TERR_NDEPS", len(deps)), ("TERR_NEPCIS", len(sirens)),
              ("TERR_NCOMMUNES", len(communes)), ("TERR_NARMS", len(arms)), ("TERR_NOLD", len(olds))]
    header = [out[0].replace("territory_data.c", "territory_data.h"), out[1], out[2],
              "#ifndef PVS_TERRITORY_DATA_H", "#define PVS_TERRITORY_DATA_H"]
    header += ["#define %s %d" % c for c in counts] + ["#endif"]
    text = "\n".join(out) + "\n"
    sys.stderr.write("territoires: %d régions, %d départements, %d EPCI, %d communes (%d in no EPCI), "
                     "%d arrondissements, %d older codes; zonage: %d communes formed of communes of several zones, "
                     "%d re-established communes zoned as their source\n"
                     % (len(regs), len(deps), len(sirens), len(communes),
                        sum(1 for c in communes if c not in commune_epci), len(arms), len(olds), mixed, split))
    return text, "\n".join(header) + "\n"


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: territoires.py SHARED_DATA_DIR OUTPUT_DIR\n")
        sys.exit(2)
    text, header = generate(sys.argv[1])
    write(os.path.join(sys.argv[2], "territory_data.c"), text)
    write(os.path.join(sys.argv[2], "territory_data.h"), header)


if __name__ == "__main__":
    main()
