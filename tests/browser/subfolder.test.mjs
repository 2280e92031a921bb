// The example site served from a folder of its host (base_url = http://127.0.0.1:<port>/laporan),
// as a reader meets it. ./run builds it a second time with --base-url into WARTA_SUBFOLDER_OUT;
// WARTA_SUBFOLDER_URL is that base URL, and the server below serves the output in that folder
// only: every address outside it is a 404, so a page that still asks for `/css/warta.css` or
// links to `/releases/` breaks here as it would on such a host.
//
// Checks: home, the seed release, an indicator and the search page in both languages load
// styled, with no failed request; every address they name on this host (links, stylesheets,
// scripts, images, og:url, JSON-LD) is in the folder and answers 200; the language switch
// opens the translation; a search finds pages in the folder, and quotes one; a crawl from the
// folder's home (and every HTML file of the output nobody links to) finds no 404 and no link
// out of the folder; the feeds, sitemap and robots.txt name only addresses in the folder.
// A screenshot of the home page at 1280 px goes to WARTA_SHOTS (subfolder-home-1280.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { launch } from './lib/browser.mjs';
import { INDICATOR, SEED_RELEASE } from './lib/pages.mjs';
import { serve } from './lib/serve.mjs';

const OUT = process.env.WARTA_SUBFOLDER_OUT;
const URL_ENV = process.env.WARTA_SUBFOLDER_URL;
if (!OUT || !URL_ENV) {
  throw new Error('WARTA_SUBFOLDER_OUT and WARTA_SUBFOLDER_URL (a build with --base-url http://127.0.0.1:<port>/<folder>) are not set: run tests/browser/run');
}
const SHOTS = process.env.WARTA_SHOTS || '/tmp/warta-shots';
const WANTED = new URL(URL_ENV);
const MOUNT = WANTED.pathname.replace(/\/$/, '');
if (WANTED.hostname !== '127.0.0.1' || !WANTED.port || !MOUNT) {
  throw new Error(`WARTA_SUBFOLDER_URL must be http://127.0.0.1:<port>/<folder>, not ${URL_ENV}`);
}
// More HTML pages than this means a link generator loops (`/laporan/laporan/...`).
const CRAWL_CAP = 400;

const LANGS = [
  ['id', ''],
  ['en', '/en'],
];
const PAGES = [
  ['home', '/'],
  ['release', SEED_RELEASE],
  ['indicator', INDICATOR],
  ['search', '/search/'],
];

let server;
let browser;
let ORIGIN;
let BASE;
const counts = { pages: 0, addresses: 0, fetched: new Set(), crawledPages: 0, crawledFiles: 0, unlinked: 0, feedAddresses: 0 };

before(async () => {
  server = await serve(OUT, { mount: MOUNT, port: Number(WANTED.port) });
  ORIGIN = server.url;
  BASE = server.base;
  assert.equal(BASE, WANTED.origin + MOUNT, 'the server is at the address the site was built for');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  console.log(
    `warta browser suite, site in ${MOUNT}/: ${counts.pages} pages checked in Chromium, ${counts.addresses} addresses on them ` +
      `(${counts.fetched.size} distinct, each answering 200); crawl: ${counts.crawledPages} HTML pages ` +
      `(${counts.unlinked} not linked from any page) and ${counts.crawledFiles} other files; ` +
      `feeds, sitemap, robots.txt, api/: ${counts.feedAddresses} addresses`,
  );
});

