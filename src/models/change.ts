import { Schema } from 'mongoose';

/** One entry of a record's history: who changed what, when, and from which message. */
export interface Change {
  at: Date;
  by: string;
  /** e.g. created, progress, completed, replied, revoked, due_recomputed */
  action: string;
  /** The message (or API request / import) that caused it. */
  sourceId: string;
  detail?: Record<string, unknown>;
}

export const changeSchema = new Schema<Change>(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, required: true },
    sourceId: { type: String, required: true },
    detail: Schema.Types.Mixed,
  },
  { _id: false },
);
