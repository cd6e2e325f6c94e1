import { describe, expect, it } from 'vitest';
import { compare, evaluateCondition, readFact } from '../../../src/rules/condition.js';
import { fillExplanation, formatValue } from '../../../src/rules/explanation.js';
import type { Condition, Facts } from '../../../src/rules/types.js';

const facts: Facts = {
  case: { caseNumber: '1号', party: '某公司', facts: '非法占用公益林地', status: 'open', fineYuan: 5000, finePaid: false, decidedOn: '2026-01-01' },
  derived: { today: '2026-04-01', daysSinceDecision: 90, laterCaseNumbers: ['2号', '3号'] },
};

describe('compare', () => {
  it.each([
    ['eq', 5000, 5000, true], ['eq', 5000, '5000', false], ['ne', undefined, true, true], ['ne', true, true, false],
    ['lt', 89, 90, true], ['lt', 90, 90, false], ['lte', 90, 90, true], ['gt', 91, 90, true], ['gt', 90, 90, false],
    ['gte', 90, 90, true], ['gte', 89, 90, false], ['gte', '2026-04-01', '2026-03-31', true],
    ['gte', undefined, 0, false], ['lt', undefined, 0, false], ['gte', '90', 90, false], ['gte', Number.NaN, 0, false],
    ['exists', 0, undefined, true], ['exists', false, undefined, true], ['exists', '', undefined, false], ['exists', [], undefined, false],
    ['missing', undefined, undefined, true], ['missing', null, undefined, true], ['missing', 'x', undefined, false],
    ['in', 'rectifying', ['issued', 'rectifying'], true], ['in', 'completed', ['issued'], false], ['in', undefined, ['issued'], false],
    ['contains', '非法占用公益林地', '公益林', true], ['contains', '非法占用公益林地', ['防护林', '公益林'], true],
    ['contains', '非法占用林地', ['防护林', '公益林'], false], ['contains', undefined, '公益林', false], ['contains', ['a', 'b'], 'b', true],
    ['affirms', '损失已追缴', ['追缴', '追回'], true], ['affirms', '损失未追缴', ['追缴', '追回'], false], ['affirms', undefined, '追缴', false],
    ['affirms', ['追缴'], '追缴', true],
  ] as const)('%s(%j, %j) is %s', (op, actual, expected, result) => {
    expect(compare(op, actual, expected)).toBe(result);
  });
});

describe('readFact', () => {
  it('follows a dotted path and gives undefined for anything not there', () => {
    expect(readFact(facts, 'case.fineYuan')).toBe(5000);
    expect(readFact(facts, 'recommendation.status')).toBeUndefined();
    expect(readFact(facts, 'case.constructor')).toBeUndefined();
    expect(readFact(facts, 'case.fineYuan.toFixed')).toBeUndefined();
  });
});

describe('evaluateCondition', () => {
  const params = { days: 90, small: 5 };

  it('compares with a param and reports the param with the fact', () => {
    const result = evaluateCondition({ fact: 'derived.daysSinceDecision', op: 'gte', param: 'days' }, facts, params);
    expect(result.passed).toBe(true);
    expect(Object.fromEntries(result.reads)).toEqual({ 'derived.daysSinceDecision': 90, 'params.days': 90 });
  });

  it('reports the branch of an any that passed, not the ones before it', () => {
    const condition: Condition = { any: [{ fact: 'case.fineYuan', op: 'gt', value: 10_000 }, { fact: 'case.facts', op: 'contains', value: '公益林' }] };
    const result = evaluateCondition(condition, facts, params);
    expect(result.passed).toBe(true);
    expect([...result.reads.keys()]).toEqual(['case.facts']);
  });

  it('reports every branch of an all that passed, and only the failing branch of one that failed', () => {
    const passing: Condition = { all: [{ fact: 'case.finePaid', op: 'eq', value: false }, { fact: 'case.fineYuan', op: 'gte', param: 'small' }] };
    expect([...evaluateCondition(passing, facts, params).reads.keys()]).toEqual(['case.finePaid', 'case.fineYuan', 'params.small']);
    const failing: Condition = { all: [{ fact: 'case.finePaid', op: 'eq', value: true }, { fact: 'case.fineYuan', op: 'gt', value: 0 }] };
    const result = evaluateCondition(failing, facts, params);
    expect(result.passed).toBe(false);
    expect([...result.reads.keys()]).toEqual(['case.finePaid']);
  });

  it('negates with not, keeping what it read', () => {
    const result = evaluateCondition({ not: { fact: 'case.facts', op: 'contains', value: '移送公安' } }, facts, params);
    expect(result.passed).toBe(true);
    expect(Object.fromEntries(result.reads)).toEqual({ 'case.facts': '非法占用公益林地' });
  });
});

