import type { Connection } from 'mongoose';
import { caseModel, type CaseRecord } from '../models/case.js';

/**
 * Cases filed under `_id`s, so that the per-message paths never query `cases` on another field, which FerretDB v1
 * answers by reading every case. `case_keys` holds:
 * - `src:<sourceId>`: the case a source (message, import row, API request) created;
 * - `num:<agency>:<caseKey>`: the case that holds an agency's case number;
 * - `party:<agency>:<party>`: the ids of an agency's cases with that party (当事人), for lead evaluation;
 * - `prefix:<字号>`: the agencies whose case numbers start so, to question a number with another agency's 字号;
 * - `meta:built`: when every case was last filed.
 * Every case stored through the model is filed (a hook on the case model). The whole collection is filed once, the
 * first time the party keys are read, and again by `npm run admin -- cases reindex` after cases were written around
 * the model. Until then a case number is still guarded by the unique index on `cases` (see create-case.ts).
 */
type Filed = Pick<CaseRecord, '_id' | 'sourceId' | 'agency' | 'caseKey' | 'party'>;
interface CaseKey { _id: string; caseId?: string; ids?: string[]; builtAt?: Date }
const keys = (mongo: Connection) => mongo.collection<CaseKey>('case_keys');
const sourceKey = (sourceId: string) => `src:${sourceId}`;
const numberKey = (agency: string, caseKey: string) => `num:${agency}:${caseKey}`;
/**
 * One party however it was typed: any brackets, full- or half-width letters, spaces (富阳某（集团）有限公司,
 * 富阳某(集团)有限公司 and 富阳某【集团】有限公司 are one company, whose second case R03 must see).
 */
export const sameParty = (party: string) => party.normalize('NFKC').replace(/\s+/g, '').replace(/[【〔[{〈《<]/g, '(').replace(/[】〕\]}〉》>]/g, ')');
const partyKey = (agency: string, party: string) => `party:${agency}:${sameParty(party)}`;
const prefixKey = (prefix: string) => `prefix:${prefix}`;

/**
 * The 字号 of a case number, by which agencies tell their cases apart: 富林罚 of 富林罚〔2024〕3号 (given as its
 * `caseNumberKey`, 富林罚[2024]3). Null for a number that starts with its figures.
 */
export function caseNumberPrefix(caseKey: string): string | null {
  return /^[^\d[\]]+/.exec(caseKey)?.[0] ?? null;
}
/** v2: party keys are filed by `sameParty`, and 字号 keys exist; a database filed before is filed again at the first read. */
const builtKey = 'meta:built:v2';

/**
 * Files cases under their source, number and party. One single-key update per key: a multi-statement update
 * command (bulkWrite) stalled the embedded FerretDB v1 when it ran beside a case import (the import's e2e test hung).
 */
export async function fileCases(mongo: Connection, cases: readonly Filed[]): Promise<void> {
  const byParty = new Map<string, string[]>();
  const byPrefix = new Map<string, Set<string>>();
  for (const c of cases) {
    const prefix = caseNumberPrefix(c.caseKey);
    if (prefix) byPrefix.set(prefix, (byPrefix.get(prefix) ?? new Set()).add(c.agency));
    for (const _id of [sourceKey(c.sourceId), numberKey(c.agency, c.caseKey)]) await keys(mongo).updateOne({ _id }, { $setOnInsert: { caseId: c._id } }, { upsert: true });
    const key = partyKey(c.agency, c.party);
    const ids = byParty.get(key);
    if (ids) ids.push(c._id);
    else byParty.set(key, [c._id]);
  }
  for (const [_id, ids] of byParty) await keys(mongo).updateOne({ _id }, { $addToSet: { ids: { $each: ids } } }, { upsert: true });
  for (const [prefix, agencies] of byPrefix) await keys(mongo).updateOne({ _id: prefixKey(prefix) }, { $addToSet: { ids: { $each: [...agencies] } } }, { upsert: true });
}

/** Files every case once, the first time a key filed from all cases is read. */
async function ensureFiled(mongo: Connection): Promise<void> {
  if (!(await keys(mongo).findOne({ _id: builtKey }))) await reindexCases(mongo);
}

/** The agencies with cases whose number starts with this 字号 (caseNumberPrefix). */
export async function agenciesUsingPrefix(mongo: Connection, prefix: string): Promise<string[]> {
  await ensureFiled(mongo);
  return (await keys(mongo).findOne({ _id: prefixKey(prefix) }))?.ids ?? [];
}

/** Files every case (one full read): the first use, or an operator's repair after cases were written around the model. */
export async function reindexCases(mongo: Connection): Promise<void> {
  await fileCases(mongo, await caseModel(mongo).find({}, { sourceId: 1, agency: 1, caseKey: 1, party: 1 }).lean());
  await keys(mongo).updateOne({ _id: builtKey }, { $set: { builtAt: new Date() } }, { upsert: true });
}

async function caseUnder(mongo: Connection, key: string): Promise<CaseRecord | null> {
  const filed = await keys(mongo).findOne({ _id: key });
  return filed?.caseId ? caseModel(mongo).findById(filed.caseId).lean() : null;
}

/**
 * Files a case under its corrected number (over a key left by a case renumbered before) and frees the old number:
 * its key is dropped, if it still names this case.
 */
export async function refileNumber(mongo: Connection, agency: string, from: string, to: string, caseId: string): Promise<void> {
  await keys(mongo).updateOne({ _id: numberKey(agency, to) }, { $set: { caseId } }, { upsert: true });
  if (from !== to) await keys(mongo).deleteOne({ _id: numberKey(agency, from), caseId });
  const prefix = caseNumberPrefix(to);
  if (prefix) await keys(mongo).updateOne({ _id: prefixKey(prefix) }, { $addToSet: { ids: agency } }, { upsert: true });
}

/** The case a source created, if it is filed. */
export const caseOfSource = (mongo: Connection, sourceId: string) => caseUnder(mongo, sourceKey(sourceId));

/**
 * The agency's case with this case number (normalised), if it is filed. A case whose number was corrected since
 * (and the old key not yet dropped) no longer holds it.
 */
export async function caseWithNumber(mongo: Connection, agency: string, caseKey: string): Promise<CaseRecord | null> {
  const found = await caseUnder(mongo, numberKey(agency, caseKey));
  return found && found.caseKey === caseKey ? found : null;
}

/** The agency's cases with this party, the given one included. */
export async function casesOfParty(mongo: Connection, agency: string, party: string): Promise<CaseRecord[]> {
  await ensureFiled(mongo);
  const filed = await keys(mongo).findOne({ _id: partyKey(agency, party) });
  const found: CaseRecord[] = [];
  for (const c of await Promise.all((filed?.ids ?? []).map((id) => caseModel(mongo).findById(id).lean()))) {
    if (c && c.agency === agency && sameParty(c.party) === sameParty(party)) found.push(c);
  }
  return found;
}
