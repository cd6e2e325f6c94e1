import { parseReportFields } from '../commands/index.js';
import type { CaseInput } from '../models/case.js';
import { caseNumberKey, isBlankCell, normalizeCaseNumber, quantitiesIn } from './cell-values.js';
import { markRestoration } from '../cases/restoration.js';
import { normalizeCampaign } from '../cases/normalize-input.js';
import { columnMeaning, isSilentHeader, type ImportField } from './columns.js';
import { readColumnCell, type Column, type RowDetail } from './row-cells.js';
import type { SheetRow, SheetRows, SkippedSheet } from './read-sheet.js';

/** Where a row is: its Excel row number, and its worksheet when the file had case tables on several. */
export interface RowPlace {
  rowNumber: number;
  sheet?: string;
}

/** The outcome of turning sheet rows into cases: what can be recorded, what cannot and why. */
export interface ImportResult {
  /** Rows that make a complete, valid case, in sheet order. */
  accepted: Array<RowPlace & { input: CaseInput; detail?: RowDetail }>;
  /**
   * Rows that cannot be recorded, each with every reason in Chinese (缺少当事人, 案号已存在 …). `registered` marks a
   * row whose case number is a case registered before with other content: nothing is wrong with the row, but a
   * sheet does not change a registered case (更正 does); `amendment` is the 更正 message that would, for the reply to offer.
   */
  refused: Array<RowPlace & { reasons: string[]; registered?: boolean; amendment?: string }>;
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
  /**
   * Rows among `alreadyImported` whose case was corrected (更正) since: the row still gives a value from before the
   * correction. Nothing is recorded, and no 更正 back to it is offered; `notes` say what was corrected and when
   * (罚款已于 11-06 更正为 5,000 元，表格中仍为 50,000 元), so the sender trusts the case and can bring the sheet up to date.
   */
  outdated?: Array<RowPlace & { notes: string[] }>;
}

/** What {@link rowsToCases} needs besides the sheet. */
export interface RowsToCasesOptions {
  /** Case numbers (案号) the agency already has; a row repeating one is refused. Compared bracket- and width-blind. */
  existingCaseNumbers?: Set<string>;
  /** Today (YYYY-MM-DD, in the service's time zone): a 立案 or 决定 date after it is refused. Unchecked when absent. */
  today?: string;
}

