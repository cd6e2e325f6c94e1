/**
 * The deadline sweep's data: a few agencies with staff and group robots, and recommendations (检察建议) of
 * which a fixed number are due — the rest due years ahead or closed — written with the raw driver's insertMany.
 */
import type { Connection } from 'mongoose';
import { bindStaff, upsertAgency } from '../../src/admin/registry.js';
import { addDays } from '../../src/calendar/add-period.js';
import { dateOnly } from '../../src/calendar/local-date.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';

/** How many agencies share the recommendations (few, as in a county). */
export const sweepAgencyCount = 5;
/** Open recommendations due within 7 days or overdue: what the morning digests must list. */
export const dueCount = 50;
/** Accepted rectifications whose follow-up check (回头看) is within the reminder week. */
export const followUpDueCount = 10;

const agencyId = (i: number) => `agency${i % sweepAgencyCount}`;

/** Registers the agencies (each with a robot key, two staff) and an admin, the way an operator would. */
export async function registerSweepAgencies(mongo: Connection, now: Date): Promise<void> {
  for (let a = 0; a < sweepAgencyCount; a++) {
    await upsertAgency(mongo, { id: agencyId(a), name: `基准测试局${a}`, robotKey: `bench-robot-${a}`, prosecutors: ['benchjc'] }, 'bench', now);
    for (const n of [1, 2]) await bindStaff(mongo, { userid: `bench${a}s${n}`, name: `职员${a}-${n}`, role: 'staff', agency: agencyId(a) }, 'bench', now);
  }
  await bindStaff(mongo, { userid: 'benchjc', name: '检察官', role: 'prosecutor' }, 'bench', now);
  await bindStaff(mongo, { userid: 'benchadmin', name: '管理员', role: 'admin' }, 'bench', now);
  // The model's indexes exist before the data, as in a running deployment.
  await recommendationModel(mongo).init();
}

/** What a recommendation is, for the sweep. */
type Shape = 'due' | 'follow-up due' | 'filler';

/** Recommendation number `i`, shaped like RecommendationRecord; `today` is the run's local date. */
function recommendation(i: number, shape: Shape, today: string): RecommendationRecord {
  const year = 2000 + (i % 26);
  const ref = `富检行公建[${year}]${i + 1}号`;
  const base = {
    _id: ref, ref, refPrefix: '富检行公建', refYear: year, refSerial: i + 1, agency: agencyId(i),
    title: `督促整改事项${i + 1}`, requirements: '依法查处违法行为，恢复受损的生态环境，并书面回复整改情况',
    cases: [], issuedOn: dateOnly(addDays(today, -90)), receivedOn: dateOnly(addDays(today, -88)), urgent: false,
    dueRule: 'bench', prosecutors: [], domain: '生态环境和资源保护', history: [],
  };
  // Due ones spread from 10 days overdue to 7 days ahead, so the digests have overdue, today and soon sections.
  if (shape === 'due') return { ...base, dueOn: dateOnly(addDays(today, (i % 18) - 10)), status: 'rectifying', percent: 30 };
  if (shape === 'follow-up due') {
    return { ...base, dueOn: dateOnly(addDays(today, -60)), status: 'reviewed_done', percent: 100, reviewedAt: dateOnly(addDays(today, -80)), followUpOn: dateOnly(addDays(today, i % 7)) };
  }
  // Fillers: half open and due a year or more ahead, half closed with their follow-up long done.
  if (i % 2 === 0) return { ...base, dueOn: dateOnly(addDays(today, 400 + (i % 1000))), status: 'rectifying', percent: i % 100 };
  return {
    ...base, dueOn: dateOnly(addDays(today, -400)), status: 'reviewed_done', percent: 100, completedAt: dateOnly(addDays(today, -300)),
    reviewedAt: dateOnly(addDays(today, -290)), followUpOn: dateOnly(addDays(today, -200)), followUpRemindedAt: dateOnly(addDays(today, -207)),
  };
}

/** Inserts recommendations numbered [from, to) with the raw driver, `batchSize` at a time. */
export async function insertRecommendations(mongo: Connection, range: { from: number; to: number; shape: Shape; today: string }, batchSize = 2000): Promise<void> {
  const collection = mongo.collection<RecommendationRecord>(recommendationModel(mongo).collection.collectionName);
  for (let start = range.from; start < range.to; start += batchSize) {
    const batch: RecommendationRecord[] = [];
    for (let i = start; i < Math.min(range.to, start + batchSize); i++) batch.push(recommendation(i, range.shape, range.today));
    await collection.insertMany(batch, { ordered: false });
  }
}

/** The ids of the follow-ups due (numbered right after the due ones), to clear their reminder between runs. */
export function followUpDueIds(today: string): string[] {
  return Array.from({ length: followUpDueCount }, (_, k) => recommendation(dueCount + k, 'follow-up due', today)._id);
}
