// The list pages: filters, table, pager and export, all driven by the hash (#/<list>?filters&page=n).
/* global history */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, apiGet, exportUrl, loadAgencyOptions, loadDimensionOptions } from './api.js';
import { h } from './dom.js';
import { LEAD_KINDS, LEAD_STATUSES, LIGHTS, RECOMMENDATION_STATUSES, ROLE_NAMES, lightLabel } from './format.js';
import { dataTable, pager } from './table.js';
import { errorBox, isPageLevel } from './errors.js';
import { navigate, routeHref } from './router.js';
import { filterProblem, listError } from './list-errors.js';

export const PAGE_SIZE = 20;

const options = (map) => Object.entries(map).map(([value, label]) => ({ value, label }));

const filter = {
  select: (name, label, choices) => ({ name, label, type: 'select', choices }),
  /** A select whose first choice is the default: '' in the URL, `apiValue` in the API call. */
  choice: (name, label, choices, apiValue) => ({ name, label, type: 'choice', choices, apiValue }),
  text: (name, label, placeholder, maxLength = 100) => ({ name, label, type: 'text', placeholder, maxLength }),
  /** Free text with the values the statistics know (`dimension`: domains or campaigns) offered as suggestions. */
  dimension: (name, label, placeholder) => ({ name, label, type: 'text', placeholder, maxLength: 100, dimension: name }),
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
      // As chat's 线索: the leads the viewer is responsible for, the transfers owed soonest first.
      filter.select('assigned', '负责人', [{ value: 'me', label: '分派给我' }]),
      filter.agency(),
      // The statistics' dimensions, so a figure's link lists its leads (未分类 / 无专项 find those without one).
      filter.dimension('domain', '领域', '如 生态环境和资源保护、未分类'),
      filter.dimension('campaign', '专项', '如 水源地保护、无专项'),
      filter.date('from', '发现日期起'),
      filter.date('to', '发现日期止'),
      filter.choice('sort', '排序', [{ value: '', label: '最紧急优先（移送期限）' }, { value: 'newest', label: '最新发现优先' }], 'urgent'),
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
      filter.dimension('domain', '领域', '如 生态环境和资源保护、未分类'),
      filter.dimension('campaign', '专项', '如 水源地保护、无专项'),
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
    filters: [filter.text('actor', '操作人', '姓名或账号，如 王检察官'), filter.text('action', '操作', '如 不予受理、更正案件')],
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
    f.type === 'choice' ? null : h('option', { value: '' }, '全部'),
    choices.map((c) => h('option', { value: c.value, selected: c.value === value }, c.label)),
  );
  // A value not among the choices (e.g. typed into the URL) stays selectable so the page shows what it filters on.
  if (value && !choices.some((c) => c.value === value)) select.appendChild(h('option', { value, selected: true }, value));
  return select;
}

function filterControl(f, value, choicesOf, onChange) {
  if (f.type === 'text') {
    const list = f.dimension && choicesOf(f.dimension).length ? `filter-${f.name}-values` : null;
    return [
      h('input', { type: 'search', id: `filter-${f.name}`, name: f.name, value, placeholder: f.placeholder, maxlength: f.maxLength, list, autocomplete: 'off', testid: `filter-${f.name}` }),
      list ? h('datalist', { id: list }, choicesOf(f.dimension).map((v) => h('option', { value: v }))) : null,
    ];
  }
  if (f.type === 'date') {
    // Applied with 查询 like the text fields: a date picker fires change while the user is still typing the year.
    return h('input', { type: 'date', id: `filter-${f.name}`, name: f.name, value, testid: `filter-${f.name}` });
  }
  return selectControl(f, value, f.type === 'agency' ? choicesOf('agency') : f.choices, onChange);
}

