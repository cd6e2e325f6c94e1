import type { ReportFields } from './types.js';

/** The fields of {@link ReportFields}, in the order a confirmation lists them. */
export const REPORT_FIELD_NAMES = [
  'caseNumber', 'caseType', 'party', 'facts', 'violation', 'legalBasis', 'decision', 'fineYuan', 'areaMu', 'filedOn', 'date', 'domain', 'campaign',
] as const satisfies readonly (keyof ReportFields)[];

/** Labels staff use for each enforcement-case field in a 上报 message. */
export const REPORT_FIELD_LABELS: Readonly<Record<keyof ReportFields, readonly string[]>> = {
  caseNumber: ['案号', '案件编号', '案件号', '编号', '文书号', '决定书文号', '处罚决定书文号', '文号'],
  caseType: ['案件类型', '类型', '案件种类'],
  party: ['当事人', '违法主体', '被处罚人', '相对人', '行政相对人', '被处罚单位', '单位', '姓名'],
  facts: ['违法事实', '事实', '案情', '基本案情', '案情简介'],
  violation: ['违法行为', '违法类型', '行为'],
  legalBasis: ['法律依据', '依据', '处罚依据'],
  decision: ['处罚', '处罚决定', '处罚结果', '处理决定', '决定', '处理结果'],
  fineYuan: ['罚款', '罚款金额', '罚金', '罚没款', '金额'],
  areaMu: ['面积', '占地面积', '涉及面积', '毁林面积', '占用面积'],
  // 立案日期 is the filing, not the decision: read as the decision date, it made R01 count 90 days from the wrong day.
  filedOn: ['立案日期', '立案时间'],
  date: ['日期', '处罚日期', '决定日期', '时间', '作出日期'],
  domain: ['领域', '所属领域', '公益领域'],
  campaign: ['专项', '专项行动', '专项活动', '所属专项'],
};

/** Labels of 结案 or not (是否结案：是); exported for whoever reads the same from a ledger's column. */
export const CASE_STATUS_LABELS = ['是否结案', '结案情况', '结案状态', '案件状态', '是否办结', '办结情况', '结案'] as const;

/**
 * Items of a 上报 message that are not {@link ReportFields}: how the fine was paid, a note, confiscation, 结案. They are
 * kept out of REPORT_FIELD_LABELS, which also names a case sheet's columns: a column is imported only as its values are read.
 */
export const EXTRA_LABELS = {
  payment: ['缴纳情况', '是否缴纳', '罚款缴纳', '罚款缴纳情况', '缴款情况', '是否已缴纳', '罚款是否缴纳'],
  note: ['备注'],
  confiscation: ['没收违法所得', '没收金额', '没收'],
  status: CASE_STATUS_LABELS,
} as const;

/**
 * Labels a 处罚决定书 writes beside the fields, of what no case field holds: 当事人：某公司 法定代表人：王五, 处罚决定：…
 * 执法人员：张三. Known words, they end the value before them wherever written (after a space or a comma too) and are
 * listed as not recorded: taken as text of the party, an ID number went into the 线索 cards and R03, which compares
 * parties, no longer matched the same company filed again.
 */
export const UNRECORDED_LABELS = [
  '法定代表人', '法人代表', '法人', '负责人', '主要负责人', '经营者', '投资人', '业主', '户主',
  '地址', '住所', '住址', '住所地', '经营场所', '经营地址', '营业地址', '注册地址', '联系地址', '家庭住址', '现住址',
  '统一社会信用代码', '社会信用代码', '信用代码', '营业执照号', '营业执照注册号', '注册号', '组织机构代码',
  '身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号',
  '联系电话', '联系方式', '电话', '手机', '手机号', '手机号码', '联系人',
  '性别', '年龄', '出生日期', '出生年月', '民族', '职务', '职业', '工作单位',
  '执法人员', '承办人', '承办人员', '执法证号', '委托代理人', '代理人',
] as const;

export type ExtraItem = keyof typeof EXTRA_LABELS;
export type ReportItem = keyof ReportFields | ExtraItem;
export type Item = ReportItem;

/** Fields a new case cannot be recorded without; the handler asks for the ones missing. */
export const REPORT_REQUIRED_FIELDS = ['caseNumber', 'party', 'facts'] as const satisfies readonly (keyof ReportFields)[];

/** The label a question about a field shows, and that an answer to it is filed under. */
export const REPORT_FIELD_TITLES: Readonly<Record<keyof ReportFields, string>> = {
  caseNumber: '案号', caseType: '案件类型', party: '当事人', facts: '违法事实', violation: '违法行为', legalBasis: '法律依据',
  decision: '处罚决定', fineYuan: '罚款', areaMu: '面积', filedOn: '立案日期', date: '决定日期', domain: '领域', campaign: '专项',
};

/**
 * Files a reply to a question of the bot under the label of what it asked for, so that text without a label is
 * read as that field (案号 asked, 富市监罚〔2026〕111号 answered). Several fields asked, the reply is filed under
 * {@link REPLY_LABEL}, which no field has: plain text there is listed as not understood instead of being
 * appended to the field before it.
 */
export const REPLY_LABEL = '补充内容';

export const ITEM_BY_LABEL: ReadonlyMap<string, Item> = new Map([
  ...REPORT_FIELD_NAMES.flatMap((field) => REPORT_FIELD_LABELS[field].map((label): [string, Item] => [label, field])),
  ...(Object.keys(EXTRA_LABELS) as ExtraItem[]).flatMap((item) => EXTRA_LABELS[item].map((label): [string, Item] => [label, item])),
]);

/** What a label names: a case field, or payment / note / confiscation; undefined for a label the parser does not know. */
export function reportItemOf(label: string): Item | undefined {
  return ITEM_BY_LABEL.get(label);
}

/** Labels as one regex alternation, longest first (so 处罚决定 is not read as 处罚). */
export const alternation = (labels: Iterable<string>) => [...labels].sort((a, b) => b.length - a.length).join('|');
