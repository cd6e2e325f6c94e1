// What every detail page is made of: field lists, panels, the page frame with its 返回 links, and the notice an
// action leaves on the page it re-renders.
/* global window */ // browser globals, for the repository's Node-oriented ESLint config
import { h } from './dom.js';
import { displayText, formatDate, formatDateTime, isBlank, unbrokenTokens } from './format.js';
import { forgetScroll, listHref, navigate, previousRoute } from './router.js';

/** How a field's value is shown. */
const show = {
  text: (v) => unbrokenTokens(displayText(v)),
  long: (v) => h('div', { class: 'pre-wrap' }, displayText(v)),
  date: (v) => formatDate(v),
  datetime: (v) => formatDateTime(v),
  bool: (v) => displayText(Boolean(v)),
  percent: (v) =>
    h(
      'span',
      { class: 'progress' },
      h('span', { class: 'progress-bar', 'aria-hidden': 'true' }, progressFill(v)),
      `${Number(v) || 0}%`,
    ),
  tags: (v) => (Array.isArray(v) ? h('span', { class: 'tags' }, v.map((x) => h('span', { class: 'tag' }, displayText(x)))) : displayText(v)),
};

function progressFill(percent) {
  const fill = h('span', { class: 'progress-fill' });
  fill.style.width = `${Math.max(0, Math.min(100, Number(percent) || 0))}%`;
  return fill;
}

/**
 * A definition list of the fields that have a value.
 * Each spec: { key, label, type?, get?(record) } — `get` for derived or fallback values.
 */
export function fieldList(record, specs) {
  const short = [];
  const long = [];
  for (const spec of specs) {
    const value = spec.get ? spec.get(record) : record[spec.key];
    if (isBlank(value)) continue;
    const render = typeof spec.type === 'function' ? spec.type : show[spec.type ?? 'text'];
    const isLong = spec.type === 'long';
    const row = h('div', { class: ['field-row', isLong ? 'field-long' : null] }, h('dt', {}, spec.label), h('dd', { 'data-field': spec.key }, render(value, record)));
    (isLong ? long : short).push(row);
  }
  // Short fields fill two columns; long texts follow at full width.
  return h('dl', { class: 'fields', testid: 'detail-fields' }, short, long);
}

export function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

/**
 * 返回 leads to the list (with its filters), and, for a page reached from another record (a lead's 对象, a case's
 * recommendation), back to that record too.
 */
function backLinks(listName, listTitle) {
  const previous = previousRoute();
  const fromRecord = previous && /^#\/[^/?]+\/[^/?]+/.test(previous) && previous !== window.location.hash ? previous : null;
  return h(
    'p',
    { class: 'back' },
    fromRecord ? [h('a', { href: fromRecord, testid: 'back-previous' }, '← 返回上一页'), h('span', { class: 'muted' }, ' · ')] : null,
    h('a', { href: listHref(listName), testid: 'back-link' }, `${fromRecord ? '' : '← '}返回${listTitle}`),
  );
}

/** What an action on this page just recorded, shown once at the top of the page it re-renders. */
let flash = null;

function flashNotice(kind) {
  if (!flash || flash.kind !== kind) return null;
  const { text, refused } = flash;
  flash = null;
  if (refused) return h('div', { class: 'alert alert-warn', role: 'alert', testid: 'action-refused' }, text);
  return h('div', { class: 'alert alert-ok', role: 'status', testid: 'action-done' }, text);
}

/**
 * After an action: the page again, from the server (the new state and its timeline entry), saying what was recorded
 * — or, with `{ refused: true }`, why nothing was (a colleague changed the record since the form was loaded).
 */
export function afterAction(kind) {
  return (text, { refused = false } = {}) => {
    flash = { kind, text, refused };
    forgetScroll();
    navigate(window.location.hash);
  };
}

export function detailPage(kind, { listName, listTitle, heading, subtitle, badges }, ...sections) {
  return h(
    'div',
    { class: `page page-detail page-${kind}` },
    backLinks(listName, listTitle),
    flashNotice(kind),
    h('div', { class: 'page-head' }, h('h1', {}, heading, subtitle ? h('span', { class: 'subtitle' }, subtitle) : null), badges ?? null),
    ...sections,
  );
}

export function badge(text, extra) {
  return isBlank(text) ? null : h('span', { class: ['badge', extra] }, text);
}

