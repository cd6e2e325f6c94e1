import type { Connection } from 'mongoose';
import { addDays } from '../calendar/add-period.js';
import { ymd } from '../calendar/local-date.js';
import { owesReply, recommendationModel, replyOwingStatuses, type RecommendationRecord } from '../models/recommendation.js';

/**
 * An index of open recommendations by due day, read only by `_id`, so that the deadline run costs what is
 * due, not what is stored. FerretDB v1 pushes no filter but a lone `_id` down to SQLite: a find, update or
 * delete on any other field (or on `_id` and anything else) reads the whole collection (measured: 50 000
 * documents ≈ 0.9 s), while one by `_id` alone is an index lookup (with the embedded build's fix).
 *
 * Two tracks are filed: `due` (recommendations whose written reply is owed, by reply due date) and `followup` (accepted rectifications
 * by the day of their follow-up check, until reminded). `deadline_filings` holds `<track>:rec:<id>`: where one
 * recommendation is filed (its day and agency). The small `deadline_index` collection holds, per track:
 * - `<track>:day:<YYYY-MM-DD>`: the ids filed under that day;
 * - `<track>:passed`: the ids whose day has passed (days are folded in as they pass);
 * - `due:agency:<id>`: how many recommendations owe the agency's written reply by a due date (the scorecard's total);
 * - `meta`: when the index was built and through which day past days are folded.
 * Every write to a recommendation re-files it (a model hook calls syncDeadline); `rebuildDeadlineIndex`
 * rebuilds the whole index from the recommendations (first run, or after records were written around the model).
 * A day bucket may keep an id whose recommendation has since moved (two syncs racing); readers check each
 * recommendation's own day, so such an entry costs one read and is dropped when met.
 */
interface Filing { _id: string; day: string; agency: string }
interface Bucket { _id: string; ids: string[] }
interface AgencyCount { _id: string; open: number }
interface Meta { _id: 'meta'; builtAt: Date; foldedThrough: string; version?: number }

/** What the tracks file by; an index built by another rule (an upgrade) is rebuilt on first use. 2: the reply owed. */
const indexVersion = 2;
type IndexDoc = Bucket | AgencyCount | Meta;

const collection = (mongo: Connection) => mongo.collection<IndexDoc>('deadline_index');
// The per-recommendation filings (one per open recommendation) live apart from the small collection the deadline
// run reads and writes, and are only ever touched by `_id`.
const filingsOf = (mongo: Connection) => mongo.collection<Filing>('deadline_filings');

type Filed = Pick<RecommendationRecord, 'status' | 'dueOn' | 'repliedAt' | 'followUpOn' | 'followUpRemindedAt'>;
const projection = { status: 1, dueOn: 1, repliedAt: 1, followUpOn: 1, followUpRemindedAt: 1, agency: 1 };

/** The days recommendations are filed under: the reply due date while the reply is owed; the follow-up check until reminded. */
export const tracks = {
  due: (rec: Filed) => (owesReply(rec) ? ymd(rec.dueOn!) : undefined),
  followup: (rec: Filed) => (rec.status === 'reviewed_done' && rec.followUpOn && !rec.followUpRemindedAt ? ymd(rec.followUpOn) : undefined),
} as const;
export type Track = keyof typeof tracks;
const trackNames = Object.keys(tracks) as Track[];

const dayKey = (track: Track, day: string) => `${track}:day:${day}`;
const recKey = (track: Track, id: string) => `${track}:rec:${id}`;
const passedKey = (track: Track) => `${track}:passed`;
const agencyKey = (agency: string) => `due:agency:${agency}`;

/**
 * Files one recommendation on each track under its day, moves it when the day changed, or removes it once it
 * no longer belongs. Filing and unfiling are decided by one insert or one delete by `_id`, which only one of two
 * concurrent syncs can win, so an agency's total is counted once.
 */
export async function syncDeadline(mongo: Connection, id: string): Promise<void> {
  for (const track of trackNames) await syncTrack(mongo, track, id);
}

