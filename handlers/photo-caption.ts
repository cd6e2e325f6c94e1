import type { BotContext } from '../src/bot/context.js';
import { Conversations, evidenceWindowSeconds } from '../src/bot/conversation.js';
import { parseCommand, type Command, type RefParts } from '../src/commands/index.js';
import { progressModel, type ProgressRecord } from '../src/models/progress.js';
import { recommendationModel, type RecommendationRecord } from '../src/models/recommendation.js';
import { describeUpdate, evidenceTarget } from '../src/rectification/attach-evidence.js';
import { undoWindowMinutes, undoWindowMs } from '../src/rectification/undo-window.js';
import { handleEvidence, ownTarget, pendingQuestion, pendingUpdateQuestion, type EvidenceDestination } from './evidence.js';
import { RecentCase } from '../src/media/recent-case.js';
import { resolveRecommendation } from '../src/rectification/resolve.js';
import { updateQuestionFields } from '../src/rectification/handle-update.js';

/** A text that only says what photos show: 21号现场照片如下, 14号的照片, 现场照片. */
export interface PhotoCaption {
  /** The recommendation as typed (21号), or null when the caption names none. */
  ref: string | null;
  refParts: RefParts | null;
}

/** Words that describe photos and nothing else: no figure, no measure, no stage. */
const CAPTION = /^(?:附|附上|补发|发|上传|以下是|下面是|这是)?(?:整改|现场|整改后|整改前|整改现场|施工|复绿|治理)*(?:的)?(?:照片|图片|相片|截图|视频)(?:\d+张|[一二三四五六七八九十几两]+张)?(?:如下|见下|见附件|附后|在下面|请查收|已发|发给您|发您|在这里|附上|补上)?$/;

/** Punctuation and spaces a caption may carry around its words. */
const LOOSE = /[\s。.!！~，,、:：;；]+/g;

/**
 * Reads a caption: a progress text whose only words describe photos (the parser reads 21号现场照片如下 as progress
 * with 现场照片如下 as its measure and no figure), or such words alone. Undefined for anything else.
 */
export function readPhotoCaption(text: string, cmd: Command = parseCommand(text)): PhotoCaption | undefined {
  const bare = text.replace(LOOSE, '');
  if (CAPTION.test(bare.replace(/^的/, ''))) return { ref: null, refParts: null };
  if (cmd.command !== 'progress' || cmd.percent !== null || cmd.stage !== null || cmd.quantities.length > 0 || cmd.ref === null) return undefined;
  const words = (cmd.measures ?? '').replace(LOOSE, '').replace(/^的/, '');
  return CAPTION.test(words) ? { ref: cmd.ref, refParts: cmd.refParts } : undefined;
}

/** Whether a recommendation is the one typed: the same serial, and the same year and 文号 when those were typed. */
function names(caption: PhotoCaption, rec: Pick<RecommendationRecord, 'ref' | 'refSerial' | 'refYear'>): boolean {
  const parts = caption.refParts;
  if (!parts) return false;
  if (parts.prefix !== null) return rec.ref === caption.ref;
  return parts.serial === rec.refSerial && (parts.year === null || parts.year === rec.refYear);
}

/**
 * The update a caption's photos belong to: the sender's latest update still standing, within its 30 minutes, of the
 * recommendation the caption names (the window's update when it names none).
 */
