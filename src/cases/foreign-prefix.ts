import type { Connection } from 'mongoose';
import { caseNumberKey } from '../import/cell-values.js';
import { agencyModel } from '../models/agency.js';
import { agenciesUsingPrefix, caseNumberPrefix } from './case-keys.js';

/**
 * The names of the agencies whose cases alone carry this case number's 字号, when `agency` has none with it
 * (富市监罚… sent by 林业局): a slip, or another agency's case, which registered as this agency's would count for its
 * party (R03) and statistics. Undefined when the 字号 is the agency's own, shared, or new.
 */
export async function foreignPrefixOwners(mongo: Connection, caseNumber: string, agency: string): Promise<string[] | undefined> {
  const prefix = caseNumberPrefix(caseNumberKey(caseNumber));
  if (!prefix) return undefined;
  const users = await agenciesUsingPrefix(mongo, prefix);
  if (!users.length || users.includes(agency)) return undefined;
  const named = await agencyModel(mongo).find({ _id: { $in: users } }, { name: 1 }).lean();
  return users.map((id) => named.find((a) => a._id === id)?.name ?? id);
}

/** The 字号 of a case number as written: 富市监罚 of 富市监罚〔2026〕8号. */
export function writtenPrefix(caseNumber: string): string {
  return /^[^\d〔【[(（]+/.exec(caseNumber)?.[0] ?? caseNumber;
}
