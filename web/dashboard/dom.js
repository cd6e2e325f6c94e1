// Small DOM helpers. Everything is built with createElement/textContent, never innerHTML,
// so data from the API can never be interpreted as markup.
/* global Node, document */ // browser globals, for the repository's Node-oriented ESLint config

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Appends children (nodes, strings, numbers, nested arrays; null/undefined/false are skipped). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * Sets properties on an element:
 * - `class`: class name(s); `text`: text content; `testid`: data-testid;
 * - `on<event>` with a function: event listener;
 * - `true`: empty attribute; `false`/null/undefined: skipped; anything else: attribute as a string.
 */
function applyProps(el, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'testid') el.setAttribute('data-testid', value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** An HTML element: h('a', { href: '#/x', class: 'link' }, 'text'). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  return append(el, children);
}

/** An SVG element, same signature as h(). */
export function s(tag, props = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyProps(el, props);
  return append(el, children);
}

/** Only same-site paths or http(s) URLs may become href/src; anything else (javascript:, data:) is refused. */
export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (/^https?:\/\//i.test(url)) return url;
  return null;
}
