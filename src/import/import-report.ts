import type { ImportResult, RowPlace } from './case-rows.js';

/** What the report may take of one WeCom text message (2048 bytes), leaving room for a prefix the sender adds. */
export const MAX_REPORT_BYTES = 2000;

/** Most refused rows listed one by one; beyond that a count says how many more there are. */
export const MAX_LISTED_ROWS = 50;

/** Longest refused-row line, file name and column name shown, in characters. */
const MAX_LINE_CHARS = 120;
const MAX_NAME_CHARS = 40;
const MAX_HEADER_CHARS = 16;
const MAX_HEADERS_LISTED = 10;

/**
 * The reply to a staff member who sent a sheet of cases: how many rows were imported, how many had been imported
 * before (a sheet sent again; not errors), every refused row with its reasons (at most {@link MAX_LISTED_ROWS} lines, then "另有 N 行…"), the columns that were ignored, and what to
 * do next; last, the rows imported before whose case was corrected since (the sheet still says what the 更正 replaced). Always under {@link MAX_REPORT_BYTES} bytes of UTF-8, trimming the row list to fit.
 *
 * @example
 * 《2024年林业案件.xlsx》共 100 行：已导入 97 件，3 行未导入：
 * 第 19 行：缺少当事人
 * 第 48 行：罚款“五千块钱左右”不是有效金额
 * 第 84 行：案号与第13行重复
 * 以下列未识别，已忽略：联系电话
 * 请改正以上各行后，只发送这些行（已导入的不必重发）。
 */
export function formatImportReport(result: ImportResult, filename: string): string {
  const head = headline(result, truncate(filename, MAX_NAME_CHARS));
  const footer = [
    ...(result.sheetsRead ? [`共读取 ${result.sheetsRead.length} 个工作表：${listed(result.sheetsRead.map((name) => `「${truncate(name, MAX_HEADER_CHARS)}」`), '')}。`] : []),
    ...(result.skippedSheets?.length ? [skippedSheetsLine(result.skippedSheets)] : []),
    ...(result.overriddenHeaders?.length ? [overriddenColumnsLine(result.overriddenHeaders)] : []),
    ...(result.unknownHeaders.length > 0 ? [ignoredColumnsLine(result.unknownHeaders)] : []),
    ...fixLines(result.refused),
  ];
  // The outdated rows come last and give way first: they need no action, while refused rows do.
  const outdated = result.outdated ?? [];
  let outdatedShown = Math.min(outdated.length, MAX_OUTDATED_LISTED);
  const fixedPart = (count: number) => [head, ...(result.refused.length > 0 ? [moreLine(result.refused.length)] : []), ...footer, ...outdatedLines(outdated, count)];
  while (outdatedShown > 0 && byteLength(fixedPart(outdatedShown)) > MAX_REPORT_BYTES) outdatedShown -= 1;
  footer.push(...outdatedLines(outdated, outdatedShown));
  const shown: string[] = [];
  for (const [index, row] of result.refused.entries()) {
    const line = truncate(`${rowLabel(row)}：${row.reasons.join('；')}`, MAX_LINE_CHARS);
    const hiddenAfter = result.refused.length - index - 1;
    const candidate = [head, ...shown, line, ...(hiddenAfter > 0 ? [moreLine(hiddenAfter)] : []), ...footer];
    if (index >= MAX_LISTED_ROWS || byteLength(candidate) > MAX_REPORT_BYTES) break;
    shown.push(line);
  }
  const hidden = result.refused.length - shown.length;
  return [head, ...shown, ...(hidden > 0 ? [moreLine(hidden)] : []), ...footer].join('\n');
}

function headline(result: ImportResult, name: string): string {
  const accepted = result.accepted.length;
  const refused = result.refused.length;
  const already = result.alreadyImported ?? 0;
  const total = accepted + refused + already;
  if (already > 0) {
    // A sheet sent again: its rows are not errors, and the sender needs to hear that nothing was registered twice.
    if (accepted === 0 && refused === 0) return `《${name}》共 ${total} 行，此前均已导入，本次未重复登记。`;
    const parts = [accepted > 0 ? `已导入 ${accepted} 件` : '', `${already} 行此前已导入，未重复登记`, refused > 0 ? `${refused} 行未导入：` : ''];
    return `《${name}》共 ${total} 行：${parts.filter(Boolean).join('；')}${refused > 0 ? '' : '。'}`;
  }
  if (refused === 0) return `《${name}》共 ${total} 行，已全部导入，共 ${accepted} 件。`;
  if (accepted === 0) return `《${name}》共 ${total} 行，均未导入：`;
  return `《${name}》共 ${total} 行：已导入 ${accepted} 件，${refused} 行未导入：`;
}

