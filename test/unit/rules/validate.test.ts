import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleFile } from '../../../src/rules/rule-file.js';
import { validateRuleSet } from '../../../src/rules/validate.js';
import { seedRuleSet } from './rule-fixtures.js';

/** A valid one-rule file; each test breaks one thing. */
function ruleFile(rule: Record<string, unknown> = {}, more: Record<string, unknown>[] = []) {
  return {
    version: 3,
    rules: [
      {
        id: 'R01-fine-unpaid', title: '罚款逾期未缴纳', kind: 'pil', domains: [], subject: 'case', enabled: true, params: { days: 90 },
        condition: { all: [{ fact: 'case.finePaid', op: 'ne', value: true }, { fact: 'derived.daysSinceDecision', op: 'gte', param: 'days' }] },
        explanation: '已{daysSinceDecision}日，超过{params.days}日', legalBasis: '《行政诉讼法》第二十五条第四款',
        ...rule,
      },
      ...more,
    ],
  };
}

function errorsOf(json: unknown): string[] {
  const result = validateRuleSet(json);
  return result.ok ? [] : result.errors;
}

describe('validateRuleSet', () => {
  it('accepts the seed rules, every one with a legal basis and a unique id', () => {
    const ruleSet = seedRuleSet();
    expect(ruleSet.version).toBe(1);
    expect(ruleSet.rules.map((rule) => rule.id)).toEqual([
      'R01-fine-unpaid', 'R02-rectification-unchecked', 'R03-violation-continuing', 'R04-land-criminal-threshold', 'R05-fine-below-range',
      'R06-licence-expired', 'R07-large-fine-no-hearing', 'R08-recommendation-overdue', 'R09-complete-without-evidence',
      'R10-state-loss-unrecovered', 'R11-missing-legal-basis',
    ]);
  });

  it('returns a copy, so editing the parsed JSON later does not change the loaded rules', () => {
    const json = ruleFile();
    const result = validateRuleSet(json);
    json.rules[0]!.enabled = false;
    expect(result.ok && result.ruleSet.rules[0]?.enabled).toBe(true);
  });

  it('rejects an unknown op, naming the rule, the place and the ops there are', () => {
    const errors = errorsOf(ruleFile({ condition: { fact: 'case.fineYuan', op: 'gtt', value: 1 } }));
    expect(errors).toEqual(['rules[0] (R01-fine-unpaid).condition.op: unknown op "gtt"; use one of eq, ne, lt, lte, gt, gte, exists, missing, in, contains, affirms']);
  });

  it('rejects an unknown fact root and a misspelt fact', () => {
    expect(errorsOf(ruleFile({ condition: { fact: 'agency.name', op: 'exists' } }))).toEqual([
      'rules[0] (R01-fine-unpaid).condition.fact: unknown fact root "agency" in "agency.name"; facts start with case., recommendation. or derived.',
    ]);
    expect(errorsOf(ruleFile({ condition: { fact: 'case.finPaid', op: 'exists' } }))).toEqual(['rules[0] (R01-fine-unpaid).condition.fact: unknown fact "case.finPaid"']);
  });

  it('rejects a param the rule does not have, in the condition and in the explanation', () => {
    const errors = errorsOf(ruleFile({ params: { day: 90 } }));
    expect(errors).toEqual([
      'rules[0] (R01-fine-unpaid).params.day: has no Chinese label; name it in PARAM_LABELS (src/rules/labels.ts) or use a named one (days, cases, protectedForestMu, otherForestMu, basicFarmlandMu, otherFarmlandMu, minFineYuanPerMu, hearingFineYuan, minLossYuan, episodes)',
      'rules[0] (R01-fine-unpaid).explanation: {params.days} is not in the rule\'s params',
      'rules[0] (R01-fine-unpaid).condition.all[1].param: "days" is not in the rule\'s params (day)',
    ]);
  });

  it('rejects a duplicate id', () => {
    const errors = errorsOf(ruleFile({}, [ruleFile().rules[0]!]));
    expect(errors).toEqual(['rules[1] (R01-fine-unpaid).id: duplicate id "R01-fine-unpaid"; ids must be unique']);
  });

  it.each([
    [{ kind: 'lead' }, '.kind: "lead" is not one of pil, criminal, duty_crime, irregular, prompt'],
    [{ subject: 'agency' }, '.subject: "agency" is not one of case, recommendation'],
    [{ enabled: 'yes' }, '.enabled: must be true or false'],
    [{ params: { days: '90' } }, '.params.days: must be a number (got "90")'],
    [{ domains: '生态环境和资源保护' }, '.domains: must be a list of domain names ([] = all domains)'],
    [{ legalBasis: '' }, '.legalBasis: must name the law, e.g. 《行政诉讼法》第二十五条第四款'],
    [{ enable: true }, ': unknown key "enable"'],
    [{ explanation: '{case.nothing}' }, '.explanation: {case.nothing} is not a known fact or params.<name>'],
    [{ condition: { all: [] } }, '.condition.all: must be a non-empty list of conditions'],
    [{ condition: { fact: 'case.fineYuan', op: 'gt', value: 1, param: 'days' } }, '.condition: "gt" needs exactly one of value or param'],
    [{ condition: { fact: 'case.fineYuan', op: 'gt' } }, '.condition: "gt" needs exactly one of value or param'],
    [{ condition: { fact: 'case.fineYuan', op: 'exists', value: 1 } }, '.condition: "exists" takes no value or param'],
    [{ condition: { fact: 'case.fineYuan', op: 'gt', value: [1] } }, '.condition.value: "gt" compares with a number or a YYYY-MM-DD date'],
    [{ condition: { fact: 'case.status', op: 'in', value: 'open' } }, '.condition.value: "in" needs a non-empty list'],
    [{ condition: { fact: 'case.facts', op: 'contains', value: [''] } }, '.condition.value: "contains" needs a word or a non-empty list of words'],
    [{ condition: { fact: 'case.facts', op: 'contains', param: 'days' } }, '.condition: "contains" compares with a value (a list or words), not a param'],
    [{ condition: { fact: 'case.facts', op: 'affirms', value: [] } }, '.condition.value: "affirms" needs a word or a non-empty list of words'],
    [{ condition: { fact: 'case.facts', op: 'affirms', param: 'days' } }, '.condition: "affirms" compares with a value (a list or words), not a param'],
    [{ condition: { all: [{ fact: 'case.facts', op: 'exists' }], not: { fact: 'case.facts', op: 'exists' } } }, '.condition: a condition has exactly one of all, any, not, or fact/op (found all, not)'],
    [{ condition: { fact: 'case.facts', op: 'exists', values: 1 } }, '.condition: unknown key "values" (a fact condition has fact, op, and value or param)'],
    [{ condition: { fact: 'recommendation.status', op: 'exists' } }, '.condition.fact: a rule about a case cannot read recommendation.status'],
    [{ condition: 'case.finePaid == false' }, '.condition: a condition must be an object with all, any, not, or fact and op'],
    [{ condition: { fact: 'case.finePaid', op: 'eq', value: null } }, '.condition.value: "eq" compares with a text, number or boolean; test an unrecorded value with "missing" or "exists"'],
    [{ params: { days: 90, weeks: 2 } }, '.params.weeks: has no Chinese label; name it in PARAM_LABELS (src/rules/labels.ts) or use a named one (days, cases, protectedForestMu, otherForestMu, basicFarmlandMu, otherFarmlandMu, minFineYuanPerMu, hearingFineYuan, minLossYuan, episodes)'],
    [{ escalate: { kind: 'lead', condition: { fact: 'case.fineYuan', op: 'gt', value: 1 } } }, '.escalate.kind: "lead" is not one of pil, criminal, duty_crime, irregular, prompt'],
    [{ escalate: { kind: 'pil', condition: { fact: 'case.nothing', op: 'exists' } } }, '.escalate.condition.fact: unknown fact "case.nothing"'],
    [{ escalate: { kind: 'pil' } }, '.escalate.condition: a condition must be an object with all, any, not, or fact and op'],
    [{ raisedPer: 'case.dueOn' }, '.raisedPer.fact: unknown fact "case.dueOn"'],
    [{ raisedPer: 'recommendation.dueOn' }, '.raisedPer.fact: a rule about a case cannot read recommendation.dueOn'],
  ])('rejects %j', (change, message) => {
    expect(errorsOf(ruleFile(change))).toContain(`rules[0] (R01-fine-unpaid)${message}`);
  });

  it('rejects a file that is not a rule set at all', () => {
    expect(errorsOf([])).toEqual(['the rule file must be an object { "version": 1, "rules": [ … ] }']);
    expect(errorsOf({ version: 0, rules: {} })).toEqual(['version: must be a whole number from 1 (got 0)', 'rules: must be a list of rules']);
    expect(errorsOf({ ...ruleFile(), extra: 1 })).toEqual(['unknown key "extra" (a rule file has version and rules)']);
  });

  it('lists every problem at once', () => {
    expect(errorsOf(ruleFile({ kind: 'x', enabled: 1, condition: { fact: 'case.x', op: 'like' } }))).toHaveLength(4);
  });
});

describe('readRuleFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));

  it('loads the seed file', async () => {
    const result = await readRuleFile();
    expect(result.ok && result.ruleSet.rules.length).toBe(11);
  });

  it('refuses a file that is not JSON, or not valid, naming the file', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1, ');
    const notJson = await readRuleFile(broken);
    expect(!notJson.ok && notJson.errors[0]).toMatch(/broken\.json: cannot be read as JSON/);
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify(ruleFile({ kind: 'x' })));
    const result = await readRuleFile(invalid);
    expect(!result.ok && result.errors).toEqual([`${invalid}: rules[0] (R01-fine-unpaid).kind: "x" is not one of pil, criminal, duty_crime, irregular, prompt`]);
  });
});
