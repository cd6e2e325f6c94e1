import type { Connection } from 'mongoose';
import { caseNumberKey } from '../import/index.js';
import { caseModel, type CaseRecord } from '../models/case.js';

/**
 * Whether a recommendation's cited cases (关联案件, as typed when it was issued) name this case: by its id, or by its
 * case number in any bracket form (富林罚[2024]17号 = 富林罚〔2024〕17号), compared as `caseNumberKey` with the case's
 * stored `caseKey`. A case entered after the recommendation is linked as soon as it exists.
 */
export function citesCase(cited: readonly string[], record: Pick<CaseRecord, '_id' | 'caseKey'>): boolean {
  return cited.some((text) => text === record._id || caseNumberKey(text) === record.caseKey);
}

/**
 * The cited case numbers the agency has no case for, as typed: one scan of the agency's cases, for an issue (rare).
 * They are kept on the recommendation and linked once the case is entered; the caller warns about them.
 */
export async function uncitableCases(mongo: Connection, agency: string, cited: readonly string[]): Promise<string[]> {
  if (!cited.length) return [];
  const keys = cited.map(caseNumberKey);
  const found = await caseModel(mongo).find({ agency, $or: [{ caseKey: { $in: keys } }, { _id: { $in: [...cited] } }] }, { caseKey: 1 }).lean();
  return cited.filter((text) => !found.some((c) => citesCase([text], c)));
}

/** The Chinese warning of an issue citing cases the agency has not entered, or undefined when it has them all. */
export function uncitableWarning(missing: readonly string[], agencyName: string): string | undefined {
  if (!missing.length) return undefined;
  const numbers = missing.map((n) => `「${n}」`).join('、');
  return `${agencyName}没有案号为${numbers}的案件，暂未关联；请核对案号，或在录入该案件后自动关联`;
}
