import { isKnownFact, placeholderTarget, placeholders } from './explanation.js';
import { PARAM_LABELS } from './labels.js';
import { CONDITION_OPS, FACT_ROOTS, LEAD_KINDS, RULE_SUBJECTS, type ConditionOp, type RuleSet } from './types.js';

/** A rule file that may be loaded, or every reason it may not. */
export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] };

const RULE_KEYS = ['id', 'title', 'kind', 'domains', 'subject', 'enabled', 'params', 'condition', 'explanation', 'legalBasis', 'note', 'raisedPer', 'escalate'];
const FACT_KEYS = ['fact', 'op', 'value', 'param'];
const ORDER_OPS: readonly ConditionOp[] = ['lt', 'lte', 'gt', 'gte'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOp(value: unknown): value is ConditionOp {
  return (CONDITION_OPS as readonly unknown[]).includes(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const quote = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Checks one rule's condition tree; `at` is where it sits, for the error text. */
function checkCondition(condition: unknown, rule: Json, at: string, errors: string[]): void {
  if (!isObject(condition)) return void errors.push(`${at}: a condition must be an object with all, any, not, or fact and op`);
  const shapes = ['all', 'any', 'not', 'fact'].filter((key) => key in condition);
  if (shapes.length !== 1) return void errors.push(`${at}: a condition has exactly one of all, any, not, or fact/op (found ${shapes.join(', ') || 'none'})`);
  const [shape] = shapes;
  if (shape === 'all' || shape === 'any') {
    const list = condition[shape];
    if (Object.keys(condition).length !== 1) errors.push(`${at}: "${shape}" stands alone in its object`);
    if (!Array.isArray(list) || list.length === 0) return void errors.push(`${at}.${shape}: must be a non-empty list of conditions`);
    list.forEach((child, index) => checkCondition(child, rule, `${at}.${shape}[${index}]`, errors));
    return;
  }
  if (shape === 'not') {
    if (Object.keys(condition).length !== 1) errors.push(`${at}: "not" stands alone in its object`);
    return checkCondition(condition.not, rule, `${at}.not`, errors);
  }
  checkFactCondition(condition, rule, at, errors);
}

function checkFactCondition(condition: Json, rule: Json, at: string, errors: string[]): void {
  for (const key of Object.keys(condition)) if (!FACT_KEYS.includes(key)) errors.push(`${at}: unknown key "${key}" (a fact condition has fact, op, and value or param)`);
  const { fact, op, value, param } = condition;
  if (!isText(fact)) errors.push(`${at}.fact: must be a dotted path such as "case.finePaid"`);
  else checkFactPath(fact, rule, at, errors);
  if (!isOp(op)) {
    return void errors.push(`${at}.op: unknown op ${quote(op)}; use one of ${CONDITION_OPS.join(', ')}`);
  }
  const hasValue = 'value' in condition;
  const hasParam = 'param' in condition;
  if (op === 'exists' || op === 'missing') {
    if (hasValue || hasParam) errors.push(`${at}: "${op}" takes no value or param`);
    return;
  }
  if (hasValue === hasParam) return void errors.push(`${at}: "${op}" needs exactly one of value or param`);
  if (hasParam) return checkParamReference(param, op, rule, at, errors);
  checkLiteral(value, op, at, errors);
}

function checkFactPath(fact: string, rule: Json, at: string, errors: string[]): void {
  const root = fact.split('.')[0];
  if (!(FACT_ROOTS as readonly string[]).includes(root ?? '')) {
    return void errors.push(`${at}.fact: unknown fact root "${root}" in "${fact}"; facts start with case., recommendation. or derived.`);
  }
  if (!isKnownFact(fact)) return void errors.push(`${at}.fact: unknown fact "${fact}"`);
  const other = rule.subject === 'case' ? 'recommendation' : 'case';
  if (root === other) errors.push(`${at}.fact: a rule about a ${String(rule.subject)} cannot read ${fact}`);
}

function checkParamReference(param: unknown, op: ConditionOp, rule: Json, at: string, errors: string[]): void {
  if (op === 'in' || op === 'contains' || op === 'affirms') return void errors.push(`${at}: "${op}" compares with a value (a list or words), not a param`);
  const params = isObject(rule.params) ? rule.params : {};
  if (!isText(param) || !Object.hasOwn(params, param)) {
    errors.push(`${at}.param: ${quote(param)} is not in the rule's params (${Object.keys(params).join(', ') || 'none'})`);
  }
}

function checkLiteral(value: unknown, op: ConditionOp, at: string, errors: string[]): void {
  const primitive = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (ORDER_OPS.includes(op) && !(typeof value === 'number' || typeof value === 'string')) errors.push(`${at}.value: "${op}" compares with a number or a YYYY-MM-DD date`);
  if ((op === 'eq' || op === 'ne') && (!primitive || value === null)) {
    // An unrecorded value is neither equal nor unequal to anything (condition.ts); null would never match.
    errors.push(`${at}.value: "${op}" compares with a text, number or boolean; test an unrecorded value with "missing" or "exists"`);
  }
  if (op === 'in' && (!Array.isArray(value) || value.length === 0)) errors.push(`${at}.value: "in" needs a non-empty list`);
  if ((op === 'contains' || op === 'affirms') && !(isText(value) || (Array.isArray(value) && value.length > 0 && value.every(isText)))) {
    errors.push(`${at}.value: "${op}" needs a word or a non-empty list of words`);
  }
}

function checkParams(params: unknown, at: string, errors: string[]): void {
  if (!isObject(params)) return void errors.push(`${at}.params: must be an object of numbers, e.g. { "days": 90 }`);
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${at}.params.${key}: must be a number (got ${quote(value)})`);
    // Thresholds are shown to prosecutors on every lead; one without a Chinese name would show as its code.
    if (!Object.hasOwn(PARAM_LABELS, key)) errors.push(`${at}.params.${key}: has no Chinese label; name it in PARAM_LABELS (src/rules/labels.ts) or use a named one (${Object.keys(PARAM_LABELS).join(', ')})`);
  }
}

function checkExplanation(rule: Json, at: string, errors: string[]): void {
  if (!isText(rule.explanation)) return void errors.push(`${at}.explanation: must be a Chinese text`);
  const params = isObject(rule.params) ? rule.params : {};
  for (const name of placeholders(rule.explanation)) {
    const target = placeholderTarget(name);
    if (!target) errors.push(`${at}.explanation: {${name}} is not a known fact or params.<name>`);
    else if (target.kind === 'param' && !Object.hasOwn(params, target.key)) errors.push(`${at}.explanation: {${name}} is not in the rule's params`);
  }
}

function checkRaisedPer(rule: Json, at: string, errors: string[]): void {
  if (!('raisedPer' in rule)) return;
  if (!isText(rule.raisedPer)) return void errors.push(`${at}.raisedPer: must be a fact path such as "recommendation.dueOn"`);
  checkFactPath(rule.raisedPer, rule, `${at}.raisedPer`, errors);
}

function checkEscalate(rule: Json, at: string, errors: string[]): void {
  if (!('escalate' in rule)) return;
  const escalate = rule.escalate;
  if (!isObject(escalate)) return void errors.push(`${at}.escalate: must be an object { "kind": …, "condition": … }`);
  for (const key of Object.keys(escalate)) if (key !== 'kind' && key !== 'condition') errors.push(`${at}.escalate: unknown key "${key}" (it has kind and condition)`);
  if (!(LEAD_KINDS as readonly unknown[]).includes(escalate.kind)) errors.push(`${at}.escalate.kind: ${quote(escalate.kind)} is not one of ${LEAD_KINDS.join(', ')}`);
  checkCondition(escalate.condition, rule, `${at}.escalate.condition`, errors);
}

function checkRule(rule: unknown, at: string, errors: string[]): void {
  if (!isObject(rule)) return void errors.push(`${at}: a rule must be an object`);
  for (const key of Object.keys(rule)) if (!RULE_KEYS.includes(key)) errors.push(`${at}: unknown key "${key}"`);
  if (!isText(rule.id)) errors.push(`${at}.id: must be a text such as "R01-fine-unpaid"`);
  if (!isText(rule.title)) errors.push(`${at}.title: must be a Chinese title`);
  if (!(LEAD_KINDS as readonly unknown[]).includes(rule.kind)) errors.push(`${at}.kind: ${quote(rule.kind)} is not one of ${LEAD_KINDS.join(', ')}`);
  if (!Array.isArray(rule.domains) || !rule.domains.every(isText)) errors.push(`${at}.domains: must be a list of domain names ([] = all domains)`);
  if (!(RULE_SUBJECTS as readonly unknown[]).includes(rule.subject)) errors.push(`${at}.subject: ${quote(rule.subject)} is not one of ${RULE_SUBJECTS.join(', ')}`);
  if (typeof rule.enabled !== 'boolean') errors.push(`${at}.enabled: must be true or false`);
  if (!isText(rule.legalBasis)) errors.push(`${at}.legalBasis: must name the law, e.g. 《行政诉讼法》第二十五条第四款`);
  if ('note' in rule && typeof rule.note !== 'string') errors.push(`${at}.note: must be a text`);
  checkParams(rule.params, at, errors);
  checkExplanation(rule, at, errors);
  checkRaisedPer(rule, at, errors);
  checkCondition(rule.condition, rule, `${at}.condition`, errors);
  checkEscalate(rule, at, errors);
}

/**
 * Checks a parsed rule file before it is used, so operators cannot load a broken one: every problem is listed
 * with where it is, e.g. `rules[2] (R03-violation-continuing).condition.all[1].op: unknown op "gtt"; use one of …`.
 */
export function validateRuleSet(json: unknown): RuleSetValidation {
  const errors: string[] = [];
  if (!isObject(json)) return { ok: false, errors: ['the rule file must be an object { "version": 1, "rules": [ … ] }'] };
  for (const key of Object.keys(json)) if (key !== 'version' && key !== 'rules') errors.push(`unknown key "${key}" (a rule file has version and rules)`);
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) errors.push(`version: must be a whole number from 1 (got ${quote(json.version)})`);
  if (!Array.isArray(json.rules)) return { ok: false, errors: [...errors, 'rules: must be a list of rules'] };
  const seen = new Set<string>();
  json.rules.forEach((rule, index) => {
    const id = isObject(rule) && isText(rule.id) ? rule.id : undefined;
    const at = id ? `rules[${index}] (${id})` : `rules[${index}]`;
    if (id && seen.has(id)) errors.push(`${at}.id: duplicate id "${id}"; ids must be unique`);
    if (id) seen.add(id);
    checkRule(rule, at, errors);
  });
  if (errors.length > 0) return { ok: false, errors };
  // Every field was checked above; a deep copy keeps later edits of the parsed JSON out of the loaded set.
  return { ok: true, ruleSet: structuredClone(json) as unknown as RuleSet };
}
