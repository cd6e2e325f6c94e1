import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { setReceipt } from '../../src/admin/registry.js';
import { addDays } from '../../src/calendar/due-date.js';
import { dateOnly, ymd } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject, leadId } from '../../src/leads/evaluate-subject.js';
import { leadStatusText } from '../../src/leads/lead-status.js';
import { changeRule } from '../../src/leads/rule-store.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import type { StaffRecord } from '../../src/models/staff.js';
import { recordUpdate } from '../../src/rectification/record-update.js';
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
 * Leads raised on data later corrected (R08 on a wrong receipt date) are withdrawn, not left open as if true; leads
 * overtaken by events and decided leads stand; and a recommendation overdue on a new due date raises a new lead.
 */
describe('withdrawing leads whose data was corrected, and raising again on a new due date', () => {
  const ns = isolate('evalwithdraw');
  let mongo: Connection;
  const evaluate = (id: string, now: Date) => evaluateSubject({ mongo, timeZone: TZ, now }, { kind: 'recommendation', id });
  const leadsOf = async (id: string) => (await leadModel(mongo).find({ 'subject.id': id }).sort({ createdAt: 1 }).lean()) as LeadRecord[];
  /** Registers receipt on 2026-07-01 (due 2026-09-01) and raises R08 53 days after the due date. */
  async function overdueLead(serial: number): Promise<{ ref: string; lead: LeadRecord; raisedAt: Date }> {
    const rec = await recommendationModel(mongo).create(recommendation(serial));
    const received = await setReceipt(mongo, rec.ref, { receivedOn: '2026-07-01' }, 'admin', at('2026-07-02'));
    const raisedAt = at(addDays(ymd(received.dueOn!), 53));
    const { created } = await evaluate(rec._id, raisedAt);
    return { ref: rec.ref, lead: created.find((l) => l.ruleId === R08)!, raisedAt };
  }

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('withdraws an open R08 lead once the receipt date is corrected so that nothing was overdue, keeping it with the reason and time', async () => {
    const { ref, lead, raisedAt } = await overdueLead(31);
    expect(lead.explanation).toContain('已逾期53日');
    const correctedAt = new Date(raisedAt.getTime() + 3600_000);
    await setReceipt(mongo, ref, { receivedOn: ymd(dateOnly(addDays(ymd(raisedAt), -10))) }, 'admin', correctedAt);

    const { created, withdrawn } = await evaluate(ref, correctedAt);
    expect(created).toEqual([]);
    expect(withdrawn.map((l) => l._id)).toEqual([lead._id]);
    const stored = (await leadModel(mongo).findById(lead._id).lean())!;
    expect(stored.status).toBe('withdrawn');
    expect(stored.history.at(-1)).toMatchObject({ at: correctedAt, by: 'rules', action: 'withdrawn', detail: { reason: '依据的数据已更正，规则条件不再成立' } });
    expect(stored.explanation).toBe(lead.explanation);
    expect(leadStatusText(stored, TZ)).toMatch(/^已撤回（依据的数据已更正，规则条件不再成立，2026-\d{2}-\d{2} \d{2}:\d{2}）$/);

    expect(await evaluate(ref, new Date(correctedAt.getTime() + 3600_000))).toMatchObject({ created: [], withdrawn: [] });
    expect(await leadsOf(ref)).toHaveLength(1);
  });

  it('raises a new lead when the corrected due date passes in its turn, counting no overdue for the corrected date', async () => {
    const ref = '富检行公建[2026]31号';
    const rec = (await recommendationModel(mongo).findById(ref).lean())!;
    const { created } = await evaluate(ref, at(addDays(ymd(rec.dueOn!), 1)));
    expect(created.map((l) => l._id)).toEqual([leadId({ kind: 'recommendation', id: ref }, R08, ymd(rec.dueOn!))]);
    expect(created[0]!.explanation).toContain(`回复期限为${ymd(rec.dueOn!)}`);
    expect(created[0]!.explanation).toContain('累计逾期1次');
    expect((await leadsOf(ref)).map((l) => l.status)).toEqual(['withdrawn', 'open']);
  });

  it('leaves a lead standing when the agency completes after it was raised (the matter moved on, the data was right)', async () => {
    const { ref, lead, raisedAt } = await overdueLead(32);
    const rec = (await recommendationModel(mongo).findById(ref).lean())!;
    await recordUpdate(mongo, rec, staff, { kind: 'complete' }, 'msg:c32', new Date(raisedAt.getTime() + 3600_000));
    expect((await recommendationModel(mongo).findById(ref).lean())?.status).toBe('completed');
    expect((await evaluate(ref, new Date(raisedAt.getTime() + 7200_000))).withdrawn).toEqual([]);
    expect((await leadModel(mongo).findById(lead._id).lean())?.status).toBe('open');
  });

  it('leaves a decided lead as decided, and raises a new lead for an overdue on a new due date after it', async () => {
    const { ref, lead, raisedAt } = await overdueLead(33);
    await leadModel(mongo).updateOne({ _id: lead._id }, { $set: { status: 'accept', decision: { action: 'accept', by: 'wangjc', byName: '王检察官', at: raisedAt } } });
    const resetAt = new Date(raisedAt.getTime() + 86_400_000);
    const renewed = await setReceipt(mongo, ref, { receivedOn: ymd(dateOnly(addDays(ymd(raisedAt), -30))) }, 'admin', resetAt);
    expect((await evaluate(ref, resetAt)).withdrawn).toEqual([]);
    expect((await leadModel(mongo).findById(lead._id).lean())?.status).toBe('accept');

    const { created } = await evaluate(ref, at(addDays(ymd(renewed.dueOn!), 2)));
    expect(created.map((l) => l.ruleId)).toEqual([R08]);
    expect(created[0]!._id).not.toBe(lead._id);
    expect((await leadsOf(ref)).map((l) => l.status)).toEqual(['accept', 'open']);
  });

  it('withdraws nothing of a rule an operator switched off', async () => {
    const { ref, lead, raisedAt } = await overdueLead(34);
    await changeRule(mongo, R08, { enabled: false }, 'operator', raisedAt);
    const correctedAt = new Date(raisedAt.getTime() + 3600_000);
    await setReceipt(mongo, ref, { receivedOn: ymd(dateOnly(addDays(ymd(raisedAt), -10))) }, 'admin', correctedAt);
    expect((await evaluate(ref, correctedAt)).withdrawn).toEqual([]);
    expect((await leadModel(mongo).findById(lead._id).lean())?.status).toBe('open');
    await changeRule(mongo, R08, { enabled: true }, 'operator', correctedAt);
  });

  it('raises the lead again, under a new id, when a correction is itself undone', async () => {
    const { ref, lead, raisedAt } = await overdueLead(35);
    const later = (hours: number) => new Date(raisedAt.getTime() + hours * 3600_000);
    await setReceipt(mongo, ref, { receivedOn: ymd(dateOnly(addDays(ymd(raisedAt), -10))) }, 'admin', later(1));
    expect((await evaluate(ref, later(1))).withdrawn.map((l) => l._id)).toEqual([lead._id]);
    await setReceipt(mongo, ref, { receivedOn: '2026-07-01' }, 'admin', later(2));
    const { created } = await evaluate(ref, later(2));
    expect(created.map((l) => l._id)).toEqual([`${lead._id}~2`]);
    expect((await leadsOf(ref)).map((l) => l.status)).toEqual(['withdrawn', 'open']);
  });

  it('raises no second lead beside one raised before leads were kept per due date', async () => {
    const { ref, lead, raisedAt } = await overdueLead(36);
    const subject = { kind: 'recommendation' as const, id: ref };
    // As stored by the version before R08 was raised once per due date: one id per record and rule, no due date among its values.
    await leadModel(mongo).deleteOne({ _id: lead._id });
    await leadModel(mongo).create({ ...lead, _id: leadId(subject, R08), values: lead.values.filter((v) => v.fact !== 'recommendation.dueOn') });
    expect(await evaluate(ref, new Date(raisedAt.getTime() + 86_400_000))).toMatchObject({ created: [], withdrawn: [] });
    expect((await leadsOf(ref)).map((l) => l._id)).toEqual([leadId(subject, R08)]);
  });
});
