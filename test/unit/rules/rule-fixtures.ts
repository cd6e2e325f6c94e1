import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/due-date.js';
import { dateOnly } from '../../../src/calendar/local-date.js';
import { buildFacts, type CaseLike, type FactsInput, type RecommendationLike } from '../../../src/rules/build-facts.js';
import { evaluate } from '../../../src/rules/evaluate.js';
import { seedRulesPath } from '../../../src/rules/rule-file.js';
import type { Firing, RuleSet } from '../../../src/rules/types.js';
import { validateRuleSet } from '../../../src/rules/validate.js';

/** 10:00 on 2026-04-01 in Shanghai: the clock of every rule test. */
export const NOW = new Date('2026-04-01T02:00:00Z');
export const TZ = 'Asia/Shanghai';
export const TODAY = '2026-04-01';

/** The seed rule file, validated as the bot would load it. */
export function seedRuleSet(): RuleSet {
  const result = validateRuleSet(JSON.parse(readFileSync(seedRulesPath(), 'utf8')));
  if (!result.ok) throw new Error(`seed rules do not validate:\n${result.errors.join('\n')}`);
  return result.ruleSet;
}

/** A stored date-only value `days` days before TODAY. */
export function daysAgo(days: number): Date {
  return dateOnly(addDays(TODAY, -days));
}

/** An instant at 10:00 Shanghai time `days` days before TODAY (a progress update's createdAt). */
export function instantDaysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000);
}

/** A forestry penalty case; tests override what their rule reads. */
export function forestCase(overrides: Partial<CaseLike> = {}): CaseLike {
  return {
    _id: 'case-1', caseNumber: '富林罚〔2026〕1号', party: '某木业有限公司', facts: '非法运输木材', status: 'open',
    caseType: '处罚', decision: '罚款50000元', fineYuan: 50_000, legalBasis: '《森林法》第七十八条',
    decidedOn: daysAgo(30), domain: '生态环境和资源保护', agency: 'linye', quantities: [],
    ...overrides,
  };
}

/** A recommendation in rectification; tests override its status and dates. */
export function recommendation(overrides: Partial<RecommendationLike> = {}): RecommendationLike {
  return {
    _id: 'rec-14', ref: '富检行公建[2021]14号', status: 'rectifying', agency: 'linye', title: '督促恢复被非法占用林地',
    issuedOn: daysAgo(70), receivedOn: daysAgo(62), dueOn: daysAgo(1), urgent: false, domain: '生态环境和资源保护',
    ...overrides,
  };
}

/** A copy of the rule set with one rule changed. */
export function changeRule(ruleSet: RuleSet, ruleId: string, change: { enabled?: boolean; params?: Record<string, number> }): RuleSet {
  const copy = structuredClone(ruleSet);
  const rule = copy.rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  if (change.enabled !== undefined) rule.enabled = change.enabled;
  if (change.params) rule.params = { ...rule.params, ...change.params };
  return copy;
}

/** The firing of one rule on these records (at NOW unless `at` is given), or undefined when it does not fire. */
export function firingOf(ruleSet: RuleSet, ruleId: string, input: FactsInput, at: Date = NOW): Firing | undefined {
  return evaluate(ruleSet, buildFacts(input, at, TZ), { now: at }).find((firing) => firing.ruleId === ruleId);
}

/** How one rule's threshold is tested: records just over it, records one unit short, and how its param moves it. */
export interface ThresholdSpec {
  ruleId: string;
  /** Records exactly at the threshold: the rule fires. */
  fires: FactsInput;
  /** The same records one unit short of it: the rule stays silent. */
  short: FactsInput;
  /** Texts (the values) the explanation must contain when it fires. */
  mentions: string[];
  /** Facts (and params) the firing must list with these values. */
  values: Record<string, unknown>;
  /** The threshold param: at `stopAt` the `fires` records no longer fire; at `startAt` the `short` ones do. */
  param?: { name: string; stopAt: number; startAt: number };
}

/** The tests every seed rule gets: boundary, explanation, switch-off and a moved threshold. */
export function itHonoursItsThreshold(spec: ThresholdSpec): void {
  const rules = seedRuleSet();

  it('fires exactly at its threshold', () => {
    const firing = firingOf(rules, spec.ruleId, spec.fires);
    expect(firing).toBeDefined();
    expect(firing?.values).toMatchObject(spec.values);
  });

  it('does not fire one unit short of its threshold', () => {
    expect(firingOf(rules, spec.ruleId, spec.short)).toBeUndefined();
  });

  it('names the values in its explanation, with nothing left unfilled', () => {
    const explanation = firingOf(rules, spec.ruleId, spec.fires)?.explanation ?? '';
    for (const text of spec.mentions) expect(explanation).toContain(text);
    expect(explanation).not.toMatch(/[{}]/);
  });

  it('stops firing when switched off', () => {
    expect(firingOf(changeRule(rules, spec.ruleId, { enabled: false }), spec.ruleId, spec.fires)).toBeUndefined();
  });

  const { param } = spec;
  if (param) {
    it(`moves its boundary with params.${param.name}`, () => {
      expect(firingOf(changeRule(rules, spec.ruleId, { params: { [param.name]: param.stopAt } }), spec.ruleId, spec.fires)).toBeUndefined();
      expect(firingOf(changeRule(rules, spec.ruleId, { params: { [param.name]: param.startAt } }), spec.ruleId, spec.short)).toBeDefined();
    });
  }
}
