import type { Connection } from 'mongoose';
import { dateOnly, ymd } from '../calendar/local-date.js';
import { parseReportFields } from '../commands/report-fields.js';
import { caseNumberKey } from '../import/index.js';
import { audit } from '../models/audit.js';
import { caseModel, type CaseInput, type CaseRecord } from '../models/case.js';
import { caseWithNumber, fileCases, refileNumber } from './case-keys.js';
import { markRestoration } from './restoration.js';

/** The fields of a case its agency may correct after reporting it. */
export const AMENDABLE_FIELDS = [
  'caseNumber', 'caseType', 'party', 'facts', 'violation', 'legalBasis', 'decision', 'fineYuan', 'finePaid', 'enforced',
  'areaMu', 'filedOn', 'decidedOn', 'domain', 'campaign', 'note', 'status',
] as const satisfies readonly (keyof CaseInput)[];
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

/** A case cannot be stored without these: they can be corrected, never cleared. */
export const REQUIRED_CASE_FIELDS: ReadonlySet<AmendableField> = new Set(['caseNumber', 'party', 'facts', 'status']);

/** New values of a case's fields; null clears an optional field (面积 written by mistake). Dates as YYYY-MM-DD. */
export type CaseChanges = { [K in AmendableField]?: CaseInput[K] | null };


/** One corrected field as its history keeps it: values as stored, dates as YYYY-MM-DD, null for none. */
export interface FieldChange {
  field: AmendableField;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
}

export type AmendCaseResult =
  | { kind: 'amended'; record: CaseRecord; changes: FieldChange[] }
  /** This source (message or API request) already made this correction: nothing new. */
  | { kind: 'already'; record: CaseRecord; changes: FieldChange[] }
  /** Every value given is the one stored. */
  | { kind: 'unchanged'; record: CaseRecord }
  | { kind: 'not_found' }
  /** The new case number is another case's of the same agency. */
  | { kind: 'duplicate_number'; existing: CaseRecord };

/** Fields the case's quantities (the figures its rules read) are taken from. */
const QUANTITY_SOURCES: ReadonlySet<AmendableField> = new Set(['facts', 'violation', 'decision', 'fineYuan', 'areaMu']);

const DATE_FIELDS: ReadonlySet<AmendableField> = new Set(['filedOn', 'decidedOn']);

/** A stored value as the history shows it. */
function plain(field: AmendableField, value: unknown): FieldChange['from'] {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return ymd(value);
  if (typeof value === 'string' && !DATE_FIELDS.has(field)) return value.trim();
  return value as string | number | boolean;
}

/** What the correction changes, field by field: values equal to the stored ones are left out. */
export function caseChanges(record: Pick<CaseRecord, AmendableField>, changes: CaseChanges): FieldChange[] {
  const found: FieldChange[] = [];
  for (const field of AMENDABLE_FIELDS) {
    if (!(field in changes) || changes[field] === undefined) continue;
    if (changes[field] === null && REQUIRED_CASE_FIELDS.has(field)) continue;
    const from = plain(field, record[field]);
    const to = plain(field, changes[field]);
    if (from !== to) found.push({ field, from, to });
  }
  return found;
}

/**
 * What a case reported again (a 上报 or a spreadsheet row with a number already registered) says differently from the
 * registered case: the fields it gives, the number aside (the same number in another spelling is the same case).
 */
export function reportedChanges(registered: Pick<CaseRecord, AmendableField>, reported: CaseInput): FieldChange[] {
  const given = Object.fromEntries(AMENDABLE_FIELDS.filter((field) => field !== 'caseNumber' && reported[field] !== undefined).map((field) => [field, reported[field]]));
  return caseChanges(registered, given);
}

/**
 * The figures of a corrected case, read again from its fields as a 上报 message would give them, so that a fine or
 * area corrected in its field is not contradicted by the figure read from the old text.
 */
