import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { kindAsRaised, type Rule, type RuleSet } from '../rules/index.js';
import { recordsFor } from './evaluate-subject.js';
import { raisedLead } from './withdraw-leads.js';

/** The history action of a lead given the kind a revised rule gives it. */
export const reclassifiedAction = 'reclassified';

/** What reclassifying needs: the database, the time zone dates are read in, the clock, and who is recorded. */
export interface ReclassifyDeps {
  mongo: Connection;
  timeZone: string;
  now: Date;
  by: string;
}

/** Whether two versions of a rule give the same kinds (its kind and its escalation). */
function sameKinds(a: Rule | undefined, b: Rule): boolean {
  return a !== undefined && JSON.stringify([a.kind, a.escalate ?? null]) === JSON.stringify([b.kind, b.escalate ?? null]);
}

/**
 * After a rule set replaced `previous` (a reseed): each lead raised by a rule whose kinds changed gets the kind the
 * rule in force gives it as of its raising, whatever its status — R08 and R09 now raise a 提醒 (prompt) where they
 * raised a 公益诉讼线索, and the statistics count the leads under the kind they are, not the one they were given.
 * The lead keeps its number, decision and alert (no new alert goes out); the history says what it was. Returns the
 * leads changed.
 */
export async function reclassifyLeads(deps: ReclassifyDeps, previous: RuleSet, next: RuleSet): Promise<LeadRecord[]> {
  const revised = next.rules.filter((rule) => !sameKinds(previous.rules.find((r) => r.id === rule.id), rule));
  if (revised.length === 0) return [];
  const changed: LeadRecord[] = [];
  const leads = await leadModel(deps.mongo).find({ ruleId: { $in: revised.map((rule) => rule.id) } }).lean();
  for (const lead of leads) {
    const rule = revised.find((r) => r.id === lead.ruleId)!;
    const records = rule.escalate ? await recordsFor(deps, lead.subject) : undefined;
    const kind = kindAsRaised(rule, next.version, records?.input, raisedLead(lead), deps.timeZone);
    if (kind === lead.kind) continue;
    const entry = { at: deps.now, by: deps.by, action: reclassifiedAction, sourceId: `rules:v${next.version}`, detail: { from: lead.kind, to: kind } };
    const updated = await leadModel(deps.mongo).findOneAndUpdate(
      { _id: lead._id, kind: lead.kind },
      { $set: { kind }, $push: { history: entry } },
      { returnDocument: 'after' },
    ).lean();
    if (updated) changed.push(updated);
  }
  return changed;
}