async function captionTarget(ctx: BotContext, caption: PhotoCaption): Promise<EvidenceDestination | undefined> {
  const userid = ctx.staff!._id;
  const { mongo, redis, config } = ctx.services;
  const window = await ownTarget(ctx, await evidenceTarget(mongo, userid, await new Conversations(redis, config.QUEUE_PREFIX).evidenceTarget(userid), ctx.now));
  if (!caption.ref) return window;
  const since = new Date(ctx.now.getTime() - evidenceWindowSeconds * 1000);
  const recent: ProgressRecord[] = await progressModel(mongo).find({ author: userid, revoked: { $exists: false }, createdAt: { $gte: since } }).sort({ createdAt: -1, _id: -1 }).lean();
  // Only the sender's agency's now: their updates from before a rebinding are another agency's record.
  const recs = await recommendationModel(mongo).find({ _id: { $in: [...new Set(recent.map((p) => p.recommendation))] }, agency: ctx.staff!.agency }).lean();
  const progress = recent.find((p) => recs.some((rec) => rec._id === p.recommendation && names(caption, rec)));
  if (!progress) return undefined;
  if (window?.progress._id === progress._id) return window;
  return { progress, secondsLeft: evidenceWindowSeconds - (ctx.now.getTime() - progress.createdAt.getTime()) / 1000 };
}

/**
 * A caption naming another agency's recommendation (21号现场照片如下 from 林业局 for 自然资源局's 21号): its photos can
 * never be evidence of that record, so the sender is told so rather than invited to report on it. Undefined when the
 * caption names none, or one of the sender's agency (or none found at all).
 */
async function otherAgencyCaption(ctx: BotContext, caption: PhotoCaption, what: string): Promise<string | undefined> {
  const { agency } = ctx.staff!;
  if (!caption.ref || !agency) return undefined;
  const resolution = await resolveRecommendation(ctx.services.mongo, agency, caption.ref, caption.refParts);
  if (resolution.kind !== 'other_agency') return undefined;
  return `「${caption.ref}」不是发给贵单位的检察建议，照片不能作为它的整改证据，${what}。请发送「待办」查看贵单位的检察建议；如有疑问请联系检察官。`;
}

/**
 * A caption with no photos (they follow in their own messages): nothing is recorded and no figure is asked for. The
 * photo window is pointed at the update the caption names, so the photos that follow go there; with no such update,
 * the sender is told how photos get attached.
 */
export async function answerPhotoCaption(ctx: BotContext, caption: PhotoCaption): Promise<void> {
  const question = await pendingUpdateQuestion(ctx);
  if (question) {
    ctx.reply(`好的，请发送照片。「${question.text}」还在等您补充${question.field === 'points' ? '书面回复的要点' : '进度（如「60%」）'}：现在发送的照片会先暂存，补充后作为证据附在这条新记录上。`);
    return;
  }
  const target = await captionTarget(ctx, caption);
  if (target) {
    await new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).openEvidenceWindow(ctx.staff!._id, target.progress._id, target.secondsLeft);
    // Photos are pointed at an update again: one after a 上报 is no longer kept off it.
    await new RecentCase(ctx.services.redis, ctx.services.config.QUEUE_PREFIX).forget(ctx.staff!._id);
    ctx.reply(`好的，请直接发送照片，将作为证据附在 ${describeUpdate(target.progress)}上（${Math.max(1, Math.floor(target.secondsLeft / 60))} 分钟内有效）。这条消息没有作为进展记录。`);
    return;
  }
  const elsewhere = await otherAgencyCaption(ctx, caption, '这条消息没有记录');
  if (elsewhere) return ctx.reply(elsewhere);
  const which = caption.ref ? `「${caption.ref}」` : '';
  ctx.reply([
    `照片要附在整改进展上，目前${which ? `${which}没有您 ${evidenceWindowSeconds / 60} 分钟内报告的进展` : '没有可以附上的进展'}，这条消息没有记录。`,
    `请先发送「进度 ${caption.ref ?? '<文号>'} <百分比> <措施>」，记录后再发送照片；也可以先发照片，10 分钟内再发送进展。`,
  ].join('\n'));
}

/** A caption with its photos in one message (how group chats and the long connection deliver them). */
export async function photosWithCaption(ctx: BotContext, caption: PhotoCaption): Promise<void> {
  if (await pendingUpdateQuestion(ctx)) return handleEvidence(ctx);
  const target = await captionTarget(ctx, caption);
  if (target) return handleEvidence(ctx, { target });
  const elsewhere = await otherAgencyCaption(ctx, caption, '照片没有保存，也没有附到任何进展上');
  if (elsewhere) return ctx.reply(elsewhere);
  // Named a recommendation with no update: held for its update, never put on the window's update of another one.
  return handleEvidence(ctx, caption.ref ? { hold: true } : {});
}

