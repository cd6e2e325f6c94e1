import { replyInstant } from '../src/rectification/reply-date.js';
import type { BotContext } from '../src/bot/context.js';
import type { CommandHandler } from '../src/bot/handler.js';
import { audit } from '../src/models/audit.js';
import type { Connection } from 'mongoose';
import { progressModel, type ProgressRecord } from '../src/models/progress.js';
import { recommendationModel } from '../src/models/recommendation.js';
import { caseModel } from '../src/models/case.js';
import { agencyModel } from '../src/models/agency.js';
import { staffModel } from '../src/models/staff.js';
import { localDate, localDateTime } from '../src/calendar/local-date.js';
import { Conversations } from '../src/bot/conversation.js';
import { describeUpdate, evidenceTarget } from '../src/rectification/attach-evidence.js';
import { audience } from '../src/rectification/handle-update.js';
import { agencyWords } from '../src/rectification/agency-words.js';
import { previousState } from '../src/rectification/record-update.js';
import { deadlineLight } from '../src/rectification/deadline-light.js';
import { lastStandingUpdate, undoWindowMinutes, undoWindowMs } from '../src/rectification/undo-window.js';
import { actsForUpdate, ownTarget } from './evidence.js';

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
  return standing ? { $set: { repliedAt: standing.repliedOn ? replyInstant(standing.repliedOn) : standing.createdAt, replyPoints: standing.measures } } : { $unset: { repliedAt: 1, replyPoints: 1 } };
}

/**
 * Whether the prosecutors were told of this update when it came: always for a completion or written reply, for
 * progress only when it came after the reply deadline (【逾期整改进展】, handle-update.ts), judged the same way.
 */
function prosecutorsWereTold(update: ProgressRecord, dueOn: Date | undefined, timeZone: string): boolean {
  if (update.kind !== 'progress') return true;
  return dueOn !== undefined && deadlineLight(dueOn, update.createdAt, timeZone).daysLeft < 0;
}

/**
 * The prosecutors were told of the completion, written reply or overdue progress: they are told it was taken back,
 * and what stands now. A completion taken back while an earlier one still awaits review leaves that review to do.
 */
async function tellProsecutors(ctx: BotContext, revoked: ProgressRecord): Promise<void> {
  const rec = await recommendationModel(ctx.services.mongo).findById(revoked.recommendation, { agency: 1, prosecutors: 1, title: 1, status: 1, completedAt: 1, dueOn: 1 }).lean();
  if (!rec || !prosecutorsWereTold(revoked, rec.dueOn, ctx.services.config.TZ)) return;
  const { prosecutors, agencyName } = await audience(ctx, rec);
  const what = revoked.kind === 'reply'
    ? '书面回复'
    : revoked.kind === 'progress'
      ? `逾期整改进展（${revoked.percent !== undefined ? `进度 ${revoked.percent}%` : '进展'}${revoked.measures ? `：${agencyWords(revoked.measures)}` : ''}），${restoredText(revoked.previous)}`
      : rec.status === 'completed'
        ? `一份整改完成报告；此前${rec.completedAt ? `于 ${localDate(rec.completedAt, ctx.services.config.TZ)} ` : ''}报告的整改完成仍待您审核：回复「验收 ${revoked.ref}」通过，或「退回 ${revoked.ref} <原因>」`
        : '整改完成报告，暂无需审核';
  ctx.notify(prosecutors, `【已撤回】${agencyName} ${ctx.staff!.name} 撤回了 ${revoked.ref}（${rec.title}）的${what}。`);
}

/** Cases reported by chat (上报) this recently are what a 撤回 with no update to take back was most likely about. */
const recentCaseMs = 60 * 60 * 1000;

/**
 * 撤回 after a 上报: a registered case cannot be taken back by chat (prosecutors may already have acted on it), so
 * say so and whom to ask — the agency's prosecutors by name, and the platform's contact. Empty when the sender's
 * last act was not a case report.
 */
async function reportedCaseNote(ctx: BotContext, lastUpdateAt?: Date): Promise<string> {
  const { mongo, config } = ctx.services;
  const staff = ctx.staff!;
  const reported = await caseModel(mongo).findOne({ createdBy: staff._id }).sort({ createdAt: -1 }).lean();
  if (!reported || ctx.now.getTime() - reported.createdAt.getTime() > recentCaseMs || (lastUpdateAt && reported.createdAt < lastUpdateAt)) return '';
  const ids = (await agencyModel(mongo).findById(reported.agency).lean())?.prosecutors ?? [];
  const names = ids.length ? (await staffModel(mongo).find({ _id: { $in: ids } }).lean()).map((s) => s.name) : [];
  const whom = names.length ? `负责贵单位的${names.join('、')}或${config.ADMIN_CONTACT}` : config.ADMIN_CONTACT;
  return `\n您用「上报」登记的案件（案号 ${reported.caseNumber}）不能通过消息撤回。如有内容写错，请发送「更正 ${reported.caseNumber}」加正确的内容，如「更正 ${reported.caseNumber} 罚款：5000元」；如需撤销整件案件，请联系${whom}。`;
}

/**
 * After 撤回 the evidence window must not name the withdrawn update: it moves to the sender's latest update still
 * standing (for what is left of that update's 30 minutes) or closes. Returns what the sender should know.
 */