describe('evaluateCondition with values that are not recorded', () => {
  const unrecorded: Facts = { case: { caseNumber: '1号', party: '某公司', facts: '非法占用林地', status: 'open', fineYuan: 5000 }, derived: { today: '2026-04-01' } };
  const outcome = (condition: Condition) => {
    const { passed, unknown } = evaluateCondition(condition, unrecorded, { days: 90 });
    return { passed, unknown };
  };

  it('treats a comparison with an unrecorded fact as unknown, never as a recorded "no"', () => {
    expect(outcome({ fact: 'case.finePaid', op: 'ne', value: true })).toEqual({ passed: false, unknown: true });
    expect(outcome({ fact: 'case.finePaid', op: 'eq', value: false })).toEqual({ passed: false, unknown: true });
    expect(outcome({ fact: 'derived.daysSinceDecision', op: 'lt', param: 'days' })).toEqual({ passed: false, unknown: true });
    expect(outcome({ fact: 'case.decision', op: 'contains', value: '责令' })).toEqual({ passed: false, unknown: true });
  });

  it('keeps unknown through not, and through all and any unless another branch decides', () => {
    expect(outcome({ not: { fact: 'case.finePaid', op: 'eq', value: true } })).toEqual({ passed: false, unknown: true });
    expect(outcome({ all: [{ fact: 'case.fineYuan', op: 'gt', value: 0 }, { fact: 'case.finePaid', op: 'ne', value: true }] })).toEqual({ passed: false, unknown: true });
    expect(outcome({ all: [{ fact: 'case.fineYuan', op: 'gt', value: 10_000 }, { fact: 'case.finePaid', op: 'ne', value: true }] })).toEqual({ passed: false, unknown: false });
    expect(outcome({ any: [{ fact: 'case.finePaid', op: 'eq', value: false }, { fact: 'case.fineYuan', op: 'gt', value: 0 }] })).toEqual({ passed: true, unknown: false });
  });

  it('lets a rule act on an unrecorded value only by saying so with missing, and records it as unrecorded', () => {
    const explicit: Condition = { any: [{ fact: 'case.finePaid', op: 'missing' }, { fact: 'case.finePaid', op: 'eq', value: false }] };
    const result = evaluateCondition(explicit, unrecorded, {});
    expect(result.passed).toBe(true);
    expect(Object.fromEntries(result.reads)).toEqual({ 'case.finePaid': undefined });
  });
});

describe('fillExplanation', () => {
  it('fills facts, bare derived names and params', () => {
    const text = fillExplanation('罚款{case.fineYuan}元，{case.decidedOn}起{daysSinceDecision}日，超过{params.days}日', facts, { days: 90 });
    expect(text).toBe('罚款5000元，2026-01-01起90日，超过90日');
  });

  it('shows a missing value as （未记录）', () => {
    expect(fillExplanation('面积{case.areaMu}亩，{params.none}，{nonsense.path}', facts, {})).toBe('面积（未记录）亩，（未记录），（未记录）');
  });

  it.each([
    [6666.9, '6666.9'], [2 / 3, '0.67'], [100_000, '100000'], [true, '是'], [false, '否'], [['2号', '3号'], '2号、3号'], [[], '（未记录）'], [null, '（未记录）'],
  ])('formats %j as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});
