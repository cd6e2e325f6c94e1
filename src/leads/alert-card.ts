import { createHash } from 'node:crypto';
import { leadDecisions, type LeadDecision, type LeadRecord } from '../models/lead.js';
import type { TemplateCard } from '../wecom/outbound-message.js';

export const leadKindNames: Record<LeadRecord['kind'], string> = {
  pil: '公益诉讼线索', criminal: '刑事案件线索', duty_crime: '职务犯罪线索', irregular: '不规范执法', general_violation: '一般违法',
};

/** Button keys of an alert card: lead:<lead id>:<decision>. */
export const leadKeyPrefix = 'lead:';

export function leadTaskId(leadId: string): string {
  return `lead-${createHash('sha256').update(leadId).digest('hex').slice(0, 24)}`;
}

/** Parses a clicked key back into the lead id and the decision, or undefined for another card's key. */
export function parseLeadKey(key: string): { leadId: string; action: LeadDecision } | undefined {
  if (!key.startsWith(leadKeyPrefix)) return undefined;
  const rest = key.slice(leadKeyPrefix.length);
  const cut = rest.lastIndexOf(':');
  const action = rest.slice(cut + 1);
  return cut > 0 && Object.hasOwn(leadDecisions, action) ? { leadId: rest.slice(0, cut), action: action as LeadDecision } : undefined;
}

/** Readable names of the facts rules read most, for the card's rows (others show their last path part). */
const factLabels: Record<string, string> = {
  fineYuan: '罚款（元）', finePaid: '罚款已缴纳', enforced: '已强制执行', daysSinceDecision: '决定后天数', daysOverdue: '逾期天数',
  status: '状态', days: '阈值（天）', areaMu: '面积（亩）', forestLandMu: '林地（亩）', farmlandMu: '耕地（亩）', fineYuanPerMu: '每亩罚款',
  daysSinceCompleteReport: '报完成后天数', lastCompleteHasEvidence: '完成报告有证据', laterCasesOfSameParty: '同一当事人后续案件', stateLossYuan: '国有财产损失',
};

function factLabel(fact: string): string {
  const last = fact.split('.').pop() ?? fact;
  return factLabels[last] ?? last;
}

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '（未填写）';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * The alert a prosecutor acts on from chat: the case, the rule that fired with the values that made it
 * fire, its legal basis, and the four decisions as buttons.
 */
export function leadAlertCard(lead: LeadRecord, agencyName: string): TemplateCard {
  const values = lead.values.filter(({ fact }) => !fact.endsWith('caseText')).slice(0, 5).map(({ fact, value }) => ({ keyname: factLabel(fact).slice(0, 10), value: shown(value).slice(0, 30) }));
  return {
    card_type: 'button_interaction',
    source: { desc: '衔接助手 · 线索提醒' },
    main_title: { title: `【${leadKindNames[lead.kind]}】${lead.title}`.slice(0, 36), desc: `${agencyName} · ${lead.subject.label}`.slice(0, 44) },
    sub_title_text: `${lead.explanation}\n依据：${lead.legalBasis}\n规则 ${lead.ruleId}（第${lead.ruleVersion}版） · 编号 ${lead.number}`,
    horizontal_content_list: [{ keyname: '线索编号', value: lead.number }, ...values].slice(0, 6),
    task_id: leadTaskId(lead._id),
    button_list: (Object.keys(leadDecisions) as LeadDecision[]).map((action, i) => ({
      text: leadDecisions[action], style: i === 0 ? 1 : 2, key: `${leadKeyPrefix}${lead._id}:${action}`,
    })),
  };
}
