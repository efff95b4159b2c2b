"""calcul_reference.py — recalcule indépendamment (Python, fractions exactes) quelques
indicateurs et les valorisations du bilan_2024 de bailleur.pvs (et de bilan_2024_green_book :
barème du Green Book, 3,5 % jusqu'à 30 ans, première année non actualisée), pour contrôler
l'évaluateur.

    python3 gen/calcul_reference.py            # hypothèses de base
    python3 gen/calcul_reference.py prudent    # scénario « prudent »
    python3 gen/calcul_reference.py sans_tranquillité
"""
import csv, os, sys
from fractions import Fraction as F
from decimal import Decimal, ROUND_HALF_UP
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '')
def rd(n,enc='utf-8'): return list(csv.DictReader(open(D+n,encoding=enc),delimiter=';'))
def num(s): return F(s.replace(' ','').replace(',','.'))
def r2(x,n=2): return str(Decimal(x.numerator)/Decimal(x.denominator) if False else (Decimal(x.numerator)/Decimal(x.denominator)).quantize(Decimal(1).scaleb(-n),rounding=ROUND_HALF_UP))
from decimal import getcontext; getcontext().prec=60
parc=rd('parc.csv'); P={r['id']:r for r in parc}
su=rd('suivis.csv'); at=rd('attributions.csv'); pe=rd('personnel.csv'); tf=rd('actions_tfpb.csv')
imp=rd('impayes.csv'); enq=rd('enquete.csv'); rec=rd('reclamations.csv','cp1252')
yes=lambda v: v=='oui'
scen = sys.argv[1] if len(sys.argv)>1 else ''
r=F(35,1000) if scen!='prudent' else F(5,100)
GB=[]   # valeur actualisée de chaque valorisation aux conventions du Green Book
def val(Q,Pr,d=0,s=0,a=0,N=1,o=0):
    i=Q*Pr*(1-d)*(1-s)*(1-a); imps=[]; pv=F(0); gb=F(0)
    for n in range(1,N+1):
        imps.append(i); pv+=i/(1+r)**n; gb+=i/F(1035,1000)**(n-1); i=i*(1-o)
    GB.append(gb)
    return imps,pv
V={}
cexp = 3000 if scen=='prudent' else 4000
V['contentieux_évités']=val(sum(yes(x['plan_apurement']) and yes(x['plan_respecté']) for x in su),435,F(30,100),0,F(20,100))
V['expulsions_évitées']=val(sum(yes(x['expulsion_évitée']) for x in su),cexp,F(40 if scen=='prudent' else 20,100),0,F(30,100))
V['hébergement_évité']=val(sum(num(x['nb_personnes']) for x in su if yes(x['expulsion_évitée']))*F(1,4),20550,F(40 if scen=='prudent' else 20,100),0,F(30,100),2,F(1,2))
V['sortie_hôtel']=val(sum(num(x['nb_personnes']) for x in at if x['provenance']=='hôtel'),21*365,F(1,4),F(1,10),F(1,4))
V['sortie_chrs']=val(sum(num(x['nb_personnes']) for x in at if x['provenance']=='chrs'),20550,F(1,4),0,F(4,10))
V['logement_dabord']=val(sum(num(x['nb_personnes']) for x in at if x['provenance']=='rue'),3000,F(1,10),0,F(70 if scen=='prudent' else 50,100),2,F(14,100))
V['insertion_emploi']=val(sum(num(x['heures_insertion']) for x in tf)/1607,15000,F(3,10),F(2,10),F(5,10))
V['tranquillité']=val(sum(num(x['bénéficiaires']) for x in tf if x['axe']=='tranquillité'),7900,F(5,10),F(25,100),F(6,10))
if scen=='sans_tranquillité':
    V['tranquillité']=([F(0)],F(0)); GB[-1]=F(0)
tot=F(0)
for k,(imps,pv) in V.items():
    tot+=pv; print(k,[r2(i) for i in imps],r2(pv))
costs = sum(num(x['coût_annuel']) for x in pe if x['activité']=='gestion_sociale') + sum(num(x['montant']) for x in tf) + 45000
print('PV',r2(tot),'costs',r2(costs),'ratio',r2(tot/costs), 'cost parts', r2(sum(num(x['coût_annuel']) for x in pe if x['activité']=='gestion_sociale')), r2(sum(num(x['montant']) for x in tf)))
print('Green Book: PV',r2(sum(GB)),'ratio',r2(sum(GB)/costs))
occ=[x for x in parc if not yes(x['vacant'])]
print('nb',len(parc),'qpv',r2(F(sum(yes(x['qpv']) for x in parc),len(parc))*100,1),'vac',r2(F(sum(yes(x['vacant']) for x in parc),len(parc))*100,1))
q=sum(num(x['loyer'])+num(x['charges']) for x in occ)*12
print('taux_impayés',r2(sum(num(x['dette']) for x in imp)/q*100,1))
hq=[a for a in at if not yes(P[a['logement']]['qpv'])]
print('q1 hors qpv', r2(F(sum(yes(a['premier_quartile']) for a in hq),len(hq))*100,1))
es=sum(num(x['etp']) for x in pe if x['activité']=='gestion_sociale'); print('etp social/1000', r2(es/len(parc)*1000))
print('rec', len(rec), 'delai', r2(sum(num(x['délai_jours']) for x in rec if x['délai_jours'])/sum(1 for x in rec if x['délai_jours']),1))