/** The filter form; selects apply at once, text and date fields on Enter or 查询, once the browser-side checks pass. */
function filterForm(listName, spec, values, choicesOf) {
  const form = h('form', { class: 'filters', role: 'search' });
  const problem = h('p', { class: 'form-error filter-problem', role: 'alert', testid: 'filter-problem' });
  const apply = () => {
    const next = {};
    for (const f of spec.filters) {
      const control = form.elements.namedItem(f.name);
      if (control && control.value.trim()) next[f.name] = control.value.trim();
    }
    const wrong = filterProblem(spec.filters, next);
    problem.textContent = wrong ?? '';
    if (!wrong) navigate(routeHref([listName], next));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  for (const f of spec.filters) {
    form.appendChild(
      h('label', { class: 'field', for: `filter-${f.name}` }, h('span', {}, f.label), filterControl(f, values[f.name] ?? '', choicesOf, apply)),
    );
  }
  if (spec.filters.some((f) => f.type === 'text' || f.type === 'date')) form.appendChild(h('button', { type: 'submit', class: 'btn btn-primary', testid: 'filter-submit' }, '查询'));
  form.appendChild(h('button', { type: 'button', class: 'btn', testid: 'filter-reset', onclick: () => navigate(routeHref([listName])) }, '重置'));
  form.appendChild(problem);
  return form;
}

function boardLegend() {
  return h(
    'p',
    { class: 'legend-line muted' },
    ['red', 'yellow', 'green'].map((key) => h('span', { class: 'legend-entry' }, lightLabel(key), `（${LIGHTS[key].hint}）`)),
  );
}

/** The API's parameters for the filter values of the URL: a choice left at its default sends its `apiValue`. */
function apiParams(filters, values) {
  const params = { ...values };
  for (const f of filters) if (f.type === 'choice' && !params[f.name] && f.apiValue) params[f.name] = f.apiValue;
  return params;
}

/** One page of a list; a page beyond the last (an old bookmark, fewer rows since) shows the last page instead. */
async function loadPage(path, params, page) {
  const data = await apiGet(path, { page, pageSize: PAGE_SIZE, ...params });
  const total = Number(data?.total) || 0;
  const last = Math.max(1, Math.ceil(total / (Number(data?.pageSize) || PAGE_SIZE)));
  if (page <= last || total === 0) return data;
  return apiGet(path, { page: last, pageSize: PAGE_SIZE, ...params });
}

/** Renders #/<listName>; `me` decides whether the agency filter is offered. */
export async function renderList(listName, { query }, me) {
  const spec = LISTS[listName];
  const path = `/api/${listName}`;
  const isAgencyAdmin = me.role === 'agency_admin';
  const visible = { ...spec, filters: spec.filters.filter((f) => !(f.type === 'agency' && isAgencyAdmin)) };
  const values = filterValues(visible, query);
  const page = pageNumber(query);
  const params = apiParams(visible.filters, values);
  const needsAgencies = visible.filters.some((f) => f.type === 'agency');
  const needsDimensions = visible.filters.some((f) => f.dimension);
  // Checked here first, as 统计 does: a reversed period is said in the filters' own words, with no request.
  const wrong = filterProblem(visible.filters, values);
  const [result, agencies, dimensions] = await Promise.all([
    wrong ? { error: new ApiError(400, 'invalid_input', wrong) } : loadPage(path, params, page).then((data) => ({ data }), (error) => ({ error })),
    needsAgencies ? loadAgencyOptions() : Promise.resolve([]),
    needsDimensions ? loadDimensionOptions() : Promise.resolve({}),
  ]);
  if (result.error && isPageLevel(result.error)) throw result.error;
  if (needsAgencies && agencies.length === 0) visible.filters = visible.filters.filter((f) => f.type !== 'agency' || values.agency);
  const choicesOf = (name) => (name === 'agency' ? agencies : (dimensions[name] ?? []));
  if (result.data && Number(result.data.page) !== page) history.replaceState(null, '', routeHref([listName], { ...values, page: Number(result.data.page) > 1 ? result.data.page : '' }));

  return h(
    'div',
    { class: `page page-list page-${listName}` },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, spec.title),
      h('a', { class: 'btn', href: exportUrl(path, params), download: '', testid: 'export-xlsx' }, '导出Excel'),
    ),
    spec.intro ? h('p', { class: 'muted intro' }, spec.intro) : null,
    visible.filters.length ? h('section', { class: 'panel' }, filterForm(listName, visible, values, choicesOf)) : null,
    spec.legend ? boardLegend() : null,
    result.error ? errorBox(listError(result.error, visible.filters, values)) : listBody(listName, spec, values, result.data),
  );
}

/** The table and its pager; the API's answer decides the page shown. */
function listBody(listName, spec, values, data) {
  const columns = Array.isArray(data?.columns) ? data.columns : [];
  const items = Array.isArray(data?.items) ? data.items : [];
  const total = Number(data?.total) || 0;
  const current = Number(data?.page) || 1;
  const pageSize = Number(data?.pageSize) || PAGE_SIZE;
  const goTo = (n) => navigate(routeHref([listName], { ...values, page: n > 1 ? n : '' }));
  return h(
    'div',
    { class: 'list-body' },
    dataTable({ columns, items, rowHref: spec.rowHref, linkKey: spec.linkKey }),
    pager({ page: current, pageSize, total, onPage: goTo }),
  );
}
