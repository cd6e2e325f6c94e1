import { affirmsWord } from './negation.js';
import type { Condition, ConditionOp, Facts, FactCondition } from './types.js';

/**
 * The outcome of a condition and the facts (and params) that decided it, by path. A comparison with a fact that is
 * not recorded is neither true nor false but `unknown`, and stays unknown through `not`: a rule fires only when its
 * condition is true, so an unrecorded value can never pass as a recorded "no". Rules that mean to act on a missing
 * value say so with `missing` (e.g. `any: [{ missing }, { eq: false }]`).
 */
export interface ConditionResult {
  /** True only when the condition holds on recorded values. */
  passed: boolean;
  /** The condition depends on a value that is not recorded (then `passed` is false). */
  unknown: boolean;
  reads: Map<string, unknown>;
}

/** The value at a dotted path (`case.fineYuan`), or undefined; only own properties are followed. */
export function readFact(facts: Facts, path: string): unknown {
  let current: unknown = facts;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    // Narrowed to a non-null object just above; indexing by a string key is all that is left to type.
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Whether a value counts as recorded: not undefined, null, empty text or an empty list. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

function ordered(actual: unknown, expected: unknown): [number | string, number | string] | undefined {
  if (typeof actual === 'number' && typeof expected === 'number' && Number.isFinite(actual) && Number.isFinite(expected)) return [actual, expected];
  // YYYY-MM-DD dates compare correctly as text.
  if (typeof actual === 'string' && typeof expected === 'string') return [actual, expected];
  return undefined;
}

function containsWord(actual: unknown, expected: unknown): boolean {
  const words = Array.isArray(expected) ? expected : [expected];
  if (typeof actual === 'string') return words.some((word) => typeof word === 'string' && word !== '' && actual.includes(word));
  if (Array.isArray(actual)) return words.some((word) => actual.includes(word));
  return false;
}

/** Whether a text states one of the words without negating it; a list holds its words whole, as with `contains`. */
function affirmsAnyWord(actual: unknown, expected: unknown): boolean {
  const words = Array.isArray(expected) ? expected : [expected];
  if (typeof actual === 'string') return words.some((word) => typeof word === 'string' && affirmsWord(actual, word));
  return containsWord(actual, expected);
}

/**
 * Compares a recorded fact with the expected value; a mistyped fact compares false. `exists` and `missing` test
 * whether it is recorded at all; the evaluator never calls the other ops with a missing fact (that is `unknown`).
 */
export function compare(op: ConditionOp, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'eq': return actual === expected;
    case 'ne': return actual !== expected;
    case 'exists': return isPresent(actual);
    case 'missing': return !isPresent(actual);
    case 'in': return Array.isArray(expected) && expected.includes(actual);
    case 'contains': return containsWord(actual, expected);
    case 'affirms': return affirmsAnyWord(actual, expected);
    default: {
      const pair = ordered(actual, expected);
      if (!pair) return false;
      const [a, b] = pair;
      return op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a >= b;
    }
  }
}

function evaluateFact(condition: FactCondition, facts: Facts, params: Readonly<Record<string, number>>): ConditionResult {
  const actual = readFact(facts, condition.fact);
  const reads = new Map<string, unknown>([[condition.fact, actual]]);
  let expected = condition.value;
  if (condition.param !== undefined) {
    expected = params[condition.param];
    reads.set(`params.${condition.param}`, expected);
  }
  const presenceTest = condition.op === 'exists' || condition.op === 'missing';
  if (!presenceTest && !isPresent(actual)) return { passed: false, unknown: true, reads };
  return { passed: compare(condition.op, actual, expected), unknown: false, reads };
}

function merge(results: readonly ConditionResult[]): Map<string, unknown> {
  return new Map(results.flatMap((result) => [...result.reads]));
}

/**
 * Evaluates a condition against the facts, purely, in three values (true, false, unknown — see ConditionResult).
 * The reads are what decided it: for a passing `any`, the first branch that passed; for a failing `all`, the first
 * branch that failed (or, failing none, the first unknown one); otherwise every branch evaluated.
 */
export function evaluateCondition(condition: Condition, facts: Facts, params: Readonly<Record<string, number>>): ConditionResult {
  if ('all' in condition) {
    const results = condition.all.map((child) => evaluateCondition(child, facts, params));
    const failed = results.find((r) => !r.passed && !r.unknown) ?? results.find((r) => r.unknown);
    return failed ? { passed: false, unknown: failed.unknown, reads: failed.reads } : { passed: true, unknown: false, reads: merge(results) };
  }
  if ('any' in condition) {
    const results = condition.any.map((child) => evaluateCondition(child, facts, params));
    const held = results.find((r) => r.passed);
    return held ?? { passed: false, unknown: results.some((r) => r.unknown), reads: merge(results) };
  }
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, facts, params);
    return { passed: !inner.passed && !inner.unknown, unknown: inner.unknown, reads: inner.reads };
  }
  return evaluateFact(condition, facts, params);
}
