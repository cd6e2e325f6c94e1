import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { firingAsRaised, leadStillStands, occurrenceOf, recordedFactsUnchanged, type FactsInput, type Firing, type RaisedLead, type Rule, type RuleSet } from '../rules/index.js';
import { promptResolvedReason, restatedAction, ruleRevisedReason, withdrawnAction, withdrawnReason } from './lead-status.js';
import { ruleSetVersion } from './rule-store.js';

/** What deciding on withdrawals needs: the rule set in force and the record's current records. */
export interface WithdrawDeps {
  mongo: Connection;
  timeZone: string;
  now: Date;
  ruleSet: RuleSet;
  input: FactsInput;
}

/** What a stored lead recorded when it was raised, as the rule engine reads it. */
export function raisedLead(lead: Pick<LeadRecord, 'createdAt' | 'values'>): RaisedLead {
  return { at: lead.createdAt, values: Object.fromEntries(lead.values.map(({ fact, value }) => [fact, value])) };
}

/** Whether a rule reads the same as when a lead was raised under it (thresholds and the switch aside). */
function sameDefinition(a: Rule, b: Rule): boolean {
  const shape = (rule: Rule) => JSON.stringify([rule.subject, rule.domains, rule.condition, rule.raisedPer ?? null]);
  return shape(a) === shape(b);
}

/** Whether a rule words a lead as it did when the lead was raised under it: its title, explanation and legal basis. */
function sameWording(a: Rule, b: Rule): boolean {
  const words = (rule: Rule) => JSON.stringify([rule.title, rule.explanation, rule.legalBasis]);
  return words(a) === words(b);
}

/** The open leads an evaluation took back or restated. */
export interface CorrectedLeads {
  withdrawn: LeadRecord[];
  /** Still standing on corrected data that changed what they state: same number, the figures updated. */
  restated: LeadRecord[];
}

/**
 * Settles each open lead that no longer stands as it was raised: as of its raising, on the records as they are now,
 * the rule in force would not have fired, or not with the values it states. When that rule still fires then, for the
 * same occurrence (罚款 corrected, still below the range), the lead is the same finding on corrected figures: it keeps
 * its number and the figures it states are updated, the old ones kept in its history — withdrawing it and raising
 * another for the same finding made it look untrue. So too when the rule was revised since (a reseed) and the revised
 * rule still raises it: the lead then states what the revised rule says, under its version. Otherwise it is withdrawn,
 * the reason saying which changed (whyWithdrawn). A lead whose rule stopped firing because the matter moved on (the
 * fine paid, the recommendation completed) still stands: it was true when raised. Left alone too: decided leads, leads
 * of a rule switched off or removed (the operator's choice), and leads raised under a rule-set version no longer
 * stored (nothing to compare with).
 */
export async function settleCorrectedLeads(deps: WithdrawDeps, leads: readonly LeadRecord[]): Promise<CorrectedLeads> {
  const versions = new Map<number, Promise<RuleSet | undefined>>();
  const raisedUnder = (version: number) => versions.get(version) ?? versions.set(version, ruleSetVersion(deps.mongo, version, deps.ruleSet)).get(version)!;
  const settled: CorrectedLeads = { withdrawn: [], restated: [] };
  const inForce = deps.ruleSet.version;
  for (const lead of leads) {
    if (lead.status !== 'open') continue;
    const rule = deps.ruleSet.rules.find((r) => r.id === lead.ruleId);
    if (!rule?.enabled) continue;
    const original = (await raisedUnder(lead.ruleVersion))?.rules.find((r) => r.id === lead.ruleId);
    if (!original) continue;
    const raised = raisedLead(lead);
    if (leadStillStands(rule, inForce, deps.input, raised, deps.timeZone)) continue;
    const firing = firingAsRaised(rule, inForce, deps.input, raised, deps.timeZone);
    if (firing && firing.occurrence === occurrenceOf(rule, inForce, deps.input, raised, deps.timeZone)) {
      // Revised since (its condition or its words): the lead now states what the version in force says.
      const revised = !sameDefinition(original, rule) || !sameWording(original, rule);
      const updated = await restate(deps, lead, firing, revised ? inForce : lead.ruleVersion);
      if (updated) settled.restated.push(updated);
      continue;
    }
    const updated = await withdraw(deps, lead, whyWithdrawn(deps, lead, original, rule));
    if (updated) settled.withdrawn.push(updated);
  }
  return settled;
}

