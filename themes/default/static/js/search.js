/* Warta search (issue 4), an ES module. Reads search/<lang>/index.json and only the chunks a
   query needs. Words, stems and ranking mirror src/search.rs step for step (a Rust test runs
   both on the same files); the file format is described there. No dependencies.

   Each result shows its kind, date, title and summary (from the document chunks), the words
   that match the query in <mark>. When the title and summary do not show every word of the
   query, the result also gets the passage of its page where they occur (`item__passage`):
   the page is fetched (only for the results shown, a few at a time, each page once), and its
   first block (paragraph, list item, table row...) with the most query words is quoted,
   about 30 words around the first match. The index holds no text for this, so it stays as
   small as it was; a page that cannot be fetched leaves its result as it was. */

// ---- Words: lowercased runs of letters and digits, 2-40 characters (or one digit). A . or ,
// between two ASCII digits is part of the word: 10,91 and 1.350 are one word, "2,54." ends
// at the 4 (search.rs: words, joins_digits). No lookbehind: older browsers lack it.
const WORD = /(?:[\p{Alphabetic}\p{N}]*[0-9][.,](?=[0-9]))*[\p{Alphabetic}\p{N}]+/gu;
function words(text) {
  const out = [];
  for (const w of text.toLowerCase().match(WORD) || []) {
    const n = [...w].length;
    if (n <= 40 && (n >= 2 || /^\p{N}$/u.test(w))) out.push(w);
  }
  return out;
}

// ---- Indonesian: Snowball's stemmer (Tala), applied until the word stops changing.
const vowelId = (c) => 'aeiou'.includes(c); // undefined (past the end) is not

function stemId1(w) {
  let m = 0, prefix = 0, start = 0;
  for (const c of w) if (vowelId(c)) m++;
  if (m <= 2) return w;
  let r = /(kah|lah|pun)$/.exec(w);
  if (r) { w = w.slice(0, -3); m--; }
  if (m <= 2) return w;
  r = /(nya|ku|mu)$/.exec(w);
  if (r) { w = w.slice(0, -r[1].length); m--; }
  if (m <= 2) return w;

  function first() {
    if (w[1] !== 'i' && w[1] !== 'e') return false;
    const p = ['meng', 'peng', 'mem', 'men', 'pem', 'pen', 'ter', 'di', 'ke', 'me'].find((x) => w.startsWith(x));
    if (!p) return false;
    m--;
    prefix = p[0] === 'p' || p === 'ke' ? 3 : 1;
    if ((p === 'men' || p === 'pen') && w[3] === 'y' && vowelId(w[4])) { w = 's' + w.slice(4); start = 1; }
    else if ((p === 'mem' || p === 'pem') && vowelId(w[3])) { w = 'p' + w.slice(3); start = 1; }
    else w = w.slice(p.length);
    return true;
  }
  function suffix() {
    const n = w.length;
    if (n <= start) return false;
    if (n - 2 >= start && w.endsWith('an')) {
      if (prefix !== 3 && prefix !== 2 && n - 3 >= start && w[n - 3] === 'k') w = w.slice(0, -3);
      else if (prefix === 1) return false;
      else w = w.slice(0, -2);
    } else if (w[n - 1] === 'i') {
      if (prefix > 2 || (n - 2 >= start && w[n - 2] === 's')) return false;
      w = w.slice(0, -1);
    } else return false;
    m--;
    return true;
  }
  function second(c) {
    if (w[c + 1] !== 'e') return false;
    const nx = w[c + 2], lajar = nx === 'l' && w.startsWith('ajar', c + 3);
    let cut;
    if (w[c] === 'p') {
      if (nx === 'r') { cut = c + 3; prefix = 2; }
      else if (lajar) cut = c + 3;
      else { cut = c + 2; prefix = 2; }
    } else if (w[c] === 'b') {
      if (nx === 'r' || lajar) cut = c + 3;
      else if (nx && !vowelId(nx) && w.startsWith('er', c + 3)) cut = c + 2;
      else return false;
      prefix = 4;
    } else return false;
    m--;
    w = w.slice(0, c) + w.slice(cut);
    return true;
  }

  if (first()) { if (m > 2 && suffix() && m > 2) second(start); }
  else { second(0); if (m > 2) suffix(); }
  return w;
}

