// check.mjs REPORT.html OUTDIR [WHAT] — the HTML report as a person sees it, in Debian's
// headless Chromium (never a downloaded browser): screenshots at 1280 px (the whole page and
// each section) and an A4 PDF, then the assertions of `make check-browser`: no console error
// and no request leaving the page (it works offline), every chart and map present and drawn,
// no text overflowing its box on screen or on A4, no SVG text outside its drawing, no raw
// name (snake_case) where a label should be, no English word in headings, headers, captions
// and charts of a French report, no singular unit after a number of 2 or more.
// WHAT (comma-separated) says what this report must show besides: `bilan` (key figures,
// charts), `waterfall` (the SROI waterfall: a bilan whose valuations deduct something),
// `map`, `arbre`, `tornado` (one per bilan of a sensitivity analysis), `estimates` (a
// panel's "Estimation pour la profession : … [IC 95 % : … – …]" in the synthèse),
// `scenarios` (scénarios side by side: bilans first, no title page).
// Default: bilan,waterfall,map,arbre (examples/bailleur).
// Prints `browser: N passed, N failed`; exit 1 on a failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [file, outdir, what = 'bilan,waterfall,map,arbre'] = process.argv.slice(2);
const want = new Set(what.split(','));
if (!file || !outdir) { console.error('usage: node check.mjs REPORT.html OUTDIR'); process.exit(2); }
mkdirSync(outdir, { recursive: true });
const url = 'file://' + resolve(file);
let pass = 0, fail = 0;
const check = (name, ok, detail) => {
  if (ok) pass++; else { fail++; console.log(`FAIL browser ${name}${detail ? ': ' + detail : ''}`); }
};

const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pvs-chromium-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
const errors = [], requests = [];
page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
page.on('pageerror', e => errors.push(`page error: ${e.message}`));
page.on('request', r => { if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) requests.push(r.url()); });
await page.goto(url, { waitUntil: 'load' });

// Everything a person must see, drawn and with something in it.
const found = await page.evaluate(() => {
  const sized = el => { const r = el.getBoundingClientRect(); return r.width > 50 && r.height >= 40; };   /* a one-bar chart is 50 px high */
  const own = el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
  const texts = sel => [...document.querySelectorAll(sel)].map(el => el.closest('svg') && el.tagName !== 'text' ? '' : (el.tagName === 'text' ? el.textContent : own(el)).trim());
  const raw = /^[\p{Ll}\d]+(_[\p{Ll}\d]+)+$/u;   /* a declaration's name, where its label should be */
  const english = /(?<![\p{L}-])(the|of|and|input|inputs|moved|threshold|value|values|estimate|frame|summary|indicators?|valuations?)(?![\p{L}-])/iu;
  const tornados = [...document.querySelectorAll('svg.chart.tornado')];
  const h2 = [...document.querySelectorAll('main h2')];
  const charts = [...document.querySelectorAll('svg.chart')];
  const maps = [...document.querySelectorAll('svg.map')];
  return {
    cover: !!document.querySelector('section.cover h1'),
    summaryFirst: (document.querySelector('main section:nth-of-type(2) h2') || {}).id === 'synthese',
    cards: document.querySelectorAll('.cards .card').length,
    charts: charts.length, chartsDrawn: charts.filter(s => sized(s) && s.querySelectorAll('rect').length > 0).length,
    waterfalls: charts.filter(s => s.querySelectorAll('rect').length >= 7).length,
    maps: maps.length, mapsDrawn: maps.filter(s => sized(s) && s.querySelectorAll('path').length >= 96).length,
    mapTables: maps.filter(s => s.closest('.side') && s.closest('.side').querySelector('table')).length,
    trees: document.querySelectorAll('ul.tree li.leaf').length,
    annex: !!document.getElementById('annexe'), method: !!document.getElementById('methode'),
    lang: document.documentElement.lang,
    rawNames: texts('main td, main th, main li, main h2, main h3, main figcaption, main svg text, .card-label').filter(t => raw.test(t)),
    englishWords: document.documentElement.lang !== 'fr' ? [] :
      texts('main h2, main h3, main th, main figcaption, main svg text, .card-label, .card-note').filter(t => english.test(t)),
    singulars: [...document.querySelectorAll('main td, main li .value, main p strong')].map(e => e.textContent.trim())
      .filter(t => /(^|\s)(\d{2,}|[2-9])(\s\d{3})*(,\d+)?\s(ménage|logement|personne|action|réclamation|jour|heure|organisme)(?![\p{L}])/u.test(t)),
    tornados: tornados.length, sensitivities: document.querySelectorAll('#sensibilite ~ h3').length,
    tornadosDrawn: tornados.filter(s => sized(s) && s.querySelectorAll('rect').length >= 2 * 5 + 2 && s.querySelectorAll('line').length >= 2).length,
    estimates: [...document.querySelectorAll('section.synthese p strong')].map(e => e.textContent)
      .filter(t => /^Estimation pour la profession\s:\s.+\s\[IC\s95\s%\s:\s.+\s–\s.+\]$/.test(t)).length,
    firstH2: h2.length ? h2[0].textContent : '', h2s: h2.map(h => h.id),
  };
});
if (want.has('scenarios')) {
  check('scénarios side by side: the bilans first', /^Bilans$/.test(found.firstH2), found.firstH2);
} else {
  check('title page', found.cover);
  check('synthèse first, after the title page', found.summaryFirst);
  check('annex and method', found.annex && found.method);
}
if (want.has('bilan')) {
  check('key figures (4 a bilan)', found.cards >= 4, `${found.cards} cards`);
  check('charts present', found.charts >= 3, `${found.charts} charts`);
}
if (want.has('waterfall')) check('the SROI waterfall', found.waterfalls >= 1);
check('every chart drawn', found.chartsDrawn === found.charts, `${found.chartsDrawn} of ${found.charts}`);
if (want.has('map')) {
  check('a map', found.maps >= 1, `${found.maps} maps`);
  check('every map drawn (96+ départements)', found.mapsDrawn === found.maps, `${found.mapsDrawn} of ${found.maps}`);
  check('a table beside every map', found.mapTables === found.maps);
}
if (want.has('arbre')) check('the arbre drawn', found.trees >= 5, `${found.trees} leaves`);
if (want.has('tornado')) {
  check('a tornado chart for each bilan of the sensitivity analysis', found.tornados >= 1 && found.tornados === found.sensitivities,
        `${found.tornados} tornados, ${found.sensitivities} analyses`);
  check('every tornado drawn (bars, base and threshold lines)', found.tornadosDrawn === found.tornados, `${found.tornadosDrawn} of ${found.tornados}`);
} else check('no tornado without a sensitivity analysis', found.tornados === 0);
if (want.has('estimates'))
  check('the estimates for the profession in the synthèse', found.estimates >= 1, `${found.estimates} sentences`);