async function syncTrack(mongo: Connection, track: Track, id: string): Promise<void> {
  const index = collection(mongo);
  for (let attempt = 0; attempt < 5; attempt++) {
    const rec = await recommendationModel(mongo).collection.findOne({ _id: id as never }, { projection });
    const want = rec ? tracks[track](rec as unknown as Filed) : undefined; // cast: projected fields of the model's document
    const filed = await filingsOf(mongo).findOne({ _id: recKey(track, id) });
    if (filed?.day === want) return;
    if (!(await refile(mongo, track, id, filed, want, String(rec?.agency)))) continue; // another sync moved it first: read again
    if (filed) {
      await index.updateOne({ _id: dayKey(track, filed.day) }, { $pull: { ids: id } } as never);
      await index.updateOne({ _id: passedKey(track) }, { $pull: { ids: id } } as never);
    }
    if (want) {
      await index.updateOne({ _id: dayKey(track, want) }, { $addToSet: { ids: id } } as never, { upsert: true });
      const meta = (await index.findOne({ _id: 'meta' })) as Meta | null;
      // A day already folded is never read again: file a past day under `passed` directly.
      if (meta && want <= meta.foldedThrough) await index.updateOne({ _id: passedKey(track) }, { $addToSet: { ids: id } } as never, { upsert: true });
    }
    if (track === 'due' && !filed !== !want) await index.updateOne({ _id: agencyKey(filed?.agency ?? String(rec?.agency)) }, { $inc: { open: want ? 1 : -1 } } as never, { upsert: true });
    return;
  }
}

/**
 * Changes the filing from what was read to `want`; false when another sync removed or created it first. By `_id`
 * alone: a condition on `day` as well would make FerretDB v1 read every filing.
 */
