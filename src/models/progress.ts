import { Schema, type Connection, type Model } from 'mongoose';

/** A photo or file attached as evidence; the bytes live in `evidence` under their SHA-256. */
export interface EvidenceRef {
  sha256: string;
  filename?: string;
  contentType: string;
  size: number;
  /** The message that carried it. */
  messageId: string;
  at: Date;
}

/** One append-only rectification update (整改进展): progress, completion, or the written reply. */
export interface ProgressRecord {
  /** The message it came from: a redelivered message cannot add a second update. */
  _id: string;
  recommendation: string;
  ref: string;
  agency: string;
  author: string;
  kind: 'progress' | 'complete' | 'reply';
  percent?: number;
  stage?: string;
  measures?: string;
  /** A written reply's own date, when its text gave one (YYYY-MM-DD). */
  repliedOn?: string;
  quantities: Array<{ item: string | null; value: number; unit: string }>;
  evidence: EvidenceRef[];
  createdAt: Date;
  /** Set by 撤回: the update stays, marked as taken back. */
  revoked?: { at: Date; by: string; messageId: string };
  /** The recommendation's state before this update, to restore on 撤回. */
  previous: { status: string; percent: number; stage?: string };
}

const evidenceSchema = new Schema<EvidenceRef>(
  { sha256: { type: String, required: true }, filename: String, contentType: String, size: Number, messageId: String, at: Date },
  { _id: false },
);

const schema = new Schema<ProgressRecord>(
  {
    _id: { type: String, required: true },
    recommendation: { type: String, required: true, index: true },
    ref: { type: String, required: true },
    agency: { type: String, required: true },
    author: { type: String, required: true },
    kind: { type: String, required: true, enum: ['progress', 'complete', 'reply'] },
    percent: Number,
    stage: String,
    measures: String,
    repliedOn: String,
    quantities: [{ _id: false, item: String, value: Number, unit: String }],
    evidence: { type: [evidenceSchema], default: [] },
    createdAt: { type: Date, required: true },
    revoked: { at: Date, by: String, messageId: String },
    previous: { status: String, percent: Number, stage: String },
  },
  { collection: 'progress', versionKey: false },
);
schema.index({ author: 1, createdAt: -1 });

export function progressModel(connection: Connection): Model<ProgressRecord> {
  return (connection.models.Progress as Model<ProgressRecord> | undefined) ?? connection.model<ProgressRecord>('Progress', schema);
}

/** Evidence bytes, stored once per content hash. */
export interface EvidenceBlob {
  _id: string;
  bytes: Buffer;
  contentType: string;
  size: number;
  storedAt: Date;
}

const blobSchema = new Schema<EvidenceBlob>(
  { _id: { type: String, required: true }, bytes: { type: Buffer, required: true }, contentType: String, size: Number, storedAt: Date },
  { collection: 'evidence', versionKey: false },
);

export function evidenceModel(connection: Connection): Model<EvidenceBlob> {
  return (connection.models.Evidence as Model<EvidenceBlob> | undefined) ?? connection.model<EvidenceBlob>('Evidence', blobSchema);
}
