import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { dateOnly } from '../../src/calendar/local-date.js';
import { createHolidayCalendar } from '../../src/calendar/holidays.js';
import { connectMongo } from '../../src/db/connect.js';
import { rebuildDeadlineIndex } from '../../src/digest/deadline-index.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { calendarWarningsNow, tellAdminsOfUncoveredYears } from '../../src/rectification/calendar-coverage.js';
import { isolate } from '../support/isolation.js';
import { queuedDeliveries } from '../support/queued-deliveries.js';

/** An instant in Shanghai time, e.g. at('2026-06-08 09:00'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('a year without a holiday schedule is warned about when it matters', () => {
  const ns = isolate('calcoverage');
  let mongo: Connection;
  const { deliveries, queued, close: closeDeliveries } = queuedDeliveries(ns);
  const sent = queued;
  // The package covers 2026, not 2027.
  const calendar = createHolidayCalendar();
  const tell = (local: string) => tellAdminsOfUncoveredYears({ mongo, config: { TZ: 'Asia/Shanghai' }, deliveries, now: at(local), calendar });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await staffModel(mongo).create([
      { _id: 'admin', name: '平台管理员', role: 'admin', active: true, boundAt: new Date(), boundBy: 'test' },
      { _id: 'wangjc', name: '王检察官', role: 'prosecutor', active: true, boundAt: new Date(), boundBy: 'test' },
    ]);
    await rebuildDeadlineIndex(mongo, '2026-06-01');
  });
  afterAll(async () => {
    await closeDeliveries();
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('tells the admins once, on a working morning, as soon as an open deadline reaches into next year', async () => {
    // June: nothing reaches 2027, whose schedule nobody can enter yet — no warning, no message.
    expect(await calendarWarningsNow(mongo, at('2026-06-01 09:00'), 'Asia/Shanghai', calendar)).toEqual([]);
    expect(await tell('2026-06-01 09:00')).toEqual([]);

    // Accepted in early October: its follow-up check, three months on, falls in January 2027.
    const accepted: RecommendationRecord = {
      _id: '富检行公建[2026]300号', ref: '富检行公建[2026]300号', refSerial: 300, agency: 'linye', title: 't', requirements: 'r', cases: [], issuedOn: new Date('2026-05-01'),
      receivedOn: new Date('2026-05-02'), urgent: false, dueOn: new Date('2026-07-02'), status: 'reviewed_done', percent: 100, prosecutors: [], history: [],
      reviewedAt: at('2026-10-12 10:00'), followUpOn: dateOnly('2027-01-12'),
    };
    await recommendationModel(mongo).create(accepted);
    expect(await calendarWarningsNow(mongo, at('2026-10-13 09:00'), 'Asia/Shanghai', calendar)).toEqual([expect.stringContaining('no holiday calendar covers 2027')]);
    // Saturday: the admins are told on the next working morning, once.
    expect(await tell('2026-10-17 09:00')).toEqual([]);
    expect(await tell('2026-10-19 09:00')).toEqual([2027]);
    expect(await tell('2026-10-19 10:00')).toEqual([]);
    expect(await tell('2026-11-02 09:00')).toEqual([]);
    const messages = await sent();
    expect(messages.map((d) => d.target)).toEqual([{ kind: 'app', touser: ['admin'] }]);
    const text = (messages[0]!.body as { text: { content: string } }).text.content;
    expect(text).toContain('【节假日安排待录入】2027年的法定节假日安排尚未录入');
    expect(text).toContain('PUT /api/calendar/overrides');
    expect(text).toContain('calendar/overrides.json');

    // Moved back into 2026 (filed again under its new day): 2027 no longer matters in October.
    await recommendationModel(mongo).updateOne({ _id: accepted._id }, { $set: { followUpOn: dateOnly('2026-12-20') } });
    expect(await calendarWarningsNow(mongo, at('2026-10-20 09:00'), 'Asia/Shanghai', calendar)).toEqual([]);
  });
});