function stemId(w) {
  for (;;) { const s = stemId1(w); if (s === w) return w; w = s; }
}

// meN-/peN- before a vowel may have dropped the root's t or k (menumbuhkan, tumbuh).
// Behind di- (for me-) or ke- (for pe-), which the stemmer treats alike (search.rs: restored_initial).
function restored(w) {
  const r = /^([mp])en(g?)[aeiou]/.exec(w);
  return r && (r[1] === 'm' ? 'di' : 'ke') + (r[2] ? 'k' : 't') + w.slice(r[0].length - 1);
}

// ---- English: Snowball's English (Porter 2) stemmer; words have no apostrophes here.
// 'suffix:replacement' tables, longest suffix first.
const table = (t) => t.split(' ').map((e) => e.split(':')).sort((a, b) => b[0].length - a[0].length);
const EXCEPT = new Map(table('skis:ski skies:sky idly:idl gently:gentl ugly:ugli early:earli only:onli singly:singl sky:sky news:news ' +
  'howe:howe atlas:atlas cosmos:cosmos bias:bias andes:andes'));
const STEP2 = table('tional:tion enci:ence anci:ance abli:able entli:ent izer:ize ization:ize ational:ate ation:ate ator:ate alism:al ' +
  'aliti:al alli:al fulness:ful fulli:ful ousli:ous ousness:ous iveness:ive iviti:ive biliti:ble bli:ble ogist:og ogi:og lessli:less li:');
const STEP3 = table('tional:tion ational:ate alize:al icate:ic iciti:ic ical:ic ful: ness: ative:');
const STEP4 = table('al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion');
const vowelEn = (c) => 'aeiouy'.includes(c);

function shortV(s) {
  const n = s.length;
  return (n >= 3 && !'aeiouywxY'.includes(s[n - 1]) && vowelEn(s[n - 2]) && !vowelEn(s[n - 3])) ||
    (n === 2 && !vowelEn(s[1]) && vowelEn(s[0])) || s.endsWith('past');
}

function stemEn(w) {
  if (EXCEPT.has(w)) return EXCEPT.get(w);
  if (w.length < 3) return w;
  const a = w.split('');
  if (a[0] === 'y') a[0] = 'Y';
  for (let i = 1; i < a.length; i++) if (a[i] === 'y' && vowelEn(a[i - 1])) a[i] = 'Y';
  w = a.join('');
  const len = w.length;
  const region = (i) => {
    while (i < len && !vowelEn(w[i])) i++;
    if (i >= len) return len;
    for (i++; i < len && vowelEn(w[i]); i++);
    return i >= len ? len : i + 1;
  };
  const ex = /^(gener|commun|arsen|past|univers|later|emerg|organ|inter)/.exec(w);
  const p1 = ex ? ex[1].length : region(0), p2 = region(p1);
  const ends = (s) => w.endsWith(s);

  // Step 1a
  if (ends('sses')) w = w.slice(0, -2);
  else if (ends('ied') || ends('ies')) w = w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
  else if (ends('ss') || ends('us')) { /* kept */ }
  else if (ends('s') && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);

  // Step 1b
  const s1 = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find(ends);
  step1b: if (s1) {
    const pre = w.slice(0, w.length - s1.length);
    if (s1 === 'eed' || s1 === 'eedly') {
      if (pre.length >= p1 && !['succ', 'proc', 'exc'].includes(pre)) w = pre + 'ee';
      break step1b;
    }
    if (s1 === 'ing') {
      if (/^[^aeiouy]y$/.test(pre)) { w = pre[0] + 'ie'; break step1b; }
      if (['even', 'cann', 'inn', 'earr', 'herr', 'out'].includes(pre)) break step1b;
    }
    if (!/[aeiouy]/.test(pre)) break step1b;
    w = pre;
    if (/(at|bl|iz)$/.test(w)) w += 'e';
    else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) { if (!(w.length === 3 && 'aeo'.includes(w[0]))) w = w.slice(0, -1); }
    else if (w.length === p1 && shortV(w)) w += 'e';
  }

  // Step 1c
  if (w.length >= 3 && /[yY]$/.test(w) && !vowelEn(w[w.length - 2])) w = w.slice(0, -1) + 'i';

  // Steps 2, 3, 4: the longest suffix of the table, if it starts in the region and ok() agrees.
  const step = (t, region, ok) => {
    const e = t.find(([x]) => ends(x)), pos = e && w.length - e[0].length;
    if (e && pos >= region && ok(e[0], w[pos - 1] || '', pos)) w = w.slice(0, pos) + (e[1] || '');
  };
  step(STEP2, p1, (x, before) => (x === 'ogi' ? before === 'l' : x !== 'li' || /[cdeghkmnrt]/.test(before)));
  step(STEP3, p1, (x, before, pos) => x !== 'ative' || pos >= p2);
  step(STEP4, p2, (x, before) => x !== 'ion' || /[st]/.test(before));

  // Step 5
  const n = w.length;
  if (w[n - 1] === 'e') { if (n - 1 >= p2 || (n - 1 >= p1 && !shortV(w.slice(0, -1)))) w = w.slice(0, -1); }
  else if (w[n - 1] === 'l' && n - 1 >= p2 && w[n - 2] === 'l') w = w.slice(0, -1);
  return w.replace(/Y/g, 'y');
}

