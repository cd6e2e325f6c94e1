import { cleanHeader, columnMeaning } from './columns.js';
import type { GridRow } from './read-csv.js';

/** The header of a sheet as read: one label per column, the row messages name, and where the data rows start. */
export interface HeaderRows {
  /** A label per column; for a two-row header, the lower row's label wherever it has one. */
  values: string[];
  /** The Excel row number of the header row found (the one naming at least two case fields). */
  rowNumber: number;
  /** Index in the grid of the first data row. */
  dataStart: number;
}

/**
 * The header at `grid[index]`, joined with the row below or above when the two make one header, as ledgers lay it
 * out: 罚款情况 merged over 罚款金额（元）| 是否缴纳 | 涉案面积（亩）in the next row, or 案件信息 over 案号 | 当事人 | 违法事实.
 * Read alone, the upper row left the sub-columns unread (罚款情况, 罚款情况(2) …) and the lower row was taken
 * for a case. Excel repeats a merged cell's text in every cell it covers (exceljs reads it so); a CSV leaves them blank.
 */
export function headerRowsAt(grid: GridRow[], index: number): HeaderRows {
  const row = grid[index]!;
  const below = grid[index + 1];
  if (below && isSubHeader(row.values, below.values)) {
    return { values: joined(row.values, below.values), rowNumber: row.rowNumber, dataStart: index + 2 };
  }
  const above = grid[index - 1];
  if (above && isGroupRowAbove(above.values, row.values)) {
    return { values: joined(above.values, row.values), rowNumber: row.rowNumber, dataStart: index + 1 };
  }
  return { values: row.values, rowNumber: row.rowNumber, dataStart: index + 1 };
}

/**
 * Whether `lower` holds the sub-headers of `upper`: every cell of it either repeats the cell above (a merge down) or
 * sits under a group title (an upper cell that is blank, names no field, or spans several columns), and at least one
 * of those names a case field. A first case row fails this at once: its 案号 or 当事人 sits under a plain label.
 */
function isSubHeader(upper: string[], lower: string[]): boolean {
  let namesField = false;
  for (const [column, value] of lower.entries()) {
    if (value.trim() === '' || same(value, upper[column])) continue;
    if (!isGroupTitle(upper, column)) return false;
    namesField ||= columnMeaning(value) !== null;
  }
  return namesField;
}

/** Whether the cell over `column` groups columns: blank, no case label, or the same text as a neighbour (merged). */
function isGroupTitle(upper: string[], column: number): boolean {
  const value = upper[column] ?? '';
  if (value.trim() === '' || columnMeaning(value) === null) return true;
  return same(value, upper[column - 1]) || same(value, upper[column + 1]);
}

/**
 * Whether `upper`, a row above the header found, holds labels of columns the header leaves blank: a CSV of a sheet
 * whose 决定日期 was merged down over two rows has it in the upper row only.
 */
function isGroupRowAbove(upper: string[], header: string[]): boolean {
  return upper.some((value, column) => (header[column] ?? '').trim() === '' && columnMeaning(value) !== null);
}

/** Per column, the lower row's label where it has one, else the upper row's. */
function joined(upper: string[], lower: string[]): string[] {
  return Array.from({ length: Math.max(upper.length, lower.length) }, (_, column) => {
    const below = lower[column] ?? '';
    return below.trim() !== '' ? below : (upper[column] ?? '');
  });
}

function same(a: string, b: string | undefined): boolean {
  return b !== undefined && b.trim() !== '' && cleanHeader(a) === cleanHeader(b);
}
