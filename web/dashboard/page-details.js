// Detail pages: a recommendation, an enforcement case, a lead.
import { apiGet } from './api.js';
import { h } from './dom.js';
import {
  CASE_STATUSES,
  LEAD_KINDS,
  LEAD_STATUSES,
  RECOMMENDATION_STATUSES,
  daysLeftText,
  displayText,
  formatDate,
  formatDateTime,
  isBlank,
  lightLabel,
} from './format.js';
import { listHref, routeHref } from './router.js';
import { timeline } from './timeline.js';

/** How a field's value is shown. */
const show = {
  text: (v) => displayText(v),
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
function fieldList(record, specs) {
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

function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

function detailPage(kind, { listName, listTitle, heading, subtitle, badges }, ...sections) {
  return h(
    'div',
    { class: `page page-detail page-${kind}` },
    h('p', { class: 'back' }, h('a', { href: listHref(listName), testid: 'back-link' }, `← 返回${listTitle}`)),
    h('div', { class: 'page-head' }, h('h1', {}, heading, subtitle ? h('span', { class: 'subtitle' }, subtitle) : null), badges ?? null),
    ...sections,
  );
}

function badge(text, extra) {
  return isBlank(text) ? null : h('span', { class: ['badge', extra] }, text);
}

// --- 检察建议 ---

/** The light and the days left while the reply is owed; otherwise the state in words (已于 … 书面回复). */
function deadlineCell(r) {
  if (r.light && r.light !== 'none') return h('span', {}, lightLabel(r.light), ' ', daysLeftText(r.daysLeft));
  return h('span', {}, r.deadlineState ?? '');
}

const RECOMMENDATION_FIELDS = [
  { key: 'ref', label: '文号' },
  { key: 'agencyName', label: '执法单位', get: (r) => r.agencyName ?? r.agency },
  { key: 'title', label: '事项' },
  { key: 'requirements', label: '整改要求', type: 'long' },
  { key: 'domain', label: '领域' },
  { key: 'statusName', label: '状态', get: (r) => r.statusName ?? RECOMMENDATION_STATUSES[r.status] ?? r.status },
  { key: 'percent', label: '进度', type: 'percent' },
  { key: 'stage', label: '阶段' },
  { key: 'issuedOn', label: '发出日期', type: 'date' },
  { key: 'receivedOn', label: '收到日期', type: 'date' },
  { key: 'urgent', label: '紧急', type: 'bool' },
  { key: 'dueOn', label: '回复期限', type: 'date' },
  // Without a light (reply in, awaiting review, accepted) the API's words say where it stands instead of a countdown.
  { key: 'daysLeft', label: '期限情况', get: (r) => r.daysLeft ?? r.deadlineState, type: (_value, r) => deadlineCell(r) },
  { key: 'dueRule', label: '期限计算', type: 'long' },
  { key: 'replyPoints', label: '书面回复要点', type: 'long' },
  { key: 'repliedAt', label: '回复时间', type: 'datetime' },
  { key: 'completedAt', label: '报完成时间', type: 'datetime' },
  { key: 'reviewedAt', label: '审核时间', type: 'datetime' },
  { key: 'reviewedBy', label: '审核人', get: (r) => r.reviewedByName ?? r.reviewedBy },
  { key: 'reviewNote', label: '审核意见', type: 'long' },
  { key: 'followUpOn', label: '回头看日期', type: 'date' },
  { key: 'followUpRule', label: '回头看依据', type: 'long' },
  { key: 'cases', label: '关联案件', type: 'tags' },
];

export async function renderRecommendation(id) {
  const data = await apiGet(`/api/recommendations/${encodeURIComponent(id)}`);
  const r = data?.recommendation ?? {};
  return detailPage(
    'recommendation',
    {
      listName: 'recommendations',
      listTitle: '检察建议',
      heading: '检察建议',
      subtitle: r.ref ?? id,
      badges: h('div', { class: 'badges' }, r.light && r.light !== 'none' ? lightLabel(r.light) : null, badge(r.statusName ?? RECOMMENDATION_STATUSES[r.status])),
    },
    panel('基本信息', fieldList(r, RECOMMENDATION_FIELDS)),
    panel('办理过程', timeline(data?.timeline)),
  );
}

// --- 执法案件 ---

function quantities(list) {
  return (Array.isArray(list) ? list : []).map((q) => [q.item, q.value, q.unit].filter((x) => !isBlank(x)).join(' ')).join('；');
}

const CASE_FIELDS = [
  { key: 'caseNumber', label: '案号' },
  { key: 'agencyName', label: '执法单位', get: (c) => c.agencyName ?? c.agency },
  { key: 'caseType', label: '类型' },
  { key: 'party', label: '当事人' },
  { key: 'facts', label: '违法事实', type: 'long' },
  { key: 'violation', label: '违法行为', type: 'long' },
  { key: 'legalBasis', label: '法律依据', type: 'long' },
  { key: 'decision', label: '处理决定', type: 'long' },
  { key: 'fineYuan', label: '罚款(元)' },
  { key: 'finePaid', label: '罚款已缴纳', type: 'bool' },
  { key: 'enforced', label: '已执行', type: 'bool' },
  { key: 'areaMu', label: '面积(亩)' },
  { key: 'quantities', label: '数量', get: (c) => quantities(c.quantities) },
  { key: 'filedOn', label: '立案日期', type: 'date' },
  { key: 'decidedOn', label: '决定日期', type: 'date' },
  { key: 'domain', label: '领域' },
  { key: 'campaign', label: '专项' },
  { key: 'status', label: '状态', get: (c) => c.statusName ?? CASE_STATUSES[c.status] ?? c.status },
  { key: 'createdAt', label: '录入时间', type: 'datetime' },
  { key: 'createdBy', label: '录入人', get: (c) => c.createdByName ?? c.createdBy },
];

function linkList(items, testid, href, label) {
  if (!Array.isArray(items) || items.length === 0) return h('p', { class: 'muted', testid }, '无');
  return h(
    'ul',
    { class: 'link-list', testid },
    items.map((item) => h('li', { 'data-id': item.id ?? '' }, h('a', { href: href(item) }, label(item)), badge(item.statusName))),
  );
}

/** A case; its leads are listed only to the procuratorate (the API sends none to an agency admin). */
export async function renderCase(id, me) {
  const data = await apiGet(`/api/cases/${encodeURIComponent(id)}`);
  const c = data?.case ?? {};
  return detailPage(
    'case',
    { listName: 'cases', listTitle: '执法案件', heading: '执法案件', subtitle: c.caseNumber ?? id },
    panel('基本信息', fieldList(c, CASE_FIELDS)),
    panel(
      '关联检察建议',
      linkList(data?.recommendations, 'case-recommendations', (r) => routeHref(['recommendations', String(r.id)]), (r) =>
        [r.ref, r.title].filter((x) => !isBlank(x)).join(' '),
      ),
    ),
    me?.role === 'agency_admin'
      ? null
      : panel(
        '关联线索',
        linkList(data?.leads, 'case-leads', (l) => routeHref(['leads', String(l.id)]), (l) =>
          [l.number, l.kindName ? `【${l.kindName}】` : null, l.title].filter((x) => !isBlank(x)).join(' '),
        ),
      ),
    panel('办理过程', timeline(data?.timeline)),
  );
}

// --- 线索 ---

function subjectLink(lead) {
  const subject = lead.subject;
  const label = subject?.label ?? lead.subjectLabel;
  if (isBlank(label)) return null;
  if (subject?.id && (subject.kind === 'case' || subject.kind === 'recommendation')) {
    const kind = subject.kind === 'case' ? 'cases' : 'recommendations';
    return h('a', { href: routeHref([kind, String(subject.id)]) }, label);
  }
  return label;
}

const LEAD_FIELDS = [
  { key: 'number', label: '编号' },
  { key: 'kindName', label: '类型', get: (l) => l.kindName ?? LEAD_KINDS[l.kind] ?? l.kind },
  { key: 'title', label: '线索' },
  // The server's status text says who decided when, or why and when the lead was withdrawn; the name alone from an older server.
  { key: 'statusText', label: '状态', get: (l) => l.statusText ?? l.statusName ?? LEAD_STATUSES[l.status] ?? l.status },
  { key: 'subject', label: '对象', get: subjectLink, type: (v) => v },
  { key: 'agencyName', label: '执法单位', get: (l) => l.agencyName ?? l.subject?.agency },
  { key: 'domain', label: '领域', get: (l) => l.domain ?? l.subject?.domain },
  { key: 'campaign', label: '专项' },
  { key: 'createdAt', label: '发现时间', type: 'datetime' },
  { key: 'transferDueOn', label: '移送期限', type: 'date' },
  { key: 'rule', label: '规则', get: (l) => (l.ruleId ? `${l.ruleId}${l.ruleVersion ? `（第 ${l.ruleVersion} 版）` : ''}` : null) },
  { key: 'alertSentAt', label: '提醒发送', type: 'datetime', get: (l) => l.alert?.sentAt },
];

function valueText(value) {
  if (value === null || value === undefined) return '（无）';
  return displayText(value);
}

// The server labels and renders each value (是/否/未记录, units, rounding); raw facts only from an older server.
function valuesTable(values, rows) {
  if (Array.isArray(rows)) return labelledValues(rows);
  const list = Array.isArray(values) ? values : [];
  return labelledValues(list.map((v) => ({ label: v?.fact, text: valueText(v?.value) })));
}

function labelledValues(rows) {
  if (rows.length === 0) return h('p', { class: 'muted', testid: 'lead-values' }, '无');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data-table', testid: 'lead-values' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '数据项'), h('th', { scope: 'col' }, '取值'))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, displayText(r?.label)), h('td', {}, displayText(r?.text))))),
    ),
  );
}

