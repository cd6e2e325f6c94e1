// Detail pages: a recommendation and an enforcement case (a lead's is page-lead.js).
import { apiGet } from './api.js';
import { h } from './dom.js';
import { CASE_STATUSES, RECOMMENDATION_STATUSES, daysLeftText, isBlank, lightLabel } from './format.js';
import { routeHref } from './router.js';
import { timeline } from './timeline.js';
import { recommendationActions } from './recommendation-actions.js';
import { afterAction, badge, detailPage, fieldList, panel } from './detail-parts.js';

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
  // A reply dated by its day alone (已于今天书面回复) has no time of day: its date, not an invented 20:00.
  { key: 'repliedAt', label: '回复时间', type: 'datetime', get: (r) => (r.replyTimeKnown === false ? null : r.repliedAt) },
  { key: 'repliedOn', label: '书面回复日期', get: (r) => (r.replyTimeKnown === false ? r.repliedOn : null) },
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
    actionsPanel(r),
    panel('办理过程', timeline(data?.timeline)),
  );
}

/** 办理: what the viewer may do now (登记收到日期, 重新确定回复期限, 验收/退回); none for an agency admin. */
function actionsPanel(r) {
  const content = recommendationActions(r, afterAction('recommendation'));
  return content ? h('section', { class: 'panel panel-actions', testid: 'actions-panel' }, h('h2', {}, '办理'), content) : null;
}

// --- 执法案件 ---

/** Whether a quantity is the fine itself (罚款 1000 元), which 罚款(元) already shows. */
const isFine = (q) => /罚款/.test(String(q?.item ?? '')) && /元$/.test(String(q?.unit ?? ''));

/** The case's quantities (林地 120 亩；…), without the fine when 罚款(元) shows it. */
function quantities(c) {
  const list = (Array.isArray(c.quantities) ? c.quantities : []).filter((q) => isBlank(c.fineYuan) || !isFine(q));
  return list.map((q) => [q.item, q.value, q.unit].filter((x) => !isBlank(x)).join(' ')).join('；');
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
  { key: 'fineYuan', label: '罚款(元)', get: (c) => (typeof c.fineYuan === 'number' ? c.fineYuan.toLocaleString('zh-CN') : c.fineYuan) },
  { key: 'finePaid', label: '罚款已缴纳', type: 'bool' },
  { key: 'enforced', label: '已执行', type: 'bool' },
  { key: 'areaMu', label: '面积(亩)' },
  { key: 'quantities', label: '数量', get: quantities },
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
