import type { Connection } from 'mongoose';
import type { BotContext } from '../bot/context.js';
import { localDate } from '../calendar/local-date.js';
import { caseNumberKey, formatImportReport, hasCaseHeader, readWorkbook, rowsToCases, SheetError, type ImportResult, type RowPlace } from '../import/index.js';
import type { FetchedMedia } from '../media/fetch-media.js';
import { agencyModel } from '../models/agency.js';
import { caseModel, type CaseInput, type CaseRecord } from '../models/case.js';
import { isAgencyRole } from '../models/staff.js';
import { reportedChanges, type AmendableField, type FieldChange } from './amend-case.js';
import { sameParty } from './case-keys.js';
import { createCase } from './create-case.js';
import { foreignPrefixOwners, writtenPrefix } from './foreign-prefix.js';
import { evaluateImport } from '../leads/bulk-alerts.js';
import { amendmentLines, CASE_FIELD_TITLES, shown } from './describe-changes.js';

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

/** A case as far as a sheet's row is compared with it: its fields, and its history for the corrections (更正) since. */
type RegisteredCase = Pick<CaseRecord, AmendableField | 'caseKey' | 'history'>;

/** The outcome of one row: its case stored, or a case registered under its number before, with what the row changes. */
type RowOutcome = { kind: 'stored'; caseId: string } | { kind: 'registered'; record: RegisteredCase; changes: FieldChange[] };

/**
 * Stores one valid row as a case (or finds it stored by this same message before), unless its case number is a case
 * registered already: then nothing changes, and the outcome says what the row gives differently (nothing: the row was
 * imported before).
 */
async function storeRow(mongo: Connection, input: CaseInput, registered: RegisteredCase | undefined, meta: Parameters<typeof createCase>[2]): Promise<RowOutcome> {
  if (registered) return { kind: 'registered', record: registered, changes: reportedChanges(registered, input) };
  const created = await createCase(mongo, input, meta);
  // Registered since the list was read (another message importing the same case at the same time).
  if (created.kind === 'duplicate_number') return { kind: 'registered', record: created.existing, changes: reportedChanges(created.existing, input) };
  return { kind: 'stored', caseId: created.record._id };
}

/**
 * A row that says otherwise than its registered case, refused with what differs and the 更正 message that would make
 * the case say what the row says (a corrected sheet sent again is how staff try to correct cases); `notes` tell of
 * the fields corrected since, which the message leaves out when the row only repeats what the correction replaced.
 */
function registeredRow(row: RowPlace, caseNumber: string, changes: readonly FieldChange[], notes: readonly string[]): ImportResult['refused'][number] {
  const lines = amendmentLines(changes);
  const differing = changes.map((change) => CASE_FIELD_TITLES[change.field]).join('、');
  return {
    ...placeOf(row),
    rowNumber: row.rowNumber,
    reasons: [`案号已登记，这次的${differing}与已登记的不同，未更改`, ...notes],
    registered: true,
    ...(lines.length > 0 ? { amendment: [`更正 ${caseNumber}`, ...lines].join('\n') } : {}),
  };
}

function placeOf(row: RowPlace): { sheet?: string } {
  return row.sheet !== undefined ? { sheet: row.sheet } : {};
}

/** When each field of a case was last corrected (更正), and every value a correction replaced in it. */
type Corrections = Map<AmendableField, { at: Date; replaced: Set<FieldChange['from']> }>;

function correctionsOf(record: Pick<CaseRecord, 'history'>): Corrections {
  const corrections: Corrections = new Map();
  for (const entry of record.history) {
    if (entry.action !== 'amended') continue;
    // The history keeps each correction's changes as amendCase wrote them (FieldChange[]).
    for (const change of (entry.detail?.changes ?? []) as FieldChange[]) {
      const known = corrections.get(change.field);
      corrections.set(change.field, { at: entry.at, replaced: (known?.replaced ?? new Set()).add(change.from) });
    }
  }
  return corrections;
}

/** Text fields, quoted when shown so a value reads apart from the sentence around it. */
const QUOTED_FIELDS: ReadonlySet<AmendableField> = new Set(['caseNumber', 'party', 'facts', 'violation', 'legalBasis', 'decision', 'domain', 'campaign', 'note']);

/**
 * A value as the staff member reads it after 更正为 or 仍为 in a note about a correction: ` 5,000 元`, ` 8 亩`, ` 已缴纳`,
 * `“某小卖部”` (a figure set off by a space, as the bot's replies write them; quoted text needs none).
 */
function shownValue(field: AmendableField, value: FieldChange['from']): string {
  if (value === null) return '空白';
  const text = shown(field, value, MAX_QUOTED_CHARS);
  if (QUOTED_FIELDS.has(field)) return `“${text}”`;
  // 已缴纳, 未结案 … read on from 更正为 without a space; a figure or other value is set off by one.
  return ['finePaid', 'enforced', 'status'].includes(field) ? text : ` ${text}`;
}

const MAX_QUOTED_CHARS = 20;

/**
 * A registered row's differences weighed against the case's corrections (更正): a field the row gives as it was before
 * a correction is outdated, not a change to offer — the 更正 offered for it would undo the staff's own correction (a
 * monthly ledger sent again still says 50,000 where 11-06's 更正 made it 5,000). Each corrected field gets a note
 * (罚款已于 11-06 更正为 5,000 元，表格中仍为 50,000 元); a value the case never held stays a change to offer, with its note.
 */
