import ExcelJS from 'exceljs';
import type { Context } from 'koa';
import { z } from 'zod';
import { caseNumberKey } from '../import/index.js';

/** A column of a list: the key of each row's value and the Chinese title shown in the dashboard and the export. */
export interface Column {
  key: string;
  title: string;
  /**
   * What the export writes for a coded value (e.g. the light `red` as 逾期): a spreadsheet is read by people, the
   * JSON by the dashboard, which names the codes itself. Values not listed are written as they are.
   */
  exportNames?: Readonly<Record<string, string>>;
  /** The export's column width in characters; wide enough for the title unless set. */
  width?: number;
}

export type Cell = string | number | boolean | null;
export type Row = { id: string } & Record<string, Cell>;

/** Paging and export parameters every list takes. */
export const pagingQuery = z.strictObject({
  page: z.coerce.number().int().min(1, '必须是从 1 开始的页码').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(20),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type Paging = z.infer<typeof pagingQuery>;

/** Most rows an export writes. */
export const exportLimit = 10_000;

/** Where a list's rows come from: the page asked for, and how many there are in all. */
export type LoadRows = (window: { skip: number; limit: number }) => Promise<{ rows: Row[]; total: number }>;

/** Answers a list: one page as JSON, or every row (up to exportLimit) as an .xlsx with the same columns. */
export async function answerList(ctx: Context, name: string, columns: Column[], paging: Paging, load: LoadRows): Promise<unknown> {
  if (paging.format === 'xlsx') {
    const { rows } = await load({ skip: 0, limit: exportLimit });
    await sendWorkbook(ctx, name, [{ name, columns, rows }], periodOf(ctx.query));
    return undefined;
  }
  const { rows, total } = await load({ skip: (paging.page - 1) * paging.pageSize, limit: paging.pageSize });
  // The columns as the dashboard uses them: what the export alone needs stays out of the JSON.
  return { items: rows, total, page: paging.page, pageSize: paging.pageSize, columns: columns.map(({ key, title }) => ({ key, title })) };
}

/**
 * The period a list was asked for (`from`, `to`, already validated by the route), as an export's file name says it:
 * 2026-11-01至2026-11-30, 2026-11-01起, 截至2026-11-30; '' without one.
 */
export function periodOf(query: Context['query']): string {
  const day = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  const [from, to] = [day(query.from), day(query.to)];
  if (from && to) return `${from}至${to}`;
  return from ? `${from}起` : to ? `截至${to}` : '';
}

/**
 * Writes sheets (header row of column titles, then the rows) as an .xlsx download, named `name` and, when given, the
 * period it covers (线索（2026-11-01至2026-11-30）.xlsx), so that two exports of one list can be told apart.
 */
export async function sendWorkbook(ctx: Context, name: string, sheets: Array<{ name: string; columns: Column[]; rows: Array<Record<string, Cell>> }>, period = ''): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '衔接助手';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.columns = sheet.columns.map((c) => ({ header: c.title, key: c.key, width: c.width ?? Math.max(10, c.title.length * 2 + 4) }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(Object.fromEntries(sheet.columns.map((c) => [c.key, exportCell(row[c.key], c.exportNames)])));
  }
  // Header values must be ASCII: the Chinese name goes percent-encoded in both forms.
  const file = encodeURIComponent(period ? `${name}（${period}）` : name);
  ctx.set('content-disposition', `attachment; filename="${file}.xlsx"; filename*=UTF-8''${file}.xlsx`);
  ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  ctx.body = Buffer.from(await workbook.xlsx.writeBuffer());
}

function exportCell(value: Cell | undefined, names?: Readonly<Record<string, string>>): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return typeof value === 'string' && names && Object.hasOwn(names, value) ? names[value]! : value;
}

/**
 * A filter on a record's domain or campaign (a case's `domain`, a lead's `subject.domain`). The statistics count a
 * record without one under a label (未分类, 无专项), so that label, asked for here, finds those records.
 */
export function labelled(field: string, value: string | undefined, noneLabel: string): Record<string, unknown> {
  if (!value) return {};
  // Matches a missing, null or empty value, as the statistics' `domain || noDomain` does.
  return { [field]: value === noneLabel ? { $in: [null, ''] } : value };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A case-insensitive "contains" filter for free text, with regex characters taken literally. */
export function contains(text: string): RegExp {
  return new RegExp(escapeRegExp(text), 'i');
}

/**
 * A "contains" filter for document numbers (文号, 案号) in the form `caseNumberKey` gives them: every bracket style
 * around the year as [ ], half-width, no leading zeros, no final 号 — so 〔2021〕14号, (2021)14号, （2021）14号 and
 * [2021]14号 search alike. It matches the stored key of a case (`caseKey`) as it is; `withNumberSign` matches a
 * canonical 文号, which keeps its 号. A number is whole at both ends: one typed from its first digit starts after the
 * year's bracket or another non-digit (3号 is not 303号 nor 13号), and a search ending in 号 ends the number there
 * (3号 is not 30号). Undefined when the text has nothing a number could hold.
 */
export function containsDocumentNumber(text: string, options: { withNumberSign?: boolean } = {}): RegExp | undefined {
  const key = caseNumberKey(text);
  if (key === '') return undefined;
  const starts = /^\d/.test(key) ? '(?:^|\\D)' : '';
  const ends = /号\s*$/.test(text) ? (options.withNumberSign ? '号' : '$') : '';
  return new RegExp(`${starts}${escapeRegExp(key)}${ends}`, 'i');
}
