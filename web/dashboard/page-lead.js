// The detail page of a lead: the rule and values that raised it, its decision, and how to decide it.
import { apiGet } from './api.js';
import { h } from './dom.js';
import { LEAD_KINDS, LEAD_STATUSES, daysLeftText, displayText, formatDate, isBlank } from './format.js';
import { routeHref } from './router.js';
import { leadGuide, rejectReasonOwed } from './lead-guide.js';
import { badge, detailPage, fieldList, panel } from './detail-parts.js';

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
  { key: 'transferDueOn', label: '移送期限', get: (l) => transferDue(l) },
  // The rule's title from the server (罚款决定后逾期未见缴纳或强制执行（R01-fine-unpaid，第 2 版）); the id from an older one.
  { key: 'rule', label: '规则', get: (l) => l.ruleLabel ?? (l.ruleId ? `${l.ruleId}${l.ruleVersion ? `（第 ${l.ruleVersion} 版）` : ''}` : null) },
  // 提醒 is also a kind of lead: this is when the prosecutors were notified of it.
  { key: 'alertSentAt', label: '通知发送时间', type: 'datetime', get: (l) => l.alert?.sentAt },
];

/** 2026-12-16（还剩 15 天） while the transfer to the 监察委 is owed; the date alone after it. */
function transferDue(l) {
  if (isBlank(l.transferDueOn)) return null;
  const date = formatDate(String(l.transferDueOn).slice(0, 10));
  return typeof l.transferDaysLeft === 'number' ? `${date}（${daysLeftText(l.transferDaysLeft)}）` : date;
}

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

function decisionBlock(lead) {
  const decision = lead.decision;
  if (!decision || !decision.action) return h('p', { class: 'muted', testid: 'lead-decision' }, lead.status === 'withdrawn' ? '无（线索未经处理即已撤回或解除）' : '尚未处理');
  const record = { ...decision, actionName: decision.actionName ?? LEAD_STATUSES[decision.action] ?? decision.action };
  const node = fieldList(record, [
    { key: 'actionName', label: '决定' },
    { key: 'byName', label: '决定人', get: (d) => d.byName ?? d.by },
    { key: 'at', label: '时间', type: 'datetime' },
    { key: 'reason', label: '理由', type: 'long' },
    // A 不予受理 must carry its reason; one still owed says so, and how to give it.
    { key: 'reasonOwed', label: '理由', get: () => (lead.reasonOwed ? true : null), type: () => rejectReasonOwed(lead) },
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
      badges: h('div', { class: 'badges' }, badge(l.kindName ?? LEAD_KINDS[l.kind]), badge(l.statusName ?? LEAD_STATUSES[l.status], l.reasonOwed ? 'badge-owed' : null)),
    },
    panel('基本信息', fieldList(l, LEAD_FIELDS)),
    panel('发现依据', h('p', { class: 'pre-wrap', testid: 'lead-explanation' }, isBlank(l.explanation) ? '—' : l.explanation)),
    panel('法律依据', h('p', { class: 'pre-wrap', testid: 'lead-legal-basis' }, isBlank(l.legalBasis) ? '—' : l.legalBasis)),
    panel('触发数据', valuesTable(l.values, l.valueRows)),
    panel('处理决定', decisionBlock(l), leadGuide(l)),
  );
}
