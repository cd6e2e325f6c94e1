import { extname } from 'node:path';
import { columnMeaning, REQUIRED_IMPORT_FIELDS } from './columns.js';
import { headerRowsAt } from './header-rows.js';
import { decodeCsv, parseCsv, type GridRow } from './read-csv.js';
import { readXlsxSheets, type XlsxSheet } from './read-xlsx.js';
import { SheetError } from './sheet-error.js';

/** One data row of a sheet: its row number as the user sees it in Excel, and its cells by header. */
export interface SheetRow {
  /** 1-based, counting the header and any title rows above it, so "第 5 行" is row 5 in Excel. */
  rowNumber: number;
  /** Cell text by header; a repeated header gets a suffix: 日期, 日期(2). */
  cells: Record<string, string>;
}

/** A table of cases read into text: the header labels and the non-blank rows below them. */
export interface SheetRows {
  headers: string[];
  rows: SheetRow[];
  /** The worksheet it is on, for an .xlsx file; a CSV has none. */
  sheet?: string;
}

/** A worksheet of a workbook that holds no table of cases to import, and why (说明页, a header with no rows …). */
export interface SkippedSheet {
  name: string;
  reason: string;
}

/** The case tables of a file: one for a CSV, one per worksheet with a case header for a workbook. */
export interface WorkbookRows {
  tables: SheetRows[];
  /** Worksheets with content but no case table to import, to be named in the reply; empty sheets are not. */
  skippedSheets: SkippedSheet[];
}

/** Limits on what {@link readSheet} accepts. */
export interface ReadSheetOptions {
  /** Largest file accepted, in bytes; WeCom files can be large, a case ledger is not. */
  maxBytes: number;
  /** Most data rows in one import, so one message cannot keep the worker busy for minutes. */
  maxRows: number;
  /** How many lines from the top may hold titles or notes before the header row. */
  maxTitleRows: number;
}

/** The limits used when none are given. */
export const DEFAULT_READ_SHEET_OPTIONS: ReadSheetOptions = { maxBytes: 5 * 1024 * 1024, maxRows: 5000, maxTitleRows: 10 };

/** The header labels a sender can copy into a ledger; shown when a sheet has none of them. */
const EXAMPLE_HEADERS = '案号、当事人、违法事实、罚款、面积、决定日期、领域';

/**
 * Reads an .xlsx or .csv file sent to the bot into header-keyed text rows: every visible worksheet of a workbook that
 * has a case header (a ledger kept by quarter, a table behind a 填表说明 page), in tab order. The header is the
 * first row, within the top {@link ReadSheetOptions.maxTitleRows}, with at least two labels that name case fields,
 * so a title line such as “2024年林业行政处罚案件台账” above it is skipped; a two-row header (罚款情况 merged over
 * 罚款金额 | 是否缴纳) is read as one, each column by its lower label (header-rows.ts). Rows that are entirely blank
 * are dropped. Worksheets with content but no importable table are listed in `skippedSheets`.
 *
 * Throws a {@link SheetError} whose `replyText` tells the sender what to change: a type other than .xlsx/.csv,
 * a file over the size limit, an unreadable file, no table to import (an empty sheet, no header row, a header without
 * the required columns 案号, 当事人, 违法事实, no data rows: the first worksheet's problem is told), or more rows in
 * all than the limit.
 */
export async function readWorkbook(bytes: Buffer, filename: string, options: Partial<ReadSheetOptions> = {}): Promise<WorkbookRows> {
  const limits = { ...DEFAULT_READ_SHEET_OPTIONS, ...options };
  const extension = extname(filename).toLowerCase();
  if (extension !== '.xlsx' && extension !== '.csv') throw unsupportedType(extension);
  if (bytes.length > limits.maxBytes) {
    const megabytes = (limits.maxBytes / 1024 / 1024).toFixed(0);
    throw new SheetError(
      'too_large',
      `文件超过 ${megabytes}MB，无法导入。请删除图片和无关工作表，或按年度拆分后分批发送。`,
      `file is ${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`,
    );
  }
  if (extension === '.csv') return { tables: [toSheetRows(parseCsv(decodeCsv(bytes)).filter(isNotBlank), limits)], skippedSheets: [] };
  const workbook = readWorkbookTables(await readXlsxSheets(bytes), limits);
  const rowCount = workbook.tables.reduce((sum, table) => sum + table.rows.length, 0);
  if (rowCount > limits.maxRows) throw tooManyRows(rowCount, limits);
  return workbook;
}

