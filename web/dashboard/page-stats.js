// 统计: totals as cards, three charts (by domain, campaign, month) each followed by its table.
import { apiGet, loadAgencyOptions, withQuery } from './api.js';
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

/**
 * The list behind each figure and the filters that select what it counts (docs/dashboard-api.md, Lists): the
 * lead queue's `kind` is the kind the statistics count a lead under, rejected and withdrawn ones left out.
 */
const FIGURE_LISTS = {
  casesEntered: ['cases', {}],
  generalViolations: ['leads', { kind: 'general_violation' }],
  pilLeads: ['leads', { kind: 'pil' }],
  pilCases: ['leads', { kind: 'pil', status: 'accept' }],
  criminalLeads: ['leads', { kind: 'criminal' }],
  irregularEnforcement: ['leads', { kind: 'irregular' }],
  dutyCrimeLeads: ['leads', { kind: 'duty_crime' }],
};

/** The period and agency asked for; an agency admin's figures are their own whatever the URL says. */
function rangeFrom(query) {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  return { from: DATE.test(from) ? from : '', to: DATE.test(to) ? to : '', agency: query.get('agency') ?? '' };
}

/** A month row's days within the period: 2026-03 of a period from 2026-03-10 is 2026-03-10 to 2026-03-31. */
function monthWithin(month, range) {
  const [year, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  return { from: range.from && range.from > first ? range.from : first, to: range.to && range.to < last ? range.to : last };
}

/** The list of the records a figure counts (null for a figure without one), with the period, agency and row. */
function figureHref(figure, range, row) {
  const target = FIGURE_LISTS[figure];
  if (!target) return null;
  const [list, params] = target;
  return routeHref([list], { ...params, agency: range.agency, from: range.from, to: range.to, ...row });
}

/** The filters of a table's row: its domain or campaign, or a month's days (a non-month key is not a month). */
function rowFilter(sectionId, key, range) {
  if (sectionId === 'domain') return { domain: key };
  if (sectionId === 'campaign') return { campaign: key };
  return /^\d{4}-\d{2}$/.test(key) ? monthWithin(key, range) : null;
}

function rangeForm(range, agencies) {
  const from = h('input', { type: 'date', id: 'stats-from', name: 'from', value: range.from, testid: 'stats-from' });
  const to = h('input', { type: 'date', id: 'stats-to', name: 'to', value: range.to, testid: 'stats-to' });
  const error = h('span', { class: 'form-error', role: 'alert', testid: 'stats-range-error' });
  const submit = (event) => {
    event.preventDefault();
    if (from.value && to.value && from.value > to.value) {
      error.textContent = '开始日期不能晚于结束日期。';
      return;
    }
    navigate(routeHref(['stats'], { from: from.value, to: to.value, agency: agency?.value ?? '' }));
  };
  // Offered to those who see every agency; an agency admin's figures are their own (the API ignores the choice).
  const agency = agencies.length
    ? h(
        'select',
        { id: 'stats-agency', name: 'agency', testid: 'stats-agency' },
        h('option', { value: '' }, '全部'),
        agencies.map((a) => h('option', { value: a.value, selected: a.value === range.agency }, a.label)),
      )
    : null;
  return h(
    'form',
    { class: 'filters', onsubmit: submit },
    h('label', { class: 'field', for: 'stats-from' }, h('span', {}, '起始日期'), from),
    h('label', { class: 'field', for: 'stats-to' }, h('span', {}, '截止日期'), to),
    agency ? h('label', { class: 'field', for: 'stats-agency' }, h('span', {}, '执法单位'), agency) : null,
    h('button', { type: 'submit', class: 'btn btn-primary', testid: 'stats-submit' }, '查询'),
    h('button', { type: 'button', class: 'btn', testid: 'stats-reset', onclick: () => navigate(routeHref(['stats'], { agency: agency?.value ?? '' })) }, '全部期间'),
    error,
  );
}

function rangeCaption(range, agencies) {
  const agency = range.agency ? `；执法单位：${agencies.find((a) => a.value === range.agency)?.label ?? range.agency}` : '';
  return `${periodCaption(range)}${agency}`;
}

function periodCaption(range) {
  if (range.from && range.to) return `统计期间：${range.from} 至 ${range.to}（按记录创建日期）`;
  if (range.from) return `统计期间：${range.from} 起（按记录创建日期）`;
  if (range.to) return `统计期间：截至 ${range.to}（按记录创建日期）`;
  return '统计期间：全部';
}

/** Each total as a card; a figure no rule can count says so under it (一般违法: 本平台暂无自动发现一般违法的规则). */
function totalCards(keys, names, total, range, notes) {
  return h(
    'div',
    { class: 'stat-cards' },
    keys.map((key) =>
      h(
        'div',
        { class: 'stat-card' },
        h('div', { class: 'stat-label' }, names[key]),
        h('div', { class: 'stat-value', testid: `stat-${key}` }, figureCell(String(total?.[key] ?? 0), total?.[key] ? figureHref(key, range, {}) : null)),
        notes[key] ? h('div', { class: 'muted caption', testid: `stat-note-${key}` }, notes[key]) : null,
      ),
    ),
  );
}

/** Under a table: what its columns cannot count, or a column of zeros would read as none found. */
function tableNotes(keys, names, notes) {
  const noted = keys.filter((key) => notes[key]);
  return noted.length ? h('p', { class: 'muted caption' }, noted.map((key) => `${names[key]}：${notes[key]}。`).join('')) : null;
}

/** A figure, linked to the records it counts when there are any. */
function figureCell(text, href) {
  return href ? h('a', { href, title: '查看对应的记录' }, text) : text;
}

function section(spec, rows, keys, names, series, range, notes) {
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
    dataTable({ columns, items, testid: `stats-table-${spec.id}`, empty: '所选期间暂无数据', cellHref: (item, column) => figureLink(spec.id, item, column.key, range) }),
    tableNotes(keys, names, notes),
  );
}

/** The link of a table's figure cell: non-zero figures only, an empty list being no help. */
function figureLink(sectionId, item, figure, range) {
  if (figure === 'key' || !item[figure]) return null;
  const row = rowFilter(sectionId, String(item.key), range);
  return row ? figureHref(figure, range, row) : null;
}

/** Renders #/stats; `me` decides whether the agency choice is offered. */
export async function renderStats({ query }, me) {
  const range = rangeFrom(query);
  if (me?.role === 'agency_admin') range.agency = '';
  let data;
  let agencies;
  try {
    [data, agencies] = await Promise.all([apiGet('/api/stats', range), me?.role === 'agency_admin' ? [] : loadAgencyOptions()]);
  } catch (err) {
    if (isPageLevel(err)) throw err;
    return statsPage(range, [], errorBox(err));
  }
  const names = data?.names ?? {};
  const notes = data?.notes ?? {};
  const keys = Object.keys(names);
  const series = keys.map((key, i) => ({ key, name: names[key], color: PALETTE[i % PALETTE.length] }));
  return statsPage(
    range,
    agencies,
    totalCards(keys, names, data?.total, range, notes),
    SECTIONS.map((spec) => section(spec, Array.isArray(data?.[spec.field]) ? data[spec.field] : [], keys, names, series, range, notes)),
  );
}

/** The page frame: title, export link and the date range form, then `body`. */
function statsPage(range, agencies, ...body) {
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
    h('section', { class: 'panel' }, rangeForm(range, agencies), h('p', { class: 'muted caption' }, rangeCaption(range, agencies))),
    ...body,
  );
}
