// Search in a real browser (issue 4): the static index and js/search.js, over the example
// site built by ./run. An Indonesian word in an inflected form finds the release that uses
// another form of it ("bertumbuh" and "pertumbuhan" -> stem "tumbuh"), and a figure as the
// page writes it ("10,91", "10.91") finds the release that prints it; the form is reachable
// and usable from the keyboard; a screenshot of the results goes to WARTA_SHOTS.
// A result whose title and summary do not show the query's words quotes the passage of its
// page that has them (`.item__passage`): from the page's main text (a table row's cells
// joined by " · "), cut to about 30 words, in the text's language; fetched a few pages at a
// time, each once; a page that fails leaves its result as it was; an older search writes
// nothing into a newer one's results. Screenshots of passages at 1280 and 390 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { launch } from './lib/browser.mjs';
import { SEED_RELEASE } from './lib/pages.mjs';
import { serve } from './lib/serve.mjs';

const OUT = process.env.WARTA_OUT;
if (!OUT) throw new Error('WARTA_OUT (the built site) is not set: run tests/browser/run');
const SHOTS = process.env.WARTA_SHOTS || '/tmp/warta-shots';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;

before(async () => {
  server = await serve(OUT);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('#search-status');
    return s && s.textContent && !s.textContent.includes('…');
  });
  return page.$$eval('#search-results a', (as) => as.map((a) => new URL(a.href).pathname));
}

// Figures too, as a journalist read them: 2,54 is typed in the seed release's text, 10,91 is
// what its figure shortcode prints (search.rs counts both; search.js splits the query the
// same way, so "10,91" is one word, not 10 and 91).
for (const [lang, word, expected] of [
  ['id', 'pertumbuhan', SEED_RELEASE],
  ['id', 'bertumbuh', SEED_RELEASE],
  ['en', 'growth', `/en${SEED_RELEASE}`],
  ['id', '2,54', SEED_RELEASE],
  ['id', '10,91', SEED_RELEASE],
  ['id', '10,91 persen', SEED_RELEASE],
  ['en', '10.91', `/en${SEED_RELEASE}`],
  ['en', '2.54 percent', `/en${SEED_RELEASE}`],
]) {
  test(`"${word}" finds the seed release (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const prefix = lang === 'id' ? '' : `/${lang}`;
    await page.goto(`${server.url}${prefix}/search/?q=${encodeURIComponent(word)}`, { waitUntil: 'load' });
    const found = await results(page);
    assert.ok(found.includes(expected), `${word}: ${JSON.stringify(found)}`);
    if (word === 'bertumbuh') {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'search-bertumbuh-1280.png'), fullPage: true });
    }
    await context.close();
  });
}

test('search is reachable and usable from the keyboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`, { waitUntil: 'load' });
  // Tab until the search link in the main navigation has focus, then follow it.
  let reached = false;
  for (let i = 0; i < 40 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('href') === '/search/');
  }
  assert.ok(reached, 'Tab reaches the search link');
  await Promise.all([page.waitForURL(/\/search\/$/), page.keyboard.press('Enter')]);
  let inInput = false;
  for (let i = 0; i < 40 && !inInput; i += 1) {
    await page.keyboard.press('Tab');
    inInput = await page.evaluate(() => document.activeElement?.id === 'search-q');
  }
  assert.ok(inInput, 'Tab reaches the search field');
  await page.keyboard.type('asosiasi');
  await page.keyboard.press('Enter');
  const found = await results(page);
  assert.ok(found.length > 0, 'results for a typed query');
  await context.close();
});

test('without JavaScript the search page says what to do instead', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/search/`, { waitUntil: 'load' });
  const text = await page.textContent('main');
  assert.ok(/JavaScript/.test(text) && (await page.$('main a[href="/releases/"]')), text);
  await context.close();
});

test('results of a search that was replaced never join the new results', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/search/`, { waitUntil: 'load' });
  // The first search's documents are held until the second search has started.
  let release, chunkAsked;
  const gate = new Promise((resolve) => { release = resolve; });
  const asked = new Promise((resolve) => { chunkAsked = resolve; });
  await page.route('**/search/id/d/**', async (route) => {
    chunkAsked();
    await gate;
    await route.continue();
  });
  await page.fill('#search-q', 'asephi');
  await page.press('#search-q', 'Enter');
  await asked;
  await page.fill('#search-q', '3,89');
  await page.press('#search-q', 'Enter');
  await page.waitForFunction(() => location.search === '?q=3%2C89');
  release();
  // The first search's documents arrive first; the second search's status comes after both
  // have been shown.
  await page.waitForFunction(() => document.querySelector('#search-status').textContent === '1 hasil untuk “3,89”.');
  const found = await page.$$eval('#search-results > li .item__title a', (as) => as.map((a) => new URL(a.href).pathname));
  assert.deepEqual(found, ['/indicators/jakarta-grdp-growth/']);
  await context.close();
});

// ---- Passages

