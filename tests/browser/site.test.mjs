// Real-browser checks of the example site (issue 7), run by ./run with `node --test`.
//
// WARTA_OUT is the built site. Every check runs over one page of every page type in both
// languages (lib/pages.mjs):
//   1. axe-core, WCAG 2.0/2.1/2.2 A and AA rules: zero violations (light and dark colour
//      scheme at 1280 px, light at 375 px); plus the contrast of SVG chart text and data marks,
//      which axe leaves as "needs review";
//   2. Nu Html Checker (vnu.jar) over every HTML file and stylesheet of the build: zero errors;
//   3. no horizontal page scroll at 320, 375 and 1280 px, and no failed request; on a phone
//      (320, 375, 390 px) every chart shows whole in its box, text at 10.5 px or more; a
//      period ("Tw II-2021") on an indicator page, the indicators index or home stays on one
//      line (320 and 1280 px);
//   4. JavaScript off: main content (and a release's body) present and visible;
//   5. keyboard: Tab reaches the skip link first, then the language switcher; Enter on the
//      other language's link opens that language's page; the skip link moves focus to main;
//      charts that scroll sideways on a phone can be scrolled from the keyboard;
//   6. page weight of the seed release page (two charts): < 100 kB in all, JavaScript < 30 kB
//      (response bodies; the test server does not compress);
//   7. copy buttons beside the citations (seed release, an indicator page, both languages):
//      named in the page's language, copy exactly the citation, announce it; select it and say
//      how to copy where the clipboard is missing or refused; reached and pressed from the
//      keyboard; absent without JavaScript and on paper.
// Screenshots of the seed release, two indicator pages, home and the citation boxes go to
// WARTA_SHOTS (/tmp/warta-shots).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from './lib/browser.mjs';
import { CHART_PAGES, INDICATOR, PAGES, PAGE_TYPES, PERIOD_PAGES, SEED_RELEASE } from './lib/pages.mjs';
import { serve } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const OUT = process.env.WARTA_OUT;
if (!OUT) throw new Error('WARTA_OUT (the built site) is not set: run tests/browser/run');
const SHOTS = process.env.WARTA_SHOTS || '/tmp/warta-shots';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [320, 375, 1280];
const PHONE_WIDTHS = [320, 375, 390];
// Chart text on a phone: 12-unit labels of the 280-unit narrow drawing in the 254 px a
// 320 px phone leaves inside a home page card print at 10.9 px.
const MIN_CHART_TEXT_PX = 10.5;
const MAX_TOTAL = 100_000; // bytes, HTML + CSS + JS + everything else the page loads
const MAX_JS = 30_000;

const counts = {
  pages: new Set(),
  axeRuns: 0,
  axeRules: new Set(),
  axeRuleChecks: 0,
  axeIncomplete: new Map(),
  vnuFiles: 0,
  vnuCss: 0,
  vnuErrors: 0,
  layouts: 0,
  charts: 0,
  phoneCharts: 0,
  tableHeaders: 0,
  chartTexts: 0,
  chartMarks: 0,
  keyboard: 0,
  noJs: 0,
};

let server;
let browser;
let browserVersion = '?';

before(async () => {
  server = await serve(OUT);
  browser = await launch();
  browserVersion = browser.version();
});

after(async () => {
  await browser?.close();
  await server?.close();
  // Printed last, just above node's summary.
  console.log(
    [
      `warta browser suite: Chromium ${browserVersion}, axe-core ${require('axe-core/package.json').version}`,
      `pages checked: ${counts.pages.size} (${PAGE_TYPES} page types x 2 languages)`,
      `axe: ${counts.axeRuns} runs, ${counts.axeRules.size} distinct rules run ` +
        `(${counts.axeRuleChecks} rule checks), 0 violations allowed; needs review (not failures): ${[...counts.axeIncomplete].map(([id, n]) => `${id} in ${n} runs`).join(', ') || 'none'}`,
      `chart contrast (SVG text axe cannot measure): ${counts.chartTexts} texts, ${counts.chartMarks} data marks in ${counts.charts} charts`,
      `vnu: ${counts.vnuFiles} HTML files and ${counts.vnuCss} stylesheet(s) validated, ${counts.vnuErrors} errors`,
      `layout: ${counts.layouts} page/width checks; ${counts.phoneCharts} charts whole on a phone; ${counts.tableHeaders} periods on one line; no JavaScript: ${counts.noJs} pages; keyboard: ${counts.keyboard} pages`,
    ].join('\n'),
  );
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  return { context, page };
}

async function open(page, p) {
  const res = await page.goto(server.url + p.path, { waitUntil: 'load' });
  assert.ok(res, `no response for ${p.path}`);
  const expected = p.type === '404' ? 404 : 200;
  assert.equal(res.status(), expected, `${p.path}: HTTP ${res.status()}`);
  counts.pages.add(p.path);
  return res;
}

// ---------------------------------------------------------------------------------------------
// 1. axe-core
// ---------------------------------------------------------------------------------------------

function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`)
          .join('\n'),
    )
    .join('\n');
}

const AXE_SETUPS = [
  { label: 'light, 1280 px', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { label: 'dark, 1280 px', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  { label: 'light, 375 px', viewport: { width: 375, height: 740 }, colorScheme: 'light', isMobile: true, hasTouch: true },
];

describe('axe-core (WCAG 2.2 AA)', () => {
  for (const setup of AXE_SETUPS) {
    describe(setup.label, () => {
      let ctx;
      before(async () => {
        ctx = await newPage({ viewport: setup.viewport, colorScheme: setup.colorScheme, isMobile: setup.isMobile, hasTouch: setup.hasTouch });
      });
      after(async () => ctx?.context.close());
      for (const p of PAGES) {
        test(p.name, async () => {
          await open(ctx.page, p);
          await ctx.page.evaluate(AXE_SOURCE);
          const results = await ctx.page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            AXE_TAGS,
          );
          counts.axeRuns += 1;
          for (const kind of ['passes', 'violations', 'incomplete', 'inapplicable']) {
            for (const r of results[kind]) counts.axeRules.add(r.id);
            counts.axeRuleChecks += results[kind].length;
          }
          for (const r of results.incomplete) counts.axeIncomplete.set(r.id, (counts.axeIncomplete.get(r.id) || 0) + 1);
          assert.equal(results.violations.length, 0, `${p.path} (${setup.label}):\n${formatViolations(results.violations)}`);
        });
      }
    });
  }
});

// In the page: the contrast helpers the checks share (a string, spliced into the code that
// `page.evaluate` runs, since a function passed to it cannot see this module's scope).
const CONTRAST_HELPERS = `
  const rgb = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return a === 0 ? null : [r, g, b];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05);
  };
