import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { firingAsRaised, leadStillStands, occurrenceOf, type FactsInput, type Firing, type RaisedLead, type Rule, type RuleSet } from '../rules/index.js';
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

/** The open leads an evaluation took back or restated. */
export interface CorrectedLeads {
  withdrawn: LeadRecord[];
  /** Still standing on corrected data that changed what they state: same number, the figures updated. */
  restated: LeadRecord[];
}

/**
 * Settles each open lead that no longer stands as it was raised: as of its raising, on the records as they are now,
 * its rule would not have fired, or not with the values it states. When the rule still fires then, for the same
 * occurrence (罚款 corrected, still below the range), the lead is the same finding on corrected figures: it keeps
 * its number and the figures it states are updated, the old ones kept in its history — withdrawing it and raising
 * another for the same finding made it look untrue. Otherwise it is withdrawn, the reason saying which changed:
 * the data (corrected since), or the rule (rewritten since, e.g. by a reseed). A lead whose rule stopped firing
 * because the matter moved on (the fine paid, the recommendation completed) still stands: it was true when raised.
 * Left alone too: decided leads, leads of a rule switched off or removed (the operator's choice), and leads raised
 * under a rule-set version no longer stored (nothing to compare with).
 */
export async function settleCorrectedLeads(deps: WithdrawDeps, leads: readonly LeadRecord[]): Promise<CorrectedLeads> {
  const versions = new Map<number, Promise<RuleSet | undefined>>();
  const raisedUnder = (version: number) => versions.get(version) ?? versions.set(version, ruleSetVersion(deps.mongo, version, deps.ruleSet)).get(version)!;
  const settled: CorrectedLeads = { withdrawn: [], restated: [] };
  for (const lead of leads) {
    if (lead.status !== 'open') continue;
    const rule = deps.ruleSet.rules.find((r) => r.id === lead.ruleId);
    if (!rule?.enabled) continue;
    const original = (await raisedUnder(lead.ruleVersion))?.rules.find((r) => r.id === lead.ruleId);
    if (!original) continue;
    const raised = raisedLead(lead);
    if (leadStillStands(rule, deps.ruleSet.version, deps.input, raised, deps.timeZone)) continue;
    if (!sameDefinition(original, rule)) {
      const updated = await withdraw(deps, lead, ruleRevisedReason);
      if (updated) settled.withdrawn.push(updated);
      continue;
    }
    const firing = firingAsRaised(rule, deps.ruleSet.version, deps.input, raised, deps.timeZone);
    const sameOccurrence = firing && firing.occurrence === occurrenceOf(rule, deps.ruleSet.version, deps.input, raised, deps.timeZone);
    const updated = sameOccurrence ? await restate(deps, lead, firing) : await withdraw(deps, lead, withdrawnReason);
    if (updated) (sameOccurrence ? settled.restated : settled.withdrawn).push(updated);
  }
  return settled;
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

/** Puts the corrected figures in an open lead, the ones it stated before kept in the history entry. */
async function restate(deps: WithdrawDeps, lead: LeadRecord, firing: Firing): Promise<LeadRecord | null> {
  const values = Object.entries(firing.values).map(([fact, value]) => ({ fact, value }));
  const entry = {
    at: deps.now, by: 'rules', action: restatedAction, sourceId: `rule:${lead.ruleId}:v${deps.ruleSet.version}`,
    detail: { previous: { explanation: lead.explanation, values: lead.values }, values },
  };
  return leadModel(deps.mongo).findOneAndUpdate(
    { _id: lead._id, status: 'open' },
    { $set: { values, explanation: firing.explanation }, $push: { history: entry } },
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
