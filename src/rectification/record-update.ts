import { replyInstant } from './reply-date.js';
import type { Connection } from 'mongoose';
import { audit } from '../models/audit.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import { recommendationModel, type RecommendationRecord, type RecommendationStatus } from '../models/recommendation.js';
import type { StaffRecord } from '../models/staff.js';

/** What a staff member reported: progress, completion or the written reply. */
export interface UpdateInput {
  kind: ProgressRecord['kind'];
  percent?: number;
  stage?: string;
  measures?: string;
  quantities?: ProgressRecord['quantities'];
  /** A written reply's own date (YYYY-MM-DD) when its text gives one; the message's time otherwise. */
  repliedOn?: string;
}

const nextStatus: Record<ProgressRecord['kind'], (current: RecommendationStatus) => RecommendationStatus> = {
  progress: (current) => (current === 'completed' ? current : 'rectifying'),
  complete: () => 'completed',
  // A written reply does not change how far rectification has come.
  reply: (current) => (current === 'issued' || current === 'received' ? 'rectifying' : current),
};

/**
 * Appends an update to a recommendation's history, once per source message: a redelivered message finds
 * its update already there and changes nothing, and a retry after a failure between storing the update and
 * applying it applies it then. Returns the stored update and whether this call stored it.
 */
export async function recordUpdate(
  mongo: Connection,
  recommendation: RecommendationRecord,
  staff: StaffRecord,
  input: UpdateInput,
  sourceId: string,
  now: Date,
): Promise<{ progress: ProgressRecord; created: boolean }> {
  const progress = progressModel(mongo);
  const existing = await progress.findById(sourceId).lean();
  if (existing) {
    // A retry after a failure between storing the update and applying it: apply what is missing, once.
    const applied = (await recommendationModel(mongo).findById(recommendation._id, { history: 1 }).lean())?.history.some((h) => h.sourceId === sourceId);
    if (!applied) await applyUpdate(mongo, recommendation, staff, input, sourceId, now);
    return { progress: existing, created: false };
  }

  const percent = input.kind === 'complete' ? 100 : input.percent;
  const doc: ProgressRecord = {
    _id: sourceId, recommendation: recommendation._id, ref: recommendation.ref, agency: recommendation.agency,
    author: staff._id, kind: input.kind, percent, stage: input.stage, measures: input.measures,
    quantities: input.quantities ?? [], evidence: [], createdAt: now, ...(input.repliedOn ? { repliedOn: input.repliedOn } : {}),
    previous: { status: recommendation.status, percent: recommendation.percent, stage: recommendation.stage },
  };
  try {
    await progress.create(doc);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return recordUpdate(mongo, recommendation, staff, input, sourceId, now);
    throw error;
  }
  await applyUpdate(mongo, recommendation, staff, input, sourceId, now);
  return { progress: doc, created: true };
}

/** Moves the recommendation's state and history on by one stored update, and audits it. */
async function applyUpdate(mongo: Connection, recommendation: RecommendationRecord, staff: StaffRecord, input: UpdateInput, sourceId: string, now: Date): Promise<void> {
  const percent = input.kind === 'complete' ? 100 : input.percent;
  const set: Record<string, unknown> = { status: nextStatus[input.kind](recommendation.status) };
  if (percent !== undefined) set.percent = percent;
  if (input.stage) set.stage = input.stage;
  if (input.kind === 'complete') set.completedAt = now;
  if (input.kind === 'reply') Object.assign(set, { replyPoints: input.measures, repliedAt: input.repliedOn ? replyInstant(input.repliedOn) : now });
  const detail = { percent, stage: input.stage, measures: input.measures, quantities: input.quantities };
  await recommendationModel(mongo).updateOne(
    { _id: recommendation._id },
    { $set: set, $push: { history: { at: now, by: staff._id, action: input.kind, sourceId, detail } } },
  );
  await audit(mongo, { at: now, actor: staff._id, action: `recommendation.${input.kind}`, target: { kind: 'recommendation', id: recommendation._id }, sourceId, outcome: 'ok', detail });
}

/**
 * The update to put a recommendation back in the state an update found it in (撤回). A value that was not there
 * before is unset: mongoose drops a `$set` of undefined, which would leave the withdrawn stage or percentage
 * standing.
 */
export function previousState(previous: ProgressRecord['previous']): { $set: Record<string, unknown>; $unset: Record<string, 1> } {
  const state: Record<string, unknown> = { status: previous.status, percent: previous.percent, stage: previous.stage };
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || value === null) $unset[key] = 1;
    else $set[key] = value;
  }
  return { $set, $unset };
}
