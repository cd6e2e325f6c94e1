import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { leadStillStands, type FactsInput, type RaisedLead, type Rule, type RuleSet } from '../rules/index.js';
import { ruleRevisedReason, withdrawnAction, withdrawnReason } from './lead-status.js';
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

/**
 * Withdraws each open lead that no longer stands: as of its raising, on the records as they are now, its rule would
 * not have fired (or not with the values it states). The reason says which changed: the data (corrected since), or
 * the rule (rewritten since, e.g. by a reseed). A lead whose rule stopped firing because the matter moved on (the
 * fine paid, the recommendation completed) still stands: it was true when raised. Left alone too: decided leads,
 * leads of a rule switched off or removed (the operator's choice), and leads raised under a rule-set version no
 * longer stored (nothing to compare with). A withdrawn lead keeps its history, with the reason and time.
 */
export async function withdrawCorrectedLeads(deps: WithdrawDeps, leads: readonly LeadRecord[]): Promise<LeadRecord[]> {
  const versions = new Map<number, Promise<RuleSet | undefined>>();
  const raisedUnder = (version: number) => versions.get(version) ?? versions.set(version, ruleSetVersion(deps.mongo, version, deps.ruleSet)).get(version)!;
  const withdrawn: LeadRecord[] = [];
  for (const lead of leads) {
    if (lead.status !== 'open') continue;
    const rule = deps.ruleSet.rules.find((r) => r.id === lead.ruleId);
    if (!rule?.enabled) continue;
    const original = (await raisedUnder(lead.ruleVersion))?.rules.find((r) => r.id === lead.ruleId);
    if (!original) continue;
    if (leadStillStands(rule, deps.ruleSet.version, deps.input, raisedLead(lead), deps.timeZone)) continue;
    const updated = await withdraw(deps, lead, sameDefinition(original, rule) ? withdrawnReason : ruleRevisedReason);
    if (updated) withdrawn.push(updated);
  }
  return withdrawn;
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
