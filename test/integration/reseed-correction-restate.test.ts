import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { ruleCommands } from '../../src/admin/cli-rule-commands.js';
import { setReceipt } from '../../src/admin/registry.js';
import { dateOnly, ymd } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject, type LeadSubject } from '../../src/leads/evaluate-subject.js';
import { ruleRevisedReason, withdrawnReason } from '../../src/leads/lead-status.js';
import { reseedRules } from '../../src/leads/rule-store.js';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { isolate } from '../support/isolation.js';
import { R04, R05, R08, ruleSetBeforeTheUpgrade } from '../support/rules-before-upgrade.js';

const TZ = 'Asia/Shanghai';

/** A 林业局 case decided 2026-08-10, 罚款 50000 元. */
function forestCase(id: string, serial: number, facts: string, areaMu: number): CaseRecord {
  return {
    _id: id, agency: 'linye', caseNumber: `富林罚〔2026〕${serial}号`, caseKey: `富林罚[2026]${serial}号`, caseType: '处罚', party: `富阳某${serial}木业有限公司`,
    facts, decision: '责令限期恢复植被，罚款50000元', legalBasis: '《森林法》第七十三条', fineYuan: 50_000, areaMu, decidedOn: dateOnly('2026-08-10'),
    domain: '生态环境和资源保护', status: 'open', createdBy: 'zhangsan', sourceId: `msg:${serial}`, createdAt: new Date('2026-11-30T02:00:00Z'), history: [],
  };
}

/**
 * Round 9 (upgrade), S2: after `rules reseed` revised R04 and R05, a 更正 of a case reported before the upgrade took
 * back its still-standing R05 lead as 「规则已修订」 and alerted the same finding again under a new number. An open lead
 * the revised rule still raises on the corrected figures keeps its number, restated under the revised rule; a lead
 * withdrawn says whether the data or the rule changed.
 */