/**
 * Turns the case tables of a file (from readWorkbook; one table from readSheet) into case inputs, row by row: maps
 * headers to fields (the 上报 labels and ledger labels such as 是否缴纳, 立案日期, 专项, 备注, 是否结案), normalises each
 * cell (案号 half-width without spaces; money to 元; area to 亩; dates to YYYY-MM-DD; 是/否; 结案 as closed or open;
 * 处罚/许可/强制/检查; the domain's full name) and refuses a row, with every reason, when a required field (案号,
 * 当事人, 违法事实) is missing, a value cannot be read, a date is after `today`, the 决定日期 is before the 立案日期, the
 * 处罚决定 names another fine than the 罚款 column, its 案号 repeats an earlier row of any table (the first is kept) or
 * is in `existingCaseNumbers`. Blank rows are skipped. With several tables, each row names its worksheet.
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
      const { input, reasons, detail } = readRow(row, columns, options.today);
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
      else result.accepted.push({ ...place, input, ...(detail ? { detail } : {}) });
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
function readRow(row: SheetRow, columns: Column[], today: string | undefined): { input: CaseInput | null; reasons: string[]; detail?: RowDetail } {
  const fields: Partial<CaseInput> = {};
  const readFrom: Partial<Record<ImportField, Column>> = {};
  let detail: RowDetail | undefined;
  const unreadableFields = new Set<ImportField>();
  const reasons: string[] = [];
  for (const column of columns) {
    const cell = row.cells[column.header];
    // When two columns fill one field (罚款, 罚款金额), the first one with a value wins.
    if (cell === undefined || isBlankCell(cell) || fields[column.field] !== undefined) continue;
    const reading = readColumnCell(column, cell, today);
    if ('skip' in reading) continue;
    if ('reason' in reading) {
      reasons.push(reading.reason);
      unreadableFields.add(column.field);
    } else {
      Object.assign(fields, { [column.field]: reading.value });
      readFrom[column.field] = column;
      if (reading.detail) detail = { ...detail, ...reading.detail };
    }
  }
  const { caseNumber, party, facts, filedOn, decidedOn } = fields;
  // As the API and 更正 refuse it: a decision cannot come before the case was filed (a typo the rules would count on).
  if (filedOn !== undefined && decidedOn !== undefined && decidedOn < filedOn) reasons.push(`决定日期不能早于立案日期（立案 ${filedOn}，决定 ${decidedOn}）`);
  const fineClash = decisionFineClash(fields, readFrom);
  if (fineClash) reasons.push(fineClash);
  // A ledger with no 罚款 column (or the cell left blank) gives the fine in its 处罚决定 only: read it as a 上报 does,
  // or every fine rule would see a case without one.
  const decisionFine = fields.fineYuan === undefined && !unreadableFields.has('fineYuan') ? fineNamedIn(fields.decision) : undefined;
  if (decisionFine !== undefined) fields.fineYuan = decisionFine;
  const missing = [
    caseNumber === undefined && !unreadableFields.has('caseNumber') ? '缺少案号' : null,
    party === undefined ? '缺少当事人' : null,
    facts === undefined ? '缺少违法事实' : null,
  ].filter((reason): reason is string => reason !== null);
  reasons.unshift(...missing);
  if (caseNumber === undefined || party === undefined || facts === undefined) return { input: null, reasons };
  // Land to be put back (责令补种林地15亩) is no area of the offence, as in a 上报; one campaign has one spelling.
  const quantities = markRestoration(quantitiesIn(facts), facts);
  const campaign = fields.campaign === undefined ? {} : { campaign: normalizeCampaign(fields.campaign) };
  return { input: { ...fields, ...campaign, caseNumber, party, facts, ...(quantities.length > 0 ? { quantities } : {}) }, reasons, ...(detail ? { detail } : {}) };
}

/**
 * Why a row whose 处罚决定 names one fine and whose 罚款 column another (罚款5000元 beside 50000) is refused, or null:
 * every fine rule reads the 罚款 figure, so a slip of one zero would decide a lead, and which one is right is not
 * guessed — chat 上报 asks about two fines too. The decision is read as a 上报 reads a 处罚决定 (the amount labelled
 * 罚款; none when it names several or none, and then there is nothing to compare).
 */
function decisionFineClash(fields: Partial<CaseInput>, readFrom: Partial<Record<ImportField, Column>>): string | null {
  const { decision, fineYuan } = fields;
  if (decision === undefined || fineYuan === undefined) return null;
  const named = fineNamedIn(decision);
  if (named === undefined || named === fineYuan) return null;
  const yuan = (value: number) => `${value.toLocaleString('zh-CN')} 元`;
  const decisionLabel = readFrom.decision?.label ?? '处罚决定';
  const fineLabel = readFrom.fineYuan?.label ?? '罚款';
  return `${decisionLabel}写的罚款是 ${yuan(named)}，${fineLabel}一栏是 ${yuan(fineYuan)}，两者不一致；请核对后改正其中一处`;
}

/** The fine a 处罚决定 names, read as a 上报 reads one; undefined when it names several or none. */
function fineNamedIn(decision: string | undefined): number | undefined {
  return decision === undefined ? undefined : parseReportFields(`处罚决定：${decision}`).fields.fineYuan;
}

/** The row's case number even when another field makes the row incomplete, for the duplicate check. */
function caseNumberIn(row: SheetRow, columns: Column[]): string | null {
  for (const column of columns) {
    const cell = row.cells[column.header];
    if (column.field === 'caseNumber' && cell !== undefined && !isBlankCell(cell)) return normalizeCaseNumber(cell);
  }
  return null;
}