// search.js sends `warta:passages` to the results list once the passages of a batch of
// results are written or given up. expectPassages listens for the next one, passagesDone
// waits for it (playwright's waitForFunction fails after 30 s rather than wait for ever).
async function expectPassages(page) {
  await page.evaluate(() => {
    window.passagesDone = false;
    document.getElementById('search-results').addEventListener('warta:passages', () => { window.passagesDone = true; }, { once: true });
  });
}
const passagesDone = (page) => page.waitForFunction(() => window.passagesDone === true);

// Types q into the search page already open and submits it; resolves once the passages of the
// first results are settled.
async function search(page, q) {
  await expectPassages(page);
  await page.fill('#search-q', q);
  await page.press('#search-q', 'Enter');
  await passagesDone(page);
}

// Each result: its link's path, summary, and passages (HTML, text, lang, what comes before).
function shownResults(page) {
  return page.$$eval('#search-results > li', (lis) =>
    lis.map((li) => ({
      href: new URL(li.querySelector('.item__title a').href).pathname,
      summary: li.querySelector('.item__summary')?.textContent ?? null,
      passages: [...li.querySelectorAll('.item__passage')].map((p) => ({
        html: p.innerHTML,
        text: p.textContent,
        lang: p.lang,
        after: p.previousElementSibling?.className,
        parent: p.parentElement === li,
      })),
    })),
  );
}

function resultFor(results, href) {
  const r = results.find((x) => x.href === href);
  assert.ok(r, `${href} not among ${JSON.stringify(results.map((x) => x.href))}`);
  return r;
}

// The one passage of a result.
function passageOf(results, href) {
  const r = resultFor(results, href);
  assert.equal(r.passages.length, 1, `${href}: ${JSON.stringify(r)}`);
  return r.passages[0];
}

async function searchPage(prefix = '', viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  await page.goto(`${server.url}${prefix}/search/`, { waitUntil: 'load' });
  return { context, page };
}

test('"10,91" quotes the seed release where it prints the figure (id), at 1280 and 390 px', async () => {
  const { context, page } = await searchPage();
  await search(page, '10,91');
  const results = await shownResults(page);
  const seed = resultFor(results, SEED_RELEASE);
  assert.ok(seed.summary.startsWith('Dinas PPKUKM DKI Jakarta bertemu'), seed.summary);
  const p = passageOf(results, SEED_RELEASE);
  assert.ok(p.html.includes('tumbuh sebesar <mark>10,91</mark> persen (angka sementara;'), p.html);
  assert.ok(p.text.startsWith('Ratu mengatakan, berdasarkan data BPS'), p.text);
  assert.equal(p.after, 'item__summary');
  assert.ok(p.parent, 'the passage is a paragraph of the result');
  assert.equal(p.lang, '');
  // The dataset quotes its revision history, where 10,91 was the preliminary value, with its period.
  const data = passageOf(results, '/indicators/jakarta-grdp-growth/');
  assert.equal(data.html, 'Tw II-2021: <mark>10,91</mark> persen (angka sementara), diterbitkan 5 Agustus 2021');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'search-passage-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scroll at 390 px');
  await page.screenshot({ path: path.join(SHOTS, 'search-passage-390.png'), fullPage: true });
  await context.close();
});

test('a word only in a release\'s body is quoted, cut to about 30 words around it', async () => {
  const { context, page } = await searchPage();
  // In the middle of the seed release's longest paragraph (KADIN's Rainer, 68 words).
  await search(page, 'sertifikasi');
  const p = passageOf(await shownResults(page), SEED_RELEASE);
  assert.ok(p.html.includes('izin edar PIRT, HAKI dan <mark>sertifikasi</mark> halal.'), p.html);
  assert.ok(p.text.startsWith('…') && p.text.endsWith('…'), p.text);
  const n = p.text.split(/\s+/).length;
  assert.ok(n >= 28 && n <= 32, `${n} words: ${p.text}`);
  // Cut at words: every word of the passage is a whole word of the page.
  const body = await page.evaluate(async (u) => new DOMParser().parseFromString(await (await fetch(u)).text(), 'text/html').querySelector('.prose').textContent.replace(/\s+/g, ' '), SEED_RELEASE);
  assert.ok(body.includes(' ' + p.text.slice(1, -1) + ' '), p.text);
  await context.close();
});

test('a table row reads as its cells joined by " · "', async () => {
  const { context, page } = await searchPage();
  await search(page, '3,89');
  const p = passageOf(await shownResults(page), '/indicators/jakarta-grdp-growth/');
  assert.equal(p.text, 'Tw III-2020 · -3,89 · angka sementara · 5 Agustus 2021');
  assert.ok(p.html.includes('-<mark>3,89</mark>'), p.html);
  await context.close();
});

