import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { setNewPeriod } from '../../src/admin/registry.js';
import { createHolidayCalendar, type HolidayOverride } from '../../src/calendar/holidays.js';
import { dateOnly } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { runLeadChecks } from '../../src/leads/lead-checks.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { followCalendar } from '../../src/rectification/recompute-due-dates.js';
import { isolate } from '../support/isolation.js';
import type { Delivery, DeliveryQueue } from '../../src/queue/delivery.js';
import { queuedDeliveries } from '../support/queued-deliveries.js';

/** An instant in Shanghai time, e.g. at('2027-02-04 10:00'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const days = (from: number, to: number, month: string) => Array.from({ length: to - from + 1 }, (_, i) => `2027-${month}-${String(from + i).padStart(2, '0')}`);
/** The tester's 2027 schedule (round 9): 春节 02-05..13 off, make-up working days 01-31 and 02-20. */
const schedule2027: HolidayOverride[] = [
  ...days(1, 3, '01').map((date) => ({ date, working: false, name: '元旦' })),
  ...days(5, 13, '02').map((date) => ({ date, working: false, name: '春节' })),
  { date: '2027-01-31', working: true, name: '春节调休' }, { date: '2027-02-20', working: true, name: '春节调休' },
  ...days(3, 5, '04').map((date) => ({ date, working: false, name: '清明节' })),
  ...days(1, 5, '05').map((date) => ({ date, working: false, name: '劳动节' })),
];
const before = createHolidayCalendar();
const withSchedule = createHolidayCalendar({ overrides: schedule2027 });

/** 富检行公建[2026]<serial>号, titled 标题<serial>. */
function rec(serial: number, agency: string, extra: Partial<RecommendationRecord>): RecommendationRecord {
  const id = `富检行公建[2026]${serial}号`;
  return { _id: id, ref: id, refSerial: serial, refYear: 2026, agency, title: `标题${serial}`, requirements: 'r', cases: [], issuedOn: new Date('2026-11-28'), urgent: false, status: 'received', percent: 0, prosecutors: [], history: [], ...extra };
}

function dutyCrimeLead(id: string, number: string, transferReminded: string[]): LeadRecord {
  // Found 2027-01-21 10:00: 15 days end on 2027-02-05 (除夕), a working Friday until the schedule is known.
  return {
    _id: id, number, kind: 'duty_crime', ruleId: 'R10-state-loss-unrecovered', ruleVersion: 1, title: '国有财产损失未追缴即结案', explanation: '…', values: [], legalBasis: '…',
    subject: { kind: 'case', id, label: `案号 ${id}`, agency: 'linye' }, status: 'open',
    alert: { taskId: 't', recipients: ['wangjc'], sentAt: at('2027-01-21 10:00'), escalatedAt: at('2027-01-22 10:00') },
    transferDueOn: dateOnly('2027-02-05'), transferReminded, createdAt: at('2027-01-21 10:00'), history: [],
  };
}

