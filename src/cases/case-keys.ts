import type { Connection } from 'mongoose';
import { withoutInvisible, identifierForm } from '../commands/normalize-text.js';
import { caseNumberKey } from '../import/cell-values.js';
import { audit } from '../models/audit.js';
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
 * One party however it was typed: any brackets, full- or half-width letters, spaces, invisible characters and
 * lookalikes (identifierForm) — 富阳某（集团）有限公司, 富阳某(集团)有限公司, 富阳某【集团】有限公司 and 富阳某\u200E(集团)有限公司
 * are one company, whose second case R03 must see.
 */
export const sameParty = (party: string) => identifierForm(party).replace(/\s+/g, '').replace(/[【〔〖[{〈《<]/g, '(').replace(/[】〕〗\]}〉》>]/g, ')');
const partyKey = (agency: string, party: string) => `party:${agency}:${sameParty(party)}`;
const prefixKey = (prefix: string) => `prefix:${prefix}`;

/**
 * The 字号 of a case number, by which agencies tell their cases apart: 富林罚 of 富林罚〔2024〕3号 (given as its
 * `caseNumberKey`, 富林罚[2024]3). Null for a number that starts with its figures.
 */
export function caseNumberPrefix(caseKey: string): string | null {
  return /^[^\d[\]]+/.exec(caseKey)?.[0] ?? null;
}
/**
 * v3: case numbers keyed without invisible characters and lookalikes (caseNumberKey), party keys by that `sameParty`;
 * (v2: party keys by `sameParty`, 字号 keys). A database filed before is filed again at the first read.
 */
const builtKey = 'meta:built:v3';

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

/** Cases of one agency whose numbers are one once compared as caseNumberKey now compares them: registered twice. */
export interface SameNumberCases {
  agency: string;
  caseKey: string;
  /** The case filed under the number (it held it already, or was registered first). */
  kept: Pick<CaseRecord, '_id' | 'caseNumber' | 'party'>;
  /** The others, left under the key they had, so no case is lost; for an operator to check and correct. */
  others: Array<Pick<CaseRecord, '_id' | 'caseNumber' | 'party'>>;
}

/** What a re-filing did besides filing every case. */
export interface ReindexOutcome {
  /**
   * Cases given the key caseNumberKey now gives their number (stored by an older release, or written around the bot),
   * or whose number held an invisible character (U+200B, which keys always ignored).
   */
  rekeyed: number;
  /** Numbers held by several cases of one agency once compared so (上报 twice, once with an invisible character). */
  sameNumber: SameNumberCases[];
}

type Stored = Pick<CaseRecord, '_id' | 'sourceId' | 'agency' | 'caseKey' | 'caseNumber' | 'party' | 'createdAt'>;

/**
 * Files every case (one full read): the first use, or an operator's repair after cases were written around the model.
 * A case whose key is not the one caseNumberKey now gives its number (富林罚〔2024〕70\u200E1号 stored as its own case
 * by an older release) is re-keyed, and its number loses its invisible characters (audited), so that a later 上报,
 * 更正 or 查询 of the number finds it. When another case of the agency already has that key, both stay and are
 * listed in `sameNumber`: which of them is the case, an operator decides.
 */
export async function reindexCases(mongo: Connection): Promise<ReindexOutcome> {
  const all: Stored[] = await caseModel(mongo).find({}, { sourceId: 1, agency: 1, caseKey: 1, caseNumber: 1, party: 1, createdAt: 1 }).lean();
  const outcome = await rekeyCases(mongo, all);
  await fileCases(mongo, all);
  await keys(mongo).updateOne({ _id: builtKey }, { $set: { builtAt: new Date() } }, { upsert: true });
  return outcome;
}

/** Gives each case the key its number has now, where no other case of its agency holds it; `all` is updated in place. */
async function rekeyCases(mongo: Connection, all: Stored[]): Promise<ReindexOutcome> {
  const holder = new Map(all.map((c) => [`${c.agency}:${c.caseKey}`, c]));
  const same = new Map<string, SameNumberCases>();
  let rekeyed = 0;
  const stale = all.filter((c) => caseNumberKey(c.caseNumber) !== c.caseKey || withoutInvisible(c.caseNumber) !== c.caseNumber).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const c of stale) {
    const caseKey = caseNumberKey(c.caseNumber);
    const taken = holder.get(`${c.agency}:${caseKey}`);
    if (taken && taken._id !== c._id) {
      const entry = same.get(`${c.agency}:${caseKey}`) ?? { agency: c.agency, caseKey, kept: shown(taken), others: [] };
      same.set(`${c.agency}:${caseKey}`, { ...entry, others: [...entry.others, shown(c)] });
      continue;
    }
    const caseNumber = withoutInvisible(c.caseNumber);
    try {
      await caseModel(mongo).updateOne({ _id: c._id, caseKey: c.caseKey }, { $set: { caseKey, caseNumber } });
    } catch (error) {
      // Another case took the key since the read (a 上报 meanwhile): this one is listed with it at the next reindex.
      if ((error as { code?: number }).code === 11000) continue;
      throw error;
    }
    if (caseKey !== c.caseKey) {
      await keys(mongo).deleteOne({ _id: numberKey(c.agency, c.caseKey), caseId: c._id });
      await keys(mongo).updateOne({ _id: numberKey(c.agency, caseKey) }, { $set: { caseId: c._id } }, { upsert: true });
    }
    if (caseNumber !== c.caseNumber) {
      await audit(mongo, { at: new Date(), actor: 'system', action: 'case.refile', target: { kind: 'case', id: c._id }, sourceId: `reindex:${c._id}:${caseKey}`, outcome: 'ok', detail: { caseNumber: { from: c.caseNumber, to: caseNumber } } });
    }
    holder.delete(`${c.agency}:${c.caseKey}`);
    Object.assign(c, { caseKey, caseNumber });
    holder.set(`${c.agency}:${caseKey}`, c);
    rekeyed++;
  }
  return { rekeyed, sameNumber: [...same.values()] };
}

const shown = (c: Stored) => ({ _id: c._id, caseNumber: c.caseNumber, party: c.party });

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
  // A case stored by a release that keyed numbers otherwise is found only once re-keyed (reindexCases).
  await ensureFiled(mongo);
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
