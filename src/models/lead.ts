import { Schema, type Connection, type Model } from 'mongoose';
import { changeSchema, type Change } from './change.js';

/**
 * `prompt` (提醒) is no lead of domain.md §2 but an alert to the reviewing prosecutor that the statistics do not count
 * (domain.md §4.8: a first overdue, a completion without evidence); it lives with the leads so that it is listed,
 * decided and escalated as they are.
 */
export const leadKinds = ['pil', 'criminal', 'duty_crime', 'irregular', 'general_violation', 'prompt'] as const;
export type LeadKind = (typeof leadKinds)[number];

/** What a prosecutor decided from the alert card. */
export const leadDecisions = { accept: '受理', reject: '不予受理', criminal: '转刑事线索', supervision: '转监察委' } as const;
export type LeadDecision = keyof typeof leadDecisions;

/** A lead (线索) raised by a rule on a case or recommendation, with the facts that raised it and its decision. */
export interface LeadRecord {
  /** subjectKind:subjectId:ruleId — one lead per subject and rule, however often it is evaluated. */
  _id: string;
  /** Short number prosecutors type: XS-2026-0007. */
  number: string;
  kind: LeadKind;
  ruleId: string;
  ruleVersion: number;
  title: string;
  explanation: string;
  /** Each fact the rule read, with its value. A list, not an object: fact paths contain dots, which
   *  FerretDB v1 refuses in keys. */
  values: Array<{ fact: string; value: unknown }>;
  legalBasis: string;
  subject: { kind: 'case' | 'recommendation'; id: string; label: string; agency: string; domain?: string; campaign?: string };
  status: 'open' | LeadDecision | 'withdrawn';
  decision?: { action: LeadDecision; by: string; byName: string; at: Date; reason?: string };
  /**
   * The alert: who holds the lead (those the card or summary went to; after a hand-over, those it was handed over to —
   * history `handed_over` keeps who had it before), when it went out, and when it was escalated. `handedOverAt`
   * restarts the escalation clock for the new holders.
   */
  alert?: { taskId: string; recipients: string[]; sentAt: Date; escalatedAt?: Date; handedOverAt?: Date };
  /** Duty-crime leads: the 15-day deadline to transfer to the supervisory commission. */
  transferDueOn?: Date;
  transferReminded?: string[];
  createdAt: Date;
  history: Change[];
}

const schema = new Schema<LeadRecord>(
  {
    _id: { type: String, required: true },
    number: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: leadKinds },
    ruleId: { type: String, required: true },
    ruleVersion: { type: Number, required: true },
    title: { type: String, required: true },
    explanation: { type: String, required: true },
    values: { type: [{ _id: false, fact: String, value: Schema.Types.Mixed }], default: [] },
    legalBasis: String,
    subject: { kind: String, id: String, label: String, agency: String, domain: String, campaign: String },
    status: { type: String, required: true },
    decision: { action: String, by: String, byName: String, at: Date, reason: String },
    alert: { taskId: String, recipients: [String], sentAt: Date, escalatedAt: Date, handedOverAt: Date },
    transferDueOn: Date,
    transferReminded: [String],
    createdAt: { type: Date, required: true },
    history: [changeSchema],
  },
  { collection: 'leads', versionKey: false, minimize: false },
);
schema.index({ status: 1, createdAt: -1 });
schema.index({ 'alert.taskId': 1 });
schema.index({ 'subject.domain': 1, kind: 1 });

export function leadModel(connection: Connection): Model<LeadRecord> {
  return (connection.models.Lead as Model<LeadRecord> | undefined) ?? connection.model<LeadRecord>('Lead', schema);
}

/** A yearly sequence for lead numbers, kept in `counters` (findOneAndUpdate with $inc is atomic). */
export async function nextLeadNumber(connection: Connection, year: number): Promise<string> {
  const counters = connection.collection<{ _id: string; seq: number }>('counters');
  const doc = await counters.findOneAndUpdate({ _id: `lead-${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  return `XS-${year}-${String(doc?.seq ?? 1).padStart(4, '0')}`;
}