/**
 * Why a lead the rule in force does not raise is withdrawn. The corrected data (withdrawnReason) when they no longer
 * meet even the rule it was raised under — 8 亩 under R04's 10 亩, whatever a reseed changed in R04's words. The
 * revision (ruleRevisedReason) when the rule it was raised under still fires on them for the same occurrence, or when
 * nothing it recorded has changed (the old rule may read a fact the code now derives otherwise).
 */
function whyWithdrawn(deps: WithdrawDeps, lead: LeadRecord, original: Rule, rule: Rule): string {
  if (sameDefinition(original, rule)) return withdrawnReason;
  const raised = raisedLead(lead);
  const before = firingAsRaised(original, lead.ruleVersion, deps.input, raised, deps.timeZone);
  const stillMet = before !== undefined && before.occurrence === occurrenceOf(original, lead.ruleVersion, deps.input, raised, deps.timeZone);
  return stillMet || recordedFactsUnchanged(deps.input, raised, deps.timeZone) ? ruleRevisedReason : withdrawnReason;
}

/**
 * Closes each open 提醒 (kind prompt, e.g. R08's first overdue, R09's completion without evidence) whose rule no longer
 * fires on the records as they are now. Unlike a lead, which stays true as of its raising, a 提醒 asks the prosecutor
 * to follow something up; once that is settled (the reply in, the completion reviewed) it would only be escalated as
 * "nobody acted". Left alone: leads of a rule switched off (the operator's choice) and 提醒 decided already.
 */
export async function settleResolvedPrompts(deps: WithdrawDeps, leads: readonly LeadRecord[], firings: readonly Firing[]): Promise<LeadRecord[]> {
  const settled: LeadRecord[] = [];
  for (const lead of leads) {
    if (lead.kind !== 'prompt' || lead.status !== 'open') continue;
    if (!deps.ruleSet.rules.find((r) => r.id === lead.ruleId)?.enabled) continue;
    if (firings.some((firing) => firing.ruleId === lead.ruleId)) continue;
    const updated = await withdraw(deps, lead, promptResolvedReason);
    if (updated) settled.push(updated);
  }
  return settled;
}

/**
 * Puts the corrected figures in an open lead, the ones it stated before kept in the history entry. Restated under a
 * revised rule (`ruleVersion` is then the version in force), it takes that rule's title and legal basis with its
 * version, so a later evaluation compares it with the rule whose words it states; its thresholds stay those it
 * records (params.*), as for every lead.
 */
async function restate(deps: WithdrawDeps, lead: LeadRecord, firing: Firing, ruleVersion: number): Promise<LeadRecord | null> {
  const values = Object.entries(firing.values).map(([fact, value]) => ({ fact, value }));
  const revised = ruleVersion !== lead.ruleVersion;
  const previous = { explanation: lead.explanation, values: lead.values, ...(revised ? { ruleVersion: lead.ruleVersion, title: lead.title, legalBasis: lead.legalBasis } : {}) };
  const entry = {
    at: deps.now, by: 'rules', action: restatedAction, sourceId: `rule:${lead.ruleId}:v${deps.ruleSet.version}`,
    detail: { previous, values, ...(revised ? { ruleVersion } : {}) },
  };
  const wording = revised ? { ruleVersion, title: firing.title, legalBasis: firing.legalBasis } : {};
  return leadModel(deps.mongo).findOneAndUpdate(
    { _id: lead._id, status: 'open' },
    { $set: { values, explanation: firing.explanation, ...wording }, $push: { history: entry } },
    { returnDocument: 'after' },
  ).lean();
}

/** Marks one lead withdrawn, if still open (a prosecutor's decision a moment earlier wins). */
async function withdraw(deps: WithdrawDeps, lead: LeadRecord, reason: string): Promise<LeadRecord | null> {
  const entry = { at: deps.now, by: 'rules', action: withdrawnAction, sourceId: `rule:${lead.ruleId}:v${deps.ruleSet.version}`, detail: { reason } };
  return leadModel(deps.mongo).findOneAndUpdate(
    { _id: lead._id, status: 'open' },
    { $set: { status: 'withdrawn' }, $push: { history: entry } },
    { returnDocument: 'after' },
  ).lean();
}
