import { Schema, type Connection, type Model, type Query } from 'mongoose';
import { changeSchema, type Change } from './change.js';
import { syncDeadline } from '../digest/deadline-index.js';

/** Lifecycle of a procuratorial recommendation (检察建议). */
export const recommendationStatuses = ['issued', 'received', 'rectifying', 'completed', 'reviewed_done', 'reviewed_not_done', 'litigation'] as const;
export type RecommendationStatus = (typeof recommendationStatuses)[number];

/** Statuses in which the agency still owes rectification or a reply. */
export const openStatuses: RecommendationStatus[] = ['issued', 'received', 'rectifying', 'reviewed_not_done'];

/**
 * Statuses in which a missing written reply counts against its deadline: open, or reported done and awaiting
 * review (a completion reported by chat is no written reply). Acceptance or litigation ends the countdown.
 */
export const replyOwingStatuses: RecommendationStatus[] = [...openStatuses, 'completed'];

/**
 * Whether the written reply is still owed by a due date: the one rule behind every light, countdown, digest,
 * reminder and overdue list, so that no two of them disagree.
 */
export function owesReply(r: { status: RecommendationStatus; repliedAt?: Date | null; dueOn?: Date | null }): boolean {
  return replyOwingStatuses.includes(r.status) && !r.repliedAt && Boolean(r.dueOn);
}

/**
 * Whether the due date in force is a period the prosecutors set (督促后重新确定期限, history `due_reset`) rather than
 * one computed from the receipt date: the last entry that changed the due date decides. Such a date is a decision,
 * not a computation, so neither a corrected receipt nor a new holiday schedule may recompute it from the receipt; a
 * schedule only moves it off a day that became a holiday (`due_recomputed` with `setPeriod`), and it stays theirs.
 */
export function dueDateWasSet(r: { history?: ReadonlyArray<{ action: string; detail?: Record<string, unknown> }> }): boolean {
  const last = (r.history ?? []).findLast((change) => change.action === 'due_reset' || change.action === 'due_recomputed');
  return last?.action === 'due_reset' || last?.detail?.setPeriod === true;
}

/** The period the prosecutors set last, as they asked for it (before any move off a holiday), and why. */
export function setPeriodAsked(r: { history?: ReadonlyArray<{ action: string; detail?: Record<string, unknown> }> }): { dueOn: string; reason: string } | undefined {
  const detail = (r.history ?? []).findLast((change) => change.action === 'due_reset')?.detail;
  const asked = detail?.requestedDueOn ?? detail?.dueOn;
  if (asked === undefined) return undefined;
  const day = asked instanceof Date ? asked.toISOString().slice(0, 10) : String(asked).slice(0, 10);
  return { dueOn: day, reason: String(detail?.reason ?? '') };
}

/** A procuratorial recommendation (检察建议) to one agency, with its rectification (整改) state. */
export interface RecommendationRecord {
  _id: string;
  /** Document number (文号), canonical: half-width, year in [ ], e.g. 富检行公建[2021]14号. */
  ref: string;
  refPrefix?: string;
  refYear?: number;
  refSerial: number;
  agency: string;
  /** What it is about, in a few words. */
  title: string;
  /** What must be done. */
  requirements: string;
  cases: string[];
  issuedOn: Date;
  receivedOn?: Date;
  urgent: boolean;
  /** Reply due date and how it was computed. */
  dueOn?: Date;
  dueRule?: string;
  status: RecommendationStatus;
  percent: number;
  stage?: string;
  /** The written reply's points (书面回复). */
  replyPoints?: string;
  repliedAt?: Date;
  completedAt?: Date;
  /** The prosecutor's review of a reported completion. */
  reviewedAt?: Date;
  reviewedBy?: string;
  /** The acceptance note, or why it was sent back. */
  reviewNote?: string;
  /** The follow-up check (回头看) after an accepted rectification, and how its date was reached. */
  followUpOn?: Date;
  followUpRule?: string;
  followUpRemindedAt?: Date;
  /** Prosecutors to notify (falls back to the agency's). */
  prosecutors: string[];
  domain?: string;
  history: Change[];
}

const schema = new Schema<RecommendationRecord>(
  {
    _id: { type: String, required: true },
    ref: { type: String, required: true, unique: true },
    refPrefix: String,
    refYear: Number,
    refSerial: { type: Number, required: true },
    agency: { type: String, required: true },
    title: { type: String, required: true },
    requirements: { type: String, required: true },
    cases: { type: [String], default: [] },
    issuedOn: { type: Date, required: true },
    receivedOn: Date,
    urgent: { type: Boolean, default: false },
    dueOn: Date,
    dueRule: String,
    status: { type: String, required: true, enum: recommendationStatuses },
    percent: { type: Number, default: 0 },
    stage: String,
    replyPoints: String,
    repliedAt: Date,
    completedAt: Date,
    reviewedAt: Date,
    reviewedBy: String,
    reviewNote: String,
    followUpOn: Date,
    followUpRule: String,
    followUpRemindedAt: Date,
    prosecutors: { type: [String], default: [] },
    domain: String,
    history: [changeSchema],
  },
  { collection: 'recommendations', versionKey: false },
);
// Every write through the model re-files the recommendation in the deadline index (src/digest/deadline-index.ts),
// so the deadline run never has to read all recommendations. Writes filtered by anything but one _id re-file
// nothing: the code makes none, and rebuildDeadlineIndex repairs the index if one is ever added.
schema.post(['updateOne', 'findOneAndUpdate'], async function (this: Query<unknown, RecommendationRecord>) {
  const id = this.getFilter()._id;
  if (typeof id === 'string') await syncDeadline(this.model.db, id);
});
schema.post('save', async function (doc: RecommendationRecord & { db: Connection }) {
  await syncDeadline(doc.db, doc._id);
});
schema.post('insertMany', async function (this: Model<RecommendationRecord>, docs: unknown) {
  for (const doc of docs as RecommendationRecord[]) await syncDeadline(this.db, doc._id); // cast: mongoose types the post-insertMany argument loosely
});
schema.index({ agency: 1, refSerial: 1 });
schema.index({ agency: 1, status: 1, dueOn: 1 });

export function recommendationModel(connection: Connection): Model<RecommendationRecord> {
  return (connection.models.Recommendation as Model<RecommendationRecord> | undefined) ?? connection.model<RecommendationRecord>('Recommendation', schema);
}
