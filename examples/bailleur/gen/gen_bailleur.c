/* gen_bailleur.c — generates the CSV files of the fictional organisation « Habitat des
 * Hauts » (about 12,000 dwellings in eight communes of Hauts-de-France) used by
 * examples/bailleur/bailleur.pvs.
 *
 *   cc -std=c17 -Wall -Wextra -Werror -o gen_bailleur gen_bailleur.c
 *   ./gen_bailleur ..          # writes the CSV files into examples/bailleur/
 *
 * French conventions: ';' delimiter, decimal comma, DD/MM/YYYY dates, oui/non booleans,
 * UTF-8 everywhere except reclamations.csv, written in Windows-1252 (cp1252) like an export
 * from an old management system. Deterministic: a fixed-seed PRNG (splitmix64), standard
 * library only, so the same source always writes the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG: splitmix64, fixed seed ---------------------------------------------------- */
static uint64_t rng_state = 0x5EED2026C0FFEEULL;

static uint64_t next_u64(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* uniform integer in [lo, hi] */
static long uni(long lo, long hi) { return lo + (long)(next_u64() % (uint64_t)(hi - lo + 1)); }

/* true with probability per_mille / 1000 */
static int chance(long per_mille) { return uni(0, 999) < per_mille; }

/* index drawn from integer weights */
static int pick(const int *w, int n) {
  long total = 0;
  for (int i = 0; i < n; i++) total += w[i];
  long r = uni(0, total - 1);
  for (int i = 0; i < n; i++) {
    if (r < w[i]) return i;
    r -= w[i];
  }
  return n - 1;
}

/* ---- output helpers ------------------------------------------------------------------ */
static FILE *open_out(const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  return f;
}

static void close_out(FILE *f, const char *name) {
  if (fclose(f) != 0) {
    perror(name);
    exit(2);
  }
}

/* an amount in cents, written with a decimal comma: 123456 -> "1234,56" */
static const char *dec(long cents, char *buf, size_t n) {
  const char *sign = cents < 0 ? "-" : "";
  long a = labs(cents);
  snprintf(buf, n, "%s%ld,%02ld", sign, a / 100, a % 100);
  return buf;
}

/* an amount in cents with a space as thousands separator: "38 412,50" */
static const char *dec_thousands(long cents, char *buf, size_t n) {
  long units = cents / 100, c = cents % 100;
  if (units >= 1000)
    snprintf(buf, n, "%ld %03ld,%02ld", units / 1000, units % 1000, c);
  else
    snprintf(buf, n, "%ld,%02ld", units, c);
  return buf;
}

/* a tenth-unit value with a decimal comma: 634 -> "63,4" */
static const char *dec1(long tenths, char *buf, size_t n) {
  snprintf(buf, n, "%ld,%ld", tenths / 10, tenths % 10);
  return buf;
}

static const char *yn(int b) { return b ? "oui" : "non"; }

/* day 1..366 of 2024 (a leap year) as DD/MM/YYYY */
static const char *date2024(int doy, char *buf, size_t n) {
  static const int len[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int m = 0;
  while (m < 11 && doy > len[m]) doy -= len[m++];
  snprintf(buf, n, "%02d/%02d/2024", doy, m + 1);
  return buf;
}

/* UTF-8 text to Windows-1252, for the characters this generator uses */
static void put_cp1252(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x80) {
      fputc(*p++, f);
    } else if ((*p & 0xE0) == 0xC0) {
      unsigned cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
      if (cp == 0x152) fputc(0x8C, f);       /* Œ */
      else if (cp == 0x153) fputc(0x9C, f);  /* œ */
      else if (cp >= 0xA0 && cp <= 0xFF) fputc((int)cp, f);
      else fputc('?', f);
    } else if ((*p & 0xF0) == 0xE0) {
      unsigned cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      p += 3;
      if (cp == 0x20AC) fputc(0x80, f);      /* € */
      else if (cp == 0x2013) fputc(0x96, f); /* – */
      else if (cp == 0x2019) fputc(0x92, f); /* ’ */
      else fputc('?', f);
    } else {
      fputc('?', f);
      p++;
    }
  }
}

