// The list pages: filters, table, pager and export, all driven by the hash (#/<list>?filters&page=n).
import { apiGet, exportUrl, loadAgencyOptions } from './api.js';
import { h } from './dom.js';
import { LEAD_KINDS, LEAD_STATUSES, LIGHTS, RECOMMENDATION_STATUSES, ROLE_NAMES, lightLabel } from './format.js';
import { dataTable, pager } from './table.js';
import { errorBox, isPageLevel } from './errors.js';
import { navigate, routeHref } from './router.js';

export const PAGE_SIZE = 20;

const options = (map) => Object.entries(map).map(([value, label]) => ({ value, label }));

const filter = {
  select: (name, label, choices) => ({ name, label, type: 'select', choices }),
  text: (name, label, placeholder) => ({ name, label, type: 'text', placeholder }),
  date: (name, label) => ({ name, label, type: 'date' }),
  agency: () => ({ name: 'agency', label: '执法单位', type: 'agency' }),
};

const detailHref = (kind) => (item) => routeHref([kind, String(item.id)]);

/** Every list: API path, title, filters, and where a row leads. */
export const LISTS = {
  board: {
    title: '逾期看板',
    intro: '未办结的检察建议，按回复期限排列。',
    filters: [filter.agency(), filter.select('light', '灯', options({ red: LIGHTS.red.name, yellow: LIGHTS.yellow.name, green: LIGHTS.green.name }))],
    rowHref: detailHref('recommendations'),
    linkKey: 'ref',
    legend: true,
  },
  leads: {
    title: '线索队列',
    procuratorateOnly: true,
    filters: [
      filter.select('status', '状态', options(LEAD_STATUSES)),
      filter.select('kind', '类型', options(LEAD_KINDS)),
      filter.agency(),
      // The statistics' dimensions, so a figure's link lists its leads (未分类 / 无专项 find those without one).
      filter.text('domain', '领域', '如 生态环境和资源保护、未分类'),
      filter.text('campaign', '专项', '如 水源地保护、无专项'),
      filter.date('from', '发现日期起'),
      filter.date('to', '发现日期止'),
    ],
    rowHref: detailHref('leads'),
    linkKey: 'number',
  },
  recommendations: {
    title: '检察建议',
    filters: [filter.select('status', '状态', options(RECOMMENDATION_STATUSES)), filter.agency(), filter.text('q', '关键词', '文号或事项')],
    rowHref: detailHref('recommendations'),
    linkKey: 'ref',
  },
  cases: {
    title: '执法案件',
    filters: [
      filter.agency(),
      filter.text('domain', '领域', '如 生态环境和资源保护、未分类'),
      filter.text('campaign', '专项', '如 水源地保护、无专项'),
      filter.date('from', '录入日期起'),
      filter.date('to', '录入日期止'),
      filter.text('q', '关键词', '案号或当事人'),
    ],
    rowHref: detailHref('cases'),
    linkKey: 'caseNumber',
  },
  agencies: { title: '执法单位', adminOnly: true, filters: [] },
  staff: {
    title: '人员',
    adminOnly: true,
    filters: [filter.agency(), filter.select('role', '角色', options(ROLE_NAMES))],
  },
  audit: {
    title: '操作日志',
    adminOnly: true,
    filters: [filter.text('actor', '操作人', '企业微信账号，如 wangjc'), filter.text('action', '操作', '如 不予受理、更正案件')],
  },
};

/** The filter values in the query (only the list's own filters, non-empty). */
function filterValues(spec, query) {
  const values = {};
  for (const f of spec.filters) {
    const value = query.get(f.name);
    if (value) values[f.name] = value;
  }
  return values;
}

