import { findQuantities, normalizeText, parseDate, parseNumber, parseReportFields, toHalfWidth, UNITS } from '../commands/index.js';
import { roundTo6 } from '../commands/chinese-numerals.js';
import { foldLookalikes, identifierForm, oneLine, withoutInvisible } from '../commands/normalize-text.js';
import { readPayment } from '../commands/report-money.js';
import { caseTypes, type CaseQuantity, type CaseType } from '../models/case.js';

/**
 * Normalisers for single spreadsheet cells. Each takes the cell as text (read-sheet.ts has already turned
 * numbers, dates and formulas into text) and returns the value in the unit CaseInput stores, or null when the
 * cell cannot be read that way; case-rows.ts turns a null into a reason for the sender.
 */

/** What ledgers write in a cell that has nothing to say: 无, /, -, —. Treated like an empty cell. */
const PLACEHOLDER = /^(?:无|暂无|空|\/|\\|-+|—+|－+|–+|N\/?A)$/i;

/** True when the cell is empty (invisible characters aside) or only holds a placeholder such as 无 or /. */
export function isBlankCell(text: string | undefined): boolean {
  const trimmed = withoutInvisible(text ?? '').trim();
  return trimmed === '' || PLACEHOLDER.test(trimmed);
}

/**
 * Free text as written, minus invisible characters (as chat drops them: LRM, bidi overrides, soft hyphens …), spaces
 * at the ends of lines and blank lines (cells often end with Alt+Enter).
 */
export function cleanText(text: string): string {
  return withoutInvisible(text)
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u3000]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A case number as stored, from any source: half-width, no spaces, no invisible characters, lookalikes folded (﹝﹞ as 〔〕). */
export function cleanCaseNumber(text: string): string {
  return foldLookalikes(toHalfWidth(withoutInvisible(text))).replace(/\s+/g, '');
}

/**
 * A case number (案号) as stored: half-width, no spaces, brackets as written (富林罚〔2024〕3号), like the
 * 上报 command keeps it. Null when it holds no figure at all, which no 案号 lacks.
 */
export function normalizeCaseNumber(text: string): string | null {
  const compact = cleanCaseNumber(text);
  if (compact.length > 60 || !/[\d〇零一二三四五六七八九十]/.test(compact)) return null;
  return compact;
}

/**
 * The form two case numbers are compared in: every bracket style around the year as [ ], no leading zeros in
 * the serial, no final 号, and nothing that does not show (identifierForm: invisible characters, combining marks,
 * compatibility forms). 富林罚〔2024〕03号, 富林罚[2024]3 and 富林罚﹝2024﹞70\u200E1号 / 富林罚〔2024〕701号 are each one
 * case typed twice.
 */
export function caseNumberKey(caseNumber: string): string {
  return toHalfWidth(identifierForm(caseNumber))
    .replace(/\s+/g, '')
    .replace(/[〔【〖{<《(]/g, '[')
    .replace(/[〕】〗}>》)]/g, ']')
    .replace(/号$/, '')
    .replace(/(^|\D)0+(?=\d)/g, '$1')
    .toUpperCase();
}

/**
 * Money in 元: 5000, 5,000.00, 5000元, 5千元, 0.5万元, 五千元, ¥5000. A bare number counts in `headerUnit` (0.5 in a
 * 罚款（万元） column is 5000 元); a figure that says its own size (10万, 5千, 一万二, 3000元) counts as it says,
 * whatever the header: staff who write 10万 in a 万元 column mean 10万元, not 10亿元.
 */
export function parseMoney(text: string, headerUnit: string | null = null): number | null {
  // As a decision or a receipt writes a sum: 人民币壹万肆仟元整, 8000元整, 3000（元）.
  const amount = text
    .trim()
    .replace(/^(?:人民币|RMB|¥|￥)/i, '')
    .replace(/[(（]\s*((?:[万千]|亿)?元)\s*[)）]$/, '$1')
    .replace(/(元)\s*整$/, '$1');
  return parseMeasure(amount, '元', headerUnit);
}

/** Area in 亩: 12, 12亩, 0.8公顷 (×15), 666.67平方米 (÷666.67); a bare number counts in `headerUnit`. */
export function parseArea(text: string, headerUnit: string | null = null): number | null {
  return parseMeasure(text, '亩', headerUnit);
}

/** A magnitude written into a figure (1.5万, 三千, 伍佰): for money it is the figure's own unit (万 → 万元). */
const OWN_MAGNITUDE = /[百佰千仟万萬亿]/;

/**
 * A figure in `base` units. The whole cell must be one figure, so 五千块钱左右 (an estimate) and 五千块 (块 is
 * a count, not money) are refused rather than guessed at.
 */
function parseMeasure(text: string, base: '元' | '亩', headerUnit: string | null): number | null {
  const compact = toHalfWidth(text).replace(/\s+/g, '');
  const bare = parseNumber(compact);
  if (bare !== null) {
    // 1.2万 in a 平方米 column is 12000 平方米; in a 万元 column 10万 is 10万元, a sum in 元 by itself.
    if (base === '元' && OWN_MAGNITUDE.test(compact)) return bare;
    const conversion = headerUnit === null ? null : UNITS[headerUnit];
    return roundTo6(bare * (conversion?.base === base ? conversion.factor : 1));
  }
  const [quantity, ...more] = findQuantities(compact);
  if (!quantity || more.length > 0 || quantity.raw !== compact || quantity.base?.unit !== base) return null;
  return quantity.base.value;
}