/* ---- the communes ---------------------------------------------------------------------- */
typedef struct {
  const char *insee, *name, *zone;
  int dwellings, qpv_per_mille;
  const char *quartiers[4];
  int nquartiers;
} Commune;

static const Commune communes[] = {
  {"59350", "Lille", "B1", 2600, 300, {"Lille Sud", "Moulins", "Faubourg de Béthune", "Bois Blancs"}, 4},
  {"59512", "Roubaix", "B1", 2200, 450, {"Alma-Gare", "Pile", "Trois Ponts", "Épeule"}, 4},
  {"59599", "Tourcoing", "B1", 1700, 350, {"La Bourgogne", "Phalempins", "Marlière"}, 3},
  {"59009", "Villeneuve-d'Ascq", "B1", 900, 200, {"Pont de Bois"}, 1},
  {"62041", "Arras", "B2", 1300, 250, {"Saint-Michel", "Baudimont"}, 2},
  {"62498", "Lens", "B2", 1100, 300, {"Grande Résidence", "Cité 12-14"}, 2},
  {"80021", "Amiens", "B1", 1500, 200, {"Étouvie", "Amiens Nord"}, 2},
  {"59172", "Denain", "C", 700, 350, {"Faubourg Duchâteau"}, 1},
};
enum { NCOMMUNES = sizeof communes / sizeof communes[0] };

/* ---- the dwellings ----------------------------------------------------------------------- */
typedef struct {
  int commune, quartier; /* quartier -1 outside QPV */
  int qpv, vacant, rooms;
  long surface10;        /* tenths of m2 */
  long rent, charges;    /* cents per month */
  int built, rehab;      /* rehab 0 if none */
} Dwelling;

static Dwelling parc[12000];
static int nparc;

static char dpe_class(const Dwelling *d) {
  int year = d->rehab ? d->rehab : d->built;
  /* newer (or recently rehabilitated) dwellings are better rated */
  static const int recent[7] = {6, 30, 44, 15, 4, 1, 0};
  static const int middle[7] = {0, 3, 18, 42, 25, 9, 3};
  static const int old[7] = {0, 1, 7, 30, 35, 18, 9};
  const int *w = year >= 2012 ? recent : year >= 1990 ? middle : old;
  return (char)('A' + pick(w, 7));
}

