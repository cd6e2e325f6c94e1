import { REPORT_FIELD_LABELS, REPORT_REQUIRED_FIELDS, toHalfWidth, UNITS } from '../commands/index.js';
import { withoutInvisible } from '../commands/normalize-text.js';
import type { CaseInput } from '../models/case.js';

/** A case field one spreadsheet column can fill (quantities are read from the facts, not from a column). */
export type ImportField = Exclude<keyof CaseInput, 'quantities'>;

/** What a header cell stands for: 罚款（万元） → field fineYuan, label 罚款, unit 万元. */
export interface ColumnMeaning {
  field: ImportField;
  /** The header without asterisks, spaces or a unit in brackets; used to name the column in refusals. */
  label: string;
  /** A unit the header declares for bare numbers in the column (万元, 公顷 …), or null. */
  unit: string | null;
  /**
   * True for a label that often heads something else in a ledger (单位 holding the agency's own name, 编号 a serial
   * number): a column with a more specific label for the same field (当事人, 案号) is read instead of it.
   */
  generic: boolean;
}

/** Fields a row cannot be imported without; the same as for a 上报 message. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = REPORT_REQUIRED_FIELDS;

/**
 * Header labels found in agency ledgers (台账) beyond the 上报 labels. They win over the 上报 table, so that
 * 立案日期 fills filedOn while the generic 日期 fills decidedOn.
 */
const EXTRA_LABELS: Readonly<Partial<Record<ImportField, readonly string[]>>> = {
  caseNumber: ['行政处罚决定书文号', '决定书编号', '处罚文号', '案卷号'],
  party: ['当事人名称', '当事人姓名', '当事人姓名或名称', '被处罚人名称', '被处罚人姓名'],
  facts: ['主要违法事实', '简要案情', '违法事实摘要'],
  decision: ['处罚内容', '处罚种类', '处罚决定内容'],
  legalBasis: ['处罚依据条款', '法律条款'],
  fineYuan: ['罚款数额', '罚没金额', '罚款数'],
  areaMu: ['涉案面积', '林地面积', '耕地面积'],
  finePaid: ['是否缴纳', '已缴纳', '是否已缴纳', '是否缴纳罚款', '罚款是否缴纳', '缴纳情况', '罚款缴纳情况'],
  enforced: ['是否执行', '已执行', '是否已执行', '是否强制执行', '执行情况'],
  campaign: ['专项', '专项行动', '专项活动', '所属专项'],
  filedOn: ['立案日期', '立案时间'],
  decidedOn: ['决定日期', '处罚日期', '决定时间', '处罚时间', '处罚决定日期', '作出决定日期'],
  // The rules read the note with the facts: 已告知听证权利 or 已复查 written here must reach them.
  note: ['备注', '备注说明', '备注栏', '其他情况'],
  status: ['是否结案', '是否已结案', '结案情况', '结案状态', '案件状态', '是否办结', '办结情况'],
};

/**
 * Labels of the 上报 table that name their field only loosely: in a ledger 单位 is as often the agency's own name
 * as the party's, 姓名 the officer's, 编号 or 文号 a serial or a file number, 日期 any date. When a sheet also has
 * a column with a specific label for the field (当事人, 案号, 决定日期 …), the loose one is not read.
 */
const GENERIC_LABELS: ReadonlySet<string> = new Set(['单位', '姓名', '编号', '文号', '类型', '行为', '依据', '事实', '处罚', '决定', '金额', '日期', '时间']);

/** Headers that carry nothing to import and are not worth reporting as ignored. */
const SILENT_HEADERS = new Set(['序号', 'No', 'No.', 'NO', 'NO.']);

/** The 上报 table speaks of one `date`; in a ledger an unqualified 日期 is the decision date. */
const FIELD_BY_LABEL: ReadonlyMap<string, ImportField> = new Map<string, ImportField>([
  ...Object.entries(REPORT_FIELD_LABELS).flatMap(([field, labels]) =>
    labels.map((label): [string, ImportField] => [label, field === 'date' ? 'decidedOn' : (field as ImportField)]),
  ),
  ...Object.entries(EXTRA_LABELS).flatMap(([field, labels]) =>
    // Object.entries loses the key type; the keys are ImportField by EXTRA_LABELS' declared type.
    (labels ?? []).map((label): [string, ImportField] => [label, field as ImportField]),
  ),
]);

/**
 * What a header cell means, or null when no case field goes by that name. Tolerates what ledgers put in
 * headers: full-width characters, line breaks, a required-marker asterisk, a unit or note in brackets.
 *
 * @example columnMeaning('*罚款（万元）') → { field: 'fineYuan', label: '罚款', unit: '万元' }
 */
export function columnMeaning(header: string): ColumnMeaning | null {
  const label = cleanHeader(header);
  const exact = FIELD_BY_LABEL.get(label);
  if (exact) return { field: exact, label, unit: null, generic: GENERIC_LABELS.has(label) };
  const bracketed = /^(.+?)[([【](.*)[)\]】]$/.exec(label);
  const base = bracketed?.[1] ?? '';
  const field = FIELD_BY_LABEL.get(base);
  if (!field) return null;
  const unit = (bracketed?.[2] ?? '').replace(/^单位[:：]?/, '');
  return { field, label: base, unit: unit in UNITS ? unit : null, generic: GENERIC_LABELS.has(base) };
}

/** True for headers such as 序号 that are neither imported nor worth mentioning as ignored. */
export function isSilentHeader(header: string): boolean {
  return SILENT_HEADERS.has(cleanHeader(header));
}

/** Half-width, no whitespace or invisible characters (withoutInvisible), no asterisk or colon marking a required column. */
export function cleanHeader(header: string): string {
  return toHalfWidth(withoutInvisible(header))
    .replace(/\s+/g, '')
    .replace(/^[*※★]+|[*※★:]+$/g, '');
}
