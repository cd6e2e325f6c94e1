// 统计: totals as cards, three charts (by domain, campaign, month) each followed by its table.
import { apiGet, withQuery } from './api.js';
import { h } from './dom.js';
import { groupedBarChart, lineChart, PALETTE } from './charts.js';
import { dataTable } from './table.js';
import { navigate, routeHref } from './router.js';
import { errorBox, isPageLevel } from './errors.js';

const SECTIONS = [
  { id: 'domain', field: 'byDomain', title: '按领域统计', keyTitle: '领域', chart: groupedBarChart },
  { id: 'campaign', field: 'byCampaign', title: '按专项统计', keyTitle: '专项', chart: groupedBarChart },
  { id: 'month', field: 'byMonth', title: '按月份统计（录入月份）', keyTitle: '录入月份', chart: lineChart },
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function rangeFrom(query) {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  return { from: DATE.test(from) ? from : '', to: DATE.test(to) ? to : '' };
}

function rangeForm(range) {
  const from = h('input', { type: 'date', id: 'stats-from', name: 'from', value: range.from, testid: 'stats-from' });
  const to = h('input', { type: 'date', id: 'stats-to', name: 'to', value: range.to, testid: 'stats-to' });
  const error = h('span', { class: 'form-error', role: 'alert', testid: 'stats-range-error' });
  const submit = (event) => {
    event.preventDefault();
    if (from.value && to.value && from.value > to.value) {
      error.textContent = '开始日期不能晚于结束日期。';
      return;
    }
    navigate(routeHref(['stats'], { from: from.value, to: to.value }));
  };
  return h(
    'form',
    { class: 'filters', onsubmit: submit },
    h('label', { class: 'field', for: 'stats-from' }, h('span', {}, '起始日期'), from),
    h('label', { class: 'field', for: 'stats-to' }, h('span', {}, '截止日期'), to),
    h('button', { type: 'submit', class: 'btn btn-primary', testid: 'stats-submit' }, '查询'),
    h('button', { type: 'button', class: 'btn', testid: 'stats-reset', onclick: () => navigate(routeHref(['stats'])) }, '全部期间'),
    error,
  );
}

function rangeCaption(range) {
  if (range.from && range.to) return `统计期间：${range.from} 至 ${range.to}（按记录创建日期）`;
  if (range.from) return `统计期间：${range.from} 起（按记录创建日期）`;
  if (range.to) return `统计期间：截至 ${range.to}（按记录创建日期）`;
  return '统计期间：全部';
}

function totalCards(keys, names, total) {
  return h(
    'div',
    { class: 'stat-cards' },
    keys.map((key) =>
      h(
        'div',
        { class: 'stat-card' },
        h('div', { class: 'stat-label' }, names[key]),
        h('div', { class: 'stat-value', testid: `stat-${key}` }, String(total?.[key] ?? 0)),
      ),
    ),
  );
}

function section(spec, rows, keys, names, series) {
  const categories = rows.map((row) => String(row.key));
  const chart = spec.chart({
    title: spec.title,
    categories,
    series,
    value: (i, key) => rows[i]?.[key] ?? 0,
    xLabel: spec.keyTitle,
    testid: `chart-${spec.id}`,
  });
  const columns = [{ key: 'key', title: spec.keyTitle }, ...keys.map((key) => ({ key, title: names[key] }))];
  const items = rows.map((row) => ({ ...row, id: String(row.key) }));
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `stats-${spec.id}-title` },
    h('h2', { id: `stats-${spec.id}-title` }, spec.title),
    chart,
    dataTable({ columns, items, testid: `stats-table-${spec.id}`, empty: '所选期间暂无数据' }),
  );
}

export async function renderStats({ query }) {
  const range = rangeFrom(query);
  let data;
  try {
    data = await apiGet('/api/stats', range);
  } catch (err) {
    if (isPageLevel(err)) throw err;
    return statsPage(range, errorBox(err));
  }
  const names = data?.names ?? {};
  const keys = Object.keys(names);
  const series = keys.map((key, i) => ({ key, name: names[key], color: PALETTE[i % PALETTE.length] }));
  return statsPage(
    range,
    totalCards(keys, names, data?.total),
    SECTIONS.map((spec) => section(spec, Array.isArray(data?.[spec.field]) ? data[spec.field] : [], keys, names, series)),
  );
}

/** The page frame: title, export link and the date range form, then `body`. */
function statsPage(range, ...body) {
  const exportHref = withQuery('/api/stats', { format: 'xlsx', ...range });
  return h(
    'div',
    { class: 'page page-stats' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, '统计'),
      h('a', { class: 'btn', href: exportHref, download: '', testid: 'export-xlsx' }, '导出Excel'),
    ),
    h('section', { class: 'panel' }, rangeForm(range), h('p', { class: 'muted caption' }, rangeCaption(range))),
    ...body,
  );
}
