import { seedRuleSet } from '../../src/leads/rule-store.js';
import type { Rule, RuleSet } from '../../src/rules/index.js';

export const R04 = 'R04-land-criminal-threshold';
export const R05 = 'R05-fine-below-range';
export const R08 = 'R08-recommendation-overdue';

/** R04, R05 and R08 as e895223 (2026-11-29) seeded them, before this release revised them. */
const before: Readonly<Record<string, Partial<Rule>>> = {
  [R04]: {
    condition: { all: [
      { any: [
        { all: [{ fact: 'derived.forestLandMu', op: 'gte', param: 'protectedForestMu' }, { fact: 'derived.caseText', op: 'contains', value: ['公益林', '防护林', '特种用途林', '保护区'] }] },
        { fact: 'derived.forestLandMu', op: 'gte', param: 'otherForestMu' },
        { all: [{ fact: 'derived.farmlandMu', op: 'gte', param: 'basicFarmlandMu' }, { fact: 'derived.caseText', op: 'contains', value: ['基本农田'] }] },
        { fact: 'derived.farmlandMu', op: 'gte', param: 'otherFarmlandMu' },
      ] },
      { not: { fact: 'derived.caseText', op: 'contains', value: ['移送公安', '移送司法', '移交公安', '移交司法', '刑事立案'] } },
    ] },
    explanation: '涉案林地{forestLandMu}亩、耕地{farmlandMu}亩，达到刑事立案标准（公益林等保护林地{params.protectedForestMu}亩、其他林地{params.otherForestMu}亩；基本农田{params.basicFarmlandMu}亩、其他耕地{params.otherFarmlandMu}亩），未见移送公安机关记录，可能以罚代刑',
  },
  [R05]: {
    condition: { all: [
      { fact: 'case.fineYuan', op: 'gt', value: 0 }, { fact: 'derived.areaMu', op: 'gt', value: 0 }, { fact: 'derived.fineYuanPerMu', op: 'lt', param: 'minFineYuanPerMu' },
    ] },
  },
  [R08]: {
    kind: 'pil', params: { days: 1 }, raisedPer: undefined, escalate: undefined,
    condition: { all: [
      { fact: 'recommendation.status', op: 'in', value: ['issued', 'received', 'rectifying', 'reviewed_not_done'] }, { fact: 'derived.daysOverdue', op: 'gte', param: 'days' },
    ] },
    explanation: '检察建议{recommendation.ref}回复期限为{recommendation.dueOn}，已逾期{daysOverdue}日（{params.days}日起提示），目前状态：{recommendation.statusText}，累计逾期{overdueEpisodes}次',
  },
};

/** The seed rule set of this release with R04, R05 and R08 as the release of 2026-11-29 had them: version 1. */
export function ruleSetBeforeTheUpgrade(): RuleSet {
  const rules = seedRuleSet().rules.map((rule) => {
    if (!Object.hasOwn(before, rule.id)) return rule;
    const old: Rule = { ...rule, ...before[rule.id] };
    // Stored as JSON: a field the old rule did not have is absent, not undefined.
    return JSON.parse(JSON.stringify(old)) as Rule;
  });
  return { version: 1, rules };
}

