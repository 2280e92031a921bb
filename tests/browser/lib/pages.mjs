// One page of every page type of the example site, in both languages.
// `path` is what the browser opens; `file` is the HTML file in the output that answers it
// (the 404 page is opened at an unknown URL, the way readers meet it).
export const SEED_RELEASE = '/releases/sinergi-21-asosiasi-industri/';
export const INDICATOR = '/indicators/jakarta-grdp-growth/';

const TYPES = [
  ['home', '/'],
  ['release', SEED_RELEASE],
  ['releases list', '/releases/'],
  ['year list', '/releases/2021/'],
  ['tag page', '/tags/industri/'],
  ['kind page', '/kinds/meeting/'],
  ['tags index', '/tags/'],
  ['organizations index', '/organizations/'],
  ['people index', '/people/'],
  ['kinds index', '/kinds/'],
  ['organization page', '/organizations/dinas-ppkukm/'],
  ['organization releases list', '/organizations/dinas-ppkukm/published/'],
  ['person page', '/people/elisabeth-ratu-rante-allo/'],
  ['standing page', '/tentang/'],
  ['indicators index', '/indicators/'],
  ['indicator page', INDICATOR],
  ['search page', '/search/'],
  ['404', '/halaman-yang-tidak-ada/', '404.html'],
];

// Every page of the example site that shows a chart, in the languages it has: the charts
// must fit a phone (site.test.mjs, "charts on a phone").
export const CHART_PAGES = [
  '/',
  '/en/',
  SEED_RELEASE,
  '/en' + SEED_RELEASE,
  '/releases/rekapitulasi-pelatihan-ekspor-ukm/',
  '/en/releases/rekapitulasi-pelatihan-ekspor-ukm/',
  INDICATOR,
  '/en' + INDICATOR,
  '/indicators/jakarta-growth-sources/',
  '/en/indicators/jakarta-growth-sources/',
  '/indicators/contoh-peserta-pelatihan-ekspor/',
];

// Pages that print periods ("Tw II-2021"), which must not break over two lines: the indicator
// pages (data table, latest value), the indicators index and the home page's cards.
export const PERIOD_PAGES = [...CHART_PAGES.filter((p) => p.includes('/indicators/')), '/indicators/', '/en/indicators/', '/', '/en/'];

export const LANGS = ['id', 'en'];
export const DEFAULT_LANG = 'id';

function localize(p, lang) {
  return lang === DEFAULT_LANG ? p : `/${lang}${p}`;
}

function fileOf(p) {
  return (p.endsWith('/') ? p + 'index.html' : p).replace(/^\//, '');
}

export const PAGES = TYPES.flatMap(([type, p, file]) =>
  LANGS.map((lang) => ({
    type,
    lang,
    name: `${type} (${lang})`,
    path: localize(p, lang),
    file: file ? fileOf(localize('/' + file, lang)) : fileOf(localize(p, lang)),
    // The page's counterpart in the other languages, as the language switcher links to it.
    counterpart: Object.fromEntries(
      LANGS.map((l) => [l, file ? localize('/' + file, l) : localize(p, l)]),
    ),
  })),
);

export const PAGE_TYPES = TYPES.length;