`;

// axe reports the text of SVG charts as "needs review" (it cannot find the colour behind text
// drawn over a <rect>), so the charts' contrast is measured here: every text against the chart's
// background at 4.5:1 (WCAG 1.4.3), every data mark (lines, bars, points) at 3:1 (1.4.11).
describe('chart contrast (SVG text and data marks)', () => {
  let ctx;
  before(async () => {
    ctx = await newPage();
  });
  after(async () => ctx?.context.close());
  for (const p of PAGES.filter((x) => ['home', 'release', 'indicator page'].includes(x.type))) {
    for (const scheme of ['light', 'dark']) {
      test(`${p.name}, ${scheme}`, async () => {
        await ctx.page.emulateMedia({ colorScheme: scheme });
        await open(ctx.page, p);
        await ctx.page.evaluate(`(() => { ${CONTRAST_HELPERS}; window.contrast = { rgb, ratio }; })()`);
        const r = await ctx.page.evaluate(() => {
          const { rgb, ratio } = window.contrast;
          const out = { charts: 0, texts: 0, marks: 0, problems: [] };
          for (const svg of document.querySelectorAll('svg.chart')) {
            out.charts += 1;
            // The chart's background: a first full-size <rect>, else the page behind the SVG.
            const vb = svg.viewBox.baseVal;
            const first = svg.querySelector('rect');
            let bg = null;
            if (first && +first.getAttribute('width') >= vb.width && +first.getAttribute('height') >= vb.height) bg = rgb(getComputedStyle(first).fill);
            for (let el = svg.parentElement; !bg && el; el = el.parentElement) bg = rgb(getComputedStyle(el).backgroundColor);
            bg = bg || [255, 255, 255];
            for (const t of svg.querySelectorAll('text')) {
              if (!t.textContent.trim()) continue;
              const c = rgb(getComputedStyle(t).fill);
              out.texts += 1;
              const q = c ? ratio(c, bg) : 0;
              if (q < 4.5) out.problems.push(`text "${t.textContent.trim()}" ${getComputedStyle(t).fill} on rgb(${bg}): ${q.toFixed(2)}:1 < 4.5:1`);
            }
            for (const m of svg.querySelectorAll('polyline, path, circle, rect')) {
              if (m === first) continue;
              const cs = getComputedStyle(m);
              const stroke = cs.stroke !== 'none' && parseFloat(cs.strokeWidth) >= 2 ? rgb(cs.stroke) : null;
              const fill = m.tagName !== 'polyline' && cs.fill !== 'none' ? rgb(cs.fill) : null;
              const colour = stroke || fill;
              if (!colour) continue; // thin rules and grid lines are decoration
              out.marks += 1;
              const q = ratio(colour, bg);
              if (q < 3) out.problems.push(`${m.tagName} ${stroke ? 'stroke' : 'fill'} rgb(${colour}) on rgb(${bg}): ${q.toFixed(2)}:1 < 3:1`);
            }
          }
          return out;
        });
        counts.charts += r.charts;
        counts.chartTexts += r.texts;
        counts.chartMarks += r.marks;
        assert.ok(r.charts > 0, `${p.path}: no chart found`);
        assert.deepEqual(r.problems, [], `${p.path} (${scheme}): low contrast in charts`);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Nu Html Checker
// ---------------------------------------------------------------------------------------------

function filesEndingWith(dir, ext) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...filesEndingWith(full, ext));
    else if (e.name.endsWith(ext)) files.push(full);
  }
  return files.sort();
}

function runVnu(files) {
  const jar = require('vnu-jar');
  return new Promise((resolve, reject) => {
    const args = ['-Xss4m', '-jar', jar, '--format', 'json', '--errors-only', '--also-check-css', ...files];
    const java = spawn('java', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    java.stdout.on('data', (d) => (out += d));
    java.stderr.on('data', (d) => (err += d));
    java.on('error', (e) => reject(new Error(`cannot run java (apt-get install -y default-jre-headless): ${e.message}`)));
    java.on('close', (code) => {
      // vnu prints its JSON report on stderr and exits 1 when it found errors.
      const text = err.trim() || out.trim();
      try {
        resolve({ code, report: JSON.parse(text) });
      } catch {
        reject(new Error(`vnu exited ${code} without a JSON report:\n${err}\n${out}`));
      }
    });
  });
}

describe('Nu Html Checker (vnu.jar)', () => {
  let byFile;
  const html = filesEndingWith(OUT, '.html');
  const css = filesEndingWith(OUT, '.css');
  const files = [...html, ...css];

  before(async () => {
    assert.ok(html.length > PAGES.length, `only ${html.length} HTML files in ${OUT}`);
    assert.ok(css.length > 0, `no stylesheet in ${OUT}`);
    const { report } = await runVnu(files);
    // vnu names files `file:/abs/path`: compare plain paths.
    byFile = new Map(files.map((f) => [path.resolve(f), []]));
    for (const m of report.messages) {
      let key = 'other';
      try {
        if (m.url && byFile.has(fileURLToPath(m.url))) key = fileURLToPath(m.url);
      } catch {
        // not a file URL: keep it under 'other'
      }
      if (!byFile.has(key)) byFile.set(key, []);
      // --errors-only keeps errors and fatal/IO problems ("non-document-error").
      byFile.get(key).push(m);
    }
    counts.vnuFiles = html.length;
    counts.vnuCss = css.length;
    counts.vnuErrors = report.messages.length;
  });

  const fmt = (msgs) =>
    msgs
      .map((m) => `  ${m.type}${m.subType ? '/' + m.subType : ''} line ${m.lastLine ?? '?'}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`)
      .join('\n');

  for (const p of PAGES) {
    test(`${p.name}: ${p.file}`, () => {
      const key = path.resolve(OUT, p.file);
      assert.ok(byFile.has(key), `${p.file} is not in the build`);
      const msgs = byFile.get(key);
      assert.equal(msgs.length, 0, `${p.file}:\n${fmt(msgs)}`);
    });
  }

  test('every other HTML file and the stylesheets of the build (redirects, other pages, CSS)', () => {
    const checked = new Set(PAGES.map((p) => path.resolve(OUT, p.file)));
    const problems = [...byFile].filter(([k, msgs]) => !checked.has(k) && msgs.length > 0);
    assert.equal(
      problems.length,
      0,
      problems.map(([k, msgs]) => `${path.relative(OUT, k) || k}:\n${fmt(msgs)}`).join('\n'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Layout: no horizontal page scroll; no failed requests
// ---------------------------------------------------------------------------------------------

describe('layout: no horizontal scrolling', () => {
  for (const width of WIDTHS) {
    describe(`${width} px`, () => {
      let ctx;
      before(async () => {
        // Not `isMobile`: mobile emulation widens the layout viewport to fit content that
        // overflows, which would hide the very overflow this looks for.
        ctx = await newPage({ viewport: { width, height: 800 }, hasTouch: width < 800 });
      });
      after(async () => ctx?.context.close());
      for (const p of PAGES) {
        test(p.name, async () => {
          const failed = [];
          const onResponse = (r) => {
            if (r.status() >= 400 && r.url() !== server.url + p.path) failed.push(`${r.status()} ${r.url()}`);
          };
          // The browser fetches the site icon after the page's load event; going on to the
          // next page cancels that fetch (net::ERR_ABORTED), which is no broken resource.
          // Whether the icon loads is the "site icon" check's business.
          const onFailed = (r) => {
            if (!(r.url().endsWith('/favicon.svg') && r.failure()?.errorText === 'net::ERR_ABORTED')) failed.push(`failed ${r.url()} ${r.failure()?.errorText}`);
          };
          ctx.page.on('response', onResponse);
          ctx.page.on('requestfailed', onFailed);
          try {
            await open(ctx.page, p);
          } finally {
            ctx.page.off('response', onResponse);
            ctx.page.off('requestfailed', onFailed);
          }
          const m = await ctx.page.evaluate(() => {
            const vw = window.innerWidth;
            const wide = [];
            // Inside a box that scrolls or clips, being wide is fine.
            const clipped = (e) => {
              for (let x = e.parentElement; x && x !== document.body; x = x.parentElement) {
                if (getComputedStyle(x).overflowX !== 'visible') return true;
              }
              return false;
            };
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > vw + 0.5 && r.width > 0 && !clipped(el)) {
                // Report the outermost culprits only.
                if (!wide.some((w) => w.el.contains(el))) wide.push({ el, right: Math.round(r.right) });
              }
            }
            return {
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: vw,
              wide: wide.slice(0, 5).map((w) => `${w.el.tagName.toLowerCase()}${w.el.className && typeof w.el.className === 'string' ? '.' + w.el.className.trim().split(/\s+/).join('.') : ''} (right edge ${w.right})`),
            };
          });
          counts.layouts += 1;
          assert.equal(m.innerWidth, width, `${p.path}: the window is ${m.innerWidth} px wide, not ${width}`);
          assert.ok(
            m.scrollWidth <= m.innerWidth,
            `${p.path} at ${width} px: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; too wide: ${m.wide.join(', ')}`,
          );
          assert.deepEqual(failed, [], `${p.path}: requests failed`);
        });
      }
    });
  }
});

// A chart cut at the edge of its sideways-scrolling box misleads: bars that run past the edge
// look equally long, and a line loses its latest value. On a phone every chart box must show
// one drawing whole (no sideways scroll, every text inside the visible box) with legible text,
// and stay a focusable, named region.
describe('charts on a phone: whole, legible, and in a named region', () => {
  for (const width of PHONE_WIDTHS) {
    describe(`${width} px`, () => {
      let ctx;
      before(async () => {
        ctx = await newPage({ viewport: { width, height: 800 }, hasTouch: true });
      });
      after(async () => ctx?.context.close());
      for (const url of CHART_PAGES) {
        test(url, async () => {
          const res = await ctx.page.goto(server.url + url, { waitUntil: 'load' });
          assert.equal(res.status(), 200, `${url}: HTTP ${res.status()}`);
          const r = await ctx.page.evaluate((minPx) => {
            const out = { boxes: 0, problems: [] };
            for (const box of document.querySelectorAll('.chart__scroll, div.chart')) {
              out.boxes += 1;
              const name = box.querySelector('svg.chart title')?.textContent.trim() || '(a chart)';
              const say = (what) => out.problems.push(`${name}: ${what}`);
              const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
              if (box.tabIndex !== 0 || box.getAttribute('role') !== 'region' || !named) say('its box is not a focusable, named region');
              const shown = [...box.querySelectorAll('svg.chart')].filter((s) => getComputedStyle(s).display !== 'none');
              if (shown.length !== 1) {
                say(`${shown.length} drawings shown, not one`);
                continue;
              }
              const svg = shown[0];
              if (box.scrollWidth > box.clientWidth + 1) say(`its box scrolls sideways (${box.scrollWidth} px in ${box.clientWidth} px)`);
              // What a reader sees: the box's inside, and within it the SVG (which clips).
              const b = box.getBoundingClientRect();
              const s = svg.getBoundingClientRect();
              const left = Math.max(b.left + box.clientLeft, s.left);
              const right = Math.min(b.left + box.clientLeft + box.clientWidth, s.right);
              if (s.left < left - 0.5 || s.right > right + 0.5) say(`the drawing (${Math.round(s.width)} px) does not fit its box (${box.clientWidth} px)`);
              const scale = s.width / svg.viewBox.baseVal.width;
              for (const t of svg.querySelectorAll('text')) {
                const text = t.textContent.trim();
                if (!text) continue;
                const tr = t.getBoundingClientRect();
                if (tr.left < left - 0.5 || tr.right > right + 0.5) say(`"${text}" is not in view (${Math.round(tr.left)}-${Math.round(tr.right)} px, view ${Math.round(left)}-${Math.round(right)} px)`);
                const px = parseFloat(getComputedStyle(t).fontSize) * scale;
                if (px < minPx) say(`"${text}" prints at ${px.toFixed(1)} px (< ${minPx} px)`);
              }
            }
            return out;
          }, MIN_CHART_TEXT_PX);
          assert.ok(r.boxes > 0, `${url}: no chart found`);
          counts.phoneCharts += r.boxes;
          assert.deepEqual(r.problems, [], `${url} at ${width} px`);
        });
      }
    });
  }
});

// A period ("Tw II-2021") broken after its hyphen reads as two labels.
describe('periods on one line (indicator pages, indicators index, home)', () => {
  for (const width of [320, 1280]) {
    describe(`${width} px`, () => {
      let ctx;
      before(async () => {
        ctx = await newPage({ viewport: { width, height: 800 } });
      });
      after(async () => ctx?.context.close());
      for (const url of PERIOD_PAGES) {
        test(url, async () => {
          const res = await ctx.page.goto(server.url + url, { waitUntil: 'load' });
          assert.equal(res.status(), 200, `${url}: HTTP ${res.status()}`);
          const headers = await ctx.page.evaluate(() =>
            [...document.querySelectorAll('table.data-table tbody th, .period')].map((th) => {
              // One client rect per line the text takes.
              const range = document.createRange();
              range.selectNodeContents(th);
              const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
              return { text: th.textContent.trim(), lines: tops.size };
            }),
          );
          assert.ok(headers.length > 1, `${url}: fewer than two periods`);
          counts.tableHeaders += headers.length;
          assert.deepEqual(
            headers.filter((h) => h.lines !== 1),
            [],
            `${url} at ${width} px: periods on more than one line`,
          );
        });
      }
    });
  }
});

// A data table wider than a phone scrolls in its box: its caption is read whole, each row's
// period stays in view while the values scroll, and a shadow at the box's edge says the row
// goes on (before, "2,01" showed as "2,0" with nothing to say there was more).
describe('wide tables on a phone (indicator pages)', () => {
  let ctx;
  before(async () => {
    ctx = await newPage({ viewport: { width: 375, height: 800 } });
  });
  after(async () => ctx?.context.close());
  for (const url of PERIOD_PAGES.filter((u) => /\/indicators\/[^/]+\/$/.test(u))) {
    test(url, async () => {
      const res = await ctx.page.goto(server.url + url, { waitUntil: 'load' });
      assert.equal(res.status(), 200, `${url}: HTTP ${res.status()}`);
      const tables = await ctx.page.evaluate(() =>
        [...document.querySelectorAll('.table-wrap')].map((wrap) => {
          const caption = wrap.querySelector('caption');
          const th = wrap.querySelector('tbody th');
          return {
            captionRight: caption ? caption.getBoundingClientRect().right : 0,
            sticky: th ? getComputedStyle(th).position : '',
            cue: getComputedStyle(wrap).backgroundImage,
          };
        }),
      );
      assert.ok(tables.length > 0, `${url}: no data table`);
      for (const t of tables) {
        assert.ok(t.captionRight <= 375, `${url}: the caption runs past the screen (${t.captionRight} px)`);
        assert.equal(t.sticky, 'sticky', `${url}: the row's period scrolls away`);
        assert.equal((t.cue.match(/radial-gradient/g) || []).length, 2, `${url}: no scroll shadows (${t.cue})`);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 4. JavaScript off