function pageNumber(query) {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

function selectControl(f, value, choices, onChange) {
  const select = h(
    'select',
    { id: `filter-${f.name}`, name: f.name, testid: `filter-${f.name}`, onchange: onChange },
    h('option', { value: '' }, '全部'),
    choices.map((c) => h('option', { value: c.value, selected: c.value === value }, c.label)),
  );
  // A value not among the choices (e.g. typed into the URL) stays selectable so the page shows what it filters on.
  if (value && !choices.some((c) => c.value === value)) select.appendChild(h('option', { value, selected: true }, value));
  return select;
}

function filterControl(f, value, agencies, onChange) {
  if (f.type === 'text') {
    return h('input', { type: 'search', id: `filter-${f.name}`, name: f.name, value, placeholder: f.placeholder, testid: `filter-${f.name}` });
  }
  if (f.type === 'date') {
    // Applied with 查询 like the text fields: a date picker fires change while the user is still typing the year.
    return h('input', { type: 'date', id: `filter-${f.name}`, name: f.name, value, testid: `filter-${f.name}` });
  }
  return selectControl(f, value, f.type === 'agency' ? agencies : f.choices, onChange);
}

/** The filter form; selects apply at once, text and date fields on Enter or 查询. */
function filterForm(listName, spec, values, agencies) {
  const form = h('form', { class: 'filters', role: 'search' });
  const apply = () => {
    const next = {};
    for (const f of spec.filters) {
      const control = form.elements.namedItem(f.name);
      if (control && control.value.trim()) next[f.name] = control.value.trim();
    }
    navigate(routeHref([listName], next));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  for (const f of spec.filters) {
    form.appendChild(
      h('label', { class: 'field', for: `filter-${f.name}` }, h('span', {}, f.label), filterControl(f, values[f.name] ?? '', agencies, apply)),
    );
  }
  if (spec.filters.some((f) => f.type === 'text' || f.type === 'date')) form.appendChild(h('button', { type: 'submit', class: 'btn btn-primary', testid: 'filter-submit' }, '查询'));
  form.appendChild(h('button', { type: 'button', class: 'btn', testid: 'filter-reset', onclick: () => navigate(routeHref([listName])) }, '重置'));
  return form;
}

function boardLegend() {
  return h(
    'p',
    { class: 'legend-line muted' },
    ['red', 'yellow', 'green'].map((key) => h('span', { class: 'legend-entry' }, lightLabel(key), `（${LIGHTS[key].hint}）`)),
  );
}

/** Renders #/<listName>; `me` decides whether the agency filter is offered. */
export async function renderList(listName, { query }, me) {
  const spec = LISTS[listName];
  const path = `/api/${listName}`;
  const isAgencyAdmin = me.role === 'agency_admin';
  const visible = { ...spec, filters: spec.filters.filter((f) => !(f.type === 'agency' && isAgencyAdmin)) };
  const values = filterValues(visible, query);
  const page = pageNumber(query);
  const needsAgencies = visible.filters.some((f) => f.type === 'agency');
  const [result, agencies] = await Promise.all([
    apiGet(path, { page, pageSize: PAGE_SIZE, ...values }).then(
      (data) => ({ data }),
      (error) => ({ error }),
    ),
    needsAgencies ? loadAgencyOptions() : Promise.resolve([]),
  ]);
  if (result.error && isPageLevel(result.error)) throw result.error;
  if (needsAgencies && agencies.length === 0) visible.filters = visible.filters.filter((f) => f.type !== 'agency' || values.agency);

  return h(
    'div',
    { class: `page page-list page-${listName}` },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, spec.title),
      h('a', { class: 'btn', href: exportUrl(path, values), download: '', testid: 'export-xlsx' }, '导出Excel'),
    ),
    spec.intro ? h('p', { class: 'muted intro' }, spec.intro) : null,
    visible.filters.length ? h('section', { class: 'panel' }, filterForm(listName, visible, values, agencies)) : null,
    spec.legend ? boardLegend() : null,
    result.error ? errorBox(result.error) : listBody(listName, spec, values, page, result.data),
  );
}

/** The table and its pager; the page asked for is in the hash, the API's answer decides what is shown. */
function listBody(listName, spec, values, page, data) {
  const columns = Array.isArray(data?.columns) ? data.columns : [];
  const items = Array.isArray(data?.items) ? data.items : [];
  const total = Number(data?.total) || 0;
  const current = Number(data?.page) || page;
  const pageSize = Number(data?.pageSize) || PAGE_SIZE;
  const goTo = (n) => navigate(routeHref([listName], { ...values, page: n > 1 ? n : '' }));
  return h(
    'div',
    { class: 'list-body' },
    dataTable({ columns, items, rowHref: spec.rowHref, linkKey: spec.linkKey }),
    pager({ page: current, pageSize, total, onPage: goTo }),
  );
}
