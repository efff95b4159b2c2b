// check.mjs REPORT.html OUTDIR — the HTML report as a person sees it, in Debian's headless
// Chromium (never a downloaded browser): screenshots at 1280 px (the whole page and each
// section) and an A4 PDF, then the assertions of `make check-browser`: no console error and
// no request leaving the page (it works offline), every chart and map present and drawn,
// no text overflowing its box on screen or on A4, no SVG text outside its drawing.
// Prints `browser: N passed, N failed`; exit 1 on a failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [file, outdir] = process.argv.slice(2);
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
  const sized = el => { const r = el.getBoundingClientRect(); return r.width > 50 && r.height > 50; };
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
  };
});
check('title page', found.cover);
check('synthèse first, after the title page', found.summaryFirst);
check('key figures (4 a bilan)', found.cards >= 4, `${found.cards} cards`);
check('charts present', found.charts >= 3, `${found.charts} charts`);
check('every chart drawn', found.chartsDrawn === found.charts, `${found.chartsDrawn} of ${found.charts}`);
check('the SROI waterfall', found.waterfalls >= 1);
check('a map', found.maps >= 1, `${found.maps} maps`);
check('every map drawn (96+ départements)', found.mapsDrawn === found.maps, `${found.mapsDrawn} of ${found.maps}`);
check('a table beside every map', found.mapTables === found.maps);
check('the arbre drawn', found.trees >= 5, `${found.trees} leaves`);
check('annex and method', found.annex && found.method);
check('html lang', found.lang === 'fr', found.lang);

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