static void gen_parc(const char *dir) {
  FILE *f = open_out(dir, "parc.csv");
  fputs("id;commune;qpv;quartier;zone;surface;nb_pièces;loyer;charges;loyer_marché;financement;"
        "dpe_énergie;dpe_ges;année_construction;année_réhabilitation;individuel;vacant\n", f);
  static const int rooms_w[5] = {74, 202, 370, 278, 76}; /* RPLS 2024 national split */
  static const int surf_lo[5] = {24, 41, 57, 71, 84}, surf_hi[5] = {38, 55, 72, 88, 112};
  static const char *fin[4] = {"PLAI", "PLUS", "PLS", "PLI"};
  static const int fin_rate[4] = {520, 610, 850, 1000};   /* cents per m2 per month */
  static const int market_rate_b1 = 1250, market_rate_b2 = 1000, market_rate_c = 800;
  char b1[32], b2[32], b3[32];
  for (int c = 0; c < NCOMMUNES; c++) {
    const Commune *cm = &communes[c];
    for (int k = 0; k < cm->dwellings; k++) {
      Dwelling *d = &parc[nparc];
      d->commune = c;
      d->qpv = chance(cm->qpv_per_mille);
      d->quartier = d->qpv ? (int)uni(0, cm->nquartiers - 1) : -1;
      d->rooms = pick(rooms_w, 5) + 1;
      d->surface10 = uni(surf_lo[d->rooms - 1] * 10, surf_hi[d->rooms - 1] * 10);
      d->built = d->qpv ? (int)uni(1955, 1982) : (chance(350) ? (int)uni(1950, 1989) : (int)uni(1990, 2023));
      d->rehab = (d->built < 1995 && chance(d->qpv ? 520 : 330)) ? (int)uni(2000, 2024) : 0;
      int fi;
      if (d->built >= 2000) fi = pick((const int[4]){25, 55, 15, 5}, 4);
      else fi = pick((const int[4]){4, 88, 5, 3}, 4);
      long rate = fin_rate[fi] * uni(900, 1100) / 1000;
      if (d->qpv) rate = rate * 92 / 100;
      if (cm->zone[0] == 'C') rate = rate * 90 / 100;
      d->rent = rate * d->surface10 / 10;
      d->charges = uni(160, 260) * d->surface10 / 10;
      d->vacant = chance(d->qpv ? 45 : 25);
      int indiv = !d->qpv && chance(140);
      char market[32] = "";
      if (chance(600)) {
        long mr = cm->zone[1] == '1' ? market_rate_b1 : cm->zone[1] == '2' ? market_rate_b2 : market_rate_c;
        mr = mr * uni(850, 1150) / 1000;
        if (d->qpv) mr = mr * 85 / 100;
        dec(mr * d->surface10 / 10, market, sizeof market);
      }
      char dpe = (chance(20)) ? 0 : dpe_class(d);
      char ges = dpe ? (char)(dpe + (chance(300) ? (dpe < 'G' ? 1 : 0) : 0) - (chance(200) && dpe > 'A' ? 1 : 0)) : 0;
      char rehab[8] = "";
      if (d->rehab) snprintf(rehab, sizeof rehab, "%d", d->rehab);
      fprintf(f, "L%06d;%s;%s;%s;%s;%s;%d;%s;%s;%s;%s;%s;%s;%d;%s;%s;%s\n", nparc + 1, cm->insee,
              yn(d->qpv), d->qpv ? cm->quartiers[d->quartier] : "", cm->zone,
              dec1(d->surface10, b1, sizeof b1), d->rooms, dec(d->rent, b2, sizeof b2),
              dec(d->charges, b3, sizeof b3), market, fin[fi], dpe ? (char[2]){dpe, 0} : "NR",
              ges ? (char[2]){ges, 0} : "NR", d->built, rehab, yn(indiv), yn(d->vacant));
      nparc++;
    }
  }
  close_out(f, "parc.csv");
}

/* the index of a random occupied dwelling */
static int occupied(void) {
  for (;;) {
    int i = (int)uni(0, nparc - 1);
    if (!parc[i].vacant) return i;
  }
}

/* ---- social-support follow-ups ------------------------------------------------------- */
static void gen_suivis(const char *dir) {
  FILE *f = open_out(dir, "suivis.csv");
  fputs("id;logement;début;fin;motif;nb_personnes;dette_initiale;dette_finale;plan_apurement;"
        "plan_respecté;fsl;assignation;expulsion_évitée\n", f);
  static const char *motifs[5] = {"impayé", "santé", "insertion", "troubles", "autre"};
  static const int motifs_w[5] = {68, 10, 9, 7, 6};
  char b1[32], b2[32], b3[32];
  for (int k = 0; k < 640; k++) {
    int l = occupied();
    int m = pick(motifs_w, 5);
    int start = (int)uni(1, 330);
    int ended = chance(550);
    int end = ended ? start + (int)uni(30, 366 - start > 30 ? 366 - start : 30) : 0;
    if (end > 366) end = 366;
    long debt = m == 0 ? uni(300, 6500) * 100 + uni(0, 99) : (chance(300) ? uni(100, 2000) * 100 : 0);
    int plan = debt > 0 && chance(620);
    int kept = plan && chance(680);
    int fsl = debt > 0 && chance(260);
    int assign = debt > 150000 && chance(330);
    int avoided = assign && (kept || fsl || chance(250));
    char final[32] = "";
    if (ended) dec(kept ? debt * uni(0, 400) / 1000 : debt * uni(500, 1100) / 1000, final, sizeof final);
    fprintf(f, "S%05d;L%06d;%s;%s;%s;%ld;%s;%s;%s;%s;%s;%s;%s\n", k + 1, l + 1,
            date2024(start, b1, sizeof b1), ended ? date2024(end, b2, sizeof b2) : "", motifs[m],
            uni(1, 6), dec(debt, b3, sizeof b3), final, yn(plan), yn(kept), yn(fsl), yn(assign), yn(avoided));
  }
  close_out(f, "suivis.csv");
}

