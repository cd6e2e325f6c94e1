import type { Connection } from 'mongoose';
import type { BotContext } from '../bot/context.js';
import { localDate } from '../calendar/local-date.js';
import { caseNumberKey, formatImportReport, hasCaseHeader, readWorkbook, rowsToCases, SheetError, type ImportResult, type RowPlace } from '../import/index.js';
import type { FetchedMedia } from '../media/fetch-media.js';
import { agencyModel } from '../models/agency.js';
import { caseModel, type CaseInput, type CaseRecord } from '../models/case.js';
import { isAgencyRole } from '../models/staff.js';
import { reportedChanges, type AmendableField, type FieldChange } from './amend-case.js';
import { createCase } from './create-case.js';
import { foreignPrefixOwners, writtenPrefix } from './foreign-prefix.js';
import { evaluateImport } from '../leads/bulk-alerts.js';
import { amendmentLines, CASE_FIELD_TITLES } from './describe-changes.js';

/** The name a sheet is read and reported under: its own, or one its type implies (the reader goes by extension). */
export function sheetFilename(file: FetchedMedia): string {
  return file.filename ?? (file.contentType.includes('csv') ? '案件表.csv' : '案件表.xlsx');
}

/**
 * Whether a spreadsheet someone sent is a sheet of cases (a header naming case fields), not one of something else
 * such as a rectification ledger (整改台账); undefined when it cannot be read (importing it then says why).
 */
export function isCaseSheet(file: FetchedMedia): Promise<boolean | undefined> {
  return hasCaseHeader(file.bytes, sheetFilename(file));
}

/** A case as far as a sheet's row is compared with it. */
type RegisteredCase = Pick<CaseRecord, AmendableField>;

/** The outcome of one row: its case stored, or a case registered under its number before, with what the row changes. */
type RowOutcome = { kind: 'stored'; caseId: string } | { kind: 'registered'; caseNumber: string; changes: FieldChange[] };

/**
 * Stores one valid row as a case (or finds it stored by this same message before), unless its case number is a case
 * registered already: then nothing changes, and the outcome says what the row gives differently (nothing: the row was
 * imported before).
 */
async function storeRow(mongo: Connection, input: CaseInput, registered: RegisteredCase | undefined, meta: Parameters<typeof createCase>[2]): Promise<RowOutcome> {
  if (registered) return { kind: 'registered', caseNumber: registered.caseNumber, changes: reportedChanges(registered, input) };
  const created = await createCase(mongo, input, meta);
  // Registered since the list was read (another message importing the same case at the same time).
  if (created.kind === 'duplicate_number') return { kind: 'registered', caseNumber: created.existing.caseNumber, changes: reportedChanges(created.existing, input) };
  return { kind: 'stored', caseId: created.record._id };
}

/**
 * A row that says otherwise than its registered case, refused with what differs and the 更正 message that would make
 * the case say what the row says (a corrected sheet sent again is how staff try to correct cases).
 */
function registeredRow(row: RowPlace, outcome: Extract<RowOutcome, { kind: 'registered' }>): ImportResult['refused'][number] {
  const lines = amendmentLines(outcome.changes);
  const differing = outcome.changes.map((change) => CASE_FIELD_TITLES[change.field]).join('、');
  return {
    ...(row.sheet !== undefined ? { sheet: row.sheet } : {}),
    rowNumber: row.rowNumber,
    reasons: [`案号已登记，这次的${differing}与已登记的不同，未更改`],
    registered: true,
    ...(lines.length > 0 ? { amendment: [`更正 ${outcome.caseNumber}`, ...lines].join('\n') } : {}),
  };
}

/**
 * 上报 by spreadsheet: every valid row becomes a case of the sender's agency (once per message and row,
 * so a redelivered file imports nothing twice), and the sender gets a row-by-row report of what was
 * accepted and why any row was refused. A row whose case number is registered already changes nothing: with the
 * same content it counts as imported before (a sheet sent again), with other content it is listed with what differs.
 */
