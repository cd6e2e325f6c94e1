import { createHash } from 'node:crypto';
import { leadDecisions, type LeadDecision, type LeadRecord } from '../models/lead.js';
import { describeValue } from '../rules/index.js';
import type { TemplateCard } from '../wecom/outbound-message.js';
import { characters, shortenText } from '../wecom/split-text.js';

export const leadKindNames: Record<LeadRecord['kind'], string> = {
  pil: '公益诉讼线索', criminal: '刑事案件线索', duty_crime: '职务犯罪线索', irregular: '不规范执法', general_violation: '一般违法', prompt: '提醒',
};

/**
 * The decisions a card offers for a lead of this kind. A 提醒 (prompt) is taken up (受理: the prosecutor follows it
 * up with the agency) or set aside with a reason (不予受理); it is no lead to transfer to the police or the
 * supervisory commission.
 */
export function cardDecisions(kind: LeadRecord['kind']): LeadDecision[] {
  const all = Object.keys(leadDecisions) as LeadDecision[]; // Object.keys loses the key type
  return kind === 'prompt' ? all.filter((action) => action === 'accept' || action === 'reject') : all;
}

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

/** The delivery id of a lead's alert card (deliveries record its response_code, which can update the card). */
export function alertDeliveryId(leadId: string): string {
  return `alert_${leadId}`.replace(/:/g, '_');
}

/** Facts too long for a card row; the explanation quotes what matters of them. */
const notOnCard = new Set(['derived.caseText']);
const isParam = (fact: string) => fact.startsWith('params.');

/**
 * How many characters WeCom shows of each card field, as the official SDK's types recommend (@wecom/aibot-node-sdk
 * TemplateCard: title 26, desc 30, source 13, a row's value 26; sub_title_text 112). A longer field is cut by us with
 * an ellipsis, between characters, rather than left to WeCom.
 */
const cardLimits = { title: 26, desc: 30, value: 26 };

/**
 * The values a lead recorded as rows a prosecutor reads, each with its Chinese label and rendering (src/rules/labels.ts):
 * `case.finePaid` undefined → 罚款已缴纳：未记录; `derived.fineYuanPerMu` 1312.3359… → 每亩罚款：1312.34元.
 */
export function leadValueRows(lead: Pick<LeadRecord, 'values'>): Array<{ label: string; text: string }> {
  return lead.values.map(({ fact, value }) => describeValue(fact, value));
}

/**
 * The card's line under the title: the agency and what the lead is about (案号 … (当事人) or 检察建议 … (title)). When it
 * is too long for the line, the part in brackets gives way, not the number a prosecutor looks the case up by.
 */
function subjectLine(agencyName: string, label: string): string {
  const line = `${agencyName} · ${label}`;
  const open = label.indexOf('（');
  if (characters(line).length <= cardLimits.desc || open < 0) return shortenText(line, cardLimits.desc);
  const head = `${agencyName} · ${label.slice(0, open)}`;
  const room = cardLimits.desc - characters(head).length;
  return room >= 3 ? `${head}${shortenText(label.slice(open), room)}` : shortenText(head, cardLimits.desc);
}

/**
 * The alert a prosecutor acts on from chat: the case, the rule that fired with the values that made it
 * fire, its legal basis, and the decisions as buttons (the four of a lead, two of a 提醒: see cardDecisions).
 * The kind of lead heads the card (its source line), so that the title has room for the whole rule title; the legal
 * basis is a row as well as the last lines of sub_title_text, which WeCom folds after about 112 characters.
 */
export function leadAlertCard(lead: LeadRecord, agencyName: string): TemplateCard {
  // Six rows at most: the facts of the case come before the rule's thresholds (params.*), which the explanation states.
  const shown = lead.values.filter(({ fact }) => !notOnCard.has(fact));
  const values = leadValueRows({ values: [...shown.filter(({ fact }) => !isParam(fact)), ...shown.filter(({ fact }) => isParam(fact))] })
    .map(({ label, text }) => ({ keyname: label, value: shortenText(text, cardLimits.value) }));
  return {
    card_type: 'button_interaction',
    source: { desc: lead.kind === 'prompt' ? '衔接助手 · 整改提醒' : `衔接助手 · ${leadKindNames[lead.kind]}` },
    main_title: { title: shortenText(lead.title, cardLimits.title), desc: subjectLine(agencyName, lead.subject.label) },
    sub_title_text: `${lead.explanation}\n依据：${lead.legalBasis}\n规则 ${lead.ruleId}（第${lead.ruleVersion}版） · 编号 ${lead.number}`,
    horizontal_content_list: [
      { keyname: '线索编号', value: lead.number },
      ...(lead.legalBasis ? [{ keyname: '依据', value: shortenText(lead.legalBasis, cardLimits.value) }] : []),
      ...values,
    ].slice(0, 6),
    task_id: leadTaskId(lead._id),
    button_list: cardDecisions(lead.kind).map((action, i) => ({
      text: leadDecisions[action], style: i === 0 ? 1 : 2, key: `${leadKeyPrefix}${lead._id}:${action}`,
    })),
  };
}
