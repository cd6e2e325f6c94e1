import type { Connection } from 'mongoose';
import { computeDeadline } from '../calendar/deadline.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { dateOnly, localDate } from '../calendar/local-date.js';
import { casesOfParty } from '../cases/case-keys.js';
import { asOneLine } from '../commands/normalize-text.js';
import { agencyModel } from '../models/agency.js';
import { caseModel } from '../models/case.js';
import { leadModel, nextLeadNumber, type LeadRecord } from '../models/lead.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../models/recommendation.js';
import { buildFacts, evaluate, occurrenceOf, type FactsInput, type Firing, type RuleSet } from '../rules/index.js';
import { indexLead, leadId, leadsOf, unalerted, type LeadSubject } from './lead-index.js';
import { currentRuleSet } from './rule-store.js';
import { raisedLead, settleCorrectedLeads, settleResolvedPrompts } from './withdraw-leads.js';

export { leadId, type LeadSubject } from './lead-index.js';

/** Days the platform allows to transfer a duty-crime lead to the supervisory commission. */
export const dutyCrimeTransferDays = 15;

export interface EvaluateDeps {
  mongo: Connection;
  timeZone: string;
  now: Date;
}

/** A record with what its leads show about it and the records its rules read. */
export interface SubjectRecords {
  label: string;
  agency: string;
  domain?: string;
  campaign?: string;
  input: FactsInput;
}

/** One case or recommendation with the records its rules need; undefined when it was deleted. */
export async function recordsFor(deps: Pick<EvaluateDeps, 'mongo'>, subject: LeadSubject): Promise<SubjectRecords | undefined> {
  const { mongo } = deps;
  if (subject.kind === 'case') {
    const record = await caseModel(mongo).findById(subject.id).lean();
    if (!record) return undefined;
    const sameParty = await casesOfParty(mongo, record.agency, record.party);
    return { label: subjectLabel(`案号 ${record.caseNumber}（${record.party}）`), agency: record.agency, domain: record.domain, campaign: record.campaign, input: { case: record, sameParty } };
  }
  const stored = await recommendationModel(mongo).findById(subject.id).lean();
  if (!stored) return undefined;
  const record = { ...stored, domain: stored.domain ?? (await onlyDomainOf(mongo, stored.agency)) };
  const progress = await progressOf(mongo, record);
  return { label: subjectLabel(`检察建议 ${record.ref}（${record.title}）`), agency: record.agency, domain: record.domain, input: { recommendation: record, progress } };
}

/**
 * A record's name as cards, lists, escalations and notices show it: one line, nothing invisible (asOneLine), also from
 * a party stored with a line break by a spreadsheet cell or an older release. A lead raised before keeps its label
 * until its record is next evaluated (the nightly sweep at the latest): `renamed` then writes it anew.
 */
export const subjectLabel = asOneLine;

/**
 * The domain (领域) of an agency that has exactly one: a recommendation registered without one is in it, so its
 * leads count there rather than under 未分类 (an agency of several domains leaves it open).
 */
async function onlyDomainOf(mongo: Connection, agency: string): Promise<string | undefined> {
  const domains = (await agencyModel(mongo).findById(agency, { domains: 1 }).lean())?.domains ?? [];
  return domains.length === 1 ? domains[0] : undefined;
}

/**
 * The record's leads that have no alert yet, found by `_id` (a query on the subject would make FerretDB v1 read
 * every lead). A lead withdrawn before its alert went out is not alerted.
 */
