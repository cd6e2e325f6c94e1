import type { Connection } from 'mongoose';
import { addDays } from '../calendar/add-period.js';
import { ymd } from '../calendar/local-date.js';
import { openStatuses, recommendationModel, type RecommendationRecord } from '../models/recommendation.js';

/**
 * An index of open recommendations by due day, read only by `_id`, so that the deadline run costs what is
 * due, not what is stored. FerretDB v1 pushes no range or equality filter down to SQLite (a find on any field
 * reads the whole collection; measured: 50 000 documents ≈ 0.9 s), but finds one `_id` in constant time.
 *
 * Documents of the `deadline_index` collection:
 * - `rec:<id>`: where one open recommendation with a due date is filed (its day and agency);
 * - `day:<YYYY-MM-DD>`: the ids due that day;
 * - `overdue`: the ids whose day has passed (days are folded in as they pass);
 * - `agency:<id>`: how many open recommendations with a due date the agency has (the scorecard's total);
 * - `meta`: when the index was built and through which day past days are folded into `overdue`.
 * Every write to a recommendation re-files it (a model hook calls syncDeadline); `rebuildDeadlineIndex`
 * rebuilds the whole index from the recommendations (first run, or after records were written around the model).
 */
interface Filing { _id: string; day: string; agency: string }
interface Bucket { _id: string; ids: string[] }
interface AgencyCount { _id: string; open: number }
interface Meta { _id: 'meta'; builtAt: Date; foldedThrough: string }
type IndexDoc = Filing | Bucket | AgencyCount | Meta;

const collection = (mongo: Connection) => mongo.collection<IndexDoc>('deadline_index');
const dayKey = (day: string) => `day:${day}`;
const recKey = (id: string) => `rec:${id}`;

/** The day a recommendation is due, when it is open and has a due date. */
function dueDay(rec: Pick<RecommendationRecord, 'status' | 'dueOn'>): string | undefined {
  return openStatuses.includes(rec.status) && rec.dueOn ? ymd(rec.dueOn) : undefined;
}

/**
 * Files one recommendation under its due day, moves it when the day changed, or removes it once it is no
 * longer open. The filing document changes only if it still says what was read, so two concurrent syncs
 * count an agency's total once.
 */
export async function syncDeadline(mongo: Connection, id: string): Promise<void> {
  const index = collection(mongo);
  for (let attempt = 0; attempt < 5; attempt++) {
    const rec = await recommendationModel(mongo).collection.findOne({ _id: id as never }, { projection: { status: 1, dueOn: 1, agency: 1 } });
    const want = rec ? dueDay(rec as unknown as RecommendationRecord) : undefined; // cast: projected fields of the model's document
    const filed = (await index.findOne({ _id: recKey(id) })) as Filing | null;
    if (filed?.day === want) return;
    if (!(await refile(mongo, id, filed, want, String(rec?.agency)))) continue; // another sync moved it first: read again
    if (filed) {
      await index.updateOne({ _id: dayKey(filed.day) }, { $pull: { ids: id } } as never);
      await index.updateOne({ _id: 'overdue' }, { $pull: { ids: id } } as never);
    }
    if (want) {
      await index.updateOne({ _id: dayKey(want) }, { $addToSet: { ids: id } } as never, { upsert: true });
      const meta = (await index.findOne({ _id: 'meta' })) as Meta | null;
      // A day already folded into `overdue` is never read again: file a past due date there directly.
      if (meta && want <= meta.foldedThrough) await index.updateOne({ _id: 'overdue' }, { $addToSet: { ids: id } } as never, { upsert: true });
    }
    if (!filed !== !want) await index.updateOne({ _id: `agency:${filed?.agency ?? String(rec?.agency)}` }, { $inc: { open: want ? 1 : -1 } } as never, { upsert: true });
    return;
  }
}