/* ---- lettings ---------------------------------------------------------------------------- */
static void gen_attributions(const char *dir) {
  FILE *f = open_out(dir, "attributions.csv");
  fputs("id;logement;date;nb_personnes;premier_quartile;prioritaire;dalo;mutation;provenance;réservataire\n", f);
  static const char *prov[7] = {"rue", "hôtel", "chrs", "tiers", "privé", "social", "autre"};
  static const int prov_w[7] = {15, 20, 40, 250, 420, 30, 55};
  static const char *res[4] = {"état", "collectivité", "action_logement", "bailleur"};
  static const int res_w[4] = {30, 20, 30, 20};
  char b1[32];
  for (int k = 0; k < 960; k++) {
    int l = (int)uni(0, nparc - 1);
    const Dwelling *d = &parc[l];
    int mutation = chance(150);
    int q1 = chance(d->qpv ? 330 : 215);
    int dalo = !mutation && chance(65);
    int prio = dalo || chance(240);
    int p = mutation ? 5 : pick(prov_w, 7);
    fprintf(f, "A%05d;L%06d;%s;%ld;%s;%s;%s;%s;%s;%s\n", k + 1, l + 1, date2024((int)uni(1, 366), b1, sizeof b1),
            uni(1, d->rooms + 2), yn(q1), yn(prio), yn(dalo), yn(mutation), prov[p],
            dalo ? "état" : res[pick(res_w, 4)]);
  }
  close_out(f, "attributions.csv");
}

/* ---- staff ------------------------------------------------------------------------------- */
typedef struct {
  const char *job;
  int count;
  long cost;                 /* full-time yearly cost, euros */
  const char *act[2];
  int share[2];              /* per cent of the time in each activity */
} Job;

static void gen_personnel(const char *dir) {
  FILE *f = open_out(dir, "personnel.csv");
  fputs("matricule;commune;métier;activité;etp;coût_annuel\n", f);
  static const Job jobs[] = {
    {"gardien", 128, 38500, {"gestion_proximité", "gestion_sociale"}, {85, 15}},
    {"agent_entretien", 42, 34000, {"gestion_proximité", NULL}, {100, 0}},
    {"cesf", 14, 47500, {"gestion_sociale", NULL}, {100, 0}},
    {"chargé_recouvrement", 16, 45500, {"gestion_locative", "gestion_sociale"}, {60, 40}},
    {"chargé_clientèle", 30, 42000, {"gestion_locative", NULL}, {100, 0}},
    {"chargé_attributions", 8, 44500, {"accès_logement", NULL}, {100, 0}},
    {"chargé_développement_social", 5, 50000, {"politique_ville", NULL}, {100, 0}},
    {"responsable_secteur", 12, 61000, {"gestion_locative", "gestion_proximité"}, {50, 50}},
    {"chargé_opérations", 15, 58000, {"production", NULL}, {100, 0}},
    {"fonctions_support", 44, 52000, {"support", NULL}, {100, 0}},
  };
  char b1[32], b2[32];
  int id = 0;
  for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
    for (int k = 0; k < jobs[j].count; k++) {
      id++;
      int pct = chance(120) ? (chance(500) ? 50 : 80) : 100;  /* part-time */
      long cost = jobs[j].cost * uni(920, 1080) / 10;         /* cents, full time */
      /* field staff work on a site, spread over the communes in proportion to their dwellings
       * (a fixed spread, no draw, so the other files do not depend on it); the others work
       * at head office, in Lille */
      int field = strcmp(jobs[j].act[0], "support") && strcmp(jobs[j].act[0], "production");
      int site = 0;
      if (field) {
        long pos = (long)id * 997 % nparc;
        while (site < NCOMMUNES - 1 && pos >= communes[site].dwellings) pos -= communes[site++].dwellings;
      }
      for (int a = 0; a < 2 && jobs[j].act[a]; a++) {
        long etp100 = (long)pct * jobs[j].share[a] / 100;      /* hundredths of an ETP */
        fprintf(f, "M%04d;%s;%s;%s;%s;%s\n", id, communes[site].insee, jobs[j].job, jobs[j].act[a],
                dec(etp100, b1, sizeof b1), dec_thousands(cost * etp100 / 100, b2, sizeof b2));
      }
    }
  }
  close_out(f, "personnel.csv");
}