describe('deadlines follow a holiday schedule entered after they were computed', () => {
  const ns = isolate('calfollow');
  let mongo: Connection;
  const { deliveries, queued, close: closeDeliveries } = queuedDeliveries(ns);
  /** What was queued for delivery (no worker runs here), oldest first (one run's jobs may share a millisecond: by id then). */
  const sent = queued;
  const textOf = (d: Delivery) => (d.body as { text?: { content: string } }).text?.content ?? '';
  const config = { TZ: 'Asia/Shanghai', PROSECUTOR_ROBOT_KEY: 'group-key', LEAD_ESCALATE_AFTER_HOURS: 24 };
  const check = async (local: string, calendar = withSchedule) => {
    await runLeadChecks({ mongo, config, deliveries, now: at(local), calendar });
    await new Promise((r) => setTimeout(r, 5)); // BullMQ orders jobs by millisecond timestamp
  };
  const follow = (calendar: typeof before, local: string, queue: DeliveryQueue = deliveries) => followCalendar(mongo, calendar, at(local), { timeZone: 'Asia/Shanghai', by: 'ops', deliveries: queue, refused: false });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    const bound = { active: true, boundAt: new Date(), boundBy: 'test' };
    await staffModel(mongo).create([
      { _id: 'wangjc', name: '王检察官', role: 'prosecutor', ...bound },
      { _id: 'zhangsan', name: '张三', role: 'staff', agency: 'linye', ...bound },
      { _id: 'lisi', name: '李四', role: 'staff', agency: 'ziran', ...bound },
    ]);
    const model = recommendationModel(mongo);
    await model.create([
      // Received 2026-12-05: two months end on 2027-02-05, 除夕 once the schedule is known.
      rec(201, 'linye', { receivedOn: new Date('2026-12-05'), dueOn: new Date('2027-02-05') }),
      rec(202, 'linye', { receivedOn: new Date('2026-09-01'), dueOn: new Date('2026-11-02') }),
      rec(203, 'ziran', { receivedOn: new Date('2026-12-08'), dueOn: new Date('2027-02-08') }),
      // Accepted 2026-11-08: the follow-up three months on, 2027-02-08, falls in the break.
      rec(204, 'linye', { status: 'reviewed_done', receivedOn: new Date('2026-09-01'), dueOn: new Date('2026-11-02'), reviewedAt: at('2026-11-08 10:00'), followUpOn: dateOnly('2027-02-08'), followUpRule: '审核通过后3个月回头看：自2026-11-08起3个月（起算日不计），至2027-02-08届满，该日为周一（工作日）' }),
      // Already reminded of its date: the date it was reminded of stays.
      rec(205, 'linye', { status: 'reviewed_done', receivedOn: new Date('2026-09-01'), dueOn: new Date('2026-11-02'), reviewedAt: at('2026-11-08 10:00'), followUpOn: dateOnly('2027-02-08'), followUpRemindedAt: at('2027-02-01 09:00'), followUpRule: '审核通过后3个月回头看：自2026-11-08起3个月（起算日不计），至2027-02-08届满，该日为周一（工作日）' }),
    ]);
    // The prosecutors set 202号 a new period on 2027-01-21: 2027-02-10, a working Wednesday until the schedule is known.
    await setNewPeriod(mongo, '富检行公建〔2026〕202号', { dueOn: '2027-02-10', reason: '已督促，限期书面回复' }, 'wangjc', at('2027-01-21 10:00'), '2027-01-21');
    // L1 is reminded by this version; L2 carries a mark written before marks named their deadline.
    await leadModel(mongo).create([dutyCrimeLead('L1', 'XS-2027-0012', []), dutyCrimeLead('L2', 'XS-2027-0013', ['d3'])]);
  });
  afterAll(async () => {
    await closeDeliveries();
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('moves the transfer deadlines, reply due dates and follow-up checks, tells each agency and prosecutor once, and keeps the transfer reminders in step', async () => {
    await follow(before, '2027-01-21 11:00'); // the calendar in force when the dates were computed
    await check('2027-02-02 09:00', before); // 3 days before 02-05
    await check('2027-02-04 09:00', before); // 1 day before 02-05
    expect((await sent()).map((d) => `${d.id}: ${textOf(d).match(/还剩 \d+ 天/)?.[0]}`).sort()).toEqual([
      'transfer_d1_L1_2027-02-05: 还剩 1 天', 'transfer_d1_L2_2027-02-05: 还剩 1 天', 'transfer_d3_L1_2027-02-05: 还剩 3 天',
    ]);
    const reminded = (await sent()).length;

    // Thursday 02-04, 10:00: the operator enters the schedule; 02-05..13 are days off now.
    const moved = await follow(withSchedule, '2027-02-04 10:00');
    expect(moved?.transfers.map(({ number, from, to }) => ({ number, from, to }))).toEqual([
      { number: 'XS-2027-0012', from: '2027-02-05', to: '2027-02-15' }, { number: 'XS-2027-0013', from: '2027-02-05', to: '2027-02-15' },
    ]);
    expect(moved?.replies.map(({ ref, from, to }) => ({ ref, from, to }))).toEqual([
      { ref: '富检行公建[2026]201号', from: '2027-02-05', to: '2027-02-15' }, { ref: '富检行公建[2026]202号', from: '2027-02-10', to: '2027-02-15' }, { ref: '富检行公建[2026]203号', from: '2027-02-08', to: '2027-02-15' },
    ]);
    expect(moved?.followUps).toEqual([{ ref: '富检行公建[2026]204号', from: '2027-02-08', to: '2027-02-15' }]);
    expect(moved?.notified.sort()).toEqual(['lisi', 'wangjc', 'zhangsan']);

    // Stored, the old date kept in the history.
    const l1 = (await leadModel(mongo).findById('L1').lean())!;
    expect(l1.transferDueOn?.toISOString().slice(0, 10)).toBe('2027-02-15');
    expect(l1.history.at(-1)).toMatchObject({ action: 'transfer_due_recomputed', by: 'ops', detail: { reason: 'calendar', previousDueOn: dateOnly('2027-02-05') } });
    expect(String(l1.history.at(-1)?.detail?.rule)).toContain('顺延至下一个工作日2027-02-15');
    const f = async (id: string) => (await recommendationModel(mongo).findById(id).lean())!;
    expect([(await f('富检行公建[2026]204号')).followUpOn, (await f('富检行公建[2026]205号')).followUpOn].map((d) => d?.toISOString().slice(0, 10))).toEqual(['2027-02-15', '2027-02-08']);
    expect((await f('富检行公建[2026]204号')).followUpRule).toBe('审核通过后3个月回头看：自2026-11-08起3个月（起算日不计），至2027-02-08届满，该日为春节（运营方设定休息），顺延至下一个工作日2027-02-15');
    expect((await f('富检行公建[2026]204号')).history.at(-1)).toMatchObject({ action: 'follow_up_recomputed', detail: { previousFollowUpOn: dateOnly('2027-02-08') } });

    // One notice per agency (old → new, as a new period is told) and one per prosecutor for his leads.
    const notices = (await sent()).slice(reminded);
    expect(notices.map((d) => JSON.stringify(d.target)).sort()).toEqual(['lisi', 'wangjc', 'zhangsan'].map((u) => JSON.stringify({ kind: 'app', touser: [u] })));
    const to = (userid: string) => textOf(notices.find((d) => d.target.kind === 'app' && d.target.touser.includes(userid))!);
    expect(to('zhangsan')).toBe([
      '【回复期限重新确定】法定节假日安排有变化，以下检察建议的书面回复期限已随之重新确定：',
      '- 富检行公建[2026]201号（标题201）：原期限 2027-02-05，现为 2027-02-15（2027-02-05 现为春节（运营方设定休息））',
      '- 富检行公建[2026]202号（标题202）：原期限 2027-02-10，现为 2027-02-15（2027-02-10 现为春节（运营方设定休息））',
      '请在新的期限内书面回复并报告整改情况。',
    ].join('\n'));
    expect(to('lisi')).toContain('- 富检行公建[2026]203号（标题203）：原期限 2027-02-08，现为 2027-02-15');
    expect(to('wangjc')).toBe([
      '【职务犯罪线索移送期限调整】法定节假日安排有变化，以下线索移送监察委员会的期限已重新计算：',
      '- XS-2027-0012 国有财产损失未追缴即结案（案号 L1）：原期限 2027-02-05，现为 2027-02-15（含当日），还剩 11 天（2027-02-05 现为春节（运营方设定休息））',
      '- XS-2027-0013 国有财产损失未追缴即结案（案号 L2）：原期限 2027-02-05，现为 2027-02-15（含当日），还剩 11 天（2027-02-05 现为春节（运营方设定休息））',
    ].join('\n'));

    // The same calendar again (the next hourly run, a repeated PUT): nothing moves, nobody is told again.
    expect(await follow(withSchedule, '2027-02-04 11:00')).toBeUndefined();
    // The new deadline's reminder due today (its 3- and 1-day marks fall in the break) was the notice: not doubled.
    await check('2027-02-04 11:00');
    expect(await sent()).toHaveLength(reminded + 3);
    // Nothing in the break; on 02-15 the deadline is today — not 10 days overdue — and the day after, overdue to the group.
    await check('2027-02-10 10:00');
    await check('2027-02-15 09:00');
    await check('2027-02-16 09:00');
    expect((await sent()).slice(reminded + 3).map((d) => `${d.id}: ${textOf(d).match(/今天到期|已逾期 \d+ 天/)?.[0]}`).sort()).toEqual([
      'transfer_d0_L1_2027-02-15: 今天到期', 'transfer_d0_L2_2027-02-15: 今天到期', 'transfer_overdue_L1_2027-02-15: 已逾期 1 天', 'transfer_overdue_L2_2027-02-15: 已逾期 1 天',
    ]);
  });

  it('sends the notices a run cut off before them owed, once, when the next run takes the change up', async () => {
    // Received 2027-02-04: two months end on Sunday 2027-04-04 (清明), so 04-06; an added day off 04-06 moves it to 04-07.
    await recommendationModel(mongo).create(rec(206, 'linye', { receivedOn: new Date('2027-02-04'), dueOn: new Date('2027-04-06') }));
    const amended = createHolidayCalendar({ overrides: [...schedule2027, { date: '2027-04-06', working: false, name: '清明节' }] });
    const count = (await sent()).length;
    const broken: DeliveryQueue = { send: () => Promise.reject(new Error('Redis went away')), close: async () => undefined };
    await expect(follow(amended, '2027-03-01 10:00', broken)).rejects.toThrow('Redis went away');
    expect((await recommendationModel(mongo).findById('富检行公建[2026]206号').lean())?.dueOn?.toISOString().slice(0, 10)).toBe('2027-04-07');

    const retried = await follow(amended, '2027-03-01 11:00');
    expect(retried?.replies.map(({ ref, from, to }) => ({ ref, from, to }))).toEqual([{ ref: '富检行公建[2026]206号', from: '2027-04-06', to: '2027-04-07' }]);
    expect(await follow(amended, '2027-03-01 12:00')).toBeUndefined();
    const notices = (await sent()).slice(count);
    expect(notices.map((d) => d.target)).toEqual([{ kind: 'app', touser: ['zhangsan'] }]);
    expect(textOf(notices[0]!)).toContain('- 富检行公建[2026]206号（标题206）：原期限 2027-04-06，现为 2027-04-07（2027-04-06 现为清明节（运营方设定休息））');
  });
});
