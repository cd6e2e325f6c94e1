import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { dateOnly } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject } from '../../src/leads/evaluate-subject.js';
import { changeRule, currentRuleSet, reseedRules, seedRuleSet } from '../../src/leads/rule-store.js';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import type { RuleSet } from '../../src/rules/index.js';
import { isolate } from '../support/isolation.js';

const TZ = 'Asia/Shanghai';
const R06 = 'R06-licence-expired';

/** The seed as it was before R06 was corrected: it fired on the bare word 无证. */
function ruleSetBeforeTheFix(): RuleSet {
  const seed = seedRuleSet();
  return {
    version: 1,
    rules: seed.rules.map((rule) => rule.id !== R06 ? rule : {
      ...rule, title: '许可证过期或无证仍在经营',
      condition: { fact: 'derived.caseText', op: 'contains', value: ['许可证过期', '许可证已过期', '超期开采', '无证'] },
      explanation: '案件记录显示许可证过期、超期或无证仍在从事相关活动（“{case.facts}”），请核查许可是否依法注销、违法活动是否依法制止',
    }),
  };
}

/** 富自然罚〔2026〕8号 of the demo: mining without a licence, penalised as it should be. */
const unlicensedMining: CaseRecord = {
  _id: 'case-ziran-8', agency: 'ziran', caseNumber: '富自然罚〔2026〕8号', caseKey: '富自然罚[2026]8号', caseType: '处罚', party: '某建材公司',
  facts: '未取得采矿许可证擅自开采砂石', violation: '无证采矿', legalBasis: '《矿产资源法》第三十九条', decision: '责令停止开采，罚款20万元',
  fineYuan: 200_000, finePaid: false, decidedOn: dateOnly('2026-07-23'), domain: '生态环境和资源保护', status: 'open', createdBy: 'seed',
  sourceId: 'seed:ziran-8', createdAt: new Date('2026-07-24T02:00:00Z'), history: [],
};

/**
 * A database keeps the rule set it was first given; reseeding puts corrected rules in force, keeping the operators'
 * switches and thresholds, and an open lead the corrected rule would not have raised is withdrawn as such.
 */
describe('reseeding the rules over a database that has the old ones', () => {
  const ns = isolate('evalreseed');
  let mongo: Connection;
  const evaluate = (now: Date) => evaluateSubject({ mongo, timeZone: TZ, now }, { kind: 'case', id: unlicensedMining._id });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await mongo.collection('rulesets').insertOne({ _id: 'current', ...ruleSetBeforeTheFix(), changedAt: new Date(), changedBy: 'seed', change: 'seed' } as never);
    await caseModel(mongo).create(unlicensedMining);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('withdraws the 无证 lead of the old R06 once the corrected rule is in force, and leaves the other leads standing', async () => {
    const raisedAt = new Date('2026-11-30T02:00:00Z');
    const { created } = await evaluate(raisedAt);
    const r06 = created.find((lead) => lead.ruleId === R06);
    expect(r06?.explanation).toContain('无证仍在从事相关活动');

    await changeRule(mongo, 'R07-large-fine-no-hearing', { params: { hearingFineYuan: 150_000 } }, 'operator', raisedAt);
    const reseeded = await reseedRules(mongo, 'operator', new Date(raisedAt.getTime() + 3600_000));
    expect(reseeded.version).toBe(3);
    const inForce = await currentRuleSet(mongo);
    expect(inForce.rules.find((r) => r.id === R06)?.title).toBe('许可期满后仍从事许可事项');
    expect(inForce.rules.find((r) => r.id === 'R07-large-fine-no-hearing')?.params).toEqual({ hearingFineYuan: 150_000 });

    const { created: again, withdrawn } = await evaluate(new Date(raisedAt.getTime() + 7200_000));
    expect(again).toEqual([]);
    expect(withdrawn.map((lead) => lead.ruleId)).toEqual([R06]);
    expect(withdrawn[0]?.history.at(-1)?.detail).toEqual({ reason: '规则已修订，按修订后的规则条件不成立' });
    const others = await leadModel(mongo).find({ 'subject.id': unlicensedMining._id, ruleId: { $ne: R06 } }).lean();
    expect(others.map((lead) => [lead.ruleId, lead.status]).sort()).toEqual([
      ['R01-fine-unpaid', 'open'], ['R02-rectification-unchecked', 'open'], ['R07-large-fine-no-hearing', 'open'],
    ]);
  });
});
