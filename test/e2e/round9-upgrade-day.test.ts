import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { dateOnly } from '../../src/calendar/local-date.js';
import { agencyModel } from '../../src/models/agency.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say, textOf } from '../support/chat.js';

const ref9 = '富检行公建[2021]9号';

/** A recommendation due on `dueOn`, as registered before the upgrade. */
function rec(serial: number, agency: string, dueOn: string): RecommendationRecord {
  const ref = `升检建[2026]${serial}号`;
  return { _id: ref, ref, refSerial: serial, agency, title: `督促整改${serial}`, requirements: '依法查处', cases: [], issuedOn: dateOnly('2026-09-01'), urgent: false, dueOn: dateOnly(dueOn), status: 'received', percent: 0, prosecutors: [], history: [] };
}

/**
 * A personal reminder as releases up to 2026-11-30 recorded it in `deliveries` (recordDelivery of e895223 and
 * 6c7e4d1): one message per recommendation, under `remind_<recommendation>_<due day>_<days before>`.
 */
function olderReminder(r: RecommendationRecord, daysBefore: number, touser: string, createdAt: Date, state: 'sent' | 'queued' | 'failed') {
  const dueDay = r.dueOn!.toISOString().slice(0, 10);
  const content = `【整改期限提醒】${r.ref}（${r.title}）将于 ${dueDay} 到期，还剩 ${daysBefore} 天，当前进度 0%。请按期整改并回复，发送「进度 ${r.ref} <百分比> <措施>」报告。`;
  const outcome = state === 'sent'
    ? { sentAt: createdAt, msgid: `msg-${r.refSerial}`, invalidUsers: [], errcode: 0 }
    : state === 'queued' ? { errcode: -1, errmsg: 'system busy' } : { errcode: 81013, errmsg: 'user & party & tag all invalid' };
  return {
    _id: `remind_${r._id}_${dueDay}_${daysBefore}`.replace(/[:[\]]/g, '_'),
    state, attempts: 1, ...outcome,
    channel: 'app', target: touser, msgtype: 'text', payload: { msgtype: 'text', text: { content } }, createdAt,
  };
}

/**
 * The first deadline run of the new code on the day of an upgrade, after the old code's morning run: it neither
 * reminds the staff again of what the old run reminded them of, nor leaves out what it did not; and written replies
 * the old code dated by their message take the date they state.
 */
describe('the first deadline run after an upgrade on a working morning (e2e)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  // Friday 2026-11-27, 09:07 in Shanghai: the old release's run went out at 08:00 (or 04:00, a digest hour of 0).
  const nine = Date.parse('2026-11-27T01:07:00Z');
  const today8 = new Date('2026-11-27T00:00:00Z');
  const today4 = new Date('2026-11-26T20:00:00Z');

  beforeAll(async () => {
    h = await startBotHarness({ clockStart: nine, users: [{ userid: 'ua1', name: '甲一' }, { userid: 'ub1', name: '乙一' }, { userid: 'ub2', name: '乙二' }] });
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    const { mongo } = h.runtime;
    const boundAt = new Date(nine - 86_400_000 * 30);
    await agencyModel(mongo).create([
      { _id: 'upg-a', name: '升级甲局', domains: [], prosecutors: [], active: true },
      { _id: 'upg-b', name: '升级乙局', domains: [], prosecutors: [], active: true },
    ]);
    await staffModel(mongo).create([
      { _id: 'ua1', name: '甲一', agency: 'upg-a', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'ub1', name: '乙一', agency: 'upg-b', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'ub2', name: '乙二', agency: 'upg-b', role: 'agency_admin', active: true, boundAt, boundBy: 'test' },
    ]);
    // 1号 and 4号 are due Monday (today their 3- and 1-day marks), 2号 Wednesday (its 3-day mark, a Sunday, today),
    // 3号 and 5号 next Friday (the 7-day mark).
    const recs = [rec(1, 'upg-b', '2026-11-30'), rec(2, 'upg-b', '2026-12-02'), rec(3, 'upg-b', '2026-12-04'), rec(4, 'upg-b', '2026-11-30'), rec(5, 'upg-a', '2026-12-04')];
    await recommendationModel(mongo).create(recs);
    const [r1, r2, r3, r4, r5] = recs as [RecommendationRecord, RecommendationRecord, RecommendationRecord, RecommendationRecord, RecommendationRecord];
    await mongo.collection('deliveries').insertMany([
      // e895223 counted marks in calendar days: 1号 three days before.
      olderReminder(r1, 3, 'ub1|ub2', today8, 'sent'),
      // 6c7e4d1 moved the Sunday mark to Friday; WeCom was busy and the job still retries.
      olderReminder(r2, 3, 'ub1|ub2', today4, 'queued'),
      // Refused: nobody got it.
      olderReminder(r3, 7, 'ub1|ub2', today8, 'failed'),
      // The 7-day mark of last Monday: today's 1-day reminder is still owed.
      olderReminder(r4, 7, 'ub1|ub2', new Date('2026-11-23T00:00:00Z'), 'sent'),
      olderReminder(r5, 7, 'ua1', today8, 'sent'),
    ] as never[]); // cast: raw documents of the old shape, written as the old release wrote them

    // 9号 (due 2026-11-20) got its written reply yesterday, recorded by the old release on the day it was typed.
    const nine9 = (await recommendationModel(mongo).findById(ref9).lean())!;
    const zhangsan = (await staffModel(mongo).findById('zhangsan').lean())!;
    await recordUpdate(mongo, nine9, zhangsan, { kind: 'reply', measures: '已于11月24日书面回复，森林植被恢复费已追缴到位' }, 'old-reply-9', new Date('2026-11-26T02:00:00Z'));
  });
  afterAll(async () => {
    await deadlines?.close();
    await h?.stop();
  });

  async function runDeadlines(): Promise<void> {
    const job = await deadlines.add('digest', {});
    for (let i = 0; i < 100 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 800));
  }
  const reminders = (touser: string) => h.fake.appMessages().filter((m) => m.touser === touser && textOf(m).includes('回复期限提醒')).map(textOf);

  it('reminds the staff only of what the old release\'s run did not remind them of today, once', async () => {
    await runDeadlines();
    await h.fake.waitFor(() => reminders('ub1|ub2').length > 0 || undefined, 10_000);
    await runDeadlines();
    const [notice, ...more] = reminders('ub1|ub2');
    expect(more).toEqual([]);
    expect(notice).toContain('升检建[2026]3号');
    expect(notice).toContain('升检建[2026]4号');
    expect(notice).not.toContain('升检建[2026]1号');
    expect(notice).not.toContain('升检建[2026]2号');
    // Everything of 升级甲局 was reminded of this morning.
    expect(reminders('ua1')).toEqual([]);
    // Agencies the old run had not reached are reminded as ever (21号, urgent, its 3-day mark on Sunday).
    expect(reminders('lisi').join()).toContain('富检行公建[2021]21号');
  });

  it('dates the written reply the old release recorded as the day it states, and 待办 counts the lateness from it', async () => {
    const stored = (await recommendationModel(h.runtime.mongo).findById(ref9).lean())!;
    expect(stored.repliedAt).toEqual(new Date('2026-11-24T12:00:00Z'));
    expect(stored.history.filter((e) => e.action === 'reply_redated').map((e) => e.detail)).toEqual([{ progress: 'old-reply-9', from: '2026-11-26', to: '2026-11-24' }]);
    const todo = await say(h, 'zhangsan', '待办');
    expect(todo).toContain('逾期 4 天后于 2026-11-24 书面回复');
    expect(todo).not.toContain('2026-11-26 书面回复');
  });
});