const YES = /^(?:是|已|有|y|yes|true|√|✓|✔|1)/i;
const NO = /^(?:否|未|没|无|不|n|no|false|×|✗|✘|0)/i;

/** 是 / 已缴纳 / Y / √ → true; 否 / 未执行 / N / × → false; anything else null. */
export function parseYesNo(text: string): boolean | null {
  const compact = toHalfWidth(text).replace(/\s+/g, '');
  if (NO.test(compact)) return false;
  return YES.test(compact) ? true : null;
}

/** What a payment cell says when no fine is due: 不适用, 无需缴纳, 免予处罚. Unknown, not unpaid. */
const NO_FINE_DUE = /^(?:不适用|不涉及|无需|无须|不需|免[予于]|无罚款|未处罚款|没有罚款)/;

/** 是否缴纳 as a cell says it: paid or not, `partial` for 部分缴纳 / 分期缴纳 (not paid in full), the day when written. */
export type PaymentCell = { paid: boolean; partial: boolean; paidOn?: string; text: string };

/**
 * A payment cell (是否缴纳, 缴纳情况) read with the words chat 上报 takes: 是 / 已缴纳 / 已于2026年3月5日缴纳 → paid;
 * 否 / 未缴纳 / 尚未缴纳 → not paid; 部分缴纳 / 分期缴纳 → not paid in full (partial); 不适用 / 无需缴纳 → 'not_due'
 * (nothing to record: a 否 there would raise an unpaid-fine lead); null when it says none of these.
 */
export function parsePayment(text: string): PaymentCell | 'not_due' | null {
  const compact = toHalfWidth(text).replace(/\s+/g, '');
  if (NO_FINE_DUE.test(compact)) return 'not_due';
  const payment = readPayment(compact);
  if (payment) return { paid: payment.paid, partial: payment.partial, ...(payment.paidOn ? { paidOn: payment.paidOn } : {}), text: compact };
  const yes = parseYesNo(compact);
  return yes === null ? null : { paid: yes, partial: false, text: compact };
}

/** True when a yes/no cell says the question does not apply (不适用, 不涉及): unknown rather than 否. */
export function isNotApplicable(text: string): boolean {
  return NO_FINE_DUE.test(toHalfWidth(text).replace(/\s+/g, ''));
}

const CLOSED = /^(?:是|已结案|已结|结案|已办结|办结|Y|yes|√|✓|✔)$/i;
const OPEN = /^(?:否|未结案|未结|尚未结案|未办结|在办|办理中|执行中|N|no|×|✗|✘)$/i;

/**
 * Whether a case is closed, from a 是否结案 / 案件状态 cell: 是, 已结案, 已办结 → closed; 否, 未结案, 在办 → open;
 * anything else null, asked about rather than guessed (已移送 or 复议中 say neither).
 */
export function parseCaseStatus(text: string): 'open' | 'closed' | null {
  const compact = toHalfWidth(text).replace(/\s+/g, '');
  if (CLOSED.test(compact)) return 'closed';
  return OPEN.test(compact) ? 'open' : null;
}

/** Day 0 of Excel's 1900 date system; it counts a 29 February 1900 that never was, so day 60 onward fits. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A date as YYYY-MM-DD: 2021-03-04, 2021/3/4, 2021.3.4, 2021年3月4日, 20210304, 2021-03-04 10:30, or an Excel
 * serial number (44927) from a date column that lost its format. Null for impossible dates and for years
 * outside 1950–2100, which in a case ledger are typing errors.
 */
export function parseCellDate(text: string): string | null {
  const compact = toHalfWidth(text).trim().replace(/[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/, '');
  const serial = /^\d{5}(?:\.\d+)?$/.test(compact) ? Number(compact) : null;
  const eightDigits = /^(\d{4})(\d{2})(\d{2})$/.exec(compact);
  const date =
    serial !== null
      ? new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10)
      : parseDate(eightDigits ? `${eightDigits[1]}-${eightDigits[2]}-${eightDigits[3]}` : compact);
  const year = Number(date?.slice(0, 4));
  return date !== null && year >= 1950 && year <= 2100 ? date : null;
}

/** 处罚 / 行政处罚 / 处罚案件 → 处罚, likewise 许可, 强制, 检查; null when none or several are named. */
export function parseCaseType(text: string): CaseType | null {
  const named = caseTypes.filter((type) => text.includes(type));
  return named.length === 1 ? (named[0] ?? null) : null;
}

/**
 * A one-line field (当事人) as written: cleanText with its line breaks folded into spaces. A cell typed with Alt+Enter
 * (某公司⏎法定代表人：张某) would otherwise carry a line of its own into every card and list that names the case.
 */
export function oneLineText(text: string): string {
  return oneLine(cleanText(text));
}

/** The full name of a public-interest domain (领域) by the same words a 上报 message is read with. */
export function parseDomain(text: string): string {
  const line = oneLineText(text);
  return parseReportFields(`领域:${line}`).fields.domain ?? line;
}

/** Figures in the facts that matter for leads (林地 5 亩, 木材 12 立方米), in base units where there is one. */
export function quantitiesIn(text: string): CaseQuantity[] {
  return findQuantities(normalizeText(text)).map((quantity) => ({
    item: quantity.item,
    value: quantity.base?.value ?? quantity.value,
    unit: quantity.base?.unit ?? quantity.unit,
  }));
}