/** Records failed requests and HTTP errors of every request the page makes. */
function watch(page) {
  const failures = [];
  page.on('requestfailed', (r) => {
    // The site icon is fetched after the load event: going on to the next page cancels it.
    if (!(r.url().endsWith('/favicon.svg') && r.failure()?.errorText === 'net::ERR_ABORTED')) failures.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.url()}: HTTP ${r.status()}`);
  });
  return failures;
}

/** Every address a document names: the attribute as written and what it resolves to.
 *  Runs in the page. SVG's `<a>` has no string `.href`, so attributes are resolved by hand. */
function addressesIn(doc = document) {
  const out = [];
  const add = (where, value) => {
    if (value == null || value === '') return;
    try {
      out.push({ where, value, url: new URL(value, doc.baseURI).href });
    } catch {
      out.push({ where, value, url: null });
    }
  };
  for (const e of doc.querySelectorAll('a[href], area[href], link[href]')) add(`<${e.localName} href>`, e.getAttribute('href'));
  for (const e of doc.querySelectorAll('img[src], script[src], iframe[src], source[src]')) add(`<${e.localName} src>`, e.getAttribute('src'));
  for (const e of doc.querySelectorAll('form[action]')) add('<form action>', e.getAttribute('action'));
  for (const e of doc.querySelectorAll('meta[property^="og:"][content]')) {
    if (/^(https?:)?\//.test(e.getAttribute('content'))) add(`<meta ${e.getAttribute('property')}>`, e.getAttribute('content'));
  }
  for (const e of doc.querySelectorAll('meta[http-equiv="refresh" i][content]')) {
    const m = e.getAttribute('content').match(/url\s*=\s*['"]?([^'"]+)/i);
    if (m) add('<meta refresh>', m[1]);
  }
  for (const [i, e] of [...doc.querySelectorAll('[data-index]')].entries()) add(`data-index #${i}`, e.getAttribute('data-index'));
  const walk = (v) => {
    if (typeof v === 'string') {
      if (/^https?:\/\//.test(v)) add('JSON-LD', v);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x);
    }
  };
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) walk(JSON.parse(s.textContent));
  return out;
}

/** An address on this host must be in the folder; one on 127.0.0.1 at another port is a
 *  build for another address. Returns the problem, or null. */
/** The addresses of an HTML file fetched from `url`, read by the browser's parser without
 *  opening it: an alias page's `<meta http-equiv="refresh">` would navigate away. */
function addressesOfHtml(page, html, url) {
  return page.evaluate(`(${addressesIn})((() => {
    const d = new DOMParser().parseFromString(${JSON.stringify(html)}, 'text/html');
    if (!d.querySelector('base[href]')) {
      const b = d.createElement('base');
      b.setAttribute('href', ${JSON.stringify(url)});
      d.head.prepend(b);
    }
    return d;
  })())`);
}

function outOfFolder(url) {
  const u = new URL(url);
  if (u.origin !== ORIGIN) return u.hostname === '127.0.0.1' ? 'on another port of this host' : null;
  return u.pathname.startsWith(MOUNT + '/') ? null : `outside ${MOUNT}/`;
}

function sameOrigin(url) {
  return new URL(url).origin === ORIGIN;
}

function withoutHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** The stylesheets are applied: values only warta.css (and search.css) set. */
async function assertStyled(page, where) {
  const style = await page.evaluate(() => {
    const css = (sel, prop) => {
      const e = document.querySelector(sel);
      return e ? getComputedStyle(e)[prop] : null;
    };
    return {
      main: css('main.wrap', 'maxWidth'),
      skip: css('.skip-link', 'position'),
      header: css('.site-header', 'backgroundColor'),
      searchRow: css('.search-form__row', 'display'),
      searchForm: !!document.querySelector('.search-form__row'),
    };
  });
  assert.equal(style.main, '1152px', `${where}: main.wrap max-width (72rem in warta.css)`);
  assert.equal(style.skip, 'absolute', `${where}: .skip-link position`);
  assert.notEqual(style.header, 'rgba(0, 0, 0, 0)', `${where}: the header has its background`);
  if (style.searchForm) assert.equal(style.searchRow, 'flex', `${where}: .search-form__row display (search.css)`);
}

/** Checks every address of the page: in the folder, and answering 200 (fetched once a run). */
async function assertAddresses(page, context, where) {
  const addresses = await page.evaluate(addressesIn);
  assert.ok(addresses.length > 10, `${where}: only ${addresses.length} addresses found`);
  const problems = [];
  for (const a of addresses) {
    counts.addresses += 1;
    if (!a.url) {
      problems.push(`${a.where} "${a.value}": not a URL`);
      continue;
    }
    const out = outOfFolder(a.url);
    if (out) {
      problems.push(`${a.where} "${a.value}" -> ${a.url}: ${out}`);
      continue;
    }
    if (!sameOrigin(a.url)) continue;
    const url = withoutHash(a.url);
    if (counts.fetched.has(url)) continue;
    const res = await context.request.get(url);
    if (res.status() !== 200) problems.push(`${a.where} "${a.value}" -> ${url}: HTTP ${res.status()}`);
    else counts.fetched.add(url);
  }
  assert.deepEqual(problems, [], `${where}: addresses out of ${MOUNT}/ or not answering`);
}

test(`the server serves the site in ${MOUNT}/ only`, async () => {
  const context = await browser.newContext();
  for (const [p, status] of [
    ['/', 404],
    ['/css/warta.css', 404],
    ['/releases/', 404],
    [MOUNT + '/', 200],
    [MOUNT + '/css/warta.css', 200],
    [MOUNT + '/halaman-yang-tidak-ada/', 404],
  ]) {
    const res = await context.request.get(ORIGIN + p, { maxRedirects: 0 });
    assert.equal(res.status(), status, p);
  }
  const res = await context.request.get(ORIGIN + MOUNT, { maxRedirects: 0 });
  assert.equal(res.status(), 301);
  assert.equal(res.headers().location, MOUNT + '/');
  await context.close();
});

for (const [type, p] of PAGES) {
  for (const [lang, prefix] of LANGS) {
    const where = `${MOUNT}${prefix}${p}`;
    test(`${type} (${lang}) in ${MOUNT}/: styled, no failed request, every address in the folder and answering, the language switch opens the translation`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const failures = watch(page);
      const res = await page.goto(ORIGIN + where, { waitUntil: 'load' });
      assert.equal(res.status(), 200, where);
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getAttribute('html', 'lang'), lang, where);
      await assertStyled(page, where);
      if (type === 'home' && lang === 'id') {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, 'subfolder-home-1280.png'), fullPage: true });
      }
      await assertAddresses(page, context, where);
      counts.pages += 1;

      // The switch to the other language leads to this page's translation, in the folder.
      const [other, otherPrefix] = LANGS.find(([l]) => l !== lang);
      const translation = `${MOUNT}${otherPrefix}${p}`;
      const link = page.locator(`.lang-switch a[hreflang="${other}"]`);
      assert.equal(await link.getAttribute('href'), translation, `${where}: language switch`);
      await Promise.all([page.waitForURL(ORIGIN + translation), link.click()]);
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getAttribute('html', 'lang'), other, translation);
      await assertStyled(page, translation);
      assert.deepEqual(failures, [], `${where}: failed requests`);
      await context.close();
    });
  }
}

