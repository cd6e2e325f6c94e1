import ExcelJS from 'exceljs';

/**
 * An .xlsx file whose first sheet holds `rows` (row 1 first), with cells merged over `merges` (A1 ranges such as
 * 'H3:J3'), as bytes the bot would receive.
 */
export async function xlsxOf(rows: ExcelJS.CellValue[][], prepare?: (workbook: ExcelJS.Workbook) => void, merges: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  prepare?.(workbook);
  const sheet = workbook.addWorksheet('案件');
  for (const row of rows) sheet.addRow(row);
  for (const range of merges) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The error a call throws, or undefined; for asserting on a SheetError's code and reply text. */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}
