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
    // Reseeding rules already as the seed has them makes no version.
    expect(await reseedRules(mongo, 'operator', new Date(raisedAt.getTime() + 3600_000))).toMatchObject({ version: 3, changed: false });
    expect((await currentRuleSet(mongo)).version).toBe(3);

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

const R03 = 'R03-violation-continuing';

/** The seed as it was before R03 was corrected: a case with no filing or decision date counted from its entry. */
function ruleSetBeforeTheR03Fix(): RuleSet {
  const seed = seedRuleSet();
  return {
    version: 1,
    rules: seed.rules.map((rule) => rule.id !== R03 ? rule : {
      ...rule,
      condition: { all: [
        { fact: 'case.decidedOn', op: 'exists' },
        { any: [{ fact: 'case.fineYuan', op: 'gt', value: 0 }, { fact: 'case.decision', op: 'exists' }] },
        { fact: 'derived.laterCasesOfSameParty', op: 'gte', param: 'cases' },
      ] },
      explanation: '当事人{case.party}于{case.decidedOn}受到处罚后，截至发现之日（{today}）本单位又立案{laterCasesOfSameParty}件（{laterCaseNumbers}），达到{params.cases}件，违法行为可能持续',
    }),
  };
}

/** A 林业局 case of `party`; dates and entry as given. */
function forestryCase(id: string, caseNumber: string, party: string, dates: Partial<CaseRecord>): CaseRecord {
  return {
    _id: id, agency: 'linye', caseNumber, caseKey: caseNumber.replace(/[〔〕]/g, (b) => (b === '〔' ? '[' : ']')), caseType: '处罚', party,
    facts: '擅自改变林地用途', legalBasis: '《森林法实施条例》第四十三条', decision: '责令恢复原状，罚款40000元', fineYuan: 40_000, finePaid: true,
    domain: '生态环境和资源保护', status: 'closed', createdBy: 'import', sourceId: `import:${id}`, createdAt: new Date('2026-11-20T02:00:00Z'), history: [],
    ...dates,
  };
}

/**
 * 戚某 (tester round 5, finding 6): penalised on 2026-03-01, and a 〔2025〕 case imported without dates on 2026-11-20.
 * The old R03 counted the import as a later filing; the revised one does not know when that case began.
 */
describe('reseeding R03 over leads raised on a case without dates', () => {
  const ns = isolate('evalreseedr03');
  let mongo: Connection;
  const penalised = forestryCase('case-qi-801', '富林罚〔2026〕801号', '戚某', { decidedOn: dateOnly('2026-03-01') });
  const undated = forestryCase('case-qi-88', '富林罚〔2025〕88号', '戚某', {});
  const repeat = [
    forestryCase('case-yan-7', '富林罚〔2026〕7号', '严某', { decidedOn: dateOnly('2026-02-01') }),
    forestryCase('case-yan-9', '富林罚〔2026〕9号', '严某', { filedOn: dateOnly('2026-06-01') }),
  ];
  const evaluate = (id: string, now: Date) => evaluateSubject({ mongo, timeZone: TZ, now }, { kind: 'case', id });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await mongo.collection('rulesets').insertOne({ _id: 'current', ...ruleSetBeforeTheR03Fix(), changedAt: new Date(), changedBy: 'seed', change: 'seed' } as never);
    for (const record of [penalised, undated, ...repeat]) await caseModel(mongo).create(record);
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('withdraws the lead that counted the undated case as the rule revised, and keeps the one a dated later case raised', async () => {
    const raisedAt = new Date('2026-11-30T02:00:00Z');
    const old = (await evaluate(penalised._id, raisedAt)).created.find((lead) => lead.ruleId === R03);
    expect(old?.explanation).toContain('又立案1件（富林罚〔2025〕88号）');
    expect((await evaluate(repeat[0]!._id, raisedAt)).created.map((lead) => lead.ruleId)).toContain(R03);

    await reseedRules(mongo, 'operator', new Date(raisedAt.getTime() + 3600_000));
    const later = new Date(raisedAt.getTime() + 7200_000);
    const { created, withdrawn } = await evaluate(penalised._id, later);
    expect([created, withdrawn.map((lead) => lead.ruleId)]).toEqual([[], [R03]]);
    expect(withdrawn[0]?.history.at(-1)?.detail).toEqual({ reason: '规则已修订，按修订后的规则条件不成立' });
    const standing = await evaluate(repeat[0]!._id, later);
    expect([standing.created, standing.withdrawn]).toEqual([[], []]);
    expect(standing.leads.find((lead) => lead.ruleId === R03)?.status).toBe('open');
  });
});
