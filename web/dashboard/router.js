// Hash routes: #/<path>[?query]. Path segments are URL-encoded (ids may contain [ ] or Chinese).
/* global HashChangeEvent, history, window */ // browser globals, for the repository's Node-oriented ESLint config

/** The current route: { path: '/leads', segments: ['leads'], query: URLSearchParams }. */
export function currentRoute() {
  const raw = window.location.hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  return { path, segments, query: new URLSearchParams(queryPart) };
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** '#/a/b?x=1' from segments (each encoded) and a params object (empty values left out). */
export function routeHref(segments, params = {}) {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.append(key, String(value));
  }
  const text = query.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

/** Goes to a route; the hashchange listener renders it. */
export function navigate(href) {
  if (window.location.hash === href) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = href.slice(1);
}

/**
 * Small per-tab memory kept in sessionStorage, so that a reload keeps it too: the last URL of each list (a detail
 * page's 返回 keeps the list's filters and page) and how far each page was scrolled (Back returns to the row).
 */
function stored(key) {
  try {
    return new Map(Object.entries(JSON.parse(sessionStorage.getItem(key) ?? '{}')));
  } catch {
    return new Map();
  }
}

function store(key, map) {
  try {
    sessionStorage.setItem(key, JSON.stringify(Object.fromEntries(map)));
  } catch {
    // Storage full or refused: the memory is a convenience.
  }
}

const LIST_KEY = 'lb-list-hrefs';
const SCROLL_KEY = 'lb-scroll';
const lastListHrefs = stored(LIST_KEY);
const scrolls = stored(SCROLL_KEY);

export function rememberListHref(listName, href) {
  lastListHrefs.set(listName, href);
  store(LIST_KEY, lastListHrefs);
}

export function listHref(listName) {
  return lastListHrefs.get(listName) ?? routeHref([listName]);
}

// The browser's own restoration runs before the page is rendered (the data comes later), so it is done here.
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

let shownHash = null;
let previousHash = null;

/** Called as a route starts rendering: keeps how far the page being left was scrolled. */
export function saveScroll() {
  if (shownHash !== null && shownHash !== window.location.hash) {
    scrolls.set(shownHash, window.scrollY);
    // Only recent pages matter; keep the memory small.
    while (scrolls.size > 50) scrolls.delete(scrolls.keys().next().value);
    store(SCROLL_KEY, scrolls);
    previousHash = shownHash;
  }
  shownHash = window.location.hash;
}

/** Called once a route is rendered: back where this page was scrolled on the last visit, else at the top. */
export function restoreScroll() {
  window.scrollTo(0, scrolls.get(window.location.hash) ?? 0);
}

/** Forgets where the current page was scrolled, so that its next rendering starts at the top (after an action). */
export function forgetScroll() {
  scrolls.delete(window.location.hash);
  store(SCROLL_KEY, scrolls);
}

/** The route shown before this one in this tab ('#/leads/…'), or null. */
export function previousRoute() {
  return previousHash;
}