function stemmerFor(lang) { // search.rs: stemmer_for
  const l = lang.split(/[-_]/)[0];
  return l === 'id' || l === 'in' ? 'id' : l === 'en' ? 'en' : 'none';
}

// A number as the language reads it: no grouping separator, . for the decimal one; read the
// other language's way when its own cannot, else as written (search.rs: number_value).
function readNumber(n, dec, grp) { // search.rs: read_number
  const at = n.indexOf(dec), whole = at < 0 ? n : n.slice(0, at), fraction = at < 0 ? null : n.slice(at + 1);
  if (fraction !== null && (fraction.includes(dec) || fraction.includes(grp))) return null;
  const groups = whole.split(grp);
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) return null;
  return groups.join('') + (fraction === null ? '' : '.' + fraction);
}
function numberValue(stemmer, n) {
  const seps = stemmer === 'id' ? [',', '.'] : stemmer === 'en' ? ['.', ','] : null;
  if (!seps || !/[.,]/.test(n)) return n;
  const read = readNumber(n, seps[0], seps[1]);
  return read !== null ? read : (readNumber(n, seps[1], seps[0]) ?? n);
}

// The stems a word counts under with one stemmer (search.rs: stems, number_stems).
function stems(stemmer, w) {
  const num = /^([a-z]*)([0-9]+(?:[.,][0-9]+)*)$/.exec(w);
  if (num) {
    const value = numberValue(stemmer, num[2]);
    return num[1] && /[.,]/.test(num[2]) ? [num[1] + value, value] : [num[1] + value];
  }
  if (!/^[a-z]+$/.test(w)) return [w];
  if (stemmer === 'en') return [stemEn(w)];
  if (stemmer !== 'id') return [w];
  const main = stemId(w), out = [main];
  if (main !== w) {
    const alt = restored(w);
    if (alt) { const s = stemId(alt); if (s !== main) out.push(s); }
  }
  return out;
}

// ---- The index
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

function unpack(s) { // [[doc, weight], ...] from a postings string (search.rs: decode_postings)
  const out = [];
  let doc = 0;
  for (let i = 0; i < s.length;) {
    let c, gap = 0, mul = 1;
    do { c = DIGITS.indexOf(s[i++]); gap += (c & 31) * mul; mul *= 32; } while (c & 32);
    doc += gap;
    out.push([doc, DIGITS.indexOf(s[i++])]);
  }
  return out;
}

const points = (s) => [...s].map((c) => c.codePointAt(0));
function notAfter(a, b) { // a <= b in code points, as Rust orders strings (UTF-16 order differs)
  [a, b] = [points(a), points(b)];
  const i = a.findIndex((x, j) => x !== b[j]);
  return i < 0 || (i < b.length && a[i] < b[i]);
}

