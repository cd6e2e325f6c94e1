import { describe, expect, it } from 'vitest';
import { buildFacts, type FactsInput } from '../../../src/rules/build-facts.js';
import { evaluate } from '../../../src/rules/evaluate.js';
import type { Rule, RuleSet } from '../../../src/rules/types.js';
import { daysAgo, forestCase, instantDaysAgo, NOW, recommendation, seedRuleSet, TZ } from './rule-fixtures.js';

/** Freezes an object graph so any write to it throws (Dates included, as objects). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A rule that fires on every case, for order and domain tests. */
function alwaysRule(id: string, domains: string[] = []): Rule {
  return {
    id, title: `规则${id}`, kind: 'irregular', domains, subject: 'case', enabled: true, params: {},
    condition: { fact: 'case.caseNumber', op: 'exists' }, explanation: '案件{case.caseNumber}', legalBasis: '依据',
  };
}

const unpaidAndOverdue: FactsInput = {
  case: forestCase({ fineYuan: 50_000, finePaid: false, enforced: false, decidedOn: daysAgo(120), legalBasis: undefined }),
  recommendation: recommendation({ dueOn: daysAgo(3) }),
  progress: [{ kind: 'progress', createdAt: instantDaysAgo(10), evidence: [] }],
  sameParty: [],
};

describe('evaluate', () => {
  it('is pure: the same input gives the same firings, and neither rules nor facts are changed', () => {
    const ruleSet = deepFreeze(seedRuleSet());
    const input = deepFreeze(structuredClone(unpaidAndOverdue));
    const facts = deepFreeze(buildFacts(input, NOW, TZ));
    const before = structuredClone({ ruleSet, input, facts });
    const first = evaluate(ruleSet, facts, { now: NOW });
    const second = evaluate(ruleSet, buildFacts(input, NOW, TZ), { now: NOW });
    expect(second).toEqual(first);
    expect({ ruleSet, input, facts }).toEqual(before);
    expect(first.map((firing) => firing.ruleId)).toEqual(['R01-fine-unpaid', 'R08-recommendation-overdue', 'R11-missing-legal-basis']);
  });

  it('stamps each firing with the rule set version and the evaluation time', () => {
    const ruleSet: RuleSet = { ...seedRuleSet(), version: 7 };
    const [firing] = evaluate(ruleSet, buildFacts(unpaidAndOverdue, NOW, TZ), { now: NOW });
    expect(firing).toMatchObject({ ruleVersion: 7, evaluatedAt: '2026-04-01T02:00:00.000Z' });
  });

  it('shows the whole firing a prosecutor sees', () => {
    const [firing] = evaluate(seedRuleSet(), buildFacts({ case: unpaidAndOverdue.case }, NOW, TZ), { now: NOW });
    expect(firing).toEqual({
      ruleId: 'R01-fine-unpaid',
      ruleVersion: 1,
      kind: 'pil',
      title: '罚款决定后逾期未见缴纳或强制执行',
      explanation: '罚款50000元，处罚决定作出于2025-12-02，截至发现之日（2026-04-01）已120日（90日起提示）；案件记录罚款未缴纳且未强制执行。如罚款确未缴纳且未申请强制执行，行政机关可能怠于履行职责',
      values: { 'case.enforced': false, 'case.fineYuan': 50_000, 'case.finePaid': false, 'derived.daysSinceDecision': 120, 'params.days': 90 },
      legalBasis: '《中华人民共和国行政处罚法》第七十二条；《中华人民共和国行政诉讼法》第二十五条第四款',
      evaluatedAt: '2026-04-01T02:00:00.000Z',
    });
  });

  it('orders firings by rule id, whatever the order in the file', () => {
    const ruleSet: RuleSet = { version: 1, rules: [alwaysRule('R10'), alwaysRule('R02'), alwaysRule('R01')] };
    expect(evaluate(ruleSet, buildFacts({ case: forestCase() }, NOW, TZ), { now: NOW }).map((f) => f.ruleId)).toEqual(['R01', 'R02', 'R10']);
  });

  it('applies a rule only to the domains it names; no domains means all', () => {
    const ruleSet: RuleSet = { version: 1, rules: [alwaysRule('R-all'), alwaysRule('R-eco', ['生态环境和资源保护']), alwaysRule('R-food', ['食品药品安全'])] };
    const idsFor = (domain: string | undefined) => evaluate(ruleSet, buildFacts({ case: forestCase({ domain }) }, NOW, TZ), { now: NOW }).map((f) => f.ruleId);
    expect(idsFor('生态环境和资源保护')).toEqual(['R-all', 'R-eco']);
    expect(idsFor('食品药品安全')).toEqual(['R-all', 'R-food']);
    expect(idsFor(undefined)).toEqual(['R-all']);
  });

  it('never fires a disabled rule', () => {
    const ruleSet: RuleSet = { version: 1, rules: [{ ...alwaysRule('R-off'), enabled: false }] };
    expect(evaluate(ruleSet, buildFacts({ case: forestCase() }, NOW, TZ), { now: NOW })).toEqual([]);
  });

  it('runs case rules only on a case and recommendation rules only on a recommendation', () => {
    const ids = (input: FactsInput) => evaluate(seedRuleSet(), buildFacts(input, NOW, TZ), { now: NOW }).map((f) => f.ruleId);
    expect(ids({ recommendation: unpaidAndOverdue.recommendation })).toEqual(['R08-recommendation-overdue']);
    expect(ids({ case: unpaidAndOverdue.case })).toEqual(['R01-fine-unpaid', 'R11-missing-legal-basis']);
  });
});
