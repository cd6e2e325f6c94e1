import { evaluateCondition, isPresent, readFact } from './condition.js';
import { fillExplanation, formatValue } from './explanation.js';
import type { Facts, Firing, Rule, RuleSet } from './types.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The clock of this evaluation, stamped on each firing (the facts were built with the same clock). */
  now: Date;
}

/** Whether the rule looks at this kind of record and this record's domain (领域); empty domains = all. */
function applies(rule: Rule, facts: Facts): boolean {
  const subject = rule.subject === 'case' ? facts.case : facts.recommendation;
  if (!subject) return false;
  // A record without a domain tag matches only rules for all domains: a domain rule needs the domain known.
  return rule.domains.length === 0 || (subject.domain !== undefined && rule.domains.includes(subject.domain));
}

/** Runs one rule; a firing when it is enabled, applies, and its condition holds. */
export function evaluateRule(rule: Rule, ruleVersion: number, facts: Facts, options: EvaluateOptions): Firing | undefined {
  if (!rule.enabled || !applies(rule, facts)) return undefined;
  const result = evaluateCondition(rule.condition, facts, rule.params);
  if (!result.passed) return undefined;
  // What escalated the kind is shown with the rest (累计逾期次数 2 次 says why R08 raised a 公益诉讼线索); a lead not
  // escalated keeps the card's few rows for what raised it.
  const escalation = rule.escalate && evaluateCondition(rule.escalate.condition, facts, rule.params);
  if (escalation?.passed) for (const [path, value] of escalation.reads) result.reads.set(path, value);
  const occurrence = rule.raisedPer === undefined ? undefined : readFact(facts, rule.raisedPer);
  // The value that tells this occurrence from the next is shown with the others, so the lead says which it is.
  if (rule.raisedPer !== undefined) result.reads.set(rule.raisedPer, occurrence);
  return {
    ruleId: rule.id,
    ruleVersion,
    kind: escalation?.passed && rule.escalate ? rule.escalate.kind : rule.kind,
    title: rule.title,
    explanation: fillExplanation(rule.explanation, facts, rule.params),
    values: Object.fromEntries([...result.reads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    legalBasis: rule.legalBasis,
    evaluatedAt: options.now.toISOString(),
    ...(isPresent(occurrence) ? { occurrence: formatValue(occurrence) } : {}),
  };
}

/**
 * Every rule of the set that fires on these facts, by rule id (code-unit order, independent of locale).
 * Pure: reads the rule set and facts, never changes them, and gives the same firings for the same input.
 *
 * @example
 * const facts = buildFacts({ case: record }, now, 'Asia/Shanghai');
 * evaluate(ruleSet, facts, { now }); // → [{ ruleId: 'R01-fine-unpaid', explanation: '罚款50000元自…', … }]
 */
export function evaluate(ruleSet: RuleSet, facts: Facts, options: EvaluateOptions): Firing[] {
  return [...ruleSet.rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .flatMap((rule) => evaluateRule(rule, ruleSet.version, facts, options) ?? []);
}
