import { parseNumber } from './chinese-numerals.js';
import { findQuantities } from './quantities.js';
import type { Problem, Quantity, ReportFields } from './types.js';

/** The fields of {@link ReportFields}, in the order a confirmation lists them. */
export const REPORT_FIELD_NAMES = [
  'caseNumber', 'caseType', 'party', 'facts', 'violation', 'legalBasis', 'decision', 'fineYuan', 'areaMu', 'date', 'domain',
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
  date: ['日期', '处罚日期', '决定日期', '立案日期', '时间', '作出日期'],
  domain: ['领域', '所属领域', '公益领域'],
};

/** Fields a new case cannot be recorded without; the handler asks for the ones missing. */
export const REPORT_REQUIRED_FIELDS = ['caseNumber', 'party', 'facts'] as const satisfies readonly (keyof ReportFields)[];

const FIELD_BY_LABEL: ReadonlyMap<string, keyof ReportFields> = new Map(
  REPORT_FIELD_NAMES.flatMap((field) => REPORT_FIELD_LABELS[field].map((label): [string, keyof ReportFields] => [label, field])),
);

const KNOWN_LABELS = [...FIELD_BY_LABEL.keys()].sort((a, b) => b.length - a.length).join('|');

/**
 * Where a field starts on a line holding several (上报 案号:… 当事人:… 备注:…): before any short label after a
 * space, and before a known label after a comma.
 */
const INLINE_LABEL = new RegExp(`\\s(?=[\\u4e00-\\u9fffA-Za-z]{1,8}\\s?[:：=])|[,，、](?=(?:${KNOWN_LABELS})\\s?[:：=])`, 'g');

/** The domains (领域) of public interest, with words that identify each. */
const DOMAINS: readonly [string, RegExp][] = [
  ['生态环境和资源保护', /生态|环境|资源|林|矿|水|土壤|污染/],
  ['食品药品安全', /食品|药品|食药/],
  ['国有财产保护', /国有财产|国资|财政|国有资产/],
  ['国有土地使用权出让', /土地出让|出让金|土地使用权/],
];

/** What a 上报 message said, field by field. */
export type ParsedReport = {
  fields: ReportFields;
  rawFields: Record<string, string>;
  quantities: Quantity[];
  problems: Problem[];
};

/** A label, a colon and a value; labels are short, so a long "label" is just text containing a colon. */
const KEY_VALUE = /^([\u4e00-\u9fffA-Za-z ]{1,10}?)\s?[:：=]\s?(.*)$/;

/**
 * Reads the `label:value` pairs after 上报 (one per line, or several on a line, or separated by ；) into case
 * fields, normalising money to 元 (a bare number is 元), area to 亩 (a bare number is 亩) and dates to
 * YYYY-MM-DD. Unknown labels are kept in `rawFields` only. Full-width colons are accepted too, so the function
 * also works on text that was not normalised.
 */
export function parseReportFields(body: string): ParsedReport {
  const result: ParsedReport = { fields: {}, rawFields: {}, quantities: [], problems: [] };
  const pairs = labelledPairs(body);
  const colonless = pairsWithoutColons(body.split('\n').filter((line) => !/[:：=]/.test(line)).join('\n'));
  for (const [label, value] of [...pairs, ...(pairs.length ? missingRequired(colonless, pairs) : formWithoutColons(colonless))]) {
    result.rawFields[label] = value;
    const field = FIELD_BY_LABEL.get(label);
    if (field) setField(result, field, label, value);
  }
  return result;
}

/** `label:value` pairs, one per line, several on a line, or separated by ；. */
function labelledPairs(body: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const segment of body.replace(INLINE_LABEL, '\n').split(/\n|;|；/)) {
    const match = KEY_VALUE.exec(segment.trim());
    const label = match?.[1]?.replace(/\s/g, '');
    const value = match?.[2]?.trim();
    if (label && value) pairs.push([label, value]);
  }
  return pairs;
}

/** Labels distinct enough to be read without a colon: not 单位, 事实, 决定 … which open ordinary sentences too. */
const LABELS_WITHOUT_COLON = [...FIELD_BY_LABEL.keys()].filter((label) => label.length >= 3 || label === '案号' || label === '罚款').sort((a, b) => b.length - a.length);
const LABEL_AT_START = new RegExp(`^(${LABELS_WITHOUT_COLON.join('|')})\\s?(.+)$`);

