import type { Connection } from 'mongoose';
import { progressModel, type ProgressRecord } from '../models/progress.js';

/** How long after sending it the sender may take back their own last update with 撤回. */
export const undoWindowMs = 10 * 60 * 1000;

/** The undo window in whole minutes, as replies state it (10分钟). */
export const undoWindowMinutes = undoWindowMs / 60_000;

/** The sender's newest update not yet taken back: the one 撤回 would take back (if still within the window). */
export async function lastStandingUpdate(mongo: Connection, author: string): Promise<ProgressRecord | null> {
  return progressModel(mongo).findOne({ author, revoked: { $exists: false } }).sort({ createdAt: -1, _id: -1 }).lean();
}