/* ---- TFPB-abatement actions ---------------------------------------------------------- */
static void gen_actions_tfpb(const char *dir) {
  FILE *f = open_out(dir, "actions_tfpb.csv");
  fputs("id;commune;quartier;axe;libellé;montant;heures_insertion;bénéficiaires\n", f);
  static const char *axes[8] = {"présence", "formation", "sur_entretien", "déchets",
                                "tranquillité", "concertation", "lien_social", "petits_travaux"};
  static const int axes_w[8] = {30, 3, 20, 10, 12, 5, 12, 8};
  static const char *labels[8][2] = {
    {"Renfort de gardiennage le soir", "Agent de médiation de proximité"},
    {"Formation des gardiens à la gestion des conflits", "Soutien psychologique des équipes"},
    {"Nettoyage renforcé des halls et cages d'escalier", "Remise en état des caves"},
    {"Enlèvement des encombrants", "Chantier d'insertion propreté des abords"},
    {"Médiation de nuit", "Vidéoprotection des halls"},
    {"Réunions de concertation avec l'amicale", "Diagnostic en marchant"},
    {"Fête des voisins et animations d'été", "Jardins partagés au pied des immeubles"},
    {"Éclairage des parkings", "Peinture des halls par une régie de quartier"},
  };
  char b1[32], b2[32];
  int id = 0;
  for (int c = 0; c < NCOMMUNES; c++) {
    const Commune *cm = &communes[c];
    for (int q = 0; q < cm->nquartiers; q++) {
      int n = (int)uni(4, 9);
      for (int k = 0; k < n; k++) {
        int a = pick(axes_w, 8);
        long amount = (a == 0 ? uni(8000, 26000) : a == 7 ? uni(5000, 20000) : uni(1500, 12000)) * 100;
        long hours = (a == 2 || a == 3 || a == 7) ? uni(0, 9) * 150 : 0;
        char ben[16] = "";
        if (a == 4 || a == 5 || a == 6) snprintf(ben, sizeof ben, "%ld", uni(20, 400));
        fprintf(f, "T%04d;%s;%s;%s;%s;%s;%s;%s\n", ++id, cm->insee, cm->quartiers[q], axes[a],
                labels[a][uni(0, 1)], dec(amount, b1, sizeof b1), dec(hours * 100, b2, sizeof b2), ben);
      }
    }
  }
  close_out(f, "actions_tfpb.csv");
}

