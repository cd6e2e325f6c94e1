/**
 * Spreadsheet import for 上报 (enforcement cases sent as an Excel or CSV file): `readSheet` reads the file into
 * text rows, `rowsToCases` turns them into case inputs with a reason for every refused row, and
 * `formatImportReport` writes the reply. Pure: storing the accepted cases is the handler's job.
 */
export { readSheet, hasCaseHeader, DEFAULT_READ_SHEET_OPTIONS, type ReadSheetOptions, type SheetRow, type SheetRows } from './read-sheet.js';
export { rowsToCases, type ImportResult, type RowsToCasesOptions } from './case-rows.js';
export { formatImportReport, MAX_LISTED_ROWS, MAX_REPORT_BYTES } from './import-report.js';
export { SheetError, type SheetErrorCode } from './sheet-error.js';
export { caseNumberKey } from './cell-values.js';
export { columnMeaning, type ColumnMeaning, type ImportField } from './columns.js';
