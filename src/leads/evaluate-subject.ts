import type { Connection } from 'mongoose';
import { computeDeadline } from '../calendar/deadline.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { dateOnly, localDate } from '../calendar/local-date.js';
import { caseModel } from '../models/case.js';
import { leadModel, nextLeadNumber, type LeadRecord } from '../models/lead.js';
import { progressModel } from '../models/progress.js';
import { recommendationModel } from '../models/recommendation.js';
import { buildFacts, evaluate, type Firing } from '../rules/index.js';
import { currentRuleSet } from './rule-store.js';

/** Days the platform allows to transfer a duty-crime lead to the supervisory commission. */
export const dutyCrimeTransferDays = 15;

export interface EvaluateDeps {
  mongo: Connection;
  timeZone: string;
  now: Date;
}

/** The facts of one case or recommendation, with the records its rules need. */
async function factsFor(deps: EvaluateDeps, subject: { kind: 'case' | 'recommendation'; id: string }) {
  const { mongo } = deps;
  if (subject.kind === 'case') {
    const record = await caseModel(mongo).findById(subject.id).lean();
    if (!record) return undefined;
    const sameParty = await caseModel(mongo).find({ agency: record.agency, party: record.party }).lean();
    return { label: `案号 ${record.caseNumber}（${record.party}）`, agency: record.agency, domain: record.domain, campaign: record.campaign, facts: buildFacts({ case: record, sameParty }, deps.now, deps.timeZone) };
  }
  const record = await recommendationModel(mongo).findById(subject.id).lean();
  if (!record) return undefined;
  const progress = await progressModel(mongo).find({ recommendation: record._id }).lean();
  return { label: `检察建议 ${record.ref}（${record.title}）`, agency: record.agency, domain: record.domain, campaign: undefined as string | undefined, facts: buildFacts({ recommendation: record, progress }, deps.now, deps.timeZone) };
}

/**
 * Evaluates the rules in force over one record and stores a lead for each rule that fired and has no
 * lead on this record yet. Returns only the leads this call created: re-evaluation adds nothing.
 */
export async function evaluateSubject(deps: EvaluateDeps, subject: { kind: 'case' | 'recommendation'; id: string }): Promise<LeadRecord[]> {
  const found = await factsFor(deps, subject);
  if (!found) return [];
  const ruleSet = await currentRuleSet(deps.mongo);
  const applicable = { ...ruleSet, rules: ruleSet.rules.filter((r) => r.subject === subject.kind) };
  const firings: Firing[] = evaluate(applicable, found.facts, { now: deps.now });
  const leads = leadModel(deps.mongo);
  const created: LeadRecord[] = [];
  for (const firing of firings) {
    const id = `${subject.kind}:${subject.id}:${firing.ruleId}`;
    if (await leads.exists({ _id: id })) continue;
    const values = Object.entries(firing.values).map(([fact, value]) => ({ fact, value }));
    const lead: LeadRecord = {
      _id: id,
      number: await nextLeadNumber(deps.mongo, Number(localDate(deps.now, deps.timeZone).slice(0, 4))),
      kind: firing.kind, ruleId: firing.ruleId, ruleVersion: firing.ruleVersion, title: firing.title,
      explanation: firing.explanation, values, legalBasis: firing.legalBasis,
      subject: { kind: subject.kind, id: subject.id, label: found.label, agency: found.agency, domain: found.domain, campaign: found.campaign },
      status: 'open', createdAt: deps.now,
      transferDueOn: firing.kind === 'duty_crime' ? dateOnly(computeDeadline(localDate(deps.now, deps.timeZone), `${dutyCrimeTransferDays}d`, defaultCalendar()).due) : undefined,
      history: [{ at: deps.now, by: 'rules', action: 'raised', sourceId: `rule:${firing.ruleId}:v${firing.ruleVersion}`, detail: { values } }],
    };
    try {
      await leads.create(lead);
      created.push(lead);
    } catch (error) {
      // Another worker raised the same lead a moment ago: one lead per record and rule.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  return created;
}