describe('open leads raised under rules a reseed revised, their records corrected after it', () => {
  const ns = isolate('reseedrestate');
  let mongo: Connection;
  const road = forestCase('case-linye-101', 101, '未经批准擅自占用林地12亩修建运材便道', 12);
  const felling = forestCase('case-linye-102', 102, '滥伐林木', 10);
  const untouched = forestCase('case-linye-103', 103, '擅自开垦林地15亩种植茶叶', 15);
  const overdue = '富检行公建[2026]61号';
  const t0 = new Date('2026-11-30T02:00:00Z');
  const later = (hours: number) => new Date(t0.getTime() + hours * 3600_000);
  const evaluate = (subject: LeadSubject, now: Date) => evaluateSubject({ mongo, timeZone: TZ, now }, subject);
  const caseSubject = (record: CaseRecord): LeadSubject => ({ kind: 'case', id: record._id });
  const firstLeads = new Map<string, { _id: string; number: string; explanation: string }>();

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await mongo.collection('rulesets').insertOne({ _id: 'current', ...ruleSetBeforeTheUpgrade(), changedAt: t0, changedBy: 'seed', change: 'seed' } as never);
    for (const record of [road, felling, untouched]) await caseModel(mongo).create(record);
    await recommendationModel(mongo).create({
      _id: overdue, ref: overdue, refSerial: 61, agency: 'linye', title: '督促恢复林地', requirements: '恢复林地', cases: [], issuedOn: dateOnly('2026-08-25'),
      urgent: false, status: 'issued', percent: 0, prosecutors: [], history: [],
    });
    const received = await setReceipt(mongo, overdue, { receivedOn: '2026-09-01' }, 'admin', new Date('2026-09-01T02:00:00Z'));
    expect(ymd(received.dueOn!) < '2026-11-25').toBe(true);
    // Raised by the release before the upgrade.
    for (const record of [road, felling, untouched]) {
      for (const lead of (await evaluate(caseSubject(record), t0)).created) firstLeads.set(`${record._id} ${lead.ruleId}`, lead);
    }
    for (const lead of (await evaluate({ kind: 'recommendation', id: overdue }, t0)).created) firstLeads.set(`${overdue} ${lead.ruleId}`, lead);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('raises the leads under the old rules first (the data the upgrade starts from)', () => {
    expect(firstLeads.get(`${road._id} ${R05}`)?.explanation).toContain('折合每亩4166.67元');
    expect(firstLeads.get(`${road._id} ${R04}`)?.explanation).toContain('涉案林地12亩');
    expect(firstLeads.get(`${felling._id} ${R05}`)?.explanation).toContain('折合每亩5000元');
    expect(firstLeads.get(`${untouched._id} ${R05}`)).toBeDefined();
    expect(firstLeads.get(`${overdue} ${R08}`)).toMatchObject({ kind: 'pil' });
  });

  it('raises, withdraws and restates nothing when the sweep evaluates the records after rules reseed', async () => {
    const printed: string[] = [];
    const reseed = ruleCommands.find((c) => c.name === 'rules reseed')!;
    await reseed.prepare({ args: [], options: {}, by: 'operator', now: later(1), today: '2026-11-30', timeZone: TZ })(mongo, { print: (l) => printed.push(l), warn: (l) => printed.push(l) });
    expect(printed[0]).toContain('rule set version 2');
    for (const subject of [caseSubject(road), caseSubject(untouched), { kind: 'recommendation' as const, id: overdue }]) {
      const outcome = await evaluate(subject, later(2));
      expect([subject.id, outcome.created, outcome.withdrawn, outcome.restated]).toEqual([subject.id, [], [], []]);
    }
    // R08 now raises a 提醒 once per due date: the lead raised as a 公益诉讼线索 is that 提醒, not beside a new one.
    const r08 = await leadModel(mongo).find({ 'subject.id': overdue }).lean();
    expect(r08.map((lead) => [lead._id, lead.kind, lead.status])).toEqual([[firstLeads.get(`${overdue} ${R08}`)!._id, 'prompt', 'open']]);
  });

  it('keeps the number of the R05 lead the revised rule still raises on the corrected area, restated under the revised rule', async () => {
    const first = firstLeads.get(`${road._id} ${R05}`)!;
    await caseModel(mongo).updateOne({ _id: road._id }, { $set: { areaMu: 8 } }); // 更正 面积：8亩 (50000/8 = 6250 < 6667)
    const outcome = await evaluate(caseSubject(road), later(3));
    expect(outcome.created).toEqual([]);
    expect(outcome.restated.map((lead) => lead._id)).toEqual([first._id]);
    const r05 = await leadModel(mongo).find({ 'subject.id': road._id, ruleId: R05 }).lean();
    expect(r05.map((lead) => [lead._id, lead.number, lead.status, lead.ruleVersion])).toEqual([[first._id, first.number, 'open', 2]]);
    expect(r05[0]!.explanation).toContain('涉案面积8亩，折合每亩6250元');
    expect(r05[0]!.values).toEqual(expect.arrayContaining([{ fact: 'derived.areaMu', value: 8 }, { fact: 'derived.fineYuanPerMuRounded', value: 6250 }]));
    // Its history keeps what it stated, and under which version, before.
    expect(r05[0]!.history.at(-1)).toMatchObject({
      action: 'restated', sourceId: `rule:${R05}:v2`,
      detail: { ruleVersion: 2, previous: { ruleVersion: 1, explanation: first.explanation } },
    });
    expect(r05[0]!.history[0]).toMatchObject({ action: 'raised', sourceId: `rule:${R05}:v1` });
  });

  it('withdraws the R04 lead because the corrected area is under the 10 亩 threshold, saying the data changed, not the rule', async () => {
    const r04 = (await leadModel(mongo).findById(firstLeads.get(`${road._id} ${R04}`)!._id).lean())!;
    expect(r04.status).toBe('withdrawn');
    expect(r04.history.at(-1)?.detail).toEqual({ reason: withdrawnReason });
  });

  it('changes nothing when the corrected record is evaluated again', async () => {
    const outcome = await evaluate(caseSubject(road), later(4));
    expect([outcome.created, outcome.withdrawn, outcome.restated]).toEqual([[], [], []]);
    expect(await leadModel(mongo).countDocuments({ 'subject.id': road._id, ruleId: R05 })).toBe(1);
  });

  it('withdraws as 规则已修订 a lead the revised rule would not raise, though a correction changed its figures too', async () => {
    // Felling is punished by the timber's value: the revised R05 reads only land put to another use. The old rule
    // still fires on the corrected fine (45000 元 on 10 亩), so the revision is what takes the lead back.
    const first = firstLeads.get(`${felling._id} ${R05}`)!;
    await caseModel(mongo).updateOne({ _id: felling._id }, { $set: { fineYuan: 45_000 } });
    const outcome = await evaluate(caseSubject(felling), later(5));
    expect(outcome.withdrawn.map((lead) => [lead._id, lead.history.at(-1)?.detail])).toEqual([[first._id, { reason: ruleRevisedReason }]]);
    expect(outcome.created.map((lead) => lead.ruleId)).not.toContain(R05);
  });

  it('raises no second lead when the reseed runs again and the records are evaluated', async () => {
    await reseedRules(mongo, 'operator', later(6));
    for (const subject of [caseSubject(road), caseSubject(felling), caseSubject(untouched), { kind: 'recommendation' as const, id: overdue }]) {
      expect((await evaluate(subject, later(7))).created).toEqual([]);
    }
    const open = await leadModel(mongo).find({ status: 'open', ruleId: { $in: [R05, R08] } }).lean();
    expect(open.map((lead) => lead.number).sort()).toEqual([
      firstLeads.get(`${road._id} ${R05}`)!.number, firstLeads.get(`${untouched._id} ${R05}`)!.number, firstLeads.get(`${overdue} ${R08}`)!.number,
    ].sort());
  });
});
