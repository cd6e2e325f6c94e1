/**
 * The one place where the values rules read get their Chinese names and renderings, for every screen that shows a
 * lead's data to a prosecutor (alert card, lead detail, dashboard): 罚款金额 50000元, 罚款已缴纳 未记录,
 * 发现时状态 已收到, 每亩罚款 1312.34元. No raw path, code, boolean or unrounded figure reaches a prosecutor.
 */

import { isPresent } from './condition.js';
import { STATUS_TEXT } from './recommendation-facts.js';
import type { FactRoot, Facts } from './types.js';

/** How one value is named and shown. */
export interface ValueLabel {
  /** Chinese name, at most 8 characters so an alert card shows it whole. */
  label: string;
  /** Unit written after a number: 元, 亩, 日 … */
  unit?: string;
  /** Chinese words for stored codes (statuses). */
  codes?: Readonly<Record<string, string>>;
}

/** What an unrecorded value reads as. */
export const NOT_RECORDED = '未记录';

const CASE_STATUS_TEXT = { open: '未结案', closed: '已结案' };

/**
 * Every fact rules can read. Values are what the records said when the lead was raised, so states are named as
 * such (发现时状态): read later, a bare 状态 would pass for the current one.
 */
export const FACT_LABELS: { readonly [R in FactRoot]: { readonly [F in keyof Required<Facts>[R]]: ValueLabel } } = {
  case: {
    caseNumber: { label: '案号' }, caseType: { label: '案件类型' }, party: { label: '当事人' }, facts: { label: '违法事实' },
    violation: { label: '违法行为' }, legalBasis: { label: '法律依据' }, decision: { label: '处罚决定' },
    fineYuan: { label: '罚款金额', unit: '元' }, finePaid: { label: '罚款已缴纳' }, enforced: { label: '已强制执行' },
    areaMu: { label: '记录面积', unit: '亩' }, filedOn: { label: '立案日期' }, decidedOn: { label: '决定日期' },
    domain: { label: '领域' }, campaign: { label: '专项' }, status: { label: '发现时案件状态', codes: CASE_STATUS_TEXT }, agency: { label: '执法单位' },
  },
  recommendation: {
    ref: { label: '文号' }, agency: { label: '执法单位' }, title: { label: '检察建议' }, status: { label: '发现时状态', codes: STATUS_TEXT },
    statusText: { label: '发现时状态' }, percent: { label: '发现时进度', unit: '%' }, urgent: { label: '情况紧急' },
    issuedOn: { label: '发出日期' }, receivedOn: { label: '收到日期' }, dueOn: { label: '回复期限' }, repliedOn: { label: '回复日期' },
    completedOn: { label: '报告完成日期' }, domain: { label: '领域' },
  },
  derived: {
    today: { label: '发现日期' }, caseText: { label: '案件记录' }, fineExecutionText: { label: '罚款执行情况' },
    licenceExpiryStatement: { label: '许可期满记载' }, daysSinceDecision: { label: '决定后天数', unit: '日' },
    daysSinceFiled: { label: '立案后天数', unit: '日' }, forestLandMu: { label: '林地面积', unit: '亩' }, farmlandMu: { label: '耕地面积', unit: '亩' }, landAreaText: { label: '涉案面积' },
    areaMu: { label: '涉案面积', unit: '亩' }, fineYuanPerMu: { label: '每亩罚款', unit: '元' }, fineYuanPerMuRounded: { label: '每亩罚款取整', unit: '元' }, stateLossYuan: { label: '国有财产损失', unit: '元' },
    laterDatedCases: { label: '此后立案数', unit: '件' }, laterDatedCaseNumbers: { label: '此后立案案号' },
    laterCasesOfSameParty: { label: '此后立案数', unit: '件' }, laterCaseNumbers: { label: '此后立案案号' },
    daysOverdue: { label: '逾期天数', unit: '日' }, overdueEpisodes: { label: '累计逾期次数', unit: '次' },
    lastCompleteReportOn: { label: '报告完成日期' }, daysSinceCompleteReport: { label: '报告完成后天数', unit: '日' },
    lastCompleteHasEvidence: { label: '完成报告有证据' }, lastCompleteEvidenceCount: { label: '完成报告证据数', unit: '份' },
  },
};

/** Every threshold (param) a rule may have; the validator refuses a rule whose param is not named here. */
export const PARAM_LABELS: Readonly<Record<string, ValueLabel>> = {
  days: { label: '提示天数', unit: '日' },
  cases: { label: '提示案件数', unit: '件' },
  protectedForestMu: { label: '保护林地标准', unit: '亩' },
  otherForestMu: { label: '其他林地标准', unit: '亩' },
  basicFarmlandMu: { label: '基本农田标准', unit: '亩' },
  otherFarmlandMu: { label: '其他耕地标准', unit: '亩' },
  minFineYuanPerMu: { label: '每亩罚款下限', unit: '元' },
  hearingFineYuan: { label: '听证罚款标准', unit: '元' },
  minLossYuan: { label: '损失立案标准', unit: '元' },
  episodes: { label: '转线索逾期次数', unit: '次' },
};

/** The label of a fact path (`case.finePaid`) or a param (`params.days`), or undefined for an unknown one. */
export function labelOf(path: string): ValueLabel | undefined {
  const [root, field, ...more] = path.split('.');
  if (more.length > 0 || field === undefined) return undefined;
  if (root === 'params') return Object.hasOwn(PARAM_LABELS, field) ? PARAM_LABELS[field] : undefined;
  if (root !== 'case' && root !== 'recommendation' && root !== 'derived') return undefined;
  // `root` is one of the three fact roots (checked above); each table is widened to look up any field name.
  const table = FACT_LABELS[root] as Readonly<Record<string, ValueLabel>>;
  return Object.hasOwn(table, field) ? table[field] : undefined;
}

/** A number as a prosecutor reads it: at most two decimals, no float noise (1312.3359… → 1312.34). */
export function roundForDisplay(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** A value in words with its unit: 是/否, 未记录, a status in Chinese, 1312.34元, a list joined with 、. */
export function renderValue(value: unknown, label: ValueLabel = { label: '' }): string {
  if (!isPresent(value)) return NOT_RECORDED;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isFinite(value) ? `${roundForDisplay(value)}${label.unit ?? ''}` : NOT_RECORDED;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? NOT_RECORDED : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, label)).join('、');
  const text = String(value);
  return label.codes && Object.hasOwn(label.codes, text) ? (label.codes[text] ?? text) : text;
}

/**
 * One recorded value as a row a prosecutor reads: `case.finePaid`, undefined → { label: '罚款已缴纳', text: '未记录' }.
 * A path no table knows (only possible in leads raised under rules since removed) keeps its path as the label.
 */
export function describeValue(path: string, value: unknown): { label: string; text: string } {
  const label = labelOf(path);
  return { label: label?.label ?? path, text: renderValue(value, label) };
}
