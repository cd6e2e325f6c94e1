import type { BotContext } from '../bot/context.js';
import { Conversations, evidenceWindowSeconds } from '../bot/conversation.js';
import { localDate } from '../calendar/local-date.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import type { RecommendationRecord } from '../models/recommendation.js';

/**
 * The completion that put `rec` into review: its newest one not taken back. Read by `_id` from the history, newest
 * first, stopping at the first that stands (FerretDB indexes only `_id`).
 */
async function standingCompletion(ctx: BotContext, rec: RecommendationRecord): Promise<ProgressRecord | undefined> {
  for (const entry of [...rec.history].reverse()) {
    if (entry.action !== 'complete') continue;
    const update = await progressModel(ctx.services.mongo).findById(entry.sourceId).lean();
    if (update && !update.revoked) return update;
  }
  return undefined;
}

/**
 * A completion already awaits the prosecutor's review: a second one (the same message sent again, or a colleague's)
 * is not recorded, or the prosecutor would be asked twice and a later 撤回 would seem to withdraw the one still
 * standing. The sender is told, and photos sent next attach to the standing completion. A redelivery of the message
 * that recorded it (`sourceId`) is not a second completion: it goes on to be recorded once, as any redelivery.
 * Returns true when the sender has been answered.
 */
export async function completionAwaitingReview(ctx: BotContext, rec: RecommendationRecord, sourceId: string): Promise<boolean> {
  if (rec.status !== 'completed' || (await progressModel(ctx.services.mongo).exists({ _id: sourceId }))) return false;
  const standing = await standingCompletion(ctx, rec);
  const when = standing?.createdAt ?? rec.completedAt;
  const by = standing && standing.author !== ctx.staff!._id ? '贵单位同事' : '您';
  let text = `${rec.ref}（${rec.title}）${by}已于 ${when ? localDate(when, ctx.services.config.TZ) : '此前'} 报告整改完成，正在等待检察官审核，本次未重复记录，也未再次通知检察官。`;
  if (standing) {
    await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).openEvidenceWindow(ctx.staff!._id, standing._id);
    text += `\n如需补充证据，请在 ${evidenceWindowSeconds / 60} 分钟内直接发送照片或文件，将作为该完成报告的证据。`;
  }
  ctx.reply(`${text}\n检察官审核后会通知您。`);
  return true;
}
