/**
 * Spreadsheet import for 上报 (enforcement cases sent as an Excel or CSV file): `readWorkbook` reads the file into
 * text rows (a table per worksheet with cases), `rowsToCases` turns them into case inputs with a reason for every
 * refused row, and `formatImportReport` writes the reply. Pure: storing the accepted cases is the handler's job.
 */
export {
  readSheet,
  readWorkbook,
  hasCaseHeader,
  DEFAULT_READ_SHEET_OPTIONS,
  type ReadSheetOptions,
  type SheetRow,
  type SheetRows,
  type SkippedSheet,
  type WorkbookRows,
} from './read-sheet.js';
export { rowsToCases, type ImportResult, type RowPlace, type RowsToCasesOptions } from './case-rows.js';
export { formatImportReport, MAX_LISTED_ROWS, MAX_REPORT_BYTES } from './import-report.js';
export { SheetError, type SheetErrorCode } from './sheet-error.js';
export { caseNumberKey } from './cell-values.js';
export { columnMeaning, type ColumnMeaning, type ImportField } from './columns.js';
