import { Schema, type Connection, type Model } from 'mongoose';

/** One audited action: who did (or was refused) what to which record, when, from which message. */
export interface AuditRecord {
  /** sourceId#action, so a redelivered message audits once. */
  _id: string;
  at: Date;
  actor: string;
  action: string;
  target?: { kind: string; id: string };
  sourceId: string;
  outcome: 'ok' | 'refused';
  reason?: string;
  detail?: Record<string, unknown>;
}

const schema = new Schema<AuditRecord>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { kind: String, id: String },
    sourceId: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['ok', 'refused'] },
    reason: String,
    detail: Schema.Types.Mixed,
  },
  { collection: 'audit', versionKey: false },
);
schema.index({ actor: 1, at: -1 });
schema.index({ 'target.id': 1, at: -1 });

export function auditModel(connection: Connection): Model<AuditRecord> {
  return (connection.models.Audit as Model<AuditRecord> | undefined) ?? connection.model<AuditRecord>('Audit', schema);
}

/** Writes an audit entry once per source and action. */
export async function audit(connection: Connection, entry: Omit<AuditRecord, '_id'>): Promise<void> {
  await auditModel(connection).updateOne({ _id: `${entry.sourceId}#${entry.action}` }, { $setOnInsert: entry }, { upsert: true });
}
