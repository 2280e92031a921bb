// Search in a real browser (issue 4): the static index and js/search.js, over the example
// site built by ./run. An Indonesian word in an inflected form finds the release that uses
// another form of it ("bertumbuh" and "pertumbuhan" -> stem "tumbuh"), and a figure as the
// page writes it ("10,91", "10.91") finds the release that prints it; the form is reachable
// and usable from the keyboard; a screenshot of the results goes to WARTA_SHOTS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { launch } from './lib/browser.mjs';
import { SEED_RELEASE } from './lib/pages.mjs';
import { serve } from './lib/serve.mjs';

const OUT = process.env.WARTA_OUT;
if (!OUT) throw new Error('WARTA_OUT (the built site) is not set: run tests/browser/run');
const SHOTS = process.env.WARTA_SHOTS || '/tmp/warta-shots';

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
