import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { dateOnly } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { caseModel, type CaseInput, type CaseRecord } from '../models/case.js';
import { caseNumberKey } from '../import/index.js';
import { caseOfSource, caseWithNumber, fileCases } from './case-keys.js';

export type CreateCaseResult =
  | { kind: 'created'; record: CaseRecord }
  /** The same source (message or import row) already created it: nothing new. */
  | { kind: 'already'; record: CaseRecord }
  /** Another case of this agency has the number. */
  | { kind: 'duplicate_number'; existing: CaseRecord };

/**
 * Stores a new enforcement case once per source, refusing a case number the agency already used. `detail` is kept
 * on the creation's history entry: what the sender said that the case has no field for (备注, the day of payment).
 */
export async function createCase(mongo: Connection, input: CaseInput, meta: { agency: string; by: string; sourceId: string; now: Date; domain?: string; detail?: Record<string, unknown> }): Promise<CreateCaseResult> {
  const cases = caseModel(mongo);
  // Looked up through case_keys by _id; a case stored before its keys were filed is caught below by the unique
  // case-number index, and that path files it.
  const mine = await caseOfSource(mongo, meta.sourceId);
  if (mine) return { kind: 'already', record: mine };
  const caseKey = caseNumberKey(input.caseNumber);
  const taken = await caseWithNumber(mongo, meta.agency, caseKey);
  if (taken) return taken.sourceId === meta.sourceId ? { kind: 'already', record: taken } : { kind: 'duplicate_number', existing: taken };
  const record: CaseRecord = {
    ...input,
    _id: randomUUID(),
    agency: meta.agency,
    caseKey,
    domain: input.domain ?? meta.domain,
    filedOn: input.filedOn ? dateOnly(input.filedOn) : undefined,
    decidedOn: input.decidedOn ? dateOnly(input.decidedOn) : undefined,
    status: input.status ?? 'open',
    createdBy: meta.by,
    sourceId: meta.sourceId,
    createdAt: meta.now,
    history: [{ at: meta.now, by: meta.by, action: 'created', sourceId: meta.sourceId, ...(meta.detail ? { detail: meta.detail } : {}) }],
  };
  try {
    await cases.create(record);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const again = await cases.findOne({ sourceId: meta.sourceId }).lean();
    if (again) {
      await fileCases(mongo, [again]);
      return { kind: 'already', record: again };
    }
    const existing = await cases.findOne({ agency: meta.agency, caseKey }).lean();
    if (existing) {
      await fileCases(mongo, [existing]);
      return { kind: 'duplicate_number', existing };
    }
    throw error;
  }
  await audit(mongo, { at: meta.now, actor: meta.by, action: 'case.create', target: { kind: 'case', id: record._id }, sourceId: meta.sourceId, outcome: 'ok', detail: { caseNumber: input.caseNumber } });
  return { kind: 'created', record };
}
