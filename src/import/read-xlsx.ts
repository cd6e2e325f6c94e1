import ExcelJS from 'exceljs';
import type { GridRow } from './read-csv.js';
import { SheetError } from './sheet-error.js';

/** One worksheet of a workbook: its name as its tab shows it, and its rows. */
export interface XlsxSheet {
  name: string;
  rows: GridRow[];
}

/**
 * The visible worksheets of an .xlsx file in tab order (all of them if none is visible), each row's cells as the
 * text a person reads in them: rich text joined, a formula's cached result, a date as YYYY-MM-DD, a number without
 * binary noise, TRUE/FALSE as 是/否. A merged cell's text is in every cell it covers. Rows Excel stores without any
 * value are left out; the others keep their Excel row number.
 */
export async function readXlsxSheets(bytes: Buffer): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings declare Buffer as an ArrayBuffer (for browsers); at runtime it reads a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new SheetError(
      'unreadable',
      '无法打开这个 Excel 文件，可能已损坏或不是 .xlsx 格式。请用 Excel 打开后“另存为 .xlsx”再发送。',
      `exceljs could not load the workbook: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // Templates often keep their drop-down lists on a hidden sheet: only the sheets a person sees hold the ledger.
  const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible');
  return (visible.length > 0 ? visible : workbook.worksheets).map((sheet) => ({ name: sheet.name, rows: sheetRows(sheet) }));
}

function sheetRows(sheet: ExcelJS.Worksheet): GridRow[] {
  const rows: GridRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value);
    });
    rows.push({ rowNumber, values: Array.from(values, (value) => value ?? '') });
  });
  return rows;
}

/** The text a person reads in a cell with this value; see {@link readXlsxSheets}. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  // A hyperlink's text is itself rich text when the link was styled; exceljs types it as a string.
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return ''; // an error value (#N/A, #REF! …) shows nothing worth importing
}

/** 5000 → "5000", 0.1 + 0.2 → "0.3": the 15 significant digits Excel itself displays. */
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
}

/** exceljs reads date cells as UTC midnight of the day shown; a time of day is not part of a case date. */
function formatDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
