import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../src/calendar/local-date.js';
import { runLeadChecks } from '../../src/leads/lead-checks.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { staffModel } from '../../src/models/staff.js';
import { connectMongo } from '../../src/db/connect.js';
import { isolate } from '../support/isolation.js';
import { queuedDeliveries } from '../support/queued-deliveries.js';
import type { Connection } from 'mongoose';


describe('duty-crime transfer deadlines (15 days to the supervisory commission)', () => {
  const ns = isolate('leadchecks');
  let mongo: Connection;
  const { deliveries, queued, close: closeDeliveries } = queuedDeliveries(ns);
  /** What the checks queued for delivery (no worker runs here), oldest first. */
  const sent = queued;
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    // The reminders go to the prosecutors responsible for a lead now: those its alert went to, still bound.
    for (const [userid, name] of [['wangjc', '王检察官'], ['lijc', '李检察官']]) {
      await staffModel(mongo).create({ _id: userid, name, role: 'prosecutor', active: true, boundAt: new Date(), boundBy: 'test' });
    }
    const lead: LeadRecord = {
      _id: 'case:c1:R10-state-loss-unrecovered', number: 'XS-2026-0100', kind: 'duty_crime', ruleId: 'R10-state-loss-unrecovered', ruleVersion: 1,
      title: '国有财产损失未追回', explanation: '…', values: [], legalBasis: '…',
      subject: { kind: 'case', id: 'c1', label: '案号 富财罚〔2026〕1号', agency: 'caizheng' },
      status: 'open', alert: { taskId: 't', recipients: ['wangjc'], sentAt: new Date('2026-11-01T01:00:00Z') },
      transferDueOn: dateOnly('2026-11-16'), createdAt: new Date('2026-11-01T01:00:00Z'), history: [],
    };
    await leadModel(mongo).create(lead);
  });
  afterAll(async () => {
    await closeDeliveries();
    await mongo.dropDatabase();
    await mongo.close();
  });

  const check = async (iso: string) => {
    await runLeadChecks({ mongo, config: { TZ: 'Asia/Shanghai', PROSECUTOR_ROBOT_KEY: 'group-key', LEAD_ESCALATE_AFTER_HOURS: 24 * 365 }, deliveries, now: new Date(iso) });
    // BullMQ orders jobs by millisecond timestamp; keep successive checks apart.
    await new Promise((r) => setTimeout(r, 5));
  };

  it('reminds the recipients 3, 1 and 0 days before, once each, moving a reminder off a day off, and escalates to the group when overdue', async () => {
    await check('2026-11-12T01:00:00Z'); // Thursday, 4 days left: nothing
    expect(await sent()).toHaveLength(0);
    await check('2026-11-13T01:00:00Z'); // Friday, 3 days left; the 1-day reminder falls on Sunday and goes out now
    await check('2026-11-13T09:00:00Z'); // same day again: nothing new
    expect((await sent()).map((d) => d.target)).toEqual([{ kind: 'app', touser: ['wangjc'] }]);
    expect(JSON.stringify((await sent())[0]!.body)).toContain('还剩 3 天');
    await check('2026-11-15T01:00:00Z'); // Sunday: nothing
    await check('2026-11-15T16:05:00Z'); // Monday 00:05, the due day, before working time: nothing yet
    expect(await sent()).toHaveLength(1);
    await check('2026-11-16T01:00:00Z');
    expect((await sent()).map((d) => JSON.stringify(d.body).match(/还剩 \d 天|今天到期/)?.[0])).toEqual(['还剩 3 天', '今天到期']);
    await check('2026-11-16T16:05:00Z'); // Tuesday 00:05: overdue, but the group is told in working time
    expect(await sent()).toHaveLength(2);
    await check('2026-11-17T01:00:00Z');
    const overdue = (await sent()).at(-1)!;
    // The prosecutors' group by name: its webhook key (a secret) is looked up when sent, never kept in the job.
    expect(overdue).toMatchObject({ target: { kind: 'robot', of: '@prosecutors' } });
    expect(JSON.stringify(overdue)).not.toContain('group-key');
    expect(JSON.stringify(overdue.body)).toContain('已逾期 1 天');
    await check('2026-11-18T01:00:00Z');
    expect(await sent()).toHaveLength(3);
  });

  it('warns on the last working day before a holiday of a deadline inside or just after it, and sends nothing on the holiday', async () => {
    await leadModel(mongo).create({
      _id: 'case:c2:R10-state-loss-unrecovered', number: 'XS-2026-0101', kind: 'duty_crime', ruleId: 'R10-state-loss-unrecovered', ruleVersion: 1,
      title: '国有财产损失未追回', explanation: '…', values: [], legalBasis: '…',
      subject: { kind: 'case', id: 'c2', label: '案号 富水罚〔2026〕17号', agency: 'shuiwu' },
      status: 'accept', alert: { taskId: 't2', recipients: ['lijc'], sentAt: new Date('2026-09-22T02:00:00Z'), escalatedAt: new Date('2026-09-22T03:00:00Z') },
      // 15 days from 09-22 end on 10-07, a National Day holiday: due 10-08.
      transferDueOn: dateOnly('2026-10-08'), createdAt: new Date('2026-09-22T02:00:00Z'), history: [],
    } satisfies LeadRecord);
    const mine = async () => (await sent()).filter((d) => JSON.stringify(d.body).includes('XS-2026-0101'));
    await check('2026-09-29T01:00:00Z'); // Tuesday: nothing due yet
    expect(await mine()).toHaveLength(0);
    await check('2026-09-30T01:00:00Z'); // Wednesday, the last working day before the holiday: the 3- and 1-day reminders in one
    await check('2026-09-30T08:00:00Z');
    expect((await mine()).map((d) => JSON.stringify(d.body).match(/还剩 \d+ 天/)?.[0])).toEqual(['还剩 8 天']);
    for (const day of ['2026-10-04T16:05:00Z', '2026-10-05T01:00:00Z', '2026-10-07T01:00:00Z', '2026-10-07T16:05:00Z']) await check(day);
    expect(await mine()).toHaveLength(1);
    await check('2026-10-08T01:00:00Z');
    expect(JSON.stringify((await mine()).at(-1)!.body)).toContain('今天到期');
    await check('2026-10-08T16:05:00Z'); // 00:05 the day after: not at night
    await check('2026-10-09T12:00:00Z'); // 20:00: not in the evening
    expect(await mine()).toHaveLength(2);
    await check('2026-10-10T00:30:00Z'); // Saturday 10-10 is a make-up working day: overdue, told to the group at 08:30
    expect((await mine()).at(-1)).toMatchObject({ target: { kind: 'robot', of: '@prosecutors' } });
    expect(JSON.stringify((await mine()).at(-1)!.body)).toContain('已逾期 2 天');
  });
});