/** The case table of a CSV, or the first of a workbook; {@link readWorkbook} reads them all. */
export async function readSheet(bytes: Buffer, filename: string, options: Partial<ReadSheetOptions> = {}): Promise<SheetRows> {
  const { tables } = await readWorkbook(bytes, filename, options);
  return tables[0]!; // readWorkbook throws rather than return no table
}

/** Each worksheet's table, or why it has none; throws the first worksheet's problem when none has a table. */
function readWorkbookTables(sheets: XlsxSheet[], limits: ReadSheetOptions): WorkbookRows {
  const tables: SheetRows[] = [];
  const skippedSheets: SkippedSheet[] = [];
  let firstProblem: SheetError | undefined;
  for (const { name, rows } of sheets) {
    const grid = rows.filter(isNotBlank);
    if (grid.length === 0) continue;
    try {
      tables.push({ ...toSheetRows(grid, limits), sheet: name });
    } catch (error) {
      if (!(error instanceof SheetError)) throw error;
      firstProblem ??= error;
      skippedSheets.push({ name, reason: error.code === 'no_header' ? '没有案件表格' : firstSentence(error.replyText) });
    }
  }
  if (tables.length === 0) throw firstProblem ?? emptySheet();
  return { tables, skippedSheets };
}

/** 表头缺少必填列：当事人。请在第 3 行… → 表头缺少必填列：当事人 */
function firstSentence(text: string): string {
  return text.split('。')[0] ?? text;
}

function unsupportedType(extension: string): SheetError {
  const older = extension === '.xls' || extension === '.et' || extension === '.wps';
  const replyText = older
    ? `无法打开这个 ${extension} 文件（旧版 Excel 或 WPS 格式），表格没有导入，文件也没有保存。请用 Excel 或 WPS 打开后“另存为 .xlsx”再发送。`
    : `只能导入 Excel（.xlsx）或 CSV 表格，收到的是${extension ? ` ${extension} ` : '没有扩展名的'}文件。请把案件整理成表格后再发送。`;
  return new SheetError('unsupported_type', replyText, `unsupported file type ${extension || '(none)'}`);
}

/**
 * Whether a spreadsheet is meant as a sheet of cases: true when one of its top rows names at least two case fields
 * (the header {@link readSheet} looks for), false when it reads but has no such row (a rectification ledger headed
 * 序号、整改事项、完成情况), undefined when it cannot be read at all (then {@link readSheet} says why). A CSV that is
 * not UTF-8 is looked at as GB18030, Excel's plain CSV on a Chinese Windows, only to tell: importing it still asks for UTF-8.
 */
export async function hasCaseHeader(bytes: Buffer, filename: string, options: Partial<ReadSheetOptions> = {}): Promise<boolean | undefined> {
  const limits = { ...DEFAULT_READ_SHEET_OPTIONS, ...options };
  const extension = extname(filename).toLowerCase();
  try {
    // A case table on any worksheet makes it a case sheet: a 填表说明 page in front was read as 整改 evidence.
    if (extension === '.xlsx') return (await readXlsxSheets(bytes)).some((sheet) => headerIndexIn(sheet.rows, limits) >= 0);
    if (extension === '.csv') return headerIndexIn(parseCsv(decodeToLook(bytes)), limits) >= 0;
    return undefined;
  } catch (error) {
    if (error instanceof SheetError) return undefined;
    throw error;
  }
}