// load(relativePath) resolves to parsed JSON; each file is loaded once.
function Index(load) {
  const seen = new Map();
  const get = (rel) => { if (!seen.has(rel)) seen.set(rel, load(rel)); return seen.get(rel); };
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  async function postings(ix, stem) {
    let pos = -1;
    for (let i = 0; i < ix.terms.length && notAfter(ix.terms[i][0], stem); i++) pos = i;
    if (pos < 0) return null;
    const chunk = await get('t/' + ix.terms[pos][1] + '.json');
    return own(chunk, stem) ? [chunk[stem][0], unpack(chunk[stem][1])] : null;
  }

  // Every word must match, under any of its stems; ties go to the newer document.
  async function search(text) {
    const ix = await get('index.json');
    const qw = [];
    for (const w of words(text)) if (!ix.stop.includes(w) && !qw.includes(w)) qw.push(w);
    const perWord = await Promise.all(qw.map((w) => {
      const vs = [];
      for (const s of ix.stemmers) for (const v of stems(s, w)) if (!vs.includes(v)) vs.push(v);
      return Promise.all(vs.map((v) => postings(ix, v)));
    }));
    let acc = null;
    for (const lists of perWord) {
      const best = new Map();
      for (const p of lists) if (p) for (const [d, wt] of p[1]) best.set(d, Math.max(best.get(d) || 0, p[0] * wt));
      if (acc === null) acc = best;
      else { const next = new Map(); for (const [d, s] of acc) if (best.has(d)) next.set(d, s + best.get(d)); acc = next; }
    }
    const ranked = [...(acc || [])].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
    // wordStems: the stems of each query word, for the passages (which words a text shows).
    const wordStems = qw.map((w) => ix.stemmers.flatMap((s) => stems(s, w)));
    return { words: qw.length, ranked, stemmers: ix.stemmers, stems: wordStems.flat(), wordStems };
  }

  // [url, title, kind, date, summary, textLang?] of each document number.
  async function docs(nums) {
    const ix = await get('index.json');
    return Promise.all(nums.map(async (d) => {
      const c = Math.floor(d / ix.per_chunk);
      return (await get('d/' + c + '-' + ix.chunks[c] + '.json'))[d % ix.per_chunk];
    }));
  }

  return { search, docs };
}

// ---- Passages: where a result's page uses the query's words.
// What a reader came for is in <main>, minus what is not the document's own text: the
// citation box (it repeats the title), lists of other releases, download links and notes,
// chart links, the kind and date line, notices and banners (interface strings). <svg> holds a
// chart's title and description, which its <figcaption> says in full.
const SKIP = 'script, style, template, noscript, svg, nav, .cite, .related, .item-list, .see-all, .pagination, ' +
  '.chart-links, .downloads, .downloads__heading, .downloads__note, .release__meta, .notice, .banner';
const BLOCK = 'p, li, tr, dl > div, blockquote, figcaption, caption, pre, h1, h2, h3, h4, h5, h6';
const PASSAGE_WORDS = 30; // about two lines at 1280 px, four on a phone
const BEFORE_MATCH = 10; // words kept before the first match, when the block is cut

// A node's own text: without the blocks inside it (each is a block of its own) and skipped parts.
function ownText(node) {
  let s = '';
  for (const c of node.childNodes) {
    if (c.nodeType === 3) s += c.data;
    else if (c.nodeType === 1 && !c.matches(SKIP) && !c.matches(BLOCK)) s += c.tagName === 'BR' ? ' ' : ownText(c);
  }
  return s.replace(/\s+/g, ' ').trim();
}

// [text, heading] of each block of a page's main content, in page order. A table row reads
// its cells joined by " · " ("Tw II-2021 · 10,94 · angka revisi"), a fact its term and value.
function pageBlocks(doc) {
  const main = doc.querySelector('main'), out = [];
  if (!main) return out;
  for (const b of main.querySelectorAll(BLOCK)) {
    if (b.closest(SKIP)) continue;
    let text = b.tagName === 'TR' ? [...b.children].map(ownText).filter(Boolean).join(' · ')
      : b.tagName === 'DIV' ? [...b.children].map(ownText).filter(Boolean).join(': ')
      : ownText(b);
    // An indicator's revision ("10,91 persen (angka sementara)...") is of the period heading
    // its list: without it, the reader cannot tell which value was revised.
    const head = b.parentElement.matches('.revision-list') && b.parentElement.previousElementSibling;
    if (text && head && /^H[1-6]$/.test(head.tagName)) text = ownText(head) + ': ' + text;
    if (text) out.push([text, /^H[1-6]$/.test(b.tagName)]);
  }
  return out;
}