function weighCorrections(record: RegisteredCase, rowKey: string, changes: readonly FieldChange[], when: (at: Date) => string): { pending: FieldChange[]; notes: string[] } {
  const corrections = correctionsOf(record);
  const pending: FieldChange[] = [];
  const notes: string[] = [];
  const numberCorrection = corrections.get('caseNumber');
  if (numberCorrection && rowKey !== record.caseKey) {
    // Found under a number it had before its 更正 (formerCaseNumbers): the row's number is what the correction replaced.
    notes.push(`案号已于 ${when(numberCorrection.at)} 更正为${shownValue('caseNumber', record.caseNumber)}，表格中仍为更正前的案号`);
  }
  for (const change of changes) {
    const correction = corrections.get(change.field);
    if (!correction) {
      pending.push(change);
      continue;
    }
    const outdated = correction.replaced.has(change.to);
    if (!outdated) pending.push(change);
    const title = CASE_FIELD_TITLES[change.field];
    notes.push(`${title}已于 ${when(correction.at)} 更正为${shownValue(change.field, change.from)}，表格中${outdated ? '仍' : ''}为${shownValue(change.field, change.to)}`);
  }
  return { pending, notes };
}

/**
 * The agency's cases by every number they had before a 更正 of 案号, for the numbers no case holds now: a ledger sent
 * again still lists the old number, which would otherwise register the corrected case a second time. Only with the
 * same party: a number corrected away may be another real case's.
 */
function formerCaseNumbers(cases: readonly RegisteredCase[], current: ReadonlyMap<string, unknown>): Map<string, RegisteredCase> {
  const former = new Map<string, RegisteredCase>();
  for (const c of cases) {
    for (const entry of c.history) {
      if (entry.action !== 'amended') continue;
      for (const change of (entry.detail?.changes ?? []) as FieldChange[]) {
        if (change.field !== 'caseNumber' || typeof change.from !== 'string') continue;
        const key = caseNumberKey(change.from);
        if (!current.has(key)) former.set(key, c);
      }
    }
  }
  return former;
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
  // With their history: a row is weighed against the corrections (更正) made since it was imported.
  const existing = (await caseModel(mongo).find({ agency: staff.agency }, { quantities: 0 }).lean()).filter((c) => !c.sourceId.startsWith(ownRows));
  const registered = new Map(existing.map((c) => [c.caseKey, c]));
  const former = formerCaseNumbers(existing, registered);
  const today = localDate(ctx.now, ctx.services.config.TZ);
  // Dates after today are refused as the API and chat 上报 refuse them: a typo (2062) the rules would count days from.
  const result = rowsToCases(workbook.tables, { today });
  if (workbook.skippedSheets.length) result.skippedSheets = workbook.skippedSheets;
  const sheetIndex = new Map(workbook.tables.map((table, index) => [table.sheet, index]));
  const agency = await agencyModel(mongo).findById(staff.agency).lean();
  const accepted: typeof result.accepted = [];
  const stored: string[] = [];
  const outdated: NonNullable<typeof result.outdated> = [];
  result.alreadyImported = 0;
  // 11-06 this year, 2025-11-06 before: the day the sender made the correction.
  const when = (at: Date) => {
    const day = localDate(at, ctx.services.config.TZ);
    return day.slice(0, 4) === today.slice(0, 4) ? day.slice(5) : day;
  };
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
    const rowKey = caseNumberKey(row.input.caseNumber);
    const known = registered.get(rowKey) ?? sameCaseRenumbered(former.get(rowKey), row.input);
    const owners = known ? undefined : await ownersOf(row.input.caseNumber);
    if (owners) {
      // As 上报 asks first, a row is not registered under another agency's 字号 unseen; one confirmed 上报 makes it the agency's too.
      result.refused.push({ ...placeOf(row), rowNumber: row.rowNumber, reasons: [`案号字号「${writtenPrefix(row.input.caseNumber)}」此前只用于${owners.join('、')}的案件，未登记；如确是贵单位的案件，请先用「上报」发送其中一件并回复「确认」，再发送表格`] });
      continue;
    }
    const outcome = await storeRow(mongo, row.input, known, meta);
    if (outcome.kind === 'stored') {
      accepted.push(row);
      stored.push(outcome.caseId);
      continue;
    }
    const { pending, notes } = weighCorrections(outcome.record, rowKey, outcome.changes, when);
    if (pending.length > 0) {
      result.refused.push(registeredRow(row, outcome.record.caseNumber, pending, notes));
      continue;
    }
    result.alreadyImported += 1;
    if (notes.length > 0) outdated.push({ ...placeOf(row), rowNumber: row.rowNumber, notes });
  }
  result.accepted = accepted;
  if (outdated.length > 0) result.outdated = outdated;
  result.refused.sort((a, b) => (sheetIndex.get(a.sheet) ?? 0) - (sheetIndex.get(b.sheet) ?? 0) || a.rowNumber - b.rowNumber);
  ctx.reply(formatImportReport(result, filename));
  await alertImportLeads(ctx, stored, `${agency?.name ?? staff.agency} ${staff.name} 导入案件表格「${filename}」，新登记案件 ${stored.length} 件`);
}

/** The case whose former number a row gives, when the row is about the same party; undefined otherwise. */
function sameCaseRenumbered(candidate: RegisteredCase | undefined, input: CaseInput): RegisteredCase | undefined {
  return candidate && sameParty(candidate.party) === sameParty(input.party) ? candidate : undefined;
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