export async function importCaseSheet(ctx: BotContext, file: FetchedMedia): Promise<void> {
  const staff = ctx.staff!;
  if (!isAgencyRole(staff.role) || !staff.agency) {
    ctx.reply('案件表格由执法单位工作人员上报。');
    return;
  }
  const filename = sheetFilename(file);
  let workbook;
  try {
    workbook = await readWorkbook(file.bytes, filename);
  } catch (error) {
    if (error instanceof SheetError) {
      ctx.reply(error.replyText);
      return;
    }
    throw error;
  }
  const { mongo } = ctx.services;
  // Rows this same message already stored (a redelivery) are not "registered before": createCase recognises them.
  const ownRows = `${ctx.message.id}#`;
  const existing = await caseModel(mongo).find({ agency: staff.agency }, { history: 0, quantities: 0 }).lean();
  const registered = new Map(existing.filter((c) => !c.sourceId.startsWith(ownRows)).map((c) => [c.caseKey, c]));
  // Dates after today are refused as the API and chat 上报 refuse them: a typo (2062) the rules would count days from.
  const result = rowsToCases(workbook.tables, { today: localDate(ctx.now, ctx.services.config.TZ) });
  if (workbook.skippedSheets.length) result.skippedSheets = workbook.skippedSheets;
  const sheetIndex = new Map(workbook.tables.map((table, index) => [table.sheet, index]));
  const agency = await agencyModel(mongo).findById(staff.agency).lean();
  const accepted: typeof result.accepted = [];
  const stored: string[] = [];
  result.alreadyImported = 0;
  // One look-up per 字号, not per row: a ledger's rows mostly share one, and the answer does not change within it.
  const prefixOwners = new Map<string, Promise<string[] | undefined>>();
  const agencyId = staff.agency;
  const ownersOf = (caseNumber: string) => {
    const prefix = writtenPrefix(caseNumber);
    if (!prefixOwners.has(prefix)) prefixOwners.set(prefix, foreignPrefixOwners(mongo, caseNumber, agencyId));
    return prefixOwners.get(prefix)!;
  };
  for (const row of result.accepted) {
    const sourceId = rowSourceId(ctx.message.id, sheetIndex.get(row.sheet) ?? 0, row.rowNumber);
    // As for chat 上报, what the case has no field for (部分缴纳, the day of payment) is kept on its creation's history entry.
    const meta = { agency: staff.agency, by: staff._id, sourceId, now: ctx.now, domain: agency?.domains[0], ...(row.detail ? { detail: row.detail } : {}) };
    const known = registered.get(caseNumberKey(row.input.caseNumber));
    const owners = known ? undefined : await ownersOf(row.input.caseNumber);
    if (owners) {
      // As 上报 asks first, a row is not registered under another agency's 字号 unseen; one confirmed 上报 makes it the agency's too.
      const place = row.sheet !== undefined ? { sheet: row.sheet } : {};
      result.refused.push({ ...place, rowNumber: row.rowNumber, reasons: [`案号字号「${writtenPrefix(row.input.caseNumber)}」此前只用于${owners.join('、')}的案件，未登记；如确是贵单位的案件，请先用「上报」发送其中一件并回复「确认」，再发送表格`] });
      continue;
    }
    const outcome = await storeRow(mongo, row.input, known, meta);
    if (outcome.kind === 'stored') {
      accepted.push(row);
      stored.push(outcome.caseId);
    } else if (outcome.changes.length === 0) {
      result.alreadyImported += 1;
    } else {
      result.refused.push(registeredRow(row, outcome));
    }
  }
  result.accepted = accepted;
  result.refused.sort((a, b) => (sheetIndex.get(a.sheet) ?? 0) - (sheetIndex.get(b.sheet) ?? 0) || a.rowNumber - b.rowNumber);
  ctx.reply(formatImportReport(result, filename));
  await alertImportLeads(ctx, stored, `${agency?.name ?? staff.agency} ${staff.name} 导入案件表格「${filename}」，新登记案件 ${stored.length} 件`);
}

/**
 * The source of a row's case: the message and the row (`#row5`), with the worksheet after the first (`#sheet2#row5`), so
 * row 5 of two quarters' sheets are two cases and a redelivered file stores neither twice.
 */
function rowSourceId(messageId: string, sheetIndex: number, rowNumber: number): string {
  return sheetIndex === 0 ? `${messageId}#row${rowNumber}` : `${messageId}#sheet${sheetIndex + 1}#row${rowNumber}`;
}

/**
 * The leads of an import's cases: a few get their cards the usual way (the cases evaluated as any change); many are
 * summed up in one message per prosecutor (src/leads/bulk-alerts.ts).
 */
async function alertImportLeads(ctx: BotContext, caseIds: readonly string[], intro: string): Promise<void> {
  if (!caseIds.length) return;
  const { summaries } = await evaluateImport({ mongo: ctx.services.mongo, timeZone: ctx.services.config.TZ, now: ctx.now }, caseIds, ctx.message.id, intro);
  if (!summaries.length) {
    for (const id of caseIds) ctx.markChanged('case', id);
    return;
  }
  for (const { touser, text } of summaries) ctx.notify([touser], text);
}