async function refile(mongo: Connection, track: Track, id: string, filed: Filing | null, want: string | undefined, agency: string): Promise<boolean> {
  const filings = filingsOf(mongo);
  if (filed && want) return (await filings.updateOne({ _id: recKey(track, id) }, { $set: { day: want } })).matchedCount === 1;
  if (filed) return (await filings.deleteOne({ _id: recKey(track, id) })).deletedCount === 1;
  try {
    await filings.insertOne({ _id: recKey(track, id), day: want!, agency });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Rebuilds the index from every recommendation on a track (one full read): the first run, or an operator's repair. */
export async function rebuildDeadlineIndex(mongo: Connection, today: string): Promise<void> {
  const index = collection(mongo);
  // FerretDB's SQLite backend fails a deleteMany({}) over ~35 000 documents (too many SQL variables), so a large
  // collection is dropped (and created again by the inserts below); a small one is emptied, sparing FerretDB
  // v1 the churn of dropping and creating tables, which its metadata registry handles badly under load.
  for (const collection of [index, filingsOf(mongo)]) {
    if ((await collection.estimatedDocumentCount()) > 20_000) await mongo.db!.dropCollection(collection.collectionName).catch(() => undefined);
    else await collection.deleteMany({});
  }
  const buckets = new Map<string, string[]>();
  const counts = new Map<string, number>();
  let filings: Filing[] = [];
  const flush = async () => {
    if (filings.length) await filingsOf(mongo).insertMany(filings);
    filings = [];
  };
  const cursor = recommendationModel(mongo).collection.find({ status: { $in: [...replyOwingStatuses, 'reviewed_done'] } }, { projection });
  for await (const rec of cursor) {
    const id = String(rec._id);
    const agency = String(rec.agency);
    for (const track of trackNames) {
      const day = tracks[track](rec as unknown as Filed); // cast: projected fields of the model's document
      if (!day) continue;
      filings.push({ _id: recKey(track, id), day, agency });
      const key = day < today ? passedKey(track) : dayKey(track, day);
      (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(id);
      if (track === 'due') counts.set(agency, (counts.get(agency) ?? 0) + 1);
    }
    if (filings.length >= 1000) await flush();
  }
  await flush();
  const docs: IndexDoc[] = [...[...buckets].map(([_id, ids]) => ({ _id, ids })), ...[...counts].map(([agency, open]) => ({ _id: agencyKey(agency), open }))];
  for (let i = 0; i < docs.length; i += 500) await index.insertMany(docs.slice(i, i + 500));
  await index.insertOne({ _id: 'meta', builtAt: new Date(), foldedThrough: addDays(today, -1), version: indexVersion });
}

/** Folds the days that have passed since the last run into `overdue`, building the index on first use (or after an upgrade). */
async function foldPastDays(mongo: Connection, today: string): Promise<void> {
  const index = collection(mongo);
  const meta = (await index.findOne({ _id: 'meta' })) as Meta | null;
  if (!meta || meta.version !== indexVersion) return rebuildDeadlineIndex(mongo, today);
  for (let day = addDays(meta.foldedThrough, 1); day < today; day = addDays(day, 1)) {
    for (const track of trackNames) {
      const bucket = (await index.findOne({ _id: dayKey(track, day) })) as Bucket | null;
      if (bucket?.ids.length) await index.updateOne({ _id: passedKey(track) }, { $addToSet: { ids: { $each: bucket.ids } } } as never, { upsert: true });
      // A folded day is never read again; dropping it keeps this collection the size of what lies ahead.
      if (bucket) await index.deleteOne({ _id: dayKey(track, day) });
    }
    await index.updateOne({ _id: 'meta' }, { $set: { foldedThrough: day } });
  }
}

/**
 * The recommendations on a track whose day has passed or comes within `horizonDays` (the `due` track: open
 * and overdue or due soon) — read by `_id` only, so the cost follows what is due, not what is stored.
 */
export async function dueWindow(mongo: Connection, today: string, horizonDays: number, track: Track = 'due'): Promise<RecommendationRecord[]> {
  await foldPastDays(mongo, today);
  const index = collection(mongo);
  // Which bucket each id was read from, to drop an entry left behind by a racing move.
  const buckets = new Map<string, string>();
  for (const id of ((await index.findOne({ _id: passedKey(track) })) as Bucket | null)?.ids ?? []) buckets.set(id, passedKey(track));
  for (let d = 0; d <= horizonDays; d++) {
    const key = dayKey(track, addDays(today, d));
    for (const id of ((await index.findOne({ _id: key })) as Bucket | null)?.ids ?? []) if (!buckets.has(id)) buckets.set(id, key);
  }
  const last = addDays(today, horizonDays);
  const found: RecommendationRecord[] = [];
  for (const [id, bucket] of buckets) {
    const rec = await recommendationModel(mongo).findById(id).lean();
    const day = rec ? tracks[track](rec) : undefined;
    if (day && day <= last) found.push(rec!);
    else if (day) await index.updateOne({ _id: bucket }, { $pull: { ids: id } } as never); // filed again under a later day
    else await syncTrack(mongo, track, id); // no longer on the track since it was filed
  }
  return found;
}

/** How many recommendations owe an agency's written reply by a due date: the total behind its scorecard. */
export async function openWithDueDate(mongo: Connection, agency: string): Promise<number> {
  return ((await collection(mongo).findOne({ _id: agencyKey(agency) })) as AgencyCount | null)?.open ?? 0;
}

/**
 * The years after `year` into which a day filed on either track falls: where open reply deadlines and follow-up
 * checks reach. Reads the small index's day buckets (not the recommendations), and one recommendation per year to
 * make sure its bucket entry is not one left behind by a move.
 */
export async function yearsFiledAfter(mongo: Connection, year: number): Promise<number[]> {
  const years = new Set<number>();
  for (const track of trackNames) {
    const prefix = dayKey(track, '');
    // ';' follows ':' in code order: every day key of the track sorts below `<track>:day;`.
    const buckets = (await collection(mongo).find({ _id: { $gte: dayKey(track, `${year + 1}-01-01`), $lt: `${track}:day;` } } as never).toArray()) as Bucket[];
    for (const bucket of buckets) {
      const day = bucket._id.slice(prefix.length);
      if (years.has(Number(day.slice(0, 4)))) continue;
      for (const id of bucket.ids) {
        const rec = await recommendationModel(mongo).findById(id).lean();
        if (rec && tracks[track](rec) === day) {
          years.add(Number(day.slice(0, 4)));
          break;
        }
      }
    }
  }
  return [...years].sort((a, b) => a - b);
}
