import type { Connection } from 'mongoose';
import { caseModel, type CaseRecord } from '../models/case.js';

/**
 * An agency's cases by party (当事人), so that lead evaluation of a new case reads that party's other cases by `_id`
 * instead of a query on `party`, which FerretDB v1 answers by reading every case. Kept in `case_keys` beside the
 * source and number keys: `party:<agency>:<party>` holds the case ids. Every case stored through the model is
 * filed (a hook on the case model); the index is built from all cases, once, the first time it is read.
 */
interface PartyKey { _id: string; ids: string[] }
const keys = (mongo: Connection) => mongo.collection<PartyKey | { _id: string; builtAt: Date }>('case_keys');
const partyKey = (agency: string, party: string) => `party:${agency}:${party}`;
const builtKey = 'meta:party';

/** Files cases under their agency and party. */
export async function fileParties(mongo: Connection, cases: ReadonlyArray<Pick<CaseRecord, '_id' | 'agency' | 'party'>>): Promise<void> {
  const byKey = new Map<string, string[]>();
  for (const c of cases) {
    const key = partyKey(c.agency, c.party);
    const ids = byKey.get(key);
    if (ids) ids.push(c._id);
    else byKey.set(key, [c._id]);
  }
  // One command per thousand parties: a first build over years of cases is one round trip per batch, not per party.
  const writes = [...byKey].map(([_id, ids]) => ({ updateOne: { filter: { _id }, update: { $addToSet: { ids: { $each: ids } } }, upsert: true } }));
  for (let i = 0; i < writes.length; i += 1000) await keys(mongo).bulkWrite(writes.slice(i, i + 1000) as never, { ordered: false });
}

/** Files every case (one full read): the first use, or an operator's repair after cases were written around the model. */
export async function rebuildPartyIndex(mongo: Connection): Promise<void> {
  const all = await caseModel(mongo).find({}, { agency: 1, party: 1 }).lean();
  await fileParties(mongo, all);
  await keys(mongo).updateOne({ _id: builtKey }, { $set: { builtAt: new Date() } }, { upsert: true });
}

/** The agency's cases with this party, the given one included. */
export async function casesOfParty(mongo: Connection, agency: string, party: string): Promise<CaseRecord[]> {
  if (!(await keys(mongo).findOne({ _id: builtKey }))) await rebuildPartyIndex(mongo);
  const filed = (await keys(mongo).findOne({ _id: partyKey(agency, party) })) as PartyKey | null;
  const found: CaseRecord[] = [];
  for (const c of await Promise.all((filed?.ids ?? []).map((id) => caseModel(mongo).findById(id).lean()))) {
    if (c && c.agency === agency && c.party === party) found.push(c);
  }
  return found;
}
