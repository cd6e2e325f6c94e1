import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import type { RuleSet } from '../rules/index.js';

/** The record (案件 or 检察建议) leads are raised on. */
export interface LeadSubject {
  kind: 'case' | 'recommendation';
  id: string;
}

/**
 * A lead's id: subjectKind:subjectId:ruleId, then `:<occurrence>` for a rule raised once per value of a fact (R08:
 * once per due date), then `~<n>` from the second lead of the same occurrence, raised after the first was withdrawn.
 * The first lead of a rule raised once per record keeps the id leads always had.
 */
export function leadId(subject: LeadSubject, ruleId: string, occurrence?: string, generation = 1): string {
  const base = `${subject.kind}:${subject.id}:${ruleId}${occurrence === undefined ? '' : `:${occurrence}`}`;
  return generation > 1 ? `${base}~${generation}` : base;
}

/** The `lead_subjects` collection: each record's lead ids under `<kind>:<id>`. */
function leadIndex(mongo: Connection) {
  return mongo.collection<{ _id: string; leads: string[] }>('lead_subjects');
}

const indexKey = (subject: LeadSubject) => `${subject.kind}:${subject.id}`;

/**
 * Files a lead id under its record, before the lead is stored: a crash in between leaves an id that points
 * nowhere, which costs nothing, rather than a lead nobody can find. A query on the leads' subject would make
 * FerretDB v1 read every lead; this document is read by `_id`.
 */
export async function indexLead(mongo: Connection, subject: LeadSubject, id: string): Promise<void> {
  await leadIndex(mongo).updateOne({ _id: indexKey(subject) }, { $addToSet: { leads: id } }, { upsert: true });
}

/**
 * Every lead of a record, read by `_id`: those filed in the index, and those raised before it existed, found
 * under the one id per record and rule they had then.
 */
export async function leadsOf(mongo: Connection, subject: LeadSubject, ruleSet: RuleSet): Promise<LeadRecord[]> {
  const indexed = (await leadIndex(mongo).findOne({ _id: indexKey(subject) }))?.leads ?? [];
  const earlier = ruleSet.rules.filter((rule) => rule.subject === subject.kind).map((rule) => leadId(subject, rule.id));
  const ids = [...new Set([...indexed, ...earlier])];
  const found = await Promise.all(ids.map((id) => leadModel(mongo).findById(id).lean()));
  return found.filter((lead): lead is NonNullable<typeof lead> => lead !== null);
}

/** The record's open leads that have no alert yet (raised, then a crash before the alert went out). */
export function unalerted(leads: readonly LeadRecord[]): LeadRecord[] {
  return leads.filter((lead) => lead.status === 'open' && !lead.alert?.taskId);
}
