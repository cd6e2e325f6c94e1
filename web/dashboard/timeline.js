// The timeline of a record: a vertical list, oldest first, with evidence photos and files.
import { h, safeUrl } from './dom.js';
import { formatDateTime } from './format.js';

function isImage(file) {
  return typeof file?.contentType === 'string' && file.contentType.toLowerCase().startsWith('image/');
}

function photo(file, url) {
  const name = file.filename || '现场照片';
  return h(
    'a',
    { class: 'evidence-thumb', href: url, target: '_blank', rel: 'noopener', title: `${name}（点击查看原图）` },
    h('img', { src: url, alt: name, loading: 'lazy', testid: 'evidence-photo' }),
  );
}

function fileLink(file, url) {
  const name = file.filename || '附件';
  return h('a', { class: 'evidence-file', href: url, download: name, testid: 'evidence-file' }, h('span', { 'aria-hidden': 'true' }, '📎 '), name);
}

function evidenceList(evidence) {
  const files = (Array.isArray(evidence) ? evidence : []).map((file) => ({ file, url: safeUrl(file?.url) })).filter((e) => e.url);
  if (files.length === 0) return null;
  const photos = files.filter((e) => isImage(e.file));
  const others = files.filter((e) => !isImage(e.file));
  return h(
    'div',
    { class: 'evidence' },
    photos.length ? h('div', { class: 'evidence-photos' }, photos.map((e) => photo(e.file, e.url))) : null,
    others.length ? h('ul', { class: 'evidence-files' }, others.map((e) => h('li', {}, fileLink(e.file, e.url)))) : null,
  );
}

function entryNode(entry) {
  const at = formatDateTime(entry.at);
  return h(
    'li',
    { class: 'timeline-entry', testid: 'timeline-entry' },
    h(
      'div',
      { class: 'timeline-meta' },
      h('time', { datetime: entry.at ?? '', class: 'timeline-time' }, at),
      h('span', { class: 'timeline-who' }, entry.byName || entry.by || ''),
      h('span', { class: 'timeline-action' }, entry.actionName || entry.action || ''),
      entry.subject ? h('span', { class: 'tag timeline-subject' }, entry.subject) : null,
    ),
    entry.text ? h('p', { class: 'timeline-text' }, entry.text) : null,
    evidenceList(entry.evidence),
  );
}

function timeOf(entry) {
  const t = Date.parse(entry?.at);
  return Number.isNaN(t) ? 0 : t;
}

/** The timeline, oldest first (sorted again, stably, in case the server's order differs). */
export function timeline(entries) {
  const list = (Array.isArray(entries) ? entries : []).map((entry, i) => ({ entry, i }));
  list.sort((a, b) => timeOf(a.entry) - timeOf(b.entry) || a.i - b.i);
  return h(
    'div',
    { class: 'timeline-wrap' },
    h('ol', { class: 'timeline', testid: 'timeline' }, list.map(({ entry }) => entryNode(entry))),
    list.length === 0 ? h('p', { class: 'muted' }, '暂无记录') : null,
  );
}
