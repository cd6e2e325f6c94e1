import { roundTo6 } from '../commands/chinese-numerals.js';
import type { CaseInput } from '../models/case.js';
import {
  caseNumberKey,
  cleanText,
  isBlankCell,
  normalizeCaseNumber,
  parseArea,
  parseCaseStatus,
  parseCaseType,
  parseCellDate,
  parseDomain,
  parseMoney,
  parseYesNo,
  quantitiesIn,
} from './cell-values.js';
import { columnMeaning, isSilentHeader, type ColumnMeaning, type ImportField } from './columns.js';
import type { SheetRow, SheetRows, SkippedSheet } from './read-sheet.js';

/** Where a row is: its Excel row number, and its worksheet when the file had case tables on several. */
export interface RowPlace {
  rowNumber: number;
  sheet?: string;
}

/** The outcome of turning sheet rows into cases: what can be recorded, what cannot and why. */
export interface ImportResult {
  /** Rows that make a complete, valid case, in sheet order. */
  accepted: Array<RowPlace & { input: CaseInput }>;
  /**
   * Rows that cannot be recorded, each with every reason in Chinese (缺少当事人, 案号已存在 …). `registered` marks a
   * row whose case number is a case registered before with other content: nothing is wrong with the row, but a
   * sheet does not change a registered case (更正 does).
   */
  refused: Array<RowPlace & { reasons: string[]; registered?: boolean }>;
  /** The worksheets read, in tab order, when there were several case tables; their rows carry `sheet`. */
  sheetsRead?: string[];
  /** Worksheets with content but no case table, and why; named in the reply so none is dropped unsaid. */
  skippedSheets?: SkippedSheet[];
  /** Header labels that name no case field, as written; their cells are not imported. */
  unknownHeaders: string[];
  /**
   * Columns not read because a more specific column fills the same field (单位 beside 当事人), each with the label of
   * the column read instead; the report names them, so a sender sees which column the field came from.
   */
  overriddenHeaders?: Array<{ header: string; readInstead: string }>;
  /** Rows whose case was registered before with the same content (the sheet sent again): nothing to record or fix. */
  alreadyImported?: number;
}

/** What {@link rowsToCases} needs besides the sheet. */
export interface RowsToCasesOptions {
  /** Case numbers (案号) the agency already has; a row repeating one is refused. Compared bracket- and width-blind. */
  existingCaseNumbers?: Set<string>;
}

/** A value one column can give its field. */
type FieldValue = CaseInput[ImportField];

/** A column's header and what it means. */
type Column = ColumnMeaning & { header: string };

/** Longest part of a cell quoted back in a reason, so one pasted essay cannot crowd out the report. */
const MAX_QUOTED = 20;

/**
 * A fine this large in one row (1亿元) is taken for a slip of the unit, such as 100000 typed in a 罚款（万元）
 * column: no county agency fines that much, and a stored 10亿元 raises leads with absurd figures.
 */
const MAX_PLAUSIBLE_FINE_YUAN = 100_000_000;

/**
 * Turns the case tables of a file (from readWorkbook; one table from readSheet) into case inputs, row by row: maps
 * headers to fields (the 上报 labels and ledger labels such as 是否缴纳, 立案日期, 专项, 备注, 是否结案), normalises each
 * cell (案号 half-width without spaces; money to 元; area to 亩; dates to YYYY-MM-DD; 是/否; 结案 as closed or open;
 * 处罚/许可/强制/检查; the domain's full name) and refuses a row, with every reason, when a required field (案号,
 * 当事人, 违法事实) is missing, a value cannot be read, its 案号 repeats an earlier row of any table (the first is
 * kept) or is in `existingCaseNumbers`. Blank rows are skipped. With several tables, each row names its worksheet.
 * Pure: nothing is stored.
 *
 * @example rowsToCases(sheet, { existingCaseNumbers: new Set(['富林罚〔2024〕1号']) })
 */
export function rowsToCases(sheets: SheetRows | readonly SheetRows[], options: RowsToCasesOptions = {}): ImportResult {
  const tables = 'headers' in sheets ? [sheets] : sheets;
  const named = tables.length > 1;
  const existing = new Set([...(options.existingCaseNumbers ?? [])].map(caseNumberKey));
  const firstRowByKey = new Map<string, RowPlace>();
  const result: ImportResult = { accepted: [], refused: [], unknownHeaders: [] };
  for (const table of tables) {
    const columns = noteColumns(result, table.headers);
    for (const row of table.rows) {
      if (Object.values(row.cells).every((cell) => cell.trim() === '')) continue;
      const place: RowPlace = named && table.sheet !== undefined ? { rowNumber: row.rowNumber, sheet: table.sheet } : { rowNumber: row.rowNumber };
      const { input, reasons } = readRow(row, columns);
      const caseNumber = input?.caseNumber ?? caseNumberIn(row, columns);
      if (caseNumber !== null) {
        const key = caseNumberKey(caseNumber);
        const first = firstRowByKey.get(key);
        // Any earlier row counts, valid or not: once the sender corrects it and resends, the two would clash.
        if (first !== undefined) reasons.push(`案号与${first.sheet !== place.sheet ? `「${first.sheet}」` : ''}第${first.rowNumber}行重复`);
        else firstRowByKey.set(key, place);
        if (existing.has(key)) reasons.push('案号已存在');
      }
      if (input === null || reasons.length > 0) result.refused.push({ ...place, reasons });
      else result.accepted.push({ ...place, input });
    }
  }
  if (named) result.sheetsRead = tables.map((table) => table.sheet ?? '');
  return result;
}

