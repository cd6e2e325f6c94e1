/**
 * Re-evaluating a rule as of the moment a lead was raised, over the records as they are now, so a lead's data can
 * be told apart from what happened after it. A lead whose rule no longer fires may be stale for two reasons: the
 * data it stood on was corrected (a receipt date entered wrongly), or things moved on (the fine was paid, the
 * recommendation completed). Only the first makes the lead untrue; the second leaves it a finding of its day.
 */

import { dateOnly } from '../calendar/local-date.js';
import { buildFacts, type FactsInput } from './build-facts.js';
import { evaluateRule } from './evaluate.js';
import { evaluateCondition, isPresent, readFact } from './condition.js';
import { formatValue } from './explanation.js';
import { dueResets } from './recommendation-facts.js';
import type { Facts, Firing, LeadKind, Rule } from './types.js';

/**
 * Facts the records keep only as they stand now, with no date of change: how they stood when the lead was raised
 * is what the lead recorded. A later change of these is the matter moving on, never a correction of the lead's data.
 */
export const STATE_FACTS: readonly string[] = [
  'case.status', 'case.finePaid', 'case.enforced', 'recommendation.status', 'recommendation.statusText', 'recommendation.percent',
];

/** The records as they stood at `at`, with every correction made since: what happened later is left out. */
export function recordsAsOf(input: FactsInput, at: Date): FactsInput {
  const notAfter = (instant: Date | undefined) => instant === undefined || instant.getTime() <= at.getTime();
  const records: FactsInput = { ...input };
  if (input.sameParty) records.sameParty = input.sameParty.filter((other) => notAfter(other.createdAt));
  if (input.progress) {
    records.progress = input.progress
      .filter((update) => notAfter(update.createdAt))
      .map((update) => ({ ...update, evidence: update.evidence?.filter((item) => notAfter(item.at)) }));
  }
  const r = input.recommendation;
  if (r) {
    // A new period set after `at` replaced the due date then in force; a correction did not (see DUE_CORRECTIONS).
    const laterReset = dueResets(r).filter((reset) => !notAfter(reset.at)).sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    records.recommendation = {
      ...r,
      history: r.history?.filter((change) => notAfter(change.at)),
      dueOn: laterReset ? dateOnly(laterReset.previousDueOn) : r.dueOn,
      completedAt: notAfter(r.completedAt) ? r.completedAt : undefined,
      repliedAt: notAfter(r.repliedAt) ? r.repliedAt : undefined,
    };
  }
  return records;
}

/**
 * The records with each STATE_FACTS value the lead recorded put back, before the facts are built: the facts derived
 * from them (the fine's execution in words, the status in words) then say what the values say (a restated lead read
 * 罚款未缴纳 in its text beside 罚款已缴纳：未记录 in its data).
 */
function recordsWithStateAsRecorded(input: FactsInput, recorded: Readonly<Record<string, unknown>>): FactsInput {
  const records: FactsInput = { ...input };
  for (const path of STATE_FACTS) {
    if (!Object.hasOwn(recorded, path)) continue;
    const [root, field] = path.split('.') as ['case' | 'recommendation', string];
    const record = records[root];
    // statusText is no field of the record but derived from status: it is put back on the facts below.
    if (record && field !== 'statusText') records[root] = { ...record, [field]: recorded[path] ?? undefined } as never;
  }
  return records;
}

/** The facts with each STATE_FACTS value the lead recorded put back. */
function withStateAsRecorded(facts: Facts, recorded: Readonly<Record<string, unknown>>): Facts {
  const copy: Facts = { ...facts, derived: { ...facts.derived } };
  if (facts.case) copy.case = { ...facts.case };
  if (facts.recommendation) copy.recommendation = { ...facts.recommendation };
  for (const path of STATE_FACTS) {
    if (!Object.hasOwn(recorded, path)) continue;
    const [root, field] = path.split('.') as ['case' | 'recommendation', string];
    const target = copy[root];
    // The path is one of STATE_FACTS, each a field of its root; the record is widened only to assign by name.
    if (target) (target as unknown as Record<string, unknown>)[field] = recorded[path];
  }
  return copy;
}

/** What a lead recorded when it was raised. */
export interface RaisedLead {
  at: Date;
  /** The values it recorded, by fact path (and `params.<name>`). */
  values: Readonly<Record<string, unknown>>;
}

/** A stored value compared with a computed one: the database keeps an unrecorded value as null or not at all. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The occurrence a lead was raised for (its `raisedPer` value, e.g. the due date), or undefined for a rule raised
 * once per record. A lead raised before its rule had `raisedPer` did not record it: it is read as the occurrence
 * the rule gives as of its raising.
 */