// Which query words (indexes into wordStems, each word's stems) a text has, and where the first is.
function found(text, stemmer, wordStems) {
  const has = new Set();
  let first = -1;
  for (const m of text.matchAll(WORD)) {
    const ss = stems(stemmer, m[0].toLowerCase());
    wordStems.forEach((ws, i) => {
      if (ss.some((s) => ws.includes(s))) { has.add(i); if (first < 0) first = m.index; }
    });
  }
  return { has, first };
}

// The block with the most query words, the first of them in the page; a heading only when no
// other block has as many (a paragraph says more than "Tumbuhnya ekonomi Jakarta").
function bestBlock(blocks, stemmer, wordStems) {
  let best = null;
  for (const [text, heading] of blocks) {
    const f = found(text, stemmer, wordStems), score = f.has.size * 2 + (heading ? 0 : 1);
    if (f.has.size && (!best || score > best.score)) best = { text, at: f.first, score };
    if (score === wordStems.length * 2 + 1) break;
  }
  return best;
}

// About PASSAGE_WORDS words of text around the character `at`, cut at spaces, "…" where cut.
function around(text, at) {
  const ws = [...text.matchAll(/\S+/g)];
  if (ws.length <= PASSAGE_WORDS) return text;
  const k = Math.max(0, ws.findIndex((w) => w.index + w[0].length > at));
  const end = Math.min(ws.length, Math.max(0, k - BEFORE_MATCH) + PASSAGE_WORDS), start = end - PASSAGE_WORDS;
  const last = ws[end - 1];
  let s = text.slice(ws[start].index, last.index + last[0].length);
  // "growth,…" reads badly, "2021.…" too: a clause's comma goes, a sentence's end keeps its stop.
  if (end < ws.length) s = s.replace(/[,;:]$/, '') + (/[.!?”"]$/.test(s) ? ' …' : '…');
  return (start > 0 ? '…' : '') + s;
}

// ---- The page
function page(form) {
  const d = form.dataset, locale = d.locale || d.lang;
  const input = form.querySelector('input[name="q"]'), byId = (id) => document.getElementById(id);
  const status = byId('search-status'), list = byId('search-results'), more = byId('search-more');
  const base = new URL(d.index, location.href);
  const index = Index((rel) => fetch(new URL(rel, base)).then((r) => {
    if (!r.ok) throw new Error(r.status + ' ' + r.url);
    return r.json();
  }));
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const say = (template, q, n) => template.replace('{q}', q).replace('{n}', new Intl.NumberFormat(locale).format(n));
  let run = 0, ranked = [], shown = 0, marks = new Set(), stemmers = [], wordStems = [];

  const el = (tag, props, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  };

  // The text, with the words that match the query in <mark>.
  function marked(parent, text, stemmer) {
    let last = 0;
    for (const m of text.matchAll(WORD)) {
      if (!stems(stemmer, m[0].toLowerCase()).some((s) => marks.has(s))) continue;
      parent.append(text.slice(last, m.index), el('mark', {}, m[0]));
      last = m.index + m[0].length;
    }
    parent.append(text.slice(last));
    return parent;
  }

  // The blocks of the page at url (pageBlocks), fetched once; null if it cannot be had (then
  // the next search tries again).
  const pages = new Map();
  function blocksOf(url) {
    if (!pages.has(url)) {
      pages.set(url, fetch(new URL(url, location.href)).then((r) => {
        if (!r.ok) throw new Error(r.status + ' ' + r.url);
        return r.text();
      }).then((html) => pageBlocks(new DOMParser().parseFromString(html, 'text/html'))).catch(() => {
        pages.delete(url);
        return null;
      }));
    }
    return pages.get(url);
  }

  // Passages are fetched FETCH_AT_ONCE at a time, in the order of the results; a job whose
  // search is no longer the current one (`run` moved on) fetches and writes nothing.
  const FETCH_AT_ONCE = 3, queue = [];
  let fetching = 0;
  function pump() {
    while (fetching < FETCH_AT_ONCE && queue.length) {
      fetching++;
      queue.shift()().catch(() => {}).then(() => { fetching--; pump(); });
    }
  }

  // Quotes, after `where` (the result's summary or title), the passage of the page at url
  // with the query's words, unless the search is stale by then. Resolves when done or given up.
  function passage(mine, url, where, stemmer, other) {
    return new Promise((done) => {
      queue.push(async () => {
        try {
          if (mine !== run) return;
          const blocks = await blocksOf(url);
          if (mine !== run || !blocks) return;
          const best = bestBlock(blocks, stemmer, wordStems);
          if (best) where.after(marked(el('p', { className: 'item__passage', ...other }), around(best.text, best.at), stemmer));
        } finally {
          done();
        }
      });
      pump();
    });
  }

  // Renders the next ten results of search number `mine` (nothing if another search started
  // meanwhile); returns the first new link.
  async function showMore(mine) {
    const batch = ranked.slice(shown, shown + 10);
    const docs = await index.docs(batch.map((r) => r[0]));
    if (mine !== run) return null;
    const jobs = [];
    const links = docs.map(([url, title, kind, day, summary, textLang]) => {
      const stemmer = textLang ? stemmerFor(textLang) : stemmers[0], other = textLang ? { lang: textLang } : {};
      const a = marked(el('a', { href: url }), title, stemmer);
      const li = el('li', { className: 'item' },
        el('p', { className: 'item__meta' }, el('span', { className: 'kind-label' }, d['kind' + kind.toUpperCase()] || kind),
          ...(day ? [' ', el('time', { dateTime: day }, date.format(new Date(day + 'T00:00:00Z')))] : [])),
        el('h2', { className: 'item__title', ...other }, a));
      let where = li.lastChild;
      if (summary) li.append(where = marked(el('p', { className: 'item__summary', ...other }), summary, stemmer));
      const note = textLang && d['inLang' + textLang[0].toUpperCase() + textLang.slice(1)];
      if (note) li.append(el('p', { className: 'item__lang' }, note));
      list.append(li);
      // A word the title and summary do not show is in the page's text (or its metadata).
      const told = found([...li.querySelectorAll('mark')].map((m) => m.textContent).join(' '), stemmer, wordStems);
      if (told.has.size < wordStems.length) jobs.push(passage(mine, url, where, stemmer, other));
      return a;
    });
    shown += batch.length;
    more.hidden = shown >= ranked.length;
    // The batch's passages are all written or given up: say so to scripts (the browser tests).
    Promise.all(jobs).then(() => { if (mine === run) list.dispatchEvent(new Event('warta:passages', { bubbles: true })); });
    return links[0];
  }

  async function go(q) {
    const mine = ++run;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = d.loading;
    try {
      const r = await index.search(q);
      if (mine !== run) return;
      ({ ranked, stemmers, wordStems } = r);
      shown = 0;
      marks = new Set(r.stems);
      if (!r.words) status.textContent = d.empty;
      else if (!ranked.length) status.textContent = say(d.none, q);
      else {
        await showMore(mine);
        if (mine !== run) return;
        status.textContent = say(ranked.length === 1 ? d.one : d.many, q, ranked.length);
      }
    } catch (err) {
      if (mine === run) status.textContent = d.error;
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    history.replaceState(null, '', '?q=' + encodeURIComponent(q));
    go(q);
  });
  more.addEventListener('click', async () => {
    const a = await showMore(run).catch(() => null);
    if (a) a.focus();
  });
  const q = new URLSearchParams(location.search).get('q');
  if (q) { input.value = q; go(q.trim()); }
}

// A module runs once the page is parsed.
const form = typeof document === 'object' && document.querySelector('form[data-search]');
if (form) page(form);
export { words, stems, Index };
