import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { dateOnly } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { caseModel, type CaseInput, type CaseRecord } from '../models/case.js';
import { caseNumberKey } from '../import/index.js';

export type CreateCaseResult =
  | { kind: 'created'; record: CaseRecord }
  /** The same source (message or import row) already created it: nothing new. */
  | { kind: 'already'; record: CaseRecord }
  /** Another case of this agency has the number. */
  | { kind: 'duplicate_number'; existing: CaseRecord };

/**
 * Which case a source (message, import row, API request) created, and which case holds an agency's case number,
 * filed under `_id`s: FerretDB v1 answers a query on `sourceId` or `caseKey` by reading every case. A case stored
 * before these keys existed (or whose keys a crash kept from being filed) is still found: the unique case-number
 * index refuses the second insert, and that path reads the cases and files the keys.
 */
interface CaseKey { _id: string; caseId: string }
const caseKeys = (mongo: Connection) => mongo.collection<CaseKey>('case_keys');
const sourceKey = (sourceId: string) => `src:${sourceId}`;
const numberKey = (agency: string, caseKey: string) => `num:${agency}:${caseKey}`;

async function fileKeys(mongo: Connection, record: Pick<CaseRecord, '_id' | 'sourceId' | 'agency' | 'caseKey'>): Promise<void> {
  for (const _id of [sourceKey(record.sourceId), numberKey(record.agency, record.caseKey)]) {
    await caseKeys(mongo).updateOne({ _id }, { $setOnInsert: { caseId: record._id } }, { upsert: true });
  }
}

async function caseUnder(mongo: Connection, key: string): Promise<CaseRecord | null> {
  const filed = await caseKeys(mongo).findOne({ _id: key });
  return filed ? caseModel(mongo).findById(filed.caseId).lean() : null;
}

/** Stores a new enforcement case once per source, refusing a case number the agency already used. */
export async function createCase(mongo: Connection, input: CaseInput, meta: { agency: string; by: string; sourceId: string; now: Date; domain?: string }): Promise<CreateCaseResult> {
  const cases = caseModel(mongo);
  const mine = await caseUnder(mongo, sourceKey(meta.sourceId));
  if (mine) return { kind: 'already', record: mine };
  const caseKey = caseNumberKey(input.caseNumber);
  const taken = await caseUnder(mongo, numberKey(meta.agency, caseKey));
  if (taken) return taken.sourceId === meta.sourceId ? { kind: 'already', record: taken } : { kind: 'duplicate_number', existing: taken };
  const record: CaseRecord = {
    ...input,
    _id: randomUUID(),
    agency: meta.agency,
    caseKey,
    domain: input.domain ?? meta.domain,
    filedOn: input.filedOn ? dateOnly(input.filedOn) : undefined,
    decidedOn: input.decidedOn ? dateOnly(input.decidedOn) : undefined,
    status: 'open',
    createdBy: meta.by,
    sourceId: meta.sourceId,
    createdAt: meta.now,
    history: [{ at: meta.now, by: meta.by, action: 'created', sourceId: meta.sourceId }],
  };
  try {
    await cases.create(record);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const again = await cases.findOne({ sourceId: meta.sourceId }).lean();
    if (again) {
      await fileKeys(mongo, again);
      return { kind: 'already', record: again };
    }
    const existing = await cases.findOne({ agency: meta.agency, caseKey }).lean();
    if (existing) {
      await fileKeys(mongo, existing);
      return { kind: 'duplicate_number', existing };
    }
    throw error;
  }
  await fileKeys(mongo, record);
  await audit(mongo, { at: meta.now, actor: meta.by, action: 'case.create', target: { kind: 'case', id: record._id }, sourceId: meta.sourceId, outcome: 'ok', detail: { caseNumber: input.caseNumber } });
  return { kind: 'created', record };
}