export function occurrenceOf(rule: Rule, ruleVersion: number, input: FactsInput, lead: RaisedLead, timeZone: string): string | undefined {
  if (rule.raisedPer === undefined) return undefined;
  if (Object.hasOwn(lead.values, rule.raisedPer)) {
    const value = lead.values[rule.raisedPer];
    return isPresent(value) ? formatValue(value) : undefined;
  }
  return firingAsRaised(rule, ruleVersion, input, lead, timeZone)?.occurrence;
}

/** The facts as of the lead's raising, on today's records (with their corrections) and the state the lead recorded. */
function factsAsRaised(input: FactsInput, lead: RaisedLead, timeZone: string): Facts {
  return withStateAsRecorded(buildFacts(recordsWithStateAsRecorded(recordsAsOf(input, lead.at), lead.values), lead.at, timeZone), lead.values);
}

/**
 * Whether the records, with their corrections, still give every fact the lead recorded the value it recorded, as of
 * its raising (thresholds aside): false when the data it stated has since been corrected, whatever the rules say now.
 */
export function recordedFactsUnchanged(input: FactsInput, lead: RaisedLead, timeZone: string): boolean {
  const facts = factsAsRaised(input, lead, timeZone);
  return Object.entries(lead.values).every(([path, value]) => path.startsWith('params.') || sameValue(readFact(facts, path), value));
}

/**
 * The rule's firing as of the lead's raising, on today's records (with their corrections), the state the lead
 * recorded, and the thresholds it was raised under; undefined when the rule would not have fired then.
 */
export function firingAsRaised(rule: Rule, ruleVersion: number, input: FactsInput, lead: RaisedLead, timeZone: string): Firing | undefined {
  const facts = factsAsRaised(input, lead, timeZone);
  const params = { ...rule.params };
  for (const [path, value] of Object.entries(lead.values)) {
    const name = path.startsWith('params.') ? path.slice('params.'.length) : undefined;
    if (name !== undefined && Object.hasOwn(params, name) && typeof value === 'number') params[name] = value;
  }
  return evaluateRule({ ...rule, enabled: true, params }, ruleVersion, facts, { now: lead.at });
}

/**
 * Whether the lead still stands on the corrected records: the rule fires as of its raising, for the same
 * occurrence, with the same value of every fact both read. False means the data it stated has since been corrected.
 */
export function leadStillStands(rule: Rule, ruleVersion: number, input: FactsInput, lead: RaisedLead, timeZone: string): boolean {
  const firing = firingAsRaised(rule, ruleVersion, input, lead, timeZone);
  if (!firing || firing.occurrence !== occurrenceOf(rule, ruleVersion, input, lead, timeZone)) return false;
  return Object.entries(firing.values).every(([path, value]) => path.startsWith('params.') || !Object.hasOwn(lead.values, path) || sameValue(value, lead.values[path]));
}

/** The facts a lead recorded, by path, put back into the shape rules read (`derived.overdueEpisodes` → facts.derived). */
function recordedFacts(values: Readonly<Record<string, unknown>>): Facts {
  const facts: Facts = { derived: { today: '' } };
  for (const [path, value] of Object.entries(values)) {
    const [root, field] = path.split('.') as [string, string];
    if (root !== 'case' && root !== 'recommendation' && root !== 'derived') continue;
    // Only paths the lead recorded from these roots; the objects are widened to be filled by field name.
    const target = ((facts as unknown as Record<string, Record<string, unknown> | undefined>)[root] ??= {});
    target[field] = value;
  }
  return facts;
}

/**
 * The kind `rule` gives a lead as of its raising: the `escalate` kind when that condition held then (R08 from a
 * second overdue), else the rule's kind. Read on the records as they stood then; when the rule would not fire on them
 * (the record deleted or corrected since), on the values the lead recorded, a value it did not record counting as
 * not escalated.
 */
export function kindAsRaised(rule: Rule, ruleVersion: number, input: FactsInput | undefined, lead: RaisedLead, timeZone: string): LeadKind {
  if (!rule.escalate) return rule.kind;
  const firing = input && firingAsRaised(rule, ruleVersion, input, lead, timeZone);
  if (firing) return firing.kind;
  const params = { ...rule.params };
  for (const name of Object.keys(params)) {
    const value = lead.values[`params.${name}`];
    if (typeof value === 'number') params[name] = value;
  }
  return evaluateCondition(rule.escalate.condition, recordedFacts(lead.values), params).passed ? rule.escalate.kind : rule.kind;
}
