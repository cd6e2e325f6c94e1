import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { setReceipt } from '../../src/admin/registry.js';
import { dateOnly } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject } from '../../src/leads/evaluate-subject.js';
import { leadModel } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import type { StaffRecord } from '../../src/models/staff.js';
import type { EvaluationJob, EvaluationQueue } from '../../src/queue/evaluation-queue.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
import { redateRecordedReplies } from '../../src/rectification/redate-replies.js';
import { recommendationTimeline } from '../../src/api/timeline.js';
import { isolate } from '../support/isolation.js';

const TZ = 'Asia/Shanghai';
const R08 = 'R08-recommendation-overdue';
/** 10:00 in Shanghai on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const staff: StaffRecord = { _id: 'zhangsan', name: '张三', agency: 'linye', role: 'staff', active: true, boundAt: at('2026-01-01'), boundBy: 'admin' };

function recommendation(serial: number): RecommendationRecord {
  const ref = `富检行公建[2026]${serial}号`;
  return {
    _id: ref, ref, refSerial: serial, agency: 'linye', title: '督促恢复林地', requirements: '恢复林地', cases: [], issuedOn: dateOnly('2026-06-25'),
    urgent: false, status: 'issued', percent: 0, prosecutors: [], history: [],
  };
}

/**
 * Written replies recorded by a release that dated a reply by its message (up to 2026-11-30) take, once, the date
 * their text states, as a reply recorded now does; R08 then reads that date.
 */
