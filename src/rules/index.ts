/**
 * The lead rule engine (线索规则): rules are data (rules/seed-rules.json, checked by `validateRuleSet`),
 * `buildFacts` turns records into facts, and `evaluate` lists the rules that fire with the values that made
 * them fire. Pure apart from `readRuleFile`.
 */
export type * from './types.js';
export { CONDITION_OPS, FACT_FIELDS, FACT_ROOTS, LEAD_KINDS, RULE_SUBJECTS } from './types.js';
export { buildFacts, caseText, type CaseLike, type FactsInput, type ProgressLike, type RecommendationLike } from './build-facts.js';
export { evaluate, evaluateRule, type EvaluateOptions } from './evaluate.js';
export { validateRuleSet, type RuleSetValidation } from './validate.js';
export { fillExplanation, formatValue, MISSING_TEXT } from './explanation.js';
export { readRuleFile, seedRulesPath } from './rule-file.js';
export { firingAsRaised, kindAsRaised, leadStillStands, occurrenceOf, recordedFactsUnchanged, recordsAsOf, STATE_FACTS, type RaisedLead } from './as-raised.js';
export { describeValue, FACT_LABELS, labelOf, NOT_RECORDED, PARAM_LABELS, renderValue, type ValueLabel } from './labels.js';
