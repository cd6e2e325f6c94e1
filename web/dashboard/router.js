// Hash routes: #/<path>[?query]. Path segments are URL-encoded (ids may contain [ ] or Chinese).
/* global HashChangeEvent, window */ // browser globals, for the repository's Node-oriented ESLint config

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

/** The last visited URL of each list, so a detail page's 返回 keeps the list's filters and page. */
const lastListHrefs = new Map();

export function rememberListHref(listName, href) {
  lastListHrefs.set(listName, href);
}

export function listHref(listName) {
  return lastListHrefs.get(listName) ?? routeHref([listName]);
}