check('html lang', found.lang === 'fr', found.lang);
check('French plurals after a number (61 ménages)', found.singulars.length === 0, found.singulars.slice(0, 6).join(' | '));
check('labels, not names', found.rawNames.length === 0, found.rawNames.slice(0, 8).join(', '));
check('no English words in a French report', found.englishWords.length === 0, found.englishWords.slice(0, 8).join(' | '));

// Text that does not fit its box, and SVG text outside its drawing.
const overflow = () => page.evaluate(() => {
  const bad = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) bad.push(`page wider than the window (${doc.scrollWidth} > ${doc.clientWidth})`);
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('svg') || !el.clientWidth) continue;
    const st = getComputedStyle(el);
    if (st.overflowX === 'auto' || st.overflowX === 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1 && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      bad.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth})`);
  }
  for (const svg of document.querySelectorAll('main svg')) {
    const s = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (b.left < s.left - 1 || b.top < s.top - 1 || b.right > s.right + 1 || b.bottom > s.bottom + 1)
        bad.push(`svg text "${t.textContent.slice(0, 40)}" outside its drawing`);
    }
  }
  return bad;
});
let bad = await overflow();
check('no text overflow at 1280 px', bad.length === 0, bad.slice(0, 8).join('; '));

await page.screenshot({ path: join(outdir, 'report-1280.png'), fullPage: true });
const sections = await page.$$('main > section');
for (let i = 0; i < sections.length; i++) await sections[i].screenshot({ path: join(outdir, `section-${i + 1}.png`) });

// A4: the print rules, at the width of an A4 page's text.
await page.emulateMedia({ media: 'print' });
await page.setViewportSize({ width: 680, height: 960 });
bad = await overflow();
check('no text overflow on A4', bad.length === 0, bad.slice(0, 8).join('; '));
await page.pdf({ path: join(outdir, 'report-a4.pdf'), format: 'A4', printBackground: true, preferCSSPageSize: true });
check('A4 PDF written', statSync(join(outdir, 'report-a4.pdf')).size > 10000);

check('no console error or warning', errors.length === 0, errors.slice(0, 5).join('; '));
check('nothing fetched from the network', requests.length === 0, requests.slice(0, 5).join(' '));
await ctx.close();
writeFileSync(join(outdir, 'result.txt'), `${pass} passed, ${fail} failed\n`);
console.log(`browser: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
