/**
 * The deadline sweep: how long the morning run (`runMorningDigests`) and, separately, the follow-up reminders
 * (`sendFollowUpReminders`) take as the number of recommendations grows while the number due stays fixed.
 * Measures the functions as they are at run time; deliveries are only counted.
 *
 * The recommendations are written with the raw driver, around the model and so around the hooks that keep the
 * deadline index (src/digest/deadline-index.ts) current; after each bulk load the index is rebuilt, as an
 * operator does after such a write, and the rebuild is timed on its own.
 */
import type { Connection } from 'mongoose';
import { localDate } from '../../src/calendar/local-date.js';
import { rebuildDeadlineIndex } from '../../src/digest/deadline-index.js';
import type { HolidayCalendar } from '../../src/calendar/holidays.js';
import { runMorningDigests } from '../../src/digest/run-digests.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import type { DeliveryQueue } from '../../src/queue/delivery.js';
import { sendFollowUpReminders } from '../../src/rectification/follow-up.js';
import { benchTimeZone } from './environment.js';
import { dueCount, followUpDueCount, followUpDueIds, insertRecommendations, registerSweepAgencies } from './sweep-data.js';

/** One measured size. */
export interface SweepRow {
  /** Recommendations in the collection. */
  total: number;
  /** Of which open and due within 7 days or overdue. */
  due: number;
  /** runMorningDigests. */
  ms: number;
  /** Deliveries the morning run queued (digest parts, overdue list, reminders). */
  sends: number;
  /** sendFollowUpReminders with `followUpDueCount` follow-ups due; null when left out as too slow to measure. */
  follow_up_ms: number | null;
  /** Follow-up reminders sent: `followUpDueCount` when the run found every follow-up due. */
  follow_ups: number | null;
  /** When the follow-up run was left out: what it was projected to take. */
  follow_up_projected_s?: number;
  /** Seconds it took to insert the recommendations added for this size. */
  insert_s: number;
  /** Seconds it took to rebuild the deadline index after the insert (a full read, once per bulk load). */
  index_rebuild_s: number;
  /** Why rebuildDeadlineIndex failed, when it did; the index was then dropped and rebuilt from empty. */
  index_rebuild_error?: string;
}

/** A size left out — it would not fit the time left, or measuring it failed — with what it was projected to take. */
export interface SkippedSize {
  total: number;
  projected_insert_s: number;
  projected_run_s: number;
  error?: string;
}

/** The follow-up run is measured only while it is cheap: not when projected to take longer than this. */
const followUpCapMs = 120_000;
const config = { TZ: benchTimeZone, PROSECUTOR_ROBOT_KEY: 'bench-robot-prosecutors' };

/** A DeliveryQueue that only counts: what is measured is finding what is due, not sending it. */
function countingDeliveries(): DeliveryQueue & { sent: number } {
  return {
    sent: 0,
    async send() {
      this.sent++;
    },
    async close() {},
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - start) };
}

/**
 * Every day a working day: the runs measured are a working morning's whatever day the bench runs on (on a weekend
 * or a holiday the bot sends nothing, which would measure nothing).
 */
const everyDayWorking: HolidayCalendar = {
  isWorkingDay: () => true,
  covers: () => true,
  overrideDaysOff: () => 0,
  describe: () => '工作日',
  describeEnglish: () => 'a working day',
  fingerprint: 'bench',
};

/** One morning run over what is in the database now, as on a day whose digests were not built yet. */
async function morningRun(mongo: Connection, now: Date): Promise<{ ms: number; sends: number }> {
  // A day's digest is fixed when first built; without this, later runs would reuse the first run's parts.
  await mongo.collection('digests').deleteMany({});
  const deliveries = countingDeliveries();
  const run = await timed(() => runMorningDigests({ mongo, config, deliveries, now, calendar: everyDayWorking }, { force: true }));
  return { ms: run.ms, sends: deliveries.sent };
}

/** One follow-up run with the follow-ups in `ids` due again (the previous run marked them reminded). */
async function followUpRun(mongo: Connection, now: Date, ids: string[]): Promise<{ ms: number; sent: number }> {
  // One by one through the model, whose updateOne hook files them on the deadline index again.
  for (const id of ids) await recommendationModel(mongo).updateOne({ _id: id }, { $unset: { followUpRemindedAt: 1 } });
  const run = await timed(() => sendFollowUpReminders({ mongo, config, deliveries: countingDeliveries(), now, calendar: everyDayWorking }));
  return { ms: run.ms, sent: run.result };
}

/** A server error in one line: FerretDB prefixes its messages with the Go call sites, in brackets. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\[[^\]]*\]\s*/g, '').slice(0, 200);
}

/** The names of the collections in the database now. */
async function collectionNames(mongo: Connection): Promise<Set<string>> {
  return new Set((await mongo.listCollections()).map((c) => c.name));
}

/**
 * Rebuilds the deadline index after a bulk load. Should the rebuild itself fail, the failure is kept for the
 * report and the rebuild is tried once more from an empty index — every collection but the bench's own data
 * (`source`) dropped, whatever the index's collections are called — so that the runs are still measured.
 */
async function rebuildIndex(mongo: Connection, today: string, source: Set<string>): Promise<{ ms: number; error?: string }> {
  try {
    return { ms: (await timed(() => rebuildDeadlineIndex(mongo, today))).ms };
  } catch (error) {
    for (const name of await collectionNames(mongo)) if (!source.has(name)) await mongo.dropCollection(name);
    return { ms: (await timed(() => rebuildDeadlineIndex(mongo, today))).ms, error: reason(error) };
  }
}