function decisionBlock(decision) {
  if (!decision || !decision.action) return h('p', { class: 'muted', testid: 'lead-decision' }, '尚未处理');
  const record = { ...decision, actionName: decision.actionName ?? LEAD_STATUSES[decision.action] ?? decision.action };
  const node = fieldList(record, [
    { key: 'actionName', label: '决定' },
    { key: 'byName', label: '决定人', get: (d) => d.byName ?? d.by },
    { key: 'at', label: '时间', type: 'datetime' },
    { key: 'reason', label: '理由', type: 'long' },
  ]);
  node.setAttribute('data-testid', 'lead-decision');
  return node;
}

export async function renderLead(id) {
  const data = await apiGet(`/api/leads/${encodeURIComponent(id)}`);
  const l = data?.lead ?? {};
  return detailPage(
    'lead',
    {
      listName: 'leads',
      listTitle: '线索队列',
      heading: '线索',
      subtitle: l.number ?? id,
      badges: h('div', { class: 'badges' }, badge(l.kindName ?? LEAD_KINDS[l.kind]), badge(l.statusName ?? LEAD_STATUSES[l.status])),
    },
    panel('基本信息', fieldList(l, LEAD_FIELDS)),
    panel('发现依据', h('p', { class: 'pre-wrap', testid: 'lead-explanation' }, isBlank(l.explanation) ? '—' : l.explanation)),
    panel('法律依据', h('p', { class: 'pre-wrap', testid: 'lead-legal-basis' }, isBlank(l.legalBasis) ? '—' : l.legalBasis)),
    panel('触发数据', valuesTable(l.values, l.valueRows)),
    panel('处理决定', decisionBlock(l.decision)),
  );
}