function decodeToLook(bytes: Buffer): string {
  try {
    return decodeCsv(bytes);
  } catch (error) {
    if (error instanceof SheetError && error.code === 'encoding') return new TextDecoder('gb18030').decode(bytes);
    throw error;
  }
}

/** Where the header row is among the non-blank rows: the first of the top rows naming two case fields, or -1. */
function headerIndexIn(grid: GridRow[], limits: ReadSheetOptions): number {
  return grid.filter(isNotBlank).slice(0, limits.maxTitleRows).findIndex((row) => recognisedFields(row.values).size >= 2);
}

function isNotBlank(row: GridRow): boolean {
  return row.values.some((value) => value.trim() !== '');
}

/** Finds the header row, checks the columns and limits, and keys every data row's cells by header. */
function toSheetRows(grid: GridRow[], limits: ReadSheetOptions): SheetRows {
  if (grid.length === 0) throw emptySheet();
  const headerIndex = headerIndexIn(grid, limits);
  if (headerIndex < 0) {
    throw new SheetError(
      'no_header',
      `没有找到表头：前 ${limits.maxTitleRows} 行里没有能识别的列名。请在第一行写列名，如：${EXAMPLE_HEADERS}。`,
      'no header row with at least two recognised labels',
    );
  }
  const headerRow = headerRowsAt(grid, headerIndex);
  const fields = recognisedFields(headerRow.values);
  const missing = REQUIRED_IMPORT_FIELDS.filter((field) => !fields.has(field)).map((field) => REQUIRED_LABELS[field]);
  if (missing.length > 0) {
    throw new SheetError(
      'missing_columns',
      `表头缺少必填列：${missing.join('、')}。请在第 ${headerRow.rowNumber} 行补上这些列名后再发送。`,
      `header row ${headerRow.rowNumber} lacks required columns`,
    );
  }
  const dataRows = grid.slice(headerRow.dataStart);
  if (dataRows.length === 0) {
    throw new SheetError('no_rows', '表格只有表头，没有案件。请每个案件填写一行后再发送。', 'the sheet has a header but no data rows');
  }
  if (dataRows.length > limits.maxRows) throw tooManyRows(dataRows.length, limits);
  const headers = uniqueHeaders(headerRow.values);
  const rows = dataRows.map((row) => ({ rowNumber: row.rowNumber, cells: cellsByHeader(headers, row.values) }));
  return { headers: headers.filter((header): header is string => header !== null), rows };
}

function emptySheet(): SheetError {
  return new SheetError('empty', `表格是空的。请在第一行写列名（如${EXAMPLE_HEADERS}），每个案件一行。`, 'the sheet has no values');
}

function tooManyRows(count: number, limits: ReadSheetOptions): SheetError {
  return new SheetError(
    'too_many_rows',
    `表格有 ${count} 行案件，超过单次导入上限 ${limits.maxRows} 行。请拆分成几个文件分批发送。`,
    `${count} data rows, over the ${limits.maxRows}-row limit`,
  );
}

/** How each required field is named to the sender. */
const REQUIRED_LABELS: Readonly<Record<string, string>> = { caseNumber: '案号', party: '当事人', facts: '违法事实' };

function recognisedFields(values: string[]): Set<string> {
  return new Set(values.flatMap((value) => columnMeaning(value)?.field ?? []));
}

/** Header text per column, trimmed; null for a column without a header; repeats numbered 日期(2), 日期(3). */
function uniqueHeaders(values: string[]): (string | null)[] {
  const seen = new Map<string, number>();
  return values.map((value) => {
    const header = value.replace(/\s+/g, ' ').trim();
    if (header === '') return null;
    const count = (seen.get(header) ?? 0) + 1;
    seen.set(header, count);
    return count === 1 ? header : `${header}(${count})`;
  });
}

function cellsByHeader(headers: (string | null)[], values: string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  headers.forEach((header, column) => {
    if (header !== null) cells[header] = values[column] ?? '';
  });
  return cells;
}
