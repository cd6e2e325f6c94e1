import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { dateOnly } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject, unalertedLeads } from '../../src/leads/evaluate-subject.js';
import { leadModel } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import type { StaffRecord } from '../../src/models/staff.js';
import { attachEvidence } from '../../src/rectification/attach-evidence.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
import { reviewCompletion } from '../../src/rectification/review.js';
import { promptResolvedReason, withdrawalOf } from '../../src/leads/lead-status.js';
import { withdrawalText } from '../../src/leads/withdrawal-notice.js';
import { isolate } from '../support/isolation.js';

const day = 24 * 3600_000;
const reportedAt = new Date('2026-11-02T02:00:00Z');
const staff: StaffRecord = { _id: 'zhangsan', name: '张三', agency: 'linye', role: 'staff', active: true, boundAt: reportedAt, boundBy: 'admin' };

function recommendation(id: string): RecommendationRecord {
  return {
    _id: id, ref: id, refSerial: 1, agency: 'linye', title: '督促恢复林地', requirements: '恢复林地', cases: [], issuedOn: dateOnly('2026-09-01'),
    urgent: false, dueOn: dateOnly('2026-12-31'), status: 'received', percent: 0, prosecutors: [], history: [],
  };
}

/**
 * A recommendation's progress as lead evaluation reads it from the database (through the recommendation's history,
 * by `_id`): R09 (完成 reported, no evidence after 3 days) must see exactly this recommendation's latest report and
 * its photos, however its updates were stored.
 */
describe('lead evaluation over a recommendation and its stored progress', () => {
  const ns = isolate('evalrec');
  let mongo: Connection;
  const now = new Date(reportedAt.getTime() + 5 * day);
  const evaluate = (id: string) => evaluateSubject({ mongo, timeZone: 'Asia/Shanghai', now }, { kind: 'recommendation', id });
  const r09 = async (id: string) => leadModel(mongo).findById(`recommendation:${id}:R09-complete-without-evidence`).lean();

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await recommendationModel(mongo).create([recommendation('富检行公建[2026]1号'), recommendation('富检行公建[2026]2号')]);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('raises R09 for a completion reported without evidence, not for one whose photo was attached, and reads neither\'s updates into the other', async () => {
    const [bare, withPhoto] = await recommendationModel(mongo).find().sort({ _id: 1 }).lean();
    await recordUpdate(mongo, bare!, staff, { kind: 'progress', percent: 50 }, 'msg:a0', new Date(reportedAt.getTime() - day));
    await recordUpdate(mongo, bare!, staff, { kind: 'complete' }, 'msg:a1', reportedAt);
    // The other recommendation's report is later and has a photo: were it read as the first's, R09 would stay silent.
    const later = new Date(reportedAt.getTime() + day);
    await recordUpdate(mongo, withPhoto!, staff, { kind: 'complete' }, 'msg:b1', later);
    const photo = { bytes: Buffer.from('a photo of the replanted forest'), contentType: 'image/jpeg', filename: 'forest.jpg' };
    await attachEvidence(mongo, 'msg:b1', photo, { messageId: 'msg:b2', by: 'zhangsan', now: later });
    await attachEvidence(mongo, 'msg:b1', photo, { messageId: 'msg:b2', by: 'zhangsan', now: later }); // WeCom's retry

    expect((await progressModel(mongo).findById('msg:b1').lean())?.evidence).toHaveLength(1);
    expect((await recommendationModel(mongo).findById(withPhoto!._id).lean())?.history.filter((h) => h.action === 'evidence')).toHaveLength(1);

    const raised = await evaluate(bare!._id);
    expect(raised.created.map((l) => l.ruleId)).toContain('R09-complete-without-evidence');
    expect((await r09(bare!._id))?.values).toEqual(expect.arrayContaining([{ fact: 'derived.daysSinceCompleteReport', value: 5 }]));
    await evaluate(withPhoto!._id);
    expect(await r09(withPhoto!._id)).toBeNull();
  });

  it('finds the record\'s leads still without an alert (raised before a crash), and only that record\'s', async () => {
    const [bare, withPhoto] = await recommendationModel(mongo).find().sort({ _id: 1 }).lean();
    const subject = { kind: 'recommendation' as const, id: bare!._id };
    const pending = await unalertedLeads(mongo, subject);
    expect(pending.map((l) => l.ruleId)).toContain('R09-complete-without-evidence');
    expect(pending.every((l) => l.subject.id === bare!._id)).toBe(true);
    expect(await unalertedLeads(mongo, { kind: 'recommendation', id: withPhoto!._id })).toEqual([]);
    await leadModel(mongo).updateMany({ 'subject.id': bare!._id }, { $set: { alert: { taskId: 't', recipients: ['wangjc'], sentAt: now } } });
    expect(await unalertedLeads(mongo, subject)).toEqual([]);
  });

  it('closes the open 提醒 once its matter is settled (the completion reviewed), and leaves a decided one alone', async () => {
    const [bare] = await recommendationModel(mongo).find().sort({ _id: 1 }).lean();
    expect((await r09(bare!._id))?.status).toBe('open');
    const reviewedAt = new Date(now.getTime() + 3600_000);
    await reviewCompletion(mongo, { recommendationId: bare!._id, decision: { action: 'accept' }, by: 'wangjc', sourceId: 'msg:review', now: reviewedAt, timeZone: 'Asia/Shanghai' });
    const settled = await evaluateSubject({ mongo, timeZone: 'Asia/Shanghai', now: reviewedAt }, { kind: 'recommendation', id: bare!._id });
    expect(settled.withdrawn.map((l) => l.ruleId)).toEqual(['R09-complete-without-evidence']);
    const lead = (await r09(bare!._id))!;
    expect(withdrawalOf(lead)?.reason).toBe(promptResolvedReason);
    expect(withdrawalText(lead)).toMatch(/^【提醒解除】XS-2026-\d{4}【提醒】报告整改完成但未提交证据/);
    // Evaluated again: nothing more changes.
    expect((await evaluateSubject({ mongo, timeZone: 'Asia/Shanghai', now: reviewedAt }, { kind: 'recommendation', id: bare!._id })).withdrawn).toEqual([]);
  });

  it('keeps a 提醒 a prosecutor already decided, though its matter is settled', async () => {
    const other = recommendation('富检行公建[2026]3号');
    await recommendationModel(mongo).create(other);
    await recordUpdate(mongo, other, staff, { kind: 'complete' }, 'msg:c1', reportedAt);
    await evaluate(other._id);
    await leadModel(mongo).updateOne({ _id: `recommendation:${other._id}:R09-complete-without-evidence` }, { $set: { status: 'accept', decision: { action: 'accept', by: 'wangjc', byName: '王检察官', at: now } } });
    const reviewedAt = new Date(now.getTime() + 3600_000);
    await reviewCompletion(mongo, { recommendationId: other._id, decision: { action: 'send_back', reason: '照片不全' }, by: 'wangjc', sourceId: 'msg:review3', now: reviewedAt, timeZone: 'Asia/Shanghai' });
    expect((await evaluateSubject({ mongo, timeZone: 'Asia/Shanghai', now: reviewedAt }, { kind: 'recommendation', id: other._id })).withdrawn).toEqual([]);
    expect((await r09(other._id))?.status).toBe('accept');
  });
});