/** Measures one size whose data is in place: the index rebuild, then the morning and (if cheap) follow-up runs. */
interface SizeToMeasure {
  total: number;
  inserted_s: number;
  /** Whether a size was measured before (so the JIT and the models are warm). */
  warm: boolean;
  followUps: string[];
  followUpProjectedMs: number;
  deadline: number;
  /** The collections the bench wrote itself: the source data, as opposed to what the bot derives from it. */
  source: Set<string>;
}

async function measureSize(mongo: Connection, now: Date, size: SizeToMeasure): Promise<SweepRow> {
  const rebuilt = await rebuildIndex(mongo, localDate(now, benchTimeZone), size.source);
  if (!size.warm) {
    // Unmeasured first runs, so that the first row carries neither model compilation nor a cold JIT.
    await morningRun(mongo, now);
    await followUpRun(mongo, now, size.followUps);
  }
  const morning = await morningRun(mongo, now);
  const row: SweepRow = {
    total: size.total, due: dueCount, ms: morning.ms, sends: morning.sends, follow_up_ms: null, follow_ups: null,
    insert_s: size.inserted_s, index_rebuild_s: Math.round(rebuilt.ms / 100) / 10, ...(rebuilt.error ? { index_rebuild_error: rebuilt.error } : {}),
  };
  // Re-filing the follow-ups before the run costs about what the run does, hence twice the projection.
  if (size.followUpProjectedMs <= followUpCapMs && Date.now() + 2 * size.followUpProjectedMs < size.deadline) {
    const followUp = await followUpRun(mongo, now, size.followUps);
    return { ...row, follow_up_ms: followUp.ms, follow_ups: followUp.sent };
  }
  return Number.isFinite(size.followUpProjectedMs) ? { ...row, follow_up_projected_s: Math.round(size.followUpProjectedMs / 1000) } : row;
}

/**
 * Grows the collection to each size in turn (only fillers are added, so the number due stays fixed) and
 * measures the runs at each. A size whose projected insert, rebuild and morning run would end after
 * `deadline` (epoch ms) is skipped, as are the larger ones; so is a follow-up run projected to take over two
 * minutes. `log` reports progress, as a large insert takes minutes.
 */
export async function measureSweep(mongo: Connection, sizes: number[], deadline: number, log: (line: string) => void): Promise<{ rows: SweepRow[]; skipped: SkippedSize[] }> {
  // 10:00 today in the bench's time zone: after every agency's digest hour, whenever the bench is run.
  const now = new Date(`${localDate(new Date(), benchTimeZone)}T10:00:00+08:00`);
  const today = localDate(now, benchTimeZone);
  await registerSweepAgencies(mongo, now);
  const fixed = dueCount + followUpDueCount;
  const seeded = await timed(async () => {
    await insertRecommendations(mongo, { from: 0, to: dueCount, shape: 'due', today });
    await insertRecommendations(mongo, { from: dueCount, to: fixed, shape: 'follow-up due', today });
  });
  const followUps = followUpDueIds(today);
  const source = await collectionNames(mongo);

  const rows: SweepRow[] = [];
  const skipped: SkippedSize[] = [];
  let count = fixed;
  let insertRate = fixed / Math.max(seeded.ms / 1000, 0.001);
  for (const total of [...sizes].sort((a, b) => a - b)) {
    const last = rows.at(-1);
    // Linear projections from the last size (the worst case short of superlinear).
    const scale = last ? total / last.total : 0;
    const projected = { total, projected_insert_s: Math.round((total - count) / insertRate), projected_run_s: last ? Math.round((last.index_rebuild_s + last.ms / 1000) * scale) : 0 };
    // The smallest size is always measured: it is what the others are compared with.
    if (rows.length && (skipped.length || Date.now() + (projected.projected_insert_s + projected.projected_run_s) * 1000 > deadline)) {
      skipped.push(projected);
      log(`sweep: skipping ${total} (projected insert ${projected.projected_insert_s} s + rebuild and run ${projected.projected_run_s} s would end past the time budget)`);
      continue;
    }
    log(`sweep: inserting ${total - count} recommendations to reach ${total} (projected ${projected.projected_insert_s} s)`);
    try {
      const inserted = await timed(() => insertRecommendations(mongo, { from: count, to: total, shape: 'filler', today }));
      if (total > count) insertRate = (total - count) / Math.max(inserted.ms / 1000, 0.001);
      count = total;
      const followUpProjectedMs = last ? (last.follow_up_ms ?? Number.POSITIVE_INFINITY) * scale : 0;
      const row = await measureSize(mongo, now, { total, inserted_s: Math.round(inserted.ms / 100) / 10, warm: Boolean(last), followUps, followUpProjectedMs, deadline, source });
      rows.push(row);
      log(`sweep: ${total} → index rebuild ${row.index_rebuild_s} s${row.index_rebuild_error ? ` (first attempt failed: ${row.index_rebuild_error})` : ''}, runMorningDigests ${row.ms} ms, sendFollowUpReminders ${row.follow_up_ms === null ? 'not measured' : `${row.follow_up_ms} ms`}`);
    } catch (error) {
      // A failure at one size is a result too; the sizes measured so far are still reported.
      skipped.push({ ...projected, error: reason(error) });
      log(`sweep: ${total} failed: ${reason(error)}`);
    }
  }
  return { rows, skipped };
}
