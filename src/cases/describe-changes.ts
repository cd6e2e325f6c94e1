import { shortenText } from '../wecom/split-text.js';
import type { AmendableField, FieldChange } from './amend-case.js';

/** Each correctable field in the words agencies and prosecutors use. */
export const CASE_FIELD_TITLES: Readonly<Record<AmendableField, string>> = {
  caseNumber: '案号', caseType: '案件类型', party: '当事人', facts: '违法事实', violation: '违法行为', legalBasis: '法律依据',
  decision: '处罚决定', fineYuan: '罚款', finePaid: '缴纳情况', enforced: '执行情况', areaMu: '面积', filedOn: '立案日期',
  decidedOn: '决定日期', domain: '领域', campaign: '专项', note: '备注', status: '结案情况',
};

/** One stored value as a person reads it; text longer than `max` characters (never cut inside one) is shortened with …. */
export function shown(field: AmendableField, value: FieldChange['from'], max: number): string {
  if (value === null) return '（无）';
  if (field === 'fineYuan') return `${Number(value).toLocaleString('zh-CN')} 元`;
  if (field === 'areaMu') return `${value} 亩`;
  if (field === 'finePaid') return value ? '已缴纳' : '未缴纳';
  if (field === 'enforced') return value ? '已执行' : '未执行';
  if (field === 'status') return value === 'closed' ? '已结案' : '未结案';
  return shortenText(String(value), max + 1);
}

/** 罚款：50,000 元 → 5,000 元 — one line per corrected field. */
export function describeChanges(changes: readonly FieldChange[], max = 80): string[] {
  return changes.map(({ field, from, to }) => `${CASE_FIELD_TITLES[field]}：${shown(field, from, max)} → ${shown(field, to, max)}`);
}

/** The value of a correction as a 更正 message writes it (罚款：5000元), so the bot can offer the message to send. */
function written(field: AmendableField, value: FieldChange['to']): string {
  if (value === null) return '无';
  if (field === 'fineYuan') return `${value}元`;
  if (field === 'areaMu') return `${value}亩`;
  if (field === 'finePaid') return value ? '已缴纳' : '未缴纳';
  if (field === 'status') return value === 'closed' ? '已结案' : '未结案';
  return String(value);
}

/** The labels a 更正 message gives fields under; the chat cannot correct 执行情况 (the API can). */
const CHAT_LABELS: Partial<Record<AmendableField, string>> = { ...CASE_FIELD_TITLES, decidedOn: '决定日期', enforced: undefined };

/** The lines of a 更正 message making these changes, one per field the chat can correct. */
export function amendmentLines(changes: readonly FieldChange[]): string[] {
  return changes.flatMap(({ field, to }) => {
    const label = CHAT_LABELS[field];
    return label ? [`${label}：${written(field, to)}`] : [];
  });
}
