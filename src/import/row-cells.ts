import { roundTo6 } from '../commands/chinese-numerals.js';
import type { CaseInput } from '../models/case.js';
import {
  cleanText,
  isNotApplicable,
  normalizeCaseNumber,
  oneLineText,
  parseArea,
  parseCaseStatus,
  parseCaseType,
  parseCellDate,
  parseDomain,
  parseMoney,
  parsePayment,
  parseYesNo,
} from './cell-values.js';
import type { ColumnMeaning, ImportField } from './columns.js';
import { shortenText } from '../wecom/split-text.js';

/** A column's header and what it means. */
export type Column = ColumnMeaning & { header: string };

/** A value one column can give its field. */
type FieldValue = CaseInput[ImportField];

/**
 * What a row says that its case has no field for, kept on the creation's history entry as chat 上报 keeps it: the
 * payment as written when only part was paid (部分缴纳 is stored as not paid), and the day of payment.
 */
export type RowDetail = { payment?: string; paidOn?: string };

/**
 * What one cell gives its row: the value of its column's field (with a detail to keep), why it gives none (the row is
 * refused), or nothing to record (不适用 in a payment column).
 */
export type CellReading = { value: FieldValue; detail?: RowDetail } | { reason: string } | { skip: true };

/** Longest part of a cell quoted back in a reason, so one pasted essay cannot crowd out the report. */
const MAX_QUOTED = 20;

/**
 * A fine this large in one row (1亿元) is taken for a slip of the unit, such as 100000 typed in a 罚款（万元）
 * column: no county agency fines that much, and a stored 10亿元 raises leads with absurd figures.
 */
const MAX_PLAUSIBLE_FINE_YUAN = 100_000_000;

/**
 * One cell of a row read for its column's field: the value in the unit CaseInput stores, or the reason the row is
 * refused for it, quoting the cell — it cannot be read that way, a fine is too large to be meant, or a date is after
 * `today` (立案日期“2027年1月5日”晚于今天（2026-11-30）), which the API and chat 上报 refuse too.
 */
export function readColumnCell(column: Column, cell: string, today: string | undefined): CellReading {
  if (column.field === 'finePaid') return readPaymentCell(column, cell);
  if (column.field === 'enforced' && isNotApplicable(cell)) return { skip: true };
  const value = readCell(column, cell);
  if (value === null) return { reason: unreadable(column, cell) };
  if (column.field === 'fineYuan' && typeof value === 'number' && value >= MAX_PLAUSIBLE_FINE_YUAN) return { reason: implausibleFine(column, cell, value) };
  if ((column.field === 'filedOn' || column.field === 'decidedOn') && today !== undefined && typeof value === 'string' && value > today) {
    return { reason: `${quote(column, cell)}晚于今天（${today}）` };
  }
  return { value };
}

/**
 * 是否缴纳 as chat 上报 reads it: 尚未缴纳 is not paid; 部分缴纳 / 分期缴纳 are not paid in full, stored as not paid with the
 * words kept; 不适用 / 无需缴纳 record nothing (a 否 would raise an unpaid-fine lead on a case with no fine due).
 */
function readPaymentCell(column: Column, cell: string): CellReading {
  const payment = parsePayment(cell);
  if (payment === null) return { reason: unreadable(column, cell) };
  if (payment === 'not_due') return { skip: true };
  const detail: RowDetail = { ...(payment.partial ? { payment: payment.text } : {}), ...(payment.paidOn ? { paidOn: payment.paidOn } : {}) };
  return { value: payment.paid, ...(Object.keys(detail).length > 0 ? { detail } : {}) };
}

/** The value of one cell for its column's field, or null when the cell cannot be read as that field. */
function readCell(column: Column, cell: string): FieldValue | null {
  switch (column.field) {
    case 'caseNumber':
      return normalizeCaseNumber(cell);
    case 'caseType':
      return parseCaseType(cell);
    case 'fineYuan':
      return parseMoney(cell, column.unit);
    case 'areaMu':
      return parseArea(cell, column.unit);
    case 'enforced':
      return parseYesNo(cell);
    case 'filedOn':
    case 'decidedOn':
      return parseCellDate(cell);
    case 'domain':
      return parseDomain(cell);
    case 'status':
      return parseCaseStatus(cell);
    case 'party':
      return oneLineText(cell);
    default:
      return cleanText(cell);
  }
}

/**
 * A cell as quoted back to the sender: its column's label and at most {@link MAX_QUOTED} characters of it (then …),
 * cut between characters: half an emoji is a lone surrogate WeCom may refuse the whole answer for.
 */
function quote(column: Column, cell: string): string {
  return `${column.label}“${shortenText(cleanText(cell).replace(/\n/g, ' '), MAX_QUOTED + 1)}”`;
}

/** 罚款“100000”按表头单位万元合10亿元: a fine too large to be meant, refused rather than stored. */
function implausibleFine(column: Column, cell: string, yuan: number): string {
  // Named only when the header's unit made the figure what it is (100000 in a 万元 column).
  const byHeader = column.unit !== null && parseMoney(cell) !== yuan ? `按表头单位${column.unit}` : '';
  return `${quote(column, cell)}${byHeader}合${roundTo6(yuan / MAX_PLAUSIBLE_FINE_YUAN)}亿元，超过1亿元，多半是单位写错了，请核对金额和单位`;
}

/** Why a cell was refused, quoting it as written: 罚款“五千块钱左右”不是有效金额. */
function unreadable(column: Column, cell: string): string {
  const quoted = quote(column, cell);
  switch (column.field) {
    case 'caseNumber':
      return `${quoted}不像案号（应含编号，如富林罚〔2024〕12号）`;
    case 'caseType':
      return `${quoted}应为处罚、许可、强制或检查`;
    case 'fineYuan':
      return `${quoted}不是有效金额`;
    case 'areaMu':
      return `${quoted}不是有效面积`;
    case 'finePaid':
      return `${quoted}请填“是”“否”或“部分缴纳”`;
    case 'enforced':
      return `${quoted}请填“是”或“否”`;
    case 'filedOn':
    case 'decidedOn':
      return `${quoted}不是有效日期`;
    case 'status':
      return `${quoted}请填“是”（已结案）或“否”（未结案）`;
    default:
      return `${quoted}无法识别`;
  }
}