// ---------------------------------------------------------------------------------------------

describe('JavaScript disabled: content is there and visible', () => {
  let ctx;
  before(async () => {
    ctx = await newPage({ javaScriptEnabled: false });
  });
  after(async () => ctx?.context.close());
  for (const p of PAGES) {
    test(p.name, async () => {
      await open(ctx.page, p);
      const main = ctx.page.locator('main#main');
      assert.equal(await main.count(), 1, `${p.path}: no <main id="main">`);
      assert.ok(await main.isVisible(), `${p.path}: <main> is not visible`);
      const h1 = main.locator('h1');
      assert.ok(await h1.first().isVisible(), `${p.path}: no visible <h1> in <main>`);
      const text = (await main.innerText()).trim();
      assert.ok(text.length > 40, `${p.path}: <main> shows only ${text.length} characters`);
      if (p.type === 'release') {
        const body = ctx.page.locator('article.release .prose');
        assert.equal(await body.count(), 1, `${p.path}: no release body (.release .prose)`);
        assert.ok(await body.isVisible(), `${p.path}: release body not visible`);
        const bodyText = (await body.innerText()).trim();
        assert.ok(bodyText.length > 500, `${p.path}: release body shows only ${bodyText.length} characters`);
        // Each chart comes as a wide and a narrow drawing, of which the page shows one.
        const charts = body.locator('figure.chart');
        assert.equal(await charts.count(), 2, `${p.path}: expected the seed release's two charts`);
        for (const c of await charts.all()) {
          assert.equal(await c.locator('svg.chart').filter({ visible: true }).count(), 1, `${p.path}: a chart is not visible`);
        }
      }
      if (p.type === 'indicator page') {
        assert.ok(await main.locator('table.data-table').isVisible(), `${p.path}: data table not visible`);
        assert.equal(await main.locator('figure.chart svg.chart').filter({ visible: true }).count(), 1, `${p.path}: chart not visible`);
      }
      counts.noJs += 1;
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 5. Keyboard
// ---------------------------------------------------------------------------------------------

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.getAttribute('class') || '',
      href: el.getAttribute('href'),
      hreflang: el.getAttribute('hreflang'),
      inLangSwitch: !!el.closest('.lang-switch'),
      inMain: !!el.closest('main'),
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < window.innerWidth && r.top < window.innerHeight,
      outline: getComputedStyle(el).outlineStyle,
      background: getComputedStyle(el).backgroundColor,
    };
  });
}

describe('keyboard: skip link and language switcher', () => {
  let ctx;
  before(async () => {
    ctx = await newPage();
  });
  after(async () => ctx?.context.close());
  for (const p of PAGES) {
    test(p.name, async () => {
      const page = ctx.page;
      const other = p.lang === 'id' ? 'en' : 'id';
      await open(page, p);
      await page.keyboard.press('Tab');
      const first = await focused(page);
      assert.ok(first && first.cls.includes('skip-link'), `${p.path}: first Tab stop is ${JSON.stringify(first)}, not the skip link`);
      assert.ok(first.visible, `${p.path}: the focused skip link is not visible`);

      // Walk the Tab order through the language switcher.
      const seen = [];
      let current = null;
      for (let i = 0; i < 25 && !(seen.includes('id') && seen.includes('en')); i += 1) {
        await page.keyboard.press('Tab');
        current = await focused(page);
        if (!current) break;
        if (current.inLangSwitch) {
          seen.push(current.hreflang);
          assert.ok(current.visible, `${p.path}: focused language link ${current.hreflang} not visible`);
        }
      }
      let target = null;
      if (current && current.inLangSwitch) {
        if (current.hreflang !== other) {
          await page.keyboard.press('Shift+Tab');
          current = await focused(page);
        }
        if (current && current.inLangSwitch && current.hreflang === other) target = current;
      }
      assert.ok(seen.includes(p.lang), `${p.path}: Tab never reached the ${p.lang} language link (saw ${seen})`);
      assert.ok(target, `${p.path}: Tab never reached the ${other} language link`);
      assert.equal(target.href, p.counterpart[other]);
      await Promise.all([page.waitForURL(server.url + p.counterpart[other]), page.keyboard.press('Enter')]);
      assert.equal(await page.evaluate(() => document.documentElement.lang), other, `${p.path}: Enter did not open the ${other} page`);

      // The skip link moves focus into <main>.
      await open(page, p);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page
        .waitForFunction(() => location.hash === '#main', null, { timeout: 5000 })
        .catch(() => assert.fail(`${p.path}: Enter on the skip link did not go to #main`));
      await page.keyboard.press('Tab');
      const afterSkip = await page.evaluate(() => {
        const el = document.activeElement;
        const main = document.querySelector('main');
        if (!el || el === document.body) return { ok: false, what: 'nothing' };
        const inside = main.contains(el);
        const following = !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        const mainHasStop = [...main.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].some(
          (e) => e.tabIndex >= 0 && e.getClientRects().length > 0,
        );
        return { ok: inside || (!mainHasStop && following), what: el.outerHTML.slice(0, 120) };
      });
      assert.ok(afterSkip.ok, `${p.path}: Tab after the skip link went to ${afterSkip.what}, not into <main>`);
      counts.keyboard += 1;
    });
  }

  test('charts that scroll sideways on a phone can be scrolled from the keyboard', async () => {
    const { context, page } = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    try {
      for (const url of [SEED_RELEASE, INDICATOR, '/']) {
        await page.goto(server.url + url);
        const scrollers = page.locator('.chart-scroll, figure.chart, div.chart');
        let checked = 0;
        for (const el of await scrollers.all()) {
          const s = await el.evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, overflow: getComputedStyle(e).overflowX }));
          if (s.sw <= s.cw + 1 || s.overflow === 'visible') continue;
          checked += 1;
          // Reach it with Tab, then scroll it with the arrow key.
          await el.evaluate((e) => e.scrollTo(0, 0));
          await page.evaluate(() => document.activeElement?.blur());
          await el.evaluate((e) => {
            // Start tabbing from just before the scroller.
            const marker = document.createElement('span');
            marker.tabIndex = -1;
            e.before(marker);
            marker.focus();
            marker.remove();
          });
          await page.keyboard.press('Tab');
          const inside = await el.evaluate((e) => e === document.activeElement || e.contains(document.activeElement));
          assert.ok(inside, `${url}: Tab does not reach the sideways-scrolling chart`);
          await page.keyboard.press('ArrowRight');
          await page.keyboard.press('ArrowRight');
          await page.waitForTimeout(300);
          const left = await el.evaluate((e) => e.scrollLeft);
          assert.ok(left > 0, `${url}: ArrowRight on the focused chart does not scroll it`);
        }
        console.log(`${url}: ${checked} sideways-scrolling chart(s) at 375 px checked`);
      }
    } finally {
      await context.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 5b. Focus you can see, in order; pages that print (second review: a journalist citing a figure)
// ---------------------------------------------------------------------------------------------


// Pages a reporter tabs through to find and cite a figure.
const FOCUS_PAGES = [SEED_RELEASE, '/en' + SEED_RELEASE, INDICATOR, '/en/indicators/contoh-peserta-pelatihan-ekspor/', '/releases/rekapitulasi-pelatihan-ekspor-ukm/'];

describe('keyboard: every Tab stop shows its focus (3:1), in reading order', () => {
  for (const scheme of ['light', 'dark']) {
    for (const url of FOCUS_PAGES) {
      test(`${url}, ${scheme}`, async () => {
        const { context, page } = await newPage({ colorScheme: scheme });
        try {
          await page.goto(server.url + url);
          const problems = [];
          let last = null;
          let stops = 0;
          for (let i = 0; i < 120; i += 1) {
            await page.keyboard.press('Tab');
            const f = await page.evaluate(`(() => {
              ${CONTRAST_HELPERS}
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const cs = getComputedStyle(el);
              let bg = null;
              for (let p = el.parentElement; !bg && p; p = p.parentElement) bg = rgb(getComputedStyle(p).backgroundColor);
              bg = bg || rgb(getComputedStyle(document.body).backgroundColor) || [255, 255, 255];
              // What marks the focus: a visible outline, a background of its own, or a box
              // shadow's colours. The best of them must stand out 3:1 from what surrounds it.
              const colours = [];
              if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) colours.push(rgb(cs.outlineColor));
              colours.push(rgb(cs.backgroundColor));
              for (const m of cs.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) colours.push(rgb(m[0]));
              const best = Math.max(0, ...colours.filter(Boolean).map((c) => ratio(c, bg)));
              const r = el.getBoundingClientRect();
              return {
                what: el.outerHTML.slice(0, 100),
                best,
                inMain: !!el.closest('main'),
                top: r.top + scrollY,
                bottom: r.bottom + scrollY,
                visible: r.width > 0 && r.height > 0,
              };
            })()`);
            if (!f) break;
            stops += 1;
            if (!f.visible) problems.push(`invisible Tab stop ${f.what}`);
            if (f.best < 3) problems.push(`focus of ${f.what} stands out ${f.best.toFixed(2)}:1 < 3:1`);
            // In <main>, a Tab stop never lies wholly above the one before it.
            if (f.inMain && last && f.bottom < last.top - 1) problems.push(`Tab goes back up from ${last.what} to ${f.what}`);
            if (f.inMain) last = f;
            else if (last) break; // left <main>: the footer
          }
          assert.ok(stops > 5, `${url}: only ${stops} Tab stops`);
          assert.deepEqual(problems, [], `${url} (${scheme})`);
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('print: a release and an indicator page on paper', () => {
  for (const scheme of ['light', 'dark']) {
    test(`indicator page and release printed (screen scheme ${scheme})`, async () => {
      const { context, page } = await newPage({ viewport: { width: 720, height: 1000 } });
      try {
        await page.emulateMedia({ media: 'print', colorScheme: scheme });
        await page.goto(server.url + '/indicators/jakarta-grdp-growth/');
        const ind = await page.evaluate(`(() => {
          ${CONTRAST_HELPERS}
          const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
          const source = document.querySelector('.facts a[href^="http"]');
          return {
            text: ratio(rgb(getComputedStyle(document.body).color), [255, 255, 255]),
            muted: ratio(rgb(getComputedStyle(document.querySelector('.status')).color), [255, 255, 255]),
            nav: shown('.primary-nav'),
            chartLinks: shown('.chart-links'),
            downloads: shown('.downloads'),
            sourceUrl: getComputedStyle(source, '::after').content,
            sourceHref: source.href,
            citation: shown('.cite .citation'),
            permalink: document.querySelector('.cite a').textContent,
            chartBreak: getComputedStyle(document.querySelector('figure.chart')).breakInside,
            tableScroll: getComputedStyle(document.querySelector('.table-wrap')).overflowX,
          };
        })()`);
        // Paper is white: the text is dark whatever the screen's scheme.
        assert.ok(ind.text >= 7 && ind.muted >= 4.5, `printed text contrast on white: ${ind.text.toFixed(2)}, muted ${ind.muted.toFixed(2)}`);
        assert.equal(ind.nav, false, 'the menu is not printed');
        assert.equal(ind.chartLinks, false, 'links that lead nowhere on paper are not printed');
        assert.equal(ind.downloads, false, 'download links are not printed');
        assert.ok(ind.sourceUrl.includes('https://jakarta.bps.go.id'), `the source's address is printed after its name: ${ind.sourceUrl}`);
        assert.ok(ind.citation && ind.permalink.startsWith('https://'), 'the citation with the permanent link is printed');
        assert.equal(ind.chartBreak, 'avoid', 'a chart is not cut by a page break');
        assert.equal(ind.tableScroll, 'visible', 'the table prints whole');

        await page.goto(server.url + SEED_RELEASE);
        const rel = await page.evaluate(`(() => {
          ${CONTRAST_HELPERS}
          return {
            text: ratio(rgb(getComputedStyle(document.querySelector('.prose')).color), [255, 255, 255]),
            search: [...document.querySelectorAll('a[href$="/search/"]')].some((a) => a.getClientRects().length > 0),
            cite: getComputedStyle(document.querySelector('.cite')).breakInside,
            figures: [...document.querySelectorAll('.prose a.figure')].map((a) => a.textContent),
          };
        })()`);
        assert.ok(rel.text >= 7, `release text on paper: ${rel.text.toFixed(2)}:1`);
        assert.equal(rel.search, false, 'the search link is not printed');
        assert.equal(rel.cite, 'avoid', 'the citation is not cut by a page break');
        assert.deepEqual(rel.figures, ['10,91 persen'], 'the figure is printed');
      } finally {
        await context.close();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 6. Page weight
// ---------------------------------------------------------------------------------------------

describe('page weight of the seed release (two charts)', () => {
  for (const p of PAGES.filter((x) => x.type === 'release')) {
    test(`${p.name}: < ${MAX_TOTAL / 1000} kB in all, JavaScript < ${MAX_JS / 1000} kB`, async () => {
      const { context, page } = await newPage();
      try {
        const responses = [];
        page.on('response', (r) => responses.push(r));
        await open(page, p);
        await page.waitForLoadState('networkidle');
        const byType = {};
        let total = 0;
        let js = 0;
        for (const r of responses) {
          if (r.status() >= 300 && r.status() < 400) continue;
          const body = await r.body().catch(() => Buffer.alloc(0));
          const type = r.request().resourceType();
          byType[type] = (byType[type] || 0) + body.length;
          total += body.length;
          const ct = r.headers()['content-type'] || '';
          if (type === 'script' || /javascript|ecmascript/.test(ct)) js += body.length;
        }
        const charts = await page.locator('figure.chart').count();
        console.log(`${p.path}: ${total} bytes in ${responses.length} responses ${JSON.stringify(byType)}, JavaScript ${js} bytes, ${charts} charts`);
        assert.equal(charts, 2, 'the seed release should carry two charts');
        assert.ok(total < MAX_TOTAL, `${p.path}: ${total} bytes transferred (limit ${MAX_TOTAL})`);
        assert.ok(js < MAX_JS, `${p.path}: ${js} bytes of JavaScript (limit ${MAX_JS})`);
      } finally {
        await context.close();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 7. Copy buttons beside the suggested citations (js/cite.js)
// ---------------------------------------------------------------------------------------------

// The pages with citations a reporter copies, the buttons' names in the order of the
// citations, and what the live region says. Written out here: a test of what a reader sees.
const CITE_PAGES = [
  { path: SEED_RELEASE, names: ['Salin kutipan'], copied: 'Kutipan disalin', selected: 'Dipilih: tekan Ctrl+C',
    hint: 'Kutipan sudah dipilih. Salin dengan Ctrl+C (⌘C di Mac) atau menu Salin.' },
  { path: '/en' + SEED_RELEASE, names: ['Copy citation'], copied: 'Citation copied', selected: 'Selected: press Ctrl+C',
    hint: 'Citation selected. Copy it with Ctrl+C (⌘C on a Mac) or the Copy menu.' },
  { path: INDICATOR, names: ['Salin kutipan data', 'Salin kutipan angka'], copied: 'Kutipan disalin', selected: 'Dipilih: tekan Ctrl+C',
    hint: 'Kutipan sudah dipilih. Salin dengan Ctrl+C (⌘C di Mac) atau menu Salin.' },
  { path: '/en' + INDICATOR, names: ['Copy data citation', 'Copy figure citation'], copied: 'Citation copied', selected: 'Selected: press Ctrl+C',
    hint: 'Citation selected. Copy it with Ctrl+C (⌘C on a Mac) or the Copy menu.' },
];

// The clipboard's text once it is `want` (the copy completes after the click), or what it
// still is after 5 s.
function clipboardOnce(page, want) {
  return page.evaluate(async (w) => {
    for (let i = 0; i < 100; i += 1) {
      if ((await navigator.clipboard.readText()) === w) return w;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    return navigator.clipboard.readText();
  }, want);
}

async function citePage(p, options = {}) {
  const { context, page } = await newPage({ permissions: ['clipboard-read', 'clipboard-write'], ...options });
  await page.goto(server.url + p.path);
  await page.waitForFunction(() => document.querySelector('.cite-copy'), null, { timeout: 5000 }).catch(() => {});
  const citations = await page.locator('.citation').evaluateAll((ps) =>
    ps.map((e) => ({ text: e.innerText, next: e.nextElementSibling?.outerHTML.slice(0, 60) || '' })),
  );
  citations.canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
  return { context, page, citations };
}

async function status(page, want) {
  return page
    .waitForFunction((w) => document.querySelector('[role="status"]')?.textContent === w, want, { timeout: 5000 })
    .then(() => want, () => page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? null));
}

describe('copy citation buttons (js/cite.js)', () => {
  for (const p of CITE_PAGES) {
    test(`${p.path}: one named button per citation; a click copies the citation exactly and says so`, async () => {
      const { context, page, citations } = await citePage(p);
      try {
        assert.equal(citations.length, p.names.length, `${p.path}: citations`);
        assert.equal(await page.locator('[role="status"]').count(), 1, 'one live region on the page');
        for (const [i, name] of p.names.entries()) {
          assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `${p.path}: no button named "${name}"`);
          // By place, not name: the name is its text, which says "copied" for a moment.
          const button = page.locator('.cite-copy').nth(i);
          assert.equal(await button.innerText(), name, `${p.path}: button ${i + 1}`);
          assert.ok(citations[i].next.startsWith('<button type="button" class="cite-copy"'), `the button follows its citation: ${citations[i].next}`);
          const text = citations[i].text;
          assert.ok(text.includes(citations.canonical), `a citation with the page's address: ${text}`);
          const box = await button.boundingBox();
          assert.ok(box.width >= 24 && box.height >= 24, `${name}: target ${box.width}x${box.height} px`);
          // Where what follows the button starts on the page (not in the viewport, which the
          // click may scroll).
          const nextTop = () => button.evaluate((b) => b.nextElementSibling.getBoundingClientRect().top + scrollY);
          const before = await nextTop();

          await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'));
          await button.click();
          // The button says so for 3 s (polled in the page, so that it cannot be missed), and
          // meanwhile keeps its size, moves nothing below it and keeps the focus.
          const copied = await page
            .waitForFunction(
              ({ i, w }) => {
                const b = document.querySelectorAll('.cite-copy')[i];
                if (b.innerText.trim() !== w) return null;
                const r = b.getBoundingClientRect();
                return { width: r.width, height: r.height, next: b.nextElementSibling.getBoundingClientRect().top + scrollY, focused: b === document.activeElement };
              },
              { i, w: p.copied },
              { polling: 'raf', timeout: 2500 },
            )
            .then((h) => h.jsonValue(), () => null);
          assert.ok(copied, `${name}: the button does not say "${p.copied}"`);
          assert.deepEqual([copied.width, copied.height], [box.width, box.height], `${name}: the button changed size`);
          assert.equal(copied.next, before, `${name}: what follows the button moved`);
          assert.ok(copied.focused, `${name}: the focus moved`);
          assert.equal(await clipboardOnce(page, text), text, `${name}: the clipboard holds the citation`);
          assert.equal(await status(page, p.copied), p.copied, `${name}: the live region`);
        }
      } finally {
        await context.close();
      }
    });

    for (const [how, script] of [
      ['rejected', () => Object.defineProperty(Clipboard.prototype, 'writeText', { value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) })],
      ['missing', () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })],
    ]) {
      test(`${p.path}: clipboard ${how}: the citation is selected and the page says how to copy it`, async () => {
        const { context, page } = await newPage();
        try {
          await page.addInitScript(script);
          await page.goto(server.url + p.path);
          const citations = await page.locator('.citation').evaluateAll((ps) => ps.map((e) => e.innerText));
          for (const [i, name] of p.names.entries()) {
            const button = page.getByRole('button', { name, exact: true });
            await button.click();
            assert.equal(await status(page, p.hint), p.hint, `${name}: the live region`);
            assert.equal(await page.evaluate(() => getSelection().toString()), citations[i], `${name}: the selection`);
            assert.equal(await page.locator('.cite-copy').nth(i).innerText(), p.selected, `${name}: the button's text`);
            assert.ok(await page.locator('.cite-copy').nth(i).evaluate((b) => b === document.activeElement), `${name}: the focus moved`);
          }
          // Only the button of the selected citation asks for Ctrl+C; once the reader leaves the
          // selection, every button has its own name again.
          const texts = () => page.locator('.cite-copy').allInnerTexts();
          assert.deepEqual(await texts(), [...p.names.slice(0, -1), p.selected], 'the buttons while the last citation is selected');
          await page.locator('h1').click();
          await page.waitForFunction((n) => [...document.querySelectorAll('.cite-copy')].map((b) => b.innerText).join('|') === n, p.names.join('|'), { timeout: 5000 }).catch(() => {});
          assert.deepEqual(await texts(), p.names, 'the buttons once the selection is left');
        } finally {
          await context.close();
        }
      });
    }

    test(`${p.path}: keyboard: Tab reaches each button, Enter and Space copy`, async () => {
      const { context, page, citations } = await citePage(p);
      try {
        // From the last link before the citations (the permanent link), Tab by Tab.
        await page.locator('.cite .cite__facts a').last().focus();
        for (const [i, name] of p.names.entries()) {
          await page.keyboard.press('Tab');
          const at = await page.evaluate(() => document.activeElement.innerText.trim());
          assert.equal(at, name, `Tab ${i + 1} after the permanent link`);
          for (const key of ['Enter', 'Space']) {
            await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'));
            await page.keyboard.press(key);
            assert.equal(await clipboardOnce(page, citations[i].text), citations[i].text, `${name}: ${key}`);
          }
        }
      } finally {
        await context.close();
      }
    });
  }

  test('without JavaScript there is no button and no live region; on paper no button', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    try {
      for (const p of CITE_PAGES) {
        await page.goto(server.url + p.path);
        assert.equal(await page.locator('.citation').filter({ visible: true }).count(), p.names.length, `${p.path}: citations shown`);
        assert.equal(await page.locator('button, [role="status"]').count(), 0, `${p.path}: a button or live region without JavaScript`);
      }
    } finally {
      await context.close();
    }
    const { context: printed, page: paper } = await newPage();
    try {
      await paper.emulateMedia({ media: 'print' });
      await paper.goto(server.url + INDICATOR);
      await paper.waitForFunction(() => document.querySelectorAll('.cite-copy').length === 2);
      assert.equal(await paper.locator('.cite-copy').filter({ visible: true }).count(), 0, 'a copy button on paper');
    } finally {
      await printed.close();
    }
  });

  test(`the citation box with its focused, pressed button at 1280 and 375 px, light and dark, into ${SHOTS}`, async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [375, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const { context, page } = await newPage({ viewport: { width, height: 800 }, isMobile: width < 800, colorScheme: scheme, permissions: ['clipboard-read', 'clipboard-write'] });
        try {
          for (const [name, url] of [['release', SEED_RELEASE], ['indicator-en', '/en' + INDICATOR]]) {
            // The first button reached with Tab (its focus ring) and pressed ("copied").
            await page.goto(server.url + url);
            await page.locator('.cite .cite__facts a').last().focus();
            await page.keyboard.press('Tab');
            await page.keyboard.press('Enter');
            await page.waitForFunction(() => document.querySelector('[role="status"]').textContent !== '');
            await page.locator('.cite').screenshot({ path: path.join(SHOTS, `cite-${name}-${width}-${scheme}.png`) });
          }
        } finally {
          await context.close();
        }
      }
    }
  });
});

// The site's icon, in the tab and in bookmarks: every page type in both languages names one
// that loads (without it, every page view asked for /favicon.ico and got a 404).
describe('site icon', () => {
  for (const p of PAGES) {
    test(p.name, async () => {
      const { context, page } = await newPage();
      try {
        await open(page, p);
        const href = await page.$eval('link[rel="icon"]', (l) => l.href).catch(() => null);
        assert.ok(href, `${p.path}: no <link rel="icon">`);
        const r = await page.request.get(href);
        assert.equal(r.status(), 200, `${p.path}: ${href}`);
        assert.match(r.headers()['content-type'] || '', /image\/svg\+xml/, href);
        assert.match(await r.text(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, href);
      } finally {
        await context.close();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Screenshots, for a person to look at
// ---------------------------------------------------------------------------------------------

describe('screenshots', () => {
  test(`seed release, indicator pages and home at 375 and 1280 px into ${SHOTS}`, async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [375, 1280]) {
      const { context, page } = await newPage({ viewport: { width, height: 800 }, isMobile: width < 800, deviceScaleFactor: 1 });
      try {
        for (const [name, url] of [
          ['release', SEED_RELEASE],
          ['release-en', '/en' + SEED_RELEASE],
          ['indicator', INDICATOR],
          ['indicator-bar', '/indicators/jakarta-growth-sources/'],
          ['home', '/'],
        ]) {
          await page.goto(server.url + url);
          await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
  });
});
