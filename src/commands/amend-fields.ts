import { CASE_STATUS_LABELS, caseNumberAtStart, parseReportFields, REPORT_FIELD_LABELS, reportItemOf, type ReportExtras } from './report-fields.js';
import type { Problem, ReportFields } from './types.js';

/** What 更正 <案号> <项目：正确内容> said. */
export type ParsedAmend = {
  /** The number of the case to correct, as written (normalised); null when none was found. */
  caseNumber: string | null;
  /** The corrected values; `caseNumber` here is a new number (新案号：…). */
  fields: ReportFields;
  extras: ReportExtras;
  /** Fields to clear: 面积：无 (an area given by mistake). */
  cleared: (keyof ReportFields)[];
  problems: Problem[];
  /** Text no field took, as written. */
  unread: string[];
};

/** Every label of a case field or extra, longest first. */
const LABELS = [...Object.values(REPORT_FIELD_LABELS).flat(), '缴纳情况', '是否缴纳', '备注', ...CASE_STATUS_LABELS].sort((a, b) => b.length - a.length).join('|');

/** 罚款改为5000元, 罚款由5万元改为5000元, 把面积更正为2亩: the label and its new value, as 罚款：5000元. */
const CHANGED_TO = new RegExp(`(?:把|将)?(${LABELS})\\s?(?:由[^\\n,，;；]{0,40}?)?(?:改为|改成|更正为|修改为|变更为|调整为|应为|应是|应该是|应该为)\\s?`, 'g');

/** The number naming the case, before the corrections: a label-free first word (富林罚[2024]3号, or any one word). */
const LEADING_LABEL = /^(?:案号|案件编号|案件号|编号)\s?[:：=]?\s?/;

/** A value that clears a field rather than giving it. */
const CLEARS = /^(?:无|没有|空|删除|删去|删掉|清空|不涉及|未涉及)$/;

/**
 * Reads a correction: the case's number first, then the fields to correct as 上报 writes them (罚款：5000元), or
 * with a verb (罚款改为5000元). After the number, 案号 or 新案号 gives the case a new number.
 */
export function parseAmend(rest: string): ParsedAmend {
  const body = rest.trim().replace(LEADING_LABEL, '');
  const caseNumber = caseNumberAtStart(body) ?? firstWord(body);
  const after = (caseNumber ? body.slice(caseNumber.length) : body).replace(/^[\s,，;；、]+/, '');
  const corrections = after.replace(/新案号/g, '案号').replace(CHANGED_TO, '$1：');
  // A corrected 违法事实 that mentions a fine (…，罚了他3万块) corrects the facts only: the fine has its own label.
  // 备注：已告知，当事人张某到场 is a note: a correction of the party names it under its own label.
  const parsed = parseReportFields(corrections, { oneGlued: true, fineInFacts: false, partyOnItsOwn: true });
  const cleared: (keyof ReportFields)[] = [];
  let problems = parsed.problems;
  for (const [label, value] of Object.entries(parsed.rawFields)) {
    const item = reportItemOf(label);
    if (!CLEARS.test(value) || !item || item === 'payment' || item === 'note' || item === 'confiscation' || item === 'status') continue;
    cleared.push(item);
    delete parsed.fields[item];
    problems = problems.filter((problem) => problem.value !== value);
  }
  const unread = parsed.unread.filter((text) => !CLEARS.test(text));
  if (parsed.extras.confiscationYuan !== undefined) unread.push(`没收违法所得：${parsed.extras.confiscationYuan}元（请在“处罚决定”中写明）`);
  return { caseNumber, fields: parsed.fields, extras: parsed.extras, cleared, problems, unread };
}

/** The first word when it is no label: 更正 2024-林-003 罚款：5000元; not 更正 罚款：5000元. */
function firstWord(text: string): string | null {
  const word = /^[^\s,，;；:：=]+/.exec(text)?.[0];
  if (!word || /^[:：=]/.test(text.slice(word.length))) return null;
  return new RegExp(`^(?:${LABELS})`).test(word) ? null : word;
}