/** Longest 更正 message offered as the example to send; a longer one (a whole 违法事实) would crowd out the rows. */
const MAX_EXAMPLE_CHARS = 160;

/**
 * What to do about the refused rows: fix and resend the faulty ones; a row of a registered case that says otherwise
 * is no fault to fix in the sheet (it would be refused again): it points at 更正, with the message for the first such row.
 */
function fixLines(refused: ImportResult['refused']): string[] {
  const registered = refused.filter((row) => row.registered);
  const faulty = refused.length > registered.length;
  const lines = faulty ? [`${registered.length > 0 ? '除已登记的案件外，' : ''}请改正以上各行后，只发送这些行（已导入的不必重发）。`] : [];
  if (registered.length === 0) return lines;
  const example = registered.find((row) => row.amendment !== undefined && [...row.amendment].length <= MAX_EXAMPLE_CHARS);
  const howTo = '已登记的案件不会因表格而更改；如要更正，请发送「更正 <案号> <项目>：<新值>」';
  return [...lines, example ? `${howTo}，如${rowLabel(example)}：\n${example.amendment}` : `${howTo}。`];
}

/** Most rows of cases corrected since their import listed one by one. */
const MAX_OUTDATED_LISTED = 5;

/**
 * The rows imported before whose case was corrected since (the sheet still gives the value from before the 更正):
 * no fault and nothing changed, but the sender hears why the sheet and the case differ, at most `count` rows named.
 */
function outdatedLines(outdated: NonNullable<ImportResult['outdated']>, count: number): string[] {
  if (outdated.length === 0) return [];
  const lines = outdated.slice(0, count).map((row) => truncate(`${rowLabel(row)}：${row.notes.join('；')}`, MAX_LINE_CHARS));
  const hidden = outdated.length - lines.length;
  return [
    `此前已导入的行中，有 ${outdated.length} 行的案件导入后已更正，表格中仍是更正前的内容；已登记的以更正后的为准，未更改（可同时改正表格）：`,
    ...lines,
    ...(hidden > 0 ? [`另有 ${hidden} 行同样如此，未逐一列出。`] : []),
  ];
}

/** 第 5 行, or 「2026年7-12月」第 5 行 when the rows come from several worksheets. */
function rowLabel(row: RowPlace): string {
  return `${row.sheet !== undefined ? `「${truncate(row.sheet, MAX_HEADER_CHARS)}」` : ''}第 ${row.rowNumber} 行`;
}

function moreLine(hidden: number): string {
  return `另有 ${hidden} 行未导入，未逐一列出；请检查其余各行的案号、当事人、违法事实和金额、日期格式。`;
}

function ignoredColumnsLine(headers: string[]): string {
  const listed = headers.slice(0, MAX_HEADERS_LISTED).map((header) => truncate(header, MAX_HEADER_CHARS));
  const more = headers.length > MAX_HEADERS_LISTED ? ` 等 ${headers.length} 列` : '';
  return `以下列未识别，已忽略：${listed.join('、')}${more}`;
}

/** 未读取的工作表：「填表说明」（没有案件表格）: worksheets with content that were not imported, and why. */
function skippedSheetsLine(skipped: NonNullable<ImportResult['skippedSheets']>): string {
  return `未读取的工作表：${listed(skipped.map(({ name, reason }) => `「${truncate(name, MAX_HEADER_CHARS)}」（${truncate(reason, MAX_HEADER_CHARS * 2)}）`), '、')}。`;
}

/** At most {@link MAX_HEADERS_LISTED} items joined, then how many there are in all: a workbook may hold dozens of sheets. */
function listed(items: string[], separator: string): string {
  const more = items.length > MAX_HEADERS_LISTED ? ` 等 ${items.length} 个` : '';
  return `${items.slice(0, MAX_HEADERS_LISTED).join(separator)}${more}`;
}

/** 未读取「单位」列（已按「当事人」列读取当事人）: a loose column left for a specific one, grouped by the column read. */
function overriddenColumnsLine(overridden: NonNullable<ImportResult['overriddenHeaders']>): string {
  const byReadInstead = new Map<string, string[]>();
  for (const { header, readInstead } of overridden) byReadInstead.set(readInstead, [...(byReadInstead.get(readInstead) ?? []), header]);
  const parts = [...byReadInstead].map(([readInstead, headers]) => {
    const named = headers.map((header) => `「${truncate(header, MAX_HEADER_CHARS)}」`).join('');
    return `未读取${named}列（已按「${truncate(readInstead, MAX_HEADER_CHARS)}」列读取）`;
  });
  return `${parts.join('；')}。`;
}

function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : text;
}

function byteLength(lines: string[]): number {
  return Buffer.byteLength(lines.join('\n'), 'utf8');
}