export function quantitiesOf(c: Pick<CaseInput, 'facts' | 'violation' | 'decision' | 'fineYuan' | 'areaMu'>): CaseInput['quantities'] {
  const text = [
    `违法事实：${c.facts}`, c.violation && `违法行为：${c.violation}`, c.decision && `处罚决定：${c.decision}`,
    c.fineYuan !== undefined && `罚款：${c.fineYuan}元`, c.areaMu !== undefined && `面积：${c.areaMu}亩`,
  ].filter(Boolean).join('\n');
  return markRestoration(parseReportFields(text).quantities.map((q) => ({ item: q.item, value: q.value, unit: q.unit })), text);
}

function storedValue(field: AmendableField, value: FieldChange['to']): unknown {
  return typeof value === 'string' && DATE_FIELDS.has(field) ? dateOnly(value) : value;
}

/**
 * Corrects fields of a stored case, once per source: the history keeps each field's old and new value, who and
 * when. A new case number must be free within the agency; the case keys follow the new number and party.
 */
export async function amendCase(mongo: Connection, caseId: string, changes: CaseChanges, meta: { by: string; sourceId: string; now: Date; note?: string }): Promise<AmendCaseResult> {
  const cases = caseModel(mongo);
  const record = await cases.findById(caseId).lean();
  if (!record) return { kind: 'not_found' };
  const done = record.history.find((h) => h.action === 'amended' && h.sourceId === meta.sourceId);
  if (done) return { kind: 'already', record, changes: (done.detail?.changes ?? []) as FieldChange[] };
  const found = caseChanges(record, changes);
  if (!found.length) return { kind: 'unchanged', record };
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const { field, to } of found) {
    if (to === null) unset[field] = '';
    else set[field] = storedValue(field, to);
  }
  const numberChange = found.find((c) => c.field === 'caseNumber');
  let caseKey = record.caseKey;
  if (numberChange) {
    caseKey = caseNumberKey(String(numberChange.to));
    const other = caseKey === record.caseKey ? null : await caseWithNumber(mongo, record.agency, caseKey);
    if (other && other._id !== record._id) return { kind: 'duplicate_number', existing: other };
    set.caseKey = caseKey;
  }
  if (found.some((c) => QUANTITY_SOURCES.has(c.field))) {
    const merged = { ...record, ...set } as CaseRecord;
    for (const field of Object.keys(unset)) delete (merged as unknown as Record<string, unknown>)[field];
    set.quantities = quantitiesOf(merged);
  }
  const entry = { at: meta.now, by: meta.by, action: 'amended', sourceId: meta.sourceId, detail: { changes: found, ...(meta.note ? { note: meta.note } : {}) } };
  let updated: CaseRecord | null;
  try {
    updated = await cases.findOneAndUpdate(
      { _id: record._id, 'history.sourceId': { $ne: meta.sourceId } },
      { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}), $push: { history: entry } },
      { returnDocument: 'after' },
    ).lean();
  } catch (error) {
    // Another case took the number between the check and the write: the unique index refused it.
    if ((error as { code?: number }).code !== 11000 || !numberChange) throw error;
    const existing = await cases.findOne({ agency: record.agency, caseKey }).lean();
    if (existing) return { kind: 'duplicate_number', existing };
    throw error;
  }
  if (!updated) {
    const again = await cases.findById(caseId).lean();
    const entryAgain = again?.history.find((h) => h.action === 'amended' && h.sourceId === meta.sourceId);
    return again && entryAgain ? { kind: 'already', record: again, changes: (entryAgain.detail?.changes ?? []) as FieldChange[] } : { kind: 'not_found' };
  }
  if (numberChange) await refileNumber(mongo, record.agency, record.caseKey, updated.caseKey, record._id);
  if (found.some((c) => c.field === 'party')) await fileCases(mongo, [updated]);
  await audit(mongo, {
    at: meta.now, actor: meta.by, action: 'case.amend', target: { kind: 'case', id: record._id }, sourceId: meta.sourceId, outcome: 'ok',
    detail: { caseNumber: updated.caseNumber, fields: found.map((c) => c.field) },
  });
  return { kind: 'amended', record: updated, changes: found };
}