export async function unalertedLeads(mongo: Connection, subject: LeadSubject): Promise<LeadRecord[]> {
  return unalerted(await leadsOf(mongo, subject, await currentRuleSet(mongo)));
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

/** What one evaluation changed. */
export interface EvaluationOutcome {
  /** Leads raised by this evaluation. */
  created: LeadRecord[];
  /** Open leads withdrawn by it, because the data they were raised on has since been corrected. */
  withdrawn: LeadRecord[];
  /** Open leads it restated: the same finding on corrected figures (withdraw-leads.ts). */
  restated: LeadRecord[];
  /** Every lead of the record as this evaluation left it, the raised and withdrawn ones included. */
  leads: LeadRecord[];
  /** The rules in force it evaluated. */
  ruleSet: RuleSet;
}

/**
 * Evaluates the rules in force over one record: withdraws or restates the open leads whose data has since been
 * corrected (see withdraw-leads.ts), and raises a lead for each rule that fired and has no standing lead for this occurrence.
 * Re-evaluating unchanged records changes nothing.
 */
export async function evaluateSubject(deps: EvaluateDeps, subject: LeadSubject): Promise<EvaluationOutcome> {
  const records = await recordsFor(deps, subject);
  const ruleSet = await currentRuleSet(deps.mongo);
  // A record since deleted raises and withdraws nothing; its leads may still be owed an alert or a notice.
  if (!records) return { created: [], withdrawn: [], restated: [], leads: await leadsOf(deps.mongo, subject, ruleSet), ruleSet };
  const applicable = { ...ruleSet, rules: ruleSet.rules.filter((r) => r.subject === subject.kind) };
  const firings: Firing[] = evaluate(applicable, buildFacts(records.input, deps.now, deps.timeZone), { now: deps.now });
  const existing = await renamed(deps.mongo, await leadsOf(deps.mongo, subject, ruleSet), records);
  const corrected = await settleCorrectedLeads({ ...deps, ruleSet, input: records.input }, existing);
  const { restated } = corrected;
  const stillOpen = existing.filter((lead) => !corrected.withdrawn.some((w) => w._id === lead._id));
  const withdrawn = [...corrected.withdrawn, ...await settleResolvedPrompts({ ...deps, ruleSet, input: records.input }, stillOpen, firings)];
  const gone = new Set(withdrawn.map((lead) => lead._id));
  // A restated lead is read as restated: its figures (and, under a revised rule, its version) are the ones it now states.
  const current = existing.map((lead) => restated.find((r) => r._id === lead._id) ?? lead);
  const created: LeadRecord[] = [];
  for (const firing of firings) {
    const rule = applicable.rules.find((r) => r.id === firing.ruleId)!;
    const standing = current.filter((lead) => lead.ruleId === rule.id && lead.status !== 'withdrawn' && !gone.has(lead._id));
    const raisedFor = (lead: LeadRecord) => occurrenceOf(rule, lead.ruleVersion, records.input, raisedLead(lead), deps.timeZone);
    if (standing.some((lead) => raisedFor(lead) === firing.occurrence)) continue;
    const lead = await raise(deps, subject, records, firing, new Set(existing.map((l) => l._id)));
    if (lead) created.push(lead);
  }
  const settled = [...withdrawn, ...restated];
  const leads = [...existing.map((lead) => settled.find((s) => s._id === lead._id) ?? lead), ...created];
  return { created, withdrawn, restated, leads, ruleSet };
}

/**
 * A record's leads name it as it reads now: a corrected case number, party, domain or campaign is what lists,
 * statistics and notices show, for every lead of it, decided or not.
 */
async function renamed(mongo: Connection, leads: LeadRecord[], records: SubjectRecords): Promise<LeadRecord[]> {
  const same = (a: string | null | undefined, b: string | undefined) => (a ?? undefined) === b;
  return Promise.all(leads.map(async (lead) => {
    const { label, domain, campaign } = lead.subject;
    if (label === records.label && same(domain, records.domain) && same(campaign, records.campaign)) return lead;
    const { kind, id, agency } = lead.subject;
    const subject = { kind, id, agency, label: records.label, ...(records.domain ? { domain: records.domain } : {}), ...(records.campaign ? { campaign: records.campaign } : {}) };
    await leadModel(mongo).updateOne({ _id: lead._id }, { $set: { subject } });
    return { ...lead, subject };
  }));
}

/** Stores a lead for the firing under the first free id of its occurrence; undefined when another worker was first. */
async function raise(deps: EvaluateDeps, subject: LeadSubject, records: SubjectRecords, firing: Firing, taken: ReadonlySet<string>): Promise<LeadRecord | undefined> {
  let generation = 1;
  while (taken.has(leadId(subject, firing.ruleId, firing.occurrence, generation))) generation++;
  const id = leadId(subject, firing.ruleId, firing.occurrence, generation);
  const values = Object.entries(firing.values).map(([fact, value]) => ({ fact, value }));
  const today = localDate(deps.now, deps.timeZone);
  const lead: LeadRecord = {
    _id: id,
    number: await nextLeadNumber(deps.mongo, Number(today.slice(0, 4))),
    kind: firing.kind, ruleId: firing.ruleId, ruleVersion: firing.ruleVersion, title: firing.title,
    explanation: firing.explanation, values, legalBasis: firing.legalBasis,
    subject: { kind: subject.kind, id: subject.id, label: records.label, agency: records.agency, domain: records.domain, campaign: records.campaign },
    status: 'open', createdAt: deps.now,
    transferDueOn: firing.kind === 'duty_crime' ? dateOnly(computeDeadline(today, `${dutyCrimeTransferDays}d`, defaultCalendar()).due) : undefined,
    history: [{ at: deps.now, by: 'rules', action: 'raised', sourceId: `rule:${firing.ruleId}:v${firing.ruleVersion}`, detail: { values } }],
  };
  await indexLead(deps.mongo, subject, id);
  try {
    await leadModel(deps.mongo).create(lead);
    return lead;
  } catch (error) {
    // Another worker raised the same lead a moment ago: one lead per record, rule and occurrence.
    if ((error as { code?: number }).code !== 11000) throw error;
    return undefined;
  }
}
