import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { Conversations, evidenceWindowSeconds } from '../src/bot/conversation.js';
import { localDate } from '../src/calendar/local-date.js';
import { progressModel, type ProgressRecord } from '../src/models/progress.js';
import type { RecommendationRecord } from '../src/models/recommendation.js';
import { findTarget } from '../src/rectification/find-target.js';
import type { UpdateCommand } from '../src/rectification/handle-update.js';
import { handleUpdate } from '../src/rectification/handle-update.js';

/** The completion that put `rec` into review: its latest one not taken back (read by `_id`, from the history). */
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
 * that recorded it is not a second completion: it goes on to be recorded once, as any redelivery.
 * Returns true when the sender has been answered.
 */
export async function completionAwaitingReview(ctx: BotContext, rec: RecommendationRecord, sourceId = ctx.message.id): Promise<boolean> {
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

/** 完成 <文号> <说明>: rectification done, waiting for the prosecutor's review; recorded once while it waits. */
export const complete: CommandHandler<Extract<UpdateCommand, { command: 'complete' }>> = {
  command: 'complete',
  async handle(ctx, cmd) {
    // A message handleUpdate refuses (two recommendations, an impossible figure) is answered there, before any lookup.
    if (cmd.problems.some((p) => p.field === 'percent' || p.field === 'ref')) return handleUpdate(ctx, cmd);
    const rec = await findTarget(ctx, cmd, '报告完成');
    if (!rec || (await completionAwaitingReview(ctx, rec))) return;
    await handleUpdate(ctx, cmd, { recommendation: rec });
  },
};
