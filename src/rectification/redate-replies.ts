import type { Connection } from 'mongoose';
import { localDate, ymd } from '../calendar/local-date.js';
import { audit } from '../models/audit.js';
import { progressModel } from '../models/progress.js';
import { recommendationModel } from '../models/recommendation.js';
import type { EvaluationQueue } from '../queue/evaluation-queue.js';
import { replyDateInText, replyInstant } from './reply-date.js';

/** A recorded written reply given the date its own text states. */
export interface RedatedReply {
  ref: string;
  /** The reply's update (its source message id). */
  progress: string;
  /** The day it was recorded on, which it carried until now. */
  from: string;
  /** The day its text states (已于11月28日书面回复). */
  to: string;
  /** Whether it is the recommendation's reply in force (its repliedAt moved); else only the update's date was set. */
  standing: boolean;
}

/** The history action of a reply given its stated date (shown on the dashboard's timeline). */
export const replyRedatedAction = 'reply_redated';

/**
 * One-time corrections of stored data, each under a versioned `_id` once done. v1 of the reply dates: replies
 * recorded by releases up to 2026-11-30, which dated a reply by the message whatever it said.
 */
const correctionsCollection = 'data_corrections';
const replyDatesDone = 'reply-dates:v1';

interface CorrectionDone {
  _id: string;
  doneAt: Date;
  redated: RedatedReply[];
}

/**
 * Gives each written reply recorded before stated dates were read the date its text states, as a reply recorded now
 * would get it (handle-update.ts, replyDateInText): only where the text states a date before the day it was recorded
 * and not before the recommendation was received (or issued). A date without a year, 昨天 or 前天, are read against
 * the day it was recorded. The recommendation's history keeps both days (`reply_redated`, by system), and its leads
 * are evaluated again, so R08 and the overdue lists read the reply's own date. Runs once per database (the deadline
 * run calls it every hour; after the first it reads one marker); a run cut off half-way is taken up by the next, and
 * changes nothing twice. Undefined when already done.
 */
export async function redateRecordedReplies(mongo: Connection, options: { timeZone: string; now: Date; evaluations?: EvaluationQueue }): Promise<RedatedReply[] | undefined> {
  const done = mongo.collection<CorrectionDone>(correctionsCollection);
  if (await done.findOne({ _id: replyDatesDone })) return undefined;
  const redated: RedatedReply[] = [];
  // One full read of the updates, once: replies recorded since stated dates were read carry `repliedOn` when dated so.
  const replies = await progressModel(mongo).find({ kind: 'reply', repliedOn: { $exists: false }, revoked: { $exists: false } }).lean();
  for (const reply of replies) {
    if (!reply.measures) continue;
    const rec = await recommendationModel(mongo).findById(reply.recommendation).lean();
    if (!rec) continue;
    const recorded = localDate(reply.createdAt, options.timeZone);
    const stated = replyDateInText(reply.measures, recorded);
    if (!stated || stated >= recorded || stated < ymd(rec.receivedOn ?? rec.issuedOn)) continue;
    const sourceId = `reply-date:${reply._id}`;
    // The reply in force carries its recording instant; a later reply, or one 撤回 restored since, carries its own.
    const standing = rec.repliedAt?.getTime() === reply.createdAt.getTime();
    if (standing) {
      const detail = { progress: reply._id, from: recorded, to: stated };
      await recommendationModel(mongo).updateOne(
        { _id: rec._id },
        { $set: { repliedAt: replyInstant(stated) }, $push: { history: { at: options.now, by: 'system', action: replyRedatedAction, sourceId, detail } } },
      );
      await audit(mongo, { at: options.now, actor: 'system', action: 'recommendation.reply_redated', target: { kind: 'recommendation', id: rec._id }, sourceId, outcome: 'ok', detail });
    }
    // Also after a run cut off between the two writes: the evaluation's job id is its cause, so it runs once.
    if (standing || rec.repliedAt?.getTime() === replyInstant(stated).getTime()) {
      await options.evaluations?.request({ subject: { kind: 'recommendation', id: rec._id }, cause: sourceId });
    }
    // The update keeps the date too, so that 撤回 of a later reply restores this one with it (handlers/undo.ts).
    await progressModel(mongo).updateOne({ _id: reply._id }, { $set: { repliedOn: stated } });
    redated.push({ ref: rec.ref, progress: reply._id, from: recorded, to: stated, standing });
  }
  await done.updateOne({ _id: replyDatesDone }, { $setOnInsert: { doneAt: options.now, redated } }, { upsert: true });
  return redated;
}