/** The columns of one table to read; its unknown and overridden headers are added to the result's, once each. */
function noteColumns(result: ImportResult, headers: string[]): Column[] {
  const { columns, overriddenHeaders } = columnsToRead(headers);
  for (const header of headers) {
    if (!columnMeaning(header) && !isSilentHeader(header) && !result.unknownHeaders.includes(header)) result.unknownHeaders.push(header);
  }
  for (const overridden of overriddenHeaders) {
    const known = result.overriddenHeaders ?? [];
    if (!known.some((o) => o.header === overridden.header && o.readInstead === overridden.readInstead)) result.overriddenHeaders = [...known, overridden];
  }
  return columns;
}

/**
 * The columns whose cells are read, and those left out: a column under a loose label (单位, 编号, 日期) is not read when
 * another column gives the same field under a specific one (当事人, 案号, 决定日期). A 林业局简表 with 单位 = 富阳区林业局
 * before 当事人 = 陈某 recorded the agency as the party of every case, and accused it of re-offending.
 */
function columnsToRead(headers: string[]): { columns: Column[]; overriddenHeaders: NonNullable<ImportResult['overriddenHeaders']> } {
  const all = headers.flatMap((header): Column[] => {
    const meaning = columnMeaning(header);
    return meaning ? [{ ...meaning, header }] : [];
  });
  const specific = new Map<ImportField, Column>();
  for (const column of all) if (!column.generic && !specific.has(column.field)) specific.set(column.field, column);
  const overriddenHeaders: NonNullable<ImportResult['overriddenHeaders']> = [];
  const columns = all.filter((column) => {
    const instead = column.generic ? specific.get(column.field) : undefined;
    if (instead) overriddenHeaders.push({ header: column.header, readInstead: instead.label });
    return !instead;
  });
  return { columns, overriddenHeaders };
}

/** One row's case input, or every reason it cannot be recorded. */
function readRow(row: SheetRow, columns: Column[]): { input: CaseInput | null; reasons: string[] } {
  const fields: Partial<CaseInput> = {};
  const unreadableFields = new Set<ImportField>();
  const reasons: string[] = [];
  for (const column of columns) {
    const cell = row.cells[column.header];
    // When two columns fill one field (罚款, 罚款金额), the first one with a value wins.
    if (cell === undefined || isBlankCell(cell) || fields[column.field] !== undefined) continue;
    const value = readCell(column, cell);
    if (value === null) {
      reasons.push(unreadable(column, cell));
      unreadableFields.add(column.field);
    } else if (column.field === 'fineYuan' && typeof value === 'number' && value >= MAX_PLAUSIBLE_FINE_YUAN) {
      reasons.push(implausibleFine(column, cell, value));
      unreadableFields.add(column.field);
    } else {
      Object.assign(fields, { [column.field]: value });
    }
  }
  const { caseNumber, party, facts } = fields;
  const missing = [
    caseNumber === undefined && !unreadableFields.has('caseNumber') ? '缺少案号' : null,
    party === undefined ? '缺少当事人' : null,
    facts === undefined ? '缺少违法事实' : null,
  ].filter((reason): reason is string => reason !== null);
  reasons.unshift(...missing);
  if (caseNumber === undefined || party === undefined || facts === undefined) return { input: null, reasons };
  const quantities = quantitiesIn(facts);
  return { input: { ...fields, caseNumber, party, facts, ...(quantities.length > 0 ? { quantities } : {}) }, reasons };
}

/** The row's case number even when another field makes the row incomplete, for the duplicate check. */
function caseNumberIn(row: SheetRow, columns: Column[]): string | null {
  for (const column of columns) {
    const cell = row.cells[column.header];
    if (column.field === 'caseNumber' && cell !== undefined && !isBlankCell(cell)) return normalizeCaseNumber(cell);
  }
  return null;
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
    case 'finePaid':
    case 'enforced':
      return parseYesNo(cell);
    case 'filedOn':
    case 'decidedOn':
      return parseCellDate(cell);
    case 'domain':
      return parseDomain(cell);
    case 'status':
      return parseCaseStatus(cell);
    default:
      return cleanText(cell);
  }
}

/** A cell as quoted back to the sender: its column's label and at most {@link MAX_QUOTED} characters of it. */
function quote(column: Column, cell: string): string {
  const trimmed = cleanText(cell).replace(/\n/g, ' ');
  return `${column.label}“${trimmed.length > MAX_QUOTED ? `${trimmed.slice(0, MAX_QUOTED)}…` : trimmed}”`;
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
