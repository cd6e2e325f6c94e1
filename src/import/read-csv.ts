import { SheetError } from './sheet-error.js';

/** One line of a sheet as the user sees it: its row number in Excel and its cells left to right. */
export interface GridRow {
  rowNumber: number;
  values: string[];
}

/**
 * The text of a CSV file: UTF-8 with or without a byte-order mark, or UTF-16 when a BOM says so (Excel's
 * “Unicode text”). Anything else is refused rather than decoded into mojibake: Excel's plain “CSV” on a Chinese
 * Windows is GBK, and the sender can fix that in one step.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 BOM, which would otherwise stick to the first header.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SheetError(
      'encoding',
      'CSV 文件不是 UTF-8 编码（可能是 GBK），无法读取。请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”，或直接发送 .xlsx 文件。',
      'CSV file is not valid UTF-8 (probably GBK)',
    );
  }
}

/**
 * The separator of a CSV file: a comma unless the header line has more tabs or semicolons outside quotes
 * (tab-separated exports, and Excel in locales where the comma is the decimal sign).
 */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((delimiter) => ({ delimiter, count: unquoted.split(delimiter).length - 1 }));
  const best = counts.reduce((a, b) => (b.count > a.count ? b : a));
  return best.count > 0 ? best.delimiter : ',';
}

/**
 * Parses CSV text (RFC 4180, tolerant): fields separated by `delimiter`, records by CRLF, LF or CR; a quoted
 * field may hold the delimiter, ；, line breaks and doubled quotes (""); a quote inside an unquoted field is
 * kept as a character. Row numbers are the records' positions, which is what Excel shows when it opens the file.
 * Throws a SheetError when a quoted field is never closed, since everything after it would be misread.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): GridRow[] {
  const rows: GridRow[] = [];
  let values: string[] = [];
  let field = '';
  let quoted = false;
  let quoteStartRow = 0;
  const endRecord = (): void => {
    values.push(field);
    rows.push({ rowNumber: rows.length + 1, values });
    values = [];
    field = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quoted) {
      if (char !== '"') {
        field += char;
      } else if (text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else {
        quoted = false;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteStartRow = rows.length + 1;
    } else if (char === delimiter) {
      values.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text.charAt(index + 1) === '\n') index += 1;
      endRecord();
    } else {
      field += char;
    }
  }
  if (quoted) {
    throw new SheetError(
      'unreadable',
      `CSV 文件第 ${quoteStartRow} 行有一个引号没有闭合，无法确定单元格从哪里结束。请用 Excel 打开检查后另存为 CSV UTF-8，或发送 .xlsx 文件。`,
      `unterminated quote starting on CSV record ${quoteStartRow}`,
    );
  }
  // A final line break ends the last record; it does not start an empty one.
  if (field !== '' || values.length > 0) endRecord();
  return rows;
}
