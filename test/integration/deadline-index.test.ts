import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import fc from 'fast-check';
import { addDays } from '../../src/calendar/add-period.js';
import { dateOnly, ymd } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { dueWindow, openWithDueDate, rebuildDeadlineIndex, syncDeadline } from '../../src/digest/deadline-index.js';
import { owesReply, recommendationModel, recommendationStatuses, type RecommendationRecord } from '../../src/models/recommendation.js';
import { isolate } from '../support/isolation.js';

const today = '2026-11-25';

function rec(id: string, agency: string, dueIn: number | null, status: RecommendationRecord['status'] = 'received'): RecommendationRecord {
  return {
    _id: id, ref: id, refSerial: 1, agency, title: 't', requirements: 'r', cases: [], issuedOn: dateOnly('2026-01-01'), urgent: false,
    dueOn: dueIn === null ? undefined : dateOnly(addDays(today, dueIn)), status, percent: 0, prosecutors: [], history: [],
  };
}

/** What the index must say, computed the slow way from every recommendation. */
async function expected(mongo: Connection, horizon: number) {
  const all = await recommendationModel(mongo).find().lean();
  const open = all.filter((r) => owesReply(r));
  const due = open.filter((r) => ymd(r.dueOn!) <= addDays(today, horizon)).map((r) => r._id).sort();
  const totals = Object.fromEntries(['a', 'b'].map((agency) => [agency, open.filter((r) => r.agency === agency).length]));
  return { due, totals };
}
async function actual(mongo: Connection, horizon: number) {
  const due = (await dueWindow(mongo, today, horizon)).map((r) => r._id).sort();
  return { due, totals: { a: await openWithDueDate(mongo, 'a'), b: await openWithDueDate(mongo, 'b') } };
}