async function moveEvidenceWindow(ctx: BotContext, revoked: ProgressRecord): Promise<string> {
  const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
  const userid = ctx.staff!._id;
  if ((await conversations.evidenceTarget(userid)) !== revoked._id) return '';
  const target = await ownTarget(ctx, await evidenceTarget(ctx.services.mongo, userid, revoked._id, ctx.now));
  if (!target) {
    await conversations.closeEvidenceWindow(userid);
    return '\n之后发送的照片或文件不会附到已撤回的更新上。';
  }
  await conversations.openEvidenceWindow(userid, target.progress._id, target.secondsLeft);
  return `\n之后 ${Math.max(1, Math.floor(target.secondsLeft / 60))} 分钟内发送的照片或文件将作为证据附在 ${describeUpdate(target.progress)}上。`;
}

/**
 * 撤回 of an update reported for an agency the sender no longer acts for (rebound to another agency, or as a
 * prosecutor, since): it would change that agency's record, so it is refused, saying whom to ask.
 */
async function refuseForeignUpdate(ctx: BotContext, last: ProgressRecord): Promise<void> {
  const { mongo, config } = ctx.services;
  const staff = ctx.staff!;
  const rec = await recommendationModel(mongo).findById(last.recommendation, { agency: 1 }).lean();
  const agency = rec ? await agencyModel(mongo).findById(rec.agency, { name: 1 }).lean() : null;
  const whose = agency?.name ?? '原单位';
  await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'progress', id: last._id }, reason: `recommendation of agency ${rec?.agency ?? '?'}, sender is ${staff.role}${staff.agency ? ` of ${staff.agency}` : ''}` });
  ctx.reply(`无法撤回：您最近一条更新（${last.ref}，${localDateTime(last.createdAt, config.TZ)}）是为${whose}报告的，您的账号现已不再登记为该单位人员，不能再更改该单位的记录。如需更正，请由${whose}的人员报告新的进度，或联系负责的检察官。`);
}

/** What the recommendation shows again after 撤回: the earlier percentage and stage, or none. */
function restoredText(previous: ProgressRecord['previous']): string {
  // previous.percent is absent when nothing was reported before (typed number, stored as undefined).
  const percent = typeof previous.percent === 'number' ? `${previous.percent}%` : '未报告';
  return `进度恢复为 ${percent}${previous.stage ? `（${previous.stage}）` : ''}`;
}

/** Whether the reference typed (14号, 富检行公建[2021]14号) names the recommendation `ref`. */
function names(typed: string | null, ref: string): boolean {
  return typed !== null && (ref === typed || ref.endsWith(`]${typed}`));
}

/**
 * 撤回: takes back the sender's own last update within the undo window (10 minutes). The update is kept and marked as
 * taken back, and the recommendation returns to its state before it; nothing is erased.
 */
export const undo: CommandHandler = {
  command: 'undo',
  async handle(ctx, cmd) {
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
    const last = await lastStandingUpdate(mongo, staff._id);
    if (!last) {
      ctx.reply(`您没有可以撤回的更新。${await reportedCaseNote(ctx)}`);
      return;
    }
    if (!(await actsForUpdate(ctx, last))) return refuseForeignUpdate(ctx, last);
    const age = ctx.now.getTime() - last.createdAt.getTime();
    if (age > undoWindowMs) {
      const when = localDateTime(last.createdAt, config.TZ);
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'refused', target: { kind: 'progress', id: last._id }, reason: `sent ${Math.round(age / 60000)} minutes ago` });
      ctx.reply(`无法撤回：您最近一条更新（${last.ref}，${when}）已超过${undoWindowMinutes}分钟。如需更正，请发送新的进度，或联系检察官。${await reportedCaseNote(ctx, last.createdAt)}`);
      return;
    }
    // A second 撤回 in a row would reach further back, to an update the sender may not have meant (another
    // recommendation's written reply): it must name what it takes back.
    const undoneSince = await progressModel(mongo).exists({ author: staff._id, 'revoked.by': staff._id, 'revoked.at': { $gt: last.createdAt } });
    if (undoneSince && !names(cmd.ref, last.ref)) {
      const what = last.kind === 'complete' ? '完成报告' : last.kind === 'reply' ? '书面回复' : last.percent !== undefined ? `进度 ${last.percent}%` : '进展';
      ctx.reply(`您刚撤回过一条更新。再撤回会撤回更早的 ${last.ref} 的${what}（${localDateTime(last.createdAt, config.TZ)}）；如确需撤回，请发送「撤回 ${last.ref}」。`);
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
      const restored = previousState(last.previous);
      const $unset = { ...restored.$unset, ...report.$unset };
      await recommendationModel(mongo).updateOne(
        { _id: last.recommendation },
        {
          ...(Object.keys($unset).length ? { $unset } : {}),
          $set: { ...restored.$set, ...report.$set },
          $push: { history: { at: ctx.now, by: staff._id, action: 'revoked', sourceId: ctx.message.id, detail: { progress: last._id } } },
        },
      );
      await audit(mongo, { at: ctx.now, actor: staff._id, action: 'progress.revoke', sourceId: ctx.message.id, outcome: 'ok', target: { kind: 'progress', id: last._id } });
      ctx.markChanged('recommendation', last.recommendation);
    }
    const window = await moveEvidenceWindow(ctx, last);
    await tellProsecutors(ctx, last);
    ctx.reply(`已撤回您对 ${last.ref} 的上一条更新（${last.kind === 'complete' ? '完成报告' : last.percent !== undefined ? `进度 ${last.percent}%` : last.kind === 'reply' ? '书面回复' : '更新'}${last.measures ? `：${last.measures}` : ''}）。记录仍保留并标注为已撤回，${restoredText(last.previous)}。${window}`);
  },
};
