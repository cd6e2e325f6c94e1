import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/db/connect.js';
import { createHolidayCalendar } from '../../src/calendar/holidays.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { followCalendar } from '../../src/rectification/recompute-due-dates.js';
import { setNewPeriod, setReceipt } from '../../src/admin/registry.js';
import { overdueEpisodes } from '../../src/rules/recommendation-facts.js';
import { isolate } from '../support/isolation.js';

/** Received 2026-12-01: two months end on Monday 2027-02-01. */
function rec(id: string, extra: Partial<RecommendationRecord> = {}): RecommendationRecord {
  return { _id: id, ref: id, refSerial: 1, agency: 'a', title: 't', requirements: 'r', cases: [], issuedOn: new Date('2026-11-28'), receivedOn: new Date('2026-12-01'), urgent: false, dueOn: new Date('2027-02-01'), status: 'received', percent: 0, prosecutors: [], history: [], ...extra };
}

describe('due dates follow the holiday calendar', () => {
  const ns = isolate('recompute');
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });
  const follow = (calendar: ReturnType<typeof createHolidayCalendar>, now: Date) => followCalendar(mongo, calendar, now, { timeZone: 'Asia/Shanghai', refused: false });

  it('recomputes, once per calendar, the due dates of what still owes its reply, and leaves the rest alone', async () => {
    const model = recommendationModel(mongo);
    await model.create([rec('owing'), rec('replied', { repliedAt: new Date('2026-12-20') }), rec('accepted', { status: 'reviewed_done' })]);
    const now = new Date('2026-12-02T02:00:00Z');
    expect((await follow(createHolidayCalendar(), now))?.replies).toEqual([]);
    // Unchanged calendar: nothing is read again.
    expect(await follow(createHolidayCalendar(), now)).toBeUndefined();

    const withSchedule = createHolidayCalendar({ overrides: ['01', '02', '03', '04', '05'].map((d) => ({ date: `2027-02-${d}`, working: false, name: '春节' })) });
    expect((await follow(withSchedule, now))?.replies).toEqual([{ id: 'owing', ref: 'owing', title: 't', agency: 'a', from: '2027-02-01', to: '2027-02-08' }]);
    const dueOf = async (id: string) => (await model.findById(id).lean())?.dueOn?.toISOString().slice(0, 10);
    expect([await dueOf('owing'), await dueOf('replied'), await dueOf('accepted')]).toEqual(['2027-02-08', '2027-02-01', '2027-02-01']);
    expect((await model.findById('owing').lean())?.history.at(-1)).toMatchObject({ action: 'due_recomputed', detail: { reason: 'calendar' } });
    expect(await follow(withSchedule, now)).toBeUndefined();
    // A calendar whose overrides file was refused is not the operator's: nothing moves by it.
    expect(await followCalendar(mongo, createHolidayCalendar(), now, { timeZone: 'Asia/Shanghai', refused: true })).toBeUndefined();
    expect(await dueOf('owing')).toBe('2027-02-08');
  });

  it('keeps a period the prosecutors set: a new schedule only moves it off a new holiday; a corrected receipt or urgent flag keeps it', async () => {
    const model = recommendationModel(mongo);
    // Received 2026-09-24, due 2026-11-24, passed; the prosecutors then set 2027-02-02 (inside the 春节 below).
    await model.create(rec('富检行公建[2026]90号', { receivedOn: new Date('2026-09-24'), dueOn: new Date('2026-11-24'), refSerial: 90 }));
    const now = new Date('2026-11-30T02:00:00Z');
    await setNewPeriod(mongo, '富检行公建〔2026〕90号', { dueOn: '2027-02-02', reason: '督促后重新确定' }, 'wangjc', now, '2026-11-30');
    const dueOf = async () => (await model.findById('富检行公建[2026]90号').lean())?.dueOn?.toISOString().slice(0, 10);
    expect(await dueOf()).toBe('2027-02-02');

    // The 2027 schedule makes 02-01..05 days off: the set period ends on the next working day, Monday 02-08 — not
    // two months from the receipt (2026-11-24, passed), which would call the agency overdue inside its period.
    const springDays = ['01', '02', '03', '04', '05'].map((d) => ({ date: `2027-02-${d}`, working: false, name: '春节' }));
    const spring = createHolidayCalendar({ overrides: springDays.concat({ date: '2027-01-04', working: false, name: '元旦' }) });
    expect((await follow(spring, now))?.replies.filter((m) => m.ref === '富检行公建[2026]90号')).toMatchObject([{ ref: '富检行公建[2026]90号', from: '2027-02-02', to: '2027-02-08' }]);
    expect(await dueOf()).toBe('2027-02-08');
    const movedRule = '检察机关重新确定的期限：督促后重新确定（2027-02-02 为节假日或休息日，顺延至 2027-02-08）';
    expect((await model.findById('富检行公建[2026]90号').lean())?.dueRule).toBe(movedRule);

    // A receipt call that changes nothing, and a corrected urgent flag, correct the record and keep the set period.
    await setReceipt(mongo, '富检行公建[2026]90号', { urgent: false }, 'ops', now);
    await setReceipt(mongo, '富检行公建[2026]90号', { urgent: true, receivedOn: '2026-09-25' }, 'ops', now);
    const after = (await model.findById('富检行公建[2026]90号').lean())!;
    expect([await dueOf(), after.urgent, after.receivedOn?.toISOString().slice(0, 10), after.dueRule]).toEqual(['2027-02-08', true, '2026-09-25', movedRule]);
    expect(after.history.map((c) => c.action)).toEqual(['due_reset', 'due_recomputed', 'receipt', 'receipt']);
    // The passed date still counts as the first overdue (neither the move nor the receipt entries set a period).
    expect(overdueEpisodes(after, '2026-11-30', 'Asia/Shanghai')).toBe(1);

    // The schedule withdrawn (a wrong entry mended): the period returns to the day the prosecutors asked for.
    const without = createHolidayCalendar({ overrides: [{ date: '2027-01-04', working: false, name: '元旦' }] });
    expect((await follow(without, now))?.replies.filter((m) => m.ref === '富检行公建[2026]90号')).toMatchObject([{ ref: '富检行公建[2026]90号', from: '2027-02-08', to: '2027-02-02' }]);
    expect((await model.findById('富检行公建[2026]90号').lean())?.dueRule).toBe('检察机关重新确定的期限：督促后重新确定');
  });

  it('moves a new period that ends on a holiday or rest day to the next working day, as the law counts it', async () => {
    const model = recommendationModel(mongo);
    await model.create(rec('富检行公建[2026]91号', { receivedOn: new Date('2026-09-24'), dueOn: new Date('2026-11-24'), refSerial: 91 }));
    const now = new Date('2026-11-30T02:00:00Z');
    // 2026-12-05 is a Saturday: the period ends on Monday 12-07, and says why.
    const { record, changed } = await setNewPeriod(mongo, '富检行公建[2026]91号', { dueOn: '2026-12-05', reason: '督促后重新确定' }, 'wangjc', now, '2026-11-30');
    expect([changed, record.dueOn?.toISOString().slice(0, 10), record.dueRule]).toEqual([true, '2026-12-07', '检察机关重新确定的期限：督促后重新确定（2026-12-05 为节假日或休息日，顺延至 2026-12-07）']);
    // The same request again (a retry) changes nothing.
    expect((await setNewPeriod(mongo, '富检行公建[2026]91号', { dueOn: '2026-12-05', reason: '督促后重新确定' }, 'wangjc', now, '2026-11-30')).changed).toBe(false);
  });
});