test('English: "10.91" quotes the English release; an untranslated release\'s passage says its language', async () => {
  const { context, page } = await searchPage('/en');
  await search(page, '10.91');
  const p = passageOf(await shownResults(page), `/en${SEED_RELEASE}`);
  assert.ok(p.html.includes('grew by <mark>10.91</mark> percent (preliminary;'), p.html);
  assert.equal(p.lang, '');
  await search(page, 'asephi');
  assert.ok(passageOf(await shownResults(page), `/en${SEED_RELEASE}`).html.includes('Producers Association (<mark>ASEPHI</mark>)'));
  // The bazar placeholder has no English text: the English site lists it in Indonesian.
  await search(page, 'salinan');
  const id = passageOf(await shownResults(page), '/releases/bazar-ukm-pasar-minggu/');
  assert.equal(id.lang, 'id');
  assert.ok(id.html.includes('<mark>salinan</mark>'), id.html);
  await context.close();
});

test('a page that cannot be fetched leaves its result with its summary, and no passage', async () => {
  const { context, page } = await searchPage();
  await page.route(`**${SEED_RELEASE}`, (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<main><p>10,91</p></main>' }));
  await search(page, '10,91');
  const results = await shownResults(page);
  const seed = resultFor(results, SEED_RELEASE);
  assert.deepEqual(seed.passages, []);
  assert.ok(seed.summary.startsWith('Dinas PPKUKM DKI Jakarta bertemu'), seed.summary);
  // The other result still has its passage.
  passageOf(results, '/indicators/jakarta-grdp-growth/');
  await context.close();
});

test('passages come from the page\'s own text, not its header, menus, footer or citation', async () => {
  const { context, page } = await searchPage();
  // "Metodologi" is a link in every page's footer; the release names it in a footnote.
  await search(page, 'metodologi');
  let p = passageOf(await shownResults(page), '/releases/rekapitulasi-pelatihan-ekspor-ukm/');
  assert.equal(p.html, 'Rilis data yang sebenarnya menyebutkan sumber setiap angka dan tanggal angka itu dirilis. Lihat halaman <mark>Metodologi</mark>.');
  // "Warta Ekonomi DKI Jakarta", the site's title, heads and ends every page and is in every
  // citation; the release's own text says "perekonomian".
  await search(page, 'ekonomi');
  p = passageOf(await shownResults(page), SEED_RELEASE);
  assert.ok(!p.text.includes('Warta') && p.html.includes('<mark>perekonomian</mark> Jakarta tumbuh'), p.html);
  // The first "Indonesia" of every Indonesian page is its language switch's "Bahasa Indonesia".
  await search(page, 'indonesia');
  p = passageOf(await shownResults(page), SEED_RELEASE);
  assert.ok(p.html.includes('Handicraft <mark>Indonesia</mark> (ASEPHI)'), p.html);
  await context.close();
});

test('pages are fetched three at a time, each once, and none for a search that was replaced', async () => {
  const { context, page } = await searchPage();
  const asked = [];
  let held = [];
  let hold = true;
  let third;
  const threeAsked = new Promise((resolve) => { third = resolve; });
  await page.route(/\/(releases|indicators|organizations)\//, (route) => {
    asked.push(new URL(route.request().url()).pathname);
    if (asked.length === 3) third();
    if (hold) held.push(route);
    else route.continue();
  });
  // "asephi": four results that need a passage (an organization, three releases).
  await page.fill('#search-q', 'asephi');
  await page.press('#search-q', 'Enter');
  await threeAsked;
  // The three pages are held: a fourth fetch would be asked now, before the next search.
  await expectPassages(page);
  await page.fill('#search-q', '3,89');
  await page.press('#search-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length === 1);
  hold = false;
  for (const r of held) await r.continue();
  held = [];
  await passagesDone(page);
  assert.deepEqual(asked, [
    '/organizations/asephi/',
    '/releases/pernyataan-bersama-pendampingan-ukm/',
    '/releases/rekapitulasi-pelatihan-ekspor-ukm/',
    '/indicators/jakarta-grdp-growth/',
  ]);
  let results = await shownResults(page);
  assert.deepEqual(results.map((r) => r.href), ['/indicators/jakarta-grdp-growth/']);
  assert.ok(passageOf(results, '/indicators/jakarta-grdp-growth/').html.includes('<mark>3,89</mark>'));
  // Searching again quotes the pages already fetched without fetching them again.
  await search(page, '1,91');
  await search(page, 'asephi');
  results = await shownResults(page);
  assert.ok(passageOf(results, '/organizations/asephi/').html.includes('<mark>ASEPHI</mark>'));
  assert.ok(passageOf(results, SEED_RELEASE).html.includes('<mark>ASEPHI</mark>'));
  assert.deepEqual(asked.slice(4), [SEED_RELEASE]);
  await context.close();
});

test('search results with passages pass axe (WCAG 2.2 AA), light and dark, 1280 and 375 px', async () => {
  for (const [colorScheme, width] of [['light', 1280], ['dark', 1280], ['light', 375], ['dark', 375]]) {
    const { context, page } = await searchPage('', { width, height: 900 }, { colorScheme });
    await search(page, '10,91');
    assert.equal((await shownResults(page)).filter((r) => r.passages.length).length, 2);
    await page.evaluate(AXE_SOURCE);
    const { violations } = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }));
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${colorScheme}, ${width} px`);
    await context.close();
  }
});