describe('re-reading the date of written replies recorded by an older release', () => {
  const ns = isolate('redate');
  let mongo: Connection;
  const requested: EvaluationJob[] = [];
  const evaluations: EvaluationQueue = { request: async (job) => void requested.push(job), close: async () => undefined };

  /** A recommendation received 2026-07-01 (due 2026-09-01) with a reply recorded on `day` as the old release did. */
  async function oldReply(serial: number, day: string, text: string): Promise<string> {
    const rec = await recommendationModel(mongo).create(recommendation(serial));
    const received = await setReceipt(mongo, rec.ref, { receivedOn: '2026-07-01' }, 'admin', at('2026-07-02'));
    // The older release stored a reply this way: no repliedOn on the update, repliedAt the message's time.
    await recordUpdate(mongo, received, staff, { kind: 'reply', measures: text }, `msg:reply:${serial}`, at(day));
    return rec.ref;
  }
  const stored = async (ref: string) => (await recommendationModel(mongo).findById(ref).lean())!;

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('dates each reply as its text states where that day is before the recorded one and not before receipt, once, with the history', async () => {
    const stated = await oldReply(1, '2026-09-08', '已于9月4日书面回复，森林植被恢复费已追缴到位');
    const relative = await oldReply(2, '2026-09-08', '书面回复已于前天寄出');
    const undated = await oldReply(3, '2026-09-08', '森林植被恢复费已追缴到位');
    const beforeReceipt = await oldReply(4, '2026-09-08', '已于6月20日书面回复');
    const ahead = await oldReply(5, '2026-09-08', '将于9月10日书面回复');
    const sameDay = await oldReply(6, '2026-09-08', '今天已书面回复');
    const taken = await oldReply(7, '2026-09-08', '已于9月4日书面回复');
    await progressModel(mongo).updateOne({ _id: 'msg:reply:7' }, { $set: { revoked: { at: at('2026-09-08'), by: 'zhangsan', messageId: 'msg:undo:7' } } });
    await recommendationModel(mongo).updateOne({ _id: taken }, { $unset: { repliedAt: 1, replyPoints: 1 } });

    const now = at('2026-12-01');
    const redated = await redateRecordedReplies(mongo, { timeZone: TZ, now, evaluations });
    expect(redated?.map((r) => [r.ref, r.from, r.to, r.standing])).toEqual([
      [stated, '2026-09-08', '2026-09-04', true],
      [relative, '2026-09-08', '2026-09-06', true],
    ]);
    expect((await stored(stated)).repliedAt).toEqual(new Date('2026-09-04T12:00:00Z'));
    expect((await stored(stated)).history.at(-1)).toMatchObject({ at: now, by: 'system', action: 'reply_redated', detail: { progress: 'msg:reply:1', from: '2026-09-08', to: '2026-09-04' } });
    expect((await progressModel(mongo).findById('msg:reply:1').lean())?.repliedOn).toBe('2026-09-04');
    // The dashboard's timeline names the correction in words, with both days.
    expect((await recommendationTimeline(mongo, [await stored(stated)])).find((e) => e.action === 'reply_redated')).toMatchObject({ actionName: '更正书面回复日期', text: '按回复内容所述日期更正：2026-09-08 → 2026-09-04' });
    expect((await stored(relative)).repliedAt).toEqual(new Date('2026-09-06T12:00:00Z'));
    for (const ref of [undated, beforeReceipt, ahead, sameDay]) {
      expect((await stored(ref)).repliedAt).toEqual(at('2026-09-08'));
      expect((await stored(ref)).history.map((h) => h.action)).not.toContain('reply_redated');
    }
    expect((await stored(taken)).repliedAt).toBeUndefined();
    expect(requested.map((j) => j.subject.id)).toEqual([stated, relative]);

    // Done once: the next runs read the marker and change nothing, even where a reply was changed back by hand.
    await recommendationModel(mongo).updateOne({ _id: stated }, { $set: { repliedAt: at('2026-09-08') } });
    expect(await redateRecordedReplies(mongo, { timeZone: TZ, now: at('2026-12-02'), evaluations })).toBeUndefined();
    expect((await stored(stated)).repliedAt).toEqual(at('2026-09-08'));
    expect((await stored(stated)).history.filter((h) => h.action === 'reply_redated')).toHaveLength(1);
  });

  it('takes up a run cut off between the recommendation and the update without a second history entry', async () => {
    const ref = await oldReply(11, '2026-09-08', '已于9月3日函复');
    await mongo.collection('data_corrections').deleteMany({});
    // As a run cut off after the recommendation was redated and before its update was:
    await recommendationModel(mongo).updateOne({ _id: ref }, { $set: { repliedAt: new Date('2026-09-03T12:00:00Z') }, $push: { history: { at: at('2026-12-01'), by: 'system', action: 'reply_redated', sourceId: 'reply-date:msg:reply:11', detail: {} } } });
    const redated = await redateRecordedReplies(mongo, { timeZone: TZ, now: at('2026-12-01'), evaluations });
    expect(redated?.map((r) => [r.ref, r.to, r.standing])).toEqual([[ref, '2026-09-03', false]]);
    expect((await stored(ref)).history.filter((h) => h.action === 'reply_redated')).toHaveLength(1);
    expect((await progressModel(mongo).findById('msg:reply:11').lean())?.repliedOn).toBe('2026-09-03');
  });

  it('withdraws an R08 提醒 raised while the reply, by the date it states, was already in, as raised on data since corrected', async () => {
    const rec = await recommendationModel(mongo).create(recommendation(21));
    const received = await setReceipt(mongo, rec.ref, { receivedOn: '2026-07-01' }, 'admin', at('2026-07-02'));
    // Raised on 09-03; the reply, sent on 09-02 as it says, recorded on 09-07 by the older release, which left the 提醒 open.
    const { created } = await evaluateSubject({ mongo, timeZone: TZ, now: at('2026-09-03') }, { kind: 'recommendation', id: rec._id });
    const lead = created.find((l) => l.ruleId === R08)!;
    expect(lead.status).toBe('open');
    await recordUpdate(mongo, received, staff, { kind: 'reply', measures: '我局已于9月2日书面回复检察院' }, 'msg:reply:21', at('2026-09-07'));

    await mongo.collection('data_corrections').deleteMany({});
    requested.length = 0;
    const now = at('2026-12-01');
    await redateRecordedReplies(mongo, { timeZone: TZ, now, evaluations });
    expect(requested).toEqual([{ subject: { kind: 'recommendation', id: rec._id }, cause: 'reply-date:msg:reply:21' }]);
    const { withdrawn } = await evaluateSubject({ mongo, timeZone: TZ, now }, requested[0]!.subject);
    expect(withdrawn.map((l) => l._id)).toEqual([lead._id]);
    // Not 提醒的情形已消除 (the reply came after it): by the reply's own date the 提醒 was never due.
    expect((await leadModel(mongo).findById(lead._id).lean())?.history.at(-1)).toMatchObject({ action: 'withdrawn', detail: { reason: '依据的数据已更正，规则条件不再成立' } });
  });
});