/* ---- arrears ------------------------------------------------------------------------------ */
static void gen_impayes(const char *dir) {
  FILE *f = open_out(dir, "impayes.csv");
  fputs("id;logement;présent;dette;recouvré;ancienneté_mois;plan_apurement;contentieux\n", f);
  char b1[32], b2[32];
  for (int k = 0; k < 1480; k++) {
    int present = chance(760);
    int l = present ? occupied() : (int)uni(0, nparc - 1);
    long months = present ? uni(1, 24) : uni(3, 36);
    long debt = present ? uni(80, 2600) * 100 + uni(0, 99) : uni(400, 5200) * 100 + uni(0, 99);
    long recovered = chance(150) ? 0 : uni(0, 1800) * 100;
    int plan = present && chance(420);
    int contentious = (months > 6 && chance(450)) || !present;
    fprintf(f, "I%05d;L%06d;%s;%s;%s;%ld;%s;%s\n", k + 1, l + 1, yn(present), dec(debt, b1, sizeof b1),
            dec(recovered, b2, sizeof b2), months, yn(plan), yn(contentious));
  }
  close_out(f, "impayes.csv");
}

/* ---- satisfaction survey ---------------------------------------------------------------- */
static void gen_enquete(const char *dir) {
  FILE *f = open_out(dir, "enquete.csv");
  fputs("id;logement;satisfait_global;satisfait_logement;satisfait_propreté;se_sent_en_sécurité;"
        "connaît_voisins;participe_activités;froid_hiver\n", f);
  for (int k = 0; k < 1250; k++) {
    int l = occupied();
    const Dwelling *d = &parc[l];
    int recent = d->built >= 2012 || d->rehab >= 2012;
    fprintf(f, "E%05d;L%06d;%s;%s;%s;%s;%s;%s;%s\n", k + 1, l + 1, yn(chance(d->qpv ? 710 : 810)),
            yn(chance(recent ? 860 : 700)), yn(chance(d->qpv ? 560 : 690)), yn(chance(d->qpv ? 610 : 840)),
            yn(chance(d->qpv ? 640 : 590)), yn(chance(d->qpv ? 210 : 120)), yn(chance(recent ? 90 : 240)));
  }
  close_out(f, "enquete.csv");
}

/* ---- technical complaints: the cp1252 file --------------------------------------------- */
static void gen_reclamations(const char *dir) {
  FILE *f = open_out(dir, "reclamations.csv");
  put_cp1252(f, "numéro;logement;date_dépôt;catégorie;urgente;délai_jours;commentaire\n");
  static const char *cats[8] = {"Chauffage / eau chaude", "Plomberie – fuite", "Ascenseur", "Électricité",
                                "Propreté des parties communes", "Menuiseries", "Nuisibles", "Tranquillité"};
  static const int cats_w[8] = {22, 20, 10, 10, 14, 12, 6, 6};
  static const char *notes[6] = {"", "", "Intervention de l’entreprise sous contrat",
                                 "Main-d’œuvre facturée au locataire", "« Urgent » selon le locataire",
                                 "Relance – devis à 150 €"};
  char line[512], b1[32];
  for (int k = 0; k < 5200; k++) {
    int l = occupied();
    int c = pick(cats_w, 8);
    int urgent = (c == 0 || c == 2) ? chance(450) : chance(120);
    int closed = chance(930);
    char delay[16] = "";
    if (closed) snprintf(delay, sizeof delay, "%ld", urgent ? uni(0, 6) : uni(1, 45));
    snprintf(line, sizeof line, "R%06d;L%06d;%s;%s;%s;%s;%s\n", k + 1, l + 1, date2024((int)uni(1, 366), b1, sizeof b1),
             cats[c], yn(urgent), delay, notes[uni(0, 5)]);
    put_cp1252(f, line);
  }
  close_out(f, "reclamations.csv");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DOSSIER\n  écrit les fichiers CSV de l'exemple dans DOSSIER\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  gen_parc(dir);
  gen_suivis(dir);
  gen_attributions(dir);
  gen_personnel(dir);
  gen_actions_tfpb(dir);
  gen_impayes(dir);
  gen_enquete(dir);
  gen_reclamations(dir);
  return 0;
}
