import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { audit } from '../src/models/audit.js';
import type { Connection } from 'mongoose';
import { progressModel, type ProgressRecord } from '../src/models/progress.js';
import { recommendationModel } from '../src/models/recommendation.js';
import { audience } from '../src/rectification/handle-update.js';

/** Updates can be taken back only this soon after they were sent. */
export const undoWindowMs = 10 * 60 * 1000;

/**
 * What changed the recommendation after `update`: a later update still standing (a colleague's 70% after my 60%),
 * or a prosecutor's review. Taking `update` back would then restore a state older than those, so it is refused.
 */
async function changedSince(mongo: Connection, update: ProgressRecord): Promise<'update' | 'review' | null> {
  // The history's order, not the clock: two updates may carry the same instant.
  const history = (await recommendationModel(mongo).findById(update.recommendation, { history: 1 }).lean())?.history ?? [];
  const own = history.findIndex((entry) => entry.sourceId === update._id);
  const later = own < 0 ? [] : history.slice(own + 1);
  const laterUpdates = later.filter((entry) => ['progress', 'complete', 'reply'].includes(entry.action)).map((entry) => entry.sourceId);
  if (laterUpdates.length && (await progressModel(mongo).exists({ _id: { $in: laterUpdates }, revoked: { $exists: false } }))) return 'update';
  return later.some((entry) => entry.action === 'reviewed') ? 'review' : null;
}

/**
 * A completion or written reply taken back leaves the one before it (or none) as the recommendation's: its date and
 * points come from the latest such update still standing, so rules and the dashboard do not see a revoked one.
 */
async function standingReport(mongo: Connection, revoked: ProgressRecord): Promise<{ $set?: Record<string, unknown>; $unset?: Record<string, 1> }> {
  if (revoked.kind === 'progress') return {};
  const standing = await progressModel(mongo)
    .findOne({ recommendation: revoked.recommendation, kind: revoked.kind, _id: { $ne: revoked._id }, revoked: { $exists: false } })
    .sort({ createdAt: -1 })
    .lean();
  if (revoked.kind === 'complete') return standing ? { $set: { completedAt: standing.createdAt } } : { $unset: { completedAt: 1 } };
  return standing ? { $set: { repliedAt: standing.createdAt, replyPoints: standing.measures } } : { $unset: { repliedAt: 1, replyPoints: 1 } };
}

/** The prosecutors were told of the completion or written reply: they are told it was taken back. */
async function tellProsecutors(ctx: BotContext, revoked: ProgressRecord): Promise<void> {
  if (revoked.kind === 'progress') return;
  const rec = await recommendationModel(ctx.services.mongo).findById(revoked.recommendation, { agency: 1, prosecutors: 1, title: 1 }).lean();
  if (!rec) return;
  const { prosecutors, agencyName } = await audience(ctx, rec);
  ctx.notify(prosecutors, `【已撤回】${agencyName} ${ctx.staff!.name} 撤回了 ${revoked.ref}（${rec.title}）的${revoked.kind === 'complete' ? '整改完成报告，暂无需审核' : '书面回复'}。`);
}

/**
 * 撤回: takes back the sender's own last update within 10 minutes. The update is kept and marked as
 * taken back, and the recommendation returns to its state before it; nothing is erased.
 */
export const undo: CommandHandler = {
  command: 'undo',
  async handle(ctx) {
    const { mongo, config } = ctx.services;
    const staff = ctx.staff!;
    // A redelivered 撤回 must not take back a second update.
    const already = await progressModel(mongo).findOne({ 'revoked.messageId': ctx.message.id }).lean();
    if (already) {
      ctx.reply(`已撤回您对 ${already.ref} 的上一条更新。`);
      // A retry after a failure between the revocation and its notices: the same delivery ids, so none is sent twice.
      await tellProsecutors(ctx, already);
      return;
    }
    const last = await progressModel(mongo).findOne({ author: staff._id, revoked: { $exists: false } }).sort({ createdAt: -1, _id: -1 }).lean();
    if (!last) {
      ctx.reply('您没有可以撤回的更新。');
      return;
    }
    const age = ctx.now.getTime() - last.createdAt.getTime();
    if (age > undoWindowMs) {
      const when = last.createdAt.toLocaleString('zh-CN', { timeZone: config.TZ, hour12: false });
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'progress', id: last._id }, reason: `sent ${Math.round(age / 60000)} minutes ago` });
      ctx.reply(`无法撤回：您最近一条更新（${last.ref}，${when}）已超过10分钟。如需更正，请发送新的进度，或联系检察官。`);
      return;
    }
    const after = await changedSince(mongo, last);
    if (after) {
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'progress', id: last._id }, reason: `superseded: ${after}` });
      ctx.reply(`无法撤回：${last.ref} 在您的这条更新之后${after === 'update' ? '已有新的更新' : '已由检察官审核'}，撤回会抹去之后的变化。如需更正，请发送新的进度，或联系检察官。`);
      return;
    }
    const revoked = { at: ctx.now, by: staff._id, messageId: ctx.message.id };
    const changed = await progressModel(mongo).updateOne({ _id: last._id, revoked: { $exists: false } }, { $set: { revoked } });
    if (changed.modifiedCount === 1) {
      const report = await standingReport(mongo, last);
      await recommendationModel(mongo).updateOne(
        { _id: last.recommendation },
        {
          ...report,
          $set: { status: last.previous.status, percent: last.previous.percent, stage: last.previous.stage, ...report.$set },
          $push: { history: { at: ctx.now, by: staff._id, action: 'revoked', sourceId: ctx.message.id, detail: { progress: last._id } } },
        },
      );
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'progress', id: last._id } });
      ctx.markChanged('recommendation', last.recommendation);
    }
    await tellProsecutors(ctx, last);
    ctx.reply(`已撤回您对 ${last.ref} 的上一条更新（${last.percent !== undefined ? `进度 ${last.percent}%` : last.kind === 'reply' ? '书面回复' : '更新'}${last.measures ? `：${last.measures}` : ''}）。记录仍保留并标注为已撤回，进度恢复为 ${last.previous.percent}%。`);
  },
};