/** Changes the filing from what was read to `want`; false when it no longer says what was read. */
async function refile(mongo: Connection, id: string, filed: Filing | null, want: string | undefined, agency: string): Promise<boolean> {
  const index = collection(mongo);
  if (filed && want) return (await index.updateOne({ _id: recKey(id), day: filed.day }, { $set: { day: want } })).modifiedCount === 1;
  if (filed) return (await index.deleteOne({ _id: recKey(id), day: filed.day })).deletedCount === 1;
  try {
    await index.insertOne({ _id: recKey(id), day: want!, agency });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Rebuilds the index from every open recommendation (one full read): the first run, or an operator's repair. */
export async function rebuildDeadlineIndex(mongo: Connection, today: string): Promise<void> {
  const index = collection(mongo);
  await index.deleteMany({});
  const days = new Map<string, string[]>();
  const counts = new Map<string, number>();
  const overdue: string[] = [];
  let filings: Filing[] = [];
  const flush = async () => {
    if (filings.length) await index.insertMany(filings);
    filings = [];
  };
  const cursor = recommendationModel(mongo).collection.find({ status: { $in: openStatuses } }, { projection: { status: 1, dueOn: 1, agency: 1 } });
  for await (const rec of cursor) {
    const day = dueDay(rec as unknown as RecommendationRecord); // cast: projected fields of the model's document
    if (!day) continue;
    const id = String(rec._id);
    const agency = String(rec.agency);
    filings.push({ _id: recKey(id), day, agency });
    if (filings.length >= 1000) await flush();
    (day < today ? overdue : (days.get(day) ?? days.set(day, []).get(day)!)).push(id);
    counts.set(agency, (counts.get(agency) ?? 0) + 1);
  }
  await flush();
  const docs: IndexDoc[] = [
    ...[...days].map(([day, ids]) => ({ _id: dayKey(day), ids })),
    { _id: 'overdue', ids: overdue },
    ...[...counts].map(([agency, open]) => ({ _id: `agency:${agency}`, open })),
  ];
  for (let i = 0; i < docs.length; i += 500) await index.insertMany(docs.slice(i, i + 500));
  await index.insertOne({ _id: 'meta', builtAt: new Date(), foldedThrough: addDays(today, -1) });
}

/** Folds the days that have passed since the last run into `overdue`, building the index on first use. */
async function foldPastDays(mongo: Connection, today: string): Promise<void> {
  const index = collection(mongo);
  const meta = (await index.findOne({ _id: 'meta' })) as Meta | null;
  if (!meta) return rebuildDeadlineIndex(mongo, today);
  for (let day = addDays(meta.foldedThrough, 1); day < today; day = addDays(day, 1)) {
    const bucket = (await index.findOne({ _id: dayKey(day) })) as Bucket | null;
    if (bucket?.ids.length) await index.updateOne({ _id: 'overdue' }, { $addToSet: { ids: { $each: bucket.ids } } } as never, { upsert: true });
    await index.updateOne({ _id: 'meta' }, { $set: { foldedThrough: day } });
  }
}

/**
 * The open recommendations that are overdue or due from today to `horizonDays` ahead, and each agency's
 * number of open recommendations with a due date — read by `_id` only, so the cost follows what is due.
 */
export async function dueWindow(mongo: Connection, today: string, horizonDays: number): Promise<RecommendationRecord[]> {
  await foldPastDays(mongo, today);
  const index = collection(mongo);
  const ids = new Set<string>(((await index.findOne({ _id: 'overdue' })) as Bucket | null)?.ids ?? []);
  for (let d = 0; d <= horizonDays; d++) for (const id of ((await index.findOne({ _id: dayKey(addDays(today, d)) })) as Bucket | null)?.ids ?? []) ids.add(id);
  const due: RecommendationRecord[] = [];
  for (const id of ids) {
    const rec = await recommendationModel(mongo).findById(id).lean();
    if (rec && dueDay(rec)) due.push(rec);
    else await syncDeadline(mongo, id); // closed or gone since it was filed
  }
  return due;
}

/** How many open recommendations with a due date an agency has: the total behind its scorecard. */
export async function openWithDueDate(mongo: Connection, agency: string): Promise<number> {
  return ((await collection(mongo).findOne({ _id: `agency:${agency}` })) as AgencyCount | null)?.open ?? 0;
}
