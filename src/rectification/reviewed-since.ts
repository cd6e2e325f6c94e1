import type { Connection } from 'mongoose';
import type { ProgressRecord } from '../models/progress.js';
import { recommendationModel } from '../models/recommendation.js';

/**
 * Whether a prosecutor reviewed the update's recommendation (验收 or 退回) after it: what it reported has been judged,
 * so photos no longer go to it unasked. By the history's order, not the clock: two entries may carry one instant.
 */
export async function reviewedSince(mongo: Connection, update: Pick<ProgressRecord, '_id' | 'recommendation'>): Promise<boolean> {
  const history = (await recommendationModel(mongo).findById(update.recommendation, { history: 1 }).lean())?.history ?? [];
  const own = history.findIndex((entry) => entry.sourceId === update._id);
  return own >= 0 && history.slice(own + 1).some((entry) => entry.action === 'reviewed');
}