describe('the deadline index (what the deadline run reads instead of every recommendation)', () => {
  const ns = isolate('deadlines');
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('follows every kind of write through the model: new due dates, moved dates, a reply, closing, reopening', async () => {
    const model = recommendationModel(mongo);
    await model.create(rec('r1', 'a', -3));
    await model.create(rec('r2', 'a', 2));
    await model.create(rec('r3', 'b', 40));
    await model.insertMany([rec('r4', 'b', 0), rec('r5', 'a', null, 'issued'), rec('r6', 'b', 5, 'completed')]);
    expect(await actual(mongo, 7)).toEqual(await expected(mongo, 7));
    await model.updateOne({ _id: 'r3' }, { $set: { dueOn: dateOnly(addDays(today, 1)) } });
    // Reported done but no written reply: still owed by its date. A written reply settles it.
    await model.updateOne({ _id: 'r1' }, { $set: { status: 'completed' } });
    await model.updateOne({ _id: 'r4' }, { $set: { repliedAt: new Date() } });
    await model.updateOne({ _id: 'r3' }, { $set: { status: 'reviewed_done' } });
    await model.findOneAndUpdate({ _id: 'r5' }, { $set: { status: 'received', dueOn: dateOnly(addDays(today, -10)) } });
    await model.updateOne({ _id: 'r6' }, { $set: { status: 'reviewed_not_done' } });
    expect(await actual(mongo, 7)).toEqual(await expected(mongo, 7));
    expect((await actual(mongo, 7)).due).toEqual(['r1', 'r2', 'r5', 'r6']);
  });

  it('agrees with a full scan after any sequence of writes, and a rebuild gives the same answer', async () => {
    const model = recommendationModel(mongo);
    const write = fc.record({
      id: fc.constantFrom('s1', 's2', 's3', 's4', 's5'), agency: fc.constantFrom('a', 'b'),
      dueIn: fc.option(fc.integer({ min: -30, max: 30 })), status: fc.constantFrom(...recommendationStatuses), replied: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), async (writes) => {
      for (const w of writes) {
        const next = rec(w.id, w.agency, w.dueIn, w.status);
        const reply = w.replied ? { $set: { repliedAt: new Date() } } : { $unset: { repliedAt: 1 } };
        if (await model.exists({ _id: w.id })) await model.updateOne({ _id: w.id }, { $set: { status: next.status, ...(next.dueOn ? { dueOn: next.dueOn } : {}) } });
        else await model.create(next);
        await model.updateOne({ _id: w.id }, reply);
      }
      const horizon = 7;
      const want = await expected(mongo, horizon);
      expect(await actual(mongo, horizon)).toEqual(want);
      await rebuildDeadlineIndex(mongo, today);
      expect(await actual(mongo, horizon)).toEqual(want);
    }), { numRuns: 15 });
  }, 120_000);

  it('counts each agency once and lists only what is due when writes and syncs of the same records race', async () => {
    const model = recommendationModel(mongo);
    const ids = ['c1', 'c2', 'c3'];
    await model.insertMany(ids.map((id) => rec(id, 'a', 20)));
    await rebuildDeadlineIndex(mongo, today);
    const change = fc.record({ id: fc.constantFrom(...ids), dueIn: fc.option(fc.integer({ min: -5, max: 30 })), status: fc.constantFrom('received', 'reviewed_done') });
    await fc.assert(fc.asyncProperty(fc.array(change, { minLength: 2, maxLength: 8 }), async (changes) => {
      // Each write is followed by extra syncs racing the model hook's own, as several workers would.
      await Promise.all(changes.map(async (c) => {
        const next = rec(c.id, 'a', c.dueIn, c.status as RecommendationRecord['status']);
        await model.updateOne({ _id: c.id }, next.dueOn ? { $set: { status: next.status, dueOn: next.dueOn } } : { $set: { status: next.status }, $unset: { dueOn: 1 } });
        await Promise.all([syncDeadline(mongo, c.id), syncDeadline(mongo, c.id)]);
      }));
      await Promise.all(ids.map((id) => syncDeadline(mongo, id))); // settles what the last racer read stale
      const want = await expected(mongo, 7);
      expect(await actual(mongo, 7)).toEqual(want);
    }), { numRuns: 15 });
  }, 120_000);

  it('files an accepted rectification under its follow-up day until it has been reminded', async () => {
    const model = recommendationModel(mongo);
    await model.create({ ...rec('f1', 'a', 3, 'reviewed_done'), followUpOn: dateOnly(addDays(today, 5)) });
    expect((await dueWindow(mongo, today, 7, 'followup')).map((r) => r._id)).toEqual(['f1']);
    expect((await dueWindow(mongo, today, 4, 'followup')).map((r) => r._id)).toEqual([]);
    await model.updateOne({ _id: 'f1' }, { $set: { followUpRemindedAt: new Date() } });
    expect((await dueWindow(mongo, today, 7, 'followup')).map((r) => r._id)).toEqual([]);
    expect((await dueWindow(mongo, today, 7)).map((r) => r._id)).not.toContain('f1'); // not open: not on the due track
  });

  it('moves what falls due into the overdue list as days pass, without a rebuild', async () => {
    const model = recommendationModel(mongo);
    await model.create(rec('d1', 'a', 1));
    const tomorrowPlusOne = addDays(today, 2);
    const later = (await dueWindow(mongo, tomorrowPlusOne, 0)).map((r) => r._id);
    expect(later).toContain('d1');
    // A due date set in the past after its day was folded lands in the overdue list directly.
    await model.updateOne({ _id: 'd1' }, { $set: { dueOn: dateOnly(addDays(today, -5)) } });
    expect((await dueWindow(mongo, tomorrowPlusOne, 0)).map((r) => r._id)).toContain('d1');
  });

  it('rebuilds an index filed by an earlier rule on first use, so an upgrade needs no operator step', async () => {
    await recommendationModel(mongo).create(rec('u1', 'a', 3));
    await rebuildDeadlineIndex(mongo, today);
    const index = mongo.collection<{ _id: string }>('deadline_index');
    // As an index built before the reply counted: no version, and a total that counted replied recommendations.
    await index.updateOne({ _id: 'meta' }, { $unset: { version: 1 } });
    await index.updateOne({ _id: 'due:agency:a' }, { $inc: { open: 5 } } as never, { upsert: true });
    const stale = await openWithDueDate(mongo, 'a');
    await dueWindow(mongo, today, 7);
    const want = await expected(mongo, 7);
    expect(stale).toBe((want.totals.a ?? 0) + 5);
    expect(await actual(mongo, 7)).toEqual(want);
  });
});