/** 刚才那张照片是9号的，不是14号的 / 照片附错了: the sender says a photo went to the wrong update. */
export function isPhotoCorrection(text: string): boolean {
  return /照片|图片|相片|文件|附件/.test(text) && /不是|错了|发错|附错|传错|弄错|搞错|应该是|应是|应为|放错/.test(text);
}

/**
 * The answer to a photo attached to the wrong update: chat cannot move a photo, so it says where the photo is and
 * how to put it right without losing the update it went to.
 */
export async function answerPhotoCorrection(ctx: BotContext): Promise<void> {
  const { mongo } = ctx.services;
  const userid = ctx.staff!._id;
  // The sender's agency's updates only: after a rebinding, the old agency's are no longer theirs to correct.
  const own = { author: userid, agency: ctx.staff!.agency, revoked: { $exists: false } };
  const withEvidence = await progressModel(mongo).findOne({ ...own, 'evidence.0': { $exists: true } }).sort({ createdAt: -1, _id: -1 }).lean();
  if (!withEvidence) {
    ctx.reply('没有找到您附在进展上的照片或文件。照片要附在进展上：先发送「进度 <文号> <百分比> <措施>」，再发送照片。');
    return;
  }
  const where = describeUpdate(withEvidence);
  const last = await progressModel(mongo).findOne({ author: userid, revoked: { $exists: false } }).sort({ createdAt: -1, _id: -1 }).lean();
  const canUndo = last?._id === withEvidence._id && ctx.now.getTime() - withEvidence.createdAt.getTime() <= undoWindowMs;
  ctx.reply([
    `您最近的照片附在 ${where}上（该条共 ${withEvidence.evidence.length} 件证据）。聊天中不能单独移动或删除已附上的照片，所有记录都没有改动。如需改正：`,
    '1. 补到正确的进展：先发送「<文号>的照片」（如「9号的照片」），再重新发送这张照片，它会附在您 30 分钟内报告的该检察建议的进展上；',
    canUndo
      ? `2. 如要从 ${where}上去掉：${undoWindowMinutes}分钟内发送「撤回」撤回这条进展（连同它的全部照片），再重新发送这条进展和其中正确的照片。`
      : `2. 如要从 ${where}上去掉，请联系负责的检察官更正。`,
  ].join('\n'));
}

/**
 * Text about photos rather than a command, from agency staff: a caption (21号现场照片如下, with or without its
 * photos) or a photo put on the wrong update. Answered here, before the text could be read as a progress update
 * with no figure; false when the text is something else.
 */
export async function answerTextAboutPhotos(ctx: BotContext, text: string, cmd: Command, startsWithCommandWord: boolean): Promise<boolean> {
  // The answer to another question (a case's 违法事实 …) may well mention 文件 or 照片: it is read as that answer.
  const question = await pendingQuestion(ctx);
  if (question && !updateQuestionFields.has(question.field)) return false;
  const caption = readPhotoCaption(text, cmd);
  if (caption) {
    ctx.parsed = { command: 'photo_caption', ref: caption.ref };
    await (ctx.message.kind === 'mixed' && ctx.message.media?.length ? photosWithCaption(ctx, caption) : answerPhotoCaption(ctx, caption));
    return true;
  }
  if (question || ctx.message.kind === 'mixed' || startsWithCommandWord || !isPhotoCorrection(text)) return false;
  if (cmd.command !== 'unknown' && !(cmd.command === 'progress' && cmd.percent === null && cmd.stage === null)) return false;
  ctx.parsed = { command: 'photo_correction' };
  await answerPhotoCorrection(ctx);
  return true;
}