for (const [lang, prefix, q] of [
  ['id', '', 'ekonomi'],
  ['en', '/en', 'growth'],
]) {
  test(`search for "${q}" (${lang}) in ${MOUNT}/ finds pages in the folder, and they open`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const failures = watch(page);
    await page.goto(`${ORIGIN}${MOUNT}${prefix}/search/?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => {
      const s = document.querySelector('#search-status');
      return s && s.textContent && !s.textContent.includes('…');
    });
    const found = await page.$$eval('#search-results a', (as) => as.map((a) => a.href));
    assert.ok(found.length > 0, `no result for ${q}: ${await page.textContent('#search-status')}`);
    // The seed release's title and summary lack the word: it quotes its page, read in the folder.
    const passage = await page.waitForSelector('#search-results .item__passage');
    assert.match(await passage.innerHTML(), /<mark>/);
    for (const url of found) {
      assert.equal(outOfFolder(url), null, `result ${url}`);
      assert.ok(sameOrigin(url), `result ${url} is on this host`);
      assert.ok(new URL(url).pathname.startsWith(`${MOUNT}${prefix}/`), `result ${url} is in the ${lang} pages`);
      const res = await context.request.get(withoutHash(url));
      assert.equal(res.status(), 200, url);
    }
    // A reader clicks the first result.
    await Promise.all([page.waitForURL(withoutHash(found[0]) + '**'), page.locator('#search-results a').first().click()]);
    await page.waitForLoadState('networkidle');
    assert.ok(await page.isVisible('main h1'), `${found[0]}: a heading`);
    await assertStyled(page, found[0]);
    assert.deepEqual(failures, [], 'failed requests');
    await context.close();
  });
}

function htmlFiles(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return htmlFiles(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  });
}

test(`a crawl from ${MOUNT}/ finds no 404 and no link out of the folder`, async () => {
  // What the HTML links to (search results are checked above).
  const context = await browser.newContext();
  const page = await context.newPage();
  const from = new Map([[`${BASE}/`, 'the start']]);
  const queue = [`${BASE}/`];
  const problems = [];
  // After the linked pages, every HTML file of the output nobody links to (alias redirect
  // pages, the 404 page) at its address in the folder.
  const unlinked = htmlFiles(OUT).map((f) => `${BASE}/${f.replace(/(^|\/)index\.html$/, '$1')}`);
  let seeded = false;
  while (queue.length || !seeded) {
    if (!queue.length) {
      seeded = true;
      for (const url of unlinked) {
        if (!from.has(url)) {
          from.set(url, 'no page: an HTML file of the output');
          queue.push(url);
          counts.unlinked += 1;
        }
      }
      continue;
    }
    const url = queue.shift();
    const res = await context.request.get(url);
    if (res.status() !== 200) {
      problems.push(`${url}: HTTP ${res.status()} (linked from ${from.get(url)})`);
      continue;
    }
    const type = res.headers()['content-type'] || '';
    let links = [];
    if (type.startsWith('text/html')) {
      counts.crawledPages += 1;
      assert.ok(counts.crawledPages <= CRAWL_CAP, `more than ${CRAWL_CAP} pages in ${MOUNT}/: a link generator loops? last: ${url} from ${from.get(url)}`);
      links = await addressesOfHtml(page, await res.text(), url);
    } else {
      counts.crawledFiles += 1;
      if (type.startsWith('text/css')) {
        const css = await res.text();
        links = [...css.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => ({ where: 'CSS url()', value: m[1], url: new URL(m[1], url).href }));
      }
    }
    for (const a of links) {
      if (!a.url) {
        problems.push(`${url}: ${a.where} "${a.value}" is not a URL`);
        continue;
      }
      const out = outOfFolder(a.url);
      if (out) {
        problems.push(`${url}: ${a.where} "${a.value}" -> ${a.url}: ${out}`);
        continue;
      }
      if (!sameOrigin(a.url)) continue;
      const next = withoutHash(a.url);
      if (!from.has(next)) {
        from.set(next, url);
        queue.push(next);
      }
    }
  }
  await context.close();
  assert.deepEqual(problems, [], 'crawl');
  // The crawl reached the whole site, not just the start page.
  assert.ok(counts.crawledPages >= unlinked.length, `crawled ${counts.crawledPages} pages, the output has ${unlinked.length} HTML files`);
  assert.ok(counts.unlinked < unlinked.length / 4, `${counts.unlinked} of ${unlinked.length} HTML files not reached by links`);
});

function decodeXml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

// Feeds, the sitemap and robots.txt name this site's addresses only.
for (const file of ['/atom.xml', '/en/atom.xml', '/tags/industri/atom.xml', '/sitemap.xml', '/robots.txt']) {
  test(`${MOUNT}${file} names only addresses in ${MOUNT}/, and they answer`, async () => {
    const context = await browser.newContext();
    const res = await context.request.get(`${BASE}${file}`);
    assert.equal(res.status(), 200);
    // A feed's content is escaped HTML: its links are read after one decoding.
    const text = decodeXml(await res.text());
    const namespaces = new Set([...text.matchAll(/xmlns(?::[\w-]+)?="([^"]+)"/g)].map((m) => m[1]));
    const absolute = [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]).filter((u) => !namespaces.has(u));
    const rooted = [...text.matchAll(/(?:href|src)="(\/(?!\/)[^"]*)"/g)].map((m) => m[1]);
    assert.ok(absolute.length > 0, 'absolute addresses found');
    const problems = [];
    for (const u of absolute) if (!u.startsWith(`${BASE}/`)) problems.push(`${u}: not in ${BASE}/`);
    for (const u of rooted) if (!u.startsWith(`${MOUNT}/`)) problems.push(`${u}: not in ${MOUNT}/`);
    assert.deepEqual(problems, [], file);
    for (const u of new Set([...absolute, ...rooted.map((r) => ORIGIN + r)].map(withoutHash))) {
      const r = await context.request.get(u);
      assert.equal(r.status(), 200, `${file} names ${u}`);
    }
    counts.feedAddresses += absolute.length + rooted.length;
    await context.close();
  });
}

// api/ names this site's addresses, and a dataset's source on its own host (`source.url`).
// `site` in api/releases.json is the base URL itself, without the last `/`.
for (const file of ['/api/releases.json', '/api/indicators.json']) {
  test(`${MOUNT}${file} names only addresses in ${MOUNT}/ (and sources), and they answer`, async () => {
    const context = await browser.newContext();
    const res = await context.request.get(`${BASE}${file}`);
    assert.equal(res.status(), 200);
    const found = [];
    const walk = (v, at) => {
      if (typeof v === 'string') {
        if (/^(https?:)?\//.test(v) && !at.includes('.source.')) found.push([at, v]);
      } else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) walk(x, `${at}.${Array.isArray(v) ? '[]' : k}`);
      }
    };
    walk(await res.json(), '');
    assert.ok(found.length > 0, 'addresses found');
    const problems = found.filter(([at, u]) => !(u === BASE || u.startsWith(`${BASE}/`))).map(([at, u]) => `${at}: ${u}`);
    assert.deepEqual(problems, [], file);
    for (const u of new Set(found.map(([, u]) => withoutHash(u === BASE ? `${BASE}/` : u)))) {
      const r = await context.request.get(u);
      assert.equal(r.status(), 200, `${file} names ${u}`);
    }
    counts.feedAddresses += found.length;
    await context.close();
  });
}
