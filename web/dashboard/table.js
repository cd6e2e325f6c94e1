// Tables built from the API's { columns, items } and a pager.
/* global window */ // browser globals, for the repository's Node-oriented ESLint config
import { h } from './dom.js';
import { cellContent, isNowrapColumn } from './format.js';

/** The key of the column that carries the row's link: `linkKey` if present, else the first non-light column. */
function linkColumn(columns, linkKey) {
  if (columns.some((c) => c.key === linkKey)) return linkKey;
  return columns.find((c) => c.key !== 'light')?.key;
}

/** 'num' for a column whose values are all numbers (right-aligned), 'center' for the light. */
function columnAlign(column, items) {
  if (column.key === 'light') return 'center';
  const values = items.map((item) => item[column.key]).filter((v) => v !== null && v !== undefined && v !== '');
  return values.length > 0 && values.every((v) => typeof v === 'number') ? 'num' : null;
}

/** 紧急 beside the title of an urgent recommendation (15 days to reply, not two months): why its period is short. */
const urgentTag = (column, item) => (column.key === 'title' && item.urgent === true ? h('span', { class: 'tag urgent' }, '紧急') : null);

/** 理由未填写 beside a 不予受理 still owing its reason, marked so that it stands out in the queue. */
const owedMark = (column, item) => column.key === 'statusName' && /理由未填写/.test(String(item.statusName ?? ''));

function bodyCell(column, align, item, href) {
  const content = cellContent(column.key, item[column.key], item);
  const tag = urgentTag(column, item);
  const classes = [align, isNowrapColumn(column.key) ? 'nowrap' : null, owedMark(column, item) ? 'owed' : null];
  return h('td', { class: classes, 'data-key': column.key }, href ? h('a', { href }, content) : content, ...(tag ? [' ', tag] : []));
}

/** Follows a row's link when the row (not a link or control inside it) is clicked. */
function rowClickHandler(href) {
  return (event) => {
    if (event.target.closest('a, button, input, select')) return;
    if (window.getSelection()?.toString()) return; // selecting text is not a click on the row
    window.location.hash = href.slice(1);
  };
}

/**
 * A table: header from `columns` (in order, by title), a row per item (data-id = item.id), cells by column key.
 * `rowHref(item)` (optional) links each row; `cellHref(item, column)` (optional) links single cells, e.g. each
 * figure of the statistics to the list it counts (null for a cell without a link).
 */
export function dataTable({ columns, items, rowHref, linkKey, cellHref, testid = 'list-table', empty = '暂无记录' }) {
  const link = rowHref ? linkColumn(columns, linkKey) : null;
  const aligns = columns.map((c) => columnAlign(c, items));
  const head = h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', 'data-key': c.key, class: aligns[i] }, c.title ?? c.key))));
  const rows = items.map((item) => {
    const href = rowHref ? rowHref(item) : null;
    return h(
      'tr',
      { 'data-id': item.id ?? '', class: href ? 'clickable' : null, onclick: href ? rowClickHandler(href) : null },
      columns.map((c, i) => bodyCell(c, aligns[i], item, c.key === link ? href : (cellHref?.(item, c) ?? null))),
    );
  });
  if (rows.length === 0) rows.push(h('tr', { class: 'empty' }, h('td', { colspan: Math.max(columns.length, 1) }, empty)));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', testid }, head, h('tbody', {}, rows)));
}

/** 共 N 条 · 第 p / P 页 with 上一页 / 下一页; `onPage(n)` is called with the page wanted. */
export function pager({ page, pageSize, total, onPage }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const shown = Math.min(page, pages);
  return h(
    'nav',
    { class: 'pager', 'aria-label': '分页' },
    h('span', { class: 'pager-total', testid: 'pager-total' }, `共 ${total} 条`),
    h('span', { class: 'pager-page', testid: 'pager-page' }, `第 ${shown} / ${pages} 页`),
    h('button', { type: 'button', class: 'btn', testid: 'pager-prev', disabled: shown <= 1, onclick: () => onPage(shown - 1) }, '上一页'),
    h('button', { type: 'button', class: 'btn', testid: 'pager-next', disabled: shown >= pages, onclick: () => onPage(shown + 1) }, '下一页'),
  );
}