/**
 * 案号林罚〔2021〕20号，当事人张三，违法事实擅自占用林地5亩: known labels without colons, each starting a part of
 * the message; a part that starts with no label continues the field before it (facts with commas in them).
 */
function pairsWithoutColons(body: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of body.split(/[\n,，;；]/).map((p) => p.trim()).filter(Boolean)) {
    const match = LABEL_AT_START.exec(part);
    const last = pairs.at(-1);
    if (match?.[1] && match[2]) pairs.push([match[1], match[2].trim()]);
    else if (last) last[1] = `${last[1]},${part}`;
  }
  return pairs;
}

/** A whole form typed without colons: two labels at least, since one label-like start is more likely a sentence (当事人不在家). */
function formWithoutColons(colonless: [string, string][]): [string, string][] {
  return colonless.length >= 2 ? colonless : [];
}

/**
 * In a form with colons, a line without one counts only as the answer (违法事实擅自占用林地) to the question for a
 * required field the form lacked; other such lines stay ignored, as they always were.
 */
function missingRequired(colonless: [string, string][], given: [string, string][]): [string, string][] {
  const present = new Set(given.map(([label]) => FIELD_BY_LABEL.get(label)));
  return colonless.filter(([label]) => {
    const field = FIELD_BY_LABEL.get(label);
    return field !== undefined && !present.has(field) && (REPORT_REQUIRED_FIELDS as readonly string[]).includes(field);
  });
}

function setField(result: ParsedReport, field: keyof ReportFields, label: string, value: string): void {
  // In 罚款:5000元 the label names what the figure counts.
  const quantities = findQuantities(value).map((quantity) => ({ ...quantity, item: quantity.item ?? label }));
  result.quantities.push(...quantities);
  if (field === 'fineYuan') {
    const yuan = quantities.find((q) => q.base?.unit === '元')?.base?.value ?? parseNumber(value.replace(/元$/, ''));
    if (yuan === null) result.problems.push({ field: 'fine', value, reason: '罚款金额没有看懂，请写成如“5000元”或“1.5万元”' });
    else result.fields.fineYuan = yuan;
  } else if (field === 'areaMu') {
    const mu = quantities.find((q) => q.base?.unit === '亩')?.base?.value ?? parseNumber(value.replace(/亩$/, ''));
    if (mu === null) result.problems.push({ field: 'area', value, reason: '面积没有看懂，请写成如“12亩”或“0.8公顷”' });
    else result.fields.areaMu = mu;
  } else if (field === 'date') {
    const date = parseDate(value);
    if (date === null) result.problems.push({ field: 'date', value, reason: '日期没有看懂，请写成如“2021-03-05”或“2021年3月5日”' });
    else result.fields.date = date;
  } else if (field === 'domain') {
    result.fields.domain = DOMAINS.find(([, pattern]) => pattern.test(value))?.[0] ?? value;
  } else {
    result.fields[field] = value;
  }
}

/**
 * `3月5日` (or 号, `3-5`, `3/5`) with no year, read as the latest such day on or before `today` (YYYY-MM-DD): a case
 * is reported after its decision. Null when the text is not a month and day, or the day does not exist.
 */
export function parseDateWithoutYear(text: string, today: string): string | null {
  const match = /^(\d{1,2})\s?[-./月]\s?(\d{1,2})\s?[日号]?$/.exec(text.trim());
  if (!match) return null;
  const year = Number(today.slice(0, 4));
  const inYear = (y: number) => parseDate(`${y}-${match[1]}-${match[2]}`);
  const thisYear = inYear(year);
  return thisYear !== null && thisYear <= today ? thisYear : inYear(year - 1);
}

/** `2021-03-05`, `2021.3.5`, `2021/3/5`, `2021年3月5日` (or 号) → `2021-03-05`; null when not a real date. */
export function parseDate(text: string): string | null {
  const match = /^(\d{4})\s?[-./年]\s?(\d{1,2})\s?[-./月]\s?(\d{1,2})\s?[日号]?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
