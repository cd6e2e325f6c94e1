import type { Connection } from 'mongoose';
import { computeDeadline } from '../calendar/deadline.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { dateOnly, localDate } from '../calendar/local-date.js';
import { casesOfParty } from '../cases/case-keys.js';
import { caseModel } from '../models/case.js';
import { leadModel, nextLeadNumber, type LeadRecord } from '../models/lead.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../models/recommendation.js';
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
    const sameParty = await casesOfParty(mongo, record.agency, record.party);
    return { label: `案号 ${record.caseNumber}（${record.party}）`, agency: record.agency, domain: record.domain, campaign: record.campaign, facts: buildFacts({ case: record, sameParty }, deps.now, deps.timeZone) };
  }
  const record = await recommendationModel(mongo).findById(subject.id).lean();
  if (!record) return undefined;
  const progress = await progressOf(mongo, record);
  return { label: `检察建议 ${record.ref}（${record.title}）`, agency: record.agency, domain: record.domain, campaign: undefined as string | undefined, facts: buildFacts({ recommendation: record, progress }, deps.now, deps.timeZone) };
}

/** One lead per record and rule, so the id says which. */
export function leadId(subject: { kind: 'case' | 'recommendation'; id: string }, ruleId: string): string {
  return `${subject.kind}:${subject.id}:${ruleId}`;
}

/**
 * The record's leads that have no alert yet, looked up by `_id` for each rule of the rule set in force (a query on
 * the subject would make FerretDB v1 read every lead). A lead whose rule left the rule set between being raised
 * and being alerted is not found here; it still stands in the dashboard's lead queue.
 */
export async function unalertedLeads(mongo: Connection, subject: { kind: 'case' | 'recommendation'; id: string }): Promise<LeadRecord[]> {
  const ruleSet = await currentRuleSet(mongo);
  const ids = ruleSet.rules.filter((r) => r.subject === subject.kind).map((r) => leadId(subject, r.id));
  const found = await Promise.all(ids.map((id) => leadModel(mongo).findById(id).lean()));
  return found.filter((lead): lead is NonNullable<typeof lead> => lead !== null && !lead.alert?.taskId);
}

/** The kinds of history entry whose sourceId is the id of the progress update they applied (record-update.ts). */
const updateActions = new Set<string>(['progress', 'complete', 'reply']);

/**
 * A recommendation's progress updates, found through its history by `_id`: each update is stored under its source
 * message's id and applied with a history entry of that sourceId. A query on `recommendation` would make FerretDB v1
 * read every update of every recommendation, on each evaluation.
 */
async function progressOf(mongo: Connection, record: RecommendationRecord): Promise<ProgressRecord[]> {
  const ids = [...new Set(record.history.filter((h) => updateActions.has(h.action)).map((h) => h.sourceId))];
  const found: ProgressRecord[] = [];
  for (const update of await Promise.all(ids.map((id) => progressModel(mongo).findById(id).lean()))) {
    if (update?.recommendation === record._id) found.push(update);
  }
  return found;
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
    const id = leadId(subject, firing.ruleId);
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
